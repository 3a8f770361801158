//! `linkchart render`: the explorer's screen as text, after some keys.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::common::{
    FilterArgs, changes_since, load_or_report, model_of, print_diagnostics, write_stdout,
};
use crate::config::Config;
use crate::sanitize::sanitize;
use crate::tui::Model;
use crate::tui::keymap::parse_keys;
use crate::tui::render::render_text;
use crate::tui::theme::Theme;

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Screen size as WIDTHxHEIGHT.
    #[arg(long, default_value = "100x30", value_parser = parse_size)]
    pub size: (u16, u16),
    /// Keys to press first, in keymap notation: `j j Enter`, `/dubai<Enter>`.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub keys: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Mark what changed since the git revision REV, as the explorer's
    /// option of that name does.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Dossier files or folders making one chart; without any, the bundled dossier.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

pub fn run(args: &RenderArgs, config: &Config) -> ExitCode {
    render(args, config)
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

fn render(args: &RenderArgs, config: &Config) -> ExitCode {
    let (size, filter, files) = (args.size, &args.filter, &args.files);
    let keys = match parse_keys(&args.keys) {
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
    if let Some(rev) = &args.changed_since {
        match changes_since(rev, files, &model.chart) {
            Ok(Ok(c)) => model.changes = Some(c),
            Ok(Err(diags)) => {
                print_diagnostics(&diags);
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("linkchart: {}", sanitize(&e));
                return ExitCode::from(2);
            }
        }
    }
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
