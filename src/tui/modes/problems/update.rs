//! The problems list's `update` (`E`): every error and warning of the chart,
//! with `Enter` or `e` opening the editor at one.

use crate::dossier::Place;
use crate::tui::model::layout;
use crate::tui::model::live::{BUNDLED_NOTE, EditTarget};
use crate::tui::model::text::wrap_bounded;
use crate::tui::model::{Action, Effect, Handled, Model, Overlay};

/// The problems list's keys.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let n = m.live.problems().len();
    let page = m.overlay_rows().saturating_sub(1);
    let Overlay::Problems(p) = &mut m.overlay else {
        return Handled::Yes;
    };
    match action {
        Action::Cancel if m.live.unopened => {
            m.message = Some(
                "there is no chart to go back to until its files load: fix them, or quit".into(),
            )
        }
        Action::Cancel => m.overlay = Overlay::None,
        Action::Reload => m.effects.push(Effect::Reload),
        Action::Edit => {
            let sel = p.cur.sel;
            match m.live.problems().get(sel) {
                Some(d) if m.live.files.is_empty() => {
                    let _ = d;
                    m.message = Some(BUNDLED_NOTE.into());
                }
                Some(d) => {
                    let target = EditTarget::At(Place {
                        path: d.file.clone().into(),
                        line: d.line.unwrap_or(1),
                        col: d.col.unwrap_or(1),
                    });
                    m.edit(target);
                }
                None => m.message = Some("no problem selected".into()),
            }
        }
        _ => p.cur.apply(action, n, page),
    }
    Handled::Yes
}

/// Keeps the selected problem in view, with every row it wraps to.
pub fn fix_scroll(m: &mut Model) {
    let rows = m.overlay_rows();
    let n = m.live.problems().len();
    let Overlay::Problems(p) = &mut m.overlay else {
        return;
    };
    p.cur.clamp(n);
    let sel = p.cur.sel;
    let extra = selected_lines(m, sel).len().saturating_sub(1);
    if let Overlay::Problems(p) = &mut m.overlay {
        p.cur.scroll_into_view(rows.saturating_sub(extra), n);
    }
}

/// Problem `i` wrapped to the list's width: the selected one is shown in
/// full (as far as the list is high), the others on one row.
pub fn selected_lines(m: &Model, i: usize) -> Vec<String> {
    let Some(d) = m.live.problems().get(i) else {
        return Vec::new();
    };
    let (width, rows) = m.areas().map_or((0, 0), |a| {
        (
            layout::inner(a.overlay).width.saturating_sub(1) as usize,
            m.overlay_rows(),
        )
    });
    let mut lines = wrap_bounded(&d.to_string(), width.max(1));
    lines.truncate(rows.max(1));
    lines
}
