//! The problems list (`E`) and the problems bar shown while a save has
//! broken the chart.

pub mod update;
pub mod view;

pub use update::{fix_scroll, update};
pub use view::{bar, render};
