//! Capture's text edit on files laid out every way the format allows:
//! comments (line and block, after items, before closing brackets), trailing
//! commas or not, CRLF, a byte-order mark, the `implicit_some` header,
//! `Some(…)`, struct names left out, lists on one line, empty lists, lists
//! missing, tabs, raw strings, and text that looks like syntax.
//!
//! Every insertion must load back (read raw, without sanitising) as exactly
//! the old contents with the new item added, change no byte outside what it
//! inserted, insert nothing but the item (and the list around it when the
//! list was missing), with the file's line ending, and indent the new item
//! like the one before it.
//!
//! `cargo test --release --test capture`; `PROPTEST_CASES` raises the
//! number of files tried.

use proptest::prelude::*;
use serde::Deserialize;

mod common;

use linkchart::dossier::locate::{self, Node};
use linkchart::dossier::{
    Actor, ActorKind, Claim, Confidence, Relation, Reliability, Report, Source, SourceKind,
};
use linkchart::export::capture::{Addition, InsertError, Landed, insert};

/// A file as the format reads it, without sanitising: the exact strings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Dossier")]
struct Raw {
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

fn raw(text: &str) -> Raw {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(t)
        .unwrap_or_else(|e| panic!("does not parse: {e}\n{text}"))
}

/// A small deterministic generator of choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, in_ten: usize) -> bool {
        self.below(10) < in_ten
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Text that is hard to write down: quotes, backslashes, `$`, syntax,
    /// comment markers, Arabic and Hebrew, bidi and zero-width characters,
    /// controls, emoji.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            " ",
            "\"",
            "\\",
            "$",
            "${x}",
            "$(",
            "//",
            "/*",
            "*/",
            ")",
            "]",
            "(",
            "[",
            ",",
            ":",
            "#",
            "r#\"",
            "\"#",
            "é",
            "عربي",
            "مرحبا بالعالم",
            "שלום",
            "日本",
            "\u{200f}",
            "\u{202e}",
            "\u{200b}",
            "\u{feff}",
            "\n",
            "\r\n",
            "\t",
            "\u{1b}]52;c;x\u{7}",
            "\u{0}",
            "\u{85}",
            "\u{2028}",
            "🦀",
            "'",
            "\\u{41}",
            "\\n",
        ];
        let n = self.below(6);
        (0..n).map(|_| *self.pick(PIECES)).collect()
    }
    fn id(&mut self) -> String {
        format!(
            "{}{}",
            self.pick(&["a", "B", "x-1", "عربي", "id"]),
            self.below(1000)
        )
    }
}

/// How a generated file is laid out.
struct Style {
    nl: &'static str,
    step: &'static str,
    bom: bool,
    header: bool,
    named: bool,
    some: bool,
    comments: bool,
    trailing: bool,
    blank: bool,
    one_line_dossier: bool,
}

impl Style {
    fn new(r: &mut Rng) -> Style {
        Style {
            nl: ["\n", "\r\n"][r.below(2)],
            step: ["    ", "  ", "\t", "        "][r.below(4)],
            bom: r.chance(2),
            header: r.chance(2),
            named: r.chance(7),
            some: r.chance(3),
            comments: r.chance(6),
            trailing: r.chance(6),
            blank: r.chance(5),
            one_line_dossier: r.chance(1),
        }
    }
}

/// Writes a string literal: usually quoted, sometimes raw when it can be.
fn lit(r: &mut Rng, s: &str) -> String {
    if r.chance(2) && !s.contains('"') && !s.contains('\r') {
        format!("r#\"{s}\"#")
    } else {
        linkchart::export::ron::quote(s)
    }
}

/// One value written in the file, one line or several.
struct W<'a> {
    r: &'a mut Rng,
    st: &'a Style,
    out: String,
}

impl W<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn nl(&mut self, indent: usize) {
        if self.st.one_line_dossier {
            self.push(" ");
            return;
        }
        if self.st.comments && self.r.chance(1) {
            self.push(" // note ) ] \" ");
        }
        self.push(self.st.nl);
        for _ in 0..indent {
            self.push(self.st.step);
        }
    }
    fn comment(&mut self) {
        if self.st.comments && self.r.chance(2) {
            let c = *self.r.pick(&[" /* c ) ] */ ", "/* /* nested */ */ "]);
            self.push(c);
        }
    }
    fn opt(&mut self, s: String) -> String {
        if self.st.some && self.r.chance(5) {
            format!("Some({s})")
        } else {
            s
        }
    }
    /// A struct: `Name(` fields `)`, on one line or one field a line.
    fn strukt(&mut self, name: &str, fields: Vec<(String, String)>, indent: usize, one: bool) {
        if self.st.named {
            self.push(name);
        }
        self.push("(");
        let n = fields.len();
        for (i, (k, v)) in fields.into_iter().enumerate() {
            if one {
                if i > 0 {
                    self.push(", ");
                }
            } else {
                self.nl(indent + 1);
            }
            self.comment();
            self.push(&format!("{k}: {v}"));
            if !one && (i + 1 < n || self.st.trailing) {
                self.push(",");
            }
        }
        if !one {
            self.nl(indent);
        }
        self.push(")");
    }
    /// A list of items that `item` writes.
    fn list(&mut self, n: usize, indent: usize, item: &mut dyn FnMut(&mut Self, usize, bool)) {
        let one = self.st.one_line_dossier || self.r.chance(2);
        self.push("[");
        for i in 0..n {
            if one {
                if i > 0 {
                    self.push(", ");
                }
            } else {
                self.nl(indent + 1);
            }
            let item_one = one || self.r.chance(3);
            item(self, indent + 1, item_one);
            let last = i + 1 == n;
            let trailing = self.st.trailing && (!one || self.r.chance(5));
            if (!one && !last) || (last && trailing) {
                self.push(",");
            }
        }
        if !one {
            if self.st.comments && self.r.chance(3) {
                self.nl(indent + 1);
                self.push("// the end ]");
            }
            self.nl(indent);
        } else if n == 0 && self.r.chance(3) {
            self.push(" ");
        }
        self.push("]");
    }
}

/// A generated file and what it holds.
struct File {
    text: String,
    style: Style,
    relations: Vec<(String, String, String)>,
    source_ids: Vec<String>,
}

fn file(r: &mut Rng) -> File {
    let st = Style::new(r);
    let mut relations = Vec::new();
    let mut source_ids = Vec::new();
    let mut w = W {
        r,
        st: &st,
        out: String::new(),
    };
    if st.bom {
        w.push("\u{feff}");
    }
    if st.header {
        w.push("#![enable(implicit_some)]");
        w.push(st.nl);
    }
    if st.comments {
        w.push("// A dossier ( with [ brackets");
        w.push(st.nl);
    }
    w.push(if st.named { "Dossier(" } else { "(" });
    let mut fields: Vec<String> = Vec::new();
    // Which lists the file has, and in what order.
    let mut names = vec!["title", "sources", "actors", "relations"];
    if w.r.chance(3) {
        names.swap(1, 3);
    }
    for name in names {
        if name != "title" && w.r.chance(2) {
            continue; // the list is missing
        }
        if name == "title" && w.r.chance(3) {
            continue;
        }
        let mut f = W {
            r: &mut *w.r,
            st: &st,
            out: String::new(),
        };
        f.comment();
        f.push(&format!("{name}: "));
        // `sources` and `actors` may be written `Some([…])`.
        let some = st.some && matches!(name, "sources" | "actors") && f.r.chance(5);
        if some {
            f.push("Some(");
        }
        let count = f.r.below(4);
        match name {
            "title" => {
                let t = f.r.text();
                let l = lit(f.r, &t);
                f.push(&l);
            }
            "sources" => f.list(count, 1, &mut |w, indent, one| {
                let id = w.r.id();
                source_ids.push(id.clone());
                let mut fields = vec![
                    ("id".to_string(), lit(w.r, &id)),
                    ("name".to_string(), {
                        let t = w.r.text();
                        lit(w.r, &t)
                    }),
                    ("kind".to_string(), "Human".to_string()),
                ];
                if w.r.chance(5) {
                    let v = w.opt("C".to_string());
                    fields.push(("reliability".to_string(), v));
                }
                w.strukt("Source", fields, indent, one);
            }),
            "actors" => f.list(count, 1, &mut |w, indent, one| {
                let id = w.r.id();
                let mut fields = vec![
                    ("id".to_string(), lit(w.r, &id)),
                    ("name".to_string(), "\"n\"".to_string()),
                    ("kind".to_string(), "Other(\"a ) b\")".to_string()),
                ];
                if w.r.chance(5) {
                    let v = w.opt("[\"x\", \"y\"]".to_string());
                    fields.push(("aliases".to_string(), v));
                }
                w.strukt("Actor", fields, indent, one);
            }),
            _ => f.list(count, 1, &mut |w, indent, one| {
                let (from, to, label) = (w.r.id(), w.r.id(), w.r.text());
                relations.push((from.clone(), to.clone(), label.clone()));
                let n_claims = w.r.below(3);
                let claims = {
                    let st = w.st;
                    let mut c = W {
                        r: &mut *w.r,
                        st,
                        out: String::new(),
                    };
                    c.list(n_claims, indent + 1, &mut |w, indent, one| {
                        let t = w.r.text();
                        let mut fields = vec![
                            ("text".to_string(), lit(w.r, &t)),
                            ("sources".to_string(), "[\"s\"]".to_string()),
                        ];
                        if w.r.chance(5) {
                            let v = w.opt("3".to_string());
                            fields.push(("credibility".to_string(), v));
                        }
                        w.strukt("Claim", fields, indent, one);
                    });
                    c.out
                };
                let one = one && !claims.contains('\n');
                let fields = vec![
                    ("from".to_string(), lit(w.r, &from)),
                    ("to".to_string(), lit(w.r, &to)),
                    ("label".to_string(), lit(w.r, &label)),
                    ("claims".to_string(), claims),
                ];
                w.strukt("Relation", fields, indent, one);
            }),
        }
        if some {
            f.push(")");
        }
        fields.push(f.out);
    }
    let n = fields.len();
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 && st.blank && !st.one_line_dossier {
            w.push(st.nl);
        }
        w.nl(1);
        w.push(&f);
        if i + 1 < n || st.trailing {
            w.push(",");
        }
    }
    w.nl(0);
    w.push(")");
    if w.r.chance(7) {
        w.push(st.nl);
    }
    File {
        text: w.out,
        style: st,
        relations,
        source_ids,
    }
}

/// An item with text that is hard to write down.
fn addition(r: &mut Rng, f: &File) -> Addition {
    let claim = |r: &mut Rng| Claim {
        text: r.text() + "x",
        sources: (0..1 + r.below(3)).map(|_| r.id()).collect(),
        credibility: r.chance(5).then(|| 1 + r.below(6) as u8),
        confidence: r.chance(5).then_some(Confidence::RoughlyEvenChance),
        quote: r.chance(5).then(|| r.text()),
        cite: r.chance(5).then(|| r.text()),
        date: r.chance(5).then(|| "2024-02-29".to_string()),
    };
    match r.below(4) {
        0 if !f.relations.is_empty() => {
            let (from, to, label) = r.pick(&f.relations).clone();
            Addition::Claim {
                from,
                to,
                label,
                claim: claim(r),
            }
        }
        0 | 1 => Addition::Relation(Relation {
            from: r.id(),
            to: r.id(),
            label: r.text(),
            claims: (0..1 + r.below(2)).map(|_| claim(r)).collect(),
        }),
        2 => Addition::Actor(Actor {
            id: r.id(),
            name: r.text(),
            kind: if r.chance(5) {
                ActorKind::Other(r.text())
            } else {
                ActorKind::Group
            },
            aliases: r.chance(5).then(|| vec![r.text(), r.text()]),
            note: r.chance(5).then(|| r.text()),
        }),
        _ => Addition::Source(Source {
            id: f
                .source_ids
                .first()
                .cloned()
                .unwrap_or_else(|| r.id())
                .to_string()
                + "-new",
            name: r.text(),
            kind: SourceKind::Other(r.text()),
            reliability: r.chance(5).then_some(Reliability::F),
            report: None,
            note: r.chance(5).then(|| r.text()),
        }),
    }
}

/// The old contents with `add` put where `landed` says.
fn expected(old: &Raw, add: &Addition, landed: Landed) -> Raw {
    let mut want = old.clone();
    match (add, landed) {
        (Addition::Claim { claim, .. }, Landed::Claim { rel, claim: at }) => {
            assert_eq!(at, want.relations[rel].claims.len());
            want.relations[rel].claims.push(claim.clone());
        }
        (Addition::Relation(x), Landed::Relation(at)) => {
            assert_eq!(at, want.relations.len());
            want.relations.push(x.clone());
        }
        (Addition::Actor(x), Landed::Actor(at)) => {
            let list = want.actors.get_or_insert_default();
            assert_eq!(at, list.len());
            list.push(x.clone());
        }
        (Addition::Source(x), Landed::Source(at)) => {
            let list = want.sources.get_or_insert_default();
            assert_eq!(at, list.len());
            list.push(x.clone());
        }
        other => panic!("landed in the wrong list: {other:?}"),
    }
    want
}

/// `s` without white space and commas.
fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

/// The node of the list the item went into, in `text` (BOM removed).
fn list_of<'n>(doc: &'n Node, add: &Addition, landed: Landed) -> &'n Node {
    match landed {
        Landed::Claim { rel, .. } => doc
            .field("relations")
            .and_then(|l| l.items().get(rel))
            .and_then(|r| r.field("claims"))
            .expect("the claims list"),
        _ => doc.field(add.list()).expect("the list"),
    }
}

/// Every check of one insertion.
fn check(text: &str, add: &Addition, st: &Style) -> Result<(), TestCaseError> {
    let old = raw(text);
    let ins = match insert("gen.ron", text, add) {
        Ok(i) => i,
        Err(InsertError::NoRelation) => {
            let claim = matches!(add, Addition::Claim { .. });
            prop_assert!(!claim || old.relations.is_empty(), "no relation found");
            return Ok(());
        }
        Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text}"))),
    };
    let new = &ins.text;
    // Loads back as exactly the old contents with the item added.
    prop_assert_eq!(raw(new), expected(&old, add, ins.landed), "{}", new);

    // The new text is the old one with the edits inserted, nothing else.
    prop_assert!(!ins.edits.is_empty());
    let mut rebuilt = String::new();
    let mut at = 0;
    for (off, s) in &ins.edits {
        prop_assert!(*off >= at && *off <= text.len());
        rebuilt.push_str(&text[at..*off]);
        rebuilt.push_str(s);
        at = *off;
    }
    rebuilt.push_str(&text[at..]);
    prop_assert_eq!(&rebuilt, new);
    let first = ins.edits[0].0;
    let added: usize = ins.edits.iter().map(|e| e.1.len()).sum();
    prop_assert_eq!(&new.as_bytes()[..first], &text.as_bytes()[..first]);
    prop_assert_eq!(
        &new.as_bytes()[ins.edits.last().unwrap().0 + added..],
        &text.as_bytes()[ins.edits.last().unwrap().0..]
    );

    // What was inserted is the item (in either spelling of struct names),
    // with the list around it when it was missing, and commas and white
    // space.
    let inserted: String = ins.edits.iter().map(|e| e.1.as_str()).collect();
    let mut one = String::new();
    let item = match add {
        Addition::Claim { claim, .. } => linkchart::export::ron::claim_item(claim),
        Addition::Relation(x) => linkchart::export::ron::relation_item(x),
        Addition::Actor(x) => linkchart::export::ron::actor_item(x),
        Addition::Source(x) => linkchart::export::ron::source_item(x),
    };
    let mut unnamed = String::new();
    for (out, named) in [(&mut one, true), (&mut unnamed, false)] {
        let layout = linkchart::export::ron::Layout {
            indent: "",
            step: "",
            newline: "",
            named,
            one_line: true,
        };
        linkchart::export::ron::write_item(out, &item, &layout);
    }
    let got = bare(&inserted);
    let list = add.list();
    let fits = |item: &str| got == bare(item) || got == format!("{list}:[{}]", bare(item));
    prop_assert!(
        fits(&one) || fits(&unnamed),
        "inserted {inserted:?}\nitem {one:?}"
    );

    // The file's line ending, and no other (a dossier on one line has
    // none, but in its strings).
    let crlf = st.nl == "\r\n";
    for (i, _) in inserted
        .match_indices('\n')
        .filter(|_| !st.one_line_dossier)
    {
        prop_assert_eq!(
            crlf,
            i > 0 && inserted.as_bytes()[i - 1] == b'\r',
            "{:?}\n{:?}",
            text,
            inserted
        );
    }
    if !crlf && !st.one_line_dossier {
        prop_assert!(!inserted.contains('\r'));
    }

    // Indented like the item before it, when items stand one a line.
    let t = new.strip_prefix('\u{feff}').unwrap_or(new);
    let doc = locate::scan(t);
    let node = list_of(&doc, add, ins.landed);
    let items = node.items();
    let indent = |i: usize| {
        let ls = t[..i].rfind('\n').map_or(0, |n| n + 1);
        let line = &t[ls..];
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    };
    if let [.., prev, last] = items
        && t[node.start..prev.start].contains('\n')
    {
        prop_assert_eq!(indent(prev.start), indent(last.start), "{}", new);
    }
    Ok(())
}

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: common::proptest_cases(n),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(3000))]

    #[test]
    fn every_insertion_loads_back_with_only_the_item_added(seed in any::<u64>()) {
        let mut r = Rng(seed | 1);
        let f = file(&mut r);
        let add = addition(&mut r, &f);
        check(&f.text, &add, &f.style)?;
        // And a second item after the first, in the text the first made.
        let next = insert("gen.ron", &f.text, &add).ok().map(|i| i.text);
        if let Some(text) = next {
            let add = addition(&mut r, &f);
            check(&text, &add, &f.style)?;
        }
    }
}

// ══════════════════════════ files of a chart ══════════════════════════

mod files {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    use linkchart::dossier::{BUNDLED, Claim, Item, Relation, Source, SourceKind, load_paths};
    use linkchart::export::capture::{
        Addition, INBOX, Landed, Target, claim_target, item_target, landed_item, new_file_text,
        save, stamp, writable,
    };
    use linkchart::graph::Chart;

    /// A copy of the test chart in a fresh folder.
    fn chart_copy() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let folder = super::common::copy_chart(dir.path());
        (dir, folder)
    }

    fn load(paths: &[PathBuf]) -> Chart {
        Chart::from_loaded(load_paths(paths).unwrap_or_else(|d| panic!("{d:#?}")))
    }

    fn claim(text: &str, sources: &[&str]) -> Claim {
        Claim {
            text: text.to_string(),
            sources: sources.iter().map(|s| s.to_string()).collect(),
            credibility: Some(2),
            confidence: None,
            quote: Some("\"We meet\", he said \\ $5".into()),
            cite: None,
            date: Some("2024-03".into()),
        }
    }

    fn rel(c: &Chart, from: &str, to: &str, label: &str) -> usize {
        c.dossier
            .relations
            .iter()
            .position(|r| r.from == from && r.to == to && r.label == label)
            .unwrap()
    }

    fn on(from: &str, to: &str, label: &str, claim: Claim) -> Addition {
        Addition::Claim {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            claim,
        }
    }

    fn name(t: &Target) -> String {
        t.path.file_name().unwrap().to_string_lossy().into_owned()
    }

    #[test]
    fn a_claim_goes_to_the_file_of_its_first_source_and_nothing_else_changes() {
        let (_dir, folder) = chart_copy();
        let c = load(std::slice::from_ref(&folder));
        let r = rel(&c, "GOT", "GOI", "intelligence cooperation");
        let s = |id: &str| c.source_ix(id);
        // Declared in 01-coastal and 02-ledger: the source decides, else the first.
        let t = claim_target(&c, r, s("ledger-il")).unwrap();
        assert_eq!(name(&t), "02-ledger.ron");
        assert_eq!(t.name, "02-ledger.ron");
        assert_eq!(
            name(&claim_target(&c, r, s("cm-tn")).unwrap()),
            "01-coastal.ron"
        );
        assert_eq!(name(&claim_target(&c, r, None).unwrap()), "01-coastal.ron");
        assert_eq!(
            name(&claim_target(&c, r, s("desk")).unwrap()),
            "analysis.ron"
        );
        // A source no file of the relation declares: its first file.
        let aid = rel(&c, "US", "TUN", "economic aid");
        assert_eq!(
            name(&claim_target(&c, aid, s("cm-tn")).unwrap()),
            "02-ledger.ron"
        );

        let text = "Arabic عربي, \"quotes\", back\\slash and $HOME";
        let before = crate::common::files(&folder);
        let opened = stamp(&t.path);
        writable(&t).unwrap();
        let add = on(
            "GOT",
            "GOI",
            "intelligence cooperation",
            claim(text, &["ledger-il"]),
        );
        let cap = save(&t, &add, opened).unwrap();
        assert!(!cap.rebased);
        assert_eq!(cap.landed, Landed::Claim { rel: 0, claim: 1 });
        let after = crate::common::files(&folder);
        for ((p, b), (_, a)) in before.iter().zip(&after) {
            if p.ends_with("02-ledger.ron") {
                assert_ne!(a, b);
            } else {
                assert_eq!(a, b, "{p} changed");
            }
        }
        // The chart loads with the claim, its text exact.
        // (Not its last claim: analysis.ron declares the relation too.)
        let c2 = load(std::slice::from_ref(&folder));
        let Some(Item::Claim { rel: r2, claim: k }) = landed_item(&c2, &cap.path, cap.landed)
        else {
            panic!("the new claim is not in the chart");
        };
        assert_eq!(r2, rel(&c2, "GOT", "GOI", "intelligence cooperation"));
        assert_eq!(k, 2);
        let got = &c2.dossier.relations[r2].claims[k];
        assert_eq!(got.text, text);
        assert_eq!(got.quote.as_deref(), Some("\"We meet\", he said \\ $5"));
        // Undo puts the bytes back.
        cap.undo().unwrap();
        assert_eq!(crate::common::files(&folder), before);
        // Once only: the file is now what it was, not what the capture made.
        assert!(cap.undo().unwrap_err().0.contains("has changed since"));
    }

    #[test]
    fn a_source_declared_again_later_counts_for_its_later_file() {
        let (_dir, folder) = chart_copy();
        // 02-ledger declares cm-tn too, the same way as 01-coastal.
        let ledger = folder.join("02-ledger.ron");
        let text = fs::read_to_string(&ledger).unwrap().replace(
            "    sources: [\n",
            "    sources: [\n        Source(id: \"cm-tn\", name: \"Coastal Monitor sources in Tunis\", kind: Human, reliability: C, report: \"coastal-2022\"),\n",
        );
        fs::write(&ledger, text).unwrap();
        let c = load(std::slice::from_ref(&folder));
        let r = rel(&c, "US", "TUN", "economic aid");
        let t = claim_target(&c, r, c.source_ix("cm-tn")).unwrap();
        assert_eq!(name(&t), "02-ledger.ron");
    }

    #[test]
    fn new_items_go_to_the_source_file_else_the_inbox_which_undo_removes() {
        let (_dir, folder) = chart_copy();
        let roots = vec![folder.clone()];
        let c = load(&roots);
        let t = item_target(&c, &roots, c.source_ix("ledger-il")).unwrap();
        assert_eq!(name(&t), "02-ledger.ron");
        assert!(!t.create);
        let t = item_target(&c, &roots, None).unwrap();
        assert_eq!(t.path, folder.join(INBOX));
        assert_eq!(t.name, INBOX);
        assert!(t.create);

        let before = crate::common::files(&folder);
        let src = Addition::Source(Source {
            id: "new-src".into(),
            name: "Un témoin \"direct\"".into(),
            kind: SourceKind::Human,
            reliability: None,
            report: None,
            note: None,
        });
        let cap1 = save(&t, &src, stamp(&t.path)).unwrap();
        let inbox = fs::read_to_string(folder.join(INBOX)).unwrap();
        assert!(inbox.starts_with(&new_file_text()[..new_file_text().find("Dossier(").unwrap()]));
        // The inbox is part of the chart now; a relation goes there too.
        let c = load(&roots);
        let t2 = item_target(&c, &roots, None).unwrap();
        assert!(!t2.create && t2.path == folder.join(INBOX));
        let relation = Addition::Relation(Relation {
            from: "GOT".into(),
            to: "US".into(),
            label: "talks".into(),
            claims: vec![claim("They talk.", &["new-src"])],
        });
        let cap2 = save(&t2, &relation, stamp(&t2.path)).unwrap();
        let c = load(&roots);
        let r = rel(&c, "GOT", "US", "talks");
        assert_eq!(c.dossier.relations[r].claims[0].text, "They talk.");
        assert_eq!(
            c.dossier.sources[c.source_ix("new-src").unwrap()].name,
            "Un témoin \"direct\""
        );
        // Undone one by one, last first: the folder is as it was.
        assert!(
            cap1.undo().is_err(),
            "the inbox changed since the first capture"
        );
        cap2.undo().unwrap();
        cap1.undo().unwrap();
        assert_eq!(crate::common::files(&folder), before);
    }

    #[test]
    fn one_file_charts_and_files_named_one_by_one() {
        let (_dir, folder) = chart_copy();
        let one = vec![folder.join("one.ron")];
        fs::write(&one[0], BUNDLED).unwrap();
        let c = load(&one);
        assert_eq!(item_target(&c, &one, None).unwrap().path, one[0]);
        // A folder holding one file is a one-file chart.
        let lone = tempfile::tempdir().unwrap();
        fs::write(lone.path().join("a.ron"), BUNDLED).unwrap();
        let roots = vec![lone.path().to_path_buf()];
        let t = item_target(&load(&roots), &roots, None).unwrap();
        assert_eq!(t.path, lone.path().join("a.ron"));
        let two = vec![folder.join("00-actors.ron"), folder.join("01-coastal.ron")];
        let c = load(&two);
        assert_eq!(item_target(&c, &two, None).unwrap().path, two[0]);
        // The bundled dossier is no file.
        let c = Chart::from_loaded(linkchart::dossier::load_bundled().unwrap());
        let e = item_target(&c, &[], None).unwrap_err();
        assert!(e.contains("bundled"), "{e}");
    }

    #[test]
    fn a_file_changed_underneath_gets_the_item_in_its_current_text() {
        let (_dir, folder) = chart_copy();
        let c = load(std::slice::from_ref(&folder));
        let r = rel(&c, "GOT", "UAE", "meetings in Dubai");
        let t = claim_target(&c, r, None).unwrap();
        let opened = stamp(&t.path);
        // Meanwhile, in an editor: a comment at the top.
        let edited = format!(
            "// edited by hand\n{}",
            fs::read_to_string(&t.path).unwrap()
        );
        fs::write(&t.path, &edited).unwrap();
        let add = on(
            "GOT",
            "UAE",
            "meetings in Dubai",
            claim("More meetings.", &["cm-tn"]),
        );
        let cap = save(&t, &add, opened).unwrap();
        assert!(cap.rebased);
        let now = fs::read_to_string(&t.path).unwrap();
        assert!(now.starts_with("// edited by hand\n"));
        assert!(now.contains("More meetings."));
        cap.undo().unwrap();
        assert_eq!(fs::read_to_string(&t.path).unwrap(), edited);

        // The relation removed meanwhile: refused, the file untouched.
        let gone = edited.replace("meetings in Dubai", "meetings in Doha");
        fs::write(&t.path, &gone).unwrap();
        let e = save(&t, &add, opened).unwrap_err();
        assert!(e.0.contains("no longer holds the relation"), "{e}");
        assert!(e.0.contains("nothing was written"), "{e}");
        assert_eq!(fs::read_to_string(&t.path).unwrap(), gone);
    }

    #[test]
    fn read_only_files_are_refused_and_mode_links_line_endings_are_kept() {
        let (dir, folder) = chart_copy();
        let c = load(std::slice::from_ref(&folder));
        let r = rel(&c, "GOT", "UAE", "meetings in Dubai");
        let t = claim_target(&c, r, None).unwrap();
        let add = on("GOT", "UAE", "meetings in Dubai", claim("x", &["cm-tn"]));
        let bytes = fs::read(&t.path).unwrap();
        fs::set_permissions(&t.path, fs::Permissions::from_mode(0o444)).unwrap();
        let e = writable(&t).unwrap_err();
        assert!(e.contains("read-only"), "{e}");
        assert!(save(&t, &add, stamp(&t.path)).is_err());
        assert_eq!(fs::read(&t.path).unwrap(), bytes);

        // Mode kept; a symbolic link stays one; CRLF and a BOM stay.
        fs::set_permissions(&t.path, fs::Permissions::from_mode(0o640)).unwrap();
        let crlf = format!(
            "\u{feff}{}",
            String::from_utf8(bytes).unwrap().replace('\n', "\r\n")
        );
        let real = dir.path().join("real.ron");
        fs::write(&real, &crlf).unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        fs::remove_file(&t.path).unwrap();
        std::os::unix::fs::symlink(&real, &t.path).unwrap();
        let cap = save(&t, &add, stamp(&t.path)).unwrap();
        assert!(
            fs::symlink_metadata(&t.path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let now = fs::read_to_string(&real).unwrap();
        assert!(now.starts_with('\u{feff}'));
        assert_eq!(now.matches('\n').count(), now.matches("\r\n").count());
        cap.undo().unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), crlf);
        // No temporary file is left behind.
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }
}
