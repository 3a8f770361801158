//! The main panes: actors, relations, claims (and the path view and the
//! neighbourhood drawing in their place). `update` takes their keys; `view`
//! lays the panes out, each drawn by its own file.

pub mod actors;
pub mod claims;
pub mod neighbourhood;
pub mod path;
pub mod relations;
pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::render;
