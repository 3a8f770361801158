//! The timeline's `update`: moving through its rows (off the year
//! headings), switching between the selection's timeline and the whole
//! chart's, going to a claim, setting the date range at one, writing the
//! chronology. The timeline's state is `model::timeline`; its view, beside
//! this file.

use super::view::list_fit;
use crate::dates::{Date, Range};
use crate::tui::model::timeline::{TimelineScope, TimelineState};
use crate::tui::model::{Action, Effect, Handled, Model, Pane, Place};

/// The timeline's keys; the others go to the main panes beneath.
pub fn update(m: &mut Model, action: Action) -> Handled {
    let page = m
        .areas()
        .zip(m.timeline.as_ref())
        .map_or(1, |(a, t)| list_fit(m, t, a.timeline).0)
        .saturating_sub(1);
    let Some(t) = &mut m.timeline else {
        return Handled::Yes;
    };
    match action {
        Action::Down
        | Action::Up
        | Action::Top
        | Action::Bottom
        | Action::PageDown
        | Action::PageUp => {
            t.cur.apply(action, t.rows.len(), page);
            let dir = match action {
                Action::Up | Action::PageUp | Action::Bottom => -1,
                _ => 1,
            };
            t.settle(dir);
        }
        Action::Cancel => m.timeline = None,
        Action::Timeline => {
            if t.scope == TimelineScope::Chart {
                let scope = m.selection_scope();
                m.open_timeline(scope);
            } else {
                m.timeline = None;
            }
        }
        Action::TimelineAll => {
            if t.scope == TimelineScope::Chart {
                m.timeline = None;
            } else {
                m.open_timeline(TimelineScope::Chart);
            }
        }
        Action::Follow => timeline_go(m),
        Action::RangeStart | Action::RangeEnd => range_at_selection(m, action),
        Action::Briefing => request_chronology(m),
        _ => return Handled::No,
    }
    Handled::Yes
}

/// Keeps the selected row, expanded, inside the list.
pub fn fix_scroll(m: &mut Model) {
    let (Some(areas), Some(t)) = (m.areas(), &m.timeline) else {
        return;
    };
    let (height, extra) = list_fit(m, t, areas.timeline);
    let t = m.timeline.as_mut().expect("checked above");
    let len = t.rows.len();
    t.cur.clamp(len);
    t.cur
        .scroll_into_view(height.saturating_sub(extra).max(1), len);
    // The last rows may sit below a tall selected row: let them scroll up.
    t.cur.offset = t.cur.offset.min(len.saturating_sub(1));
}

/// `b` in the timeline: what it shows, as the Markdown chronology of
/// `linkchart timeline` (the same filters), written like a briefing.
fn request_chronology(m: &mut Model) {
    use crate::export::write::slug;
    use crate::export::{Scope, chronology};
    let Some(t) = &m.timeline else {
        return;
    };
    let d = &m.chart.dossier;
    let (scope, stem) = match (t.scope, &m.path) {
        (TimelineScope::Actor(a), _) => {
            (Scope::Actor { actor: a, depth: 1 }, slug(&d.actors[a].id))
        }
        (TimelineScope::Path, Some(p)) => (
            Scope::Path {
                chains: &p.chains,
                directed: p.directed,
            },
            format!(
                "{}-{}",
                slug(&d.actors[p.from].id),
                slug(&d.actors[p.to].id)
            ),
        ),
        (TimelineScope::Path, None) | (TimelineScope::Chart, _) => (Scope::Dossier, slug(&d.title)),
    };
    match chronology(&m.chart, &m.filter, &m.counts, &scope, &m.today) {
        Some(markdown) => m.effects.push(Effect::WriteBriefing {
            stem: format!("{stem}-timeline"),
            markdown,
        }),
        None => m.message = Some("no dated claim to write under the filters".into()),
    }
}

/// Closes the timeline and goes to the selected claim in its relation.
fn timeline_go(m: &mut Model) {
    let Some(t) = &m.timeline else {
        return;
    };
    let Some(g) = t.selected() else {
        m.message = Some("no claim selected".into());
        return;
    };
    let (r, c) = m.chart.locate(g);
    let (a, b) = m.chart.ends(r);
    let actor = match t.scope {
        TimelineScope::Actor(x) if x == b => b,
        _ => a,
    };
    m.timeline = None;
    let claim = m.claims_index_in(r, c);
    m.go(Place {
        actor,
        rel: Some(r),
        claim,
        focus: Pane::Claims,
    });
}

/// `[` and `]`: the date range starts or ends at the selected claim's
/// date (at its own precision). An end that would come before the start
/// (or the reverse) is dropped.
fn range_at_selection(m: &mut Model, action: Action) {
    let date = m
        .timeline
        .as_ref()
        .and_then(TimelineState::selected)
        .and_then(|g| m.chart.date_of(g))
        .and_then(|d| Date::parse(d.text));
    let Some(date) = date else {
        m.message = Some("no dated claim selected".into());
        return;
    };
    let mut f = m.filter.clone();
    let (mut since, mut until) = (f.dates.since, f.dates.until);
    if action == Action::RangeStart {
        since = Some(date);
        until = until.filter(|&u| Range::new(since, Some(u)).is_ok());
    } else {
        until = Some(date);
        since = since.filter(|&s| Range::new(Some(s), until).is_ok());
    }
    f.dates = Range { since, until };
    m.set_filter(f);
    m.message = Some(format!("date range: {}", m.filter.dates));
}
