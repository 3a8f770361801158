//! Help (`?`): the keymap of every mode, then how to read the screen and the
//! grading scales.

pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::render;
