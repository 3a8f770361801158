//! The edit loop's part of the model: the chart's files and problems, what
//! `e` edits, and the reload thread's work. Swapping a reloaded chart in is
//! `edit_loop.rs`; the terminal loop does the outside work (the editor, the
//! watcher).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::keep;
use crate::dossier::watch::{ChartFiles, Load};
use crate::dossier::{Diagnostic, Loaded};
use crate::dossier::{Item, Place};
use crate::graph::Chart;
use crate::search::Hit;

/// A reloaded chart, with what the reload thread worked out for it so that
/// the input thread only has to swap it in: the chart it replaces, where
/// that chart's things are in it, and what changed.
#[derive(Debug)]
pub struct Fresh {
    pub chart: Arc<Chart>,
    pub warnings: Vec<Diagnostic>,
    pub prev: Arc<Chart>,
    pub map: keep::Remap,
    pub summary: String,
}

impl Fresh {
    /// `chart`, matched against `prev`.
    pub fn against(prev: Arc<Chart>, chart: Chart, warnings: Vec<Diagnostic>) -> Fresh {
        let map = keep::remap(&prev, &chart);
        let summary = keep::summary(&prev, &chart, &map);
        Fresh {
            chart: Arc::new(chart),
            warnings,
            prev,
            map,
            summary,
        }
    }
}

/// A reloaded chart, or the problems that kept it from loading.
pub type Reloaded = Result<Fresh, Vec<Diagnostic>>;

/// The reload thread's work: loads the chart again, re-reading only the
/// files that changed, then indexes it and matches it against the last one
/// it loaded (at first, the one shown).
pub struct ChartLoader {
    files: ChartFiles,
    prev: Arc<Chart>,
}

impl ChartLoader {
    pub fn new(paths: &[PathBuf], shown: Arc<Chart>) -> ChartLoader {
        ChartLoader {
            files: ChartFiles::new(paths),
            prev: shown,
        }
    }
}

impl Load for ChartLoader {
    type Output = Reloaded;

    fn load(&mut self, changed: &[PathBuf]) -> Reloaded {
        let mut l: Loaded = self.files.load(changed)?;
        let warnings = std::mem::take(&mut l.warnings);
        let fresh = Fresh::against(Arc::clone(&self.prev), Chart::from_loaded(l), warnings);
        self.prev = Arc::clone(&fresh.chart);
        Ok(fresh)
    }

    fn between(&mut self) {
        self.files.prepare();
    }
}

/// What `e` opens the editor at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A thing of the chart, found in its file when the editor starts.
    Item(Item),
    /// A place already known (a problem's file:line:col).
    At(Place),
}

/// The callback that hands background find results back to the loop.
pub type SearchDone = Arc<dyn Fn(u64, Vec<Hit>) + Send + Sync>;

/// [`SearchDone`], kept so that a reloaded chart gets a searcher too.
#[derive(Clone)]
pub struct SearchDoneFn(pub SearchDone);

impl fmt::Debug for SearchDoneFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SearchDoneFn")
    }
}

/// The edit loop's part of the model.
#[derive(Debug, Clone, Default)]
pub struct Live {
    /// The chart's files; empty for the bundled dossier.
    pub files: Vec<PathBuf>,
    /// Warnings of the chart shown.
    pub warnings: Vec<Diagnostic>,
    /// Problems of the last reload, when it failed: the chart shown is the
    /// last good one. Empty when the files load.
    pub broken: Vec<Diagnostic>,
    pub search_done: Option<SearchDoneFn>,
    /// Watch the files and reload on every save (off: `R` only).
    pub watch: bool,
    /// When the files were read for the chart shown at start: a save after
    /// it, before watching began, is caught by comparing times.
    pub read_at: Option<std::time::SystemTime>,
    /// The chart has not opened yet: its files were broken at start. The
    /// problems list is all there is, the files are watched, and the chart
    /// comes up once a load succeeds.
    pub unopened: bool,
}

impl Live {
    /// Whether a file changed since it was read at start.
    pub fn changed_since_read(&self) -> bool {
        let Some(at) = self.read_at else {
            return false;
        };
        self.files.iter().any(|f| {
            std::fs::metadata(f)
                .and_then(|m| m.modified())
                .map_or(true, |m| m > at)
        })
    }
}

/// The problems bar's hint, at its right end.
pub const BAR_HINT: &str = " E list ";
/// Rows the problems bar takes at most; the list (`E`) has the rest.
pub const BAR_MAX_ROWS: usize = 4;

impl Live {
    /// The problems bar shows while a save has broken the chart (before
    /// the chart has opened, the list itself is shown).
    pub fn bar_shown(&self) -> bool {
        !self.broken.is_empty() && !self.unopened
    }

    /// What the status bar says while the chart has not opened.
    pub fn unopened_note(&self, names: &str) -> String {
        let errors = self.broken.iter().filter(|d| d.is_error()).count();
        let how = if self.watch {
            "the chart opens as soon as a save fixes it"
        } else {
            "R loads it again once it is fixed"
        };
        format!(
            "{names}: {errors} error{} · {how}",
            if errors == 1 { "" } else { "s" }
        )
    }

    /// The problems bar's count, at its left end: ` 2 errors `.
    pub fn bar_count(&self) -> String {
        let errors = self.problems().iter().filter(|d| d.is_error()).count();
        format!(" {errors} error{} ", if errors == 1 { "" } else { "s" })
    }

    /// Columns for the problem's text in a problems bar `width` wide.
    pub fn bar_text_width(&self, width: u16) -> usize {
        use unicode_width::UnicodeWidthStr;
        (width as usize).saturating_sub(self.bar_count().width() + BAR_HINT.len() + 1)
    }

    /// The problems bar's text on a screen `width` wide: the first problem
    /// in full, wrapped, on at most [`BAR_MAX_ROWS`] rows (the last cut with
    /// `…`). Empty when there is no bar.
    pub fn bar_lines(&self, width: u16) -> Vec<String> {
        let Some(first) = self.problems().first().filter(|_| self.bar_shown()) else {
            return Vec::new();
        };
        let text_w = self.bar_text_width(width).max(1);
        let mut lines = super::text::wrap_bounded(&first.to_string(), text_w);
        if lines.len() > BAR_MAX_ROWS {
            lines.truncate(BAR_MAX_ROWS);
            let last = format!("{} …", lines[BAR_MAX_ROWS - 1]);
            lines[BAR_MAX_ROWS - 1] = super::text::truncate(&last, text_w);
        }
        lines
    }

    /// What the problems list shows: the failed reload's problems, else the
    /// chart's warnings. Errors first, then in file order.
    pub fn problems(&self) -> &[Diagnostic] {
        if self.broken.is_empty() {
            &self.warnings
        } else {
            &self.broken
        }
    }

    /// Where `target` is written in `chart`'s files, now: the place to
    /// open the editor at.
    pub fn resolve(&self, chart: &Chart, target: &EditTarget) -> Result<Place, String> {
        match target {
            // Not every problem is in a file (a filter that does not fit
            // the chart, a file that is gone).
            EditTarget::At(p) if !p.path.is_file() => Err(format!(
                "{} is not a file to open",
                crate::sanitize::sanitize(&p.path.display().to_string())
            )),
            EditTarget::At(p) => Ok(p.clone()),
            EditTarget::Item(_) if self.files.is_empty() => Err(BUNDLED_NOTE.into()),
            EditTarget::Item(item) => {
                let p = &chart.provenance;
                match (p.place(*item), p.file_of(*item)) {
                    (Some(place), _) => Ok(place),
                    // Not found (the file changed since): open it at the top.
                    (None, Some(f)) => Ok(Place {
                        path: f.path.clone(),
                        line: 1,
                        col: 1,
                    }),
                    (None, None) => Err("cannot tell which file that is written in".into()),
                }
            }
        }
    }
}

/// What `e` says on the bundled dossier.
pub const BUNDLED_NOTE: &str = "the bundled dossier is built into linkchart and cannot be edited; \
     `linkchart new --bundled FILE` writes it to a file of your own";
