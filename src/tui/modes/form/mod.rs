//! Capture's forms (`a`, `n`, `N`, `S`): a claim, a relation, an actor or a
//! source, typed in fields and written into the chart's files in place.

pub mod update;
pub mod view;

pub use update::{paste, update};
pub use view::render;
