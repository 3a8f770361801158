//! Headless rendering: the model drawn into a buffer, as plain text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::model::Model;

/// Draws the model at its size into a fresh buffer.
pub fn render_buffer(m: &Model) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(m.width, m.height)).expect("TestBackend never fails");
    terminal
        .draw(|f| f.render_widget(m, f.area()))
        .expect("TestBackend never fails");
    terminal.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing spaces trimmed.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    let w = buf.area.width as usize;
    for row in buf.content.chunks(w.max(1)) {
        let mut line = String::new();
        let mut skip = 0;
        for cell in row {
            // A wide character occupies the next cell too: skip its filler.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The model's screen as plain text.
pub fn render_text(m: &Model) -> String {
    buffer_text(&render_buffer(m))
}
