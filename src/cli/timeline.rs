//! `linkchart timeline`: the chronology of the chart, or of an actor's
//! neighbourhood, as Markdown.

use std::path::PathBuf;
use std::process::ExitCode;

use super::common::{FilterArgs, filter_and_scope, load_or_report, write_stdout};
use crate::filter::Counts;
use crate::graph::Chart;
use crate::sanitize::sanitize;

#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// Only this actor (id, name or alias) and its neighbourhood.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// With --actor: how many hops out (1 to 3).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3), requires = "actor")]
    pub depth: u8,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Dossier; without it, the bundled dossier.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: &TimelineArgs) -> ExitCode {
    timeline(&args.paths, args.actor.as_deref(), args.depth, &args.filter)
}

fn timeline(paths: &[PathBuf], actor: Option<&str>, depth: u8, filter: &FilterArgs) -> ExitCode {
    use crate::export::{self, Scope};
    let usage = |e: String| {
        eprintln!("linkchart: timeline: {}", sanitize(&e));
        ExitCode::from(2)
    };
    let loaded = match load_or_report(paths) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let chart = Chart::from_loaded(loaded);
    let (filter, scope) = match filter_and_scope(&chart, filter, actor, depth) {
        Ok(fs) => fs,
        Err(e) => return usage(e),
    };
    let counts = Counts::compute(&chart, &filter);
    match export::chronology(&chart, &filter, &counts, &scope, &export::today()) {
        Some(text) => write_stdout(text.as_bytes()),
        None => {
            let active = filter.describe();
            eprintln!(
                "linkchart: timeline: no dated claim {}{}",
                match scope {
                    Scope::Actor { actor, .. } => format!(
                        "about {} ({})",
                        sanitize(&chart.dossier.actors[actor].name),
                        sanitize(&chart.dossier.actors[actor].id)
                    ),
                    _ => "in the dossier".to_string(),
                },
                if active.is_empty() {
                    String::new()
                } else {
                    format!(" under the filter: {}", sanitize(&active))
                }
            );
            ExitCode::FAILURE
        }
    }
}
