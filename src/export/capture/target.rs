//! Which file of a chart a new item goes into (FORMAT.md, "Writing into a
//! chart (capture)").
//!
//! - A claim: a file that declares its relation; the one that also declares
//!   the claim's first source, if any, else the first in the chart's order.
//! - A relation, actor or source: the file that declares the first source
//!   of the new item's (first) claim, if there is one; otherwise, in a
//!   one-file chart, that file; in a chart opened from a folder, `inbox.ron`
//!   at the top of the first folder (created when missing with the header
//!   comment of `linkchart new`); in a chart of files named one by one, the
//!   first of them.

use std::path::{Path, PathBuf};

use super::insert::Landed;
use crate::dossier::{FileInfo, FileText, Item, ParsedFile};
use crate::graph::{Chart, RelIx, SourceIx};

/// The file new items go into in a chart opened from a folder.
pub const INBOX: &str = "inbox.ron";

/// Where a capture writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// The file as screens name it (its short name in the chart).
    pub name: String,
    /// The file does not exist yet and is created ([`INBOX`]).
    pub create: bool,
}

impl Target {
    fn of(info: &FileInfo) -> Result<Target, String> {
        match info.text {
            FileText::Disk => Ok(Target {
                path: info.path.clone(),
                name: info.short.clone(),
                create: false,
            }),
            FileText::Bundled(_) => Err(
                "the bundled dossier is built into the program and cannot be written; \
                 `linkchart new FILE` starts a dossier of your own"
                    .to_string(),
            ),
            FileText::Memory => Err(format!("{} was not read from a file", info.name)),
        }
    }
}

/// The file a new claim on relation `rel` goes into, given its first
/// source.
pub fn claim_target(
    chart: &Chart,
    rel: RelIx,
    first_source: Option<SourceIx>,
) -> Result<Target, String> {
    let files = &chart.provenance.files;
    // The files that declare the relation, in the chart's order.
    let mut holders: Vec<usize> = decls(chart, rel)
        .into_iter()
        .map(|d| d.0 as usize)
        .collect();
    holders.sort_unstable();
    holders.dedup();
    let Some(&first) = holders.first() else {
        return Err("the chart does not say which file holds this relation".to_string());
    };
    let pick = first_source
        .and_then(|s| declaring(chart, s, &holders))
        .unwrap_or(first);
    files
        .get(pick)
        .ok_or_else(|| "the relation's file is not in the chart".to_string())
        .and_then(Target::of)
}

/// The first of `holders` that declares source `s`.
fn declaring(chart: &Chart, s: SourceIx, holders: &[usize]) -> Option<usize> {
    let prov = &chart.provenance;
    // The first file to declare a source is known; a later one may repeat
    // the declaration, which only its text tells.
    let first = prov.sources.get(s)?.file as usize;
    let id = &chart.dossier.sources.get(s)?.id;
    holders.iter().copied().find(|&f| {
        f == first
            || (f > first
                && prov.files.get(f).is_some_and(|info| {
                    info.reread()
                        .and_then(|text| {
                            ParsedFile::from_text(FileInfo::memory(&info.name), text).ok()
                        })
                        .is_some_and(|f| f.dossier.sources.iter().any(|x| x.id == *id))
                }))
    })
}

/// The file a new relation, actor or source goes into. `roots` are the
/// paths the chart was opened from (files and folders); `first_source` is
/// the first source of the new item's first claim, if it has one.
pub fn item_target(
    chart: &Chart,
    roots: &[PathBuf],
    first_source: Option<SourceIx>,
) -> Result<Target, String> {
    let prov = &chart.provenance;
    let files = &prov.files;
    if let Some(o) = first_source.and_then(|s| prov.sources.get(s))
        && let Some(info) = files.get(o.file as usize)
    {
        return Target::of(info);
    }
    if files.len() > 1
        && let Some(folder) = roots.iter().find(|p| p.is_dir())
    {
        let path = folder.join(INBOX);
        if let Some(info) = files.iter().find(|f| same_file(&f.path, &path)) {
            return Target::of(info);
        }
        return Ok(Target {
            name: short_name(files, &path),
            path,
            create: true,
        });
    }
    files
        .first()
        .ok_or_else(|| "the chart has no file to write into".to_string())
        .and_then(Target::of)
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// A new file's name as screens show the chart's files: below the folder
/// their short names are relative to.
fn short_name(files: &[FileInfo], path: &Path) -> String {
    files
        .iter()
        .find_map(|f| {
            let base = f.path.to_string_lossy();
            let base = base.strip_suffix(f.short.as_str())?;
            path.strip_prefix(base)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
}

/// The item of the chart that a capture put at `landed` in the file at
/// `path`, once the chart has been loaded again.
pub fn landed_item(chart: &Chart, path: &Path, landed: Landed) -> Option<Item> {
    let prov = &chart.provenance;
    let file = prov.files.iter().position(|f| same_file(&f.path, path))? as u32;
    let at = |origins: &[crate::dossier::Origin], index: usize| {
        origins
            .iter()
            .position(|o| o.file == file && o.index as usize == index)
    };
    match landed {
        Landed::Actor(i) => at(&prov.actors, i).map(Item::Actor),
        Landed::Source(i) => at(&prov.sources, i).map(Item::Source),
        Landed::Relation(i) => {
            // The relation may be one the chart had already (declared
            // again): found by where its declarations are.
            (0..chart.dossier.relations.len())
                .find(|&r| {
                    decls(chart, r)
                        .iter()
                        .any(|d| d.0 == file && d.1 as usize == i)
                })
                .map(Item::Relation)
        }
        Landed::Claim { rel, claim } => (0..chart.dossier.relations.len()).find_map(|r| {
            let mut before = 0;
            for (f, index, claims) in decls(chart, r) {
                if f == file && index as usize == rel {
                    // Not there yet: the chart was loaded before the write.
                    return (claim < claims as usize).then_some(Item::Claim {
                        rel: r,
                        claim: before + claim,
                    });
                }
                before += claims as usize;
            }
            None
        }),
    }
}

/// Where relation `r` is declared: file, index in its `relations`, and
/// number of claims there, in the chart's order.
fn decls(chart: &Chart, r: RelIx) -> Vec<(u32, u32, u32)> {
    let prov = &chart.provenance;
    let Some(&start) = prov.decl_base.get(r) else {
        return Vec::new();
    };
    let end = prov
        .decl_base
        .get(r + 1)
        .map_or(prov.decls.len(), |&e| e as usize);
    prov.decls
        .get(start as usize..end)
        .unwrap_or(&[])
        .iter()
        .map(|d| (d.file, d.index, d.claims))
        .collect()
}
