//! The path view's state: the strongest chains between two actors, the
//! shortest or up to a few hops longer, one row per hop.

use super::cursor::Cursor;
use crate::graph::ActorIx;
use crate::paths::{Chain, Hop};

/// Chains shown at most in the path view.
pub const PATH_LIMIT: usize = 20;
/// Hops longer than the shortest that chains may be, at most.
pub const MAX_LONGER: usize = 3;

/// The path view: the chains from `from` to `to`, strongest first.
#[derive(Debug, Clone)]
pub struct PathState {
    pub from: ActorIx,
    pub to: ActorIx,
    pub directed: bool,
    /// How many hops longer than the shortest chains may be.
    pub longer: usize,
    pub chains: Vec<Chain>,
    /// One row per hop: `(chain, hop)`.
    pub rows: Vec<(usize, usize)>,
    pub cur: Cursor,
}

impl PathState {
    pub fn hop(&self) -> Option<Hop> {
        let &(c, h) = self.rows.get(self.cur.sel)?;
        Some(self.chains[c].hops[h])
    }
}
