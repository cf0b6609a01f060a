//! The words that classify events: one table, each rule named and explained, so every
//! inferred kind or detour can say which rule fired on which words (`retrace import --explain`).

use crate::model::{EventKind, Inference};

/// What a rule concludes when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conclusion {
    /// The event is of this kind.
    Kind(EventKind),
    /// The event tells of a theory that turned out wrong (a detour ends or is the whole detour).
    RuledOut,
    /// The event tells of a theory being tried (a detour may start here).
    Hypothesis,
}

/// One row of the lexicon.
#[derive(Debug)]
pub struct Rule {
    /// Stable name, shown by `--explain` (`kind:detection`).
    pub name: &'static str,
    pub conclusion: Conclusion,
    /// Lower-case phrases; a phrase matches at word boundaries.
    pub phrases: &'static [&'static str],
    /// One line for people: why these words mean this.
    pub explain: &'static str,
}

/// The table. Earlier rows win when several kinds match.
pub const RULES: &[Rule] = &[
    Rule {
        name: "kind:resolution",
        conclusion: Conclusion::Kind(EventKind::Resolution),
        phrases: &[
            "fully restored",
            "full service restored",
            "resolved",
            "incident ends",
            "incident closed",
            "all clear",
        ],
        explain: "service stated fully back",
    },
    Rule {
        name: "kind:mitigation",
        conclusion: Conclusion::Kind(EventKind::Mitigation),
        phrases: &[
            "mitigated",
            "outage mitigated",
            "fix applied",
            "optimization applied",
            "began to stabilize",
            "workaround",
        ],
        explain: "impact stopped or worked around",
    },
    Rule {
        name: "kind:identified",
        conclusion: Conclusion::Kind(EventKind::Identified),
        phrases: &[
            "identified as the root cause",
            "root cause identified",
            "identified the root cause",
            "was identified",
            "found the cause",
        ],
        explain: "the cause was found",
    },
    Rule {
        name: "kind:detection",
        conclusion: Conclusion::Kind(EventKind::Detection),
        phrases: &[
            "detected",
            "alert fired",
            "alerted",
            "paged",
            "noticed",
            "monitoring alert",
        ],
        explain: "someone or something noticed",
    },
    Rule {
        name: "kind:acknowledge",
        conclusion: Conclusion::Kind(EventKind::Acknowledge),
        phrases: &[
            "acknowledged",
            "notified and began investigating",
            "on-call responded",
            "took ownership",
        ],
        explain: "a responder took it on",
    },
    Rule {
        name: "kind:escalation",
        conclusion: Conclusion::Kind(EventKind::Escalation),
        phrases: &["escalated", "escalation"],
        explain: "more people pulled in",
    },
    Rule {
        name: "kind:recovery",
        conclusion: Conclusion::Kind(EventKind::Recovery),
        phrases: &["began to recover", "recovering", "recovered"],
        explain: "systems coming back",
    },
];

/// Whether `phrase` occurs in `lower` at word boundaries; returns the matched slice.
pub fn find_phrase<'a>(lower: &'a str, phrase: &str) -> Option<&'a str> {
    let mut start = 0;
    while let Some(pos) = lower[start..].find(phrase) {
        let at = start + pos;
        let end = at + phrase.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = lower[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(&lower[at..end]);
        }
        start = at + phrase.len().max(1);
        if start >= lower.len() {
            break;
        }
    }
    None
}

/// The first rule (in table order) whose phrase occurs in `text`, with the words that fired.
pub fn first_match(
    text: &str,
    want: impl Fn(Conclusion) -> bool,
) -> Option<(&'static Rule, Inference)> {
    let lower = text.to_lowercase();
    RULES.iter().filter(|r| want(r.conclusion)).find_map(|r| {
        r.phrases
            .iter()
            .find_map(|p| find_phrase(&lower, p))
            .map(|m| (r, Inference::new(r.name, m)))
    })
}

/// Infer an event's kind from its text.
pub fn classify_kind(text: &str) -> Option<(EventKind, Inference)> {
    first_match(text, |c| matches!(c, Conclusion::Kind(_))).map(|(r, inf)| match r.conclusion {
        Conclusion::Kind(k) => (k, inf),
        _ => unreachable!("filtered to kind rules"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_needs_word_boundaries() {
        assert!(find_phrase("the alert was undetected", "detected").is_none());
        assert_eq!(find_phrase("issue detected.", "detected"), Some("detected"));
    }

    #[test]
    fn classifies_with_reason() {
        let (k, why) = classify_kind("Full service restored, platform normal").unwrap();
        assert_eq!(k, EventKind::Resolution);
        assert_eq!(why.rule, "kind:resolution");
        assert_eq!(why.matched, "full service restored");
        assert!(classify_kind("lunch").is_none());
    }
}
