//! Reading a dossier: bytes → text → ron → sanitised model → validated.

use std::path::Path;

use ron::extensions::Extensions;

use std::borrow::Cow;

use super::chart::{Part, parse_bundled, parse_file};
use super::diag::{Diagnostic, suggest};
use super::merge::merge;
use super::model::Dossier;
use super::types::{FileInfo, ParsedFile, Written};
use crate::sanitize::sanitize_in_place;

pub use super::read::MAX_FILE_BYTES;
use super::types::Loaded;

/// Nesting deeper than this is refused (a dossier needs about six levels).
pub const MAX_NESTING: usize = 64;

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
