//! Drawing pieces the views share: pane and overlay frames, lists with a
//! cursor and scroll marks, rows with a right-aligned end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::model::layout::{MIN_HEIGHT, MIN_WIDTH};
use super::model::text::truncate;
use super::model::{Model, Overlay, Pane};

/// What is drawn when the terminal is below the minimum size.
pub fn too_small(area: Rect, buf: &mut Buffer) {
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
pub fn pane_block<'a>(m: &Model, pane: Pane, title: String, area: Rect) -> Block<'a> {
    let focused = m.focus == pane && matches!(m.overlay, Overlay::None) && m.timeline.is_none();
    framed(m, &title, area, focused)
}

/// The frame of a view drawn in place of the panes (the timeline, the
/// measures view): highlighted unless an overlay is on top.
pub fn view_block<'a>(m: &Model, title: &str, area: Rect) -> Block<'a> {
    framed(m, title, area, matches!(m.overlay, Overlay::None))
}

/// A frame, thick and highlighted when `focused`, its title cut to fit.
fn framed<'a>(m: &Model, title: &str, area: Rect, focused: bool) -> Block<'a> {
    let style = if focused {
        m.theme.border_focused
    } else {
        m.theme.border
    };
    let title = truncate(title, area.width.saturating_sub(2) as usize);
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
pub fn scroll_marks(
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
pub fn overlay_block(m: &Model, area: Rect, buf: &mut Buffer, title: String) -> Rect {
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
pub fn overlay_list(
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
pub fn cursor_style(m: &Model, pane: Pane) -> Style {
    if m.focus == pane && matches!(m.overlay, Overlay::None) {
        m.theme.cursor
    } else {
        m.theme.cursor_unfocused
    }
}

/// A list drawn inside a frame: what [`list_rows`] needs to know.
pub struct List {
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
pub fn list_rows<'a>(
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
pub fn aligned_row<'a>(width: usize, lead: Vec<Span<'a>>, text: &str, right: Span<'a>) -> Line<'a> {
    let lead_w: usize = lead.iter().map(Span::width).sum();
    let text_w = width.saturating_sub(lead_w + right.width() + 1);
    let text = truncate(text, text_w);
    let pad = text_w.saturating_sub(text.width());
    let mut spans = lead;
    spans.extend([Span::raw(text), Span::raw(" ".repeat(pad + 1)), right]);
    Line::from(spans)
}

/// Width left for rows drawn by [`list_rows`] (one column is the marker).
pub fn row_width(area: Rect) -> usize {
    area.width.saturating_sub(1) as usize
}
