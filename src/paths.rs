//! Paths between actors and neighbourhoods around one, over the relations
//! visible under the current filter.

use std::collections::VecDeque;

use crate::filter::Counts;
use crate::graph::{ActorIx, Chart, RelIx};

/// One step of a chain: relation `rel` walked from `from` to `to`
/// (`forward` when that is the relation's own direction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hop {
    pub rel: RelIx,
    pub from: ActorIx,
    pub to: ActorIx,
    pub forward: bool,
}

/// A chain of relations from `start`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Chain {
    pub start: ActorIx,
    pub hops: Vec<Hop>,
}

impl Chain {
    pub fn end(&self) -> ActorIx {
        self.hops.last().map_or(self.start, |h| h.to)
    }

    /// The actors along the chain, start and end included.
    pub fn actors(&self) -> Vec<ActorIx> {
        std::iter::once(self.start)
            .chain(self.hops.iter().map(|h| h.to))
            .collect()
    }
}

/// Steps leaving `a` over visible relations: `(relation, other end, forward)`.
fn steps<'a>(
    chart: &'a Chart,
    counts: &'a Counts,
    a: ActorIx,
    directed: bool,
) -> impl Iterator<Item = (RelIx, ActorIx, bool)> + 'a {
    chart
        .incident(a)
        .filter(move |i| counts.relation_visible(i.rel) && (i.outgoing || !directed))
        .map(|i| (i.rel, i.other, i.outgoing))
}

/// Every shortest chain from `from` to `to` (up to `limit` of them), over
/// relations visible under `counts`; following relation direction only when
/// `directed`. Several relations between the same two actors make distinct
/// chains. Empty when `to` cannot be reached; a zero-hop chain when
/// `from == to`.
pub fn shortest_paths(
    chart: &Chart,
    counts: &Counts,
    from: ActorIx,
    to: ActorIx,
    directed: bool,
    limit: usize,
) -> Vec<Chain> {
    let n = chart.dossier.actors.len();
    if from >= n || to >= n || limit == 0 {
        return Vec::new();
    }
    if from == to {
        return vec![Chain {
            start: from,
            hops: Vec::new(),
        }];
    }
    // Breadth-first from `from`, recording every predecessor step on a
    // shortest route; stop expanding past the level where `to` is found.
    let mut dist = vec![usize::MAX; n];
    let mut preds: Vec<Vec<Hop>> = vec![Vec::new(); n];
    let mut queue = VecDeque::from([from]);
    dist[from] = 0;
    while let Some(a) = queue.pop_front() {
        if dist[a] >= dist[to] {
            break;
        }
        for (rel, b, forward) in steps(chart, counts, a, directed) {
            if dist[b] == usize::MAX {
                dist[b] = dist[a] + 1;
                queue.push_back(b);
            }
            if dist[b] == dist[a] + 1 {
                preds[b].push(Hop {
                    rel,
                    from: a,
                    to: b,
                    forward,
                });
            }
        }
    }
    if dist[to] == usize::MAX {
        return Vec::new();
    }
    // Walk predecessors back from `to`, depth first, in a stable order.
    let mut out = Vec::new();
    let mut stack: Vec<Hop> = Vec::new();
    collect(&preds, from, to, &mut stack, &mut out, limit);
    out
}

fn collect(
    preds: &[Vec<Hop>],
    from: ActorIx,
    at: ActorIx,
    stack: &mut Vec<Hop>,
    out: &mut Vec<Chain>,
    limit: usize,
) {
    if out.len() >= limit {
        return;
    }
    if at == from {
        out.push(Chain {
            start: from,
            hops: stack.iter().rev().copied().collect(),
        });
        return;
    }
    for &h in &preds[at] {
        stack.push(h);
        collect(preds, from, h.from, stack, out, limit);
        stack.pop();
        if out.len() >= limit {
            return;
        }
    }
}

/// The ego network of `center` to `depth` hops, ignoring direction: every
/// actor reached with its distance (the centre first, then by distance), and
/// every visible relation met while expanding (those with an end nearer
/// than `depth`), each once.
pub fn neighbourhood(
    chart: &Chart,
    counts: &Counts,
    center: ActorIx,
    depth: usize,
) -> (Vec<(ActorIx, usize)>, Vec<RelIx>) {
    let n = chart.dossier.actors.len();
    if center >= n {
        return (Vec::new(), Vec::new());
    }
    let mut dist = vec![usize::MAX; n];
    let mut rel_seen = vec![false; chart.dossier.relations.len()];
    let mut actors = vec![(center, 0)];
    let mut rels = Vec::new();
    let mut queue = VecDeque::from([center]);
    dist[center] = 0;
    while let Some(a) = queue.pop_front() {
        if dist[a] >= depth {
            continue;
        }
        for (rel, b, _) in steps(chart, counts, a, false) {
            if !rel_seen[rel] {
                rel_seen[rel] = true;
                rels.push(rel);
            }
            if dist[b] == usize::MAX {
                dist[b] = dist[a] + 1;
                actors.push((b, dist[b]));
                queue.push_back(b);
            }
        }
    }
    (actors, rels)
}
