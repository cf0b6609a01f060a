//! Bytes → model + diagnostics.
//!
//! Two input shapes: the native YAML format ([`yaml`]) and Markdown / plain-text postmortems
//! ([`markdown`]). [`load_path`] picks one by extension, then by content. Every problem is a
//! [`Diagnostic`] with a place (`path:line:col`), a message and a hint; nothing here panics on
//! bad input, and nothing reads more than [`MAX_FILE_BYTES`].

pub mod clock;
pub mod corpus;
pub mod lexicon;
pub mod markdown;
pub mod yaml;
pub mod yaml_emit;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Incident;

/// Incident files are small; anything larger is refused before it is parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
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
            message: message.into(),
            hint: None,
        }
    }
    pub fn error(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Level::Error, message)
    }
    pub fn warning(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(path, line, col, Level::Warning, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// `path:line:col` (line and col left out when unknown).
    pub fn location(&self) -> String {
        let p = self.path.display();
        match (self.line, self.col) {
            (0, _) => format!("{p}"),
            (l, 0) => format!("{p}:{l}"),
            (l, c) => format!("{p}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
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

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", path.display())]
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
}

/// A loaded incident with what was noticed while reading it.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub format: Format,
    pub incident: Incident,
    /// Warnings (never errors: an error means nothing was loaded).
    pub diagnostics: Vec<Diagnostic>,
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
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::invalid(
            Diagnostic::error(
                path,
                0,
                0,
                format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    MAX_FILE_BYTES
                ),
            )
            .with_hint(
                "incident files are text; split the file or check that this is the right path",
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes(path, &bytes)
}

/// Parse bytes already in memory (`path` is used for messages and format detection).
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::invalid(
            Diagnostic::error(
                path,
                0,
                0,
                format!(
                    "input is {} bytes, over the {} byte limit",
                    bytes.len(),
                    MAX_FILE_BYTES
                ),
            )
            .with_hint("incident files are text; split the file"),
        ));
    }
    let text = decode(path, bytes)?;
    load_str(path, &text)
}

/// Parse text (`path` is used for messages and format detection).
pub fn load_str(path: &Path, text: &str) -> Result<Loaded, LoadError> {
    let format = detect_format(path, text);
    let (incident, diagnostics) = match format {
        Format::Yaml => yaml::parse(path, text)?,
        Format::Markdown => markdown::import(path, text)?,
    };
    Ok(Loaded {
        path: path.to_path_buf(),
        format,
        incident,
        diagnostics,
    })
}

/// UTF-8 (with or without BOM), or UTF-16 with a BOM; NUL bytes mean binary.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, LoadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(path, rest);
    }
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
    if let Some(pos) = bytes.iter().position(|b| *b == 0) {
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
