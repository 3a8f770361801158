//! The dossier: format types, loading, validation and diagnostics.

pub mod diag;
pub mod load;
pub mod locate;
pub mod model;
pub mod progress;
pub mod validate;

pub use diag::{Diagnostic, Severity};
pub use load::{Loaded, load_path, load_str};
pub use model::*;

/// The dossier bundled with the binary, from the seed report.
pub const BUNDLED: &str = include_str!("../../data/tunisia-israel.ron");
/// The name the bundled dossier goes by in messages.
pub const BUNDLED_NAME: &str = "data/tunisia-israel.ron";
