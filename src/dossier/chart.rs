//! A chart of several files: paths and folders → the files to read
//! ([`expand`]) → parsed files → one merged dossier, with the provenance of
//! every item.
//!
//! The steps are separate so that a reloader can re-parse only the files
//! that changed: [`parse_file`](super::parse::parse_file) reads, parses and
//! sanitises one file (no cross-file checks); [`merge`](super::merge::merge)
//! validates the chart as a whole and merges it. [`load_paths`] does both,
//! parsing on every core.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::diag::Diagnostic;
use super::merge::{Outcome, merge_files};
use super::parse::parse_files_with;
use super::progress::{Progress, Step};
use super::types::{Entry, Loaded, Parsed};

/// Loads the chart made of `paths`: files, and folders (every `*.ron` below
/// them, hidden entries skipped, in path order). Every problem of every file
/// is reported: a file that cannot be read or parsed does not stop the
/// others being checked.
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded, Vec<Diagnostic>> {
    load_paths_with(paths, &Progress::default())
}

/// `load_paths`, reporting how far it has got to `progress` (files, bytes,
/// and the step: reading, parsing, checking).
pub fn load_paths_with(paths: &[PathBuf], progress: &Progress) -> Result<Loaded, Vec<Diagnostic>> {
    let entries = expand(paths);
    let files = files_of(&entries);
    let bytes = files
        .iter()
        .filter_map(|p| fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    progress.add_files(files.len(), bytes);
    let parsed = parse_files_with(&files, progress);
    progress.step(Step::Checking);
    assemble(paths, entries, parsed)
}

/// The files among `entries`, in order.
pub fn files_of(entries: &[Entry]) -> Vec<&Path> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::File(p) => Some(p.as_path()),
            Entry::Problem(_) => None,
        })
        .collect()
}

/// The chart of `paths` from its entries (see [`expand`]) and the files
/// among them parsed (see [`parse_files`](super::parse::parse_files), in the same order): validated
/// and merged when every file could be parsed, otherwise every problem of
/// every file, in the order of the paths. A reloader keeps `parsed` and
/// parses again only the files that changed.
pub fn assemble(
    paths: &[PathBuf],
    entries: Vec<Entry>,
    parsed: Vec<Parsed>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let total = parsed.len();
    let mut failed: Vec<Option<Vec<Diagnostic>>> = Vec::with_capacity(total);
    let mut good = Vec::with_capacity(total);
    let mut good_at = Vec::with_capacity(total);
    for (i, r) in parsed.into_iter().enumerate() {
        match r {
            Ok(f) => {
                good_at.push(i);
                good.push(f);
                failed.push(None);
            }
            Err(d) => failed.push(Some(d)),
        }
    }
    let expansion_failed = entries.iter().any(|e| matches!(e, Entry::Problem(_)));
    let incomplete = expansion_failed || good.len() < total;
    let Outcome {
        merged,
        mut per_file,
        chart,
    } = merge_files(good, total == 1 && !expansion_failed, incomplete);

    // Every diagnostic, in the order of the paths.
    let mut by_file: Vec<Vec<Diagnostic>> =
        failed.into_iter().map(Option::unwrap_or_default).collect();
    for (k, &i) in good_at.iter().enumerate() {
        by_file[i].append(&mut per_file[k]);
    }
    let mut all = Vec::new();
    let mut next_file = by_file.into_iter();
    for e in entries {
        match e {
            Entry::Problem(d) => all.push(d),
            Entry::File(_) => all.extend(next_file.next().unwrap_or_default()),
        }
    }
    all.extend(chart);
    match merged {
        Some((mut dossier, provenance)) if !incomplete && !all.iter().any(Diagnostic::is_error) => {
            if provenance.files.iter().all(|f| f.title.is_none())
                && let Some(name) = paths.first().and_then(|p| folder_name(p))
            {
                dossier.title = name;
            }
            Ok(Loaded {
                dossier,
                warnings: all,
                provenance,
            })
        }
        _ => {
            if total == 0 && all.is_empty() {
                all.push(Diagnostic::error("linkchart", "no dossier files given"));
            }
            Err(all)
        }
    }
}

/// What is wrong with `paths` before anything is read: a path that is not
/// there (with a close name, if one is), a folder with no dossier in it or
/// one that cannot be read. Empty when every path can be read; what is in
/// the files is not looked at.
pub fn unusable(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => out.push(Diagnostic::error(
                &p.display().to_string(),
                super::read::no_such_file(p, Some("ron")),
            )),
            Ok(m) if m.is_dir() => out.extend(
                expand(std::slice::from_ref(p))
                    .into_iter()
                    .filter_map(|e| match e {
                        Entry::Problem(d) => Some(d),
                        Entry::File(_) => None,
                    }),
            ),
            _ => {}
        }
    }
    out
}

/// The name a chart opened as a folder goes by when no file has a title.
fn folder_name(p: &Path) -> Option<String> {
    let abs = std::path::absolute(p).ok()?;
    abs.is_dir()
        .then(|| abs.file_name().map(|n| n.to_string_lossy().into_owned()))
        .flatten()
}

/// Paths → files to read, in order; folders are walked (every `*.ron`
/// below, hidden entries skipped, in path order), and a file reached twice
/// is read once. A path that is neither file nor folder stays a file:
/// reading it says what is wrong.
pub fn expand(paths: &[PathBuf]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut add = |out: &mut Vec<Entry>, p: PathBuf| {
        let key = fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if seen.insert(key) {
            out.push(Entry::File(p));
        }
    };
    for p in paths {
        if !fs::metadata(p).is_ok_and(|m| m.is_dir()) {
            add(&mut out, p.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut problems = Vec::new();
        let mut visited = HashSet::new();
        walk(p, &mut found, &mut problems, &mut visited, 0);
        if found.is_empty() && problems.is_empty() {
            problems.push((
                p.clone(),
                Diagnostic::error(
                    &p.display().to_string(),
                    "is a directory with no dossier files (*.ron) in it",
                ),
            ));
        }
        // Files and problems, in path order.
        let mut all: Vec<(PathBuf, Option<Diagnostic>)> =
            found.into_iter().map(|f| (f, None)).collect();
        all.extend(problems.into_iter().map(|(p, d)| (p, Some(d))));
        all.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, problem) in all {
            match problem {
                Some(d) => out.push(Entry::Problem(d)),
                None => add(&mut out, path),
            }
        }
    }
    out
}

/// Folders nested deeper than this are not walked (a link loop, surely).
const MAX_FOLDER_DEPTH: usize = 64;

fn walk(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    problems: &mut Vec<(PathBuf, Diagnostic)>,
    visited: &mut HashSet<PathBuf>,
    depth: usize,
) {
    let name = dir.display().to_string();
    if depth > MAX_FOLDER_DEPTH {
        problems.push((
            dir.to_path_buf(),
            Diagnostic::error(
                &name,
                format!("folders nested more than {MAX_FOLDER_DEPTH} deep; not read"),
            ),
        ));
        return;
    }
    if let Ok(real) = fs::canonicalize(dir)
        && !visited.insert(real)
    {
        return; // A link back to a folder already walked.
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let msg = match e.kind() {
                io::ErrorKind::PermissionDenied => {
                    "permission denied: the folder cannot be read".to_string()
                }
                _ => format!("cannot read the folder: {e}"),
            };
            problems.push((dir.to_path_buf(), Diagnostic::error(&name, msg)));
            return;
        }
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if file_name.to_string_lossy().starts_with('.') {
            continue;
        }
        // `./a.ron` reads better as `a.ron`.
        let path = if dir == Path::new(".") {
            PathBuf::from(&file_name)
        } else {
            dir.join(&file_name)
        };
        // Links are followed: to a file, or to a folder not yet walked.
        let is_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            walk(&path, found, problems, visited, depth + 1);
        } else if path.extension().is_some_and(|e| e == "ron") {
            found.push(path);
        }
    }
}
