//! Graphviz DOT: render with `dot -Tsvg chart.dot > chart.svg`.
//!
//! One node per selected actor, labelled with its name and kind; one edge
//! per selected relation, labelled with the relation and what supports it,
//! drawn bold when corroborated, solid when single-source and dashed (grey)
//! when only assessments support it; the graph's label repeats the legend
//! and names the filter. Each edge's `dates` attribute lists its visible
//! claims' effective dates, oldest first (`(report)` when a date is the
//! report's), for tools that read attributes. Node names are the actors' ids. Untrusted
//! text only ever appears inside quoted strings, escaped; comments hold
//! none of it.

use std::fmt::Write;

use super::{Selection, clean, filters_text, support_short};
use crate::filter::{Counts, Filter, Strength};
use crate::graph::Chart;

/// The selection as a DOT `digraph`.
pub fn dot(chart: &Chart, filter: &Filter, counts: &Counts, sel: &Selection) -> String {
    let d = &chart.dossier;
    let mut out = String::new();
    out.push_str(
        "// linkchart export: actors and the relations between them, with what supports each.\n\
         // Edges: bold = corroborated (two or more independent sources);\n\
         //        solid = single source; dashed and grey = assessment only.\n\
         // Edge labels: relation, then claims and distinct sources under the filter.\n\
         // Render: dot -Tsvg this.dot > chart.svg\n",
    );
    out.push_str("digraph linkchart {\n");
    let _ = writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", fontsize=14, rankdir=LR, nodesep=0.3, ranksep=0.9];",
        quote(&format!(
            "{}\nFilters: {}\nEdges: bold = corroborated · solid = single source · dashed = assessment only",
            d.title,
            filters_text(filter)
        ))
    );
    out.push_str(
        "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n  \
         edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    if !sel.actors.is_empty() {
        out.push('\n');
    }
    for &a in &sel.actors {
        let actor = &d.actors[a];
        let _ = writeln!(
            out,
            "  {} [label={}];",
            quote(&actor.id),
            quote(&format!("{}\n({})", actor.name, actor.kind.label()))
        );
    }
    if !sel.relations.is_empty() {
        out.push('\n');
    }
    for &r in &sel.relations {
        let (a, b) = chart.ends(r);
        let rel = chart.relation(r);
        let strength = counts.strength(r);
        let style = match strength {
            Strength::Corroborated => "style=bold",
            Strength::Single => "style=solid",
            Strength::Assessed => "style=dashed, color=gray45, fontcolor=gray30",
            Strength::Hidden => "style=dotted, color=gray70, fontcolor=gray50",
        };
        let what = match strength {
            Strength::Hidden => "filtered out".to_string(),
            _ => support_short(counts, r),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, {style}, dates={}];",
            quote(&d.actors[a].id),
            quote(&d.actors[b].id),
            quote(&format!("{}\n{what}", rel.label)),
            quote(&super::claim_dates(chart, filter, r)),
        );
    }
    out.push_str("}\n");
    out
}

/// `s` as a DOT quoted string: sanitised, `\` and `"` escaped, newlines as
/// `\n` (a centred line break in labels). Nothing else is special inside
/// quotes, and no escape Graphviz expands (`\N`, `\G`, …) can remain.
fn quote(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("a \"b\" \\N"), r#""a \"b\" \\N""#);
        assert_eq!(quote("two\nlines"), r#""two\nlines""#);
        assert_eq!(quote("\x1b[2J"), "\"␛[2J\"");
    }
}
