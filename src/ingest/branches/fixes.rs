//! Fixes that did not hold, told by the story's order rather than by a verdict's words: a fix
//! followed by a later version of itself ("Fix v1 proposed." · "Fix v2 proposed."; "Release
//! 2.4.1 ships a fix." · "Release 2.4.2 ships."), and a fix, or the issue closed as fixed,
//! followed by the symptom coming back ("Patch deployed, ticket closed as fixed." · "Issue
//! reproduced after the release; ticket reopened.").

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;

use super::relief::tells_relief;
use super::steps::{response_start, tells_step};
use super::{FIX_TAKEN, Ids, STEP_TAKEN, mark_tried, new_branch, sentences, words_of};
use crate::ingest::lexicon::lists::{
    CAME_BACK, CONDITION, FAILING_AGAIN, FILLER, FIX_WORDS, Found, List, NUMBERED_BY, ORDINALS,
    PLANNED,
};
use crate::ingest::lexicon::{find_phrase, normalise, problem_said_back};
use crate::ingest::words::denied_by_words_before;
use crate::model::{Event, EventKind, Incident, Inference, Outcome, RuleId};

/// How many entries after a fix the story is read for its later version.
const AHEAD: usize = 6;

/// How many entries before the symptom's return the story is read for the fix it undid.
const BACK: usize = 3;

/// How many words before its "again" a failing state may stand ("offline again", "down for
/// users again").
const AGAIN_WITHIN: usize = 3;

/// How a version is written: a tag ("v2", "v1.4"), three dotted numbers ("1.327.0"), a
/// number after the thing it numbers ("attempt 2", "fix #3"), or an ordinal before it ("first
/// workaround", "2nd workaround"). Versions compare only within one way of writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Written {
    Tagged,
    Dotted,
    Numbered,
    /// An ordinal before the thing it numbers ("first workaround" · "2nd workaround").
    Ordinal,
}

/// A version named in an entry: how it is written and its numbers, most significant first.
type Version = (Written, Vec<u64>);

/// Whether the words tell of a plan (see [`PLANNED`]): "to be" or a word of the list.
fn planned(text: &str) -> bool {
    let low = normalise(text);
    low.contains("to be ")
        || low
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| PLANNED.contains(&w))
}

/// The first version the words name, the words that name it as written, and the word right
/// before it, lower case ("fix" of "Rounding fix v2", "release" of "release 2.4.2"; empty at
/// the start).
fn version_in(text: &str) -> Option<(Version, String, String)> {
    // Every version holds a digit or an ordinal word; most entries hold neither.
    if !text.bytes().any(|b| b.is_ascii_digit())
        && !text
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| ORDINALS.iter().any(|(o, _)| w.eq_ignore_ascii_case(o)))
    {
        return None;
    }
    let mut before: Cow<'_, str> = Cow::Borrowed("");
    let mut ordinal = None;
    // Each word trimmed and lower-cased, a copy only where lower-casing changes it.
    let mut tokens = text
        .split_whitespace()
        .map(|raw| lower_case(raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '#')))
        .peekable();
    while let Some(token) = tokens.next() {
        // An ordinal before the thing it numbers ("the first workaround", "a 2nd workaround"):
        // that thing's number, the thing the word before it; a version written with digits
        // in the same words wins ("a second fix was published (4.12.2)").
        if ordinal.is_none()
            && let Some(&(_, n)) = ORDINALS.iter().find(|(w, _)| *w == token)
            && let Some(next) = tokens.peek()
            && NUMBERED_BY.contains(&next.as_ref())
        {
            ordinal = Some((
                (Written::Ordinal, vec![n]),
                format!("{token} {next}"),
                next.to_string(),
            ));
        }
        let found = if let Some(rest) = token.strip_prefix('v')
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            numbers(rest).map(|n| (Written::Tagged, n))
        } else if token.starts_with(|c: char| c.is_ascii_digit()) && token.contains('.') {
            numbers(&token)
                .filter(|n| n.len() == 3 && n.iter().all(|&p| p < 1000))
                .map(|n| (Written::Dotted, n))
        } else if NUMBERED_BY.contains(&before.as_ref()) {
            token
                .trim_start_matches('#')
                .parse::<u64>()
                .ok()
                .map(|n| (Written::Numbered, vec![n]))
        } else {
            None
        };
        if let Some(v) = found {
            let words = match v.0 {
                Written::Numbered | Written::Ordinal => format!("{before} {token}"),
                _ => token.into_owned(),
            };
            return Some((v, words, before.into_owned()));
        }
        before = token;
    }
    ordinal
}

/// `word` lower case ([`str::to_lowercase`]), borrowed when it is ASCII without capitals (most
/// words): the same text, without a copy.
fn lower_case(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// The first version the words name (see [`Written`]); `None` for dates, addresses and
/// decimals ("2024.01.05", "4.3.2024", "10.0.0.1", "1.5 GB"): every dotted part is below 1000.
fn version_of(text: &str) -> Option<Version> {
    version_in(text).map(|(v, _, _)| v)
}

/// The version of entry `k` and the word before it (see [`version_in`]), read into `cells`
/// (one per entry) when first asked for.
fn version_at<'a>(
    cells: &'a [OnceCell<Option<(Version, String)>>],
    incident: &Incident,
    k: usize,
) -> &'a Option<(Version, String)> {
    cells[k]
        .get_or_init(|| version_in(&incident.timeline[k].text).map(|(v, _, before)| (v, before)))
}

/// The numbers of "1.327.0" (every part digits), else `None`.
fn numbers(s: &str) -> Option<Vec<u64>> {
    s.split('.').map(|p| p.parse::<u64>().ok()).collect()
}

/// Whether the words name a fix or an attempt at one.
fn names_fix(text: &str) -> bool {
    names_fix_in(text, Found::in_text(text))
}

/// [`names_fix`] of `text`, whose quick test is `found`.
fn names_fix_in(text: &str, found: Found) -> bool {
    // ASCII text naming one holds its bytes in some case: most entries hold none and are not
    // split (other text is, lower-casing may make ASCII letters).
    if text.is_ascii() && !found.has(List::FixWords) {
        return false;
    }
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| FIX_WORDS.contains(&lower_case(w).as_ref()))
}

/// The stems that tell what an entry is about: not numbers, versions or filler.
fn telling(text: &str) -> HashSet<String> {
    words_of(text)
        .into_iter()
        .filter(|w| {
            let number = w.starts_with(|c: char| c.is_ascii_digit())
                || (w.starts_with('v') && w[1..].starts_with(|c: char| c.is_ascii_digit()));
            !number && !FILLER.contains(&w.as_str())
        })
        .collect()
}

/// Whether two entries tell of the same thing: two telling stems in common at least
/// ("Accounting fix v1 proposed" · "Accounting fix v2 proposed").
fn same_thing(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    a.intersection(b).nth(1).is_some()
}

/// Whether an entry is the story of the problem itself (its start, its noticing, its cause
/// found, its end), not a step taken on it.
fn tells_the_problem(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::ImpactStart | EventKind::Detection | EventKind::Identified
    )
}

/// A fix (its entry names one, and a version of it) on no branch, followed within [`AHEAD`]
/// entries — before anything resolved — by a later version of the same thing (the same way of
/// writing, a greater number after the same word — "fix v1" · "fix v2", "release 2.4.1" ·
/// "release 2.4.2" — two telling words in common; for an ordinal, "the first workaround" · "a
/// 2nd workaround", the ordinal and the thing it numbers are enough) that is no plan
/// ([`planned`]), with nothing in the fix's entry or between the two saying it worked (a
/// recovery, words of relief: "errors stop"): the earlier fix did not hold. A detour of that one entry, rule [`RuleId::DetourFixSuperseded`]; it lasts until the entry
/// after it. The last version of a series is no detour. `found` is the quick test of each
/// entry's text (parallel to the timeline).
pub(super) fn superseded_fixes(incident: &mut Incident, ids: &mut Ids, found: &[Found]) {
    let n = incident.timeline.len();
    // Each entry's version, read when first asked for (a fix, or an entry after one): most
    // entries are neither, and the text of an entry does not change here.
    let versions: Vec<OnceCell<Option<(Version, String)>>> =
        (0..n).map(|_| OnceCell::new()).collect();
    for i in 0..n {
        let e = &incident.timeline[i];
        if e.branch.is_some()
            || tells_the_problem(e.kind)
            || e.kind == EventKind::Resolution
            || found.get(i).is_some_and(|&f| !names_fix_in(&e.text, f))
        {
            continue;
        }
        let Some(((written, number), word)) = version_at(&versions, incident, i) else {
            continue;
        };
        // A fix its own entry says worked ("first fix deployed; EU errors stop") held,
        // whatever fix came next.
        if tells_relief(&e.text) {
            continue;
        }
        let about = telling(&e.text);
        let later = (i + 1..n.min(i + 1 + AHEAD))
            .take_while(|&j| {
                j == i + 1 || {
                    let before = &incident.timeline[j - 1];
                    // Nothing between says the fix worked.
                    !matches!(before.kind, EventKind::Resolution | EventKind::Recovery)
                        && !tells_relief(&before.text)
                }
            })
            .find(|&j| {
                version_at(&versions, incident, j)
                    .as_ref()
                    .is_some_and(|((w, m), b)| w == written && m > number && b == word)
                    // "The first workaround" · "a 2nd workaround": the ordinal and the thing
                    // it numbers say it is the same series.
                    && (*written == Written::Ordinal
                        || same_thing(&about, &telling(&incident.timeline[j].text)))
                    && !planned(&incident.timeline[j].text)
            });
        let Some(j) = later else {
            continue;
        };
        let why = Inference::new(
            RuleId::DetourFixSuperseded,
            version_in(&incident.timeline[j].text).map_or_else(String::new, |(_, w, _)| w),
        );
        let text = incident.timeline[i].text.to_string();
        let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
        mark_tried(incident, i, &id, &why, FIX_TAKEN);
    }
}

/// An entry where the symptom came back ([`CAME_BACK`]), not already told as the end of a
/// detour with entries before it: the latest of the [`BACK`] entries before it that made a
/// fix (a mitigation, words naming a fix), else that said it fixed (a recovery or
/// resolution), on no branch and after the last entry telling the problem, did not hold. A detour from that entry to
/// the return, rule [`RuleId::DetourFixDidNotHold`]; the return joins it unless it is on a
/// branch of its own. `found` is the quick test of each entry's text (parallel to the
/// timeline).
pub(super) fn fixes_that_did_not_hold(incident: &mut Incident, ids: &mut Ids, found: &[Found]) {
    for j in 1..incident.timeline.len() {
        if !found[j].has(List::CameBackWords) {
            continue;
        }
        let Some(back) = came_back(&incident.timeline[j].text) else {
            continue;
        };
        if let Some(b) = incident.timeline[j].branch.as_deref()
            && incident.timeline[..j]
                .iter()
                .any(|e| e.branch.as_deref() == Some(b))
        {
            continue;
        }
        // The return told as a detour of its own only for its words ("Issue recurs; another
        // hotfix written"): the detour is the fix that did not hold, found below.
        let own_return = incident.timeline[j].branch.clone().filter(|b| {
            incident.branches.iter().any(|x| {
                x.id == **b
                    && x.inferred
                        .as_ref()
                        .is_some_and(|w| w.rule == RuleId::DetourSymptomContinued)
            })
        });
        // The fix itself (a mitigation, words naming a fix) before a state only said to be
        // fixed ("appears healthy", "resolved"). A change that is no fix ("a lot of changes are
        // deployed to staging") is where the symptom came from, not a fix that did not hold.
        let before: Vec<usize> = (j.saturating_sub(BACK)..j)
            .rev()
            .take_while(|&i| {
                let e = &incident.timeline[i];
                e.branch.is_none() && !tells_the_problem(e.kind)
            })
            .collect();
        let fix = before
            .iter()
            .copied()
            .find(|&i| {
                let e = &incident.timeline[i];
                e.kind == EventKind::Mitigation || names_fix_in(&e.text, found[i])
            })
            .or_else(|| {
                before.iter().copied().find(|&i| {
                    matches!(
                        incident.timeline[i].kind,
                        EventKind::Recovery | EventKind::Resolution
                    )
                })
            });
        let Some(i) = fix else {
            continue;
        };
        if let Some(b) = own_return {
            incident.branches.retain(|x| x.id != *b);
            incident.timeline[j].branch = None;
        }
        let why = Inference::new(RuleId::DetourFixDidNotHold, back);
        // Named by the sentence that tells the fix ("Another report. A patch ships." → the patch).
        let text = incident.timeline[i].text.to_string();
        let text = sentences(&text)
            .into_iter()
            .find(|s| names_fix(s))
            .unwrap_or(&text)
            .to_string();
        let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
        mark_tried(incident, i, &id, &why, FIX_TAKEN);
        if incident.timeline[j].branch.is_none() {
            incident.timeline[j].branch = Some(id.as_str().into());
        }
    }
}

/// The phrase of [`CAME_BACK`] that `text` holds, not denied ("issue reopened"; not "has not
/// recurred"), else a problem said to be back ("the stall came back": [`problem_said_back`]).
fn came_back(text: &str) -> Option<String> {
    let low = normalise(text);
    CAME_BACK
        .iter()
        .find_map(|p| find_phrase(&low, p).filter(|m| !denied(&low, m)))
        .or_else(|| problem_said_back(&low))
        .map(str::to_string)
}

/// How an entry tells the problem back after it was said fixed: a phrase of [`CAME_BACK`]
/// ("issue reopened"), or a failing state said again ([`FAILING_AGAIN`]: "the node is offline
/// again"). The words that tell it, or `None`. A problem merely noticed after a recovery ("a
/// user reports errors") is not enough: across the labelled sets that was a new wave, a late
/// report or another problem more often than the same one back. `found` is the quick test of
/// each entry's text (parallel to the timeline): both ways hold a word of
/// [`CAME_BACK_WORDS`](crate::ingest::lexicon::lists::CAME_BACK_WORDS) ("again" among them), so an
/// entry without one is read no further.
fn told_again(incident: &Incident, j: usize, found: &[Found]) -> Option<String> {
    if !found[j].has(List::CameBackWords) {
        return None;
    }
    let e = &incident.timeline[j];
    if let Some(back) = came_back(&e.text) {
        return Some(back);
    }
    failing_again(&e.text)
}

/// A failing state followed, within [`AGAIN_WITHIN`] words of its clause, by "again" ("the
/// same node is *offline again*", "*errors* are back *again*", "login *not possible again*"):
/// the state and its "again". A good state again ("operational again") is none.
fn failing_again(text: &str) -> Option<String> {
    let low = text.to_lowercase();
    if !low.contains("again") {
        return None;
    }
    for clause in low.split(['.', ';', ',', ':', '!', '?', '(', ')']) {
        let words: Vec<&str> = clause
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .collect();
        for (k, w) in words.iter().enumerate() {
            if *w != "again" {
                continue;
            }
            let from = k.saturating_sub(AGAIN_WITHIN);
            if let Some(s) = (from..k).find(|&s| FAILING_AGAIN.contains(&words[s])) {
                // "not offline again", "has not been down again", "zero errors again":
                // denied by one of the two words before the state. A condition or a purpose
                // ("an alert so we hear *if* the API is down again", "it *would* be down again") tells no
                // state at all ("users *could* not log in again" does).
                if denied_by_words_before(&words, 0, s, |w| {
                    negative(w) || matches!(w, "zero" | "0" | "without")
                }) || words[..s]
                    .iter()
                    .any(|w| CONDITION.contains(w) || (PLANNED.contains(w) && *w != "could"))
                {
                    continue;
                }
                return Some(words[s..=k].join(" "));
            }
        }
    }
    None
}

/// A fix, or a state said fixed, and later — before anything else told of the problem — the
/// problem told again ([`told_again`]): the fix did not hold. Walks the response (from the
/// first entry that noticed or looked into the problem): each recovery, mitigation or
/// resolution on no branch, or a cause found and said fixed ("identified and fixed by the
/// host"), is a fix that may not hold; the first entry after it that tells the problem again,
/// later in time and on no branch, makes the detour, rule [`RuleId::DetourFixRelapsed`]. The
/// return alone is on it (it lasts until the entry after it), named by the fix's sentence: the
/// first recovery still ended the impact for a while, as the milestones tell it. `found` is
/// the quick test of each entry's text (parallel to the timeline).
pub(super) fn relapses_after_fixes(incident: &mut Incident, ids: &mut Ids, found: &[Found]) {
    let Some(first) = response_start(incident) else {
        return;
    };
    let mut fix: Option<usize> = None;
    for j in first..incident.timeline.len() {
        let e = &incident.timeline[j];
        if let Some(i) = fix
            && e.at > incident.timeline[i].at
            && let Some(again) = told_again(incident, j, found)
        {
            fix = None;
            if e.branch.is_some() {
                continue;
            }
            let why = Inference::new(RuleId::DetourFixRelapsed, again);
            let text = incident.timeline[i].text.to_string();
            let text = sentences(&text)
                .into_iter()
                .find(|s| names_fix(s) || tells_relief(s))
                .unwrap_or(&text)
                .to_string();
            let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
            mark_tried(incident, j, &id, &why, STEP_TAKEN);
            continue;
        }
        // "The site returns online for a brief moment": a recovery said to last only a moment
        // tells by itself that the step just before it did not hold.
        if e.kind == EventKind::Recovery
            && e.branch.is_none()
            && !kind_denied(e)
            && let Some(brief) = e
                .inferred
                .as_ref()
                .and_then(|why| only_for_a_moment(&e.text, why.matched.as_str()))
            // The step told just before (within three entries), not one long before.
            && let Some(step) = (first..j).rev().take(3).find(|&a| {
                let s = &incident.timeline[a];
                s.branch.is_none() && s.at <= e.at && tells_step(&s.text, s.kind)
            })
        {
            fix = None;
            let why = Inference::new(RuleId::DetourFixRelapsed, brief);
            let text = incident.timeline[step].text.to_string();
            let id = new_branch(incident, ids, &text, None, Some(&why), Outcome::RuledOut);
            mark_tried(incident, step, &id, &why, STEP_TAKEN);
            mark_tried(incident, j, &id, &why, STEP_TAKEN);
            continue;
        }
        let said_fixed = (matches!(
            e.kind,
            EventKind::Recovery | EventKind::Mitigation | EventKind::Resolution
        ) && !kind_denied(e))
            || (e.kind == EventKind::Identified && holds_whole_word(&e.text, "fixed"));
        if said_fixed {
            if fix.is_none() && e.branch.is_none() {
                fix = Some(j);
            }
        } else if tells_the_problem(e.kind) {
            fix = None;
        }
    }
}

/// The words that say a recovery lasted only a moment ("back online *for a brief moment*",
/// "*briefly* recovers", "up *momentarily*"), if any: in the clause of the recovery's own words
/// (`recovery`, lower case), at most three words after them or right before them.
/// "Temporarily" is not among them: a temporary workaround holds until the fix.
fn only_for_a_moment(text: &str, recovery: &str) -> Option<String> {
    const BRIEF: &[&str] = &[
        "for a brief moment",
        "for a moment",
        "for a short moment",
        "for a short while",
        "for a short time",
        "for a few seconds",
        "for a few minutes",
        "briefly",
        "momentarily",
    ];
    const NEAR: usize = 3;
    let low = text.to_lowercase();
    // The words from `a` to `b`, when both are in one clause: "back online *for a brief
    // moment*", "*briefly* recovers"; not "recovered; latency spiked briefly during the reload".
    let words_between = |a: usize, b: usize| -> Option<usize> {
        let between = low.get(a..b)?;
        (!between.contains([',', ';', '.', ':'])).then(|| between.split_whitespace().count())
    };
    let at = |hit: &str| hit.as_ptr() as usize - low.as_ptr() as usize;
    let r_at = find_phrase(&low, recovery).map(at)?;
    let r_end = r_at + recovery.len();
    BRIEF.iter().find_map(|b| {
        let b_at = at(find_phrase(&low, b)?);
        let after = r_end <= b_at && words_between(r_end, b_at).is_some_and(|n| n <= NEAR);
        let before =
            b_at + b.len() <= r_at && words_between(b_at + b.len(), r_at).is_some_and(|n| n <= 1);
        (after || before).then(|| b.to_string())
    })
}

/// Whether the words that gave an entry its kind are denied by the word right before them
/// ("Cloudinary still *haven't* resolved the issue" is no resolution).
fn kind_denied(e: &Event) -> bool {
    let Some(why) = &e.inferred else {
        return false;
    };
    let low = e.text.to_lowercase();
    let Some(at) = low.find(why.matched.as_str()) else {
        return false;
    };
    low[..at]
        .split_whitespace()
        .next_back()
        .is_some_and(negative)
}

/// Whether a word denies what follows it: "no", "not", "never", a "-n't" ("hasn't", "haven’t").
fn negative(w: &str) -> bool {
    matches!(w, "no" | "not" | "never") || w.ends_with("n't") || w.ends_with("n’t")
}

/// Whether `text` holds `word` (lower case) as a whole word, in any case.
fn holds_whole_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `m`, a phrase of [`CAME_BACK`] found in `low`, is denied by one of the two words
/// before it: the symptom did not come back ("has *not* recurred", "could *not* be reproduced
/// again", "*never* reappeared", "*hasn't* happened again").
fn denied(low: &str, m: &str) -> bool {
    let at = m.as_ptr() as usize - low.as_ptr() as usize;
    let words: Vec<&str> = low[..at].split_whitespace().collect();
    denied_by_words_before(&words, 0, words.len(), negative)
}

/// Whether `text` names a version (see [`version_of`]) that an entry on a detour names: a
/// remark on that fix ("A fix was released (1.4.2) but never reached the CDN") tells a detour
/// the timeline already has.
pub(super) fn version_told(incident: &Incident, text: &str) -> bool {
    let Some(version) = version_of(text) else {
        return false;
    };
    incident.timeline.iter().any(|e| {
        e.branch.as_deref().is_some_and(|b| {
            incident
                .branches
                .iter()
                .any(|x| x.id == b && x.outcome == Outcome::RuledOut)
        }) && version_of(&e.text).as_ref() == Some(&version)
    })
}

#[cfg(test)]
mod tests {
    use super::{Written, lower_case, version_of};

    #[test]
    fn a_fix_is_named_in_any_case_and_only_as_a_whole_word() {
        for text in [
            "Hotfix deployed",
            "PATCHED the proxy",
            "second ATTEMPT: restart",
            "the wor\u{212a}around holds",
            "Fix: v2",
        ] {
            assert!(super::names_fix(text), "{text}");
        }
        for text in [
            "prefix deployed",
            "dispatched the job",
            "",
            "attempts to restart",
        ] {
            assert!(!super::names_fix(text), "{text}");
        }
    }

    #[test]
    fn a_word_is_lower_cased_as_to_lowercase_does() {
        for w in [
            "",
            "fix",
            "Fix",
            "v2",
            "V2",
            "#3",
            "ÉTÉ",
            "été",
            "İzmir",
            "ΣΑΣ",
            "\u{212a}ill",
            "a-b",
        ] {
            assert_eq!(lower_case(w), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn versions_as_people_write_them() {
        assert_eq!(
            version_of("Accounting fix v2 proposed"),
            Some((Written::Tagged, vec![2]))
        );
        assert_eq!(
            version_of("A new version (1.327.0) of the SDK was released"),
            Some((Written::Dotted, vec![1, 327, 0]))
        );
        assert_eq!(
            version_of("Mitigation attempt #3: disable the job"),
            Some((Written::Numbered, vec![3]))
        );
        // Dates, addresses, decimals and times are no versions.
        assert_eq!(version_of("Moved to 10.0.0.12 on 2024.01.05"), None);
        assert_eq!(version_of("Memory raised to 1.5 GB at 10:40"), None);
        // An ordinal before what it numbers; a version in digits in the same words wins.
        assert_eq!(
            version_of("We had a first workaround"),
            Some((Written::Ordinal, vec![1]))
        );
        assert_eq!(
            version_of("A second fix was published (4.12.2)"),
            Some((Written::Dotted, vec![4, 12, 2]))
        );
        assert_eq!(version_of("The first responder joined"), None);
        // A day, a month and a year: "4.3.2024" is a date, not version 4.3.2024.
        assert_eq!(version_of("patch from the 4.3.2024 review applied"), None);
    }
}
