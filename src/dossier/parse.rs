//! One file's text → a [`ParsedFile`]: ron parses it into the model,
//! which is sanitised; nothing that needs the chart's other files is
//! checked here (that is the merge's). Also ron's errors made plain, for
//! the keymap and theme files as well.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::bundled::BUNDLED;
use super::diag::{Diagnostic, suggest};
use super::model::Dossier;
use super::progress::{Progress, Step};
use super::read::{ReadError, read_text_counted};
use super::split::{Pieces, parse_lenient, ron_options};
use super::types::{FileInfo, Parsed, ParsedFile, Written};
use crate::sanitize::sanitize_in_place;

pub use super::split::MAX_NESTING;

impl<'t> ParsedFile<'t> {
    /// Parses `text` (named `info.name` in messages) and sanitises it; a
    /// large text is parsed in pieces on every core.
    pub fn from_text(info: FileInfo, text: Cow<'t, str>) -> Result<Self, Vec<Diagnostic>> {
        let pieces = Pieces::auto(text.len());
        ParsedFile::from_text_in(info, text, pieces)
    }

    /// `from_text`, in `pieces`: the result is the same however the text
    /// is cut.
    pub fn from_text_in(
        info: FileInfo,
        text: Cow<'t, str>,
        pieces: Pieces,
    ) -> Result<Self, Vec<Diagnostic>> {
        let text = without_bom(text);
        let (dossier, written) = parse_part(&info.name, &text, pieces).map_err(|d| vec![d])?;
        Ok(ParsedFile::of(info, text, dossier, written))
    }

    /// A file parsed before (its contents found in the cache), with its
    /// text as it is now, which has the same content hash.
    pub(crate) fn stored(
        info: FileInfo,
        text: String,
        dossier: Dossier,
        written: Written,
    ) -> ParsedFile<'static> {
        ParsedFile::of(info, without_bom(Cow::Owned(text)), dossier, written)
    }

    fn of(info: FileInfo, text: Cow<'t, str>, dossier: Dossier, written: Written) -> Self {
        let mut info = info;
        info.title = Some(dossier.title.clone()).filter(|t| !t.trim().is_empty());
        ParsedFile {
            info,
            dossier,
            written,
            text,
        }
    }
}

fn without_bom(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Cow::Owned(mut t) => {
            if t.starts_with('\u{feff}') {
                t.drain(..'\u{feff}'.len_utf8());
            }
            Cow::Owned(t)
        }
    }
}

/// Reads, parses and sanitises one file. No check that needs the other
/// files of the chart is made here.
pub fn parse_file(path: &Path) -> Parsed {
    parse_file_with(path, &Progress::default())
}

/// `parse_file`, counting what it reads and the file done in `progress`.
pub fn parse_file_with(path: &Path, progress: &Progress) -> Parsed {
    parse_file_cut(path, progress, true)
}

/// `parse_file_with`; `cut`: a large file may be parsed in pieces (not
/// when every core is busy with a file already).
fn parse_file_cut(path: &Path, progress: &Progress, cut: bool) -> Parsed {
    progress.step(Step::Reading);
    let text = read_text_counted(path, progress, cut);
    parse_read(path, text, progress, cut)
}

/// The file at `path` parsed from its text as read (or why it could not
/// be read), counted done in `progress`.
pub(crate) fn parse_read(
    path: &Path,
    text: Result<String, ReadError>,
    progress: &Progress,
    cut: bool,
) -> Parsed {
    progress.step(Step::Parsing);
    let info = FileInfo::disk(path);
    let parsed = text
        .map_err(|e| vec![e.into_diagnostic(&info.name)])
        .and_then(|text| {
            let pieces = if cut {
                Pieces::auto(text.len())
            } else {
                Pieces::One
            };
            ParsedFile::from_text_in(info, Cow::Owned(text), pieces)
        });
    progress.file_done();
    parsed
}

/// The bundled dossier as a file of a chart.
pub fn parse_bundled() -> Result<ParsedFile<'static>, Vec<Diagnostic>> {
    ParsedFile::from_text(FileInfo::bundled(), Cow::Borrowed(BUNDLED))
}

/// Parses every file, on as many threads as there are cores (and files),
/// each result in the place of its path.
pub fn parse_files(paths: &[&Path]) -> Vec<Parsed> {
    parse_files_with(paths, &Progress::default())
}

/// `parse_files`, reporting to `progress`.
pub fn parse_files_with(paths: &[&Path], progress: &Progress) -> Vec<Parsed> {
    each_file(
        paths,
        |p: &&Path, cut| parse_file_cut(p, progress, cut),
        |p: &&Path| {
            Err(vec![Diagnostic::error(
                &p.display().to_string(),
                "could not be read (internal error)",
            )])
        },
    )
}

/// `work` done on every file (or job about a file), on as many threads as
/// there are cores (and files), each result in the place of its job;
/// `cut` tells `work` whether a large file may be cut for the other cores
/// (no: they are busy with files). `lost` stands for a result a thread did
/// not give.
pub(crate) fn each_file<J: Sync, T: Send>(
    jobs: &[J],
    work: impl Fn(&J, bool) -> T + Sync,
    lost: impl Fn(&J) -> T,
) -> Vec<T> {
    par_map_cut(jobs, work)
        .into_iter()
        .zip(jobs)
        .map(|(r, j)| r.unwrap_or_else(|| lost(j)))
        .collect()
}

/// `f` of every item, on as many threads as there are cores (and items),
/// each result in the place of its item (`None` only if `f` panicked).
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    par_map_cut(items, |x, _| f(x))
}

/// `par_map`, telling `f` whether the other cores are free (one item on
/// one thread: a large file may be cut for them).
fn par_map_cut<T: Sync, R: Send>(items: &[T], f: impl Fn(&T, bool) -> R + Sync) -> Vec<Option<R>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len());
    if threads <= 1 {
        return items.iter().map(|x| Some(f(x, true))).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(x) = items.get(i) else { break };
                    let r = f(x, false);
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|m| m.into_inner().ok().flatten())
        .collect()
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
fn parse_part(file: &str, text: &str, pieces: Pieces) -> Result<(Dossier, Written), Diagnostic> {
    not_empty(file, text)?;
    parse_lenient(text, pieces).map_err(|e| parse_error(file, text, &e))
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
    } else if let Some(not) = not_a_dossier(file, text) {
        not
    } else if let Some(cut) = cut_short(file, text, e) {
        cut
    } else {
        d
    }
}

/// Text of another kind (Markdown, JSON, prose): it does not start with
/// `Dossier`, `(` or an `#![enable(…)]` attribute, nor with a name and `(`
/// (a misspelt `Dossier(` is ron's to say).
fn not_a_dossier(file: &str, text: &str) -> Option<Diagnostic> {
    let (line, col, rest) = first_token(text)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let after = rest[word.len()..].trim_start();
    let dossier_like = rest.starts_with("#![")
        || rest.starts_with('(')
        || word == "Dossier"
        || (!word.is_empty() && after.starts_with('('));
    if dossier_like {
        return None;
    }
    const SHOWN: usize = 40;
    let first_line = rest.lines().next().unwrap_or("").trim_end();
    let start = match first_line.char_indices().nth(SHOWN) {
        Some((i, _)) => format!("{}…", first_line[..i].trim_end()),
        None => first_line.to_string(),
    };
    let name = Path::new(file)
        .file_name()
        .map_or(file.into(), |n| n.to_string_lossy());
    Some(
        Diagnostic::error(
            file,
            format!(
                "{name} is not a dossier: linkchart reads RON text that starts with \
                 `Dossier(`; this file starts with `{start}`"
            ),
        )
        .at(line, col),
    )
}

/// Where the first thing that is not blank or a comment is, and the text
/// from there.
fn first_token(text: &str) -> Option<(usize, usize, &str)> {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if let Some(r) = trimmed.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(r) = trimmed.strip_prefix("/*") {
            rest = r.split_once("*/").map(|(_, after)| after)?;
        } else {
            rest = trimmed;
            break;
        }
    }
    if rest.is_empty() {
        return None;
    }
    let before = &text[..text.len() - rest.len()];
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().unwrap_or("").chars().count();
    Some((line, col, rest))
}

/// A file that ends before its brackets or a string are closed: which one
/// is left open and where it was opened, instead of ron's "Expected comma"
/// or "unexpected end of file" at the end. `None` when ron's error is
/// elsewhere (a mistake in the middle is ron's to point at).
fn cut_short(file: &str, text: &str, e: &ron::error::SpannedError) -> Option<Diagnostic> {
    let open = super::locate::unclosed(text);
    let ron_at = super::locate::Pos {
        line: e.span.start.line,
        col: e.span.start.col,
    };
    let also = |brackets: &[super::locate::Open]| -> String {
        let others: Vec<String> = brackets
            .iter()
            .rev()
            .map(|o| format!("`{}` at {}:{}", o.written, o.at.line, o.at.col))
            .collect();
        if others.is_empty() {
            String::new()
        } else {
            format!("; also open: {}", others.join(", "))
        }
    };
    if let Some(at) = open.string {
        // ron read as far as the string: the text really ends in it.
        if ron_at < at {
            return None;
        }
        let message = format!(
            "the file ends inside the string opened at {}:{} (a closing `\"` is missing){}",
            at.line,
            at.col,
            also(&open.brackets)
        );
        return Some(Diagnostic::error(file, message).at(at.line, at.col));
    }
    let (innermost, outer) = open.brackets.split_last()?;
    let at_end = matches!(e.code, ron::Error::Eof) || ron_at.line >= open.end.line;
    if !at_end {
        return None;
    }
    let message = format!(
        "the file ends before `{}` opened at {}:{} is closed (a `{}` is missing){}",
        innermost.written,
        innermost.at.line,
        innermost.at.col,
        innermost.closing(),
        also(outer)
    );
    Some(Diagnostic::error(file, message).at(open.end.line, open.end.col))
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
