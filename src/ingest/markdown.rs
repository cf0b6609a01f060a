//! Markdown / plain-text postmortem import (being written: see issue 2).

use std::path::Path;

use super::{Diagnostic, LoadError};
use crate::model::Incident;

pub fn import(path: &Path, _text: &str) -> Result<(Incident, Vec<Diagnostic>), LoadError> {
    Err(LoadError::invalid(Diagnostic::error(
        path,
        0,
        0,
        "Markdown import is not built yet",
    )))
}
