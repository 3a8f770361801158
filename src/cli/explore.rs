//! The explorer itself (`linkchart [PATH...]`): checks what can be checked
//! before the terminal is touched, then the loading screen and the explorer.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::cache;
use super::common::{FilterArgs, changes_since, model_of, print_diagnostics};
use crate::config::Config;
use crate::dossier::{self, Diagnostic};
use crate::sanitize::sanitize;
use crate::tui::Model;

/// How the explorer runs: watching its files, and marking what changed
/// since a git revision.
pub struct How<'a> {
    pub watch: bool,
    pub changed_since: Option<&'a str>,
}

/// `commands`: the names of the subcommands, which a mistyped command line
/// may have put where a file goes.
pub fn run(
    files: &[PathBuf],
    filter: &FilterArgs,
    config: &Config,
    how: How,
    commands: &[&str],
) -> ExitCode {
    // `linkchart --kind state render` reads `render` as FILE: options go
    // after a subcommand's name.
    if let Some(f) = files.first()
        && !f.exists()
        && let Some(name) = f.to_str()
        && commands.contains(&name)
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
    // A path that is not there or a folder with nothing to read: said
    // here, where it stays on screen, not in the explorer.
    let unusable = dossier::chart::unusable(files);
    if !unusable.is_empty() {
        print_diagnostics(&unusable);
        return ExitCode::FAILURE;
    }
    // A revision or path that is not there, found before the terminal.
    if let Some(rev) = how.changed_since {
        let checked = if files.is_empty() {
            Err(
                "give the PATH of a chart in a git repository (the bundled dossier has no history)"
                    .to_string(),
            )
        } else {
            crate::dossier::git::check_at(rev, files).map_err(|e| e.to_string())
        };
        if let Err(e) = checked {
            eprintln!("linkchart: --changed-since: {}", sanitize(&e));
            return ExitCode::from(2);
        }
    }
    explore_loading(files, filter, config, how)
}

/// The explorer, with a loading screen while the chart loads on a thread.
fn explore_loading(files: &[PathBuf], filter: &FilterArgs, config: &Config, how: How) -> ExitCode {
    let watch = how.watch;
    let changed_since = how.changed_since.map(str::to_string);
    use crate::dossier::progress::{Progress, Step};
    use crate::tui::model::loading::Failed;
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
    // source, a kind no actor has): a usage error, as in every command. Each
    // load says again, as a broken start loads until the files are fixed.
    let usage = Arc::new(AtomicBool::new(false));
    let load = {
        let (files, filter, progress) = (files.to_vec(), filter.clone(), progress.clone());
        let usage = Arc::clone(&usage);
        let (theme, keymap) = (config.theme_from_env(), config.keymap.clone());
        let name = name.clone();
        move || -> Result<Model, Failed> {
            usage.store(false, Ordering::Relaxed);
            let read_at = std::time::SystemTime::now();
            let loaded = if files.is_empty() {
                dossier::load_bundled()
            } else {
                dossier::load_paths_with(&files, &progress)
            };
            let loaded = match loaded {
                Ok(l) => l,
                Err(problems) => {
                    // The files are broken: their problems, watched until
                    // a save fixes them.
                    let mut waiting = Model::unopened(
                        &name,
                        theme,
                        keymap.clone(),
                        files.clone(),
                        watch,
                        problems.clone(),
                    );
                    waiting.live.read_at = Some(read_at);
                    return Err(Failed {
                        problems,
                        waiting: Some(Box::new(waiting)),
                    });
                }
            };
            progress.step(Step::Indexing);
            let mut model = model_of(
                loaded,
                &files,
                &filter,
                theme,
                keymap.clone(),
                (80, 24),
                read_at,
            )
            .map_err(|e| {
                usage.store(true, Ordering::Relaxed);
                Failed::usage(vec![Diagnostic::error("linkchart", e)])
            })?;
            model.live.watch = watch;
            // A damaged entry of the parsed cache, said on the status bar.
            if let Some(note) = cache::notes().into_iter().next() {
                model.message = Some(format!("note: {note}"));
            }
            if let Some(rev) = &changed_since {
                let changes = changes_since(rev, &files, &model.chart)
                    .map_err(|e| {
                        usage.store(true, Ordering::Relaxed);
                        Failed::usage(vec![Diagnostic::error("linkchart", e)])
                    })?
                    .map_err(Failed::usage)?;
                model.changes = Some(changes);
            }
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
