//! Views: pure functions of the model that draw into a buffer.

pub mod actors;
pub mod bars;
pub mod claims;
pub mod find;
pub mod help;
pub mod loading;
pub mod neighbourhood;
pub mod path;
pub mod problems;
pub mod relations;
pub mod sources;
pub mod timeline;

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
        let Some(areas) = layout::areas_with_bar(area, self.focus, self.live.bar_shown()) else {
            too_small(area, buf);
            return;
        };
        bars::title(self, areas.title, buf);
        bars::status(self, areas.status, buf);
        if let Some(r) = areas.problems {
            problems::bar(self, r, buf);
        }
        if let Some(t) = &self.timeline {
            // In place of the relations and claims panes (of everything
            // when only one pane fits).
            if let Some(r) = areas.actors.filter(|r| !r.intersects(areas.timeline)) {
                actors::render(self, r, buf);
            }
            timeline::render(self, t, areas.timeline, buf);
        } else {
            panes(self, &areas, buf);
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Find(f) => find::render(self, f, " Find", areas.overlay, buf),
            Overlay::Pick(f) => find::render(self, f, " Path to", areas.overlay, buf),
            Overlay::Sources(s) => sources::render(self, s, areas.overlay, buf),
            Overlay::Help { scroll } => help::render(self, *scroll, areas.overlay, buf),
            Overlay::Problems(p) => problems::render(self, p, areas.overlay, buf),
        }
    }
}

/// The actors, relations and claims panes (or the views shown in their place).
fn panes(m: &Model, areas: &layout::Areas, buf: &mut Buffer) {
    if let Some(r) = areas.actors {
        actors::render(m, r, buf);
    }
    if let Some(r) = areas.relations {
        match &m.path {
            Some(p) => path::render(m, p, r, buf),
            None => relations::render(m, r, buf),
        }
    }
    if let Some(r) = areas.claims {
        match m.ego_depth {
            Some(depth) => neighbourhood::render(m, depth, r, buf),
            None => claims::render(m, r, buf),
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

/// A bordered pane, highlighted when focused; the title is cut with `…` to
/// fit `area`.
pub(crate) fn pane_block<'a>(m: &Model, pane: Pane, title: String, area: Rect) -> Block<'a> {
    let focused = m.focus == pane && matches!(m.overlay, Overlay::None) && m.timeline.is_none();
    let style = if focused {
        m.theme.border_focused
    } else {
        m.theme.border
    };
    let title = truncate(&title, area.width.saturating_sub(2) as usize);
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(Span::styled(title, style))
}

/// Marks on a list's frame that rows lie above or below what is shown:
/// `↑ 3` on the top border and `↓ 12 more` on the bottom one.
pub(crate) fn scroll_marks(
    m: &Model,
    area: Rect,
    offset: usize,
    shown: usize,
    len: usize,
    buf: &mut Buffer,
) {
    if area.width < 16 || area.height < 3 {
        return;
    }
    let right = area.x + area.width - 1;
    if offset > 0 {
        let text = format!(" ↑ {offset} ");
        buf.set_string(right - text.width() as u16, area.y, &text, m.theme.meta);
    }
    let below = len.saturating_sub(offset + shown);
    if below > 0 {
        let text = format!(" ↓ {below} more ");
        buf.set_string(
            right - text.width() as u16,
            area.y + area.height - 1,
            &text,
            m.theme.meta,
        );
    }
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

/// An overlay frame with a heading line; returns where its list goes.
pub(crate) fn overlay_list(
    m: &Model,
    area: Rect,
    buf: &mut Buffer,
    title: String,
    heading: &str,
) -> Option<Rect> {
    let inner = overlay_block(m, area, buf, title);
    if inner.height == 0 {
        return None;
    }
    Line::from(Span::styled(heading, m.theme.heading))
        .render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    Some(Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height - 1,
    ))
}

/// The cursor style for a row, depending on focus.
pub(crate) fn cursor_style(m: &Model, pane: Pane) -> Style {
    if m.focus == pane && matches!(m.overlay, Overlay::None) {
        m.theme.cursor
    } else {
        m.theme.cursor_unfocused
    }
}

/// A list drawn inside a frame: what [`list_rows`] needs to know.
pub(crate) struct List {
    /// The frame (border) around the list, for the scroll marks.
    pub frame: Rect,
    /// Where the rows go.
    pub area: Rect,
    /// Index of the first row drawn, and how many rows there are in all.
    pub offset: usize,
    pub len: usize,
    pub sel: Option<usize>,
    pub cursor: Style,
}

/// Draws `rows` (which start at `list.offset`: callers skip the rest
/// without building them), the row at `sel` in `cursor` style and marked `▸`
/// in the first column, so the cursor shows without colour and in
/// plain-text renders too; then marks on the frame when rows lie above or
/// below.
pub(crate) fn list_rows<'a>(
    m: &Model,
    list: List,
    rows: impl Iterator<Item = Line<'a>>,
    buf: &mut Buffer,
) {
    let area = list.area;
    if area.width < 2 {
        return;
    }
    for (k, line) in rows.take(area.height as usize).enumerate() {
        let y = area.y + k as u16;
        let row = Rect::new(area.x + 1, y, area.width - 1, 1);
        let cut = line.width() > row.width as usize;
        let style = if list.sel == Some(list.offset + k) {
            buf.set_style(Rect::new(area.x, y, area.width, 1), list.cursor);
            buf.set_string(area.x, y, "▸", list.cursor);
            line.patch_style(list.cursor).render(row, buf);
            list.cursor
        } else {
            line.render(row, buf);
            Style::new()
        };
        if cut {
            // Say that the row goes on.
            buf.set_string(row.x + row.width - 1, y, "…", style);
        }
    }
    scroll_marks(
        m,
        list.frame,
        list.offset,
        area.height as usize,
        list.len,
        buf,
    );
}

/// A row `width` columns wide: `lead`, then `text` cut to fit, then `right`
/// flush right after at least one space.
pub(crate) fn aligned_row<'a>(
    width: usize,
    lead: Vec<Span<'a>>,
    text: &str,
    right: Span<'a>,
) -> Line<'a> {
    let lead_w: usize = lead.iter().map(Span::width).sum();
    let text_w = width.saturating_sub(lead_w + right.width() + 1);
    let text = truncate(text, text_w);
    let pad = text_w.saturating_sub(text.width());
    let mut spans = lead;
    spans.extend([Span::raw(text), Span::raw(" ".repeat(pad + 1)), right]);
    Line::from(spans)
}

/// Width left for rows drawn by [`list_rows`] (one column is the marker).
pub(crate) fn row_width(area: Rect) -> usize {
    area.width.saturating_sub(1) as usize
}

/// `s` cut to at most `width` columns, with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    // Walks no further than `width` columns: `s` may be huge.
    let mut w = 0;
    let mut cut = None;
    for (i, c) in s.char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if cut.is_none() && w + cw + 1 > width {
            cut = Some(i);
        }
        w += cw;
        if w > width {
            return match width {
                0 => String::new(),
                _ => format!("{}…", &s[..cut.unwrap_or(i)]),
            };
        }
    }
    s.to_string()
}

/// Bytes of a string looked at for one row: more than any terminal shows.
const ROW_BYTES: usize = 16 * 1024;

/// The first line of `s` (multi-line names shown on one row).
pub(crate) fn one_line(s: &str) -> &str {
    // Bounded: a row never shows more than this, and a name may be huge.
    crate::sanitize::head(s, ROW_BYTES)
        .lines()
        .next()
        .unwrap_or("")
}
