//! The text edit of a capture: a new item put into a dossier file's text,
//! every other byte left as it was.
//!
//! [`insert`] finds the list the item belongs to with the position tree of
//! [`locate`], and appends the item after the list's last one, laid out
//! like it: on its own line with the same indentation when the list has one
//! item a line, on the same line when the list is written on one line, with
//! a trailing comma when the last item has one, with or without struct
//! names, with the file's line ending. A list the file lacks is created at
//! the end of the `Dossier(…)`. Strings are written by the RON writer
//! ([`crate::export::ron`]), so any text loads back exactly.
//!
//! The result is checked before it is returned: it must read back as the old
//! contents with the one item added, or nothing is written.

use std::fmt;

use crate::dossier::locate::{self, Node, Seg};
use crate::dossier::{Actor, Claim, Dossier, Relation, Source};
use crate::dossier::{FileInfo, ParsedFile};
use crate::export::ron::{
    Item, Layout, actor_item, claim_item, relation_item, source_item, write_item,
};
use crate::sanitize::{sanitize, sanitize_in_place};

/// What to add to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addition {
    /// A claim on the relation `from` → `to` named `label` (as the chart
    /// shows them: sanitised or not, they are compared sanitised).
    Claim {
        from: String,
        to: String,
        label: String,
        claim: Claim,
    },
    Relation(Relation),
    Actor(Actor),
    Source(Source),
}

impl Addition {
    /// The list the item goes into.
    pub fn list(&self) -> &'static str {
        match self {
            Addition::Claim { .. } => "claims",
            Addition::Relation(_) => "relations",
            Addition::Actor(_) => "actors",
            Addition::Source(_) => "sources",
        }
    }

    fn item(&self) -> Item {
        match self {
            Addition::Claim { claim, .. } => claim_item(claim),
            Addition::Relation(r) => relation_item(r),
            Addition::Actor(a) => actor_item(a),
            Addition::Source(s) => source_item(s),
        }
    }

    /// A short description for messages: `claim on GOT → GOI
    /// (intelligence cooperation)`, `actor GOT`.
    pub fn describe(&self) -> String {
        match self {
            Addition::Claim {
                from, to, label, ..
            } => format!("claim on {from} → {to} ({label})"),
            Addition::Relation(r) => format!("relation {} → {} ({})", r.from, r.to, r.label),
            Addition::Actor(a) => format!("actor {}", a.id),
            Addition::Source(s) => format!("source {}", s.id),
        }
    }
}

/// Where the new item is in the file's own lists (not the merged chart's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landed {
    /// `relations[rel].claims[claim]`.
    Claim {
        rel: usize,
        claim: usize,
    },
    Relation(usize),
    Actor(usize),
    Source(usize),
}

/// A file's text with an item added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// The whole new text.
    pub text: String,
    /// What was inserted where: byte offsets into the old text, in
    /// increasing order. The new text is the old one with these inserted,
    /// nothing else.
    pub edits: Vec<(usize, String)>,
    pub landed: Landed,
}

/// Why an item could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertError {
    /// The text does not read as a dossier file (the message says where).
    Unreadable(String),
    /// The file does not declare the relation (any more).
    NoRelation,
    /// The result would not read back as the old contents with the item
    /// added. Nothing may be written.
    Mismatch(String),
}

impl fmt::Display for InsertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InsertError::Unreadable(m) => write!(f, "{m}"),
            InsertError::NoRelation => write!(f, "the relation is not in the file any more"),
            InsertError::Mismatch(m) => write!(
                f,
                "the new text would not read back as written ({m}); nothing was written"
            ),
        }
    }
}

impl std::error::Error for InsertError {}

/// The fields a `Dossier(…)` may have.
const TOP: [&str; 6] = [
    "title",
    "summary",
    "reports",
    "sources",
    "actors",
    "relations",
];

/// `text` (a whole dossier file, named `name` in messages; a byte-order
/// mark is kept) with `addition` appended to its list.
///
/// A claim goes at the end of the `claims` of the file's last declaration
/// of its relation; [`InsertError::NoRelation`] when there is none.
///
/// Only what the edit needs is looked at closely (the list, its last item,
/// the top-level fields' starts): a large file costs two parses (the one
/// that finds the relation, the one that checks the result) and a walk.
pub fn insert(name: &str, text: &str, addition: &Addition) -> Result<Insertion, InsertError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let t = &text[bom..];
    let old = parse(name, t).map_err(InsertError::Unreadable)?;
    let rel = match addition {
        Addition::Claim {
            from, to, label, ..
        } => {
            // The file's strings are read sanitised, as the chart's are.
            let (from, to, label) = (sanitize(from), sanitize(to), sanitize(label));
            let ri = old
                .relations
                .iter()
                .rposition(|r| r.from == from && r.to == to && r.label == label)
                .ok_or(InsertError::NoRelation)?;
            Some(ri)
        }
        _ => None,
    };
    let (count, landed) = match (addition, rel) {
        (Addition::Claim { .. }, Some(ri)) => {
            let n = old.relations[ri].claims.len();
            (n, Landed::Claim { rel: ri, claim: n })
        }
        (Addition::Relation(_), _) => (old.relations.len(), Landed::Relation(old.relations.len())),
        (Addition::Actor(_), _) => (old.actors.len(), Landed::Actor(old.actors.len())),
        _ => (old.sources.len(), Landed::Source(old.sources.len())),
    };

    // The positions wanted: the document, its fields, the relation, the
    // list and its last item.
    let list_path: Vec<Seg> = match rel {
        Some(ri) => vec![
            Seg::Field("relations"),
            Seg::Index(ri),
            Seg::Field("claims"),
        ],
        None => vec![Seg::Field(addition.list())],
    };
    let mut paths: Vec<Vec<Seg>> = vec![Vec::new()];
    paths.extend(TOP.iter().map(|f| vec![Seg::Field(f)]));
    paths.push(list_path.clone());
    if let Some(ri) = rel {
        paths.push(vec![Seg::Field("relations"), Seg::Index(ri)]);
    }
    let mut last_path = list_path;
    last_path.push(Seg::Index(count.saturating_sub(1)));
    paths.push(last_path);
    let refs: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
    let at = offsets(t, &locate::find_many(t, &refs));
    let doc = at[0].ok_or_else(|| mismatch("the file does not hold `Dossier(…)`"))?;
    // A path that is not there answers with its nearest ancestor.
    let top: Vec<usize> = at[1..=TOP.len()]
        .iter()
        .flatten()
        .copied()
        .filter(|&o| o != doc)
        .collect();
    let list = at[TOP.len() + 1].filter(|&o| o != doc);
    let last = at
        .last()
        .copied()
        .flatten()
        .filter(|&o| count > 0 && Some(o) != list);
    if count > 0 && last.is_none() {
        return Err(mismatch("the list's last item was not found in the text"));
    }
    let cx = Cx::new(t, doc, &top)?;
    let item = addition.item();
    let edits = match (rel, list) {
        (Some(_), None) => return Err(mismatch("the relation's claims were not found")),
        (Some(_), Some(list)) => {
            let r = at[TOP.len() + 2]
                .filter(|&o| o < list)
                .ok_or_else(|| mismatch("the relation was not found in the text"))?;
            cx.append_item(list, last, !t[r..list].contains('\n'), &item)?
        }
        (None, Some(list)) => cx.append_item(list, last, cx.one_line, &item)?,
        (None, None) => cx.append_list(addition.list(), &top, &item)?,
    };
    let mut new =
        String::with_capacity(text.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    new.push_str(&text[..bom]);
    let mut from = 0;
    for (off, s) in &edits {
        new.push_str(&t[from..*off]);
        new.push_str(s);
        from = *off;
    }
    new.push_str(&t[from..]);
    let edits = edits.into_iter().map(|(o, s)| (o + bom, s)).collect();
    check(name, &new[bom..], old, addition, landed)?;
    Ok(Insertion {
        text: new,
        edits,
        landed,
    })
}

/// A file's contents as the chart reads them (sanitised), or the first
/// problem.
fn parse(name: &str, text: &str) -> Result<Dossier, String> {
    ParsedFile::from_text(FileInfo::memory(name), std::borrow::Cow::Borrowed(text))
        .map(|f| f.dossier)
        .map_err(|d| d.first().map(|d| d.to_string()).unwrap_or_default())
}

fn mismatch(m: &str) -> InsertError {
    InsertError::Mismatch(m.to_string())
}

/// Line and column positions as byte offsets into `t`, in one pass.
fn offsets(t: &str, pos: &[Option<locate::Pos>]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..pos.len()).filter(|&i| pos[i].is_some()).collect();
    order.sort_by_key(|&i| pos[i]);
    let mut out = vec![None; pos.len()];
    let (mut line, mut start) = (1, 0);
    let mut breaks = memchr::memchr_iter(b'\n', t.as_bytes());
    for i in order {
        let Some(p) = pos[i] else { continue };
        while line < p.line {
            match breaks.next() {
                Some(n) => {
                    start = n + 1;
                    line += 1;
                }
                None => return out,
            }
        }
        out[i] = t[start..]
            .char_indices()
            .nth(p.col - 1)
            .map(|(k, _)| start + k)
            .or((p.col - 1 == t[start..].chars().count()).then_some(t.len()));
    }
    out
}

/// The new text must read back as the old contents with the item added.
fn check(
    name: &str,
    new: &str,
    old: Dossier,
    addition: &Addition,
    landed: Landed,
) -> Result<(), InsertError> {
    let mut got = parse(name, new).map_err(InsertError::Mismatch)?;
    // The item, as it reads back (sanitised), is taken off the end of its
    // list; what is left must be the old contents exactly.
    let mut want = Dossier::default();
    let added = match (addition, landed) {
        (Addition::Claim { claim, .. }, Landed::Claim { rel, .. }) => {
            want.relations.push(Relation {
                from: String::new(),
                to: String::new(),
                label: String::new(),
                claims: vec![claim.clone()],
            });
            want.for_each_string_mut(sanitize_in_place);
            let popped = got.relations.get_mut(rel).and_then(|r| r.claims.pop());
            popped == want.relations.pop().and_then(|mut r| r.claims.pop())
        }
        (Addition::Relation(r), _) => {
            want.relations.push(r.clone());
            want.for_each_string_mut(sanitize_in_place);
            got.relations.pop() == want.relations.pop()
        }
        (Addition::Actor(a), _) => {
            want.actors.push(a.clone());
            want.for_each_string_mut(sanitize_in_place);
            got.actors.pop() == want.actors.pop()
        }
        (Addition::Source(s), _) => {
            want.sources.push(s.clone());
            want.for_each_string_mut(sanitize_in_place);
            got.sources.pop() == want.sources.pop()
        }
        _ => false,
    };
    if !added {
        return Err(mismatch("the new item does not read back as written"));
    }
    if got != old {
        return Err(mismatch("the rest of the file would not read as before"));
    }
    Ok(())
}

/// What the text tells about its layout.
struct Cx<'t> {
    t: &'t str,
    /// `\r\n` when the file's lines end so, else `\n`.
    nl: &'static str,
    /// One step of indentation: that of the top-level fields, else four
    /// spaces.
    step: String,
    /// The offset of the `(` of `Dossier(…)`.
    open: usize,
    /// The dossier is written on one line (as far as its first field).
    one_line: bool,
}

/// A group to append to: its brackets, and its last entry, if any.
struct Group {
    open: usize,
    close: usize,
    last: Option<Entry>,
    /// The group's parent is written on one line.
    parent_one_line: bool,
    /// Entries are fields of the dossier, not items of a list.
    fields: bool,
}

/// An entry of a group: where it starts (a field's key, or an item), and
/// its value, read from the text at `value.start` on.
struct Entry {
    start: usize,
    end: usize,
    /// The value's tree, its offsets counted from `base`.
    value: Node,
    base: usize,
}

impl Entry {
    /// The item that starts at `at`.
    fn item(t: &str, at: usize) -> Entry {
        let value = locate::scan(&t[at..]);
        Entry {
            start: at,
            end: at + value.end,
            value,
            base: at,
        }
    }

    /// The field whose value starts at `at`: `Some(…)` around it included,
    /// the key before it.
    fn field(t: &str, at: usize) -> Entry {
        let mut e = Entry::item(t, at);
        for _ in 0..some_depth(t, at) {
            let p = locate::skip_space(t, e.end);
            if t.as_bytes().get(p) == Some(&b')') {
                e.end = p + 1;
            }
        }
        e.start = key_start(t, at);
        e
    }

    fn text<'t>(&self, t: &'t str) -> &'t str {
        &t[self.base + self.value.start..self.end]
    }
}

impl<'t> Cx<'t> {
    /// The layout of the dossier that starts at `doc`, whose top-level
    /// fields' values start at `top`.
    fn new(t: &'t str, doc: usize, top: &[usize]) -> Result<Cx<'t>, InsertError> {
        let b = t.as_bytes();
        let mut open = doc;
        while open < b.len() && (b[open].is_ascii_alphanumeric() || b[open] == b'_') {
            open += 1;
        }
        let open = locate::skip_space(t, open);
        if b.get(open) != Some(&b'(') {
            return Err(mismatch("the file does not hold `Dossier(…)`"));
        }
        // The line ending most lines have (a string may hold others).
        let lf = memchr::memchr_iter(b'\n', b).count();
        let crlf = memchr::memmem::find_iter(b, b"\r\n").count();
        let nl = if crlf > lf - crlf { "\r\n" } else { "\n" };
        let first = top.iter().min().map(|&v| key_start(t, v));
        let step = first
            .filter(|&k| t[open..k].contains('\n'))
            .map(|k| indent_at(t, k).to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "    ".to_string());
        let until = first.unwrap_or_else(|| locate::skip_space(t, open + 1));
        Ok(Cx {
            t,
            nl,
            step,
            open,
            one_line: !t[open..until].contains('\n'),
        })
    }

    /// After an entry that ends at `end`: the offset of what closes its
    /// group (past a comma and any comment), which must be `close`.
    fn close_after(&self, end: usize, close: u8) -> Result<usize, InsertError> {
        let mut p = locate::skip_space(self.t, end);
        if self.t.as_bytes().get(p) == Some(&b',') {
            p = locate::skip_space(self.t, p + 1);
        }
        match self.t.as_bytes().get(p) {
            Some(&c) if c == close => Ok(p),
            _ => Err(mismatch("unexpected text after the list's last item")),
        }
    }

    /// Edits that append `item` to the list that starts at `list`, whose
    /// last item (if any) starts at `last`.
    fn append_item(
        &self,
        list: usize,
        last: Option<usize>,
        parent_one_line: bool,
        item: &Item,
    ) -> Result<Vec<(usize, String)>, InsertError> {
        if self.t.as_bytes().get(list) != Some(&b'[') {
            return Err(mismatch("the list is not written as `[…]`"));
        }
        let last = last.map(|o| Entry::item(self.t, o));
        let close = match &last {
            Some(e) => self.close_after(e.end, b']')?,
            None => self.close_after(list + 1, b']')?,
        };
        let group = Group {
            open: list,
            close,
            last,
            parent_one_line,
            fields: false,
        };
        Ok(self.append(&group, &|layout: &Layout| {
            let mut s = String::new();
            write_item(&mut s, item, layout);
            s
        }))
    }

    /// Edits that create the list `name` holding `item`, as the last field
    /// of the dossier (whose fields' values start at `top`).
    fn append_list(
        &self,
        name: &str,
        top: &[usize],
        item: &Item,
    ) -> Result<Vec<(usize, String)>, InsertError> {
        let last = top.iter().max().map(|&v| Entry::field(self.t, v));
        let close = match &last {
            Some(e) => self.close_after(e.end, b')')?,
            None => self.close_after(self.open + 1, b')')?,
        };
        let group = Group {
            open: self.open,
            close,
            last,
            parent_one_line: self.one_line,
            fields: true,
        };
        Ok(self.append(&group, &|layout: &Layout| {
            let (nl, indent) = (layout.newline, layout.indent);
            let mut s = format!("{name}: [");
            if layout.one_line {
                write_item(&mut s, item, layout);
                s.push(']');
                return s;
            }
            let inner = format!("{indent}{}", layout.step);
            s.push_str(nl);
            s.push_str(&inner);
            let nested = Layout {
                indent: &inner,
                ..*layout
            };
            write_item(&mut s, item, &nested);
            s.push_str(&format!(",{nl}{indent}]"));
            s
        }))
    }

    /// The edits that append an entry, which `render` writes for a layout
    /// (from its name to its closing bracket).
    fn append(&self, g: &Group, render: &dyn Fn(&Layout) -> String) -> Vec<(usize, String)> {
        let (t, nl) = (self.t, self.nl);
        let Some(last) = &g.last else {
            return self.append_first(g, render);
        };
        let multi = t[g.open..last.start].contains('\n');
        let indent = indent_at(t, last.start);
        let value = last.text(t);
        let one_line = if g.fields {
            !multi
        } else {
            !value.contains('\n')
        };
        let step = step_in(t, last, indent).unwrap_or(&self.step);
        let layout = Layout {
            indent,
            step,
            newline: nl,
            named: g.fields || !value.starts_with('('),
            one_line,
        };
        let entry = render(&layout);
        let after = locate::skip_space(t, last.end);
        let comma = after < g.close && t.as_bytes()[after] == b',';
        let (c, trailing) = if comma { ("", ",") } else { (",", "") };
        if !multi {
            return if comma {
                vec![(after + 1, format!(" {entry},"))]
            } else {
                vec![(last.end, format!(", {entry}"))]
            };
        }
        let p = if comma { after + 1 } else { last.end };
        match line_end(t, p).filter(|&e| e <= g.close) {
            Some(eol) => {
                // On the line after the last entry (and its comment).
                let blank = if g.fields && blank_before(t, last.start) {
                    nl
                } else {
                    ""
                };
                let mut edits = Vec::new();
                if !comma {
                    edits.push((last.end, ",".to_string()));
                }
                edits.push((eol, format!("{blank}{indent}{entry}{trailing}{nl}")));
                edits
            }
            None => vec![(p, format!("{c}{nl}{indent}{entry}{trailing}"))],
        }
    }

    /// The edits that put the first entry into an empty group.
    fn append_first(&self, g: &Group, render: &dyn Fn(&Layout) -> String) -> Vec<(usize, String)> {
        let (t, nl) = (self.t, self.nl);
        let interior = &t[g.open + 1..g.close];
        if !interior.contains('\n') && g.parent_one_line {
            let layout = Layout {
                indent: "",
                step: &self.step,
                newline: nl,
                named: true,
                one_line: true,
            };
            return vec![(g.close, render(&layout))];
        }
        let outer = if interior.contains('\n') {
            indent_at(t, g.close)
        } else {
            indent_at(t, g.open)
        };
        let indent = format!("{outer}{}", self.step);
        let layout = Layout {
            indent: &indent,
            step: &self.step,
            newline: nl,
            named: true,
            one_line: false,
        };
        let entry = render(&layout);
        let close_line = line_start(t, g.close);
        if interior.contains('\n') && t[close_line..g.close].trim_matches([' ', '\t']).is_empty() {
            vec![(close_line, format!("{indent}{entry},{nl}"))]
        } else {
            vec![(g.close, format!("{nl}{indent}{entry},{nl}{outer}"))]
        }
    }
}

/// The offset where the line holding offset `i` starts.
fn line_start(t: &str, i: usize) -> usize {
    t[..i].rfind('\n').map_or(0, |n| n + 1)
}

/// The spaces and tabs that start the line holding offset `i`.
fn indent_at(t: &str, i: usize) -> &str {
    let s = line_start(t, i);
    let n = t[s..]
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    &t[s..s + n]
}

/// After offset `p`: when the rest of the line is blank or a `//` comment,
/// the offset where the next line starts.
fn line_end(t: &str, p: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut q = p;
    while q < b.len() && (b[q] == b' ' || b[q] == b'\t') {
        q += 1;
    }
    if t[q..].starts_with("//") {
        return t[q..].find('\n').map(|n| q + n + 1);
    }
    match (b.get(q), b.get(q + 1)) {
        (Some(b'\n'), _) => Some(q + 1),
        (Some(b'\r'), Some(b'\n')) => Some(q + 2),
        _ => None,
    }
}

/// Whether a blank line comes before the line holding offset `i`.
fn blank_before(t: &str, i: usize) -> bool {
    let s = line_start(t, i);
    if s == 0 {
        return false;
    }
    let prev = line_start(t, s - 1);
    t[prev..s].trim().is_empty()
}

/// How many `Some(` wrap the value that starts at `v` (ron reads
/// `Some(x)` as `x`, and the positions found are `x`'s).
fn some_depth(t: &str, v: usize) -> usize {
    let mut n = 0;
    let mut i = v;
    while let Some(s) = some_before(t, i) {
        n += 1;
        i = s;
    }
    n
}

/// When `Some(` comes before offset `i` (white space aside), where it
/// starts.
fn some_before(t: &str, i: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut j = i;
    while j > 0 && b[j - 1].is_ascii_whitespace() {
        j -= 1;
    }
    j = j.checked_sub(1).filter(|&j| b[j] == b'(')?;
    while j > 0 && b[j - 1].is_ascii_whitespace() {
        j -= 1;
    }
    let s = j.checked_sub(4).filter(|&s| &t[s..j] == "Some")?;
    let ident = |k: usize| b[k].is_ascii_alphanumeric() || b[k] == b'_';
    (s == 0 || !ident(s - 1)).then_some(s)
}

/// Where the key of the field whose value starts at `v` starts: back over
/// `Some(`, white space, `:` and the name. `v` itself when that is not
/// what precedes.
fn key_start(t: &str, v: usize) -> usize {
    let b = t.as_bytes();
    let mut i = v;
    while let Some(s) = some_before(t, i) {
        i = s;
    }
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    if i == 0 || b[i - 1] != b':' {
        return v;
    }
    i -= 1;
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    let end = i;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        i -= 1;
    }
    if i == end { v } else { i }
}

/// The step of indentation inside a multi-line item that starts on a line
/// indented by `indent`: how much further its first field is indented.
fn step_in<'t>(t: &'t str, item: &Entry, indent: &str) -> Option<&'t str> {
    let first = item.value.fields().map(|(_, v)| v.start).min()? + item.base;
    let key = key_start(t, first);
    if !t[item.base + item.value.start..key].contains('\n') {
        return None;
    }
    let inner = indent_at(t, key);
    inner.strip_prefix(indent).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{ActorKind, Confidence};

    fn claim(text: &str) -> Claim {
        Claim {
            text: text.to_string(),
            sources: vec!["s".to_string()],
            credibility: Some(2),
            confidence: Some(Confidence::Likely),
            quote: None,
            cite: None,
            date: None,
        }
    }

    fn on_ab(text: &str) -> Addition {
        Addition::Claim {
            from: "A".into(),
            to: "B".into(),
            label: "met".into(),
            claim: claim(text),
        }
    }

    fn actor() -> Addition {
        Addition::Actor(Actor {
            id: "N".into(),
            name: "New".into(),
            kind: ActorKind::Person,
            aliases: None,
            note: None,
        })
    }

    /// `before` with `add` inserted must be exactly `after`.
    fn gives(before: &str, add: &Addition, after: &str) {
        let got = insert("t.ron", before, add).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.text, after, "\n{}", got.text);
    }

    const REL: &str = "Dossier(\n    relations: [\n        Relation(\n            from: \"A\",\n            to: \"B\",\n            label: \"met\",\n            claims: [\n";

    #[test]
    fn a_claim_goes_after_the_last_and_its_comment_indented_alike() {
        let before = format!(
            "{REL}                Claim(text: \"one\", sources: [\"s\"]), // first\n                // the end\n            ],\n        ),\n    ],\n)\n"
        );
        let after = format!(
            "{REL}                Claim(text: \"one\", sources: [\"s\"]), // first\n                Claim(text: \"a \\\"q\\\" \\\\ $ عربي\", sources: [\"s\"], credibility: 2, confidence: Likely),\n                // the end\n            ],\n        ),\n    ],\n)\n"
        );
        gives(&before, &on_ab("a \"q\" \\ $ عربي"), &after);
    }

    #[test]
    fn no_trailing_comma_stays_without_one() {
        let before = format!(
            "{REL}                Claim(\n                    text: \"one\",\n                    sources: [\"s\"]\n                )\n            ]\n        )\n    ]\n)"
        );
        let after = format!(
            "{REL}                Claim(\n                    text: \"one\",\n                    sources: [\"s\"]\n                ),\n                Claim(\n                    text: \"two\",\n                    sources: [\"s\"],\n                    credibility: 2,\n                    confidence: Likely,\n                )\n            ]\n        )\n    ]\n)"
        );
        gives(&before, &on_ab("two"), &after);
    }

    #[test]
    fn one_line_lists_and_unnamed_structs() {
        gives(
            "(relations: [(from: \"A\", to: \"B\", label: \"met\", claims: [(text: \"one\", sources: [\"s\"])])])",
            &on_ab("two"),
            "(relations: [(from: \"A\", to: \"B\", label: \"met\", claims: [(text: \"one\", sources: [\"s\"]), (text: \"two\", sources: [\"s\"], credibility: 2, confidence: Likely)])])",
        );
        gives(
            "Dossier(actors: [Actor(id: \"A\", name: \"a\", kind: State),])",
            &actor(),
            "Dossier(actors: [Actor(id: \"A\", name: \"a\", kind: State), Actor(id: \"N\", name: \"New\", kind: Person),])",
        );
    }

    #[test]
    fn empty_and_missing_lists() {
        gives(
            "Dossier(\n    actors: [],\n)\n",
            &actor(),
            "Dossier(\n    actors: [\n        Actor(\n            id: \"N\",\n            name: \"New\",\n            kind: Person,\n        ),\n    ],\n)\n",
        );
        gives(
            "Dossier(\n    actors: [\n        // none yet\n    ],\n)\n",
            &actor(),
            "Dossier(\n    actors: [\n        // none yet\n        Actor(\n            id: \"N\",\n            name: \"New\",\n            kind: Person,\n        ),\n    ],\n)\n",
        );
        // A missing list goes last, after a blank line as the others.
        gives(
            "Dossier(\n  title: \"t\",\n\n  sources: [], // none\n)\n",
            &actor(),
            "Dossier(\n  title: \"t\",\n\n  sources: [], // none\n\n  actors: [\n    Actor(\n      id: \"N\",\n      name: \"New\",\n      kind: Person,\n    ),\n  ],\n)\n",
        );
        gives(
            "(title: \"t\")",
            &actor(),
            "(title: \"t\", actors: [Actor(id: \"N\", name: \"New\", kind: Person)])",
        );
        gives(
            "Dossier(\n)\n",
            &actor(),
            "Dossier(\n    actors: [\n        Actor(\n            id: \"N\",\n            name: \"New\",\n            kind: Person,\n        ),\n    ],\n)\n",
        );
    }

    #[test]
    fn crlf_and_byte_order_mark_are_kept() {
        gives(
            "\u{feff}#![enable(implicit_some)]\r\nDossier(\r\n\tactors: [\r\n\t\tActor(\r\n\t\t\tid: \"A\",\r\n\t\t\tname: \"a\",\r\n\t\t\tkind: State,\r\n\t\t\tnote: Some(\"x\"),\r\n\t\t),\r\n\t],\r\n)\r\n",
            &actor(),
            "\u{feff}#![enable(implicit_some)]\r\nDossier(\r\n\tactors: [\r\n\t\tActor(\r\n\t\t\tid: \"A\",\r\n\t\t\tname: \"a\",\r\n\t\t\tkind: State,\r\n\t\t\tnote: Some(\"x\"),\r\n\t\t),\r\n\t\tActor(\r\n\t\t\tid: \"N\",\r\n\t\t\tname: \"New\",\r\n\t\t\tkind: Person,\r\n\t\t),\r\n\t],\r\n)\r\n",
        );
    }

    #[test]
    fn the_last_declaration_of_a_relation_gets_the_claim() {
        let text = "(relations: [(from: \"A\", to: \"B\", label: \"met\", claims: []), (from: \"A\", to: \"B\", label: \"other\", claims: []), (from: \"A\", to: \"B\", label: \"met\", claims: [])])";
        let got = insert("t", text, &on_ab("x")).unwrap();
        assert_eq!(got.landed, Landed::Claim { rel: 2, claim: 0 });
        assert!(got.text.ends_with(
            "claims: [Claim(text: \"x\", sources: [\"s\"], credibility: 2, confidence: Likely)])])"
        ));
    }

    #[test]
    fn refusals() {
        let text = "Dossier(relations: [(from: \"A\", to: \"C\", label: \"met\", claims: [])])";
        assert_eq!(insert("t", text, &on_ab("x")), Err(InsertError::NoRelation));
        let bad = insert("t.ron", "Dossier(title: )", &actor()).unwrap_err();
        assert!(
            matches!(&bad, InsertError::Unreadable(m) if m.contains("t.ron")),
            "{bad}"
        );
        // A relation matched as the chart shows it: sanitised.
        let text = "(relations: [(from: \"A\", to: \"B\", label: \"m\\u{1b}t\", claims: [])])";
        let add = Addition::Claim {
            from: "A".into(),
            to: "B".into(),
            label: "m\u{241b}t".into(),
            claim: claim("x"),
        };
        assert!(insert("t", text, &add).is_ok());
    }
}
