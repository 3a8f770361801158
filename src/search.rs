//! Find over everything an analyst may remember a fragment of: names and
//! labels fuzzily (and names despite typos), claims and quotes by their
//! words in any order. [`Searcher`] runs it off the input path.
//!
//! Long as one file: the index, its query and its background runner share one candidate table.

use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

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
    pub target: Target,
    /// Which alias, for `HitKind::Alias`.
    pub alias: u32,
    /// The text matched: first line, at most [`MAX_MATCH_CHARS`] characters,
    /// lower-cased character by character (so positions are the same as in
    /// the text shown).
    pub folded: Box<str>,
}

/// Only the start of a long text is matched: enough to find it, bounded cost.
pub const MAX_MATCH_CHARS: usize = 400;

/// Long texts are matched by words, short ones (names, labels) fuzzily.
fn is_long(kind: HitKind) -> bool {
    matches!(kind, HitKind::Claim | HitKind::Quote)
}

/// All candidates of a chart, built once. Names (actors, ids, aliases,
/// sources) come first, at `..names`.
#[derive(Debug, Default)]
pub struct SearchIndex {
    pub candidates: Vec<Candidate>,
    names: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub candidate: usize,
    pub score: i64,
    /// Char indexes of matched characters in the candidate's text.
    pub indices: Vec<usize>,
}

/// `s`'s first line, clipped, lower-cased one character for one.
fn fold(s: &str) -> Box<str> {
    let line = crate::sanitize::head(s, MAX_MATCH_CHARS * 4)
        .lines()
        .next()
        .unwrap_or("");
    let line = match line.char_indices().nth(MAX_MATCH_CHARS) {
        Some((b, _)) => &line[..b],
        None => line,
    };
    if line.is_ascii() {
        return line.to_ascii_lowercase().into_boxed_str();
    }
    line.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        })
        .collect::<String>()
        .into_boxed_str()
}

/// Candidates scanned between checks for cancellation.
const CANCEL_EVERY: usize = 4096;
/// Below this many candidates a scan stays on one thread.
const PARALLEL_FROM: usize = 20_000;

impl SearchIndex {
    pub fn new(chart: &Chart) -> SearchIndex {
        let d = &chart.dossier;
        let mut c = Vec::new();
        let push = |c: &mut Vec<Candidate>, kind, text: &str, target, alias| {
            c.push(Candidate {
                kind,
                target,
                alias,
                folded: fold(text),
            })
        };
        for (i, a) in d.actors.iter().enumerate() {
            push(&mut c, HitKind::Actor, &a.name, Target::Actor(i), 0);
            if a.id != a.name {
                push(&mut c, HitKind::ActorId, &a.id, Target::Actor(i), 0);
            }
            for (k, al) in a.aliases().iter().enumerate() {
                push(&mut c, HitKind::Alias, al, Target::Actor(i), k as u32);
            }
        }
        for (i, s) in d.sources.iter().enumerate() {
            push(&mut c, HitKind::Source, &s.name, Target::Source(i), 0);
        }
        let names = c.len();
        for (r, rel) in d.relations.iter().enumerate() {
            push(
                &mut c,
                HitKind::Relation,
                &rel.label,
                Target::Relation(r),
                0,
            );
            for (ci, claim) in rel.claims.iter().enumerate() {
                push(&mut c, HitKind::Claim, &claim.text, Target::Claim(r, ci), 0);
                if let Some(q) = &claim.quote {
                    push(&mut c, HitKind::Quote, q, Target::Claim(r, ci), 0);
                }
            }
        }
        SearchIndex {
            candidates: c,
            names,
        }
    }

    /// The text candidate `i` stands for, as shown: its first line, clipped
    /// like the matched text.
    pub fn display_text<'a>(&self, chart: &'a Chart, i: usize) -> &'a str {
        let c = &self.candidates[i];
        let d = &chart.dossier;
        let full: &str = match (c.kind, c.target) {
            (HitKind::Actor, Target::Actor(a)) => &d.actors[a].name,
            (HitKind::ActorId, Target::Actor(a)) => &d.actors[a].id,
            (HitKind::Alias, Target::Actor(a)) => &d.actors[a].aliases()[c.alias as usize],
            (HitKind::Source, Target::Source(s)) => &d.sources[s].name,
            (HitKind::Relation, Target::Relation(r)) => &d.relations[r].label,
            (HitKind::Claim, Target::Claim(r, k)) => &d.relations[r].claims[k].text,
            (HitKind::Quote, Target::Claim(r, k)) => {
                d.relations[r].claims[k].quote.as_deref().unwrap_or("")
            }
            _ => "",
        };
        let line = crate::sanitize::head(full, MAX_MATCH_CHARS * 4)
            .lines()
            .next()
            .unwrap_or("");
        match line.char_indices().nth(MAX_MATCH_CHARS) {
            Some((b, _)) => &line[..b],
            None => line,
        }
    }

    /// How candidate `i` reads in a list of hits, and the character where
    /// its matched text starts in that: the text itself, except an alias,
    /// which is shown with its actor's name (`United Arab Emirates (alias
    /// Dubai)`).
    pub fn hit_text<'a>(&self, chart: &'a Chart, i: usize) -> (std::borrow::Cow<'a, str>, usize) {
        let text = self.display_text(chart, i);
        match (self.candidates[i].kind, self.candidates[i].target) {
            (HitKind::Alias, Target::Actor(a)) => {
                let name =
                    crate::sanitize::head(&chart.dossier.actors[a].name, MAX_MATCH_CHARS * 4)
                        .lines()
                        .next()
                        .unwrap_or("");
                let lead = format!("{name} (alias ");
                let at = lead.chars().count();
                (format!("{lead}{text})").into(), at)
            }
            _ => (text.into(), 0),
        }
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
        let keep = |t: Target| visible(chart, filter, counts, t);
        let scored = self.scan(query, &keep, None, &|| false).unwrap_or_default();
        self.rank(query, scored, limit)
    }

    /// Like [`search`](Self::search), over actors (names, ids, aliases) only.
    pub fn search_actors(&self, query: &str, limit: usize) -> Vec<Hit> {
        let keep = |t: Target| matches!(t, Target::Actor(_));
        let scored = self.scan(query, &keep, None, &|| false).unwrap_or_default();
        self.rank(query, scored, limit)
    }

    /// Scores every candidate that `keep`s and matches `query`: all of them,
    /// or the names plus `narrow` (the matches of a prefix of this query,
    /// which hold every match of the longer one). `None` when `cancel` says
    /// the query is stale. Scans in parallel on large indexes.
    pub fn scan(
        &self,
        query: &str,
        keep: &(dyn Fn(Target) -> bool + Sync),
        narrow: Option<&[u32]>,
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<(i64, u32)>> {
        let Some(q) = Query::new(query) else {
            return Some(Vec::new());
        };
        let all: Vec<u32>;
        let list: &[u32] = match narrow {
            Some(prev) => {
                // Typo matches of names need not be matches of the prefix:
                // names are always rescanned.
                all = (0..self.names as u32)
                    .chain(prev.iter().copied().filter(|&i| i as usize >= self.names))
                    .collect();
                &all
            }
            None => {
                all = (0..self.candidates.len() as u32).collect();
                &all
            }
        };
        let scan_part = |part: &[u32]| -> Option<Vec<(i64, u32)>> {
            let matcher = SkimMatcherV2::default().ignore_case();
            let mut out = Vec::new();
            for chunk in part.chunks(CANCEL_EVERY) {
                if cancel() {
                    return None;
                }
                for &i in chunk {
                    let c = &self.candidates[i as usize];
                    if !keep(c.target) {
                        continue;
                    }
                    if let Some(score) = q.score(&matcher, c) {
                        out.push((score, i));
                    }
                }
            }
            Some(out)
        };
        if list.len() < PARALLEL_FROM {
            return scan_part(list);
        }
        let (left, right) = list.split_at(list.len() / 2);
        let (a, b) = std::thread::scope(|s| {
            let h = s.spawn(|| scan_part(right));
            (scan_part(left), h.join().ok().flatten())
        });
        let mut a = a?;
        a.extend(b?);
        Some(a)
    }

    /// The best `limit` of `scored`, one per target, with matched positions.
    /// Fuzzy hits far below the best fuzzy hit are dropped as noise.
    pub fn rank(&self, query: &str, mut scored: Vec<(i64, u32)>, limit: usize) -> Vec<Hit> {
        let Some(q) = Query::new(query) else {
            return Vec::new();
        };
        if limit == 0 {
            return Vec::new();
        }
        let key = |&(score, i): &(i64, u32)| {
            let c = &self.candidates[i as usize];
            (std::cmp::Reverse(score), c.kind, c.folded.len(), i)
        };
        // A target has at most a few candidates, so the best `limit * 4`
        // hold the best `limit` targets.
        let keep_n = limit.saturating_mul(4);
        if scored.len() > keep_n {
            scored.select_nth_unstable_by_key(keep_n, key);
            scored.truncate(keep_n);
        }
        scored.sort_by_key(key);
        let best_fuzzy = scored
            .iter()
            .find(|&&(_, i)| !is_long(self.candidates[i as usize].kind))
            .map_or(0, |&(s, _)| s);
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut seen = std::collections::HashSet::new();
        scored
            .into_iter()
            .filter(|&(score, i)| {
                is_long(self.candidates[i as usize].kind) || score >= best_fuzzy / 2
            })
            .filter(|&(_, i)| seen.insert(self.candidates[i as usize].target))
            .take(limit)
            .map(|(score, i)| Hit {
                candidate: i as usize,
                score,
                indices: q.positions(&matcher, &self.candidates[i as usize]),
            })
            .collect()
    }
}

/// A query, folded like the candidates.
struct Query {
    folded: String,
    /// Its words, for long texts.
    words: Vec<String>,
    typo: Option<Typo>,
}

impl Query {
    fn new(query: &str) -> Option<Query> {
        let query = query.trim();
        if query.is_empty() {
            return None;
        }
        let folded: String = query
            .chars()
            .map(|c| c.to_lowercase().next().unwrap_or(c))
            .collect();
        Some(Query {
            words: folded.split_whitespace().map(str::to_string).collect(),
            typo: Typo::new(&folded),
            folded,
        })
    }

    /// The candidate's score, if it matches: names and labels fuzzily (and,
    /// for names, with typos); claims and quotes when every word of the
    /// query occurs in them, in any order.
    fn score(&self, matcher: &SkimMatcherV2, c: &Candidate) -> Option<i64> {
        let text = &*c.folded;
        let score = if is_long(c.kind) {
            let mut score = 40;
            for w in &self.words {
                let at = text.find(w.as_str())?;
                let word_start = at == 0 || !text[..at].ends_with(char::is_alphanumeric);
                score += if word_start { 20 } else { 8 };
            }
            if self.words.len() > 1 && text.contains(self.folded.as_str()) {
                score += 20;
            }
            score
        } else {
            matcher.fuzzy_match(text, &self.folded).or_else(|| {
                let t = self.typo.as_ref().filter(|_| c.kind.is_name())?;
                t.score(text).map(|(s, _)| s)
            })?
        };
        Some(score + c.kind.bonus())
    }

    /// Character positions to highlight.
    fn positions(&self, matcher: &SkimMatcherV2, c: &Candidate) -> Vec<usize> {
        let text = &*c.folded;
        if is_long(c.kind) {
            let mut pos: Vec<usize> = Vec::new();
            for w in &self.words {
                if let Some(at) = text.find(w.as_str()) {
                    let start = text[..at].chars().count();
                    pos.extend(start..start + w.chars().count());
                }
            }
            pos.sort_unstable();
            pos.dedup();
            return pos;
        }
        matcher
            .fuzzy_indices(text, &self.folded)
            .map(|(_, idx)| idx)
            .or_else(|| {
                self.typo
                    .as_ref()
                    .and_then(|t| t.score(text))
                    .map(|(_, idx)| idx)
            })
            .unwrap_or_default()
    }
}

/// Typo-tolerant matching of names: the query against every run of as many
/// words in the candidate, by Damerau–Levenshtein similarity, so that
/// `isreal`, `libia` and `quais said` find Israel, Libya and Qais Said,
/// which subsequence matching cannot.
struct Typo {
    query: String,
    words: usize,
    /// Letters a–z of the query, as bits.
    letters: u32,
}

/// Letters a–z present in `s`, as bits.
fn letter_mask(s: &str) -> u32 {
    s.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |m, b| m | 1 << (b - b'a'))
}

/// Similarity (0–1) a window needs to count as a typo of the query.
const TYPO_MIN_SIMILARITY: f64 = 0.75;

impl Typo {
    /// Only queries of four characters or more: shorter ones match anything.
    fn new(query: &str) -> Option<Typo> {
        (query.chars().count() >= 4).then(|| Typo {
            query: query.to_lowercase(),
            words: query.split_whitespace().count().max(1),
            letters: letter_mask(query),
        })
    }

    /// The best window's score (on the fuzzy matcher's scale) and its
    /// character positions.
    fn score(&self, text: &str) -> Option<(i64, Vec<usize>)> {
        // A cheap test first: a typo changes only a few letters, so a text
        // missing more than two of the query's letters cannot match.
        if (self.letters & !letter_mask(text)).count_ones() > 2 {
            return None;
        }
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
            let window: String = w.iter().map(|(_, s)| *s).collect::<Vec<_>>().join(" ");
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

/// The search index of a chart, built on first use, or ahead of it in the
/// background ([`LazyIndex::build_in_background`]): a large dossier's index
/// takes a noticeable moment, and the first screen needs none of it.
#[derive(Debug, Clone)]
pub struct LazyIndex {
    cell: Arc<OnceLock<SearchIndex>>,
    chart: Arc<Chart>,
}

impl LazyIndex {
    pub fn new(chart: Arc<Chart>) -> LazyIndex {
        LazyIndex {
            cell: Arc::new(OnceLock::new()),
            chart,
        }
    }

    /// Starts building the index on another thread; whoever needs it first
    /// waits for that build rather than starting another.
    pub fn build_in_background(&self) {
        let me = self.clone();
        std::thread::spawn(move || {
            let _ = &*me;
        });
    }
}

impl Deref for LazyIndex {
    type Target = SearchIndex;

    fn deref(&self) -> &SearchIndex {
        self.cell.get_or_init(|| SearchIndex::new(&self.chart))
    }
}

/// A find query for the background searcher.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Increases with every request; results carry it back.
    pub generation: u64,
    pub query: String,
    /// Actors only (the path picker), or everything visible.
    pub actors_only: bool,
    pub filter: Filter,
    pub counts: Arc<Counts>,
    pub limit: usize,
}

/// Runs find off the input path: typing only sends a request; a worker
/// thread answers the newest one, abandons a query as soon as a newer one
/// arrives, and narrows a growing query to the matches of its prefix.
#[derive(Debug)]
pub struct Searcher {
    tx: mpsc::Sender<SearchRequest>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the worker; `done` receives each finished query's generation
    /// and hits (stale queries never finish).
    pub fn spawn(
        index: LazyIndex,
        chart: Arc<Chart>,
        done: impl Fn(u64, Vec<Hit>) + Send + 'static,
    ) -> Searcher {
        let (tx, rx) = mpsc::channel::<SearchRequest>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::spawn(move || {
            // The last finished query and all its matches, for narrowing.
            let mut last: Option<(SearchRequest, Vec<u32>)> = None;
            while let Ok(mut req) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    req = newer;
                }
                let stale = || newest.load(Ordering::Relaxed) != req.generation;
                let narrow = last
                    .as_ref()
                    .filter(|(prev, _)| {
                        prev.actors_only == req.actors_only
                            && prev.filter == req.filter
                            && Arc::ptr_eq(&prev.counts, &req.counts)
                            && req.query.trim_start().starts_with(prev.query.trim())
                            && !prev.query.trim().is_empty()
                    })
                    .map(|(_, m)| m.as_slice());
                let keep = |t: Target| {
                    if req.actors_only {
                        matches!(t, Target::Actor(_))
                    } else {
                        visible(&chart, &req.filter, &req.counts, t)
                    }
                };
                let Some(scored) = index.scan(&req.query, &keep, narrow, &stale) else {
                    continue;
                };
                let matches: Vec<u32> = scored.iter().map(|&(_, i)| i).collect();
                let hits = index.rank(&req.query, scored, req.limit);
                if !stale() {
                    done(req.generation, hits);
                }
                last = Some((req, matches));
            }
        });
        Searcher { tx, latest }
    }

    /// Asks for `req`; any older query still running is abandoned.
    pub fn request(&self, req: SearchRequest) {
        self.latest.store(req.generation, Ordering::Relaxed);
        let _ = self.tx.send(req);
    }
}
