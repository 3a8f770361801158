//! The problems bar (above the status bar while a save has broken the
//! chart) and the problems list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use super::update::selected_lines;
use crate::dossier::Diagnostic;
use crate::tui::model::Model;
use crate::tui::model::ProblemsState;
use crate::tui::model::live::BAR_HINT;
use crate::tui::model::text::truncate;
use crate::tui::widgets::{overlay_list, scroll_marks};

/// `2 errors  analysis.ron:41:7: unknown actor … did you mean `BHR`?  E list`:
/// the first problem in full, on as many rows as it takes (and the layout
/// gave).
pub fn bar(m: &Model, area: Rect, buf: &mut Buffer) {
    let lines = m.live.bar_lines(area.width);
    if lines.is_empty() {
        return;
    }
    buf.set_style(area, m.theme.warn);
    let count = m.live.bar_count();
    let text_w = m.live.bar_text_width(area.width);
    let shown = lines.len().min(area.height as usize);
    for (k, text) in lines.iter().take(shown).enumerate() {
        let lead = if k == 0 {
            count.clone()
        } else {
            " ".repeat(count.width())
        };
        // The layout gave fewer rows than the text takes: say it goes on.
        let text = if k + 1 == shown && shown < lines.len() {
            truncate(&format!("{text} …"), text_w)
        } else {
            text.clone()
        };
        let mut spans = vec![
            Span::styled(lead, m.theme.warn),
            Span::styled(format!("{text:<text_w$}"), m.theme.warn),
        ];
        if k == 0 {
            spans.push(Span::styled(BAR_HINT, m.theme.key));
        }
        let row = Rect::new(area.x, area.y + k as u16, area.width, 1);
        Line::from(spans).render(row, buf);
    }
}

/// A diagnostic on one row (it is sanitised by its `Display`).
fn one_line(d: &Diagnostic) -> String {
    d.to_string()
}

pub fn render(m: &Model, p: &ProblemsState, area: Rect, buf: &mut Buffer) {
    let problems = m.live.problems();
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let title = format!(
        " Problems · {errors} error{}, {} warning{}{} ",
        if errors == 1 { "" } else { "s" },
        problems.len() - errors,
        if problems.len() - errors == 1 {
            ""
        } else {
            "s"
        },
        if m.live.bar_shown() {
            " · showing the last good version"
        } else {
            ""
        }
    );
    let heading = if m.live.unopened {
        " Enter/e: open the editor there · R: reload · q: quit"
    } else {
        " Enter/e: open the editor there · R: reload · Esc: close"
    };
    let Some(list) = overlay_list(m, area, buf, title, heading) else {
        return;
    };
    // The selected problem in full, the others on one row each.
    let width = list.width.saturating_sub(1) as usize;
    let bottom = list.y + list.height;
    let mut y = list.y;
    let mut shown = 0;
    for (i, d) in problems.iter().enumerate().skip(p.cur.offset) {
        if y >= bottom || width == 0 {
            break;
        }
        let selected = i == p.cur.sel;
        let lines = if selected {
            selected_lines(m, i)
        } else {
            vec![truncate(&one_line(d), width)]
        };
        for (k, text) in lines.iter().enumerate().take((bottom - y) as usize) {
            let style = if selected {
                buf.set_style(Rect::new(list.x, y, list.width, 1), m.theme.cursor);
                if k == 0 {
                    buf.set_string(list.x, y, "▸", m.theme.cursor);
                }
                m.theme.cursor
            } else {
                Style::new()
            };
            buf.set_string(list.x + 1, y, text, style);
            y += 1;
        }
        shown += 1;
    }
    scroll_marks(m, area, p.cur.offset, shown, problems.len(), buf);
}
