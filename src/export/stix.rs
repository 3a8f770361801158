//! A dossier as one STIX 2.1 bundle (`export --format stix`).
//!
//! The mapping is [`crate::stix`]'s and the README's table: actors and
//! sources become `identity` objects, reports `report`, relations
//! `relationship` (marked with [`prop::LABEL`]), claims `note`s on their
//! relationship, and a `grouping` carries the dossier's title and summary.
//! Objects come in dossier order (grouping, actors, sources, reports, then
//! each relationship followed by its notes), keys in a fixed order, so the
//! same dossier gives the same bytes.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use std::collections::{HashMap, HashSet};

use crate::dossier::{Claim, Dossier, Relation, Report, Source};
use crate::stix::{self, FIXED_TIMESTAMP, prop, stix_id};

/// A JSON object whose keys keep the order they were added in.
#[derive(Default)]
struct Obj(Vec<(&'static str, Value)>);

impl Obj {
    fn new(ty: &str, id: &str, created: &str) -> Obj {
        let mut o = Obj::default();
        o.put("type", ty);
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", created);
        o.put("modified", created);
        o
    }
    fn put(&mut self, key: &'static str, v: impl Into<Value>) {
        self.0.push((key, v.into()));
    }
    fn opt(&mut self, key: &'static str, v: Option<impl Into<Value>>) {
        if let Some(v) = v {
            self.put(key, v);
        }
    }
}

impl Serialize for Obj {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The ids of a dossier's objects, derived from their linkchart ids.
pub(crate) fn actor_ref(id: &str) -> String {
    stix_id("identity", &["actor", id])
}
pub(crate) fn source_ref(id: &str) -> String {
    stix_id("identity", &["source", id])
}
pub(crate) fn report_ref(id: &str) -> String {
    stix_id("report", &["report", id])
}
pub(crate) fn relation_ref(r: &Relation) -> String {
    stix_id("relationship", &["relation", &r.from, &r.to, &r.label])
}
/// A claim's note, from its relation and its text (`n` > 1 tells apart
/// claims of one relation that share a text).
fn claim_ref(r: &Relation, c: &Claim, n: usize) -> String {
    let n = n.to_string();
    let mut parts = vec!["claim", &r.from, &r.to, &r.label, &c.text];
    if n != "1" {
        parts.push(&n);
    }
    stix_id("note", &parts)
}

/// A claim's date as FORMAT.md defines it: its own, else the earliest date
/// of the reports its sources cite.
// The same rule as `Chart::claim_date`; the export works on a plain
// `Dossier` (a filtered subset has no chart), so it applies it here.
fn claim_date<'a>(look: &Lookup<'a>, c: &'a Claim) -> Option<&'a str> {
    if let Some(date) = c.date.as_deref() {
        return Some(date);
    }
    c.sources
        .iter()
        .filter_map(|s| look.reports[look.report_of(s)?].date.as_deref())
        .min()
}

/// Sources and reports by id.
struct Lookup<'a> {
    sources: HashMap<&'a str, &'a Source>,
    reports: &'a [Report],
    report_ix: HashMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    fn new(d: &'a Dossier) -> Self {
        Lookup {
            sources: d.sources.iter().map(|s| (s.id.as_str(), s)).collect(),
            reports: d.reports(),
            report_ix: d
                .reports()
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect(),
        }
    }

    /// The index of the report source `id` belongs to.
    fn report_of(&self, id: &str) -> Option<usize> {
        let r = self.sources.get(id)?.report.as_deref()?;
        self.report_ix.get(r).copied()
    }
}

/// Ids in the order first seen, each once.
#[derive(Default)]
struct IdList {
    list: Vec<String>,
    seen: HashSet<String>,
}

impl IdList {
    fn add(&mut self, id: &str) {
        if self.seen.insert(id.to_string()) {
            self.list.push(id.to_string());
        }
    }
}

fn ts(date: Option<&str>) -> String {
    date.and_then(stix::timestamp)
        .unwrap_or_else(|| FIXED_TIMESTAMP.to_string())
}

/// The bundle, pretty-printed, ending in a newline.
pub fn stix(d: &Dossier) -> String {
    let clean = |s: &str| crate::sanitize::sanitize(s).into_owned();
    let mut objects: Vec<Obj> = Vec::new();

    // Notes first, as they decide the reports' object_refs and dates.
    let mut rel_objs = Vec::new();
    // For each report: the objects its sources' claims touch, and the
    // earliest date of those claims.
    let look = Lookup::new(d);
    let n_reports = d.reports().len();
    let mut touched: Vec<IdList> = (0..n_reports).map(|_| IdList::default()).collect();
    let mut earliest: Vec<Option<&str>> = vec![None; n_reports];
    // Relations with the same ends and label are one relation (FORMAT.md):
    // one relationship, with the claims of all of them.
    let mut merged: Vec<(&Relation, Vec<&Claim>)> = Vec::new();
    let mut at: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for r in &d.relations {
        match at.get(&(r.from.as_str(), r.to.as_str(), r.label.as_str())) {
            Some(&i) => merged[i].1.extend(&r.claims),
            None => {
                at.insert((&r.from, &r.to, &r.label), merged.len());
                merged.push((r, r.claims.iter().collect()));
            }
        }
    }
    for (r, claims) in merged {
        let rid = relation_ref(r);
        let ends = [actor_ref(&r.from), actor_ref(&r.to)];
        let dates: Vec<&str> = claims.iter().filter_map(|c| claim_date(&look, c)).collect();
        let mut rel = Obj::new("relationship", &rid, &ts(dates.iter().min().copied()));
        rel.put("relationship_type", stix::relationship_type(&r.label));
        rel.put("description", clean(&r.label));
        rel.put("source_ref", actor_ref(&r.from));
        rel.put("target_ref", actor_ref(&r.to));
        rel.put(prop::LABEL, clean(&r.label));
        let mut notes = Vec::new();
        for (i, &c) in claims.iter().enumerate() {
            let n = 1 + claims[..i].iter().filter(|x| x.text == c.text).count();
            let nid = claim_ref(r, c, n);
            let date = claim_date(&look, c);
            let mut note = Obj::new("note", &nid, &ts(date));
            let mut content = clean(&c.text);
            if let Some(q) = &c.quote {
                content.push_str(&format!("\n\n“{}”", clean(q)));
            }
            if let Some(cite) = &c.cite {
                content.push_str(&format!("\n\n({})", clean(cite)));
            }
            note.put("content", content);
            let names: Vec<String> = c
                .sources
                .iter()
                .map(|s| {
                    look.sources
                        .get(s.as_str())
                        .map_or_else(|| clean(s), |x| clean(&x.name))
                })
                .collect();
            note.put("authors", names);
            note.put("object_refs", vec![rid.clone()]);
            if let Some(first) = c.sources.first() {
                note.put("created_by_ref", source_ref(first));
            }
            let confidence = c
                .confidence
                .map(stix::dni_confidence)
                .or_else(|| c.credibility.and_then(stix::credibility_to_confidence));
            note.opt("confidence", confidence);
            if let Some(cred) = c.credibility {
                note.put("labels", vec![stix::misp_credibility(cred)]);
            }
            note.put(prop::TEXT, clean(&c.text));
            note.opt(prop::QUOTE, c.quote.as_deref().map(clean));
            note.opt(prop::CITE, c.cite.as_deref().map(clean));
            note.opt(prop::DATE, c.date.as_deref().map(clean));
            note.opt(prop::CREDIBILITY, c.credibility);
            note.opt(prop::CONFIDENCE, c.confidence.map(stix::confidence_name));
            note.put(
                prop::SOURCE_REFS,
                c.sources.iter().map(|s| source_ref(s)).collect::<Vec<_>>(),
            );
            for s in &c.sources {
                if let Some(ri) = look.report_of(s) {
                    let t = &mut touched[ri];
                    for id in [&nid, &rid, &ends[0], &ends[1]] {
                        t.add(id);
                    }
                    if let Some(date) = date
                        && earliest[ri].is_none_or(|e| date < e)
                    {
                        earliest[ri] = Some(date);
                    }
                }
            }
            notes.push(note);
        }
        rel_objs.push(rel);
        rel_objs.append(&mut notes);
    }

    let mut all_refs = Vec::new();
    for a in &d.actors {
        let id = actor_ref(&a.id);
        all_refs.push(id.clone());
        let mut o = Obj::new("identity", &id, FIXED_TIMESTAMP);
        o.put("name", clean(&a.name));
        let mut desc = a.note.as_deref().map(clean).unwrap_or_default();
        if !a.aliases().is_empty() {
            if !desc.is_empty() {
                desc.push_str("\n\n");
            }
            let aliases: Vec<String> = a.aliases().iter().map(|s| clean(s)).collect();
            desc.push_str(&format!("Also known as: {}.", aliases.join("; ")));
        }
        if !desc.is_empty() {
            o.put("description", desc);
        }
        let (class, sector) = stix::identity_class(&a.kind);
        o.put("identity_class", class);
        o.opt("sectors", sector.map(|s| vec![s]));
        o.put(prop::ACTOR_ID, clean(&a.id));
        o.put(prop::KIND, kind_json(&a.kind));
        if let Some(al) = &a.aliases {
            o.put(
                prop::OPENCTI_ALIASES,
                al.iter().map(|s| clean(s)).collect::<Vec<_>>(),
            );
        }
        o.opt(prop::NOTE, a.note.as_deref().map(clean));
        objects.push(o);
    }
    for s in &d.sources {
        let id = source_ref(&s.id);
        all_refs.push(id.clone());
        let mut o = Obj::new("identity", &id, FIXED_TIMESTAMP);
        o.put("name", clean(&s.name));
        o.opt("description", s.note.as_deref().map(clean));
        o.put("identity_class", stix::source_identity_class(&s.kind));
        if let Some(r) = s.reliability {
            o.put("labels", vec![stix::misp_reliability(r)]);
        }
        o.put(prop::SOURCE_ID, clean(&s.id));
        o.put(prop::KIND, kind_json(&s.kind));
        o.opt(
            prop::OPENCTI_RELIABILITY,
            s.reliability.map(stix::opencti_reliability),
        );
        o.opt(prop::NOTE, s.note.as_deref().map(clean));
        o.opt(prop::REPORT_REF, s.report.as_deref().map(report_ref));
        objects.push(o);
    }
    for (i, rep) in d.reports().iter().enumerate() {
        let id = report_ref(&rep.id);
        all_refs.push(id.clone());
        let published = ts(rep.date.as_deref().or(earliest[i]));
        let mut o = Obj::new("report", &id, &published);
        o.put("name", clean(&rep.title));
        o.put("published", published.clone());
        let refs = &mut touched[i];
        // Its sources' identities too: never empty.
        for s in d
            .sources
            .iter()
            .filter(|s| s.report.as_deref() == Some(&rep.id))
        {
            refs.add(&source_ref(&s.id));
        }
        let mut refs = std::mem::take(&mut refs.list);
        if refs.is_empty() {
            // A report no source belongs to still needs a reference: the
            // dossier's grouping stands for the whole.
            refs.push(grouping_ref(d));
        }
        o.put("object_refs", refs);
        if let Some(url) = &rep.url {
            let name = rep.publisher.as_deref().unwrap_or(&rep.title);
            o.put(
                "external_references",
                json!([{ "source_name": clean(name), "url": clean(url) }]),
            );
        }
        o.put(prop::REPORT_ID, clean(&rep.id));
        o.opt(prop::PUBLISHER, rep.publisher.as_deref().map(clean));
        o.opt(prop::DATE, rep.date.as_deref().map(clean));
        objects.push(o);
    }
    for o in &rel_objs {
        if let Some((_, Value::String(id))) = o.0.iter().find(|(k, _)| *k == "id") {
            all_refs.push(id.clone());
        }
    }

    let mut g = Obj::new("grouping", &grouping_ref(d), FIXED_TIMESTAMP);
    g.put("name", clean(&d.title));
    g.opt("description", d.summary.as_deref().map(clean));
    g.put("context", "unspecified");
    if all_refs.is_empty() {
        all_refs.push(grouping_ref(d));
    }
    g.put("object_refs", all_refs);
    g.put(prop::DOSSIER, true);

    let mut list = vec![g];
    list.append(&mut objects);
    list.append(&mut rel_objs);
    // Our custom properties are declared by an extension definition, as
    // STIX 2.1 asks, created by an identity standing for linkchart.
    let ext_id = stix_id(
        "extension-definition",
        &["linkchart", "dossier fields", "1"],
    );
    for o in &mut list {
        if o.0.iter().any(|(k, _)| k.starts_with("x_")) {
            o.put(
                "extensions",
                json!({ ext_id.clone(): { "extension_type": "toplevel-property-extension" } }),
            );
        }
    }
    let tool_id = stix::own_identity();
    let mut tool = Obj::new("identity", &tool_id, FIXED_TIMESTAMP);
    tool.put("name", "linkchart");
    tool.put("identity_class", "system");
    let mut ext = Obj::new("extension-definition", &ext_id, FIXED_TIMESTAMP);
    ext.put("created_by_ref", tool_id);
    ext.put("name", "linkchart dossier fields");
    ext.put(
        "description",
        "The fields of a linkchart dossier that STIX has no place for, kept so that importing the bundle gives the dossier back.",
    );
    ext.put(
        "schema",
        "The x_linkchart_* properties, as listed in the STIX section of linkchart's README.",
    );
    ext.put("version", "1.0.0");
    ext.put("extension_types", vec!["toplevel-property-extension"]);
    ext.put("extension_properties", prop::ALL.to_vec());
    list.splice(0..0, [tool, ext]);
    let body = serde_json::to_string(&list).unwrap_or_default();
    let mut bundle = Obj::default();
    bundle.put("type", "bundle");
    bundle.put("id", stix_id("bundle", &["bundle", &body]));
    let mut out = serde_json::to_string_pretty(&BundleRef {
        head: &bundle,
        objects: &list,
    })
    .expect("a bundle always serialises");
    out.push('\n');
    out
}

/// The grouping standing for the dossier, from its title.
fn grouping_ref(d: &Dossier) -> String {
    stix_id("grouping", &["dossier", &d.title])
}

fn kind_json(k: &impl Serialize) -> Value {
    serde_json::to_value(k).unwrap_or(Value::Null)
}

struct BundleRef<'a> {
    head: &'a Obj,
    objects: &'a [Obj],
}

impl Serialize for BundleRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.head.0.len() + 1))?;
        for (k, v) in &self.head.0 {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("objects", self.objects)?;
        m.end()
    }
}
