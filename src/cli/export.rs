//! `linkchart export`: the chart, or what the filters keep of it, in
//! another format; in STIX, to a file or pushed to a TAXII collection
//! (`--to`, through [`super::taxii`]).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{FilterArgs, filter_and_scope, load_or_report, write_stdout};
use super::taxii::TaxiiArgs;
use crate::dossier;
use crate::filter::Counts;
use crate::graph::Chart;
use crate::sanitize::sanitize;

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

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Only this actor (id, name or alias) and its neighbourhood.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// With --actor: how many hops out (1 to 3).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3), requires = "actor")]
    pub depth: u8,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// With --format stix: push the objects to the TAXII collection at URL
    /// (https://HOST/API-ROOT/collections/ID/) instead of writing them;
    /// exits 1 if the server reports any as failed.
    #[arg(long, value_name = "URL", conflicts_with = "output")]
    pub to: Option<String>,
    #[command(flatten)]
    pub taxii: TaxiiArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Dossier files or folders to export as one chart; without any, the
    /// bundled dossier.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

pub fn run(args: &ExportArgs) -> ExitCode {
    use crate::export;
    let (filter, files) = (&args.filter, &args.files);
    // The server's URL and credentials are checked before the chart loads.
    let client = match (&args.to, args.format) {
        (None, _) => {
            if let Some(opt) = args.taxii.given() {
                eprintln!("linkchart: export: {opt} is for --to URL");
                return ExitCode::from(2);
            }
            None
        }
        (Some(url), Format::Stix) => match super::taxii::connect("export", url, &args.taxii) {
            Ok(c) => Some(c),
            Err(code) => return code,
        },
        (Some(_), _) => {
            eprintln!(
                "linkchart: export: --to pushes STIX to a TAXII collection; add --format stix"
            );
            return ExitCode::from(2);
        }
    };
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
    if let Some(client) = &client {
        return super::taxii::push(client, &out);
    }
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
