//! "Changed since": the chart as it was at a git revision, and what changed
//! from it to the chart shown, by place in the chart shown (the marks on
//! actors, relations and claims, and the claims removed from each
//! relation, and the relations removed from each actor). A reload compares
//! the new chart with the same old one.

use std::collections::HashMap;
use std::sync::Arc;

use crate::dossier::diff::{Change, ChartDiff, ClaimChange, Marks, RelationChange, diff};
use ratatui::style::Style;

use super::theme::Theme;
use crate::graph::{ActorIx, Chart, RelIx};

#[derive(Debug)]
pub struct Changes {
    /// The revision as given (`HEAD~1`, made inert: it is shown) and the
    /// commit it named at start.
    pub rev: String,
    pub commit: String,
    /// The chart at the revision.
    pub old: Arc<Chart>,
    pub diff: ChartDiff,
    pub marks: Marks,
    /// Per actor of the chart shown: it changed, or a relation of it did
    /// (or was removed).
    pub touched: Vec<bool>,
    /// Per actor of the chart shown: its relations removed since the
    /// revision (entries in `diff.relations`), listed after its others.
    pub gone: HashMap<ActorIx, Vec<usize>>,
    /// Per relation removed (entry in `diff.relations`): its claims
    /// (entries in `diff.claims`), in the old order.
    pub gone_claims: HashMap<usize, Vec<usize>>,
    /// The actors with a change, in order: what the actors pane lists
    /// while `only` is on.
    pub actor_rows: Vec<ActorIx>,
    /// `C`: the panes keep only what changed.
    pub only: bool,
}

impl Changes {
    /// What changed from `old` (at `rev`, commit `commit`) to `new`.
    pub fn new(rev: String, commit: String, old: Arc<Chart>, new: &Chart) -> Changes {
        let mut c = Changes {
            rev: crate::sanitize::sanitize(&rev).replace('\n', " "),
            commit,
            old,
            diff: ChartDiff::default(),
            marks: Marks::default(),
            touched: Vec::new(),
            gone: HashMap::new(),
            gone_claims: HashMap::new(),
            actor_rows: Vec::new(),
            only: false,
        };
        c.compare(new);
        c
    }

    /// Compares the old chart with `new` again (after a reload).
    pub fn compare(&mut self, new: &Chart) {
        self.diff = diff(&self.old.dossier, &new.dossier);
        self.marks = Marks::of(&self.diff, &new.dossier);
        let mut touched: Vec<bool> = self.marks.actors.iter().map(Option::is_some).collect();
        for (r, m) in self.marks.relations.iter().enumerate() {
            if m.is_some() {
                let (a, b) = new.ends(r);
                for x in [a, b] {
                    if let Some(t) = touched.get_mut(x) {
                        *t = true;
                    }
                }
            }
        }
        // A relation removed entirely: listed with the ends still there.
        self.gone.clear();
        self.gone_claims.clear();
        let mut by_old_rel = HashMap::new();
        for (k, r) in self.diff.relations.iter().enumerate() {
            if r.change != Change::Removed {
                continue;
            }
            if let Some(o) = r.old {
                by_old_rel.insert(o, k);
            }
            let from = new.actor_ix(&r.from);
            let to = new.actor_ix(&r.to).filter(|&b| Some(b) != from);
            for a in [from, to].into_iter().flatten() {
                self.gone.entry(a).or_default().push(k);
                if let Some(t) = touched.get_mut(a) {
                    *t = true;
                }
            }
        }
        for (c, claim) in self.diff.claims.iter().enumerate() {
            if claim.change == Change::Removed
                && claim.new_rel.is_none()
                && let Some(&k) = claim.old.and_then(|at| by_old_rel.get(&at.rel))
            {
                self.gone_claims.entry(k).or_default().push(c);
            }
        }
        self.actor_rows = (0..touched.len()).filter(|&a| touched[a]).collect();
        self.touched = touched;
    }

    /// The relations of actor `a` removed since the revision (entries in
    /// `diff.relations`).
    pub fn gone(&self, a: ActorIx) -> &[usize] {
        self.gone.get(&a).map_or(&[], Vec::as_slice)
    }

    /// Removed relation `k` (an entry in `diff.relations`).
    pub fn gone_relation(&self, k: usize) -> Option<&RelationChange> {
        self.diff.relations.get(k)
    }

    /// The claims of removed relation `k`, in the old order.
    pub fn gone_claims(&self, k: usize) -> impl Iterator<Item = &ClaimChange> {
        self.gone_claims
            .get(&k)
            .into_iter()
            .flatten()
            .map(|&c| &self.diff.claims[c])
    }

    pub fn actor(&self, a: ActorIx) -> Option<Change> {
        self.marks.actors.get(a).copied().flatten()
    }

    pub fn relation(&self, r: RelIx) -> Option<Change> {
        self.marks.relations.get(r).copied().flatten()
    }

    /// The change of claim `c` of relation `r`, when it was added or changed.
    pub fn claim(&self, r: RelIx, c: usize) -> Option<&ClaimChange> {
        let at = crate::dossier::diff::ClaimAt { rel: r, claim: c };
        self.marks.claims.get(&at).map(|&k| &self.diff.claims[k])
    }

    /// The claims removed from relation `r`, in the old order.
    pub fn removed(&self, r: RelIx) -> impl Iterator<Item = &ClaimChange> {
        self.marks
            .removed
            .get(&r)
            .into_iter()
            .flatten()
            .map(|&k| &self.diff.claims[k])
    }

    /// The title bar's words: `since HEAD~1: claims +2 ~1 −1 · actors +1`,
    /// or `since HEAD~1: no changes`; short, only the first kind of item
    /// that changed (`since HEAD~1: claims +2 ~1 −1 …`).
    pub fn summary(&self, short: bool) -> String {
        let t = self.diff.tallies();
        let parts = t.phrases(" ", " ", |n, c| {
            let sign = match c {
                Change::Added => "+",
                Change::Changed => "~",
                Change::Removed => "−",
            };
            format!("{sign}{n}")
        });
        let rev = &self.rev;
        match parts.as_slice() {
            [] => format!("since {rev}: no changes"),
            [first, _, ..] if short => format!("since {rev}: {first} …"),
            _ => format!("since {rev}: {}", parts.join(" · ")),
        }
    }
}

/// The mark of a change in a list: `+` added, `~` changed, and `•` for an
/// actor that is the same but has a relation that changed.
pub fn mark(change: Option<Change>, touched: bool) -> &'static str {
    match change {
        Some(Change::Added) => "+",
        Some(Change::Changed) => "~",
        Some(Change::Removed) => "−",
        None if touched => "•",
        None => " ",
    }
}

/// The style of a mark: added, removed, or changed (also for an actor whose
/// relations changed).
pub fn mark_style(t: &Theme, change: Option<Change>) -> Style {
    match change {
        Some(Change::Added) => t.added,
        Some(Change::Removed) => t.removed,
        _ => t.changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{BUNDLED, Dossier, load_str};
    use crate::tui::model::live::Fresh;
    use crate::tui::model::state::Model;
    use crate::tui::model::theme::Theme;

    fn bundled() -> Dossier {
        load_str("t.ron", BUNDLED).unwrap().dossier
    }

    /// The model of `now`, marked against `then`.
    fn model(then: Dossier, now: Dossier) -> Model {
        let mut m = Model::new(Chart::new(now), None, Theme::mono(), 100, 30);
        m.live.files = vec!["t.ron".into()];
        let old = Arc::new(Chart::new(then));
        m.changes = Some(Changes::new(
            "HEAD~1".into(),
            "abc1234".into(),
            old,
            &m.chart,
        ));
        m
    }

    fn reload(m: &mut Model, d: Dossier) {
        let fresh = Fresh::against(Arc::clone(&m.chart), Chart::new(d), Vec::new());
        m.take_reload(&["t.ron".into()], Ok(fresh));
    }

    fn tallies(m: &Model) -> crate::dossier::diff::Tallies {
        m.changes.as_ref().unwrap().diff.tallies()
    }

    #[test]
    fn marks_follow_reloads_against_the_same_revision() {
        let then = bundled();
        let mut m = model(then.clone(), then.clone());
        assert!(m.changes.as_ref().unwrap().diff.is_empty());
        // A save regrades a claim: one change since the revision.
        let mut now = then.clone();
        now.relations[0].claims[0].credibility = Some(1);
        reload(&mut m, now.clone());
        assert_eq!(tallies(&m).claims.changed, 1);
        assert_eq!(
            m.changes.as_ref().unwrap().relation(0),
            Some(Change::Changed)
        );
        // Another save adds an actor: both changes, still against the
        // revision (not against the last save).
        now.actors.push(crate::dossier::Actor {
            id: "NEW".into(),
            name: "Newcomer".into(),
            kind: crate::dossier::ActorKind::Person,
            aliases: None,
            note: None,
        });
        reload(&mut m, now);
        let t = tallies(&m);
        assert_eq!((t.claims.changed, t.actors.added), (1, 1));
        // The save that undoes it all: nothing changed since the revision.
        reload(&mut m, then);
        assert!(m.changes.as_ref().unwrap().diff.is_empty());
    }

    #[test]
    fn only_what_changed_keeps_its_rows_across_a_reload() {
        let then = bundled();
        let mut now = then.clone();
        now.relations[3].claims[0].credibility = Some(1);
        let (a, b) = {
            let c = Chart::new(now.clone());
            c.ends(3)
        };
        let mut m = model(then, now.clone());
        m.toggle_changed();
        assert_eq!(m.actor_count(), if a == b { 1 } else { 2 });
        assert!([a, b].contains(&m.selected_actor()));
        assert!(
            m.rels
                .iter()
                .all(|i| m.changes.as_ref().unwrap().relation(i.rel).is_some())
        );
        // A reload that changes nothing more keeps the list and the place.
        let before = m.selected_actor();
        reload(&mut m, now);
        assert!(m.actor_rows().is_some());
        assert_eq!(m.selected_actor(), before);
    }
    #[test]
    fn a_removed_relation_stays_selected_under_filters_and_c() {
        let then = bundled();
        let mut now = then.clone();
        let gone = now.relations.remove(0);
        let mut m = model(then, now);
        let a = m.chart.actor_ix(&gone.from).unwrap();
        let c = m.changes.as_ref().unwrap();
        let k = c.gone(a)[0];
        assert_eq!(c.gone_claims(k).count(), gone.claims.len());
        assert!(c.touched[a]);
        m.set_actor(a);
        m.refresh_relations(None);
        assert!(m.select_gone(k));
        assert_eq!(m.selected_relation(), None);
        // A filter that hides live relations keeps the removed one.
        let mut f = m.filter.clone();
        f.min_credibility = Some(3);
        m.set_filter(f);
        assert_eq!(m.selected_gone(), Some(k));
        m.toggle_changed();
        assert_eq!((m.selected_actor(), m.selected_gone()), (a, Some(k)));
    }
}
