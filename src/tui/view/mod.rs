//! Views: pure functions of the model that draw into a buffer.

pub mod actors;
pub mod bars;
pub mod claims;
pub mod find;
pub mod help;
pub mod relations;
pub mod sources;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{Model, Overlay, Pane};
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};

impl Widget for &Model {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(areas) = layout::areas(area, self.focus) else {
            too_small(area, buf);
            return;
        };
        bars::title(self, areas.title, buf);
        bars::status(self, areas.status, buf);
        if let Some(r) = areas.actors {
            actors::render(self, r, buf);
        }
        if let Some(r) = areas.relations {
            relations::render(self, r, buf);
        }
        if let Some(r) = areas.claims {
            claims::render(self, r, buf);
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Find(f) => find::render(self, f, areas.overlay, buf),
            Overlay::Sources(s) => sources::render(self, s, areas.overlay, buf),
            Overlay::Help { scroll } => help::render(self, *scroll, areas.overlay, buf),
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Terminal too small: {}×{}. linkchart needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
        area.width, area.height
    );
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A bordered pane, highlighted when focused.
pub(crate) fn pane_block<'a>(m: &Model, pane: Pane, title: String) -> Block<'a> {
    let focused = m.focus == pane && matches!(m.overlay, Overlay::None);
    let style = if focused {
        m.theme.border_focused
    } else {
        m.theme.border
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(Span::styled(title, style))
}

/// An overlay frame: clears what is under it.
pub(crate) fn overlay_block(m: &Model, area: Rect, buf: &mut Buffer, title: String) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(m.theme.border_focused)
        .title(Span::styled(title, m.theme.border_focused));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The cursor style for a row, depending on focus.
pub(crate) fn cursor_style(m: &Model, pane: Pane) -> Style {
    if m.focus == pane && matches!(m.overlay, Overlay::None) {
        m.theme.cursor
    } else {
        m.theme.cursor_unfocused
    }
}

/// Draws one line per row from `offset`, the row at `sel` in `cursor` style
/// and marked `▸` in the first column, so the cursor shows without colour
/// and in plain-text renders too.
pub(crate) fn list_rows<'a>(
    area: Rect,
    buf: &mut Buffer,
    rows: impl Iterator<Item = Line<'a>>,
    offset: usize,
    sel: Option<usize>,
    cursor: Style,
) {
    if area.width < 2 {
        return;
    }
    for (i, line) in rows.enumerate().skip(offset).take(area.height as usize) {
        let y = area.y + (i - offset) as u16;
        let row = Rect::new(area.x + 1, y, area.width - 1, 1);
        if sel == Some(i) {
            buf.set_style(Rect::new(area.x, y, area.width, 1), cursor);
            buf.set_string(area.x, y, "▸", cursor);
            line.patch_style(cursor).render(row, buf);
        } else {
            line.render(row, buf);
        }
    }
}

/// Width left for rows drawn by [`list_rows`] (one column is the marker).
pub(crate) fn row_width(area: Rect) -> usize {
    area.width.saturating_sub(1) as usize
}

/// `s` cut to at most `width` columns, with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The first line of `s` (multi-line names shown on one row).
pub(crate) fn one_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}
