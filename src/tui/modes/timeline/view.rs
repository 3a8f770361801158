//! The timeline: a strip chart of claims per year (or month), then the
//! dated claims oldest first under a heading per year, then how many are
//! undated. Shown in place of the relations and claims panes.
//!
//! Each claim row: its date (`*` when it is the report's date), the
//! relation, the claim's text cut to fit and its Admiralty code; the
//! selected row shows the whole text beneath. The timeline's `update`
//! scrolls with [`list_fit`], so what it keeps in view is what is drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline, SparklineBar, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::model::layout;
use crate::tui::model::text::{one_line, truncate, wrap_bounded};
use crate::tui::model::timeline::{Row, TimelineScope, TimelineState};
use crate::tui::model::{Model, Overlay};
use crate::tui::widgets::{aligned_row, row_width, scroll_marks, view_block};

/// Width of the date column: `2020-12-10` and the report mark.
const DATE_W: usize = 12;
/// Lines of a selected claim's text shown at most.
const MAX_TEXT_LINES: usize = 8;

/// The parts of the timeline's inside: chart, list, footer.
struct Parts {
    chart: Rect,
    list: Rect,
    footer: Rect,
}

fn parts(inner: Rect) -> Parts {
    let chart_h = match inner.height {
        h if h >= 14 => 4,
        h if h >= 8 => 2,
        _ => 0,
    };
    let footer_h = u16::from(inner.height >= 3);
    let list_h = inner.height.saturating_sub(chart_h + footer_h);
    Parts {
        chart: Rect::new(inner.x, inner.y, inner.width, chart_h),
        list: Rect::new(inner.x, inner.y + chart_h, inner.width, list_h),
        footer: Rect::new(inner.x, inner.y + chart_h + list_h, inner.width, footer_h),
    }
}

/// Rows of the list in the timeline drawn in `area`, and how many more lines
/// than one the selected row takes.
pub fn list_fit(m: &Model, t: &TimelineState, area: Rect) -> (usize, usize) {
    let list = parts(layout::inner(area)).list;
    let extra = t
        .selected()
        .map_or(0, |g| text_lines(m, g, row_width(list)).len());
    (list.height as usize, extra)
}

/// The selected claim's text wrapped under the relation.
fn text_lines(m: &Model, g: usize, width: usize) -> Vec<String> {
    let (r, c) = m.chart.locate(g);
    let w = width.saturating_sub(DATE_W).max(8);
    let mut lines = wrap_bounded(&m.chart.claim(r, c).text, w);
    if lines.len() > MAX_TEXT_LINES {
        lines.truncate(MAX_TEXT_LINES);
        let last = lines.pop().unwrap_or_default();
        lines.push(truncate(&format!("{last} …"), w));
    }
    lines
}

pub fn render(m: &Model, t: &TimelineState, area: Rect, buf: &mut Buffer) {
    let d = &m.chart.dossier;
    let what = match t.scope {
        TimelineScope::Actor(a) => one_line(&m.chart.actor_name(a)).to_string(),
        TimelineScope::Path => match &m.path {
            Some(p) => format!(
                "path {} → {}",
                one_line(&d.actors[p.from].id),
                one_line(&d.actors[p.to].id)
            ),
            None => "path".to_string(),
        },
        TimelineScope::Chart => "whole chart".to_string(),
    };
    let n = t.chronology.dated.len();
    let title = format!(
        " Timeline · {what} · {n} dated claim{} ",
        if n == 1 { "" } else { "s" }
    );
    let block = view_block(m, &title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    let p = parts(inner);
    footer(m, t, p.footer, buf);
    if n == 0 {
        let text = if m.filter.is_empty() {
            "No dated claims here. Esc closes; T shows the whole chart."
        } else {
            "No dated claims here under the current filter. F clears the filters; Esc closes."
        };
        Paragraph::new(Span::styled(text, m.theme.dim))
            .wrap(Wrap { trim: true })
            .render(p.chart.union(p.list), buf);
        return;
    }
    chart(m, t, p.chart, buf);
    list(m, t, area, p.list, buf);
}

/// The strip chart: one bar per year or month (several per bar when they
/// do not fit), the selected claim's bar picked out, and an axis line.
fn chart(m: &Model, t: &TimelineState, area: Rect, buf: &mut Buffer) {
    if area.height < 2 || area.width < 8 || t.bins.counts.is_empty() {
        return;
    }
    let b = &t.bins;
    let width = area.width as usize;
    let per = b.counts.len().div_ceil(width).max(1);
    let bars: Vec<u64> = b
        .counts
        .chunks(per)
        .map(|c| c.iter().map(|&n| n as u64).sum())
        .collect();
    let sel_bar = t
        .selected()
        .and_then(|g| m.chart.span_of(g))
        .map(|s| b.index(s.first) / per);
    let data: Vec<SparklineBar> = bars
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let bar = SparklineBar::from(v);
            if Some(i) == sel_bar {
                bar.style(Some(m.theme.arrow))
            } else {
                bar
            }
        })
        .collect();
    let spark = Rect::new(area.x, area.y, area.width, area.height - 1);
    Sparkline::default()
        .data(data)
        .style(m.theme.meta)
        .render(spark, buf);
    // Axis: first and last bar, and what a bar counts.
    let axis_y = area.y + area.height - 1;
    let first = b.label(0);
    let last = b.label((bars.len() - 1) * per);
    let unit = match (b.monthly, per) {
        (true, 1) => "month".to_string(),
        (true, k) => format!("{k} months"),
        (false, 1) => "year".to_string(),
        (false, k) => format!("{k} years"),
    };
    let max = bars.iter().copied().max().unwrap_or(0);
    let mid = format!(" claims per {unit}, most {max} ");
    let bars_w = bars.len();
    buf.set_string(area.x, axis_y, &first, m.theme.dim);
    if bars_w > first.width() + last.width() + 1 {
        let x = area.x + (bars_w - last.width()) as u16;
        buf.set_string(x, axis_y, &last, m.theme.dim);
    }
    let room = width.saturating_sub(bars_w.max(first.width()));
    let (mid, x) = if room > mid.width() {
        let x = area.x + (width - mid.width()) as u16;
        (mid, x)
    } else {
        let gap = bars_w.saturating_sub(first.width() + last.width());
        (
            truncate(&mid, gap.saturating_sub(2)),
            area.x + first.width() as u16 + 1,
        )
    };
    if !mid.is_empty() {
        buf.set_string(x, axis_y, &mid, m.theme.dim);
    }
}

/// The rows from the list's offset; the selected one expanded.
fn list(m: &Model, t: &TimelineState, frame: Rect, area: Rect, buf: &mut Buffer) {
    if area.width < 2 || area.height == 0 {
        return;
    }
    let w = row_width(area);
    let cursor = if matches!(m.overlay, Overlay::None) {
        m.theme.cursor
    } else {
        m.theme.cursor_unfocused
    };
    let mut y = area.y;
    let bottom = area.y + area.height;
    let mut shown = 0;
    for (k, row) in t.rows.iter().enumerate().skip(t.cur.offset) {
        if y >= bottom {
            break;
        }
        shown += 1;
        let selected = k == t.cur.sel;
        match *row {
            Row::Year { year, claims } => {
                let line = Line::from(vec![
                    Span::styled(format!("{year:04}"), m.theme.heading),
                    Span::styled(
                        format!(" · {claims} claim{}", if claims == 1 { "" } else { "s" }),
                        m.theme.dim,
                    ),
                ]);
                line.render(Rect::new(area.x, y, area.width, 1), buf);
                y += 1;
            }
            Row::Claim(g) => {
                let g = g as usize;
                let row = Rect::new(area.x + 1, y, area.width - 1, 1);
                let line = claim_row(m, t, g, w, selected);
                let cut = line.width() > row.width as usize;
                let style = if selected {
                    buf.set_style(Rect::new(area.x, y, area.width, 1), cursor);
                    buf.set_string(area.x, y, "▸", cursor);
                    line.patch_style(cursor).render(row, buf);
                    cursor
                } else {
                    line.render(row, buf);
                    Style::new()
                };
                if cut {
                    buf.set_string(row.x + row.width - 1, y, "…", style);
                }
                y += 1;
                if selected {
                    for l in text_lines(m, g, w) {
                        if y >= bottom {
                            break;
                        }
                        let pad = " ".repeat(DATE_W);
                        Line::from(vec![Span::raw(pad), Span::raw(l)])
                            .render(Rect::new(area.x + 1, y, area.width - 1, 1), buf);
                        y += 1;
                    }
                }
            }
        }
    }
    scroll_marks(m, frame, t.cur.offset, shown, t.rows.len(), buf);
}

/// `1994-09-26   → State of Israel · peace treaty · The text…   A1`; the
/// selected row leaves the text to the lines beneath.
fn claim_row(m: &Model, t: &TimelineState, g: usize, w: usize, selected: bool) -> Line<'static> {
    let chart = &m.chart;
    let d = &chart.dossier;
    let (r, c) = chart.locate(g);
    let rel = chart.relation(r);
    let (a, b) = chart.ends(r);
    let (date, from_report) = chart.date_of(g).map_or((String::new(), false), |x| {
        (x.text.to_string(), x.from_report)
    });
    let mark = if from_report { "*" } else { " " };
    let date = format!("{:<w$} ", format!("{date}{mark}"), w = DATE_W - 1);
    let label = one_line(&rel.label);
    let relation = match t.scope {
        TimelineScope::Actor(x) if a == b && a == x => format!("↺ {label}"),
        TimelineScope::Actor(x) if x == a => {
            format!("→ {} · {label}", one_line(&chart.actor_name(b)))
        }
        TimelineScope::Actor(_) => format!("← {} · {label}", one_line(&chart.actor_name(a))),
        _ => format!(
            "{} → {} · {label}",
            one_line(&d.actors[a].id),
            one_line(&d.actors[b].id)
        ),
    };
    let claim = chart.claim(r, c);
    let codes: Vec<String> = chart
        .claim_sources(r, c)
        .iter()
        .filter(|&&s| m.filter.source_passes(chart, s as usize))
        .map(|&s| crate::export::admiralty(chart, s as usize, claim))
        .collect();
    let code = match codes.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first}+{}", rest.len()),
    };
    // The cursor's style alone on the selected row.
    let date_style = match (selected, from_report) {
        (true, _) => Style::new(),
        (false, true) => m.theme.dim,
        (false, false) => m.theme.meta,
    };
    let lead = vec![Span::styled(date, date_style)];
    let text = if selected {
        relation
    } else {
        format!("{relation} · {}", one_line(&claim.text))
    };
    aligned_row(w, lead, &text, Span::styled(code, m.theme.grade))
}

/// `4 undated · * date of the report` (the title bar names the range).
fn footer(m: &Model, t: &TimelineState, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let c = &t.chronology;
    let mut parts = Vec::new();
    if c.undated > 0 {
        parts.push(format!("{} undated", c.undated));
    }
    if c.undated_hidden > 0 {
        parts.push(format!("{} undated hidden", c.undated_hidden));
    }
    if t.report_dated > 0 {
        parts.push("* date of the report".to_string());
    }
    let text = truncate(&parts.join(" · "), area.width as usize);
    buf.set_string(area.x, area.y, text, m.theme.dim);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_share_the_inside() {
        for h in 0..30 {
            let inner = Rect::new(2, 3, 50, h);
            let p = parts(inner);
            assert_eq!(p.chart.height + p.list.height + p.footer.height, h);
            assert_eq!(p.list.y, p.chart.y + p.chart.height);
        }
    }
}
