//! Find (`/`) and picking a path's other end (`p`): a query, ranked hits.

pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::render;
