//! Fuzzy find over everything an analyst may remember a fragment of.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, RelIx, SourceIx};

/// What a candidate line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HitKind {
    Actor,
    Alias,
    ActorId,
    Source,
    Relation,
    Claim,
    Quote,
}

impl HitKind {
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Actor => "actor",
            HitKind::Alias => "alias",
            HitKind::ActorId => "id",
            HitKind::Source => "source",
            HitKind::Relation => "relation",
            HitKind::Claim => "claim",
            HitKind::Quote => "quote",
        }
    }

    /// Ranking bonus: names beat the same words buried in a claim.
    fn bonus(self) -> i64 {
        match self {
            HitKind::Actor => 40,
            HitKind::Alias | HitKind::ActorId => 30,
            HitKind::Source => 20,
            HitKind::Relation => 10,
            HitKind::Claim | HitKind::Quote => 0,
        }
    }
}

/// Where a hit leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Actor(ActorIx),
    Relation(RelIx),
    Claim(RelIx, usize),
    Source(SourceIx),
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: HitKind,
    pub text: String,
    pub target: Target,
}

/// Only the start of a long text is matched: enough to find it, bounded cost.
pub const MAX_MATCH_CHARS: usize = 400;

/// All candidates of a chart, built once.
#[derive(Debug, Default)]
pub struct SearchIndex {
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub candidate: usize,
    pub score: i64,
    /// Char indexes of matched characters in the candidate's text.
    pub indices: Vec<usize>,
}

fn clip(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    match line.char_indices().nth(MAX_MATCH_CHARS) {
        Some((i, _)) => line[..i].to_string(),
        None => line.to_string(),
    }
}

impl SearchIndex {
    pub fn new(chart: &Chart) -> SearchIndex {
        let d = &chart.dossier;
        let mut c = Vec::new();
        let mut push = |kind, text: &str, target| {
            c.push(Candidate {
                kind,
                text: clip(text),
                target,
            })
        };
        for (i, a) in d.actors.iter().enumerate() {
            push(HitKind::Actor, &a.name, Target::Actor(i));
            if a.id != a.name {
                push(HitKind::ActorId, &a.id, Target::Actor(i));
            }
            for al in a.aliases() {
                push(HitKind::Alias, al, Target::Actor(i));
            }
        }
        for (i, s) in d.sources.iter().enumerate() {
            push(HitKind::Source, &s.name, Target::Source(i));
        }
        for (r, rel) in d.relations.iter().enumerate() {
            push(HitKind::Relation, &rel.label, Target::Relation(r));
            for (ci, claim) in rel.claims.iter().enumerate() {
                push(HitKind::Claim, &claim.text, Target::Claim(r, ci));
                if let Some(q) = &claim.quote {
                    push(HitKind::Quote, q, Target::Claim(r, ci));
                }
            }
        }
        SearchIndex { candidates: c }
    }

    /// The best `limit` hits for `query` among targets visible under the
    /// filter, best first. An empty query finds nothing.
    pub fn search(
        &self,
        chart: &Chart,
        filter: &Filter,
        counts: &Counts,
        query: &str,
        limit: usize,
    ) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let matcher = SkimMatcherV2::default().smart_case();
        let mut hits: Vec<Hit> = self
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| visible(chart, filter, counts, c.target))
            .filter_map(|(i, c)| {
                matcher
                    .fuzzy_indices(&c.text, query)
                    .map(|(score, indices)| Hit {
                        candidate: i,
                        score: score + c.kind.bonus(),
                        indices,
                    })
            })
            .collect();
        let key = |h: &Hit| {
            let c = &self.candidates[h.candidate];
            (
                std::cmp::Reverse(h.score),
                c.kind,
                c.text.len(),
                h.candidate,
            )
        };
        if hits.len() > limit {
            hits.select_nth_unstable_by_key(limit, key);
            hits.truncate(limit);
        }
        hits.sort_by_key(key);
        hits
    }
}

fn visible(chart: &Chart, filter: &Filter, counts: &Counts, t: Target) -> bool {
    match t {
        Target::Actor(_) | Target::Source(_) => true,
        Target::Relation(r) => counts.relation_visible(r),
        Target::Claim(r, c) => filter.claim_visible(chart, r, c),
    }
}
