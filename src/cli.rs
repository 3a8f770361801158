//! The command line: arguments (clap) and the commands behind them.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

mod progress;

use crate::config::Config;
use crate::dossier::diag::suggest;
use crate::dossier::{self, Diagnostic, Loaded, Reliability};
use crate::filter::{Counts, Filter};
use crate::graph::Chart;
use crate::sanitize::sanitize;
use crate::search::{SearchIndex, Target};
use crate::tui::Model;
use crate::tui::keymap::parse_keys;
use crate::tui::render::render_text;
use crate::tui::theme::Theme;

mod home;
mod import;
mod man;
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
                                             a dated chronology in Markdown";

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
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Filters that the explorer and `render` start with.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Show only claims from this source (by id); repeat for several.
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
    /// Keep only sources graded this or better (A best); ungraded count as F.
    #[arg(long, value_name = "A-F", ignore_case = true, hide_possible_values = true, value_parser = reliability_parser())]
    pub min_reliability: Option<Reliability>,
    /// Keep only claims graded this or better (1 best); ungraded count as 6.
    #[arg(long, value_name = "1-6", hide_possible_values = true, value_parser = credibility_parser())]
    pub min_credibility: Option<u8>,
    /// Keep only relations between actors of this kind (state, government,
    /// military, person, organization, group, public, or an Other kind);
    /// repeat for several.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Show only reported facts: hide claims backed only by assessments.
    #[arg(long)]
    pub hide_assessments: bool,
    /// Keep only claims dated in or after DATE (YYYY, YYYY-MM or
    /// YYYY-MM-DD; `2020` is the whole year). A claim without a date of its
    /// own takes its report's; undated claims are hidden, and counted.
    #[arg(long, value_name = "DATE", value_parser = crate::dates::Date::parse_arg)]
    pub since: Option<crate::dates::Date>,
    /// Keep only claims dated in or before DATE (same forms as --since).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::Date::parse_arg)]
    pub until: Option<crate::dates::Date>,
}

// Possible values, so that shells complete them.
fn reliability_parser() -> impl clap::builder::TypedValueParser<Value = Reliability> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(["A", "B", "C", "D", "E", "F"]).try_map(|s| parse_reliability(&s))
}

fn credibility_parser() -> impl clap::builder::TypedValueParser<Value = u8> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(["1", "2", "3", "4", "5", "6"]).try_map(|s| s.parse::<u8>())
}

fn parse_reliability(s: &str) -> Result<Reliability, String> {
    Reliability::ALL
        .into_iter()
        .find(|r| s.eq_ignore_ascii_case(&r.letter().to_string()))
        .ok_or_else(|| format!("`{s}` is not a reliability grade; expected a letter from A to F"))
}

impl FilterArgs {
    /// The filter these arguments ask for; unknown ids are an error naming
    /// the closest known id.
    pub fn to_filter(&self, chart: &Chart) -> Result<Filter, String> {
        let mut f = Filter::all(chart);
        if !self.sources.is_empty() {
            f.sources.iter_mut().for_each(|s| *s = false);
            for id in &self.sources {
                match chart.source_ix(id) {
                    Some(i) => f.sources[i] = true,
                    None => {
                        let hint = suggest(id, chart.dossier.sources.iter().map(|s| s.id.as_str()))
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                let ids: Vec<&str> = chart
                                    .dossier
                                    .sources
                                    .iter()
                                    .map(|s| s.id.as_str())
                                    .collect();
                                format!("; sources are: {}", ids.join(", "))
                            });
                        return Err(format!("--source: unknown source `{id}`{hint}"));
                    }
                }
            }
        }
        f.min_reliability = self.min_reliability;
        f.min_credibility = self.min_credibility;
        f.hide_assessments = self.hide_assessments;
        f.dates = crate::dates::Range::new(self.since, self.until)?;
        for k in &self.kinds {
            let known: Vec<String> = {
                let mut v: Vec<String> = chart
                    .dossier
                    .actors
                    .iter()
                    .map(|a| a.kind.label().to_lowercase())
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            if !known.iter().any(|x| x.eq_ignore_ascii_case(k)) {
                return Err(format!(
                    "--kind: no actor is of kind `{k}`; kinds here: {}",
                    known.join(", ")
                ));
            }
            f.actor_kinds.push(k.to_lowercase());
        }
        Ok(f)
    }
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
    Check {
        /// Dossier files, or folders (every *.ron below them), making one chart.
        #[arg(required = true, value_name = "PATH")]
        files: Vec<PathBuf>,
        /// Check each path as a chart of its own.
        #[arg(long)]
        each: bool,
        /// Check again on every save, printing the result afresh; Ctrl-c stops.
        #[arg(long)]
        watch: bool,
    },
    /// Write a short, commented dossier to start from (never overwriting).
    #[command(
        after_help = "Examples:\n  linkchart new analysis.ron && linkchart analysis.ron\n  linkchart new --bundled tunisia.ron"
    )]
    New {
        /// The file to create.
        file: PathBuf,
        /// Write the bundled dossier instead of the template.
        #[arg(long)]
        bundled: bool,
    },
    /// Print the explorer's screen as text, after pressing some keys.
    #[command(
        after_help = "Examples:\n  linkchart render --size 80x24\n  linkchart render --keys 'j j Tab Enter' data/tunisia-israel.ron\n  linkchart render --keys '/dubai<Enter>' --source jafaj-tn"
    )]
    Render {
        /// Screen size as WIDTHxHEIGHT.
        #[arg(long, default_value = "100x30", value_parser = parse_size)]
        size: (u16, u16),
        /// Keys to press first, in keymap notation: `j j Enter`, `/dubai<Enter>`.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        keys: String,
        #[command(flatten)]
        filter: FilterArgs,
        /// Dossier files or folders making one chart; without any, the bundled dossier.
        #[arg(value_name = "PATH")]
        files: Vec<PathBuf>,
    },
    /// Print the shortest chains of relations between two actors.
    ///
    /// FROM and TO are actor ids, names or aliases, matched fuzzily; an
    /// ambiguous name is reported with the candidates. Exit status 1 when no
    /// chain exists under the filters.
    #[command(
        after_help = "Examples:\n  linkchart path TN-BIZ US\n  linkchart path 'dubai businessman' 'united states' data/tunisia-israel.ron\n  linkchart path GOT GOI --directed --min-reliability C"
    )]
    Path {
        /// Where the chains start.
        from: String,
        /// Where the chains end.
        to: String,
        /// Dossier files or folders making one chart; without any, the bundled dossier.
        #[arg(value_name = "PATH")]
        files: Vec<PathBuf>,
        /// Follow relations only in their own direction.
        #[arg(long)]
        directed: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Write the validated dossier, or what the filters keep of it, in another
    /// format, to stdout or (with -o) to a file.
    #[command(
        after_help = "Examples:\n  linkchart export --format json data/tunisia-israel.ron | jq '.relations | map(.claims | length) | add'\n  linkchart export --format md --actor GOT --depth 2 -o got.md\n  linkchart export --format dot --min-reliability C | dot -Tsvg > chart.svg\n  linkchart export --format graphml --source jafaj-tn -o chart.graphml\n  linkchart export --format stix -o chart.stix.json\n  linkchart export --format ron --min-reliability C -o graded.ron"
    )]
    Export {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Only this actor (id, name or alias) and its neighbourhood.
        #[arg(long, value_name = "ACTOR")]
        actor: Option<String>,
        /// With --actor: how many hops out (1 to 3).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3), requires = "actor")]
        depth: u8,
        /// Write to FILE (atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// With -o: replace FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
        #[command(flatten)]
        filter: FilterArgs,
        /// Dossier files or folders to export as one chart; without any, the
        /// bundled dossier.
        #[arg(value_name = "PATH")]
        files: Vec<PathBuf>,
    },
    /// Make a dossier (RON) from another format, to stdout or (with -o) a file.
    ///
    /// What cannot be imported is named in warnings on stderr and skipped.
    /// Exit status 1 when the file cannot be read as the format.
    #[command(
        after_help = "Examples:\n  linkchart import --from stix apt1.json -o apt1.ron && linkchart apt1.ron\n  linkchart import --from stix report.json | less\n  curl -s https://example.org/bundle.json | linkchart import --from stix - -o feed.ron"
    )]
    Import {
        /// The format of FILE.
        #[arg(long, value_enum)]
        from: ImportFormat,
        /// Write to FILE.ron (atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// With -o: replace the file if it exists.
        #[arg(long, requires = "output")]
        force: bool,
        /// The file to import; `-` reads standard input.
        file: PathBuf,
    },
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
    Timeline {
        /// Only this actor (id, name or alias) and its neighbourhood.
        #[arg(long, value_name = "ACTOR")]
        actor: Option<String>,
        /// With --actor: how many hops out (1 to 3).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3), requires = "actor")]
        depth: u8,
        #[command(flatten)]
        filter: FilterArgs,
        /// Dossier; without it, the bundled dossier.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A STIX 2.1 bundle (a 2.0 bundle is read too).
    Stix,
}

fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("`{s}` is not WIDTHxHEIGHT, e.g. 100x30"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<u16>()
            .ok()
            .filter(|&n| n > 0 && n <= 1000)
            .ok_or_else(|| format!("`{v}` is not a size from 1 to 1000"))
    };
    Ok((n(w)?, n(h)?))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The dossier with the format's own field names, for jq and other
    /// tools (only what the filters and --actor keep).
    Json,
    /// A Markdown briefing.
    Md,
    /// Graphviz DOT: `dot -Tsvg`.
    Dot,
    /// GraphML, for Gephi and yEd.
    Graphml,
    /// A STIX 2.1 bundle, for OpenCTI, MISP and other threat-intelligence
    /// platforms (the README's table says what each field becomes).
    Stix,
    /// A dossier in RON, laid out like the bundled one.
    Ron,
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
    match cli.command {
        Some(Command::Keys) => home::keys(&config),
        Some(Command::Completions { shell }) => home::completions(shell),
        Some(Command::Man) => man::man(&config),
        Some(Command::Check { files, each, watch }) if watch => check_watch(&files, each),
        Some(Command::Check { files, each, .. }) => check(&files, each),
        Some(Command::New { file, bundled }) => new_file(&file, bundled),
        Some(Command::Export {
            format,
            actor,
            depth,
            output,
            force,
            filter,
            files,
        }) => export(
            ExportArgs {
                format,
                actor,
                depth,
                output,
                force,
            },
            &filter,
            &files,
        ),
        Some(Command::Render {
            size,
            keys,
            filter,
            files,
        }) => render(size, &keys, &filter, &files, &config),
        Some(Command::Path {
            from,
            to,
            files,
            directed,
            filter,
        }) => path(&from, &to, &files, directed, &filter),
        Some(Command::Timeline {
            actor,
            depth,
            filter,
            paths,
        }) => timeline(&paths, actor.as_deref(), depth, &filter),
        Some(Command::Import {
            from: ImportFormat::Stix,
            output,
            force,
            file,
        }) => import::stix(&file, output.as_deref(), force),
        None => explore(&cli.files, &cli.filter, &config, !cli.no_watch),
    }
}

/// Loads the chart made of `files`, or the bundled dossier when there are
/// none. Diagnostics of a failed load are printed to stderr.
pub fn load_or_report(files: &[PathBuf]) -> Result<Loaded, ExitCode> {
    let result = if files.is_empty() {
        dossier::load_bundled()
    } else {
        progress::with_bar(|p| dossier::load_paths_with(files, p))
    };
    result.map_err(|diags| {
        print_diagnostics(&diags);
        ExitCode::FAILURE
    })
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            err,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn check(files: &[PathBuf], each: bool) -> ExitCode {
    let mut ok = true;
    if each {
        for path in files {
            ok &= check_chart(std::slice::from_ref(path));
        }
    } else {
        ok = check_chart(files);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `check --watch`: checks now, then again after every save, each time on
/// a fresh screen (when stderr is a terminal) under a line saying when.
fn check_watch(files: &[PathBuf], each: bool) -> ExitCode {
    let clear = io::stderr().is_terminal();
    let header = |why: &str| {
        if clear {
            eprint!("\x1b[H\x1b[2J");
        }
        eprintln!("linkchart check --watch · {} · {why}", now_hms());
    };
    // Watching starts first, so that no save after the first check is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let (_reloader, status) = dossier::watch::Reloader::spawn(
        files,
        true,
        |_: &[PathBuf]| (),
        move |r| {
            let _ = tx.send(r.changed);
        },
    );
    if let Err(e) = status {
        eprintln!("linkchart: check --watch: {}", sanitize(&e));
        return ExitCode::from(2);
    }
    header("watching; Ctrl-c stops");
    check(files, each);
    while let Ok(changed) = rx.recv() {
        let names = dossier::watch::dossier_names(&changed);
        header(&format!("{} changed", sanitize(&names)));
        check(files, each);
    }
    ExitCode::SUCCESS
}

/// The time of day, `HH:MM:SS UTC`.
fn now_hms() -> String {
    let s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02} UTC", s / 3600, s / 60 % 60, s % 60)
}

/// `new`: the template (or the bundled dossier) in a new file; an existing
/// file is never replaced.
fn new_file(path: &Path, bundled: bool) -> ExitCode {
    let text = if bundled {
        dossier::BUNDLED
    } else {
        dossier::TEMPLATE
    };
    let shown = sanitize(&path.display().to_string()).into_owned();
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|_| f.sync_all()));
    match result {
        Ok(()) => {
            eprintln!("linkchart: wrote {shown}; open it with: linkchart {shown}");
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!(
                "linkchart: new: {shown} exists already; choose another name (it is left as it is)"
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("linkchart: new: cannot create {shown}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Checks the chart of `paths` as a whole: every problem of every file,
/// then one summary line. True when it is valid.
fn check_chart(paths: &[PathBuf]) -> bool {
    match progress::with_bar(|p| dossier::load_paths_with(paths, p)) {
        Ok(loaded) => {
            print_diagnostics(&loaded.warnings);
            let d = &loaded.dossier;
            let claims: usize = d.relations.iter().map(|r| r.claims.len()).sum();
            let count = |n: usize, what: &str| format!("{n} {what}{}", plural(n));
            let files = loaded.provenance.file_count();
            // One file: named, as it always was; a chart: counted.
            let head = match loaded.provenance.files.as_slice() {
                [one] => format!("{}: ok: ", sanitize(&one.name)),
                _ => format!("ok: {}, ", count(files, "file")),
            };
            eprintln!(
                "{head}{}, {}, {}, {}, {}",
                count(d.actors.len(), "actor"),
                count(d.relations.len(), "relation"),
                count(claims, "claim"),
                count(d.sources.len(), "source"),
                count(loaded.warnings.len(), "warning"),
            );
            true
        }
        Err(diags) => {
            print_diagnostics(&diags);
            false
        }
    }
}

struct ExportArgs {
    format: Format,
    actor: Option<String>,
    depth: u8,
    output: Option<PathBuf>,
    force: bool,
}

fn export(args: ExportArgs, filter: &FilterArgs, files: &[PathBuf]) -> ExitCode {
    use crate::export;
    let loaded = match load_or_report(files) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let usage = |e: String| {
        eprintln!("linkchart: export: {}", sanitize(&e));
        ExitCode::from(2)
    };
    // Never write over a file of the chart, not even with --force: it is
    // the analyst's own work.
    if let Some(output) = &args.output
        && let Ok(out) = output.canonicalize()
        && let Some(f) = loaded.provenance.files.iter().find(|f| {
            f.text == dossier::FileText::Disk && f.path.canonicalize().is_ok_and(|p| p == out)
        })
    {
        return usage(format!(
            "{} is {}; choose another output file",
            output.display(),
            if loaded.provenance.files.len() == 1 {
                "the dossier being exported".to_string()
            } else {
                format!("a file of the chart being exported ({})", f.name)
            }
        ));
    }
    let chart = Chart::from_loaded(loaded);
    let (filter, scope) = match filter_and_scope(&chart, filter, args.actor.as_deref(), args.depth)
    {
        Ok(fs) => fs,
        Err(e) => return usage(e),
    };
    let counts = Counts::compute(&chart, &filter);
    let out = match args.format {
        // Nothing filtered: the dossier exactly as loaded.
        Format::Json if filter.is_empty() && args.actor.is_none() => {
            export::json_export(&chart, &filter, &counts, None)
        }
        Format::Json => export::json_export(&chart, &filter, &counts, Some(&scope)),
        Format::Md => export::markdown(&chart, &filter, &counts, &scope, &export::today()),
        Format::Dot => export::dot(
            &chart,
            &filter,
            &counts,
            &export::select(&chart, &filter, &counts, &scope),
        ),
        Format::Graphml => export::graphml(
            &chart,
            &filter,
            &counts,
            &export::select(&chart, &filter, &counts, &scope),
        ),
        Format::Stix | Format::Ron => {
            let kept = if filter.is_empty() && args.actor.is_none() {
                chart.dossier.clone()
            } else {
                let sel = export::select(&chart, &filter, &counts, &scope);
                export::subset(&chart, &filter, &sel)
            };
            match args.format {
                Format::Stix => export::stix(&kept),
                _ => export::ron::ron(&kept),
            }
        }
    };
    match &args.output {
        None => write_stdout(out.as_bytes()),
        Some(path) => match export::write::write_atomic(path, out.as_bytes(), args.force) {
            Ok(()) => {
                eprintln!("linkchart: wrote {}", sanitize(&path.display().to_string()));
                ExitCode::SUCCESS
            }
            Err(e) => {
                // The error names the file already.
                eprintln!("linkchart: export: {}", sanitize(&e.to_string()));
                ExitCode::FAILURE
            }
        },
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linkchart: cannot write to stdout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Loads the chart and builds the explorer's model with the requested filter.
fn model_for(
    files: &[PathBuf],
    filter: &FilterArgs,
    size: (u16, u16),
    theme: Theme,
    config: &Config,
) -> Result<Model, ExitCode> {
    let read_at = std::time::SystemTime::now();
    let loaded = load_or_report(files)?;
    model_of(
        loaded,
        files,
        filter,
        theme,
        config.keymap.clone(),
        size,
        read_at,
    )
    .map_err(|e| {
        eprintln!("linkchart: {}", sanitize(&e));
        ExitCode::from(2)
    })
}

/// The explorer's model of a chart loaded from `files` at `read_at`, with
/// the filter asked for (whose mistakes are usage errors); the chart's
/// warnings go to the problems list.
fn model_of(
    mut loaded: Loaded,
    files: &[PathBuf],
    filter: &FilterArgs,
    theme: Theme,
    keymap: crate::tui::keymap::Keymap,
    size: (u16, u16),
    read_at: std::time::SystemTime,
) -> Result<Model, String> {
    let warnings = std::mem::take(&mut loaded.warnings);
    let chart = Chart::from_loaded(loaded);
    let filter = filter.to_filter(&chart)?;
    let mut model = Model::new(chart, Some(filter), theme, size.0, size.1);
    model.keymap = keymap;
    model.live.files = files.to_vec();
    model.live.warnings = warnings;
    model.live.read_at = Some(read_at);
    Ok(model)
}

fn render(
    size: (u16, u16),
    keys: &str,
    filter: &FilterArgs,
    files: &[PathBuf],
    config: &Config,
) -> ExitCode {
    let keys = match parse_keys(keys) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("linkchart: --keys: {}", sanitize(&e));
            return ExitCode::from(2);
        }
    };
    // Plain text has no styles, so the theme does not matter here.
    let mut model = match model_for(files, filter, size, Theme::mono(), config) {
        Ok(m) => m,
        Err(code) => return code,
    };
    for k in keys {
        model.handle_key(k);
        // Briefings are written as in the explorer; there is no terminal
        // to hold a clipboard.
        crate::tui::effects::run(&mut model, Path::new("."), &mut |_| {
            Err(io::Error::other("no clipboard in render"))
        });
        if model.quit {
            break;
        }
    }
    write_stdout(render_text(&model).as_bytes())
}

fn explore(files: &[PathBuf], filter: &FilterArgs, config: &Config, watch: bool) -> ExitCode {
    // `linkchart --kind state render` reads `render` as FILE: options go
    // after a subcommand's name.
    if let Some(f) = files.first()
        && !f.exists()
        && let Some(name) = f.to_str()
        && Cli::command()
            .get_subcommands()
            .any(|c| c.get_name() == name)
    {
        eprintln!(
            "linkchart: `{name}` is a command, not a file; put options after it: linkchart {name} [OPTIONS] …"
        );
        return ExitCode::from(2);
    }
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        eprintln!(
            "linkchart: the explorer needs a terminal; `linkchart render` prints a screen as text"
        );
        return ExitCode::from(2);
    }
    // What can be checked before the chart is read is checked before the
    // terminal is touched.
    if let Err(e) = crate::dates::Range::new(filter.since, filter.until) {
        eprintln!("linkchart: {}", sanitize(&e));
        return ExitCode::from(2);
    }
    explore_loading(files, filter, config, watch)
}

/// The explorer, with a loading screen while the chart loads on a thread.
fn explore_loading(
    files: &[PathBuf],
    filter: &FilterArgs,
    config: &Config,
    watch: bool,
) -> ExitCode {
    use crate::dossier::progress::{Progress, Step};
    use crate::tui::terminal::{Outcome, run_loading};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let progress = std::sync::Arc::new(Progress::default());
    let file_name = |p: &Path| {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        abs.file_name()
            .unwrap_or(p.as_os_str())
            .to_string_lossy()
            .into_owned()
    };
    let name = match files {
        [] => dossier::BUNDLED_NAME.to_string(),
        [one] => file_name(one),
        [first, rest @ ..] => format!("{} and {} more", file_name(first), rest.len()),
    };
    // Set when the chart loaded but the filter does not fit it (an unknown
    // source, a kind no actor has): a usage error, as in every command.
    let usage = Arc::new(AtomicBool::new(false));
    let load = {
        let (files, filter, progress) = (files.to_vec(), filter.clone(), progress.clone());
        let usage = Arc::clone(&usage);
        let (theme, keymap) = (config.theme_from_env(), config.keymap.clone());
        move || -> Result<Model, Vec<Diagnostic>> {
            let read_at = std::time::SystemTime::now();
            let loaded = if files.is_empty() {
                dossier::load_bundled()
            } else {
                dossier::load_paths_with(&files, &progress)
            }?;
            progress.step(Step::Indexing);
            let mut model = model_of(loaded, &files, &filter, theme, keymap, (80, 24), read_at)
                .map_err(|e| {
                    usage.store(true, Ordering::Relaxed);
                    vec![Diagnostic::error("linkchart", e)]
                })?;
            model.live.watch = watch;
            Ok(model)
        }
    };
    match run_loading(name, progress, load) {
        Ok(Outcome::Done | Outcome::Quit) => ExitCode::SUCCESS,
        Ok(Outcome::Failed(problems)) => {
            print_diagnostics(&problems);
            if usage.load(Ordering::Relaxed) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            // The terminal (and stderr with it) may be gone: never panic here.
            let _ = writeln!(io::stderr(), "linkchart: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves an actor by id, name or alias: exact (any case) first, then the
/// fuzzy best when it clearly beats the runner-up.
pub fn resolve_actor(chart: &Chart, index: &SearchIndex, query: &str) -> Result<usize, String> {
    let d = &chart.dossier;
    if let Some(a) = chart.actor_ix(query) {
        return Ok(a);
    }
    let exact: Vec<usize> = (0..d.actors.len())
        .filter(|&a| {
            let actor = &d.actors[a];
            actor.id.eq_ignore_ascii_case(query)
                || actor.name.to_lowercase() == query.to_lowercase()
                || actor
                    .aliases()
                    .iter()
                    .any(|al| al.to_lowercase() == query.to_lowercase())
        })
        .collect();
    if let [one] = exact.as_slice() {
        return Ok(*one);
    }
    let hits = index.search_actors(query, 50);
    // One entry per actor, best score first.
    let mut best: Vec<(usize, i64)> = Vec::new();
    for h in &hits {
        if let Target::Actor(a) = index.candidates[h.candidate].target
            && !best.iter().any(|&(b, _)| b == a)
        {
            best.push((a, h.score));
        }
    }
    let describe = |a: usize| format!("{} ({})", d.actors[a].name, d.actors[a].id);
    match best.as_slice() {
        [] => Err(format!("no actor matches `{query}`")),
        [(a, _)] => Ok(*a),
        [(a, s1), (_, s2), ..] if *s1 >= s2 + 20 => Ok(*a),
        many => {
            let names: Vec<String> = many.iter().take(5).map(|&(a, _)| describe(a)).collect();
            Err(format!(
                "`{query}` is ambiguous: it matches {}; give an id",
                names.join(", ")
            ))
        }
    }
}

fn path(from: &str, to: &str, files: &[PathBuf], directed: bool, filter: &FilterArgs) -> ExitCode {
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
    let chains =
        crate::paths::shortest_paths(&chart, &counts, a, b, directed, crate::tui::app::PATH_LIMIT);
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
    let scope = crate::export::Scope::Path { chains: &chains };
    let text = crate::export::markdown(&chart, &filter, &counts, &scope, &crate::export::today());
    write_stdout(text.as_bytes())
}

/// The filter the arguments ask for, and the scope of `--actor` (`--depth`
/// hops out) or the whole dossier; a mistake in either is a usage error.
fn filter_and_scope(
    chart: &Chart,
    filter: &FilterArgs,
    actor: Option<&str>,
    depth: u8,
) -> Result<(Filter, crate::export::Scope<'static>), String> {
    use crate::export::Scope;
    let filter = filter.to_filter(chart)?;
    let scope = match actor {
        Some(q) => Scope::Actor {
            actor: resolve_actor(chart, &SearchIndex::new(chart), q)?,
            depth: depth as usize,
        },
        None => Scope::Dossier,
    };
    Ok((filter, scope))
}

/// `linkchart timeline`: the chronology of the chart, or of an actor's
/// neighbourhood, as Markdown.
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
