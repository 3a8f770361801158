//! The mapping between the dossier format and STIX 2.1, shared by the
//! exporter (`export --format stix`) and the importer (`import --from stix`)
//! so that the two directions cannot drift apart.
//!
//! - Ids: [`stix_id`] gives every object a UUIDv5 in [`NAMESPACE`] from the
//!   linkchart ids it stands for, so a re-export updates the same objects.
//! - Time: [`timestamp`] turns a dossier date into a STIX timestamp (the
//!   first instant of its span); undated objects carry [`FIXED_TIMESTAMP`].
//! - Scales: STIX 2.1 Appendix A ("Admiralty Credibility" and "DNI") for
//!   `confidence`, OpenCTI's `x_opencti_reliability` and the MISP
//!   `admiralty-scale` taxonomy for source reliability.
//! - The `x_linkchart_*` custom properties ([`prop`]) that make the import of
//!   our own export lossless.

use crate::dossier::{ActorKind, Confidence, Reliability, SourceKind};

/// The namespace of every UUIDv5 the export derives (documented in the README).
pub const NAMESPACE: uuid::Uuid = uuid::uuid!("d0d20faa-ff9a-4d47-bffb-75e08c1a7cc2");

/// `created`/`modified`/`published` of objects the data gives no date:
/// the Unix epoch, plainly not a real date.
pub const FIXED_TIMESTAMP: &str = "1970-01-01T00:00:00.000Z";

/// Names of the custom properties the export writes.
pub mod prop {
    /// On an actor's identity: its linkchart id.
    pub const ACTOR_ID: &str = "x_linkchart_actor_id";
    /// On a source's identity: its linkchart id.
    pub const SOURCE_ID: &str = "x_linkchart_source_id";
    /// On a report: its linkchart id.
    pub const REPORT_ID: &str = "x_linkchart_report_id";
    /// The actor or source kind, as the dossier's JSON writes it
    /// (`"Government"`, `{"Other": "Office"}`).
    pub const KIND: &str = "x_linkchart_kind";
    /// The actor's or source's note (the `description` may hold more).
    pub const NOTE: &str = "x_linkchart_note";
    /// On a source's identity: the report it belongs to.
    pub const REPORT_REF: &str = "x_linkchart_report_ref";
    /// On a report: its publisher.
    pub const PUBLISHER: &str = "x_linkchart_publisher";
    /// The mark of a relationship written by the export: the relation's label.
    /// Such a relationship is not a claim itself; its notes are.
    pub const LABEL: &str = "x_linkchart_label";
    /// On a claim's note: the claim's own fields.
    pub const TEXT: &str = "x_linkchart_text";
    pub const QUOTE: &str = "x_linkchart_quote";
    pub const CITE: &str = "x_linkchart_cite";
    pub const DATE: &str = "x_linkchart_date";
    pub const CREDIBILITY: &str = "x_linkchart_credibility";
    pub const CONFIDENCE: &str = "x_linkchart_confidence";
    /// On a claim's note: the identities of all its sources, in order.
    pub const SOURCE_REFS: &str = "x_linkchart_source_refs";
    /// On the grouping that stands for the dossier: its title and summary.
    pub const DOSSIER: &str = "x_linkchart_dossier";
    /// Aliases on an identity, as OpenCTI reads them.
    pub const OPENCTI_ALIASES: &str = "x_opencti_aliases";
    /// Source reliability, as OpenCTI reads it.
    pub const OPENCTI_RELIABILITY: &str = "x_opencti_reliability";
    /// Every custom property above, as the extension definition lists them.
    pub const ALL: [&str; 18] = [
        ACTOR_ID,
        SOURCE_ID,
        REPORT_ID,
        KIND,
        NOTE,
        REPORT_REF,
        PUBLISHER,
        LABEL,
        TEXT,
        QUOTE,
        CITE,
        DATE,
        CREDIBILITY,
        CONFIDENCE,
        SOURCE_REFS,
        DOSSIER,
        OPENCTI_ALIASES,
        OPENCTI_RELIABILITY,
    ];
}

/// `TYPE--UUIDv5`, the UUID from [`NAMESPACE`] and `parts` (written as a
/// JSON array, so no two lists of parts give the same name).
pub fn stix_id(ty: &str, parts: &[&str]) -> String {
    let name = serde_json::to_string(parts).unwrap_or_default();
    format!("{ty}--{}", uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()))
}

/// The identity standing for linkchart itself: the creator of the
/// extension definition an export declares its custom properties with.
pub fn own_identity() -> String {
    stix_id("identity", &["linkchart"])
}

/// The STIX timestamp of a dossier date: the first instant of its span
/// (`2022-06` → `2022-06-01T00:00:00.000Z`); `None` for a malformed date.
pub fn timestamp(date: &str) -> Option<String> {
    if !crate::dossier::validate::valid_date(date) {
        return None;
    }
    let mut parts = date.split('-');
    let y = parts.next()?;
    let m = parts.next().unwrap_or("01");
    let d = parts.next().unwrap_or("01");
    Some(format!("{y}-{m}-{d}T00:00:00.000Z"))
}

/// The dossier date (day precision) of a STIX timestamp, if it has one.
pub fn date_of(ts: &str) -> Option<String> {
    let day = ts.get(..10)?;
    crate::dossier::validate::valid_date(day).then(|| day.to_string())
}

/// `identity_class` and `sectors` of an actor's identity.
pub fn identity_class(kind: &ActorKind) -> (&'static str, Option<&'static str>) {
    match kind {
        ActorKind::Person => ("individual", None),
        ActorKind::State | ActorKind::Government => ("organization", Some("government-national")),
        ActorKind::Military => ("organization", Some("defense")),
        ActorKind::Organization => ("organization", None),
        ActorKind::Group | ActorKind::Public => ("group", None),
        ActorKind::Other(_) => ("unknown", None),
    }
}

/// `identity_class` of a source's identity.
pub fn source_identity_class(kind: &SourceKind) -> &'static str {
    match kind {
        SourceKind::Human => "individual",
        SourceKind::Official | SourceKind::Media | SourceKind::Assessment => "organization",
        SourceKind::Document | SourceKind::Other(_) => "unknown",
    }
}

/// The actor kind of an identity that carries no kind of ours.
pub fn kind_of_identity(class: Option<&str>, sectors: &[&str]) -> ActorKind {
    let has = |s: &str| sectors.contains(&s);
    match class {
        Some("individual") => ActorKind::Person,
        Some("organization") if has("government-national") || has("government") => {
            ActorKind::Government
        }
        Some("organization") if has("defense") => ActorKind::Military,
        Some("organization") => ActorKind::Organization,
        Some("group") | Some("class") => ActorKind::Group,
        Some("system") => ActorKind::Other("System".into()),
        _ => ActorKind::Other("Identity".into()),
    }
}

/// OpenCTI's `x_opencti_reliability` value: `A - Completely reliable`.
pub fn opencti_reliability(r: Reliability) -> String {
    let m = r.meaning();
    let mut cap = m[..1].to_uppercase();
    cap.push_str(&m[1..]);
    format!("{} - {cap}", r.letter())
}

/// The MISP taxonomy label: `admiralty-scale:source-reliability="c"`.
pub fn misp_reliability(r: Reliability) -> String {
    format!(
        "admiralty-scale:source-reliability=\"{}\"",
        r.letter().to_ascii_lowercase()
    )
}

/// The MISP taxonomy label: `admiralty-scale:information-credibility="3"`.
pub fn misp_credibility(c: u8) -> String {
    format!("admiralty-scale:information-credibility=\"{c}\"")
}

/// A reliability read back from OpenCTI's value (`"B - Usually reliable"`,
/// or just `"B"`) or a MISP label.
pub fn parse_reliability(s: &str) -> Option<Reliability> {
    let s = s.trim();
    let letter = if let Some(rest) = s.strip_prefix("admiralty-scale:source-reliability=") {
        rest.trim_matches('"')
    } else {
        s.split([' ', '-']).next().unwrap_or("")
    };
    Reliability::ALL
        .into_iter()
        .find(|r| letter.eq_ignore_ascii_case(&r.letter().to_string()))
}

/// A credibility read back from a MISP label.
pub fn parse_credibility_label(s: &str) -> Option<u8> {
    let v = s
        .strip_prefix("admiralty-scale:information-credibility=")?
        .trim_matches('"');
    v.parse().ok().filter(|c| (1..=6).contains(c))
}

/// STIX 2.1 Appendix A, "Admiralty Credibility": 1→90 … 5→10; 6 has none.
pub fn credibility_to_confidence(c: u8) -> Option<u8> {
    match c {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// The same scale backwards: 80–100→1, 60–79→2, 40–59→3, 20–39→4, 0–19→5.
pub fn confidence_to_credibility(v: u64) -> Option<u8> {
    match v {
        80..=100 => Some(1),
        60..=79 => Some(2),
        40..=59 => Some(3),
        20..=39 => Some(4),
        0..=19 => Some(5),
        _ => None,
    }
}

/// STIX 2.1 Appendix A, "DNI" scale: the value of an ICD 203 word.
pub fn dni_confidence(c: Confidence) -> u8 {
    match c {
        Confidence::AlmostNoChance => 5,
        Confidence::VeryUnlikely => 15,
        Confidence::Unlikely => 30,
        Confidence::RoughlyEvenChance => 50,
        Confidence::Likely => 70,
        Confidence::VeryLikely => 85,
        Confidence::AlmostCertain => 95,
    }
}

/// The variant name of a confidence word (`"RoughlyEvenChance"`).
pub fn confidence_name(c: Confidence) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A confidence word from its variant name.
pub fn parse_confidence(s: &str) -> Option<Confidence> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// An opinion's value as a credibility: strongly-agree 1 … strongly-disagree 5.
pub fn opinion_credibility(opinion: &str) -> Option<u8> {
    match opinion {
        "strongly-agree" => Some(1),
        "agree" => Some(2),
        "neutral" => Some(3),
        "disagree" => Some(4),
        "strongly-disagree" => Some(5),
        _ => None,
    }
}

/// `relationship_type` of a label: its ASCII letters and digits, lowercase,
/// in words joined by hyphens; `related-to` when nothing is left.
pub fn relationship_type(label: &str) -> String {
    let words: Vec<String> = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "related-to".to_string()
    } else {
        words.join("-")
    }
}

/// A plain sentence for a relationship without a description:
/// `APT1 uses WEBC2-UGX.`, `Ugly Gorilla is attributed to Wang Dong.`,
/// `X is a variant of Y.`
pub fn sentence(from: &str, label: &str, to: &str) -> String {
    let first = label.split(' ').next().unwrap_or("");
    let verb = if matches!(first, "variant" | "duplicate") {
        format!("is a {label}")
    } else if first.len() > 3 && first.ends_with("ed") {
        format!("is {label}")
    } else {
        label.to_string()
    };
    format!("{from} {verb} {to}.")
}

/// A label from a `relationship_type`: hyphens as spaces.
pub fn label_of_type(ty: &str) -> String {
    ty.replace(['-', '_'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = stix_id("identity", &["actor", "GOT"]);
        assert_eq!(a, stix_id("identity", &["actor", "GOT"]));
        assert!(a.starts_with("identity--"));
        assert_eq!(&a[10 + 14..10 + 15], "5", "a version 5 UUID: {a}");
        assert_ne!(a, stix_id("identity", &["source", "GOT"]));
        assert_ne!(
            stix_id("relationship", &["a b", "c"]),
            stix_id("relationship", &["a", "b c"])
        );
    }

    #[test]
    fn scales() {
        assert_eq!(
            opencti_reliability(Reliability::A),
            "A - Completely reliable"
        );
        assert_eq!(
            opencti_reliability(Reliability::F),
            "F - Reliability cannot be judged"
        );
        for r in Reliability::ALL {
            assert_eq!(parse_reliability(&opencti_reliability(r)), Some(r));
            assert_eq!(parse_reliability(&misp_reliability(r)), Some(r));
        }
        for c in 1..=5 {
            let v = credibility_to_confidence(c).unwrap();
            assert_eq!(confidence_to_credibility(v as u64), Some(c));
        }
        assert_eq!(credibility_to_confidence(6), None);
        assert_eq!(dni_confidence(Confidence::Likely), 70);
        assert_eq!(
            parse_confidence(&confidence_name(Confidence::RoughlyEvenChance)),
            Some(Confidence::RoughlyEvenChance)
        );
    }

    #[test]
    fn types_and_times() {
        assert_eq!(relationship_type("seeks leverage"), "seeks-leverage");
        assert_eq!(relationship_type("U.S. aid (2021)"), "u-s-aid-2021");
        assert_eq!(relationship_type("قناة"), "related-to");
        assert_eq!(label_of_type("attributed-to"), "attributed to");
        assert_eq!(
            sentence("APT1", "uses", "WEBC2-UGX"),
            "APT1 uses WEBC2-UGX."
        );
        assert_eq!(
            sentence("Ugly Gorilla", "attributed to", "Wang Dong"),
            "Ugly Gorilla is attributed to Wang Dong."
        );
        assert_eq!(sentence("B", "variant of", "A"), "B is a variant of A.");
        assert_eq!(sentence("A", "located at", "NL"), "A is located at NL.");
        assert_eq!(
            timestamp("2022-06").as_deref(),
            Some("2022-06-01T00:00:00.000Z")
        );
        assert_eq!(
            timestamp("2022").as_deref(),
            Some("2022-01-01T00:00:00.000Z")
        );
        assert_eq!(timestamp("June"), None);
        assert_eq!(
            date_of("2014-03-11T08:30:00.000Z").as_deref(),
            Some("2014-03-11")
        );
    }
}
