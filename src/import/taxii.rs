//! A TAXII collection's objects as a dossier (`import --from taxii`): the
//! objects a pull fetched ([`crate::taxii`]), mapped exactly as
//! `import --from stix` maps a bundle of them. An incremental pull's
//! objects come after the earlier ones they refer to (its context), so that
//! what is new reads as a dossier of its own. The header comment records the
//! collection's URL and the last date added, where the next pull starts.

use super::Imported;
use super::stix::{Origin, from_objects};
use crate::taxii::Pulled;

/// The header line that records where the next incremental pull starts;
/// [`last_added`] reads it back.
pub const NEXT_PULL: &str = "Next pull: linkchart import --from taxii";

/// A URL, title or date as it goes into a comment: inert and not too long.
fn show(s: &str) -> String {
    crate::sanitize::clip(s, 2000)
}

/// The dossier made of what `pulled` fetched from the collection at `url`
/// (added after `added_after`, when the pull asked for that).
pub fn from_pulled(
    pulled: &Pulled,
    url: &str,
    added_after: Option<&str>,
) -> Result<Imported, String> {
    let c = &pulled.collection;
    let title = show(&c.title);
    let origin = Origin {
        name: &format!("the TAXII collection {title}"),
        source: &format!("TAXII collection {title}"),
        bundle_id: url,
    };
    let all: Vec<serde_json::Value>;
    let objects = if pulled.context.is_empty() {
        &pulled.objects
    } else {
        all = pulled
            .context
            .iter()
            .chain(&pulled.objects)
            .cloned()
            .collect();
        &all
    };
    let mut imported = from_objects(&origin, objects)?;
    let url = show(url);
    let since = match added_after {
        Some(a) => format!("added after {}", show(a)),
        None => "all".to_string(),
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let n = pulled.objects.len();
    let context = match pulled.context.len() {
        0 => String::new(),
        c => format!(", with {c} earlier object{} they refer to", plural(c)),
    };
    let mut header = vec![
        format!("Pulled from the TAXII collection “{title}” with `linkchart import --from taxii`:"),
        format!("  {url}"),
        format!(
            "{n} object{} ({since}){context}, in {} page{}.",
            plural(n),
            pulled.pages,
            plural(pulled.pages)
        ),
    ];
    // Where the next pull starts: the last date added, else where this one
    // started (nothing was added since).
    if let Some(last) = pulled.last_added.as_deref().or(added_after) {
        header.push(format!("Last date added: {}", show(last)));
        header.push(format!("{NEXT_PULL} {url} --added-after {}", show(last)));
    }
    header.push("The comment above each item names the STIX objects it came from.".to_string());
    imported.comments.header = header;
    Ok(imported)
}

/// The collection URL and last date added that a pulled dossier's header
/// records, for the next incremental pull.
pub fn last_added(text: &str) -> Option<(String, String)> {
    text.lines()
        .map(str::trim_start)
        .take_while(|l| l.starts_with("//") || l.is_empty())
        .filter_map(|l| l.trim_start_matches('/').trim().strip_prefix(NEXT_PULL))
        .find_map(|rest| {
            let (url, date) = rest.trim().split_once(" --added-after ")?;
            Some((url.trim().to_string(), date.trim().to_string()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxii::CollectionInfo;
    use serde_json::json;

    fn pulled(objects: Vec<serde_json::Value>, last: Option<&str>) -> Pulled {
        Pulled {
            collection: CollectionInfo {
                id: "c1".into(),
                title: "High \x1b[31mValue".into(),
                description: None,
                can_read: true,
                can_write: false,
                media_types: vec![],
            },
            objects,
            context: vec![],
            pages: 3,
            last_added: last.map(str::to_string),
        }
    }

    fn objects() -> Vec<serde_json::Value> {
        let t = "2020-01-01T00:00:00.000Z";
        vec![
            json!({"type": "threat-actor", "spec_version": "2.1", "id": "threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "created": t, "modified": t, "name": "APT1"}),
            json!({"type": "malware", "spec_version": "2.1", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b", "created": t, "modified": t, "name": "WEBC2", "is_family": true}),
            json!({"type": "relationship", "spec_version": "2.1", "id": "relationship--6598bf44-1c10-4218-af9f-75b5b71c23a7", "created": t, "modified": t, "relationship_type": "uses", "source_ref": "threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "target_ref": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"}),
        ]
    }

    #[test]
    fn header_records_where_the_next_pull_starts() {
        let url = "http://127.0.0.1:5000/api1/collections/c1/";
        let imp = from_pulled(
            &pulled(objects(), Some("2026-01-02T03:04:05.678901Z")),
            url,
            None,
        )
        .unwrap();
        let ron = imp.to_ron();
        assert!(!ron.contains('\x1b'));
        assert!(ron.contains(url), "{ron}");
        assert!(ron.contains("3 objects (all), in 3 pages."), "{ron}");
        assert_eq!(
            last_added(&ron),
            Some((url.to_string(), "2026-01-02T03:04:05.678901Z".to_string()))
        );
        // Nothing new: the next pull starts where this one did.
        let imp = from_pulled(&pulled(objects(), None), url, Some("2025-01-01T00:00:00Z")).unwrap();
        assert_eq!(
            last_added(&imp.to_ron()).map(|(_, d)| d).as_deref(),
            Some("2025-01-01T00:00:00Z")
        );
        assert_eq!(
            last_added(
                "Dossier(title: \"x\")\n// Next pull: linkchart import --from taxii u --added-after d\n"
            ),
            None
        );
    }

    #[test]
    fn the_mapping_is_the_file_imports() {
        let objs = objects();
        let bundle = json!({"type": "bundle", "id": "bundle--1", "objects": objs}).to_string();
        let file = super::super::from_stix("feed.json", &bundle).unwrap();
        let pulled = from_pulled(&pulled(objs, None), "https://h/r/collections/c1/", None).unwrap();
        assert_eq!(pulled.warnings, file.warnings);
        // The same actors and relations; the source standing for the whole
        // and the title name the collection instead of the file.
        assert_eq!(pulled.dossier.actors, file.dossier.actors);
        assert_eq!(pulled.dossier.relations, file.dossier.relations);
        assert_eq!(file.dossier.sources[0].name, "STIX bundle feed.json");
        assert_eq!(
            pulled.dossier.sources[0].name,
            "TAXII collection High ␛[31mValue"
        );
    }
}
