//! A cursor into a list, and how the movement actions move it.

use super::action::Action;

/// A cursor into a list, with the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub sel: usize,
    pub offset: usize,
}

impl Cursor {
    pub fn clamp(&mut self, len: usize) {
        self.sel = self.sel.min(len.saturating_sub(1));
    }

    /// Keeps the selection within `height` rows of the offset.
    pub fn scroll_into_view(&mut self, height: usize, len: usize) {
        let height = height.max(1);
        if self.sel < self.offset {
            self.offset = self.sel;
        } else if self.sel >= self.offset + height {
            self.offset = self.sel + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    pub fn apply(&mut self, action: Action, len: usize, page: usize) {
        let last = len.saturating_sub(1);
        self.sel = match action {
            Action::Down => (self.sel + 1).min(last),
            Action::Up => self.sel.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (self.sel + page.max(1)).min(last),
            Action::PageUp => self.sel.saturating_sub(page.max(1)),
            _ => self.sel,
        };
    }
}
