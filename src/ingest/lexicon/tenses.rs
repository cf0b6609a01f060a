//! The tenses timelines are written in. One postmortem says "Ops *reverted* the deploy", the
//! next "Ops *reverts* the deploy" (the historic present most timelines use) or "we *revert*
//! the deploy": the same act. The lexicon's phrases are written in one of these forms; when it
//! is compiled, each phrase of two words or more of a rule of an event's kind whose verb is in
//! [`VERBS`] is also compiled in the verb's other forms, under the same rule, guard and
//! explanation. A phrase of one word, a verb in the past ("deployed"), is compiled in the third
//! person only before a word that opens its object ("ops *deploys the* new key", "*restarts
//! all* pods"): alone, "deploys" or "restarts" is as often a noun ("two deploys went out").
//! Nor are the detour, marker and span rules' phrases, each worded for what it must not read.

/// Verbs of the response and of the failure, each as (past, third person present, plain
/// present). Only regular uses: a form that is also a common noun in these phrases ("report",
/// "alert", "page", "patch") is left to the phrases written out in the table.
pub const VERBS: &[(&str, &str, &str)] = &[
    ("acknowledged", "acknowledges", "acknowledge"),
    ("applied", "applies", "apply"),
    ("began", "begins", "begin"),
    ("cleared", "clears", "clear"),
    ("closed", "closes", "close"),
    ("confirmed", "confirms", "confirm"),
    ("contacted", "contacts", "contact"),
    ("declared", "declares", "declare"),
    ("deployed", "deploys", "deploy"),
    ("determined", "determines", "determine"),
    ("disabled", "disables", "disable"),
    ("discovered", "discovers", "discover"),
    ("drained", "drains", "drain"),
    ("escalated", "escalates", "escalate"),
    ("failed", "fails", "fail"),
    ("found", "finds", "find"),
    ("identified", "identifies", "identify"),
    ("investigated", "investigates", "investigate"),
    ("isolated", "isolates", "isolate"),
    ("joined", "joins", "join"),
    ("mitigated", "mitigates", "mitigate"),
    ("narrowed", "narrows", "narrow"),
    ("noticed", "notices", "notice"),
    ("opened", "opens", "open"),
    ("pinpointed", "pinpoints", "pinpoint"),
    ("reached", "reaches", "reach"),
    ("realised", "realises", "realise"),
    ("realized", "realizes", "realize"),
    ("received", "receives", "receive"),
    ("recovered", "recovers", "recover"),
    ("removed", "removes", "remove"),
    ("repaired", "repairs", "repair"),
    ("replaced", "replaces", "replace"),
    ("resolved", "resolves", "resolve"),
    ("responded", "responds", "respond"),
    ("restarted", "restarts", "restart"),
    ("restored", "restores", "restore"),
    ("revoked", "revokes", "revoke"),
    ("reverted", "reverts", "revert"),
    ("rolled", "rolls", "roll"),
    ("ruled", "rules", "rule"),
    ("scaled", "scales", "scale"),
    ("shifted", "shifts", "shift"),
    ("spotted", "spots", "spot"),
    ("started", "starts", "start"),
    ("suspected", "suspects", "suspect"),
    ("switched", "switches", "switch"),
    ("traced", "traces", "trace"),
    ("uncovered", "uncovers", "uncover"),
];

/// Words that open a verb's object: after one, a third person form ("deploys") is a verb, not
/// a noun ("the deploys").
pub const OBJECT_OPENERS: &[&str] = &["the", "a", "an", "all", "our", "its", "their", "new"];

/// The other forms of `phrase` (lower case, words split by single spaces): the phrase with its
/// first word found in [`VERBS`] put in the verb's other tense (past or third person present),
/// and, when the phrase begins with the verb, after "we" in the plain present ("we revert the"
/// beside "reverted the"; the plain form alone would read an intent or an order: "to rule out",
/// "start the rollout"). Empty for a phrase of one word, or one with no such verb in the past
/// or the third person (a plain form is read as a noun: "deploy began"). A phrase of one word,
/// a verb in the past, gives its third person before each of [`OBJECT_OPENERS`] ("deployed" →
/// "deploys the", "deploys a", …).
pub fn variants(phrase: &str) -> Vec<String> {
    if !phrase.contains(' ') {
        return match VERBS.iter().find(|(past, _, _)| *past == phrase) {
            Some((_, third, _)) => OBJECT_OPENERS
                .iter()
                .map(|o| format!("{third} {o}"))
                .collect(),
            None => Vec::new(),
        };
    }
    let words: Vec<&str> = phrase.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        // A plain form is read as a noun ("deploy began", "restart failed"): only a verb in the
        // past or the third person is put in its other forms.
        let Some(&(past, third, plain)) = VERBS
            .iter()
            .find(|(past, third, _)| [past, third].contains(&w))
        else {
            continue;
        };
        let with = |form: &str| {
            let mut v = words.clone();
            v[i] = form;
            v.join(" ")
        };
        let mut out: Vec<String> = [past, third]
            .into_iter()
            .filter(|f| f != w)
            .map(with)
            .collect();
        if i == 0 && *w != plain {
            out.push(format!("we {}", with(plain)));
        }
        return out;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_in_a_phrase_is_given_its_other_forms() {
        assert_eq!(
            variants("reverted the"),
            vec!["reverts the", "we revert the"]
        );
        assert_eq!(variants("switches to"), vec!["switched to", "we switch to"]);
        // The plain form only after "we": alone it reads an intent ("to rule out").
        assert_eq!(variants("ruled out"), vec!["rules out", "we rule out"]);
        // A plain form is a noun: "deploy began" is put in the tense of "began".
        assert_eq!(variants("deploy began"), vec!["deploy begins"]);
        assert_eq!(variants("root cause found"), vec!["root cause finds"]);
    }

    #[test]
    fn one_word_prefixes_and_other_words_are_left_alone() {
        // "failed" is a past form, but "fails" is no act of the response.
        assert!(variants("fails").is_empty());
        assert!(variants("investigat*").is_empty());
        assert!(variants("root cause").is_empty());
    }

    #[test]
    fn a_past_verb_alone_is_a_third_person_only_before_its_object() {
        let v = variants("deployed");
        assert!(v.contains(&"deploys the".to_string()), "{v:?}");
        assert!(v.contains(&"deploys a".to_string()), "{v:?}");
        // Never the bare form: "two deploys went out" names no act.
        assert!(!v.contains(&"deploys".to_string()), "{v:?}");
        assert!(v.iter().all(|p| p.starts_with("deploys ")), "{v:?}");
        // A plain or third form alone is left to the table.
        assert!(variants("deploy").is_empty());
        assert!(variants("deploys").is_empty());
    }

    #[test]
    fn every_verb_has_three_distinct_forms() {
        for (past, third, plain) in VERBS {
            assert!(past != third && third != plain && past != plain, "{past}");
            assert!(third.ends_with('s'), "{third}");
        }
    }
}
