//! Where a thing of a one-file dossier is written: the line and column of
//! an actor, source, report, relation or claim, for `e` to open the editor
//! there. The text is scanned when asked, so loading pays nothing for it.

use std::path::{Path, PathBuf};

use super::locate::{Seg, scan};

/// A thing of the dossier, by its index in the loaded dossier's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Actor(usize),
    Source(usize),
    Report(usize),
    Relation(usize),
    Claim { rel: usize, claim: usize },
}

/// A file and a 1-based line and column in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

/// Where `item` is written in `text` (the file's contents); `None` when the
/// text no longer has it (the file changed since it was loaded).
pub fn place_in_text(text: &str, item: Item) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path: Vec<Seg> = match item {
        Item::Actor(i) => vec![Seg::Field("actors"), Seg::Index(i)],
        Item::Source(i) => vec![Seg::Field("sources"), Seg::Index(i)],
        Item::Report(i) => vec![Seg::Field("reports"), Seg::Index(i)],
        Item::Relation(i) => vec![Seg::Field("relations"), Seg::Index(i)],
        Item::Claim { rel, claim } => vec![
            Seg::Field("relations"),
            Seg::Index(rel),
            Seg::Field("claims"),
            Seg::Index(claim),
        ],
    };
    let root = scan(text);
    // Only an exact find counts: the deepest ancestor would be a guess.
    let found = root.locate(&path)?;
    let parent = root.locate(&path[..path.len() - 1]);
    (path.len() < 2 || Some(found) != parent).then_some((found.line, found.col))
}

/// Where `item` is written in the file at `path`, read now.
pub fn place_in_file(path: &Path, item: Item) -> Option<Place> {
    let text = std::fs::read_to_string(path).ok()?;
    let (line, col) = place_in_text(&text, item)?;
    Some(Place {
        path: path.to_path_buf(),
        line,
        col,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_of_item() {
        let text = crate::dossier::BUNDLED;
        let line_of = |needle: &str| {
            1 + text[..text.find(needle).expect(needle)]
                .matches('\n')
                .count()
        };
        let (l, _) = place_in_text(text, Item::Claim { rel: 0, claim: 1 }).unwrap();
        let d = crate::dossier::load_str("x", text).unwrap().dossier;
        let claim_text = &d.relations[0].claims[1].text;
        // The claim starts at or just before the line with its text.
        let t = line_of(&claim_text[..20.min(claim_text.len())]);
        assert!(l <= t && t - l <= 2, "claim at {l}, its text at {t}");
        let (l, _) = place_in_text(text, Item::Actor(0)).unwrap();
        assert!(line_of(&format!("\"{}\"", d.actors[0].id)) - l <= 2);
        assert!(place_in_text(text, Item::Source(0)).is_some());
        assert!(place_in_text(text, Item::Relation(3)).is_some());
        assert_eq!(place_in_text(text, Item::Relation(100_000)), None);
        assert_eq!(
            place_in_text(text, Item::Claim { rel: 0, claim: 999 }),
            None
        );
    }
}
