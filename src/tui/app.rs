//! The top of the explorer: it only dispatches. A key becomes an action
//! through the keymap, the action goes to the `update` of the mode it was
//! pressed in, then every shown list is kept in view; drawing goes to each
//! mode's view the same way. Effects the updates ask for are left in
//! `Model::effects` for the runner (`terminal`, or `effects::run`).

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::bars;
use super::model::keymap::{Key, Mode};
use super::model::layout;
use super::model::live::Reloaded;
use super::model::{Action, Handled, Model, Overlay};
use super::modes::{find, form, help, main, measures, problems, sources, timeline};
use super::widgets::too_small;
use crate::search::Hit;

/// Kept here for the command line, which finds paths with the path view's
/// limit.
pub use super::model::path::PATH_LIMIT;

impl Model {
    /// Maps a key to an action through the keymap and applies it.
    pub fn handle_key(&mut self, key: Key) {
        let mode = self.mode();
        // Before the chart has opened there is nothing but the problems
        // list, and the explorer's quit key quits from it.
        if self.live.unopened && self.keymap.action(Mode::Main, key) == Some(Action::Quit) {
            self.quit = true;
            return;
        }
        match self.keymap.action(mode, key) {
            Some(a) => self.update(a),
            None if matches!(mode, Mode::Find | Mode::Form) => {
                if let Some(c) = key.typed_char() {
                    self.update(Action::Input(c));
                }
            }
            None => {}
        }
    }

    /// Applies an action: the one way in for keys and terminal events.
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
            _ => {
                let mode = self.mode();
                if update_of(mode)(self, action) == Handled::No && mode != Mode::Main {
                    main::update(self, action);
                }
            }
        }
        self.fix_scroll();
    }

    /// Text pasted into the terminal (bracketed paste): into the form's
    /// field, or find's query; elsewhere it is not taken (each character
    /// would otherwise be a command).
    pub fn paste(&mut self, text: &str) {
        self.message = None;
        match self.mode() {
            Mode::Form => form::paste(self, text),
            Mode::Find => find::paste(self, text),
            _ => self.message = Some("a paste goes into forms and find only".into()),
        }
        self.fix_scroll();
    }

    /// Results of a background query; those of a stale one are dropped.
    pub fn search_done(&mut self, generation: u64, hits: Vec<Hit>) {
        if self.take_hits(generation, hits) {
            self.fix_scroll();
        }
    }

    /// A reload finished: swap the new chart in where the analyst was, or
    /// keep the last good one and show what is wrong.
    pub fn reloaded(&mut self, changed: &[PathBuf], result: Reloaded) {
        self.take_reload(changed, result);
        self.fix_scroll();
    }

    /// Results of the background searches for betweenness and closeness:
    /// their progress (`None`) or their scores. True when the screen
    /// changes; those of a computation since replaced are dropped.
    pub fn measures_done(
        &mut self,
        generation: u64,
        paths: Option<crate::analysis::Paths>,
    ) -> bool {
        let changed = self.take_measures(generation, paths);
        if changed {
            self.fix_scroll();
        }
        changed
    }

    /// Keeps every shown list's selection in view: the panes, the timeline
    /// and the measures view when they are open, then the overlay's list.
    fn fix_scroll(&mut self) {
        main::fix_scroll(self);
        timeline::fix_scroll(self);
        measures::fix_scroll(self);
        match self.mode() {
            Mode::Main | Mode::Timeline | Mode::Form | Mode::Measures => {}
            Mode::Find => find::fix_scroll(self),
            Mode::Sources => sources::fix_scroll(self),
            Mode::Help => help::fix_scroll(self),
            Mode::Problems => problems::fix_scroll(self),
        }
    }
}

/// The dispatch table: each mode's `update`.
fn update_of(mode: Mode) -> fn(&mut Model, Action) -> Handled {
    match mode {
        Mode::Main => main::update,
        Mode::Find => find::update,
        Mode::Sources => sources::update,
        Mode::Help => help::update,
        Mode::Timeline => timeline::update,
        Mode::Problems => problems::update,
        Mode::Form => form::update,
        Mode::Measures => measures::update,
    }
}

/// The screen: the bars, the main panes or the timeline in their place, and
/// the overlay on top, each drawn by its mode's view.
impl Widget for &Model {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let bar = self.live.bar_lines(area.width).len() as u16;
        let Some(areas) = layout::areas_with_bar(area, self.focus, bar) else {
            too_small(area, buf);
            return;
        };
        bars::title(self, areas.title, buf);
        bars::status(self, areas.status, buf);
        if let Some(r) = areas.problems {
            problems::bar(self, r, buf);
        }
        if self.live.unopened {
            // No chart yet: its problems alone.
            if let Overlay::Problems(p) = &self.overlay {
                problems::render(self, p, areas.overlay, buf);
            }
            return;
        }
        if let Some(v) = &self.measures {
            // Over every pane.
            if let Some(r) = measures::view::area(self) {
                measures::render(self, v, r, buf);
            }
        } else if let Some(t) = &self.timeline {
            // In place of the relations and claims panes (of everything
            // when only one pane fits).
            if let Some(r) = areas.actors.filter(|r| !r.intersects(areas.timeline)) {
                main::actors::render(self, r, buf);
            }
            timeline::render(self, t, areas.timeline, buf);
        } else {
            main::render(self, &areas, buf);
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Find(f) => find::render(self, f, " Find", areas.overlay, buf),
            Overlay::Pick(f) => find::render(self, f, " Path to", areas.overlay, buf),
            Overlay::Sources(s) => sources::render(self, s, areas.overlay, buf),
            Overlay::Help { scroll } => help::render(self, *scroll, areas.overlay, buf),
            Overlay::Problems(p) => problems::render(self, p, areas.overlay, buf),
            Overlay::Form(f) => form::render(self, f, areas.overlay, buf),
        }
    }
}
