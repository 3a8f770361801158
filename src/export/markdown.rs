//! The Markdown briefing: what a scope shows under the filter, written to be
//! read as it is (pasted into an email) as much as rendered.
//!
//! ```text
//! # Briefing: <subject>
//!
//! Date: <date> · Dossier: <title>
//!
//! **Bottom line:** <one sentence from the figures>
//!
//! ## Relations
//!
//! - **A → B**: label — corroborated, 4 claims from 2 sources
//!     - Claim text.
//!       C3[^1], C3[^2] · likely (55-80%) · ¶2 · “the source's words”
//!
//! [^1]: Source name — human, reliability C (fairly reliable); report: “Title”, publisher, date, <url>
//!
//! Grades: …
//!
//! Filters: none (all sources)
//! ```
//!
//! Only claims the filter lets through appear, each with the sources that
//! pass the filter; footnotes are numbered in order of first citation.
//! Untrusted text is put on one line and escaped wherever it could start
//! Markdown structure (emphasis, links, HTML, headings, lists, tables).
//!
//! Long as one file: every scope's briefing shares the footnote numbering and the claim lines.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt::Write;

use super::{Scope, clean, count, filters_text, select, support, support_short};
use crate::filter::{Chronology, Counts, Filter, Strength};
use crate::graph::{ActorIx, Chart, RelIx, SourceIx};
use crate::paths::{Chain, Hop};

/// The briefing of `scope` under `filter` (whose figures are `counts`),
/// dated `date` (any text, e.g. `2024-05-01`), ending with a newline.
///
/// - Dossier: the title is the subject; the bottom line counts relations and
///   actors, splits the relations by strength and names the strongest; the
///   dossier's summary follows (marked as unfiltered when a filter is on);
///   then every visible relation in file order.
/// - Actor: the actor is the subject; the bottom line as above; an `About:`
///   line (kind, aliases, note); then the relations ring by ring
///   (`## Relations of X`, `## Relations of actors 1 hop away`, …).
/// - Path: `A → … → B` is the subject; the bottom line gives hops (a range
///   when the chains differ in length), whether the path is directed,
///   chains, strengths and the weakest link of the best chain; the routes
///   one a line (chains through the same actors merged), then `## Hop k of
///   n` sections listing each relation once, walked in order (`←` where a
///   relation points back along the walk), or, for chains of several
///   lengths, one section with each relation once, strongest chain first.
///
/// An actor index out of range gives the dossier's briefing.
pub fn markdown(
    chart: &Chart,
    filter: &Filter,
    counts: &Counts,
    scope: &Scope,
    date: &str,
) -> String {
    let mut b = Briefing::new(chart, filter, counts);
    match *scope {
        Scope::Dossier => b.dossier(date),
        Scope::Actor { actor, depth } if actor < chart.dossier.actors.len() => {
            b.actor(actor, depth, date)
        }
        Scope::Actor { .. } => b.dossier(date),
        Scope::Path { chains, directed } => b.path(chains, directed, date),
    }
    b.finish(true)
}

/// The chronology of `scope` under `filter` as Markdown: the visible dated
/// claims oldest first under a heading per year, each with its relation,
/// its Admiralty codes and footnoted sources, then the undated count.
/// `None` when no dated claim is left.
pub fn chronology(
    chart: &Chart,
    filter: &Filter,
    counts: &Counts,
    scope: &Scope,
    date: &str,
) -> Option<String> {
    let mut b = Briefing::new(chart, filter, counts);
    let sel = select(chart, filter, counts, scope);
    let c = b.chronology_of(scope, &sel.relations);
    if c.dated.is_empty() {
        return None;
    }
    let subject = match *scope {
        Scope::Actor { actor, .. } => b.name(actor),
        Scope::Dossier | Scope::Path { .. } => esc(&chart.dossier.title),
    };
    let _ = writeln!(b.out, "# Chronology: {subject}\n");
    let _ = writeln!(
        b.out,
        "Date: {} · Dossier: {}\n",
        esc(date),
        esc(&chart.dossier.title)
    );
    b.when(scope, &sel.relations);
    let mut year = None;
    for &g in &c.dated {
        let g = g as usize;
        let Some(dated) = chart.date_of(g) else {
            continue;
        };
        let y = dated.span.first / 10_000;
        if year != Some(y) {
            if year.is_some() {
                b.out.push('\n');
            }
            year = Some(y);
            let _ = writeln!(b.out, "## {y:04}\n");
        }
        let (r, k) = chart.locate(g);
        let (from, to) = chart.ends(r);
        let codes = b.codes(r, k);
        let text = esc(&chart.claim(r, k).text);
        let _ = writeln!(
            b.out,
            "- **{}** · {} → {}, {}: {} {codes}",
            esc(&dated.label()),
            b.name(from),
            b.name(to),
            esc(&chart.relation(r).label),
            if text.is_empty() { "(no text)" } else { &text },
        );
    }
    b.out.push('\n');
    let undated = match (c.undated, c.undated_hidden) {
        (0, 0) => "Undated: none.".to_string(),
        (n, 0) => format!("Undated: {} not placed in time.", count(n as u32, "claim")),
        (_, n) => format!(
            "Undated: {} hidden by the date range.",
            count(n as u32, "claim")
        ),
    };
    let _ = writeln!(b.out, "{undated}\n");
    Some(b.finish(true))
}

/// One relation as Markdown: its line, its visible claims, and footnotes for
/// their sources (for a clipboard copy).
pub fn markdown_relation(chart: &Chart, filter: &Filter, counts: &Counts, r: RelIx) -> String {
    let mut b = Briefing::new(chart, filter, counts);
    let (from, to) = chart.ends(r);
    b.relation("- ", r, from, "→", to);
    b.finish(false)
}

/// One claim as Markdown: its relation, its text with grades, and footnotes
/// for its sources that pass the filter (for a clipboard copy).
pub fn markdown_claim(chart: &Chart, filter: &Filter, r: RelIx, c: usize) -> String {
    let counts = Counts::default();
    let mut b = Briefing::new(chart, filter, &counts);
    let (from, to) = chart.ends(r);
    let _ = writeln!(
        b.out,
        "**{} → {}**: {}\n",
        b.name(from),
        b.name(to),
        esc(&chart.relation(r).label)
    );
    b.claim(r, c, "");
    b.finish(false)
}

struct Briefing<'c> {
    chart: &'c Chart,
    filter: &'c Filter,
    counts: &'c Counts,
    out: String,
    /// Sources in order of first citation; `note_of[s]` is the footnote number.
    notes: Vec<SourceIx>,
    note_of: HashMap<SourceIx, usize>,
}

impl<'c> Briefing<'c> {
    fn new(chart: &'c Chart, filter: &'c Filter, counts: &'c Counts) -> Self {
        Briefing {
            chart,
            filter,
            counts,
            out: String::new(),
            notes: Vec::new(),
            note_of: HashMap::new(),
        }
    }

    fn name(&self, a: ActorIx) -> String {
        esc(&self.chart.dossier.actors[a].name)
    }

    /// ` under the current filter`, when something is filtered out.
    fn under(&self) -> &'static str {
        if self.filter.is_empty() {
            ""
        } else {
            " under the current filter"
        }
    }

    fn header(&mut self, subject: &str, date: &str, with_title: bool) {
        let _ = writeln!(self.out, "# Briefing: {subject}\n");
        let mut line = format!("Date: {}", esc(date));
        if with_title {
            let _ = write!(line, " · Dossier: {}", esc(&self.chart.dossier.title));
        }
        let _ = writeln!(self.out, "{line}\n");
        // A chart of several files names them (the first few).
        let files = &self.chart.provenance.files;
        if files.len() > 1 {
            const SHOWN: usize = 8;
            let mut names: Vec<String> = files.iter().take(SHOWN).map(|f| esc(&f.short)).collect();
            if files.len() > SHOWN {
                names.push(format!("and {} more", files.len() - SHOWN));
            }
            let _ = writeln!(self.out, "Files ({}): {}\n", files.len(), names.join(", "));
        }
    }

    fn bottom_line(&mut self, text: &str) {
        let _ = writeln!(self.out, "**Bottom line:** {text}\n");
    }

    // ── Scopes ──────────────────────────────────────────────────────────

    fn dossier(&mut self, date: &str) {
        let d = &self.chart.dossier;
        let sel = select(self.chart, self.filter, self.counts, &Scope::Dossier);
        self.header(&esc(&d.title), date, false);
        let actors = (0..d.actors.len())
            .filter(|&a| self.counts.actor_active(a))
            .count() as u32;
        let bottom = if sel.relations.is_empty() {
            self.nothing("The dossier")
        } else {
            format!(
                "{} among {}{}; {}; strongest: {}.",
                count(sel.relations.len() as u32, "relation"),
                count(actors, "actor"),
                self.under(),
                breakdown(self.counts, &sel.relations),
                self.rel_phrase(strongest(self.counts, &sel.relations)),
            )
        };
        self.bottom_line(&bottom);
        self.when(&Scope::Dossier, &sel.relations);
        if let Some(summary) = d.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            let label = if self.filter.is_empty() {
                "Summary"
            } else {
                "Dossier summary (written for the whole dossier, unfiltered)"
            };
            let _ = writeln!(self.out, "{label}: {}\n", esc(summary));
        }
        if !sel.relations.is_empty() {
            let _ = writeln!(self.out, "## Relations\n");
            for &r in &sel.relations {
                let (from, to) = self.chart.ends(r);
                self.relation("- ", r, from, "→", to);
            }
            self.out.push('\n');
        }
    }

    fn actor(&mut self, center: ActorIx, depth: usize, date: &str) {
        let scope = Scope::Actor {
            actor: center,
            depth,
        };
        let sel = select(self.chart, self.filter, self.counts, &scope);
        let name = self.name(center);
        self.header(&name, date, true);
        let bottom = if sel.relations.is_empty() {
            self.nothing(&name)
        } else {
            let n = count(sel.relations.len() as u32, "relation");
            let lead = if depth <= 1 {
                format!("{name} has {n}{}", self.under())
            } else {
                format!(
                    "Within {depth} hops, {name} reaches {} through {n}{}",
                    count(sel.actors.len() as u32 - 1, "other actor"),
                    self.under()
                )
            };
            format!(
                "{lead}; {}; strongest: {}.",
                breakdown(self.counts, &sel.relations),
                self.rel_phrase(strongest(self.counts, &sel.relations)),
            )
        };
        self.bottom_line(&bottom);
        self.when(&scope, &sel.relations);
        let a = &self.chart.dossier.actors[center];
        let mut about = esc(a.kind.label());
        if !a.aliases().is_empty() {
            let aliases: Vec<String> = a.aliases().iter().map(|s| esc(s)).collect();
            let _ = write!(about, "; also known as {}", aliases.join(", "));
        }
        about.push('.');
        if let Some(note) = a.note.as_deref().filter(|s| !s.trim().is_empty()) {
            let _ = write!(about, " {}", esc(note));
        }
        let _ = writeln!(self.out, "About: {about}\n");

        // Relations by ring: the actor's own, then its neighbours', …
        let (actors, _) = crate::paths::neighbourhood(self.chart, self.counts, center, depth);
        let dist = super::distances(self.chart.dossier.actors.len(), &actors);
        let mut current = 0;
        for &r in &sel.relations {
            let ring = super::ring(self.chart, &dist, r);
            if ring != current {
                if current != 0 {
                    self.out.push('\n');
                }
                current = ring;
                let _ = match ring {
                    1 => writeln!(self.out, "## Relations of {name}\n"),
                    k => writeln!(
                        self.out,
                        "## Relations of actors {} away\n",
                        count(k as u32 - 1, "hop")
                    ),
                };
            }
            let (from, to) = self.chart.ends(r);
            self.relation("- ", r, from, "→", to);
        }
        if current != 0 {
            self.out.push('\n');
        }
    }

    fn path(&mut self, chains: &[Chain], directed: bool, date: &str) {
        let Some(first) = chains.first() else {
            self.header(&esc(&self.chart.dossier.title), date, false);
            self.bottom_line("No chain to show: no path was found under the current filters.");
            return;
        };
        let (start, end) = (first.start, first.end());
        let shortest = chains.iter().map(|c| c.hops.len()).min().unwrap_or(0);
        let longest = chains.iter().map(|c| c.hops.len()).max().unwrap_or(0);
        let subject = match longest {
            0 => self.name(start),
            1 => format!("{} → {}", self.name(start), self.name(end)),
            _ => format!("{} → … → {}", self.name(start), self.name(end)),
        };
        self.header(&subject, date, true);
        if longest == 0 {
            let text = format!(
                "{} is both ends of the path; there is nothing between.",
                self.name(start)
            );
            self.bottom_line(&text);
            return;
        }
        // Each relation once. Chains of one length: grouped by their place
        // in the chains (in shortest chains a relation always sits at the
        // same hop). Of several lengths: in the order the chains, strongest
        // first, meet them.
        let same_length = shortest == longest;
        let mut by_hop: Vec<Vec<Hop>> = vec![Vec::new(); if same_length { longest } else { 1 }];
        for chain in chains {
            for (k, h) in chain.hops.iter().enumerate() {
                let group = &mut by_hop[if same_length { k } else { 0 }];
                if !group.iter().any(|x| x.rel == h.rel) {
                    group.push(*h);
                }
            }
        }
        let rels: Vec<RelIx> = by_hop.iter().flatten().map(|h| h.rel).collect();
        // The best chain is the one whose weakest link is strongest.
        let weakest = |c: &Chain| -> Hop {
            *c.hops
                .iter()
                .min_by_key(|h| Reverse(rank(self.counts, h.rel)))
                .expect("a chain of one hop or more")
        };
        let best = chains
            .iter()
            .filter(|c| !c.hops.is_empty())
            .map(weakest)
            .min_by_key(|h| rank(self.counts, h.rel))
            .expect("a chain of one hop or more");
        let link = format!(
            "{}, {} ({})",
            self.hop_ends(&best),
            esc(&self.chart.relation(best.rel).label),
            self.short(best.rel)
        );
        let hops = if same_length {
            count(longest as u32, "hop")
        } else {
            format!("{shortest} to {longest} hops")
        };
        let along = if directed {
            " along a directed path (each relation followed in its own direction)"
        } else {
            ""
        };
        let text = if chains.len() == 1 {
            format!(
                "{} connects to {} in {hops}{along}{}; {}; weakest link: {link}.",
                self.name(start),
                self.name(end),
                self.under(),
                breakdown(self.counts, &rels),
            )
        } else {
            format!(
                "{} connects to {} in {hops}{along} by {} through {}{}; {}; the best chain's weakest link: {link}.",
                self.name(start),
                self.name(end),
                count(chains.len() as u32, "chain"),
                count(rels.len() as u32, "relation"),
                self.under(),
                breakdown(self.counts, &rels),
            )
        };
        self.bottom_line(&text);
        self.when(&Scope::Path { chains, directed }, &rels);

        // Chains through the same actors make one route.
        let mut routes: Vec<(Vec<ActorIx>, Vec<&Chain>)> = Vec::new();
        for chain in chains {
            let actors = chain.actors();
            match routes.iter_mut().find(|(a, _)| *a == actors) {
                Some((_, group)) => group.push(chain),
                None => routes.push((actors, vec![chain])),
            }
        }
        if routes.len() == 1 {
            let _ = writeln!(self.out, "## Route\n");
            let line = self.route(&routes[0].1);
            let _ = writeln!(self.out, "{line}\n");
        } else {
            let _ = writeln!(self.out, "## Routes\n");
            for (i, (_, group)) in routes.iter().enumerate() {
                let line = self.route(group);
                let _ = writeln!(self.out, "{}. {line}", i + 1);
            }
            self.out.push('\n');
        }
        for (k, group) in by_hop.iter().enumerate() {
            if same_length {
                let _ = writeln!(self.out, "## Hop {} of {longest}\n", k + 1);
            } else {
                let _ = writeln!(self.out, "## Relations, strongest chain first\n");
            }
            for h in group {
                let arrow = if h.forward { "→" } else { "←" };
                self.relation("- ", h.rel, h.from, arrow, h.to);
            }
            self.out.push('\n');
        }
    }

    /// Chains through the same actors as one line: the actors with arrows
    /// in the relations' directions (`–` where the chains differ), then for
    /// each hop its relation, or how many relations it can take.
    fn route(&self, chains: &[&Chain]) -> String {
        let first = chains[0];
        let mut s = self.name(first.start);
        let mut via = Vec::new();
        for (k, h) in first.hops.iter().enumerate() {
            let mut rels: Vec<RelIx> = Vec::new();
            let (mut fwd, mut back) = (false, false);
            for c in chains {
                let hk = &c.hops[k];
                fwd |= hk.forward;
                back |= !hk.forward;
                if !rels.contains(&hk.rel) {
                    rels.push(hk.rel);
                }
            }
            let arrow = match (fwd, back) {
                (true, false) => "→",
                (false, true) => "←",
                _ => "–",
            };
            let _ = write!(s, " {arrow} {}", self.name(h.to));
            via.push(match rels.as_slice() {
                [r] => esc(&self.chart.relation(*r).label),
                _ => format!("any of {} relations", rels.len()),
            });
        }
        let _ = write!(s, " (via {})", via.join("; "));
        s
    }

    // ── Pieces ──────────────────────────────────────────────────────────

    /// The bottom line when nothing is visible.
    fn nothing(&self, who: &str) -> String {
        if self.filter.is_empty() {
            format!("{who} has no relations.")
        } else {
            format!("{who} has no relations visible under the current filter.")
        }
    }

    fn short(&self, r: RelIx) -> String {
        if self.counts.rel_claims[r] == 0 {
            "filtered out".to_string()
        } else {
            support_short(self.counts, r)
        }
    }

    fn hop_ends(&self, h: &Hop) -> String {
        let arrow = if h.forward { "→" } else { "←" };
        format!("{} {arrow} {}", self.name(h.from), self.name(h.to))
    }

    /// `A → B, label (4 claims, 2 sources)`.
    fn rel_phrase(&self, r: RelIx) -> String {
        let (a, b) = self.chart.ends(r);
        format!(
            "{} → {}, {} ({})",
            self.name(a),
            self.name(b),
            esc(&self.chart.relation(r).label),
            self.short(r)
        )
    }

    /// A relation's bullet (`marker` starts it) with its visible claims
    /// nested under it; `left arrow right` names its ends.
    fn relation(&mut self, marker: &str, r: RelIx, left: ActorIx, arrow: &str, right: ActorIx) {
        let strength = self.counts.strength(r);
        let how = if strength == Strength::Hidden {
            "filtered out: no claim passes the current filter".to_string()
        } else {
            format!("{}, {}", strength.label(), support(self.counts, r))
        };
        let _ = writeln!(
            self.out,
            "{marker}**{} {arrow} {}**: {} — {how}",
            self.name(left),
            self.name(right),
            esc(&self.chart.relation(r).label),
        );
        for c in super::claims_by_date(self.chart, self.filter, r) {
            self.claim(r, c, "    ");
        }
    }

    fn chronology_of(&self, scope: &Scope, rels: &[RelIx]) -> Chronology {
        super::chronology_of(self.chart, self.filter, scope, rels)
    }

    /// The span of dates of the claims of `rels`, which `scope` selects:
    /// `Claims dated 1979-03-26 to 2020-12-10; 4 undated.`
    fn when(&mut self, scope: &Scope, rels: &[RelIx]) {
        let chart = self.chart;
        let c = self.chronology_of(scope, rels);
        let label = |g: u32| chart.date_of(g as usize).map(|d| esc(&d.label()));
        let first = c.dated.first().and_then(|&g| label(g));
        let last = c
            .dated
            .iter()
            .max_by_key(|&&g| chart.span_of(g as usize).map(|s| (s.last, s.first)))
            .and_then(|&g| label(g));
        let mut line = match (first, last) {
            (Some(a), Some(b)) if a == b => format!("Claims dated {a}"),
            (Some(a), Some(b)) => format!("Claims dated {a} to {b}"),
            _ if c.undated > 0 => "No claim here is dated".to_string(),
            _ if c.undated_hidden > 0 => "No dated claim here falls in the date range".to_string(),
            _ => return,
        };
        if c.undated > 0 {
            let _ = write!(line, "; {} undated", c.undated);
        }
        if !self.filter.dates.is_open() {
            let _ = write!(line, "; date range {}", self.filter.dates);
            if c.undated_hidden > 0 {
                let _ = write!(
                    line,
                    ", {} hidden",
                    count(c.undated_hidden as u32, "undated claim")
                );
            }
        }
        let _ = writeln!(self.out, "{line}.\n");
    }

    /// A claim's bullet at `indent`: its text, then a line of grades:
    /// Admiralty code per source with its footnote, confidence, cite, date
    /// and quote.
    fn claim(&mut self, r: RelIx, c: usize, indent: &str) {
        let codes = self.codes(r, c);
        claim_bullet(&mut self.out, self.chart, r, c, codes, indent);
    }

    /// A claim's Admiralty codes, one per source passing the filter, each
    /// with its footnote: `C2[^1], B2[^2]`.
    fn codes(&mut self, r: RelIx, c: usize) -> String {
        let chart = self.chart;
        let claim = chart.claim(r, c);
        let mut codes = Vec::new();
        let mut seen = Vec::new();
        for &s in chart.claim_sources(r, c) {
            let s = s as usize;
            if seen.contains(&s) || !self.filter.source_passes(chart, s) {
                continue;
            }
            seen.push(s);
            let n = self.footnote(s);
            codes.push(format!("{}[^{n}]", super::admiralty(chart, s, claim)));
        }
        if codes.is_empty() {
            codes.push("no source passes the current filter".to_string());
        }
        codes.join(", ")
    }

    fn footnote(&mut self, s: SourceIx) -> usize {
        if let Some(&n) = self.note_of.get(&s) {
            return n;
        }
        self.notes.push(s);
        let n = self.notes.len();
        self.note_of.insert(s, n);
        n
    }

    /// Appends the footnotes, and for a briefing the grading key and the
    /// filter line.
    fn finish(mut self, briefing: bool) -> String {
        if !self.notes.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        for (i, &s) in self.notes.iter().enumerate() {
            let _ = writeln!(self.out, "[^{}]: {}", i + 1, source_note(self.chart, s));
        }
        if !self.notes.is_empty() {
            self.out.push('\n');
        }
        if briefing {
            self.out.push_str(GRADES);
            let _ = writeln!(self.out, "Filters: {}", esc(&filters_text(self.filter)));
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

/// A claim's bullet at `indent` onto `out`: its text, then a line of
/// grades: `codes` (its Admiralty codes with their footnotes), confidence,
/// cite, date, the file it is in (in a chart of several) and quote.
pub(super) fn claim_bullet(
    out: &mut String,
    chart: &Chart,
    r: RelIx,
    c: usize,
    codes: String,
    indent: &str,
) {
    let claim = chart.claim(r, c);
    let text = esc(&claim.text);
    let text = if text.is_empty() {
        "(no text)".to_string()
    } else {
        text
    };
    let _ = writeln!(out, "{indent}- {text}");
    let mut grades = vec![codes];
    if let Some(conf) = claim.confidence {
        grades.push(format!("{} ({})", conf.words(), conf.range()));
    }
    let date = chart.claim_date(r, c).map(|d| d.label());
    for field in [claim.cite.as_ref(), date.as_ref()].into_iter().flatten() {
        let field = esc(field);
        if !field.is_empty() {
            grades.push(field);
        }
    }
    // Where it was written, in a chart of several files.
    if let Some(file) = chart.claim_file(r, c) {
        grades.push(format!("in {}", esc(&file.short)));
    }
    // A quote identical to the text is said once.
    if let Some(q) = claim.quote.as_deref().map(esc)
        && !q.is_empty()
        && q.trim_end_matches('.') != text.trim_end_matches('.')
    {
        grades.push(format!("“{q}”"));
    }
    let _ = writeln!(out, "{indent}  {}", grades.join(" · "));
}

/// A source's footnote text: `Name — human, reliability C (fairly
/// reliable); report: “Title”, publisher, date, <url>`.
pub(super) fn source_note(chart: &Chart, s: SourceIx) -> String {
    let d = &chart.dossier;
    let src = &d.sources[s];
    let mut line = format!("{} — {}", esc(&src.name), esc(src.kind.label()));
    match src.reliability {
        Some(r) => {
            let meaning = r.meaning();
            let meaning = meaning.strip_prefix("reliability ").unwrap_or(meaning);
            let _ = write!(line, ", reliability {} ({meaning})", r.letter());
        }
        None => line.push_str(", reliability not graded"),
    }
    if let Some(rep) = src.report.as_deref().and_then(|id| chart.report_ix(id)) {
        let rep = &d.reports()[rep];
        let mut parts = vec![format!("“{}”", esc(&rep.title))];
        parts.extend(
            [&rep.publisher, &rep.date]
                .into_iter()
                .flatten()
                .map(|s| esc(s))
                .filter(|s| !s.is_empty()),
        );
        if let Some(url) = rep.url.as_deref().map(url).filter(|u| !u.is_empty()) {
            parts.push(url);
        }
        let _ = write!(line, "; report: {}", parts.join(", "));
    }
    line
}

/// The key to the grades, at the end of every briefing.
pub(super) const GRADES: &str = "Grades: an Admiralty code pairs the source's reliability \
    (A completely reliable … F cannot be judged) with the credibility of the \
    information (1 confirmed by other sources … 6 cannot be judged); ? means not \
    graded. Likelihood words are ICD 203 terms with their ranges.\n\n";

/// How a relation ranks, strongest first: strength, then independent
/// sources, all sources and claims, most first.
fn rank(counts: &Counts, r: RelIx) -> (Strength, Reverse<u32>, Reverse<u32>, Reverse<u32>) {
    (
        counts.strength(r),
        Reverse(counts.rel_fact_sources[r]),
        Reverse(counts.rel_sources[r]),
        Reverse(counts.rel_claims[r]),
    )
}

/// The strongest of `rels` (the first of equals). `rels` is not empty.
fn strongest(counts: &Counts, rels: &[RelIx]) -> RelIx {
    *rels
        .iter()
        .min_by_key(|&&r| rank(counts, r))
        .expect("strongest of at least one relation")
}

/// `3 corroborated, 8 single-source, 4 resting on assessments only`.
fn breakdown(counts: &Counts, rels: &[RelIx]) -> String {
    let mut n = [0u32; 4];
    for &r in rels {
        n[counts.strength(r) as usize] += 1;
    }
    let words = [
        "corroborated",
        "single-source",
        "resting on assessments only",
        "filtered out",
    ];
    let parts: Vec<String> = n
        .iter()
        .zip(words)
        .filter(|(k, _)| **k > 0)
        .map(|(k, w)| format!("{k} {w}"))
        .collect();
    if parts.len() == 1 && rels.len() > 1 {
        format!("all {}", parts[0])
    } else {
        parts.join(", ")
    }
}

/// Untrusted text as inline Markdown on one line: sanitised, whitespace
/// (newlines included) collapsed to single spaces, and every character that
/// could open structure escaped with a backslash: `\` `` ` `` `*` `[` `]`
/// `<` `|` `~` `#` always; `_` where it could start or end emphasis; `&`
/// where it could start an entity; and a leading `>`, `- `, `+ `, `---`,
/// `===` or `1. `/`1) ` that could start a block.
pub(crate) fn esc(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut first = true;
    for word in s.split_whitespace() {
        if !first {
            out.push(' ');
        }
        esc_word(word, first, &mut out);
        first = false;
    }
    out
}

/// Escapes one word of text (no whitespace) onto `out`; `leading` when it
/// starts the text. Works in one pass, for texts of any size.
fn esc_word(word: &str, leading: bool, out: &mut String) {
    let mut prev: Option<char> = None;
    let mut digits_only = leading;
    let mut chars = word.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' | '#' => true,
            '_' => !(alnum(prev) && alnum(next)),
            '&' => entity_like(&word[i + 1..]),
            '>' => leading && i == 0,
            // `-`, `+`, `=` start a block only alone or repeated (`- x`, `---`).
            '-' | '+' | '=' => leading && i == 0 && word.chars().all(|w| w == c),
            // `1.` or `12)` followed by a space starts an ordered list.
            '.' | ')' => digits_only && i > 0 && next.is_none(),
            _ => false,
        };
        digits_only &= c.is_ascii_digit();
        if escape {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
}

/// A report's URL: an autolink `<https://…>` when it is a plain http(s)
/// URL (no spaces, no `<` or `>`), otherwise escaped text, so that no other
/// scheme (`javascript:`) becomes a link.
fn url(s: &str) -> String {
    let clean = clean(s);
    let u = clean.trim();
    let plain = (u.starts_with("https://") || u.starts_with("http://"))
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'));
    if plain { format!("<{u}>") } else { esc(u) }
}

/// Whether the text after a `&` reads as an HTML entity (`amp;`, `#38;`).
fn entity_like(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

#[cfg(test)]
mod tests {
    use super::{esc, url};

    #[test]
    fn escapes_structure_only() {
        assert_eq!(esc("Government of Tunisia"), "Government of Tunisia");
        assert_eq!(
            esc("a *b* [c](d) <e> `f` |g| ~h~"),
            r"a \*b\* \[c\](d) \<e> \`f\` \|g\| \~h\~"
        );
        assert_eq!(esc("snake_case _emph_"), r"snake_case \_emph\_");
        assert_eq!(esc("AT&T &amp; &#38;"), r"AT&T \&amp; \&\#38;");
        assert_eq!(esc("# head"), r"\# head");
        assert_eq!(esc("- item"), r"\- item");
        assert_eq!(esc("> quote"), r"\> quote");
        assert_eq!(esc("12. item"), r"12\. item");
        assert_eq!(esc("a - b > c"), "a - b > c");
        assert_eq!(esc("-5% and 3.5 million"), "-5% and 3.5 million");
        assert_eq!(esc("--- rule"), r"\--- rule");
        assert_eq!(esc("1) x"), r"1\) x");
        assert_eq!(esc("one\n\n  two\tthree"), "one two three");
        assert_eq!(esc("\x1b]52;c;x\x07"), "␛\\]52;c;x␇");
        assert_eq!(url("https://e.x/a_b*c"), "<https://e.x/a_b*c>");
        assert_eq!(url("https://e.x/?q=<b>"), r"https://e.x/?q=\<b>");
        assert_eq!(url("javascript:alert(1)"), "javascript:alert(1)");
    }
}
