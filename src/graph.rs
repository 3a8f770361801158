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
        let (source_rel_base, source_rels) = invert(
            dossier.sources.len(),
            &claim_base,
            &claim_src_base,
            &claim_src,
            dossier.relations.len(),
        );
        Chart {
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
