//! The relations pane: the selected actor's relations, strongest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::dossier::diff::Change;
use crate::filter::Strength;
use crate::graph::Incident;
use crate::tui::model::changes::{mark, mark_style};
use crate::tui::model::text::{one_line, truncate};
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
    let gone = m.gone_rels();
    let count = match gone.len() {
        0 => m.rels.len().to_string(),
        n => format!("{} · {n} removed", m.rels.len()),
    };
    let block = pane_block(
        m,
        Pane::Relations,
        format!(" Relations of {} ({count}) ", one_line(&actor.id)),
        area,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if m.rel_rows() == 0 {
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
    let rows = (0..m.rel_rows())
        .skip(m.rel.offset)
        .take(inner.height as usize)
        .map(|row| match m.rels.get(row) {
            Some(inc) => live_row(m, inc, w),
            None => gone_row(m, &actor.id, gone[row - m.rels.len()], w),
        });
    let list = List {
        frame: area,
        area: inner,
        offset: m.rel.offset,
        len: m.rel_rows(),
        sel: Some(m.rel.sel),
        cursor: cursor_style(m, Pane::Relations),
    };
    list_rows(m, list, rows, buf);
}

/// A relation of the chart shown: its mark of change, the other actor,
/// the label and the strength.
fn live_row(m: &Model, inc: &Incident, w: usize) -> Line<'static> {
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
}

/// A relation of actor `here` removed since the revision (entry `k` in the
/// diff's relations), struck through: `−→ Gamma · employs   removed`.
fn gone_row(m: &Model, here: &str, k: usize, w: usize) -> Line<'static> {
    let (Some(changes), t) = (&m.changes, &m.theme) else {
        return Line::default();
    };
    let Some(r) = changes.gone_relation(k) else {
        return Line::default();
    };
    let (arrow, other) = if r.from == r.to {
        ("↺", &r.to)
    } else if r.from == here {
        ("→", &r.to)
    } else {
        ("←", &r.from)
    };
    let left = format!("{} · {}", actor_name(m, other), one_line(&r.label));
    let right = if w >= WIDE_ROW {
        let plural = if r.claims == 1 { "" } else { "s" };
        format!(
            "{} claim{plural} · removed since {}",
            r.claims,
            truncate(one_line(&changes.rev), 16)
        )
    } else {
        "removed".to_string()
    };
    let lead = vec![
        Span::styled(
            mark(Some(Change::Removed), false),
            mark_style(t, Some(Change::Removed)),
        ),
        Span::styled(arrow, t.removed),
        Span::raw(" "),
    ];
    let n = lead.len();
    let mut line = aligned_row(w, lead, &left, Span::styled(right, t.dim));
    // The name and label struck through, as the removed claims are.
    if let Some(s) = line.spans.get_mut(n) {
        s.style = t.removed;
    }
    line
}

/// The name of actor `id` in the chart shown, or in the chart at the
/// revision when it is gone too, or its id.
fn actor_name(m: &Model, id: &str) -> String {
    if let Some(a) = m.chart.actor_ix(id) {
        return one_line(&m.chart.actor_name(a)).to_string();
    }
    m.changes
        .as_ref()
        .and_then(|c| c.old.actor_ix(id).map(|a| c.old.actor_name(a).into_owned()))
        .map_or_else(|| one_line(id).to_string(), |n| one_line(&n).to_string())
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
