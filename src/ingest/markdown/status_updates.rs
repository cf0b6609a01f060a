//! A status page's updates, each stamped AFTER its text.
//!
//! Status pages (Statuspage and the pages copied from it) post an incident as updates, newest
//! first, each a label, its text, and then the time it was posted on a line of its own:
//!
//! ```text
//! **Monitoring** - A fix has been deployed and we are watching the results.
//! Mar 3, 16:20 UTC
//!
//! ## Resolved
//! Deliveries are on time again.
//! Posted Jul 12, 2022 - 11:02 UTC
//! ```
//!
//! The timeline reads a time at the start of an entry, so this pass moves each stamp to the
//! start of the paragraph it closes (`Mar 3, 16:20 UTC - **Monitoring** - A fix …`), and a
//! heading that is only a status label (`## Resolved`) into the paragraph under it (`Resolved -
//! …`), so the
//! updates are one run of timed paragraphs (an untitled timeline). Line numbers stay those of
//! the file; only the classification of the lines concerned changes.

use super::lines::{Kind, Line, STATUS_WORDS, runs_of};
use super::timeline::leading_time;
use crate::ingest::clock::DateHints;

/// Move the posting stamp of every status update to the start of its text (see the module's
/// documentation). A paragraph is an update when it has at least two lines and its last line is
/// only a date and a time (`Mar 3, 16:20 UTC`, `Posted Jul 12, 2022 - 11:02 UTC`, `Posted 2
/// days ago. Jul 12, 2022 - 11:02 UTC`). Nothing changes in a file with fewer than two
/// updates: two stamped paragraphs are the least that make a log of updates.
pub fn stamp_updates(lines: &mut [Line], hints: DateHints) {
    let mut updates = Vec::new();
    for run in runs_of(lines, |k| matches!(k, Kind::Text(_))) {
        let (first, last) = (run.start, run.end - 1);
        if last > first
            && let Kind::Text(t) = &lines[last].kind
            && let Some(stamp) = posting_stamp(t, hints)
        {
            updates.push((first, last, stamp));
        }
    }
    if updates.len() < 2 {
        return;
    }
    for (first, last, stamp) in updates {
        let label = status_heading(lines, first).map(|h| {
            let text = std::mem::replace(&mut lines[h].kind, Kind::Blank);
            match text {
                // Written as a bold label is (`**Resolved** - …`), so the label reads as the
                // status it is.
                Kind::Heading { text, .. } => format!("{text} - "),
                _ => String::new(),
            }
        });
        if let Kind::Text(t) = &mut lines[first].kind {
            *t = format!("{stamp} - {}{t}", label.unwrap_or_default());
        }
        lines[last].kind = Kind::Blank;
    }
}

/// The stamp of a line that is only a posting time, as written without `Posted` / `Updated`
/// and a relative age (`2 days ago.`); `None` when the line holds anything else, or a time with
/// no date (a log line, an entry).
fn posting_stamp(text: &str, hints: DateHints) -> Option<String> {
    // A stamp holds a clock: most paragraphs' last lines are turned away without parsing.
    if !text.contains(':') || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut t = text.trim();
    for word in ["posted", "updated"] {
        if t.get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        {
            t = t[word.len()..].trim_start();
        }
    }
    // `3 days ago.` / `about 2 hours ago` before the date.
    if let Some(at) = t.find("ago") {
        let before = &t[..at];
        if before.split_whitespace().count() <= 3 {
            t = t[at + 3..].trim_start_matches(['.', ',', ' ']);
        }
    }
    // A year for the shape alone (`Mar 3, 16:20 UTC` in a file that writes none): the stamp
    // is kept as written and dated later like every entry.
    let shape = DateHints {
        year: hints.year.or(Some(2000)),
        ..hints
    };
    let (p, rest) = leading_time(t, shape, false)?;
    (p.date.is_some() && rest.trim().is_empty()).then(|| t.to_string())
}

/// The heading just above line `first` (a blank line between allowed) when it is only a status
/// label (`## Resolved`, `**Monitoring**`).
fn status_heading(lines: &[Line], first: usize) -> Option<usize> {
    let above = (first.saturating_sub(2)..first)
        .rev()
        .find(|&j| !matches!(lines[j].kind, Kind::Blank))?;
    let Kind::Heading { text, .. } = &lines[above].kind else {
        return None;
    };
    let label = text.trim().trim_end_matches(':').to_lowercase();
    STATUS_WORDS.contains(&label.as_str()).then_some(above)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::markdown::lines::read_lines;

    fn texts(src: &str) -> Vec<String> {
        let mut lines = read_lines(src);
        stamp_updates(&mut lines, DateHints::year(Some(2022)));
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn each_stamp_moves_to_the_start_of_the_update_it_closes() {
        let got = texts(
            "**Resolved** - Errors are back to normal.\nMar 3, 16:45 UTC\n\n\
             **Investigating** - Errors are up.\nMar 3, 15:31 UTC\n",
        );
        assert_eq!(
            got[0],
            "Mar 3, 16:45 UTC - Resolved - Errors are back to normal."
        );
        assert_eq!(got[1], "");
        assert_eq!(got[3], "Mar 3, 15:31 UTC - Investigating - Errors are up.");
    }

    #[test]
    fn a_status_heading_joins_its_update_and_posted_words_go() {
        let got = texts(
            "## Monitoring\nThe queue is draining.\nPosted 2 days ago. Jul 12, 2022 - 10:30 UTC\n\n\
             ## Investigating\nDeliveries are late.\nPosted Jul 12, 2022 - 09:47 UTC\n",
        );
        assert_eq!(got[0], "");
        assert_eq!(
            got[1],
            "Jul 12, 2022 - 10:30 UTC - Monitoring - The queue is draining."
        );
        assert_eq!(
            got[5],
            "Jul 12, 2022 - 09:47 UTC - Investigating - Deliveries are late."
        );
    }

    #[test]
    fn one_stamped_paragraph_or_a_time_without_a_date_is_no_log_of_updates() {
        let one = "## Impact\nUsers saw errors.\nMar 3, 16:45 UTC\n";
        assert_eq!(texts(one)[2], "Mar 3, 16:45 UTC");
        let clocks = "Deploy went out.\n16:45 UTC\n\nRollback.\n17:10 UTC\n";
        assert_eq!(texts(clocks)[1], "16:45 UTC");
    }

    #[test]
    fn lines_of_any_script_are_read_without_a_panic() {
        let got = texts(
            "¯\\_(ツ)_/¯
Pöstéd ツ

Üpdäted 2 Tagen ago. ツ
Posted
",
        );
        assert_eq!(got[0], "¯_(ツ)_/¯");
        assert_eq!(got[3], "Üpdäted 2 Tagen ago. ツ");
    }

    #[test]
    fn a_heading_that_is_not_a_status_label_stays() {
        let got =
            texts("## Root cause\nA bad node.\nMar 3, 16:45 UTC\n\nMore.\nMar 3, 17:00 UTC\n");
        assert_eq!(got[0], "Root cause");
        assert_eq!(got[1], "Mar 3, 16:45 UTC - A bad node.");
    }
}
