//! The fuzzy find overlay: query, ranked hits, matched characters marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::sanitize::sanitize;
use crate::search::{Hit, HitKind};
use crate::tui::model::{FindState, Model};
use crate::tui::widgets::{List, list_rows, overlay_block};

pub fn render(m: &Model, f: &FindState, what: &str, area: Rect, buf: &mut Buffer) {
    let title = if f.pending && !f.query.is_empty() {
        format!("{what} · searching… ")
    } else if f.query.is_empty() {
        format!("{what} ")
    } else if f.hits.len() >= crate::tui::model::FIND_LIMIT {
        format!("{what} · best {} ", f.hits.len())
    } else {
        format!(
            "{what} · {} ",
            crate::export::count(f.hits.len() as u64, "hit")
        )
    };
    let inner = overlay_block(m, area, buf, title);
    if inner.height == 0 {
        return;
    }
    let prompt = Line::from(vec![
        Span::styled("/ ", m.theme.key),
        Span::raw(sanitize(&f.query).into_owned()),
        Span::styled("▏", m.theme.key),
    ]);
    prompt.render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    let list = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    if f.query.is_empty() {
        let hint = if matches!(m.overlay, crate::tui::model::Overlay::Pick(_)) {
            "Type the name, id or alias of the actor to find paths to. Enter shows the paths, Esc cancels."
        } else {
            "Type to find actors (names, ids, aliases), relations, claims, quotes and sources. Enter jumps, Esc cancels."
        };
        ratatui::widgets::Paragraph::new(Span::styled(hint, m.theme.dim))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(list, buf);
        return;
    }
    if f.hits.is_empty() {
        Line::from(Span::styled("No match.", m.theme.dim)).render(list, buf);
        return;
    }
    let rows = f.hits.iter().skip(f.cur.offset).map(|h| hit_line(m, h));
    let view = List {
        frame: area,
        area: list,
        offset: f.cur.offset,
        len: f.hits.len(),
        sel: Some(f.cur.sel),
        cursor: m.theme.cursor,
    };
    list_rows(m, view, rows, buf);
}

fn hit_line<'a>(m: &'a Model, h: &Hit) -> Line<'a> {
    let c = &m.search.candidates[h.candidate];
    // An alias leads to its actor, shown by name.
    let kind = match c.kind {
        HitKind::Alias => HitKind::Actor,
        k => k,
    };
    let mut spans = vec![Span::styled(format!("{:<9}", kind.label()), m.theme.badge)];
    let (text, at) = m.search.hit_text(&m.chart, h.candidate);
    // Group consecutive chars by matched / not matched.
    let mut cur = String::new();
    let mut cur_matched = false;
    let mut k = 0;
    for (i, ch) in text.chars().enumerate() {
        let matched = i >= at && h.indices.get(k) == Some(&(i - at));
        if matched {
            k += 1;
        }
        if matched != cur_matched && !cur.is_empty() {
            let style = if cur_matched {
                m.theme.matched
            } else {
                Default::default()
            };
            spans.push(Span::styled(std::mem::take(&mut cur), style));
        }
        cur_matched = matched;
        cur.push(ch);
    }
    if !cur.is_empty() {
        let style = if cur_matched {
            m.theme.matched
        } else {
            Default::default()
        };
        spans.push(Span::styled(cur, style));
    }
    // In a chart of several files, where a claim was written and which id
    // an actor has (two files may name one actor with two ids); in any
    // chart, the id of an actor whose name another actor has too.
    let files = m.chart.file_count() > 1;
    let note = match c.target {
        crate::search::Target::Claim(r, k) if files => m
            .chart
            .claim_file(r, k)
            .map(|f| format!("  in {}", sanitize(&f.short))),
        crate::search::Target::Actor(a) if files || m.chart.namesake(a) => {
            Some(format!("  {}", sanitize(&m.chart.dossier.actors[a].id)))
        }
        _ => None,
    };
    if let Some(note) = note {
        spans.push(Span::styled(note, m.theme.dim));
    }
    Line::from(spans)
}
