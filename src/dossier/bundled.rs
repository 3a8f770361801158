//! The texts built into the binary: the seed dossier and the template.

/// The dossier bundled with the binary, from the seed report.
pub const BUNDLED: &str = include_str!("../../data/tunisia-israel.ron");
/// What `linkchart new` writes: a short, commented dossier to start from.
pub const TEMPLATE: &str = include_str!("../../data/template.ron");
/// The name the bundled dossier goes by in messages.
pub const BUNDLED_NAME: &str = "data/tunisia-israel.ron";
