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

use crate::dossier::{ActorKind, Dossier, SourceKind};

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
    fn comments(&mut self, indent: usize, lines: Option<&Vec<String>>) {
        for l in lines.into_iter().flatten() {
            let text = comment_text(l);
            if text.is_empty() {
                self.line(indent, "//");
            } else {
                self.line(indent, &format!("// {text}"));
            }
        }
    }
    fn field(&mut self, indent: usize, name: &str, value: &str) {
        self.line(indent, &format!("{name}: {value},"));
    }
    fn string(&mut self, indent: usize, name: &str, value: &str) {
        self.field(indent, name, &quote(value));
    }
    fn opt(&mut self, indent: usize, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.string(indent, name, v);
        }
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

/// The dossier as RON text, with `comments`.
pub fn ron_with(d: &Dossier, comments: &Comments) -> String {
    let mut w = W { out: String::new() };
    w.comments(0, Some(&comments.header));
    w.line(0, "Dossier(");
    w.string(1, "title", &d.title);
    w.opt(1, "summary", d.summary.as_deref());
    if let Some(reports) = &d.reports {
        w.line(0, "");
        w.line(1, "reports: [");
        for (i, r) in reports.iter().enumerate() {
            w.comments(2, comments.reports.get(i));
            w.line(2, "Report(");
            w.string(3, "id", &r.id);
            w.string(3, "title", &r.title);
            w.opt(3, "publisher", r.publisher.as_deref());
            w.opt(3, "date", r.date.as_deref());
            w.opt(3, "url", r.url.as_deref());
            w.line(2, "),");
        }
        w.line(1, "],");
    }
    w.line(0, "");
    w.line(1, "sources: [");
    for (i, s) in d.sources.iter().enumerate() {
        w.comments(2, comments.sources.get(i));
        w.line(2, "Source(");
        w.string(3, "id", &s.id);
        w.string(3, "name", &s.name);
        w.field(3, "kind", &source_kind(&s.kind));
        if let Some(r) = s.reliability {
            w.field(3, "reliability", &r.letter().to_string());
        }
        w.opt(3, "report", s.report.as_deref());
        w.opt(3, "note", s.note.as_deref());
        w.line(2, "),");
    }
    w.line(1, "],");
    w.line(0, "");
    w.line(1, "actors: [");
    for (i, a) in d.actors.iter().enumerate() {
        w.comments(2, comments.actors.get(i));
        w.line(2, "Actor(");
        w.string(3, "id", &a.id);
        w.string(3, "name", &a.name);
        w.field(3, "kind", &actor_kind(&a.kind));
        if let Some(al) = &a.aliases {
            w.field(3, "aliases", &list(al));
        }
        w.opt(3, "note", a.note.as_deref());
        w.line(2, "),");
    }
    w.line(1, "],");
    w.line(0, "");
    w.line(1, "relations: [");
    for (i, r) in d.relations.iter().enumerate() {
        w.comments(2, comments.relations.get(i));
        w.line(2, "Relation(");
        w.string(3, "from", &r.from);
        w.string(3, "to", &r.to);
        w.string(3, "label", &r.label);
        w.line(3, "claims: [");
        for (j, c) in r.claims.iter().enumerate() {
            w.comments(4, comments.claims.get(i).and_then(|cs| cs.get(j)));
            w.line(4, "Claim(");
            w.string(5, "text", &c.text);
            w.field(5, "sources", &list(&c.sources));
            if let Some(cred) = c.credibility {
                w.field(5, "credibility", &cred.to_string());
            }
            if let Some(conf) = c.confidence {
                w.field(5, "confidence", &format!("{conf:?}"));
            }
            w.opt(5, "quote", c.quote.as_deref());
            w.opt(5, "cite", c.cite.as_deref());
            w.opt(5, "date", c.date.as_deref());
            w.line(4, "),");
        }
        w.line(3, "],");
        w.line(2, "),");
    }
    w.line(1, "],");
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
