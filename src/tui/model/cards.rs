//! Claim cards laid out for a given width: the claims pane draws them, and
//! the model scrolls with the same functions, so what it scrolls to is what
//! is drawn.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::changes::{mark, mark_style};
use super::state::Model;
use super::text::{MAX_CARD_CHARS, one_line, truncate, wrap_bounded};
use crate::dossier::diff::{Change, ClaimChange, describe};
use crate::export::admiralty;

/// Left margin of a card's body, after the claim number.
const INDENT: usize = 4;

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
    // What changed since the revision, when it did.
    if let Some(changes) = &m.changes
        && let Some(c) = changes.claim(r, ci)
    {
        let rev = one_line(&changes.rev);
        let text = match c.change {
            Change::Changed => {
                let what: Vec<String> = c.fields.iter().map(describe).collect();
                format!(
                    "{} changed since {rev}: {}",
                    mark(Some(c.change), false),
                    what.join("; ")
                )
            }
            _ => format!("{} new since {rev}", mark(Some(c.change), false)),
        };
        let style = mark_style(t, Some(c.change));
        for l in wrap_bounded(&text, body_w) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled(l, style),
            ]));
        }
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
        // The effective date: a report's is marked `(report)`.
        chart
            .claim_date(r, ci)
            .map(|d| crate::sanitize::head(&d.label(), MAX_CARD_CHARS).to_string()),
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

/// Every line of the pane: the cards, then the claims removed since the
/// revision (with `--changed-since`).
pub fn total_lines(m: &Model, width: u16) -> usize {
    (0..m.claims.len())
        .map(|k| card_lines(m, k, width, false).len())
        .sum::<usize>()
        + removed_lines(m, width).len()
}

/// The claims of the selected relation removed since the revision, as
/// cards dimmed and struck through, after the others; not selectable. For
/// a relation removed entirely, all its claims.
pub fn removed_lines(m: &Model, width: u16) -> Vec<Line<'static>> {
    let Some(changes) = &m.changes else {
        return Vec::new();
    };
    let removed: Vec<&ClaimChange> = match (m.selected_relation(), m.selected_gone()) {
        (Some(inc), _) => changes.removed(inc.rel).collect(),
        (None, Some(k)) => changes.gone_claims(k).collect(),
        (None, None) => return Vec::new(),
    };
    let t = &m.theme;
    let old = &changes.old;
    let body_w = (width as usize).saturating_sub(INDENT).max(8);
    let rev = one_line(&changes.rev);
    let mut lines = Vec::new();
    for c in removed {
        let Some(at) = c.old else { continue };
        let claim = old.claim(at.rel, at.claim);
        for (k, l) in wrap_bounded(&claim.text, body_w).into_iter().enumerate() {
            let lead = if k == 0 {
                Span::styled(format!(" {}  ", mark(Some(Change::Removed), false)), t.dim)
            } else {
                Span::raw(" ".repeat(INDENT))
            };
            lines.push(Line::from(vec![lead, Span::styled(l, t.removed)]));
        }
        let sources: Vec<String> = old
            .claim_sources(at.rel, at.claim)
            .iter()
            .map(|&s| {
                format!(
                    "{} {}",
                    admiralty(old, s as usize, claim),
                    one_line(&old.dossier.sources[s as usize].name)
                )
            })
            .collect();
        let text = format!("{} · removed since {rev}", sources.join(" · "));
        for l in wrap_bounded(&text, body_w) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled(l, t.dim),
            ]));
        }
        lines.push(Line::default());
    }
    lines
}
