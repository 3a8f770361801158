//! The timeline mode: its state, how it is built, and its `update`.
//!
//! The timeline lists the visible dated claims of what is selected (an
//! actor with all its relations, or the open path), or of the whole chart,
//! oldest first, with a heading row per year. `app.rs` dispatches to
//! [`Model::update_timeline`]; the view is `view/timeline.rs`.

use super::action::Action;
use super::app::{Cursor, Effect, Model, Pane, Place};
use crate::dates::{Date, Range};
use crate::filter::Chronology;
use crate::graph::{ActorIx, Chart, RelIx};

/// What a timeline covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineScope {
    /// An actor and all its relations.
    Actor(ActorIx),
    /// The relations of the open path.
    Path,
    /// Every relation.
    Chart,
}

/// A row of the list: a year's heading (with its number of claims), or a
/// claim by global number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Year { year: u16, claims: u32 },
    Claim(u32),
}

/// Claims per bar of the strip chart: per year, or per month when the
/// claims span less than [`MONTHLY_BELOW`] years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bins {
    pub monthly: bool,
    /// The first bar's year and month (month 1 for yearly bars).
    pub start: (u16, u8),
    pub counts: Vec<u32>,
}

/// Spans of fewer years than this are charted per month.
pub const MONTHLY_BELOW: u16 = 4;

impl Bins {
    /// The bar of day `d` (`yyyymmdd`).
    pub fn index(&self, d: u32) -> usize {
        let (y, m) = ((d / 10_000) as i64, (d / 100 % 100) as i64);
        let (sy, sm) = (self.start.0 as i64, self.start.1 as i64);
        let i = if self.monthly {
            (y * 12 + m) - (sy * 12 + sm)
        } else {
            y - sy
        };
        i.max(0) as usize
    }

    /// The label of bar `i`: `1994` or `1994-09`.
    pub fn label(&self, i: usize) -> String {
        if self.monthly {
            let k = self.start.0 as usize * 12 + self.start.1 as usize - 1 + i;
            format!("{:04}-{:02}", k / 12, k % 12 + 1)
        } else {
            format!("{:04}", self.start.0 as usize + i)
        }
    }
}

#[derive(Debug, Clone)]
pub struct TimelineState {
    pub scope: TimelineScope,
    pub chronology: Chronology,
    pub rows: Vec<Row>,
    pub bins: Bins,
    /// How many of the dated claims take their report's date.
    pub report_dated: usize,
    /// Over `rows`; always on a claim row when there is one.
    pub cur: Cursor,
}

impl TimelineState {
    /// The selected claim, by global number.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.cur.sel)? {
            Row::Claim(g) => Some(*g as usize),
            Row::Year { .. } => None,
        }
    }

    /// Builds the timeline of `scope` under the model's filter.
    pub fn build(m: &Model, scope: TimelineScope) -> TimelineState {
        let chart = &m.chart;
        let chronology = match scope {
            TimelineScope::Actor(a) => {
                let rels: Vec<RelIx> = chart.incident(a).map(|i| i.rel).collect();
                Chronology::of(chart, &m.filter, rels)
            }
            TimelineScope::Path => {
                let mut rels: Vec<RelIx> = m
                    .path
                    .iter()
                    .flat_map(|p| &p.chains)
                    .flat_map(|c| c.hops.iter().map(|h| h.rel))
                    .collect();
                rels.sort_unstable();
                rels.dedup();
                Chronology::of(chart, &m.filter, rels)
            }
            TimelineScope::Chart => {
                Chronology::of(chart, &m.filter, 0..chart.dossier.relations.len())
            }
        };
        let rows = rows(chart, &chronology.dated);
        let bins = bins(chart, &chronology);
        let report_dated = chronology
            .dated
            .iter()
            .filter(|&&g| chart.date_from_report(g as usize))
            .count();
        let mut t = TimelineState {
            scope,
            chronology,
            rows,
            bins,
            report_dated,
            cur: Cursor::default(),
        };
        t.settle(1);
        t
    }

    /// Puts the cursor on claim row `g` if it is there, else on the first
    /// claim row at or after `near`.
    fn select(&mut self, g: Option<usize>, near: usize) {
        let at = g.and_then(|g| self.rows.iter().position(|r| *r == Row::Claim(g as u32)));
        self.cur.sel = at.unwrap_or(near);
        self.settle(1);
    }

    /// Moves the cursor off a heading row, in direction `dir` (±1) first.
    fn settle(&mut self, dir: isize) {
        let n = self.rows.len();
        if n == 0 {
            self.cur = Cursor::default();
            return;
        }
        self.cur.sel = self.cur.sel.min(n - 1);
        let is_claim = |i: usize| matches!(self.rows[i], Row::Claim(_));
        let mut i = self.cur.sel as isize;
        while (0..n as isize).contains(&i) && !is_claim(i as usize) {
            i += dir;
        }
        if !(0..n as isize).contains(&i) {
            // Ran off the end: go the other way.
            i = self.cur.sel as isize;
            while (0..n as isize).contains(&i) && !is_claim(i as usize) {
                i -= dir;
            }
        }
        self.cur.sel = i.clamp(0, n as isize - 1) as usize;
    }
}

/// Year headings and claim rows, for claims already in date order.
fn rows(chart: &Chart, dated: &[u32]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(dated.len() + dated.len().min(64));
    let mut heading = usize::MAX;
    for &g in dated {
        let year = chart
            .span_of(g as usize)
            .map_or(0, |s| (s.first / 10_000) as u16);
        match rows.get_mut(heading) {
            Some(Row::Year { year: y, claims }) if *y == year => *claims += 1,
            _ => {
                heading = rows.len();
                rows.push(Row::Year { year, claims: 1 });
            }
        }
        rows.push(Row::Claim(g));
    }
    rows
}

/// Claims per year, or per month over a short span, by each claim's first
/// day.
fn bins(chart: &Chart, c: &Chronology) -> Bins {
    let Some(span) = c.span(chart) else {
        return Bins::default();
    };
    let (fy, ly) = ((span.first / 10_000) as u16, (span.last / 10_000) as u16);
    let monthly = ly - fy + 1 < MONTHLY_BELOW;
    let mut b = Bins {
        monthly,
        start: if monthly {
            (fy, (span.first / 100 % 100) as u8)
        } else {
            (fy, 1)
        },
        counts: Vec::new(),
    };
    b.counts = vec![0; b.index(span.last) + 1];
    for &g in &c.dated {
        if let Some(s) = chart.span_of(g as usize) {
            let i = b.index(s.first);
            b.counts[i] += 1;
        }
    }
    b
}

impl Model {
    /// Opens the timeline of `scope` (the selected claim row first).
    pub(super) fn open_timeline(&mut self, scope: TimelineScope) {
        let t = TimelineState::build(self, scope);
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
    pub(super) fn refresh_timeline(&mut self) {
        let Some(old) = &self.timeline else {
            return;
        };
        let (scope, keep, near) = (old.scope, old.selected(), old.cur.sel);
        let mut t = TimelineState::build(self, scope);
        t.cur.offset = self.timeline.as_ref().map_or(0, |o| o.cur.offset);
        t.select(keep, near);
        self.timeline = Some(t);
    }

    /// Keeps the selected row, expanded, inside the list.
    pub(super) fn fix_timeline_scroll(&mut self) {
        let (Some(areas), Some(t)) = (self.areas(), &self.timeline) else {
            return;
        };
        let (height, extra) = super::view::timeline::list_fit(self, t, areas.timeline);
        let t = self.timeline.as_mut().expect("checked above");
        let len = t.rows.len();
        t.cur.clamp(len);
        t.cur
            .scroll_into_view(height.saturating_sub(extra).max(1), len);
        // The last rows may sit below a tall selected row: let them scroll up.
        t.cur.offset = t.cur.offset.min(len.saturating_sub(1));
    }

    pub(super) fn update_timeline(&mut self, action: Action) {
        let page = self
            .areas()
            .zip(self.timeline.as_ref())
            .map_or(1, |(a, t)| {
                super::view::timeline::list_fit(self, t, a.timeline).0
            })
            .saturating_sub(1);
        let Some(t) = &mut self.timeline else {
            return;
        };
        match action {
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::PageDown
            | Action::PageUp => {
                t.cur.apply(action, t.rows.len(), page);
                let dir = match action {
                    Action::Up | Action::PageUp | Action::Bottom => -1,
                    _ => 1,
                };
                t.settle(dir);
            }
            Action::Cancel => self.timeline = None,
            Action::Timeline => {
                if t.scope == TimelineScope::Chart {
                    let scope = self.selection_scope();
                    self.open_timeline(scope);
                } else {
                    self.timeline = None;
                }
            }
            Action::TimelineAll => {
                if t.scope == TimelineScope::Chart {
                    self.timeline = None;
                } else {
                    self.open_timeline(TimelineScope::Chart);
                }
            }
            Action::Follow => self.timeline_go(),
            Action::RangeStart | Action::RangeEnd => self.range_at_selection(action),
            Action::Briefing => self.request_chronology(),
            _ => self.update_main(action),
        }
    }

    /// `b` in the timeline: what it shows, as the Markdown chronology of
    /// `linkchart timeline` (the same filters), written like a briefing.
    fn request_chronology(&mut self) {
        use crate::export::write::slug;
        use crate::export::{Scope, chronology};
        let Some(t) = &self.timeline else {
            return;
        };
        let d = &self.chart.dossier;
        let (scope, stem) = match (t.scope, &self.path) {
            (TimelineScope::Actor(a), _) => {
                (Scope::Actor { actor: a, depth: 1 }, slug(&d.actors[a].id))
            }
            (TimelineScope::Path, Some(p)) => (
                Scope::Path { chains: &p.chains },
                format!(
                    "{}-{}",
                    slug(&d.actors[p.from].id),
                    slug(&d.actors[p.to].id)
                ),
            ),
            (TimelineScope::Path, None) | (TimelineScope::Chart, _) => {
                (Scope::Dossier, slug(&d.title))
            }
        };
        match chronology(&self.chart, &self.filter, &self.counts, &scope, &self.today) {
            Some(markdown) => self.effects.push(Effect::WriteBriefing {
                stem: format!("{stem}-timeline"),
                markdown,
            }),
            None => self.message = Some("no dated claim to write under the filters".into()),
        }
    }

    /// What `t` shows: the open path, else the selected actor.
    pub(super) fn selection_scope(&self) -> TimelineScope {
        if self.path.is_some() {
            TimelineScope::Path
        } else {
            TimelineScope::Actor(self.actors.sel)
        }
    }

    /// Closes the timeline and goes to the selected claim in its relation.
    fn timeline_go(&mut self) {
        let Some(t) = &self.timeline else {
            return;
        };
        let Some(g) = t.selected() else {
            self.message = Some("no claim selected".into());
            return;
        };
        let (r, c) = self.chart.locate(g);
        let (a, b) = self.chart.ends(r);
        let actor = match t.scope {
            TimelineScope::Actor(x) if x == b => b,
            _ => a,
        };
        self.timeline = None;
        let claim = self.claims_index_in(r, c);
        self.go(Place {
            actor,
            rel: Some(r),
            claim,
            focus: Pane::Claims,
        });
    }

    /// `[` and `]`: the date range starts or ends at the selected claim's
    /// date (at its own precision). An end that would come before the start
    /// (or the reverse) is dropped.
    fn range_at_selection(&mut self, action: Action) {
        let date = self
            .timeline
            .as_ref()
            .and_then(TimelineState::selected)
            .and_then(|g| self.chart.date_of(g))
            .and_then(|d| Date::parse(d.text));
        let Some(date) = date else {
            self.message = Some("no dated claim selected".into());
            return;
        };
        let mut f = self.filter.clone();
        let (mut since, mut until) = (f.dates.since, f.dates.until);
        if action == Action::RangeStart {
            since = Some(date);
            until = until.filter(|&u| Range::new(since, Some(u)).is_ok());
        } else {
            until = Some(date);
            since = since.filter(|&s| Range::new(Some(s), until).is_ok());
        }
        f.dates = Range { since, until };
        self.set_filter(f);
        self.message = Some(format!("date range: {}", self.filter.dates));
    }
}
