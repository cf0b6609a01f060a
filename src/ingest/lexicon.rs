//! The words that classify events: one table, each rule named and explained, so every
//! inferred kind or detour can say which rule fired on which words (`retrace import --explain`).
//!
//! Phrases are lower-case and match at word boundaries; a phrase ending in `*` matches any word
//! that starts with it (`investigat*` matches "investigating" and "investigation").

use crate::model::{ActionKind, EventKind, Inference};

/// What a rule concludes when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conclusion {
    /// The event is of this kind.
    Kind(EventKind),
    /// The event tells of a theory that turned out wrong (a detour ends or is the whole detour).
    RuledOut,
    /// The event tells of a theory being tried (a detour may start here).
    Hypothesis,
    /// The event says impact began (gives the `started` milestone even when the event's kind is
    /// something else, e.g. "outage detected when the site began returning errors").
    ImpactStarted,
    /// A sentence that states the outage's span ("lasted ... from 10:30 to 12:45").
    Duration,
    /// A milestone taken from the first event of its kind.
    FirstOfKind,
    /// What an action item is for.
    Action(ActionKind),
}

/// One row of the lexicon.
#[derive(Debug)]
pub struct Rule {
    /// Stable name, shown by `--explain` (`kind:detection`).
    pub name: &'static str,
    pub conclusion: Conclusion,
    /// Lower-case phrases; a phrase matches at word boundaries (`*` at the end: word prefix).
    pub phrases: &'static [&'static str],
    /// One line for people: why these words mean this.
    pub explain: &'static str,
}

/// The table. Earlier rows win when several kinds match.
pub const RULES: &[Rule] = &[
    Rule {
        name: "kind:impact-start",
        conclusion: Conclusion::Kind(EventKind::ImpactStart),
        phrases: &[
            "outage begins",
            "outage began",
            "outage starts",
            "outage started",
            "impact starts",
            "impact started",
            "impact begins",
            "impact began",
            "customer impact began",
            "customer impact begins",
            "incident begins",
            "incident began",
            "incident starts",
            "incident started",
            "issue began",
            "issue started",
            "problem began",
            "problem started",
            "outage occurred",
        ],
        explain: "the text says impact began",
    },
    Rule {
        name: "kind:resolution",
        conclusion: Conclusion::Kind(EventKind::Resolution),
        phrases: &[
            "fully restored",
            "full service restored",
            "service fully restored",
            "services fully restored",
            "service restored",
            "services restored",
            "service was restored",
            "services were restored",
            "service availability was restored",
            "traffic was restored",
            "restored to normal",
            "resolved",
            "incident ends",
            "incident ended",
            "incident closed",
            "outage ended",
            "outage ends",
            "outage resolved",
            "all clear",
            "resolution confirmed",
            "successful resolution",
            "back to normal",
            "back to full",
            "fully functional",
            "functioning normally",
            "fully operational",
            "operating at normal",
            "normal operation",
            "normal operations",
            "regained access",
            "back online",
        ],
        explain: "service stated fully back",
    },
    Rule {
        name: "kind:mitigation",
        conclusion: Conclusion::Kind(EventKind::Mitigation),
        phrases: &[
            "mitigated",
            "outage mitigated",
            "mitigation applied",
            "mitigation deployed",
            "fix applied",
            "fix was applied",
            "fix deployed",
            "fix was deployed",
            "deployed a fix",
            "deployed the fix",
            "rolled out a fix",
            "rolled out the fix",
            "applied a fix",
            "applied the fix",
            "hotfix",
            "optimization applied",
            "began to stabilize",
            "began to stabilise",
            "started to stabilize",
            "stabilized",
            "stabilised",
            "workaround",
            "rolled back",
            "rollback complete",
            "rollback completed",
            "rollback was completed",
            "rollback done",
            "measures implemented",
            "measures were implemented",
            "put in place",
            "was increased",
            "were increased",
            "was raised",
            "were raised",
            "were added",
            "traffic moved",
            "traffic was moved",
            "redirected traffic",
            "scaled up",
            "rollback finished",
            "restarts stop",
            "restarts stopped",
            "errors stop",
            "errors stopped",
            "timeouts dropping",
            "errors dropping",
            "errors subsided",
            "errors dropped",
            "error rate dropped",
            "error rates dropped",
            "latency dropped",
            "impact stopped",
            "corrected",
            "corrective action",
            "temporary fix",
            "fix was implemented",
            "fix implemented",
            "adjustments implemented",
            "changes implemented",
            "normalized",
            "normalised",
            "adjusted",
            "optimized",
            "optimised",
            "restarted",
            "reinstalled",
            "manually started",
            "working again",
            "available again",
            "accessible again",
            "permitted again",
            "flowing again",
            "running again",
            "patched",
            "fixed the",
            "was fixed",
        ],
        explain: "impact stopped or worked around",
    },
    Rule {
        name: "kind:detection-discovered",
        conclusion: Conclusion::Kind(EventKind::Detection),
        phrases: &[
            "issue discovered",
            "issue was discovered",
            "problem discovered",
            "problem was discovered",
            "outage discovered",
            "outage was discovered",
            "error discovered",
            "first identified",
            "first noticed",
            "first detected",
            "first reported",
            "detection time",
            "time of detection",
            "issue detection",
        ],
        explain: "the problem itself was discovered (not its cause)",
    },
    Rule {
        name: "kind:identified",
        conclusion: Conclusion::Kind(EventKind::Identified),
        phrases: &[
            "identified as the root cause",
            "root cause identified",
            "root cause was identified",
            "identified the root cause",
            "identified the cause",
            "cause identified",
            "cause was identified",
            "found the cause",
            "found the root cause",
            "root cause found",
            "was identified",
            "were identified",
            "identified",
            "pinpointed",
            "identification of",
            "uncovered",
            "determined that",
            "the cause was",
            "root cause was",
            "traced to",
            "traced the",
            "traced it",
            "found out the cause",
            "found a typo",
            "found the typo",
        ],
        explain: "the cause was found",
    },
    Rule {
        name: "kind:identified-weak",
        conclusion: Conclusion::Kind(EventKind::Identified),
        phrases: &[
            "discovered that",
            "discovered the",
            "discovered a",
            "discovered bug",
            "discovered",
            "found out that",
            "revealed",
            "realized that",
            "realised that",
            "likely cause",
            "revealing",
            "analysis confirmed",
            "investigation confirmed",
            "found the failed",
            "found the misconfigured",
            "found a misconfigured",
            "found the faulty",
            "likely culprit",
            "the culprit",
            "caught",
        ],
        explain: "something telling was found (the cause, or a clue to it)",
    },
    Rule {
        name: "kind:detection",
        conclusion: Conclusion::Kind(EventKind::Detection),
        phrases: &[
            "detected",
            "alert fired",
            "alerts fired",
            "alerted",
            "alert",
            "alerts",
            "paged",
            "pager",
            "pagers",
            "went off",
            "noticed",
            "notices",
            "users report",
            "customers report",
            "write in",
            "reports from users",
            "reports from customers",
            "spotted",
            "spots",
            "encountered",
            "monitoring alert",
            "monitoring alerts",
            "monitoring systems reported",
            "monitoring system reported",
            "monitoring reported",
            "flagged",
            "customers reported",
            "users reported",
            "customer reported",
            "user reported",
            "complained",
            "complaints",
        ],
        explain: "someone or something noticed",
    },
    Rule {
        name: "kind:acknowledge",
        conclusion: Conclusion::Kind(EventKind::Acknowledge),
        phrases: &[
            "acknowledged",
            "acknowledges",
            "starts looking",
            "started looking",
            "began looking",
            "swung into action",
            "first look",
            "took a look",
            "started looking into",
            "began looking into",
            "duty engineer",
            "engineer on duty",
            "started work on",
            "began work on",
            "jumped on",
            "acked",
            "notified and began investigating",
            "notified",
            "informed",
            "on-call responded",
            "on-call engineer",
            "took ownership",
            "handled by",
            "picked up",
            "picked the issue up",
            "responded to the alert",
            "responded to the page",
            "responded to the incident",
            "began investigating",
            "started investigating",
            "began to investigate",
            "started to investigate",
            "began diagnosing",
            "began initial investigation",
            "started initial investigation",
            "started diagnosing",
            "began troubleshooting",
            "started troubleshooting",
            "began working on",
            "started working on",
            "incident declared",
            "declared an incident",
            "assigned",
        ],
        explain: "a responder took it on",
    },
    Rule {
        name: "kind:escalation",
        conclusion: Conclusion::Kind(EventKind::Escalation),
        phrases: &[
            "escalated",
            "escalation",
            "escalating",
            "pulled in",
            "brought in",
            "looped in",
            "called in",
        ],
        explain: "more people pulled in",
    },
    Rule {
        name: "kind:recovery",
        conclusion: Conclusion::Kind(EventKind::Recovery),
        phrases: &[
            "began to recover",
            "started to recover",
            "recovering",
            "loading normally",
            "working normally",
            "recovered",
            "gradually returned",
            "draining",
        ],
        explain: "systems coming back",
    },
    Rule {
        name: "kind:trigger",
        conclusion: Conclusion::Kind(EventKind::Trigger),
        phrases: &[
            "deployment begins",
            "deployment began",
            "deployment started",
            "deploy began",
            "deploy started",
            "change was pushed",
            "config push",
            "configuration push",
            "release went out",
            "was rolled out",
            "rolled out",
        ],
        explain: "the change that set it off",
    },
    Rule {
        name: "kind:communication",
        conclusion: Conclusion::Kind(EventKind::Communication),
        phrases: &[
            "status page",
            "statuspage",
            "posted an update",
            "customers were informed",
            "customers were notified",
            "announced",
            "tweeted",
        ],
        explain: "people were told",
    },
    Rule {
        name: "kind:action",
        conclusion: Conclusion::Kind(EventKind::Action),
        phrases: &[
            "rollback",
            "restarting",
            "restart",
            "rebooted",
            "scaled",
            "failed over",
            "failover",
            "reverted",
            "upgraded",
            "deployed",
            "applied",
            "increased",
        ],
        explain: "something was done to the system",
    },
    Rule {
        name: "kind:investigation",
        conclusion: Conclusion::Kind(EventKind::Investigation),
        phrases: &[
            "investigat*",
            "looked into",
            "checked",
            "reviewed",
            "analy*",
            "examined",
            "troubleshoot*",
            "debugg*",
            "diagnos*",
            "researching",
        ],
        explain: "someone looked into it",
    },
    Rule {
        name: "detour:ruled-out",
        conclusion: Conclusion::RuledOut,
        phrases: &[
            "mislead*",
            "misled",
            "ruled out",
            "red herring",
            "mistook",
            "mistaken for",
            "misdiagnosed",
            "dead end",
            "dead-end",
            "hypothesis rejected",
            "theory rejected",
            "turned out not",
            "turned out to be unrelated",
            "decoy",
            "did not help",
            "didn't help",
            "did not resolve",
            "didn't resolve",
            "did not fix",
            "didn't fix",
            "did not work",
            "didn't work",
            "issue persisted",
            "problem persisted",
            "errors persisted",
            "still persisted",
            "persisted",
            "continued to degrade",
            "no change",
            "no improvement",
            "not the cause",
            "not the root cause",
            "was not the issue",
            "wasn't the issue",
            "not related",
            "unrelated",
            "no anomalies",
            "found no",
            "found nothing",
            "nothing unusual",
            "no issues found",
            "no issues were found",
            "verified as correct",
            "was healthy",
            "were healthy",
            "looked healthy",
            "came back clean",
            "false lead",
            "wrong track",
            "wild goose chase",
            "unnecessary",
            "to no avail",
            "without success",
            "fruitless",
            "confirming normal operation",
            "confirmed normal operation",
            "investigation shifted",
            "focus shifted",
        ],
        explain: "a theory was tried and dropped: a detour",
    },
    Rule {
        name: "detour:hypothesis",
        conclusion: Conclusion::Hypothesis,
        phrases: &[
            "hypothes*",
            "assumption",
            "assumed",
            "assuming",
            "initial assumption",
            "we thought",
            "thought it was",
            "suspect*",
            "theory",
            "theorized",
            "investigating whether",
            "checking whether",
            "potential cause",
            "possible cause",
            "pointed towards",
            "pointed toward",
            "believed",
            "suspicion",
            "first guess",
            "mistook",
            "mistaken for",
            "misdiagnosed",
        ],
        explain: "a theory being tried opens an investigation branch",
    },
    Rule {
        name: "signal:impact-start",
        conclusion: Conclusion::ImpactStarted,
        phrases: &[
            "began experiencing",
            "started experiencing",
            "began to experience",
            "started to experience",
            "began returning",
            "started returning",
            "began failing",
            "started failing",
            "began to fail",
            "started to fail",
            "start failing",
            "start climbing",
            "started climbing",
            "began climbing",
            "start spiking",
            "started spiking",
            "errors began",
            "errors started",
            "errors start",
            "timeouts start",
            "timeouts started",
            "went down",
            "outage happened",
            "incident occurred",
            "outage occurred",
            "issue occurred",
            "error occurred",
            "errors occurred",
            "outage hit",
            "outage begins",
            "outage began",
            "impact began",
            "impact starts",
            "customer impact began",
        ],
        explain: "the text says users started to be affected",
    },
    Rule {
        name: "milestone:duration",
        conclusion: Conclusion::Duration,
        phrases: &[
            "duration",
            "lasted",
            "outage",
            "downtime",
            "from",
            "between",
            "start time",
            "end time",
            "started at",
            "began at",
            "for a total of",
            "minutes",
            "hours",
        ],
        explain: "the stated span of the outage gives started, and resolved when no event says so",
    },
    Rule {
        name: "milestone:first-of-kind",
        conclusion: Conclusion::FirstOfKind,
        phrases: &[],
        explain: "the first event of a milestone's kind marks the milestone",
    },
    Rule {
        name: "action:mitigate",
        conclusion: Conclusion::Action(ActionKind::Mitigate),
        phrases: &[
            "monitor*",
            "alert*",
            "dashboard*",
            "observability",
            "detection",
            "runbook*",
            "playbook*",
            "rate limit*",
            "circuit breaker*",
            "autoscal*",
            "auto-scal*",
            "failover",
            "health check*",
            "timeout*",
        ],
        explain: "makes the next one smaller or shorter (seen sooner, contained faster)",
    },
    Rule {
        name: "action:process",
        conclusion: Conclusion::Action(ActionKind::Process),
        phrases: &[
            "process*",
            "review*",
            "checklist*",
            "training",
            "train",
            "document*",
            "postmortem*",
            "communicat*",
            "policy",
            "policies",
            "procedure*",
            "audit*",
            "guideline*",
            "onboarding",
            "knowledge sharing",
            "knowledge-sharing",
            "approval*",
        ],
        explain: "changes how people work",
    },
];

/// Whether `phrase` occurs in `lower` at word boundaries; returns the matched slice.
pub fn find_phrase<'a>(lower: &'a str, phrase: &str) -> Option<&'a str> {
    let (phrase, prefix) = match phrase.strip_suffix('*') {
        Some(p) => (p, true),
        None => (phrase, false),
    };
    if phrase.is_empty() {
        return None;
    }
    let mut start = 0;
    while let Some(pos) = lower[start..].find(phrase) {
        let at = start + pos;
        let mut end = at + phrase.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if prefix {
            end += lower[end..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(lower.len() - end);
        }
        let after_ok = lower[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(&lower[at..end]);
        }
        start = at + phrase.chars().next().map_or(1, char::len_utf8);
        if start >= lower.len() {
            break;
        }
    }
    None
}

/// Lower case with runs of white space made one space, so phrases match across line wraps.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['’', '‘'], "'")
}

/// Words that, just before a kind phrase in the same clause, mean it did not (yet) happen:
/// "tests to ensure the issue was resolved", "not resolved", "until it recovered".
const GUARDS: &[&str] = &[
    "ensure",
    "ensuring",
    "verify",
    "verifying",
    "whether",
    "not",
    "never",
    "until",
    "unless",
    "before",
    "hoping",
    "expected",
    "would",
];

/// Whether the few words before `at` (in the same clause) hold a guard word.
fn guarded(lower: &str, at: usize) -> bool {
    let before = &lower[..at];
    let clause = before
        .rfind([',', ';', '.', ':', '(', '!', '?'])
        .map_or(before, |p| &before[p + 1..]);
    let mut words = clause
        .split_whitespace()
        .rev()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    // Intent right before the phrase: "to take corrective action", "will restart".
    let intent = words.clone().next().is_some_and(|w| INTENT.contains(&w));
    intent || words.by_ref().take(4).any(|w| GUARDS.contains(&w))
}

/// Words right before a kind phrase that make it a plan, not an event.
const INTENT: &[&str] = &[
    "to", "take", "will", "should", "must", "can", "could", "plan", "planned",
];

/// The first unguarded match of a kind phrase.
fn find_kind_phrase<'a>(lower: &'a str, phrase: &str) -> Option<&'a str> {
    let mut from = 0;
    while from < lower.len() {
        let m = find_phrase(&lower[from..], phrase)?;
        let at = m.as_ptr() as usize - lower.as_ptr() as usize;
        if !guarded(lower, at) {
            return Some(m);
        }
        from = at + m.len().max(1);
    }
    None
}

/// The first match of a detour phrase not negated right before it ("no misleading paths").
fn find_unnegated_phrase<'a>(lower: &'a str, phrase: &str) -> Option<&'a str> {
    let mut from = 0;
    while from < lower.len() {
        let m = find_phrase(&lower[from..], phrase)?;
        let at = m.as_ptr() as usize - lower.as_ptr() as usize;
        let negated = lower[..at]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| matches!(w, "no" | "not" | "never" | "without"));
        if !negated {
            return Some(m);
        }
        from = at + m.len().max(1);
    }
    None
}

/// The first rule (in table order) whose phrase occurs in `text`, with the words that fired.
/// Kind phrases right after a guard word ("to ensure it was resolved") do not count.
pub fn first_match(
    text: &str,
    want: impl Fn(Conclusion) -> bool,
) -> Option<(&'static Rule, Inference)> {
    let lower = normalise(text);
    RULES.iter().filter(|r| want(r.conclusion)).find_map(|r| {
        let kind = matches!(r.conclusion, Conclusion::Kind(_));
        let detour = r.conclusion == Conclusion::RuledOut;
        r.phrases
            .iter()
            .find_map(|p| {
                if kind {
                    find_kind_phrase(&lower, p)
                } else if detour {
                    find_unnegated_phrase(&lower, p)
                } else {
                    find_phrase(&lower, p)
                }
            })
            .map(|m| (r, Inference::new(r.name, m)))
    })
}

/// Byte spans (in the lower-cased, space-normalised text returned beside them) of every phrase
/// of the rules with this conclusion, in text order.
pub fn phrase_spans(text: &str, conclusion: Conclusion) -> (String, Vec<(usize, usize)>) {
    let lower = normalise(text);
    let mut spans = Vec::new();
    for r in RULES.iter().filter(|r| r.conclusion == conclusion) {
        for p in r.phrases {
            let mut from = 0;
            while from < lower.len() {
                let Some(m) = find_phrase(&lower[from..], p) else {
                    break;
                };
                // `find_phrase` returns a slice of its input: recover its offset.
                let at = from + (m.as_ptr() as usize - lower[from..].as_ptr() as usize);
                spans.push((at, at + m.len()));
                from = at + m.len().max(1);
            }
        }
    }
    spans.sort_unstable();
    (lower, spans)
}

/// Markers that state a milestone outright when they stand as a sentence of their own
/// ("Evictions stop; login rate back to normal. Mitigated.", "OUTAGE MITIGATED"): they win
/// over any other wording in the entry, since the writer said which moment this was.
pub const MARKERS: &[(&str, EventKind)] = &[
    ("impact starts", EventKind::ImpactStart),
    ("impact begins", EventKind::ImpactStart),
    ("outage begins", EventKind::ImpactStart),
    ("outage starts", EventKind::ImpactStart),
    ("incident begins", EventKind::ImpactStart),
    ("detected", EventKind::Detection),
    ("issue detected", EventKind::Detection),
    ("outage detected", EventKind::Detection),
    ("acknowledged", EventKind::Acknowledge),
    ("incident acknowledged", EventKind::Acknowledge),
    ("identified", EventKind::Identified),
    ("root cause identified", EventKind::Identified),
    ("cause identified", EventKind::Identified),
    ("mitigated", EventKind::Mitigation),
    ("outage mitigated", EventKind::Mitigation),
    ("impact mitigated", EventKind::Mitigation),
    ("incident mitigated", EventKind::Mitigation),
    ("resolved", EventKind::Resolution),
    ("incident resolved", EventKind::Resolution),
    ("outage resolved", EventKind::Resolution),
    ("incident ends", EventKind::Resolution),
    ("outage ends", EventKind::Resolution),
    ("incident closed", EventKind::Resolution),
];

/// A milestone marker standing as a sentence of its own (rule `marker:<kind>`).
pub fn marker_kind(text: &str) -> Option<(EventKind, Inference)> {
    text.split(['.', ';', '!', '(', ')', '—', '–'])
        .chain(text.split(" - "))
        .map(|s| {
            s.trim()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find_map(|s| MARKERS.iter().find(|(m, _)| *m == s))
        .map(|(m, k)| (*k, Inference::new(format!("marker:{}", k.as_str()), *m)))
}

/// The rule with this name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// Infer an event's kind from its text.
pub fn classify_kind(text: &str) -> Option<(EventKind, Inference)> {
    first_match(text, |c| matches!(c, Conclusion::Kind(_))).map(|(r, inf)| match r.conclusion {
        Conclusion::Kind(k) => (k, inf),
        _ => unreachable!("filtered to kind rules"),
    })
}

/// Infer an event's kind, allowing only the kinds `allow` accepts.
pub fn classify_kind_among(
    text: &str,
    allow: impl Fn(EventKind) -> bool,
) -> Option<(EventKind, Inference)> {
    first_match(text, |c| matches!(c, Conclusion::Kind(k) if allow(k))).map(|(r, inf)| {
        match r.conclusion {
            Conclusion::Kind(k) => (k, inf),
            _ => unreachable!("filtered to kind rules"),
        }
    })
}

/// Whether the text matches the rule for `kind` (the kind may have lost to an earlier row).
pub fn kind_signal(text: &str, kind: EventKind) -> Option<Inference> {
    first_match(text, |c| c == Conclusion::Kind(kind)).map(|(_, i)| i)
}

/// The text tells of a theory that turned out wrong.
pub fn detour_signal(text: &str) -> Option<Inference> {
    first_match(text, |c| c == Conclusion::RuledOut).map(|(_, i)| i)
}

/// The text tells of a theory being tried.
pub fn hypothesis_signal(text: &str) -> Option<Inference> {
    first_match(text, |c| c == Conclusion::Hypothesis).map(|(_, i)| i)
}

/// The text says impact began (as a kind or as wording inside another kind of event).
pub fn impact_start_signal(text: &str) -> Option<Inference> {
    first_match(text, |c| {
        c == Conclusion::ImpactStarted || c == Conclusion::Kind(EventKind::ImpactStart)
    })
    .map(|(_, i)| i)
}

/// Whether a sentence reads like a statement of the outage's span.
pub fn duration_signal(text: &str) -> Option<Inference> {
    first_match(text, |c| c == Conclusion::Duration).map(|(_, i)| i)
}

/// What an action item is for: monitoring/alerting → mitigate, process/review/checklist/training
/// /documentation → process, anything else → prevent. When words of both kinds occur, the one
/// written first wins ("Documentation: update the checklist and the runbook" is process).
pub fn classify_action(text: &str) -> (ActionKind, Option<Inference>) {
    let lower = normalise(text);
    let best = RULES
        .iter()
        .filter(|r| matches!(r.conclusion, Conclusion::Action(_)))
        .filter_map(|r| {
            r.phrases
                .iter()
                .filter_map(|p| find_phrase(&lower, p))
                .map(|m| (m.as_ptr() as usize - lower.as_ptr() as usize, m))
                .min_by_key(|(at, _)| *at)
                .map(|(at, m)| (at, r, m))
        })
        .min_by_key(|(at, _, _)| *at);
    match best {
        Some((_, r, m)) => match r.conclusion {
            Conclusion::Action(k) => (k, Some(Inference::new(r.name, m))),
            _ => unreachable!("filtered to action rules"),
        },
        None => (ActionKind::Prevent, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_stand_alone() {
        let (k, why) = marker_kind("Evictions stop; login rate back to normal. Mitigated").unwrap();
        assert_eq!(k, EventKind::Mitigation);
        assert_eq!(why.rule, "marker:mitigation");
        assert_eq!(
            marker_kind("OUTAGE MITIGATED").unwrap().0,
            EventKind::Mitigation
        );
        assert_eq!(
            marker_kind("Monitoring period over. Resolved.").unwrap().0,
            EventKind::Resolution
        );
        assert!(marker_kind("The resolved hostname was wrong").is_none());
        assert!(marker_kind("We detected high CPU").is_none());
    }

    #[test]
    fn phrase_needs_word_boundaries() {
        assert!(find_phrase("the alert was undetected", "detected").is_none());
        assert_eq!(find_phrase("issue detected.", "detected"), Some("detected"));
        assert_eq!(
            find_phrase("we kept investigating it", "investigat*"),
            Some("investigating")
        );
        assert!(find_phrase("reinvestigate", "investigat*").is_none());
        assert_eq!(
            find_phrase("détecté detected", "detected"),
            Some("detected")
        );
    }

    #[test]
    fn classifies_with_reason() {
        let (k, why) = classify_kind("Full service restored, platform normal").unwrap();
        assert_eq!(k, EventKind::Resolution);
        assert_eq!(why.rule, "kind:resolution");
        assert_eq!(why.matched, "full service restored");
        assert!(classify_kind("lunch").is_none());
    }

    #[test]
    fn kinds_of_common_timeline_lines() {
        let cases = [
            (
                "The issue was detected through monitoring alerts",
                EventKind::Detection,
            ),
            (
                "The engineering team notified and began investigating",
                EventKind::Acknowledge,
            ),
            (
                "Query optimization was identified as the root cause",
                EventKind::Identified,
            ),
            ("OUTAGE MITIGATED", EventKind::Mitigation),
            ("OUTAGE BEGINS", EventKind::ImpactStart),
            ("INCIDENT ENDS", EventKind::Resolution),
            ("Escalated to the DBA team", EventKind::Escalation),
            (
                "Rolled back the release, errors dropped",
                EventKind::Mitigation,
            ),
            ("Services began to recover", EventKind::Recovery),
            (
                "Posted an update on the status page",
                EventKind::Communication,
            ),
            (
                "Looked into the   load\nbalancer logs",
                EventKind::Investigation,
            ),
            ("Issue discovered by a customer", EventKind::Detection),
            (
                "Discovered the proxy had lost its route",
                EventKind::Identified,
            ),
        ];
        // A kind phrase after a guard word in its clause does not count.
        assert!(classify_kind("Tests run to ensure the issue was resolved").is_none());
        assert!(classify_kind("The issue was not resolved").is_none());
        assert_eq!(
            classify_kind("Assigned a team to investigate and take corrective action")
                .map(|(k, _)| k),
            Some(EventKind::Acknowledge)
        );
        assert_eq!(
            classify_kind("Retried, not resolved; resolved after the failover").map(|(k, _)| k),
            Some(EventKind::Resolution)
        );
        for (text, want) in cases {
            assert_eq!(classify_kind(text).map(|(k, _)| k), Some(want), "{text}");
        }
    }

    #[test]
    fn detours_and_hypotheses() {
        for text in [
            "Misleading investigation into network latency",
            "Rollback completed, but the issue persisted",
            "The cache was a red herring",
            "Restarting the pods did not help",
            "Turned out not to be DNS",
            "Disk I/O was not the cause",
            "No improvement after the restart",
        ] {
            let why = detour_signal(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(why.rule, "detour:ruled-out");
        }
        assert!(detour_signal("Rolled back, errors dropped").is_none());
        assert!(detour_signal("Fix deployed, service restored").is_none());
        assert!(detour_signal("No misleading paths: the alert said it all").is_none());
        for text in [
            "The initial assumption was a bad deploy",
            "We suspected the CDN",
            "Investigating whether the certificate expired",
            "Our theory: the queue was full",
            "We thought it was DNS",
        ] {
            assert!(hypothesis_signal(text).is_some(), "{text}");
        }
        assert!(hypothesis_signal("Service restored").is_none());
    }

    #[test]
    fn action_kinds() {
        assert_eq!(
            classify_action("Add monitoring for slow queries").0,
            ActionKind::Mitigate
        );
        assert_eq!(
            classify_action("Update the deployment checklist").0,
            ActionKind::Process
        );
        assert_eq!(
            classify_action("Add an index on orders.created_at").0,
            ActionKind::Prevent
        );
        let (_, why) = classify_action("Set up alerting on p99 latency");
        assert_eq!(why.unwrap().rule, "action:mitigate");
        assert_eq!(
            classify_action("Documentation: update the checklist and the runbook").0,
            ActionKind::Process
        );
        assert_eq!(
            classify_action("Add monitoring and document the new alert").0,
            ActionKind::Mitigate
        );
    }

    #[test]
    fn every_rule_is_named_once_and_explained() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(!r.explain.is_empty(), "{}", r.name);
            assert!(
                RULES[i + 1..].iter().all(|o| o.name != r.name),
                "{} twice",
                r.name
            );
            for p in r.phrases {
                assert_eq!(*p, p.to_lowercase(), "{}: {p}", r.name);
            }
        }
        assert!(rule("milestone:duration").is_some());
    }

    #[test]
    fn signals() {
        assert!(impact_start_signal("website began experiencing slow loads").is_some());
        assert!(impact_start_signal("the alert fired").is_none());
        assert!(duration_signal("The outage lasted for 2 hours").is_some());
    }
}
