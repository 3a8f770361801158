//! The explorer. Only `terminal` touches a terminal; the rest runs headless.

pub mod action;
pub mod app;
pub mod editor;
pub mod effects;
pub mod keep;
pub mod keymap;
pub mod keymap_user;
pub mod layout;
pub mod live;
pub mod loading;
pub mod problems;
pub mod render;
pub mod terminal;
pub mod theme;
pub mod theme_user;
pub mod timeline;
pub mod view;

pub use app::Model;
