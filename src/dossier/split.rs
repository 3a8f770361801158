//! A file's text → its contents in the lenient form of a chart's file: on
//! one thread, or, for a large file, cut into pieces parsed on several
//! threads and stitched together.
//!
//! The cuts ([`locate::cuts`]) are guesses inside the list that makes most
//! of the file, each just after the comma that ends an item. ron parses
//! each piece as a list of its own (`[` piece `]`, after the file's
//! `#![…]` attributes), and the rest of the file with one stand-in item in
//! that list. ron reads a list the same after its `[` as after a comma, so
//! when every piece parses, the whole text parses to the same items, in
//! the same order: the result is exactly the one-thread parse's. When any
//! piece fails (a wrong guess, or a mistake in the file), the file is
//! parsed again on one thread, so every error is ron's own, at its place.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ron::error::SpannedError;
use ron::extensions::Extensions;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::locate;
use super::model::{Actor, ActorKind, Dossier, Relation, Report, Source, SourceKind};
use super::types::Written;
use crate::sanitize::sanitize_in_place;

/// Nesting deeper than this is refused (a dossier needs about six levels).
pub const MAX_NESTING: usize = 64;

/// Files smaller than this are parsed on one thread: below it, starting
/// threads and cutting cost more than they save.
pub const CUT_MIN_BYTES: usize = 4 << 20;

/// How a file's text is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pieces {
    /// Whole, on this thread.
    One,
    /// Cut into about this many pieces, on as many threads as there are
    /// cores (and pieces).
    Cut(usize),
}

impl Pieces {
    /// What suits a text of `len` bytes on this machine: cut when it is
    /// large and there are several cores, into sixteen pieces a core, so
    /// that the cores finish within a small piece of each other. Pieces
    /// parsed in place cost next to nothing more; 16 a core loaded the
    /// 100k chart about 9% faster than 4 a core, and 32 no faster.
    pub fn auto(len: usize) -> Pieces {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || len < CUT_MIN_BYTES {
            Pieces::One
        } else {
            Pieces::Cut(cores * 16)
        }
    }
}

pub(super) fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// The lenient form of a file: in a chart of several, any of `title`,
/// `sources`, `actors` and `relations` may be left out. Same fields, same
/// order and same name as [`Dossier`], so ron's messages are the same.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Dossier")]
struct Part {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    reports: Option<Vec<Report>>,
    #[serde(default)]
    sources: Option<Vec<Source>>,
    #[serde(default)]
    actors: Option<Vec<Actor>>,
    #[serde(default)]
    relations: Vec<Relation>,
}

impl Part {
    fn into_dossier(self) -> (Dossier, Written) {
        let written = Written {
            title: self.title.is_some(),
            sources: self.sources.is_some(),
            actors: self.actors.is_some(),
        };
        let d = Dossier {
            title: self.title.unwrap_or_default(),
            summary: self.summary,
            reports: self.reports,
            sources: self.sources.unwrap_or_default(),
            actors: self.actors.unwrap_or_default(),
            relations: self.relations,
        };
        (d, written)
    }
}

/// Parses and sanitises the text of one file of a chart (BOM removed),
/// in `pieces`. An error is ron's, from the parse of the whole text.
pub(super) fn parse_lenient(
    text: &str,
    pieces: Pieces,
) -> Result<(Dossier, Written), SpannedError> {
    if let Pieces::Cut(n) = pieces
        && let Some(done) = in_pieces(text, n)
    {
        return Ok(done);
    }
    let part: Part = ron_options().from_str(text)?;
    let (mut dossier, written) = part.into_dossier();
    dossier.for_each_string_mut(sanitize_in_place);
    Ok((dossier, written))
}

/// The stand-in item's id (or `from`): text no dossier holds by chance.
const MARKER: &str = "linkchart:cut:5c07a2e19d";

/// An item of a list that can be cut: how to write a stand-in for it, and
/// where its list is in a dossier.
trait Item: DeserializeOwned + Send {
    /// The stand-in, in RON.
    const STAND_IN: &'static str;
    fn is_stand_in(&self) -> bool;
    fn list(d: &mut Dossier) -> &mut Vec<Self>;
}

impl Item for Report {
    const STAND_IN: &'static str = "Report(id: \"linkchart:cut:5c07a2e19d\", title: \"\")";
    fn is_stand_in(&self) -> bool {
        self.id == MARKER
    }
    fn list(d: &mut Dossier) -> &mut Vec<Self> {
        d.reports.get_or_insert_default()
    }
}

impl Item for Source {
    const STAND_IN: &'static str =
        "Source(id: \"linkchart:cut:5c07a2e19d\", name: \"\", kind: Human)";
    fn is_stand_in(&self) -> bool {
        self.id == MARKER && self.kind == SourceKind::Human
    }
    fn list(d: &mut Dossier) -> &mut Vec<Self> {
        &mut d.sources
    }
}

impl Item for Actor {
    const STAND_IN: &'static str =
        "Actor(id: \"linkchart:cut:5c07a2e19d\", name: \"\", kind: State)";
    fn is_stand_in(&self) -> bool {
        self.id == MARKER && self.kind == ActorKind::State
    }
    fn list(d: &mut Dossier) -> &mut Vec<Self> {
        &mut d.actors
    }
}

impl Item for Relation {
    const STAND_IN: &'static str =
        "Relation(from: \"linkchart:cut:5c07a2e19d\", to: \"\", label: \"\", claims: [])";
    fn is_stand_in(&self) -> bool {
        self.from == MARKER && self.claims.is_empty()
    }
    fn list(d: &mut Dossier) -> &mut Vec<Self> {
        &mut d.relations
    }
}

/// The text cut where [`locate::cuts`] says, parsed on several threads;
/// `None` when it cannot be cut or any piece does not parse.
fn in_pieces(text: &str, pieces: usize) -> Option<(Dossier, Written)> {
    let cuts = locate::cuts(text, pieces)?;
    match cuts.field {
        "reports" => stitch::<Report>(text, &cuts),
        "sources" => stitch::<Source>(text, &cuts),
        "actors" => stitch::<Actor>(text, &cuts),
        "relations" => stitch::<Relation>(text, &cuts),
        _ => None,
    }
}

/// What the piece that runs to the list's end gives: its items, where the
/// list closes, and the rest of the file parsed around a stand-in.
type Last<T> = (Vec<T>, (Dossier, Written));

fn stitch<T: Item>(text: &str, cuts: &locate::Cuts) -> Option<(Dossier, Written)> {
    let starts: Vec<usize> = std::iter::once(cuts.open + 1)
        .chain(cuts.at.iter().copied())
        .collect();
    let n = starts.len();
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(n);
    // Pieces are taken in turn, the last one first: the rest of the file
    // is parsed after it, on the same thread.
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let options = in_place_options(cuts.head);
    let options = options.as_ref();
    let middle: Vec<Mutex<Option<Vec<T>>>> = (0..n - 1).map(|_| Mutex::new(None)).collect();
    let last: Mutex<Option<Last<T>>> = Mutex::new(None);
    let work = || {
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= n || failed.load(Ordering::Relaxed) {
                break;
            }
            let ok = if k == 0 {
                let r = last_piece::<T>(options, text, cuts, starts[n - 1]);
                let ok = r.is_some();
                *last.lock().unwrap_or_else(|e| e.into_inner()) = r;
                ok
            } else {
                let i = k - 1;
                let r = piece::<T>(options, cuts.head, &text[starts[i]..starts[i + 1]]);
                let ok = r.is_some();
                *middle[i].lock().unwrap_or_else(|e| e.into_inner()) = r;
                ok
            };
            if !ok {
                failed.store(true, Ordering::Relaxed);
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        work();
    });
    if failed.into_inner() {
        return None;
    }
    let (tail, (mut dossier, written)) = last.into_inner().ok()??;
    let middle: Vec<Vec<T>> = middle
        .into_iter()
        .map(|m| m.into_inner().ok().flatten())
        .collect::<Option<_>>()?;
    let list = T::list(&mut dossier);
    if !(list.len() == 1 && list[0].is_stand_in()) {
        return None;
    }
    let total = middle.iter().map(Vec::len).sum::<usize>() + tail.len();
    let mut items = Vec::with_capacity(total);
    for mut m in middle {
        items.append(&mut m);
    }
    items.extend(tail);
    *list = items;
    Some((dossier, written))
}

/// The options a piece's items are parsed with in place: those of the
/// file, with the extensions its head (`#![enable(…)]`) turns on.
fn in_place_options(head: &str) -> Option<ron::Options> {
    let exts = ron::Deserializer::from_str_with_options(head, &ron_options())
        .ok()?
        .extensions();
    // Items are a struct, a field and a list deep in the file. Their types
    // bound how deep they go, far short of the limit, so the limit never
    // decides whether one parses.
    Some(
        ron_options()
            .with_default_extension(exts)
            .with_recursion_limit(MAX_NESTING - 3),
    )
}

/// White space [`in_place`] steps over between items: ASCII only.
const GAP: [char; 4] = [' ', '\n', '\t', '\r'];

/// The items of `body`, a run of a list's items each followed by its
/// comma, parsed one by one where they stand in the file's text, with no
/// copy of it; with `to_end`, the run goes on to the list's `]`, and the
/// offset of that `]` in `body` comes too. ron parses each item as it
/// does an item of the list (a fresh deserializer is in the state a list
/// leaves between items). `None` for anything but items, commas and ASCII
/// white space between them: a comment, an attribute, other white space,
/// a mistake. The caller then parses the piece as a list of its own.
fn in_place<T: Item>(
    options: &ron::Options,
    body: &str,
    to_end: bool,
) -> Option<(Vec<T>, Option<usize>)> {
    let mut items = Vec::new();
    let mut rest = body.trim_start_matches(GAP);
    loop {
        if rest.is_empty() {
            return (!to_end).then_some((items, None));
        }
        if to_end && rest.starts_with(']') {
            return Some((items, Some(body.len() - rest.len())));
        }
        // What ron's deserializer would read as the file's head.
        if rest.starts_with(['#', '/']) {
            return None;
        }
        let mut de = ron::Deserializer::from_str_with_options(rest, options).ok()?;
        items.push(T::deserialize(&mut de).ok()?);
        let after = de.remainder().trim_start_matches(GAP);
        rest = match after.strip_prefix(',') {
            Some(next) => next.trim_start_matches(GAP),
            None if to_end && after.starts_with(']') => after,
            None => return None,
        };
    }
}

/// One piece between two cuts, its items parsed in place or else as a
/// list of its own, sanitised.
fn piece<T: Item>(options: Option<&ron::Options>, head: &str, body: &str) -> Option<Vec<T>> {
    if let Some((items, _)) = options.and_then(|o| in_place::<T>(o, body, false)) {
        return Some(sanitized(items));
    }
    let mut text = String::with_capacity(head.len() + body.len() + 2);
    text.push_str(head);
    text.push('[');
    text.push_str(body);
    text.push(']');
    // Its items are one level less deep than in the file.
    let items: Vec<T> = ron_options()
        .with_recursion_limit(MAX_NESTING - 1)
        .from_str(&text)
        .ok()?;
    Some(sanitized(items))
}

/// The last piece, which runs to the end of the list, and then the rest
/// of the file with a stand-in for the list's items.
fn last_piece<T: Item>(
    options: Option<&ron::Options>,
    text: &str,
    cuts: &locate::Cuts,
    start: usize,
) -> Option<Last<T>> {
    let (items, close) = match options.and_then(|o| in_place::<T>(o, &text[start..], true)) {
        Some((items, Some(at))) => (items, start + at),
        _ => as_list_to_end(text, cuts, start)?,
    };
    if text.as_bytes().get(close) != Some(&b']') || close < start {
        return None;
    }
    let (before, after) = (&text[..=cuts.open], &text[close..]);
    if before.contains(MARKER) || after.contains(MARKER) {
        return None;
    }
    let rest = [before, T::STAND_IN, after].concat();
    let part: Part = ron_options().from_str(&rest).ok()?;
    let (mut dossier, written) = part.into_dossier();
    dossier.for_each_string_mut(sanitize_in_place);
    Some((sanitized(items), (dossier, written)))
}

/// The last piece's items parsed as a list of its own, and where the
/// list closes in `text`.
fn as_list_to_end<T: Item>(
    text: &str,
    cuts: &locate::Cuts,
    start: usize,
) -> Option<(Vec<T>, usize)> {
    let mut own = String::with_capacity(cuts.head.len() + 1 + text.len() - start);
    own.push_str(cuts.head);
    own.push('[');
    own.push_str(&text[start..]);
    let options = ron_options().with_recursion_limit(MAX_NESTING - 1);
    let mut de = ron::Deserializer::from_str_with_options(&own, &options).ok()?;
    let items = Vec::<T>::deserialize(&mut de).ok()?;
    // The list's `]`: just before what ron left unread.
    let close = text.len().checked_sub(de.remainder().len() + 1)?;
    Some((items, close))
}

fn sanitized<T: Item>(items: Vec<T>) -> Vec<T> {
    let mut d = Dossier::default();
    *T::list(&mut d) = items;
    d.for_each_string_mut(sanitize_in_place);
    std::mem::take(T::list(&mut d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::BUNDLED;

    fn one(text: &str) -> Result<(Dossier, Written), SpannedError> {
        parse_lenient(text, Pieces::One)
    }

    #[test]
    fn the_bundled_dossier_in_pieces_is_the_same() {
        for n in 2..12 {
            let cut = in_pieces(BUNDLED, n).expect("the bundled dossier can be cut");
            let whole = one(BUNDLED).unwrap();
            assert_eq!(cut.0, whole.0, "{n} pieces");
            assert_eq!(cut.1, whole.1);
        }
    }

    #[test]
    fn pieces_are_parsed_where_they_stand() {
        // The bundled dossier without its comment lines (comments between
        // items are left to the list parse): its relations, cut, parse
        // item by item in the file's own text, with no copy of the piece.
        let plain: String = BUNDLED
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .flat_map(|l| [l, "\n"])
            .collect();
        let whole = one(&plain).unwrap().0.relations;
        assert_eq!(whole, one(BUNDLED).unwrap().0.relations);
        let cuts = locate::cuts(&plain, 4).expect("cut");
        assert_eq!(cuts.field, "relations");
        let options = in_place_options(cuts.head).expect("options");
        let mut seen = Vec::new();
        for pair in cuts.at.windows(2) {
            let (items, close) =
                in_place::<Relation>(&options, &plain[pair[0]..pair[1]], false).expect("in place");
            assert_eq!(close, None);
            seen.extend(items);
        }
        let last = *cuts.at.last().unwrap();
        let (items, close) = in_place::<Relation>(&options, &plain[last..], true).expect("to end");
        assert_eq!(plain.as_bytes()[last + close.unwrap()], b']');
        seen.extend(items);
        assert!(!seen.is_empty() && whole.ends_with(&seen));
        // The bundled dossier itself has comments between its relations:
        // a piece of it is left to the list parse.
        let b = locate::cuts(BUNDLED, 4).expect("cut");
        assert!(in_place::<Relation>(&options, &BUNDLED[b.at[0]..b.at[1]], false).is_none());
    }

    #[test]
    fn in_place_leaves_what_is_not_plain_items_to_the_list_parse() {
        let options = in_place_options("").unwrap();
        let item = "Actor(id: \"A\", name: \"a\", kind: State)";
        for odd in [
            format!("{item}, // a comment\n"),
            format!("#![enable(implicit_some)] {item},"),
            format!("{item} {item},"),
            format!("{item},,"),
            format!("{item}\u{2028},"),
            item.to_string(),
        ] {
            assert!(in_place::<Actor>(&options, &odd, false).is_none(), "{odd}");
        }
        let (two, _) =
            in_place::<Actor>(&options, &format!(" {item},\n\t{item},\n"), false).unwrap();
        assert_eq!(two.len(), 2);
        let (none, close) = in_place::<Actor>(&options, "\n  ]", true).unwrap();
        assert!(none.is_empty() && close == Some(3));
    }

    #[test]
    fn attributes_and_another_list_are_followed() {
        let text = "#![enable(implicit_some)]\n// a comment\nDossier(\n    title: \"t\",\n    actors: [\n        Actor(id: \"A\", name: \"a\", kind: State),\n    ],\n    relations: [\n        Relation(from: \"A\", to: \"A\", label: \"x\", claims: []),\n        Relation(from: \"A\", to: \"A\", label: \"y\", claims: [Claim(text: \"c\", sources: [], credibility: 2)]),\n        Relation(from: \"A\", to: \"A\", label: \"z\", claims: []),\n    ],\n    sources: [],\n)\n";
        let cut = in_pieces(text, 3).expect("cut");
        assert_eq!(cut.0.relations.len(), 3);
        assert_eq!(cut.0.relations[1].claims[0].credibility, Some(2));
        assert_eq!(cut, one(text).unwrap());
    }

    #[test]
    fn a_mistake_in_a_piece_is_parsed_again_whole() {
        // The second relation lacks its label: its piece fails, and the
        // error is the one ron gives for the whole file.
        let text = BUNDLED.replacen("label: \"", "labl: \"", 5);
        assert!(in_pieces(&text, 4).is_none());
        let e = parse_lenient(&text, Pieces::Cut(4)).unwrap_err();
        assert_eq!(e, one(&text).unwrap_err());
    }

    #[test]
    fn a_cut_inside_a_string_is_refused() {
        // A claim whose text holds what looks like the start of the next
        // relation: a cut there would leave a string open.
        let trap = "x\",\n        Relation(from: \"A";
        let text = format!(
            "Dossier(\n    title: \"t\",\n    relations: [\n        Relation(from: \"A\", to: \"B\", label: \"l\", claims: [Claim(text: \"{}\", sources: [])]),\n        Relation(from: \"C\", to: \"D\", label: \"l\", claims: []),\n    ],\n)",
            trap.replace('"', "\\\"")
        );
        let whole = one(&text).unwrap();
        for n in 2..6 {
            if let Some(cut) = in_pieces(&text, n) {
                assert_eq!(cut, whole);
            }
            assert_eq!(parse_lenient(&text, Pieces::Cut(n)).unwrap(), whole);
        }
    }
}
