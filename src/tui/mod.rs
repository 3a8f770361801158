//! The explorer. Only `terminal` touches a terminal; the rest runs headless.

pub mod app;
pub mod bars;
pub mod editor;
pub mod effects;
pub mod keymap_user;
pub mod model;
pub mod modes;
pub mod render;
pub mod terminal;
pub mod theme_user;
pub mod widgets;

pub use model::Model;
pub use model::{action, keymap, layout, theme};
