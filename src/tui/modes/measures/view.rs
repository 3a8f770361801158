//! The measures view: a line saying what the measure means (or how far
//! the searches for betweenness and closeness are), a table of the actors
//! ranked by the measure with every measure in its columns, the ranking's
//! measure first, and at the bottom the selected actor with each of its
//! scores and ranks. Drawn over the whole body.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::analysis::{Measure, score_key, score_text};
use crate::export::text::count;
use crate::graph::ActorIx;
use crate::tui::model::Model;
use crate::tui::model::layout;
use crate::tui::model::measures::{Analysis, MeasuresState};
use crate::tui::model::text::{one_line, truncate, wrap_bounded};
use crate::tui::widgets::{List, list_rows as draw_rows, view_block};

/// A score column's width, its separating space included.
const COL_W: usize = 9;
/// The actor column is never narrower than this while columns can go.
const NAME_MIN: usize = 16;
/// The footer's scores fit on one line from this width.
const FOOTER_W: usize = 92;

/// Where the view goes: the whole body, between the title bar and the
/// status (or problems) bar.
pub fn area(m: &Model) -> Option<Rect> {
    let a = m.areas()?;
    let top = a.title.y + 1;
    let bottom = a.problems.unwrap_or(a.status).y;
    Some(Rect::new(
        a.title.x,
        top,
        a.title.width,
        bottom.saturating_sub(top),
    ))
}

/// The parts of the view's inside: the info line, the column heading, the
/// list, the footer.
struct Parts {
    info: Rect,
    heading: Rect,
    list: Rect,
    footer: Rect,
}

fn parts(inner: Rect) -> Parts {
    // The selected actor, and its scores on one line or two.
    let footer_h = match inner.height {
        h if h < 9 => 0,
        _ if (inner.width as usize) < FOOTER_W => 3,
        _ => 2,
    };
    let list_h = inner.height.saturating_sub(2 + footer_h);
    let row = |y: u16, h: u16| Rect::new(inner.x, inner.y + y, inner.width, h);
    Parts {
        info: row(0, inner.height.min(1)),
        heading: row(1, inner.height.saturating_sub(1).min(1)),
        list: row(2, list_h),
        footer: row(2 + list_h, footer_h),
    }
}

/// Rows of the ranking on screen.
pub fn list_rows(m: &Model) -> usize {
    area(m).map_or(0, |a| parts(layout::inner(a)).list.height as usize)
}

pub fn render(m: &Model, v: &MeasuresState, area: Rect, buf: &mut Buffer) {
    let title = match (v.ranked, v.measure) {
        (true, _) => format!(" Measures · ranked by {} ", v.measure),
        (false, Measure::Eigenvector) => {
            " Measures · eigenvector does not settle, ranked by degree ".to_string()
        }
        (false, _) => format!(
            " Measures · {} being computed, ranked by degree meanwhile ",
            v.measure
        ),
    };
    let block = view_block(m, &title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(a) = &m.analysis else {
        return;
    };
    let p = parts(inner);
    if a.graph.edge_count() == 0 {
        let text = if m.filter.is_empty() {
            "No relation links two actors in this chart, so there is nothing to measure. Esc closes."
        } else {
            "No relation links two actors under the current filter, so there is nothing to \
             measure. F clears the filters; Esc closes."
        };
        Paragraph::new(Span::styled(text, m.theme.dim))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    info(m, v, a, p.info, buf);
    let cols = columns(v.measure, inner.width as usize, a.graph.node_count());
    let rank_w = digits(a.graph.node_count()) + 1;
    heading(m, &cols, rank_w, p.heading, buf);
    let name_w = name_width(inner.width as usize, rank_w, cols.len());
    let d = &m.chart.dossier;
    let rows = v
        .order
        .iter()
        .enumerate()
        .skip(v.cur.offset)
        .map(|(i, &actor)| {
            let mut spans = vec![
                Span::styled(format!("{:>w$} ", i + 1, w = rank_w - 1), m.theme.meta),
                Span::raw(pad(one_line(&d.actors[actor].name), name_w)),
            ];
            for (k, &c) in cols.iter().enumerate() {
                let cell = format!("{:>w$}", value(a, c, actor), w = COL_W);
                spans.push(Span::styled(
                    cell,
                    if k == 0 { m.theme.key } else { Style::new() },
                ));
            }
            Line::from(spans)
        });
    let list = List {
        frame: area,
        area: p.list,
        offset: v.cur.offset,
        len: v.order.len(),
        sel: Some(v.cur.sel),
        cursor: m.theme.cursor,
    };
    draw_rows(m, list, rows, buf);
    if let Some(actor) = v.selected() {
        footer(m, a, actor, p.footer, buf);
    }
}

/// What the measure means, or how far the searches are.
fn info(m: &Model, v: &MeasuresState, a: &Analysis, area: Rect, buf: &mut Buffer) {
    let g = &a.graph;
    let text = match a.progress() {
        Some((done, total)) => format!(
            "Computing betweenness and closeness: {done} of {total} actors ({}%). Keys keep \
             working; a filter change starts again.",
            done * 100 / total.max(1)
        ),
        None if v.measure == Measure::Eigenvector && a.scores.eigenvector.is_none() => {
            "Eigenvector centrality does not settle on this graph within 100 iterations (nor \
             does networkx's); ranked by degree."
                .to_string()
        }
        None => format!(
            "{}: {} · {}, {}",
            v.measure,
            v.measure.meaning(),
            count(g.node_count() as u64, "actor"),
            count(g.edge_count() as u64, "link")
        ),
    };
    let style = if a.progress().is_some() {
        m.theme.warn
    } else {
        m.theme.dim
    };
    Line::from(Span::styled(truncate(&text, area.width as usize), style)).render(area, buf);
}

fn heading(m: &Model, cols: &[Measure], rank_w: usize, area: Rect, buf: &mut Buffer) {
    let name_w = name_width(area.width as usize, rank_w, cols.len());
    let mut spans = vec![Span::styled(
        format!(" {:>w$} {}", "#", pad("actor", name_w), w = rank_w - 1),
        m.theme.dim,
    )];
    for (k, c) in cols.iter().enumerate() {
        let style = if k == 0 { m.theme.heading } else { m.theme.dim };
        spans.push(Span::raw(" ".repeat(COL_W - c.short().width())));
        spans.push(Span::styled(c.short(), style));
    }
    Line::from(spans).render(area, buf);
}

/// The selected actor, and each of its scores with its rank (`#1`).
fn footer(m: &Model, a: &Analysis, actor: ActorIx, area: Rect, buf: &mut Buffer) {
    if area.height < 2 {
        return;
    }
    let d = &m.chart.dossier.actors[actor];
    let who = format!(
        "{} ({}) · {}",
        one_line(&d.name),
        one_line(&d.id),
        d.kind.label()
    );
    let scores: Vec<String> = Measure::ALL
        .iter()
        .map(|&c| match a.scores.get(c) {
            Some(s) => format!(
                "{} {} #{}",
                c.short(),
                score_text(s[actor]),
                rank_of(s, actor)
            ),
            None => format!("{} {}", c.short(), value(a, c, actor)),
        })
        .collect();
    let w = area.width as usize;
    Line::from(Span::styled(truncate(&who, w), m.theme.key))
        .render(Rect::new(area.x, area.y, area.width, 1), buf);
    let lines = wrap_bounded(&scores.join(" · "), w);
    for (i, line) in lines.iter().take(area.height as usize - 1).enumerate() {
        Line::from(Span::styled(line.as_str(), m.theme.meta))
            .render(Rect::new(area.x, area.y + 1 + i as u16, area.width, 1), buf);
    }
}

/// The measures shown as columns: the ranking's first, then the others in
/// their usual order, as many as leave the actor column room.
fn columns(first: Measure, width: usize, n: usize) -> Vec<Measure> {
    let mut cols = vec![first];
    cols.extend(Measure::ALL.iter().copied().filter(|&c| c != first));
    let rank_w = digits(n) + 1;
    while cols.len() > 1 && name_width(width, rank_w, cols.len()) < NAME_MIN {
        cols.pop();
    }
    cols
}

/// Width of the actor column: what the cursor mark, the rank and the
/// score columns leave.
fn name_width(width: usize, rank_w: usize, cols: usize) -> usize {
    width.saturating_sub(1 + rank_w + cols * COL_W)
}

/// A cell: the score, `…` while it is computed, `n/c` when eigenvector
/// centrality does not settle.
fn value(a: &Analysis, c: Measure, actor: ActorIx) -> String {
    match a.scores.get(c) {
        Some(s) => score_text(s[actor]),
        None if c == Measure::Eigenvector => "n/c".to_string(),
        None => "…".to_string(),
    }
}

/// 1 + the actors with a higher score.
fn rank_of(scores: &[f64], actor: ActorIx) -> usize {
    let mine = score_key(scores[actor]);
    1 + scores.iter().filter(|&&s| score_key(s) > mine).count()
}

fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

/// `s` cut or padded to exactly `width` columns.
fn pad(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let fill = width.saturating_sub(t.width());
    format!("{t}{}", " ".repeat(fill))
}
