//! The graph the measures use: undirected and simple, over every actor.
//!
//! Held as compressed sparse rows: `targets[offsets[v]..offsets[v + 1]]`
//! are the neighbours of node `v`, ascending, each once. Node `v` is actor
//! `v` of the chart. Breadth-first searches over these two flat arrays of
//! `u32` are what makes betweenness fast; the same arrays serve every other
//! measure.

use petgraph::graph::{NodeIndex, UnGraph};

use crate::filter::Counts;
use crate::graph::Chart;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureGraph {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl MeasureGraph {
    /// The graph of the relations visible under `counts`: one node per
    /// actor of the chart, one edge per pair of actors with a visible
    /// relation between them.
    pub fn new(chart: &Chart, counts: &Counts) -> MeasureGraph {
        let visible = (0..chart.dossier.relations.len()).filter(|&r| counts.relation_visible(r));
        MeasureGraph::from_edges(chart.dossier.actors.len(), visible.map(|r| chart.ends(r)))
    }

    /// The simple graph on nodes `0..n` with these edges: direction,
    /// repeats and self-loops are dropped. Ends out of range are skipped.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> MeasureGraph {
        let mut pairs: Vec<(u32, u32)> = edges
            .into_iter()
            .filter(|&(a, b)| a != b && a < n && b < n)
            .map(|(a, b)| (a.min(b) as u32, a.max(b) as u32))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; n + 1];
        for &(a, b) in &pairs {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut next: Vec<u32> = offsets[..n].to_vec();
        let mut targets = vec![0u32; 2 * pairs.len()];
        // Pairs sorted by (low, high): each node's lower neighbours come in
        // ascending order from the pairs where it is high, its higher ones
        // from those where it is low; two passes keep every list sorted.
        for &(a, b) in &pairs {
            targets[next[b as usize] as usize] = a;
            next[b as usize] += 1;
        }
        for &(a, b) in &pairs {
            targets[next[a as usize] as usize] = b;
            next[a as usize] += 1;
        }
        MeasureGraph { offsets, targets }
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Undirected edges.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// The neighbours of `v`, ascending.
    pub fn neighbors(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }

    pub fn degree(&self, v: usize) -> usize {
        (self.offsets[v + 1] - self.offsets[v]) as usize
    }

    /// Every edge once, as `(low, high)`, in ascending order.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.node_count()).flat_map(move |a| {
            self.neighbors(a)
                .iter()
                .map(|&b| b as usize)
                .filter(move |&b| b > a)
                .map(move |b| (a, b))
        })
    }

    /// Nodes with at least one edge.
    pub fn connected_nodes(&self) -> usize {
        (0..self.node_count())
            .filter(|&v| self.degree(v) > 0)
            .count()
    }

    /// The same graph as petgraph's, for algorithms written for it.
    pub fn to_petgraph(&self) -> UnGraph<(), ()> {
        let mut g = UnGraph::with_capacity(self.node_count(), self.edge_count());
        for _ in 0..self.node_count() {
            g.add_node(());
        }
        for (a, b) in self.edges() {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
        g
    }

    /// Bytes held by the graph: 4 per node and 8 per edge.
    pub fn memory_bytes(&self) -> usize {
        (self.offsets.capacity() + self.targets.capacity()) * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::MeasureGraph;

    #[test]
    fn simple_undirected_and_sorted() {
        let g =
            MeasureGraph::from_edges(5, [(3, 1), (1, 3), (2, 2), (0, 3), (3, 4), (1, 0), (9, 1)]);
        assert_eq!(g.node_count(), 5);
        assert_eq!(g.edge_count(), 4);
        assert_eq!(g.neighbors(3), &[0, 1, 4]);
        assert_eq!(g.neighbors(1), &[0, 3]);
        assert_eq!(g.neighbors(2), &[] as &[u32]);
        assert_eq!(
            g.edges().collect::<Vec<_>>(),
            [(0, 1), (0, 3), (1, 3), (3, 4)]
        );
        assert_eq!(g.connected_nodes(), 4);
        let p = g.to_petgraph();
        assert_eq!((p.node_count(), p.edge_count()), (5, 4));
    }

    #[test]
    fn empty() {
        let g = MeasureGraph::from_edges(0, []);
        assert_eq!((g.node_count(), g.edge_count()), (0, 0));
        assert_eq!(MeasureGraph::default().node_count(), 0);
    }
}
