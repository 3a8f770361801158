//! The measures view's `update`: moving through the ranking, the next
//! measure, going to an actor, closing. Its state is `model::measures`,
//! the scores' computation `model::analysis`; its view, beside this file.

use super::view::list_rows;
use crate::tui::model::{Action, Handled, Model, Pane, Place};

/// The measures view's keys; the others go to the main panes beneath.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let page = list_rows(m).saturating_sub(1);
    let Some(v) = &mut m.measures else {
        return Handled::Yes;
    };
    match action {
        Action::Down
        | Action::Up
        | Action::Top
        | Action::Bottom
        | Action::PageDown
        | Action::PageUp => v.cur.apply(action, v.order.len(), page),
        Action::NextMeasure => m.next_measure(),
        Action::Cancel => m.close_measures(),
        Action::Follow => match v.selected() {
            Some(actor) => {
                m.close_measures();
                m.go(Place {
                    actor,
                    rel: None,
                    claim: 0,
                    focus: Pane::Actors,
                });
            }
            None => m.message = Some("no actor selected".into()),
        },
        _ => return Handled::No,
    }
    Handled::Yes
}

/// Keeps the selected actor inside the list.
pub fn fix_scroll(m: &mut Model) {
    let rows = list_rows(m);
    if let Some(v) = &mut m.measures {
        let len = v.order.len();
        v.cur.clamp(len);
        v.cur.scroll_into_view(rows.max(1), len);
    }
}
