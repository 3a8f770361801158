//! The sources panel: the source filter.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::dossier::Item;
use crate::tui::model::text::{one_line, truncate};
use crate::tui::model::{Model, SourcesState};
use crate::tui::widgets::{List, list_rows, overlay_list};

pub fn render(m: &Model, s: &SourcesState, area: Rect, buf: &mut Buffer) {
    let on = m.filter.sources.iter().filter(|&&b| b).count();
    let title = format!(" Sources · {on}/{} selected ", m.filter.sources.len());
    let Some(list) = overlay_list(m, area, buf, title, "     rel kind         claims  name") else {
        return;
    };
    let sources = &m.chart.dossier.sources;
    let rows = sources
        .iter()
        .enumerate()
        .skip(s.cur.offset)
        .map(|(i, src)| {
            let selected = m.filter.sources[i];
            let passes = m.filter.source_passes(&m.chart, i);
            let mut spans = vec![
                Span::styled(if selected { "[x] " } else { "[ ] " }, m.theme.key),
                Span::styled(
                    format!(" {}  ", src.reliability.map_or('?', |r| r.letter())),
                    m.theme.grade,
                ),
                Span::raw(format!("{:<12} ", truncate(one_line(src.kind.label()), 12))),
                Span::raw(format!("{:>6}  ", m.chart.source_claim_count(i))),
                Span::raw(one_line(&src.name).to_string()),
            ];
            // In a chart of several files, the file that declares it.
            if m.chart.file_count() > 1
                && let Some(f) = m.chart.provenance.file_of(Item::Source(i))
            {
                spans.push(Span::styled(
                    format!("  in {}", crate::sanitize::sanitize(&f.short)),
                    m.theme.dim,
                ));
            }
            let line = Line::from(spans);
            if passes {
                line
            } else {
                line.style(m.theme.dim)
            }
        });
    let view = List {
        frame: area,
        area: list,
        offset: s.cur.offset,
        len: sources.len(),
        sel: Some(s.cur.sel),
        cursor: m.theme.cursor,
    };
    list_rows(m, view, rows, buf);
}
