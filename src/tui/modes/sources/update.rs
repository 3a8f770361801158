//! The sources panel's `update`: the source filter, one source or all of
//! them, and `e` to edit a source.

use crate::dossier::Item;
use crate::tui::model::live::EditTarget;
use crate::tui::model::{Action, Handled, Model, Overlay};

/// The sources panel's keys.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let n = m.chart.dossier.sources.len();
    let page = m.overlay_rows().saturating_sub(1);
    let Overlay::Sources(s) = &mut m.overlay else {
        return Handled::Yes;
    };
    match action {
        Action::Cancel => m.overlay = Overlay::None,
        Action::Help => m.overlay = Overlay::Help { scroll: 0 },
        Action::Edit => {
            let sel = s.cur.sel;
            edit_source(m, sel);
        }
        Action::Toggle => {
            let mut f = m.filter.clone();
            if let Some(on) = f.sources.get_mut(s.cur.sel) {
                *on = !*on;
            }
            m.set_filter(f);
        }
        Action::ToggleAll => {
            let mut f = m.filter.clone();
            let all = f.sources.iter().all(|&b| b);
            f.sources.iter_mut().for_each(|b| *b = !all);
            m.set_filter(f);
        }
        _ => {
            s.cur.apply(action, n, page);
        }
    }
    Handled::Yes
}

/// `e` in the sources panel.
fn edit_source(m: &mut Model, s: usize) {
    if s < m.chart.dossier.sources.len() {
        m.edit(EditTarget::Item(Item::Source(s)));
    }
}

/// Keeps the selected source in view.
pub fn fix_scroll(m: &mut Model) {
    let rows = m.overlay_rows();
    let n = m.chart.dossier.sources.len();
    if let Overlay::Sources(s) = &mut m.overlay {
        s.cur.clamp(n);
        s.cur.scroll_into_view(rows, n);
    }
}
