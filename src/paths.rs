//! Paths between actors and neighbourhoods around one, over the relations
//! visible under the current filter.

use std::cmp::Reverse;
use std::collections::{HashMap, VecDeque};

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

/// Every shortest chain from `from` to `to` (the best `limit` of them),
/// over relations visible under `counts`; following relation direction only
/// when `directed`. See [`chains`].
pub fn shortest_paths(
    chart: &Chart,
    counts: &Counts,
    from: ActorIx,
    to: ActorIx,
    directed: bool,
    limit: usize,
) -> Vec<Chain> {
    chains(chart, counts, from, to, directed, 0, limit)
}

/// Chains weighed at most before the best are kept: on a dense chart the
/// chains grow in number fast with their length.
const MAX_WEIGHED: usize = 10_000;
/// Steps walked at most looking for them.
const MAX_STEPS: usize = 1_000_000;

/// The chains from `from` to `to` at most `longer` hops longer than the
/// shortest, over relations visible under `counts` (following relation
/// direction only when `directed`), no actor twice in a chain; the best
/// `limit` of them, strongest first: by their weakest link
/// ([`Counts::rank_key`]: corroborated, single source, assessment only,
/// then its sources and claims), then fewer hops, then more reporting
/// sources along the whole chain, then in the order found. Several
/// relations between the same two actors make distinct chains. Empty when
/// `to` cannot be reached; a zero-hop chain when `from == to`.
///
/// Links are tried strongest first, so that on a chart too dense to weigh
/// every chain (more than 10,000 of them) the ones weighed are the likely
/// best.
pub fn chains(
    chart: &Chart,
    counts: &Counts,
    from: ActorIx,
    to: ActorIx,
    directed: bool,
    longer: usize,
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
    // Hops from each actor to `to`, walking back from it; no further than
    // a chain could go once `from` is met.
    let mut to_go = vec![usize::MAX; n];
    let mut queue = VecDeque::from([to]);
    to_go[to] = 0;
    while let Some(b) = queue.pop_front() {
        if to_go[from] != usize::MAX && to_go[b] >= to_go[from].saturating_add(longer) {
            break;
        }
        for i in chart.incident(b) {
            if !counts.relation_visible(i.rel) || (directed && i.outgoing) {
                continue;
            }
            if to_go[i.other] == usize::MAX {
                to_go[i.other] = to_go[b] + 1;
                queue.push_back(i.other);
            }
        }
    }
    if to_go[from] == usize::MAX {
        return Vec::new();
    }
    let max_hops = to_go[from].saturating_add(longer);
    let mut walk = Walk {
        chart,
        counts,
        directed,
        to,
        to_go,
        max_hops,
        on_chain: vec![false; n],
        hops: Vec::new(),
        found: Vec::new(),
        steps: 0,
        links: Default::default(),
    };
    walk.on_chain[from] = true;
    walk.from(from);
    let mut found: Vec<(ChainKey, Chain)> = walk
        .found
        .into_iter()
        .map(|hops| {
            let chain = Chain { start: from, hops };
            (chain_key(counts, &chain), chain)
        })
        .collect();
    // Stable: equal chains stay in the order found.
    found.sort_by_key(|(key, _)| *key);
    found.truncate(limit);
    found.into_iter().map(|(_, c)| c).collect()
}

/// How a chain ranks, best first (see [`chains`]).
type ChainKey = (
    (crate::filter::Strength, Reverse<u32>, Reverse<u32>),
    usize,
    Reverse<u32>,
);

fn chain_key(counts: &Counts, chain: &Chain) -> ChainKey {
    let weakest = chain
        .hops
        .iter()
        .map(|h| counts.rank_key(h.rel))
        .max()
        .unwrap_or((
            crate::filter::Strength::Corroborated,
            Reverse(0),
            Reverse(0),
        ));
    let sources = chain
        .hops
        .iter()
        .map(|h| counts.rel_fact_sources[h.rel])
        .sum();
    (weakest, chain.hops.len(), Reverse(sources))
}

/// The depth-first walk of [`chains`]: simple paths of at most `max_hops`,
/// cut where `to` is out of reach in the hops left.
struct Walk<'a> {
    chart: &'a Chart,
    counts: &'a Counts,
    directed: bool,
    to: ActorIx,
    to_go: Vec<usize>,
    max_hops: usize,
    on_chain: Vec<bool>,
    hops: Vec<Hop>,
    found: Vec<Vec<Hop>>,
    steps: usize,
    /// Each actor's steps out, strongest first, sorted once when first met.
    links: HashMap<ActorIx, Vec<(RelIx, ActorIx, bool)>>,
}

impl Walk<'_> {
    fn from(&mut self, a: ActorIx) {
        let (chart, counts, directed) = (self.chart, self.counts, self.directed);
        // Taken out while `a` is on the chain (no step leads back to it).
        let links = self.links.remove(&a).unwrap_or_else(|| {
            let mut v: Vec<_> = steps(chart, counts, a, directed).collect();
            v.sort_by_key(|&(rel, _, _)| counts.rank_key(rel));
            v
        });
        for &(rel, b, forward) in &links {
            if self.found.len() >= MAX_WEIGHED || self.steps >= MAX_STEPS {
                break;
            }
            self.steps += 1;
            let fits =
                self.to_go[b] != usize::MAX && self.hops.len() + 1 + self.to_go[b] <= self.max_hops;
            if self.on_chain[b] || !fits {
                continue;
            }
            self.hops.push(Hop {
                rel,
                from: a,
                to: b,
                forward,
            });
            if b == self.to {
                self.found.push(self.hops.clone());
            } else {
                self.on_chain[b] = true;
                self.from(b);
                self.on_chain[b] = false;
            }
            self.hops.pop();
        }
        self.links.insert(a, links);
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
