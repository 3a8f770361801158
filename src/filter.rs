//! Which claims are visible: the analyst's filters, and the counts they imply.
//!
//! A claim is visible when at least one of its sources passes the filter
//! (selected, reliable enough, and not an assessment when assessments are
//! hidden), its credibility is good enough and its effective date overlaps
//! the date range (undated claims are hidden while a range is set). A
//! relation is visible when
//! it has a visible claim and, with a minimum of sources set, enough
//! independent origins behind its visible claims; an actor's count is its
//! visible relations.
//!
//! Corroboration: an *origin* is a source's report when it has one, else the
//! source itself; assessments are not origins. Two sources quoting one report
//! are one origin.

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
    /// Keep only relations with at least this many independent origins
    /// behind their visible claims (see [`Counts::rel_origins`]). `None`:
    /// no such filter (`Some(1)` hides relations backed only by
    /// assessments).
    pub min_sources: Option<u32>,
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
            min_sources: None,
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

    /// Whether claim `c` of relation `r` is visible: it passes every
    /// filter, and its relation has enough origins.
    pub fn claim_visible(&self, chart: &Chart, r: RelIx, c: usize) -> bool {
        self.claim_passes(chart, r, c)
            && self
                .min_sources
                .is_none_or(|n| self.relation_origins(chart, r) >= n)
    }

    /// The independent origins behind relation `r`'s claims that pass the
    /// other filters (the minimum of sources aside): [`Counts::rel_origins`]
    /// for one relation.
    pub fn relation_origins(&self, chart: &Chart, r: RelIx) -> u32 {
        let mut origins: Vec<usize> = (0..chart.relation(r).claims.len())
            .filter(|&c| self.claim_passes(chart, r, c))
            .flat_map(|c| chart.claim_sources(r, c))
            .map(|&s| s as usize)
            .filter(|&s| {
                self.source_passes(chart, s)
                    && chart.dossier.sources[s].kind != SourceKind::Assessment
            })
            .map(|s| origin(chart, s))
            .collect();
        origins.sort_unstable();
        origins.dedup();
        origins.len() as u32
    }

    /// Whether a claim passes the filters that judge claims one by one.
    fn claim_passes(&self, chart: &Chart, r: RelIx, c: usize) -> bool {
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
            && self.min_sources.is_none()
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
        if let Some(n) = self.min_sources {
            parts.push(format!(
                "≥{n} {}",
                if n == 1 { "source" } else { "sources" }
            ));
        }
        parts.join(" · ")
    }
}

/// The origin of source `s`: its report (as the report's index) when it has
/// one, else the source itself (as the number of reports plus its index).
pub fn origin(chart: &Chart, s: SourceIx) -> usize {
    chart.dossier.sources[s]
        .report
        .as_deref()
        .and_then(|id| chart.report_ix(id))
        .unwrap_or(chart.dossier.reports().len() + s)
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
    /// Corroboration: the independent origins (reports, or sources without
    /// one; assessments aside) behind each relation's claims that pass the
    /// filters other than the minimum of sources, which this count judges.
    /// A relation it hides keeps its count here and has no visible claims.
    pub rel_origins: Vec<u32>,
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
            rel_origins: vec![0; d.relations.len()],
            actor_rels: vec![0; d.actors.len()],
            source_claims: vec![0; d.sources.len()],
            ..Counts::default()
        };
        let pass = Pass::new(chart, filter);
        let mut seen = Seen::new(&pass);
        for r in 0..d.relations.len() {
            c.count_relation(&pass, r, &mut seen, true);
        }
        c
    }

    /// Brings the counts from `old`'s to `new`'s. When only the source
    /// selection changed, only relations citing a toggled source are
    /// counted again (a toggle is the common case, and a full count of a
    /// large dossier takes milliseconds); when only the minimum of sources
    /// changed, only relations whose origins lie between the two minimums;
    /// otherwise everything is.
    pub fn update(&mut self, chart: &Chart, old: &Filter, new: &Filter) {
        let only_sources = Filter {
            sources: new.sources.clone(),
            ..old.clone()
        } == *new;
        let only_min_sources = Filter {
            min_sources: new.min_sources,
            ..old.clone()
        } == *new;
        if !(only_sources || only_min_sources)
            || self.rel_claims.len() != chart.dossier.relations.len()
        {
            *self = Counts::compute(chart, new);
            return;
        }
        let (was, now) = (Pass::new(chart, old), Pass::new(chart, new));
        let mut touched = vec![false; chart.dossier.relations.len()];
        let mut seen = Seen::new(&was);
        let mut recount = |c: &mut Counts, r: usize| {
            if !std::mem::replace(&mut touched[r], true) {
                c.count_relation(&was, r, &mut seen, false);
                c.count_relation(&now, r, &mut seen, true);
            }
        };
        if only_sources {
            let n_src = chart.dossier.sources.len();
            for s in (0..n_src).filter(|&s| old.sources.get(s) != new.sources.get(s)) {
                for &r in chart.relations_citing(s) {
                    recount(self, r as usize);
                }
            }
        } else {
            // Origins do not depend on the minimum: a relation's visibility
            // changes only when its count lies between the two.
            for r in 0..self.rel_origins.len() {
                let o = self.rel_origins[r];
                if (o >= was.min_sources) != (o >= now.min_sources) {
                    recount(self, r);
                }
            }
        }
    }

    /// Adds relation `r`'s figures under `pass` (or takes them away).
    /// `seen` holds a mark unique to this call once a source (or origin) is
    /// counted.
    fn count_relation(&mut self, pass: &Pass, r: RelIx, seen: &mut Seen, add: bool) {
        let mark = 2 * r + 1 + usize::from(add);
        let chart = pass.chart;
        if !pass.filter.relation_passes(chart, r) {
            return;
        }
        let (mut claims, mut sources, mut fact_sources, mut origins) = (0u32, 0u32, 0u32, 0u32);
        let mut undated = 0usize;
        for g in chart.claim_range(r) {
            match pass.judge(g) {
                Verdict::Hidden => continue,
                Verdict::Undated => {
                    undated += 1;
                    continue;
                }
                Verdict::Visible => {}
            }
            claims += 1;
            for &s in chart.sources_of(g) {
                let s = s as usize;
                if pass.passes[s] {
                    self.source_claims[s] = step(self.source_claims[s], add);
                    if seen.sources[s] != mark {
                        seen.sources[s] = mark;
                        sources += 1;
                        if !pass.is_assessment[s] {
                            fact_sources += 1;
                            let o = pass.origin[s] as usize;
                            if seen.origins[o] != mark {
                                seen.origins[o] = mark;
                                origins += 1;
                            }
                        }
                    }
                }
            }
        }
        self.rel_origins[r] = if add { origins } else { 0 };
        if origins < pass.min_sources {
            // Too few origins: the relation is hidden whole, so its claims
            // count for their sources no more than the other hidden ones.
            for g in chart.claim_range(r).filter(|_| claims > 0) {
                if pass.judge(g) == Verdict::Visible {
                    for &s in chart.sources_of(g) {
                        let s = s as usize;
                        if pass.passes[s] {
                            self.source_claims[s] = step(self.source_claims[s], !add);
                        }
                    }
                }
            }
            (claims, sources, fact_sources, undated) = (0, 0, 0, 0);
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
                self.actor_rels[x] = step(self.actor_rels[x], add);
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

/// One more, or one fewer.
fn step(n: u32, add: bool) -> u32 {
    if add { n + 1 } else { n - 1 }
}

/// Marks of the sources and origins already counted for a relation.
struct Seen {
    sources: Vec<usize>,
    origins: Vec<usize>,
}

impl Seen {
    fn new(pass: &Pass) -> Seen {
        let d = &pass.chart.dossier;
        Seen {
            sources: vec![0; d.sources.len()],
            origins: vec![0; d.reports().len() + d.sources.len()],
        }
    }
}

/// What the filters that judge claims one by one make of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Visible,
    /// Passes every other filter but has no date while a range is set.
    Undated,
    Hidden,
}

/// What a count needs to know of a filter, worked out once.
struct Pass<'a> {
    chart: &'a Chart,
    filter: &'a Filter,
    passes: Vec<bool>,
    is_assessment: Vec<bool>,
    /// Each source's origin (see [`origin`]).
    origin: Vec<u32>,
    /// Highest credibility digit let through.
    max_cred: u8,
    /// The date range's days, when one is set.
    dates: Option<Span>,
    /// The fewest origins a visible relation has (0: no minimum).
    min_sources: u32,
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
            origin: (0..d.sources.len())
                .map(|s| origin(chart, s) as u32)
                .collect(),
            max_cred: filter.min_credibility.unwrap_or(u8::MAX),
            dates: (!filter.dates.is_open()).then(|| filter.dates.span()),
            min_sources: filter.min_sources.unwrap_or(0),
        }
    }

    /// Global claim `g` under the filters that judge claims one by one.
    fn judge(&self, g: usize) -> Verdict {
        // Ungraded claims count as 6.
        let cred = match self.chart.credibility_of(g) {
            0 => 6,
            c => c,
        };
        if cred > self.max_cred
            || !self
                .chart
                .sources_of(g)
                .iter()
                .any(|&s| self.passes[s as usize])
        {
            return Verdict::Hidden;
        }
        match (self.dates, self.chart.span_of(g)) {
            (None, _) => Verdict::Visible,
            (Some(range), Some(span)) if span.overlaps(range) => Verdict::Visible,
            (Some(_), Some(_)) => Verdict::Hidden,
            (Some(_), None) => Verdict::Undated,
        }
    }

    /// Relation `r`'s origins under this pass (see [`Counts::rel_origins`]).
    fn origins(&self, r: RelIx, seen: &mut Seen) -> u32 {
        let mark = 2 * r + 1;
        let mut n = 0;
        for g in self.chart.claim_range(r) {
            if self.judge(g) != Verdict::Visible {
                continue;
            }
            for &s in self.chart.sources_of(g) {
                let s = s as usize;
                if self.passes[s] && !self.is_assessment[s] {
                    let o = self.origin[s] as usize;
                    if seen.origins[o] != mark {
                        seen.origins[o] = mark;
                        n += 1;
                    }
                }
            }
        }
        n
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
        let mut seen = Seen::new(&pass);
        for r in rels {
            if !filter.relation_passes(chart, r)
                || (pass.min_sources > 0 && pass.origins(r, &mut seen) < pass.min_sources)
            {
                continue;
            }
            for g in chart.claim_range(r) {
                match pass.judge(g) {
                    Verdict::Hidden => {}
                    Verdict::Undated => c.undated_hidden += 1,
                    Verdict::Visible if chart.span_of(g).is_some() => c.dated.push(g as u32),
                    Verdict::Visible => c.undated += 1,
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
