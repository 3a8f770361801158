//! The dossier: format types, loading, validation and diagnostics.

pub mod bundled;
pub mod chart;
pub mod diag;
pub mod load;
pub mod locate;
pub mod merge;
pub mod model;
pub mod parse;
pub mod progress;
pub mod read;
pub mod types;
pub mod validate;
pub mod watch;

pub use bundled::{BUNDLED, BUNDLED_NAME, TEMPLATE};
pub use chart::{assemble, expand, files_of, load_paths, load_paths_with};
pub use diag::{Diagnostic, Severity};
pub use load::{load_bundled, load_path, load_str};
pub use merge::merge;
pub use model::*;
pub use parse::{parse_bundled, parse_file, parse_file_with, parse_files, parse_files_with};
pub use types::{
    ClaimOrigin, Entry, FileInfo, FileText, Item, Loaded, Origin, Parsed, ParsedFile, Place,
    Provenance,
};
