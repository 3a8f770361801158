//! `linkchart import`: a dossier made from another format, written as
//! `export -o` writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{plural, print_diagnostics, write_stdout};
use crate::dossier;
use crate::sanitize::sanitize;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The format of FILE.
    #[arg(long, value_enum)]
    pub from: ImportFormat,
    /// Write to FILE.ron (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace the file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// The file to import; `-` reads standard input.
    pub file: PathBuf,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A STIX 2.1 bundle (a 2.0 bundle is read too).
    Stix,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    match args.from {
        ImportFormat::Stix => stix(&args.file, args.output.as_deref(), args.force),
    }
}

/// `import --from stix`: the bundle as RON, checked by loading it back
/// before anything is written.
fn stix(file: &Path, output: Option<&Path>, force: bool) -> ExitCode {
    let shown = if file.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        file.display().to_string()
    };
    let name = sanitize(&shown).into_owned();
    let text = match crate::import::read_file(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("linkchart: import: {name}: {}", sanitize(&e));
            return ExitCode::FAILURE;
        }
    };
    let imported = match crate::import::from_stix(&shown, &text) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("linkchart: import: {name}: {}", sanitize(&e));
            return ExitCode::FAILURE;
        }
    };
    drop(text);
    // What could not be imported, each named: enough to see what went
    // wrong, not a flood. Not warnings of the dossier, which `check` could
    // report: those come next.
    const SHOWN: usize = 100;
    for w in imported.warnings.iter().take(SHOWN) {
        eprintln!("linkchart: import: {name}: left out: {}", sanitize(w));
    }
    if imported.warnings.len() > SHOWN {
        eprintln!(
            "linkchart: import: {name}: … and {} more left out",
            imported.warnings.len() - SHOWN
        );
    }
    let ron = imported.to_ron();
    // Named as the file it is written to, so that its warnings are the
    // lines `check` prints on it.
    let written = match output {
        Some(path) => path.display().to_string(),
        None => format!("{name} as RON"),
    };
    let loaded = match dossier::load_str(&written, &ron) {
        Ok(l) => l,
        Err(diags) => {
            eprintln!(
                "linkchart: import: {name}: the dossier made from it does not load; nothing written:"
            );
            print_diagnostics(&diags);
            return ExitCode::FAILURE;
        }
    };
    print_diagnostics(&loaded.warnings);
    if let Some(path) = output
        && let (Ok(a), Ok(b)) = (path.canonicalize(), file.canonicalize())
        && a == b
    {
        eprintln!(
            "linkchart: import: {} is the file being imported; choose another output file",
            sanitize(&path.display().to_string())
        );
        return ExitCode::from(2);
    }
    match output {
        None => write_stdout(ron.as_bytes()),
        Some(path) => match crate::export::write::write_atomic(path, ron.as_bytes(), force) {
            Ok(()) => {
                let d = &imported.dossier;
                let claims: usize = d.relations.iter().map(|r| r.claims.len()).sum();
                let warnings = loaded.warnings.len();
                let left_out = match imported.warnings.len() {
                    0 => String::new(),
                    n => format!("; {n} left out (listed above)"),
                };
                eprintln!(
                    "linkchart: wrote {}: {} actor{}, {} relation{}, {} claim{}, {} source{}, {} warning{}{left_out}",
                    sanitize(&path.display().to_string()),
                    d.actors.len(),
                    plural(d.actors.len()),
                    d.relations.len(),
                    plural(d.relations.len()),
                    claims,
                    plural(claims),
                    d.sources.len(),
                    plural(d.sources.len()),
                    warnings,
                    plural(warnings),
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("linkchart: import: {}", sanitize(&e.to_string()));
                ExitCode::FAILURE
            }
        },
    }
}
