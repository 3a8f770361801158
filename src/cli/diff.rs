//! `linkchart diff`: what changed between two versions of a chart (files,
//! folders, or `REV:PATH` at a git revision), as a Markdown briefing or
//! JSON, under the filters.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{FilterArgs, print_diagnostics, write_stdout};
use crate::dossier::diff::diff;
use crate::dossier::git::{RevPath, load_at};
use crate::dossier::{Diagnostic, Loaded, load_paths};
use crate::export::{DiffReport, Side, today};
use crate::graph::Chart;
use crate::sanitize::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A Markdown briefing of the changes.
    Md,
    /// The changes as JSON: lists `actors`, `relations`, `claims`,
    /// `sources` and `reports` of entries with `change` and `fields`.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// Exit with status 1 when there are changes (under the filters), as
    /// `git diff --exit-code` does.
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The old version: a dossier file, a folder of them, or REV:PATH (the
    /// file or folder at a git revision, as in `git show REV:PATH`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version, in the same forms as OLD.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
}

/// One version named on the command line.
enum Version {
    Path(PathBuf),
    Rev(RevPath),
}

impl Version {
    fn of(arg: &Path) -> Version {
        match arg.to_str().and_then(RevPath::parse) {
            Some(rp) => Version::Rev(rp),
            None => Version::Path(arg.to_path_buf()),
        }
    }
}

/// A version loaded (or its problems), with what it is called and, read
/// from git, its commit.
struct Read {
    loaded: Result<Loaded, Vec<Diagnostic>>,
    label: String,
    commit: Option<String>,
}

/// `Err`: a usage error, worded.
fn read(v: &Version) -> Result<Read, String> {
    match v {
        Version::Path(p) => Ok(Read {
            loaded: load_paths(std::slice::from_ref(p)),
            label: p.display().to_string(),
            commit: None,
        }),
        Version::Rev(rp) => {
            let at = load_at(&rp.rev, std::slice::from_ref(&rp.path)).map_err(|e| e.to_string())?;
            Ok(Read {
                loaded: at.loaded,
                label: rp.to_string(),
                commit: Some(at.commit),
            })
        }
    }
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let usage = |e: &str| {
        eprintln!("linkchart: diff: {}", sanitize(e));
        ExitCode::from(2)
    };
    if let Err(e) = crate::dates::Range::new(args.filter.since, args.filter.until) {
        return usage(&e);
    }
    let (old, new) = (Version::of(&args.old), Version::of(&args.new));
    // Both versions at once: each is read, parsed and checked on its own.
    let (old, new) = std::thread::scope(|s| {
        let o = s.spawn(|| read(&old));
        let n = read(&new);
        (o.join().unwrap_or_else(|_| Err("internal error".into())), n)
    });
    let (old_read, new_read) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return usage(&e),
    };
    let (old_label, new_label) = (&old_read.label, &new_read.label);
    let (old, new) = match (old_read.loaded, new_read.loaded) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for (r, label, which) in [(o, old_label, "old"), (n, new_label, "new")] {
                if let Err(diags) = r {
                    print_diagnostics(&diags);
                    eprintln!(
                        "linkchart: diff: the {which} version ({}) does not load",
                        sanitize(label)
                    );
                }
            }
            return ExitCode::FAILURE;
        }
    };
    let (old, new) = (Chart::from_loaded(old), Chart::from_loaded(new));
    let filters = (
        args.filter.to_filter_in(&old, &[&new]),
        args.filter.to_filter_in(&new, &[&old]),
    );
    let (fo, fnew) = match filters {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return usage(&e),
    };
    let changes = diff(&old.dossier, &new.dossier);
    let report = DiffReport::new(
        changes,
        Side {
            chart: &old,
            filter: &fo,
            label: old_label,
            commit: old_read.commit.as_deref(),
        },
        Side {
            chart: &new,
            filter: &fnew,
            label: new_label,
            commit: new_read.commit.as_deref(),
        },
    );
    let text = match args.format {
        DiffFormat::Md => report.markdown(&today()),
        DiffFormat::Json => report.json(),
    };
    let written = write_stdout(text.as_bytes());
    let changed = !report.is_empty();
    // The process ends here: freeing two large charts string by string
    // takes longer than the exit that frees them at once.
    std::mem::forget(report);
    std::mem::forget((old, new));
    if written != ExitCode::SUCCESS {
        return written;
    }
    if args.exit_code && changed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
