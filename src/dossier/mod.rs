//! The dossier: format types, loading, validation and diagnostics.
//!
//! Its files in layer order, each using only those listed before it:
//! - `bundled` (the texts built in), `model` (the format as serde types),
//!   `locate` (positions in RON text), `progress` (how far a load has got);
//! - `diag` (diagnostics), then `read` (a file's bytes → text) and
//!   `validate` (the format's rules the types cannot express);
//! - `types`: the data every step makes or reads: `ParsedFile`, `FileInfo`,
//!   `Entry`, `Loaded`, `Provenance` and the places in it;
//! - `parse`: one file's text → a `ParsedFile`, and several files at once;
//! - `merge`: parsed files → one validated, merged chart;
//! - `chart` (paths and folders → files → parsed → merged) and `load` (one
//!   file alone, from disk, text or the bundled dossier);
//! - `git` (a chart as it was at a git revision: the same parse and merge
//!   on the files of a commit's tree, read in process);
//! - `diff` (what changed between two merged charts, item by item; it
//!   needs only `model`);
//! - `watch`: reloading a chart in the background when its files change.

pub mod bundled;
pub mod chart;
pub mod diag;
pub mod diff;
pub mod git;
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
