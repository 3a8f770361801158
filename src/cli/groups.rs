//! `linkchart groups`: the actors in communities (Louvain) of the chart as
//! filtered, as Markdown or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{FilterArgs, Measured, write_stdout};
use crate::analysis;
use crate::export::esc;
use crate::sanitize::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupsFormat {
    /// Each group named by its most linked members, with the filters and
    /// the graph.
    Md,
    /// `[{"group": 1, "actors": ["a", "b", …]}, …]`: every actor in exactly
    /// one group.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct GroupsArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = GroupsFormat::Md)]
    pub format: GroupsFormat,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Dossier files or folders making one chart; without any, the bundled dossier.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

/// How many members name a group.
const NAMING: usize = 3;

pub fn run(args: &GroupsArgs) -> ExitCode {
    let m = match Measured::load("groups", &args.files, &args.filter) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let groups = analysis::groups(&m.graph);
    // Members most linked first (degree centrality), ties by id.
    let order = analysis::ranking(&m.chart, &analysis::degree(&m.graph));
    let mut place = vec![0; order.len()];
    for (i, &a) in order.iter().enumerate() {
        place[a] = i;
    }
    let mut lists = groups.groups.clone();
    for l in &mut lists {
        l.sort_by_key(|&a| place[a]);
    }
    let text = match args.format {
        GroupsFormat::Json => json(&m, &lists),
        GroupsFormat::Md => markdown(&m, &lists, groups.modularity),
    };
    write_stdout(text.as_bytes())
}

fn json(m: &Measured, lists: &[Vec<usize>]) -> String {
    #[derive(serde::Serialize)]
    struct Group<'a> {
        group: usize,
        actors: Vec<std::borrow::Cow<'a, str>>,
    }
    let out: Vec<Group> = lists
        .iter()
        .enumerate()
        .map(|(i, l)| Group {
            group: i + 1,
            actors: l
                .iter()
                .map(|&a| sanitize(&m.chart.dossier.actors[a].id))
                .collect(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&out).expect("groups serialise");
    s.push('\n');
    s
}

fn markdown(m: &Measured, lists: &[Vec<usize>], modularity: f64) -> String {
    let g = &m.graph;
    let (linked, alone): (Vec<&Vec<usize>>, Vec<&Vec<usize>>) = lists
        .iter()
        .partition(|l| l.len() > 1 || g.degree(l[0]) > 0);
    let mut out = format!("# Groups\n\n{}", m.preamble());
    out.push_str(&format!(
        "- Method: Louvain communities (as networkx `louvain_communities(G)`, from fixed node \
         orders so that the same chart gives the same groups): {} {}, modularity {modularity:.4}\n",
        linked.len(),
        if linked.len() == 1 { "group" } else { "groups" },
    ));
    for (i, l) in linked.iter().enumerate() {
        let names: Vec<String> = l
            .iter()
            .take(NAMING)
            .map(|&a| esc(&m.chart.dossier.actors[a].name))
            .collect();
        out.push_str(&format!(
            "\n## {}. {}{} ({} actors)\n\n",
            i + 1,
            names.join(", "),
            if l.len() > NAMING { ", …" } else { "" },
            l.len()
        ));
        let members: Vec<String> = l.iter().map(|&a| m.actor(a)).collect();
        out.push_str(&format!("Most linked first: {}.\n", members.join(", ")));
    }
    if !alone.is_empty() {
        let members: Vec<String> = alone.iter().map(|l| m.actor(l[0])).collect();
        out.push_str(&format!(
            "\n## In no visible relation ({} {})\n\nEach is a group of its own in `--format json`: {}.\n",
            alone.len(),
            if alone.len() == 1 { "actor" } else { "actors" },
            members.join(", ")
        ));
    }
    out
}
