//! A line-by-line reader for the `timeline:` list of the native format, in exactly the shape
//! retrace's writer gives it (and docs/FORMAT.md shows): one block sequence of events at one
//! indentation, each event's keys one per line at the item's column, every value a one-line
//! scalar (double-quoted, single-quoted or plain) or, for `links`, a one-line flow list.
//!
//! serde_yaml (libyaml underneath) spends about 10 µs an event on such a list; this reader about
//! a tenth of that. It is only a shortcut: [`split`] reads the timeline and hands back the rest of
//! the file (the *head*: title, fields, branches) with the timeline replaced by a one-line
//! stand-in on the same line, every other line where it was. The YAML module parses the head
//! with serde_yaml as before and takes the events from here. Anything this reader is not sure of
//! — flow style, anchors, aliases, tags, block scalars, a value going on to the next line, odd
//! indentation, tabs, carriage returns (a file whose every line ends CRLF is read, by
//! `yaml::parse_split`, with them taken off), control characters, duplicate or unknown keys, an
//! escape it does not know, a plain scalar that could read as null, a comment where it does not
//! expect one — makes it give up (`None`), and the whole file goes through serde_yaml, so every error
//! keeps its `path:line:col` from there. A differential test holds it to serde_yaml's answers.
//!
//! One pass over the bytes of the timeline, no backtracking: linear in the input.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IntoDeserializer;

use super::yaml::EventDoc;
use crate::model::EventKind;

/// The `at` of the one event the head's stand-in holds: a control character no file holds
/// unescaped and few would escape, so when serde_yaml reads it back from the head, the
/// `timeline:` line was indeed the document's top-level key.
pub(super) const STAND_IN_AT: &str = "\u{1}retrace: timeline read apart";
const STAND_IN: &str = "timeline: [{at: \"\\x01retrace: timeline read apart\", text: \"\"}]";

/// A file whose timeline was read here.
#[derive(Debug)]
pub(super) struct Split<'a> {
    /// The file with the timeline's lines blanked and `timeline:` holding [`STAND_IN_AT`]; every
    /// other line where it was.
    pub head: String,
    /// The bytes before the `timeline:` line.
    pub before: &'a str,
    pub items: Items<'a>,
}

/// Where each event of the timeline was read: enough to locate `timeline.N` and
/// `timeline.N.KEY` as the YAML module's line index does for the whole file.
#[derive(Debug)]
pub(super) struct Items<'a> {
    text: &'a str,
    /// Column of the items' `-` (0-based).
    dash: usize,
    /// Byte offset of each item's first line.
    starts: Vec<usize>,
    /// 1-based line of each item's first line.
    lines: Vec<usize>,
    /// Byte offset just past the timeline.
    end: usize,
}

impl Items<'_> {
    /// The 1-based line of each item.
    pub fn lines(&self) -> &[usize] {
        &self.lines
    }

    /// The 1-based (line, col) of `N` or `N.KEY...` (the path below `timeline.`), as the line
    /// index finds it in the whole file: the item's content, or its key's line; `None` when
    /// there is no item `N` (the caller then stays at `timeline` itself).
    pub fn locate(&self, rest: &str) -> Option<(usize, usize)> {
        let mut segs = rest.split('.').filter(|s| !s.is_empty());
        let n: usize = segs.next()?.parse().ok()?;
        let (&start, &line) = (self.starts.get(n)?, self.lines.get(n)?);
        let item = (line, self.dash + 3);
        let Some(key) = segs.next() else {
            return Some(item);
        };
        let end = self.starts.get(n + 1).copied().unwrap_or(self.end);
        let body = &self.text[start..end];
        for (k, l) in body.split('\n').enumerate() {
            let content = if k == 0 {
                l.get(self.dash + 2..)
            } else {
                l.strip_prefix(&*" ".repeat(self.dash + 2))
            };
            if let Some(c) = content
                && c.split_once(':').is_some_and(|(k, _)| k == key)
            {
                return Some((line + k, self.dash + 3));
            }
        }
        Some(item)
    }
}

/// The keys of an event, one bit each (a key given twice makes the reader give up).
const KEYS: [&str; 9] = [
    "at",
    "kind",
    "text",
    "author",
    "links",
    "key",
    "approximate",
    "branch",
    "source",
];

/// Find the timeline of `text` and its items, and the rest of the file (the head), or `None`
/// when there is no timeline in block style at the top level. The items are read one by one
/// afterwards ([`Split::event`]), so that no vector of a million unconverted events is held.
pub(super) fn split(text: &str) -> Option<Split<'_>> {
    let bytes = text.as_bytes();
    let start = timeline_line(text)?;
    let line0 = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
    // The line after `timeline:`.
    let mut p = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i + 1)?;
    let mut line = line0 + 1;
    let mut dash: Option<usize> = None;
    let mut starts = Vec::new();
    let mut lines = Vec::new();
    // Where each item starts, and where the timeline ends: the first line at the top level
    // that is not an item (the items' own lines are checked as each is read).
    let end = loop {
        if p >= bytes.len() {
            break bytes.len();
        }
        let eol = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |i| p + i);
        let l = &bytes[p..eol];
        let indent = l.iter().take_while(|&&b| b == b' ').count();
        let rest = &l[indent..];
        if !(rest.is_empty() || rest[0] == b'#') {
            let item = rest.starts_with(b"- ");
            let d = *dash.get_or_insert(indent);
            if indent == d && item {
                starts.push(p);
                lines.push(line);
            } else if indent == 0 {
                // A top-level line ends the timeline (a `- ` here is left to serde_yaml).
                break p;
            } else if starts.is_empty() {
                return None;
            }
        }
        p = eol + 1;
        line += 1;
    };
    if starts.is_empty() {
        return None;
    }
    let mut head = String::with_capacity(start + STAND_IN.len() + (bytes.len() - end) + 64);
    head.push_str(&text[..start]);
    head.push_str(STAND_IN);
    head.push('\n');
    if end < bytes.len() {
        // Keep what follows on its own lines.
        let blanked = line - line0;
        head.extend(std::iter::repeat_n('\n', blanked.saturating_sub(1)));
        head.push_str(&text[end..]);
    }
    Some(Split {
        head,
        before: &text[..start],
        items: Items {
            text,
            dash: dash?,
            starts,
            lines,
            end,
        },
    })
}

impl Split<'_> {
    /// How many events the timeline holds.
    pub fn len(&self) -> usize {
        self.items.starts.len()
    }

    /// Read event `i`, and at least what serde_yaml's reading of it would charge to the alias
    /// budget ([`super::budget`]): the bytes of every key and value, and a few units for each.
    /// `None` when this reader is not sure of it.
    pub fn event(&self, i: usize) -> Option<(EventDoc, u64)> {
        let items = &self.items;
        let start = *items.starts.get(i)?;
        let end = items.starts.get(i + 1).copied().unwrap_or(items.end);
        let d = items.dash;
        let body = &items.text[start..end];
        let mut ev = Partial::default();
        let mut from = 0;
        for k in 0.. {
            if from > body.len() {
                break;
            }
            let to =
                memchr::memchr(b'\n', &body.as_bytes()[from..]).map_or(body.len(), |i| from + i);
            let l = &body[from..to];
            from = to + 1;
            if !printable(l.as_bytes()) {
                return None;
            }
            let indent = l.len() - l.trim_start_matches(' ').len();
            let rest = &l[indent..];
            if k == 0 {
                ev.field(rest.strip_prefix("- ")?)?;
            } else if rest.is_empty() || rest.starts_with('#') {
                continue;
            } else if indent == d + 2 {
                ev.field(rest)?;
            } else if indent == d + 4 && ev.links_open {
                // An item of a block `links:` list.
                let link = string(rest.strip_prefix("- ")?)?;
                ev.cost += link.len() as u64 + 4;
                ev.links.push(link.into_owned());
            } else {
                return None;
            }
        }
        ev.finish()
    }
}

/// The byte offset of the first line that is exactly `timeline:` at the top level (a comment
/// after it allowed), followed by more lines.
fn timeline_line(text: &str) -> Option<usize> {
    let mut p = 0;
    let bytes = text.as_bytes();
    for i in memchr::memmem::find_iter(bytes, b"timeline:") {
        if i < p || (i > 0 && bytes[i - 1] != b'\n') {
            continue;
        }
        let eol = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |e| i + e);
        let after = &text[i + "timeline:".len()..eol];
        let trimmed = after.trim_start_matches(' ');
        if after.is_empty()
            || (after.starts_with(' ') && (trimmed.is_empty() || trimmed.starts_with('#')))
        {
            return Some(i);
        }
        p = eol;
    }
    None
}

/// Every character one libyaml takes as it is on one line of a block: printable ASCII (no tab,
/// no carriage return) and any other character but the C1 controls, the Unicode line and
/// paragraph separators, the byte-order mark and the two non-characters U+FFFE and U+FFFF.
fn printable(l: &[u8]) -> bool {
    // Most lines are printable ASCII: sixteen bytes at a time, without stopping inside them.
    let ascii = |b: &u8| (0x20..0x7f).contains(b);
    let chunks = l.chunks_exact(16);
    let tail = chunks.remainder();
    if chunks
        .into_iter()
        .all(|ch| ch.iter().fold(true, |all, b| all & ascii(b)))
        && tail.iter().all(ascii)
    {
        return true;
    }
    let mut i = 0;
    while i < l.len() {
        let b = l[i];
        if b < 0x80 {
            if !(0x20..0x7f).contains(&b) {
                return false;
            }
            i += 1;
            continue;
        }
        // `l` is UTF-8 (it came from a `&str`): look at the few sequences to refuse.
        let next = l.get(i + 1).copied().unwrap_or(0);
        let third = l.get(i + 2).copied().unwrap_or(0);
        let refused = match b {
            0xC2 => next < 0xA0,
            0xE2 => next == 0x80 && matches!(third, 0xA8 | 0xA9),
            0xEF => {
                (next == 0xBB && third == 0xBF) || (next == 0xBF && matches!(third, 0xBE | 0xBF))
            }
            _ => false,
        };
        if refused {
            return false;
        }
        i += 1;
    }
    true
}

/// An event being read: its keys so far.
#[derive(Default)]
struct Partial {
    seen: u16,
    /// `links:` had no value on its line: its items follow, one a line.
    links_open: bool,
    /// What serde_yaml would charge for the event at most.
    cost: u64,
    at: Option<String>,
    kind: Option<EventKind>,
    text: Option<String>,
    author: Option<String>,
    links: Vec<String>,
    key: bool,
    approximate: bool,
    branch: Option<String>,
    source: Option<String>,
}

impl Partial {
    /// One `key: value` line (the item's dash and indentation already taken off).
    fn field(&mut self, line: &str) -> Option<()> {
        let colon = memchr::memchr(b':', line.as_bytes())?;
        let (key, value) = (&line[..colon], &line[colon + 1..]);
        let bit = KEYS.iter().position(|k| *k == key)?;
        if self.seen & (1 << bit) != 0 {
            return None;
        }
        self.seen |= 1 << bit;
        if self.links_open {
            // The block list ends here.
            if self.links.is_empty() {
                return None;
            }
            self.links_open = false;
        }
        self.cost += key.len() as u64 + value.len() as u64 + 8;
        if key == "links" && (value.is_empty() || (value.starts_with(' ') && only_comment(value))) {
            self.links_open = true;
            return Some(());
        }
        // `key:` then at least one space and a value on the same line.
        let value = value.strip_prefix(' ')?.trim_start_matches(' ');
        match key {
            "at" => self.at = Some(string(value)?.into_owned()),
            "text" => self.text = Some(string(value)?.into_owned()),
            "author" => self.author = Some(string(value)?.into_owned()),
            "branch" => self.branch = Some(string(value)?.into_owned()),
            "source" => self.source = Some(string(value)?.into_owned()),
            "kind" => {
                let word = string(value)?;
                let kind: Result<EventKind, serde::de::value::Error> =
                    EventKind::deserialize(word.as_ref().into_deserializer());
                self.kind = Some(kind.ok()?);
            }
            "key" => self.key = boolean(value)?,
            "approximate" => self.approximate = boolean(value)?,
            "links" => self.links = flow_list(value)?,
            _ => return None,
        }
        Some(())
    }

    fn finish(self) -> Option<(EventDoc, u64)> {
        if self.links_open && self.links.is_empty() {
            return None;
        }
        let cost = self.cost + 8;
        Some((
            EventDoc {
                at: self.at?,
                kind: self.kind,
                text: self.text?,
                author: self.author,
                links: self.links,
                key: self.key,
                approximate: self.approximate,
                branch: self.branch,
                source: self.source,
            },
            cost,
        ))
    }
}

/// What may follow a value on its line: spaces, then nothing or a comment after a space.
fn only_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// `true` or `false`, as written by the writer (other spellings go to serde_yaml).
fn boolean(value: &str) -> Option<bool> {
    let (word, rest) = value.split_at(value.find(' ').unwrap_or(value.len()));
    if !only_comment(rest) {
        return None;
    }
    match word {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A string value in block context: quoted, or plain on one line.
fn string(value: &str) -> Option<Cow<'_, str>> {
    let (s, rest) = match value.as_bytes().first()? {
        b'"' => double_quoted(value)?,
        b'\'' => single_quoted(value)?,
        _ => return plain(value, false).map(Cow::Borrowed),
    };
    only_comment(rest).then_some(s)
}

/// A plain scalar that runs to the end of the line (or to a comment); `flow`: inside `[...]`,
/// where it also ends at `,` or `]` — then the caller gets only the scalar, and the rest is
/// checked there.
fn plain(value: &str, flow: bool) -> Option<&str> {
    let first = value.chars().next()?;
    // A letter or digit first rules out every indicator (`- ? : , [ ] { } # & * ! | > ' " % @ \``).
    if first.is_ascii() && !first.is_ascii_alphanumeric() {
        return None;
    }
    let bytes = value.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        match b {
            // A comment (inside `[...]` it would leave the list open).
            b'#' if bytes[i - 1] == b' ' => {
                if flow {
                    return None;
                }
                end = i;
                break;
            }
            // `: ` (or `:` at the end) would make a mapping; in a flow list `:,` and the like
            // are errors (the list's `,` and `]` end the slice given here).
            b':' if matches!(next, None | Some(b' ')) => return None,
            b':' if flow && matches!(next, Some(b'?' | b'[' | b']' | b'{' | b'}')) => return None,
            b',' | b'[' | b']' | b'{' | b'}' if flow => return None,
            _ => {}
        }
    }
    let s = value[..end].trim_end_matches(' ');
    // Words serde_yaml would read as null for an optional field.
    if matches!(s, "null" | "Null" | "NULL") {
        return None;
    }
    Some(s)
}

/// `"..."` on one line: the string and what follows the closing quote.
fn double_quoted(value: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = &value[1..];
    let bytes = body.as_bytes();
    let first = memchr::memchr2(b'"', b'\\', bytes)?;
    if bytes[first] == b'"' {
        return Some((Cow::Borrowed(&body[..first]), &body[first + 1..]));
    }
    let mut out = String::with_capacity(body.len());
    out.push_str(&body[..first]);
    let mut i = first;
    loop {
        let next = i + memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        out.push_str(&body[i..next]);
        if bytes[next] == b'"' {
            return Some((Cow::Owned(out), &body[next + 1..]));
        }
        let esc = *bytes.get(next + 1)?;
        i = next + 2;
        let c = match esc {
            b'\\' => '\\',
            b'"' => '"',
            b'/' => '/',
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'N' => '\u{85}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' | b'u' => {
                let digits = if esc == b'x' { 2 } else { 4 };
                let hex = body.get(i..i + digits)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                i += digits;
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        };
        out.push(c);
    }
}

/// `'...'` on one line (`''` is a quote): the string and what follows the closing quote.
fn single_quoted(value: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = &value[1..];
    let mut out: Option<String> = None;
    let mut i = 0;
    loop {
        let q = i + body[i..].find('\'')?;
        if body.as_bytes().get(q + 1) == Some(&b'\'') {
            out.get_or_insert_with(String::new).push_str(&body[i..=q]);
            i = q + 2;
            continue;
        }
        let s = match out {
            Some(mut o) => {
                o.push_str(&body[i..q]);
                Cow::Owned(o)
            }
            None => Cow::Borrowed(&body[..q]),
        };
        return Some((s, &body[q + 1..]));
    }
}

/// `[a, "b", 'c']` on one line (`[]` empty).
fn flow_list(value: &str) -> Option<Vec<String>> {
    let mut rest = value.strip_prefix('[')?.trim_start_matches(' ');
    let mut items = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        return only_comment(after).then_some(items);
    }
    loop {
        let (item, after) = match rest.as_bytes().first()? {
            b'"' => double_quoted(rest)?,
            b'\'' => single_quoted(rest)?,
            _ => {
                let end = rest.find([',', ']']).unwrap_or(rest.len());
                let s = plain(&rest[..end], true)?;
                (Cow::Borrowed(s), &rest[end..])
            }
        };
        items.push(item.into_owned());
        let after = after.trim_start_matches(' ');
        if let Some(more) = after.strip_prefix(',') {
            rest = more.trim_start_matches(' ');
        } else {
            return only_comment(after.strip_prefix(']')?).then_some(items);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::super::yaml::{self, EventDoc, IncidentDoc};
    use super::super::yaml_emit;
    use super::{Deserialize, EventKind, IntoDeserializer};

    /// The reader either declines or gives exactly what serde_yaml gives (the incident with its
    /// events' lines, and every warning); `true` when it read the file.
    fn same_or_declined(name: &str, text: &str) -> bool {
        let path = Path::new(name);
        match yaml::parse_split(path, text) {
            None => false,
            Some(fast) => {
                let whole = yaml::parse_whole(path, text);
                assert_eq!(
                    format!("{:?}", Ok::<_, ()>(fast)),
                    format!("{:?}", whole.map_err(|_| ())),
                    "the timeline reader and serde_yaml differ on\n{text}"
                );
                true
            }
        }
    }

    fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }

    #[test]
    fn every_yaml_in_the_repository_reads_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("data"), &mut files);
        yaml_files(&root.join("tests/fixtures"), &mut files);
        assert!(files.len() > 20, "{files:?}");
        let mut read = 0;
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            if same_or_declined(&f.display().to_string(), &text) {
                read += 1;
            }
        }
        // The shipped samples are in the writer's shape: all read here.
        let samples = files.iter().filter(|f| f.starts_with(root.join("data")));
        for f in samples {
            let text = std::fs::read_to_string(f).unwrap();
            assert!(
                yaml::parse_split(Path::new("s.yaml"), &text).is_some(),
                "{} not read by the timeline reader",
                f.display()
            );
        }
        assert!(read * 2 > files.len(), "{read} of {}", files.len());
    }

    #[test]
    fn crlf_files_are_read_here_and_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("data"), &mut files);
        assert!(!files.is_empty());
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap().replace('\n', "\r\n");
            let name = f.display().to_string();
            assert!(same_or_declined(&name, &text), "{name} with CRLF declined");
            let (crlf, _) = yaml::parse_split(Path::new("s.yaml"), &text).unwrap();
            let lf = yaml::parse_split(Path::new("s.yaml"), &text.replace("\r\n", "\n"));
            assert_eq!(
                format!("{crlf:?}"),
                format!("{:?}", lf.unwrap().0),
                "{name}"
            );
        }
        // A carriage return that ends no line is serde_yaml's to read.
        let text = format!("{HEAD}timeline:\r\n  - at: \"10:30\"\r\n    text: a\rb\r\n");
        assert_eq!(read(&text), None);
        // Block scalars with CRLF in the head: YAML normalises their line breaks too.
        let text = format!(
            "{HEAD}summary: |\r\n  two\r\n  lines\r\nimpact: >\r\n  folded\r\n  text\r\ntimeline:\r\n  - at: \"10:30\"\r\n    text: a\r\n"
        );
        assert_eq!(read(&text), Some(1));
    }

    const HEAD: &str = "title: Checkout slow\ndate: 2024-08-15\n";

    fn read(text: &str) -> Option<usize> {
        let (inc, _) = yaml::parse_split(Path::new("t.yaml"), text)?;
        assert!(same_or_declined("t.yaml", text));
        Some(inc.timeline.len())
    }

    #[test]
    fn the_writers_shapes_are_read() {
        let t = format!(
            "{HEAD}timeline:\n  - at: \"10:30\"\n    kind: detection  # inferred (rule kind:x: \"a: b\")\n    text: Alert on DB CPU\n    author: 'Ana ''the'' on-call'\n    links: [https://dash/x?a=1, \"b, c\", 'd']\n    key: true\n    approximate: false\n    branch: db\n    source: \"slack:C1/1.2\"\n\n  # a comment\n  - at: \"10:45\"\n    text: \"esc \\\" \\\\ \\n \\t \\x41 \\u00e9 \\N \\L \\P \\/\"\n    links: []\n"
        );
        assert_eq!(read(&t), Some(2));
        // Items at the key's column, a key after the timeline, no newline at the end.
        let t = format!("{HEAD}timeline:\n- at: \"10:30\"\n  text: a\nsummary: after\n");
        assert_eq!(read(&t), Some(1));
        let t =
            format!("timeline:\n  - at: \"2024-08-15 10:30\"\n    text: a #1 ok\n# end\n\n{HEAD}");
        assert_eq!(read(&t), Some(1));
        let t = format!("{HEAD}timeline:\n  - at: \"10:30\"\n    text: a");
        assert_eq!(read(&t), Some(1));
    }

    #[test]
    fn plain_words_read_as_serde_yaml_reads_them() {
        // Numbers, dates, booleans of YAML 1.1 and 1.2: plain text to a string field.
        for word in [
            "0x1F",
            "1e3",
            "123",
            "0o17",
            "1_000",
            "12:30:45",
            "2024-08-15",
            "true",
            "yes",
            "off",
            "y",
            "n",
            "inf",
            "nan",
            "No",
            "FALSE",
            "a\u{a0}b",
            "\u{a0}x",
            "Zürich",
            "x'y\"z",
            "a#b",
            "a:b",
            "a,b[c]{d}",
            "a - b",
            "a ? b",
            "a: ",
            "a:",
            "a #b",
        ] {
            for key in ["text", "author", "branch", "source"] {
                let text =
                    format!("{HEAD}timeline:\n  - at: \"10:30\"\n    text: x\n    {key}: {word}\n")
                        .replacen("    text: x\n    text", "    text", 1);
                same_or_declined("p.yaml", &text);
            }
            let links = format!(
                "{HEAD}timeline:\n  - at: \"10:30\"\n    text: x\n    links: [{word}, b]\n"
            );
            same_or_declined("p.yaml", &links);
        }
        // Those read here (so compared above, not declined).
        for word in [
            "0x1F",
            "1e3",
            "123",
            "true",
            "yes",
            "Zürich",
            "a#b",
            "a:b",
            "2024-08-15",
        ] {
            let text = format!("{HEAD}timeline:\n  - at: \"10:30\"\n    text: {word}\n");
            assert_eq!(read(&text), Some(1), "{word}");
        }
        // Optional fields written `null`, `~` or left empty are serde_yaml's to read.
        for null in ["null", "Null", "NULL", "~", ""] {
            let text =
                format!("{HEAD}timeline:\n  - at: \"10:30\"\n    text: x\n    author: {null}\n");
            assert_eq!(read(&text), None, "{null}");
        }
        // No `date:`: the first date written in the timeline is the day.
        let text = "title: x\ntimeline:\n  - at: \"23:00\"\n    text: a\n  - at: \"2024-08-15 23:30\"\n    text: b\n  - at: \"00:10\"\n    text: c\n";
        assert_eq!(read(text), Some(3));
    }

    #[test]
    fn anything_unsure_is_left_to_serde_yaml() {
        for timeline in [
            // flow style, anchors, aliases, tags, block scalars
            "timeline: [{at: \"10:30\", text: a}]\n",
            "timeline:\n  - {at: \"10:30\", text: a}\n",
            "timeline:\n  - at: \"10:30\"\n    text: &a x\n",
            "timeline:\n  - at: \"10:30\"\n    text: *a\n",
            "timeline:\n  - at: \"10:30\"\n    text: !!str x\n",
            "timeline:\n  - at: \"10:30\"\n    text: |\n      x\n",
            // a value going on, odd indentation, tabs, CR, duplicate and unknown keys
            "timeline:\n  - at: \"10:30\"\n    text: a\n      b\n",
            "timeline:\n  - at: \"10:30\"\n     text: a\n",
            "timeline:\n  - at: \"10:30\"\n   text: a\n",
            "timeline:\n  - at: \"10:30\"\n    text:\ta\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    text: b\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    colour: red\n",
            "timeline:\n  - at: \"10:30\"\n    text: \"a\n      b\"\n",
            // escapes it does not know, nulls, a mapping in a value, missing keys
            "timeline:\n  - at: \"10:30\"\n    text: \"\\e\"\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    author: null\n",
            "timeline:\n  - at: \"10:30\"\n    text: a: b\n",
            "timeline:\n  - at: \"10:30\"\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    key: yes\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    links:\n    - x\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    links:\n    kind: note\n",
            "timeline:\n  - at: \"10:30\"\n    text: \"a\"b\n",
            "timeline:\n  - at: \"10:30\"\n    text: a\n    kind: Note\n",
        ] {
            let text = format!("{HEAD}{timeline}");
            assert_eq!(read(&text), None, "{timeline}");
        }
        // `timeline:` inside a quoted scalar is not the key.
        let text = "title: x\nsummary: \"a\ntimeline:\n  - at: \\\"10:30\\\"\n\"\n";
        assert_eq!(read(text), None);
    }

    #[test]
    fn errors_and_warnings_are_serde_yamls() {
        // A bad time: the whole file is read by serde_yaml, the error located as before.
        let text = format!(
            "{HEAD}timeline:\n  - at: \"10:30\"\n    text: a\n  - at: \"tea time\"\n    text: b\n"
        );
        assert!(yaml::parse_split(Path::new("b.yaml"), &text).is_none());
        let e = yaml::parse(Path::new("b.yaml"), &text)
            .unwrap_err()
            .to_diagnostic();
        assert_eq!((e.line, e.col), (6, 5), "{e}");
        // Warnings located in the timeline (out of order, an undeclared branch, unknown head key).
        let text = format!(
            "{HEAD}colour: red\ntimeline:\n  - at: \"10:30\"\n    text: a\n  - at: \"10:20\"\n    kind: note\n    branch: db\n    text: b\n"
        );
        let (_, warnings) = yaml::parse_split(Path::new("w.yaml"), &text).unwrap();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(same_or_declined("w.yaml", &text));
    }

    #[test]
    fn long_hostile_lines_stay_linear() {
        let escapes = "\\\"".repeat(500_000);
        let quotes = "''".repeat(500_000);
        let text = format!(
            "{HEAD}timeline:\n  - at: \"10:30\"\n    text: \"{escapes}\"\n    author: '{quotes}'\n    links: [{}]\n",
            vec!["a"; 200_000].join(", ")
        );
        let started = std::time::Instant::now();
        assert_eq!(read(&text), Some(1));
        assert!(started.elapsed().as_secs() < 20);
    }

    /// Fragments that quoting and plain scalars trip over.
    fn hostile() -> impl Strategy<Value = String> {
        let fragments = prop::sample::select(vec![
            "a",
            "Ana",
            "é",
            "日本",
            ": ",
            ":",
            "#",
            " #",
            "# ",
            "\"",
            "'",
            "\\",
            "\\n",
            "- ",
            "-",
            " ",
            "  ",
            "null",
            "Null",
            "~",
            "true",
            "yes",
            "[a]",
            "{b: c}",
            ",",
            "&x",
            "*y",
            "!t",
            "|",
            ">",
            "%",
            "@",
            "`",
            "\t",
            "\u{85}",
            "\u{2028}",
            "\u{feff}",
            "\u{7f}",
            "\u{1}",
            "\r",
            "10:30",
            "0x1F",
            "1e3",
            ".5",
            "-1",
            "?",
            "https://x.example/a?b=c",
            "a:b",
            "::",
            "''",
            "\"\"",
            "---",
            "...",
            "\u{1F600}",
        ]);
        let mild = prop::sample::select(vec![
            "Alert on DB CPU",
            "Rolled back deploy 42",
            "p99 at 2.3s; paging",
            "Ana",
            "cause",
            "https://dash.example/d/x?from=now-1h",
            "Zürich edge",
            "日本のCDN",
            "a-b_c.d/e",
        ]);
        prop_oneof![
            4 => mild.prop_map(String::from),
            1 => Just(String::new()),
            4 => prop::collection::vec(fragments, 1..5).prop_map(|v| v.concat()),
            1 => (1usize..3).prop_map(|n| "long words ".repeat(n * 500)),
        ]
    }

    /// `s` as a value: as the writer writes it, or raw in some quoting (often broken YAML).
    fn render(s: &str, form: u8) -> String {
        match form {
            0 => yaml_emit::scalar(s, false),
            1 => s.to_string(),
            2 => yaml_emit::quoted(s),
            3 => format!("'{}'", s.replace('\'', "''")),
            _ => format!("\"{s}\""),
        }
    }

    #[derive(Clone, Debug)]
    struct Gen {
        fields: Vec<(String, String, u8)>,
        comment: Option<String>,
        blank: bool,
        dash: usize,
        jitter: u8,
    }

    fn gen_event() -> impl Strategy<Value = Gen> {
        let extra = prop::sample::select(vec![
            "kind",
            "author",
            "links",
            "key",
            "approximate",
            "branch",
            "source",
            "at",
            "text",
            "colour",
        ]);
        // Mostly the writer's forms (0) and quotes (2, 3); raw text (1, 4) now and then.
        let form = prop::sample::select(vec![0u8, 0, 0, 0, 2, 2, 3, 1, 4, 5, 5]);
        let at_form = prop::sample::select(vec![4u8, 4, 4, 4, 4, 5, 5, 5, 5, 0, 2]);
        (
            ((hostile(), at_form), (hostile(), form.clone())),
            prop::collection::vec((extra, hostile(), form), 0..4),
            prop::option::of(hostile()),
            any::<bool>(),
            prop::sample::select(vec![0usize, 2, 2, 2, 4]),
            0u8..40,
        )
            .prop_map(
                |(((at, af), (text, tf)), extras, comment, blank, dash, jitter)| {
                    let mut fields =
                        vec![("at".to_string(), at, af), ("text".to_string(), text, tf)];
                    fields.extend(extras.into_iter().map(|(k, v, f)| (k.to_string(), v, f)));
                    Gen {
                        fields,
                        comment,
                        blank,
                        dash,
                        jitter,
                    }
                },
            )
    }

    fn write_event(g: &Gen, dash: usize, out: &mut String) {
        for (i, (k, v, form)) in g.fields.iter().enumerate() {
            let value = match k.as_str() {
                "at" if *form >= 4 => {
                    ["\"10:30\"", "'2024-08-16 09:00'  # c"][*form as usize - 4].into()
                }
                "kind" if *form >= 4 => {
                    ["note", "impact-start  # inferred (rule x: \"y\")"][*form as usize - 4].into()
                }
                "key" | "approximate" if *form >= 4 => ["true", "false"][*form as usize - 4].into(),
                "links" => format!("[{}, {}]", render(v, *form), render("b", 0)),
                _ => render(v, *form),
            };
            let pad = match (i, g.jitter) {
                (0, _) => format!("{}- ", " ".repeat(dash)),
                (_, 0) => " ".repeat(dash + 3),
                (_, 1) => " ".repeat(dash + 1),
                _ => " ".repeat(dash + 2),
            };
            out.push_str(&format!("{pad}{k}: {value}"));
            if let (Some(c), 2) = (&g.comment, g.jitter) {
                out.push_str(&format!("  # {c}"));
            }
            out.push('\n');
            if g.blank && i == 0 {
                out.push_str(if g.jitter == 3 { "  # note\n" } else { "\n" });
            }
        }
    }

    /// The whole of a file: a head, the timeline (all its items at the first item's column),
    /// and maybe keys after it.
    fn file(events: &[Gen], tail: bool) -> String {
        let mut out = String::from(HEAD);
        out.push_str(
            "branches:\n  - id: db\n    hypothesis: the database\n    outcome: ruled-out\n",
        );
        out.push_str("timeline:\n");
        let dash = events.first().map_or(2, |g| g.dash);
        for g in events {
            write_event(g, dash, &mut out);
        }
        if tail {
            // An unknown key too: its warning is located on its own line.
            out.push_str("summary: \"after the timeline\"\n\ncolour: red\nseverity: SEV2\n");
        }
        out
    }

    /// Events in the writer's own shape (`yaml_emit`), with hostile text and comments.
    fn writer_doc() -> impl Strategy<Value = (IncidentDoc, Vec<Option<String>>)> {
        let event = (
            prop::sample::select(vec![
                "10:30",
                "10:31-ish",
                "2024-08-15 11:00",
                "2024-08-16T01:00:00Z",
            ]),
            prop::option::of(prop::sample::select(vec![
                "note",
                "detection",
                "hypothesis",
            ])),
            hostile(),
            prop::option::of(hostile()),
            prop::collection::vec(hostile(), 0..3),
            any::<(bool, bool)>(),
            prop::option::of(prop::sample::select(vec!["db", "dns"])),
            prop::option::of(hostile()),
            prop::option::of(hostile()),
        );
        prop::collection::vec(event, 1..8).prop_map(|events| {
            let mut comments = Vec::new();
            let timeline = events
                .into_iter()
                .map(
                    |(
                        at,
                        kind,
                        text,
                        author,
                        links,
                        (key, approximate),
                        branch,
                        source,
                        comment,
                    )| {
                        comments.push(comment);
                        EventDoc {
                            at: at.into(),
                            kind: kind.map(|k| {
                                let r: Result<EventKind, serde::de::value::Error> =
                                    EventKind::deserialize(k.into_deserializer());
                                r.unwrap()
                            }),
                            text,
                            author,
                            links,
                            key,
                            approximate,
                            branch: branch.map(Into::into),
                            source,
                        }
                    },
                )
                .collect();
            let doc = IncidentDoc {
                title: "Generated".into(),
                date: Some("2024-08-15".into()),
                timeline,
                ..IncidentDoc::default()
            };
            (doc, comments)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn hostile_timelines_are_read_the_same_or_declined(
            events in prop::collection::vec(gen_event(), 1..6),
            tail in any::<bool>(),
        ) {
            let text = file(&events, tail);
            same_or_declined("h.yaml", &text);
        }

        #[test]
        fn the_writers_files_are_read_here_and_the_same((doc, comments) in writer_doc()) {
            // The writer's comments hold the words a rule matched in cleaned text: no control
            // characters or line separators (a tab in a comment makes the reader decline).
            let comments = comments
                .into_iter()
                .map(|c| c.filter(|c| super::printable(c.as_bytes())))
                .collect();
            let comments = yaml_emit::InferredComments { events: comments, milestones: Vec::new() };
            let text = yaml_emit::incident(&doc, &comments);
            let whole = yaml::parse_whole(Path::new("g.yaml"), &text);
            if whole.is_ok() {
                prop_assert!(
                    same_or_declined("g.yaml", &text),
                    "declined a file in the writer's shape:\n{}",
                    text
                );
                // The same file saved with CRLF line ends.
                let crlf = text.replace('\n', "\r\n");
                prop_assert!(
                    same_or_declined("g.yaml", &crlf),
                    "declined a CRLF file in the writer's shape:\n{}",
                    crlf
                );
            }
        }
    }
}
