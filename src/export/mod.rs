//! Exports of a dossier to other formats.

use crate::dossier::Dossier;

/// The dossier as pretty JSON with the format's own field names; optional
/// fields that are absent are omitted.
pub fn json(d: &Dossier) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("a dossier always serialises to JSON");
    s.push('\n');
    s
}
