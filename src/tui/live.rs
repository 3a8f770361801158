//! The edit loop in the model: what `e` edits, and swapping in a reloaded
//! chart without losing the analyst's place. The terminal loop does the
//! outside work (the editor, the watcher); this stays pure.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::app::{Effect, Model, Overlay, Pane};
use super::keep;
use crate::dossier::whereis::{self, Item, Place};
use crate::dossier::{Diagnostic, Loaded};
use crate::filter::Counts;
use crate::graph::Chart;
use crate::search::{Hit, LazyIndex, Searcher};

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
}

impl Live {
    /// The problems bar shows while a save has broken the chart.
    pub fn bar_shown(&self) -> bool {
        !self.broken.is_empty()
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

    /// The file name used in messages: `analysis.ron`.
    fn short_name(path: &Path) -> String {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }

    /// Where `target` is written, now: the place to open the editor at.
    pub fn resolve(&self, target: &EditTarget) -> Result<Place, String> {
        match target {
            EditTarget::At(p) => Ok(p.clone()),
            EditTarget::Item(item) => {
                let Some(file) = self.files.first() else {
                    return Err(BUNDLED_NOTE.into());
                };
                // Not found (the file changed since): open it at the top.
                Ok(whereis::place_in_file(file, *item).unwrap_or(Place {
                    path: file.clone(),
                    line: 1,
                    col: 1,
                }))
            }
        }
    }
}

/// What `e` says on the bundled dossier.
pub const BUNDLED_NOTE: &str = "the bundled dossier is built into linkchart and cannot be edited; \
     `linkchart new --bundled FILE` writes it to a file of your own";

impl Model {
    /// `e` in the explorer: the selected claim, relation or actor.
    pub(super) fn edit_selected(&mut self) {
        let item = match self.focus {
            Pane::Claims => self
                .selected_claim()
                .map(|(rel, claim)| Item::Claim { rel, claim }),
            Pane::Relations => self.selected_relation().map(|i| Item::Relation(i.rel)),
            Pane::Actors => (self.actors.sel < self.chart.dossier.actors.len())
                .then_some(Item::Actor(self.actors.sel)),
        };
        match item {
            Some(item) => self.edit(EditTarget::Item(item)),
            None => self.message = Some("nothing selected to edit".into()),
        }
    }

    /// `e` in the sources panel.
    pub(super) fn edit_source(&mut self, s: usize) {
        if s < self.chart.dossier.sources.len() {
            self.edit(EditTarget::Item(Item::Source(s)));
        }
    }

    pub(super) fn edit(&mut self, target: EditTarget) {
        if self.live.files.is_empty() && matches!(target, EditTarget::Item(_)) {
            self.message = Some(BUNDLED_NOTE.into());
        } else {
            self.effects.push(Effect::Edit(target));
        }
    }

    /// `E`: the problems list.
    pub(super) fn open_problems(&mut self) {
        if self.live.problems().is_empty() {
            self.message = Some("no problems: the chart loads without errors or warnings".into());
        } else {
            self.overlay = Overlay::Problems(Default::default());
        }
    }

    /// A reload finished: swap the new chart in where the analyst was, or
    /// keep the last good one and show what is wrong.
    pub fn reloaded(&mut self, changed: &[PathBuf], result: Result<Loaded, Vec<Diagnostic>>) {
        let names = changed
            .iter()
            .map(|p| Live::short_name(p))
            .collect::<Vec<_>>()
            .join(", ");
        let names = if names.is_empty() {
            "the chart".to_string()
        } else {
            names
        };
        match result {
            Err(mut diags) => {
                diags.sort_by_key(|d| !d.is_error());
                let errors = diags.iter().filter(|d| d.is_error()).count();
                self.live.broken = diags;
                self.message = Some(format!(
                    "{names}: {errors} error{} · showing the last good version",
                    if errors == 1 { "" } else { "s" }
                ));
            }
            Ok(loaded) => {
                let was_broken = !self.live.broken.is_empty();
                self.live.broken.clear();
                self.live.warnings = loaded.warnings;
                let what = self.swap_chart(Chart::new(loaded.dossier));
                self.message = Some(format!(
                    "reloaded {names}: {what}{}",
                    if was_broken { " · fixed" } else { "" }
                ));
            }
        }
        if let Overlay::Problems(_) = self.overlay
            && self.live.problems().is_empty()
        {
            self.overlay = Overlay::None;
        }
        self.fix_scroll();
    }

    /// Replaces the chart, keeping the place; returns what changed.
    pub fn swap_chart(&mut self, new: Chart) -> String {
        let old = Arc::clone(&self.chart);
        let map = keep::remap(&old, &new);
        let summary = keep::summary(&old, &new, &map);
        // Where the analyst is, in the old chart's terms.
        let focus = self.focus;
        let old_actor = self.actors.sel;
        let old_rel = self.selected_relation().map(|i| i.rel);
        let old_claim = self.selected_claim().map(|(_, c)| c);
        let (rel_sel, actors_offset, rel_offset, claim_scroll) = (
            self.rel.sel,
            self.actors.offset,
            self.rel.offset,
            self.claim_scroll,
        );
        let path = self
            .path
            .as_ref()
            .map(|p| (p.from, p.to, p.directed, p.cur.sel));

        self.filter = keep::filter_again(&self.filter, &map, &new);
        self.counts = Arc::new(Counts::compute(&new, &self.filter));
        self.chart = Arc::new(new);
        self.search = LazyIndex::new(Arc::clone(&self.chart));
        if let Some(SearchDoneFn(done)) = &self.live.search_done {
            let done = Arc::clone(done);
            self.searcher = Some(Searcher::spawn(
                self.search.clone(),
                Arc::clone(&self.chart),
                move |g, h| done(g, h),
            ));
            self.search.build_in_background();
        }

        let n_actors = self.chart.dossier.actors.len();
        self.actors.sel = keep::nearest(&map.actors, old_actor)
            .unwrap_or(0)
            .min(n_actors.saturating_sub(1));
        self.actors.offset = actors_offset;
        let new_rel = old_rel.and_then(|r| map.rels.get(r).copied().flatten());
        self.path = None;
        self.refresh_relations(new_rel);
        match (old_rel, new_rel) {
            (Some(o), Some(n)) if self.selected_relation().map(|i| i.rel) == Some(n) => {
                let c = old_claim.map(|c| keep::claim_again(&old, o, c, &self.chart, n));
                self.rel.offset = rel_offset;
                self.refresh_claims(c);
                self.claim_scroll = claim_scroll;
            }
            (Some(_), _) => {
                // The relation is gone (or hidden now): stay near it.
                self.rel.sel = rel_sel.min(self.rels.len().saturating_sub(1));
                self.rel.offset = rel_offset;
                self.refresh_claims(None);
            }
            _ => {}
        }
        self.focus = focus;
        if let Some((from, to, directed, sel)) = path {
            let (f, t) = (
                map.actors.get(from).copied().flatten(),
                map.actors.get(to).copied().flatten(),
            );
            if let (Some(f), Some(t)) = (f, t) {
                self.show_path(f, t, directed);
                if let Some(p) = &mut self.path {
                    p.cur.sel = sel.min(p.rows.len().saturating_sub(1));
                }
                self.refresh_claims(None);
                self.focus = focus;
            }
        }
        // History: the same places in the new chart.
        for h in &mut self.history {
            let rel = h.rel.and_then(|r| map.rels.get(r).copied().flatten());
            h.actor = keep::nearest(&map.actors, h.actor)
                .unwrap_or(0)
                .min(n_actors.saturating_sub(1));
            if rel.is_none() {
                h.claim = 0;
            }
            h.rel = rel;
        }
        self.history[self.history_pos] = self.place();
        if matches!(self.overlay, Overlay::Find(_) | Overlay::Pick(_)) {
            self.requery();
        }
        summary
    }
}
