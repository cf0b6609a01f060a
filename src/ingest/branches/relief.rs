//! Relief: an entry whose own words say the impact eased or ended ("rolled back; error rate
//! drops to 2%", "latency improved as a result of the flush"). A step credited with that is
//! no detour, and such an entry tells no problem that a step caused.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::ingest::lexicon::lists::{EASED, EASING_MEASURES, RELIEF};

/// The phrases of [`RELIEF`], each split into its words, by their first word (built once): a
/// word of an entry is compared only with the phrases it can start.
static RELIEF_BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| {
        let mut by_first: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::new();
        for p in RELIEF {
            let words: Vec<&'static str> = p.split(' ').collect();
            by_first.entry(words[0]).or_default().push(words);
        }
        by_first
    });

/// Whether `text` says the impact eased or ended: a phrase of [`RELIEF`] ("latency
/// improved", "stays low"), or a verb of [`EASED`] right after a measure of the problem
/// ([`EASING_MEASURES`]: "error rate drops", "errors stop"); not denied by one of the two
/// words before ("has not improved", "errors did not drop").
pub(super) fn tells_relief(text: &str) -> bool {
    let low = text.to_lowercase();
    let words: Vec<&str> = low
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let denied = |k: usize| {
        words[k.saturating_sub(2)..k]
            .iter()
            .any(|w| matches!(*w, "no" | "not" | "never" | "nor") || w.ends_with("n't"))
    };
    (0..words.len()).any(|k| {
        let phrase = RELIEF_BY_FIRST_WORD.get(words[k]).is_some_and(|phrases| {
            phrases
                .iter()
                .any(|p| words.get(k..k + p.len()) == Some(p.as_slice()))
        });
        let eased = k > 0 && EASED.contains(&words[k]) && EASING_MEASURES.contains(&words[k - 1]);
        (phrase || eased) && !denied(k)
    })
}

#[cfg(test)]
mod tests {
    use super::tells_relief;
    use crate::ingest::lexicon::lists::RELIEF;

    #[test]
    fn every_phrase_of_relief_is_found_among_other_words() {
        // Phrases whose words an entry's split can give (letters, digits and apostrophes).
        let readable = |p: &str| {
            p.split(' ')
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '\''))
                && p.to_lowercase() == p
        };
        let mut read = 0;
        for p in RELIEF.iter().filter(|p| readable(p)) {
            assert!(tells_relief(&format!("Then {p}, for now.")), "{p}");
            read += 1;
        }
        assert!(read * 2 > RELIEF.len());
    }

    #[test]
    fn the_impact_eased_or_ended_is_relief() {
        for text in [
            "Rolled back the checkout deploy to v41; error rate drops to 2%.",
            "Error rate stays low because of rolling back the deploy.",
            "Latency improved as a result of flushing the session cache.",
            "Workers scaled out; lag drops.",
            "First fix deployed to the EU region; EU login errors stop.",
            "Checkout back to normal.",
        ] {
            assert!(tells_relief(text), "{text}");
        }
    }

    #[test]
    fn a_symptom_or_a_denied_relief_is_none() {
        for text in [
            "Alert fires: office wifi drops every few minutes.",
            "Latency has not improved after the restart.",
            "Error rate did not drop.",
            "Stop the ingest workers.",
            "Portal logins fail because of the portal restart.",
            "",
        ] {
            assert!(!tells_relief(text), "{text}");
        }
    }
}
