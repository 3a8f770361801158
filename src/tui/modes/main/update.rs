//! The main panes' `update`: moving through actors, relations and claims,
//! following relations, the path view and the neighbourhood drawing, the
//! filters, briefings and copies; and keeping the panes' selections in view.

use crate::dossier::Item;
use crate::filter::Filter;
use crate::tui::model::cards::{card_span, total_lines};
use crate::tui::model::layout;
use crate::tui::model::live::EditTarget;
use crate::tui::model::path::MAX_LONGER;
use crate::tui::model::timeline::TimelineScope;
use crate::tui::model::{
    Action, Cursor, Effect, FindState, Handled, MAX_DEPTH, Model, Overlay, Pane, Place,
    SourcesState,
};

/// The main panes' keys. They take every action they are given: the modes
/// that leave an action (`Handled::No`) leave it to these.
pub fn update(m: &mut Model, action: Action) -> Handled {
    match action {
        Action::Quit => m.quit = true,
        Action::Down
        | Action::Up
        | Action::Top
        | Action::Bottom
        | Action::PageDown
        | Action::PageUp => move_cursor(m, action),
        // Tab cycles; h/l stop at the edges.
        Action::NextPane => m.focus = m.focus.step(1),
        Action::PrevPane => m.focus = m.focus.step(-1),
        Action::PaneRight if m.focus != Pane::Claims => m.focus = m.focus.step(1),
        Action::PaneLeft if m.focus != Pane::Actors => m.focus = m.focus.step(-1),
        Action::Follow => follow(m),
        Action::Back | Action::HistoryBack => m.history_step(-1),
        Action::HistoryForward => m.history_step(1),
        Action::Find => m.overlay = Overlay::Find(FindState::default()),
        Action::Sources => m.overlay = Overlay::Sources(SourcesState::default()),
        Action::Help => m.overlay = Overlay::Help { scroll: 0 },
        Action::PathTo => m.overlay = Overlay::Pick(FindState::default()),
        Action::ToggleDirection => match &m.path {
            Some(p) => m.show_path(p.from, p.to, !p.directed, p.longer),
            None => m.message = Some("no path shown (p: path)".into()),
        },
        Action::LongerPaths | Action::ShorterPaths => match &m.path {
            Some(p) => {
                let longer = if action == Action::LongerPaths {
                    (p.longer + 1).min(MAX_LONGER)
                } else {
                    p.longer.saturating_sub(1)
                };
                let (from, to, directed, was) = (p.from, p.to, p.directed, p.longer);
                m.show_path(from, to, directed, longer);
                if m.message.is_none() {
                    let n = m.path.as_ref().map_or(0, |p| p.chains.len());
                    let chains = format!("{n} chain{}", if n == 1 { "" } else { "s" });
                    m.message = Some(match longer {
                        0 => format!("the shortest chains: {chains}"),
                        l if l == was => format!(
                            "chains up to {l} hop{} longer than the shortest at most",
                            if l == 1 { "" } else { "s" }
                        ),
                        l => format!(
                            "chains up to {l} hop{} longer than the shortest: {chains}",
                            if l == 1 { "" } else { "s" }
                        ),
                    });
                }
            }
            None => m.message = Some("no path shown (p: path)".into()),
        },
        Action::Cancel => {
            if m.path.take().is_some() {
                m.refresh_claims(None);
                m.stop_analysis_unless_needed();
            } else if m.ego_depth.take().is_none() {
                m.message = Some("nothing to close (q quits)".into());
            }
        }
        Action::Neighbourhood => {
            m.ego_depth = match m.ego_depth {
                Some(_) => None,
                None => Some(1),
            }
        }
        Action::DepthUp | Action::DepthDown => match &mut m.ego_depth {
            Some(d) => {
                *d = if action == Action::DepthUp {
                    (*d + 1).min(MAX_DEPTH)
                } else {
                    d.saturating_sub(1).max(1)
                };
                m.message = Some(format!("neighbourhood depth {d}"));
            }
            None => m.message = Some("no neighbourhood shown (v: view)".into()),
        },
        Action::CycleReliability => {
            use crate::dossier::Reliability as R;
            let mut f = m.filter.clone();
            f.min_reliability = match f.min_reliability {
                None => Some(R::A),
                Some(R::A) => Some(R::B),
                Some(R::B) => Some(R::C),
                Some(_) => None,
            };
            m.set_filter(f);
        }
        Action::CycleCredibility => {
            let mut f = m.filter.clone();
            f.min_credibility = match f.min_credibility {
                None => Some(1),
                Some(c) if c < 3 => Some(c + 1),
                Some(_) => None,
            };
            m.set_filter(f);
        }
        Action::ToggleAssessments => {
            let mut f = m.filter.clone();
            f.hide_assessments = !f.hide_assessments;
            m.set_filter(f);
        }
        Action::CycleKind => {
            let kinds = actor_kinds(m);
            let mut f = m.filter.clone();
            let next = match f.actor_kinds.as_slice() {
                [] => kinds.first().cloned(),
                [one] => kinds
                    .iter()
                    .position(|k| k == one)
                    .and_then(|i| kinds.get(i + 1))
                    .cloned(),
                _ => None,
            };
            f.actor_kinds = next.into_iter().collect();
            m.set_filter(f);
        }
        Action::CycleMinSources => {
            let mut f = m.filter.clone();
            f.min_sources = match f.min_sources {
                None => Some(1),
                Some(n) if n < 3 => Some(n + 1),
                Some(_) => None,
            };
            m.set_filter(f);
        }
        Action::ClearFilters => {
            let f = Filter::all(&m.chart);
            m.set_filter(f);
        }
        Action::ToggleDetails => m.details = !m.details,
        Action::Briefing => request_briefing(m, false),
        Action::BriefingAll => request_briefing(m, true),
        Action::Copy => copy(m),
        Action::Timeline => m.open_timeline(m.selection_scope()),
        Action::TimelineAll => m.open_timeline(TimelineScope::Chart),
        Action::Edit => edit_selected(m),
        Action::Problems => open_problems(m),
        Action::Reload => m.effects.push(Effect::Reload),
        Action::AddClaim => m.open_claim_form(),
        Action::AddRelation => m.open_relation_form(),
        Action::AddActor => m.open_actor_form(),
        Action::AddSource => m.open_source_form(),
        Action::Undo => m.undo_capture(),
        Action::Measures => m.open_measures(),
        Action::ToggleChanged => m.toggle_changed(),
        _ => {}
    }
    if matches!(
        action,
        Action::CycleReliability
            | Action::CycleCredibility
            | Action::ToggleAssessments
            | Action::CycleKind
            | Action::CycleMinSources
            | Action::ClearFilters
    ) {
        let d = m.filter.describe();
        m.message = Some(if d.is_empty() {
            "no filter".into()
        } else {
            format!("filter: {d}")
        });
    }
    Handled::Yes
}

/// The actor kinds present, in a stable order, as filter labels.
fn actor_kinds(m: &Model) -> Vec<String> {
    let mut kinds: Vec<String> = m
        .chart
        .dossier
        .actors
        .iter()
        .map(|a| a.kind.label().to_lowercase())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// What `b` and `y` in the actors pane describe: the path, or the
/// selected actor's neighbourhood (depth 1 unless the drawing is deeper).
fn briefing_markdown(m: &Model, whole: bool) -> (String, String) {
    use crate::export::write::slug;
    use crate::export::{Scope, markdown};
    let d = &m.chart.dossier;
    let (scope, stem) = match (&m.path, whole) {
        (_, true) => (Scope::Dossier, slug(&d.title)),
        (Some(p), false) => (
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
        (None, false) => (
            Scope::Actor {
                actor: m.selected_actor(),
                depth: m.ego_depth.unwrap_or(1),
            },
            slug(&d.actors[m.selected_actor()].id),
        ),
    };
    (
        markdown(&m.chart, &m.filter, &m.counts, &scope, &m.today),
        stem,
    )
}

fn request_briefing(m: &mut Model, whole: bool) {
    let (markdown, stem) = briefing_markdown(m, whole);
    m.effects.push(Effect::WriteBriefing { stem, markdown });
}

fn copy(m: &mut Model) {
    let text = match m.focus {
        Pane::Claims => m
            .selected_claim()
            .map(|(r, c)| crate::export::markdown_claim(&m.chart, &m.filter, r, c)),
        Pane::Relations => m
            .selected_relation()
            .map(|i| crate::export::markdown_relation(&m.chart, &m.filter, &m.counts, i.rel)),
        Pane::Actors => Some(briefing_markdown(m, false).0),
    };
    match text {
        Some(t) => m.effects.push(Effect::Copy(t)),
        None => m.message = Some("nothing selected to copy".into()),
    }
}

fn move_cursor(m: &mut Model, action: Action) {
    let page = m.pane_rows(m.focus).saturating_sub(1);
    match m.focus {
        Pane::Actors => {
            let before = m.actors.sel;
            let len = m.actor_count();
            m.actors.apply(action, len, page);
            if m.actors.sel != before {
                m.refresh_relations(None);
            }
        }
        Pane::Relations => {
            let (cur, len) = match &mut m.path {
                Some(p) => (&mut p.cur, p.rows.len()),
                None => {
                    let len = m.rel_rows();
                    (&mut m.rel, len)
                }
            };
            let before = cur.sel;
            cur.apply(action, len, page);
            if cur.sel != before {
                m.refresh_claims(None);
            }
        }
        Pane::Claims => match action {
            // Pages scroll the text, and the selection follows to the
            // card at the top; the other moves go claim by claim.
            Action::PageDown | Action::PageUp => {
                m.claim_scroll = if action == Action::PageDown {
                    m.claim_scroll + page.max(1)
                } else {
                    m.claim_scroll.saturating_sub(page.max(1))
                };
                if let Some(r) = m.areas().and_then(|a| a.claims) {
                    let width = layout::inner(r).width;
                    let total = total_lines(m, width);
                    m.claim_scroll = m.claim_scroll.min(total.saturating_sub(page + 1));
                    m.claim = (0..m.claims.len())
                        .find(|&k| card_span(m, k, width).1 > m.claim_scroll)
                        .unwrap_or(m.claim);
                }
            }
            _ => {
                let mut c = Cursor {
                    sel: m.claim,
                    offset: 0,
                };
                c.apply(action, m.claims.len(), page);
                m.select_claim(c.sel);
            }
        },
    }
}

fn follow(m: &mut Model) {
    match m.focus {
        Pane::Actors => {
            if m.rel_rows() == 0 {
                m.message = Some("no relations under the current filter".into());
            } else {
                m.focus = Pane::Relations;
            }
        }
        Pane::Relations | Pane::Claims if m.path.is_some() => {
            // Walk the path: select the hop's far end, move to the next hop.
            let Some(p) = &mut m.path else { return };
            let Some(hop) = p.hop() else {
                m.message = Some("no path to walk".into());
                return;
            };
            let next = (p.cur.sel + 1 < p.rows.len()
                && p.rows[p.cur.sel + 1].0 == p.rows[p.cur.sel].0)
                .then_some(p.cur.sel + 1);
            if let Some(n) = next {
                p.cur.sel = n;
            }
            m.history[m.history_pos] = m.place();
            m.set_actor(hop.to);
            m.refresh_relations(Some(hop.rel));
            m.focus = Pane::Relations;
            m.history.truncate(m.history_pos + 1);
            m.history.push(m.place());
            m.history_pos = m.history.len() - 1;
            if next.is_none() {
                m.message = Some("end of the path".into());
            }
        }
        Pane::Relations | Pane::Claims => {
            if let Some(k) = m.selected_gone() {
                follow_gone(m, k);
                return;
            }
            let Some(inc) = m.selected_relation() else {
                m.message = Some("no relation to follow".into());
                return;
            };
            let to = Place {
                actor: inc.other,
                rel: Some(inc.rel),
                claim: 0,
                focus: Pane::Relations,
            };
            m.go(to);
        }
    }
}

/// Follows a relation removed since the revision (entry `k` in the diff's
/// relations) to its other end, selecting it there, when that actor is
/// still in the chart.
fn follow_gone(m: &mut Model, k: usize) {
    let Some(c) = &m.changes else { return };
    let Some(r) = c.gone_relation(k) else { return };
    let here = m.chart.dossier.actors[m.selected_actor()].id.as_str();
    let other = if r.from == here { &r.to } else { &r.from };
    let Some(a) = m.chart.actor_ix(other) else {
        m.message = Some(format!(
            "{} was removed since {} too",
            crate::sanitize::sanitize(other),
            c.rev
        ));
        return;
    };
    m.go(Place {
        actor: a,
        rel: None,
        claim: 0,
        focus: Pane::Relations,
    });
    m.select_gone(k);
}

/// `e` in the explorer: the selected claim, relation or actor.
fn edit_selected(m: &mut Model) {
    let item = match m.focus {
        Pane::Claims => m
            .selected_claim()
            .map(|(rel, claim)| Item::Claim { rel, claim }),
        Pane::Relations => m.selected_relation().map(|i| Item::Relation(i.rel)),
        Pane::Actors => {
            let a = m.selected_actor();
            (a < m.chart.dossier.actors.len()).then_some(Item::Actor(a))
        }
    };
    match item {
        Some(item) => m.edit(EditTarget::Item(item)),
        None => m.message = Some("nothing selected to edit".into()),
    }
}

/// `E`: the problems list.
fn open_problems(m: &mut Model) {
    if m.live.problems().is_empty() {
        m.message = Some("no problems: the chart loads without errors or warnings".into());
    } else {
        m.overlay = Overlay::Problems(Default::default());
    }
}

/// Keeps each pane's selection in view (after any action or a resize).
pub fn fix_scroll(m: &mut Model) {
    let n_actors = m.actor_count();
    m.actors.clamp(n_actors);
    let rows = m.pane_rows(Pane::Actors);
    m.actors.scroll_into_view(rows, n_actors);
    let rows = m.pane_rows(Pane::Relations);
    m.rel.scroll_into_view(rows, m.rel_rows());
    // Clamp the claims scroll only while the pane is shown: a terminal
    // shrunk below the minimum and back keeps its place.
    if let Some(r) = m.areas().and_then(|a| a.claims) {
        let width = layout::inner(r).width;
        let total = total_lines(m, width);
        let rows = layout::inner(r).height as usize;
        m.claim_scroll = m.claim_scroll.min(total.saturating_sub(rows));
        // Keep the selected card on screen (after a resize, say), when
        // there is one: a removed relation's claims scroll freely.
        let (top, bottom) = card_span(m, m.claim, width);
        if !m.claims.is_empty() && (bottom <= m.claim_scroll || top >= m.claim_scroll + rows.max(1))
        {
            m.claim_scroll = top;
        }
    }
}
