//! Exports of a dossier to other formats, and writing them to files safely.
//!
//! - [`json`]: the whole dossier, unfiltered, with the format's field names.
//! - [`markdown`]: a briefing of a [`Scope`] (the dossier, an actor and its
//!   neighbourhood, or a path) under the analyst's filter, for pasting into
//!   an email or a report; [`markdown_relation`] and [`markdown_claim`] give
//!   the same text for one relation or one claim (clipboard copies).
//! - [`dot`] (Graphviz) and [`graphml`] (Gephi, yEd): the graph of a
//!   [`Selection`], which [`select`] computes from a scope and a filter.
//! - [`text`]: short plain-text forms for the clipboard and `path`, and
//!   [`today`]'s date.
//! - [`stix`]: a STIX 2.1 bundle (the mapping is [`crate::stix`]'s);
//!   [`ron`](mod@ron): the RON writer `export --format ron` and `import` share.
//! - [`write`](mod@write): atomic, no-clobber file writing, unique file names, slugs.
//!
//! Every format escapes text its own way, and every string is passed through
//! [`crate::sanitize::sanitize`] again on the way out (a no-op on a loaded
//! dossier, whose strings were sanitised at load), so that a [`Chart`] built
//! in code cannot smuggle control characters into a file either. Output is
//! deterministic: the same chart, filter, scope and date give the same bytes.

mod dot;
mod graphml;
mod markdown;
pub mod ron;
mod stix;
pub mod text;
pub mod write;

use std::borrow::Cow;

pub use dot::dot;
pub use graphml::graphml;
pub use markdown::{markdown, markdown_claim, markdown_relation};
pub use stix::stix;
pub use text::{count, today};

use crate::dossier::{Claim, Dossier};
use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, RelIx};
use crate::paths::{Chain, neighbourhood};

/// The dossier as pretty JSON with the format's own field names; optional
/// fields that are absent are omitted.
pub fn json(d: &Dossier) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("a dossier always serialises to JSON");
    s.push('\n');
    s
}

/// The Admiralty code of a claim from one source: reliability letter and
/// credibility digit, `?` where not graded (`C3`, `F?`, `?2`).
pub fn admiralty(chart: &Chart, source: usize, claim: &Claim) -> String {
    let rel = chart.dossier.sources[source]
        .reliability
        .map_or('?', |r| r.letter());
    let cred = claim
        .credibility
        .map_or('?', |c| char::from_digit(c as u32, 10).unwrap_or('?'));
    format!("{rel}{cred}")
}

/// What an export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The whole dossier.
    Dossier,
    /// An actor's neighbourhood, `depth` hops out ignoring direction
    /// (depth 1: the actor and its own relations).
    Actor { actor: ActorIx, depth: usize },
    /// One or more chains between two actors, as [`crate::paths::shortest_paths`]
    /// returns them.
    Path { chains: &'a [Chain] },
}

/// What a scope covers under the filter: actors and visible relations, in a
/// stable order.
///
/// - Dossier: actors in file order, leaving out those whose every relation
///   the filter hides (an actor that has no relation at all in the file
///   stays, if its kind passes the filter); visible relations strongest
///   first ([`Counts::rank_key`]), ties in file order.
/// - Actor: the actor first, then the others by distance (breadth-first
///   order); relations touching the actor first, then those one hop further
///   out, and so on, strongest first within each ring. These are the actors and
///   relations of [`crate::paths::neighbourhood`].
/// - Path: the actors of every chain in order of first appearance; the
///   relations hop by hop, each once, leaving out any the filter now hides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub actors: Vec<ActorIx>,
    pub relations: Vec<RelIx>,
}

/// The actors and visible relations `scope` covers under `filter` (whose
/// figures are `counts`). See [`Selection`] for the order.
pub fn select(chart: &Chart, filter: &Filter, counts: &Counts, scope: &Scope) -> Selection {
    let d = &chart.dossier;
    let n_actors = d.actors.len();
    let visible = |r: &RelIx| counts.rel_claims.get(*r).is_some_and(|&c| c > 0);
    match *scope {
        Scope::Dossier => {
            let mut linked = vec![false; n_actors];
            for r in 0..d.relations.len() {
                let (a, b) = chart.ends(r);
                for x in [a, b] {
                    if let Some(l) = linked.get_mut(x) {
                        *l = true;
                    }
                }
            }
            Selection {
                actors: (0..n_actors)
                    .filter(|&a| {
                        counts.actor_rels.get(a).is_some_and(|&n| n > 0)
                            || (!linked[a] && filter.actor_passes(chart, a))
                    })
                    .collect(),
                relations: {
                    let mut rels: Vec<RelIx> = (0..d.relations.len()).filter(visible).collect();
                    rels.sort_by_key(|&r| (counts.rank_key(r), r));
                    rels
                },
            }
        }
        Scope::Actor { actor, depth } => {
            if actor >= n_actors {
                return Selection::default();
            }
            let (actors, rels) = neighbourhood(chart, counts, actor, depth);
            let dist = distances(n_actors, &actors);
            let mut relations: Vec<RelIx> = rels.into_iter().filter(visible).collect();
            relations.sort_by_key(|&r| (ring(chart, &dist, r), counts.rank_key(r), r));
            Selection {
                actors: actors.into_iter().map(|(a, _)| a).collect(),
                relations,
            }
        }
        Scope::Path { chains } => {
            let mut sel = Selection::default();
            let mut seen_actor = vec![false; n_actors];
            let mut seen_rel = vec![false; d.relations.len()];
            for chain in chains {
                for a in chain.actors() {
                    if a < n_actors && !std::mem::replace(&mut seen_actor[a], true) {
                        sel.actors.push(a);
                    }
                }
                for h in &chain.hops {
                    if visible(&h.rel) && !std::mem::replace(&mut seen_rel[h.rel], true) {
                        sel.relations.push(h.rel);
                    }
                }
            }
            sel
        }
    }
}

/// The part of the dossier a selection covers, as a dossier: its actors,
/// its relations with only their visible claims, and the sources and
/// reports those claims cite. Loading it gives the same figures again.
pub fn subset(chart: &Chart, filter: &Filter, sel: &Selection) -> Dossier {
    let d = &chart.dossier;
    let mut relations = Vec::with_capacity(sel.relations.len());
    let mut cited = vec![false; d.sources.len()];
    for &r in &sel.relations {
        let mut rel = d.relations[r].clone();
        rel.claims = (0..rel.claims.len())
            .filter(|&c| filter.claim_visible(chart, r, c))
            .map(|c| {
                for &s in chart.claim_sources(r, c) {
                    cited[s as usize] = true;
                }
                d.relations[r].claims[c].clone()
            })
            .collect();
        relations.push(rel);
    }
    let mut actors = sel.actors.clone();
    actors.sort_unstable();
    let sources: Vec<_> = (0..d.sources.len())
        .filter(|&s| cited[s])
        .map(|s| d.sources[s].clone())
        .collect();
    let reports = d.reports.as_ref().map(|reps| {
        reps.iter()
            .filter(|rep| {
                sources
                    .iter()
                    .any(|s| s.report.as_deref() == Some(rep.id.as_str()))
            })
            .cloned()
            .collect()
    });
    Dossier {
        title: d.title.clone(),
        summary: d.summary.clone(),
        reports,
        sources,
        actors: actors.into_iter().map(|a| d.actors[a].clone()).collect(),
        relations,
    }
}

/// Distance of each actor from the centre (`usize::MAX` when not reached).
fn distances(n: usize, actors: &[(ActorIx, usize)]) -> Vec<usize> {
    let mut dist = vec![usize::MAX; n];
    for &(a, d) in actors {
        dist[a] = d;
    }
    dist
}

/// The ring of relation `r` around the centre: 1 for its own relations, 2
/// for relations of its neighbours, …
fn ring(chart: &Chart, dist: &[usize], r: RelIx) -> usize {
    let (a, b) = chart.ends(r);
    dist[a].min(dist[b]).saturating_add(1)
}

/// `s` made inert again (a no-op on sanitised text).
fn clean(s: &str) -> Cow<'_, str> {
    crate::sanitize::sanitize(s)
}

/// What supports relation `r` under the filter, in words:
/// `4 claims from 2 sources`, `3 claims from 1 source and 1 assessment`,
/// `2 claims from 1 assessment`.
fn support(counts: &Counts, r: RelIx) -> String {
    support_joined(counts, r, " from ", " and ")
}

/// The same, shorter, for labels: `4 claims, 2 sources`,
/// `3 claims, 1 source + 1 assessment`, `2 claims, 1 assessment`.
fn support_short(counts: &Counts, r: RelIx) -> String {
    support_joined(counts, r, ", ", " + ")
}

fn support_joined(counts: &Counts, r: RelIx, from: &str, and: &str) -> String {
    let claims = count(counts.rel_claims[r], "claim");
    let facts = counts.rel_fact_sources[r];
    let assess = counts.rel_sources[r] - facts;
    let backing = match (facts, assess) {
        (0, a) => count(a, "assessment"),
        (f, 0) => count(f, "source"),
        (f, a) => format!("{}{and}{}", count(f, "source"), count(a, "assessment")),
    };
    format!("{claims}{from}{backing}")
}

/// The filter line of every export: `filter.describe()`, or
/// `none (all sources)`.
fn filters_text(filter: &Filter) -> String {
    if filter.is_empty() {
        "none (all sources)".to_string()
    } else {
        filter.describe()
    }
}
