//! Site generators' markup inside the text: Hugo shortcodes (`{{< name args >}}`,
//! `{{% name args %}}`) and Jekyll/Liquid tags (`{% include x.html %}`). (Emoji codes such as
//! `:fire:`, which GitHub also calls shortcodes, are read in `lines.rs`.)
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

/// The file's lines with site-generator markup read, or `None` when there is nothing to read:
/// no shortcode or tag at all (the common case, one scan for `{`), or a file that is no
/// site-generator page. A page opens with front matter or holds a stamp shortcode; elsewhere a
/// shortcode or tag is quoted as the subject of the incident (`the build fails at {% include
/// footer.html %}`) and stays as written. Inside a code span or fence nothing is touched.
pub fn read_site_shortcodes(text: &str) -> Option<Vec<Cow<'_, str>>> {
    let has_code =
        memchr::memchr_iter(b'{', text.as_bytes()).any(|at| opening_mark(&text[at..]).is_some());
    if !has_code {
        return None;
    }
    let first = text.split('\n').next().unwrap_or("").trim_end();
    let page = first == "---" || first == "+++";
    if !page && !holds_a_stamp(text) {
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
        // A fence, a blank line, a lone `\` (a hard break, as ClearStatus puts between a
        // post's updates) or a heading ends the update being written; a heading is never part
        // of the next one.
        if fenced || t.is_empty() || t.trim_end() == "\\" || is_atx_heading(t) {
            update_start = None;
            continue;
        }
        if codes_in(&lines[i]).is_empty() {
            update_start.get_or_insert((i, 0));
            continue;
        }
        let line = lines[i].to_string();
        let codes = codes_in(&line);
        let mut out = String::with_capacity(line.len());
        let mut pos = 0;
        for (open, inside, close_end) in codes {
            out.push_str(&line[pos..open]);
            pos = close_end;
            let Some(stamp) = inside.and_then(time_stamp) else {
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
        out.push_str(&line[pos..]);
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

/// `# …` to `###### …` (a `#channel` or `#123` at a line's start is text).
fn is_atx_heading(t: &str) -> bool {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && t[hashes..].chars().next().is_none_or(char::is_whitespace)
}

/// Opening and closing marks of a shortcode or tag, longest first; whether the inside may
/// hold a stamp.
const MARKS: [(&str, &str, bool); 3] = [
    ("{{<", ">}}", true),
    ("{{%", "%}}", true),
    ("{%", "%}", false),
];

/// The marks `s` opens with, if it opens a shortcode or tag.
fn opening_mark(s: &str) -> Option<&'static (&'static str, &'static str, bool)> {
    MARKS.iter().find(|(m, _, _)| s.starts_with(m))
}

/// Whether any shortcode in `text` is a time stamp.
fn holds_a_stamp(text: &str) -> bool {
    text.split('\n').any(|line| {
        codes_in(line)
            .into_iter()
            .any(|(_, inside, _)| inside.and_then(time_stamp).is_some())
    })
}

/// A complete shortcode or tag on a line: where it opens, its inside (`None` for a Liquid tag,
/// which never holds a stamp) and where it ends (byte offsets).
type Code<'a> = (usize, Option<&'a str>, usize);

/// Every complete shortcode or tag in `line` outside code spans, in one pass over the line (a
/// hostile line of many backticks and marks stays linear). A bare `{{ … }}` is never one: it
/// is as often text (a CI expression, `${{ secrets.X }}`) as a template's placeholder. Nor is
/// a tag the page shows as text: Hugo's escaped `{{</* ref */>}}`, or anything between
/// Liquid's `{% raw %}` and `{% endraw %}`; those stay as written.
fn codes_in(line: &str) -> Vec<Code<'_>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    // The length of the backtick run that opened the code span we are in (0: none).
    let mut span = 0;
    // Marks and backticks before this byte were consumed by a code already read.
    let mut consumed = 0;
    for at in memchr::memchr2_iter(b'{', b'`', bytes) {
        if at < consumed {
            continue;
        }
        if bytes[at] == b'`' {
            // A run of backticks opens a span closed by a run of the same length.
            let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
            consumed = at + run;
            if span == 0 {
                span = run;
            } else if run == span {
                span = 0;
            }
            continue;
        }
        if span > 0 {
            continue;
        }
        let Some((mark, close, stamps)) = opening_mark(&line[at..]) else {
            continue;
        };
        let body_at = at + mark.len();
        let Some(end) = line[body_at..].find(close) else {
            break;
        };
        let body = line[body_at..body_at + end].trim();
        consumed = body_at + end + close.len();
        if body.starts_with("/*") && body.ends_with("*/") {
            continue; // Hugo's escaped shortcode: text.
        }
        if *mark == "{%" && body == "raw" {
            // Liquid's raw block: text up to its end tag (on this line, or the line's end).
            consumed = line[consumed..]
                .find("{% endraw %}")
                .map_or(line.len(), |e| consumed + e + "{% endraw %}".len());
            continue;
        }
        out.push((at, stamps.then_some(body), consumed));
    }
    out
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
        // Written `UTC-0600`: a bare `-06:00` after a clock would read as a range's end.
        z if is_offset(z) => format!(" UTC{}", z.replace(':', "")),
        _ => return None,
    };
    Some(format!("{} {}{zone}", &arg[..10], &arg[11..16]))
}

/// `+02:00`, `-0530`, `+02`: a sign, two digits of hours, and optionally two of minutes.
fn is_offset(z: &str) -> bool {
    let b = z.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    let number = |r: &[u8]| r.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    // Hours to 14 (the widest offset in use), minutes to 59.
    let (h, m) = match b.len() {
        3 if digits(&b[1..3]) => (&b[1..3], &b"00"[..]),
        5 if digits(&b[1..5]) => (&b[1..3], &b[3..5]),
        6 if digits(&b[1..3]) && b[3] == b':' && digits(&b[4..6]) => (&b[1..3], &b[4..6]),
        _ => return false,
    };
    matches!(b.first(), Some(b'+' | b'-')) && number(h) <= 14 && number(m) <= 59
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        read_site_shortcodes(text)
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
    fn other_shortcodes_are_dropped_on_a_page_and_kept_elsewhere() {
        let page = "---\ntitle: x\n---\nSee {{< figure src=\"graph.png\" >}} and {% include note.html %} here.\n";
        assert_eq!(read(page)[3], "See  and  here.");
        assert!(read_site_shortcodes("10:00 - pager fires\n").is_none());
        // Quoted as the subject of an incident in a file that is no site page: as written.
        assert!(
            read_site_shortcodes("- 10:00 the build fails with unknown tag {% include x %}\n")
                .is_none()
        );
    }

    #[test]
    fn a_code_span_is_never_touched() {
        let got = read(
            "Fails at `{{< ref \"setup.md\" >}}` first. {{< track \"2025-01-20T10:00:00Z\" >}}\n",
        );
        assert_eq!(
            got[0],
            "2025-01-20 10:00 UTC - Fails at `{{< ref \"setup.md\" >}}` first. "
        );
    }

    #[test]
    fn a_tag_shown_as_text_stays_as_written() {
        let page = "---\ntitle: x\n---\nFailed at {{</* ref \"a.md\" */>}} and {% raw %}{% include x %}{% endraw %}; ``{% y %}`` too.\n";
        assert!(read_site_shortcodes(page).is_none_or(|l| l[3]
            == "Failed at {{</* ref \"a.md\" */>}} and {% raw %}{% include x %}{% endraw %}; ``{% y %}`` too."));
        assert!(codes_in("a {{</* x */>}} {% raw %}{% y %}{% endraw %} ``{% z %}``").is_empty());
        assert_eq!(codes_in("`a` {% t %}").len(), 1);
    }

    #[test]
    fn a_heading_ends_an_update_and_is_never_part_of_the_next() {
        let got =
            read("## Investigating\nLooking into it. {{< track \"2021-06-14T08:10:00Z\" >}}\n");
        assert_eq!(got[0], "## Investigating");
        assert_eq!(got[1], "2021-06-14 08:10 UTC - Looking into it. ");
    }

    #[test]
    fn a_stamp_with_an_offset_keeps_it_and_a_bad_stamp_is_not_a_time() {
        assert_eq!(
            time_stamp("track \"2023-04-18T13:30:00+02:00\"").as_deref(),
            Some("2023-04-18 13:30 UTC+0200")
        );
        assert_eq!(time_stamp("track \"\"").as_deref(), None);
        assert_eq!(
            time_stamp("track \"2021-06-14T09:05:00+\x1b[2J\"").as_deref(),
            None
        );
        assert_eq!(
            time_stamp("track \"2021-06-14T09:05:00-0530\"").as_deref(),
            Some("2021-06-14 09:05 UTC-0530")
        );
        assert_eq!(time_stamp("track \"2023-04-18\"").as_deref(), None);
        assert_eq!(
            time_stamp("track \"2023-04-18T13:30:00 tomorrow\"").as_deref(),
            None
        );
    }
}
