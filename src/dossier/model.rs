//! The dossier format as serde types: exactly the fields of FORMAT.md.
//!
//! Optional fields are `Option`s so that they can be written plainly
//! (`reliability: C`, ron's `IMPLICIT_SOME`), as `Some(C)`, or left out.
//! Serialising skips `None`, so the JSON export carries the format's field
//! names and nothing else. The types also encode to the parsed cache's
//! binary form (`bitcode`), field by field, whatever serde skips.

use bitcode::{Decode, Encode};
use serde::{Deserialize, Deserializer, Serialize};

/// A list read without spare capacity. ron gives no length, so serde grows
/// vectors by doubling; the slack of 130,000 small vectors (a claim's
/// sources, a relation's claims) is several megabytes at the moment the
/// parse peaks. Shrinking each as it completes keeps it out of the peak.
fn exact<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let mut v = Vec::<T>::deserialize(d)?;
    v.shrink_to_fit();
    Ok(v)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Encode, Decode)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reports: Option<Vec<Report>>,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Encode, Decode)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Encode, Decode)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Encode, Decode)]
pub enum SourceKind {
    Human,
    Official,
    Document,
    Media,
    Assessment,
    Other(String),
}

impl SourceKind {
    pub fn label(&self) -> &str {
        match self {
            SourceKind::Human => "human",
            SourceKind::Official => "official",
            SourceKind::Document => "document",
            SourceKind::Media => "media",
            SourceKind::Assessment => "assessment",
            SourceKind::Other(s) => s,
        }
    }
}

/// Admiralty (NATO) source reliability: A completely reliable … F cannot be judged.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Encode, Decode,
)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    pub fn letter(self) -> char {
        (b'A' + self as u8) as char
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

/// Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).
pub fn credibility_meaning(c: u8) -> &'static str {
    match c {
        1 => "confirmed by other sources",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        6 => "truth cannot be judged",
        _ => "out of range",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Encode, Decode)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Actor {
    pub fn aliases(&self) -> &[String] {
        self.aliases.as_deref().unwrap_or(&[])
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Encode, Decode)]
pub enum ActorKind {
    State,
    Government,
    Military,
    Person,
    Organization,
    Group,
    Public,
    Other(String),
}

impl ActorKind {
    pub fn label(&self) -> &str {
        match self {
            ActorKind::State => "state",
            ActorKind::Government => "government",
            ActorKind::Military => "military",
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Group => "group",
            ActorKind::Public => "public",
            ActorKind::Other(s) => s,
        }
    }

    /// A three-letter badge for narrow lists. An `Other` kind that names
    /// one of the kinds of threat intelligence (what a STIX import writes:
    /// `Other("Malware")`, `Other("Attack pattern")`, …, in any case) has
    /// its own; any other is `OTH`.
    pub fn badge(&self) -> &'static str {
        match self {
            ActorKind::State => "STA",
            ActorKind::Government => "GOV",
            ActorKind::Military => "MIL",
            ActorKind::Person => "PER",
            ActorKind::Organization => "ORG",
            ActorKind::Group => "GRP",
            ActorKind::Public => "PUB",
            ActorKind::Other(label) => OTHER_BADGES
                .iter()
                .find(|(kind, _)| kind.eq_ignore_ascii_case(label.trim()))
                .map_or("OTH", |&(_, badge)| badge),
        }
    }
}

/// The `Other` kinds that have a badge of their own: the kinds of STIX
/// objects an import makes actors of, and its identities that are neither
/// people nor organisations.
const OTHER_BADGES: &[(&str, &str)] = &[
    ("Malware", "MAL"),
    ("Tool", "TOL"),
    ("Attack pattern", "TTP"),
    ("Campaign", "CMP"),
    ("Vulnerability", "VUL"),
    ("Infrastructure", "INF"),
    ("Course of action", "COA"),
    ("Indicator", "IND"),
    ("Incident", "INC"),
    ("Location", "LOC"),
    ("Malware analysis", "MAA"),
    ("Observed data", "OBS"),
    ("IP address", "IP "),
    ("Domain", "DOM"),
    ("URL", "URL"),
    ("Email address", "EML"),
    ("MAC address", "MAC"),
    ("File", "FIL"),
    ("Autonomous system", "ASN"),
    ("User account", "USR"),
    ("Software", "SFT"),
    ("Directory", "DIR"),
    ("Mutex", "MTX"),
    ("Registry key", "REG"),
    ("System", "SYS"),
    ("Identity", "IDN"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Encode, Decode)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub from: String,
    pub to: String,
    pub label: String,
    #[serde(deserialize_with = "exact")]
    pub claims: Vec<Claim>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Encode, Decode)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub text: String,
    #[serde(deserialize_with = "exact")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// ICD 203 estimative language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Encode, Decode,
)]
pub enum Confidence {
    AlmostNoChance,
    VeryUnlikely,
    Unlikely,
    RoughlyEvenChance,
    Likely,
    VeryLikely,
    AlmostCertain,
}

impl Confidence {
    /// Every value, from the least likely to the most.
    pub const ALL: [Confidence; 7] = [
        Confidence::AlmostNoChance,
        Confidence::VeryUnlikely,
        Confidence::Unlikely,
        Confidence::RoughlyEvenChance,
        Confidence::Likely,
        Confidence::VeryLikely,
        Confidence::AlmostCertain,
    ];

    pub fn words(self) -> &'static str {
        match self {
            Confidence::AlmostNoChance => "almost no chance",
            Confidence::VeryUnlikely => "very unlikely",
            Confidence::Unlikely => "unlikely",
            Confidence::RoughlyEvenChance => "roughly even chance",
            Confidence::Likely => "likely",
            Confidence::VeryLikely => "very likely",
            Confidence::AlmostCertain => "almost certain",
        }
    }

    /// The ICD 203 probability range, in percent.
    pub fn range(self) -> &'static str {
        match self {
            Confidence::AlmostNoChance => "01-05%",
            Confidence::VeryUnlikely => "05-20%",
            Confidence::Unlikely => "20-45%",
            Confidence::RoughlyEvenChance => "45-55%",
            Confidence::Likely => "55-80%",
            Confidence::VeryLikely => "80-95%",
            Confidence::AlmostCertain => "95-99%",
        }
    }
}

impl Dossier {
    pub fn reports(&self) -> &[Report] {
        self.reports.as_deref().unwrap_or(&[])
    }

    /// Every string of the dossier, mutably: the one place sanitising walks.
    pub(crate) fn for_each_string_mut(&mut self, mut f: impl FnMut(&mut String)) {
        let opt = |o: &mut Option<String>, f: &mut dyn FnMut(&mut String)| {
            if let Some(s) = o {
                f(s)
            }
        };
        f(&mut self.title);
        opt(&mut self.summary, &mut f);
        for r in self.reports.iter_mut().flatten() {
            f(&mut r.id);
            f(&mut r.title);
            opt(&mut r.publisher, &mut f);
            opt(&mut r.date, &mut f);
            opt(&mut r.url, &mut f);
        }
        for s in &mut self.sources {
            f(&mut s.id);
            f(&mut s.name);
            if let SourceKind::Other(k) = &mut s.kind {
                f(k);
            }
            opt(&mut s.report, &mut f);
            opt(&mut s.note, &mut f);
        }
        for a in &mut self.actors {
            f(&mut a.id);
            f(&mut a.name);
            if let ActorKind::Other(k) = &mut a.kind {
                f(k);
            }
            for al in a.aliases.iter_mut().flatten() {
                f(al);
            }
            opt(&mut a.note, &mut f);
        }
        for r in &mut self.relations {
            f(&mut r.from);
            f(&mut r.to);
            f(&mut r.label);
            for c in &mut r.claims {
                f(&mut c.text);
                for s in &mut c.sources {
                    f(s);
                }
                opt(&mut c.quote, &mut f);
                opt(&mut c.cite, &mut f);
                opt(&mut c.date, &mut f);
            }
        }
    }
}
