//! The explorer's model and its one mutator, `update`.
//!
//! Everything the screen shows is derived from this model; views read it and
//! never change it. Nothing here touches a terminal, so tests, benchmarks and
//! the headless `render` command drive it exactly as the app does.

use serde::Deserialize;

use super::action::Action;
use super::keymap::{Key, Keymap, Mode};
use super::layout::{self, Areas};
use super::theme::Theme;
use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, Incident, RelIx};
use crate::search::{Hit, SearchIndex, Target};

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
    pub sel: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SourcesState {
    pub sel: usize,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Find(FindState),
    Sources(SourcesState),
    Help { scroll: usize },
}

/// A cursor into a list, with the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub sel: usize,
    pub offset: usize,
}

impl Cursor {
    fn clamp(&mut self, len: usize) {
        self.sel = self.sel.min(len.saturating_sub(1));
    }

    /// Keeps the selection within `height` rows of the offset.
    fn scroll_into_view(&mut self, height: usize, len: usize) {
        let height = height.max(1);
        if self.sel < self.offset {
            self.offset = self.sel;
        } else if self.sel >= self.offset + height {
            self.offset = self.sel + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    fn apply(&mut self, action: Action, len: usize, page: usize) {
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

/// Find results kept: what fits on the largest screen, no more.
pub const FIND_LIMIT: usize = 200;

#[derive(Debug)]
pub struct Model {
    pub chart: Chart,
    pub search: SearchIndex,
    pub keymap: Keymap,
    pub theme: Theme,
    pub filter: Filter,
    pub counts: Counts,
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
    pub width: u16,
    pub height: u16,
    /// A one-line note for the status bar, cleared by the next key.
    pub message: Option<String>,
    pub quit: bool,
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
        let counts = Counts::compute(&chart, &filter);
        let search = SearchIndex::new(&chart);
        let mut m = Model {
            chart,
            search,
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
            width,
            height,
            message: None,
            quit: false,
        };
        m.refresh_relations(None);
        m.history.push(m.place());
        m
    }

    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::None => Mode::Main,
            Overlay::Find(_) => Mode::Find,
            Overlay::Sources(_) => Mode::Sources,
            Overlay::Help { .. } => Mode::Help,
        }
    }

    pub fn areas(&self) -> Option<Areas> {
        layout::areas(
            ratatui::layout::Rect::new(0, 0, self.width, self.height),
            self.focus,
        )
    }

    /// Rows inside `pane` (0 when it is not shown).
    fn pane_rows(&self, pane: Pane) -> usize {
        self.areas()
            .and_then(|a| a.pane(pane))
            .map_or(0, |r| layout::inner(r).height as usize)
    }

    fn overlay_rows(&self) -> usize {
        // Overlays have a border and a header line.
        self.areas().map_or(0, |a| {
            layout::inner(a.overlay).height.saturating_sub(1) as usize
        })
    }

    pub fn selected_actor(&self) -> ActorIx {
        self.actors.sel
    }

    pub fn selected_relation(&self) -> Option<Incident> {
        self.rels.get(self.rel.sel).copied()
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
            },
        }
        self.fix_scroll();
    }

    fn update_main(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp => self.move_cursor(action),
            Action::NextPane | Action::PaneRight => self.focus = self.focus.step(1),
            Action::PrevPane | Action::PaneLeft => self.focus = self.focus.step(-1),
            Action::Follow => self.follow(),
            Action::Back | Action::HistoryBack => self.history_step(-1),
            Action::HistoryForward => self.history_step(1),
            Action::Find => self.overlay = Overlay::Find(FindState::default()),
            Action::Sources => self.overlay = Overlay::Sources(SourcesState::default()),
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            _ => {}
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
                let before = self.rel.sel;
                self.rel.apply(action, self.rels.len(), page);
                if self.rel.sel != before {
                    self.refresh_claims(None);
                }
            }
            Pane::Claims => match action {
                // Pages scroll the text; the other moves go claim by claim.
                Action::PageDown => self.claim_scroll += page.max(1),
                Action::PageUp => self.claim_scroll = self.claim_scroll.saturating_sub(page.max(1)),
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
    fn refresh_relations(&mut self, keep: Option<RelIx>) {
        let a = self.actors.sel;
        let counts = &self.counts;
        let chart = &self.chart;
        self.rels.clear();
        if a < chart.dossier.actors.len() {
            self.rels
                .extend(chart.incident(a).filter(|i| counts.relation_visible(i.rel)));
        }
        let actors = &chart.dossier.actors;
        self.rels.sort_by(|x, y| {
            (counts.rel_sources[y.rel], counts.rel_claims[y.rel])
                .cmp(&(counts.rel_sources[x.rel], counts.rel_claims[x.rel]))
                .then(y.outgoing.cmp(&x.outgoing))
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

    fn refresh_claims(&mut self, keep: Option<usize>) {
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

    fn select_claim(&mut self, i: usize) {
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

    fn fix_scroll(&mut self) {
        let n_actors = self.chart.dossier.actors.len();
        self.actors.clamp(n_actors);
        let rows = self.pane_rows(Pane::Actors);
        self.actors.scroll_into_view(rows, n_actors);
        let rows = self.pane_rows(Pane::Relations);
        self.rel.scroll_into_view(rows, self.rels.len());
        let total = self.areas().and_then(|a| a.claims).map_or(0, |r| {
            super::view::claims::total_lines(self, layout::inner(r).width)
        });
        let rows = self.pane_rows(Pane::Claims);
        self.claim_scroll = self.claim_scroll.min(total.saturating_sub(rows));
        let overlay_rows = self.overlay_rows();
        let help_lines = match self.overlay {
            Overlay::Help { .. } => super::view::help::line_count(self),
            _ => 0,
        };
        match &mut self.overlay {
            Overlay::Find(f) => {
                let mut c = Cursor {
                    sel: f.sel,
                    offset: f.offset,
                };
                c.clamp(f.hits.len());
                c.scroll_into_view(overlay_rows.saturating_sub(1), f.hits.len());
                (f.sel, f.offset) = (c.sel, c.offset);
            }
            Overlay::Sources(s) => {
                let n = self.chart.dossier.sources.len();
                let mut c = Cursor {
                    sel: s.sel,
                    offset: s.offset,
                };
                c.clamp(n);
                c.scroll_into_view(overlay_rows, n);
                (s.sel, s.offset) = (c.sel, c.offset);
            }
            Overlay::Help { scroll } => {
                *scroll = (*scroll).min(help_lines.saturating_sub(overlay_rows));
            }
            Overlay::None => {}
        }
    }

    fn update_find(&mut self, action: Action) {
        let page = self.overlay_rows().saturating_sub(2);
        let Overlay::Find(f) = &mut self.overlay else {
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
                let mut c = Cursor {
                    sel: f.sel,
                    offset: f.offset,
                };
                c.apply(action, f.hits.len(), page);
                f.sel = c.sel;
            }
            Action::Confirm => {
                let target = f
                    .hits
                    .get(f.sel)
                    .map(|h| self.search.candidates[h.candidate].target);
                self.overlay = Overlay::None;
                match target {
                    Some(t) => self.jump(t),
                    None => self.message = Some("nothing found".into()),
                }
            }
            _ => {}
        }
        if requery && let Overlay::Find(f) = &mut self.overlay {
            f.hits = self.search.search(
                &self.chart,
                &self.filter,
                &self.counts,
                &f.query,
                FIND_LIMIT,
            );
            f.sel = 0;
            f.offset = 0;
        }
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
                self.overlay = Overlay::Sources(SourcesState { sel: s, offset: 0 });
                return;
            }
        };
        self.go(place);
    }

    /// The position of claim `c` among relation `r`'s visible claims.
    fn claims_index_in(&self, r: RelIx, c: usize) -> usize {
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
            Action::Toggle => {
                let sel = s.sel;
                if let Some(on) = self.filter.sources.get_mut(sel) {
                    *on = !*on;
                }
                self.apply_filter();
            }
            Action::ToggleAll => {
                let all = self.filter.sources.iter().all(|&b| b);
                self.filter.sources.iter_mut().for_each(|b| *b = !all);
                self.apply_filter();
            }
            _ => {
                let mut c = Cursor {
                    sel: s.sel,
                    offset: s.offset,
                };
                c.apply(action, n, page);
                s.sel = c.sel;
            }
        }
    }

    /// Replaces the filter and recomputes everything that depends on it.
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.apply_filter();
    }

    fn apply_filter(&mut self) {
        self.counts = Counts::compute(&self.chart, &self.filter);
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
        if let Overlay::Find(f) = &mut self.overlay {
            f.hits = self.search.search(
                &self.chart,
                &self.filter,
                &self.counts,
                &f.query,
                FIND_LIMIT,
            );
        }
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
