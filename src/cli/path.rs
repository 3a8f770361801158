//! `linkchart path`: the strongest chains between two actors (the shortest,
//! or up to a few hops longer), as a briefing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::common::{FilterArgs, load_or_report, resolve_actor, write_stdout};
use crate::filter::Counts;
use crate::graph::Chart;
use crate::sanitize::sanitize;
use crate::search::SearchIndex;
use crate::tui::model::PATH_LIMIT;
use crate::tui::model::path::MAX_LONGER;

#[derive(Debug, clap::Args)]
pub struct PathArgs {
    /// Where the chains start.
    pub from: String,
    /// Where the chains end.
    pub to: String,
    /// Dossier files or folders making one chart; without any, the bundled dossier.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Follow relations only in their own direction.
    #[arg(long)]
    pub directed: bool,
    /// Also chains up to N hops longer than the shortest (0 to 3), which
    /// may rest on stronger links.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=MAX_LONGER as i64))]
    pub longer: u8,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(args: &PathArgs) -> ExitCode {
    path(args)
}

fn path(args: &PathArgs) -> ExitCode {
    let PathArgs {
        from,
        to,
        files,
        directed,
        longer,
        filter,
    } = args;
    let directed = *directed;
    let loaded = match load_or_report(files) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let chart = Chart::from_loaded(loaded);
    let filter = match filter.to_filter(&chart) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("linkchart: {}", sanitize(&e));
            return ExitCode::from(2);
        }
    };
    let index = SearchIndex::new(&chart);
    let (a, b) = match (
        resolve_actor(&chart, &index, from),
        resolve_actor(&chart, &index, to),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("linkchart: path: {}", sanitize(&e));
            return ExitCode::from(2);
        }
    };
    let counts = Counts::compute(&chart, &filter);
    let chains = crate::paths::chains(
        &chart,
        &counts,
        a,
        b,
        directed,
        *longer as usize,
        PATH_LIMIT,
    );
    let d = &chart.dossier;
    if chains.is_empty() {
        let active = filter.describe();
        eprintln!(
            "linkchart: no {}path from {} ({}) to {} ({}){}",
            if directed { "directed " } else { "" },
            sanitize(&d.actors[a].name),
            sanitize(&d.actors[a].id),
            sanitize(&d.actors[b].name),
            sanitize(&d.actors[b].id),
            if active.is_empty() {
                String::new()
            } else {
                format!(" under the filter: {active}")
            }
        );
        return ExitCode::FAILURE;
    }
    let scope = crate::export::Scope::Path {
        chains: &chains,
        directed,
    };
    let text = crate::export::markdown(&chart, &filter, &counts, &scope, &crate::export::today());
    write_stdout(text.as_bytes())
}
