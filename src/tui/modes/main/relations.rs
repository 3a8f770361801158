//! The relations pane: the selected actor's relations, strongest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::filter::Strength;
use crate::graph::Incident;
use crate::tui::model::changes::{mark, mark_style};
use crate::tui::model::text::one_line;
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::{List, aligned_row, cursor_style, list_rows, pane_block, row_width};

/// Rows at least this wide show the strength in full.
const WIDE_ROW: usize = 64;

/// `→` outgoing, `←` incoming, `↺` an actor's relation to itself.
pub fn arrow(inc: &Incident, actor: usize) -> &'static str {
    if inc.other == actor {
        "↺"
    } else if inc.outgoing {
        "→"
    } else {
        "←"
    }
}

pub fn render(m: &Model, area: Rect, buf: &mut Buffer) {
    let Some(actor) = m.chart.dossier.actors.get(m.selected_actor()) else {
        return;
    };
    let block = pane_block(
        m,
        Pane::Relations,
        format!(" Relations of {} ({}) ", one_line(&actor.id), m.rels.len()),
        area,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if m.rels.is_empty() {
        let text = if m.chart.incident(m.selected_actor()).next().is_none() {
            "No relations."
        } else if m.actor_rows().is_some() {
            "No relation of this actor changed (C: everything)."
        } else {
            "No relations under the current filter (s: sources)."
        };
        Paragraph::new(Span::styled(text, m.theme.dim))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let w = row_width(inner);
    let rows = m
        .rels
        .iter()
        .skip(m.rel.offset)
        .take(inner.height as usize)
        .map(|inc| {
            let rel = m.chart.relation(inc.rel);
            let left = format!(
                "{} · {}",
                one_line(&m.chart.actor_name(inc.other)),
                one_line(&rel.label)
            );
            let (full, compact) = strength(m, inc.rel);
            // Full figures in a wide pane, compact ones in a narrow one:
            // the same form on every row, right-aligned.
            let right = if w >= WIDE_ROW { full } else { compact };
            let mut lead = Vec::with_capacity(3);
            if let Some(c) = &m.changes {
                let change = c.relation(inc.rel);
                lead.push(Span::styled(
                    mark(change, false),
                    mark_style(&m.theme, change),
                ));
            }
            lead.extend([
                Span::styled(arrow(inc, m.selected_actor()), m.theme.arrow),
                Span::raw(" "),
            ]);
            aligned_row(w, lead, &left, Span::styled(right, m.theme.meta))
        });
    let list = List {
        frame: area,
        area: inner,
        offset: m.rel.offset,
        len: m.rels.len(),
        sel: Some(m.rel.sel),
        cursor: cursor_style(m, Pane::Relations),
    };
    list_rows(m, list, rows, buf);
}

/// The relation's strength under the filter, in full (`3 claims · 2
/// sources`, `2 claims · 2 sources (1 independent)` when they quote one
/// report, `1 claim · single source + assessment`, `2 claims · assessment
/// only`) and compact (`3c 2s`, `1c 1s+A`, `2c A`). Sources here are those
/// that report: analysts' assessments are counted apart.
pub fn strength(m: &Model, r: usize) -> (String, String) {
    let claims = m.counts.rel_claims[r];
    let facts = m.counts.rel_fact_sources[r];
    let assessed = m.counts.rel_sources[r] > facts;
    let plural = if claims == 1 { "" } else { "s" };
    let (mut full, mut compact) = match m.counts.strength(r) {
        Strength::Assessed => (
            format!("{claims} claim{plural} · assessment only"),
            format!("{claims}c A"),
        ),
        Strength::Single => (
            format!("{claims} claim{plural} · single source"),
            format!("{claims}c 1s"),
        ),
        _ => {
            // Sources quoting one report are not independent: say so.
            let origins = m.counts.rel_origins[r];
            let independent = if origins < facts {
                format!(" ({origins} independent)")
            } else {
                String::new()
            };
            (
                format!("{claims} claim{plural} · {facts} sources{independent}"),
                format!("{claims}c {facts}s"),
            )
        }
    };
    if assessed && facts > 0 {
        full.push_str(" + assessment");
        compact.push_str("+A");
    }
    (full, compact)
}
