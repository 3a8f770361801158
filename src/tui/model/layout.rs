//! Where each pane goes for a given terminal size. Pure, so that `update`
//! (which needs page sizes) and the views agree.

use ratatui::layout::{Constraint, Layout, Rect};

use super::pane::Pane;

/// Below this the explorer says the terminal is too small.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the three panes stand side by side.
pub const WIDE: u16 = 140;
/// From this width the actors pane stays visible beside the others.
pub const MEDIUM: u16 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    pub status: Rect,
    pub actors: Option<Rect>,
    pub relations: Option<Rect>,
    pub claims: Option<Rect>,
    /// Where overlays (find, sources, help) are drawn.
    pub overlay: Rect,
    /// Where the timeline goes: in place of the relations and claims panes
    /// (the whole body when only one pane is shown).
    pub timeline: Rect,
    /// The problems bar, above the status bar, when the chart is broken.
    pub problems: Option<Rect>,
}

impl Areas {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Actors => self.actors,
            Pane::Relations => self.relations,
            Pane::Claims => self.claims,
        }
    }
}

/// The panes for `area`, or `None` when it is below the minimum size.
///
/// - wide: actors | relations | claims;
/// - medium: actors on the left, relations above claims on the right;
/// - narrow: only the focused pane.
pub fn areas(area: Rect, focus: Pane) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut a = Areas {
        title,
        status,
        actors: None,
        relations: None,
        claims: None,
        overlay: centered(body, 90, 90),
        timeline: body,
        problems: None,
    };
    if area.width >= WIDE {
        let actors_w = (area.width / 5).clamp(26, 40);
        let [left, mid, right] = Layout::horizontal([
            Constraint::Length(actors_w),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        (a.actors, a.relations, a.claims) = (Some(left), Some(mid), Some(right));
        a.timeline = mid.union(right);
    } else if area.width >= MEDIUM {
        let actors_w = (area.width * 3 / 10).clamp(22, 32);
        let [left, right] =
            Layout::horizontal([Constraint::Length(actors_w), Constraint::Min(0)]).areas(body);
        let rel_h = (body.height / 2).max(5);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(rel_h), Constraint::Min(0)]).areas(right);
        (a.actors, a.relations, a.claims) = (Some(left), Some(top), Some(bottom));
        a.timeline = right;
    } else {
        match focus {
            Pane::Actors => a.actors = Some(body),
            Pane::Relations => a.relations = Some(body),
            Pane::Claims => a.claims = Some(body),
        }
        a.overlay = body;
    }
    Some(a)
}

/// Like [`areas`], with a problems bar of `bar` rows above the status bar
/// (of one row when the terminal cannot spare more, of none when it cannot
/// spare that).
pub fn areas_with_bar(area: Rect, focus: Pane, bar: u16) -> Option<Areas> {
    for rows in [bar, 1] {
        if rows == 0 {
            break;
        }
        let shorter = Rect {
            height: area.height.saturating_sub(rows),
            ..area
        };
        if let Some(mut a) = areas(shorter, focus) {
            a.problems = Some(Rect {
                height: rows,
                ..a.status
            });
            a.status.y += rows;
            return Some(a);
        }
    }
    areas(area, focus)
}

/// A rectangle of `pct_w`% × `pct_h`% of `r`, centred.
pub fn centered(r: Rect, pct_w: u16, pct_h: u16) -> Rect {
    let w = (r.width as u32 * pct_w as u32 / 100) as u16;
    let h = (r.height as u32 * pct_h as u32 / 100) as u16;
    Rect {
        x: r.x + (r.width - w) / 2,
        y: r.y + (r.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The inside of a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}
