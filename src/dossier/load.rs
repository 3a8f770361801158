//! Reading a dossier: bytes → text → ron → sanitised model → validated.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use ron::extensions::Extensions;

use std::borrow::Cow;

use super::chart::{FileInfo, ParsedFile, Part, Provenance, Written, parse_bundled, parse_file};
use super::diag::{Diagnostic, suggest};
use super::merge::merge;
use super::model::Dossier;
use super::progress::Progress;
use crate::sanitize::sanitize_in_place;

/// Files over this size are refused before reading: a dossier this large is
/// surely not one, and reading it would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file is read this much at a time, so that progress moves.
const READ_CHUNK: u64 = 4 << 20;

/// Nesting deeper than this is refused (a dossier needs about six levels).
pub const MAX_NESTING: usize = 64;

/// A dossier (or a chart of several files, merged) that passed
/// validation, with the warnings it raised and where everything comes from.
#[derive(Debug, Clone)]
pub struct Loaded {
    // Fields drop in this order: the few large tables of the provenance
    // before the dossier's many small strings, so freeing a large block
    // does not first have to sort through all of theirs.
    pub provenance: Provenance,
    pub dossier: Dossier,
    pub warnings: Vec<Diagnostic>,
}

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

pub(crate) struct ReadError {
    message: String,
    pos: Option<(usize, usize)>,
}

impl From<String> for ReadError {
    fn from(message: String) -> Self {
        ReadError { message, pos: None }
    }
}

impl ReadError {
    pub(crate) fn into_diagnostic(self, file: &str) -> Diagnostic {
        Diagnostic::error(file, self.message).at_opt(self.pos)
    }
}

/// The whole text of the file at `path`, refused with a reason when it is
/// not a readable UTF-8 file of sane size.
pub(crate) fn read_text(path: &Path) -> Result<String, ReadError> {
    read_text_counted(path, &Progress::default())
}

/// `read_text`, counting the bytes read in `progress` as they come.
pub(crate) fn read_text_counted(path: &Path, progress: &Progress) -> Result<String, ReadError> {
    let io_msg = |e: io::Error| -> ReadError {
        match e.kind() {
            io::ErrorKind::NotFound => "no such file".to_string().into(),
            io::ErrorKind::PermissionDenied => "permission denied: the file cannot be read"
                .to_string()
                .into(),
            io::ErrorKind::IsADirectory => "is a directory, not a dossier file".to_string().into(),
            _ => format!("cannot read: {e}").into(),
        }
    };
    // Opened read-only and without blocking: a FIFO with no writer would
    // otherwise hang open() forever. Blocking is restored for the reads, so
    // a pipe (`<(command)`) is read to its end.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(io_msg)?;
    let meta = file.metadata().map_err(io_msg)?;
    if meta.is_dir() {
        return Err("is a directory, not a dossier file".to_string().into());
    }
    let kind = meta.file_type();
    if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
        return Err("is a device, not a dossier file".to_string().into());
    }
    rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty()).map_err(|e| io_msg(e.into()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "is {} bytes, over the limit of {MAX_FILE_BYTES} bytes (1 GiB) for a dossier",
            meta.len(),
        )
        .into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows while being read (or a device).
    // In chunks, each counted in `progress` as it comes. `take` forwards
    // reads into the buffer's spare capacity as it is, without zeroing it.
    let mut file = file.take(MAX_FILE_BYTES + 1);
    loop {
        let n = (&mut file)
            .take(READ_CHUNK)
            .read_to_end(&mut bytes)
            .map_err(io_msg)?;
        if n == 0 {
            break;
        }
        progress.read(n as u64);
    }
    text_of(bytes)
}

/// A file's bytes as text, refused with a reason when they are over the
/// size limit or not UTF-8 (the place of the first bad byte given).
pub(crate) fn text_of(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(
            format!("is over the limit of {MAX_FILE_BYTES} bytes (1 GiB) for a dossier").into(),
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Safe: the prefix up to valid_up_to is valid UTF-8.
        let prefix = std::str::from_utf8(good).unwrap_or_default();
        let line = 1 + prefix.matches('\n').count();
        let col = 1 + prefix.rsplit('\n').next().unwrap_or("").chars().count();
        ReadError {
            message: format!(
                "not UTF-8 text: invalid byte 0x{:02x}; dossiers are UTF-8",
                e.as_bytes()[good.len()]
            ),
            pos: Some((line, col)),
        }
    })
}

impl Diagnostic {
    fn at_opt(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((l, c)) => self.at(l, c),
            None => self,
        }
    }
}

/// Parses, sanitises and validates the text of one dossier file, alone;
/// `file` names it in messages.
pub fn load_str(file: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    merge(vec![ParsedFile::from_text(
        FileInfo::memory(file),
        Cow::Borrowed(text),
    )?])
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

fn not_empty(file: &str, text: &str) -> Result<(), Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(file, "the file is empty; a dossier starts with `Dossier(`").at(1, 1),
        );
    }
    Ok(())
}

/// Parses and sanitises a whole dossier (every required field present)
/// without validating references.
pub fn parse_str(file: &str, text: &str) -> Result<Dossier, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    not_empty(file, text)?;
    let mut dossier: Dossier = ron_options()
        .from_str(text)
        .map_err(|e| parse_error(file, text, &e))?;
    dossier.for_each_string_mut(sanitize_in_place);
    Ok(dossier)
}

/// Parses and sanitises one file of a chart, where the fields a file
/// alone requires may be left out (BOM already removed).
pub(crate) fn parse_part(file: &str, text: &str) -> Result<(Dossier, Written), Diagnostic> {
    not_empty(file, text)?;
    let part: Part = ron_options()
        .from_str(text)
        .map_err(|e| parse_error(file, text, &e))?;
    let (mut dossier, written) = part.into_dossier();
    dossier.for_each_string_mut(sanitize_in_place);
    Ok((dossier, written))
}

/// ron's error as a diagnostic, or, when the text is binary data (a NUL
/// byte or a control character first), a message that says so.
fn parse_error(file: &str, text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    let d = ron_error(file, e);
    let head = &text.as_bytes()[..text.len().min(8192)];
    let first = text.trim_start().chars().next();
    if head.contains(&0) || first.is_some_and(char::is_control) {
        Diagnostic {
            message: "binary data, not a dossier: a dossier is RON text starting with `Dossier(`"
                .into(),
            ..d
        }
    } else {
        d
    }
}

/// Turns ron's error into a diagnostic with a plainer message and, for
/// misspelt field and variant names, a suggestion.
fn ron_error(file: &str, e: &ron::error::SpannedError) -> Diagnostic {
    ron_error_in(file, e, "dossier")
}

/// [`ron_error`] for a file holding `what` (a dossier, a keymap, a theme).
pub(crate) fn ron_error_in(file: &str, e: &ron::error::SpannedError, what: &str) -> Diagnostic {
    use ron::Error as E;
    let did_you_mean = |found: &str, expected: &[&str]| {
        suggest(found, expected.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default()
    };
    let one_of = |expected: &[&str]| {
        expected
            .iter()
            .map(|e| format!("`{e}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let within = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    let message = match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}; expected one of {}{}",
            within(outer),
            one_of(expected),
            did_you_mean(found, expected),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "unknown value `{found}`{}; expected one of {}{}",
            within(outer),
            one_of(expected),
            did_you_mean(found, expected),
        ),
        E::MissingStructField { field, outer } => {
            format!("missing required field `{field}`{}", within(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("field `{field}` given twice{}", within(outer))
        }
        E::ExceededRecursionLimit => {
            let needs = if what == "dossier" {
                "about six"
            } else {
                "a few"
            };
            format!("nested more than {MAX_NESTING} levels deep; a {what} needs {needs}")
        }
        E::IntegerOutOfBounds => "number out of range (credibility is 1 to 6)".to_string(),
        E::Eof => "unexpected end of file: a bracket or quote is not closed".to_string(),
        E::TrailingCharacters => format!("unexpected text after the end of the {what}"),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(`, found `{found}(`")
        }
        other => other.to_string(),
    };
    Diagnostic::error(file, message).at(e.span.start.line, e.span.start.col)
}
