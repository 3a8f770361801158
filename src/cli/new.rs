//! `linkchart new`: a dossier to start from, never written over another.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::dossier;
use crate::sanitize::sanitize;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The file to create.
    pub file: PathBuf,
    /// Write the bundled dossier instead of the template.
    #[arg(long)]
    pub bundled: bool,
}

pub fn run(args: &NewArgs) -> ExitCode {
    new_file(&args.file, args.bundled)
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
