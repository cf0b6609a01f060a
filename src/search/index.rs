//! One index over every loaded event: its text (shared with the event, not copied), kind and
//! author, its time, where it came from, and a byte-set for the prefilter.
//!
//! The index can grow while it is searched: it is a list of shared parts, and
//! [`Index::extended`] makes a new index of the same lines plus more without copying them, so
//! the TUI's search over all incidents runs while files are still loading.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::{Event, EventKind, Incident, Name, TextBlock, Timestamp};

/// Between the text, the kind and the author of a line. ASCII, so that a line of ASCII text
/// stays ASCII: the matcher then reads its bytes as they are and the byte-set prefilter can
/// reject it (with " · " every line was non-ASCII, converted to UTF-32 and scored: 9 s for a
/// query that matched nothing in 1,000,000 events).
const SEP: &str = " | ";

/// A line of the index (one event), as a small id: `0..Index::len()`.
pub type LineId = u32;

/// Lines whose texts follow one another in one block, as every load leaves an incident's (its
/// texts one after the other in its block, in timeline order): a line's text starts where the
/// text of the line before it ends, so a line holds the end of its text alone (4 bytes; each
/// line held its block's number and its text's start and length, 12, until session 12). The
/// first line of a run starts at `start`. A text that does not follow the one before (another
/// block, or a gap: a text in a block of its own, as `load_str` leaves them) starts a run.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// The run's first line (local to the part).
    line: u32,
    /// Index into the part's `blocks`.
    block: u32,
    /// Byte offset in the block of the first line's text.
    start: u32,
}

/// The length in bytes of the searchable line of a text of `text` bytes.
fn line_len(text: usize, kind: EventKind, author: Option<&Name>) -> usize {
    text + SEP.len() + kind.as_str().len() + author.map_or(0, |a| SEP.len() + a.len())
}

/// The searchable line (`text | kind | author`), written into `buf` (cleared first).
fn write_line<'b>(
    text: &str,
    kind: EventKind,
    author: Option<&Name>,
    buf: &'b mut String,
) -> &'b str {
    buf.clear();
    buf.push_str(text);
    buf.push_str(SEP);
    buf.push_str(kind.as_str());
    if let Some(a) = author {
        buf.push_str(SEP);
        buf.push_str(a);
    }
    buf
}

/// A time in 8 bytes (a `Timestamp` is 16): whole seconds since the epoch and an offset of
/// whole minutes, as nearly every incident tells its times, packed in one number (even). The
/// base of an incident's [`TimeDelta`]s; odd ([`PackedTime::NONE`]) for an incident with no
/// such time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PackedTime(i64);

/// The offsets a [`PackedTime`] holds: whole minutes within a day either side of UTC, shifted to
/// `1..2880` (12 bits).
const OFFSET_MINUTES: i64 = 1440;

impl PackedTime {
    /// No time: the base of an incident none of whose times a [`PackedTime`] holds.
    const NONE: PackedTime = PackedTime(1);

    /// `at` packed, or `None` when it has a fraction of a second or an offset that is not a
    /// whole number of minutes.
    fn pack(at: Timestamp) -> Option<PackedTime> {
        let offset = i64::from(at.offset().local_minus_utc());
        if at.timestamp_subsec_nanos() != 0 || offset % 60 != 0 {
            return None;
        }
        let minutes = offset / 60 + OFFSET_MINUTES;
        let secs = at.timestamp().checked_mul(1 << 13)?;
        Some(PackedTime(secs | (minutes << 1)))
    }

    /// Seconds since the epoch.
    fn secs(self) -> i64 {
        self.0 >> 13
    }

    /// The offset, as its shifted minutes (and the odd bit, so no time's equals
    /// [`PackedTime::NONE`]'s).
    fn zone(self) -> i64 {
        self.0 & 0x1fff
    }

    /// The time `delta` seconds after this one, in its offset.
    fn get(self, delta: i64) -> Timestamp {
        let minutes = ((self.0 >> 1) & 0xfff) - OFFSET_MINUTES;
        chrono::FixedOffset::east_opt((minutes * 60) as i32)
            .and_then(|zone| {
                chrono::TimeZone::timestamp_opt(&zone, self.secs() + delta, 0).single()
            })
            .expect("a time packed from its incident's base is a time chrono can hold (it was one)")
    }
}

/// An event's time in 4 bytes: seconds after its incident's base (the first of its times a
/// [`PackedTime`] holds), in the base's offset, within 2^30 seconds (34 years) either way
/// (even: the seconds shifted left by one); any other time is kept aside in the part's
/// `odd_times` and this is its place there (odd). 8 bytes an event until session 12.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TimeDelta(u32);

impl TimeDelta {
    /// `at` as seconds after `base`, or `None` when that does not hold it.
    fn after(base: PackedTime, at: Timestamp) -> Option<TimeDelta> {
        let at = PackedTime::pack(at)?;
        if base == PackedTime::NONE || at.zone() != base.zone() {
            return None;
        }
        let delta = at.secs() - base.secs();
        const LIMIT: i64 = 1 << 30;
        (-LIMIT..LIMIT)
            .contains(&delta)
            .then_some(TimeDelta(((delta as i32) << 1) as u32))
    }

    /// The time kept aside at `n` in `odd_times`.
    fn aside(n: usize) -> TimeDelta {
        TimeDelta(((n as u32) << 1) | 1)
    }

    /// The time, from its incident's `base` or `odd_times` for one kept aside.
    fn get(self, base: PackedTime, odd_times: &[Timestamp]) -> Timestamp {
        if self.0 & 1 == 1 {
            return odd_times[(self.0 >> 1) as usize];
        }
        base.get(i64::from((self.0 as i32) >> 1))
    }

    /// This time in a part whose `odd_times` gained `shift` entries in front of its own.
    fn shifted(self, shift: usize) -> TimeDelta {
        if self.0 & 1 == 1 {
            TimeDelta::aside((self.0 >> 1) as usize + shift)
        } else {
            self
        }
    }
}

/// A run of lines (what the index was before it could grow). Ids here are local to the part.
///
/// A part holds its lines in one of two ways. Its own: each line's text end, kind, author and
/// time in `ends`, `kinds`, `authors` and `times` (21 bytes an event with the byte-set; 33
/// until session 12; `retrace search`, which drops each incident once it is indexed, and the
/// TUI, whose list keeps no timeline). Or read from the incidents themselves, shared with
/// whoever keeps them (`incidents`: the TUI's one incident opened from a file, whose timeline
/// it keeps; 8 bytes an event, the byte-set alone).
#[derive(Debug, Default)]
pub(crate) struct Part {
    /// Where each line's text ends in its run's block (empty when the part reads its lines
    /// from `incidents`); it starts where the line before it ends, or at its run's `start`.
    ends: Vec<u32>,
    /// The runs of `ends`, in line order, the first at line 0.
    runs: Vec<Run>,
    /// The kind of each line (empty when the part reads its lines from `incidents`).
    kinds: Vec<EventKind>,
    /// The author of each line (empty when the part reads its lines from `incidents`).
    authors: Vec<Option<Name>>,
    /// The time of each line, after its incident's base in `bases` (empty when the part
    /// reads its lines from `incidents`).
    times: Vec<TimeDelta>,
    /// The base of each incident's `times` (of `paths`; empty when the part reads its lines
    /// from `incidents`).
    bases: Vec<PackedTime>,
    /// The times a [`TimeDelta`] cannot hold (fractions of a second, other offsets).
    odd_times: Vec<Timestamp>,
    /// For each line, the set of its lower-cased ASCII bytes (see [`byte_set`]); all bits set
    /// for a line with non-ASCII text, which the prefilter then never rejects.
    masks: Vec<u64>,
    paths: Vec<PathBuf>,
    /// The first line of each incident (of `paths`): a line's incident and event are found
    /// from it.
    incident_lines: Vec<u32>,
    /// The blocks the texts are in: one per incident when its texts share a block (as every
    /// load of a folder leaves them), else one per text.
    blocks: Vec<TextBlock>,
    /// The incidents (of `paths`) whose events are the lines, when the part reads them from
    /// there; empty when it holds its own lines.
    incidents: Vec<Arc<Incident>>,
}

impl Part {
    /// The number of lines.
    fn len(&self) -> usize {
        self.masks.len()
    }

    /// Whether the lines are read from the incidents (`Some(true)`), held here
    /// (`Some(false)`), or either (`None`: no incident yet).
    fn reads_incidents(&self) -> Option<bool> {
        (!self.paths.is_empty()).then_some(!self.incidents.is_empty())
    }

    /// The event of line `local`, of a part that reads its lines from the incidents.
    fn event(&self, local: usize) -> &Event {
        let (incident, event) = self.origin(local);
        &self.incidents[incident as usize].timeline[event as usize]
    }

    fn push_incident(&mut self, path: &Path, incident: &Incident) -> u32 {
        let n = self.paths.len() as u32;
        self.paths.push(path.to_path_buf());
        self.incident_lines.push(self.len() as u32);
        let base = incident
            .timeline
            .iter()
            .find_map(|e| PackedTime::pack(e.at))
            .unwrap_or(PackedTime::NONE);
        self.bases.push(base);
        let events = incident.timeline.len();
        self.ends.reserve(events);
        self.kinds.reserve(events);
        self.authors.reserve(events);
        self.times.reserve(events);
        self.masks.reserve(events);
        for e in &incident.timeline {
            self.push_event(e, base);
        }
        n
    }

    /// Add an incident whose events are read from it (shared, not copied): the byte-sets alone
    /// are kept here.
    fn push_shared(&mut self, path: &Path, incident: Arc<Incident>) -> u32 {
        let n = self.paths.len() as u32;
        self.paths.push(path.to_path_buf());
        self.incident_lines.push(self.len() as u32);
        self.masks.reserve(incident.timeline.len());
        self.masks.extend(incident.timeline.iter().map(line_mask));
        self.incidents.push(incident);
        n
    }

    fn push_event(&mut self, e: &Event, base: PackedTime) {
        self.masks.push(line_mask(e));
        let line = self.ends.len() as u32;
        if !self.blocks.last().is_some_and(|b| e.text.is_in(b)) {
            self.blocks.push(e.text.block());
        }
        let start = e.text.range().start();
        let offsets = u32::try_from(start)
            .ok()
            .zip(u32::try_from(start + e.text.len()).ok());
        let (start, end) = match offsets {
            Some(offsets) => offsets,
            None => {
                // Past 4 GiB into its block (no file the loader reads holds one): a block of
                // its own, its first 4 GiB.
                let mut cut = e.text.len().min(u32::MAX as usize);
                while !e.text.is_char_boundary(cut) {
                    cut -= 1;
                }
                self.blocks.push(TextBlock::new(e.text[..cut].to_string()));
                (0, cut as u32)
            }
        };
        let block = self.blocks.len() as u32 - 1;
        let follows =
            self.runs.last().is_some_and(|r| r.block == block) && self.ends.last() == Some(&start);
        if !follows {
            self.runs.push(Run { line, block, start });
        }
        self.ends.push(end);
        self.kinds.push(e.kind);
        self.authors.push(e.author.clone());
        let at = TimeDelta::after(base, e.at).unwrap_or_else(|| {
            self.odd_times.push(e.at);
            TimeDelta::aside(self.odd_times.len() - 1)
        });
        self.times.push(at);
    }

    /// Add `other`'s incidents and lines after ours (both hold their lines the same way, see
    /// [`Part::reads_incidents`]): the lines, times and masks copied with their numbers
    /// shifted (21 bytes an event; the masks alone when the lines are read from the
    /// incidents), the texts' blocks and the incidents shared, never copied (moved when
    /// nothing else holds `other`).
    fn append(&mut self, other: Arc<Part>) {
        let blocks = self.blocks.len() as u32;
        let lines = self.len() as u32;
        self.ends.extend_from_slice(&other.ends);
        self.runs.extend(other.runs.iter().map(|r| Run {
            line: r.line + lines,
            block: r.block + blocks,
            start: r.start,
        }));
        self.kinds.extend_from_slice(&other.kinds);
        self.authors.extend_from_slice(&other.authors);
        let odd = self.odd_times.len();
        self.times
            .extend(other.times.iter().map(|t| t.shifted(odd)));
        self.bases.extend_from_slice(&other.bases);
        self.odd_times.extend_from_slice(&other.odd_times);
        self.masks.extend_from_slice(&other.masks);
        self.incident_lines
            .extend(other.incident_lines.iter().map(|&l| l + lines));
        match Arc::try_unwrap(other) {
            Ok(other) => {
                self.paths.extend(other.paths);
                self.blocks.extend(other.blocks);
                self.incidents.extend(other.incidents);
            }
            Err(other) => {
                self.paths.extend_from_slice(&other.paths);
                self.blocks.extend_from_slice(&other.blocks);
                self.incidents.extend_from_slice(&other.incidents);
            }
        }
    }

    /// The run line `local` is in (of a part that holds its lines).
    fn run_of(&self, local: usize) -> usize {
        self.runs.partition_point(|r| r.line as usize <= local) - 1
    }

    /// Where the text of line `local` lies in its block, `run` being its run.
    #[inline]
    fn span(&self, run: &Run, local: usize) -> (usize, usize) {
        let start = if run.line as usize == local {
            run.start
        } else {
            self.ends[local - 1]
        };
        (start as usize, self.ends[local] as usize)
    }

    /// The text of line `local`, `run` being its run (of a part that holds its lines).
    #[inline]
    fn text_in(&self, run: &Run, local: usize) -> &str {
        let (start, end) = self.span(run, local);
        &self.blocks[run.block as usize].as_str()[start..end]
    }

    /// The searchable line `local` (`text | kind | author`), written into `buf`.
    pub(crate) fn line<'b>(&self, local: usize, buf: &'b mut String) -> &'b str {
        if self.incidents.is_empty() {
            return self.own_line(&self.runs[self.run_of(local)], local, buf);
        }
        let e = self.event(local);
        write_line(&e.text, e.kind, e.author.as_ref(), buf)
    }

    /// [`Part::line`] of a part that holds its lines, `run` being the line's run.
    #[inline]
    fn own_line<'b>(&self, run: &Run, local: usize, buf: &'b mut String) -> &'b str {
        write_line(
            self.text_in(run, local),
            self.kinds[local],
            self.authors[local].as_ref(),
            buf,
        )
    }

    /// The length of [`Part::line`] in bytes, without putting the line together.
    fn line_len(&self, local: usize) -> usize {
        if self.incidents.is_empty() {
            let (start, end) = self.span(&self.runs[self.run_of(local)], local);
            return line_len(end - start, self.kinds[local], self.authors[local].as_ref());
        }
        let e = self.event(local);
        line_len(e.text.len(), e.kind, e.author.as_ref())
    }

    fn text(&self, local: usize) -> &str {
        if self.incidents.is_empty() {
            return self.text_in(&self.runs[self.run_of(local)], local);
        }
        &self.event(local).text
    }

    fn kind(&self, local: usize) -> EventKind {
        if self.incidents.is_empty() {
            return self.kinds[local];
        }
        self.event(local).kind
    }

    fn author(&self, local: usize) -> Option<&Name> {
        if self.incidents.is_empty() {
            return self.authors[local].as_ref();
        }
        self.event(local).author.as_ref()
    }

    fn time(&self, local: usize) -> Timestamp {
        if self.incidents.is_empty() {
            let base = self.bases[self.origin(local).0 as usize];
            return self.times[local].get(base, &self.odd_times);
        }
        self.event(local).at
    }

    /// The number of the incident (of `paths`) line `local` is in, and of its event there.
    fn origin(&self, local: usize) -> (u32, u32) {
        let local = local as u32;
        let incident = self.incident_lines.partition_point(|&s| s <= local) - 1;
        (incident as u32, local - self.incident_lines[incident])
    }

    pub(crate) fn mask(&self, local: usize) -> u64 {
        self.masks[local]
    }

    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.ends.capacity() * 4
            + self.runs.capacity() * size_of::<Run>()
            + self.kinds.capacity() * size_of::<EventKind>()
            + self.authors.capacity() * size_of::<Option<Name>>()
            + self.times.capacity() * size_of::<TimeDelta>()
            + self.bases.capacity() * size_of::<PackedTime>()
            + self.odd_times.capacity() * size_of::<Timestamp>()
            + self.masks.capacity() * 8
            + self.incident_lines.capacity() * 4
            + self.blocks.capacity() * size_of::<TextBlock>()
            + self.incidents.capacity() * size_of::<Arc<Incident>>()
    }
}

/// The byte-set of an event's searchable line (`text | kind | author`), a part at a time.
fn line_mask(e: &Event) -> u64 {
    let mut mask = byte_set(&e.text) | SEP_SET | byte_set(e.kind.as_str());
    if let Some(a) = &e.author {
        mask |= byte_set(a);
    }
    mask
}

/// The byte-set of [`SEP`].
const SEP_SET: u64 = {
    let sep = SEP.as_bytes();
    let mut m = 0;
    let mut i = 0;
    while i < sep.len() {
        m |= byte_bit(sep[i]);
        i += 1;
    }
    m
};

/// A new lineage number (see [`Index::extends`]).
fn fresh_lineage() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Every event of a set of incidents, searchable as one line each: the event text, then
/// ` | kind`, then ` | author` when there is one (the TUI's search joined them with " · ").
///
/// Memory: 21 bytes per event (its text's end, kind, author, time, byte-set; the blocks, runs,
/// time bases and incidents' first lines a few bytes more per incident, when an incident's texts
/// follow one another in one block as every folder load leaves them — a text in a block of its
/// own, as a YAML file parsed alone or an edited incident has, adds a block and a run per
/// event); the texts are the
/// events' own (an event's [`SharedStr`](crate::model::SharedStr) is a range of its incident's
/// block of text; the index counts once on each block, no copy), so an index outlives the
/// incidents it was built from by keeping their blocks. Lines are numbered in the order they were added;
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

    /// The last part, to write into: a new one when there is none, it is shared with another
    /// index, or it holds its lines the other way (`reads_incidents`, see
    /// [`Part::reads_incidents`]). Writing in place starts a new lineage: this index no longer
    /// extends its copies.
    fn writable(&mut self, reads_incidents: bool) -> &mut Part {
        self.lineage = fresh_lineage();
        let shared = self.parts.last_mut().is_none_or(|p| {
            p.reads_incidents().is_some_and(|r| r != reads_incidents) || Arc::get_mut(p).is_none()
        });
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
        self.writable(false).push_incident(path, incident);
        self.incidents += 1;
        self.lines += incident.timeline.len();
        n
    }

    /// Add an incident's events, read from the incident itself whenever a line is needed: the
    /// index keeps the incident (shared) and each event's byte-set, 8 bytes an event instead
    /// of 21, for a caller that keeps the incidents anyway (the TUI). Returns the incident's
    /// number in this index.
    pub fn push_shared(&mut self, path: &Path, incident: Arc<Incident>) -> u32 {
        let n = self.incidents as u32;
        let events = incident.timeline.len();
        self.writable(true).push_shared(path, incident);
        self.incidents += 1;
        self.lines += events;
        n
    }

    /// One index of several (built on several threads), in order, in one part.
    pub fn concat(parts: Vec<Index>) -> Index {
        let mut index = Index::new();
        let reads_incidents = parts
            .iter()
            .flat_map(|i| &i.parts)
            .find_map(|p| p.reads_incidents())
            .unwrap_or(false);
        let part = index.writable(reads_incidents);
        let lines = parts.iter().map(Index::len).sum();
        let incidents = parts.iter().map(Index::incidents).sum();
        if !reads_incidents {
            part.ends.reserve(lines);
            part.kinds.reserve(lines);
            part.authors.reserve(lines);
            part.times.reserve(lines);
            part.bases.reserve(incidents);
            part.runs.reserve(
                parts
                    .iter()
                    .flat_map(|i| &i.parts)
                    .map(|p| p.runs.len())
                    .sum(),
            );
        }
        part.incident_lines.reserve(incidents);
        part.masks.reserve(lines);
        for p in parts {
            index.append(p);
        }
        index
    }

    /// Several indexes (built on several threads, one per incident as `retrace search` does) as
    /// one, in order, without copying: their parts are shared, so the memory is that of the
    /// parts alone (copying them into one, as [`Index::concat`] does, held both at once: 57 MB
    /// of the 183 MB heap peak of `retrace search` over 1,000,000 events). A scan looks up the
    /// part at each part's first line only (see [`Cursor`]).
    pub fn joined(indexes: Vec<Index>) -> Index {
        let mut index = Index::new();
        let count = indexes.iter().map(|i| i.parts.len()).sum();
        index.parts.reserve_exact(count);
        index.line_starts.reserve_exact(count);
        index.incident_starts.reserve_exact(count);
        for i in &indexes {
            index.share_parts(i);
        }
        index
    }

    /// Add `more`'s parts after ours, shared (not copied): its lines and incidents are numbered
    /// after ours.
    fn share_parts(&mut self, more: &Index) {
        for (i, p) in more.parts.iter().enumerate() {
            self.parts.push(Arc::clone(p));
            self.line_starts
                .push(self.lines as LineId + more.line_starts[i]);
            self.incident_starts
                .push(self.incidents as u32 + more.incident_starts[i]);
        }
        self.lines += more.lines;
        self.incidents += more.incidents;
    }

    /// Append another index (built on another thread): its incidents and lines follow ours
    /// (moved, or copied when shared, into our last part; the texts are shared).
    pub fn append(&mut self, other: Index) {
        for p in other.parts {
            // Counted part by part: a part holding its lines the other way starts a new part
            // here, numbered from the lines and incidents before it.
            let (lines, incidents) = (p.len(), p.paths.len());
            let reads_incidents = p.reads_incidents().unwrap_or(false);
            self.writable(reads_incidents).append(p);
            self.lines += lines;
            self.incidents += incidents;
        }
    }

    /// This index and then `more`'s incidents and lines, without copying either: the parts are
    /// shared. The result extends this index (see [`Index::extends`]).
    pub fn extended(&self, more: &Index) -> Index {
        let mut index = self.clone();
        index.share_parts(more);
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
            group: 0,
            group_lines: 0..0,
            block: "",
            first_start: 0,
        }
    }

    /// The whole searchable line: text, ` | kind`, ` | author` (put together for the caller).
    pub fn line(&self, id: LineId) -> String {
        let (part, local) = self.locate(id);
        let mut line = String::new();
        part.line(local, &mut line);
        line
    }

    /// The length of [`Index::line`] in bytes, without putting the line together.
    pub fn line_len(&self, id: LineId) -> usize {
        let (part, local) = self.locate(id);
        part.line_len(local)
    }

    /// The event's text alone (the start of its line). Untrusted: sanitise before display.
    pub fn text(&self, id: LineId) -> &str {
        let (part, local) = self.locate(id);
        part.text(local)
    }

    /// The event's kind as written in files (`detection`).
    pub fn kind(&self, id: LineId) -> &'static str {
        let (part, local) = self.locate(id);
        part.kind(local).as_str()
    }

    /// Who wrote the event, when the file says: cleaned at ingest (both readers pass it
    /// through `clean_line`, as for [`crate::model::Event::author`]), so views show it as is.
    pub fn author(&self, id: LineId) -> Option<&str> {
        let (part, local) = self.locate(id);
        part.author(local).map(|a| &**a)
    }

    /// When the event happened.
    pub fn time(&self, id: LineId) -> Timestamp {
        let (part, local) = self.locate(id);
        part.time(local)
    }

    /// The file the event was read from.
    pub fn path(&self, id: LineId) -> &Path {
        let (part, local) = self.locate(id);
        &part.paths[part.origin(local).0 as usize]
    }

    /// `(incident number, index of the event in that incident's timeline)`.
    pub fn origin(&self, id: LineId) -> (u32, u32) {
        let p = self.line_starts.partition_point(|&s| s <= id) - 1;
        let (incident, event) = self.parts[p].origin((id - self.line_starts[p]) as usize);
        (self.incident_starts[p] + incident, event)
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

    /// Bytes held: the per-line tables (not the paths, nor the texts, which are the events').
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
    /// Its lines `group_lines` (local numbers; empty when none was read yet) are those of its
    /// run `group` (a part holding its lines: their texts follow one another) or of its
    /// incident `group` (a part reading its lines from the incidents), so a scan looks up a
    /// line's run or incident once per run or incident rather than once per line.
    group: usize,
    group_lines: std::ops::Range<u32>,
    /// The block of the texts of run `group` (a part holding its lines), and where the text
    /// of its first line starts.
    block: &'a str,
    first_start: u32,
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
            self.group_lines = 0..0;
        }
        (&self.index.parts[self.part], (id - self.start) as usize)
    }

    /// The searchable line `local` of the part of the last [`Cursor::seek`] (its `text | kind
    /// | author`), written into `buf`: [`Part::line`], its run or incident looked up once for
    /// the lines of each.
    #[inline]
    pub(crate) fn line<'b>(&mut self, local: usize, buf: &'b mut String) -> &'b str {
        let part: &'a Part = &self.index.parts[self.part];
        let l = local as u32;
        if part.incidents.is_empty() {
            if !self.group_lines.contains(&l) {
                self.group = part.run_of(local);
                let run = part.runs[self.group];
                let end = part
                    .runs
                    .get(self.group + 1)
                    .map_or(part.len() as u32, |r| r.line);
                self.group_lines = run.line..end;
                self.block = part.blocks[run.block as usize].as_str();
                self.first_start = run.start;
            }
            let start = if l == self.group_lines.start {
                self.first_start
            } else {
                part.ends[local - 1]
            };
            let text = &self.block[start as usize..part.ends[local] as usize];
            return write_line(text, part.kinds[local], part.authors[local].as_ref(), buf);
        }
        if !self.group_lines.contains(&l) {
            self.group = part.incident_lines.partition_point(|&s| s <= l) - 1;
            let end = part
                .incident_lines
                .get(self.group + 1)
                .map_or(part.len() as u32, |&e| e);
            self.group_lines = part.incident_lines[self.group]..end;
        }
        let e = &part.incidents[self.group].timeline[(l - self.group_lines.start) as usize];
        write_line(&e.text, e.kind, e.author.as_ref(), buf)
    }
}

/// The bit of one ASCII byte, lower-cased: letters and digits have their own bit, other bytes
/// share the remaining 28.
pub(crate) const fn byte_bit(b: u8) -> u64 {
    let b = b.to_ascii_lowercase();
    let i = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        _ => 36 + b % 28,
    };
    1 << i
}

/// [`byte_bit`] of every byte, and every bit for a byte of a non-ASCII character: OR-ing the
/// bytes of a string gives its [`byte_set`] in one pass.
static BYTE_BITS: [u64; 256] = {
    let mut t = [u64::MAX; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = byte_bit(b as u8);
        b += 1;
    }
    t
};

/// The set of lower-cased ASCII bytes of `s`; every bit for a string with non-ASCII characters
/// (Unicode case folding and normalisation can make them match ASCII needles).
///
/// One table look-up a byte, four bytes at a time into four sets (independent, so the
/// processor overlaps them): the byte-sets of a 1,000,000-event incident were a fifth of the
/// CPU of opening it warm when each byte was lower-cased and placed by a `match` after a
/// separate pass for `is_ascii`.
pub(crate) fn byte_set(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(4);
    let (mut a, mut b, mut c, mut d) = (0, 0, 0, 0);
    for q in &mut chunks {
        a |= BYTE_BITS[usize::from(q[0])];
        b |= BYTE_BITS[usize::from(q[1])];
        c |= BYTE_BITS[usize::from(q[2])];
        d |= BYTE_BITS[usize::from(q[3])];
    }
    for &x in chunks.remainder() {
        a |= BYTE_BITS[usize::from(x)];
    }
    a | b | c | d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventKind;

    /// The table's byte-set is the set its definition gives: each byte lower-cased and placed,
    /// every bit once a character is not ASCII, at any length (the four-byte steps and the
    /// rest).
    #[test]
    fn the_byte_set_is_each_bytes_bit_or_everything_for_non_ascii() {
        let by_definition = |s: &str| {
            if s.is_ascii() {
                s.bytes().fold(0, |m, b| m | byte_bit(b))
            } else {
                u64::MAX
            }
        };
        let texts = [
            "",
            "a",
            "Ab",
            "abc",
            "Rollb",
            "Rollback started | note | Kofi",
            "DNS TTL 300s -> 60s; ~23:00-ish [link](http://x/y?z=1)",
            "caf\u{e9} rollback",
            "rollback caf\u{e9}",
            "\u{2014}",
            "\u{7f}\u{1}\t",
        ];
        for t in texts {
            assert_eq!(byte_set(t), by_definition(t), "{t:?}");
        }
        assert_eq!(SEP_SET, by_definition(SEP));
    }

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

    /// The index holds the events' texts, not copies (issue 10: it copied every line into an
    /// arena of its own, the largest part of `retrace search`'s memory), through every way
    /// of joining indexes.
    #[test]
    fn the_index_shares_the_event_texts() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        let mut incident = Incident {
            timeline: vec![
                Event::new(at, EventKind::Detection, "Alert fired"),
                Event::new(at, EventKind::Note, "café is slow"),
            ],
            ..Incident::default()
        };
        incident.timeline[1].author = Some("Kofi".into());
        incident.share_text();
        let one = Index::build([(Path::new("a.yaml"), &incident)]);
        let two = Index::build([(Path::new("b.yaml"), &incident)]);
        let joined = Index::concat(vec![one.clone(), two.clone()])
            .extended(&one)
            .flattened();
        assert_eq!(joined.len(), 6);
        let shared = Index::joined(vec![one.clone(), Index::new(), two, one]);
        assert_eq!(
            (shared.len(), shared.incidents(), shared.parts()),
            (6, 3, 3)
        );
        for id in 0..6 {
            assert_eq!(shared.line(id), joined.line(id));
            assert_eq!(shared.path(id), joined.path(id));
            assert_eq!(shared.origin(id), joined.origin(id));
            assert_eq!(shared.time(id), joined.time(id));
        }
        for id in 0..6 {
            let e = &incident.timeline[id as usize % 2];
            assert_eq!(
                joined.text(id).as_ptr(),
                e.text.as_ptr(),
                "line {id} is a copy"
            );
        }
        assert_eq!(joined.line(1), "café is slow | note | Kofi");
        assert_eq!(joined.line_len(1), joined.line(1).len());
        assert_eq!((joined.kind(0), joined.kind(1)), ("detection", "note"));
        assert_eq!(joined.mask(1), u64::MAX, "non-ASCII: never rejected");
        assert_eq!(joined.path(3), Path::new("b.yaml"));
    }

    /// An index that reads its lines from the incidents (the TUI's) says the same as one that
    /// holds its own, line for line, through every way of joining indexes, mixed or not, and
    /// keeps the byte-sets alone.
    #[test]
    fn an_index_reading_the_incidents_says_what_one_holding_its_lines_says() {
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
        let mut a = Incident::default();
        for (t, text, author) in [
            ("2025-01-01T10:00:00Z", "pager fired", None),
            ("2025-01-01T10:05:00.5+05:30", "café is slow", Some("Kofi")),
            ("2025-01-01T10:09:00Z", "", Some("Ana")),
        ] {
            let mut e = Event::new(at(t), EventKind::Detection, text);
            e.author = author.map(Name::from);
            a.timeline.push(e);
        }
        a.share_text();
        let b = Incident {
            timeline: vec![Event::new(
                at("2025-02-01T08:00:00Z"),
                EventKind::Note,
                "all clear",
            )],
            ..Incident::default()
        };
        let empty = Incident::default();
        let own = Index::build([
            (Path::new("a.md"), &a),
            (Path::new("empty.md"), &empty),
            (Path::new("b.md"), &b),
        ]);
        let mut read = Index::new();
        read.push_shared(Path::new("a.md"), Arc::new(a.clone()));
        read.push_shared(Path::new("empty.md"), Arc::new(empty.clone()));
        read.push_shared(Path::new("b.md"), Arc::new(b.clone()));
        assert_eq!(read.parts(), 1);
        assert!(read.parts[0].ends.is_empty() && read.parts[0].times.is_empty());
        let twice = Index::concat(vec![own.clone(), own.clone()]);
        let mut mixed = read.clone();
        mixed.append(own.clone());
        for index in [
            Index::concat(vec![read.clone(), read.clone()]),
            Index::joined(vec![read.clone(), own.clone()]),
            read.extended(&own).flattened(),
            Index::concat(vec![own.clone(), read.clone()]),
            mixed,
        ] {
            assert_eq!((index.len(), index.incidents()), (8, 6));
            for id in 0..8 {
                assert_eq!(index.line(id), twice.line(id), "line {id}");
                assert_eq!(index.line_len(id), twice.line_len(id), "line {id}");
                assert_eq!(index.text(id), twice.text(id), "line {id}");
                assert_eq!(index.kind(id), twice.kind(id), "line {id}");
                assert_eq!(index.time(id).to_rfc3339(), twice.time(id).to_rfc3339());
                assert_eq!(index.path(id), twice.path(id), "line {id}");
                assert_eq!(index.origin(id), twice.origin(id), "line {id}");
                assert_eq!(index.mask(id), twice.mask(id), "line {id}");
            }
        }
        assert_eq!(read.line(1), "café is slow | detection | Kofi");
        assert_eq!(read.incident_path(2), Path::new("b.md"));
        assert!(read.heap_bytes() < own.heap_bytes());
    }

    /// A time is held in 4 bytes, after its incident's first whole-second time, when it is in
    /// that time's offset and within 34 years of it, and kept aside when not; each reads back
    /// the same (its instant and its offset) through every way of joining indexes, in
    /// incidents whose first time is not a base or that have none.
    #[test]
    fn an_event_time_reads_back_as_it_was() {
        let story = |times: &[&str]| {
            let mut incident = Incident::default();
            for t in times {
                let at = chrono::DateTime::parse_from_rfc3339(t).unwrap();
                incident.timeline.push(Event::new(at, EventKind::Note, "x"));
            }
            incident
        };
        let mut mixed = story(&[
            "2025-01-01T10:00:00Z",
            "2025-03-30T01:59:00+05:45",
            "1969-07-20T20:17:40-23:59",
            "2025-06-01T08:00:00.250+02:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "2025-01-01T09:59:59Z",
        ]);
        let odd =
            chrono::DateTime::parse_from_str("2025-06-01 08:00:00 +0000", "%Y-%m-%d %H:%M:%S %z")
                .unwrap()
                .with_timezone(&chrono::FixedOffset::east_opt(30).unwrap());
        mixed.timeline.push(Event::new(odd, EventKind::Note, "x"));
        let one_zone = story(&[
            "2025-06-01T08:00:00.5+02:00",
            "2025-06-01T08:00:00+02:00",
            "2025-06-01T07:00:00+02:00",
            "1991-06-01T08:00:00+02:00",
            "2059-06-01T08:00:00+02:00",
            "2060-06-01T08:00:00+02:00",
        ]);
        let none = story(&["2025-06-01T08:00:00.5+02:00", "2025-06-01T08:00:01.5Z"]);
        let incidents = [mixed, one_zone, none];
        let one = Index::build(incidents.iter().map(|i| (Path::new("a.yaml"), i)));
        assert_eq!(
            one.parts[0].odd_times.len(),
            6 + 2 + 2,
            "mixed: the other offsets and the fraction; one zone: the fraction and 35 years \
             after; none: both"
        );
        let all: Vec<&Event> = incidents.iter().flat_map(|i| &i.timeline).collect();
        for index in [
            one.clone(),
            Index::concat(vec![one.clone(), one.clone()]),
            Index::joined(vec![one.clone(), one.clone()]),
        ] {
            for id in 0..index.len() {
                let want = all[id % all.len()].at;
                let got = index.time(id as LineId);
                assert_eq!(got, want);
                assert_eq!(got.to_rfc3339(), want.to_rfc3339());
            }
        }
    }

    /// A scan's cursor reads the same lines as [`Index::line`], in parts holding their lines
    /// or reading them from the incidents, across runs (texts in one block, texts each in a
    /// block of their own, a text that does not follow the one before) and parts, whether it
    /// reads every line or skips some (as the prefilter does).
    #[test]
    fn a_cursor_reads_the_lines_the_index_gives() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        let story = |texts: &[&str]| Incident {
            timeline: texts
                .iter()
                .map(|t| Event::new(at, EventKind::Note, *t))
                .collect(),
            ..Incident::default()
        };
        let mut shared = story(&["pager fired", "", "rolled back", "caf\u{e9} ok"]);
        shared.share_text();
        let own = story(&["queue drained", "", "all clear"]);
        // Texts of one block out of order: each starts a run.
        let mut reordered = shared.clone();
        reordered.timeline.swap(0, 2);
        let empty = story(&[]);
        let one = Index::build([
            (Path::new("a.md"), &shared),
            (Path::new("b.md"), &own),
            (Path::new("e.md"), &empty),
            (Path::new("c.md"), &reordered),
        ]);
        let mut read = Index::new();
        read.push_shared(Path::new("a.md"), Arc::new(shared.clone()));
        read.push_shared(Path::new("b.md"), Arc::new(own.clone()));
        for index in [
            one.clone(),
            Index::joined(vec![one.clone(), read.clone(), one.clone()]),
            Index::concat(vec![one.clone(), one.clone()]),
            one.extended(&read).extended(&one),
        ] {
            for step in 1..=3 {
                let mut cursor = index.cursor();
                let mut buf = String::new();
                for id in (0..index.len() as LineId).step_by(step) {
                    let (_, local) = cursor.seek(id);
                    assert_eq!(cursor.line(local, &mut buf), index.line(id), "line {id}");
                }
            }
        }
        assert_eq!(one.text(7), "rolled back");
        assert_eq!(one.text(9), "pager fired");
    }

    /// What an index holding its lines keeps for an event: 21 bytes (a loaded incident's
    /// texts follow one another in one block: one run, one block, one time base for all).
    #[test]
    fn an_index_holds_21_bytes_an_event() {
        assert_eq!(std::mem::size_of::<Option<Name>>(), 4, "an author grew");
        assert_eq!(std::mem::size_of::<EventKind>(), 1, "an event kind grew");
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        let mut incident = Incident {
            timeline: (0..1000)
                .map(|i| {
                    let mut e = Event::new(
                        at + chrono::Duration::seconds(i),
                        EventKind::Note,
                        format!("step {i}"),
                    );
                    e.author = Some("Kofi".into());
                    e
                })
                .collect(),
            ..Incident::default()
        };
        incident.share_text();
        let index = Index::build([(Path::new("a.yaml"), &incident)]);
        let part = &index.parts[0];
        assert_eq!((part.runs.len(), part.blocks.len()), (1, 1));
        assert!(part.odd_times.is_empty());
        // The runs, bases, blocks and first lines: one each, in vectors of a few.
        assert!(
            index.heap_bytes() <= 21 * 1000 + 200,
            "{}",
            index.heap_bytes()
        );
        for (i, e) in incident.timeline.iter().enumerate() {
            assert_eq!(index.text(i as LineId), &*e.text);
        }
    }

    /// A line holds where its text lies and the part holds each block once; the line's
    /// incident and event are found from the incidents' first lines, empty incidents and
    /// texts that are not in one block (as `load_str` leaves them) included.
    #[test]
    fn a_line_finds_its_incident_its_event_and_its_text() {
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z").unwrap();
        let story = |texts: &[&str], share: bool| {
            let mut incident = Incident {
                timeline: texts
                    .iter()
                    .map(|t| Event::new(at, EventKind::Note, *t))
                    .collect(),
                ..Incident::default()
            };
            if share {
                incident.share_text();
            }
            incident
        };
        let a = story(&["pager fired", "rolled back"], true);
        let empty = story(&[], true);
        let b = story(&["queue drained", "", "all clear"], false);
        let one = Index::build([
            (Path::new("a.md"), &a),
            (Path::new("empty.md"), &empty),
            (Path::new("b.md"), &b),
        ]);
        let two = Index::build([(Path::new("empty.md"), &empty), (Path::new("a.md"), &a)]);
        let want = [
            ("a.md", 0, 0, "pager fired"),
            ("a.md", 0, 1, "rolled back"),
            ("b.md", 2, 0, "queue drained"),
            ("b.md", 2, 1, ""),
            ("b.md", 2, 2, "all clear"),
            ("a.md", 4, 0, "pager fired"),
            ("a.md", 4, 1, "rolled back"),
        ];
        for index in [
            Index::concat(vec![one.clone(), two.clone()]),
            Index::joined(vec![one.clone(), two.clone()]),
            one.extended(&two).flattened(),
        ] {
            assert_eq!((index.len(), index.incidents()), (7, 5));
            for (id, (path, incident, event, text)) in want.into_iter().enumerate() {
                let id = id as LineId;
                assert_eq!(index.path(id), Path::new(path), "line {id}");
                assert_eq!(index.origin(id), (incident, event), "line {id}");
                assert_eq!(index.text(id), text, "line {id}");
                assert_eq!(index.line(id), format!("{text} | note"));
                assert_eq!(index.line_len(id), text.len() + " | note".len());
            }
            assert_eq!(index.incident_path(3), Path::new("empty.md"));
        }
    }
}
