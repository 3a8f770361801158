//! The three panes of the main screen, and a place in the chart: what
//! history remembers.

use serde::Deserialize;

use crate::graph::{ActorIx, RelIx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Pane {
    Actors,
    Relations,
    Claims,
}

impl Pane {
    const ORDER: [Pane; 3] = [Pane::Actors, Pane::Relations, Pane::Claims];

    /// The pane `by` steps along, wrapping round.
    pub fn step(self, by: isize) -> Pane {
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
