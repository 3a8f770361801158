//! GraphML, for Gephi, yEd, NetworkX, igraph and friends.
//!
//! Every attribute is declared with a `<key>`:
//!
//! | for   | attr.name  | type   | value                                              |
//! |-------|------------|--------|----------------------------------------------------|
//! | graph | title      | string | the dossier's title                                |
//! | graph | filters    | string | the filter line, `none (all sources)` when none    |
//! | node  | label      | string | the actor's name (the label Gephi shows)           |
//! | node  | actor_id   | string | the actor's id in the dossier                      |
//! | node  | kind       | string | `government`, `person`, …                          |
//! | node  | aliases    | string | the aliases, joined with `; ` (absent when none)   |
//! | node  | note       | string | the actor's note (absent when none)                |
//! | edge  | label      | string | the relation's label                               |
//! | edge  | claims     | int    | claims visible under the filter                    |
//! | edge  | sources    | int    | distinct sources behind them, assessments included |
//! | edge  | strength   | string | `corroborated`, `single source`, `assessment only` |
//! | edge  | dates      | string | each visible claim's effective date, oldest first, |
//! |       |            |        | `(report)` when it is the report's: `1994-09; 2020-12-10 (report); undated` |
//!
//! Node ids are `n<index>` and edge ids `e<index>` (indexes into the
//! dossier's actors and relations), since GraphML ids must be XML name
//! tokens and actor ids need not be. Text is escaped for XML, and no
//! character XML 1.0 forbids can remain: text is sanitised first, which
//! turns C0 controls into control pictures and U+FFFE/U+FFFF into `\u{…}`.

use std::fmt::Write;

use super::{Selection, clean, filters_text};
use crate::filter::{Counts, Filter};
use crate::graph::Chart;

/// `(id, for, attr.name, attr.type)` of every key, in output order.
const KEYS: [(&str, &str, &str, &str); 12] = [
    ("g_title", "graph", "title", "string"),
    ("g_filters", "graph", "filters", "string"),
    ("a_label", "node", "label", "string"),
    ("a_id", "node", "actor_id", "string"),
    ("a_kind", "node", "kind", "string"),
    ("a_aliases", "node", "aliases", "string"),
    ("a_note", "node", "note", "string"),
    ("r_label", "edge", "label", "string"),
    ("r_claims", "edge", "claims", "int"),
    ("r_sources", "edge", "sources", "int"),
    ("r_strength", "edge", "strength", "string"),
    ("r_dates", "edge", "dates", "string"),
];

/// The selection as a GraphML document.
pub fn graphml(chart: &Chart, filter: &Filter, counts: &Counts, sel: &Selection) -> String {
    let d = &chart.dossier;
    let mut out = String::new();
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- linkchart export: actors (nodes) and the relations between them (edges).\n     \
         Edge strength: corroborated (two or more independent sources),\n     \
         single source, or assessment only; claims and sources count what\n     \
         passes the filter named in the graph's filters attribute. -->\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n    \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n    \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, for_, name, ty) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"linkchart\" edgedefault=\"directed\">\n");
    data(&mut out, 4, "g_title", &d.title);
    data(&mut out, 4, "g_filters", &filters_text(filter));
    for &a in &sel.actors {
        let actor = &d.actors[a];
        let _ = writeln!(out, "    <node id=\"n{a}\">");
        data(&mut out, 6, "a_label", &actor.name);
        data(&mut out, 6, "a_id", &actor.id);
        data(&mut out, 6, "a_kind", actor.kind.label());
        if !actor.aliases().is_empty() {
            data(&mut out, 6, "a_aliases", &actor.aliases().join("; "));
        }
        if let Some(note) = &actor.note {
            data(&mut out, 6, "a_note", note);
        }
        out.push_str("    </node>\n");
    }
    for &r in &sel.relations {
        let (a, b) = chart.ends(r);
        let _ = writeln!(
            out,
            "    <edge id=\"e{r}\" source=\"n{a}\" target=\"n{b}\">"
        );
        data(&mut out, 6, "r_label", &chart.relation(r).label);
        data(&mut out, 6, "r_claims", &counts.rel_claims[r].to_string());
        data(&mut out, 6, "r_sources", &counts.rel_sources[r].to_string());
        data(&mut out, 6, "r_strength", counts.strength(r).label());
        data(
            &mut out,
            6,
            "r_dates",
            &super::claim_dates(chart, filter, r),
        );
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn data(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(
        out,
        "{:indent$}<data key=\"{key}\">{}</data>",
        "",
        escape(value)
    );
}

/// `s` as XML character data, valid in double-quoted attribute values too:
/// sanitised, then `&`, `<`, `>` and `"` as entities; any character XML 1.0
/// forbids that is still left is written as a visible `\u{…}`.
pub(crate) fn escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            c if xml_char(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    out
}

/// XML 1.0 `Char` (tab and newline aside, handled above; CR is left out
/// because parsers turn it into a newline).
fn xml_char(c: char) -> bool {
    matches!(c as u32, 0x20..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping() {
        assert_eq!(escape("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(escape("]]> \"q\" 'a'"), "]]&gt; &quot;q&quot; 'a'");
        assert_eq!(escape("\x1b[31m\x00"), "␛[31m␀");
        assert_eq!(escape("x\u{fffe}\u{ffff}"), "x\\u{fffe}\\u{ffff}");
        assert_eq!(escape("line\nbreak"), "line\nbreak");
    }
}
