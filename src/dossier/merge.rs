//! Many files, one chart: the files are validated as a whole and merged.
//!
//! Ids are shared across the chart; an actor, source or report declared in
//! several files is one when the declarations agree; relations with the
//! same `from`, `to` and `label` are one, their claims in file order.
//! Every problem is recorded as a file and a path inside it
//! (`relations[3].claims[1]`), and positions are found at the end, once
//! per file, for the problems there are.
//!
//! Long as one file: every check shares the one pass's private state (declarations, problems).

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfd_quick};

use super::diag::{Diagnostic, Severity};
use super::locate::{self, Pos, Seg};
use super::model::{Actor, Dossier, Relation, Report, Source};
use super::parse::{par_map, parse_str};
use super::types::{FileInfo, Loaded, Origin, ParsedFile, Provenance, RelDecl, Written};
use super::validate::{unknown, valid_date};

type SegPath = Vec<Seg<'static>>;

/// A path into a file: `path![F "relations", I 3, F "from"]`.
macro_rules! path {
    ($($kind:ident $v:expr),* $(,)?) => { vec![$(path!(@ $kind $v)),*] };
    (@ F $v:expr) => { Seg::Field($v) };
    (@ I $v:expr) => { Seg::Index($v as usize) };
}

/// A place in one of the chart's files, by path; its line and column are
/// found at the end.
struct Loc {
    file: u32,
    path: SegPath,
}

fn loc(file: u32, path: SegPath) -> Loc {
    Loc { file, path }
}

/// A piece of a message: text, or a place spelt out once it is known.
enum Piece {
    Text(String),
    /// `file:line:col`.
    Place(Loc),
    /// ` (first defined on line N)`, or nothing when the line is unknown.
    FirstLine(Loc),
}

struct Problem {
    severity: Severity,
    at: Loc,
    context: Option<String>,
    message: Vec<Piece>,
}

/// The merge of the files that could be parsed, and every diagnostic: per
/// file (in the order given) and for the chart as a whole.
pub(crate) struct Outcome {
    pub merged: Option<(Dossier, Provenance)>,
    pub per_file: Vec<Vec<Diagnostic>>,
    pub chart: Vec<Diagnostic>,
}

/// Validates `files` as one chart and merges them. A single file keeps the
/// rules of a file opened alone (title, sources and actors required).
pub fn merge(files: Vec<ParsedFile<'_>>) -> Result<Loaded, Vec<Diagnostic>> {
    let single = files.len() == 1;
    let Outcome {
        merged,
        per_file,
        chart,
    } = merge_files(files, single, false);
    let mut all: Vec<Diagnostic> = per_file.into_iter().flatten().chain(chart).collect();
    match merged {
        Some((dossier, provenance)) if !all.iter().any(Diagnostic::is_error) => Ok(Loaded {
            dossier,
            warnings: all,
            provenance,
        }),
        _ => {
            if !all.iter().any(Diagnostic::is_error) {
                all.push(Diagnostic::error("linkchart", "no dossier files given"));
            }
            Err(all)
        }
    }
}

/// The declarations of one kind (reports, sources or actors) merged so far.
struct Decls<T> {
    items: Vec<T>,
    origins: Vec<Origin>,
    index: HashMap<String, u32>,
    /// Per item: its first declaration in the last file that declared it.
    last: Vec<Origin>,
}

impl<T> Decls<T> {
    fn new() -> Self {
        Decls {
            items: Vec::new(),
            origins: Vec::new(),
            index: HashMap::default(),
            last: Vec::new(),
        }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&k| k as usize)
    }
}

/// What two declarations of one id disagree on.
struct Disagree {
    field: &'static str,
    here: String,
    there: String,
}

trait Declared: Sized {
    const WHAT: &'static str;
    const LIST: &'static str;
    fn id(&self) -> &str;
    /// Takes in another declaration of the same id, or says how it differs.
    fn agree(&mut self, other: Self) -> Result<(), Disagree>;
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "none".to_string(), quoted)
}

/// `Ok` when the two declarations agree on `field`, else how they differ.
fn differs<T: PartialEq + ?Sized>(
    field: &'static str,
    here: &T,
    there: &T,
    show: impl Fn(&T) -> String,
) -> Result<(), Disagree> {
    if here == there {
        Ok(())
    } else {
        Err(Disagree {
            field,
            here: show(here),
            there: show(there),
        })
    }
}

impl Declared for Report {
    const WHAT: &'static str = "report";
    const LIST: &'static str = "reports";
    fn id(&self) -> &str {
        &self.id
    }
    fn agree(&mut self, o: Self) -> Result<(), Disagree> {
        differs("title", o.title.as_str(), &self.title, quoted)?;
        differs("publisher", &o.publisher, &self.publisher, opt)?;
        differs("date", &o.date, &self.date, opt)?;
        differs("url", &o.url, &self.url, opt)
    }
}

impl Declared for Source {
    const WHAT: &'static str = "source";
    const LIST: &'static str = "sources";
    fn id(&self) -> &str {
        &self.id
    }
    fn agree(&mut self, o: Self) -> Result<(), Disagree> {
        let grade = |r: &Option<super::model::Reliability>| {
            r.map_or_else(|| "none".to_string(), |r| r.letter().to_string())
        };
        differs("name", o.name.as_str(), &self.name, quoted)?;
        differs("kind", &o.kind, &self.kind, |k| k.label().to_string())?;
        differs("reliability", &o.reliability, &self.reliability, grade)?;
        differs("report", &o.report, &self.report, opt)?;
        differs("note", &o.note, &self.note, opt)
    }
}

impl Declared for Actor {
    const WHAT: &'static str = "actor";
    const LIST: &'static str = "actors";
    fn id(&self) -> &str {
        &self.id
    }
    /// Same name and kind; aliases are merged and notes joined.
    fn agree(&mut self, o: Self) -> Result<(), Disagree> {
        differs("name", o.name.as_str(), &self.name, quoted)?;
        differs("kind", &o.kind, &self.kind, |k| k.label().to_string())?;
        for alias in o.aliases.into_iter().flatten() {
            let list = self.aliases.get_or_insert_with(Vec::new);
            if !list.contains(&alias) {
                list.push(alias);
            }
        }
        if let Some(note) = o.note {
            match &mut self.note {
                None => self.note = Some(note),
                Some(mine) if !mine.split("\n\n").any(|p| p == note) => {
                    mine.push_str("\n\n");
                    mine.push_str(&note);
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

struct Merger {
    /// One file opened alone: its own rules apply.
    single: bool,
    /// Some files of the chart could not be read: references to what they
    /// declare cannot be checked.
    incomplete: bool,
    problems: Vec<Problem>,
}

const NONE: u32 = u32::MAX;

impl Merger {
    fn push(&mut self, severity: Severity, at: Loc, context: Option<String>, message: Vec<Piece>) {
        self.problems.push(Problem {
            severity,
            at,
            context,
            message,
        });
    }

    fn error(&mut self, at: Loc, context: Option<String>, message: String) {
        self.push(Severity::Error, at, context, vec![Piece::Text(message)]);
    }

    fn warning(&mut self, at: Loc, context: Option<String>, message: String) {
        self.push(Severity::Warning, at, context, vec![Piece::Text(message)]);
    }

    fn check_date(&mut self, date: &str, at: Loc, context: impl FnOnce() -> String) {
        if !valid_date(date) {
            self.error(
                at,
                Some(context()),
                format!("malformed date `{date}`; expected ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD"),
            );
        }
    }

    /// Takes in file `f`'s declarations of one kind.
    fn declare<T: Declared>(&mut self, f: u32, items: Vec<T>, decls: &mut Decls<T>) {
        for (i, item) in items.into_iter().enumerate() {
            let here = Origin {
                file: f,
                index: i as u32,
            };
            if item.id().trim().is_empty() {
                self.error(
                    loc(f, path![F T::LIST, I i, F "id"]),
                    None,
                    format!("empty {} id", T::WHAT),
                );
                continue;
            }
            let Some(k) = decls.get(item.id()) else {
                decls
                    .index
                    .insert(item.id().to_string(), decls.items.len() as u32);
                decls.items.push(item);
                decls.origins.push(here);
                decls.last.push(here);
                continue;
            };
            let last = decls.last[k];
            if last.file == f {
                let msg = format!("duplicate {} id `{}`", T::WHAT, item.id());
                self.push(
                    Severity::Error,
                    loc(f, path![F T::LIST, I i, F "id"]),
                    None,
                    vec![
                        Piece::Text(msg),
                        Piece::FirstLine(loc(f, path![F T::LIST, I last.index])),
                    ],
                );
                continue;
            }
            decls.last[k] = here;
            let id = item.id().to_string();
            if let Err(d) = decls.items[k].agree(item) {
                let first = decls.origins[k];
                self.push(
                    Severity::Error,
                    loc(f, path![F T::LIST, I i, F d.field]),
                    Some(format!("{} `{id}`", T::WHAT)),
                    vec![
                        Piece::Text("declared differently here and at ".into()),
                        Piece::Place(loc(
                            first.file,
                            path![F T::LIST, I first.index, F d.field],
                        )),
                        Piece::Text(format!(
                            ": {} {} here, {} there; one id must mean one {}: make them agree or use another id",
                            d.field,
                            d.here,
                            d.there,
                            T::WHAT
                        )),
                    ],
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check_relation(
        &mut self,
        f: u32,
        ri: usize,
        rel: &Relation,
        actors: &Decls<Actor>,
        actor_names: &mut Option<Vec<(String, usize)>>,
        sources: &Decls<Source>,
        related: &mut [bool],
        cited: &mut [bool],
    ) {
        // Contexts are only spelt out for a problem: valid files, the
        // common case, never pay for the formatting.
        let ctx = || format!("relation {} → {} \"{}\"", rel.from, rel.to, rel.label);
        for (field, id) in [("from", &rel.from), ("to", &rel.to)] {
            match actors.get(id) {
                Some(a) => related[a] = true,
                None if self.incomplete => {}
                None => {
                    let mut msg = unknown("actor", id, actors.items.iter().map(|a| a.id.as_str()));
                    let names = actor_names.get_or_insert_with(|| {
                        actors
                            .items
                            .iter()
                            .enumerate()
                            .flat_map(|(k, a)| {
                                std::iter::once((a.name.clone(), k))
                                    .chain(a.aliases().iter().map(move |al| (al.clone(), k)))
                            })
                            .collect()
                    });
                    if !msg.contains("did you mean")
                        && let Some((_, k)) = names.iter().find(|(n, _)| n.eq_ignore_ascii_case(id))
                    {
                        msg = format!(
                            "unknown actor `{id}`; did you mean `{}`? (relations name actors by id)",
                            actors.items[*k].id
                        );
                    }
                    self.error(
                        loc(f, path![F "relations", I ri, F field]),
                        Some(ctx()),
                        msg,
                    );
                }
            }
        }
        if rel.label.trim().is_empty() {
            self.error(
                loc(f, path![F "relations", I ri, F "label"]),
                Some(ctx()),
                "the label is empty".into(),
            );
        }
        if rel.claims.is_empty() {
            self.error(
                loc(f, path![F "relations", I ri, F "claims"]),
                Some(ctx()),
                "`claims` is empty; a relation needs at least one claim".into(),
            );
        }
        for (ci, claim) in rel.claims.iter().enumerate() {
            let cctx = || format!("{}, claim {}", ctx(), ci + 1);
            let at = |field| loc(f, path![F "relations", I ri, F "claims", I ci, F field]);
            if claim.text.trim().is_empty() {
                self.error(at("text"), Some(cctx()), "the claim's text is empty".into());
            }
            if claim.sources.is_empty() {
                self.error(
                    at("sources"),
                    Some(cctx()),
                    "`sources` is empty; a claim needs at least one source".into(),
                );
            }
            for (si, sid) in claim.sources.iter().enumerate() {
                match sources.get(sid) {
                    Some(s) => cited[s] = true,
                    None if self.incomplete => {}
                    None => {
                        let msg =
                            unknown("source", sid, sources.items.iter().map(|s| s.id.as_str()));
                        let p = path![F "relations", I ri, F "claims", I ci, F "sources", I si];
                        self.error(loc(f, p), Some(cctx()), msg);
                    }
                }
            }
            if let Some(c) = claim.credibility
                && !(1..=6).contains(&c)
            {
                self.error(
                    at("credibility"),
                    Some(cctx()),
                    format!(
                        "credibility {c} is out of range; expected 1 (confirmed) to 6 (cannot be judged)"
                    ),
                );
            }
            if let Some(date) = &claim.date {
                self.check_date(date, at("date"), cctx);
            }
        }
    }

    /// Warns of two different ids that share a name (or alias): likely the
    /// same thing declared twice. Never merged silently.
    fn same_names<'a>(
        &mut self,
        plural: &str,
        singular: &str,
        list: &'static str,
        names: impl Iterator<Item = (usize, &'a str, &'a str)>,
        origins: &[Origin],
    ) {
        let mut first: HashMap<String, (usize, &'a str)> = HashMap::default();
        let mut warned: HashSet<(usize, usize)> = HashSet::default();
        for (k, id, name) in names {
            let key = fold(name);
            if key.is_empty() {
                continue;
            }
            match first.get(&key) {
                None => {
                    first.insert(key, (k, id));
                }
                Some(&(other, other_id)) if other != k && warned.insert((other, k)) => {
                    let (a, b) = (origins[k], origins[other]);
                    self.push(
                        Severity::Warning,
                        loc(a.file, path![F list, I a.index]),
                        None,
                        vec![
                            Piece::Text(format!("{plural} {id} (")),
                            Piece::Place(loc(a.file, path![F list, I a.index])),
                            Piece::Text(format!(") and {other_id} (")),
                            Piece::Place(loc(b.file, path![F list, I b.index])),
                            Piece::Text(format!(
                                ") are both called \"{name}\": the same {singular}? Use one id."
                            )),
                        ],
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// A name compared case-, accent- and space-insensitively: two names
/// of one fold are warned of, and told apart where they are shown.
pub fn fold(s: &str) -> String {
    // Text already in NFD (ASCII, most Arabic, Cyrillic, CJK; a quick table
    // check says so) is its own decomposition: the same characters,
    // without the decomposing iterator's buffering.
    if s.is_ascii() || is_nfd_quick(s.chars()) == IsNormalized::Yes {
        return s
            .chars()
            .filter(|&c| !is_combining_mark(c) && !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
    }
    folded_chars(s).collect()
}

/// The characters of [`fold`], without making a string of them.
pub fn folded_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.nfd()
        .filter(|&c| !is_combining_mark(c) && !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// Charts with fewer relations than this are checked on one thread.
const PAR_MIN_RELATIONS: usize = 4096;

/// What the merge finds before it moves any relation.
struct Found {
    /// The problems of every relation as written, in their order.
    checked: Vec<Problem>,
    /// Per actor: a relation names it.
    related: Vec<bool>,
    /// Per source: a claim cites it.
    cited: Vec<bool>,
    /// Actors, then sources, of one name under several ids.
    same_names: Vec<Problem>,
    plan: Plan,
}

/// Where every relation as written goes in the merged chart.
struct Plan {
    /// Per relation as written (files in order), its merged relation.
    decl_rel: Vec<u32>,
    /// Per relation as written, where it is and its claims.
    decls: Vec<RelDecl>,
    /// Per merged relation, its first declaration.
    rel_origins: Vec<Origin>,
    /// Some relation is written more than once.
    repeated: bool,
}

/// One share of [`find`]'s work.
enum Job<'a> {
    Plan,
    SameNames,
    Check(&'a [(u32, usize)]),
}

enum Done {
    Plan(Plan),
    SameNames(Vec<Problem>),
    Check(Vec<Problem>, Vec<bool>, Vec<bool>),
}

/// The checks of every relation as written ([`Merger::check_relation`],
/// in runs of relations), the names shared by several ids and the plan
/// of the merge: they only read the declarations and the relations, so
/// they share the cores. What they find is in the order one pass would
/// find it.
fn find(
    m: &Merger,
    relations_of: &[Vec<Relation>],
    actors: &Decls<Actor>,
    sources: &Decls<Source>,
) -> Found {
    let all: Vec<(u32, usize)> = relations_of
        .iter()
        .enumerate()
        .flat_map(|(f, rels)| (0..rels.len()).map(move |ri| (f as u32, ri)))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parallel = cores > 1 && all.len() >= PAR_MIN_RELATIONS;
    let runs = if parallel { cores * 4 } else { 1 };
    // The longest share that cannot be split goes first.
    let mut jobs = vec![Job::Plan, Job::SameNames];
    jobs.extend(all.chunks(all.len().div_ceil(runs).max(1)).map(Job::Check));
    let fresh = || Merger {
        single: m.single,
        incomplete: m.incomplete,
        problems: Vec::new(),
    };
    let run = |job: &Job| match job {
        Job::Plan => Done::Plan(plan(relations_of)),
        Job::SameNames => {
            let mut mine = fresh();
            mine.same_names(
                "actors",
                "actor",
                "actors",
                actors.items.iter().enumerate().flat_map(|(k, a)| {
                    std::iter::once((k, a.id.as_str(), a.name.as_str())).chain(
                        a.aliases()
                            .iter()
                            .map(move |al| (k, a.id.as_str(), al.as_str())),
                    )
                }),
                &actors.origins,
            );
            mine.same_names(
                "sources",
                "source",
                "sources",
                sources
                    .items
                    .iter()
                    .enumerate()
                    .map(|(k, s)| (k, s.id.as_str(), s.name.as_str())),
                &sources.origins,
            );
            Done::SameNames(mine.problems)
        }
        Job::Check(run) => {
            let mut mine = fresh();
            let mut related = vec![false; actors.items.len()];
            let mut cited = vec![false; sources.items.len()];
            let mut actor_names = None;
            for &(f, ri) in *run {
                let rel = &relations_of[f as usize][ri];
                mine.check_relation(
                    f,
                    ri,
                    rel,
                    actors,
                    &mut actor_names,
                    sources,
                    &mut related,
                    &mut cited,
                );
            }
            Done::Check(mine.problems, related, cited)
        }
    };
    let done: Vec<Option<Done>> = if parallel {
        par_map(&jobs, run)
    } else {
        jobs.iter().map(|j| Some(run(j))).collect()
    };
    let mut found = Found {
        checked: Vec::new(),
        related: vec![false; actors.items.len()],
        cited: vec![false; sources.items.len()],
        same_names: Vec::new(),
        plan: Plan {
            decl_rel: Vec::new(),
            decls: Vec::new(),
            rel_origins: Vec::new(),
            repeated: false,
        },
    };
    for (job, done) in jobs.iter().zip(done) {
        // A share whose thread gave no result is done again here.
        match done.unwrap_or_else(|| run(job)) {
            Done::Plan(p) => found.plan = p,
            Done::SameNames(p) => found.same_names = p,
            Done::Check(p, r, c) => {
                found.checked.extend(p);
                found.related.iter_mut().zip(r).for_each(|(a, b)| *a |= b);
                found.cited.iter_mut().zip(c).for_each(|(a, b)| *a |= b);
            }
        }
    }
    found
}

/// Where each relation as written goes: the first of each (from, to,
/// label) is a merged relation, numbered in the order written; the
/// others add their claims to it.
fn plan(relations_of: &[Vec<Relation>]) -> Plan {
    let total: usize = relations_of.iter().map(Vec::len).sum();
    let mut by_hash: HashMap<u64, u32> = HashMap::default();
    by_hash.reserve(total);
    // Per merged relation, the one of the same hash before it.
    let mut chain: Vec<u32> = Vec::with_capacity(total);
    let mut p = Plan {
        decl_rel: Vec::with_capacity(total),
        decls: Vec::with_capacity(total),
        rel_origins: Vec::with_capacity(total),
        repeated: false,
    };
    for (f, rels) in relations_of.iter().enumerate() {
        let f = f as u32;
        for (ri, rel) in rels.iter().enumerate() {
            let h = key_hash(rel);
            let mut at = by_hash.get(&h).copied().unwrap_or(NONE);
            while at != NONE {
                let o = p.rel_origins[at as usize];
                let r = &relations_of[o.file as usize][o.index as usize];
                if r.from == rel.from && r.to == rel.to && r.label == rel.label {
                    break;
                }
                at = chain[at as usize];
            }
            let target = if at == NONE {
                let new = p.rel_origins.len() as u32;
                chain.push(by_hash.insert(h, new).unwrap_or(NONE));
                p.rel_origins.push(Origin {
                    file: f,
                    index: ri as u32,
                });
                new
            } else {
                p.repeated = true;
                at
            };
            p.decl_rel.push(target);
            p.decls.push(RelDecl {
                file: f,
                index: ri as u32,
                claims: rel.claims.len() as u32,
            });
        }
    }
    p
}

/// The relations merged as `decl_rel` says, `n` of them: each file's
/// compacted in place (`file_rels[..kept]` are its relations new to the
/// chart), no second list of them built.
fn apply(relations_of: Vec<Vec<Relation>>, decl_rel: &[u32], n: usize) -> Vec<Relation> {
    let mut rels: Vec<Relation> = Vec::new();
    let mut targets = decl_rel.iter().map(|&t| t as usize);
    for mut file_rels in relations_of {
        let base = rels.len();
        let mut kept = 0;
        for (ri, target) in (0..file_rels.len()).zip(&mut targets) {
            if target == base + kept {
                file_rels.swap(kept, ri);
                kept += 1;
            } else {
                let claims = std::mem::take(&mut file_rels[ri].claims);
                let into = if target < base {
                    &mut rels[target]
                } else {
                    &mut file_rels[target - base]
                };
                into.claims.extend(claims);
            }
        }
        file_rels.truncate(kept);
        if rels.is_empty() {
            rels = file_rels;
            rels.reserve(n.saturating_sub(kept));
        } else {
            rels.append(&mut file_rels);
        }
    }
    rels
}

fn key_hash(r: &Relation) -> u64 {
    let mut h = FxHasher::default();
    (r.from.as_str(), r.to.as_str(), r.label.as_str()).hash(&mut h);
    h.finish()
}

/// The merge itself. `single`: the chart is one file opened alone.
/// `incomplete`: some files of the chart are missing from `files`.
pub(crate) fn merge_files(files: Vec<ParsedFile<'_>>, single: bool, incomplete: bool) -> Outcome {
    let n = files.len();
    let mut texts: Vec<Cow<'_, str>> = Vec::with_capacity(n);
    let mut infos: Vec<FileInfo> = Vec::with_capacity(n);
    let mut parts: Vec<(Dossier, Written)> = Vec::with_capacity(n);
    for f in files {
        texts.push(f.text);
        infos.push(f.info);
        parts.push((f.dossier, f.written));
    }
    if n == 0 {
        return Outcome {
            merged: None,
            per_file: Vec::new(),
            chart: Vec::new(),
        };
    }

    // A file alone must have every required field: ron says which one is
    // missing, and where, exactly as it always has.
    if single && !incomplete {
        let w = parts[0].1;
        if !(w.title && w.sources && w.actors) {
            let d = parse_str(&infos[0].name, &texts[0])
                .err()
                .unwrap_or_else(|| {
                    Diagnostic::error(&infos[0].name, "missing required field in `Dossier`")
                });
            return Outcome {
                merged: None,
                per_file: vec![vec![d]],
                chart: Vec::new(),
            };
        }
    }

    let mut m = Merger {
        single,
        incomplete,
        problems: Vec::new(),
    };
    let mut reports: Decls<Report> = Decls::new();
    let mut sources: Decls<Source> = Decls::new();
    let mut actors: Decls<Actor> = Decls::new();
    let mut any_reports = false;
    let mut summary = None;
    let mut relations_of = Vec::with_capacity(n);

    for (f, (d, w)) in parts.into_iter().enumerate() {
        let f = f as u32;
        if w.title && d.title.trim().is_empty() {
            m.error(loc(f, path![F "title"]), None, "the title is empty".into());
        }
        if m.single && d.sources.is_empty() {
            m.error(
                loc(f, path![F "sources"]),
                None,
                "`sources` is empty; a dossier needs at least one source".into(),
            );
        }
        if m.single && d.actors.is_empty() {
            m.error(
                loc(f, path![F "actors"]),
                None,
                "`actors` is empty; a dossier needs at least one actor".into(),
            );
        }
        if summary.is_none() {
            summary = d.summary;
        }
        any_reports |= d.reports.is_some();
        let file_reports = d.reports.unwrap_or_default();
        for (i, r) in file_reports.iter().enumerate() {
            if let Some(date) = &r.date {
                m.check_date(date, loc(f, path![F "reports", I i, F "date"]), || {
                    format!("report `{}`", r.id)
                });
            }
        }
        m.declare(f, file_reports, &mut reports);
        m.declare(f, d.sources, &mut sources);
        m.declare(f, d.actors, &mut actors);
        relations_of.push(d.relations);
    }

    if !incomplete {
        for (k, s) in sources.items.iter().enumerate() {
            if let Some(rep) = &s.report
                && reports.get(rep).is_none()
            {
                let o = sources.origins[k];
                let msg = unknown("report", rep, reports.items.iter().map(|r| r.id.as_str()));
                m.error(
                    loc(o.file, path![F "sources", I o.index, F "report"]),
                    Some(format!("source `{}`", s.id)),
                    msg,
                );
            }
        }
    }

    // Relations: checked where written, merged by (from, to, label). What
    // needs only the declarations and the relations as written is found
    // first, on every core; the relations are then moved into place.
    let Found {
        checked,
        related,
        cited,
        same_names,
        plan,
    } = find(&m, &relations_of, &actors, &sources);
    m.problems.extend(checked);
    let Plan {
        decl_rel,
        decls,
        rel_origins,
        repeated,
    } = plan;
    let rels = apply(relations_of, &decl_rel, rel_origins.len());
    let (decl_base, decls) = order_decls(rels.len(), decl_rel, decls, repeated);

    if !incomplete {
        for (k, a) in actors.items.iter().enumerate() {
            if !related[k] {
                let o = actors.origins[k];
                m.warning(
                    loc(o.file, path![F "actors", I o.index]),
                    Some(format!("actor `{}`", a.id)),
                    format!("{} has no relations", a.name),
                );
            }
        }
        for (k, s) in sources.items.iter().enumerate() {
            if !cited[k] {
                let o = sources.origins[k];
                m.warning(
                    loc(o.file, path![F "sources", I o.index]),
                    Some(format!("source `{}`", s.id)),
                    "no claim cites this source".into(),
                );
            }
        }
    }
    m.problems.extend(same_names);

    let mut chart = Vec::new();
    if !single && !incomplete {
        let first = &infos[0].name;
        if sources.items.is_empty() {
            chart.push(Diagnostic::error(
                first,
                "no file of the chart declares a source; a chart needs at least one source",
            ));
        }
        if actors.items.is_empty() {
            chart.push(Diagnostic::error(
                first,
                "no file of the chart declares an actor; a chart needs at least one actor",
            ));
        }
    }

    let per_file = resolve(m.problems, &texts, &infos);
    drop(texts);

    set_short_names(&mut infos);
    let title = infos
        .iter()
        .find_map(|i| i.title.clone())
        .unwrap_or_else(|| untitled_name(&infos));
    let dossier = Dossier {
        title,
        summary,
        reports: any_reports.then_some(reports.items),
        sources: sources.items,
        actors: actors.items,
        relations: rels,
    };
    let provenance = Provenance {
        files: infos,
        actors: actors.origins,
        sources: sources.origins,
        reports: reports.origins,
        relations: rel_origins,
        decl_base,
        decls,
    };
    Outcome {
        merged: Some((dossier, provenance)),
        per_file,
        chart,
    }
}

/// The places each relation was written, grouped by relation, each
/// group in file order (a stable counting sort).
fn order_decls(
    n_rels: usize,
    decl_rel: Vec<u32>,
    decls: Vec<RelDecl>,
    repeated: bool,
) -> (Vec<u32>, Vec<RelDecl>) {
    if !repeated {
        // Every relation written once: already in order.
        return ((0..n_rels as u32).collect(), decls);
    }
    let mut base = vec![0u32; n_rels + 1];
    for &r in &decl_rel {
        base[r as usize + 1] += 1;
    }
    for i in 0..n_rels {
        base[i + 1] += base[i];
    }
    base.pop();
    let mut fill = base.clone();
    let mut out = decls.clone();
    for (d, r) in decls.into_iter().zip(decl_rel) {
        let slot = &mut fill[r as usize];
        out[*slot as usize] = d;
        *slot += 1;
    }
    (base, out)
}

/// The path of each file below the folder that holds them all.
fn set_short_names(infos: &mut [FileInfo]) {
    let common = common_folder(infos.iter().map(|i| i.path.as_path()));
    for info in infos.iter_mut() {
        let short = match &common {
            Some(c) => info.path.strip_prefix(c).ok(),
            None => None,
        }
        .filter(|s| !s.as_os_str().is_empty())
        .or_else(|| info.path.file_name().map(Path::new));
        if let Some(s) = short {
            info.short = s.display().to_string();
        }
    }
}

fn common_folder<'a>(mut paths: impl Iterator<Item = &'a Path>) -> Option<PathBuf> {
    let first = paths.next()?.parent()?;
    let mut common: Vec<Component> = first.components().collect();
    for p in paths {
        let parent: Vec<Component> = p.parent()?.components().collect();
        let same = common
            .iter()
            .zip(&parent)
            .take_while(|(a, b)| a == b)
            .count();
        common.truncate(same);
    }
    Some(common.iter().collect())
}

/// A chart with no titled file goes by the name of the folder holding its
/// files (or of its first file).
fn untitled_name(infos: &[FileInfo]) -> String {
    let common = common_folder(infos.iter().map(|i| i.path.as_path()));
    common
        .and_then(|c| std::path::absolute(c).ok())
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| {
            infos
                .first()
                .and_then(|i| i.path.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "untitled chart".to_string())
}

/// Finds every position asked for, once per file, and spells the problems
/// out as diagnostics, per file, sorted by position.
fn resolve(
    problems: Vec<Problem>,
    texts: &[Cow<'_, str>],
    infos: &[FileInfo],
) -> Vec<Vec<Diagnostic>> {
    let n = infos.len();
    let mut out: Vec<Vec<Diagnostic>> = (0..n).map(|_| Vec::new()).collect();
    if problems.is_empty() {
        return out;
    }
    // Every place asked for, per file, in the order they are used below.
    let positions: Vec<Vec<Option<Pos>>> = {
        let mut wanted: Vec<Vec<&[Seg]>> = (0..n).map(|_| Vec::new()).collect();
        for p in &problems {
            wanted[p.at.file as usize].push(&p.at.path);
            for piece in &p.message {
                if let Piece::Place(l) | Piece::FirstLine(l) = piece {
                    wanted[l.file as usize].push(&l.path);
                }
            }
        }
        wanted
            .iter()
            .zip(texts)
            .map(|(w, t)| locate::find_many(t, w))
            .collect()
    };
    let mut next = vec![0usize; n];
    let mut take = |file: u32| {
        let f = file as usize;
        let pos = positions[f].get(next[f]).copied().flatten();
        next[f] += 1;
        pos
    };
    for p in problems {
        let at = take(p.at.file);
        let mut message = String::new();
        for piece in p.message {
            match piece {
                Piece::Text(t) => message.push_str(&t),
                Piece::Place(l) => {
                    message.push_str(&infos[l.file as usize].name);
                    if let Some(pos) = take(l.file) {
                        message.push_str(&format!(":{}:{}", pos.line, pos.col));
                    }
                }
                Piece::FirstLine(l) => {
                    if let Some(pos) = take(l.file) {
                        message.push_str(&format!(" (first defined on line {})", pos.line));
                    }
                }
            }
        }
        let file = &infos[p.at.file as usize].name;
        let mut d = match p.severity {
            Severity::Error => Diagnostic::error(file, message),
            Severity::Warning => Diagnostic::warning(file, message),
        }
        .at_pos(at);
        d.context = p.context;
        out[p.at.file as usize].push(d);
    }
    for diags in &mut out {
        diags.sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.col, d.severity));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_fold_is_the_fold() {
        for s in [
            "Kingdom of Wencalistan",
            "  Tab\tand\x0bvertical\x0ctab\r\n",
            "كتيبة الصاعقة",
            "مُحَمَّد",
            "山本 翔太",
            "Банк «Волга»",
            "Κίνημα Ολυμπία",
            "Ελεύθερη Ματιά",
            "한국 수출입은행",
            "e\u{301}te\u{301}",
            "été",
            "\u{212b}ngström",
            "ǅungla İstanbul ẞ",
            "\u{a0}no\u{2003}break",
            "",
        ] {
            let slow: String = folded_chars(s).collect();
            assert_eq!(fold(s), slow, "{s:?}");
        }
        assert_eq!(fold("Κίνημα"), fold("ΚΙΝΗΜΑ"));
        assert_eq!(fold("e\u{301}te\u{301}"), fold("été"));
    }
}
