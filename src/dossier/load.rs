//! Reading a dossier: bytes → text → ron → sanitised model → validated.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use ron::extensions::Extensions;

use super::diag::{Diagnostic, suggest};
use super::model::Dossier;
use super::validate::validate;
use crate::sanitize::sanitize_in_place;

/// Files over this size are refused before reading: a dossier this large is
/// surely not one, and reading it would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Nesting deeper than this is refused (a dossier needs about six levels).
pub const MAX_NESTING: usize = 64;

/// A dossier that passed validation, with the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dossier: Dossier,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates the dossier at `path`. The file is opened read-only.
///
/// On failure every diagnostic found is returned (errors and warnings).
pub fn load_path(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let text = read_text(path)
        .map_err(|msg| vec![Diagnostic::error(&name, msg.message).at_opt(msg.pos)])?;
    load_str(&name, &text)
}

struct ReadError {
    message: String,
    pos: Option<(usize, usize)>,
}

impl From<String> for ReadError {
    fn from(message: String) -> Self {
        ReadError { message, pos: None }
    }
}

fn read_text(path: &Path) -> Result<String, ReadError> {
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
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_msg)?;
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

/// Parses, sanitises and validates dossier text; `file` names it in messages.
pub fn load_str(file: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let dossier = parse_str(file, text).map_err(|d| vec![d])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let diags = validate(file, text, &dossier);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok(Loaded {
            dossier,
            warnings: diags,
        })
    }
}

/// Parses and sanitises without validating references.
pub fn parse_str(file: &str, text: &str) -> Result<Dossier, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(file, "the file is empty; a dossier starts with `Dossier(`").at(1, 1),
        );
    }
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    let mut dossier: Dossier = options.from_str(text).map_err(|e| ron_error(file, &e))?;
    dossier.for_each_string_mut(sanitize_in_place);
    Ok(dossier)
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
