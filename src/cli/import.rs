//! `linkchart import`: a dossier made from another format (a STIX file, or
//! a TAXII collection pulled through [`super::taxii`]), written as
//! `export -o` writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{plural, print_diagnostics, write_stdout};
use super::taxii::TaxiiArgs;
use crate::dossier;
use crate::sanitize::sanitize;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The format of FILE, or `taxii` for a collection's URL.
    #[arg(long, value_enum)]
    pub from: ImportFormat,
    /// Write to FILE.ron (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace the file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// TAXII: only the objects added after DATE (2024-03-01, or a
    /// timestamp such as the last date added that a pulled dossier's header
    /// records), with the earlier ones they refer to.
    #[arg(long, value_name = "DATE")]
    pub added_after: Option<String>,
    #[command(flatten)]
    pub taxii: TaxiiArgs,
    /// The file to import (`-` reads standard input); with --from taxii, the
    /// collection's URL (https://HOST/API-ROOT/collections/ID/).
    #[arg(value_name = "FILE|URL")]
    pub file: PathBuf,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A STIX 2.1 bundle (a 2.0 bundle is read too).
    Stix,
    /// A TAXII 2.1 collection (OpenCTI, MISP, a vendor feed): its objects,
    /// mapped as a STIX bundle of them is.
    Taxii,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    match args.from {
        ImportFormat::Stix => {
            let taxii_only = args
                .taxii
                .given()
                .or(args.added_after.as_ref().map(|_| "--added-after"));
            if let Some(opt) = taxii_only {
                eprintln!("linkchart: import: {opt} is for --from taxii");
                return ExitCode::from(2);
            }
            stix(&args.file, args.output.as_deref(), args.force)
        }
        ImportFormat::Taxii => taxii(args),
    }
}

/// `import --from taxii`: the collection's objects (added after a date) as
/// RON, checked by loading it back before anything is written; nothing is
/// written when the pull fails.
fn taxii(args: &ImportArgs) -> ExitCode {
    let Some(url) = args.file.to_str() else {
        eprintln!("linkchart: import: the collection's URL is not UTF-8");
        return ExitCode::from(2);
    };
    // Refuse to overwrite before the download, not after it.
    if let Some(path) = &args.output
        && let Err(e) = crate::export::write::refuse_existing(path, args.force)
    {
        eprintln!("linkchart: import: {}", sanitize(&e.to_string()));
        return ExitCode::FAILURE;
    }
    let pull = match super::taxii::pull(url, args.added_after.as_deref(), &args.taxii) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let name = sanitize(&pull.url).into_owned();
    if pull.pulled.objects.is_empty() {
        return match &pull.added_after {
            Some(after) => {
                eprintln!(
                    "linkchart: import: {name}: nothing was added after {}; nothing written",
                    sanitize(after)
                );
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "linkchart: import: {name}: the collection has no objects; nothing written"
                );
                ExitCode::FAILURE
            }
        };
    }
    let imported = match crate::import::taxii::from_pulled(
        &pull.pulled,
        &pull.url,
        pull.added_after.as_deref(),
    ) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("linkchart: import: {name}: {}", sanitize(&e));
            return ExitCode::FAILURE;
        }
    };
    drop(pull.pulled);
    write_imported(&name, imported, args.output.as_deref(), args.force)
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
    write_imported(&name, imported, output, force)
}

/// Tells what an import from `name` left out, checks that its dossier
/// loads, prints that dossier's warnings as `check` prints them, and writes
/// it (to `output`, else stdout).
fn write_imported(
    name: &str,
    imported: crate::import::Imported,
    output: Option<&Path>,
    force: bool,
) -> ExitCode {
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
