//! The dossier: format types, loading, validation and diagnostics.

pub mod chart;
pub mod diag;
pub mod diff;
pub mod git;
pub mod load;
pub mod locate;
pub mod merge;
pub mod model;
pub mod progress;
pub mod validate;
pub mod watch;

pub use chart::{
    ClaimOrigin, Entry, FileInfo, FileText, Item, Origin, Parsed, ParsedFile, Place, Provenance,
    assemble, expand, files_of, load_paths, load_paths_with, parse_bundled, parse_file,
    parse_file_with, parse_files, parse_files_with,
};
pub use diag::{Diagnostic, Severity};
pub use load::{Loaded, load_bundled, load_path, load_str};
pub use merge::merge;
pub use model::*;

/// The dossier bundled with the binary, from the seed report.
pub const BUNDLED: &str = include_str!("../../data/tunisia-israel.ron");
/// What `linkchart new` writes: a short, commented dossier to start from.
pub const TEMPLATE: &str = include_str!("../../data/template.ron");
/// The name the bundled dossier goes by in messages.
pub const BUNDLED_NAME: &str = "data/tunisia-israel.ron";
