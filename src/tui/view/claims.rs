//! The claims pane: every visible claim of the selected relation as a card
//! with its sources and grades, the quote set apart.
//!
//! Cards are laid out here for a given width; the model uses the same
//! functions to scroll, so what it scrolls to is what is drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use unicode_width::UnicodeWidthStr;

use super::{one_line, pane_block, truncate};
use crate::tui::app::{Model, Overlay, Pane};

/// Text beyond this many characters is not laid out; the card says how much
/// was left out. Keeps a 200 MB claim from freezing the screen.
pub const MAX_CARD_CHARS: usize = 20_000;

/// Left margin of a card's body, after the claim number.
const INDENT: usize = 4;

/// The Admiralty code of a claim from one source (shared with the exports).
pub use crate::export::admiralty;

/// The lines of claim card `i` (an index into `m.claims`) at `width`.
pub fn card_lines(m: &Model, i: usize, width: u16, selected: bool) -> Vec<Line<'static>> {
    let Some(inc) = m.selected_relation() else {
        return Vec::new();
    };
    let Some(&ci) = m.claims.get(i) else {
        return Vec::new();
    };
    let (chart, t, r, number, details) = (&m.chart, &m.theme, inc.rel, i + 1, m.details);
    let claim = chart.claim(r, ci);
    let body_w = (width as usize).saturating_sub(INDENT).max(8);
    let mut lines = Vec::new();
    let num = format!("{number:>2}. ");
    let num_style = if selected { t.cursor } else { t.key };
    for (k, l) in wrap_bounded(&claim.text, body_w).into_iter().enumerate() {
        let lead = if k == 0 {
            Span::styled(num.clone(), num_style)
        } else {
            Span::raw(" ".repeat(INDENT))
        };
        lines.push(Line::from(vec![lead, Span::raw(l)]));
    }
    // Sources with their Admiralty codes: on one line when they fit,
    // otherwise one per line.
    // Sources the filter drops are still named (the claim is theirs too),
    // but dimmed and marked.
    let srcs: Vec<(String, String, bool)> = chart
        .claim_sources(r, ci)
        .iter()
        .map(|&s| {
            let mut name = one_line(&chart.dossier.sources[s as usize].name).to_string();
            let passes = m.filter.source_passes(chart, s as usize);
            if !passes {
                name.push_str(" (filtered out)");
            }
            (admiralty(chart, s as usize, claim), name, passes)
        })
        .collect();
    let one_row: usize = srcs
        .iter()
        .map(|(c, n, _)| c.len() + 1 + n.width() + 3)
        .sum();
    let mut spans = vec![Span::raw(" ".repeat(INDENT))];
    for (k, (code, name, passes)) in srcs.into_iter().enumerate() {
        let (code_style, name_style) = if passes {
            (t.grade, Style::new())
        } else {
            (t.dim, t.dim)
        };
        if one_row > body_w + 3 {
            if k > 0 {
                lines.push(Line::from(std::mem::replace(
                    &mut spans,
                    vec![Span::raw(" ".repeat(INDENT))],
                )));
            }
            let name = truncate(&name, body_w.saturating_sub(code.len() + 1));
            spans.extend([
                Span::styled(code, code_style),
                Span::raw(" "),
                Span::styled(name, name_style),
            ]);
        } else {
            if k > 0 {
                spans.push(Span::styled(" · ", t.dim));
            }
            spans.extend([
                Span::styled(code, code_style),
                Span::raw(" "),
                Span::styled(name, name_style),
            ]);
        }
    }
    lines.push(Line::from(spans));
    // Confidence, cite, date.
    if details {
        // What the grades mean, for the reader who does not know the scales.
        let mut seen = Vec::new();
        for &s in chart.claim_sources(r, ci) {
            let rel = chart.dossier.sources[s as usize].reliability;
            if seen.contains(&rel) {
                continue;
            }
            seen.push(rel);
            let text = match rel {
                Some(g) => format!("{}: {}", g.letter(), g.meaning()),
                None => "?: reliability not graded".to_string(),
            };
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled(text, t.dim),
            ]));
        }
        let text = match claim.credibility {
            Some(c) => format!("{c}: {}", crate::dossier::credibility_meaning(c)),
            None => "?: credibility not graded".to_string(),
        };
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(INDENT)),
            Span::styled(text, t.dim),
        ]));
    }
    let meta: Vec<String> = [
        claim.confidence.map(|c| {
            if details {
                format!("{} ({})", c.words(), c.range())
            } else {
                c.words().to_string()
            }
        }),
        claim
            .cite
            .as_deref()
            .map(|c| crate::sanitize::head(c, MAX_CARD_CHARS).to_string()),
        claim
            .date
            .as_deref()
            .map(|d| crate::sanitize::head(d, MAX_CARD_CHARS).to_string()),
        // Where the claim was written, when the chart has several files.
        chart
            .claim_file(r, ci)
            .map(|f| format!("in {}", crate::sanitize::sanitize(&f.short))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !meta.is_empty() {
        for l in wrap_bounded(&meta.join(" · "), body_w) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled(l, t.meta),
            ]));
        }
    }
    if let Some(q) = &claim.quote {
        let q = crate::sanitize::head(q, MAX_CARD_CHARS * 4);
        for l in wrap_bounded(&format!("“{q}”"), body_w.saturating_sub(2).max(6)) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled("│ ", t.quote),
                Span::styled(l, t.quote),
            ]));
        }
    }
    lines.push(Line::default());
    lines
}

/// Wraps `text` to `width` columns, keeping its line breaks, laying out at
/// most [`MAX_CARD_CHARS`] characters.
fn wrap_bounded(text: &str, width: usize) -> Vec<String> {
    let (shown, rest) = match text.char_indices().nth(MAX_CARD_CHARS) {
        // The rest is measured in bytes: counting its characters would walk
        // all of a text that may be hundreds of megabytes.
        Some((i, _)) => (&text[..i], text.len() - i),
        None => (text, 0),
    };
    let mut out: Vec<String> = textwrap::wrap(
        shown,
        textwrap::Options::new(width)
            .break_words(true)
            .word_splitter(textwrap::WordSplitter::NoHyphenation),
    )
    .into_iter()
    .map(|c| c.into_owned())
    .collect();
    if rest > 0 {
        out.push(format!("… {} KB more not shown", rest.div_ceil(1024)));
    }
    out
}

/// First and one-past-last line of card `i` at `width`.
pub fn card_span(m: &Model, i: usize, width: u16) -> (usize, usize) {
    let mut top = 0;
    for k in 0..m.claims.len() {
        let h = card_lines(m, k, width, false).len();
        if k == i {
            return (top, top + h);
        }
        top += h;
    }
    (top, top)
}

pub fn total_lines(m: &Model, width: u16) -> usize {
    (0..m.claims.len())
        .map(|k| card_lines(m, k, width, false).len())
        .sum()
}

pub fn render(m: &Model, area: Rect, buf: &mut Buffer) {
    let title = match m.selected_relation() {
        Some(inc) => {
            let rel = m.chart.relation(inc.rel);
            let d = &m.chart.dossier;
            let (a, b) = m.chart.ends(inc.rel);
            // In a chart, how many files the claims shown come from: the
            // reports that back the relation together.
            let mut files: Vec<u32> = if m.chart.file_count() > 1 {
                m.claims
                    .iter()
                    .filter_map(|&c| m.chart.provenance.claim(inc.rel, c))
                    .map(|o| o.file)
                    .collect()
            } else {
                Vec::new()
            };
            files.sort_unstable();
            files.dedup();
            let from = match files.len() {
                0 | 1 => String::new(),
                n => format!(" · {n} files"),
            };
            format!(
                " {} → {} · {} ({}{from}) ",
                one_line(&d.actors[a].id),
                one_line(&d.actors[b].id),
                one_line(&rel.label),
                m.claims.len()
            )
        }
        None => " Claims ".to_string(),
    };
    let block = pane_block(m, Pane::Claims, title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    if m.selected_relation().is_none() {
        Paragraph::new(Span::styled(
            "Select a relation to read its claims.",
            m.theme.dim,
        ))
        .wrap(Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let focused = m.focus == Pane::Claims && matches!(m.overlay, Overlay::None);
    let mut y = 0usize;
    let end = m.claim_scroll + inner.height as usize;
    let mut more = false;
    for k in 0..m.claims.len() {
        if y >= end {
            more = true;
            break;
        }
        let lines = card_lines(m, k, inner.width, focused && k == m.claim);
        for line in lines {
            if y >= m.claim_scroll && y < end {
                let row = Rect::new(
                    inner.x,
                    inner.y + (y - m.claim_scroll) as u16,
                    inner.width,
                    1,
                );
                line.render(row, buf);
            }
            y += 1;
        }
    }
    let total = if more || y > end {
        total_lines(m, inner.width)
    } else {
        y
    };
    super::scroll_marks(m, area, m.claim_scroll, inner.height as usize, total, buf);
}
