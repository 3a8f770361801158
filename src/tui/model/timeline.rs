//! The timeline's state: the visible dated claims of what is selected (an
//! actor with all its relations, or the open path), or of the whole chart,
//! oldest first, with a heading row per year, and the strip chart's bars.
//! The mode that moves through it is `modes/timeline/`.

use super::cursor::Cursor;
use super::path::PathState;
use crate::filter::{Chronology, Filter};
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

    /// Builds the timeline of `scope` under `filter` (`path` is the open
    /// path, for [`TimelineScope::Path`]).
    pub fn build(
        chart: &Chart,
        filter: &Filter,
        path: Option<&PathState>,
        scope: TimelineScope,
    ) -> TimelineState {
        let chronology = match scope {
            TimelineScope::Actor(a) => {
                let rels: Vec<RelIx> = chart.incident(a).map(|i| i.rel).collect();
                Chronology::of(chart, filter, rels)
            }
            TimelineScope::Path => {
                let mut rels: Vec<RelIx> = path
                    .iter()
                    .flat_map(|p| &p.chains)
                    .flat_map(|c| c.hops.iter().map(|h| h.rel))
                    .collect();
                rels.sort_unstable();
                rels.dedup();
                Chronology::of(chart, filter, rels)
            }
            TimelineScope::Chart => Chronology::of(chart, filter, 0..chart.dossier.relations.len()),
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
    pub fn select(&mut self, g: Option<usize>, near: usize) {
        let at = g.and_then(|g| self.rows.iter().position(|r| *r == Row::Claim(g as u32)));
        self.cur.sel = at.unwrap_or(near);
        self.settle(1);
    }

    /// Moves the cursor off a heading row, in direction `dir` (±1) first.
    pub fn settle(&mut self, dir: isize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_label_their_bars() {
        let b = Bins {
            monthly: true,
            start: (2020, 11),
            counts: vec![0; 4],
        };
        assert_eq!(b.label(0), "2020-11");
        assert_eq!(b.label(2), "2021-01");
        assert_eq!(b.index(20210115), 2);
        let y = Bins {
            monthly: false,
            start: (1978, 1),
            counts: vec![0; 43],
        };
        assert_eq!(y.label(42), "2020");
        assert_eq!(y.index(20201210), 42);
    }
}
