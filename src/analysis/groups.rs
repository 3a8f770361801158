//! Groups of actors: Louvain communities of the measure graph, found the
//! same way every time.
//!
//! Louvain (Blondel et al. 2008), as networkx's `louvain_communities` runs
//! it (resolution 1, a level kept while it raises modularity by more than
//! 1e-7), written here because no maintained Rust crate offers it on
//! petgraph or plain arrays: rustworkx-core has no community detection and
//! the Louvain crates on crates.io are unmaintained experiments.
//!
//! networkx visits nodes in a random order; the result depends on its seed.
//! Here the order is fixed: the chart's order, then a few shuffles from
//! fixed seeds, and the partition with the highest modularity wins (the
//! first, on a tie). So the same chart always gives the same groups, and
//! their modularity is at least that of most of networkx's runs (tests and
//! BENCHMARKS.md compare them).

use super::graph::MeasureGraph;
use crate::graph::ActorIx;

/// A partition of every actor into groups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Groups {
    /// Each actor's group, an index into `groups`.
    pub membership: Vec<u32>,
    /// The actors of each group, in chart order; largest group first, ties
    /// by first actor.
    pub groups: Vec<Vec<ActorIx>>,
    /// Modularity of the partition (0 for a graph without edges).
    pub modularity: f64,
}

/// How many orders Louvain runs in: the chart's order and shuffles.
const RUNS: u64 = 8;
/// A level is kept only when it raises modularity by more than this
/// (networkx's `threshold`).
const THRESHOLD: f64 = 1e-7;

/// The Louvain groups of `g`: every node in exactly one group, an isolated
/// node alone in its own.
pub fn groups(g: &MeasureGraph) -> Groups {
    let n = g.node_count();
    let best = if g.edge_count() == 0 {
        (0..n as u32).collect()
    } else {
        let mut best: Option<(f64, Vec<u32>)> = None;
        for run in 0..RUNS {
            let membership = louvain(g, run);
            let q = modularity(g, &membership);
            if best.as_ref().is_none_or(|(b, _)| q > *b) {
                best = Some((q, membership));
            }
        }
        best.map(|(_, m)| m).unwrap_or_default()
    };
    Groups::from_membership(g, &best)
}

impl Groups {
    /// Groups numbered by size (largest first, ties by first actor).
    fn from_membership(g: &MeasureGraph, membership: &[u32]) -> Groups {
        let mut lists: Vec<Vec<ActorIx>> = Vec::new();
        let mut index = vec![u32::MAX; membership.len()];
        for (v, &c) in membership.iter().enumerate() {
            let c = c as usize;
            if index[c] == u32::MAX {
                index[c] = lists.len() as u32;
                lists.push(Vec::new());
            }
            lists[index[c] as usize].push(v);
        }
        // Lists are in order of their first actor; a stable sort by size
        // keeps that order among equals.
        lists.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let mut membership = vec![0u32; g.node_count()];
        for (i, l) in lists.iter().enumerate() {
            for &v in l {
                membership[v] = i as u32;
            }
        }
        Groups {
            modularity: modularity(g, &membership),
            membership,
            groups: lists,
        }
    }
}

/// Newman's modularity of a partition (`membership[v]` is v's group), as
/// networkx's `modularity` with resolution 1; 0 for a graph without edges.
pub fn modularity(g: &MeasureGraph, membership: &[u32]) -> f64 {
    let m = g.edge_count() as f64;
    if m == 0.0 {
        return 0.0;
    }
    let k = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let (mut inside, mut degree) = (vec![0.0; k], vec![0.0; k]);
    for v in 0..g.node_count() {
        let c = membership[v] as usize;
        degree[c] += g.degree(v) as f64;
        for &w in g.neighbors(v) {
            if membership[w as usize] as usize == c && (w as usize) > v {
                inside[c] += 1.0;
            }
        }
    }
    inside
        .iter()
        .zip(&degree)
        .map(|(l, d)| l / m - (d / (2.0 * m)).powi(2))
        .sum()
}

/// A weighted graph of one Louvain level: node v is a group of the level
/// below, with the weight of the edges inside it and its edges to others.
struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// Weight of the edges inside each node.
    inside: Vec<f64>,
    /// Each node's degree, edges inside counted twice.
    degree: Vec<f64>,
}

impl Level {
    fn of(g: &MeasureGraph) -> Level {
        let n = g.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(2 * g.edge_count());
        for v in 0..n {
            targets.extend_from_slice(g.neighbors(v));
            offsets.push(targets.len());
        }
        Level {
            weights: vec![1.0; targets.len()],
            inside: vec![0.0; n],
            degree: (0..n).map(|v| g.degree(v) as f64).collect(),
            offsets,
            targets,
        }
    }

    fn len(&self) -> usize {
        self.degree.len()
    }

    fn edges(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.offsets[v]..self.offsets[v + 1];
        self.targets[r.clone()]
            .iter()
            .map(|&t| t as usize)
            .zip(self.weights[r].iter().copied())
    }

    /// Modularity of the partition of this level's nodes; `m` is the
    /// total edge weight.
    fn modularity(&self, comm: &[u32], m: f64) -> f64 {
        let k = self.len();
        let (mut inside, mut degree) = (vec![0.0; k], vec![0.0; k]);
        for v in 0..k {
            let c = comm[v] as usize;
            inside[c] += self.inside[v];
            degree[c] += self.degree[v];
            for (w, wt) in self.edges(v) {
                if comm[w] as usize == c && w > v {
                    inside[c] += wt;
                }
            }
        }
        inside
            .iter()
            .zip(&degree)
            .map(|(l, d)| l / m - (d / (2.0 * m)).powi(2))
            .sum()
    }

    /// One node per group of `comm` (numbered 0..k in order of first
    /// node): the level above.
    fn aggregate(&self, comm: &[u32], k: usize) -> Level {
        let mut inside = vec![0.0; k];
        let mut degree = vec![0.0; k];
        let mut between: Vec<(u32, u32, f64)> = Vec::new();
        for v in 0..self.len() {
            let c = comm[v];
            inside[c as usize] += self.inside[v];
            degree[c as usize] += self.degree[v];
            for (w, wt) in self.edges(v) {
                let d = comm[w];
                if d == c {
                    if w > v {
                        inside[c as usize] += wt;
                    }
                } else {
                    between.push((c, d, wt));
                }
            }
        }
        between.sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut offsets = vec![0usize; k + 1];
        let mut targets = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        let mut last = None;
        for (a, b, wt) in between {
            if let (Some(w), true) = (weights.last_mut(), last == Some((a, b))) {
                *w += wt;
            } else {
                targets.push(b);
                weights.push(wt);
                offsets[a as usize + 1] += 1;
                last = Some((a, b));
            }
        }
        for c in 0..k {
            offsets[c + 1] += offsets[c];
        }
        Level {
            offsets,
            targets,
            weights,
            inside,
            degree,
        }
    }
}

/// One Louvain run, nodes visited in the chart's order (`run` 0) or a
/// shuffle seeded by `run`; each node's final group.
fn louvain(g: &MeasureGraph, run: u64) -> Vec<u32> {
    let m = g.edge_count() as f64;
    let mut level = Level::of(g);
    // Each actor's node at the current level.
    let mut node_of: Vec<u32> = (0..g.node_count() as u32).collect();
    let mut rng = SplitMix(run);
    let singletons: Vec<u32> = (0..level.len() as u32).collect();
    let mut q = level.modularity(&singletons, m);
    loop {
        let mut order: Vec<usize> = (0..level.len()).collect();
        if run > 0 {
            rng.shuffle(&mut order);
        }
        let (comm, k, moved) = one_level(&level, &order, m);
        if !moved {
            break;
        }
        let new_q = level.modularity(&comm, m);
        for n in node_of.iter_mut() {
            *n = comm[*n as usize];
        }
        if new_q - q <= THRESHOLD {
            break;
        }
        q = new_q;
        level = level.aggregate(&comm, k);
    }
    node_of
}

/// Moves each node to the neighbouring group that raises modularity most,
/// over and over until none moves: each node's group (numbered 0..k in
/// order of first node), k, and whether any node moved.
fn one_level(level: &Level, order: &[usize], m: f64) -> (Vec<u32>, usize, bool) {
    let n = level.len();
    let mut comm: Vec<u32> = (0..n as u32).collect();
    let mut total = level.degree.clone();
    let mut weight_to = vec![0.0; n];
    // `listed[c] == visit` once group c is in `near` for this visit.
    let mut listed = vec![0usize; n];
    let mut visit = 0;
    let mut near: Vec<u32> = Vec::new();
    let mut moved = false;
    let two_m2 = 2.0 * m * m;
    // Each pass raises modularity; the cap guards against rounding
    // making two groups trade a node for ever.
    for _ in 0..1000 {
        let mut moves = 0;
        for &u in order {
            let cu = comm[u] as usize;
            let k = level.degree[u];
            near.clear();
            visit += 1;
            for (v, wt) in level.edges(u) {
                let c = comm[v] as usize;
                if listed[c] != visit {
                    listed[c] = visit;
                    weight_to[c] = 0.0;
                    near.push(c as u32);
                }
                weight_to[c] += wt;
            }
            let own = if listed[cu] == visit {
                weight_to[cu]
            } else {
                0.0
            };
            total[cu] -= k;
            let remove = -own / m + total[cu] * k / two_m2;
            let (mut best, mut best_gain) = (cu, 0.0);
            for &c in &near {
                let c = c as usize;
                let gain = remove + weight_to[c] / m - total[c] * k / two_m2;
                if gain > best_gain {
                    (best, best_gain) = (c, gain);
                }
            }
            total[best] += k;
            if best != cu {
                comm[u] = best as u32;
                moves += 1;
            }
        }
        if moves == 0 {
            break;
        }
        moved = true;
    }
    // Renumber 0..k in order of first node.
    let mut number = vec![u32::MAX; n];
    let mut k = 0;
    for c in comm.iter_mut() {
        let slot = &mut number[*c as usize];
        if *slot == u32::MAX {
            *slot = k;
            k += 1;
        }
        *c = *slot;
    }
    (comm, k as usize, moved)
}

/// SplitMix64, for shuffles that are the same on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two triangles joined by one edge, and an isolated node.
    #[test]
    fn two_triangles() {
        let g =
            MeasureGraph::from_edges(7, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]);
        let gr = groups(&g);
        assert_eq!(gr.groups, vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert_eq!(gr.membership, [0, 0, 0, 1, 1, 1, 2]);
        // Each triangle: 3/7 inside, degree 7 of 14.
        let q = 2.0 * (3.0 / 7.0 - 0.25);
        assert!((gr.modularity - q).abs() < 1e-12, "{}", gr.modularity);
    }

    #[test]
    fn no_edges_every_actor_alone() {
        let g = MeasureGraph::from_edges(3, []);
        let gr = groups(&g);
        assert_eq!(gr.groups, vec![vec![0], vec![1], vec![2]]);
        assert_eq!(gr.modularity, 0.0);
        assert_eq!(groups(&MeasureGraph::default()), Groups::default());
    }

    #[test]
    fn modularity_of_one_group() {
        let g = MeasureGraph::from_edges(3, [(0, 1), (1, 2)]);
        assert!(modularity(&g, &[0, 0, 0]).abs() < 1e-12);
    }
}
