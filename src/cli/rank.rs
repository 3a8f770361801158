//! `linkchart rank`: the actors by a centrality measure of the chart as
//! filtered, as Markdown, CSV or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{FilterArgs, Measured, write_stdout};
use super::progress;
use crate::analysis::{self, Control, Measure, score_key, score_text};
use crate::sanitize::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankFormat {
    /// A Markdown table that says the measure, the filters and the graph.
    Md,
    /// `rank,id,name,score`, one actor a line.
    Csv,
    /// `[{"rank": 1, "id": …, "name": …, "score": …}, …]`.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RankArgs {
    /// The measure, as networkx computes it with its defaults.
    #[arg(long, value_name = "MEASURE", default_value = "betweenness", ignore_case = true, value_parser = measure_parser())]
    pub by: Measure,
    /// How many actors to list, best first (default: 20 in Markdown, every
    /// actor in csv and json).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: Option<u64>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = RankFormat::Md)]
    pub format: RankFormat,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Dossier files or folders making one chart; without any, the bundled dossier.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

/// The measures by name, so that a mistake lists them and shells complete them.
pub fn measure_parser() -> impl clap::builder::TypedValueParser<Value = Measure> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(Measure::names()).try_map(|s| Measure::parse(&s))
}

pub fn run(args: &RankArgs) -> ExitCode {
    let m = match Measured::load("rank", &args.files, &args.filter) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let Some(scores) = scores(&m, args.by) else {
        eprintln!(
            "linkchart: rank: eigenvector centrality does not settle on this graph within 100 \
             iterations (networkx raises PowerIterationFailedConvergence here too); try \
             another measure, or a filter"
        );
        return ExitCode::FAILURE;
    };
    let order = analysis::ranking(&m.chart, &scores);
    let top = match (args.top, args.format) {
        (Some(n), _) => n as usize,
        (None, RankFormat::Md) => 20,
        (None, _) => order.len(),
    };
    let shown = &order[..top.min(order.len())];
    let text = match args.format {
        RankFormat::Md => markdown(&m, args.by, &scores, shown),
        RankFormat::Csv => csv(&m, &scores, shown),
        RankFormat::Json => json(&m, &scores, shown),
    };
    write_stdout(text.as_bytes())
}

/// One measure's scores; `None` when eigenvector centrality does not
/// settle. Betweenness and closeness draw a progress bar on a terminal.
fn scores(m: &Measured, by: Measure) -> Option<Vec<f64>> {
    let g = &m.graph;
    Some(match by {
        Measure::Degree => analysis::degree(g),
        Measure::Pagerank => analysis::pagerank(g),
        Measure::Eigenvector => analysis::eigenvector(g)?,
        Measure::Betweenness | Measure::Closeness => {
            let control = Control::new();
            let label = format!("computing {by}");
            let paths = progress::with_count(
                &label,
                g.node_count(),
                || control.done(),
                || analysis::shortest_paths(g, &control),
            )?;
            if by == Measure::Betweenness {
                paths.betweenness
            } else {
                paths.closeness
            }
        }
    })
}

fn markdown(m: &Measured, by: Measure, scores: &[f64], shown: &[usize]) -> String {
    let mut out = format!("# Actors by {by}\n\n{}", m.preamble());
    out.push_str(&format!(
        "- Measure: {by}, {} (networkx `{}`)\n\n",
        by.meaning(),
        by.networkx()
    ));
    out.push_str(&format!("| # | actor | {by} |\n|---:|---|---:|\n"));
    for (i, &a) in shown.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            i + 1,
            m.actor(a),
            score_text(scores[a])
        ));
    }
    let n = scores.len();
    if shown.len() < n {
        out.push_str(&format!(
            "\nThe first {} of {n} actors (`--top N` for more).\n",
            shown.len()
        ));
    }
    out
}

fn csv(m: &Measured, scores: &[f64], shown: &[usize]) -> String {
    let field = |s: &str| {
        let s = sanitize(s);
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.into_owned()
        }
    };
    let mut out = String::from("rank,id,name,score\n");
    for (i, &a) in shown.iter().enumerate() {
        let actor = &m.chart.dossier.actors[a];
        out.push_str(&format!(
            "{},{},{},{}\n",
            i + 1,
            field(&actor.id),
            field(&actor.name),
            score_key(scores[a])
        ));
    }
    out
}

fn json(m: &Measured, scores: &[f64], shown: &[usize]) -> String {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        rank: usize,
        id: std::borrow::Cow<'a, str>,
        name: std::borrow::Cow<'a, str>,
        score: f64,
    }
    let rows: Vec<Row> = shown
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let actor = &m.chart.dossier.actors[a];
            Row {
                rank: i + 1,
                id: sanitize(&actor.id),
                name: sanitize(&actor.name),
                score: score_key(scores[a]),
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).expect("rows serialise");
    s.push('\n');
    s
}
