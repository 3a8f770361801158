//! The data of a chart, shared by every step that makes or reads one: a
//! file as parsed ([`ParsedFile`], [`FileInfo`]), a path expanded
//! ([`Entry`]), and the merged chart ([`Loaded`]) with where each of its
//! items was written ([`Provenance`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::bundled::{BUNDLED, BUNDLED_NAME};
use super::diag::Diagnostic;
use super::locate::{self, Seg};
use super::model::Dossier;
use super::read::read_text;

/// One file of a chart, as written: what it holds, with its text kept for
/// the positions of any problem found later. Made by
/// [`ParsedFile::from_text`], in [`parse`](super::parse).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, bitcode::Encode, bitcode::Decode)]
pub struct Written {
    pub title: bool,
    pub sources: bool,
    pub actors: bool,
}

impl ParsedFile<'_> {
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A file parsed, or every problem that stopped it.
pub type Parsed = Result<ParsedFile<'static>, Vec<Diagnostic>>;

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
            PathBuf::from(BUNDLED_NAME),
            BUNDLED_NAME.to_string(),
            FileText::Bundled(BUNDLED),
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

/// A path of the chart, expanded: a file to read, or a problem with a
/// folder (unreadable, or holding no dossier).
#[derive(Debug, Clone)]
pub enum Entry {
    File(PathBuf),
    Problem(Diagnostic),
}

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
