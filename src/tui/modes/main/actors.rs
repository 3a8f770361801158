//! The actors pane: every actor, its kind and its visible relations.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::tui::model::text::one_line;
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::{List, aligned_row, cursor_style, list_rows, pane_block, row_width};

pub fn render(m: &Model, area: Rect, buf: &mut Buffer) {
    let actors = &m.chart.dossier.actors;
    let block = pane_block(m, Pane::Actors, format!(" Actors {} ", actors.len()), area);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = row_width(inner);
    let rows = actors
        .iter()
        .enumerate()
        .skip(m.actors.offset)
        .take(inner.height as usize)
        .map(|(i, a)| {
            let n = m.counts.actor_rels[i];
            let line = aligned_row(
                w,
                vec![Span::styled(a.kind.badge(), m.theme.badge), Span::raw(" ")],
                one_line(&a.name),
                Span::raw(n.to_string()),
            );
            if n == 0 {
                line.style(m.theme.dim)
            } else {
                line
            }
        });
    let list = List {
        frame: area,
        area: inner,
        offset: m.actors.offset,
        len: actors.len(),
        sel: Some(m.actors.sel),
        cursor: cursor_style(m, Pane::Actors),
    };
    list_rows(m, list, rows, buf);
}
