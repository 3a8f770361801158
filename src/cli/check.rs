//! `linkchart check`: validate a chart, once or on every save.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use super::cache;
use super::common::{plural, print_diagnostics};
use super::progress;
use crate::dossier;
use crate::sanitize::sanitize;

// The variant's doc comment in mod.rs is the command's help.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Dossier files, or folders (every *.ron below them), making one chart.
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,
    /// Check each path as a chart of its own.
    #[arg(long)]
    pub each: bool,
    /// Check again on every save, printing the result afresh; Ctrl-c stops.
    #[arg(long)]
    pub watch: bool,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    if args.watch {
        check_watch(&args.files, args.each)
    } else {
        check(&args.files, args.each, true)
    }
}

/// `last`: the process ends after this check, so the last chart is left
/// to the operating system rather than freed item by item.
fn check(files: &[PathBuf], each: bool, last: bool) -> ExitCode {
    let mut ok = true;
    if each {
        for (k, path) in files.iter().enumerate() {
            ok &= check_chart(std::slice::from_ref(path), last && k + 1 == files.len());
        }
    } else {
        ok = check_chart(files, last);
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
    check(files, each, false);
    while let Ok(changed) = rx.recv() {
        let names = dossier::watch::dossier_names(&changed);
        header(&format!("{} changed", sanitize(&names)));
        check(files, each, false);
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

/// Checks the chart of `paths` as a whole: every problem of every file,
/// then one summary line. True when it is valid. `leave`: the chart is
/// not freed (the process is about to end: freeing a large chart's every
/// string would only delay the exit).
fn check_chart(paths: &[PathBuf], leave: bool) -> bool {
    let loaded = progress::with_bar(|p| dossier::load_paths_with(paths, p));
    // Under `--watch` the process goes on: the cache's notes now.
    cache::print_notes();
    match loaded {
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
            if leave {
                std::mem::forget(loaded);
            }
            true
        }
        Err(diags) => {
            print_diagnostics(&diags);
            false
        }
    }
}
