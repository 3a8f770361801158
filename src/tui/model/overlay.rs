//! The overlays drawn over the panes, each with its state: find (and its
//! twin, picking the other end of a path), sources, help, problems.

use super::cursor::Cursor;
use crate::search::Hit;

/// Find results kept: what fits on the largest screen, no more.
pub const FIND_LIMIT: usize = 200;

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

#[derive(Debug, Clone, Default)]
pub struct ProblemsState {
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
    Problems(ProblemsState),
}
