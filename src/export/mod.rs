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

pub mod capture;
mod diff;
mod dot;
mod graphml;
mod markdown;
pub mod ron;
mod stix;
pub mod text;
pub mod write;

use std::borrow::Cow;

pub use diff::{DiffReport, Side};
pub use dot::dot;
pub use graphml::graphml;
pub(crate) use markdown::esc;
pub use markdown::{chronology, markdown, markdown_claim, markdown_relation};
pub use stix::stix;
pub use text::{count, today};

use crate::dossier::{Claim, Dossier};
use crate::filter::{Chronology, Counts, Filter};
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
    /// One or more chains between two actors, as [`crate::paths::chains`]
    /// returns them, strongest first; `directed` when they follow each
    /// relation's direction.
    Path { chains: &'a [Chain], directed: bool },
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
        Scope::Path { chains, .. } => {
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
    subset_numbered(chart, filter, sel).0
}

/// [`subset`], with the global number of each claim it keeps, in order.
fn subset_numbered(chart: &Chart, filter: &Filter, sel: &Selection) -> (Dossier, Vec<u32>) {
    let d = &chart.dossier;
    let mut relations = Vec::with_capacity(sel.relations.len());
    let mut cited = vec![false; d.sources.len()];
    let mut numbers = Vec::new();
    for &r in &sel.relations {
        let mut rel = d.relations[r].clone();
        rel.claims = (0..rel.claims.len())
            .filter(|&c| filter.claim_visible(chart, r, c))
            .map(|c| {
                for &s in chart.claim_sources(r, c) {
                    cited[s as usize] = true;
                }
                numbers.push((chart.claim_range(r).start + c) as u32);
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
    let d = Dossier {
        title: d.title.clone(),
        summary: d.summary.clone(),
        reports,
        sources,
        actors: actors.into_iter().map(|a| d.actors[a].clone()).collect(),
        relations,
    };
    (d, numbers)
}

/// The JSON export: the dossier, or what `sel` keeps of it under the
/// filter (`None`: everything, unfiltered), with the format's field names;
/// on every relation its corroboration (`corroboration`: the independent
/// origins behind its visible claims, [`Counts::rel_origins`]), and on
/// every dated claim its effective date (`effective_date`, as written) and
/// whether that is its report's date (`date_from_report`).
/// With a date range set, `date_range` says what it keeps and how many
/// undated claims it hid in the scope (`undated_hidden`).
pub fn json_export(
    chart: &Chart,
    filter: &Filter,
    counts: &Counts,
    scope: Option<&Scope>,
) -> String {
    let kept;
    let mut undated_hidden = 0;
    let sel;
    let (d, numbers, rels): (&Dossier, Box<dyn Iterator<Item = usize>>, Vec<RelIx>) = match scope {
        None => (
            &chart.dossier,
            Box::new(0..chart.total_claims()),
            (0..chart.dossier.relations.len()).collect(),
        ),
        Some(scope) => {
            sel = select(chart, filter, counts, scope);
            undated_hidden = chronology_of(chart, filter, scope, &sel.relations).undated_hidden;
            kept = subset_numbered(chart, filter, &sel);
            let numbers = Box::new(kept.1.iter().map(|&g| g as usize));
            (&kept.0, numbers, sel.relations.clone())
        }
    };
    let mut numbers = numbers;
    let relations = d
        .relations
        .iter()
        .zip(rels)
        .map(|(r, ix)| json_out::Relation {
            from: &r.from,
            to: &r.to,
            label: &r.label,
            corroboration: counts.rel_origins[ix],
            claims: r
                .claims
                .iter()
                .map(|claim| {
                    let dated = numbers.next().and_then(|g| chart.date_of(g));
                    json_out::Claim {
                        claim,
                        effective_date: dated.map(|x| x.text),
                        date_from_report: dated.map(|x| x.from_report),
                    }
                })
                .collect(),
        })
        .collect();
    let out = json_out::Dossier {
        title: &d.title,
        summary: &d.summary,
        reports: &d.reports,
        sources: &d.sources,
        actors: &d.actors,
        relations,
        date_range: (!filter.dates.is_open()).then(|| json_out::DateRange {
            since: filter.dates.since.map(|x| x.to_string()),
            until: filter.dates.until.map(|x| x.to_string()),
            undated_hidden,
        }),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("a dossier always serialises to JSON");
    s.push('\n');
    s
}

/// The JSON export's shape: the format's, plus corroboration and
/// effective dates.
mod json_out {
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Dossier<'a> {
        pub title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub summary: &'a Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub reports: &'a Option<Vec<crate::dossier::Report>>,
        pub sources: &'a [crate::dossier::Source],
        pub actors: &'a [crate::dossier::Actor],
        pub relations: Vec<Relation<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub date_range: Option<DateRange>,
    }

    #[derive(Serialize)]
    pub struct Relation<'a> {
        pub from: &'a str,
        pub to: &'a str,
        pub label: &'a str,
        /// Independent origins behind the visible claims.
        pub corroboration: u32,
        pub claims: Vec<Claim<'a>>,
    }

    #[derive(Serialize)]
    pub struct Claim<'a> {
        #[serde(flatten)]
        pub claim: &'a crate::dossier::Claim,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub effective_date: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub date_from_report: Option<bool>,
    }

    #[derive(Serialize)]
    pub struct DateRange {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub since: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub until: Option<String>,
        pub undated_hidden: usize,
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
/// `4 claims from 2 sources, 1 independent origin`, `3 claims from 1
/// source and 1 assessment, 1 independent origin`, `2 claims from 1
/// assessment, 0 independent origins`.
fn support(counts: &Counts, r: RelIx) -> String {
    format!(
        "{}, {}",
        support_joined(counts, r, " from ", " and "),
        count(counts.rel_origins[r], "independent origin")
    )
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

/// The claims of `rels`, which `scope` selects under `filter`, in date
/// order. With a date range, the undated claims it hid are counted among
/// the relations the scope would show without it (a path's relations are
/// its hops, whatever the filter).
pub fn chronology_of(chart: &Chart, filter: &Filter, scope: &Scope, rels: &[RelIx]) -> Chronology {
    if filter.dates.is_open() || matches!(scope, Scope::Path { .. }) {
        return Chronology::of(chart, filter, rels.iter().copied());
    }
    let open = Filter {
        dates: crate::dates::Range::default(),
        ..filter.clone()
    };
    let counts = Counts::compute(chart, &open);
    let all = select(chart, &open, &counts, scope).relations;
    Chronology::of(chart, filter, all)
}

/// Relation `r`'s visible claims (indexes in the relation), oldest first
/// by effective date, undated last, ties in file order.
pub fn claims_by_date(chart: &Chart, filter: &Filter, r: RelIx) -> Vec<usize> {
    let base = chart.claim_range(r).start;
    let mut cs: Vec<usize> = (0..chart.relation(r).claims.len())
        .filter(|&c| filter.claim_visible(chart, r, c))
        .collect();
    cs.sort_by_key(|&c| match chart.span_of(base + c) {
        Some(s) => (0, s.first, s.last),
        None => (1, 0, 0),
    });
    cs
}

/// Each visible claim's effective date, oldest first, for DOT and
/// GraphML: `1979-03-26; 2020-12-10 (report); undated`.
fn claim_dates(chart: &Chart, filter: &Filter, r: RelIx) -> String {
    let base = chart.claim_range(r).start;
    claims_by_date(chart, filter, r)
        .into_iter()
        .map(|c| {
            chart
                .date_of(base + c)
                .map_or("undated".to_string(), |d| d.label())
        })
        .collect::<Vec<_>>()
        .join("; ")
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
