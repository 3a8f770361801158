//! The command line: the arguments (clap) and the routing to the commands.
//!
//! Map: `mod.rs` parses and routes; each command is one file:
//! `explore.rs` (the explorer, `linkchart [PATH...]`), `check.rs`, `new.rs`,
//! `render.rs`, `path.rs`, `export.rs`, `import.rs`, `timeline.rs`, `diff.rs`,
//! `home.rs` (`keys`, `completions`, the `--config` options) and `man.rs`.
//! What several commands share (the filter options, loading a chart and
//! reporting its problems, finding an actor, writing to stdout) is in
//! `common.rs`; `progress.rs` draws the loading bar on stderr; `taxii.rs`
//! speaks to a TAXII server for `import --from taxii` and `export --to`. A new command
//! is a new file with its `Args` struct and `run`, a variant of `Command`
//! and one line in `run` below.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

mod check;
mod common;
mod diff;
mod explore;
mod export;
mod home;
mod import;
mod man;
mod new;
mod path;
mod progress;
mod render;
mod taxii;
mod timeline;

use crate::config::Config;
pub use common::{FilterArgs, load_or_report, resolve_actor};
pub use home::ConfigArgs;

const EXAMPLES: &str = "\
Examples:
  linkchart                                  explore the bundled dossier
  linkchart --source jafaj-tn --min-reliability C data/tunisia-israel.ron
                                             explore with filters on
  linkchart check data/tunisia-israel.ron    validate a dossier
  linkchart reports/                         one chart of every *.ron in reports/
  linkchart path TN-BIZ US                   how two actors are connected
  linkchart export --format md --actor GOT -o briefing.md
                                             a briefing, written safely
  linkchart render --size 80x24 --keys '/dubai<Enter>'
                                             a screen as text, for scripts
  linkchart timeline --actor GOT --since 2022
                                             a dated chronology in Markdown
  linkchart diff HEAD~1:charts charts        what changed since the last commit";

/// Browse a graph of actors, relations and the sourced claims behind them.
#[derive(Debug, Parser)]
#[command(name = "linkchart", version, about, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Dossier files or folders to open as one chart (RON); without any,
    /// the bundled dossier.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Do not watch the file for changes (`R` still reloads by hand).
    #[arg(long)]
    pub no_watch: bool,
    /// Mark what changed since the git revision REV (HEAD~1, a tag, a
    /// hash, main@{yesterday}): the chart's PATHs as they were then are
    /// compared with them now; `C` shows only what changed.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a chart (one or more dossier files, or folders of them, as
    /// one chart): errors and warnings go to stderr.
    ///
    /// Exit status: 0 when every file is valid, 1 when any is not, 2 for usage errors.
    #[command(
        after_help = "Examples:\n  linkchart check data/tunisia-israel.ron\n  linkchart check reports/\n  linkchart check --each reports/*.ron"
    )]
    Check(check::CheckArgs),
    /// Write a short, commented dossier to start from (never overwriting).
    #[command(
        after_help = "Examples:\n  linkchart new analysis.ron && linkchart analysis.ron\n  linkchart new --bundled tunisia.ron"
    )]
    New(new::NewArgs),
    /// Print the explorer's screen as text, after pressing some keys.
    #[command(
        after_help = "Examples:\n  linkchart render --size 80x24\n  linkchart render --keys 'j j Tab Enter' data/tunisia-israel.ron\n  linkchart render --keys '/dubai<Enter>' --source jafaj-tn"
    )]
    Render(render::RenderArgs),
    /// Print the shortest chains of relations between two actors.
    ///
    /// FROM and TO are actor ids, names or aliases, matched fuzzily; an
    /// ambiguous name is reported with the candidates. Exit status 1 when no
    /// chain exists under the filters.
    #[command(
        after_help = "Examples:\n  linkchart path TN-BIZ US\n  linkchart path 'dubai businessman' 'united states' data/tunisia-israel.ron\n  linkchart path GOT GOI --directed --min-reliability C"
    )]
    Path(path::PathArgs),
    /// Write the validated dossier, or what the filters keep of it, in another
    /// format, to stdout or (with -o) to a file.
    #[command(
        after_help = "Examples:\n  linkchart export --format json data/tunisia-israel.ron | jq '.relations | map(.claims | length) | add'\n  linkchart export --format md --actor GOT --depth 2 -o got.md\n  linkchart export --format dot --min-reliability C | dot -Tsvg > chart.svg\n  linkchart export --format graphml --source jafaj-tn -o chart.graphml\n  linkchart export --format stix -o chart.stix.json\n  linkchart export --format ron --min-reliability C -o graded.ron"
    )]
    Export(export::ExportArgs),
    /// Make a dossier (RON) from another format, to stdout or (with -o) a file.
    ///
    /// What cannot be imported is named in warnings on stderr and skipped.
    /// Exit status 1 when the file cannot be read as the format.
    #[command(
        after_help = "Examples:\n  linkchart import --from stix apt1.json -o apt1.ron && linkchart apt1.ron\n  linkchart import --from stix report.json | less\n  curl -s https://example.org/bundle.json | linkchart import --from stix - -o feed.ron"
    )]
    Import(import::ImportArgs),
    // ---- Shell integration and the user's configuration (home.rs, man.rs)
    /// Print the keymap in effect: the built-in keys, changed by the user's
    /// keymap.ron (marked `*`).
    Keys,
    /// Print a completion script for SHELL (bash, zsh, fish, elvish, powershell).
    #[command(after_help = home::COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), with the keys in effect.
    #[command(after_help = "Example:\n  linkchart man > ~/.local/share/man/man1/linkchart.1")]
    Man,
    /// Print the chronology of the claims as Markdown: oldest first, grouped
    /// by year, each with its relation, Admiralty code and footnoted
    /// source, then the undated count.
    ///
    /// A claim without a date of its own takes its report's, marked
    /// `(report)`. Exit status 1 when no dated claim is left under the
    /// filters, 2 for usage errors.
    #[command(
        after_help = "Examples:\n  linkchart timeline --actor MAR\n  linkchart timeline --since 2020-09 --until 2020-10 data/tunisia-israel.ron\n  linkchart timeline --actor GOT --depth 2 --min-reliability C > got-chronology.md"
    )]
    Timeline(timeline::TimelineArgs),
    /// Print what changed between two versions of a chart, as a Markdown
    /// briefing or JSON: claims added, changed (a grade, a rewording, a
    /// source) and removed, and actors, sources and reports.
    ///
    /// OLD and NEW are each a dossier file, a folder of them, or REV:PATH:
    /// the file or folder at a git revision (HEAD~1, a tag, a hash,
    /// main@{yesterday}), read from the repository that holds PATH without
    /// touching the work tree. PATH is taken from the current folder. An
    /// item is the same whatever file holds it: moving, reordering and
    /// reformatting change nothing. Exit status 0 (with --exit-code, 1 when
    /// there are changes), 1 when a version does not load, 2 for usage
    /// errors (a revision or path that is not there).
    #[command(
        after_help = "Examples:\n  linkchart diff HEAD~1:charts charts\n  linkchart diff v1:charts/ HEAD:charts/ --format json | jq '.claims | length'\n  linkchart diff 'main@{yesterday}:tunisia.ron' tunisia.ron --min-reliability C\n  linkchart diff --exit-code old.ron new.ron > changes.md"
    )]
    Diff(diff::DiffArgs),
}

/// Runs a parsed command line; returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    // The user's files are read (and any mistake in them reported) before
    // the terminal is touched, by the commands that show keys or colours.
    let uses_config = matches!(
        cli.command,
        None | Some(Command::Render { .. } | Command::Keys | Command::Man)
    );
    let config = if uses_config {
        cli.config.load()
    } else {
        Ok(Config::builtin())
    };
    let config = match config {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    match &cli.command {
        Some(Command::Keys) => home::keys(&config),
        Some(Command::Completions { shell }) => home::completions(*shell, Cli::command()),
        Some(Command::Man) => man::man(&config, Cli::command()),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::New(args)) => new::run(args),
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Render(args)) => render::run(args, &config),
        Some(Command::Path(args)) => path::run(args),
        Some(Command::Timeline(args)) => timeline::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Import(args)) => import::run(args),
        None => {
            let cmd = Cli::command();
            let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
            let how = explore::How {
                watch: !cli.no_watch,
                changed_since: cli.changed_since.as_deref(),
            };
            explore::run(&cli.files, &cli.filter, &config, how, &names)
        }
    }
}
