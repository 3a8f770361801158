//! The explorer's model and its one mutator, `update`.
//!
//! Everything the screen shows is derived from this model; views read it and
//! never change it. Nothing here touches a terminal, so tests, benchmarks and
//! the headless `render` command drive it exactly as the app does.

use std::sync::Arc;

use serde::Deserialize;

use super::action::Action;
use super::keymap::{Key, Keymap, Mode};
use super::layout::{self, Areas};
use super::theme::Theme;
use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, Incident, RelIx};
use crate::paths::{self, Chain, Hop};

use crate::search::{Hit, LazyIndex, SearchRequest, Searcher, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Pane {
    Actors,
    Relations,
    Claims,
}

impl Pane {
    const ORDER: [Pane; 3] = [Pane::Actors, Pane::Relations, Pane::Claims];

    fn step(self, by: isize) -> Pane {
        let i = Pane::ORDER.iter().position(|&p| p == self).unwrap_or(0) as isize;
        Pane::ORDER[(i + by).rem_euclid(3) as usize]
    }
}

/// Where the analyst is: what history remembers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub actor: ActorIx,
    pub rel: Option<RelIx>,
    pub claim: usize,
    pub focus: Pane,
}

#[derive(Debug, Clone, Default)]
pub struct FindState {
    pub query: String,
    pub hits: Vec<Hit>,
    pub cur: Cursor,
    /// A query sent to the background searcher and not answered yet: the
    /// hits shown are those of an earlier query.
    pub pending: bool,
}

#[derive(Debug, Clone, Default)]
pub struct SourcesState {
    pub cur: Cursor,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Find(FindState),
    /// Picking the other end of a path: find over actors only.
    Pick(FindState),
    Sources(SourcesState),
    Help {
        scroll: usize,
    },
    /// The chart's errors and warnings.
    Problems(super::problems::ProblemsState),
}

/// A cursor into a list, with the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub sel: usize,
    pub offset: usize,
}

impl Cursor {
    pub(super) fn clamp(&mut self, len: usize) {
        self.sel = self.sel.min(len.saturating_sub(1));
    }

    /// Keeps the selection within `height` rows of the offset.
    pub(super) fn scroll_into_view(&mut self, height: usize, len: usize) {
        let height = height.max(1);
        if self.sel < self.offset {
            self.offset = self.sel;
        } else if self.sel >= self.offset + height {
            self.offset = self.sel + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    pub(super) fn apply(&mut self, action: Action, len: usize, page: usize) {
        let last = len.saturating_sub(1);
        self.sel = match action {
            Action::Down => (self.sel + 1).min(last),
            Action::Up => self.sel.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (self.sel + page.max(1)).min(last),
            Action::PageUp => self.sel.saturating_sub(page.max(1)),
            _ => self.sel,
        };
    }
}

/// The path view: shortest chains from `from` to `to`.
#[derive(Debug, Clone)]
pub struct PathState {
    pub from: ActorIx,
    pub to: ActorIx,
    pub directed: bool,
    pub chains: Vec<Chain>,
    /// One row per hop: `(chain, hop)`.
    pub rows: Vec<(usize, usize)>,
    pub cur: Cursor,
}

impl PathState {
    pub fn hop(&self) -> Option<Hop> {
        let &(c, h) = self.rows.get(self.cur.sel)?;
        Some(self.chains[c].hops[h])
    }
}

/// Chains shown at most in the path view.
pub const PATH_LIMIT: usize = 20;

/// Work for the runner (terminal loop or headless render) that the model
/// asks for but does not do itself: it touches the world outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Write this Markdown as `briefing-<stem>-<date>.md`, never overwriting.
    WriteBriefing { stem: String, markdown: String },
    /// Hand the terminal to the analyst's editor at this place.
    Edit(super::live::EditTarget),
    /// Reload the chart's files now.
    Reload,
}

/// Neighbourhood depth range.
pub const MAX_DEPTH: usize = 3;

/// Find results kept: what fits on the largest screen, no more.
pub const FIND_LIMIT: usize = 200;

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
    pub timeline: Option<super::timeline::TimelineState>,
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
    pub live: super::live::Live,
}

impl Model {
    pub fn new(
        chart: Chart,
        filter: Option<Filter>,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> Model {
        let filter = filter.unwrap_or_else(|| Filter::all(&chart));
        let counts = Arc::new(Counts::compute(&chart, &filter));
        let chart = Arc::new(chart);
        let mut m = Model {
            search: LazyIndex::new(Arc::clone(&chart)),
            chart,
            searcher: None,
            search_generation: 0,
            keymap: Keymap::default(),
            theme,
            filter,
            counts,
            focus: Pane::Actors,
            actors: Cursor::default(),
            rels: Vec::new(),
            rel: Cursor::default(),
            claims: Vec::new(),
            claim: 0,
            claim_scroll: 0,
            history: Vec::new(),
            history_pos: 0,
            overlay: Overlay::None,
            path: None,
            ego_depth: None,
            details: false,
            timeline: None,
            today: crate::export::today(),
            effects: Vec::new(),
            width,
            height,
            message: None,
            quit: false,
            live: Default::default(),
        };
        m.refresh_relations(None);
        m.history.push(m.place());
        m
    }

    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::None if self.timeline.is_some() => Mode::Timeline,
            Overlay::None => Mode::Main,
            Overlay::Find(_) | Overlay::Pick(_) => Mode::Find,
            Overlay::Sources(_) => Mode::Sources,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Problems(_) => Mode::Problems,
        }
    }

    pub fn areas(&self) -> Option<Areas> {
        layout::areas_with_bar(
            ratatui::layout::Rect::new(0, 0, self.width, self.height),
            self.focus,
            self.live.bar_shown(),
        )
    }

    /// Rows inside `pane` (0 when it is not shown).
    fn pane_rows(&self, pane: Pane) -> usize {
        self.areas()
            .and_then(|a| a.pane(pane))
            .map_or(0, |r| layout::inner(r).height as usize)
    }

    pub(super) fn overlay_rows(&self) -> usize {
        // Overlays have a border and a header line.
        self.areas().map_or(0, |a| {
            layout::inner(a.overlay).height.saturating_sub(1) as usize
        })
    }

    pub fn selected_actor(&self) -> ActorIx {
        self.actors.sel
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

    pub fn selected_claim(&self) -> Option<(RelIx, usize)> {
        let r = self.selected_relation()?.rel;
        self.claims.get(self.claim).map(|&c| (r, c))
    }

    pub fn place(&self) -> Place {
        Place {
            actor: self.actors.sel,
            rel: self.selected_relation().map(|i| i.rel),
            claim: self.claim,
            focus: self.focus,
        }
    }

    /// Maps a key to an action through the keymap and applies it.
    pub fn handle_key(&mut self, key: Key) {
        let mode = self.mode();
        match self.keymap.action(mode, key) {
            Some(a) => self.update(a),
            None if mode == Mode::Find => {
                if let Some(c) = key.typed_char() {
                    self.update(Action::Input(c));
                }
            }
            None => {}
        }
    }

    /// The one place the model changes.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..)) {
            self.message = None;
        }
        match action {
            Action::ForceQuit => self.quit = true,
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
            }
            _ => match self.mode() {
                Mode::Main => self.update_main(action),
                Mode::Find => self.update_find(action),
                Mode::Sources => self.update_sources(action),
                Mode::Help => self.update_help(action),
                Mode::Timeline => self.update_timeline(action),
                Mode::Problems => self.update_problems(action),
            },
        }
        self.fix_scroll();
    }

    pub(super) fn update_main(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp => self.move_cursor(action),
            // Tab cycles; h/l stop at the edges.
            Action::NextPane => self.focus = self.focus.step(1),
            Action::PrevPane => self.focus = self.focus.step(-1),
            Action::PaneRight if self.focus != Pane::Claims => self.focus = self.focus.step(1),
            Action::PaneLeft if self.focus != Pane::Actors => self.focus = self.focus.step(-1),
            Action::Follow => self.follow(),
            Action::Back | Action::HistoryBack => self.history_step(-1),
            Action::HistoryForward => self.history_step(1),
            Action::Find => self.overlay = Overlay::Find(FindState::default()),
            Action::Sources => self.overlay = Overlay::Sources(SourcesState::default()),
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::PathTo => self.overlay = Overlay::Pick(FindState::default()),
            Action::ToggleDirection => match &self.path {
                Some(p) => self.show_path(p.from, p.to, !p.directed),
                None => self.message = Some("no path shown (p: path)".into()),
            },
            Action::Cancel => {
                if self.path.take().is_some() {
                    self.refresh_claims(None);
                } else if self.ego_depth.take().is_none() {
                    self.message = Some("nothing to close (q quits)".into());
                }
            }
            Action::Neighbourhood => {
                self.ego_depth = match self.ego_depth {
                    Some(_) => None,
                    None => Some(1),
                }
            }
            Action::DepthUp | Action::DepthDown => match &mut self.ego_depth {
                Some(d) => {
                    *d = if action == Action::DepthUp {
                        (*d + 1).min(MAX_DEPTH)
                    } else {
                        d.saturating_sub(1).max(1)
                    };
                    self.message = Some(format!("neighbourhood depth {d}"));
                }
                None => self.message = Some("no neighbourhood shown (v: view)".into()),
            },
            Action::CycleReliability => {
                use crate::dossier::Reliability as R;
                let mut f = self.filter.clone();
                f.min_reliability = match f.min_reliability {
                    None => Some(R::A),
                    Some(R::A) => Some(R::B),
                    Some(R::B) => Some(R::C),
                    Some(_) => None,
                };
                self.set_filter(f);
            }
            Action::CycleCredibility => {
                let mut f = self.filter.clone();
                f.min_credibility = match f.min_credibility {
                    None => Some(1),
                    Some(c) if c < 3 => Some(c + 1),
                    Some(_) => None,
                };
                self.set_filter(f);
            }
            Action::ToggleAssessments => {
                let mut f = self.filter.clone();
                f.hide_assessments = !f.hide_assessments;
                self.set_filter(f);
            }
            Action::CycleKind => {
                let kinds = self.actor_kinds();
                let mut f = self.filter.clone();
                let next = match f.actor_kinds.as_slice() {
                    [] => kinds.first().cloned(),
                    [one] => kinds
                        .iter()
                        .position(|k| k == one)
                        .and_then(|i| kinds.get(i + 1))
                        .cloned(),
                    _ => None,
                };
                f.actor_kinds = next.into_iter().collect();
                self.set_filter(f);
            }
            Action::ClearFilters => {
                let f = Filter::all(&self.chart);
                self.set_filter(f);
            }
            Action::ToggleDetails => self.details = !self.details,
            Action::Briefing => self.request_briefing(false),
            Action::BriefingAll => self.request_briefing(true),
            Action::Copy => self.copy(),
            Action::Timeline => self.open_timeline(self.selection_scope()),
            Action::TimelineAll => self.open_timeline(super::timeline::TimelineScope::Chart),
            Action::Edit => self.edit_selected(),
            Action::Problems => self.open_problems(),
            Action::Reload => self.effects.push(Effect::Reload),
            _ => {}
        }
        if matches!(
            action,
            Action::CycleReliability
                | Action::CycleCredibility
                | Action::ToggleAssessments
                | Action::CycleKind
                | Action::ClearFilters
        ) {
            let d = self.filter.describe();
            self.message = Some(if d.is_empty() {
                "no filter".into()
            } else {
                format!("filter: {d}")
            });
        }
    }

    /// The actor kinds present, in a stable order, as filter labels.
    fn actor_kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .chart
            .dossier
            .actors
            .iter()
            .map(|a| a.kind.label().to_lowercase())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// Opens the path view from `from` to `to`.
    pub fn show_path(&mut self, from: ActorIx, to: ActorIx, directed: bool) {
        let chains =
            paths::shortest_paths(&self.chart, &self.counts, from, to, directed, PATH_LIMIT);
        let rows: Vec<(usize, usize)> = chains
            .iter()
            .enumerate()
            .flat_map(|(c, ch)| (0..ch.hops.len()).map(move |h| (c, h)))
            .collect();
        let names = &self.chart.dossier.actors;
        if chains.is_empty() || rows.is_empty() {
            self.message = Some(format!(
                "no {}path from {} to {} under the current filter",
                if directed { "directed " } else { "" },
                names[from].name,
                names[to].name
            ));
        }
        self.path = Some(PathState {
            from,
            to,
            directed,
            chains,
            rows,
            cur: Cursor::default(),
        });
        self.focus = Pane::Relations;
        self.refresh_claims(None);
    }

    /// What `b` and `y` in the actors pane describe: the path, or the
    /// selected actor's neighbourhood (depth 1 unless the drawing is deeper).
    fn briefing_markdown(&self, whole: bool) -> (String, String) {
        use crate::export::write::slug;
        use crate::export::{Scope, markdown};
        let d = &self.chart.dossier;
        let (scope, stem) = match (&self.path, whole) {
            (_, true) => (Scope::Dossier, slug(&d.title)),
            (Some(p), false) => (
                Scope::Path { chains: &p.chains },
                format!(
                    "{}-{}",
                    slug(&d.actors[p.from].id),
                    slug(&d.actors[p.to].id)
                ),
            ),
            (None, false) => (
                Scope::Actor {
                    actor: self.actors.sel,
                    depth: self.ego_depth.unwrap_or(1),
                },
                slug(&d.actors[self.actors.sel].id),
            ),
        };
        (
            markdown(&self.chart, &self.filter, &self.counts, &scope, &self.today),
            stem,
        )
    }

    fn request_briefing(&mut self, whole: bool) {
        let (markdown, stem) = self.briefing_markdown(whole);
        self.effects.push(Effect::WriteBriefing { stem, markdown });
    }

    fn copy(&mut self) {
        let text = match self.focus {
            Pane::Claims => self
                .selected_claim()
                .map(|(r, c)| crate::export::markdown_claim(&self.chart, &self.filter, r, c)),
            Pane::Relations => self.selected_relation().map(|i| {
                crate::export::markdown_relation(&self.chart, &self.filter, &self.counts, i.rel)
            }),
            Pane::Actors => Some(self.briefing_markdown(false).0),
        };
        match text {
            Some(t) => self.effects.push(Effect::Copy(t)),
            None => self.message = Some("nothing selected to copy".into()),
        }
    }

    fn move_cursor(&mut self, action: Action) {
        let page = self.pane_rows(self.focus).saturating_sub(1);
        match self.focus {
            Pane::Actors => {
                let before = self.actors.sel;
                self.actors
                    .apply(action, self.chart.dossier.actors.len(), page);
                if self.actors.sel != before {
                    self.refresh_relations(None);
                }
            }
            Pane::Relations => {
                let (cur, len) = match &mut self.path {
                    Some(p) => (&mut p.cur, p.rows.len()),
                    None => (&mut self.rel, self.rels.len()),
                };
                let before = cur.sel;
                cur.apply(action, len, page);
                if cur.sel != before {
                    self.refresh_claims(None);
                }
            }
            Pane::Claims => match action {
                // Pages scroll the text, and the selection follows to the
                // card at the top; the other moves go claim by claim.
                Action::PageDown | Action::PageUp => {
                    self.claim_scroll = if action == Action::PageDown {
                        self.claim_scroll + page.max(1)
                    } else {
                        self.claim_scroll.saturating_sub(page.max(1))
                    };
                    if let Some(r) = self.areas().and_then(|a| a.claims) {
                        let width = layout::inner(r).width;
                        let total = super::view::claims::total_lines(self, width);
                        self.claim_scroll = self.claim_scroll.min(total.saturating_sub(page + 1));
                        self.claim = (0..self.claims.len())
                            .find(|&k| {
                                super::view::claims::card_span(self, k, width).1 > self.claim_scroll
                            })
                            .unwrap_or(self.claim);
                    }
                }
                _ => {
                    let mut c = Cursor {
                        sel: self.claim,
                        offset: 0,
                    };
                    c.apply(action, self.claims.len(), page);
                    self.select_claim(c.sel);
                }
            },
        }
    }

    fn follow(&mut self) {
        match self.focus {
            Pane::Actors => {
                if self.rels.is_empty() {
                    self.message = Some("no relations under the current filter".into());
                } else {
                    self.focus = Pane::Relations;
                }
            }
            Pane::Relations | Pane::Claims if self.path.is_some() => {
                // Walk the path: select the hop's far end, move to the next hop.
                let Some(p) = &mut self.path else { return };
                let Some(hop) = p.hop() else {
                    self.message = Some("no path to walk".into());
                    return;
                };
                let next = (p.cur.sel + 1 < p.rows.len()
                    && p.rows[p.cur.sel + 1].0 == p.rows[p.cur.sel].0)
                    .then_some(p.cur.sel + 1);
                if let Some(n) = next {
                    p.cur.sel = n;
                }
                self.history[self.history_pos] = self.place();
                self.actors.sel = hop.to;
                self.refresh_relations(Some(hop.rel));
                self.focus = Pane::Relations;
                self.history.truncate(self.history_pos + 1);
                self.history.push(self.place());
                self.history_pos = self.history.len() - 1;
                if next.is_none() {
                    self.message = Some("end of the path".into());
                }
            }
            Pane::Relations | Pane::Claims => {
                let Some(inc) = self.selected_relation() else {
                    self.message = Some("no relation to follow".into());
                    return;
                };
                let to = Place {
                    actor: inc.other,
                    rel: Some(inc.rel),
                    claim: 0,
                    focus: Pane::Relations,
                };
                self.go(to);
            }
        }
    }

    /// Moves to `to`, remembering where we were.
    pub fn go(&mut self, to: Place) {
        self.history[self.history_pos] = self.place();
        self.history.truncate(self.history_pos + 1);
        self.restore(to);
        self.history.push(self.place());
        self.history_pos = self.history.len() - 1;
    }

    fn history_step(&mut self, by: isize) {
        let pos = self.history_pos as isize + by;
        if pos < 0 || pos >= self.history.len() as isize {
            self.message = Some(
                if by < 0 {
                    "nothing to go back to"
                } else {
                    "nothing to go forward to"
                }
                .into(),
            );
            return;
        }
        self.history[self.history_pos] = self.place();
        self.history_pos = pos as usize;
        self.restore(self.history[self.history_pos]);
    }

    fn restore(&mut self, p: Place) {
        self.path = None;
        self.actors.sel = p
            .actor
            .min(self.chart.dossier.actors.len().saturating_sub(1));
        self.focus = p.focus;
        self.refresh_relations(p.rel);
        if p.rel.is_some() && self.selected_relation().map(|i| i.rel) == p.rel {
            self.select_claim(p.claim);
        }
    }

    /// Recomputes the selected actor's visible relations, keeping `keep`
    /// selected when it is still visible.
    pub(super) fn refresh_relations(&mut self, keep: Option<RelIx>) {
        let a = self.actors.sel;
        let counts = &self.counts;
        let chart = &self.chart;
        self.rels.clear();
        if a < chart.dossier.actors.len() {
            self.rels
                .extend(chart.incident(a).filter(|i| counts.relation_visible(i.rel)));
        }
        let actors = &chart.dossier.actors;
        // Strongest first: corroborated, single source, assessment only;
        // then by reporting sources and claims; outgoing before incoming.
        self.rels.sort_by(|x, y| {
            let key = |i: &Incident| (counts.rank_key(i.rel), !i.outgoing);
            key(x)
                .cmp(&key(y))
                .then_with(|| actors[x.other].name.cmp(&actors[y.other].name))
                .then(x.rel.cmp(&y.rel))
        });
        self.rel = Cursor::default();
        if let Some(k) = keep
            && let Some(i) = self.rels.iter().position(|i| i.rel == k)
        {
            self.rel.sel = i;
        }
        self.refresh_claims(None);
    }

    pub(super) fn refresh_claims(&mut self, keep: Option<usize>) {
        self.claims.clear();
        if let Some(inc) = self.selected_relation() {
            let n = self.chart.relation(inc.rel).claims.len();
            let (chart, filter) = (&self.chart, &self.filter);
            self.claims
                .extend((0..n).filter(|&c| filter.claim_visible(chart, inc.rel, c)));
        }
        self.claim = 0;
        self.claim_scroll = 0;
        if let Some(k) = keep
            && let Some(i) = self.claims.iter().position(|&c| c == k)
        {
            self.select_claim(i);
        }
    }

    pub(super) fn select_claim(&mut self, i: usize) {
        self.claim = i.min(self.claims.len().saturating_sub(1));
        // Bring the selected card into view.
        let width = self
            .areas()
            .and_then(|a| a.claims)
            .map_or(0, |r| layout::inner(r).width);
        let rows = self.pane_rows(Pane::Claims);
        if width == 0 || rows == 0 {
            return;
        }
        let (top, bottom) = super::view::claims::card_span(self, self.claim, width);
        if top < self.claim_scroll || bottom - top > rows {
            self.claim_scroll = top;
        } else if bottom > self.claim_scroll + rows {
            self.claim_scroll = bottom - rows;
        }
    }

    pub(super) fn fix_scroll(&mut self) {
        let n_actors = self.chart.dossier.actors.len();
        self.actors.clamp(n_actors);
        let rows = self.pane_rows(Pane::Actors);
        self.actors.scroll_into_view(rows, n_actors);
        let rows = self.pane_rows(Pane::Relations);
        self.rel.scroll_into_view(rows, self.rels.len());
        // Clamp the claims scroll only while the pane is shown: a terminal
        // shrunk below the minimum and back keeps its place.
        if let Some(r) = self.areas().and_then(|a| a.claims) {
            let width = layout::inner(r).width;
            let total = super::view::claims::total_lines(self, width);
            let rows = layout::inner(r).height as usize;
            self.claim_scroll = self.claim_scroll.min(total.saturating_sub(rows));
            // Keep the selected card on screen (after a resize, say).
            let (top, bottom) = super::view::claims::card_span(self, self.claim, width);
            if bottom <= self.claim_scroll || top >= self.claim_scroll + rows.max(1) {
                self.claim_scroll = top;
            }
        }
        self.fix_timeline_scroll();
        let overlay_rows = self.overlay_rows();
        let help_lines = match self.overlay {
            Overlay::Help { .. } => super::view::help::line_count(self),
            _ => 0,
        };
        match &mut self.overlay {
            Overlay::Find(f) | Overlay::Pick(f) => {
                f.cur.clamp(f.hits.len());
                f.cur.scroll_into_view(overlay_rows, f.hits.len());
            }
            Overlay::Sources(s) => {
                let n = self.chart.dossier.sources.len();
                s.cur.clamp(n);
                s.cur.scroll_into_view(overlay_rows, n);
            }
            Overlay::Help { scroll } => {
                *scroll = (*scroll).min(help_lines.saturating_sub(overlay_rows));
            }
            Overlay::Problems(p) => {
                let n = self.live.problems().len();
                p.cur.clamp(n);
                p.cur.scroll_into_view(overlay_rows, n);
            }
            Overlay::None => {}
        }
    }

    fn update_find(&mut self, action: Action) {
        let page = self.overlay_rows().saturating_sub(2);
        let picking = matches!(self.overlay, Overlay::Pick(_));
        let (Overlay::Find(f) | Overlay::Pick(f)) = &mut self.overlay else {
            return;
        };
        let mut requery = false;
        match action {
            Action::Cancel => self.overlay = Overlay::None,
            Action::Input(c) => {
                f.query.push(c);
                requery = true;
            }
            Action::DeleteChar => {
                f.query.pop();
                requery = true;
            }
            Action::ClearQuery => {
                f.query.clear();
                requery = true;
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => {
                f.cur.apply(action, f.hits.len(), page);
            }
            Action::Confirm => {
                if f.pending {
                    // Enter beat the background searcher: answer this query
                    // now rather than jump to a hit of an older one.
                    self.run_query(true);
                }
                let (Overlay::Find(f) | Overlay::Pick(f)) = &self.overlay else {
                    return;
                };
                let target = f
                    .hits
                    .get(f.cur.sel)
                    .map(|h| self.search.candidates[h.candidate].target);
                self.overlay = Overlay::None;
                match (target, picking) {
                    (Some(Target::Actor(to)), true) => self.show_path(self.actors.sel, to, false),
                    (Some(t), false) => self.jump(t),
                    _ => self.message = Some("nothing found".into()),
                }
            }
            _ => {}
        }
        if requery {
            self.requery();
        }
    }

    /// Reruns the open find or pick query (after typing or a filter change):
    /// by asking the background searcher when there is one.
    pub(super) fn requery(&mut self) {
        self.run_query(self.searcher.is_none());
    }

    /// Runs the open query: `at_once` here, otherwise in the background.
    fn run_query(&mut self, at_once: bool) {
        let actors_only = matches!(self.overlay, Overlay::Pick(_));
        let (Overlay::Find(f) | Overlay::Pick(f)) = &mut self.overlay else {
            return;
        };
        if !at_once
            && let Some(searcher) = &self.searcher
            && !f.query.trim().is_empty()
        {
            self.search_generation += 1;
            f.pending = true;
            searcher.request(SearchRequest {
                generation: self.search_generation,
                query: f.query.clone(),
                actors_only,
                filter: self.filter.clone(),
                counts: Arc::clone(&self.counts),
                limit: FIND_LIMIT,
            });
            return;
        }
        f.hits = if actors_only {
            self.search.search_actors(&f.query, FIND_LIMIT)
        } else {
            self.search.search(
                &self.chart,
                &self.filter,
                &self.counts,
                &f.query,
                FIND_LIMIT,
            )
        };
        f.pending = false;
        f.cur = Cursor::default();
    }

    /// Starts the background searcher; `done` must hand its results back
    /// through [`Model::search_done`].
    pub fn search_in_background(&mut self, done: impl Fn(u64, Vec<Hit>) + Send + Sync + 'static) {
        let done: super::live::SearchDone = Arc::new(done);
        self.live.search_done = Some(super::live::SearchDoneFn(Arc::clone(&done)));
        self.searcher = Some(Searcher::spawn(
            self.search.clone(),
            Arc::clone(&self.chart),
            move |g, h| done(g, h),
        ));
    }

    /// Results of a background query; those of a stale one are dropped.
    pub fn search_done(&mut self, generation: u64, hits: Vec<Hit>) {
        if generation != self.search_generation {
            return;
        }
        if let Overlay::Find(f) | Overlay::Pick(f) = &mut self.overlay {
            f.hits = hits;
            f.pending = false;
            f.cur = Cursor::default();
        }
        self.fix_scroll();
    }

    /// Goes to what a find hit points at.
    pub fn jump(&mut self, target: Target) {
        let place = match target {
            Target::Actor(a) => Place {
                actor: a,
                rel: None,
                claim: 0,
                focus: Pane::Actors,
            },
            Target::Relation(r) | Target::Claim(r, _) => {
                let claim = match target {
                    Target::Claim(_, c) => self.claims_index_in(r, c),
                    _ => 0,
                };
                Place {
                    actor: self.chart.ends(r).0,
                    rel: Some(r),
                    claim,
                    focus: if matches!(target, Target::Claim(..)) {
                        Pane::Claims
                    } else {
                        Pane::Relations
                    },
                }
            }
            Target::Source(s) => {
                self.overlay = Overlay::Sources(SourcesState {
                    cur: Cursor { sel: s, offset: 0 },
                });
                return;
            }
        };
        self.go(place);
    }

    /// The position of claim `c` among relation `r`'s visible claims.
    pub(super) fn claims_index_in(&self, r: RelIx, c: usize) -> usize {
        (0..c)
            .filter(|&i| self.filter.claim_visible(&self.chart, r, i))
            .count()
    }

    fn update_sources(&mut self, action: Action) {
        let n = self.chart.dossier.sources.len();
        let page = self.overlay_rows().saturating_sub(1);
        let Overlay::Sources(s) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => self.overlay = Overlay::None,
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Edit => {
                let sel = s.cur.sel;
                self.edit_source(sel);
            }
            Action::Toggle => {
                let mut f = self.filter.clone();
                if let Some(on) = f.sources.get_mut(s.cur.sel) {
                    *on = !*on;
                }
                self.set_filter(f);
            }
            Action::ToggleAll => {
                let mut f = self.filter.clone();
                let all = f.sources.iter().all(|&b| b);
                f.sources.iter_mut().for_each(|b| *b = !all);
                self.set_filter(f);
            }
            _ => {
                s.cur.apply(action, n, page);
            }
        }
    }

    /// Replaces the filter and recomputes everything that depends on it.
    pub fn set_filter(&mut self, filter: Filter) {
        let old = std::mem::replace(&mut self.filter, filter);
        self.apply_filter(&old);
    }

    fn apply_filter(&mut self, old: &Filter) {
        Arc::make_mut(&mut self.counts).update(&self.chart, old, &self.filter);
        let rel = self.selected_relation().map(|i| i.rel);
        let claim = self.selected_claim().map(|(_, c)| c);
        let (rel_sel, focus) = (self.rel.sel, self.focus);
        self.refresh_relations(rel);
        if rel.is_some() && self.selected_relation().map(|i| i.rel) == rel {
            self.refresh_claims(claim);
        } else {
            // The selected relation disappeared: stay near where it was.
            self.rel.sel = rel_sel.min(self.rels.len().saturating_sub(1));
            self.refresh_claims(None);
        }
        self.focus = focus;
        if let Some(p) = &self.path {
            // Paths use only visible relations: find them again.
            let (from, to, directed) = (p.from, p.to, p.directed);
            self.show_path(from, to, directed);
            self.focus = focus;
        }
        self.refresh_timeline();
        self.requery();
    }

    fn update_help(&mut self, action: Action) {
        let page = self.overlay_rows().saturating_sub(1);
        let Overlay::Help { scroll } = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => self.overlay = Overlay::None,
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += page.max(1),
            Action::PageUp => *scroll = scroll.saturating_sub(page.max(1)),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = usize::MAX / 2,
            _ => {}
        }
    }
}
