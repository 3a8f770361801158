//! The problems list (`E`): every error and warning of the chart, with
//! `Enter` or `e` opening the editor at one.

use super::action::Action;
use super::app::{Cursor, Model, Overlay};
use super::live::EditTarget;
use crate::dossier::Place;

#[derive(Debug, Clone, Default)]
pub struct ProblemsState {
    pub cur: Cursor,
}

impl Model {
    pub(super) fn update_problems(&mut self, action: Action) {
        let n = self.live.problems().len();
        let page = self.overlay_rows().saturating_sub(1);
        let Overlay::Problems(p) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => self.overlay = Overlay::None,
            Action::Reload => self.effects.push(super::app::Effect::Reload),
            Action::Edit => {
                let sel = p.cur.sel;
                match self.live.problems().get(sel) {
                    Some(d) if self.live.files.is_empty() => {
                        let _ = d;
                        self.message = Some(super::live::BUNDLED_NOTE.into());
                    }
                    Some(d) => {
                        let target = EditTarget::At(Place {
                            path: d.file.clone().into(),
                            line: d.line.unwrap_or(1),
                            col: d.col.unwrap_or(1),
                        });
                        self.edit(target);
                    }
                    None => self.message = Some("no problem selected".into()),
                }
            }
            _ => p.cur.apply(action, n, page),
        }
    }
}
