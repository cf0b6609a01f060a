//! Site generators' markup inside the text: Hugo shortcodes (`{{< name args >}}`,
//! `{{% name args %}}`) and Jekyll/Liquid tags (`{% include x.html %}`).
//!
//! Status pages built with a site generator (cState and its forks among them) write an
//! incident as a stream of updates, each closed by a time stamp shortcode:
//!
//! ```text
//! **Update**: A fix is being rolled out. {{< track "2021-06-14T09:05:00.000Z" >}}
//! ```
//!
//! The stamp dates the update written before it, since the paragraph began (or since the stamp
//! before it). This pass moves the stamp to the start of that update, written as the timeline
//! reads a time (`2021-06-14 09:05 UTC - **Update**: …`), so every update is a timed paragraph
//! and the updates together an untitled timeline. Every other shortcode or tag is markup and is
//! dropped. Line numbers never change: the pass rewrites lines in place, one for one.

use std::borrow::Cow;

/// The file's lines with site-generator markup read, or `None` when the file has none (the
/// common case, checked with one scan for `{{` / `{%`).
pub fn read_shortcodes(text: &str) -> Option<Vec<Cow<'_, str>>> {
    if !text.contains("{{<") && !text.contains("{{%") && !text.contains("{%") {
        return None;
    }
    let mut lines: Vec<Cow<'_, str>> = text
        .split('\n')
        .map(|l| Cow::Borrowed(l.strip_suffix('\r').unwrap_or(l)))
        .collect();
    // Where the update being written began: the first line of the paragraph, or the text
    // after the last stamp (its line and byte offset).
    let mut update_start: Option<(usize, usize)> = None;
    let mut fenced = false;
    for i in 0..lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            update_start = None;
            continue;
        }
        if fenced {
            continue;
        }
        if lines[i].trim().is_empty() {
            update_start = None;
            continue;
        }
        let line = lines[i].to_string();
        if !line.contains("{{<") && !line.contains("{{%") && !line.contains("{%") {
            update_start.get_or_insert((i, 0));
            continue;
        }
        let mut out = String::with_capacity(line.len());
        let mut rest = line.as_str();
        while let Some((before, code, after)) = next_code(rest) {
            out.push_str(before);
            rest = after;
            let Some(stamp) = code.and_then(time_stamp) else {
                continue;
            };
            let (first, offset) = match update_start {
                Some(start) if start.0 < i => start,
                Some((_, offset)) => (i, offset),
                None => (i, 0),
            };
            let said = if first == i {
                out[offset..].trim()
            } else {
                lines[first][offset..].trim()
            };
            // A stamp with nothing written before it dates nothing.
            if said.is_empty() && first == i {
                continue;
            }
            // An update that begins after an earlier one on its line is a paragraph of its own.
            let stamped = if offset > 0 {
                format!("<br>{stamp} - ")
            } else {
                format!("{stamp} - ")
            };
            if first == i {
                out.insert_str(offset, &stamped);
            } else {
                let mut l = lines[first].to_string();
                l.insert_str(offset, &stamped);
                lines[first] = Cow::Owned(l);
            }
            update_start = Some((i, out.len()));
        }
        out.push_str(rest);
        if update_start.is_some_and(|(line, offset)| line == i && out[offset..].trim().is_empty()) {
            // The line ends with a stamp: the next line starts a new update.
            update_start = None;
        } else {
            update_start.get_or_insert((i, 0));
        }
        lines[i] = Cow::Owned(out);
    }
    Some(lines)
}

/// The next shortcode or tag in `s`: the text before it, its inside (`None` for a Liquid tag,
/// which never holds a stamp) and the text after it. `None` when no complete one is left. A
/// bare `{{ … }}` is left as written: it is as often text (a CI expression, `${{ secrets.X }}`)
/// as a template's placeholder.
fn next_code(s: &str) -> Option<(&str, Option<&str>, &str)> {
    /// Opening and closing marks, longest first; whether the inside may hold a stamp.
    const MARKS: [(&str, &str, bool); 3] = [
        ("{{<", ">}}", true),
        ("{{%", "%}}", true),
        ("{%", "%}", false),
    ];
    for (open, _) in s.match_indices('{') {
        let tail = &s[open..];
        let Some((mark, close, stamps)) = MARKS.iter().find(|(m, _, _)| tail.starts_with(m)) else {
            continue;
        };
        let body = &tail[mark.len()..];
        let end = body.find(close)?;
        let inside = stamps.then(|| body[..end].trim());
        return Some((&s[..open], inside, &body[end + close.len()..]));
    }
    None
}

/// A time stamp shortcode's time (`track "2021-06-14T09:05:00.000Z"`, `time "2019-11-02
/// 15:00:00"`), written as the timeline reads one: `2021-06-14 09:05 UTC`, or with no zone when
/// none is written. `None` when no argument is a date and a time.
fn time_stamp(inside: &str) -> Option<String> {
    let arg = inside
        .split('"')
        .nth(1)
        .or_else(|| inside.split_whitespace().nth(1))?
        .trim();
    let b = arg.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let dated = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    let timed = matches!(b.get(10), Some(b'T' | b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16);
    if !(dated && timed) {
        return None;
    }
    // After the minutes: seconds and fractions, then a zone (`Z`, `+02:00`) or nothing.
    let tail = arg[16..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
    let zone = match tail.trim() {
        "" => String::new(),
        "Z" | "z" => " UTC".to_string(),
        z if z.starts_with(['+', '-']) && z.len() <= 6 => format!(" {z}"),
        _ => return None,
    };
    Some(format!("{} {}{zone}", &arg[..10], &arg[11..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        read_shortcodes(text)
            .expect("markup found")
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    #[test]
    fn a_stamp_at_the_end_of_an_update_moves_to_its_start() {
        let got = read("**Update**: pool raised. {{< track \"2021-06-14T09:05:00.000Z\" >}}\n");
        assert_eq!(got[0], "2021-06-14 09:05 UTC - **Update**: pool raised. ");
    }

    #[test]
    fn a_stamp_dates_the_whole_paragraph_before_it() {
        let got = read(
            "*Monitoring* - a lock was cleared;\nworkers resumed. {{< track \"2019-11-02 14:20:00\" >}}\n",
        );
        assert_eq!(
            got[0],
            "2019-11-02 14:20 - *Monitoring* - a lock was cleared;"
        );
        assert_eq!(got[1], "workers resumed. ");
    }

    #[test]
    fn text_after_a_stamp_on_the_same_line_is_the_next_update() {
        let got = read(
            "Some accounts show no data. {{< track \"2020-01-19T11:29:00Z\" >}}Records were \
             deleted. {{< track \"2020-01-19T12:10:00Z\" >}}\n",
        );
        assert_eq!(
            got[0],
            "2020-01-19 11:29 UTC - Some accounts show no data. <br>2020-01-19 12:10 UTC - Records were deleted. "
        );
    }

    #[test]
    fn other_shortcodes_and_tags_are_dropped_and_plain_files_are_untouched() {
        let got = read("See {{< figure src=\"graph.png\" >}} and {% include note.html %} here.\n");
        assert_eq!(got[0], "See  and  here.");
        assert!(read_shortcodes("10:00 - pager fires\n").is_none());
    }

    #[test]
    fn a_stamp_with_an_offset_keeps_it_and_a_bad_stamp_is_not_a_time() {
        assert_eq!(
            time_stamp("track \"2023-04-18T13:30:00+02:00\"").as_deref(),
            Some("2023-04-18 13:30 +02:00")
        );
        assert_eq!(time_stamp("track \"\"").as_deref(), None);
        assert_eq!(time_stamp("track \"2023-04-18\"").as_deref(), None);
        assert_eq!(
            time_stamp("track \"2023-04-18T13:30:00 tomorrow\"").as_deref(),
            None
        );
    }
}
