//! Which claims are visible: the analyst's filters, and the counts they imply.
//!
//! A claim is visible when at least one of its sources passes the filter
//! (selected, reliable enough, and not an assessment when assessments are
//! hidden), its credibility is good enough and its effective date overlaps
//! the date range (undated claims are hidden while a range is set). A
//! relation is visible when
//! it has a visible claim; an actor's count is its visible relations.

use crate::dates::{Range, Span};
use crate::dossier::{Reliability, SourceKind};
use crate::graph::{ActorIx, Chart, RelIx, SourceIx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Selected sources, by source index.
    pub sources: Vec<bool>,
    /// Keep only sources graded this or better (A best); ungraded sources
    /// count as F. `None`: no reliability filter.
    pub min_reliability: Option<Reliability>,
    /// Keep only claims with credibility this or better (1 best); claims
    /// without a credibility count as 6. `None`: no credibility filter.
    pub min_credibility: Option<u8>,
    /// Hide analysts' judgments: sources of kind `Assessment`.
    pub hide_assessments: bool,
    /// Keep only relations whose two actors are of these kinds (labels as
    /// `ActorKind::label`, e.g. `state`). Empty: every kind.
    pub actor_kinds: Vec<String>,
    /// Keep only claims whose effective date overlaps this range (undated
    /// claims are hidden while it is set). Open: every date, and undated.
    pub dates: Range,
}

impl Filter {
    /// Everything visible.
    pub fn all(chart: &Chart) -> Filter {
        Filter {
            sources: vec![true; chart.dossier.sources.len()],
            min_reliability: None,
            min_credibility: None,
            hide_assessments: false,
            actor_kinds: Vec::new(),
            dates: Range::default(),
        }
    }

    /// Whether an actor's kind passes the kind filter.
    pub fn actor_passes(&self, chart: &Chart, a: ActorIx) -> bool {
        self.actor_kinds.is_empty() || {
            let label = chart.dossier.actors[a].kind.label();
            self.actor_kinds
                .iter()
                .any(|k| k.eq_ignore_ascii_case(label))
        }
    }

    /// Whether relation `r` passes the kind filter (both ends must).
    pub fn relation_passes(&self, chart: &Chart, r: RelIx) -> bool {
        let (a, b) = chart.ends(r);
        self.actor_passes(chart, a) && self.actor_passes(chart, b)
    }

    pub fn source_passes(&self, chart: &Chart, s: SourceIx) -> bool {
        let src = &chart.dossier.sources[s];
        self.sources.get(s).copied().unwrap_or(false)
            && self
                .min_reliability
                .is_none_or(|min| src.reliability.unwrap_or(Reliability::F) <= min)
            && !(self.hide_assessments && src.kind == SourceKind::Assessment)
    }

    pub fn claim_visible(&self, chart: &Chart, r: RelIx, c: usize) -> bool {
        let claim = chart.claim(r, c);
        self.relation_passes(chart, r)
            && self
                .min_credibility
                .is_none_or(|min| claim.credibility.unwrap_or(6) <= min)
            && self
                .dates
                .keeps(chart.span_of(chart.claim_range(r).start + c))
            && chart
                .claim_sources(r, c)
                .iter()
                .any(|&s| self.source_passes(chart, s as usize))
    }

    /// True when nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        self.sources.iter().all(|&on| on)
            && self.min_reliability.is_none()
            && self.min_credibility.is_none()
            && !self.hide_assessments
            && self.actor_kinds.is_empty()
            && self.dates.is_open()
    }

    /// The active filters for the title bar, e.g. `sources 2/5`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.dates.is_open() {
            parts.push(self.dates.to_string());
        }
        let on = self.sources.iter().filter(|&&b| b).count();
        if on < self.sources.len() {
            parts.push(format!("sources {on}/{}", self.sources.len()));
        }
        if let Some(r) = self.min_reliability {
            parts.push(if r == Reliability::A {
                "reliability A".to_string()
            } else {
                format!("reliability A–{}", r.letter())
            });
        }
        if let Some(c) = self.min_credibility {
            parts.push(format!("credibility ≤{c}"));
        }
        if self.hide_assessments {
            parts.push("no assessments".to_string());
        }
        if !self.actor_kinds.is_empty() {
            parts.push(format!("kind {}", self.actor_kinds.join("+")));
        }
        parts.join(" · ")
    }
}

/// Per-relation and per-actor figures under one filter, computed in one pass
/// over the claims whenever the filter changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Visible claims per relation.
    pub rel_claims: Vec<u32>,
    /// Distinct sources behind the visible claims, per relation.
    pub rel_sources: Vec<u32>,
    /// Distinct sources other than assessments behind the visible claims.
    pub rel_fact_sources: Vec<u32>,
    /// Visible relations per actor.
    pub actor_rels: Vec<u32>,
    /// Visible claims citing each source.
    pub source_claims: Vec<u32>,
    /// Totals under the filter.
    pub visible_relations: usize,
    pub visible_claims: usize,
    /// Claims that pass every other filter but are hidden for having no
    /// date while a date range is set.
    pub undated_hidden: usize,
}

impl Counts {
    pub fn compute(chart: &Chart, filter: &Filter) -> Counts {
        let d = &chart.dossier;
        let mut c = Counts {
            rel_claims: vec![0; d.relations.len()],
            rel_sources: vec![0; d.relations.len()],
            rel_fact_sources: vec![0; d.relations.len()],
            actor_rels: vec![0; d.actors.len()],
            source_claims: vec![0; d.sources.len()],
            ..Counts::default()
        };
        let pass = Pass::new(chart, filter);
        let mut seen = vec![0usize; d.sources.len()];
        for r in 0..d.relations.len() {
            c.count_relation(&pass, r, &mut seen, true);
        }
        c
    }

    /// Brings the counts from `old`'s to `new`'s. When only the source
    /// selection changed, only relations citing a toggled source are
    /// counted again (a toggle is the common case, and a full count of a
    /// large dossier takes milliseconds); otherwise everything is.
    pub fn update(&mut self, chart: &Chart, old: &Filter, new: &Filter) {
        let only_sources = Filter {
            sources: new.sources.clone(),
            ..old.clone()
        } == *new;
        if !only_sources || self.rel_claims.len() != chart.dossier.relations.len() {
            *self = Counts::compute(chart, new);
            return;
        }
        let (was, now) = (Pass::new(chart, old), Pass::new(chart, new));
        let n_src = chart.dossier.sources.len();
        let mut touched = vec![false; chart.dossier.relations.len()];
        let mut seen = vec![0usize; n_src];
        for s in (0..n_src).filter(|&s| old.sources.get(s) != new.sources.get(s)) {
            for &r in chart.relations_citing(s) {
                let r = r as usize;
                if !std::mem::replace(&mut touched[r], true) {
                    self.count_relation(&was, r, &mut seen, false);
                    self.count_relation(&now, r, &mut seen, true);
                }
            }
        }
    }

    /// Adds relation `r`'s figures under `pass` (or takes them away).
    /// `seen[s]` holds a mark unique to this call once source s is counted.
    fn count_relation(&mut self, pass: &Pass, r: RelIx, seen: &mut [usize], add: bool) {
        let mark = 2 * r + 1 + usize::from(add);
        let chart = pass.chart;
        if !pass.filter.relation_passes(chart, r) {
            return;
        }
        let (mut claims, mut sources, mut fact_sources) = (0u32, 0u32, 0u32);
        let mut undated = 0usize;
        for g in chart.claim_range(r) {
            // Ungraded claims count as 6.
            let cred = match chart.credibility_of(g) {
                0 => 6,
                c => c,
            };
            if cred > pass.max_cred {
                continue;
            }
            let srcs = chart.sources_of(g);
            if !srcs.iter().any(|&s| pass.passes[s as usize]) {
                continue;
            }
            if let Some(range) = pass.dates {
                match chart.span_of(g) {
                    Some(span) if span.overlaps(range) => {}
                    Some(_) => continue,
                    None => {
                        undated += 1;
                        continue;
                    }
                }
            }
            claims += 1;
            for &s in srcs {
                let s = s as usize;
                if pass.passes[s] {
                    if add {
                        self.source_claims[s] += 1;
                    } else {
                        self.source_claims[s] -= 1;
                    }
                    if seen[s] != mark {
                        seen[s] = mark;
                        sources += 1;
                        fact_sources += u32::from(!pass.is_assessment[s]);
                    }
                }
            }
        }
        if add {
            self.undated_hidden += undated;
        } else {
            self.undated_hidden -= undated;
        }
        if add {
            self.rel_claims[r] = claims;
            self.rel_sources[r] = sources;
            self.rel_fact_sources[r] = fact_sources;
        } else {
            self.rel_claims[r] = 0;
            self.rel_sources[r] = 0;
            self.rel_fact_sources[r] = 0;
        }
        if claims > 0 {
            let (a, b) = chart.ends(r);
            let ends: &[usize] = if a == b { &[a] } else { &[a, b] };
            for &x in ends {
                if add {
                    self.actor_rels[x] += 1;
                } else {
                    self.actor_rels[x] -= 1;
                }
            }
            if add {
                self.visible_relations += 1;
                self.visible_claims += claims as usize;
            } else {
                self.visible_relations -= 1;
                self.visible_claims -= claims as usize;
            }
        }
    }

    /// What the filter leaves, for the title bar and exports:
    /// `2020-09 – 2020-10 · 6/19 claims · 4 undated hidden`, or
    /// `all sources · 19 claims` when nothing is filtered.
    pub fn summary(&self, filter: &Filter, total: usize) -> String {
        if filter.is_empty() {
            return format!("all sources · {total} claims");
        }
        let mut s = format!(
            "{} · {}/{total} claims",
            filter.describe(),
            self.visible_claims
        );
        if self.undated_hidden > 0 {
            s.push_str(&format!(" · {} undated hidden", self.undated_hidden));
        }
        s
    }

    pub fn relation_visible(&self, r: RelIx) -> bool {
        self.rel_claims[r] > 0
    }

    /// How well relation `r` is supported under the filter.
    pub fn strength(&self, r: RelIx) -> Strength {
        match (self.rel_claims[r], self.rel_fact_sources[r]) {
            (0, _) => Strength::Hidden,
            (_, 0) => Strength::Assessed,
            (_, 1) => Strength::Single,
            _ => Strength::Corroborated,
        }
    }

    /// Sorts relations strongest first: corroborated, single source,
    /// assessment only; then by reporting sources, then by claims.
    pub fn rank_key(&self, r: RelIx) -> (Strength, std::cmp::Reverse<u32>, std::cmp::Reverse<u32>) {
        (
            self.strength(r),
            std::cmp::Reverse(self.rel_fact_sources[r]),
            std::cmp::Reverse(self.rel_claims[r]),
        )
    }

    pub fn actor_active(&self, a: ActorIx) -> bool {
        self.actor_rels[a] > 0
    }
}

/// What a count needs to know of a filter, worked out once.
struct Pass<'a> {
    chart: &'a Chart,
    filter: &'a Filter,
    passes: Vec<bool>,
    is_assessment: Vec<bool>,
    /// Highest credibility digit let through.
    max_cred: u8,
    /// The date range's days, when one is set.
    dates: Option<Span>,
}

impl<'a> Pass<'a> {
    fn new(chart: &'a Chart, filter: &'a Filter) -> Pass<'a> {
        let d = &chart.dossier;
        Pass {
            chart,
            filter,
            passes: (0..d.sources.len())
                .map(|s| filter.source_passes(chart, s))
                .collect(),
            is_assessment: d
                .sources
                .iter()
                .map(|s| s.kind == SourceKind::Assessment)
                .collect(),
            max_cred: filter.min_credibility.unwrap_or(u8::MAX),
            dates: (!filter.dates.is_open()).then(|| filter.dates.span()),
        }
    }
}

/// How well a relation is supported, from the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Two or more distinct sources that are not assessments.
    Corroborated,
    /// One source that is not an assessment (perhaps with assessments).
    Single,
    /// Only analysts' assessments.
    Assessed,
    /// Nothing visible under the filter.
    Hidden,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Corroborated => "corroborated",
            Strength::Single => "single source",
            Strength::Assessed => "assessment only",
            Strength::Hidden => "filtered out",
        }
    }
}

/// The claims of some relations in date order, as the timeline lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chronology {
    /// Visible dated claims (global numbers), oldest first: by the first
    /// day of their span, then the last (a month before a day in it), then
    /// in file order.
    pub dated: Vec<u32>,
    /// Visible claims without a date (none are visible while a date range
    /// is set: those are in [`Chronology::undated_hidden`]).
    pub undated: usize,
    /// Claims that pass every other filter but are hidden for having no
    /// date while a date range is set.
    pub undated_hidden: usize,
}

impl Chronology {
    /// The visible claims of `rels` (each relation once) under `filter`.
    pub fn of(chart: &Chart, filter: &Filter, rels: impl IntoIterator<Item = RelIx>) -> Chronology {
        let mut c = Chronology::default();
        // The flat per-claim arrays and each source's verdict, worked out
        // once, as `Counts` reads them: a hub's thousands of claims are
        // gathered on a keystroke.
        let pass = Pass::new(chart, filter);
        for r in rels {
            if !filter.relation_passes(chart, r) {
                continue;
            }
            for g in chart.claim_range(r) {
                let cred = match chart.credibility_of(g) {
                    0 => 6,
                    c => c,
                };
                if cred > pass.max_cred
                    || !chart.sources_of(g).iter().any(|&s| pass.passes[s as usize])
                {
                    continue;
                }
                match (chart.span_of(g), pass.dates) {
                    (Some(span), Some(range)) if !span.overlaps(range) => {}
                    (Some(_), _) => c.dated.push(g as u32),
                    (None, None) => c.undated += 1,
                    (None, Some(_)) => c.undated_hidden += 1,
                }
            }
        }
        let mut keyed: Vec<(u32, u32, u32)> = c
            .dated
            .iter()
            .map(|&g| {
                let s = chart
                    .span_of(g as usize)
                    .unwrap_or(Span { first: 0, last: 0 });
                (s.first, s.last, g)
            })
            .collect();
        keyed.sort_unstable();
        c.dated = keyed.into_iter().map(|(_, _, g)| g).collect();
        c
    }

    /// The span from the first day of the oldest claim to the last day of
    /// the latest one.
    pub fn span(&self, chart: &Chart) -> Option<Span> {
        let first = chart.span_of(*self.dated.first()? as usize)?.first;
        let last = self
            .dated
            .iter()
            .filter_map(|&g| chart.span_of(g as usize))
            .map(|s| s.last)
            .max()?;
        Some(Span { first, last })
    }
}
