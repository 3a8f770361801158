//! The measures by name, every score of a graph, and rankings.

use std::fmt;

use super::centrality::{self, Control};
use super::graph::MeasureGraph;
use crate::graph::{ActorIx, Chart};

/// A centrality measure, as networkx names and defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Degree,
    Betweenness,
    Closeness,
    Eigenvector,
    Pagerank,
}

impl Measure {
    /// Every measure, in the order the explorer cycles through them.
    pub const ALL: [Measure; 5] = [
        Measure::Betweenness,
        Measure::Degree,
        Measure::Closeness,
        Measure::Eigenvector,
        Measure::Pagerank,
    ];

    /// The name on the command line: `betweenness`.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::Eigenvector => "eigenvector",
            Measure::Pagerank => "pagerank",
        }
    }

    /// A short column heading: `betw.`.
    pub fn short(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betw.",
            Measure::Closeness => "close.",
            Measure::Eigenvector => "eigen.",
            Measure::Pagerank => "pagerank",
        }
    }

    /// The networkx call that gives the same scores.
    pub fn networkx(self) -> &'static str {
        match self {
            Measure::Degree => "degree_centrality(G)",
            Measure::Betweenness => "betweenness_centrality(G)",
            Measure::Closeness => "closeness_centrality(G)",
            Measure::Eigenvector => "eigenvector_centrality(G)",
            Measure::Pagerank => "pagerank(G)",
        }
    }

    /// What the measure tells an analyst, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Measure::Degree => "share of the other actors directly linked",
            Measure::Betweenness => "share of shortest chains that pass through the actor",
            Measure::Closeness => "how few steps the actor is from the others",
            Measure::Eigenvector => "linked to actors who are themselves well linked",
            Measure::Pagerank => "where a random walk along the relations spends its time",
        }
    }

    /// True for the measures that take one search per actor (seconds on
    /// ten thousand actors): betweenness and closeness.
    pub fn is_slow(self) -> bool {
        matches!(self, Measure::Betweenness | Measure::Closeness)
    }

    /// The next measure in [`Measure::ALL`], round.
    pub fn next(self) -> Measure {
        let i = Measure::ALL.iter().position(|&m| m == self).unwrap_or(0);
        Measure::ALL[(i + 1) % Measure::ALL.len()]
    }

    /// `degree`, `Betweenness`, …: the name, any case; the error lists the
    /// valid names.
    pub fn parse(s: &str) -> Result<Measure, String> {
        Measure::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a measure; expected one of: {}",
                    Measure::names().join(", ")
                )
            })
    }

    /// The names, in the order of the command line's help.
    pub fn names() -> [&'static str; 5] {
        [
            "degree",
            "betweenness",
            "closeness",
            "eigenvector",
            "pagerank",
        ]
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every measure of one graph, by actor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub degree: Vec<f64>,
    pub betweenness: Vec<f64>,
    pub closeness: Vec<f64>,
    /// `None` when the power iteration did not settle.
    pub eigenvector: Option<Vec<f64>>,
    pub pagerank: Vec<f64>,
}

impl Scores {
    /// Every measure of `g`; `None` when `control` was cancelled.
    pub fn compute(g: &MeasureGraph, control: &Control) -> Option<Scores> {
        let paths = centrality::shortest_paths(g, control)?;
        Some(Scores {
            betweenness: paths.betweenness,
            closeness: paths.closeness,
            ..Scores::quick(g)
        })
    }

    /// The measures that take milliseconds (degree, eigenvector and
    /// pagerank), betweenness and closeness left empty.
    pub fn quick(g: &MeasureGraph) -> Scores {
        Scores {
            degree: centrality::degree(g),
            betweenness: Vec::new(),
            closeness: Vec::new(),
            eigenvector: centrality::eigenvector(g),
            pagerank: centrality::pagerank(g),
        }
    }

    /// One measure's scores; `None` when not computed (or, for
    /// eigenvector, not settled).
    pub fn get(&self, m: Measure) -> Option<&[f64]> {
        let v: &[f64] = match m {
            Measure::Degree => &self.degree,
            Measure::Betweenness => &self.betweenness,
            Measure::Closeness => &self.closeness,
            Measure::Eigenvector => self.eigenvector.as_deref()?,
            Measure::Pagerank => &self.pagerank,
        };
        (v.len() == self.degree.len()).then_some(v)
    }

    /// Bytes held by the scores.
    pub fn memory_bytes(&self) -> usize {
        let eig = self.eigenvector.as_ref().map_or(0, Vec::capacity);
        (self.degree.capacity()
            + self.betweenness.capacity()
            + self.closeness.capacity()
            + eig
            + self.pagerank.capacity())
            * std::mem::size_of::<f64>()
    }
}

/// A score as compared and printed: rounded to 12 decimals, so that two
/// scores equal but for the last bits of floating point tie (every score
/// lies between 0 and 1).
pub fn score_key(s: f64) -> f64 {
    (s * 1e12).round() / 1e12
}

/// A score for people: four decimals, or three significant digits when
/// smaller than a thousandth.
pub fn score_text(s: f64) -> String {
    let s = score_key(s);
    if s == 0.0 {
        "0".to_string()
    } else if s >= 1e-3 {
        format!("{s:.4}")
    } else {
        format!("{s:.2e}")
    }
}

/// Actors by score, highest first; ties by id.
pub fn ranking(chart: &Chart, scores: &[f64]) -> Vec<ActorIx> {
    let mut order: Vec<ActorIx> = (0..scores.len()).collect();
    let id = |a: ActorIx| chart.dossier.actors[a].id.as_str();
    order.sort_by(|&a, &b| {
        score_key(scores[b])
            .total_cmp(&score_key(scores[a]))
            .then_with(|| id(a).cmp(id(b)))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::Measure;

    #[test]
    fn names_parse_and_cycle() {
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.name()), Ok(m));
            assert_eq!(Measure::parse(&m.name().to_uppercase()), Ok(m));
        }
        let err = Measure::parse("centrality").unwrap_err();
        assert!(
            err.contains("degree, betweenness, closeness, eigenvector, pagerank"),
            "{err}"
        );
        let mut m = Measure::Betweenness;
        for _ in 0..Measure::ALL.len() {
            m = m.next();
        }
        assert_eq!(m, Measure::Betweenness);
        let mut names = Measure::names().to_vec();
        names.sort();
        let mut all: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
        all.sort();
        assert_eq!(names, all);
    }
}
