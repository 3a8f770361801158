//! The actors pane: every actor, its kind and its visible relations.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{List, cursor_style, list_rows, one_line, pane_block, truncate};

use crate::tui::app::{Model, Pane};

pub fn render(m: &Model, area: Rect, buf: &mut Buffer) {
    let actors = &m.chart.dossier.actors;
    let block = pane_block(m, Pane::Actors, format!(" Actors {} ", actors.len()), area);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = super::row_width(inner);
    let rows = actors
        .iter()
        .enumerate()
        .skip(m.actors.offset)
        .take(inner.height as usize)
        .map(|(i, a)| {
            let n = m.counts.actor_rels[i];
            let count = format!(" {n}");
            // badge(3) + space + name + count
            let name_w = w.saturating_sub(4 + count.len());
            let name = truncate(one_line(&a.name), name_w);
            let pad = name_w.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()));
            let line = Line::from(vec![
                Span::styled(a.kind.badge(), m.theme.badge),
                Span::raw(" "),
                Span::raw(name),
                Span::raw(" ".repeat(pad)),
                Span::raw(count),
            ]);
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
