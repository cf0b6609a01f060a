//! One index over every loaded event: its line of text in one arena, its time, where it came
//! from, and a byte-set for the prefilter.

use std::path::{Path, PathBuf};

use crate::model::{Event, Incident, Timestamp};

/// Between the text, the kind and the author of a line. ASCII, so that a line of ASCII text
/// stays ASCII: the matcher then reads its bytes as they are and the byte-set prefilter can
/// reject it (with " · " every line was non-ASCII, converted to UTF-32 and scored: 9 s for a
/// query that matched nothing in 1,000,000 events).
const SEP: &str = " | ";

/// A line of the index (one event), as a small id: `0..Index::len()`.
pub type LineId = u32;

/// Where an event line sits in the arena and which incident and event it came from.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Byte offset of the line in the arena.
    start: usize,
    /// Length of the whole searchable line (text, kind, author), in bytes.
    len: u32,
    /// Length of the event's text at the start of the line, in bytes.
    text_len: u32,
    /// Index into [`Index::incident_path`].
    incident: u32,
    /// Index of the event in its incident's timeline.
    event: u32,
}

/// Every event of a set of incidents, searchable as one line each: the event text, then
/// ` | kind`, then ` | author` when there is one (the TUI's search joined them with " · ").
///
/// Memory: the lines' bytes once (one `String`), plus 48 bytes per event (position, ids, time,
/// byte-set). Lines are numbered in the order they were added; [`Index::push_incident`] adds an
/// incident's events in timeline order, so an index built from a path-sorted corpus is ordered
/// by path then time.
#[derive(Debug, Default)]
pub struct Index {
    arena: String,
    lines: Vec<Line>,
    times: Vec<Timestamp>,
    /// For each line, the set of its lower-cased ASCII bytes (see [`byte_set`]); all bits set
    /// for a line with non-ASCII text, which the prefilter then never rejects.
    masks: Vec<u64>,
    paths: Vec<PathBuf>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// An index of `incidents` (path and incident), in the order given.
    pub fn build<'a>(incidents: impl IntoIterator<Item = (&'a Path, &'a Incident)>) -> Index {
        let mut index = Index::new();
        for (path, incident) in incidents {
            index.push_incident(path, incident);
        }
        index
    }

    /// Add an incident's events; returns the incident's number in this index.
    pub fn push_incident(&mut self, path: &Path, incident: &Incident) -> u32 {
        let n = self.paths.len() as u32;
        self.paths.push(path.to_path_buf());
        self.lines.reserve(incident.timeline.len());
        self.times.reserve(incident.timeline.len());
        self.masks.reserve(incident.timeline.len());
        for (i, e) in incident.timeline.iter().enumerate() {
            self.push_event(n, i as u32, e);
        }
        n
    }

    fn push_event(&mut self, incident: u32, event: u32, e: &Event) {
        let start = self.arena.len();
        self.arena.push_str(&e.text);
        self.arena.push_str(SEP);
        self.arena.push_str(e.kind.as_str());
        if let Some(a) = &e.author {
            self.arena.push_str(SEP);
            self.arena.push_str(a);
        }
        let line = &self.arena[start..];
        self.masks.push(byte_set(line));
        self.lines.push(Line {
            start,
            len: line.len() as u32,
            text_len: e.text.len() as u32,
            incident,
            event,
        });
        self.times.push(e.at);
    }

    /// One index of several (built on several threads), in order.
    pub fn concat(parts: Vec<Index>) -> Index {
        let mut index = Index::new();
        index
            .arena
            .reserve(parts.iter().map(|p| p.arena.len()).sum());
        let lines = parts.iter().map(Index::len).sum();
        index.lines.reserve(lines);
        index.times.reserve(lines);
        index.masks.reserve(lines);
        for p in parts {
            index.append(p);
        }
        index
    }

    /// Append another index (built on another thread): its incidents and lines follow ours.
    pub fn append(&mut self, other: Index) {
        let base = self.arena.len();
        let incidents = self.paths.len() as u32;
        self.arena.push_str(&other.arena);
        self.lines.extend(other.lines.into_iter().map(|l| Line {
            start: l.start + base,
            incident: l.incident + incidents,
            ..l
        }));
        self.times.extend(other.times);
        self.masks.extend(other.masks);
        self.paths.extend(other.paths);
    }

    /// The number of lines (events).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The number of incidents.
    pub fn incidents(&self) -> usize {
        self.paths.len()
    }

    /// The whole searchable line: text, ` | kind`, ` | author`.
    pub fn line(&self, id: LineId) -> &str {
        let l = &self.lines[id as usize];
        &self.arena[l.start..l.start + l.len as usize]
    }

    /// The event's text alone (the start of its line). Untrusted: sanitise before display.
    pub fn text(&self, id: LineId) -> &str {
        let l = &self.lines[id as usize];
        &self.arena[l.start..l.start + l.text_len as usize]
    }

    /// The event's kind as written in files (`detection`), read back from its line.
    pub fn kind(&self, id: LineId) -> &str {
        let line = self.line(id);
        let after_text = &line[self.text(id).len() + SEP.len()..];
        after_text.split(SEP).next().unwrap_or(after_text)
    }

    /// When the event happened.
    pub fn time(&self, id: LineId) -> Timestamp {
        self.times[id as usize]
    }

    /// The file the event was read from.
    pub fn path(&self, id: LineId) -> &Path {
        &self.paths[self.lines[id as usize].incident as usize]
    }

    /// `(incident number, index of the event in that incident's timeline)`.
    pub fn origin(&self, id: LineId) -> (u32, u32) {
        let l = &self.lines[id as usize];
        (l.incident, l.event)
    }

    /// The path of incident number `n` (as returned by [`Index::push_incident`]).
    pub fn incident_path(&self, n: u32) -> &Path {
        &self.paths[n as usize]
    }

    pub(crate) fn mask(&self, id: LineId) -> u64 {
        self.masks[id as usize]
    }

    /// Bytes held: the arena plus the per-line tables (not the paths).
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.lines.capacity() * std::mem::size_of::<Line>()
            + self.times.capacity() * std::mem::size_of::<Timestamp>()
            + self.masks.capacity() * 8
    }
}

/// The bit of one ASCII byte, lower-cased: letters and digits have their own bit, other bytes
/// share the remaining 28.
pub(crate) fn byte_bit(b: u8) -> u64 {
    let b = b.to_ascii_lowercase();
    let i = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        _ => 36 + b % 28,
    };
    1 << i
}

/// The set of lower-cased ASCII bytes of `s`; every bit for a string with non-ASCII characters
/// (Unicode case folding and normalisation can make them match ASCII needles).
pub(crate) fn byte_set(s: &str) -> u64 {
    if !s.is_ascii() {
        return u64::MAX;
    }
    s.bytes().fold(0, |m, b| m | byte_bit(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;

    /// The profile of a 1,000,000-event search that matched nothing: every line had been
    /// non-ASCII through its separator, so the prefilter passed them all to the matcher.
    #[test]
    fn an_ascii_event_gives_a_line_the_prefilter_can_reject() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        let mut e = Event::new(at, EventKind::Note, "Rollback started");
        e.author = Some("Kofi".into());
        let incident = Incident {
            timeline: vec![e],
            ..Incident::default()
        };
        let index = Index::build([(Path::new("a.yaml"), &incident)]);
        assert!(index.line(0).is_ascii());
        let mask = index.mask(0);
        assert_ne!(mask, u64::MAX);
        assert_eq!(mask & byte_bit(b'z'), 0, "no z in the line");
        assert_ne!(mask & byte_bit(b'K'), 0, "k, case folded");
    }
}
