//! The sources panel (`s`): the source filter.

pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::render;
