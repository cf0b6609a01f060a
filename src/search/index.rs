//! One index over every loaded event: its line of text in one arena, its time, where it came
//! from, and a byte-set for the prefilter.
//!
//! The index can grow while it is searched: it is a list of shared parts, and
//! [`Index::extended`] makes a new index of the same lines plus more without copying them, so
//! the TUI's search over all incidents runs while files are still loading.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::{Event, Incident, Timestamp};

/// Between the text, the kind and the author of a line. ASCII, so that a line of ASCII text
/// stays ASCII: the matcher then reads its bytes as they are and the byte-set prefilter can
/// reject it (with " · " every line was non-ASCII, converted to UTF-32 and scored: 9 s for a
/// query that matched nothing in 1,000,000 events).
const SEP: &str = " | ";

/// A line of the index (one event), as a small id: `0..Index::len()`.
pub type LineId = u32;

/// Where an event line sits in its part's arena and which incident and event it came from.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Byte offset of the line in the arena.
    start: usize,
    /// Length of the whole searchable line (text, kind, author), in bytes.
    len: u32,
    /// Length of the event's text at the start of the line, in bytes.
    text_len: u32,
    /// Index into the part's `paths`.
    incident: u32,
    /// Index of the event in its incident's timeline.
    event: u32,
}

/// A run of lines in one arena (what the index was before it could grow). Ids here are local
/// to the part.
#[derive(Debug, Default)]
pub(crate) struct Part {
    arena: String,
    lines: Vec<Line>,
    times: Vec<Timestamp>,
    /// For each line, the set of its lower-cased ASCII bytes (see [`byte_set`]); all bits set
    /// for a line with non-ASCII text, which the prefilter then never rejects.
    masks: Vec<u64>,
    paths: Vec<PathBuf>,
}

impl Part {
    fn push_incident(&mut self, path: &Path, incident: &Incident) -> u32 {
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

    /// Copy `other`'s incidents and lines after ours.
    fn append(&mut self, other: &Part) {
        let base = self.arena.len();
        let incidents = self.paths.len() as u32;
        self.arena.push_str(&other.arena);
        self.lines.extend(other.lines.iter().map(|l| Line {
            start: l.start + base,
            incident: l.incident + incidents,
            ..*l
        }));
        self.times.extend_from_slice(&other.times);
        self.masks.extend_from_slice(&other.masks);
        self.paths.extend_from_slice(&other.paths);
    }

    pub(crate) fn line(&self, local: usize) -> &str {
        let l = &self.lines[local];
        &self.arena[l.start..l.start + l.len as usize]
    }

    fn text(&self, local: usize) -> &str {
        let l = &self.lines[local];
        &self.arena[l.start..l.start + l.text_len as usize]
    }

    pub(crate) fn mask(&self, local: usize) -> u64 {
        self.masks[local]
    }

    fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.lines.capacity() * std::mem::size_of::<Line>()
            + self.times.capacity() * std::mem::size_of::<Timestamp>()
            + self.masks.capacity() * 8
    }
}

/// A new lineage number (see [`Index::extends`]).
fn fresh_lineage() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Every event of a set of incidents, searchable as one line each: the event text, then
/// ` | kind`, then ` | author` when there is one (the TUI's search joined them with " · ").
///
/// Memory: the lines' bytes once (one `String` per part), plus 48 bytes per event (position,
/// ids, time, byte-set). Lines are numbered in the order they were added;
/// [`Index::push_incident`] adds an incident's events in timeline order, so an index built from
/// a path-sorted corpus is ordered by path then time.
///
/// Growing: the lines live in parts shared between indexes. [`Index::extended`] is this index
/// plus another's lines (numbered after ours), sharing both without a copy; the two then
/// have the same lineage and [`Index::extends`] says the newer holds every line of the older
/// under the same id — a search of the older can go on in the newer. [`Index::flattened`]
/// copies the parts into one (same ids, same lineage), for the fastest scans. Cloning is cheap
/// (the parts are shared).
#[derive(Clone, Debug)]
pub struct Index {
    parts: Vec<Arc<Part>>,
    /// The first line of each part.
    line_starts: Vec<LineId>,
    /// The first incident number of each part.
    incident_starts: Vec<u32>,
    lines: usize,
    incidents: usize,
    lineage: u64,
}

impl Default for Index {
    fn default() -> Index {
        Index {
            parts: Vec::new(),
            line_starts: Vec::new(),
            incident_starts: Vec::new(),
            lines: 0,
            incidents: 0,
            lineage: fresh_lineage(),
        }
    }
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

    /// The last part, to write into: a new one when there is none or it is shared with another
    /// index. Writing in place starts a new lineage: this index no longer extends its copies.
    fn writable(&mut self) -> &mut Part {
        self.lineage = fresh_lineage();
        let shared = self
            .parts
            .last_mut()
            .is_none_or(|p| Arc::get_mut(p).is_none());
        if shared {
            self.parts.push(Arc::new(Part::default()));
            self.line_starts.push(self.lines as LineId);
            self.incident_starts.push(self.incidents as u32);
        }
        Arc::get_mut(self.parts.last_mut().expect("pushed above")).expect("not shared")
    }

    /// Add an incident's events; returns the incident's number in this index.
    pub fn push_incident(&mut self, path: &Path, incident: &Incident) -> u32 {
        let n = self.incidents as u32;
        self.writable().push_incident(path, incident);
        self.incidents += 1;
        self.lines += incident.timeline.len();
        n
    }

    /// One index of several (built on several threads), in order, in one part.
    pub fn concat(parts: Vec<Index>) -> Index {
        let mut index = Index::new();
        let part = index.writable();
        part.arena.reserve(
            parts
                .iter()
                .flat_map(|p| &p.parts)
                .map(|p| p.arena.len())
                .sum(),
        );
        let lines = parts.iter().map(Index::len).sum();
        part.lines.reserve(lines);
        part.times.reserve(lines);
        part.masks.reserve(lines);
        for p in parts {
            index.append(p);
        }
        index
    }

    /// Append another index (built on another thread): its incidents and lines follow ours
    /// (copied into our last part).
    pub fn append(&mut self, other: Index) {
        for p in &other.parts {
            self.writable().append(p);
        }
        self.lines += other.lines;
        self.incidents += other.incidents;
    }

    /// This index and then `more`'s incidents and lines, without copying either: the parts are
    /// shared. The result extends this index (see [`Index::extends`]).
    pub fn extended(&self, more: &Index) -> Index {
        let mut index = self.clone();
        for (i, p) in more.parts.iter().enumerate() {
            index.parts.push(Arc::clone(p));
            index
                .line_starts
                .push(self.lines as LineId + more.line_starts[i]);
            index
                .incident_starts
                .push(self.incidents as u32 + more.incident_starts[i]);
        }
        index.lines += more.lines;
        index.incidents += more.incidents;
        index
    }

    /// The same lines in one part (copied), of the same lineage: what a search scans fastest.
    pub fn flattened(&self) -> Index {
        let mut index = Index::concat(vec![self.clone()]);
        index.lineage = self.lineage;
        index
    }

    /// True when this index holds every line of `earlier` under the same id (made from it by
    /// [`Index::extended`] or [`Index::flattened`], or the same index).
    pub fn extends(&self, earlier: &Index) -> bool {
        self.lineage == earlier.lineage && self.lines >= earlier.lines
    }

    /// The number of parts the lines are in (1 once flattened; 0 when empty).
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    /// The number of lines (events).
    pub fn len(&self) -> usize {
        self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// The number of incidents.
    pub fn incidents(&self) -> usize {
        self.incidents
    }

    /// The part holding line `id` and the line's number in it.
    fn locate(&self, id: LineId) -> (&Part, usize) {
        let p = self.line_starts.partition_point(|&s| s <= id) - 1;
        (&self.parts[p], (id - self.line_starts[p]) as usize)
    }

    /// A reader of lines for a scan in increasing order (see [`Cursor`]).
    pub(crate) fn cursor(&self) -> Cursor<'_> {
        Cursor {
            index: self,
            part: 0,
            start: 0,
            end: 0,
        }
    }

    /// The whole searchable line: text, ` | kind`, ` | author`.
    pub fn line(&self, id: LineId) -> &str {
        let (part, local) = self.locate(id);
        part.line(local)
    }

    /// The event's text alone (the start of its line). Untrusted: sanitise before display.
    pub fn text(&self, id: LineId) -> &str {
        let (part, local) = self.locate(id);
        part.text(local)
    }

    /// The event's kind as written in files (`detection`), read back from its line.
    pub fn kind(&self, id: LineId) -> &str {
        let line = self.line(id);
        let after_text = &line[self.text(id).len() + SEP.len()..];
        after_text.split(SEP).next().unwrap_or(after_text)
    }

    /// When the event happened.
    pub fn time(&self, id: LineId) -> Timestamp {
        let (part, local) = self.locate(id);
        part.times[local]
    }

    /// The file the event was read from.
    pub fn path(&self, id: LineId) -> &Path {
        let (part, local) = self.locate(id);
        &part.paths[part.lines[local].incident as usize]
    }

    /// `(incident number, index of the event in that incident's timeline)`.
    pub fn origin(&self, id: LineId) -> (u32, u32) {
        let p = self.line_starts.partition_point(|&s| s <= id) - 1;
        let l = &self.parts[p].lines[(id - self.line_starts[p]) as usize];
        (self.incident_starts[p] + l.incident, l.event)
    }

    /// The path of incident number `n` (as returned by [`Index::push_incident`]).
    pub fn incident_path(&self, n: u32) -> &Path {
        let p = self.incident_starts.partition_point(|&s| s <= n) - 1;
        &self.parts[p].paths[(n - self.incident_starts[p]) as usize]
    }

    #[cfg(test)]
    pub(crate) fn mask(&self, id: LineId) -> u64 {
        let (part, local) = self.locate(id);
        part.mask(local)
    }

    /// Bytes held: the arenas plus the per-line tables (not the paths).
    pub fn heap_bytes(&self) -> usize {
        self.parts.iter().map(|p| p.heap_bytes()).sum()
    }
}

/// Reads lines of an [`Index`] for a scan whose ids only increase: the part is looked up only
/// when a line falls outside the last one, so a scan costs one comparison per line more than
/// over a single arena.
pub(crate) struct Cursor<'a> {
    index: &'a Index,
    part: usize,
    /// Lines `start..end` are in part `part` (empty before the first line).
    start: LineId,
    end: LineId,
}

impl<'a> Cursor<'a> {
    /// The part holding `id` and the line's number in it.
    #[inline]
    pub(crate) fn seek(&mut self, id: LineId) -> (&'a Part, usize) {
        if id < self.start || id >= self.end {
            let ix = self.index;
            self.part = ix.line_starts.partition_point(|&s| s <= id) - 1;
            self.start = ix.line_starts[self.part];
            self.end = ix
                .line_starts
                .get(self.part + 1)
                .copied()
                .unwrap_or(ix.lines as LineId);
        }
        (&self.index.parts[self.part], (id - self.start) as usize)
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
