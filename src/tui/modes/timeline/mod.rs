//! The timeline (`t`, `T`): dated claims oldest first, in place of the
//! relations and claims panes; the keys it has not got go to the main panes.

pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::render;
