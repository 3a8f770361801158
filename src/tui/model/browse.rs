//! Browsing the chart: the model built, then the selection moved and what
//! hangs on it worked out again (relations, claims, the path view, the
//! timeline), and the history of places.

use std::sync::Arc;

use super::cards::card_span;
use super::cursor::Cursor;
use super::keymap::Keymap;
use super::layout;
use super::overlay::{Overlay, SourcesState};
use super::pane::{Pane, Place};
use super::path::{PATH_LIMIT, PathState};
use super::state::Model;
use super::text::one_line;
use super::theme::Theme;
use super::timeline::{TimelineScope, TimelineState};
use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, Incident, RelIx};
use crate::paths;
use crate::search::{LazyIndex, Target};

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
            measures: None,
            analysis: None,
            analysis_generation: 0,
            measurer: None,
            today: crate::export::today(),
            effects: Vec::new(),
            width,
            height,
            message: None,
            quit: false,
            live: Default::default(),
            captures: Vec::new(),
            pending: None,
            saving: None,
            changes: None,
        };
        m.refresh_relations(None);
        m.history.push(m.place());
        m
    }

    /// Moves to `to`, remembering where we were.
    pub fn go(&mut self, to: Place) {
        self.history[self.history_pos] = self.place();
        self.history.truncate(self.history_pos + 1);
        self.restore(to);
        self.history.push(self.place());
        self.history_pos = self.history.len() - 1;
    }

    /// Goes `by` places back (negative) or forward in history.
    pub fn history_step(&mut self, by: isize) {
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
        // Searches for the path view's brokers alone stop with it.
        self.stop_analysis_unless_needed();
        self.set_actor(
            p.actor
                .min(self.chart.dossier.actors.len().saturating_sub(1)),
        );
        self.focus = p.focus;
        self.refresh_relations(p.rel);
        if p.rel.is_some() && self.selected_relation().map(|i| i.rel) == p.rel {
            self.select_claim(p.claim);
        }
    }

    /// Selects actor `a` in the actors pane. While only what changed is
    /// shown, an actor without changes shows every actor again.
    pub fn set_actor(&mut self, a: ActorIx) {
        if let Some(c) = &mut self.changes
            && c.only
        {
            match c.actor_rows.iter().position(|&x| x == a) {
                Some(row) => {
                    self.actors.sel = row;
                    return;
                }
                None => {
                    c.only = false;
                    self.message = Some("showing every actor: this one has no changes".into());
                }
            }
        }
        self.actors.sel = a;
    }

    /// `C`: shows only the actors and relations with changes, or all again.
    pub fn toggle_changed(&mut self) {
        let a = self.selected_actor();
        let Some(c) = &mut self.changes else {
            self.message =
                Some("no revision to compare with: start with --changed-since REV".into());
            return;
        };
        if !c.only && c.actor_rows.is_empty() {
            self.message = Some(format!("nothing changed since {}", one_line(&c.rev)));
            return;
        }
        c.only = !c.only;
        let only = c.only;
        let rel = self.selected_relation().map(|i| i.rel);
        let gone = self.selected_gone();
        let rows = self.actor_rows().map(<[ActorIx]>::to_vec);
        self.actors.offset = 0;
        self.actors.sel = match rows {
            // The selected actor, or the first with a change.
            Some(rows) => rows.iter().position(|&x| x == a).unwrap_or(0),
            None => a,
        };
        self.refresh_relations(rel);
        if let Some(k) = gone {
            self.select_gone(k);
        }
        self.message = Some(if only {
            "only what changed (C: everything)".into()
        } else {
            "everything (C: only what changed)".into()
        });
    }

    /// Recomputes the selected actor's visible relations, keeping `keep`
    /// selected when it is still visible.
    pub fn refresh_relations(&mut self, keep: Option<RelIx>) {
        let a = self.selected_actor();
        let counts = &self.counts;
        let chart = &self.chart;
        let changed = self.changes.as_ref().filter(|c| c.only);
        self.rels.clear();
        if a < chart.dossier.actors.len() {
            self.rels.extend(chart.incident(a).filter(|i| {
                counts.relation_visible(i.rel)
                    && changed.is_none_or(|c| c.relation(i.rel).is_some())
            }));
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

    /// Selects removed relation `k` (an entry in the diff's relations)
    /// among the selected actor's rows, when it is one of them.
    pub fn select_gone(&mut self, k: usize) -> bool {
        let Some(row) = self.gone_rels().iter().position(|&x| x == k) else {
            return false;
        };
        self.rel.sel = self.rels.len() + row;
        self.refresh_claims(None);
        true
    }

    pub fn refresh_claims(&mut self, keep: Option<usize>) {
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

    pub fn select_claim(&mut self, i: usize) {
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
        let (top, bottom) = card_span(self, self.claim, width);
        if top < self.claim_scroll || bottom - top > rows {
            self.claim_scroll = top;
        } else if bottom > self.claim_scroll + rows {
            self.claim_scroll = bottom - rows;
        }
    }

    /// Opens the path view from `from` to `to`: the strongest chains, at
    /// most `longer` hops longer than the shortest.
    pub fn show_path(&mut self, from: ActorIx, to: ActorIx, directed: bool, longer: usize) {
        let chains = paths::chains(
            &self.chart,
            &self.counts,
            from,
            to,
            directed,
            longer,
            PATH_LIMIT,
        );
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
            longer,
            chains,
            rows,
            cur: Cursor::default(),
        });
        self.focus = Pane::Relations;
        self.refresh_claims(None);
        // Brokers on the chains are marked once betweenness is known.
        self.ensure_analysis();
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
    pub fn claims_index_in(&self, r: RelIx, c: usize) -> usize {
        (0..c)
            .filter(|&i| self.filter.claim_visible(&self.chart, r, i))
            .count()
    }

    /// Opens the timeline of `scope` (the selected claim row first).
    pub fn open_timeline(&mut self, scope: TimelineScope) {
        let t = TimelineState::build(&self.chart, &self.filter, self.path.as_ref(), scope);
        if t.chronology.dated.is_empty() {
            let undated = t.chronology.undated + t.chronology.undated_hidden;
            self.message = Some(if undated > 0 {
                format!("no dated claims here ({undated} undated)")
            } else {
                "no claims here under the current filter".into()
            });
        }
        self.timeline = Some(t);
    }

    /// Builds the open timeline again (after a filter change), keeping the
    /// selected claim when it is still there.
    pub fn refresh_timeline(&mut self) {
        let Some(old) = &self.timeline else {
            return;
        };
        let (scope, keep, near) = (old.scope, old.selected(), old.cur.sel);
        let mut t = TimelineState::build(&self.chart, &self.filter, self.path.as_ref(), scope);
        t.cur.offset = self.timeline.as_ref().map_or(0, |o| o.cur.offset);
        t.select(keep, near);
        self.timeline = Some(t);
    }
}
