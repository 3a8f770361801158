//! The main panes drawn: actors, relations and claims, or the views shown in
//! their place (the path view for the relations, the neighbourhood drawing
//! for the claims).

use ratatui::buffer::Buffer;

use super::{actors, claims, neighbourhood, path, relations};
use crate::tui::model::Model;
use crate::tui::model::layout::Areas;

/// The actors, relations and claims panes (or the views shown in their place).
pub fn render(m: &Model, areas: &Areas, buf: &mut Buffer) {
    if let Some(r) = areas.actors {
        actors::render(m, r, buf);
    }
    if let Some(r) = areas.relations {
        match &m.path {
            Some(p) => path::render(m, p, r, buf),
            None => relations::render(m, r, buf),
        }
    }
    if let Some(r) = areas.claims {
        match m.ego_depth {
            Some(depth) => neighbourhood::render(m, depth, r, buf),
            None => claims::render(m, r, buf),
        }
    }
}
