//! The analysis measures' state: the scores of the chart as filtered
//! ([`Analysis`], which the measures view and the path view's brokers read)
//! and the measures view's own ([`MeasuresState`]). The operations on them
//! are in `analysis.rs`; the mode that moves through the view,
//! `modes/measures/`.

use std::fmt;
use std::sync::Arc;

use super::cursor::Cursor;
use crate::analysis::{Control, Measure, MeasureGraph, Paths, Scores};
use crate::graph::ActorIx;

/// The scores of the graph of the relations visible under the filter.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub graph: Arc<MeasureGraph>,
    /// Degree, eigenvector and pagerank at once; betweenness and closeness
    /// once their searches are done (empty until then).
    pub scores: Scores,
    /// The searches for betweenness and closeness, while they run.
    pub job: Option<Arc<Control>>,
    /// Which computation these scores belong to: a result for another is
    /// dropped.
    pub generation: u64,
    /// The lowest betweenness that makes a broker: the actors in the top
    /// tenth by betweenness, those on no shortest chain between others
    /// aside (`None` until betweenness is known, or when none lies on one).
    pub broker_min: Option<f64>,
}

impl Analysis {
    /// Searches done so far and to do, while they run.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let job = self.job.as_ref()?;
        Some((job.done(), self.graph.node_count()))
    }

    /// Whether actor `a` is a broker (see [`Analysis::broker_min`]).
    pub fn is_broker(&self, a: ActorIx) -> bool {
        let b = &self.scores.betweenness;
        self.broker_min
            .is_some_and(|min| b.get(a).is_some_and(|&x| x > 0.0 && x >= min))
    }
}

/// The measures view: every actor ranked by one measure.
#[derive(Debug, Clone)]
pub struct MeasuresState {
    pub measure: Measure,
    /// Actors best first by `measure`; by degree while it is computed.
    pub order: Vec<ActorIx>,
    /// Whether `order` is by `measure` (false: by degree, meanwhile).
    pub ranked: bool,
    pub cur: Cursor,
}

impl MeasuresState {
    pub fn new(measure: Measure) -> MeasuresState {
        MeasuresState {
            measure,
            order: Vec::new(),
            ranked: false,
            cur: Cursor::default(),
        }
    }

    pub fn selected(&self) -> Option<ActorIx> {
        self.order.get(self.cur.sel).copied()
    }
}

/// The callback that hands background searches back to the loop: a
/// generation, and `None` while they run (time to draw their progress) or
/// their scores.
pub type MeasuresDone = Arc<dyn Fn(u64, Option<Paths>) + Send + Sync>;

/// [`MeasuresDone`], with a name for `Debug`.
#[derive(Clone)]
pub struct MeasuresDoneFn(pub MeasuresDone);

impl fmt::Debug for MeasuresDoneFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MeasuresDoneFn")
    }
}
