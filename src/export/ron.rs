//! The RON writer: a dossier as a file laid out like the bundled one (one
//! field per line, a blank line between sections), for `export --format ron`
//! and `import`.
//!
//! Every string is escaped so that any text reads back exactly: quotes and
//! backslashes, and every control, invisible or direction-changing character
//! as `\u{…}`, so the file shows nothing hidden in an editor either. Comments
//! ([`Comments`]) are reduced to plain visible characters and can never end
//! early.

use std::fmt::Write;

use crate::dossier::{Actor, ActorKind, Claim, Dossier, Relation, Report, Source, SourceKind};

/// Comment lines to write with a dossier: a header above `Dossier(`, and
/// lines above each item (indexed like the dossier's lists; missing entries
/// mean no comment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comments {
    pub header: Vec<String>,
    pub reports: Vec<Vec<String>>,
    pub sources: Vec<Vec<String>>,
    pub actors: Vec<Vec<String>>,
    pub relations: Vec<Vec<String>>,
    /// Per relation, per claim.
    pub claims: Vec<Vec<Vec<String>>>,
}

/// `s` as a RON string literal, quotes included.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || crate::sanitize::is_escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One comment line's text: visible characters only, on one line.
fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || crate::sanitize::is_escaped(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// A field's value as written: text put down as it is (a quoted string, a
/// number, an enum value, a list of strings), or a list of items, one per
/// line (a relation's claims).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Items(Vec<Item>),
}

/// An item of a list, `Claim(…)`: its struct name and its fields in the
/// format's order (absent optional fields left out), with comment lines to
/// write above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: &'static str,
    pub fields: Vec<(&'static str, Value)>,
    pub comments: Vec<String>,
}

/// How items are laid out: the indentation of the item's own line, one
/// step of indentation more for each level inside, the line ending, whether
/// struct names are written (`Claim(` or `(`), and whether the item is
/// written on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout<'a> {
    pub indent: &'a str,
    pub step: &'a str,
    pub newline: &'a str,
    pub named: bool,
    pub one_line: bool,
}

impl Layout<'_> {
    /// The writer's own layout: four spaces a step, `\n`, names written.
    pub const fn plain(indent: &str) -> Layout<'_> {
        Layout {
            indent,
            step: "    ",
            newline: "\n",
            named: true,
            one_line: false,
        }
    }
}

/// Writes `item` to `out`: its comment lines (each at `layout.indent`,
/// ending in a line break), then the item itself from its name to its
/// closing parenthesis, without the indentation of its first line and
/// without a comma after it. Nested items are indented one step further
/// for each level and end in a comma.
pub fn write_item(out: &mut String, item: &Item, layout: &Layout) {
    let comments: Vec<String> = item.comments.iter().map(|l| comment_line(l)).collect();
    for (i, c) in comments.iter().enumerate() {
        if i > 0 {
            out.push_str(layout.indent);
        }
        out.push_str(c);
        out.push_str(layout.newline);
    }
    if !comments.is_empty() {
        out.push_str(layout.indent);
    }
    if layout.named {
        out.push_str(item.name);
    }
    out.push('(');
    if layout.one_line {
        for (i, (name, value)) in item.fields.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(name);
            out.push_str(": ");
            match value {
                Value::Text(t) => out.push_str(t),
                Value::Items(items) => {
                    out.push('[');
                    for (k, it) in items.iter().enumerate() {
                        if k > 0 {
                            out.push_str(", ");
                        }
                        write_item(out, it, layout);
                    }
                    out.push(']');
                }
            }
        }
        out.push(')');
        return;
    }
    let inner = format!("{}{}", layout.indent, layout.step);
    out.push_str(layout.newline);
    for (name, value) in &item.fields {
        out.push_str(&inner);
        out.push_str(name);
        out.push_str(": ");
        match value {
            Value::Text(t) => out.push_str(t),
            Value::Items(items) => {
                let deeper = format!("{inner}{}", layout.step);
                let nested = Layout {
                    indent: &deeper,
                    ..*layout
                };
                out.push('[');
                out.push_str(layout.newline);
                for it in items {
                    out.push_str(&deeper);
                    write_item(out, it, &nested);
                    out.push(',');
                    out.push_str(layout.newline);
                }
                out.push_str(&inner);
                out.push(']');
            }
        }
        out.push(',');
        out.push_str(layout.newline);
    }
    out.push_str(layout.indent);
    out.push(')');
}

/// `// text`, or `//` for an empty comment line.
fn comment_line(l: &str) -> String {
    let text = comment_text(l);
    if text.is_empty() {
        "//".to_string()
    } else {
        format!("// {text}")
    }
}

struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    fn text(&mut self, name: &'static str, value: String) {
        self.0.push((name, Value::Text(value)));
    }
    fn string(&mut self, name: &'static str, value: &str) {
        self.text(name, quote(value));
    }
    fn opt(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            self.string(name, v);
        }
    }
    fn item(self, name: &'static str) -> Item {
        Item {
            name,
            fields: self.0,
            comments: Vec::new(),
        }
    }
}

/// A report as an item of `reports`.
pub fn report_item(r: &Report) -> Item {
    let mut f = Fields(Vec::new());
    f.string("id", &r.id);
    f.string("title", &r.title);
    f.opt("publisher", r.publisher.as_deref());
    f.opt("date", r.date.as_deref());
    f.opt("url", r.url.as_deref());
    f.item("Report")
}

/// A source as an item of `sources`.
pub fn source_item(s: &Source) -> Item {
    let mut f = Fields(Vec::new());
    f.string("id", &s.id);
    f.string("name", &s.name);
    f.text("kind", source_kind(&s.kind));
    if let Some(r) = s.reliability {
        f.text("reliability", r.letter().to_string());
    }
    f.opt("report", s.report.as_deref());
    f.opt("note", s.note.as_deref());
    f.item("Source")
}

/// An actor as an item of `actors`.
pub fn actor_item(a: &Actor) -> Item {
    let mut f = Fields(Vec::new());
    f.string("id", &a.id);
    f.string("name", &a.name);
    f.text("kind", actor_kind(&a.kind));
    if let Some(al) = &a.aliases {
        f.text("aliases", list(al));
    }
    f.opt("note", a.note.as_deref());
    f.item("Actor")
}

/// A claim as an item of a relation's `claims`.
pub fn claim_item(c: &Claim) -> Item {
    let mut f = Fields(Vec::new());
    f.string("text", &c.text);
    f.text("sources", list(&c.sources));
    if let Some(cred) = c.credibility {
        f.text("credibility", cred.to_string());
    }
    if let Some(conf) = c.confidence {
        f.text("confidence", format!("{conf:?}"));
    }
    f.opt("quote", c.quote.as_deref());
    f.opt("cite", c.cite.as_deref());
    f.opt("date", c.date.as_deref());
    f.item("Claim")
}

/// A relation, with its claims, as an item of `relations`.
pub fn relation_item(r: &Relation) -> Item {
    let mut f = Fields(Vec::new());
    f.string("from", &r.from);
    f.string("to", &r.to);
    f.string("label", &r.label);
    f.0.push((
        "claims",
        Value::Items(r.claims.iter().map(claim_item).collect()),
    ));
    f.item("Relation")
}

struct W {
    out: String,
}

impl W {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }
    fn comments(&mut self, indent: usize, lines: &[String]) {
        for l in lines {
            self.line(indent, &comment_line(l));
        }
    }
    fn string(&mut self, indent: usize, name: &str, value: &str) {
        self.line(indent, &format!("{name}: {},", quote(value)));
    }
    /// A list field of the dossier, after a blank line, with its items.
    fn list(&mut self, name: &str, items: impl Iterator<Item = Item>) {
        const INDENT: &str = "        ";
        self.line(0, "");
        self.line(1, &format!("{name}: ["));
        for item in items {
            self.out.push_str(INDENT);
            write_item(&mut self.out, &item, &Layout::plain(INDENT));
            self.out.push_str(",\n");
        }
        self.line(1, "],");
    }
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

fn actor_kind(k: &ActorKind) -> String {
    match k {
        ActorKind::Other(s) => format!("Other({})", quote(s)),
        k => format!("{k:?}"),
    }
}

fn source_kind(k: &SourceKind) -> String {
    match k {
        SourceKind::Other(s) => format!("Other({})", quote(s)),
        k => format!("{k:?}"),
    }
}

/// Comment lines `i` of `lines`, none when missing.
fn at(lines: &[Vec<String>], i: usize) -> Vec<String> {
    lines.get(i).cloned().unwrap_or_default()
}

/// The dossier as RON text, with `comments`.
pub fn ron_with(d: &Dossier, comments: &Comments) -> String {
    let mut w = W { out: String::new() };
    w.comments(0, &comments.header);
    w.line(0, "Dossier(");
    w.string(1, "title", &d.title);
    if let Some(s) = &d.summary {
        w.string(1, "summary", s);
    }
    let with = |mut item: Item, lines: Vec<String>| {
        item.comments = lines;
        item
    };
    if let Some(reports) = &d.reports {
        w.list(
            "reports",
            reports
                .iter()
                .enumerate()
                .map(|(i, r)| with(report_item(r), at(&comments.reports, i))),
        );
    }
    w.list(
        "sources",
        d.sources
            .iter()
            .enumerate()
            .map(|(i, s)| with(source_item(s), at(&comments.sources, i))),
    );
    w.list(
        "actors",
        d.actors
            .iter()
            .enumerate()
            .map(|(i, a)| with(actor_item(a), at(&comments.actors, i))),
    );
    w.list(
        "relations",
        d.relations.iter().enumerate().map(|(i, r)| {
            let mut item = with(relation_item(r), at(&comments.relations, i));
            let claims = comments.claims.get(i).map(Vec::as_slice).unwrap_or(&[]);
            if let Some((_, Value::Items(items))) = item.fields.last_mut() {
                for (j, c) in items.iter_mut().enumerate() {
                    c.comments = at(claims, j);
                }
            }
            item
        }),
    );
    w.line(0, ")");
    w.out
}

/// The dossier as RON text, without comments.
pub fn ron(d: &Dossier) -> String {
    ron_with(d, &Comments::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{BUNDLED, BUNDLED_NAME, load::parse_str, load_str};

    #[test]
    fn bundled_dossier_reads_back_the_same() {
        let d = load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier;
        let text = ron(&d);
        let again = load_str("written", &text).expect("the written RON loads");
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        assert_eq!(again.dossier, d);
    }

    #[test]
    fn any_text_round_trips_and_comments_stay_comments() {
        let nasty = "a \"quoted\" \\ back\nslash\ttab\r\u{1b}]52;c;x\u{7}\u{202e}rtl\u{0}\u{feff} ) ], // */ \u{2028}end";
        let text = format!(
            "Dossier(title: {}, sources: [Source(id: \"s\", name: \"s\", kind: Human)], actors: [Actor(id: \"a\", name: \"a\", kind: Person)])",
            quote(nasty)
        );
        let d = ron::from_str::<Dossier>(&text).expect("a quoted string parses");
        assert_eq!(d.title, nasty);
        let comments = Comments {
            header: vec![format!("evil\n) comment {nasty}")],
            ..Comments::default()
        };
        let written = ron_with(&d, &comments);
        assert!(!written.contains('\u{1b}') && !written.contains('\u{202e}'));
        let back = parse_str("w", &written).expect("written RON parses");
        // parse_str sanitises; the raw parse gives the exact text back.
        assert_eq!(back.title, crate::sanitize::sanitize(nasty));
        let exact: Dossier = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&written)
            .unwrap();
        assert_eq!(exact.title, nasty);
    }
}
