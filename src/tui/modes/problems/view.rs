//! The problems bar (above the status bar while a save has broken the
//! chart) and the problems list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::dossier::Diagnostic;
use crate::tui::model::Model;
use crate::tui::model::ProblemsState;
use crate::tui::model::text::truncate;
use crate::tui::widgets::{List, list_rows, overlay_list};

/// `2 errors · analysis.ron:41:7: unknown actor ... · E: list  e: edit`
pub fn bar(m: &Model, area: Rect, buf: &mut Buffer) {
    let problems = m.live.problems();
    let Some(first) = problems.first() else {
        return;
    };
    let errors = problems.iter().filter(|d| d.is_error()).count();
    buf.set_style(area, m.theme.warn);
    let count = format!(" {errors} error{} ", if errors == 1 { "" } else { "s" });
    let hint = " E list ";
    let text_w = (area.width as usize).saturating_sub(count.len() + hint.len() + 1);
    let line = Line::from(vec![
        Span::styled(count, m.theme.warn),
        Span::styled(
            format!("{:<text_w$}", truncate(&one_line(first), text_w)),
            m.theme.warn,
        ),
        Span::styled(hint, m.theme.key),
    ]);
    line.render(area, buf);
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
    let heading = " Enter/e: open the editor there · R: reload · Esc: close";
    let Some(list) = overlay_list(m, area, buf, title, heading) else {
        return;
    };
    let rows = problems
        .iter()
        .skip(p.cur.offset)
        .map(|d| Line::from(Span::raw(one_line(d))));
    let view = List {
        frame: area,
        area: list,
        offset: p.cur.offset,
        len: problems.len(),
        sel: Some(p.cur.sel),
        cursor: m.theme.cursor,
    };
    list_rows(m, view, rows, buf);
}
