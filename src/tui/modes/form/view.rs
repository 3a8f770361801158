//! A form on screen: what it adds to and which file it writes, then one
//! row a field (label, value, what is wrong with it), the focused field's
//! choices or matches below it, and the form's note at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use tui_input::Input;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::sanitize::sanitize;
use crate::tui::model::Model;
use crate::tui::model::form::{Field, FormKind, FormState, Value};
use crate::tui::model::text::truncate;
use crate::tui::widgets::overlay_block;

/// Rows of choices or matches shown under the focused field, at most.
const MAX_LIST_ROWS: usize = 8;

pub fn render(m: &Model, form: &FormState, area: Rect, buf: &mut Buffer) {
    let inner = overlay_block(m, area, buf, form.title.clone());
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let width = inner.width as usize;
    let mut rows: Vec<Line> = Vec::new();
    rows.push(Line::from(Span::styled(
        truncate(&context(m, form), width),
        m.theme.heading,
    )));
    rows.push(match &form.target {
        Ok(t) => Line::from(vec![
            Span::styled("writes to ", m.theme.dim),
            Span::styled(
                truncate(
                    &format!(
                        "{}{}",
                        sanitize(&t.name),
                        if t.create { " (a new file)" } else { "" }
                    ),
                    width.saturating_sub(10),
                ),
                m.theme.meta,
            ),
        ]),
        Err(e) => Line::from(Span::styled(truncate(&sanitize(e), width), m.theme.warn)),
    });
    rows.push(Line::default());
    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(0);
    let value_w = width.saturating_sub(label_w + 3);
    // Rows left for the focused field's list, below the fields and the note.
    let fixed = rows.len() + form.fields.len() + 2;
    let room = (inner.height as usize).saturating_sub(fixed);
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        rows.push(field_row(m, f, focused, label_w, value_w));
        if focused {
            rows.extend(list_rows(m, f, room.min(MAX_LIST_ROWS), label_w + 3, width));
        }
    }
    rows.push(Line::default());
    if let Some(note) = &form.note {
        rows.push(Line::from(Span::styled(
            truncate(&sanitize(note), width),
            m.theme.warn,
        )));
    }
    for (y, line) in rows.into_iter().take(inner.height as usize).enumerate() {
        line.render(Rect::new(inner.x, inner.y + y as u16, inner.width, 1), buf);
    }
}

/// What the form adds to: the relation, or the actor a relation starts at.
fn context(m: &Model, form: &FormState) -> String {
    let name = |id: &str| {
        m.chart
            .actor_ix(id)
            .map_or(id.to_string(), |a| m.chart.dossier.actors[a].name.clone())
    };
    match &form.kind {
        FormKind::Claim { from, to, label } => {
            format!("{} → {} · {}", name(from), name(to), label)
        }
        FormKind::Relation { from } => format!("from {}", name(from)),
        FormKind::Actor => "a new actor of the chart".into(),
        FormKind::Source => "a new source of the chart".into(),
    }
}

/// One field: its label, its value (with the cursor when focused), and what
/// is wrong with it or a hint.
fn field_row<'a>(
    m: &Model,
    f: &'a Field,
    focused: bool,
    label_w: usize,
    value_w: usize,
) -> Line<'a> {
    let label_style = match (&f.error, focused) {
        (Some(_), _) => m.theme.warn,
        (None, true) => m.theme.key,
        (None, false) => m.theme.dim,
    };
    let mut spans = vec![
        Span::styled(if focused { "▸" } else { " " }, m.theme.key),
        Span::styled(format!("{:>label_w$} ", f.label), label_style),
        Span::styled("│", m.theme.dim),
    ];
    let note = match (&f.error, &f.hint) {
        (Some(e), _) => Some((format!(" ✗ {e}"), m.theme.warn)),
        (None, Some(h)) if focused || !f.text().is_empty() => Some((format!(" {h}"), m.theme.dim)),
        _ => None,
    };
    let note_w = note.as_ref().map_or(0, |(n, _)| n.width().min(value_w / 2));
    let w = value_w.saturating_sub(note_w);
    match &f.value {
        Value::Line(input) => spans.extend(input_spans(m, input, focused, w)),
        Value::Choice { options, sel } => {
            let o = &options[*sel];
            let text = match (o.value.is_empty(), o.meaning.is_empty()) {
                (_, true) => format!(" {}", o.label),
                (true, false) => format!(" {} {}", o.label, o.meaning),
                (false, false) => format!(" {} · {}", o.label, o.meaning),
            };
            if focused {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(
                    truncate(&format!("◂{text} ▸"), w.saturating_sub(1)),
                    m.theme.cursor,
                ));
            } else {
                spans.push(Span::raw(truncate(&text, w)));
            }
        }
        Value::Pick {
            query,
            options,
            chosen,
            ..
        } => {
            let mut used = 0;
            for &c in chosen {
                let chip = format!("{} ", sanitize(&options[c].id));
                used += chip.width();
                spans.push(Span::styled(chip, m.theme.badge));
            }
            spans.extend(input_spans(m, query, focused, w.saturating_sub(used)));
        }
    }
    if let Some((n, style)) = note {
        spans.push(Span::styled(truncate(&n, note_w.max(1)), style));
    }
    Line::from(spans)
}

/// The part of a line's text that fits `width` columns around the cursor,
/// the cursor shown when focused.
fn input_spans<'a>(m: &Model, input: &Input, focused: bool, width: usize) -> Vec<Span<'a>> {
    if width < 2 {
        return Vec::new();
    }
    let scroll = input.visual_scroll(width - 1);
    let cursor = input.visual_cursor();
    let (mut before, mut at, mut after) = (String::new(), String::new(), String::new());
    let mut col = 0;
    for g in input.value().graphemes(true) {
        let w = g.width();
        if col >= scroll && col + w < scroll + width {
            if focused && col == cursor {
                at.push_str(g);
            } else if col < cursor {
                before.push_str(g);
            } else {
                after.push_str(g);
            }
        }
        col += w;
    }
    let mut spans = vec![Span::raw(" "), Span::raw(before)];
    if focused {
        spans.push(Span::styled(
            if at.is_empty() { " ".to_string() } else { at },
            m.theme.cursor,
        ));
    }
    spans.push(Span::raw(after));
    spans
}

/// The focused field's choices (with their meanings) or the picker's
/// matches, at most `rows`, the selected one marked.
fn list_rows<'a>(m: &Model, f: &Field, rows: usize, indent: usize, width: usize) -> Vec<Line<'a>> {
    let w = width.saturating_sub(indent + 2);
    let pad = " ".repeat(indent);
    let row = |text: String, sel: bool| {
        let style = if sel {
            m.theme.cursor
        } else {
            Style::default()
        };
        Line::from(vec![
            Span::raw(pad.clone()),
            Span::styled(format!("{} ", if sel { "›" } else { " " }), m.theme.key),
            Span::styled(truncate(&text, w), style),
        ])
    };
    match &f.value {
        Value::Line(_) => Vec::new(),
        Value::Choice { options, sel } => {
            let first = (*sel + 1).saturating_sub(rows);
            options
                .iter()
                .enumerate()
                .skip(first)
                .take(rows)
                .map(|(i, o)| row(format!("{:<3} {}", o.label, o.meaning), i == *sel))
                .collect()
        }
        Value::Pick {
            options, hits, cur, ..
        } => {
            if hits.is_empty() {
                return vec![Line::from(vec![
                    Span::raw(pad.clone()),
                    Span::styled(
                        truncate("no match · C-n makes a new one", w + 2),
                        m.theme.dim,
                    ),
                ])];
            }
            let first = (cur.sel + 1).saturating_sub(rows);
            hits.iter()
                .enumerate()
                .skip(first)
                .take(rows)
                .map(|(k, &i)| {
                    let o = &options[i];
                    row(
                        format!("{}  {}", sanitize(&o.id), sanitize(&o.label)),
                        k == cur.sel,
                    )
                })
                .collect()
        }
    }
}
