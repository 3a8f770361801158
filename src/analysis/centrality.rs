//! Centrality scores, each as networkx defines it with its defaults.
//!
//! - [`degree`]: `degree_centrality`, a node's neighbours over `n − 1`.
//! - [`shortest_paths`]: `betweenness_centrality` (normalized, endpoints
//!   left out) and `closeness_centrality` (Wasserman–Faust's improved
//!   formula for disconnected graphs), from one breadth-first search per
//!   node (Brandes 2001).
//! - [`eigenvector`]: `eigenvector_centrality`, rustworkx-core's power
//!   iteration on A + I (up to 100 iterations, tolerance 1e-6 × n).
//! - [`pagerank`]: `pagerank`, alpha 0.85, dangling nodes spread evenly,
//!   tolerance 1e-6 × n.
//!
//! Betweenness and closeness are written here rather than taken from
//! rustworkx-core: its versions allocate a list of predecessors per node
//! per search (and a hash map per search for closeness) and can be neither
//! followed nor stopped. These searches run over the flat arrays of
//! [`MeasureGraph`], in parallel (rayon), report each node done to a
//! [`Control`] and stop when it is cancelled, so that the explorer can show
//! progress and start again when a filter changes. BENCHMARKS.md compares
//! both with igraph.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::graph::MeasureGraph;

/// Follows and stops a long computation from another thread.
#[derive(Debug, Default)]
pub struct Control {
    cancelled: AtomicBool,
    done: AtomicUsize,
}

impl Control {
    pub fn new() -> Control {
        Control::default()
    }

    /// Asks the computation to stop; it returns `None` soon after.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Nodes whose search is done so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// `degree_centrality`: each node's degree over `n − 1` (1 for every node
/// of a graph with one node).
pub fn degree(g: &MeasureGraph) -> Vec<f64> {
    let n = g.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    let s = 1.0 / (n as f64 - 1.0);
    (0..n).map(|v| g.degree(v) as f64 * s).collect()
}

/// `pagerank` with networkx's defaults: alpha 0.85, uniform teleport,
/// dangling (isolated) nodes' rank spread evenly, stopping when the L1
/// change falls below `n × 1e-6`. The iteration contracts by alpha, so it
/// always stops within networkx's 100 iterations.
pub fn pagerank(g: &MeasureGraph) -> Vec<f64> {
    const ALPHA: f64 = 0.85;
    const TOL: f64 = 1e-6;
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let p = 1.0 / n as f64;
    let inv_degree: Vec<f64> = (0..n)
        .map(|v| match g.degree(v) {
            0 => 0.0,
            d => 1.0 / d as f64,
        })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&v| g.degree(v) == 0).collect();
    let mut x = vec![p; n];
    let mut share = vec![0.0; n];
    let mut next = vec![0.0; n];
    for _ in 0..100 {
        for v in 0..n {
            share[v] = x[v] * inv_degree[v];
        }
        let lost: f64 = dangling.iter().map(|&v| x[v]).sum();
        let mut err = 0.0;
        for v in 0..n {
            let inflow: f64 = g.neighbors(v).iter().map(|&u| share[u as usize]).sum();
            next[v] = ALPHA * (inflow + lost * p) + (1.0 - ALPHA) * p;
            err += (next[v] - x[v]).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * TOL {
            break;
        }
    }
    x
}

/// `eigenvector_centrality`: `None` when the power iteration does not
/// settle within 100 iterations (where networkx raises
/// `PowerIterationFailedConvergence`), as happens when two parts of a
/// disconnected graph have nearly the same leading eigenvalue.
pub fn eigenvector(g: &MeasureGraph) -> Option<Vec<f64>> {
    if g.node_count() == 0 {
        return Some(Vec::new());
    }
    rustworkx_core::centrality::eigenvector_centrality(
        &g.to_petgraph(),
        |_| Ok::<f64, std::convert::Infallible>(1.0),
        Some(100),
        Some(1e-6),
    )
    .unwrap_or_else(|never| match never {})
}

/// Betweenness and closeness of every node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paths {
    /// `betweenness_centrality(G)`: normalized by `(n − 1)(n − 2)`.
    pub betweenness: Vec<f64>,
    /// `closeness_centrality(G)`: `(r − 1)² / ((n − 1) Σd)` over the `r`
    /// nodes a node reaches, 0 for a node that reaches none.
    pub closeness: Vec<f64>,
}

/// How many parts the sources are shared into, whatever the number of
/// threads: each part sums its own betweenness and the parts are added in
/// order, so the scores do not depend on which thread ran what.
const PARTS: usize = 32;

/// Betweenness and closeness from one breadth-first search per node, over
/// rayon's threads; `None` when `control` was cancelled.
pub fn shortest_paths(g: &MeasureGraph, control: &Control) -> Option<Paths> {
    let n = g.node_count();
    let parts = n.min(PARTS);
    let results: Vec<Option<(Vec<f64>, Vec<f64>)>> = (0..parts)
        .into_par_iter()
        .map(|part| {
            let sources = part * n / parts..(part + 1) * n / parts;
            let mut search = Search::new(g);
            let mut between = vec![0.0; n];
            let mut close = Vec::with_capacity(sources.len());
            for s in sources {
                if control.is_cancelled() {
                    return None;
                }
                close.push(search.run(g, s, &mut between));
                control.tick();
            }
            Some((between, close))
        })
        .collect();
    let mut betweenness = vec![0.0; n];
    let mut closeness = Vec::with_capacity(n);
    for result in results {
        let (between, close) = result?;
        for (sum, b) in betweenness.iter_mut().zip(between) {
            *sum += b;
        }
        closeness.extend(close);
    }
    if n > 2 {
        let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        betweenness.iter_mut().for_each(|b| *b *= scale);
    }
    Some(Paths {
        betweenness,
        closeness,
    })
}

/// Bytes [`shortest_paths`] holds while it runs on `g` with `threads`
/// threads: a search's arrays per thread and each part's sums.
pub fn shortest_paths_memory(g: &MeasureGraph, threads: usize) -> usize {
    let n = g.node_count();
    threads * Search::bytes(n, g.edge_count()) + n.min(PARTS) * n * std::mem::size_of::<f64>()
}

const UNSEEN: u32 = u32::MAX;

/// What a search knows of one node. `value` is σ, the number of shortest
/// paths from the source, until the node's dependency is known; then
/// `(1 + δ) / σ`, which is all that the nodes one step nearer need of it.
/// One slot for both, beside the distance, so that each edge looks at one
/// place in memory.
#[derive(Debug, Clone, Copy)]
struct Slot {
    dist: u32,
    value: f64,
}

/// One thread's arrays for Brandes' searches, reset after each search
/// only where it went.
struct Search {
    slots: Vec<Slot>,
    /// Nodes in the order found: by distance from the source.
    order: Vec<u32>,
    /// The search's shortest-path DAG, written as it is found: the nodes
    /// one step farther than `order[i]` along an edge are
    /// `dag[first[i]..first[i + 1]]`. An edge joins nodes one step apart in
    /// one direction at most, so the DAG has at most one arc per edge; the
    /// way back reads these arcs alone instead of every edge again.
    dag: Vec<u32>,
    first: Vec<u32>,
}

impl Search {
    fn new(g: &MeasureGraph) -> Search {
        let n = g.node_count();
        Search {
            slots: vec![
                Slot {
                    dist: UNSEEN,
                    value: 0.0
                };
                n
            ],
            order: vec![0; n],
            dag: vec![0; g.edge_count()],
            first: vec![0; n + 1],
        }
    }

    fn bytes(n: usize, edges: usize) -> usize {
        n * (std::mem::size_of::<Slot>() + 2 * std::mem::size_of::<u32>())
            + edges * std::mem::size_of::<u32>()
    }

    /// One search from `s`: adds each node's dependency on `s` to
    /// `between` and returns `s`'s closeness.
    fn run(&mut self, g: &MeasureGraph, s: usize, between: &mut [f64]) -> f64 {
        let Search {
            slots,
            order,
            dag,
            first,
        } = self;
        order[0] = s as u32;
        let (mut found, mut arcs) = (1, 0);
        slots[s] = Slot {
            dist: 0,
            value: 1.0,
        };
        let mut total: u64 = 0;
        let mut head = 0;
        while head < found {
            let v = order[head];
            first[head] = arcs as u32;
            head += 1;
            let Slot {
                dist: dv,
                value: sv,
            } = slots[v as usize];
            total += u64::from(dv);
            for &w in g.neighbors(v as usize) {
                let slot = &mut slots[w as usize];
                if slot.dist == UNSEEN {
                    *slot = Slot {
                        dist: dv + 1,
                        value: sv,
                    };
                    order[found] = w;
                    found += 1;
                    dag[arcs] = w;
                    arcs += 1;
                } else if slot.dist == dv + 1 {
                    slot.value += sv;
                    dag[arcs] = w;
                    arcs += 1;
                }
            }
        }
        first[found] = arcs as u32;
        // Farthest first: δ(v) = σ(v) Σ (1 + δ(w)) / σ(w) over the nodes w
        // one step farther, whose slots already hold that quotient.
        for i in (0..found).rev() {
            let v = order[i] as usize;
            let sum: f64 = dag[first[i] as usize..first[i + 1] as usize]
                .iter()
                .map(|&w| slots[w as usize].value)
                .sum();
            let sigma = slots[v].value;
            let delta = sigma * sum;
            if v != s {
                between[v] += delta;
            }
            slots[v].value = (1.0 + delta) / sigma;
        }
        for &v in &order[..found] {
            slots[v as usize].dist = UNSEEN;
        }
        let n = g.node_count();
        if total > 0 && n > 1 {
            let r = found as f64 - 1.0;
            (r / total as f64) * (r / (n as f64 - 1.0))
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() < 1e-9, "node {i}: {x} vs {y}");
        }
    }

    /// A path a–b–c–d and an isolated e: values worked out by hand.
    #[test]
    fn path_by_hand() {
        let g = MeasureGraph::from_edges(5, [(0, 1), (1, 2), (2, 3)]);
        close(&degree(&g), &[0.25, 0.5, 0.5, 0.25, 0.0]);
        let p = shortest_paths(&g, &Control::new()).unwrap();
        // b lies on a–c and a–d: 2 of the (n−1)(n−2)/2 = 6 pairs.
        close(&p.betweenness, &[0.0, 2.0 / 6.0, 2.0 / 6.0, 0.0, 0.0]);
        // a reaches 3 nodes at total distance 6: (3/6)·(3/4).
        close(&p.closeness, &[0.375, 0.5625, 0.5625, 0.375, 0.0]);
        let pr = pagerank(&g);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pr[1] > pr[0] && pr[0] > pr[4]);
        let ev = eigenvector(&g).unwrap();
        assert!(ev[1] > ev[0] && ev[4] < 1e-3);
    }

    #[test]
    fn tiny_graphs() {
        let none = MeasureGraph::from_edges(0, []);
        assert!(degree(&none).is_empty() && pagerank(&none).is_empty());
        assert_eq!(
            shortest_paths(&none, &Control::new()),
            Some(Paths::default())
        );
        let one = MeasureGraph::from_edges(1, []);
        assert_eq!(degree(&one), [1.0]);
        assert_eq!(pagerank(&one), [1.0]);
        let p = shortest_paths(&one, &Control::new()).unwrap();
        assert_eq!((p.betweenness, p.closeness), (vec![0.0], vec![0.0]));
    }

    #[test]
    fn cancelled_stops() {
        let g = MeasureGraph::from_edges(100, (0..99).map(|i| (i, i + 1)));
        let c = Control::new();
        c.cancel();
        assert_eq!(shortest_paths(&g, &c), None);
        let c = Control::new();
        assert!(shortest_paths(&g, &c).is_some());
        assert_eq!(c.done(), 100);
    }
}
