//! The actors pane: every actor, its kind and its visible relations; with
//! `--changed-since`, a mark on each that changed (or whose relations
//! did), and with `C`, only those.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::model::changes::{mark, mark_style};
use crate::tui::model::text::{one_line, truncate};
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::{List, aligned_row, cursor_style, list_rows, pane_block, row_width};

pub fn render(m: &Model, area: Rect, buf: &mut Buffer) {
    let actors = &m.chart.dossier.actors;
    let len = m.actor_count();
    let title = match m.actor_rows() {
        Some(_) => format!(" Actors {len}/{} changed ", actors.len()),
        None => format!(" Actors {} ", actors.len()),
    };
    let block = pane_block(m, Pane::Actors, title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = row_width(inner);
    let rows = (m.actors.offset..len)
        .take(inner.height as usize)
        .map(|row| m.actor_rows().map_or(row, |rows| rows[row]))
        .map(|i| {
            let a = &actors[i];
            let n = m.counts.actor_rels[i];
            let mut lead = Vec::with_capacity(3);
            if let Some(c) = &m.changes {
                let change = c.actor(i);
                lead.push(Span::styled(
                    mark(change, c.touched[i]),
                    mark_style(&m.theme, change),
                ));
            }
            lead.extend([Span::styled(a.kind.badge(), m.theme.badge), Span::raw(" ")]);
            let count = Span::raw(n.to_string());
            let name = if m.chart.namesake(i) {
                // Another actor has this name: the id tells them apart, so
                // the name is cut rather than the id.
                let id = format!(" ({})", one_line(&a.id));
                let room = w.saturating_sub(
                    lead.iter().map(Span::width).sum::<usize>() + count.width() + 1,
                );
                let name = truncate(one_line(&a.name), room.saturating_sub(id.width()).max(1));
                Cow::Owned(format!("{name}{id}"))
            } else {
                Cow::Borrowed(one_line(&a.name))
            };
            let line = aligned_row(w, lead, &name, count);
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
        len,
        sel: Some(m.actors.sel),
        cursor: cursor_style(m, Pane::Actors),
    };
    list_rows(m, list, rows, buf);
}
