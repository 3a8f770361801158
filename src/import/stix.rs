//! A STIX 2.1 bundle (or a 2.0 one) as a dossier (`import --from stix`).
//!
//! - Every object that can be an end of a relationship (identity,
//!   threat-actor, malware, tool, location, … and cyber observables) becomes
//!   an actor with a readable id made from its name; an identity that only
//!   ever created things, and is no end of anything, is a source instead.
//! - Each `relationship` is a claim on the relation with its ends and type;
//!   relationships with the same ends and type are one relation. One written
//!   by our export (marked [`prop::LABEL`]) is the relation only, and its
//!   notes are the claims.
//! - `note`s, `opinion`s and `sighting`s become further claims; `report`s
//!   become reports, each with a source citing it for what it lists.
//! - What cannot map is skipped with a warning naming its STIX id.
//!
//! Long as one file: every STIX type's mapping shares the one pass's id tables and warnings.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Imported;
use crate::dossier::{
    Actor, ActorKind, Claim, Confidence, Dossier, Relation, Reliability, Report, Source, SourceKind,
};
use crate::export::ron::Comments;
use crate::export::write::slug;
use crate::stix::{self, prop};

const EXPECTED: &str =
    "expected a STIX 2.1 bundle: a JSON object with \"type\": \"bundle\" and an \"objects\" list";

/// Object types imported as actors when something refers to them.
fn actor_kind_of_type(ty: &str, o: &Value) -> Option<ActorKind> {
    let other = |s: &str| Some(ActorKind::Other(s.to_string()));
    match ty {
        "identity" => {
            let sectors: Vec<&str> = strs(o, "sectors");
            Some(stix::kind_of_identity(s(o, "identity_class"), &sectors))
        }
        "threat-actor" | "intrusion-set" => Some(ActorKind::Group),
        "location" => {
            if s(o, "country").is_some()
                && s(o, "city").is_none()
                && s(o, "region").is_none()
                && s(o, "street_address").is_none()
            {
                Some(ActorKind::State)
            } else {
                other("Location")
            }
        }
        "campaign" => other("Campaign"),
        "malware" => other("Malware"),
        "tool" => other("Tool"),
        "attack-pattern" => other("Attack pattern"),
        "vulnerability" => other("Vulnerability"),
        "infrastructure" => other("Infrastructure"),
        "course-of-action" => other("Course of action"),
        "indicator" => other("Indicator"),
        "incident" => other("Incident"),
        "malware-analysis" => other("Malware analysis"),
        "observed-data" => other("Observed data"),
        _ => sco_kind(ty).map(|k| ActorKind::Other(k.to_string())),
    }
}

/// Cyber observables that make sense as the end of a relation.
fn sco_kind(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "ipv4-addr" | "ipv6-addr" => "IP address",
        "domain-name" => "Domain",
        "url" => "URL",
        "email-addr" => "Email address",
        "mac-addr" => "MAC address",
        "file" => "File",
        "autonomous-system" => "Autonomous system",
        "user-account" => "User account",
        "software" => "Software",
        "directory" => "Directory",
        "mutex" => "Mutex",
        "windows-registry-key" => "Registry key",
        _ => return None,
    })
}

/// Types read for what they say about others, and types deliberately left out.
fn is_known_other(ty: &str) -> bool {
    matches!(
        ty,
        "relationship"
            | "sighting"
            | "note"
            | "opinion"
            | "report"
            | "grouping"
            | "marking-definition"
            | "extension-definition"
            | "language-content"
    )
}

fn s<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.get(key)?.as_str()
}

fn strs<'a>(o: &'a Value, key: &str) -> Vec<&'a str> {
    o.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// An id or name as it goes into a message: inert and not too long.
fn show(s: &str) -> String {
    crate::sanitize::clip(s, 120)
}

/// Unique readable ids: a slug of the wanted id, `-2`, `-3`… on a clash.
#[derive(Default)]
struct Ids(HashSet<String>);

impl Ids {
    /// `want` itself when free and usable, else a slug of `name`, made unique.
    fn take(&mut self, want: Option<&str>, name: &str) -> String {
        if let Some(w) = want
            && !w.trim().is_empty()
            && !self.0.contains(w)
        {
            self.0.insert(w.to_string());
            return w.to_string();
        }
        let base = slug(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.0.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.0.insert(id.clone());
        id
    }
}

/// The display name of an object: its `name`, or what stands for one.
fn name_of(o: &Value) -> String {
    for key in [
        "name",
        "value",
        "pattern",
        "path",
        "key",
        "user_id",
        "display_name",
    ] {
        if let Some(v) = s(o, key)
            && !v.trim().is_empty()
        {
            return v.to_string();
        }
    }
    if let Some(n) = o.get("number").and_then(Value::as_u64) {
        return format!("AS{n}");
    }
    let place: Vec<&str> = ["city", "region", "country"]
        .iter()
        .filter_map(|k| s(o, k))
        .collect();
    if !place.is_empty() {
        return place.join(", ");
    }
    s(o, "id").unwrap_or("unnamed").to_string()
}

fn kind_from_json<T: serde::de::DeserializeOwned>(v: Option<&Value>) -> Option<T> {
    serde_json::from_value(v?.clone()).ok()
}

fn reliability_of(o: &Value) -> Option<Reliability> {
    s(o, prop::OPENCTI_RELIABILITY)
        .and_then(stix::parse_reliability)
        .or_else(|| {
            strs(o, "labels")
                .into_iter()
                .filter(|l| l.starts_with("admiralty-scale:source-reliability="))
                .find_map(stix::parse_reliability)
        })
}

fn credibility_of(o: &Value) -> Option<u8> {
    strs(o, "labels")
        .into_iter()
        .find_map(stix::parse_credibility_label)
        .or_else(|| {
            o.get("confidence")
                .and_then(Value::as_u64)
                .and_then(stix::confidence_to_credibility)
        })
}

/// The date of a foreign object: a start time, else when it was created.
fn date_of_obj(o: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| s(o, k).and_then(stix::date_of))
}

/// What the top of a JSON value is, for the error when it is no bundle.
fn describe(v: &Value) -> String {
    match v {
        Value::Object(m) => match m.get("type").and_then(Value::as_str) {
            Some("bundle") => "a bundle without an \"objects\" list".to_string(),
            Some(t) => format!("a single object of type `{}`", show(t)),
            None => "a JSON object without \"type\"".to_string(),
        },
        Value::Array(_) => "a JSON list".to_string(),
        Value::String(_) => "a JSON string".to_string(),
        Value::Number(_) => "a JSON number".to_string(),
        Value::Bool(_) => "a JSON boolean".to_string(),
        Value::Null => "JSON null".to_string(),
    }
}

/// Reads the bundle `text` (from the file `file`, named in messages).
pub fn from_stix(file: &str, text: &str) -> Result<Imported, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_json::from_str(text).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            format!("not valid JSON ({e}); {EXPECTED}")
        } else {
            format!("cannot read the JSON ({e}); {EXPECTED}")
        }
    })?;
    let objects = match (
        root.get("type").and_then(Value::as_str),
        root.get("objects").and_then(Value::as_array),
    ) {
        (Some("bundle"), Some(list)) => list,
        _ => return Err(format!("{EXPECTED}; found {}", describe(&root))),
    };
    let name = std::path::Path::new(file)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    let origin = Origin {
        source: &format!("STIX bundle {name}"),
        name: &name,
        bundle_id: s(&root, "id").unwrap_or("a bundle without an id"),
    };
    from_objects(&origin, objects)
}

/// What imported objects came from, as the dossier names it.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The title's end when the objects give none (`Imported from NAME`),
    /// and the header comment's: a bundle's file name.
    pub name: &'a str,
    /// The name of the source that stands for the whole, for what no creator
    /// or report vouches for: `STIX bundle NAME`.
    pub source: &'a str,
    /// The bundle's id, for the header comment.
    pub bundle_id: &'a str,
}

/// The objects of a bundle (from a file or a server), mapped as
/// [`from_stix`] maps a bundle's: the same dossier, warnings and comments.
pub fn from_objects(origin: &Origin, objects: &[Value]) -> Result<Imported, String> {
    Importer::new(origin, objects).run()
}

struct Importer<'a> {
    origin: &'a Origin<'a>,
    /// The objects by id: the latest version where one appears several times.
    by_id: HashMap<&'a str, &'a Value>,
    /// Ids in bundle order, each once.
    order: Vec<&'a str>,
    warnings: Vec<String>,
}

/// A relation being built, with the STIX ids behind it.
struct Rel {
    from: usize,
    to: usize,
    label: String,
    stix_ids: Vec<String>,
    claims: Vec<(Claim, String)>,
    /// A relationship written by our export: its notes are its claims.
    marked_sentence: Option<(String, Vec<usize>)>,
}

impl<'a> Importer<'a> {
    fn new(origin: &'a Origin<'a>, objects: &'a [Value]) -> Importer<'a> {
        let mut by_id: HashMap<&str, &Value> = HashMap::new();
        let mut order = Vec::new();
        let mut warnings = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            let (Some(id), Some(_)) = (s(o, "id"), s(o, "type")) else {
                warnings.push(format!(
                    "object {} of the bundle has no \"id\" or no \"type\"; skipped",
                    i + 1
                ));
                continue;
            };
            match by_id.get(id) {
                Some(old) => {
                    // Versions of one object: the latest `modified` wins.
                    if s(o, "modified").unwrap_or("") >= s(old, "modified").unwrap_or("") {
                        by_id.insert(id, o);
                    }
                }
                None => {
                    by_id.insert(id, o);
                    order.push(id);
                }
            }
        }
        Importer {
            origin,
            by_id,
            order,
            warnings,
        }
    }

    fn ty(&self, id: &str) -> Option<&'a str> {
        self.by_id.get(id).and_then(|o| s(o, "type"))
    }

    fn warn(&mut self, id: &str, what: impl std::fmt::Display) {
        self.warnings.push(format!("{}: {what}", show(id)));
    }

    fn run(mut self) -> Result<Imported, String> {
        let order = self.order.clone();
        let by_id = self.by_id.clone();
        let obj = |id: &str| by_id[id];

        // Who created things, and what is an end of a relationship.
        let mut creators: HashSet<&str> = HashSet::new();
        // Creators of definitions only (a tool, a standards body) are no one's source.
        let mut definers: HashSet<&str> = HashSet::new();
        let mut ends: HashSet<&str> = HashSet::new();
        let own_identity = stix::own_identity();
        for &id in &order {
            let o = obj(id);
            if let Some(c) = s(o, "created_by_ref") {
                if matches!(
                    s(o, "type"),
                    Some("extension-definition" | "marking-definition" | "language-content")
                ) {
                    definers.insert(c);
                } else {
                    creators.insert(c);
                }
            }
            creators.extend(strs(o, prop::SOURCE_REFS));
            match s(o, "type") {
                Some("relationship") => {
                    ends.extend(s(o, "source_ref"));
                    ends.extend(s(o, "target_ref"));
                }
                Some("sighting") => {
                    ends.extend(s(o, "sighting_of_ref"));
                    ends.extend(strs(o, "where_sighted_refs"));
                }
                _ => {}
            }
        }

        // Actors and identity sources.
        let mut actor_ids = Ids::default();
        let mut source_ids = Ids::default();
        let mut actors: Vec<Actor> = Vec::new();
        let mut actor_stix: Vec<String> = Vec::new();
        let mut actor_ix: HashMap<&str, usize> = HashMap::new();
        let mut sources: Vec<Source> = Vec::new();
        let mut source_stix: Vec<String> = Vec::new();
        let mut source_ix: HashMap<&str, usize> = HashMap::new();
        let mut source_report_refs: Vec<Option<&str>> = Vec::new();
        for &id in &order {
            let o = obj(id);
            let ty = s(o, "type").unwrap_or("");
            let Some(kind) = actor_kind_of_type(ty, o) else {
                if !is_known_other(ty) {
                    self.warn(id, format!("unknown type `{}`; skipped", show(ty)));
                }
                continue;
            };
            let marked_actor = o.get(prop::ACTOR_ID).is_some();
            let marked_source = o.get(prop::SOURCE_ID).is_some();
            let is_end = ends.contains(id);
            let is_creator = creators.contains(id);
            let as_source = ty == "identity" && (marked_source || (is_creator && !marked_actor));
            let as_actor = !marked_source && (marked_actor || is_end || !is_creator);
            // linkchart's own identity, which an export adds as the creator
            // of its extension definition, stays out even when a platform
            // kept the objects but not the definition.
            let definer = definers.contains(id) || id == own_identity;
            if ty == "identity" && definer && !is_end && !is_creator {
                continue;
            }
            if (sco_kind(ty).is_some() || ty == "observed-data") && !is_end {
                // A lone observation says nothing about anyone.
                continue;
            }
            let name = if ty == "observed-data" {
                let seen: Vec<String> = strs(o, "object_refs")
                    .into_iter()
                    .filter_map(|r| by_id.get(r).map(|x| name_of(x)))
                    .collect();
                match (seen.is_empty(), s(o, "first_observed")) {
                    (false, _) => format!("Observed: {}", seen.join(", ")),
                    (true, Some(t)) => format!("Observed on {}", crate::sanitize::head(t, 10)),
                    (true, None) => name_of(o),
                }
            } else {
                name_of(o)
            };
            if as_actor {
                let a = Actor {
                    id: actor_ids.take(s(o, prop::ACTOR_ID), &name),
                    name: name.clone(),
                    kind: kind_from_json(o.get(prop::KIND)).unwrap_or(kind),
                    aliases: if marked_actor {
                        o.get(prop::OPENCTI_ALIASES)
                            .map(|_| strs(o, prop::OPENCTI_ALIASES))
                            .map(|v| v.into_iter().map(str::to_string).collect())
                    } else {
                        let mut al: Vec<String> = Vec::new();
                        for key in ["aliases", prop::OPENCTI_ALIASES, "x_mitre_aliases"] {
                            for a in strs(o, key) {
                                if a != name && !al.iter().any(|x| x == a) {
                                    al.push(a.to_string());
                                }
                            }
                        }
                        (!al.is_empty()).then_some(al)
                    },
                    note: if marked_actor {
                        s(o, prop::NOTE).map(str::to_string)
                    } else {
                        s(o, "description").map(str::to_string)
                    },
                };
                actor_ix.insert(id, actors.len());
                actors.push(a);
                actor_stix.push(id.to_string());
            }
            if as_source {
                let class = s(o, "identity_class");
                let src = Source {
                    id: source_ids.take(s(o, prop::SOURCE_ID), &name),
                    name,
                    kind: kind_from_json(o.get(prop::KIND)).unwrap_or_else(|| match class {
                        Some("individual") => SourceKind::Human,
                        Some(c) if !c.is_empty() => {
                            let mut k = c[..1].to_uppercase();
                            k.push_str(&c[1..]);
                            SourceKind::Other(k)
                        }
                        _ => SourceKind::Other("Identity".into()),
                    }),
                    reliability: reliability_of(o),
                    report: None,
                    note: if marked_source {
                        s(o, prop::NOTE).map(str::to_string)
                    } else {
                        s(o, "description").map(str::to_string)
                    },
                };
                source_ix.insert(id, sources.len());
                sources.push(src);
                source_stix.push(id.to_string());
                source_report_refs.push(s(o, prop::REPORT_REF));
            }
        }

        // Reports, each (unless our own) with a source citing it.
        let mut report_ids = Ids::default();
        let mut reports: Vec<Report> = Vec::new();
        let mut report_stix: Vec<String> = Vec::new();
        let mut report_ix: HashMap<&str, usize> = HashMap::new();
        // For each object id: the sources of the reports listing it.
        let mut listed_by: HashMap<&str, Vec<usize>> = HashMap::new();
        for &id in &order {
            let o = obj(id);
            if s(o, "type") != Some("report") {
                continue;
            }
            let marked = o.get(prop::REPORT_ID).is_some();
            let name = name_of(o);
            let rid = report_ids.take(s(o, prop::REPORT_ID), &name);
            let publisher = if marked {
                s(o, prop::PUBLISHER).map(str::to_string)
            } else {
                s(o, "created_by_ref")
                    .and_then(|c| self.by_id.get(c))
                    .map(|c| name_of(c))
            };
            let url = o
                .get("external_references")
                .and_then(Value::as_array)
                .and_then(|refs| refs.iter().find_map(|r| s(r, "url")))
                .map(str::to_string);
            reports.push(Report {
                id: rid.clone(),
                title: name.clone(),
                publisher,
                date: if marked {
                    s(o, prop::DATE).map(str::to_string)
                } else {
                    date_of_obj(o, &["published", "created"])
                },
                url,
            });
            report_ix.insert(id, reports.len() - 1);
            report_stix.push(id.to_string());
            let missing: Vec<&str> = strs(o, "object_refs")
                .into_iter()
                .filter(|r| !self.by_id.contains_key(r))
                .collect();
            if let Some(first) = missing.first() {
                self.warn(
                    id,
                    format!(
                        "lists {} object{} not in the bundle (the first: {}); left out",
                        missing.len(),
                        if missing.len() == 1 { "" } else { "s" },
                        show(first)
                    ),
                );
            }
            if !marked {
                let creator_rel = s(o, "created_by_ref")
                    .and_then(|c| self.by_id.get(c))
                    .and_then(|c| reliability_of(c));
                let sx = sources.len();
                sources.push(Source {
                    id: source_ids.take(None, &name),
                    name,
                    kind: SourceKind::Document,
                    reliability: reliability_of(o).or(creator_rel),
                    report: Some(rid),
                    note: None,
                });
                source_stix.push(id.to_string());
                source_report_refs.push(None);
                for r in strs(o, "object_refs") {
                    listed_by.entry(r).or_default().push(sx);
                }
            }
        }
        for (i, r) in source_report_refs.iter().enumerate() {
            if let Some(r) = r {
                match report_ix.get(r) {
                    Some(&rx) => sources[i].report = Some(reports[rx].id.clone()),
                    None => {
                        let sid = source_stix[i].clone();
                        self.warn(&sid, format!("its report {} is not in the bundle", show(r)));
                    }
                }
            }
        }

        // The bundle as a source, for claims nobody vouches for.
        let mut bundle_source: Option<usize> = None;
        let bundle_name = self.origin.name;
        let mut bundle_src = |sources: &mut Vec<Source>, source_stix: &mut Vec<String>| {
            *bundle_source.get_or_insert_with(|| {
                sources.push(Source {
                    id: source_ids.take(None, "bundle"),
                    name: self.origin.source.to_string(),
                    kind: SourceKind::Document,
                    reliability: Some(Reliability::F),
                    report: None,
                    note: Some(
                        "Stands for the bundle as a whole, for what no creator or report vouches for."
                            .to_string(),
                    ),
                });
                source_stix.push(String::new());
                sources.len() - 1
            })
        };

        // Relationships, then what is said about them.
        let mut rels: Vec<Rel> = Vec::new();
        let mut rel_key: HashMap<(usize, usize, String), usize> = HashMap::new();
        let mut rel_of_stix: HashMap<&str, usize> = HashMap::new();
        let mut later: Vec<&str> = Vec::new();
        for &id in &order {
            let o = obj(id);
            match s(o, "type") {
                Some("relationship") => {}
                Some("note" | "opinion" | "sighting") => {
                    later.push(id);
                    continue;
                }
                _ => continue,
            }
            let (Some(from), Some(to)) = (
                self.end(id, o, "source_ref", &actor_ix),
                self.end(id, o, "target_ref", &actor_ix),
            ) else {
                continue;
            };
            let ty = s(o, "relationship_type").unwrap_or("related-to");
            let marked = s(o, prop::LABEL);
            let label = marked
                .map(str::to_string)
                .unwrap_or_else(|| stix::label_of_type(ty));
            let label = if label.trim().is_empty() {
                "related to".to_string()
            } else {
                label
            };
            let sentence = stix::sentence(&actors[from].name, &label, &actors[to].name);
            let key = (from, to, label.clone());
            let rx = *rel_key.entry(key).or_insert_with(|| {
                rels.push(Rel {
                    from,
                    to,
                    label: label.clone(),
                    stix_ids: Vec::new(),
                    claims: Vec::new(),
                    marked_sentence: None,
                });
                rels.len() - 1
            });
            rels[rx].stix_ids.push(id.to_string());
            rel_of_stix.insert(id, rx);
            let mut srcs = self.sources_for(id, o, &source_ix, &listed_by);
            if marked.is_some() {
                rels[rx].marked_sentence.get_or_insert((sentence, srcs));
                continue;
            }
            if srcs.is_empty() {
                srcs.push(bundle_src(&mut sources, &mut source_stix));
            }
            let text = s(o, "description")
                .filter(|d| !d.trim().is_empty())
                .map(str::to_string)
                .unwrap_or(sentence);
            let claim = Claim {
                text,
                sources: srcs.iter().map(|&i| sources[i].id.clone()).collect(),
                credibility: credibility_of(o),
                confidence: None,
                quote: None,
                cite: None,
                date: date_of_obj(o, &["start_time", "created"]),
            };
            rels[rx].claims.push((claim, id.to_string()));
        }

        for id in later {
            let o = obj(id);
            let ty = s(o, "type").unwrap_or("");
            if ty == "sighting" {
                self.sighting(
                    id,
                    o,
                    &actor_ix,
                    &actors,
                    &mut rels,
                    &mut rel_key,
                    &source_ix,
                    &listed_by,
                    &mut sources,
                    &mut bundle_src,
                    &mut source_stix,
                );
                continue;
            }
            let targets: Vec<usize> = strs(o, "object_refs")
                .into_iter()
                .filter_map(|r| rel_of_stix.get(r).copied())
                .collect();
            if targets.is_empty() {
                self.warn(id, format!("a {ty} on no imported relationship; skipped"));
                continue;
            }
            let marked = o.get(prop::TEXT).is_some();
            let mut srcs: Vec<usize> = Vec::new();
            if marked {
                for r in strs(o, prop::SOURCE_REFS) {
                    match source_ix.get(r) {
                        Some(&i) => srcs.push(i),
                        None => {
                            self.warn(id, format!("its source {} is not in the bundle", show(r)))
                        }
                    }
                }
            } else {
                srcs = self.sources_for(id, o, &source_ix, &listed_by);
            }
            let who = srcs
                .first()
                .map(|&i| sources[i].name.clone())
                .or_else(|| strs(o, "authors").first().map(|a| a.to_string()))
                .unwrap_or_else(|| "Someone".to_string());
            for rx in targets {
                let mut srcs = srcs.clone();
                if srcs.is_empty() {
                    srcs = rels[rx]
                        .marked_sentence
                        .as_ref()
                        .map(|(_, s)| s.clone())
                        .unwrap_or_default();
                }
                let claim = if marked {
                    Claim {
                        text: s(o, prop::TEXT).unwrap_or("").to_string(),
                        sources: vec![],
                        credibility: o
                            .get(prop::CREDIBILITY)
                            .and_then(Value::as_u64)
                            .and_then(|c| u8::try_from(c).ok()),
                        confidence: s(o, prop::CONFIDENCE).and_then(stix::parse_confidence),
                        quote: s(o, prop::QUOTE).map(str::to_string),
                        cite: s(o, prop::CITE).map(str::to_string),
                        date: s(o, prop::DATE).map(str::to_string),
                    }
                } else if ty == "opinion" {
                    let r = &rels[rx];
                    let value = s(o, "opinion").unwrap_or("neutral");
                    let verb = match value {
                        "strongly-agree" => "strongly agrees",
                        "agree" => "agrees",
                        "disagree" => "disagrees",
                        "strongly-disagree" => "strongly disagrees",
                        _ => "neither agrees nor disagrees",
                    };
                    Claim {
                        text: s(o, "explanation")
                            .filter(|e| !e.trim().is_empty())
                            .map(str::to_string)
                            .unwrap_or_else(|| {
                                format!(
                                    "{who} {verb} that {}",
                                    stix::sentence(
                                        &actors[r.from].name,
                                        &r.label,
                                        &actors[r.to].name
                                    )
                                )
                            }),
                        sources: vec![],
                        credibility: stix::opinion_credibility(value),
                        confidence: None,
                        quote: None,
                        cite: None,
                        date: date_of_obj(o, &["created"]),
                    }
                } else {
                    let content = s(o, "content").unwrap_or("");
                    let text = match s(o, "abstract") {
                        Some(a) if !a.trim().is_empty() && content.trim().is_empty() => a,
                        _ => content,
                    };
                    Claim {
                        text: text.to_string(),
                        sources: vec![],
                        credibility: credibility_of(o),
                        confidence: None,
                        quote: None,
                        cite: None,
                        date: date_of_obj(o, &["created"]),
                    }
                };
                if claim.text.trim().is_empty() {
                    self.warn(id, format!("a {ty} without text; skipped"));
                    continue;
                }
                if srcs.is_empty() {
                    srcs.push(bundle_src(&mut sources, &mut source_stix));
                }
                let claim = Claim {
                    sources: srcs.iter().map(|&i| sources[i].id.clone()).collect(),
                    ..claim
                };
                rels[rx].claims.push((claim, id.to_string()));
            }
        }

        // A marked relationship whose notes are all gone still says something.
        for r in &mut rels {
            if r.claims.is_empty() {
                let (sentence, mut srcs) = r.marked_sentence.take().unwrap_or_default();
                if srcs.is_empty() {
                    srcs.push(bundle_src(&mut sources, &mut source_stix));
                }
                r.claims.push((
                    Claim {
                        text: sentence,
                        sources: srcs.iter().map(|&i| sources[i].id.clone()).collect(),
                        credibility: None,
                        confidence: None,
                        quote: None,
                        cite: None,
                        date: None,
                    },
                    r.stix_ids.first().cloned().unwrap_or_default(),
                ));
            }
        }

        if actors.is_empty() {
            return Err(format!(
                "the bundle has no object to show as an actor (identity, threat-actor, intrusion-set, campaign, malware, tool, location, …); {EXPECTED}"
            ));
        }
        // A creator of things other than claims (the author of a malware
        // entry, of the report itself) is cited by nothing: leave it out
        // (a report keeps its name as publisher). Our own sources stay.
        let mut cited: HashSet<String> = HashSet::new();
        for r in &rels {
            for (c, _) in &r.claims {
                cited.extend(c.sources.iter().cloned());
            }
        }
        let keep: Vec<bool> = (0..sources.len())
            .map(|i| {
                cited.contains(&sources[i].id)
                    || by_id
                        .get(source_stix[i].as_str())
                        .is_some_and(|o| o.get(prop::SOURCE_ID).is_some())
            })
            .collect();
        let mut k = keep.iter();
        sources.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        source_stix.retain(|_| *k.next().unwrap_or(&true));
        if sources.is_empty() {
            bundle_src(&mut sources, &mut source_stix);
        }

        // Title and summary: our own grouping, else the one report, else
        // the one grouping, else the file.
        let ours = order
            .iter()
            .map(|&id| obj(id))
            .find(|o| s(o, "type") == Some("grouping") && o.get(prop::DOSSIER).is_some());
        let single = |ty: &str| {
            let mut it = order
                .iter()
                .map(|&id| obj(id))
                .filter(|o| s(o, "type") == Some(ty));
            match (it.next(), it.next()) {
                (Some(o), None) => Some(o),
                _ => None,
            }
        };
        let head = ours
            .or_else(|| single("report"))
            .or_else(|| single("grouping"));
        let title = head
            .map(name_of)
            .unwrap_or_else(|| format!("Imported from {bundle_name}"));
        let summary = head.and_then(|o| s(o, "description")).map(str::to_string);

        let mut comments = Comments {
            header: vec![
                format!(
                    "Imported from {} ({}) with `linkchart import --from stix`.",
                    show(bundle_name),
                    show(self.origin.bundle_id)
                ),
                "The comment above each item names the STIX objects it came from.".to_string(),
            ],
            ..Comments::default()
        };
        // One line each, however long or many the ids.
        let line = |ids: &[String]| -> Vec<String> {
            let shown: Vec<String> = ids.iter().take(3).map(|i| show(i)).collect();
            match ids.len() {
                0 => vec![],
                n if n > 3 => vec![format!("{} and {} more", shown.join(", "), n - 3)],
                _ => vec![shown.join(", ")],
            }
        };
        comments.reports = report_stix
            .iter()
            .map(|i| line(std::slice::from_ref(i)))
            .collect();
        comments.sources = source_stix
            .iter()
            .map(|i| {
                if i.is_empty() {
                    vec![]
                } else {
                    line(std::slice::from_ref(i))
                }
            })
            .collect();
        comments.actors = actor_stix
            .iter()
            .map(|i| line(std::slice::from_ref(i)))
            .collect();
        comments.relations = rels.iter().map(|r| line(&r.stix_ids)).collect();
        comments.claims = rels
            .iter()
            .map(|r| {
                r.claims
                    .iter()
                    .map(|(_, i)| line(std::slice::from_ref(i)))
                    .collect()
            })
            .collect();

        let dossier = Dossier {
            title,
            summary,
            reports: (!reports.is_empty()).then_some(reports),
            sources,
            relations: rels
                .into_iter()
                .map(|r| Relation {
                    from: actors[r.from].id.clone(),
                    to: actors[r.to].id.clone(),
                    label: r.label,
                    claims: r.claims.into_iter().map(|(c, _)| c).collect(),
                })
                .collect(),
            actors,
        };
        Ok(Imported {
            dossier,
            comments,
            warnings: self.warnings,
        })
    }

    /// The actor at one end of relationship `id`, or a warning saying why not.
    fn end(
        &mut self,
        id: &str,
        o: &Value,
        key: &str,
        actor_ix: &HashMap<&str, usize>,
    ) -> Option<usize> {
        let Some(r) = s(o, key) else {
            self.warn(id, format!("no {key}; skipped"));
            return None;
        };
        if let Some(&a) = actor_ix.get(r) {
            return Some(a);
        }
        match self.ty(r) {
            None => self.warn(
                id,
                format!("its {key} {} is not in the bundle; skipped", show(r)),
            ),
            Some(t) => self.warn(
                id,
                format!(
                    "its {key} {} is a `{}`, which is not imported as an actor; skipped",
                    show(r),
                    show(t)
                ),
            ),
        }
        None
    }

    /// The sources vouching for object `id`: its creator, then the reports
    /// listing it.
    fn sources_for(
        &mut self,
        id: &str,
        o: &Value,
        source_ix: &HashMap<&str, usize>,
        listed_by: &HashMap<&str, Vec<usize>>,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(c) = s(o, "created_by_ref") {
            match source_ix.get(c) {
                Some(&i) => out.push(i),
                None if self.by_id.contains_key(c) => {}
                None => self.warn(id, format!("its creator {} is not in the bundle", show(c))),
            }
        }
        for &i in listed_by.get(id).into_iter().flatten() {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn sighting(
        &mut self,
        id: &str,
        o: &Value,
        actor_ix: &HashMap<&str, usize>,
        actors: &[Actor],
        rels: &mut Vec<Rel>,
        rel_key: &mut HashMap<(usize, usize, String), usize>,
        source_ix: &HashMap<&str, usize>,
        listed_by: &HashMap<&str, Vec<usize>>,
        sources: &mut Vec<Source>,
        bundle_src: &mut dyn FnMut(&mut Vec<Source>, &mut Vec<String>) -> usize,
        source_stix: &mut Vec<String>,
    ) {
        let Some(what) = self.end(id, o, "sighting_of_ref", actor_ix) else {
            return;
        };
        let wheres = strs(o, "where_sighted_refs");
        if wheres.is_empty() {
            self.warn(id, "a sighting that names no one who saw it; skipped");
            return;
        }
        let mut srcs = self.sources_for(id, o, source_ix, listed_by);
        for w in wheres {
            let Some(&to) = actor_ix.get(w) else {
                match self.ty(w) {
                    None => self.warn(
                        id,
                        format!(
                            "where_sighted_refs {} is not in the bundle; skipped",
                            show(w)
                        ),
                    ),
                    Some(t) => self.warn(
                        id,
                        format!(
                            "where_sighted_refs {} is a `{}`, not imported as an actor; skipped",
                            show(w),
                            show(t)
                        ),
                    ),
                }
                continue;
            };
            if srcs.is_empty() {
                srcs.push(bundle_src(sources, source_stix));
            }
            let label = "sighted by".to_string();
            // What was observed, by name: `(observed: resume.pdf, …)`.
            let seen: Vec<String> = strs(o, "observed_data_refs")
                .into_iter()
                .filter_map(|r| self.by_id.get(r).copied())
                .flat_map(|od| strs(od, "object_refs"))
                .filter_map(|r| self.by_id.get(r).map(|x| name_of(x)))
                .take(5)
                .collect();
            let observed = if seen.is_empty() {
                String::new()
            } else {
                format!(" (observed: {})", seen.join(", "))
            };
            let rx = *rel_key.entry((what, to, label.clone())).or_insert_with(|| {
                rels.push(Rel {
                    from: what,
                    to,
                    label,
                    stix_ids: Vec::new(),
                    claims: Vec::new(),
                    marked_sentence: None,
                });
                rels.len() - 1
            });
            rels[rx].stix_ids.push(id.to_string());
            let count = o
                .get("count")
                .and_then(Value::as_u64)
                .map(|n| format!(" {n} time{}", if n == 1 { "" } else { "s" }))
                .unwrap_or_default();
            let text = s(o, "description")
                .filter(|d| !d.trim().is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!(
                        "{} was sighted by {}{count}{observed}.",
                        actors[what].name, actors[to].name
                    )
                });
            rels[rx].claims.push((
                Claim {
                    text,
                    sources: srcs.iter().map(|&i| sources[i].id.clone()).collect(),
                    credibility: credibility_of(o),
                    confidence: None::<Confidence>,
                    quote: None,
                    cite: None,
                    date: date_of_obj(o, &["first_seen", "created"]),
                },
                id.to_string(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::actor_kind_of_type;
    use crate::dossier::ActorKind;
    use serde_json::json;

    /// Every kind an import makes an actor of has a badge of its own, and
    /// no two share one: an imported chart never reads `OTH`.
    #[test]
    fn every_imported_kind_has_a_badge_of_its_own() {
        let types = [
            "identity",
            "threat-actor",
            "intrusion-set",
            "location",
            "campaign",
            "malware",
            "tool",
            "attack-pattern",
            "vulnerability",
            "infrastructure",
            "course-of-action",
            "indicator",
            "incident",
            "malware-analysis",
            "observed-data",
            "ipv4-addr",
            "ipv6-addr",
            "domain-name",
            "url",
            "email-addr",
            "mac-addr",
            "file",
            "autonomous-system",
            "user-account",
            "software",
            "directory",
            "mutex",
            "windows-registry-key",
        ];
        let objects = [
            json!({}),
            json!({"identity_class": "system"}),
            json!({"identity_class": "unknown"}),
            json!({"city": "Lyon"}),
        ];
        let mut badges: Vec<(&str, String)> = Vec::new();
        for ty in types {
            for o in &objects {
                let kind = actor_kind_of_type(ty, o).unwrap_or_else(|| panic!("{ty}"));
                assert_ne!(kind.badge(), "OTH", "{ty} {o}: {kind:?}");
                if let ActorKind::Other(label) = &kind {
                    badges.push((kind.badge(), label.clone()));
                }
            }
        }
        badges.sort();
        badges.dedup();
        for pair in badges.windows(2) {
            assert_ne!(pair[0].0, pair[1].0, "{pair:?}");
        }
    }
}
