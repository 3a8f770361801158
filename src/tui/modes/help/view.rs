//! Help, generated from the keymap, with the grading scales.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::dossier::{Confidence, Reliability, credibility_meaning};
use crate::tui::model::Model;
use crate::tui::model::keymap::Mode;
use crate::tui::widgets::{overlay_block, scroll_marks};

pub fn lines(m: &Model) -> Vec<Line<'static>> {
    let t = &m.theme;
    let mut out = Vec::new();
    for mode in Mode::ALL {
        out.push(Line::from(Span::styled(mode.title(), t.heading)));
        for b in m.keymap.bindings(mode) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.pretty()).collect();
            out.push(Line::from(vec![
                Span::styled(format!("  {:<18}", keys.join(" ")), t.key),
                Span::raw(b.help.clone()),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled("Reading the screen", t.heading)));
    for (mark, meaning) in [
        (
            "→ ← ↺",
            "relation from, to, or of the selected actor itself",
        ),
        (
            "4 claims · 2 sources",
            "claims and reporting sources under the filter (narrow: 4c 2s)",
        ),
        ("single source", "one reporting source (narrow: 1s)"),
        (
            "+ assessment",
            "an analysts' assessment adds to it (narrow: +A)",
        ),
        (
            "assessment only",
            "no reporting source, only assessments (narrow: A)",
        ),
        (
            "C3",
            "a claim's Admiralty code: source reliability C, credibility 3",
        ),
        ("↑ 3  ↓ 12 more", "rows above or below what the pane shows"),
        (
            "2022-06 (report)",
            "a claim's date taken from its report: it has none of its own",
        ),
        ("2022-06*", "the same, in the timeline"),
    ] {
        out.push(Line::from(vec![
            Span::styled(format!("  {mark:<22}"), t.key),
            Span::raw(meaning),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Grades: source reliability (letter)",
        t.heading,
    )));
    for r in Reliability::ALL {
        out.push(Line::from(format!("  {}  {}", r.letter(), r.meaning())));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Grades: information credibility (digit)",
        t.heading,
    )));
    for c in 1..=6 {
        out.push(Line::from(format!("  {c}  {}", credibility_meaning(c))));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled("Confidence (ICD 203)", t.heading)));
    for c in [
        Confidence::AlmostNoChance,
        Confidence::VeryUnlikely,
        Confidence::Unlikely,
        Confidence::RoughlyEvenChance,
        Confidence::Likely,
        Confidence::VeryLikely,
        Confidence::AlmostCertain,
    ] {
        out.push(Line::from(format!("  {:<20} {}", c.words(), c.range())));
    }
    out
}

pub fn line_count(m: &Model) -> usize {
    lines(m).len()
}

pub fn render(m: &Model, scroll: usize, area: Rect, buf: &mut Buffer) {
    let inner = overlay_block(m, area, buf, " Help · Esc closes ".to_string());
    let all = lines(m);
    scroll_marks(m, area, scroll, inner.height as usize, all.len(), buf);
    for (i, line) in all
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        line.render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
    }
}
