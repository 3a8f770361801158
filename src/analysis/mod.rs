//! Social-network measures of the chart as filtered: who is central, who
//! brokers between camps, which actors form groups.
//!
//! The measures work on one graph ([`MeasureGraph`]): every actor of the
//! chart is a node, and two actors are joined by one undirected edge when at
//! least one relation between them has a visible claim under the filters
//! (parallel relations count once, a self-relation not at all). Each score
//! is the one networkx computes with its defaults, so that anyone can check
//! it (see [`Measure`]); groups are Louvain communities ([`groups`]).
//!
//! This layer sits above `filter` (it measures what the filters keep) and
//! below the explorer and the command line.

pub mod background;
mod centrality;
mod graph;
mod groups;
mod measure;

pub use centrality::{
    Control, Paths, degree, eigenvector, pagerank, shortest_paths, shortest_paths_memory,
};
pub use graph::MeasureGraph;
pub use groups::{Groups, groups, modularity};
pub use measure::{Measure, Scores, ranking, score_key, score_text};
