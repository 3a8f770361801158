//! What changed between two versions of a chart, item by item.
//!
//! Identity (FORMAT.md, "Identity across versions"): an actor, source or
//! report is its `id`; a relation is its `from`, `to` and `label`; a claim
//! is its relation and its `text`. Which file holds an item, the order of
//! items and of lists inside them, and the layout of the text do not
//! count: sources of a claim and aliases of an actor are compared as sets,
//! and an actor's note (joined from several files) as a set of paragraphs.
//!
//! Claims of a relation are matched in three passes:
//! 1. the same text and the same content (nothing changed);
//! 2. the same text, other content (changed);
//! 3. among the claims left on each side, a removed and an added claim with
//!    the same sources and either the same non-empty `quote` or `cite`, or
//!    texts at least 80% similar ([`strsim::normalized_levenshtein`]: one
//!    minus the edit distance in characters over the longer length), are
//!    the same claim, reworded. Pairs are taken best similarity first (ties
//!    by position), so the result does not depend on anything else.
//!
//! Pass 3 compares every removed claim with every added one of the same
//! relation and sources, skipping pairs whose lengths alone rule out 80%;
//! past [`MAX_SIMILARITY_PAIRS`] texts compared on one relation, the rest
//! are paired by quote and cite only.
//!
//! The result ([`ChartDiff`]) lists entries in the new chart's order, with
//! what is gone after: a removed relation's claims are listed as removed.
//! It serialises to the JSON of `linkchart diff --format json`.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::model::{Actor, Claim, Dossier, Relation, Report, Source};

/// How many claim texts pass 3 compares on one relation at most.
pub const MAX_SIMILARITY_PAIRS: usize = 200_000;

/// The least similarity at which a reworded claim is the same claim.
pub const SIMILAR: f64 = 0.8;

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One field of a changed item: its name as in the format, and its old and
/// new values as the JSON export writes them (`null` when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// An actor, source or report that was added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemChange<T> {
    pub change: Change,
    pub id: String,
    /// For `Changed`: what differs, in the format's field order.
    pub fields: Vec<FieldChange>,
    /// For `Added`, the new item; for `Removed`, the old one.
    pub item: Option<T>,
    /// Its index in the old and in the new dossier, where it is.
    pub old: Option<usize>,
    pub new: Option<usize>,
}

pub type ActorChange = ItemChange<Actor>;
pub type SourceChange = ItemChange<Source>;
pub type ReportChange = ItemChange<Report>;

/// A relation that was added or removed. (A relation has no fields beyond
/// its identity: what changes on it is its claims.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationChange {
    pub change: Change,
    pub from: String,
    pub to: String,
    pub label: String,
    /// Its number of claims (on the side where it is).
    pub claims: usize,
    pub old: Option<usize>,
    pub new: Option<usize>,
}

/// Where a claim is: `relations[rel].claims[claim]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimAt {
    pub rel: usize,
    pub claim: usize,
}

/// A claim that was added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimChange {
    pub change: Change,
    pub from: String,
    pub to: String,
    pub label: String,
    /// The claim's text (the new one, when it was reworded).
    pub text: String,
    /// For `Changed`: what differs (`text` first when reworded).
    pub fields: Vec<FieldChange>,
    /// For `Added`, the new claim; for `Removed`, the old one.
    pub item: Option<Claim>,
    pub old: Option<ClaimAt>,
    pub new: Option<ClaimAt>,
    /// For a removed claim, its relation in the new dossier, when the
    /// relation is still there.
    pub new_rel: Option<usize>,
}

/// Everything that changed from one version of a chart to another.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChartDiff {
    pub actors: Vec<ActorChange>,
    pub relations: Vec<RelationChange>,
    pub claims: Vec<ClaimChange>,
    pub sources: Vec<SourceChange>,
    pub reports: Vec<ReportChange>,
}

/// How many items of each kind were added, removed and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Tally {
    fn of<'a>(changes: impl Iterator<Item = &'a Change>) -> Tally {
        let mut t = Tally::default();
        for c in changes {
            match c {
                Change::Added => t.added += 1,
                Change::Removed => t.removed += 1,
                Change::Changed => t.changed += 1,
            }
        }
        t
    }

    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }
}

/// The tallies of a diff, per kind of item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tallies {
    pub actors: Tally,
    pub relations: Tally,
    pub claims: Tally,
    pub sources: Tally,
    pub reports: Tally,
}

impl Tallies {
    /// One phrase per kind of item that changed, claims first: `word`
    /// writes each of a kind's non-zero counts (added, changed, removed, in
    /// that order) and the counts are joined by `sep` after the kind's name
    /// and `lead`. `word(3, Change::Added)` → `+3` gives `claims +3 ~1`.
    pub fn phrases(
        &self,
        lead: &str,
        sep: &str,
        word: impl Fn(usize, Change) -> String,
    ) -> Vec<String> {
        [
            ("claims", self.claims),
            ("relations", self.relations),
            ("actors", self.actors),
            ("sources", self.sources),
            ("reports", self.reports),
        ]
        .into_iter()
        .filter_map(|(what, t)| {
            let bits: Vec<String> = [
                (t.added, Change::Added),
                (t.changed, Change::Changed),
                (t.removed, Change::Removed),
            ]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, c)| word(n, c))
            .collect();
            (!bits.is_empty()).then(|| format!("{what}{lead}{}", bits.join(sep)))
        })
        .collect()
    }
}

impl ChartDiff {
    /// True when the two versions hold the same chart.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.relations.is_empty()
            && self.claims.is_empty()
            && self.sources.is_empty()
            && self.reports.is_empty()
    }

    pub fn tallies(&self) -> Tallies {
        Tallies {
            actors: Tally::of(self.actors.iter().map(|c| &c.change)),
            relations: Tally::of(self.relations.iter().map(|c| &c.change)),
            claims: Tally::of(self.claims.iter().map(|c| &c.change)),
            sources: Tally::of(self.sources.iter().map(|c| &c.change)),
            reports: Tally::of(self.reports.iter().map(|c| &c.change)),
        }
    }
}

/// The changes by where they are in the new dossier, to mark items on a
/// screen showing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Per actor of the new dossier: added or changed.
    pub actors: Vec<Option<Change>>,
    /// Per relation of the new dossier: added, or changed when a claim of
    /// it was added, changed or removed.
    pub relations: Vec<Option<Change>>,
    /// Per claim of the new dossier that was added or changed: its entry
    /// in [`ChartDiff::claims`].
    pub claims: HashMap<ClaimAt, usize>,
    /// Per relation of the new dossier: its removed claims (entries in
    /// [`ChartDiff::claims`]), in the old order.
    pub removed: HashMap<usize, Vec<usize>>,
}

impl Marks {
    /// The marks of `diff`, a diff whose new side is `new`.
    pub fn of(diff: &ChartDiff, new: &Dossier) -> Marks {
        let mut m = Marks {
            actors: vec![None; new.actors.len()],
            relations: vec![None; new.relations.len()],
            ..Marks::default()
        };
        for a in &diff.actors {
            if let Some(slot) = a.new.and_then(|i| m.actors.get_mut(i)) {
                *slot = Some(a.change);
            }
        }
        for r in &diff.relations {
            if let Some(slot) = r.new.and_then(|i| m.relations.get_mut(i)) {
                *slot = Some(r.change);
            }
        }
        for (k, c) in diff.claims.iter().enumerate() {
            let rel = match (c.new, c.new_rel) {
                (Some(at), _) => {
                    m.claims.insert(at, k);
                    at.rel
                }
                (None, Some(rel)) => {
                    m.removed.entry(rel).or_default().push(k);
                    rel
                }
                (None, None) => continue,
            };
            if let Some(slot @ None) = m.relations.get_mut(rel) {
                *slot = Some(Change::Changed);
            }
        }
        m
    }
}

/// What changed from `old` to `new` (two merged, validated dossiers).
pub fn diff(old: &Dossier, new: &Dossier) -> ChartDiff {
    let mut d = ChartDiff {
        actors: items(&old.actors, &new.actors),
        sources: items(&old.sources, &new.sources),
        reports: items(old.reports(), new.reports()),
        ..ChartDiff::default()
    };
    relations(old, new, &mut d);
    d
}

// ── Actors, sources, reports ────────────────────────────────────────────

/// An item with an id and fields compared one by one.
trait Versioned: Clone + Serialize {
    fn id(&self) -> &str;
    /// The fields that differ from `old` to `self`, in format order.
    fn changes_from(&self, old: &Self, out: &mut Vec<FieldChange>);
    /// The fields other than the id, present ones only, in format order.
    fn details(&self) -> Vec<(&'static str, Value)>;
}

fn value<T: Serialize + ?Sized>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// Records `name` when `old` and `new` differ.
fn field<T: PartialEq + Serialize + ?Sized>(
    out: &mut Vec<FieldChange>,
    name: &'static str,
    old: &T,
    new: &T,
) {
    if old != new {
        out.push(FieldChange {
            field: name,
            old: value(old),
            new: value(new),
        });
    }
}

/// Records `name` when `old` and `new` differ as sets (`old_set` and
/// `new_set`, each sorted without repeats).
fn set_field<T: Serialize + ?Sized>(
    out: &mut Vec<FieldChange>,
    name: &'static str,
    (old, old_set): (&T, Vec<&str>),
    (new, new_set): (&T, Vec<&str>),
) {
    if old_set != new_set {
        out.push(FieldChange {
            field: name,
            old: value(old),
            new: value(new),
        });
    }
}

fn sorted<'a>(parts: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = parts.collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn source_set(c: &Claim) -> Vec<&str> {
    sorted(c.sources.iter().map(String::as_str))
}

fn alias_set(a: &Actor) -> Vec<&str> {
    sorted(a.aliases().iter().map(String::as_str))
}

/// An actor's note as a set of paragraphs: notes declared in several
/// files are joined by blank lines, in file order.
fn note_set(a: &Actor) -> Vec<&str> {
    sorted(a.note.as_deref().into_iter().flat_map(|n| n.split("\n\n")))
}

/// `(name, value)` for each field that is present.
fn present(fields: &[(&'static str, Option<Value>)]) -> Vec<(&'static str, Value)> {
    fields
        .iter()
        .filter_map(|(k, v)| v.clone().map(|v| (*k, v)))
        .collect()
}

fn opt<T: Serialize>(x: &Option<T>) -> Option<Value> {
    x.as_ref().map(value)
}

impl Versioned for Actor {
    fn id(&self) -> &str {
        &self.id
    }
    fn changes_from(&self, old: &Self, out: &mut Vec<FieldChange>) {
        field(out, "name", &old.name, &self.name);
        field(out, "kind", &old.kind, &self.kind);
        set_field(
            out,
            "aliases",
            (&old.aliases, alias_set(old)),
            (&self.aliases, alias_set(self)),
        );
        set_field(
            out,
            "note",
            (&old.note, note_set(old)),
            (&self.note, note_set(self)),
        );
    }
    fn details(&self) -> Vec<(&'static str, Value)> {
        present(&[
            ("name", Some(value(&self.name))),
            ("kind", Some(value(&self.kind))),
            ("aliases", opt(&self.aliases)),
            ("note", opt(&self.note)),
        ])
    }
}

impl Versioned for Source {
    fn id(&self) -> &str {
        &self.id
    }
    fn changes_from(&self, old: &Self, out: &mut Vec<FieldChange>) {
        field(out, "name", &old.name, &self.name);
        field(out, "kind", &old.kind, &self.kind);
        field(out, "reliability", &old.reliability, &self.reliability);
        field(out, "report", &old.report, &self.report);
        field(out, "note", &old.note, &self.note);
    }
    fn details(&self) -> Vec<(&'static str, Value)> {
        present(&[
            ("name", Some(value(&self.name))),
            ("kind", Some(value(&self.kind))),
            ("reliability", opt(&self.reliability)),
            ("report", opt(&self.report)),
            ("note", opt(&self.note)),
        ])
    }
}

impl Versioned for Report {
    fn id(&self) -> &str {
        &self.id
    }
    fn changes_from(&self, old: &Self, out: &mut Vec<FieldChange>) {
        field(out, "title", &old.title, &self.title);
        field(out, "publisher", &old.publisher, &self.publisher);
        field(out, "date", &old.date, &self.date);
        field(out, "url", &old.url, &self.url);
    }
    fn details(&self) -> Vec<(&'static str, Value)> {
        present(&[
            ("title", Some(value(&self.title))),
            ("publisher", opt(&self.publisher)),
            ("date", opt(&self.date)),
            ("url", opt(&self.url)),
        ])
    }
}

/// Items of one kind matched by id: changed and added in the new order,
/// then removed in the old order.
fn items<T: Versioned>(old: &[T], new: &[T]) -> Vec<ItemChange<T>> {
    let by_id: HashMap<&str, usize> = old.iter().enumerate().map(|(i, x)| (x.id(), i)).collect();
    let mut seen = vec![false; old.len()];
    let mut out = Vec::new();
    for (j, item) in new.iter().enumerate() {
        match by_id.get(item.id()) {
            Some(&i) => {
                seen[i] = true;
                let mut fields = Vec::new();
                item.changes_from(&old[i], &mut fields);
                if !fields.is_empty() {
                    out.push(ItemChange {
                        change: Change::Changed,
                        id: item.id().to_string(),
                        fields,
                        item: None,
                        old: Some(i),
                        new: Some(j),
                    });
                }
            }
            None => out.push(ItemChange {
                change: Change::Added,
                id: item.id().to_string(),
                fields: Vec::new(),
                item: Some(item.clone()),
                old: None,
                new: Some(j),
            }),
        }
    }
    for (i, item) in old.iter().enumerate().filter(|&(i, _)| !seen[i]) {
        out.push(ItemChange {
            change: Change::Removed,
            id: item.id().to_string(),
            fields: Vec::new(),
            item: Some(item.clone()),
            old: Some(i),
            new: None,
        });
    }
    out
}

// ── Relations and claims ────────────────────────────────────────────────

type RelKey<'a> = (&'a str, &'a str, &'a str);

fn key(r: &Relation) -> RelKey<'_> {
    (&r.from, &r.to, &r.label)
}

fn relations(old: &Dossier, new: &Dossier, d: &mut ChartDiff) {
    // Relations mostly keep their places: each is looked for at its own
    // index first, and the index of all is built at the first miss.
    let mut by_key: Option<HashMap<RelKey, usize>> = None;
    let mut find = |j: usize, k: RelKey| -> Option<usize> {
        if old.relations.get(j).is_some_and(|r| key(r) == k) {
            return Some(j);
        }
        by_key
            .get_or_insert_with(|| {
                old.relations
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (key(r), i))
                    .collect()
            })
            .get(&k)
            .copied()
    };
    let mut seen = vec![false; old.relations.len()];
    for (j, rn) in new.relations.iter().enumerate() {
        match find(j, key(rn)) {
            Some(i) => {
                seen[i] = true;
                let ro = &old.relations[i];
                if ro.claims != rn.claims {
                    claims(ro, i, rn, j, &mut d.claims);
                }
            }
            None => {
                d.relations
                    .push(rel_change(Change::Added, rn, None, Some(j)));
                for (k, c) in rn.claims.iter().enumerate() {
                    d.claims.push(whole_claim(
                        Change::Added,
                        rn,
                        c,
                        None,
                        Some(ClaimAt { rel: j, claim: k }),
                    ));
                }
            }
        }
    }
    for (i, ro) in old.relations.iter().enumerate().filter(|&(i, _)| !seen[i]) {
        d.relations
            .push(rel_change(Change::Removed, ro, Some(i), None));
        for (k, c) in ro.claims.iter().enumerate() {
            d.claims.push(whole_claim(
                Change::Removed,
                ro,
                c,
                Some(ClaimAt { rel: i, claim: k }),
                None,
            ));
        }
    }
}

fn rel_change(
    change: Change,
    r: &Relation,
    old: Option<usize>,
    new: Option<usize>,
) -> RelationChange {
    RelationChange {
        change,
        from: r.from.clone(),
        to: r.to.clone(),
        label: r.label.clone(),
        claims: r.claims.len(),
        old,
        new,
    }
}

/// A claim added or removed as a whole.
fn whole_claim(
    change: Change,
    r: &Relation,
    c: &Claim,
    old: Option<ClaimAt>,
    new: Option<ClaimAt>,
) -> ClaimChange {
    ClaimChange {
        change,
        from: r.from.clone(),
        to: r.to.clone(),
        label: r.label.clone(),
        text: c.text.clone(),
        fields: Vec::new(),
        item: Some(c.clone()),
        old,
        new,
        new_rel: None,
    }
}

/// The fields of a claim that differ from `old` to `new`, text first.
fn claim_fields(old: &Claim, new: &Claim) -> Vec<FieldChange> {
    let mut out = Vec::new();
    field(&mut out, "text", &old.text, &new.text);
    set_field(
        &mut out,
        "sources",
        (&old.sources, source_set(old)),
        (&new.sources, source_set(new)),
    );
    field(&mut out, "credibility", &old.credibility, &new.credibility);
    field(&mut out, "confidence", &old.confidence, &new.confidence);
    field(&mut out, "quote", &old.quote, &new.quote);
    field(&mut out, "cite", &old.cite, &new.cite);
    field(&mut out, "date", &old.date, &new.date);
    out
}

/// The same claim, nothing changed: equal fields, sources as a set.
fn same_claim(a: &Claim, b: &Claim) -> bool {
    a.text == b.text
        && a.credibility == b.credibility
        && a.confidence == b.confidence
        && a.quote == b.quote
        && a.cite == b.cite
        && a.date == b.date
        && (a.sources == b.sources || source_set(a) == source_set(b))
}

/// The claims of one relation present in both versions (`ro` old at index
/// `i`, `rn` new at `j`), matched; what changed goes to `out`.
fn claims(ro: &Relation, i: usize, rn: &Relation, j: usize, out: &mut Vec<ClaimChange>) {
    let (oc, nc) = (&ro.claims, &rn.claims);
    // The common case: the same claims in the same order.
    if oc.len() == nc.len() && oc.iter().zip(nc).all(|(a, b)| same_claim(a, b)) {
        return;
    }
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::default();
    for (k, c) in oc.iter().enumerate() {
        by_text.entry(c.text.as_str()).or_default().push(k);
    }
    let mut old_of: Vec<Option<usize>> = vec![None; nc.len()];
    let mut used = vec![false; oc.len()];
    // Pass 1: the same claim, unchanged.
    for (k, c) in nc.iter().enumerate() {
        if let Some(cands) = by_text.get(c.text.as_str())
            && let Some(&o) = cands.iter().find(|&&o| !used[o] && same_claim(&oc[o], c))
        {
            used[o] = true;
            old_of[k] = Some(o);
        }
    }
    // Pass 2: the same text, changed.
    for (k, c) in nc.iter().enumerate() {
        if old_of[k].is_none()
            && let Some(cands) = by_text.get(c.text.as_str())
            && let Some(&o) = cands.iter().find(|&&o| !used[o])
        {
            used[o] = true;
            old_of[k] = Some(o);
        }
    }
    // Pass 3: reworded.
    let removed: Vec<usize> = (0..oc.len()).filter(|&o| !used[o]).collect();
    let added: Vec<usize> = (0..nc.len()).filter(|&k| old_of[k].is_none()).collect();
    for (o, k) in reworded(oc, nc, &removed, &added) {
        used[o] = true;
        old_of[k] = Some(o);
    }

    for (k, c) in nc.iter().enumerate() {
        let new = Some(ClaimAt { rel: j, claim: k });
        match old_of[k] {
            Some(o) => {
                let fields = claim_fields(&oc[o], c);
                if !fields.is_empty() {
                    out.push(ClaimChange {
                        change: Change::Changed,
                        from: rn.from.clone(),
                        to: rn.to.clone(),
                        label: rn.label.clone(),
                        text: c.text.clone(),
                        fields,
                        item: None,
                        old: Some(ClaimAt { rel: i, claim: o }),
                        new,
                        new_rel: None,
                    });
                }
            }
            None => out.push(whole_claim(Change::Added, rn, c, None, new)),
        }
    }
    for (o, c) in oc.iter().enumerate().filter(|&(o, _)| !used[o]) {
        let mut gone = whole_claim(
            Change::Removed,
            ro,
            c,
            Some(ClaimAt { rel: i, claim: o }),
            None,
        );
        gone.new_rel = Some(j);
        out.push(gone);
    }
}

/// Pairs of a removed claim `oc[o]` and an added claim `nc[k]` that are
/// one claim reworded: the same sources, and the same non-empty quote or
/// cite, or texts at least [`SIMILAR`]. Best similarity first, ties by
/// position; each claim in one pair at most.
fn reworded(oc: &[Claim], nc: &[Claim], removed: &[usize], added: &[usize]) -> Vec<(usize, usize)> {
    if removed.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let old_src: Vec<Vec<&str>> = removed.iter().map(|&o| source_set(&oc[o])).collect();
    let old_len: Vec<usize> = removed
        .iter()
        .map(|&o| oc[o].text.chars().count())
        .collect();
    let mut budget = MAX_SIMILARITY_PAIRS;
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for &k in added {
        let c = &nc[k];
        let src = source_set(c);
        let len = c.text.chars().count();
        for (x, &o) in removed.iter().enumerate() {
            if old_src[x] != src {
                continue;
            }
            let was = &oc[o];
            let same_note = |a: &Option<String>, b: &Option<String>| {
                a.as_deref()
                    .is_some_and(|a| !a.trim().is_empty() && Some(a) == b.as_deref())
            };
            let anchored = same_note(&was.quote, &c.quote) || same_note(&was.cite, &c.cite);
            let (short, long) = (len.min(old_len[x]), len.max(old_len[x]));
            // Lengths alone can rule 80% out: the distance is at least
            // their difference.
            let may_be_similar = long == 0 || (short as f64) >= SIMILAR * long as f64;
            let sim = if may_be_similar && budget > 0 {
                budget -= 1;
                similarity(&was.text, &c.text)
            } else {
                0.0
            };
            if anchored || sim >= SIMILAR {
                candidates.push((sim, o, k));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut old_taken = vec![false; oc.len()];
    let mut new_taken = vec![false; nc.len()];
    let mut pairs = Vec::new();
    for (_, o, k) in candidates {
        if !old_taken[o] && !new_taken[k] {
            old_taken[o] = true;
            new_taken[k] = true;
            pairs.push((o, k));
        }
    }
    pairs
}

/// [`strsim::normalized_levenshtein`]: one minus the edit distance in
/// characters over the longer length (1 for two empty texts). The common
/// start and end are set aside first (they change no edit distance), so a
/// reworded sentence costs the part that differs.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la == 0 && lb == 0 {
        return 1.0;
    }
    let head = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    // `head` is a char boundary of both (the same characters precede it).
    let (a, b) = (&a[head..], &b[head..]);
    let tail = a
        .char_indices()
        .rev()
        .zip(b.chars().rev())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, x), _)| {
            a.len() - i - x.len_utf8()
        });
    let (a, b) = (&a[..a.len() - tail], &b[..b.len() - tail]);
    1.0 - strsim::levenshtein(a, b) as f64 / la.max(lb) as f64
}

// ── JSON ────────────────────────────────────────────────────────────────

/// `fields` as an object: `{"credibility": {"old": 3, "new": 2}, …}`.
struct Fields<'a>(&'a [FieldChange]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct OldNew<'a> {
            old: &'a Value,
            new: &'a Value,
        }
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for f in self.0 {
            m.serialize_entry(
                f.field,
                &OldNew {
                    old: &f.old,
                    new: &f.new,
                },
            )?;
        }
        m.end()
    }
}

/// One entry: `change`, the identity, then `fields` (changed) or the
/// item's other fields (added, removed).
fn entry<S: Serializer>(
    s: S,
    change: Change,
    identity: &[(&str, &str)],
    fields: &[FieldChange],
    details: Vec<(&'static str, Value)>,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    m.serialize_entry("change", &change)?;
    for (k, v) in identity {
        m.serialize_entry(k, v)?;
    }
    if change == Change::Changed {
        m.serialize_entry("fields", &Fields(fields))?;
    }
    for (k, v) in details {
        m.serialize_entry(k, &v)?;
    }
    m.end()
}

impl<T: Versioned> Serialize for ItemChange<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let details = self.item.as_ref().map(T::details).unwrap_or_default();
        entry(s, self.change, &[("id", &self.id)], &self.fields, details)
    }
}

impl Serialize for RelationChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let identity = [
            ("from", self.from.as_str()),
            ("to", &self.to),
            ("label", &self.label),
        ];
        entry(
            s,
            self.change,
            &identity,
            &[],
            vec![("claims", value(&self.claims))],
        )
    }
}

impl Serialize for ClaimChange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let identity = [
            ("from", self.from.as_str()),
            ("to", &self.to),
            ("label", &self.label),
            ("text", &self.text),
        ];
        let details = self.item.as_ref().map(|c| {
            present(&[
                ("sources", Some(value(&c.sources))),
                ("credibility", opt(&c.credibility)),
                ("confidence", opt(&c.confidence)),
                ("quote", opt(&c.quote)),
                ("cite", opt(&c.cite)),
                ("date", opt(&c.date)),
            ])
        });
        entry(
            s,
            self.change,
            &identity,
            &self.fields,
            details.unwrap_or_default(),
        )
    }
}

/// A field's value in words, for people: text as written, lists joined,
/// `none` when absent, enum variants by name (`Other("x")` as `x`).
pub fn words(v: &Value) -> Cow<'_, str> {
    match v {
        Value::Null => Cow::Borrowed("none"),
        Value::String(s) => Cow::Borrowed(s),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Owned(b.to_string()),
        Value::Array(a) => Cow::Owned(
            a.iter()
                .map(|x| words(x).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Object(o) => Cow::Owned(
            o.values()
                .map(|x| words(x).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// A changed field in words, for people (plain text; quoted text as
/// written): `credibility 3 → 2`, `reliability C → B`, `confidence likely
/// → very likely`, `kind state → group`, `name “Old” → “New”`,
/// `reworded (was “…”)`, `quote added`, `note none → “…”`.
pub fn describe(f: &FieldChange) -> String {
    let quoted = matches!(
        f.field,
        "name" | "title" | "note" | "publisher" | "url" | "cite"
    );
    let show = |v: &Value| -> String {
        match v {
            Value::Null => "none".to_string(),
            Value::String(s) if quoted => format!("“{s}”"),
            Value::String(s) if f.field == "confidence" => {
                serde_json::from_value::<super::model::Confidence>(v.clone())
                    .map_or_else(|_| s.clone(), |c| c.words().to_string())
            }
            Value::String(s) if f.field == "kind" => s.to_lowercase(),
            other => words(other).into_owned(),
        }
    };
    match (f.field, &f.old, &f.new) {
        ("text", old, _) => format!("reworded (was “{}”)", words(old)),
        ("quote", Value::Null, _) => "quote added".to_string(),
        ("quote", old, Value::Null) => format!("quote removed (was “{}”)", words(old)),
        ("quote", old, _) => format!("quote changed (was “{}”)", words(old)),
        (field, old, new) => format!("{field} {} → {}", show(old), show(new)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::load_str;

    fn dossier(relations: &str) -> Dossier {
        let text = format!(
            r#"Dossier(title: "t",
            sources: [Source(id: "s1", name: "One", kind: Human, reliability: C),
                      Source(id: "s2", name: "Two", kind: Media)],
            actors: [Actor(id: "A", name: "Alpha", kind: State),
                     Actor(id: "B", name: "Beta", kind: Group)],
            relations: [{relations}])"#
        );
        load_str("t.ron", &text).expect("loads").dossier
    }

    fn claim(text: &str, extra: &str) -> String {
        format!(r#"Claim(text: "{text}", sources: ["s1"]{extra})"#)
    }

    fn rel(claims: &[String]) -> String {
        format!(
            r#"Relation(from: "A", to: "B", label: "ties", claims: [{}])"#,
            claims.join(",")
        )
    }

    #[test]
    fn the_same_chart_reordered_has_no_changes() {
        let a = dossier(&rel(&[claim("one", ", credibility: 2"), claim("two", "")]));
        let b = dossier(&rel(&[claim("two", ""), claim("one", ", credibility: 2")]));
        assert!(diff(&a, &b).is_empty());
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn relations_are_found_wherever_they_moved() {
        let r = |from: &str, to: &str, text: &str| {
            format!(
                r#"Relation(from: "{from}", to: "{to}", label: "ties", claims: [Claim(text: "{text}", sources: ["s1"])])"#
            )
        };
        let a = dossier(
            &[
                r("A", "B", "alpha to beta"),
                r("B", "A", "ba"),
                r("A", "A", "aa"),
            ]
            .join(","),
        );
        let b = dossier(
            &[
                r("B", "B", "bb"),
                r("A", "A", "aa"),
                r("A", "B", "alpha to beta!"),
                r("B", "A", "ba"),
            ]
            .join(","),
        );
        let d = diff(&a, &b);
        let rels: Vec<(Change, &str, &str)> = d
            .relations
            .iter()
            .map(|r| (r.change, r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(rels, [(Change::Added, "B", "B")]);
        let claims: Vec<(Change, &str, Option<ClaimAt>)> = d
            .claims
            .iter()
            .map(|c| (c.change, c.text.as_str(), c.new))
            .collect();
        assert_eq!(
            claims,
            [
                (Change::Added, "bb", Some(ClaimAt { rel: 0, claim: 0 })),
                (
                    Change::Changed,
                    "alpha to beta!",
                    Some(ClaimAt { rel: 2, claim: 0 })
                ),
            ]
        );
        assert_eq!(d.claims[1].old, Some(ClaimAt { rel: 0, claim: 0 }));
    }

    #[test]
    fn marks_by_place_in_the_new_version() {
        let a = dossier(&rel(&[claim("one", ", credibility: 3"), claim("gone", "")]));
        let mut b = dossier(&rel(&[claim("new", ""), claim("one", ", credibility: 2")]));
        b.actors[1].name = "Beta 2".into();
        let d = diff(&a, &b);
        let m = Marks::of(&d, &b);
        assert_eq!(m.actors, [None, Some(Change::Changed)]);
        assert_eq!(m.relations, [Some(Change::Changed)]);
        let at = |claim| ClaimAt { rel: 0, claim };
        assert_eq!(d.claims[m.claims[&at(0)]].change, Change::Added);
        assert_eq!(d.claims[m.claims[&at(1)]].change, Change::Changed);
        let gone: Vec<&str> = m.removed[&0]
            .iter()
            .map(|&k| d.claims[k].text.as_str())
            .collect();
        assert_eq!(gone, ["gone"]);
    }

    #[test]
    fn a_changed_grade_is_a_changed_claim() {
        let a = dossier(&rel(&[claim("one", ", credibility: 3")]));
        let b = dossier(&rel(&[claim("one", ", credibility: 2")]));
        let d = diff(&a, &b);
        assert_eq!(d.claims.len(), 1);
        let c = &d.claims[0];
        assert_eq!(c.change, Change::Changed);
        assert_eq!(c.fields.len(), 1);
        assert_eq!(c.fields[0].field, "credibility");
        assert_eq!(
            (c.fields[0].old.clone(), c.fields[0].new.clone()),
            (3.into(), 2.into())
        );
    }

    #[test]
    fn rewording_is_a_change_below_eighty_percent_it_is_not() {
        let a = dossier(&rel(&[claim(
            "The GOT expanded intelligence sharing with the GOI.",
            "",
        )]));
        let b = dossier(&rel(&[claim(
            "The GOT expanded its intelligence sharing with the GOI.",
            "",
        )]));
        let d = diff(&a, &b);
        assert_eq!(d.claims.len(), 1, "{d:?}");
        assert_eq!(d.claims[0].change, Change::Changed);
        assert_eq!(d.claims[0].fields[0].field, "text");

        let c = dossier(&rel(&[claim("Something else entirely was said.", "")]));
        let d = diff(&a, &c);
        let kinds: Vec<Change> = d.claims.iter().map(|c| c.change).collect();
        assert_eq!(kinds, [Change::Added, Change::Removed]);
    }

    #[test]
    fn a_shared_quote_or_cite_pairs_a_rewrite() {
        let a = dossier(&rel(&[claim("Short.", r#", cite: "¶4""#)]));
        let b = dossier(&rel(&[claim(
            "A much longer and different text.",
            r#", cite: "¶4""#,
        )]));
        let d = diff(&a, &b);
        assert_eq!(d.claims.len(), 1);
        assert_eq!(d.claims[0].change, Change::Changed);
        // Other sources: not the same claim.
        let c = dossier(&rel(&[
            r#"Claim(text: "A much longer and different text.", sources: ["s2"], cite: "¶4")"#
                .to_string(),
        ]));
        let d = diff(&a, &c);
        assert_eq!(d.claims.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn similarity_is_strsims(a in "[ab é]{0,12}", b in "[ab é]{0,12}") {
            let ours = similarity(&a, &b);
            let theirs = strsim::normalized_levenshtein(&a, &b);
            proptest::prop_assert!((ours - theirs).abs() < 1e-12, "{a:?} {b:?}: {ours} vs {theirs}");
        }
    }

    #[test]
    fn similarity_of_a_rewording() {
        let (a, b) = ("The GOT expanded sharing.", "The GOT expanded its sharing.");
        assert_eq!(similarity(a, b), strsim::normalized_levenshtein(a, b));
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("abc", ""), 0.0);
        assert_eq!(
            similarity("aaa", "aa"),
            strsim::normalized_levenshtein("aaa", "aa")
        );
    }

    #[test]
    fn the_best_similarity_pairs_first() {
        let a = dossier(&rel(&[claim("aaaaaaaaaa", ""), claim("bbbbbbbbbb", "")]));
        let b = dossier(&rel(&[claim("bbbbbbbbbx", ""), claim("aaaaaaaaax", "")]));
        let d = diff(&a, &b);
        assert_eq!(d.claims.len(), 2);
        for c in &d.claims {
            assert_eq!(c.change, Change::Changed);
            let (o, n) = (words(&c.fields[0].old), words(&c.fields[0].new));
            assert_eq!(o[..9], n[..9], "paired {o} with {n}");
        }
    }

    #[test]
    fn a_removed_relation_lists_its_claims() {
        let a = dossier(&rel(&[claim("one", ""), claim("two", "")]));
        let b = dossier(
            r#"Relation(from: "B", to: "A", label: "ties", claims: [Claim(text: "one", sources: ["s1"])])"#,
        );
        let d = diff(&a, &b);
        let rels: Vec<(Change, &str)> = d
            .relations
            .iter()
            .map(|r| (r.change, r.from.as_str()))
            .collect();
        assert_eq!(rels, [(Change::Added, "B"), (Change::Removed, "A")]);
        let claims: Vec<(Change, &str)> = d
            .claims
            .iter()
            .map(|c| (c.change, c.text.as_str()))
            .collect();
        assert_eq!(
            claims,
            [
                (Change::Added, "one"),
                (Change::Removed, "one"),
                (Change::Removed, "two")
            ]
        );
    }

    #[test]
    fn duplicate_texts_pair_the_identical_one_first() {
        let a = dossier(&rel(&[
            r#"Claim(text: "x", sources: ["s1"])"#.to_string(),
            r#"Claim(text: "x", sources: ["s2"])"#.to_string(),
        ]));
        let b = dossier(&rel(&[r#"Claim(text: "x", sources: ["s2"])"#.to_string()]));
        let d = diff(&a, &b);
        assert_eq!(d.claims.len(), 1);
        assert_eq!(d.claims[0].change, Change::Removed);
        assert_eq!(d.claims[0].item.as_ref().unwrap().sources, ["s1"]);
        assert_eq!(d.claims[0].new_rel, Some(0));
    }

    #[test]
    fn sources_order_and_alias_order_do_not_count() {
        let a = dossier(&rel(&[
            r#"Claim(text: "x", sources: ["s1", "s2"])"#.to_string()
        ]));
        let b = dossier(&rel(&[
            r#"Claim(text: "x", sources: ["s2", "s1"])"#.to_string()
        ]));
        assert!(diff(&a, &b).is_empty());
        let mut c = a.clone();
        c.actors[0].aliases = Some(vec!["x".into(), "y".into()]);
        let mut e = a.clone();
        e.actors[0].aliases = Some(vec!["y".into(), "x".into()]);
        assert!(diff(&c, &e).is_empty());
        e.actors[0].aliases = Some(vec!["y".into()]);
        let d = diff(&c, &e);
        assert_eq!(d.actors[0].fields[0].field, "aliases");
    }

    #[test]
    fn changes_in_words() {
        let f = |field, old: Value, new: Value| describe(&FieldChange { field, old, new });
        assert_eq!(f("credibility", 3.into(), 2.into()), "credibility 3 → 2");
        assert_eq!(
            f("credibility", Value::Null, 2.into()),
            "credibility none → 2"
        );
        assert_eq!(
            f("confidence", "Likely".into(), "VeryLikely".into()),
            "confidence likely → very likely"
        );
        assert_eq!(
            f("reliability", "C".into(), "B".into()),
            "reliability C → B"
        );
        assert_eq!(f("name", "Old".into(), "New".into()), "name “Old” → “New”");
        assert_eq!(
            f(
                "kind",
                "State".into(),
                serde_json::json!({"Other": "cartel"})
            ),
            "kind state → cartel"
        );
        assert_eq!(f("text", "was".into(), "is".into()), "reworded (was “was”)");
        assert_eq!(f("quote", Value::Null, "q".into()), "quote added");
        assert_eq!(
            f(
                "sources",
                serde_json::json!(["a", "b"]),
                serde_json::json!(["a"])
            ),
            "sources a, b → a"
        );
    }

    #[test]
    fn json_has_the_shape_of_the_issue() {
        let a = dossier(&rel(&[claim("one", ", credibility: 3")]));
        let mut b = dossier(&rel(&[claim("one", ", credibility: 2"), claim("new", "")]));
        b.sources[0].reliability = Some(crate::dossier::Reliability::B);
        b.actors.push(Actor {
            id: "C".into(),
            name: "Gamma".into(),
            kind: crate::dossier::ActorKind::Person,
            aliases: None,
            note: None,
        });
        let v = serde_json::to_value(diff(&a, &b)).unwrap();
        assert_eq!(
            v["claims"][0],
            serde_json::json!({"change": "changed", "from": "A", "to": "B", "label": "ties",
                "text": "one", "fields": {"credibility": {"old": 3, "new": 2}}})
        );
        assert_eq!(
            v["claims"][1],
            serde_json::json!({"change": "added", "from": "A", "to": "B", "label": "ties",
                "text": "new", "sources": ["s1"]})
        );
        assert_eq!(
            v["sources"][0],
            serde_json::json!({"change": "changed", "id": "s1",
                "fields": {"reliability": {"old": "C", "new": "B"}}})
        );
        assert_eq!(
            v["actors"][0],
            serde_json::json!({"change": "added", "id": "C", "name": "Gamma", "kind": "Person"})
        );
        assert_eq!(v["relations"], serde_json::json!([]));
        assert_eq!(v["reports"], serde_json::json!([]));
    }
}
