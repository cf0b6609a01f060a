//! Findings lists: a caption that says the checks found nothing, and under it one item per thing
//! found absent ("No issues were found on our hosts:" · "- No disk exhaustion" · "- No packet
//! loss"). Each item names a cause that was looked at and ruled out, a detour of its own.

use crate::ingest::lexicon::Scan;
use crate::ingest::lexicon::lists::CHECK_WORDS;
use crate::model::RuleId;

/// The most words a caption may have (the Markdown front end reads a line of at most eight words
/// ending in a colon as the caption of the list under it).
const CAPTION_WORDS: usize = 10;

/// The most words an item may have to name one thing (a sentence tells more than a finding).
const ITEM_WORDS: usize = 10;

/// The thing a findings-list item says was found absent, when `remark` is an item read with its
/// caption (`"<caption>: <item>"`, as the Markdown front end joins them): the caption tells of a
/// check or a finding ([`CHECK_WORDS`], "turned up") that found nothing (a nothing-found verdict,
/// or a finding negated from its first word: "No host issues were detected:", "Nothing wrong
/// turned up on:"; a bare denial, "No customer data was touched:", is none) and the item is
/// itself a negated finding of one thing ("No firewall interference") → "firewall
/// interference". `None` for any other remark.
pub(super) fn found_absent(remark: &str) -> Option<&str> {
    let (caption, item) = remark.split_once(": ")?;
    let caption_words: Vec<&str> = caption.split_whitespace().collect();
    if caption_words.is_empty() || caption_words.len() > CAPTION_WORDS {
        return None;
    }
    // A caption that only denies ("No customer data was touched:", "None of the other services
    // were affected:") tells a fact, not a check: the items under it are no causes ruled out.
    let negated = matches!(
        caption_words[0].to_ascii_lowercase().as_str(),
        "no" | "nothing" | "none"
    );
    let tells_check = caption_words.iter().enumerate().any(|(i, w)| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        CHECK_WORDS.contains(&w.as_str())
            || (matches!(w.as_str(), "turned" | "showed")
                && caption_words
                    .get(i + 1)
                    .is_some_and(|n| n.eq_ignore_ascii_case("up")))
    });
    let nothing_found = Scan::new(caption)
        .ruled_out()
        .is_some_and(|r| r.rule == RuleId::DetourNothingFound);
    if !tells_check || !(negated || nothing_found) {
        return None;
    }
    let item = item.trim().trim_end_matches(['.', ';', ',']).trim_end();
    let (first, thing) = item.split_once(char::is_whitespace)?;
    let thing = thing.trim();
    let words = thing.split_whitespace().count();
    // One thing found absent: "No <thing>", short, not a sentence of its own.
    (first.eq_ignore_ascii_case("no")
        && (1..ITEM_WORDS).contains(&words)
        && !thing.contains(['.', ':', '!', '?']))
    .then_some(thing)
}

/// The words of a caption that tell of things tried ("Things we tried that did not work:",
/// "Attempted fixes, none of which helped:").
const TRIED_WORDS: &[&str] = &[
    "tried",
    "attempted",
    "attempts",
    "tries",
    "steps",
    "measures",
    "actions",
    "fixes",
    "workarounds",
    "mitigations",
    "things",
    // "What didn't work:", "What did not help:".
    "what",
];

/// The attempt an item of a tried-in-vain list names, with the caption's verdict, when
/// `remark` is an item read with its caption (`"<caption>: <item>"`): the caption tells of
/// things tried ([`TRIED_WORDS`]) and rules them out ("did not work", "none of which
/// helped"; not "found nothing", a findings list, see [`found_absent`]), and the item is one
/// short step ("Restarting the API pods") → ("Restarting the API pods", "did not work").
/// `None` for any other remark.
pub(super) fn tried_in_vain(remark: &str) -> Option<(&str, String)> {
    let (caption, item) = remark.split_once(": ")?;
    let caption_words: Vec<&str> = caption.split_whitespace().collect();
    if caption_words.is_empty() || caption_words.len() > CAPTION_WORDS {
        return None;
    }
    let tells_tries = caption_words.iter().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        TRIED_WORDS.contains(&w.as_str())
    });
    let verdict = Scan::new(caption)
        .ruled_out()
        .filter(|r| r.rule != RuleId::DetourNothingFound)?;
    let item = item.trim().trim_end_matches(['.', ';', ',']).trim_end();
    let words = item.split_whitespace().count();
    (tells_tries && (1..=ITEM_WORDS).contains(&words) && !item.contains(['.', ':', '!', '?']))
        .then(|| (item, verdict.matched.to_string()))
}

/// The verdicts a heading or a short line writes in brackets after an attempt, in English and
/// in the languages whose postmortems we have read (`(failed)`, `(didn't work)`,
/// `(Fehlgeschlagen)`, `(échec)`).
const BRACKETED_VERDICTS: &[&str] = &[
    "failed",
    "unsuccessful",
    "didn't work",
    "did not work",
    "didn't help",
    "did not help",
    "no luck",
    "no effect",
    "dead end",
    "ruled out",
    "fehlgeschlagen",
    "gescheitert",
    "erfolglos",
    "échec",
    "échoué",
    "fallido",
    "fallida",
    "mislukt",
];

/// The longest attempt, in words, a bracketed verdict is read after.
const ATTEMPT_WORDS: usize = 12;

/// An attempt headed with its verdict in brackets (`### Import of the schema from the old
/// database (didn't work)`, `##### Import bei gleicher Datenbankversion (Fehlgeschlagen)`):
/// the attempt and the verdict as written → ("Import of the schema from the old database",
/// "didn't work"). `None` for a longer text, another bracket (`(worked)`, `(UTC)`) or none.
pub(super) fn headed_with_its_failure(remark: &str) -> Option<(&str, &str)> {
    let text = remark.trim().trim_end_matches(['.', ':']);
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let verdict = inner[open + 1..].trim();
    let attempt = inner[..open].trim();
    let words = attempt.split_whitespace().count();
    (BRACKETED_VERDICTS
        .iter()
        .any(|v| v.eq_ignore_ascii_case(verdict) || verdict.to_lowercase() == *v)
        && (1..=ATTEMPT_WORDS).contains(&words))
    .then_some((attempt, verdict))
}

#[cfg(test)]
mod tests {
    use super::{found_absent, headed_with_its_failure, tried_in_vain};

    #[test]
    fn an_attempt_headed_with_its_failure_in_brackets() {
        assert_eq!(
            headed_with_its_failure("Import of the schema from the old database (didn't work)"),
            Some(("Import of the schema from the old database", "didn't work"))
        );
        assert_eq!(
            headed_with_its_failure("Import bei gleicher Datenbankversion (Fehlgeschlagen)"),
            Some(("Import bei gleicher Datenbankversion", "Fehlgeschlagen"))
        );
        assert_eq!(
            headed_with_its_failure("Import with triggers disabled (worked)"),
            None
        );
        assert_eq!(headed_with_its_failure("Timeline (UTC)"), None);
        assert_eq!(headed_with_its_failure("(failed)"), None);
    }

    #[test]
    fn an_item_under_a_nothing_found_caption_names_what_was_absent() {
        assert_eq!(
            found_absent("No problems were seen on our side: No disk exhaustion"),
            Some("disk exhaustion")
        );
        assert_eq!(
            found_absent("The checks found nothing: no packet loss on the uplinks."),
            Some("packet loss on the uplinks")
        );
    }

    #[test]
    fn an_item_under_a_tried_in_vain_caption_names_the_attempt() {
        assert_eq!(
            tried_in_vain("Things we tried that did not work: Restarting the API pods"),
            Some(("Restarting the API pods", "did not work".to_string()))
        );
        // A caption of things tried without a verdict, or a sentence for an item: none.
        assert_eq!(
            tried_in_vain("Things we tried: Restarting the API pods"),
            None
        );
        assert_eq!(
            tried_in_vain("Fixes that did not help: We restarted it. Then we waited an hour."),
            None
        );
    }

    #[test]
    fn other_lists_and_paragraphs_name_nothing() {
        // The caption tells no finding.
        assert_eq!(found_absent("Impact: No data was lost"), None);
        // The caption denies without telling of a check.
        assert_eq!(
            found_absent("None of the other services were affected: No downtime for the web app"),
            None
        );
        // The item is not a negated finding.
        assert_eq!(found_absent("No issues were found: the disks"), None);
        // A paragraph, not a caption.
        assert_eq!(
            found_absent(
                "No one expected that the nightly job, which had run for years without trouble, \
                 would fail: No retries"
            ),
            None
        );
    }
}
