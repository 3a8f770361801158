//! Measuring the chart as filtered, for the measures view and the path
//! view's brokers: the quick measures at once, betweenness and closeness
//! by the background searches (in the terminal) or at once (headless; for
//! the path view alone, only on a small chart), all of it again when the
//! filter or the chart changes.

use std::sync::Arc;
use std::time::Duration;

use super::measures::{Analysis, MeasuresDoneFn, MeasuresState};
use super::state::Model;
use crate::analysis::{Control, Measure, MeasureGraph, Paths, Scores, background, ranking};

/// How often running searches have their progress drawn.
const TICK: Duration = Duration::from_millis(100);
/// Searches over a graph this small (nodes × edges) run at once even in
/// the terminal: they take a few milliseconds.
const AT_ONCE: usize = 2_000_000;
/// The share of the actors that count as brokers: those with the highest
/// betweenness (above 0).
const BROKERS: f64 = 0.1;

impl Model {
    /// Opens the measures view, ranked by betweenness, in place of the
    /// timeline.
    pub fn open_measures(&mut self) {
        self.timeline = None;
        self.measures = Some(MeasuresState::new(Measure::Betweenness));
        // Measured already, or being measured: only the path view's
        // measuring may have left the long searches out.
        let measured = self
            .analysis
            .as_ref()
            .is_some_and(|a| a.job.is_some() || a.scores.betweenness.len() == a.graph.node_count());
        if measured {
            self.rank_measures();
        } else {
            self.refresh_analysis();
        }
    }

    /// Ranks the view by the next measure, the selected actor kept.
    pub fn next_measure(&mut self) {
        if let Some(v) = &mut self.measures {
            v.measure = v.measure.next();
            self.rank_measures();
        }
    }

    /// Starts measuring again (after the filter or the chart changed): any
    /// searches still running are stopped, and nothing is measured unless
    /// the measures view or the path view is open.
    pub fn refresh_analysis(&mut self) {
        if let Some(job) = self.analysis.take().and_then(|a| a.job) {
            job.cancel();
        }
        if self.measures.is_none() && self.path.is_none() {
            return;
        }
        self.analysis_generation += 1;
        let generation = self.analysis_generation;
        let graph = Arc::new(MeasureGraph::new(&self.chart, &self.counts));
        let mut a = Analysis {
            scores: Scores::quick(&graph),
            graph: Arc::clone(&graph),
            job: None,
            generation,
            broker_min: None,
        };
        let small = graph.node_count() * graph.edge_count() <= AT_ONCE;
        match &self.measurer {
            Some(MeasuresDoneFn(done)) if !small => {
                let control = Arc::new(Control::new());
                a.job = Some(Arc::clone(&control));
                let done = Arc::clone(done);
                background::spawn(graph, control, TICK, move |p| done(generation, p));
            }
            // Without a thread to hand them to (headless), the searches
            // run at once when they are quick or the measures view asks
            // for them; a large chart's path view marks no brokers rather
            // than stall the key that opened it.
            _ if small || self.measures.is_some() => {
                let paths = crate::analysis::shortest_paths(&graph, &Control::new());
                a.take(paths.unwrap_or_default());
            }
            _ => {}
        }
        self.analysis = Some(a);
        self.rank_measures();
    }

    /// Closes the measures view; searches still running stop unless the
    /// path view waits for them (finished scores are kept for next time).
    pub fn close_measures(&mut self) {
        self.measures = None;
        self.stop_analysis_unless_needed();
    }

    /// Stops searches that neither the measures view nor the path view
    /// needs any more.
    pub fn stop_analysis_unless_needed(&mut self) {
        let running = self.analysis.as_ref().is_some_and(|a| a.job.is_some());
        if running && self.measures.is_none() && self.path.is_none() {
            self.refresh_analysis();
        }
    }

    /// Measures the chart if nothing is measured yet (the path view opens).
    pub fn ensure_analysis(&mut self) {
        if self.analysis.is_none() {
            self.refresh_analysis();
        }
    }

    /// A message from the background searches: their progress (`None`) or
    /// their scores. False for those of a computation since replaced, which
    /// are dropped.
    pub fn take_measures(&mut self, generation: u64, paths: Option<Paths>) -> bool {
        let Some(a) = &mut self.analysis else {
            return false;
        };
        if a.generation != generation || a.job.is_none() {
            return false;
        }
        if let Some(p) = paths {
            a.take(p);
            self.rank_measures();
        }
        true
    }

    /// Orders the measures view by its measure (by degree while that is
    /// being computed), keeping the selected actor selected.
    pub fn rank_measures(&mut self) {
        let (Some(a), Some(v)) = (&self.analysis, &mut self.measures) else {
            return;
        };
        let keep = v.selected();
        let (scores, ranked) = match a.scores.get(v.measure) {
            Some(s) => (s, true),
            None => (a.scores.degree.as_slice(), false),
        };
        v.order = ranking(&self.chart, scores);
        v.ranked = ranked;
        v.cur.sel = keep
            .and_then(|k| v.order.iter().position(|&x| x == k))
            .unwrap_or(0);
    }
}

impl Analysis {
    /// Takes the searches' scores; works out who counts as a broker.
    fn take(&mut self, p: Paths) {
        self.scores.betweenness = p.betweenness;
        self.scores.closeness = p.closeness;
        self.job = None;
        let mut on_chains: Vec<f64> = self
            .scores
            .betweenness
            .iter()
            .copied()
            .filter(|&b| b > 0.0)
            .collect();
        on_chains.sort_by(|a, b| b.total_cmp(a));
        let k = ((self.graph.node_count() as f64 * BROKERS).ceil() as usize).max(1);
        self.broker_min = on_chains.get(k.min(on_chains.len()).max(1) - 1).copied();
    }
}
