//! Bytes → model + diagnostics.
//!
//! Input shapes: the native YAML format ([`yaml`]), Markdown / plain-text postmortems
//! ([`markdown`]), and what responders export from their tools ([`sources`]: a Slack channel
//! export, PagerDuty and incident.io JSON). [`load_path`] picks one by content, then
//! extension. Every problem is a [`Diagnostic`] with a place (`path:line:col`), a message and a
//! hint; nothing here panics on bad input, and nothing reads an incident file whose read would
//! take more memory than [`load_memory_budget`] ([`max_file_bytes`], [`peak_memory`]; a Slack
//! export has its own limits, [`sources::Limits`]).

pub mod branches;
pub mod budget;
pub mod cache;
pub mod candidate;
pub mod classify;
pub mod clock;
pub mod corpus;
pub mod lexicon;
pub mod markdown;
pub mod nesting;
pub mod order;
pub mod pipeline;
pub mod reports;
pub mod resolve;
pub mod sources;
pub mod words;
pub mod yaml;
pub mod yaml_emit;
mod yaml_timeline;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Incident;
use crate::model::text::clean_line;

/// Files of a reader whose memory is not measured (a JSON export, a file without a `.yaml`,
/// `.yml`, `.md`, `.markdown` or `.txt` name) are refused over this size before they are parsed.
/// The native and Markdown readers are bounded by the memory they would take instead
/// ([`max_file_bytes`], [`peak_memory`]).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The most memory reading one incident file may take at its peak, in bytes: 4 GiB, or half
/// the machine's memory when that is less ([`load_memory_budget`]).
pub const MAX_LOAD_MEMORY: u64 = 4 << 30;

/// What a reader takes in memory at its peak, in bytes per line, per item mark and per byte of
/// the file, plus a fixed part; measured with `/usr/bin/time` (peak RSS of `retrace --no-cache
/// stats FILE`) on files of a million short events, of a million generated ones, of ten 5 MB
/// texts, and of one line of many items (a YAML flow sequence, a Markdown table row of many
/// cells), and rounded up so that the estimate is above every one (docs/BENCHMARKS-store.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeakCost {
    /// Bytes of memory per line of the file (each line may be an event or a key of one).
    pub per_line: u64,
    /// Bytes of memory per item mark (a byte of [`PeakCost::item_marks`]): many items may
    /// stand on one line, each held like a line's.
    pub per_item: u64,
    /// The bytes that start an item within a line: YAML's flow separators `,` `{` `[`, a
    /// Markdown table's cell separator `|`.
    pub item_marks: &'static [u8],
    /// Bytes of memory per byte of the file (its text held several times over).
    pub per_byte: u64,
}

/// The native YAML reader: serde_yaml 0.9 reads the whole document into parse events first
/// (1.26 GB for 24 MB in 2 million short lines; 1.94 GB for the generator's 115 MB in 3.3
/// million lines; 216 MB for 50 MB in 23 long lines; 496 MB for 400,000 events in one flow
/// sequence of 14 MB, 1.6 million marks; 1.04 GB for 37 MB in one line of 4.1 million marks).
pub const YAML_PEAK: PeakCost = PeakCost {
    per_line: 600,
    per_item: 300,
    item_marks: b",{[",
    per_byte: 5,
};

/// The Markdown reader (797 MB for 10 MB in a million short entries; 1.56 GB for the
/// generator's 74 MB in a million table rows; 312 MB for 50 MB in 14 long lines; 1.69 GB for
/// one table row of 20 million cells, 40 MB).
pub const MARKDOWN_PEAK: PeakCost = PeakCost {
    per_line: 750,
    per_item: 100,
    item_marks: b"|",
    per_byte: 12,
};

/// What a process takes before it reads anything, counted in every estimate.
const BASE_MEMORY: u64 = 32 << 20;

/// The peak cost of the reader a file of this name is read with (`.yaml`/`.yml`: the native
/// reader; `.md`/`.markdown`/`.txt`: the Markdown one); `None` for any other name, whose reader's
/// memory is not measured.
pub fn peak_cost(path: &Path) -> Option<PeakCost> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => Some(YAML_PEAK),
        "md" | "markdown" | "txt" => Some(MARKDOWN_PEAK),
        _ => None,
    }
}

/// The estimated peak memory, in bytes, of reading `bytes` bytes in `lines` lines holding
/// `items` item marks ([`PeakCost::item_marks`]) at `cost`.
pub fn peak_memory(cost: PeakCost, bytes: u64, lines: u64, items: u64) -> u64 {
    BASE_MEMORY
        .saturating_add(cost.per_line.saturating_mul(lines))
        .saturating_add(cost.per_item.saturating_mul(items))
        .saturating_add(cost.per_byte.saturating_mul(bytes))
}

/// The lines of `bytes` (its newlines, plus one) and its item marks at `cost`
/// ([`PeakCost::item_marks`]), counted in one pass.
pub fn count_lines_and_items(cost: PeakCost, bytes: &[u8]) -> (u64, u64) {
    let mut is_mark = [false; 256];
    for &m in cost.item_marks {
        is_mark[usize::from(m)] = true;
    }
    // SIMD searches for up to three marks (YAML's `,{[`, Markdown's `|`), else a table.
    let lines = 1 + memchr::memchr_iter(b'\n', bytes).count() as u64;
    let items = match *cost.item_marks {
        [] => 0,
        [a] => memchr::memchr_iter(a, bytes).count(),
        [a, b] => memchr::memchr2_iter(a, b, bytes).count(),
        [a, b, c] => memchr::memchr3_iter(a, b, c, bytes).count(),
        _ => bytes.iter().filter(|&&b| is_mark[usize::from(b)]).count(),
    } as u64;
    (lines, items)
}

/// The memory the reads of one process may take, in bytes, one file's or several at once
/// (they share it, [`MemoryBudget`]): [`MAX_LOAD_MEMORY`], or half the machine's physical
/// memory when that is less (as the system reports it; [`MAX_LOAD_MEMORY`] where it does not).
pub fn load_memory_budget() -> u64 {
    static BUDGET: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BUDGET.get_or_init(|| match physical_memory() {
        Some(m) if m > 0 => (m / 2).min(MAX_LOAD_MEMORY),
        _ => MAX_LOAD_MEMORY,
    })
}

/// The machine's physical memory in bytes, where the system says.
fn physical_memory() -> Option<u64> {
    #[cfg(unix)]
    {
        // SAFETY: sysconf only reads system configuration values.
        let (pages, size) = unsafe {
            (
                libc::sysconf(libc::_SC_PHYS_PAGES),
                libc::sysconf(libc::_SC_PAGESIZE),
            )
        };
        if pages > 0 && size > 0 {
            return Some((pages as u64).saturating_mul(size as u64));
        }
    }
    None
}

/// The most bytes read from a file of this name: a native or Markdown file whose bytes alone
/// would cost more than [`load_memory_budget`] at its reader's [`PeakCost::per_byte`]
/// (whatever its lines) is refused before it is read; any other file over [`MAX_FILE_BYTES`].
pub fn max_file_bytes(path: &Path) -> u64 {
    match peak_cost(path) {
        Some(cost) => (load_memory_budget().saturating_sub(BASE_MEMORY) / cost.per_byte.max(1))
            .max(MAX_FILE_BYTES),
        None => MAX_FILE_BYTES,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Said for information: a file skipped on purpose (not an incident).
    Note,
    Warning,
    Error,
}

/// One finding about an input file, located for people: `path:line:col: level: message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    pub level: Level,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding; `message` is cleaned for people ([`clean_line`]): it often quotes file text
    /// (an unknown key, a value that is not a time), which must not carry escape sequences or
    /// line breaks to a terminal or a JSON report.
    pub fn new(
        path: &Path,
        line: usize,
        col: usize,
        level: Level,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col,
            level,
            message: clean_line(&message.into()),
            hint: None,
        }
    }
    pub fn error(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Level::Error, message)
    }
    pub fn warning(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Level::Warning, message)
    }
    /// A note: something the reader may want to know that is not wrong.
    pub fn note(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Level::Note, message)
    }
    /// The same finding with a hint (cleaned like the message).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(clean_line(&hint.into()));
        self
    }
    /// `path:line:col` (line and col left out when unknown); the path is cleaned, since file
    /// names may hold escape sequences too.
    pub fn location(&self) -> String {
        let p = display_path(&self.path);
        match (self.line, self.col) {
            (0, _) => p.to_string(),
            (l, 0) => format!("{p}:{l}"),
            (l, c) => format!("{p}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        write!(f, "{}: {level}: {}", self.location(), self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// A path as people read it in a message: lossy, with control characters and escape sequences
/// removed ([`clean_line`]).
pub fn display_path(path: &Path) -> String {
    clean_line(&path.display().to_string())
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", display_path(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Box<Diagnostic>),
}

impl LoadError {
    pub fn invalid(d: Diagnostic) -> Self {
        LoadError::Invalid(Box::new(d))
    }
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. } => path,
            LoadError::Invalid(d) => &d.path,
        }
    }
    /// The diagnostic form, for reports that list errors beside warnings.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            LoadError::Io { path, source } => {
                Diagnostic::error(path, 0, 0, format!("cannot read: {source}"))
                    .with_hint("check that the path exists and is readable")
            }
            LoadError::Invalid(d) => (**d).clone(),
        }
    }
}

/// Which reader a file goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Yaml,
    Markdown,
    /// A Slack channel export (folder or ZIP).
    Slack,
    /// A PagerDuty incident with its log entries and notes (JSON).
    #[serde(rename = "pagerduty")]
    PagerDuty,
    /// An incident.io incident with its updates (JSON).
    #[serde(rename = "incident.io")]
    IncidentIo,
    /// Several sources merged by `retrace import`.
    Merged,
}

/// A loaded incident with what was noticed while reading it.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub format: Format,
    pub incident: Incident,
    /// Warnings (never errors: an error means nothing was loaded).
    pub diagnostics: Vec<Diagnostic>,
    /// False for a Markdown file with no timeline and no postmortem sections (a README, a
    /// list): a folder scan skips it ([`corpus`]); named on its own it loads, with a warning.
    pub looks_like_incident: bool,
}

/// Extensions read as incident files when walking folders.
pub const INCIDENT_EXTENSIONS: &[&str] = &["yaml", "yml", "md", "markdown", "txt"];

/// Decide the reader: by extension first, then by content.
pub fn detect_format(path: &Path, text: &str) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("yaml" | "yml") => Format::Yaml,
        Some("md" | "markdown" | "txt") => Format::Markdown,
        _ if yaml::looks_like_incident(text) => Format::Yaml,
        _ => Format::Markdown,
    }
}

/// Read and parse one file, refusing huge or binary input before parsing.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    // A Slack export is a folder or a ZIP file: read by its own front end, with its own limits.
    let meta = std::fs::metadata(path);
    if meta.as_ref().is_ok_and(|m| {
        m.is_dir() || (m.is_file() && m.len() > MAX_FILE_BYTES && sources::is_slack_export(path))
    }) {
        return sources::load_slack(path, &sources::Options::default());
    }
    let bytes = read_file(path)?;
    if sources::is_zip(&bytes) {
        return sources::load_slack(path, &sources::Options::default());
    }
    load_bytes(path, &bytes)
}

/// The bytes of an incident file: a regular file (or a link to one) of at most
/// [`max_file_bytes`] (by its name: the native and Markdown readers are bounded by memory,
/// others by [`MAX_FILE_BYTES`]).
///
/// Anything else is refused with a diagnostic before a byte is read: a FIFO would block the
/// reader forever, a device (`/dev/zero`) never ends, a socket cannot be read. The file is
/// opened without blocking and checked again once open (it may have been swapped meanwhile),
/// and the read stops after the limit whatever the file claims its size is.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    check_regular(path, &meta)?;
    let limit = max_file_bytes(path);
    check_size(path, meta.len(), limit, false)?;
    let file = open_nonblocking(path).map_err(io)?;
    check_regular(path, &file.metadata().map_err(io)?)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    check_size(path, bytes.len() as u64, limit, true)?;
    Ok(bytes)
}

/// Open for reading without waiting for a writer (a FIFO) or a carrier (a terminal device).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What kind of file system entry `meta` is, in words ("a named pipe (FIFO)", "a folder"), when
/// it is not a regular file; `None` for a regular file.
pub fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), LoadError> {
    match not_regular(meta) {
        None => Ok(()),
        Some(what) => Err(LoadError::invalid(
            Diagnostic::error(path, 0, 0, format!("{what}, not an incident file; skipped"))
                .with_hint("retrace reads regular files only (a link to one is fine)"),
        )),
    }
}

/// `len` is the size the file system gave, or (`read`) the bytes read before `limit` stopped
/// the read.
fn check_size(path: &Path, len: u64, limit: u64, read: bool) -> Result<(), LoadError> {
    if len <= limit {
        return Ok(());
    }
    let message = if read {
        format!("file holds more than the {limit} byte limit (reading stopped there)")
    } else {
        format!("file is {len} bytes, over the {limit} byte limit")
    };
    let hint = if peak_cost(path).is_some() {
        "reading it would take more memory than this machine allows one file \
         (half its memory, at most 4 GiB); split the incident into several files"
    } else {
        "incident files are text; split the file or check that this is the right path"
    };
    Err(LoadError::invalid(
        Diagnostic::error(path, 0, 0, message).with_hint(hint),
    ))
}

/// Refuse input over [`max_file_bytes`], or whose read would take more memory than
/// [`load_memory_budget`] (for the native and Markdown readers, the estimate of
/// [`peak_memory`] from its bytes, lines and item marks). What it may take is then reserved
/// in the budget shared by every read of the process ([`MemoryBudget`]), waiting while other
/// reads hold it; the reservation is held until it is dropped (after the parse).
fn check_memory(path: &Path, bytes: &[u8]) -> Result<Reservation<'static>, LoadError> {
    let limit = max_file_bytes(path);
    let len = bytes.len() as u64;
    check_size(path, len, limit, false)?;
    let Some(cost) = peak_cost(path) else {
        return Ok(Reservation::none());
    };
    let budget = load_memory_budget();
    let (lines, items) = count_lines_and_items(cost, bytes);
    let peak = peak_memory(cost, len, lines, items);
    if peak <= budget {
        return Ok(shared_memory_budget().reserve(peak.saturating_sub(BASE_MEMORY)));
    }
    let mb = |b: u64| b.div_ceil(1_000_000);
    let items = if items > 0 {
        format!(", {items} items")
    } else {
        String::new()
    };
    Err(LoadError::invalid(
        Diagnostic::error(
            path,
            0,
            0,
            format!(
                "reading this file ({} MB in {lines} lines{items}) would take about {} MB of \
                 memory, over the {} MB one file may take on this machine",
                mb(len),
                mb(peak),
                mb(budget)
            ),
        )
        .with_hint(
            "split the incident into several files (the limit is half the machine's memory, \
             at most 4 GiB)",
        ),
    ))
}

/// The memory the reads of one process may take together, in bytes ([`load_memory_budget`]
/// less what the process takes before it reads anything): up to eight files are read at once
/// (the command line's and the TUI's workers), and each read [`MemoryBudget::reserve`]s its
/// estimate here for as long as it parses.
fn shared_memory_budget() -> &'static MemoryBudget {
    static SHARED: std::sync::OnceLock<MemoryBudget> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| MemoryBudget::new(load_memory_budget().saturating_sub(BASE_MEMORY)))
}

/// A number of bytes of memory shared by concurrent reads: each reserves what it may take
/// and gives it back when its [`Reservation`] is dropped.
#[derive(Debug)]
pub struct MemoryBudget {
    total: u64,
    taken: std::sync::Mutex<u64>,
    given_back: std::sync::Condvar,
}

impl MemoryBudget {
    /// A budget of `total` bytes, none taken.
    pub fn new(total: u64) -> Self {
        MemoryBudget {
            total,
            taken: std::sync::Mutex::new(0),
            given_back: std::sync::Condvar::new(),
        }
    }

    /// Take `bytes` (at most the whole budget), waiting until they are free; when nothing is
    /// taken they always are, so a read never waits on itself.
    pub fn reserve(&self, bytes: u64) -> Reservation<'_> {
        let bytes = bytes.min(self.total);
        let mut taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        while *taken + bytes > self.total {
            taken = self
                .given_back
                .wait(taken)
                .unwrap_or_else(|e| e.into_inner());
        }
        *taken += bytes;
        Reservation {
            budget: Some(self),
            bytes,
        }
    }

    /// Take `bytes` if they are free now; `None` when other reservations hold too much.
    pub fn try_reserve(&self, bytes: u64) -> Option<Reservation<'_>> {
        let bytes = bytes.min(self.total);
        let mut taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        if *taken + bytes > self.total {
            return None;
        }
        *taken += bytes;
        Some(Reservation {
            budget: Some(self),
            bytes,
        })
    }

    /// The bytes reserved now.
    pub fn taken(&self) -> u64 {
        *self.taken.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Bytes of a [`MemoryBudget`] held by one read; given back when dropped.
#[derive(Debug)]
pub struct Reservation<'a> {
    budget: Option<&'a MemoryBudget>,
    bytes: u64,
}

impl Reservation<'_> {
    /// A reservation of nothing (a reader whose memory is not measured).
    fn none() -> Self {
        Reservation {
            budget: None,
            bytes: 0,
        }
    }

    /// The bytes held.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(budget) = self.budget {
            let mut taken = budget.taken.lock().unwrap_or_else(|e| e.into_inner());
            *taken = taken.saturating_sub(self.bytes);
            budget.given_back.notify_all();
        }
    }
}

/// Parse bytes already in memory (`path` is used for messages and format detection); refused
/// when reading them would take more memory than one file may ([`load_memory_budget`]).
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, LoadError> {
    // Held while the text is decoded and parsed: the reader's peak.
    let _memory = check_memory(path, bytes)?;
    let text = decode(path, bytes)?;
    load_str(path, &text)
}

/// Parse text (`path` is used for messages and format detection).
pub fn load_str(path: &Path, text: &str) -> Result<Loaded, LoadError> {
    // A PagerDuty or incident.io export (JSON), by content.
    if let Some(loaded) = sources::load_json(path, text) {
        return loaded;
    }
    let format = detect_format(path, text);
    let (incident, diagnostics, looks_like_incident) = match format {
        Format::Yaml => {
            let (incident, diagnostics) = yaml::parse(path, text)?;
            (incident, diagnostics, true)
        }
        // `detect_format` gives YAML or Markdown; the sources were read above.
        Format::Markdown
        | Format::Slack
        | Format::PagerDuty
        | Format::IncidentIo
        | Format::Merged => {
            let r = markdown::read(path, text)?;
            (r.incident, r.diagnostics, r.looks_like_incident)
        }
    };
    Ok(Loaded {
        path: path.to_path_buf(),
        format,
        incident,
        diagnostics,
        looks_like_incident,
    })
}

/// UTF-8 (with or without BOM), or UTF-16 with a BOM; NUL bytes mean binary.
///
/// Line ends are made uniform for every reader: a carriage return alone (old Mac files, some
/// exports) ends a line like a newline; `\r\n` is left as it is. Offsets do not move.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    decode_text(path, bytes).map(lone_cr_to_lf)
}

/// `\r` not followed by `\n` becomes `\n` (one byte for one byte, so positions hold).
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were swapped for ASCII bytes.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    // One byte-order mark; any after it are text (and a file of them is no reason to recurse).
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf16 = |le: bool, rest: &[u8]| -> Option<String> {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        if let Some(s) = utf16(true, rest) {
            return Ok(s);
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF")
        && let Some(s) = utf16(false, rest)
    {
        return Ok(s);
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        let (line, col) = line_col(bytes, pos);
        return Err(LoadError::invalid(
            Diagnostic::error(
                path,
                line,
                col,
                "binary data (a NUL byte), not an incident file",
            )
            .with_hint("retrace reads YAML incidents and Markdown or plain-text postmortems"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let (line, col) = line_col(bytes, e.valid_up_to());
            // Latin-1 / Windows-1252 postmortems exist; read them rather than refuse, and say so.
            let text: String = bytes.iter().map(|&b| b as char).collect();
            if bytes.iter().filter(|b| **b >= 0x80).count() * 20 < bytes.len() {
                let _ = (line, col);
                return Ok(text);
            }
            Err(LoadError::invalid(
                Diagnostic::error(path, line, col, "not valid UTF-8 text")
                    .with_hint("save the file as UTF-8"),
            ))
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}
