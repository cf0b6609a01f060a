//! Format-preserving edits of an incident file: a change touches only the lines it concerns.
//!
//! The file is kept as its lines, byte for byte (each with its own line ending, so CRLF and
//! mixed files stay as they are). An edit finds what it concerns by a scan of the layout — the
//! top-level keys, the items of `timeline:` and `branches:` (block items at any indentation, or
//! a flow list) — and splices in only new or changed lines. Comments, the schema line, key
//! order, flow or block style, quoting and indentation elsewhere are never touched.
//!
//! Times are written in the shortest form that reads back as exactly the intended instant where
//! the item stands, and the item after an insertion is checked to read as before (a bare clock
//! is read on the running day of the item before it).
//!
//! Layouts this editor does not take on (a timeline written as a non-empty flow list, anchors or
//! aliases in the timeline, a root mapping that is not at column 0...) are reported as
//! [`NotEditable`] with the reason, so the caller can say so *before* anything is written.

use crate::ingest::clock::{self, ClockResolver};
use crate::ingest::yaml::{self, EventDoc};
use crate::ingest::yaml_emit::{self, FieldValue, TimeForm};
use crate::model::{Branch, Event, EventKind, Incident, MilestoneKind, Status, Timestamp};

use super::change::EventKey;

/// Why a file's layout cannot be edited in place (said to the user before any rewrite).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotEditable(pub String);

impl std::fmt::Display for NotEditable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn no<T>(why: impl Into<String>) -> Result<T, NotEditable> {
    Err(NotEditable(why.into()))
}

/// One line of the file, without its line ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Ended by `\r\n` rather than `\n`.
    pub cr: bool,
}

/// Lines taken out of a timeline, to be put back exactly where they were (undo of a delete).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawItem {
    pub lines: Vec<Line>,
    /// The event just before it in the file, `None` when it was the first.
    pub after: Option<EventKey>,
    /// How many lines after that event's last line (or after the `timeline:` line) it began.
    pub gap: usize,
}

/// The file being edited.
#[derive(Clone, Debug)]
pub struct Document {
    lines: Vec<Line>,
    /// The last line was ended by a newline.
    final_newline: bool,
    /// New lines end in `\r\n` (the file's first line does).
    crlf: bool,
}

/// Where an edit changed the lines: `[start, start + removed)` became `added` lines
/// (0-based). Event lines (1-based) after the change move by `added - removed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub removed: usize,
    pub added: usize,
}

impl Splice {
    /// A 1-based line as it is after this splice.
    pub fn shift(&self, line: usize) -> usize {
        if line > self.start + self.removed {
            line + self.added - self.removed
        } else {
            line
        }
    }
}

/// What an edit did: its splices (in order) and, for an event added or moved, the event as the
/// file now reads it (its line and time).
#[derive(Clone, Debug, Default)]
pub struct Edited {
    pub splices: Vec<Splice>,
    pub placed: Option<Placed>,
    /// Lines taken out (a deleted event), for an exact undo.
    pub removed: Option<RawItem>,
    /// The one line a key or field edit replaced, as it was (`Some(None)`: there was none), so
    /// an undo can put it back byte for byte; `None` when it cannot (several lines).
    pub previous: Option<Option<String>>,
}

/// What an undo may write back instead of rendering a value: the line as it was (`None`: no
/// line), see [`Edited::previous`].
pub type LineBack = Option<String>;

/// An event as placed in the file.
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    /// 1-based line of its item.
    pub line: usize,
    /// Its time as the file reads it back (same instant, the offset the reader gives it).
    pub at: Timestamp,
}

impl Document {
    pub fn parse(text: &str) -> Document {
        let mut lines: Vec<Line> = text
            .split('\n')
            .map(|l| match l.strip_suffix('\r') {
                Some(t) => Line {
                    text: t.to_string(),
                    cr: true,
                },
                None => Line {
                    text: l.to_string(),
                    cr: false,
                },
            })
            .collect();
        let final_newline = text.ends_with('\n');
        if final_newline || text.is_empty() {
            lines.pop();
        }
        let crlf = lines.first().is_some_and(|l| l.cr);
        Document {
            lines,
            final_newline,
            crlf,
        }
    }

    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 2).sum());
        for (i, l) in self.lines.iter().enumerate() {
            s.push_str(&l.text);
            if i + 1 < self.lines.len() || self.final_newline {
                s.push_str(if l.cr { "\r\n" } else { "\n" });
            }
        }
        s
    }

    fn new_line(&self, text: String) -> Line {
        Line {
            text,
            cr: self.crlf,
        }
    }

    fn splice(&mut self, start: usize, removed: usize, new: Vec<Line>) -> Splice {
        let added = new.len();
        if start + removed >= self.lines.len() && added > 0 {
            // Lines added at the very end: the line before them now needs its line ending.
            self.final_newline = true;
        }
        self.lines.splice(start..start + removed, new);
        Splice {
            start,
            removed,
            added,
        }
    }

    fn line(&self, i: usize) -> &str {
        self.lines.get(i).map_or("", |l| l.text.as_str())
    }

    // ----- layout ---------------------------------------------------------------------------

    /// The top-level keys, in file order.
    fn top_keys(&self) -> Result<Vec<TopKey>, NotEditable> {
        let mut keys: Vec<TopKey> = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let t = l.text.trim_start_matches('\u{feff}');
            if t.is_empty() || t.starts_with([' ', '\t', '#', '-']) || t.starts_with("...") {
                continue;
            }
            if t.starts_with(['{', '[', '?', '&', '*', '!', '|', '>']) {
                return no("the file's top level is not a plain `key: value` mapping");
            }
            let Some((name, value_col)) = key_of(t) else {
                continue;
            };
            if let Some(last) = keys.last_mut() {
                last.end = i;
            }
            keys.push(TopKey {
                name,
                line: i,
                value_col: value_col + (l.text.len() - t.len()),
                end: self.lines.len(),
            });
        }
        if !keys.iter().any(|k| k.name == "title") {
            return no("no top-level `title:` at the start of a line (an indented root mapping?)");
        }
        Ok(keys)
    }

    fn top_key<'a>(keys: &'a [TopKey], name: &str) -> Option<&'a TopKey> {
        keys.iter().find(|k| k.name == name)
    }

    /// The value text on a key's line and what follows it (spaces and a comment).
    fn value_and_rest(&self, line: usize, col: usize) -> (String, String) {
        let l = self.line(line);
        let after = l.get(col..).unwrap_or("");
        let lead = after.len() - after.trim_start().len();
        let body = &after[lead..];
        let end = value_end(body);
        if end == 0 {
            // No value: the rest is all that follows the colon (spaces and a comment).
            return (String::new(), after.to_string());
        }
        (body[..end].to_string(), body[end..].to_string())
    }

    /// The items of a top-level sequence key.
    fn sequence(&self, key: &TopKey) -> Result<Sequence, NotEditable> {
        let (value, _) = self.value_and_rest(key.line, key.value_col);
        let value = value.trim();
        match value {
            "" | "~" | "null" => {}
            "[]" => {
                return Ok(Sequence {
                    style: SeqStyle::EmptyFlow,
                    items: Vec::new(),
                });
            }
            v if v.starts_with('[') => {
                return no(format!("`{}:` is written as a flow list `[...]`", key.name));
            }
            _ => return no(format!("`{}:` is not a list", key.name)),
        }
        let mut items: Vec<Item> = Vec::new();
        let mut dash_col: Option<usize> = None;
        for i in key.line + 1..key.end {
            let l = self.line(i);
            if is_blank(l) {
                continue;
            }
            let ind = indent(l);
            let body = &l[ind..];
            let is_dash = body == "-" || body.starts_with("- ");
            match dash_col {
                None if is_dash => dash_col = Some(ind),
                None => {
                    return no(format!(
                        "`{}:` holds something other than list items",
                        key.name
                    ));
                }
                Some(_) => {}
            }
            let c = dash_col.expect("set above");
            if is_dash && ind == c {
                if let Some(last) = items.last_mut() {
                    last.end = i;
                }
                items.push(Item {
                    start: i,
                    end: key.end,
                    dash: c,
                    content: 0,
                    flow: false,
                    content_end: i,
                });
            } else if ind <= c && !is_dash {
                return no(format!(
                    "`{}:` has a line out of its items' indentation",
                    key.name
                ));
            }
        }
        for it in &mut items {
            let first = self.line(it.start);
            let after_dash = &first[it.dash + 1..];
            let lead = after_dash.len() - after_dash.trim_start().len();
            let rest = after_dash.trim_start();
            it.flow = rest.starts_with('{');
            it.content = if rest.is_empty() || rest.starts_with('#') {
                // `-` alone: the mapping starts on the next line.
                (it.start + 1..it.end)
                    .map(|j| self.line(j))
                    .find(|l| !is_blank(l))
                    .map_or(it.dash + 2, indent)
            } else {
                it.dash + 1 + lead
            };
            it.content_end = (it.start..it.end)
                .rev()
                .find(|&j| {
                    let l = self.line(j);
                    !l.trim().is_empty()
                        && (!l.trim_start().starts_with('#') || indent(l) > it.dash)
                })
                .unwrap_or(it.start);
            if it.flow && it.content_end != it.start {
                return no(format!(
                    "an item of `{}:` is a flow mapping over several lines",
                    key.name
                ));
            }
            for j in it.start..=it.content_end {
                let l = self.line(j);
                let b = l.trim_start().trim_start_matches("- ");
                if b.starts_with(['&', '*', '!'])
                    || l.contains(": &")
                    || l.contains(": *")
                    || l.contains(": !")
                    || b.starts_with("<<")
                {
                    return no(format!(
                        "`{}:` uses YAML anchors, aliases or tags",
                        key.name
                    ));
                }
            }
        }
        Ok(Sequence {
            style: SeqStyle::Block,
            items,
        })
    }

    /// The item text as its own YAML sequence (for reading it back).
    fn item_text(&self, it: &Item) -> String {
        let mut s = String::new();
        for j in it.start..=it.content_end {
            s.push_str(self.line(j));
            s.push('\n');
        }
        s
    }

    fn item_event(&self, it: &Item) -> Option<EventDoc> {
        yaml::event_items(&self.item_text(it))?.into_iter().next()
    }

    /// Whether items of the sequence are separated by blank lines (looked at around `near`).
    fn blank_separated(&self, seq: &Sequence, near: usize) -> bool {
        let pair = if near + 1 < seq.items.len() {
            Some((near, near + 1))
        } else if near >= 1 && near < seq.items.len() {
            Some((near - 1, near))
        } else {
            None
        };
        pair.is_some_and(|(a, b)| {
            (seq.items[a].content_end + 1..seq.items[b].start)
                .any(|j| self.line(j).trim().is_empty())
        })
    }

    /// Where a field (`key:`) of an item is: its first line and one past its last.
    fn field(&self, it: &Item, key: &str) -> Option<(usize, usize)> {
        for j in it.start..=it.content_end {
            let l = self.line(j);
            let col = if j == it.start { it.content } else { indent(l) };
            if col != it.content || is_blank(l) {
                continue;
            }
            let body = l.get(col..).unwrap_or("");
            if key_of(body).is_some_and(|(k, _)| k == key) {
                let end = (j + 1..=it.content_end)
                    .find(|&m| {
                        let lm = self.line(m);
                        !lm.trim().is_empty() && indent(lm) <= it.content
                    })
                    .unwrap_or(it.content_end + 1);
                return Some((j, end));
            }
        }
        None
    }

    /// Set (or, with `None`, remove) one field of a block item; a flow item is written again
    /// whole with `render`.
    fn set_field(
        &mut self,
        it: &Item,
        key: &str,
        value: Option<&FieldValue>,
        render_flow: impl FnOnce() -> String,
        restore: Option<&LineBack>,
    ) -> Result<(Splice, Option<LineBack>), NotEditable> {
        if it.flow {
            let l = self.line(it.start).to_string();
            let previous = Some(Some(l.clone()));
            // Undo: the item's line as it was, when it says the same but for this field.
            if let Some(Some(old)) = restore
                && yaml::same_item_but(old, &l, key)
            {
                let line = self.new_line_like(it.start, old.clone());
                return Ok((self.splice(it.start, 1, vec![line]), previous));
            }
            let close = flow_end(&l[it.content..])
                .ok_or_else(|| NotEditable("an unclosed flow item".into()))?;
            let rest = l[it.content + close..].to_string();
            let text = format!("{}{}{rest}", &l[..it.content], render_flow());
            let line = self.new_line_like(it.start, text);
            return Ok((self.splice(it.start, 1, vec![line]), previous));
        }
        let found = self.field(it, key);
        let previous = match found {
            Some((j, end)) if end == j + 1 => Some(Some(self.line(j).to_string())),
            Some(_) => None,
            None => Some(None),
        };
        if let Some(back) = restore
            && previous.is_some()
        {
            let splice = match (found, back) {
                (Some((j, _)), Some(l)) => {
                    let line = self.new_line_like(j, l.clone());
                    Some(self.splice(j, 1, vec![line]))
                }
                (Some((j, _)), None) if j != it.start => Some(self.splice(j, 1, Vec::new())),
                (None, Some(l)) => {
                    let at = self.first_field_end(it).unwrap_or(it.content_end + 1);
                    let line = self.new_line(l.clone());
                    Some(self.splice(at, 0, vec![line]))
                }
                (None, None) => Some(Splice {
                    start: it.start,
                    removed: 0,
                    added: 0,
                }),
                _ => None,
            };
            if let Some(s) = splice {
                return Ok((s, previous));
            }
        }
        let s = self.set_field_value(it, key, found, value)?;
        Ok((s, previous))
    }

    fn set_field_value(
        &mut self,
        it: &Item,
        key: &str,
        found: Option<(usize, usize)>,
        value: Option<&FieldValue>,
    ) -> Result<Splice, NotEditable> {
        match (found, value) {
            (Some((j, end)), Some(v)) => {
                let single_old = end == j + 1;
                let new = yaml_emit::field_lines(key, v, it.content);
                let l = self.line(j).to_string();
                let prefix = &l[..it_content_col(it, j, &l)];
                if single_old && new.len() == 1 {
                    // Only the value changes: keep the spacing and a comment after it.
                    let body = &l[prefix.len()..];
                    let vcol = key_of(body).map(|(_, c)| c).unwrap_or(body.len());
                    let after = &body[vcol..];
                    let lead = after.len() - after.trim_start().len();
                    let rest = &after[lead..][value_end(&after[lead..])..];
                    let text = format!("{prefix}{key}: {}{rest}", v.inline(false));
                    let line = self.new_line_like(j, text);
                    return Ok(self.splice(j, 1, vec![line]));
                }
                let mut lines: Vec<Line> = Vec::new();
                for (n, t) in new.into_iter().enumerate() {
                    let t = if n == 0 {
                        format!("{prefix}{}", t.trim_start())
                    } else {
                        t
                    };
                    lines.push(self.new_line(t));
                }
                Ok(self.splice(j, end - j, lines))
            }
            (Some((j, end)), None) => {
                if j == it.start {
                    return no(format!("`{key}` is on the item's first line"));
                }
                Ok(self.splice(j, end - j, Vec::new()))
            }
            (None, Some(v)) => {
                // After the item's first field, at the item's indentation.
                let first_end = self.first_field_end(it).unwrap_or(it.content_end + 1);
                let lines = yaml_emit::field_lines(key, v, it.content)
                    .into_iter()
                    .map(|t| self.new_line(t))
                    .collect();
                Ok(self.splice(first_end, 0, lines))
            }
            (None, None) => Ok(Splice {
                start: it.start,
                removed: 0,
                added: 0,
            }),
        }
    }

    fn first_field_end(&self, it: &Item) -> Option<usize> {
        let l = self.line(it.start);
        let body = l.get(it.content..)?;
        let (k, _) = key_of(body)?;
        self.field(it, &k).map(|(_, e)| e)
    }

    /// The first items of a list key that has none (`key:` alone, or `key: []`, which becomes
    /// `key:` with any comment after it kept).
    fn fill_empty(&mut self, key: &TopKey, items: Vec<String>) -> Vec<Splice> {
        let mut v = Vec::new();
        let (value, rest) = self.value_and_rest(key.line, key.value_col);
        if value.trim() == "[]" {
            let l = self.line(key.line);
            let head = format!("{}{rest}", &l[..key.value_col]);
            let kl = self.new_line_like(key.line, head);
            v.push(self.splice(key.line, 1, vec![kl]));
        }
        let lines = items.into_iter().map(|t| self.new_line(t)).collect();
        v.push(self.splice(key.line + 1, 0, lines));
        v
    }

    /// Where a new top-level key goes in front of `name`: before the comment lines just above
    /// it (they introduce it); the end of the file when there is no such key.
    fn before_key(&self, keys: &[TopKey], name: &str) -> usize {
        match Document::top_key(keys, name) {
            Some(t) => {
                let mut s = t.line;
                while s > 0 && self.line(s - 1).trim_start().starts_with('#') {
                    s -= 1;
                }
                s
            }
            None => self.lines.len(),
        }
    }

    fn new_line_like(&self, i: usize, text: String) -> Line {
        Line {
            text,
            cr: self.lines.get(i).map_or(self.crlf, |l| l.cr),
        }
    }
}

/// The column where an item's fields start on line `j` (the dash line holds `- ` first).
fn it_content_col(it: &Item, j: usize, l: &str) -> usize {
    if j == it.start { it.content } else { indent(l) }
}

#[derive(Clone, Debug)]
struct TopKey {
    name: String,
    line: usize,
    /// Where the value starts on the key's line (after `key:`).
    value_col: usize,
    /// One past the last line before the next top-level key.
    end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SeqStyle {
    Block,
    /// `key: []`.
    EmptyFlow,
}

#[derive(Clone, Debug)]
struct Sequence {
    style: SeqStyle,
    items: Vec<Item>,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    /// The dash line.
    start: usize,
    /// One past the item's last line (the next item's dash line or the end of the key).
    end: usize,
    dash: usize,
    /// The column of its fields.
    content: usize,
    /// `- {at: ..., text: ...}` on one line.
    flow: bool,
    /// The item's last line that is not blank nor an outdented comment.
    content_end: usize,
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

fn is_blank(l: &str) -> bool {
    let t = l.trim();
    t.is_empty() || t.starts_with('#')
}

/// `key: ...` → (key, column just after the colon); keys may be quoted.
fn key_of(body: &str) -> Option<(String, usize)> {
    let (key, rest_at) = if let Some(q) = body.strip_prefix('"') {
        let end = q.find('"')?;
        (q[..end].to_string(), end + 2)
    } else if let Some(q) = body.strip_prefix('\'') {
        let end = q.find('\'')?;
        (q[..end].to_string(), end + 2)
    } else {
        let end = body.find(':')?;
        (body[..end].trim_end().to_string(), end)
    };
    let rest = &body[rest_at..];
    let rest = rest.trim_start_matches(' ');
    let colon_at = body.len() - rest.len();
    let after = rest.strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    if key.is_empty() || key.contains(' ') && !body.starts_with(['"', '\'']) {
        return None;
    }
    Some((key, colon_at + 1))
}

/// Where a single-line value ends (before spaces and a `#` comment).
fn value_end(body: &str) -> usize {
    if body.starts_with('#') {
        return 0;
    }
    let bytes = body.as_bytes();
    let quoted_end = match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
            Some(body.len())
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
            Some(body.len())
        }
        _ => None,
    };
    if let Some(e) = quoted_end {
        return e;
    }
    let end = body.find(" #").unwrap_or(body.len());
    body[..end].trim_end().len()
}

/// One past the `}` closing the flow mapping at the start of `s`.
fn flow_end(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

// ----- the edits -----------------------------------------------------------------------------

/// The incident's timeline items matched to its events, in file order.
struct Timeline {
    key: Option<TopKey>,
    seq: Option<Sequence>,
    /// For each item (file order), the index of its event in `incident.timeline`.
    events: Vec<usize>,
}

fn timeline(doc: &Document, keys: &[TopKey], inc: &Incident) -> Result<Timeline, NotEditable> {
    let Some(key) = Document::top_key(keys, "timeline").cloned() else {
        if inc.timeline.is_empty() {
            return Ok(Timeline {
                key: None,
                seq: None,
                events: Vec::new(),
            });
        }
        return no("the timeline could not be found at the top level");
    };
    let seq = doc.sequence(&key)?;
    if seq.items.len() != inc.timeline.len() {
        return no("the timeline's items could not be matched to its events");
    }
    let mut by_line: Vec<(usize, usize)> = inc
        .timeline
        .iter()
        .enumerate()
        .map(|(i, e)| (e.line().unwrap_or(0), i))
        .collect();
    by_line.sort_unstable();
    let mut events = Vec::with_capacity(by_line.len());
    for (it, (line, ei)) in seq.items.iter().zip(by_line) {
        if line != it.start + 1 {
            return no("the timeline's items could not be matched to its events");
        }
        events.push(ei);
    }
    Ok(Timeline {
        key: Some(key),
        seq: Some(seq),
        events,
    })
}

/// The running state of the reader just before item `pos` (file order), and whether the items
/// around write dates.
fn state_before(
    doc: &Document,
    tl: &Timeline,
    inc: &Incident,
    pos: usize,
) -> (Option<ClockResolver>, bool) {
    let zone = inc
        .timezone
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    let dated = |i: usize| {
        tl.seq
            .as_ref()
            .and_then(|s| s.items.get(i))
            .and_then(|it| doc.item_event(it))
            .and_then(|e| clock::parse_time(&e.at))
            .is_some_and(|p| p.date.is_some())
    };
    if pos == 0 {
        let resolver = inc.date.map(|d| ClockResolver::new(d, zone));
        let neighbour_dated = !tl.events.is_empty() && dated(0);
        (resolver, neighbour_dated || inc.date.is_none())
    } else {
        let prev = &inc.timeline[tl.events[pos - 1]];
        (Some(ClockResolver::after(prev.at)), dated(pos - 1))
    }
}

/// The text of an event's time at file position `pos`, and the instant as it reads back: the
/// shortest form that reads back exactly and leaves the next item reading as before.
fn time_at(
    doc: &Document,
    tl: &Timeline,
    inc: &Incident,
    pos: usize,
    at: Timestamp,
    next: Option<usize>,
) -> Result<(String, Timestamp), NotEditable> {
    let (resolver, dated) = state_before(doc, tl, inc, pos);
    // The zone the reader is in at that point: the item before's, else the incident's.
    let offset = resolver
        .as_ref()
        .and_then(|r| r.last_instant())
        .map(|l| *l.offset())
        .unwrap_or_else(|| {
            inc.timezone
                .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"))
        });
    let at = at.with_timezone(&offset);
    let resolver = resolver.unwrap_or_else(|| ClockResolver::new(at.date_naive(), offset));
    let forms: &[TimeForm] = if dated {
        &[TimeForm::DateClock, TimeForm::Rfc3339]
    } else {
        &[TimeForm::Clock, TimeForm::DateClock, TimeForm::Rfc3339]
    };
    let next_item = next.and_then(|n| {
        let it = tl.seq.as_ref()?.items.get(n)?;
        let raw = doc.item_event(it)?.at;
        Some((raw, inc.timeline[tl.events[n]].at))
    });
    for &form in forms {
        let text = yaml_emit::format_time(at, form);
        let Some(after) = yaml_emit::reads_back(&resolver, &text, at) else {
            continue;
        };
        let next_ok = match &next_item {
            None => true,
            Some((raw, want)) => clock::parse_time(raw).is_some_and(|p| {
                let mut r = after.clone();
                let got = r.resolve(&p);
                got == *want && got.offset() == want.offset()
            }),
        };
        if next_ok {
            return Ok((text, at));
        }
    }
    no("the new time would change how the next event's time reads")
}

/// Add `event` to the timeline after the last item at or before its time.
pub fn insert_event(
    doc: &mut Document,
    inc: &Incident,
    event: &Event,
) -> Result<Edited, NotEditable> {
    let keys = doc.top_keys()?;
    let tl = timeline(doc, &keys, inc)?;
    let n = tl.events.len();
    let pos = (0..n)
        .rev()
        .find(|&i| inc.timeline[tl.events[i]].at <= event.at)
        .map_or(0, |i| i + 1);
    let (at_text, at) = time_at(doc, &tl, inc, pos, event.at, (pos < n).then_some(pos))?;
    let ev = yaml::event_doc(event, at_text, Some(event.kind));
    let mut splices = Vec::new();
    let line = match (&tl.key, &tl.seq) {
        (None, _) => {
            // No `timeline:` key: add one at the end.
            let mut lines = vec![doc.new_line("timeline:".into())];
            lines.extend(
                yaml_emit::event_block(&ev, 2, 4)
                    .into_iter()
                    .map(|t| doc.new_line(t)),
            );
            let start = doc.lines.len();
            splices.push(doc.splice(start, 0, lines));
            start + 1
        }
        (Some(key), Some(seq)) if seq.style == SeqStyle::EmptyFlow => {
            splices.extend(doc.fill_empty(key, yaml_emit::event_block(&ev, 2, 4)));
            key.line + 1
        }
        (Some(key), Some(seq)) => {
            let near = pos.saturating_sub(1);
            let like = seq.items.get(near).copied();
            let (dash, content) = like.map_or((2, 4), |it| (it.dash, it.content));
            let flow = like.is_some_and(|it| it.flow);
            let mut lines: Vec<String> = if flow {
                vec![format!(
                    "{}- {}",
                    " ".repeat(dash),
                    yaml_emit::event_flow(&ev)
                )]
            } else {
                yaml_emit::event_block(&ev, dash, content)
            };
            let sep = doc.blank_separated(seq, near);
            let start = if pos > 0 {
                if sep {
                    lines.insert(0, String::new());
                }
                seq.items[pos - 1].content_end + 1
            } else if let Some(first) = seq.items.first() {
                if sep {
                    lines.push(String::new());
                }
                first.start
            } else {
                key.line + 1
            };
            let first_item_line = start + usize::from(pos > 0 && sep);
            let lines = lines.into_iter().map(|t| doc.new_line(t)).collect();
            splices.push(doc.splice(start, 0, lines));
            first_item_line
        }
        (Some(_), None) => return no("the timeline could not be read"),
    };
    Ok(Edited {
        splices,
        placed: Some(Placed { line: line + 1, at }),
        removed: None,
        previous: None,
    })
}

/// Find the item of the event `key` and check it says what the model says.
fn find_event(
    doc: &Document,
    tl: &Timeline,
    inc: &Incident,
    key: &EventKey,
) -> Result<usize, NotEditable> {
    let Some(ei) = key.find(&inc.timeline) else {
        return no("the event is not in the file");
    };
    let pos = tl
        .events
        .iter()
        .position(|&e| e == ei)
        .ok_or_else(|| NotEditable("the event's item could not be found".into()))?;
    let it = &tl.seq.as_ref().expect("events imply items").items[pos];
    let read = doc.item_event(it);
    let e = &inc.timeline[ei];
    let same = read.is_some_and(|d| {
        crate::model::text::clean_line(&d.text) == *e.text
            && d.author
                .as_deref()
                .map(crate::model::text::clean_line)
                .filter(|a| !a.is_empty())
                .as_deref()
                == e.author.as_deref()
    });
    if !same {
        return no("the event's item does not read as the event (the file's layout is unusual)");
    }
    Ok(pos)
}

/// The timeline, and the position of the event `key`'s item in it (checked to read as it).
fn locate(
    doc: &Document,
    inc: &Incident,
    key: &EventKey,
) -> Result<(Timeline, usize), NotEditable> {
    let keys = doc.top_keys()?;
    let tl = timeline(doc, &keys, inc)?;
    let pos = find_event(doc, &tl, inc, key)?;
    Ok((tl, pos))
}

/// Remove the event `key`'s item; the lines taken out are returned for an exact undo.
pub fn delete_event(
    doc: &mut Document,
    inc: &Incident,
    key: &EventKey,
) -> Result<Edited, NotEditable> {
    let (tl, pos) = locate(doc, inc, key)?;
    let seq = tl.seq.as_ref().expect("found");
    let it = seq.items[pos];
    let mut start = it.start;
    let mut end = it.content_end + 1;
    // Items separated by blank lines stay so: one separator goes with the item (the one
    // before it, else the one after it when another item follows).
    let blank = |i: usize| doc.lines.get(i).is_some_and(|l| l.text.trim().is_empty());
    let blank_before = start > 0 && blank(start - 1);
    if blank_before && (blank(end) || end >= doc.lines.len()) {
        start -= 1;
    } else if !blank_before && blank(end) && pos + 1 < seq.items.len() {
        end += 1;
    }
    let anchor_end = if pos > 0 {
        seq.items[pos - 1].content_end + 1
    } else {
        tl.key.as_ref().map_or(0, |k| k.line + 1)
    };
    let removed = RawItem {
        lines: doc.lines[start..end].to_vec(),
        after: (pos > 0).then(|| EventKey::of(&inc.timeline[tl.events[pos - 1]])),
        gap: start.saturating_sub(anchor_end),
    };
    let mut splices = vec![doc.splice(start, end - start, Vec::new())];
    if seq.items.len() == 1
        && let Some(key) = &tl.key
    {
        // The last item gone: an empty timeline is written `timeline: []`.
        let (value, rest) = doc.value_and_rest(key.line, key.value_col);
        if value.trim().is_empty() {
            let l = doc.line(key.line);
            let text = format!("{} []{rest}", &l[..key.value_col]);
            let kl = doc.new_line_like(key.line, text);
            splices.push(doc.splice(key.line, 1, vec![kl]));
        }
    }
    // The item after it now follows the one before it: it must still read as the same time.
    if pos + 1 < seq.items.len() {
        splices.extend(fix_next_time(doc, inc, &tl, pos, pos + 1, &splices)?);
    }
    Ok(Edited {
        splices,
        placed: None,
        removed: Some(removed),
        previous: None,
    })
}

/// After item `gone` was removed, check the item that was after it (`next`, by its old index)
/// still reads as its time; if not, write its time again in a form that does.
fn fix_next_time(
    doc: &mut Document,
    inc: &Incident,
    tl: &Timeline,
    gone: usize,
    next: usize,
    done: &[Splice],
) -> Result<Vec<Splice>, NotEditable> {
    let seq = tl.seq.as_ref().expect("items");
    let shift = |l: usize| done.iter().fold(l + 1, |l, s| s.shift(l)) - 1;
    let mut it = seq.items[next];
    it.start = shift(it.start);
    it.content_end = shift(it.content_end);
    let want = inc.timeline[tl.events[next]].at;
    let Some(raw) = doc.item_event(&it).map(|e| e.at) else {
        return no("the next event's time could not be read");
    };
    let resolver = if gone > 0 {
        Some(ClockResolver::after(inc.timeline[tl.events[gone - 1]].at))
    } else {
        inc.date.map(|d| {
            ClockResolver::new(
                d,
                inc.timezone
                    .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero")),
            )
        })
    };
    if let Some(r) = &resolver
        && yaml_emit::reads_back(r, &raw, want).is_some()
    {
        return Ok(Vec::new());
    }
    let text = match &resolver {
        Some(r) => yaml_emit::event_time(r, want, true).0,
        None => yaml_emit::format_time(want, TimeForm::Rfc3339),
    };
    let value = FieldValue::Scalar(yaml_emit::quoted(&text));
    let mut edited = doc
        .item_event(&it)
        .ok_or_else(|| NotEditable("unreadable item".into()))?;
    edited.at = text;
    let (s, _) = doc.set_field(
        &it,
        "at",
        Some(&value),
        || yaml_emit::event_flow(&edited),
        None,
    )?;
    Ok(vec![s])
}

/// Put back lines taken out by [`delete_event`], where they were; `None` when that place is
/// gone or the lines would not read back as `event` there (the caller then adds it by time).
pub fn restore_event(
    doc: &mut Document,
    inc: &Incident,
    event: &Event,
    raw: &RawItem,
) -> Result<Option<Edited>, NotEditable> {
    let keys = doc.top_keys()?;
    let tl = timeline(doc, &keys, inc)?;
    let pos = match &raw.after {
        None => 0,
        Some(k) => match k
            .find(&inc.timeline)
            .and_then(|ei| tl.events.iter().position(|&e| e == ei))
        {
            Some(p) => p + 1,
            None => return Ok(None),
        },
    };
    let n = tl.events.len();
    // Times must stay in order around it.
    if pos > 0 && inc.timeline[tl.events[pos - 1]].at > event.at
        || pos < n && inc.timeline[tl.events[pos]].at < event.at
    {
        return Ok(None);
    }
    let Some(seq) = &tl.seq else { return Ok(None) };
    let (resolver, _) = state_before(doc, &tl, inc, pos);
    let raw_doc = Document {
        lines: raw.lines.clone(),
        final_newline: true,
        crlf: false,
    };
    let raw_at = yaml::event_items(&raw_doc.text())
        .and_then(|v| v.into_iter().next())
        .map(|e| e.at);
    let Some((raw_at, resolver)) = raw_at.zip(resolver) else {
        return Ok(None);
    };
    let Some(after) = yaml_emit::reads_back(&resolver, &raw_at, event.at) else {
        return Ok(None);
    };
    if pos < n {
        let it = &seq.items[pos];
        let ok = doc
            .item_event(it)
            .and_then(|e| clock::parse_time(&e.at))
            .is_some_and(|p| {
                let want = inc.timeline[tl.events[pos]].at;
                let mut r = after.clone();
                let got = r.resolve(&p);
                got == want && got.offset() == want.offset()
            });
        if !ok {
            return Ok(None);
        }
    }
    let anchor_end = if pos > 0 {
        seq.items[pos - 1].content_end + 1
    } else {
        tl.key.as_ref().map_or(0, |k| k.line + 1)
    };
    let limit = if pos < n {
        seq.items[pos].start
    } else {
        tl.key.as_ref().map_or(doc.lines.len(), |k| k.end)
    };
    let start = (anchor_end + raw.gap).min(limit.max(anchor_end));
    let lead_blanks = raw
        .lines
        .iter()
        .take_while(|l| l.text.trim().is_empty())
        .count();
    let splice = doc.splice(start, 0, raw.lines.clone());
    let at = after.last_instant().unwrap_or(event.at);
    Ok(Some(Edited {
        splices: vec![splice],
        placed: Some(Placed {
            line: start + lead_blanks + 1,
            at,
        }),
        removed: None,
        previous: None,
    }))
}

/// Write the event `key` again as `event` (same place when its time is unchanged; else it is
/// taken out and added where its new time belongs). Comment lines inside the item are kept.
pub fn replace_event(
    doc: &mut Document,
    inc: &Incident,
    key: &EventKey,
    event: &Event,
) -> Result<Edited, NotEditable> {
    let (tl, pos) = locate(doc, inc, key)?;
    let seq = tl.seq.as_ref().expect("found");
    let it = seq.items[pos];
    if inc.timeline[tl.events[pos]].at != event.at {
        return no("moving an event to another time is done as a delete and an add");
    }
    let old = doc
        .item_event(&it)
        .ok_or_else(|| NotEditable("unreadable item".into()))?;
    let ev = yaml::event_doc(event, old.at.clone(), Some(event.kind));
    let comments: Vec<String> = (it.start + 1..=it.content_end)
        .map(|j| doc.line(j))
        .filter(|l| l.trim_start().starts_with('#') && indent(l) == it.content)
        .map(str::to_string)
        .collect();
    let mut lines = if it.flow {
        let l = doc.line(it.start);
        let close = flow_end(&l[it.content..])
            .ok_or_else(|| NotEditable("an unclosed flow item".into()))?;
        vec![format!(
            "{}{}{}",
            &l[..it.content],
            yaml_emit::event_flow(&ev),
            &l[it.content + close..]
        )]
    } else {
        yaml_emit::event_block(&ev, it.dash, it.content)
    };
    lines.extend(comments);
    let lines = lines.into_iter().map(|t| doc.new_line(t)).collect();
    let s = doc.splice(it.start, it.content_end + 1 - it.start, lines);
    Ok(Edited {
        splices: vec![s],
        placed: Some(Placed {
            line: it.start + 1,
            at: inc.timeline[tl.events[pos]].at,
        }),
        removed: None,
        previous: None,
    })
}

/// Set the `kind:` of the event `key` (`None` removes it: the reader infers the kind again).
pub fn set_event_kind(
    doc: &mut Document,
    inc: &Incident,
    key: &EventKey,
    kind: Option<EventKind>,
    restore: Option<&LineBack>,
) -> Result<Edited, NotEditable> {
    let (tl, pos) = locate(doc, inc, key)?;
    let it = tl.seq.as_ref().expect("found").items[pos];
    let mut ev = doc
        .item_event(&it)
        .ok_or_else(|| NotEditable("unreadable item".into()))?;
    ev.kind = kind;
    let value = kind.map(|k| FieldValue::Scalar(k.as_str().to_string()));
    let (s, previous) = doc.set_field(
        &it,
        "kind",
        value.as_ref(),
        || yaml_emit::event_flow(&ev),
        restore,
    )?;
    Ok(Edited {
        splices: vec![s],
        previous,
        ..Edited::default()
    })
}

/// The key of a milestone in the file.
fn milestone_key(kind: MilestoneKind) -> &'static str {
    kind.as_str()
}

/// Set (or remove) a top-level scalar key: a milestone or `status`. A new key goes after the
/// keys listed in `after` (the last of them present), else before `timeline:` and the comments
/// just above it, else at the end.
fn set_top(
    doc: &mut Document,
    key: &str,
    value: Option<String>,
    after: &[&str],
    restore: Option<&LineBack>,
) -> Result<Edited, NotEditable> {
    let keys = doc.top_keys()?;
    let found = Document::top_key(&keys, key).cloned();
    let previous = Some(found.as_ref().map(|k| doc.line(k.line).to_string()));
    // Undo: the line as it was (or none), byte for byte.
    let (value, line_back) = match restore {
        Some(Some(l)) => (Some(String::new()), Some(l.clone())),
        Some(None) => (None, None),
        None => (value, None),
    };
    let splice = match (found, value) {
        (Some(k), value) => {
            let extra = (k.line + 1..k.end).any(|j| !is_blank(doc.line(j)));
            if extra {
                return no(format!("`{key}:` is written over several lines"));
            }
            match value {
                Some(_) if line_back.is_some() => {
                    let nl = doc.new_line_like(k.line, line_back.clone().unwrap_or_default());
                    doc.splice(k.line, 1, vec![nl])
                }
                Some(v) => {
                    let (_, rest) = doc.value_and_rest(k.line, k.value_col);
                    let l = doc.line(k.line);
                    let text = format!(
                        "{} {v}{}",
                        &l[..k.value_col],
                        if rest.is_empty() { String::new() } else { rest }
                    );
                    let nl = doc.new_line_like(k.line, text);
                    doc.splice(k.line, 1, vec![nl])
                }
                None => doc.splice(k.line, 1, Vec::new()),
            }
        }
        (None, None) => {
            return Ok(Edited {
                previous,
                ..Edited::default()
            });
        }
        (None, Some(v)) => {
            let line = line_back.unwrap_or_else(|| format!("{key}: {v}"));
            let at = after
                .iter()
                .rev()
                .find_map(|a| Document::top_key(&keys, a))
                .map(|k| {
                    // After the key's value (not after the blank lines and comments that follow).
                    (k.line + 1..k.end)
                        .rev()
                        .find(|&j| !is_blank(doc.line(j)))
                        .map_or(k.line + 1, |j| j + 1)
                })
                .unwrap_or_else(|| doc.before_key(&keys, "timeline"));
            let nl = doc.new_line(line);
            doc.splice(at, 0, vec![nl])
        }
    };
    Ok(Edited {
        splices: vec![splice],
        previous,
        ..Edited::default()
    })
}

/// Write a milestone key (`None` removes it).
pub fn set_milestone(
    doc: &mut Document,
    inc: &Incident,
    kind: MilestoneKind,
    at: Option<Timestamp>,
    restore: Option<&LineBack>,
) -> Result<Edited, NotEditable> {
    let zone = inc
        .timezone
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    let first = inc.timeline.iter().map(|e| e.at).min();
    let value = at.map(|t| {
        yaml_emit::quoted(&yaml_emit::milestone_time(
            t.with_timezone(&zone),
            kind == MilestoneKind::Started,
            inc.date,
            zone,
            first,
        ))
    });
    let order: Vec<&str> = MilestoneKind::ALL
        .iter()
        .take_while(|k| **k != kind)
        .map(|k| milestone_key(*k))
        .collect();
    let mut after = vec!["title", "severity", "status", "date", "timezone"];
    after.extend(order);
    set_top(doc, milestone_key(kind), value, &after, restore)
}

/// Write `status:` (`None` removes it).
pub fn set_status(
    doc: &mut Document,
    status: Option<Status>,
    restore: Option<&LineBack>,
) -> Result<Edited, NotEditable> {
    set_top(
        doc,
        "status",
        status.map(|s| s.as_str().to_string()),
        &["title", "severity"],
        restore,
    )
}

/// Declare a branch: a new item at the end of `branches:` (the key is added before `timeline:`
/// when missing).
pub fn add_branch(doc: &mut Document, branch: &Branch) -> Result<Edited, NotEditable> {
    let keys = doc.top_keys()?;
    let b = yaml::branch_doc(branch);
    let splices = match Document::top_key(&keys, "branches").cloned() {
        None => {
            let at = doc.before_key(&keys, "timeline");
            let mut lines = vec![doc.new_line("branches:".into())];
            lines.extend(
                yaml_emit::branch_block(&b, 2, 4)
                    .into_iter()
                    .map(|t| doc.new_line(t)),
            );
            vec![doc.splice(at, 0, lines)]
        }
        Some(key) => {
            let seq = doc.sequence(&key)?;
            match seq.items.last() {
                None => doc.fill_empty(&key, yaml_emit::branch_block(&b, 2, 4)),
                Some(last) => {
                    let mut lines = if last.flow {
                        vec![format!(
                            "{}- {}",
                            " ".repeat(last.dash),
                            yaml_emit::branch_flow(&b)
                        )]
                    } else {
                        yaml_emit::branch_block(&b, last.dash, last.content)
                    };
                    if doc.blank_separated(&seq, seq.items.len() - 1) {
                        lines.insert(0, String::new());
                    }
                    let lines = lines.into_iter().map(|t| doc.new_line(t)).collect();
                    vec![doc.splice(last.content_end + 1, 0, lines)]
                }
            }
        }
    };
    Ok(Edited {
        splices,
        placed: None,
        removed: None,
        previous: None,
    })
}

/// The item of branch `id` under `branches:`.
fn find_branch(doc: &Document, id: &str) -> Result<Item, NotEditable> {
    let keys = doc.top_keys()?;
    let key = Document::top_key(&keys, "branches")
        .ok_or_else(|| NotEditable(format!("branch `{id}` is not declared under `branches:`")))?;
    let seq = doc.sequence(key)?;
    for it in &seq.items {
        let text = doc.item_text(it);
        if yaml::branch_items(&text)
            .and_then(|v| v.into_iter().next())
            .is_some_and(|b| crate::model::text::clean_line(&b.id) == id)
        {
            return Ok(*it);
        }
    }
    no(format!("branch `{id}` is not declared under `branches:`"))
}

/// Remove branch `id`'s item (and a bare `branches:` key left with no item, as a declaration
/// undone leaves the file as it was before it).
pub fn remove_branch(doc: &mut Document, id: &str) -> Result<Edited, NotEditable> {
    let it = find_branch(doc, id)?;
    let keys = doc.top_keys()?;
    if let Some(key) = Document::top_key(&keys, "branches")
        && doc.sequence(key)?.items.len() == 1
        && doc.line(key.line).trim_end() == "branches:"
        && (key.line + 1..key.end)
            .all(|j| j >= it.start && j <= it.content_end || doc.line(j).trim().is_empty())
    {
        let end = it.content_end + 1;
        let s = doc.splice(key.line, end - key.line, Vec::new());
        return Ok(Edited {
            splices: vec![s],
            placed: None,
            removed: None,
            previous: None,
        });
    }
    let mut start = it.start;
    let end = it.content_end + 1;
    let blank = |i: usize| doc.lines.get(i).is_some_and(|l| l.text.trim().is_empty());
    if start > 0 && blank(start - 1) && (blank(end) || end >= doc.lines.len()) {
        start -= 1;
    }
    let s = doc.splice(start, end - start, Vec::new());
    Ok(Edited {
        splices: vec![s],
        placed: None,
        removed: None,
        previous: None,
    })
}

/// Set branch `id`'s `outcome:`.
pub fn set_outcome(
    doc: &mut Document,
    branch: &Branch,
    restore: Option<&LineBack>,
) -> Result<Edited, NotEditable> {
    let it = find_branch(doc, &branch.id)?;
    let b = yaml::branch_doc(branch);
    let value = yaml_emit::branch_field(&b, "outcome");
    let (s, previous) = doc.set_field(
        &it,
        "outcome",
        value.as_ref(),
        || yaml_emit::branch_flow(&b),
        restore,
    )?;
    Ok(Edited {
        splices: vec![s],
        previous,
        ..Edited::default()
    })
}

/// The milestone keys that no longer read as the incident's milestones (after a change to the
/// timeline moved its first event, which clock-only milestone keys are read against).
pub fn stale_milestones(doc: &Document, inc: &Incident) -> Vec<MilestoneKind> {
    let names: Vec<&str> = MilestoneKind::ALL.iter().map(|k| k.as_str()).collect();
    let raws = top_values(doc, &names);
    if raws.is_empty() {
        return Vec::new();
    }
    let zone = inc
        .timezone
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    // The reader reads them against the first event in file order and the incident's day (or
    // the first dated event's).
    let first = inc
        .timeline
        .iter()
        .filter(|e| e.line.is_some())
        .min_by_key(|e| e.line);
    let base = inc.date.or_else(|| {
        let keys = doc.top_keys().ok()?;
        let key = Document::top_key(&keys, "timeline")?;
        let seq = doc.sequence(key).ok()?;
        seq.items
            .iter()
            .filter_map(|it| doc.item_event(it))
            .find_map(|e| clock::parse_time(&e.at).and_then(|p| p.date))
    });
    let first: Vec<Event> = first.cloned().into_iter().collect();
    MilestoneKind::ALL
        .into_iter()
        .filter(|k| {
            let Some((_, raw)) = raws.iter().find(|(n, _)| n == k.as_str()) else {
                return false;
            };
            let want = inc.milestones.get(*k);
            let got = yaml::resolve_milestone(*k, raw, base, zone, &first).map(|(t, _)| t);
            got != want
        })
        .collect()
}

/// The timeline's items as (first line, last line), 1-based, in file order.
pub fn timeline_items(doc: &Document) -> Result<Vec<(usize, usize)>, NotEditable> {
    let keys = doc.top_keys()?;
    let key =
        Document::top_key(&keys, "timeline").ok_or_else(|| NotEditable("no `timeline:`".into()))?;
    let seq = doc.sequence(key)?;
    Ok(seq
        .items
        .iter()
        .map(|it| (it.start + 1, it.content_end + 1))
        .collect())
}

/// The `at:` of the timeline item that starts on `line` (1-based), as written.
pub fn item_time(doc: &Document, line: usize) -> Option<String> {
    let keys = doc.top_keys().ok()?;
    let seq = doc.sequence(Document::top_key(&keys, "timeline")?).ok()?;
    let it = seq.items.iter().find(|it| it.start + 1 == line)?;
    doc.item_event(it).map(|e| e.at)
}

/// The raw text of the top-level keys `keys` that are present, for checks after an edit.
pub fn top_values(doc: &Document, names: &[&str]) -> Vec<(String, String)> {
    let Ok(keys) = doc.top_keys() else {
        return Vec::new();
    };
    names
        .iter()
        .filter_map(|n| {
            let k = Document::top_key(&keys, n)?;
            let (v, _) = doc.value_and_rest(k.line, k.value_col);
            Some((n.to_string(), yaml::scalar_value(&v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_byte_for_byte() {
        for text in [
            "a: 1\n",
            "a: 1",
            "a: 1\r\nb: 2\r\n",
            "a\r\nb\n",
            "",
            "x\n\n",
        ] {
            assert_eq!(Document::parse(text).text(), text);
        }
    }

    #[test]
    fn keys_and_values() {
        assert_eq!(key_of("title: x"), Some(("title".into(), 6)));
        assert_eq!(key_of("\"title\": x"), Some(("title".into(), 8)));
        assert_eq!(key_of("timeline:"), Some(("timeline".into(), 9)));
        assert_eq!(key_of("http://x"), None);
        assert_eq!(value_end("\"10:30\"  # c"), 7);
        assert_eq!(value_end("'it''s' # c"), 7);
        assert_eq!(value_end("plain text # c"), 10);
        assert_eq!(flow_end("{a: \"}\", b: [1]} # x"), Some(16));
    }
}
