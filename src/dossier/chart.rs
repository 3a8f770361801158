//! A chart of several files: paths and folders → parsed files → one merged
//! dossier, with the provenance of every item.
//!
//! The steps are separate so that a reloader can re-parse only the files
//! that changed: [`parse_file`] reads, parses and sanitises one file (no
//! cross-file checks); [`merge`](super::merge::merge) validates the chart as
//! a whole and merges it. [`load_paths`] does both, parsing on every core.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use super::diag::Diagnostic;
use super::load::{Loaded, parse_part, read_text, read_text_counted};
use super::locate::{self, Seg};
use super::merge::{Outcome, merge_files};
use super::model::{Actor, Dossier, Relation, Report, Source};
use super::progress::{Progress, Step};

/// One file of a chart, as written: what it holds, with its text kept for
/// the positions of any problem found later.
#[derive(Debug, Clone)]
pub struct ParsedFile<'t> {
    pub info: FileInfo,
    /// The file's contents. Fields it leaves out are empty here; `written`
    /// says which of the required ones it wrote.
    pub dossier: Dossier,
    pub written: Written,
    /// The text, byte-order mark removed.
    pub(crate) text: Cow<'t, str>,
}

/// Which of the fields a file opened alone must have were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub title: bool,
    pub sources: bool,
    pub actors: bool,
}

/// A file of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The path as given or found below a folder.
    pub path: PathBuf,
    /// The name in messages (the path as displayed).
    pub name: String,
    /// A short name for screens: the path below the folder that holds all
    /// of the chart's files (set by the merge).
    pub short: String,
    /// The file's own `title`, when it has one.
    pub title: Option<String>,
    pub text: FileText,
}

/// Where a file's text can be read again, to find a position in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileText {
    /// On disk, at `path`.
    Disk,
    /// Built into the binary.
    Bundled(&'static str),
    /// Given as text and not kept: positions are not available later.
    Memory,
}

/// The lenient form of a file: in a chart of several, any of `title`,
/// `sources`, `actors` and `relations` may be left out. Same fields, same
/// order and same name as [`Dossier`], so ron's messages are the same.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Dossier")]
pub(crate) struct Part {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    reports: Option<Vec<Report>>,
    #[serde(default)]
    sources: Option<Vec<Source>>,
    #[serde(default)]
    actors: Option<Vec<Actor>>,
    #[serde(default)]
    relations: Vec<Relation>,
}

impl Part {
    pub(crate) fn into_dossier(self) -> (Dossier, Written) {
        let written = Written {
            title: self.title.is_some(),
            sources: self.sources.is_some(),
            actors: self.actors.is_some(),
        };
        let d = Dossier {
            title: self.title.unwrap_or_default(),
            summary: self.summary,
            reports: self.reports,
            sources: self.sources.unwrap_or_default(),
            actors: self.actors.unwrap_or_default(),
            relations: self.relations,
        };
        (d, written)
    }
}

impl<'t> ParsedFile<'t> {
    /// Parses `text` (named `info.name` in messages) and sanitises it.
    pub fn from_text(info: FileInfo, text: Cow<'t, str>) -> Result<Self, Vec<Diagnostic>> {
        let text = match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
            Cow::Owned(mut t) => {
                if t.starts_with('\u{feff}') {
                    t.drain(..'\u{feff}'.len_utf8());
                }
                Cow::Owned(t)
            }
        };
        let (dossier, written) = parse_part(&info.name, &text).map_err(|d| vec![d])?;
        let mut info = info;
        info.title = Some(dossier.title.clone()).filter(|t| !t.trim().is_empty());
        Ok(ParsedFile {
            info,
            dossier,
            written,
            text,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

impl FileInfo {
    fn new(path: PathBuf, name: String, text: FileText) -> FileInfo {
        FileInfo {
            short: name.clone(),
            path,
            name,
            title: None,
            text,
        }
    }

    /// A file read from disk at `path`.
    pub fn disk(path: &Path) -> FileInfo {
        FileInfo::new(
            path.to_path_buf(),
            path.display().to_string(),
            FileText::Disk,
        )
    }

    /// Text given in memory under `name`.
    pub fn memory(name: &str) -> FileInfo {
        FileInfo::new(PathBuf::from(name), name.to_string(), FileText::Memory)
    }

    /// The dossier built into the binary.
    pub fn bundled() -> FileInfo {
        FileInfo::new(
            PathBuf::from(super::BUNDLED_NAME),
            super::BUNDLED_NAME.to_string(),
            FileText::Bundled(super::BUNDLED),
        )
    }

    /// The file's text again (read anew from disk), BOM removed.
    pub fn reread(&self) -> Option<Cow<'static, str>> {
        let text: Cow<'static, str> = match self.text {
            FileText::Disk => Cow::Owned(read_text(&self.path).ok()?),
            FileText::Bundled(t) => Cow::Borrowed(t),
            FileText::Memory => return None,
        };
        Some(match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
            Cow::Owned(t) => match t.strip_prefix('\u{feff}') {
                Some(rest) => Cow::Owned(rest.to_string()),
                None => Cow::Owned(t),
            },
        })
    }
}

/// Reads, parses and sanitises one file. No check that needs the other
/// files of the chart is made here.
pub fn parse_file(path: &Path) -> Parsed {
    parse_file_with(path, &Progress::default())
}

/// `parse_file`, counting what it reads and the file done in `progress`.
pub fn parse_file_with(path: &Path, progress: &Progress) -> Parsed {
    progress.step(Step::Reading);
    let info = FileInfo::disk(path);
    let text = read_text_counted(path, progress);
    progress.step(Step::Parsing);
    let parsed = text
        .map_err(|e| vec![e.into_diagnostic(&info.name)])
        .and_then(|text| ParsedFile::from_text(info, Cow::Owned(text)));
    progress.file_done();
    parsed
}

/// The bundled dossier as a file of a chart.
pub fn parse_bundled() -> Result<ParsedFile<'static>, Vec<Diagnostic>> {
    ParsedFile::from_text(FileInfo::bundled(), Cow::Borrowed(super::BUNDLED))
}

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
/// among them parsed (see [`parse_files`], in the same order): validated
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

/// The name a chart opened as a folder goes by when no file has a title.
fn folder_name(p: &Path) -> Option<String> {
    let abs = std::path::absolute(p).ok()?;
    abs.is_dir()
        .then(|| abs.file_name().map(|n| n.to_string_lossy().into_owned()))
        .flatten()
}

/// A path of the chart, expanded: a file to read, or a problem with a
/// folder (unreadable, or holding no dossier).
#[derive(Debug, Clone)]
pub enum Entry {
    File(PathBuf),
    Problem(Diagnostic),
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

/// A file parsed, or every problem that stopped it.
pub type Parsed = Result<ParsedFile<'static>, Vec<Diagnostic>>;

/// Parses every file, on as many threads as there are cores (and files),
/// each result in the place of its path.
pub fn parse_files(paths: &[&Path]) -> Vec<Parsed> {
    parse_files_with(paths, &Progress::default())
}

/// `parse_files`, reporting to `progress`.
pub fn parse_files_with(paths: &[&Path], progress: &Progress) -> Vec<Parsed> {
    par_map(paths, |p| parse_file_with(p, progress))
        .into_iter()
        .zip(paths)
        .map(|(r, p)| {
            r.unwrap_or_else(|| {
                Err(vec![Diagnostic::error(
                    &p.display().to_string(),
                    "could not be read (internal error)",
                )])
            })
        })
        .collect()
}

/// `f` of every item, on as many threads as there are cores (and items),
/// each result in the place of its item (`None` only if `f` panicked).
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len());
    if threads <= 1 {
        return items.iter().map(|x| Some(f(x))).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(x) = items.get(i) else { break };
                    let r = f(x);
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

/// Where an item of the merged dossier was written first: the file (an
/// index into [`Provenance::files`]) and its index in that file's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub file: u32,
    pub index: u32,
}

/// Where a claim was written: `relations[rel].claims[claim]` of `file`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimOrigin {
    pub file: u32,
    pub rel: u32,
    pub claim: u32,
}

/// An item of the merged dossier, by its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Actor(usize),
    Source(usize),
    Report(usize),
    Relation(usize),
    Claim { rel: usize, claim: usize },
}

/// A place in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

/// Where everything of a merged dossier comes from. A side table: the
/// model itself is exactly the format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub files: Vec<FileInfo>,
    pub actors: Vec<Origin>,
    pub sources: Vec<Origin>,
    pub reports: Vec<Origin>,
    /// A relation written in several places: the first.
    pub relations: Vec<Origin>,
    /// Where relation r was written, each place in file order, its claims
    /// following on: `decls[decl_base[r]..decl_base[r + 1]]`.
    pub(crate) decl_base: Vec<u32>,
    pub(crate) decls: Vec<RelDecl>,
}

/// One place a relation is written: `relations[index]` of `file`, with
/// its number of claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RelDecl {
    pub file: u32,
    pub index: u32,
    pub claims: u32,
}

impl Provenance {
    /// How many files make the chart (0 when unknown).
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Where claim `claim` of relation `rel` was written.
    pub fn claim(&self, rel: usize, claim: usize) -> Option<ClaimOrigin> {
        let start = *self.decl_base.get(rel)? as usize;
        let end = self
            .decl_base
            .get(rel + 1)
            .map_or(self.decls.len(), |&e| e as usize);
        let mut c = u32::try_from(claim).ok()?;
        for d in self.decls.get(start..end)? {
            if c < d.claims {
                return Some(ClaimOrigin {
                    file: d.file,
                    rel: d.index,
                    claim: c,
                });
            }
            c -= d.claims;
        }
        None
    }

    /// The file an item was (first) written in.
    pub fn file_of(&self, item: Item) -> Option<&FileInfo> {
        let (file, _) = self.locator(item)?;
        self.files.get(file)
    }

    /// The file and the path inside it of an item.
    pub fn locator(&self, item: Item) -> Option<(usize, Vec<Seg<'static>>)> {
        let list = |origins: &[Origin], i: usize, name: &'static str| {
            origins.get(i).map(|o| {
                (
                    o.file as usize,
                    vec![Seg::Field(name), Seg::Index(o.index as usize)],
                )
            })
        };
        match item {
            Item::Actor(i) => list(&self.actors, i, "actors"),
            Item::Source(i) => list(&self.sources, i, "sources"),
            Item::Report(i) => list(&self.reports, i, "reports"),
            Item::Relation(i) => list(&self.relations, i, "relations"),
            Item::Claim { rel, claim } => self.claim(rel, claim).map(|c| {
                (
                    c.file as usize,
                    vec![
                        Seg::Field("relations"),
                        Seg::Index(c.rel as usize),
                        Seg::Field("claims"),
                        Seg::Index(c.claim as usize),
                    ],
                )
            }),
        }
    }

    /// The file, line and column where an item was (first) written. The
    /// file is read again to find it (the bundled text is at hand); `None`
    /// when it cannot be read, or was given as text and not kept. A file
    /// changed since it was loaded is answered from its text as it is now.
    pub fn place(&self, item: Item) -> Option<Place> {
        let (file, path) = self.locator(item)?;
        let info = self.files.get(file)?;
        let text = info.reread()?;
        let pos = locate::find_many(&text, &[path.as_slice()])
            .into_iter()
            .next()
            .flatten()?;
        Some(Place {
            path: info.path.clone(),
            line: pos.line,
            col: pos.col,
        })
    }
}
