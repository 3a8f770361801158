//! The title bar and the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::model::Model;
use crate::tui::model::keymap::Mode;
use crate::tui::model::text::{one_line, truncate};

pub fn title(m: &Model, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, m.theme.title);
    let total = m.chart.total_claims();
    let mut filter = if m.live.unopened {
        "not opened yet ".to_string()
    } else {
        format!("{} ", m.counts.summary(&m.filter, total))
    };
    let files = m.chart.file_count();
    if files > 1 {
        filter.insert_str(0, &format!("{files} files · "));
    }
    // Warnings are easy to miss: counted whenever the chart has any, and
    // kept when the title has room for little else.
    let warnings = match m.live.warnings.len() {
        0 => String::new(),
        1 => "1 warning (E) · ".to_string(),
        n => format!("{n} warnings (E) · "),
    };
    filter.insert_str(0, &warnings);
    // What changed since the revision comes first, in full when the title
    // keeps some room, else shorter, else without the filter's figures.
    if let Some(c) = &m.changes {
        let room = |s: &str| s.width() + 16 <= area.width as usize;
        let (full, short) = (c.summary(false), c.summary(true));
        filter = [
            format!("{full} │ {filter}"),
            format!("{short} │ {filter}"),
            format!("{warnings}{full} "),
            format!("{warnings}{short} "),
        ]
        .into_iter()
        .find(|s| room(s))
        .unwrap_or_else(|| format!("{warnings}{short} "));
    }
    let fw = filter.width() as u16;
    let left_w = area.width.saturating_sub(fw + 1) as usize;
    let left = truncate(
        &format!(" linkchart │ {}", one_line(&m.chart.dossier.title)),
        left_w,
    );
    Line::from(Span::styled(left, m.theme.title)).render(area, buf);
    if area.width > fw {
        let r = Rect::new(area.x + area.width - fw, area.y, fw, 1);
        Line::from(Span::styled(filter, m.theme.title)).render(r, buf);
    }
}

/// The message, if any, then as many whole key hints as fit.
pub fn status(m: &Model, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(msg) = &m.message {
        let msg = truncate(&format!(" {msg} "), area.width as usize);
        used += msg.width() + 1;
        spans.push(Span::styled(msg, m.theme.warn));
        spans.push(Span::raw(" "));
    }
    let mut hints = m.keymap.status_hints(m.mode(), m.focus);
    if m.live.unopened {
        // The list cannot be closed before the chart opens; quit can.
        hints.retain(|(_, word)| *word != "close");
        hints.extend(
            m.keymap
                .status_hints(Mode::Main, m.focus)
                .into_iter()
                .filter(|(_, word)| *word == "quit"),
        );
    }
    for (keys, word) in hints {
        let (k, w) = (format!(" {keys}"), format!(" {word} "));
        if used + k.width() + w.width() > area.width as usize {
            break;
        }
        used += k.width() + w.width();
        spans.push(Span::styled(k, m.theme.key));
        spans.push(Span::raw(w));
    }
    Line::from(spans).render(area, buf);
}
