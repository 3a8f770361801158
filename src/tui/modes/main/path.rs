//! The path view: the strongest chains between two actors (the shortest, or
//! up to a few hops longer), hop by hop, shown in place of the relations
//! pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::relations::strength;

use crate::tui::model::text::one_line;
use crate::tui::model::{Model, Pane, PathState};
use crate::tui::widgets::{List, aligned_row, cursor_style, list_rows, pane_block, row_width};

/// Marks an actor on the path whose betweenness is among the highest.
pub const BROKER: &str = "◆";

pub fn render(m: &Model, p: &PathState, area: Rect, buf: &mut Buffer) {
    let d = &m.chart.dossier;
    let is_broker = |a: usize| m.analysis.as_ref().is_some_and(|x| x.is_broker(a));
    let brokers = match m.analysis.as_ref().and_then(|a| a.progress()) {
        Some((done, total)) => format!(" · brokers {}%…", done * 100 / total.max(1)),
        None if p.chains.iter().flat_map(|c| c.actors()).any(is_broker) => {
            format!(" · {BROKER} broker")
        }
        None => String::new(),
    };
    let title = format!(
        " Path {} → {} · {} chain{} · {} (d){}{brokers} ",
        one_line(&d.actors[p.from].id),
        one_line(&d.actors[p.to].id),
        p.chains.len(),
        if p.chains.len() == 1 { "" } else { "s" },
        if p.directed {
            "directed"
        } else {
            "any direction"
        },
        match p.longer {
            0 => String::new(),
            l => format!(" · up to +{l} hop{} (< >)", if l == 1 { "" } else { "s" }),
        },
    );
    let block = pane_block(m, Pane::Relations, title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    if p.rows.is_empty() {
        let text = format!(
            "No {}path from {} to {} under the current filter. d: {}; Esc closes.",
            if p.directed { "directed " } else { "" },
            one_line(&m.chart.actor_name(p.from)),
            one_line(&m.chart.actor_name(p.to)),
            if p.directed {
                "ignore direction"
            } else {
                "follow direction"
            },
        );
        Paragraph::new(Span::styled(text, m.theme.dim))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let w = row_width(inner);
    let rows = p.rows.iter().skip(p.cur.offset).map(|&(c, h)| {
        let hop = p.chains[c].hops[h];
        let lead = if h == 0 {
            format!("{:>2} ", c + 1)
        } else {
            "   ".to_string()
        };
        let arrow = if hop.forward { "→" } else { "←" };
        let (_, compact) = strength(m, hop.rel);
        let name = |a: usize| {
            let full = m.chart.actor_name(a);
            let n = one_line(&full);
            if is_broker(a) {
                format!("{n} {BROKER}")
            } else {
                n.to_string()
            }
        };
        let text = format!(
            "{} {arrow} {} · {}",
            name(hop.from),
            name(hop.to),
            one_line(&m.chart.relation(hop.rel).label)
        );
        aligned_row(
            w,
            vec![Span::styled(lead, m.theme.key)],
            &text,
            Span::styled(compact, m.theme.meta),
        )
    });
    let list = List {
        frame: area,
        area: inner,
        offset: p.cur.offset,
        len: p.rows.len(),
        sel: Some(p.cur.sel),
        cursor: cursor_style(m, Pane::Relations),
    };
    list_rows(m, list, rows, buf);
}
