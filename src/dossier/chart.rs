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
use std::sync::Mutex;

use super::cache::{self, Cache, chart_key, hash_bytes};
use super::diag::Diagnostic;
use super::merge::{Outcome, merge_files};
use super::parse::{each_file, parse_files, parse_files_with, parse_read};
use super::progress::{Progress, Step};
use super::read::{ReadError, internal_error, read_text_counted};
use super::types::{Entry, FileInfo, Loaded, Parsed, ParsedFile};

/// Loads the chart made of `paths`: files, and folders (every `*.ron` below
/// them, hidden entries skipped, in path order). Every problem of every file
/// is reported: a file that cannot be read or parsed does not stop the
/// others being checked.
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded, Vec<Diagnostic>> {
    load_paths_with(paths, &Progress::default())
}

/// `load_paths`, reporting how far it has got to `progress` (files, bytes,
/// and the step: reading, reading the cache, parsing, checking). Through
/// the parsed cache when this process uses one (see [`cache`]).
pub fn load_paths_with(paths: &[PathBuf], progress: &Progress) -> Result<Loaded, Vec<Diagnostic>> {
    match cache::in_use() {
        Some(c) => load_cached(paths, progress, c),
        None => load_uncached(paths, progress),
    }
}

fn load_uncached(paths: &[PathBuf], progress: &Progress) -> Result<Loaded, Vec<Diagnostic>> {
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

/// `load_paths_with` through `cache`. Every file's content hash comes
/// from its stat when that is unchanged, else from reading it; a chart
/// whose hashes are those of a chart stored is read from the cache whole.
/// Otherwise every file is read (once) and, in a chart of several, found
/// in the cache or parsed (and stored); the chart is merged and checked
/// as always, and stored when it loads. What comes back is what a load
/// without the cache gives.
fn load_cached(
    paths: &[PathBuf],
    progress: &Progress,
    cache: &Cache,
) -> Result<Loaded, Vec<Diagnostic>> {
    let entries = expand(paths);
    let files = files_of(&entries);
    let expanded = !files.is_empty() && entries.iter().all(|e| matches!(e, Entry::File(_)));
    let known: Vec<Option<u128>> = files
        .iter()
        .map(|f| cache.known_hash(f).filter(|_| expanded))
        .collect();
    let size = |p: &Path| {
        fs::metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0, |m| m.len())
    };
    let unread = files.iter().zip(&known).filter(|(_, k)| k.is_none());
    progress.add_files(files.len(), unread.map(|(p, _)| size(p)).sum());
    // The files not known, read and hashed.
    let jobs: Vec<(&Path, bool)> = files
        .iter()
        .zip(&known)
        .map(|(&p, k)| (p, k.is_none()))
        .collect();
    let mut read: Vec<Option<Hashed>> = each_file(
        &jobs,
        |&(path, unknown), cut| unknown.then(|| read_hashed(cache, path, progress, cut)),
        |_| None,
    );
    let hashes: Option<Vec<u128>> = known
        .iter()
        .zip(&read)
        .map(|(k, r)| k.or_else(|| r.as_ref().and_then(|r| r.hash)))
        .collect();
    if let Some(h) = hashes.as_ref().filter(|_| expanded)
        && let Some(found) = cache.chart(chart_key(paths, &keyed(&files, h)))
    {
        // The texts read to hash them are not needed: memory for the chart.
        read.iter_mut().for_each(|r| *r = None);
        progress.add_files(0, found.len());
        progress.step(Step::Cache);
        if let Some(loaded) = found.read(progress) {
            files.iter().for_each(|_| progress.file_done());
            return Ok(loaded);
        }
    }
    progress.add_files(
        0,
        files
            .iter()
            .zip(&read)
            .filter(|(_, r)| r.is_none())
            .map(|(p, _)| size(p))
            .sum(),
    );
    let several = files.len() > 1;
    let jobs: Vec<(&Path, Option<Hashed>)> = files.iter().copied().zip(read.drain(..)).collect();
    let jobs: Vec<(&Path, Mutex<Option<Hashed>>)> =
        jobs.into_iter().map(|(p, r)| (p, Mutex::new(r))).collect();
    // Each file parsed (or found), with its content hash (none when it is
    // no regular file).
    let done: Vec<(Parsed, Option<u128>)> = each_file(
        &jobs,
        |(path, read), cut| {
            let taken = read.lock().ok().and_then(|mut r| r.take());
            parse_or_find(cache, path, taken, several, progress, cut)
        },
        |(p, _)| (parse_read(p, Err(internal_error()), progress, false), None),
    );
    progress.step(Step::Checking);
    let hashes: Option<Vec<u128>> = done.iter().map(|(_, h)| *h).collect();
    let parsed = done.into_iter().map(|(p, _)| p).collect();
    let key = hashes.map(|h| chart_key(paths, &keyed(&files, &h)));
    let result = assemble(paths, entries, parsed);
    if let (true, Ok(loaded), Some(key)) = (expanded, &result, key) {
        cache.put_chart(key, loaded);
    }
    cache.trim();
    result
}

/// The file at `path` (its text and hash `read` already, or read now)
/// found in `cache` by its content, or parsed; in a chart of `several`
/// files a parse is stored. With the file's content hash.
fn parse_or_find(
    cache: &Cache,
    path: &Path,
    read: Option<Hashed>,
    several: bool,
    progress: &Progress,
    cut: bool,
) -> (Parsed, Option<u128>) {
    let Hashed { text, hash } = read.unwrap_or_else(|| read_hashed(cache, path, progress, cut));
    let text = match text {
        Ok(t) => t,
        Err(e) => return (parse_read(path, Err(e), progress, cut), None),
    };
    if let (true, Some(h)) = (several, hash)
        && let Some((dossier, written)) = cache.file(h)
    {
        progress.step(Step::Cache);
        progress.file_done();
        let info = FileInfo::disk(path);
        return (Ok(ParsedFile::stored(info, text, dossier, written)), hash);
    }
    let parsed = parse_read(path, Ok(text), progress, cut);
    if let (true, Some(h), Ok(f)) = (several, hash, &parsed) {
        cache.put_file(h, &f.dossier, f.written);
    }
    (parsed, hash)
}

/// Files of a chart of several, each found in the parsed cache by its
/// content or parsed (and stored), in the order given: what a reloader
/// keeps between reloads. Without a cache in use, [`parse_files`].
pub fn parse_chart_files(files: &[&Path]) -> Vec<Parsed> {
    let Some(cache) = cache::in_use() else {
        return parse_files(files);
    };
    let progress = Progress::default();
    let parsed = each_file(
        files,
        |path, cut| parse_or_find(cache, path, None, true, &progress, cut).0,
        |path| parse_read(path, Err(internal_error()), &progress, false),
    );
    cache.trim();
    parsed
}

/// A file's text as read, with its content hash when it is a regular
/// file (a pipe's is not kept: it cannot be read twice).
struct Hashed {
    text: Result<String, ReadError>,
    hash: Option<u128>,
}

/// Reads the file at `path` and hashes it, recording the hash with its
/// stat in `cache`.
fn read_hashed(cache: &Cache, path: &Path, progress: &Progress, parts: bool) -> Hashed {
    progress.step(Step::Reading);
    let before = fs::metadata(path).ok().filter(|m| m.is_file());
    let text = read_text_counted(path, progress, parts);
    let hash = match (&text, &before) {
        (Ok(t), Some(b)) => {
            let h = hash_bytes(t.as_bytes());
            cache.record_hash(path, b, h);
            Some(h)
        }
        _ => None,
    };
    Hashed { text, hash }
}

fn keyed<'a>(files: &[&'a Path], hashes: &[u128]) -> Vec<(&'a Path, u128)> {
    files.iter().copied().zip(hashes.iter().copied()).collect()
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
