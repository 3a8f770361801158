//! The neighbourhood drawing: the selected actor's ego network to depth
//! 1–3, the actor centred, rings by distance, labels kept apart, and each
//! relation drawn by strength: double line when corroborated, single line
//! for a single source, dotted when only assessments back it.

use std::f64::consts::{PI, TAU};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Painter, Shape};
use unicode_width::UnicodeWidthStr;

use crate::filter::{Counts, Strength};
use crate::graph::{ActorIx, Chart, RelIx};
use crate::paths::neighbourhood;
use crate::tui::model::text::{one_line, truncate};
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::pane_block;

/// Actors drawn at most; the rest are counted in the legend.
pub const MAX_NODES: usize = 48;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub actor: ActorIx,
    pub dist: usize,
    /// Position in cells, from the top-left of the drawing area.
    pub x: f64,
    pub y: f64,
    /// The label and the cell where it starts, if one fits.
    pub label: Option<(String, u16, u16)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub rel: RelIx,
    pub a: usize,
    pub b: usize,
    pub strength: Strength,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EgoLayout {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Actors within the depth not drawn for lack of room.
    pub hidden: usize,
}

/// Lays out `center`'s neighbourhood in a `cols`×`rows` cell area.
pub fn layout(
    chart: &Chart,
    counts: &Counts,
    center: ActorIx,
    depth: usize,
    cols: u16,
    rows: u16,
) -> EgoLayout {
    let (actors, rels) = neighbourhood(chart, counts, center, depth);
    let hidden = actors.len().saturating_sub(MAX_NODES);
    let actors = &actors[..actors.len().min(MAX_NODES)];
    let mut index = std::collections::HashMap::new();
    for (i, &(a, _)) in actors.iter().enumerate() {
        index.insert(a, i);
    }
    // Each node's parent: the first drawn node one ring in that links to it.
    let mut parent = vec![usize::MAX; actors.len()];
    for &r in &rels {
        let (a, b) = chart.ends(r);
        for (x, y) in [(a, b), (b, a)] {
            if let (Some(&ix), Some(&iy)) = (index.get(&x), index.get(&y))
                && actors[iy].1 == actors[ix].1 + 1
                && parent[iy] == usize::MAX
            {
                parent[iy] = ix;
            }
        }
    }
    let (cx, cy) = (cols as f64 / 2.0, rows as f64 / 2.0);
    let max_d = actors.iter().map(|&(_, d)| d).max().unwrap_or(0).max(1) as f64;
    let mut angle = vec![0.0f64; actors.len()];
    let mut nodes: Vec<Node> = Vec::with_capacity(actors.len());
    for ring in 0..=depth {
        let mut members: Vec<usize> = (0..actors.len()).filter(|&i| actors[i].1 == ring).collect();
        // Children near their parents: order a ring by the parent's angle.
        members.sort_by(|&i, &j| {
            let pa = |k: usize| {
                if parent[k] == usize::MAX {
                    0.0
                } else {
                    angle[parent[k]]
                }
            };
            pa(i).total_cmp(&pa(j)).then(i.cmp(&j))
        });
        let n = members.len().max(1) as f64;
        for (k, &i) in members.iter().enumerate() {
            let t = -PI / 2.0 + TAU * k as f64 / n + if ring % 2 == 0 { 0.0 } else { PI / n };
            angle[i] = t.rem_euclid(TAU);
            let frac = ring as f64 / max_d;
            let rx = (cx - 2.0).max(1.0) * frac;
            let ry = (cy - 1.0).max(1.0) * frac;
            nodes.push(Node {
                actor: actors[i].0,
                dist: ring,
                x: cx + rx * t.cos(),
                y: cy + ry * t.sin(),
                label: None,
            });
        }
    }
    // Labels: nearest first, moved up or down a row or shortened to the id
    // when they would overlap one already placed; left out as a last resort.
    let mut taken: Vec<(u16, u16, u16)> = Vec::new();
    let max_w = (cols as usize / 4).clamp(6, 24);
    for node in &mut nodes {
        let actor = &chart.dossier.actors[node.actor];
        // The full name when it fits, else the id (short and unique: two
        // names cut to "Government o…" would be ambiguous), else the name cut.
        let name = one_line(&actor.name);
        let id = one_line(&actor.id);
        let names = if chart.namesake(node.actor) && id.width() <= max_w {
            // Another actor has this name: the id tells them apart.
            [id.to_string(), truncate(name, max_w)]
        } else if name.width() <= max_w {
            [name.to_string(), truncate(id, max_w)]
        } else if id.width() <= max_w {
            [id.to_string(), truncate(name, max_w)]
        } else {
            [truncate(name, max_w), truncate(id, max_w)]
        };
        'found: for name in names {
            let w = name.width() as u16;
            if w == 0 || w > cols {
                continue;
            }
            for dy in [0i32, -1, 1, -2, 2] {
                let row = node.y.round() as i32 + dy;
                if row < 0 || row >= rows as i32 {
                    continue;
                }
                let col = (node.x - w as f64 / 2.0)
                    .round()
                    .clamp(0.0, (cols - w) as f64) as u16;
                let row = row as u16;
                let clash = taken
                    .iter()
                    .any(|&(r, c0, c1)| r == row && col < c1 + 1 && c0 < col + w + 1);
                if !clash {
                    taken.push((row, col, col + w));
                    node.label = Some((name, col, row));
                    break 'found;
                }
            }
        }
    }
    let mut edges = Vec::new();
    for &r in &rels {
        let (a, b) = chart.ends(r);
        if a == b {
            continue;
        }
        if let (Some(&ia), Some(&ib)) = (index.get(&a), index.get(&b)) {
            // Nodes were pushed ring by ring: find their positions.
            let pos = |ix: usize| {
                nodes
                    .iter()
                    .position(|n| n.actor == actors[ix].0)
                    .unwrap_or(0)
            };
            edges.push(Edge {
                rel: r,
                a: pos(ia),
                b: pos(ib),
                strength: counts.strength(r),
            });
        }
    }
    EgoLayout {
        nodes,
        edges,
        hidden,
    }
}

/// One relation as a line of braille dots, patterned by strength.
struct EdgeLine {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    strength: Strength,
    color: Color,
}

impl Shape for EdgeLine {
    fn draw(&self, painter: &mut Painter) {
        let (Some((ax, ay)), Some((bx, by))) = (
            painter.get_point(self.x1, self.y1),
            painter.get_point(self.x2, self.y2),
        ) else {
            return;
        };
        let (ax, ay, bx, by) = (ax as i64, ay as i64, bx as i64, by as i64);
        let steps = (bx - ax).abs().max((by - ay).abs()).max(1);
        let steep = (by - ay).abs() > (bx - ax).abs();
        for k in 0..=steps {
            if self.strength == Strength::Assessed && k % 3 != 0 {
                continue;
            }
            let x = ax + (bx - ax) * k / steps;
            let y = ay + (by - ay) * k / steps;
            painter.paint(x as usize, y as usize, self.color);
            if self.strength == Strength::Corroborated {
                // A parallel line one dot over: a double stroke.
                let (px, py) = if steep { (x + 1, y) } else { (x, y + 1) };
                if px >= 0 && py >= 0 {
                    painter.paint(px as usize, py as usize, self.color);
                }
            }
        }
    }
}

pub fn render(m: &Model, depth: usize, area: Rect, buf: &mut Buffer) {
    let center = m.selected_actor();
    let title = format!(
        " Neighbourhood of {} · depth {depth} (+/-) ",
        one_line(&m.chart.dossier.actors[center].id)
    );
    let block = pane_block(m, Pane::Claims, title, area);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let draw = Rect {
        height: inner.height - 1,
        ..inner
    };
    let lay = layout(&m.chart, &m.counts, center, depth, draw.width, draw.height);
    let color = |s: Strength| {
        match s {
            Strength::Corroborated => m.theme.arrow.fg,
            Strength::Single => m.theme.grade.fg,
            _ => m.theme.faint.fg,
        }
        .unwrap_or(Color::Reset)
    };
    let (w, h) = (draw.width as f64, draw.height as f64);
    Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, w])
        .y_bounds([0.0, h])
        .paint(|ctx| {
            for e in &lay.edges {
                let (a, b) = (&lay.nodes[e.a], &lay.nodes[e.b]);
                // Canvas y grows upwards; layout rows grow downwards.
                ctx.draw(&EdgeLine {
                    x1: a.x,
                    y1: h - a.y,
                    x2: b.x,
                    y2: h - b.y,
                    strength: e.strength,
                    color: color(e.strength),
                });
            }
        })
        .render(draw, buf);
    for n in &lay.nodes {
        if let Some((label, col, row)) = &n.label {
            let style = if n.dist == 0 {
                m.theme.cursor
            } else {
                Style::new()
            };
            // Clear the strokes under the label first: their colour would
            // otherwise stay on its letters.
            let (x, y) = (draw.x + col, draw.y + row);
            for dx in 0..label.width() as u16 {
                if let Some(cell) = buf.cell_mut((x + dx, y)) {
                    cell.reset();
                }
            }
            buf.set_string(x, y, label, style);
        }
    }
    // The legend draws each stroke as the drawing does.
    let mut legend = vec![
        Span::styled("⠶⠶", m.theme.arrow),
        Span::raw(" corroborated  "),
        Span::styled("⠒⠒", m.theme.grade),
        Span::raw(" single source  "),
        Span::styled("⠂⠐", m.theme.faint),
        Span::raw(" assessments only"),
    ];
    if lay.hidden > 0 {
        legend.push(Span::styled(
            format!("  +{} not drawn", lay.hidden),
            m.theme.warn,
        ));
    }
    Line::from(legend).render(
        Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
        buf,
    );
}
