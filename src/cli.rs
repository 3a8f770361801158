//! The command line: arguments (clap) and the commands behind them.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::dossier::{self, Diagnostic, Loaded};

const EXAMPLES: &str = "\
Examples:
  linkchart                                  explore the bundled dossier
  linkchart check data/tunisia-israel.ron    validate a dossier
  linkchart export --format json data/tunisia-israel.ron | jq '.actors[].name'";

/// Browse a graph of actors, relations and the sourced claims behind them.
#[derive(Debug, Parser)]
#[command(name = "linkchart", version, about, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Dossier to open (RON); without it, the bundled dossier.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate dossiers: errors and warnings go to stderr.
    ///
    /// Exit status: 0 when every file is valid, 1 when any is not, 2 for usage errors.
    #[command(
        after_help = "Examples:\n  linkchart check data/tunisia-israel.ron\n  linkchart check reports/*.ron"
    )]
    Check {
        /// Dossier files to validate.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the validated dossier in another format to stdout.
    #[command(
        after_help = "Examples:\n  linkchart export --format json data/tunisia-israel.ron > dossier.json\n  linkchart export --format json data/tunisia-israel.ron | jq '.relations | map(.claims | length) | add'"
    )]
    Export {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Dossier to export; without it, the bundled dossier.
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The dossier's own field names, for jq and other tools.
    Json,
}

/// Runs a parsed command line; returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check { files }) => check(&files),
        Some(Command::Export { format, file }) => export(format, file.as_deref()),
        None => summary(cli.file.as_deref()),
    }
}

/// Loads FILE, or the bundled dossier when there is none. Diagnostics of a
/// failed load are printed to stderr.
pub fn load_or_report(file: Option<&Path>) -> Result<Loaded, ExitCode> {
    let result = match file {
        Some(path) => dossier::load_path(path),
        None => dossier::load_str(dossier::BUNDLED_NAME, dossier::BUNDLED),
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

fn check(files: &[PathBuf]) -> ExitCode {
    let mut ok = true;
    for path in files {
        match dossier::load_path(path) {
            Ok(loaded) => {
                print_diagnostics(&loaded.warnings);
                let d = &loaded.dossier;
                let claims: usize = d.relations.iter().map(|r| r.claims.len()).sum();
                eprintln!(
                    "{}: ok: {} actors, {} relations, {} claims, {} sources, {} warning{}",
                    crate::sanitize::sanitize(&path.display().to_string()),
                    d.actors.len(),
                    d.relations.len(),
                    claims,
                    d.sources.len(),
                    loaded.warnings.len(),
                    plural(loaded.warnings.len()),
                );
            }
            Err(diags) => {
                ok = false;
                print_diagnostics(&diags);
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn export(format: Format, file: Option<&Path>) -> ExitCode {
    let loaded = match load_or_report(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let out = match format {
        Format::Json => crate::export::json(&loaded.dossier),
    };
    write_stdout(out.as_bytes())
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

fn summary(file: Option<&Path>) -> ExitCode {
    let loaded = match load_or_report(file) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let d = &loaded.dossier;
    let mut s = format!("{}\n", d.title);
    for a in &d.actors {
        s.push_str(&format!("  {} [{}] {}\n", a.id, a.kind.badge(), a.name));
    }
    write_stdout(s.as_bytes())
}
