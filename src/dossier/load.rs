//! A dossier file opened alone: read, parsed and validated in one call. A
//! chart of several files is [`chart`](super::chart)'s.

use std::borrow::Cow;
use std::path::Path;

use super::diag::Diagnostic;
use super::merge::merge;
use super::parse::{parse_bundled, parse_file};
use super::types::{FileInfo, Loaded, ParsedFile};

// The limits and the plain parse, where the loader's callers look for them.
pub(crate) use super::parse::ron_error_in;
pub use super::parse::{MAX_NESTING, parse_str};
pub use super::read::MAX_FILE_BYTES;

/// Reads and validates the dossier file at `path`, alone. The file is
/// opened read-only.
///
/// On failure every diagnostic found is returned (errors and warnings).
pub fn load_path(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    merge(vec![parse_file(path)?])
}

/// The bundled dossier, validated.
pub fn load_bundled() -> Result<Loaded, Vec<Diagnostic>> {
    merge(vec![parse_bundled()?])
}

/// Parses, sanitises and validates the text of one dossier file, alone;
/// `file` names it in messages.
pub fn load_str(file: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    merge(vec![ParsedFile::from_text(
        FileInfo::memory(file),
        Cow::Borrowed(text),
    )?])
}
