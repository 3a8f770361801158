//! What changed between two versions of a chart ([`crate::dossier::diff`]),
//! kept to what the filters show and written for people (a Markdown
//! briefing read in a minute) or programs (JSON).
//!
//! ```text
//! # What changed: <title>
//!
//! Date: <date> · Dossier: <title>
//!
//! From: HEAD~1:charts · To: charts
//!
//! **Summary:** claims: 2 new, 1 changed, 1 removed; actors: 1 new.
//!
//! ## New claims
//!
//! - **A → B**: label
//!     - Claim text.
//!       C3[^1] · likely (55-80%) · ¶2
//!
//! ## Changed claims
//!
//! - **A → B**: label
//!     - Claim text.
//!       credibility 3 → 2
//!       C2[^1]
//!
//! ## Removed claims … ## Actors … ## Sources … ## Reports …
//!
//! [^1]: Source name — human, reliability C (fairly reliable)
//!
//! Grades: …
//!
//! Filters: none (all sources)
//! ```
//!
//! The filters apply to both versions: an entry stays when its item is
//! visible in the version where it is (either, for a change). Added and
//! changed claims carry their new grades, removed ones their old grades;
//! sources are footnoted once, as the newer version has them.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;

use super::markdown::{GRADES, claim_bullet, esc, source_note};
use super::{count, filters_text};
use crate::dossier::Claim;
use crate::dossier::diff::{
    Change, ChartDiff, ClaimAt, ClaimChange, FieldChange, ItemChange, describe,
};
use crate::filter::{Counts, Filter};
use crate::graph::{ActorIx, Chart, RelIx, SourceIx};

/// One version of the chart: the chart, the filter on it, what it is
/// called (`HEAD~1:charts`, `charts`) and, read from git, the commit.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub chart: &'a Chart,
    pub filter: &'a Filter,
    pub label: &'a str,
    pub commit: Option<&'a str>,
}

/// A diff kept to what the filters show on either side, ready to write.
pub struct DiffReport<'a> {
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub diff: ChartDiff,
    /// Changed claims hidden only for being undated while a date range is
    /// set.
    pub undated_hidden: usize,
}

impl<'a> DiffReport<'a> {
    /// `diff` (of `old.chart` to `new.chart`) kept to what the filters show:
    /// an added item must be visible in the new chart, a removed one in the
    /// old, a changed one in either. Claims are visible as the filter says;
    /// relations when a claim of theirs is; actors when a relation of theirs
    /// is, or when they have none and their kind passes; sources when they
    /// pass; reports when a source citing them passes (or none cites them).
    pub fn new(mut diff: ChartDiff, old: Side<'a>, new: Side<'a>) -> DiffReport<'a> {
        let mut undated_hidden = 0;
        if !(old.filter.is_empty() && new.filter.is_empty()) {
            let (vo, vn) = (Visible::new(old), Visible::new(new));
            diff.claims.retain(|c| {
                let keep = either(c.change, c.old.is_some_and(|p| vo.claim(p)), || {
                    c.new.is_some_and(|p| vn.claim(p))
                });
                if !keep && (vo.hidden_undated(c.old) || vn.hidden_undated(c.new)) {
                    undated_hidden += 1;
                }
                keep
            });
            diff.relations.retain(|r| {
                either(r.change, r.old.is_some_and(|i| vo.relation(i)), || {
                    r.new.is_some_and(|i| vn.relation(i))
                })
            });
            items_of(&mut diff.actors, &vo, &vn, Visible::actor);
            items_of(&mut diff.sources, &vo, &vn, Visible::source);
            items_of(&mut diff.reports, &vo, &vn, Visible::report);
        }
        DiffReport {
            old,
            new,
            diff,
            undated_hidden,
        }
    }

    /// True when nothing changed (that the filters show).
    pub fn is_empty(&self) -> bool {
        self.diff.is_empty()
    }

    /// The JSON: `old` and `new` (what was compared, with `old_commit` and
    /// `new_commit` for revisions), `filters` and `date_range` when set, and the lists `actors`, `relations`, `claims`, `sources`
    /// and `reports` of [`ChartDiff`]'s entries.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'d> {
            old: &'d str,
            #[serde(skip_serializing_if = "Option::is_none")]
            old_commit: Option<&'d str>,
            new: &'d str,
            #[serde(skip_serializing_if = "Option::is_none")]
            new_commit: Option<&'d str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            filters: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            date_range: Option<DateRange>,
            #[serde(flatten)]
            diff: &'d ChartDiff,
        }
        #[derive(Serialize)]
        struct DateRange {
            #[serde(skip_serializing_if = "Option::is_none")]
            since: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            until: Option<String>,
            undated_hidden: usize,
        }
        let f = self.new.filter;
        let out = Out {
            old: self.old.label,
            old_commit: self.old.commit,
            new: self.new.label,
            new_commit: self.new.commit,
            filters: (!f.is_empty()).then(|| f.describe()),
            date_range: (!f.dates.is_open()).then(|| DateRange {
                since: f.dates.since.map(|x| x.to_string()),
                until: f.dates.until.map(|x| x.to_string()),
                undated_hidden: self.undated_hidden,
            }),
            diff: &self.diff,
        };
        let mut s = serde_json::to_string_pretty(&out).expect("a diff always serialises to JSON");
        s.push('\n');
        s
    }

    /// The Markdown briefing of the changes, dated `date`.
    pub fn markdown(&self, date: &str) -> String {
        let mut w = Writer {
            r: self,
            out: String::new(),
            notes: Vec::new(),
            note_of: HashMap::new(),
        };
        w.write(date);
        w.finish()
    }
}

/// Whether an entry stays: added ones by the new side, removed by the old,
/// changed by either.
fn either(change: Change, old: bool, new: impl FnOnce() -> bool) -> bool {
    match change {
        Change::Added => new(),
        Change::Removed => old,
        Change::Changed => old || new(),
    }
}

fn items_of<'a, T>(
    list: &mut Vec<ItemChange<T>>,
    vo: &Visible<'a>,
    vn: &Visible<'a>,
    ok: fn(&Visible<'a>, usize) -> bool,
) {
    list.retain(|x| {
        either(x.change, x.old.is_some_and(|i| ok(vo, i)), || {
            x.new.is_some_and(|i| ok(vn, i))
        })
    });
}

/// What a filter shows of one side.
struct Visible<'a> {
    side: Side<'a>,
    counts: Counts,
    /// Actors with a relation at all (whatever the filter).
    linked: Vec<bool>,
    /// The filter without its date range, to tell claims hidden only for
    /// being undated.
    open: Option<Filter>,
}

impl<'a> Visible<'a> {
    fn new(side: Side<'a>) -> Visible<'a> {
        let chart = side.chart;
        let mut linked = vec![false; chart.dossier.actors.len()];
        for r in 0..chart.dossier.relations.len() {
            let (a, b) = chart.ends(r);
            for x in [a, b] {
                if let Some(l) = linked.get_mut(x) {
                    *l = true;
                }
            }
        }
        Visible {
            counts: Counts::compute(chart, side.filter),
            linked,
            open: (!side.filter.dates.is_open()).then(|| Filter {
                dates: crate::dates::Range::default(),
                ..side.filter.clone()
            }),
            side,
        }
    }

    fn claim(&self, p: ClaimAt) -> bool {
        self.side
            .filter
            .claim_visible(self.side.chart, p.rel, p.claim)
    }

    /// Hidden only for having no date while a date range is set.
    fn hidden_undated(&self, p: Option<ClaimAt>) -> bool {
        let (Some(open), Some(p)) = (&self.open, p) else {
            return false;
        };
        let chart = self.side.chart;
        chart.claim_date(p.rel, p.claim).is_none() && open.claim_visible(chart, p.rel, p.claim)
    }

    fn relation(&self, r: RelIx) -> bool {
        self.counts.rel_claims.get(r).is_some_and(|&n| n > 0)
    }

    fn actor(&self, a: ActorIx) -> bool {
        self.counts.actor_rels.get(a).is_some_and(|&n| n > 0)
            || (!self.linked[a] && self.side.filter.actor_passes(self.side.chart, a))
    }

    fn source(&self, s: SourceIx) -> bool {
        self.side.filter.source_passes(self.side.chart, s)
    }

    fn report(&self, rep: usize) -> bool {
        let d = &self.side.chart.dossier;
        let id = d.reports()[rep].id.as_str();
        let mut citing =
            (0..d.sources.len()).filter(|&s| d.sources[s].report.as_deref() == Some(id));
        let mut any = false;
        let passes = citing.any(|s| {
            any = true;
            self.source(s)
        });
        passes || !any
    }
}

// ── Markdown ────────────────────────────────────────────────────────────

struct Writer<'r, 'a> {
    r: &'r DiffReport<'a>,
    out: String,
    /// Footnoted sources in order of first citation, by id, with the chart
    /// to describe each from (the new one where it is there).
    notes: Vec<(bool, SourceIx)>,
    note_of: HashMap<String, usize>,
}

impl<'a> Writer<'_, 'a> {
    fn side(&self, new: bool) -> Side<'a> {
        if new { self.r.new } else { self.r.old }
    }

    fn write(&mut self, date: &str) {
        let r = self.r;
        let title = esc(&r.new.chart.dossier.title);
        let _ = writeln!(self.out, "# What changed: {title}\n");
        let _ = writeln!(self.out, "Date: {} · Dossier: {title}\n", esc(date));
        let version = |s: Side| match s.commit {
            Some(c) => format!("{} ({})", code(s.label), esc(c)),
            None => code(s.label),
        };
        let _ = writeln!(
            self.out,
            "From: {} · To: {}\n",
            version(r.old),
            version(r.new)
        );
        let summary = self.summary();
        let _ = writeln!(self.out, "**Summary:** {summary}\n");
        let dates = &r.new.filter.dates;
        if !dates.is_open() {
            let mut line = format!("Date range: {dates}");
            if r.undated_hidden > 0 {
                let _ = write!(
                    line,
                    "; {} hidden",
                    count(r.undated_hidden as u32, "changed undated claim")
                );
            }
            let _ = writeln!(self.out, "{line}.\n");
        }
        for (change, heading) in [
            (Change::Added, "New claims"),
            (Change::Changed, "Changed claims"),
            (Change::Removed, "Removed claims"),
        ] {
            self.claims(change, heading);
        }
        self.actors();
        self.sources();
        self.reports();
    }

    /// `claims: 2 new, 1 changed, 1 removed; actors: 1 new.`
    fn summary(&self) -> String {
        let t = self.r.diff.tallies();
        let parts = t.phrases(": ", ", ", |n, c| {
            let word = match c {
                Change::Added => "new",
                Change::Changed => "changed",
                Change::Removed => "removed",
            };
            format!("{n} {word}")
        });
        let filtered = !(self.r.old.filter.is_empty() && self.r.new.filter.is_empty());
        if parts.is_empty() {
            if filtered {
                "no changes under the current filter.".to_string()
            } else {
                "no changes.".to_string()
            }
        } else {
            format!(
                "{}{}.",
                parts.join("; "),
                if filtered {
                    " (under the current filter)"
                } else {
                    ""
                }
            )
        }
    }

    /// The claims of one kind of change, grouped by relation in the order
    /// they come.
    fn claims(&mut self, change: Change, heading: &str) {
        let r = self.r;
        let picked: Vec<&ClaimChange> = r
            .diff
            .claims
            .iter()
            .filter(|c| c.change == change)
            .collect();
        if picked.is_empty() {
            return;
        }
        let _ = writeln!(self.out, "## {heading}\n");
        let mut groups: Vec<(&str, &str, &str, Vec<&ClaimChange>)> = Vec::new();
        for c in picked {
            match groups
                .iter_mut()
                .find(|g| (g.0, g.1, g.2) == (c.from.as_str(), c.to.as_str(), c.label.as_str()))
            {
                Some(g) => g.3.push(c),
                None => groups.push((&c.from, &c.to, &c.label, vec![c])),
            }
        }
        for (from, to, label, claims) in groups {
            let note = r
                .diff
                .relations
                .iter()
                .find(|x| (x.from.as_str(), x.to.as_str(), x.label.as_str()) == (from, to, label))
                .map(|x| match x.change {
                    Change::Added => " (new relation)",
                    Change::Removed => " (relation removed)",
                    Change::Changed => "",
                })
                .unwrap_or("");
            let names_new = change != Change::Removed;
            let _ = writeln!(
                self.out,
                "- **{} → {}**: {}{note}",
                self.actor_name(from, names_new),
                self.actor_name(to, names_new),
                esc(label)
            );
            for c in claims {
                self.claim(c);
            }
        }
        self.out.push('\n');
    }

    /// An actor's name by id, from one side (else the other, else the id).
    fn actor_name(&self, id: &str, new: bool) -> String {
        let name = |s: Side| {
            s.chart
                .actor_ix(id)
                .map(|a| s.chart.dossier.actors[a].name.clone())
        };
        let (first, second) = (self.side(new), self.side(!new));
        esc(&name(first)
            .or_else(|| name(second))
            .unwrap_or_else(|| id.to_string()))
    }

    fn claim(&mut self, c: &ClaimChange) {
        let (new, at) = match (c.change, c.new, c.old) {
            (Change::Removed, _, Some(p)) => (false, p),
            (_, Some(p), _) => (true, p),
            _ => return,
        };
        let side = self.side(new);
        let codes = self.codes(new, at);
        let mut bullet = String::new();
        claim_bullet(&mut bullet, side.chart, at.rel, at.claim, codes, "    ");
        if c.change == Change::Changed
            && let Some(old) = c.old
        {
            let was = self.r.old.chart.claim(old.rel, old.claim);
            let now = side.chart.claim(at.rel, at.claim);
            let what: Vec<String> = c
                .fields
                .iter()
                .map(|f| self.claim_field(f, was, now))
                .collect();
            // The change, between the text and the grades.
            if let Some(nl) = bullet.find('\n') {
                bullet.insert_str(nl + 1, &format!("      changed: {}\n", what.join("; ")));
            }
        }
        self.out.push_str(&bullet);
    }

    /// One changed field of a claim in words: `credibility 3 → 2`;
    /// sources by name.
    fn claim_field(&self, f: &FieldChange, was: &Claim, now: &Claim) -> String {
        if f.field != "sources" {
            return esc(&describe(f));
        }
        let names = |ids: &[String], side: Side| {
            ids.iter()
                .map(|id| {
                    side.chart
                        .source_ix(id)
                        .map_or_else(|| esc(id), |s| esc(&side.chart.dossier.sources[s].name))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "sources {} → {}",
            names(&was.sources, self.r.old),
            names(&now.sources, self.r.new)
        )
    }

    /// A claim's Admiralty codes on one side, each source passing that
    /// side's filter footnoted once (by id).
    fn codes(&mut self, new: bool, at: ClaimAt) -> String {
        let side = self.side(new);
        let chart = side.chart;
        let claim = chart.claim(at.rel, at.claim);
        let mut codes: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        for &s in chart.claim_sources(at.rel, at.claim) {
            let s = s as usize;
            if seen.contains(&s) || !side.filter.source_passes(chart, s) {
                continue;
            }
            seen.push(s);
            let n = self.footnote(new, s);
            codes.push(format!("{}[^{n}]", super::admiralty(chart, s, claim)));
        }
        if codes.is_empty() {
            codes.push("no source passes the current filter".to_string());
        }
        codes.join(", ")
    }

    fn footnote(&mut self, new: bool, s: SourceIx) -> usize {
        let id = &self.side(new).chart.dossier.sources[s].id;
        let id: &'a str = id;
        if let Some(&n) = self.note_of.get(id) {
            return n;
        }
        // Described as the new version has it, where it is there.
        let at = if new {
            (true, s)
        } else {
            match self.r.new.chart.source_ix(id) {
                Some(ns) => (true, ns),
                None => (false, s),
            }
        };
        self.notes.push(at);
        let n = self.notes.len();
        self.note_of.insert(id.to_string(), n);
        n
    }

    fn actors(&mut self) {
        let r = self.r;
        let lines = items_section(&r.diff.actors, |new, i| {
            let side = if new { r.new } else { r.old };
            let a = &side.chart.dossier.actors[i];
            let mut about = format!(
                "**{}** ({}) — {}",
                esc(&a.name),
                esc(&a.id),
                esc(a.kind.label())
            );
            if !a.aliases().is_empty() {
                let aliases: Vec<String> = a.aliases().iter().map(|s| esc(s)).collect();
                let _ = write!(about, "; also known as {}", aliases.join(", "));
            }
            about
        });
        self.section("Actors", lines);
    }

    fn sources(&mut self) {
        let r = self.r;
        let lines = items_section(&r.diff.sources, |new, i| {
            let side = if new { r.new } else { r.old };
            let src = &side.chart.dossier.sources[i];
            let (name, note) = (esc(&src.name), source_note(side.chart, i));
            let rest = note.strip_prefix(name.as_str()).unwrap_or(&note);
            format!("**{name}** ({}){rest}", esc(&src.id))
        });
        self.section("Sources", lines);
    }

    fn reports(&mut self) {
        let r = self.r;
        let lines = items_section(&r.diff.reports, |new, i| {
            let side = if new { r.new } else { r.old };
            let rep = &side.chart.dossier.reports()[i];
            let mut parts = vec![format!("“{}”", esc(&rep.title))];
            parts.extend(
                [&rep.publisher, &rep.date]
                    .into_iter()
                    .flatten()
                    .map(|s| esc(s)),
            );
            format!("{} ({})", parts.join(", "), esc(&rep.id))
        });
        self.section("Reports", lines);
    }

    fn section(&mut self, heading: &str, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(self.out, "## {heading}\n");
        for l in lines {
            let _ = writeln!(self.out, "- {l}");
        }
        self.out.push('\n');
    }

    fn finish(mut self) -> String {
        if !self.notes.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        for (i, &(new, s)) in self.notes.iter().enumerate() {
            let chart = if new {
                self.r.new.chart
            } else {
                self.r.old.chart
            };
            let _ = writeln!(self.out, "[^{}]: {}", i + 1, source_note(chart, s));
        }
        if !self.notes.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(GRADES);
        let _ = writeln!(
            self.out,
            "Filters: {}",
            esc(&filters_text(self.r.new.filter))
        );
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

/// A revision or path as inline code, or escaped text when it holds a
/// backtick.
fn code(s: &str) -> String {
    let clean = crate::sanitize::sanitize(s).replace('\n', " ");
    if clean.contains('`') {
        esc(&clean)
    } else {
        format!("`{clean}`")
    }
}

/// Lines for the added, changed and removed items of one kind:
/// `New: …` (described by `about(new side?, index)`), `Changed: … — what`,
/// `Removed: …`.
fn items_section<T>(list: &[ItemChange<T>], about: impl Fn(bool, usize) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    for (change, word) in [
        (Change::Added, "New"),
        (Change::Changed, "Changed"),
        (Change::Removed, "Removed"),
    ] {
        for x in list.iter().filter(|x| x.change == change) {
            let line = match (change, x.new, x.old) {
                (Change::Removed, _, Some(i)) => about(false, i),
                (Change::Changed, Some(i), _) => {
                    let what: Vec<String> = x.fields.iter().map(value_change).collect();
                    format!("{}: {}", about(true, i), what.join("; "))
                }
                (_, Some(i), _) => about(true, i),
                _ => continue,
            };
            lines.push(format!("{word}: {line}"));
        }
    }
    lines
}

/// A changed field in words, as Markdown.
fn value_change(f: &FieldChange) -> String {
    esc(&describe(f))
}
