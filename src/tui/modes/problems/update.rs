//! The problems list's `update` (`E`): every error and warning of the chart,
//! with `Enter` or `e` opening the editor at one.

use crate::dossier::Place;
use crate::tui::model::live::{BUNDLED_NOTE, EditTarget};
use crate::tui::model::{Action, Effect, Handled, Model, Overlay};

/// The problems list's keys.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let n = m.live.problems().len();
    let page = m.overlay_rows().saturating_sub(1);
    let Overlay::Problems(p) = &mut m.overlay else {
        return Handled::Yes;
    };
    match action {
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

/// Keeps the selected problem in view.
pub fn fix_scroll(m: &mut Model) {
    let rows = m.overlay_rows();
    let n = m.live.problems().len();
    if let Overlay::Problems(p) = &mut m.overlay {
        p.cur.clamp(n);
        p.cur.scroll_into_view(rows, n);
    }
}
