//! Reports from people: an entry where someone tells of a problem ("Sam reports a heavy
//! backlog", "a user emails security about a suspicious mail", "the monitor sends an e-mail
//! reporting the site is down", a quoted message `"uploads seem broken in production"`). Such
//! an entry is where the problem was noticed, whatever words the lexicon gave its kind.
//!
//! The shape, not a list of sentences: a verb of telling (reports, emails, pings, posts,
//! raises, opens, files, complains, …) among the first words of the entry — after its subject,
//! or opening it — or a quoted message opening it, and a word of a problem anywhere in the
//! entry (down, broken, error, fail…, outage, backlog, support request, …). A fix in the same
//! entry ("opens a PR to fix the bug") is a response, not a report.
//!
//! Also the other readings of an entry's words that milestones need: a symptom told ("the
//! listener fails"), a fix aimed at a cause ("reverts the change"), and a state of being over
//! ("bug fixed", "all good", "moving again", "alert is closed"), read on the timeline's closing
//! entry for `milestone:resolved-at-closing-entry`.

use std::sync::LazyLock;

use crate::analysis::milestones::NOTICING_STEMS;
use crate::ingest::lexicon::lists::{
    AIMED_FIX, END_STATE, FIX, Found, List, NOT_NOW, NOT_YET, OTHER_PROBLEM, PROBLEM, SEEN,
    SYMPTOM, TELLING, TOLD,
};
use crate::ingest::lexicon::normalise;
use crate::ingest::words::denied_by_words_before;

/// The longest entry (in bytes) these checks read: a longer one is no report, symptom or fix.
const LONGEST_ENTRY: usize = 2000;

/// An entry's text as the checks read it, [`normalise`]d once for all of them; `None` for an
/// entry longer than [`LONGEST_ENTRY`], which none of them reads.
pub(crate) fn readable_entry(text: &str) -> Option<String> {
    readable(text).then(|| normalise(text))
}

/// Whether these checks read an entry's `text` at all (it is at most [`LONGEST_ENTRY`] long).
pub(crate) fn readable(text: &str) -> bool {
    text.len() <= LONGEST_ENTRY
}

/// The words after a verb of telling of two words that show it tells: what is told ("writes
/// in *about* failed sign-ins", "*that*", "*saying*") or to whom ("wrote to *support*", "*us*").
const TOLD_WHAT: &[&str] = &[
    "about",
    "that",
    "saying",
    "to",
    "asking",
    "with",
    "us",
    "support",
    "reporting",
    "complaining",
    "because",
];

/// How many words may come before the verb of telling (its subject: "a volunteer admin",
/// "@sam on chat").
const SUBJECT_WORDS: usize = 5;

/// The words that tell of a report from people in an entry's `text`, if it is one (see the
/// module's note): the verb of telling (or the opening quote) through the first word of a
/// problem, lower case, at most a sentence. `None` for any other entry.
pub fn reported_by_people(text: &str) -> Option<String> {
    let lower = readable_entry(text)?;
    reported_by_people_in(&lower, Found::in_text(&lower))
}

/// [`reported_by_people`] of an entry's text already [`normalise`]d (`lower`), of any length;
/// `found` is the lexicon's quick test of `lower`.
pub(crate) fn reported_by_people_in(lower: &str, found: Found) -> Option<String> {
    // A complaint is a report of a problem by its own word ("users start to complain that the
    // pipelines do not run"): no other word of a problem is needed.
    let complaint = found.has(List::Telling) && lower.contains("complain");
    if !found.has(List::ProblemFirstWords) && !complaint {
        return None;
    }
    // A quoted message opening the entry, or a verb of telling among its first words; no verb
    // of telling anywhere and no quote: no report (the same answer as the reading below).
    let opens_quote = lower.starts_with(['"', '“', '\'', '>', '‘']);
    if !found.has(List::Telling) && !opens_quote {
        return None;
    }
    let words: Vec<&str> = lower.split(' ').collect();
    if words.iter().any(|w| matches_any(word(w), FIX))
        || lower.contains("status page")
        || lower.contains("statuspage")
    {
        return None;
    }
    // A verb of telling is one word ("reports") or two ("writes in"); two only before what
    // is told or to whom ("writes in *about*", "wrote to *support*"), for "writes" is also a
    // noun ("writes to the status table fail").
    let told_at = (0..words.len().min(SUBJECT_WORDS + 1)).find(|&i| {
        let w = word(words[i]);
        TELLING.contains(&w)
            || words.get(i + 1).is_some_and(|next| {
                TELLING
                    .iter()
                    .any(|t| t.split_once(' ') == Some((w, word(next))))
                    && words
                        .get(i + 2)
                        .is_some_and(|after| TOLD_WHAT.contains(&word(after)))
            })
    });
    let from = match (told_at, opens_quote) {
        (Some(i), _) => i,
        (None, true) => 0,
        (None, false) => return None,
    };
    if told_at.is_some() && word(words[from]).starts_with("complain") {
        // The complaint through the end of its clause, at most a few words.
        let end = (from..words.len().min(from + SUBJECT_WORDS))
            .find(|&i| words[i].ends_with([',', '.', ';', '!', '?']))
            .unwrap_or(words.len().min(from + SUBJECT_WORDS) - 1);
        let said = words[from..=end].join(" ");
        return Some(
            said.trim_matches(|c: char| !c.is_alphanumeric())
                .to_string(),
        );
    }
    // The problem within the same sentence (the quote's own words count).
    let sentence_end = words[from..]
        .iter()
        .position(|w| w.ends_with(['.', '!', '?']) && !w.contains("://") && w.len() > 2)
        .map_or(words.len(), |e| from + e + 1);
    // The last word of the problem's words (one word, or two: "support request").
    let problem_end = (from..sentence_end).find_map(|i| {
        let w = word(words[i]);
        // "previously failing tests pass", "no errors", "a prior problem": not a problem now.
        let denied = denied_by_words_before(&words, from, i, |d| NOT_NOW.contains(&word(d)));
        if denied {
            return None;
        }
        if matches_any(w, PROBLEM) {
            return Some(i);
        }
        let next = words.get(i + 1).filter(|_| i + 1 < sentence_end)?;
        matches_any(&format!("{w} {}", word(next)), PROBLEM).then_some(i + 1)
    })?;
    let said = words[from..=problem_end].join(" ");
    Some(
        said.trim_matches(|c: char| !c.is_alphanumeric())
            .to_string(),
    )
}

/// A word without the punctuation around it ("down." → "down"; "can't" and "e-mails" kept).
fn word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
}

/// Whether `text` tells of a symptom: a word of [`SYMPTOM`] not denied by the two words before
/// it ("no errors", "previously failing").
pub fn tells_of_a_symptom(text: &str) -> bool {
    readable_entry(text).is_some_and(|lower| tells_of_a_symptom_in(&lower, Found::in_text(&lower)))
}

/// [`tells_of_a_symptom`] of an entry's text already [`normalise`]d (`lower`), of any length;
/// `found` is the lexicon's quick test of `lower`.
pub(crate) fn tells_of_a_symptom_in(lower: &str, found: Found) -> bool {
    if !found.has(List::SymptomFirstWords) {
        return false;
    }
    let words: Vec<&str> = lower.split(' ').map(word).collect();
    (0..words.len()).any(|i| symptom_at(&words, i))
}

/// Whether word `i` of `words` (without punctuation) is a symptom's ([`SYMPTOM`]; "time",
/// "timed", "timing" and "times" only before "out": "connections time out"), not denied by the
/// two words before it.
fn symptom_at(words: &[&str], i: usize) -> bool {
    let timing_out = matches!(words[i], "timing" | "times" | "timed" | "time");
    (matches_any(words[i], SYMPTOM)
        && (!timing_out || words.get(i + 1).is_some_and(|w| *w == "out")))
        && !denied_by_words_before(words, 0, i, |d| NOT_NOW.contains(&d))
}

/// Whether an entry's text already [`normalise`]d (`lower`) tells of a problem of any kind: a
/// word of [`PROBLEM`] (one word, or two: "not working") not denied by the two words before it
/// ("no errors", "previously failing"). Broader than a symptom: "an issue with the API", "a
/// crash in a subsystem". `found` is the lexicon's quick test of `lower`.
pub(crate) fn tells_of_a_problem_in(lower: &str, found: Found) -> bool {
    // Japanese, Chinese and Korean glue their words together: a problem's word is found
    // anywhere in the text ([`OTHER_PROBLEM`]).
    if !lower.is_ascii() && OTHER_PROBLEM.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if !found.has(List::ProblemFirstWords) {
        return false;
    }
    let words: Vec<&str> = lower.split(' ').map(word).collect();
    // The two words joined ("not working") in one buffer, only for a word that is none alone
    // and starts as an entry does (the joined words start with it).
    let mut two = String::new();
    (0..words.len()).any(|i| {
        (PROBLEM_WORDS.matches(words[i])
            || (PROBLEM_WORDS.may_start(words[i])
                && words.get(i + 1).is_some_and(|n| {
                    two.clear();
                    two.push_str(words[i]);
                    two.push(' ');
                    two.push_str(n);
                    PROBLEM_WORDS.matches(&two)
                })))
            && !denied_by_words_before(&words, 0, i, |d| NOT_NOW.contains(&d))
    })
}

/// [`PROBLEM`] read by first byte.
static PROBLEM_WORDS: LazyLock<ByFirstByte> = LazyLock::new(|| ByFirstByte::of(PROBLEM));

/// A word list read by its entries' first byte: [`matches_any`] comparing only the entries
/// that start as the word does (a word is compared with every entry of a list, and nearly none
/// is on it).
struct ByFirstByte {
    /// For each first byte, the entries starting with it: the entry without its `*`, and
    /// whether it had one (it matches any word that starts with it). An empty entry is under
    /// every byte.
    entries: Vec<Vec<(&'static str, bool)>>,
}

impl ByFirstByte {
    fn of(list: &[&'static str]) -> ByFirstByte {
        let mut entries = vec![Vec::new(); 256];
        for p in list {
            let entry = match p.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (*p, false),
            };
            match entry.0.as_bytes().first() {
                Some(&b) => entries[usize::from(b)].push(entry),
                None => entries.iter_mut().for_each(|e| e.push(entry)),
            }
        }
        ByFirstByte { entries }
    }

    /// Whether a text that starts with `w` may match an entry: `false` only when no entry
    /// starts with `w`'s first byte (an empty `w` may start anything).
    fn may_start(&self, w: &str) -> bool {
        w.as_bytes()
            .first()
            .is_none_or(|&b| !self.entries[usize::from(b)].is_empty())
    }

    /// The same answer as `matches_any(w, list)`.
    fn matches(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else {
            return false;
        };
        self.entries[usize::from(b)].iter().any(|&(stem, prefix)| {
            if prefix {
                w.starts_with(stem)
            } else {
                w == stem
            }
        })
    }
}

/// Whether the words that gave an entry its kind (`matched`, as the lexicon found them) are
/// someone seeing or telling of the problem ([`NOTICING_STEMS`], [`TOLD`]: "detected by", "first
/// noticed", "reports the"), not the problem itself ("users encountered 504 errors", "alert:
/// error rate above 5%").
pub(crate) fn told_as_seen(matched: &str) -> bool {
    let lower = matched.to_lowercase();
    NOTICING_STEMS.iter().chain(TOLD).any(|s| lower.contains(s))
}

/// The word of a fix aimed at a cause in `text`, if it tells of one ([`AIMED_FIX`]: "reverts the registration
/// change", "rolled back to 1.4", "opens a PR with a fix", "patched the parser"), not denied by
/// the two words before it ("no fix yet") and not a theory or a plan ("a fix might help",
/// "will revert"): a revert or a fix presumes its cause was found. "rolled"/"rolls" count only
/// before "back".
pub fn aims_at_a_cause(text: &str) -> Option<String> {
    let lower = readable_entry(text)?;
    aims_at_a_cause_in(&lower, Found::in_text(&lower))
}

/// [`aims_at_a_cause`] of an entry's text already [`normalise`]d (`lower`), of any length;
/// `found` is the lexicon's quick test of `lower`.
pub(crate) fn aims_at_a_cause_in(lower: &str, found: Found) -> Option<String> {
    const NOT_DONE: &[&str] = &[
        "might", "may", "could", "would", "will", "should", "if", "to",
    ];
    if !found.has(List::AimedFixFirstWords) {
        return None;
    }
    let words: Vec<&str> = lower.split(' ').map(word).collect();
    let rolled = |i: usize| matches!(words[i], "rolled" | "rolls");
    let at = (0..words.len()).find(|&i| {
        matches_any(words[i], AIMED_FIX)
            && (!rolled(i) || words.get(i + 1).is_some_and(|w| *w == "back"))
            && !denied_by_words_before(&words, 0, i, |d| {
                NOT_NOW.contains(&d) || NOT_DONE.contains(&d)
            })
            && !sought(&words[i + 1..])
    })?;
    Some(if rolled(at) {
        format!("{} back", words[at])
    } else {
        words[at].to_string()
    })
}

/// Whether the words after a fix say it is still being looked for ("a fix *is being
/// investigated* by the integration developer", "a fix is under investigation"): no fix made,
/// so no cause known yet.
fn sought(after: &[&str]) -> bool {
    let mut w = after
        .iter()
        .copied()
        .skip_while(|w| matches!(*w, "is" | "are" | "was" | "were"));
    match w.next() {
        Some("being") => matches!(
            w.next(),
            Some("investigated" | "explored" | "researched" | "looked" | "sought" | "searched")
        ),
        Some("under") => w.next() == Some("investigation"),
        _ => false,
    }
}

/// The words that say the problem is over in an entry's `text` ([`END_STATE`]: "bug fixed",
/// "all good", "moving again", "alert is closed"), not denied ("not fixed", "never
/// closed") nor planned ("to be fixed", "will end"), nor followed by a symptom ("fixed, but
/// the workers still crash"; a symptom before it is what is over: "the error is fixed"), lower
/// case; `None` otherwise.
/// Read once per incident, on its closing entry: no quick test first.
pub fn tells_of_an_end_state(text: &str) -> Option<String> {
    let lower = readable_entry(text)?;
    let words: Vec<&str> = lower.split(' ').map(word).collect();
    let planned = |i: usize| {
        // "to be fixed", "will have succeeded": look past "be"/"been"/"have" to the word of intent, and past it to a word of
        // finding ("confirmed to be resolved").
        let mut j = i;
        while j > 0
            && matches!(
                words[j - 1],
                "be" | "been" | "is" | "are" | "was" | "were" | "have" | "has" | "had"
            )
        {
            j -= 1;
        }
        j > 0
            && NOT_YET.contains(&words[j - 1])
            && !(j > 1 && words[j - 1] == "to" && SEEN.contains(&words[j - 2]))
    };
    let (at, said) = (0..words.len()).find_map(|i| {
        let one = words[i];
        let two = words.get(i + 1).map(|n| format!("{one} {n}"));
        let said = if two.as_deref().is_some_and(|t| END_STATE.contains(&t)) {
            two?
        } else if END_STATE.contains(&one) {
            one.to_string()
        } else {
            return None;
        };
        let denied = denied_by_words_before(&words, 0, i, |d| NOT_NOW.contains(&d));
        (!denied && !planned(i)).then_some((i, said))
    })?;
    // A symptom told after the end ("fixed, but the workers still crash") says it is not over;
    // one named before it is what is over ("the error is fixed", "errors resolved"). So does
    // a "but" after it ("one retry succeeded, but most jobs still fail with 401").
    let but_after = words[at + 1..].contains(&"but");
    (!but_after && !(at + 1..words.len()).any(|j| symptom_at(&words, j))).then_some(said)
}

/// Whether `w` is one of `list` (an entry ending in `*` matches any word that starts with it).
fn matches_any(w: &str, list: &[&str]) -> bool {
    !w.is_empty()
        && list.iter().any(|p| match p.strip_suffix('*') {
            Some(stem) => w.starts_with(stem),
            None => w == *p,
        })
}

#[cfg(test)]
mod tests {
    use super::{AIMED_FIX, Found, List, PROBLEM, SYMPTOM};
    use super::{ByFirstByte, matches_any};
    use super::{aims_at_a_cause, reported_by_people, tells_of_a_symptom};

    /// The list read by first byte answers as the whole list compared in turn, for every
    /// entry as written, longer, cut short, joined with a next word, and a few others.
    #[test]
    fn a_list_read_by_first_byte_answers_as_the_list() {
        for list in [PROBLEM, SYMPTOM, AIMED_FIX, &["", "x*", "*"][..]] {
            let by_first = ByFirstByte::of(list);
            let mut words = vec![String::new(), "zzz".into(), "é".into(), " x".into()];
            for p in list {
                let p = p.trim_end_matches('*');
                words.extend([
                    p.to_string(),
                    format!("{p}s"),
                    format!("{p} working"),
                    p.chars().skip(1).collect(),
                    p.chars()
                        .take(p.chars().count().saturating_sub(1))
                        .collect(),
                ]);
            }
            for w in &words {
                assert_eq!(by_first.matches(w), matches_any(w, list), "{w:?}");
                if matches_any(w, list) || matches_any(&format!("{w} x"), list) {
                    assert!(by_first.may_start(w), "{w:?}");
                }
            }
        }
    }

    #[test]
    fn the_quick_test_lets_every_listed_word_through_in_any_case() {
        for (list, firsts) in [
            (PROBLEM, List::ProblemFirstWords),
            (SYMPTOM, List::SymptomFirstWords),
            (AIMED_FIX, List::AimedFixFirstWords),
        ] {
            let may_hold = |text: &str| Found::in_text(text).has(firsts);
            for p in list {
                let written = p.trim_end_matches('*');
                for text in [
                    format!("then {written} here"),
                    format!("THEN {}, HERE", written.to_uppercase()),
                ] {
                    assert!(may_hold(&text), "{text}");
                }
            }
            // Text holding none of the list's words is turned away, in any script.
            assert!(!may_hold("Paged the on-duty engineer"));
            assert!(!may_hold("Paged the on-duty engineer \u{2014} Zoë"));
        }
        assert!(tells_of_a_symptom("THE EXPORT WORKER CRASHED TWICE"));
        assert!(tells_of_a_symptom(
            "The export worker crashed twice \u{2014} Zoë"
        ));
        assert!(reported_by_people("MIRA REPORTS A GROWING BACKLOG").is_some());
        assert!(aims_at_a_cause("ROLLED BACK to 4.2").is_some());
    }

    /// A fix still looked for aims at no cause yet; one made or found does.
    #[test]
    fn a_fix_still_sought_aims_at_no_cause() {
        for text in [
            "A fix is being investigated by the integration developer.",
            "A fix is under investigation upstream",
        ] {
            assert!(aims_at_a_cause(text).is_none(), "{text}");
        }
        for text in [
            "Opened a PR with a fix",
            "A fix is being deployed to the workers",
        ] {
            assert!(aims_at_a_cause(text).is_some(), "{text}");
        }
    }

    #[test]
    fn a_person_telling_of_a_problem_is_a_report() {
        for text in [
            "Mira reports a growing backlog of test jobs in #ci",
            "A customer emails the support desk: exports are failing",
            "@kit on the forum pings the maintainers to say the docs site is down",
            "The uptime monitor sends its first e-mail, reporting the portal is down.",
            "Raised a support request in the vendor's chat",
            "\"looks like image uploads are broken on prod\": the spinner never stops",
        ] {
            assert!(reported_by_people(text).is_some(), "{text}");
        }
    }

    #[test]
    fn a_failure_is_a_symptom_a_bug_introduced_is_not() {
        assert!(tells_of_a_symptom(
            "The ingest listener fails: it cannot reach the queue"
        ));
        assert!(tells_of_a_symptom("The export worker crashed twice"));
        assert!(tells_of_a_symptom(
            "The consumer exits on a connection error"
        ));
        assert!(tells_of_a_symptom(
            "Requests to the gateway keep timing out"
        ));
        assert!(!tells_of_a_symptom("A bug in the retry loop is introduced"));
        assert!(!tells_of_a_symptom(
            "Works now, but the conditions for failure are set"
        ));
        assert!(!tells_of_a_symptom("Three times a day the job runs"));
        assert!(!tells_of_a_symptom("Nightly job ran with no errors"));
    }

    fn aims_at_a_cause_(text: &str) -> bool {
        aims_at_a_cause(text).is_some()
    }

    #[test]
    fn a_revert_or_a_fix_aims_at_a_cause_a_restart_or_a_plan_does_not() {
        assert!(aims_at_a_cause_(
            "Platform team reverts the DNS registration change"
        ));
        assert!(aims_at_a_cause_(
            "Noor opens a PR with a fix for the parser"
        ));
        assert!(aims_at_a_cause_("Rolled back to release 4.2"));
        assert!(!aims_at_a_cause_("Restarted the worker pool"));
        assert!(!aims_at_a_cause_("We will revert if errors continue"));
        assert!(!aims_at_a_cause_("Rolled out the new dashboards"));
    }

    #[test]
    fn a_state_of_being_over_is_an_end_state_a_plan_or_a_denial_is_not() {
        for text in [
            "Deploy to production, the bug fixed",
            "Queue drained, index rebuilt, all good!",
            "Blocks are produced and the network starts moving again.",
            "The uptime alert is closed after 40 minutes",
            "Merge gates reopen",
            "Outage confirmed to be resolved",
            "The error was transitory and is fixed",
            "The second stuck transfer is mined and succeeds",
        ] {
            assert!(super::tells_of_an_end_state(text).is_some(), "{text}");
        }
        for text in [
            "Patch prepared; the bug is to be fixed tomorrow",
            "Errors not fixed by the restart",
            "We will reopen the gates once checks pass",
            "Ana asks whether the alert was never closed",
            "Restarted the proxy",
            "Config fixed, but the workers are still crashing",
            "The retry will have succeeded once the queue drains",
            "One retry succeeded, but most jobs still fail with 401",
        ] {
            assert!(super::tells_of_an_end_state(text).is_none(), "{text}");
        }
    }

    #[test]
    fn telling_without_a_problem_or_with_a_fix_is_no_report() {
        for text in [
            "Ticket created by Ana to make uploads run in parallel",
            "Ana emails Bo to ask whether he can join the call",
            "Bo opens a PR to fix the login bug",
            "The team discussed the flaky tests at standup and parked the issue",
            "Status page updated with the outage details",
            "Posted an update on the status page about the outage",
            "Kai reports previously failing integration tests now pass",
            "Lee messaged the team to check the inbox, as there had been a prior problem",
        ] {
            assert!(reported_by_people(text).is_none(), "{text}");
        }
    }
}
