//! The edit loop in the model: asking for the editor, and swapping a
//! reloaded chart in without losing the analyst's place.

use std::path::PathBuf;
use std::sync::Arc;

use super::effect::Effect;
use super::keep;
use super::keymap::Keymap;
use super::live::{BUNDLED_NOTE, EditTarget, Reloaded, SearchDoneFn};
use super::overlay::{Overlay, ProblemsState};
use super::state::Model;
use super::theme::Theme;
use crate::dossier::{Diagnostic, Dossier};
use crate::filter::Counts;
use crate::graph::Chart;
use crate::search::{LazyIndex, Searcher};

impl Model {
    /// What the explorer shows while `files` (called `name`) have never
    /// loaded: no chart, only their `problems` in the list, which stays open
    /// until a load succeeds and the terminal swaps the real model in. The
    /// files are watched (with `watch`), `e` opens the editor at a problem
    /// and `R` loads them again.
    pub fn unopened(
        name: &str,
        theme: Theme,
        keymap: Keymap,
        files: Vec<std::path::PathBuf>,
        watch: bool,
        problems: Vec<Diagnostic>,
    ) -> Model {
        let nothing = Dossier {
            title: name.to_string(),
            ..Dossier::default()
        };
        let mut m = Model::new(Chart::new(nothing), None, theme, 80, 24);
        m.keymap = keymap;
        m.live.files = files;
        m.live.watch = watch;
        m.live.unopened = true;
        m.overlay = Overlay::Problems(ProblemsState::default());
        m.take_reload(&[], Err(problems));
        m.message = Some(m.live.unopened_note(name));
        m
    }

    /// Asks for the editor at `target`; on the bundled dossier, says why not.
    pub fn edit(&mut self, target: EditTarget) {
        if self.live.files.is_empty() && matches!(target, EditTarget::Item(_)) {
            self.message = Some(BUNDLED_NOTE.into());
        } else {
            self.effects.push(Effect::Edit(target));
        }
    }

    /// A reload finished: swap the new chart in where the analyst was, or
    /// keep the last good one and show what is wrong. (`Model::reloaded`
    /// does this, then scrolls.)
    pub fn take_reload(&mut self, changed: &[PathBuf], result: Reloaded) {
        let names = crate::dossier::watch::dossier_names(changed);
        match result {
            Err(mut diags) => {
                diags.sort_by_key(|d| !d.is_error());
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let gone = diags.iter().all(|d| d.message.starts_with("no such file"));
                self.live.broken = diags;
                self.message = Some(if self.live.unopened {
                    self.live.unopened_note(&names)
                } else if gone {
                    format!("{names} is gone (deleted or moved) · showing the last good version")
                } else {
                    format!(
                        "{names}: {errors} error{} · showing the last good version",
                        if errors == 1 { "" } else { "s" }
                    )
                });
            }
            Ok(fresh) => {
                let was_broken = !self.live.broken.is_empty();
                self.live.broken.clear();
                self.live.warnings = fresh.warnings;
                // Matched against another chart than the one shown (never,
                // as only reloads replace it): match again here.
                let (map, what) = if Arc::ptr_eq(&fresh.prev, &self.chart) {
                    (fresh.map, fresh.summary)
                } else {
                    let map = keep::remap(&self.chart, &fresh.chart);
                    let what = keep::summary(&self.chart, &fresh.chart, &map);
                    (map, what)
                };
                drop(fresh.prev);
                self.swap_chart(fresh.chart, &map);
                self.message = Some(format!(
                    "reloaded {names}: {what}{}",
                    if was_broken { " · fixed" } else { "" }
                ));
                self.select_pending();
            }
        }
        if let Overlay::Problems(_) = self.overlay
            && self.live.problems().is_empty()
        {
            self.overlay = Overlay::None;
        }
    }

    /// Replaces the chart with `new`, where `map` finds the old chart's
    /// things, keeping the analyst's place.
    pub fn swap_chart(&mut self, new: Arc<Chart>, map: &keep::Remap) {
        let old = Arc::clone(&self.chart);
        // Where the analyst is, in the old chart's terms.
        let focus = self.focus;
        let old_actor = self.selected_actor();
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
            .map(|p| (p.from, p.to, p.directed, p.longer, p.cur.sel));

        self.filter = keep::filter_again(&self.filter, map, &new);
        self.counts = Arc::new(Counts::compute(&new, &self.filter));
        self.chart = new;
        // The marks: the new chart against the same revision.
        if let Some(c) = &mut self.changes {
            c.compare(&self.chart);
        }
        let old_search =
            std::mem::replace(&mut self.search, LazyIndex::new(Arc::clone(&self.chart)));
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
        self.set_actor(
            keep::nearest(&map.actors, old_actor)
                .unwrap_or(0)
                .min(n_actors.saturating_sub(1)),
        );
        self.actors.offset = actors_offset;
        let new_rel = old_rel.and_then(|r| map.rels.get(r).copied().flatten());
        self.path = None;
        // The measures view keeps its actor; the new chart is measured.
        if let Some(v) = &mut self.measures {
            let sel = v
                .selected()
                .and_then(|a| map.actors.get(a).copied().flatten());
            v.order = sel.into_iter().collect();
            v.cur.sel = 0;
        }
        self.refresh_analysis();
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
                self.rel.sel = rel_sel.min(self.rel_rows().saturating_sub(1));
                self.rel.offset = rel_offset;
                self.refresh_claims(None);
            }
            _ => {}
        }
        self.focus = focus;
        if let Some((from, to, directed, longer, sel)) = path {
            let (f, t) = (
                map.actors.get(from).copied().flatten(),
                map.actors.get(to).copied().flatten(),
            );
            if let (Some(f), Some(t)) = (f, t) {
                self.show_path(f, t, directed, longer);
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
        // A large chart takes a while to free: not on the input thread.
        std::thread::spawn(move || drop((old, old_search)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{BUNDLED, Diagnostic, Dossier, Item, Place, load_str};
    use crate::tui::model::keymap::parse_keys;
    use crate::tui::model::live::Fresh;
    use crate::tui::model::pane::Pane;
    use crate::tui::model::theme::Theme;

    fn dossier() -> Dossier {
        load_str("t.ron", BUNDLED).unwrap().dossier
    }

    fn model(keys: &str) -> Model {
        let mut m = Model::new(Chart::new(dossier()), None, Theme::mono(), 100, 30);
        m.live.files = vec!["t.ron".into()];
        press(&mut m, keys);
        m
    }

    fn press(m: &mut Model, keys: &str) {
        for k in parse_keys(keys).unwrap() {
            m.handle_key(k);
        }
    }

    /// Reloads `m` with `d` as a save of t.ron would.
    fn reload(m: &mut Model, d: Dossier) {
        let fresh = Fresh::against(Arc::clone(&m.chart), Chart::new(d), Vec::new());
        m.reloaded(&["t.ron".into()], Ok(fresh));
    }

    /// The editor was asked for at t.ron:50:19, the problem's place.
    fn assert_edits_at_the_problem(m: &Model) {
        assert_eq!(
            m.effects,
            [Effect::Edit(EditTarget::At(Place {
                path: "t.ron".into(),
                line: 50,
                col: 19
            }))]
        );
    }

    fn claim_text(m: &Model) -> String {
        let (r, c) = m.selected_claim().expect("a claim is selected");
        m.chart.claim(r, c).text.clone()
    }

    #[test]
    fn a_moved_claim_stays_selected_in_the_same_pane() {
        let mut m = model("l l j");
        assert_eq!(m.focus, Pane::Claims);
        let (r, c) = m.selected_claim().unwrap();
        let text = claim_text(&m);
        let mut d = dossier();
        d.relations[r].claims.swap(c, 0);
        reload(&mut m, d);
        assert_eq!(m.focus, Pane::Claims);
        assert_eq!(m.selected_claim(), Some((r, 0)));
        assert_eq!(claim_text(&m), text);
        assert_eq!(
            m.message.as_deref(),
            Some("reloaded t.ron: details changed")
        );
    }

    #[test]
    fn an_edited_claim_is_shown_where_it_was_with_what_changed() {
        let mut m = model("l l j");
        let (r, c) = m.selected_claim().unwrap();
        let mut d = dossier();
        d.relations[r].claims[c].text = "corrected".into();
        let mut extra = d.relations[r].claims[0].clone();
        extra.text = "new one".into();
        d.relations[r].claims.push(extra.clone());
        extra.text = "and another".into();
        d.relations[r].claims.push(extra);
        reload(&mut m, d);
        assert_eq!(m.selected_claim(), Some((r, c)));
        assert_eq!(claim_text(&m), "corrected");
        assert_eq!(
            m.message.as_deref(),
            Some("reloaded t.ron: +2 claims, 1 claim changed")
        );
    }

    #[test]
    fn a_removed_relation_falls_back_to_its_neighbour() {
        let mut m = model("l j");
        let before = m.rel.sel;
        let r = m.selected_relation().unwrap().rel;
        let mut d = dossier();
        d.relations.remove(r);
        reload(&mut m, d);
        assert_eq!(m.focus, Pane::Relations);
        assert_eq!(m.rel.sel, before.min(m.rels.len() - 1));
        assert!(m.message.as_deref().unwrap().contains("1 relation removed"));
        // History still works: back to the start, forward again.
        press(&mut m, "Enter H");
        assert_eq!(m.actors.sel, 0);
        press(&mut m, "L");
        assert_ne!(m.actors.sel, 0);
    }

    #[test]
    fn a_removed_actor_falls_back_to_the_next_one() {
        let mut m = model("j j");
        let next_id = m.chart.dossier.actors[3].id.clone();
        let gone = m.chart.dossier.actors[2].id.clone();
        let mut d = dossier();
        d.relations.retain(|r| r.from != gone && r.to != gone);
        d.actors.remove(2);
        reload(&mut m, d);
        assert_eq!(m.chart.dossier.actors[m.actors.sel].id, next_id);
        assert!(m.message.as_deref().unwrap().contains("1 actor removed"));
    }

    #[test]
    fn a_source_filter_follows_sources_by_id() {
        let mut m = model("");
        let mut f = m.filter.clone();
        f.sources.iter_mut().for_each(|b| *b = false);
        f.sources[1] = true;
        m.set_filter(f);
        let kept = m.chart.dossier.sources[1].id.clone();
        // A new source first in the list: the selection moves with the id.
        let mut d = dossier();
        let mut s = d.sources[0].clone();
        s.id = "first-now".into();
        d.sources.insert(0, s);
        reload(&mut m, d);
        let on: Vec<&str> = (0..m.filter.sources.len())
            .filter(|&i| m.filter.sources[i])
            .map(|i| m.chart.dossier.sources[i].id.as_str())
            .collect();
        assert_eq!(on, [kept.as_str()]);
        assert!(m.message.as_deref().unwrap().contains("+1 source"));
    }

    #[test]
    fn a_broken_save_keeps_the_chart_and_the_fix_clears_the_bar() {
        let mut m = model("l j");
        let place = m.place();
        let err = Diagnostic::error("t.ron", "unknown value `Humn`").at(50, 19);
        m.reloaded(&["t.ron".into()], Err(vec![err.clone()]));
        assert!(m.live.bar_shown());
        assert_eq!(m.live.problems(), [err]);
        assert_eq!(m.place(), place);
        press(&mut m, "E");
        assert!(matches!(m.overlay, Overlay::Problems(_)));
        press(&mut m, "Enter");
        assert_edits_at_the_problem(&m);
        reload(&mut m, dossier());
        assert!(!m.live.bar_shown());
        assert!(
            matches!(m.overlay, Overlay::None),
            "the list closes when empty"
        );
        assert_eq!(
            m.message.as_deref(),
            Some("reloaded t.ron: no change · fixed")
        );
        assert_eq!(m.place(), place);
    }

    #[test]
    fn the_path_view_is_found_again() {
        let mut m = model("/dubai Enter p united Enter");
        let p = m.path.as_ref().expect("a path is shown");
        let (from, to) = (p.from, p.to);
        reload(&mut m, dossier());
        let p = m.path.as_ref().expect("the path is still shown");
        assert_eq!((p.from, p.to), (from, to));
        assert!(!p.chains.is_empty());
    }

    #[test]
    fn e_asks_for_the_selected_thing_and_the_bundled_dossier_says_no() {
        let mut m = model("l l j e");
        let (rel, claim) = m.selected_claim().unwrap();
        assert_eq!(
            m.effects,
            [Effect::Edit(EditTarget::Item(Item::Claim { rel, claim }))]
        );
        m.effects.clear();
        m.live.files.clear();
        press(&mut m, "e");
        assert!(m.effects.is_empty());
        assert_eq!(m.message.as_deref(), Some(BUNDLED_NOTE));
    }

    #[test]
    fn a_chart_not_yet_opened_is_its_problems_list_under_every_key() {
        use crate::tui::model::keymap::{Keymap, Mode};
        use crate::tui::render::render_text;
        let problems = vec![
            Diagnostic::error("t.ron", "unknown value `Humn`").at(50, 19),
            Diagnostic::warning("t.ron", "B has no relations").at(9, 3),
        ];
        let fresh = || {
            Model::unopened(
                "t.ron",
                Theme::mono(),
                Keymap::default(),
                vec!["t.ron".into()],
                true,
                problems.clone(),
            )
        };
        let m = fresh();
        assert!(matches!(m.overlay, Overlay::Problems(_)));
        assert!(!m.live.bar_shown(), "the list, not the bar");
        assert_eq!(
            m.message.as_deref(),
            Some("t.ron: 1 error · the chart opens as soon as a save fixes it")
        );
        // Every key of every mode, at every size, draws and never panics;
        // the list stays until the quit key.
        let keys: Vec<_> = Mode::ALL
            .iter()
            .flat_map(|&mode| Keymap::default().bindings(mode).to_vec())
            .flat_map(|b| b.keys)
            .collect();
        for (w, h) in [(80, 24), (100, 30), (40, 10), (20, 5)] {
            let mut m = fresh();
            m.update(crate::tui::model::Action::Resize(w, h));
            for &k in &keys {
                if k == crate::tui::model::keymap::Key::char('q') || k.ctrl {
                    continue;
                }
                m.handle_key(k);
                let _ = render_text(&m);
                assert!(!m.quit, "{k:?} quit");
                assert!(
                    matches!(m.overlay, Overlay::Problems(_)),
                    "{k:?} closed the list"
                );
            }
            let screen = render_text(&m);
            if w >= 80 {
                assert!(screen.contains("Problems · 1 error, 1 warning"), "{screen}");
                assert!(screen.contains("q: quit"), "{screen}");
                assert!(screen.contains("not opened yet"), "{screen}");
                assert!(!screen.contains("Actors"), "no chart behind: {screen}");
            }
        }
        // Esc says why the list stays; q quits.
        let mut m = fresh();
        press(&mut m, "Esc");
        assert!(
            m.message
                .as_deref()
                .unwrap()
                .contains("no chart to go back to")
        );
        press(&mut m, "q");
        assert!(m.quit);
        // `e` asks for the editor at the problem.
        let mut m = fresh();
        press(&mut m, "e");
        assert_edits_at_the_problem(&m);
    }
}
