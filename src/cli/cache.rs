//! The parsed cache on the command line: `--no-cache` (for every command)
//! and `linkchart cache` (`info`, `clear`).

use std::process::ExitCode;

use crate::dossier::cache::{self, Cache, DEFAULT_MAX_BYTES};
use crate::dossier::progress::human_bytes;
use crate::sanitize::sanitize;

/// The option every command takes.
#[derive(Debug, clap::Args)]
pub struct CacheFlag {
    /// Neither read nor write the parsed cache in this run
    /// [default: $XDG_CACHE_HOME/linkchart, else ~/.cache/linkchart].
    #[arg(long, global = true)]
    pub no_cache: bool,
}

impl CacheFlag {
    /// Makes this process's chart loads go through the user's cache,
    /// unless `--no-cache`; an error for a `LINKCHART_CACHE_SIZE` that is
    /// no size.
    pub fn apply(&self) -> Result<(), String> {
        if !self.no_cache
            && let Some(c) = Cache::from_env()?
        {
            cache::use_for_this_process(c);
        }
        Ok(())
    }
}

/// Prints, on standard error, a note for each damaged entry the cache met
/// (and ignored) since the last call.
pub fn print_notes() {
    for n in notes() {
        eprintln!("linkchart: note: {}", sanitize(&n));
    }
}

/// The notes of damaged entries met since the last call, taken.
pub fn notes() -> Vec<String> {
    cache::in_use().map(Cache::take_notes).unwrap_or_default()
}

// The variant's doc comment in mod.rs is the command's help.
#[derive(Debug, clap::Args)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Print where the cache is, what it holds and how large it may grow.
    Info,
    /// Remove everything the cache holds.
    Clear,
}

pub fn run(args: &CacheArgs) -> ExitCode {
    let cache = match Cache::from_env() {
        Ok(Some(c)) => c,
        Ok(None) => {
            eprintln!("linkchart: cache: no cache folder: neither XDG_CACHE_HOME nor HOME is set");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("linkchart: {}", sanitize(&e));
            return ExitCode::from(2);
        }
    };
    let dir = sanitize(&cache.dir().display().to_string()).into_owned();
    match args.action {
        Action::Info => {
            let u = cache.usage();
            let limit = if cache.max_bytes() == DEFAULT_MAX_BYTES {
                "the default; LINKCHART_CACHE_SIZE changes it"
            } else {
                "set by LINKCHART_CACHE_SIZE"
            };
            println!("folder: {dir}");
            println!(
                "holds:  {} entr{}, {}",
                u.entries,
                if u.entries == 1 { "y" } else { "ies" },
                human_bytes(u.bytes)
            );
            println!("limit:  {} ({limit})", human_bytes(cache.max_bytes()));
            ExitCode::SUCCESS
        }
        Action::Clear => match cache.clear() {
            Ok(u) => {
                eprintln!(
                    "removed {} entr{} ({}) from {dir}",
                    u.entries,
                    if u.entries == 1 { "y" } else { "ies" },
                    human_bytes(u.bytes)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("linkchart: cache clear: cannot empty {dir}: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
