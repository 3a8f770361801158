//! The explorer's model: everything the screen shows is derived from it.
//!
//! Views read it and never change it; the modes' `update` functions are the
//! only ones that do (through the operations in the files beside this one).
//! Nothing here touches a terminal, so tests, benchmarks and the headless
//! `render` command drive it exactly as the app does.
//!
//! This file holds the struct and what reads it; `Model::new` is in
//! `browse.rs`, as building the model selects its first actor.

use std::sync::Arc;

use super::changes::Changes;
use super::cursor::Cursor;
use super::effect::Effect;
use super::form::Pending;
use super::keymap::{Keymap, Mode};
use super::layout::{self, Areas};
use super::live::Live;
use super::measures::{Analysis, MeasuresDoneFn, MeasuresState};
use super::overlay::Overlay;
use super::pane::{Pane, Place};
use super::path::PathState;
use super::theme::Theme;
use super::timeline::{TimelineScope, TimelineState};
use crate::export::capture::Capture;
use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, Incident, RelIx};
use crate::search::{LazyIndex, Searcher};

/// Neighbourhood depth range.
pub const MAX_DEPTH: usize = 3;

#[derive(Debug)]
pub struct Model {
    pub chart: Arc<Chart>,
    /// Built on first use (or in the background by the terminal loop).
    pub search: LazyIndex,
    /// The background searcher, when find runs off the input path (in the
    /// terminal); without it, find answers at once (headless, tests).
    pub searcher: Option<Searcher>,
    /// Generation of the last find request.
    pub search_generation: u64,
    pub keymap: Keymap,
    pub theme: Theme,
    pub filter: Filter,
    pub counts: Arc<Counts>,
    pub focus: Pane,
    pub actors: Cursor,
    /// Visible relations of the selected actor, strongest first.
    pub rels: Vec<Incident>,
    pub rel: Cursor,
    /// Visible claims of the selected relation, by index in the relation.
    pub claims: Vec<usize>,
    pub claim: usize,
    /// First line of the claims pane shown.
    pub claim_scroll: usize,
    pub history: Vec<Place>,
    pub history_pos: usize,
    pub overlay: Overlay,
    /// The path view, shown in place of the relations pane.
    pub path: Option<PathState>,
    /// The neighbourhood drawing's depth, when it is shown.
    pub ego_depth: Option<usize>,
    /// Grade meanings and confidence ranges in claim cards.
    pub details: bool,
    /// The timeline, shown in place of the relations and claims panes.
    pub timeline: Option<TimelineState>,
    /// The measures view, shown in place of every pane.
    pub measures: Option<MeasuresState>,
    /// The scores of the chart as filtered, while the measures view or the
    /// path view needs them.
    pub analysis: Option<Analysis>,
    /// Bumped for every new computation of the scores.
    pub analysis_generation: u64,
    /// Hands background searches back (in the terminal); without it
    /// (headless, tests), betweenness and closeness are computed at once
    /// for the measures view, and for the path view only on a small chart.
    pub measurer: Option<MeasuresDoneFn>,
    /// Today's date for briefings (`YYYY-MM-DD`), fixed at start.
    pub today: String,
    /// Effects requested by `update`, drained by the runner.
    pub effects: Vec<Effect>,
    pub width: u16,
    pub height: u16,
    /// A one-line note for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub quit: bool,
    /// The edit loop: the chart's files, its problems, live reload.
    pub live: Live,
    /// What the forms wrote this session, last last: what `u` undoes.
    pub captures: Vec<Capture>,
    /// The item the last save made, to select once a reload brings it in.
    pub pending: Option<Pending>,
    /// A form's item is being written (off the input thread): the file's
    /// name. The form waits, and `u` too, until `captured` has the outcome.
    pub saving: Option<String>,
    /// What changed since a git revision (`--changed-since`).
    pub changes: Option<Changes>,
}

impl Model {
    /// The mode keys are pressed in: the overlay open, else the measures
    /// view or the timeline, else the main panes.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::None if self.measures.is_some() => Mode::Measures,
            Overlay::None if self.timeline.is_some() => Mode::Timeline,
            Overlay::None => Mode::Main,
            Overlay::Find(_) | Overlay::Pick(_) => Mode::Find,
            Overlay::Sources(_) => Mode::Sources,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Problems(_) => Mode::Problems,
            Overlay::Form(_) => Mode::Form,
        }
    }

    pub fn areas(&self) -> Option<Areas> {
        layout::areas_with_bar(
            ratatui::layout::Rect::new(0, 0, self.width, self.height),
            self.focus,
            self.live.bar_lines(self.width).len() as u16,
        )
    }

    /// Rows inside `pane` (0 when it is not shown).
    pub fn pane_rows(&self, pane: Pane) -> usize {
        self.areas()
            .and_then(|a| a.pane(pane))
            .map_or(0, |r| layout::inner(r).height as usize)
    }

    /// Rows of an overlay's list (inside its border, below its heading).
    pub fn overlay_rows(&self) -> usize {
        // Overlays have a border and a header line.
        self.areas().map_or(0, |a| {
            layout::inner(a.overlay).height.saturating_sub(1) as usize
        })
    }

    /// The actor selected in the actors pane: `actors.sel` is its index,
    /// or, while only what changed is shown, its row among those.
    pub fn selected_actor(&self) -> ActorIx {
        match self.actor_rows() {
            Some(rows) => rows.get(self.actors.sel).copied().unwrap_or(0),
            None => self.actors.sel,
        }
    }

    /// The actors the actors pane lists when it lists not all of them:
    /// those with a change, while `C` is on.
    pub fn actor_rows(&self) -> Option<&[ActorIx]> {
        self.changes
            .as_ref()
            .filter(|c| c.only)
            .map(|c| c.actor_rows.as_slice())
    }

    /// How many rows the actors pane lists.
    pub fn actor_count(&self) -> usize {
        self.actor_rows()
            .map_or(self.chart.dossier.actors.len(), <[ActorIx]>::len)
    }

    /// The relation whose claims are shown: the selected hop in the path
    /// view, otherwise the selected row of the relations pane.
    pub fn selected_relation(&self) -> Option<Incident> {
        match &self.path {
            Some(p) => p.hop().map(|h| Incident {
                rel: h.rel,
                other: h.to,
                outgoing: h.forward,
            }),
            None => self.rels.get(self.rel.sel).copied(),
        }
    }

    /// The relations of the selected actor removed since the revision
    /// (entries in the diff's relations): rows of the relations pane
    /// after the live ones.
    pub fn gone_rels(&self) -> &[usize] {
        match &self.changes {
            Some(c) => c.gone(self.selected_actor()),
            None => &[],
        }
    }

    /// How many rows the relations pane lists: the live relations, then
    /// the removed ones.
    pub fn rel_rows(&self) -> usize {
        self.rels.len() + self.gone_rels().len()
    }

    /// The removed relation selected in the relations pane, when the
    /// cursor is past the live ones (not in the path view).
    pub fn selected_gone(&self) -> Option<usize> {
        if self.path.is_some() {
            return None;
        }
        let row = self.rel.sel.checked_sub(self.rels.len())?;
        self.gone_rels().get(row).copied()
    }

    pub fn selected_claim(&self) -> Option<(RelIx, usize)> {
        let r = self.selected_relation()?.rel;
        self.claims.get(self.claim).map(|&c| (r, c))
    }

    pub fn place(&self) -> Place {
        Place {
            actor: self.selected_actor(),
            rel: self.selected_relation().map(|i| i.rel),
            claim: self.claim,
            focus: self.focus,
        }
    }

    /// What `t` shows: the open path, else the selected actor.
    pub fn selection_scope(&self) -> TimelineScope {
        if self.path.is_some() {
            TimelineScope::Path
        } else {
            TimelineScope::Actor(self.selected_actor())
        }
    }
}
