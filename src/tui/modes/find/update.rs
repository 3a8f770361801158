//! Find's `update`: typing the query, moving through the hits, jumping to
//! one (or, when picking a path's other end, showing the path).

use crate::search::Target;
use crate::tui::model::{Action, Handled, Model, Overlay};

/// Find's keys (and those of picking a path's other end).
pub fn update(m: &mut Model, action: Action) -> Handled {
    let page = m.overlay_rows().saturating_sub(2);
    let picking = matches!(m.overlay, Overlay::Pick(_));
    let (Overlay::Find(f) | Overlay::Pick(f)) = &mut m.overlay else {
        return Handled::Yes;
    };
    let mut requery = false;
    match action {
        Action::Cancel => m.overlay = Overlay::None,
        Action::Input(c) => {
            f.query.push(c);
            requery = true;
        }
        Action::DeleteChar => {
            f.query.pop();
            requery = true;
        }
        Action::ClearQuery => {
            f.query.clear();
            requery = true;
        }
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom => {
            f.cur.apply(action, f.hits.len(), page);
        }
        Action::Confirm => {
            if f.pending {
                // Enter beat the background searcher: answer this query
                // now rather than jump to a hit of an older one.
                m.run_query(true);
            }
            let (Overlay::Find(f) | Overlay::Pick(f)) = &m.overlay else {
                return Handled::Yes;
            };
            let target = f
                .hits
                .get(f.cur.sel)
                .map(|h| m.search.candidates[h.candidate].target);
            m.overlay = Overlay::None;
            match (target, picking) {
                (Some(Target::Actor(to)), true) => m.show_path(m.selected_actor(), to, false, 0),
                (Some(t), false) => m.jump(t),
                _ => m.message = Some("nothing found".into()),
            }
        }
        _ => {}
    }
    if requery {
        m.requery();
    }
    Handled::Yes
}

/// Text pasted into the query, on one line.
pub fn paste(m: &mut Model, text: &str) {
    if let Overlay::Find(f) | Overlay::Pick(f) = &mut m.overlay {
        let (clean, _, _) = crate::tui::model::form::clean(text);
        f.query.push_str(&clean);
        m.requery();
    }
}

/// Keeps the selected hit in view.
pub fn fix_scroll(m: &mut Model) {
    let rows = m.overlay_rows();
    if let Overlay::Find(f) | Overlay::Pick(f) = &mut m.overlay {
        f.cur.clamp(f.hits.len());
        f.cur.scroll_into_view(rows, f.hits.len());
    }
}
