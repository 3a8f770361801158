//! A chart as it was at a git revision: `REV:PATH`, as `git show REV:PATH`
//! names it, read from the repository's objects in process (gix). The work
//! tree and the index are never read or touched; nothing is written.
//!
//! PATH is a path as it is typed now (relative to the current folder, or
//! absolute); the repository is the one that holds it. PATH may name a
//! file or a folder: a folder gives every `*.ron` below it at that
//! revision, hidden entries skipped, in path order, exactly as a folder on
//! disk does. The files go through the same parse and merge as files on
//! disk, and their diagnostics name `REV:path:line:col`.

use std::borrow::Cow;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;

use super::chart::assemble;
use super::diag::Diagnostic;
use super::parse::par_map;
use super::read::{MAX_FILE_BYTES, text_of};
use super::types::{Entry, FileInfo, Loaded, Parsed, ParsedFile};

/// A revision and a path: the argument `REV:PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevPath {
    pub rev: String,
    pub path: PathBuf,
}

impl RevPath {
    /// `REV:PATH` split at its first colon outside braces (`main@{1 hour
    /// ago}`, `HEAD^{/fix: typo}` keep theirs). `None` when `arg` names a
    /// file or folder that exists (a path wins over a revision), or has no
    /// such colon, or nothing before it. An empty PATH is the current
    /// folder.
    pub fn parse(arg: &str) -> Option<RevPath> {
        if Path::new(arg).symlink_metadata().is_ok() {
            return None;
        }
        let mut depth = 0usize;
        let at = arg.char_indices().find_map(|(i, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                ':' if depth == 0 => return Some(i),
                _ => {}
            }
            None
        })?;
        let (rev, path) = (&arg[..at], &arg[at + 1..]);
        if rev.is_empty() {
            return None;
        }
        let path = if path.is_empty() { "." } else { path };
        Some(RevPath {
            rev: rev.to_string(),
            path: PathBuf::from(path),
        })
    }
}

impl fmt::Display for RevPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.rev, self.path.display())
    }
}

/// Why a chart could not be read at a revision: the command line named
/// something that is not there (a usage error, not a problem of a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// No git repository holds the path.
    NotInRepo { path: PathBuf },
    /// The repository has no work tree, so a path cannot be placed in it.
    Bare { path: PathBuf },
    /// The revision does not resolve (to a commit or a tree).
    BadRevision { rev: String, reason: String },
    /// The path is not in that revision's tree.
    Absent {
        rev: String,
        path: PathBuf,
        /// The path that names, from the current folder, the same path
        /// taken from the repository's top, when that one exists.
        from_top: Option<PathBuf>,
    },
    /// The repository could not be read.
    Repository { path: PathBuf, reason: String },
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = |p: &Path| crate::sanitize::sanitize(&p.display().to_string()).into_owned();
        let s = |s: &str| crate::sanitize::sanitize(s).into_owned();
        match self {
            GitError::NotInRepo { path } => {
                write!(f, "{}: not in a git repository", p(path))
            }
            GitError::Bare { path } => write!(
                f,
                "{}: the repository has no work tree to place the path in",
                p(path)
            ),
            GitError::BadRevision { rev, reason } => {
                write!(f, "bad revision `{}`: {}", s(rev), s(reason))
            }
            GitError::Absent {
                rev,
                path,
                from_top,
            } => {
                write!(
                    f,
                    "{}:{}: no such file or folder at revision `{}`",
                    s(rev),
                    p(path),
                    s(rev)
                )?;
                if let Some(top) = from_top {
                    write!(
                        f,
                        "; paths are taken from the current folder, not from the top of the repository: did you mean `{}:{}`?",
                        s(rev),
                        p(top)
                    )?;
                }
                Ok(())
            }
            GitError::Repository { path, reason } => {
                write!(f, "{}: cannot read the repository: {}", p(path), s(reason))
            }
        }
    }
}

impl std::error::Error for GitError {}

/// A chart read at a revision: loaded (or every problem of its files), and
/// the commit the revision resolved to, abbreviated.
#[derive(Debug)]
pub struct AtRevision {
    pub loaded: Result<Loaded, Vec<Diagnostic>>,
    pub commit: String,
}

/// Checks that `rev` resolves and that every path is there at it, without
/// reading the files: the command line's mistakes found at once. The
/// commit the revision names, abbreviated.
pub fn check_at(rev: &str, paths: &[PathBuf]) -> Result<String, GitError> {
    let mut commit = String::new();
    for path in paths {
        let tree = TreeAt::open(rev, path)?;
        tree.entry(rev, path)?;
        commit = tree.commit;
    }
    Ok(commit)
}

/// Loads the chart made of `paths` as it was at revision `rev`: each path
/// resolved in the repository that holds it, each file named
/// `REV:path` in messages.
pub fn load_at(rev: &str, paths: &[PathBuf]) -> Result<AtRevision, GitError> {
    let mut entries = Vec::new();
    let mut blobs: Vec<(String, Blob)> = Vec::new();
    let mut commit = String::new();
    let mut folder_title = None;
    for path in paths {
        let tree = TreeAt::open(rev, path)?;
        if commit.is_empty() {
            commit = tree.commit.clone();
        }
        let found = tree.files(rev, path)?;
        if found.folder && folder_title.is_none() && paths.len() == 1 {
            folder_title = tree.folder_name();
        }
        if found.files.is_empty() && found.folder {
            entries.push(Entry::Problem(Diagnostic::error(
                &format!("{rev}:{}", path.display()),
                "is a directory with no dossier files (*.ron) in it",
            )));
        }
        for (name, bytes) in found.files {
            if !blobs.iter().any(|(n, _)| *n == name) {
                entries.push(Entry::File(PathBuf::from(&name)));
                blobs.push((name, bytes));
            }
        }
    }
    // Each blob is taken by the thread that parses it (not copied).
    let blobs: Vec<(String, Mutex<Option<Blob>>)> = blobs
        .into_iter()
        .map(|(n, b)| (n, Mutex::new(Some(b))))
        .collect();
    let parsed: Vec<Parsed> = par_map(&blobs, |(name, blob)| {
        let info = FileInfo::memory(name);
        let blob = blob.lock().ok().and_then(|mut b| b.take());
        blob.unwrap_or_else(|| Err("could not be read (internal error)".to_string()))
            .map_err(|msg| vec![Diagnostic::error(name, msg)])
            .and_then(|bytes| text_of(bytes).map_err(|e| vec![e.into_diagnostic(name)]))
            .and_then(|text| ParsedFile::from_text(info, Cow::Owned(text)))
    })
    .into_iter()
    .zip(&blobs)
    .map(|(r, (name, _))| {
        r.unwrap_or_else(|| {
            Err(vec![Diagnostic::error(
                name,
                "could not be read (internal error)",
            )])
        })
    })
    .collect();
    let names: Vec<PathBuf> = blobs.iter().map(|(n, _)| PathBuf::from(n)).collect();
    let mut loaded = assemble(&names, entries, parsed);
    if let (Ok(l), Some(title)) = (&mut loaded, folder_title)
        && l.provenance.files.iter().all(|f| f.title.is_none())
    {
        l.dossier.title = title;
    }
    Ok(AtRevision { loaded, commit })
}

/// The tree of a revision in the repository holding a path, and where the
/// path is in it.
struct TreeAt {
    repo: gix::Repository,
    tree: gix::ObjectId,
    commit: String,
    /// The path below the repository's top (empty: the top).
    rel: PathBuf,
    /// The path as it would be from the repository's top, had the user
    /// meant that (`git show` reads paths so).
    top_guess: PathBuf,
    /// The repository's top (the work tree), resolved.
    top: PathBuf,
}

/// A file's bytes at a revision, or why it is refused.
type Blob = Result<Vec<u8>, String>;

/// What a path holds at a revision: files as `(name, bytes)` in path order.
struct Found {
    folder: bool,
    files: Vec<(String, Blob)>,
}

impl TreeAt {
    fn open(rev: &str, path: &Path) -> Result<TreeAt, GitError> {
        let abs = lexical_absolute(path);
        // The nearest part of the path that exists now: the file may be
        // gone from the work tree and still be at the revision.
        let mut base = abs.as_path();
        let mut rest = Vec::new();
        while base.symlink_metadata().is_err() {
            let (Some(parent), Some(name)) = (base.parent(), base.file_name()) else {
                return Err(GitError::NotInRepo {
                    path: path.to_path_buf(),
                });
            };
            rest.push(name.to_os_string());
            base = parent;
        }
        let real = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
        let start = if real.is_dir() {
            real.clone()
        } else {
            real.parent()
                .map_or_else(|| real.clone(), Path::to_path_buf)
        };
        let repo = gix::discover(&start).map_err(|_| GitError::NotInRepo {
            path: path.to_path_buf(),
        })?;
        let Some(workdir) = repo.workdir() else {
            return Err(GitError::Bare {
                path: path.to_path_buf(),
            });
        };
        let top = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
        let mut full = real;
        for name in rest.iter().rev() {
            full.push(name);
        }
        let rel = full
            .strip_prefix(&top)
            .map_err(|_| GitError::NotInRepo {
                path: path.to_path_buf(),
            })?
            .to_path_buf();
        let bad = |reason: String| GitError::BadRevision {
            rev: rev.to_string(),
            reason,
        };
        let id = repo.rev_parse_single(rev).map_err(|e| bad(reason(&e)))?;
        let object = id.object().map_err(|e| bad(first_line(&e.to_string())))?;
        let commit = id.shorten_or_id().to_string();
        let tree = object
            .peel_to_tree()
            .map_err(|_| bad("names neither a commit nor a tree".to_string()))?
            .id;
        let top_guess = path
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect();
        Ok(TreeAt {
            repo,
            tree,
            commit,
            rel,
            top_guess,
            top,
        })
    }

    fn read_err(&self, e: impl fmt::Display) -> GitError {
        GitError::Repository {
            path: self.repo.git_dir().to_path_buf(),
            reason: first_line(&e.to_string()),
        }
    }

    /// The files at the path: the file itself, or every `*.ron` below the
    /// folder (hidden entries skipped), named `REV:path` as a folder on
    /// disk names them, in path order.
    fn files(&self, rev: &str, path: &Path) -> Result<Found, GitError> {
        let (kind, oid) = self.entry(rev, path)?;
        let name = |sub: &Path| -> String {
            // `./a.ron` reads better as `a.ron`, as on disk.
            let shown = if path == Path::new(".") {
                sub.to_path_buf()
            } else {
                path.join(sub)
            };
            format!("{rev}:{}", shown.display())
        };
        match kind {
            EntryKind::Blob | EntryKind::BlobExecutable => Ok(Found {
                folder: false,
                files: vec![(format!("{rev}:{}", path.display()), self.blob(oid)?)],
            }),
            EntryKind::Tree => {
                let mut found = Vec::new();
                self.walk(oid, PathBuf::new(), &mut found, 0)?;
                found.sort_by(|a, b| a.0.cmp(&b.0));
                let files = found
                    .into_iter()
                    .map(|(sub, oid)| Ok((name(&sub), self.blob(oid)?)))
                    .collect::<Result<_, GitError>>()?;
                Ok(Found {
                    folder: true,
                    files,
                })
            }
            EntryKind::Link | EntryKind::Commit => Err(self.absent(rev, path)),
        }
    }

    /// What the path is at the revision: a file or a folder (or a link or
    /// a submodule, which are not read), and its object.
    fn entry(&self, rev: &str, path: &Path) -> Result<(EntryKind, gix::ObjectId), GitError> {
        if self.rel.as_os_str().is_empty() {
            return Ok((EntryKind::Tree, self.tree));
        }
        let root = self
            .repo
            .find_tree(self.tree)
            .map_err(|e| self.read_err(e))?;
        let entry = root
            .lookup_entry_by_path(&self.rel)
            .map_err(|e| self.read_err(e))?
            .ok_or_else(|| self.absent(rev, path))?;
        Ok((entry.mode().kind(), entry.object_id()))
    }

    /// The path is not at the revision; perhaps it was meant from the top
    /// of the repository.
    fn absent(&self, rev: &str, path: &Path) -> GitError {
        let root = self.repo.find_tree(self.tree).ok();
        let from_top = root
            .filter(|_| self.top_guess != self.rel)
            .and_then(|root| root.lookup_entry_by_path(&self.top_guess).ok().flatten())
            .map(|_| from_cwd(&self.top.join(&self.top_guess)));
        GitError::Absent {
            rev: rev.to_string(),
            path: path.to_path_buf(),
            from_top,
        }
    }

    /// Every `*.ron` blob below tree `oid`, as (path below the walk's
    /// start, blob). Hidden entries, links and submodules are skipped.
    fn walk(
        &self,
        oid: gix::ObjectId,
        at: PathBuf,
        found: &mut Vec<(PathBuf, gix::ObjectId)>,
        depth: usize,
    ) -> Result<(), GitError> {
        if depth > 64 {
            return Ok(());
        }
        let tree = self.repo.find_tree(oid).map_err(|e| self.read_err(e))?;
        for entry in tree.iter() {
            let entry = entry.map_err(|e| self.read_err(e))?;
            let Ok(file) = entry.filename().to_str() else {
                continue;
            };
            if file.starts_with('.') {
                continue;
            }
            let sub = at.join(file);
            match entry.mode().kind() {
                EntryKind::Tree => self.walk(entry.object_id(), sub, found, depth + 1)?,
                EntryKind::Blob | EntryKind::BlobExecutable if file.ends_with(".ron") => {
                    found.push((sub, entry.object_id()))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A blob's bytes, or why the file is refused (over the size limit,
    /// checked before reading).
    fn blob(&self, oid: gix::ObjectId) -> Result<Blob, GitError> {
        let size = self
            .repo
            .find_header(oid)
            .map_err(|e| self.read_err(e))?
            .size();
        if size > MAX_FILE_BYTES {
            return Ok(Err(format!(
                "is {size} bytes, over the limit of {MAX_FILE_BYTES} bytes (1 GiB) for a dossier"
            )));
        }
        let mut blob = self.repo.find_blob(oid).map_err(|e| self.read_err(e))?;
        Ok(Ok(blob.take_data()))
    }

    /// The name of the folder the path is, for a chart without a title.
    fn folder_name(&self) -> Option<String> {
        let top = self.repo.workdir()?;
        let p = top.join(&self.rel);
        let p = std::fs::canonicalize(&p).unwrap_or(p);
        p.file_name().map(|n| n.to_string_lossy().into_owned())
    }
}

/// `path` (absolute) as seen from the current folder.
fn from_cwd(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else {
        return path.to_path_buf();
    };
    let common = path
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: PathBuf = cwd.components().skip(common).map(|_| "..").collect();
    out.extend(path.components().skip(common));
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A path made absolute and rid of `.` and `..` without touching the disk.
fn lexical_absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Why gix could not resolve a revision: the cause it names first (its
/// own message is about the parse: `couldn't parse revision`).
fn reason(e: &(dyn std::error::Error + 'static)) -> String {
    first_line(&e.source().unwrap_or(e).to_string())
}

/// The first line of an error message.
fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}
