//! Help's `update`: it scrolls.

use super::view::line_count;
use crate::tui::model::{Action, Handled, Model, Overlay};

/// Help's keys: scrolling, and closing.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let page = m.overlay_rows().saturating_sub(1);
    let Overlay::Help { scroll } = &mut m.overlay else {
        return Handled::Yes;
    };
    match action {
        Action::Cancel => m.overlay = Overlay::None,
        Action::Down => *scroll += 1,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += page.max(1),
        Action::PageUp => *scroll = scroll.saturating_sub(page.max(1)),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = usize::MAX / 2,
        _ => {}
    }
    Handled::Yes
}

/// Keeps the scroll within the help text.
pub fn fix_scroll(m: &mut Model) {
    let rows = m.overlay_rows();
    let lines = line_count(m);
    if let Overlay::Help { scroll } = &mut m.overlay {
        *scroll = (*scroll).min(lines.saturating_sub(rows));
    }
}
