//! The dossier as an indexed graph.
//!
//! One petgraph node per actor and one edge per relation, added in file
//! order: node `i` is `actors[i]` and each edge's weight is its relation's
//! index; several relations between the same pair stay separate
//! edges. Ids resolve through hash maps, and every claim's sources are
//! resolved to source indices once, in one flat array.

use rustc_hash::FxHashMap as HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::dates::{Date, Span};
use crate::dossier::{Claim, Dossier, Loaded, Provenance, Relation};

/// Index of an actor in `dossier.actors`.
pub type ActorIx = usize;
/// Index of a relation in `dossier.relations`.
pub type RelIx = usize;
/// Index of a source in `dossier.sources`.
pub type SourceIx = usize;

/// A validated dossier with its graph and indexes.
#[derive(Debug, Clone)]
pub struct Chart {
    pub dossier: Dossier,
    /// The files the dossier was merged from, and where each item was
    /// written (empty when the chart was built from a bare dossier).
    pub provenance: Provenance,
    pub graph: DiGraph<ActorIx, RelIx>,
    actor_by_id: HashMap<String, ActorIx>,
    source_by_id: HashMap<String, SourceIx>,
    report_by_id: HashMap<String, usize>,
    rel_ends: Vec<(u32, u32)>,
    /// `claim_base[r]` is the global number of relation r's first claim.
    claim_base: Vec<u32>,
    /// `claim_src_base[g]..claim_src_base[g + 1]` indexes `claim_src` for claim g.
    claim_src_base: Vec<u32>,
    claim_src: Vec<u32>,
    /// Claims citing each source, unfiltered.
    source_claims: Vec<u32>,
    /// Each claim's credibility (0 when not graded), by global claim number:
    /// the filter's hot loop reads these flat arrays, not the claims.
    claim_cred: Vec<u8>,
    /// `source_rels[source_rel_base[s]..source_rel_base[s + 1]]`: the
    /// relations with a claim citing source s, each once.
    source_rel_base: Vec<u32>,
    source_rels: Vec<u32>,
    /// Each claim's effective date as a span of days (`first == 0`:
    /// undated), by global claim number, worked out once: the date filter
    /// and the timeline read these.
    claim_span: Vec<Span>,
    /// The report a claim's effective date comes from, `u32::MAX` when it
    /// is the claim's own date (or there is none).
    claim_date_report: Vec<u32>,
    /// The actors whose name another actor has too (as the warning of two
    /// actors of one name compares them), in order: shown with their ids.
    namesakes: Vec<ActorIx>,
}

/// A claim's effective date: its own, or its sources' report's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated<'a> {
    /// The date as written (`2020-09`).
    pub text: &'a str,
    pub span: Span,
    /// True when the claim has no date of its own and this is the date of
    /// the report its sources come from (the earliest, if several).
    pub from_report: bool,
}

impl Dated<'_> {
    /// `2020-09`, or `2020-09 (report)` when taken from the report.
    pub fn label(&self) -> String {
        if self.from_report {
            format!("{} (report)", self.text)
        } else {
            self.text.to_string()
        }
    }
}

const UNDATED: Span = Span { first: 0, last: 0 };

/// The actors that share their name with another, in order. Names are
/// compared by a hash of their fold first, so that a chart of distinct
/// names (the usual one) costs a hash each and a sort, not a string each.
fn namesakes(dossier: &Dossier) -> Vec<ActorIx> {
    use std::hash::{Hash, Hasher};
    let fold = |a: ActorIx| crate::dossier::merge::fold(&dossier.actors[a].name);
    let mut keys: Vec<(u64, ActorIx)> = dossier
        .actors
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let mut h = rustc_hash::FxHasher::default();
            let mut empty = true;
            let mut feed = |c: char| {
                empty = false;
                c.hash(&mut h);
            };
            if a.name.is_ascii() {
                // The fold of ASCII, without the cost of normalising it.
                a.name
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .for_each(|c| feed(c.to_ascii_lowercase()));
            } else {
                crate::dossier::merge::folded_chars(&a.name).for_each(feed);
            }
            (!empty).then(|| (h.finish(), i))
        })
        .collect();
    keys.sort_unstable();
    let mut shared = Vec::new();
    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        let folded: Vec<String> = run.iter().map(|&(_, i)| fold(i)).collect();
        for (k, &(_, i)) in run.iter().enumerate() {
            if folded
                .iter()
                .enumerate()
                .any(|(j, f)| j != k && *f == folded[k])
            {
                shared.push(i);
            }
        }
    }
    shared.sort_unstable();
    shared
}

/// An edge seen from one actor: the relation and the actor at its other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incident {
    pub rel: RelIx,
    pub other: ActorIx,
    /// True when the relation goes from the actor outwards.
    pub outgoing: bool,
}

impl Chart {
    /// Indexes a dossier that has passed validation. Unknown ids (which
    /// validation rejects) are skipped rather than trusted.
    pub fn new(dossier: Dossier) -> Chart {
        Chart::with_provenance(dossier, Provenance::default())
    }

    /// Indexes a loaded chart, keeping where everything comes from.
    pub fn from_loaded(loaded: Loaded) -> Chart {
        Chart::with_provenance(loaded.dossier, loaded.provenance)
    }

    /// Indexes a dossier with its provenance.
    pub fn with_provenance(dossier: Dossier, provenance: Provenance) -> Chart {
        let actor_by_id: HashMap<String, ActorIx> =
            first_index(dossier.actors.iter().map(|a| &a.id));
        let source_by_id = first_index(dossier.sources.iter().map(|s| &s.id));
        let report_by_id = first_index(dossier.reports().iter().map(|r| &r.id));

        let mut graph = DiGraph::with_capacity(dossier.actors.len(), dossier.relations.len());
        for i in 0..dossier.actors.len() {
            graph.add_node(i);
        }
        let n_claims: usize = dossier.relations.iter().map(|r| r.claims.len()).sum();
        let mut rel_ends = Vec::with_capacity(dossier.relations.len());
        let mut claim_base = Vec::with_capacity(dossier.relations.len());
        let mut claim_src_base = Vec::with_capacity(n_claims + 1);
        let mut claim_src = Vec::with_capacity(n_claims);
        claim_src_base.push(0);
        let mut claim_cred = Vec::with_capacity(n_claims);
        for (ri, rel) in dossier.relations.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (actor_by_id.get(&rel.from), actor_by_id.get(&rel.to)) {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ri);
                rel_ends.push((a as u32, b as u32));
            } else {
                rel_ends.push((u32::MAX, u32::MAX));
            }
            claim_base.push((claim_src_base.len() - 1) as u32);
            for claim in &rel.claims {
                claim_src.extend(
                    claim
                        .sources
                        .iter()
                        .filter_map(|s| source_by_id.get(s))
                        .map(|&s| s as u32),
                );
                claim_src_base.push(claim_src.len() as u32);
                claim_cred.push(claim.credibility.unwrap_or(0));
            }
        }
        let mut source_claims = vec![0; dossier.sources.len()];
        for &s in &claim_src {
            source_claims[s as usize] += 1;
        }
        let (claim_span, claim_date_report) =
            effective_dates(&dossier, &claim_src_base, &claim_src);
        let (source_rel_base, source_rels) = invert(
            dossier.sources.len(),
            &claim_base,
            &claim_src_base,
            &claim_src,
            dossier.relations.len(),
        );
        let namesakes = namesakes(&dossier);
        Chart {
            namesakes,
            source_claims,
            dossier,
            provenance,
            graph,
            actor_by_id,
            source_by_id,
            report_by_id,
            rel_ends,
            claim_base,
            claim_src_base,
            claim_cred,
            claim_src,
            source_rel_base,
            source_rels,
            claim_span,
            claim_date_report,
        }
    }

    /// The span of global claim `g`'s effective date; `None` when undated.
    pub fn span_of(&self, g: usize) -> Option<Span> {
        Some(self.claim_span[g]).filter(|s| s.first != 0)
    }

    /// Global claim `g`'s effective date, as FORMAT.md defines it: its own
    /// `date`, else the earliest `date` of its sources' reports.
    pub fn date_of(&self, g: usize) -> Option<Dated<'_>> {
        let span = self.span_of(g)?;
        let (r, c) = self.locate(g);
        Some(match self.claim_date_report[g] {
            u32::MAX => Dated {
                text: self.claim(r, c).date.as_deref().unwrap_or(""),
                span,
                from_report: false,
            },
            rep => Dated {
                text: self.dossier.reports()[rep as usize]
                    .date
                    .as_deref()
                    .unwrap_or(""),
                span,
                from_report: true,
            },
        })
    }

    /// Whether global claim `g`'s effective date is its report's.
    pub fn date_from_report(&self, g: usize) -> bool {
        self.claim_date_report[g] != u32::MAX
    }

    /// The effective date of claim `c` of relation `r`.
    pub fn claim_date(&self, r: RelIx, c: usize) -> Option<Dated<'_>> {
        self.date_of(self.claim_base[r] as usize + c)
    }

    /// The relation and index in it of global claim `g`.
    pub fn locate(&self, g: usize) -> (RelIx, usize) {
        let r = self.claim_base.partition_point(|&b| b as usize <= g) - 1;
        // Relations without claims share their base with the next one.
        (r, g - self.claim_base[r] as usize)
    }

    /// True when another actor of the chart has the same name.
    pub fn namesake(&self, a: ActorIx) -> bool {
        self.namesakes.binary_search(&a).is_ok()
    }

    /// The actor's name as rows show it: with its id when another actor has
    /// the same name (`Emotet (emotet-2)`), so the two can be told apart.
    pub fn actor_name(&self, a: ActorIx) -> std::borrow::Cow<'_, str> {
        let actor = &self.dossier.actors[a];
        if self.namesake(a) {
            format!("{} ({})", actor.name, actor.id).into()
        } else {
            actor.name.as_str().into()
        }
    }

    pub fn actor_ix(&self, id: &str) -> Option<ActorIx> {
        self.actor_by_id.get(id).copied()
    }

    pub fn source_ix(&self, id: &str) -> Option<SourceIx> {
        self.source_by_id.get(id).copied()
    }

    pub fn report_ix(&self, id: &str) -> Option<usize> {
        self.report_by_id.get(id).copied()
    }

    pub fn relation(&self, r: RelIx) -> &Relation {
        &self.dossier.relations[r]
    }

    pub fn claim(&self, r: RelIx, c: usize) -> &Claim {
        &self.dossier.relations[r].claims[c]
    }

    /// The actor indexes at the two ends of relation `r`.
    pub fn ends(&self, r: RelIx) -> (ActorIx, ActorIx) {
        let (a, b) = self.rel_ends[r];
        (a as usize, b as usize)
    }

    /// Source indexes of claim `c` of relation `r`, in the order written.
    pub fn claim_sources(&self, r: RelIx, c: usize) -> &[u32] {
        let g = self.claim_base[r] as usize + c;
        &self.claim_src[self.claim_src_base[g] as usize..self.claim_src_base[g + 1] as usize]
    }

    /// Every relation touching `actor`, outgoing first then incoming; a
    /// self-relation appears once.
    pub fn incident(&self, actor: ActorIx) -> impl Iterator<Item = Incident> + '_ {
        let n = NodeIndex::new(actor);
        let out = self
            .graph
            .edges_directed(n, Direction::Outgoing)
            .map(move |e| Incident {
                rel: *e.weight(),
                other: e.target().index(),
                outgoing: true,
            });
        let inc = self
            .graph
            .edges_directed(n, Direction::Incoming)
            .filter(move |e| e.source() != n)
            .map(|e| Incident {
                rel: *e.weight(),
                other: e.source().index(),
                outgoing: false,
            });
        out.chain(inc)
    }

    /// Relation `r`'s claims as global claim numbers.
    pub fn claim_range(&self, r: RelIx) -> std::ops::Range<usize> {
        let start = self.claim_base[r] as usize;
        start..start + self.dossier.relations[r].claims.len()
    }

    /// Source indexes of global claim `g`.
    pub fn sources_of(&self, g: usize) -> &[u32] {
        &self.claim_src[self.claim_src_base[g] as usize..self.claim_src_base[g + 1] as usize]
    }

    /// Credibility of global claim `g`, 0 when not graded.
    pub fn credibility_of(&self, g: usize) -> u8 {
        self.claim_cred[g]
    }

    /// The relations with a claim citing source `s`, each once.
    pub fn relations_citing(&self, s: SourceIx) -> &[u32] {
        &self.source_rels[self.source_rel_base[s] as usize..self.source_rel_base[s + 1] as usize]
    }

    /// How many claims cite source `s`, before any filter.
    pub fn source_claim_count(&self, s: SourceIx) -> u32 {
        self.source_claims[s]
    }

    pub fn total_claims(&self) -> usize {
        self.claim_src_base.len() - 1
    }

    /// How many files make the chart (1 when unknown).
    pub fn file_count(&self) -> usize {
        self.provenance.file_count().max(1)
    }

    /// The file claim `c` of relation `r` was written in, when the chart
    /// has more than one file (with one, it goes without saying).
    pub fn claim_file(&self, r: RelIx, c: usize) -> Option<&crate::dossier::FileInfo> {
        if self.provenance.file_count() < 2 {
            return None;
        }
        let o = self.provenance.claim(r, c)?;
        self.provenance.files.get(o.file as usize)
    }
}

/// Every claim's effective date span and the report it came from (see
/// [`Chart::date_of`]). A date that does not parse (validation rejects
/// those) counts as none.
fn effective_dates(
    d: &Dossier,
    claim_src_base: &[u32],
    claim_src: &[u32],
) -> (Vec<Span>, Vec<u32>) {
    let parse = |s: Option<&String>| s.and_then(|s| Date::parse(s)).map(Date::span);
    let report_ix = first_index(d.reports().iter().map(|r| &r.id));
    let report_span: Vec<Option<Span>> =
        d.reports().iter().map(|r| parse(r.date.as_ref())).collect();
    // Each source's report, as (span, report index), when it has a date.
    let source_report: Vec<Option<(Span, u32)>> = d
        .sources
        .iter()
        .map(|s| {
            let rep = *report_ix.get(s.report.as_ref()?)?;
            Some((report_span[rep]?, rep as u32))
        })
        .collect();
    let n: usize = d.relations.iter().map(|r| r.claims.len()).sum();
    let mut spans = Vec::with_capacity(n);
    let mut reports = Vec::with_capacity(n);
    for (g, claim) in d.relations.iter().flat_map(|r| &r.claims).enumerate() {
        let own = parse(claim.date.as_ref());
        let (span, rep) = match own {
            Some(span) => (span, u32::MAX),
            None => claim_src[claim_src_base[g] as usize..claim_src_base[g + 1] as usize]
                .iter()
                .filter_map(|&s| source_report[s as usize])
                .min()
                .unwrap_or((UNDATED, u32::MAX)),
        };
        spans.push(span);
        reports.push(rep);
    }
    (spans, reports)
}

/// Source → relations citing it, as offsets into one flat list.
fn invert(
    n_sources: usize,
    claim_base: &[u32],
    claim_src_base: &[u32],
    claim_src: &[u32],
    n_rels: usize,
) -> (Vec<u32>, Vec<u32>) {
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); n_sources];
    for r in 0..n_rels {
        let start = claim_src_base[claim_base[r] as usize] as usize;
        let end = claim_base
            .get(r + 1)
            .map_or(claim_src.len(), |&g| claim_src_base[g as usize] as usize);
        for &s in &claim_src[start..end] {
            let list = &mut lists[s as usize];
            if list.last() != Some(&(r as u32)) {
                list.push(r as u32);
            }
        }
    }
    let mut base = Vec::with_capacity(n_sources + 1);
    let mut flat = Vec::new();
    base.push(0);
    for l in lists {
        flat.extend(l);
        base.push(flat.len() as u32);
    }
    (base, flat)
}

fn first_index<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    let mut map = HashMap::default();
    for (i, id) in ids.enumerate() {
        map.entry(id.clone()).or_insert(i);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::Chart;
    use crate::dossier::load_str;

    #[test]
    fn actors_of_one_name_are_shown_with_their_ids() {
        let chart = Chart::new(
            load_str(
                "t.ron",
                r#"Dossier(title: "T",
                sources: [Source(id: "s", name: "S", kind: Media)],
                actors: [
                    Actor(id: "emotet", name: "Emotet", kind: Other("Malware")),
                    Actor(id: "geodo", name: "Geodo", kind: Other("Malware")),
                    Actor(id: "emotet-2", name: " EMOTET", kind: Other("Tool")),
                    Actor(id: "d", name: "Déjà vu", kind: Group),
                    Actor(id: "d2", name: "deja vu", kind: Group),
                ],
                relations: [])"#,
            )
            .unwrap()
            .dossier,
        );
        let shown: Vec<_> = (0..5).map(|a| chart.actor_name(a).into_owned()).collect();
        assert_eq!(
            shown,
            [
                "Emotet (emotet)",
                "Geodo",
                " EMOTET (emotet-2)",
                "Déjà vu (d)",
                "deja vu (d2)"
            ]
        );
    }

    const DOC: &str = r#"Dossier(
        title: "Dates",
        reports: [
            Report(id: "late", title: "Late", date: "2021-03"),
            Report(id: "early", title: "Early", date: "2020-12-10"),
            Report(id: "year", title: "Year only", date: "2020"),
            Report(id: "none", title: "Undated"),
        ],
        sources: [
            Source(id: "l", name: "L", kind: Media, report: "late"),
            Source(id: "e", name: "E", kind: Media, report: "early"),
            Source(id: "y", name: "Y", kind: Media, report: "year"),
            Source(id: "n", name: "N", kind: Media, report: "none"),
            Source(id: "x", name: "X", kind: Media),
        ],
        actors: [Actor(id: "A", name: "A", kind: State), Actor(id: "B", name: "B", kind: State)],
        relations: [
            Relation(from: "A", to: "B", label: "r", claims: [
                Claim(text: "own date wins", sources: ["e"], date: "1999-05"),
                Claim(text: "two reports: the earlier", sources: ["l", "e"]),
                Claim(text: "report without a date is skipped", sources: ["n", "l"]),
                Claim(text: "no report at all", sources: ["x", "n"]),
                Claim(text: "a year starts before a day in it", sources: ["e", "y"]),
            ]),
            Relation(from: "B", to: "A", label: "s", claims: [
                Claim(text: "second relation", sources: ["l"], date: "2022-01-02"),
            ]),
        ],
    )"#;

    #[test]
    fn effective_date_is_own_else_earliest_report() {
        let chart = Chart::new(load_str("dates.ron", DOC).unwrap().dossier);
        let label = |g: usize| chart.date_of(g).map(|d| d.label());
        assert_eq!(label(0).as_deref(), Some("1999-05"));
        assert_eq!(label(1).as_deref(), Some("2020-12-10 (report)"));
        assert_eq!(label(2).as_deref(), Some("2021-03 (report)"));
        assert_eq!(label(3), None);
        assert_eq!(label(4).as_deref(), Some("2020 (report)"));
        assert_eq!(label(5).as_deref(), Some("2022-01-02"));
        assert_eq!(chart.span_of(3), None);
        assert_eq!(
            chart.span_of(1).map(|s| (s.first, s.last)),
            Some((20201210, 20201210))
        );
        assert_eq!(chart.locate(5), (1, 0));
        assert_eq!(chart.locate(4), (0, 4));
        assert_eq!(chart.claim_date(1, 0), chart.date_of(5));
    }
}
