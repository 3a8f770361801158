//! The measures view (`m`): every actor ranked by a centrality measure of
//! the chart as filtered, with all five measures in columns, over the
//! whole body; the keys it has not got (the filters, sources, help) go to
//! the main panes, and the ranking follows them.

pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::render;
