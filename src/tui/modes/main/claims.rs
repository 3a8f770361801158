//! The claims pane: every visible claim of the selected relation as a card
//! with its sources and grades, the quote set apart. The cards are laid out
//! by `model::cards`, which the model also scrolls with.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::model::cards::{card_lines, removed_lines, total_lines};
use crate::tui::model::text::one_line;
use crate::tui::model::{Model, Overlay, Pane};
use crate::tui::widgets::{pane_block, scroll_marks};

pub fn render(m: &Model, area: Rect, buf: &mut Buffer) {
    let title = match m.selected_relation() {
        Some(inc) => {
            let rel = m.chart.relation(inc.rel);
            let d = &m.chart.dossier;
            let (a, b) = m.chart.ends(inc.rel);
            // In a chart, how many files the claims shown come from: the
            // reports that back the relation together.
            let mut files: Vec<u32> = if m.chart.file_count() > 1 {
                m.claims
                    .iter()
                    .filter_map(|&c| m.chart.provenance.claim(inc.rel, c))
                    .map(|o| o.file)
                    .collect()
            } else {
                Vec::new()
            };
            files.sort_unstable();
            files.dedup();
            let from = match files.len() {
                0 | 1 => String::new(),
                n => format!(" · {n} files"),
            };
            let removed = m.changes.as_ref().map_or(0, |c| c.removed(inc.rel).count());
            let removed = match removed {
                0 => String::new(),
                n => format!(" · {n} removed"),
            };
            // Corroboration beside the grades: the independent origins
            // behind the claims shown.
            let origins = m.counts.rel_origins[inc.rel];
            format!(
                " {} → {} · {} ({}{from} · {origins} independent{removed}) ",
                one_line(&d.actors[a].id),
                one_line(&d.actors[b].id),
                one_line(&rel.label),
                m.claims.len(),
            )
        }
        None => match (&m.changes, m.selected_gone()) {
            // A relation removed since the revision: its claims as they were.
            (Some(c), Some(k)) => c.gone_relation(k).map_or_else(
                || " Claims ".to_string(),
                |r| {
                    format!(
                        " {} → {} · {} (removed since {} · {}) ",
                        one_line(&r.from),
                        one_line(&r.to),
                        one_line(&r.label),
                        one_line(&c.rev),
                        r.claims,
                    )
                },
            ),
            _ => " Claims ".to_string(),
        },
    };
    let block = pane_block(m, Pane::Claims, title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    if m.selected_relation().is_none() && m.selected_gone().is_none() {
        Paragraph::new(Span::styled(
            "Select a relation to read its claims.",
            m.theme.dim,
        ))
        .wrap(Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let focused = m.focus == Pane::Claims && matches!(m.overlay, Overlay::None);
    let mut y = 0usize;
    let end = m.claim_scroll + inner.height as usize;
    let mut more = false;
    for k in 0..m.claims.len() {
        if y >= end {
            more = true;
            break;
        }
        let lines = card_lines(m, k, inner.width, focused && k == m.claim);
        for line in lines {
            if y >= m.claim_scroll && y < end {
                let row = Rect::new(
                    inner.x,
                    inner.y + (y - m.claim_scroll) as u16,
                    inner.width,
                    1,
                );
                line.render(row, buf);
            }
            y += 1;
        }
    }
    // Claims removed since the revision, after the others.
    if !more {
        for line in removed_lines(m, inner.width) {
            if y >= end {
                more = true;
                break;
            }
            if y >= m.claim_scroll {
                let row = Rect::new(
                    inner.x,
                    inner.y + (y - m.claim_scroll) as u16,
                    inner.width,
                    1,
                );
                line.render(row, buf);
            }
            y += 1;
        }
    }
    let total = if more || y > end {
        total_lines(m, inner.width)
    } else {
        y
    };
    scroll_marks(m, area, m.claim_scroll, inner.height as usize, total, buf);
}
