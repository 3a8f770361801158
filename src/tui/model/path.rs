//! The path view's state: shortest chains between two actors, one row per
//! hop.

use super::cursor::Cursor;
use crate::graph::ActorIx;
use crate::paths::{Chain, Hop};

/// Chains shown at most in the path view.
pub const PATH_LIMIT: usize = 20;

/// The path view: shortest chains from `from` to `to`.
#[derive(Debug, Clone)]
pub struct PathState {
    pub from: ActorIx,
    pub to: ActorIx,
    pub directed: bool,
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
