//! The relations pane: the selected actor's relations, strongest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use unicode_width::UnicodeWidthStr;

use super::{cursor_style, list_rows, one_line, pane_block, truncate};
use crate::filter::Strength;
use crate::graph::Incident;
use crate::tui::app::{Model, Pane};

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
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if m.rels.is_empty() {
        let text = if m.chart.incident(m.selected_actor()).next().is_none() {
            "No relations."
        } else {
            "No relations under the current filter (s: sources)."
        };
        Paragraph::new(Span::styled(text, m.theme.dim))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let d = &m.chart.dossier;
    let w = super::row_width(inner);
    let rows = m
        .rels
        .iter()
        .skip(m.rel.offset)
        .take(inner.height as usize)
        .map(|inc| {
            let rel = m.chart.relation(inc.rel);
            let left = format!(
                "{} · {}",
                one_line(&d.actors[inc.other].name),
                one_line(&rel.label)
            );
            let (full, compact) = strength(m, inc.rel);
            // Full figures in a wide pane, compact ones in a narrow one:
            // the same form on every row, right-aligned.
            let right = if w >= WIDE_ROW { full } else { compact };
            let left_w = w.saturating_sub(right.width() + 3);
            let left = truncate(&left, left_w);
            let pad = left_w.saturating_sub(left.width());
            Line::from(vec![
                Span::styled(arrow(inc, m.selected_actor()), m.theme.arrow),
                Span::raw(" "),
                Span::raw(left),
                Span::raw(" ".repeat(pad + 1)),
                Span::styled(right, m.theme.meta),
            ])
        });
    list_rows(
        inner,
        buf,
        rows,
        0,
        m.rel.sel.checked_sub(m.rel.offset),
        cursor_style(m, Pane::Relations),
    );
}

/// The relation's strength under the filter, in full
/// (`3 claims · 2 sources`, `· assessed` when only analysts' assessments
/// back it) and compact (`3c 2s`, `3c 1s A`).
pub fn strength(m: &Model, r: usize) -> (String, String) {
    let claims = m.counts.rel_claims[r];
    let sources = m.counts.rel_sources[r];
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    let mut full = format!(
        "{claims} claim{} · {sources} source{}",
        plural(claims),
        plural(sources)
    );
    let mut compact = format!("{claims}c {sources}s");
    match m.counts.strength(r) {
        Strength::Single => {
            full.push_str(" · single source");
            compact.push_str(" 1");
        }
        Strength::Assessed => {
            full.push_str(" · assessed");
            compact.push_str(" A");
        }
        Strength::Corroborated | Strength::Hidden => {}
    }
    (full, compact)
}
