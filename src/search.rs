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

    /// Names: what typo-tolerant matching applies to.
    fn is_name(self) -> bool {
        matches!(
            self,
            HitKind::Actor | HitKind::Alias | HitKind::ActorId | HitKind::Source
        )
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
        self.search_where(query, limit, |t| visible(chart, filter, counts, t))
    }

    /// Like [`search`](Self::search), over actors (names, ids, aliases) only.
    pub fn search_actors(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_where(query, limit, |t| matches!(t, Target::Actor(_)))
    }

    fn search_where(&self, query: &str, limit: usize, keep: impl Fn(Target) -> bool) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let matcher = SkimMatcherV2::default().smart_case();
        let typo = Typo::new(query);
        // Score everything cheaply; matched positions only for what is kept.
        let mut scored: Vec<(i64, usize)> = self
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| keep(c.target))
            .filter_map(|(i, c)| {
                // Typos are tried only where subsequence matching fails.
                let score = matcher.fuzzy_match(&c.text, query).or_else(|| {
                    let t = typo.as_ref().filter(|_| c.kind.is_name())?;
                    t.score(&c.text).map(|(s, _)| s)
                })?;
                Some((score + c.kind.bonus(), i))
            })
            .collect();
        let key = |&(score, i): &(i64, usize)| {
            let c = &self.candidates[i];
            (std::cmp::Reverse(score), c.kind, c.text.len(), i)
        };
        // One hit per target (an actor's name beats its alias; a claim's text
        // its quote): a target has at most a few candidates, so the best
        // `limit * 4` hold the best `limit` targets.
        let keep_n = limit.saturating_mul(4);
        if scored.len() > keep_n {
            scored.select_nth_unstable_by_key(keep_n, key);
            scored.truncate(keep_n);
        }
        scored.sort_by_key(key);
        // Scattered letters far below the best hit are noise, not matches.
        let floor = scored.first().map_or(0, |&(best, _)| best / 2);
        let mut seen = std::collections::HashSet::new();
        scored
            .into_iter()
            .take_while(|&(score, _)| score >= floor)
            .filter(|&(_, i)| seen.insert(self.candidates[i].target))
            .take(limit)
            .map(|(score, i)| {
                let text = &self.candidates[i].text;
                let indices = match matcher.fuzzy_indices(text, query) {
                    Some((s, idx)) if s + self.candidates[i].kind.bonus() == score => idx,
                    _ => typo
                        .as_ref()
                        .and_then(|t| t.score(text))
                        .map(|(_, idx)| idx)
                        .unwrap_or_default(),
                };
                Hit {
                    candidate: i,
                    score,
                    indices,
                }
            })
            .collect()
    }
}

/// Typo-tolerant matching of names: the query against every run of as many
/// words in the candidate, by Damerau–Levenshtein similarity, so that
/// `isreal`, `libia` and `quais said` find Israel, Libya and Qais Said,
/// which subsequence matching cannot.
struct Typo {
    query: String,
    words: usize,
}

/// Similarity (0–1) a window needs to count as a typo of the query.
const TYPO_MIN_SIMILARITY: f64 = 0.75;

impl Typo {
    /// Only queries of four characters or more: shorter ones match anything.
    fn new(query: &str) -> Option<Typo> {
        (query.chars().count() >= 4).then(|| Typo {
            query: query.to_lowercase(),
            words: query.split_whitespace().count().max(1),
        })
    }

    /// The best window's score (on the fuzzy matcher's scale) and its
    /// character positions.
    fn score(&self, text: &str) -> Option<(i64, Vec<usize>)> {
        // Words with their char offsets.
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut start = None;
        for (char_pos, (bi, ch)) in text.char_indices().enumerate() {
            if ch.is_whitespace() {
                if let Some((s_char, s_byte)) = start.take() {
                    words.push((s_char, &text[s_byte..bi]));
                }
            } else if start.is_none() {
                start = Some((char_pos, bi));
            }
        }
        if let Some((s_char, s_byte)) = start {
            words.push((s_char, &text[s_byte..]));
        }
        if words.len() < self.words {
            return None;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for w in words.windows(self.words) {
            let first = w[0].0;
            let last = w[self.words - 1];
            let window: String = w
                .iter()
                .map(|(_, s)| *s)
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let window = window.trim_matches(|c: char| !c.is_alphanumeric());
            let len = window.chars().count().max(self.query.chars().count());
            let sim = 1.0 - strsim::damerau_levenshtein(window, &self.query) as f64 / len as f64;
            // Exact windows are left to the fuzzy matcher, whose scores
            // already rank them; this pass is for real typos only.
            if (TYPO_MIN_SIMILARITY..1.0).contains(&sim) && best.is_none_or(|(b, _, _)| sim > b) {
                best = Some((sim, first, last.0 + last.1.chars().count()));
            }
        }
        // Below an exact match of the same word (which scores about 150).
        best.map(|(sim, from, to)| ((sim * 150.0) as i64, (from..to).collect()))
    }
}

fn visible(chart: &Chart, filter: &Filter, counts: &Counts, t: Target) -> bool {
    match t {
        Target::Actor(_) | Target::Source(_) => true,
        Target::Relation(r) => counts.relation_visible(r),
        Target::Claim(r, c) => filter.claim_visible(chart, r, c),
    }
}
