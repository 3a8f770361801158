//! The loading screen, shown until the chart is ready: it has its own small
//! model (`model::loading`), not the explorer's.

pub mod update;
pub mod view;

pub use update::update;
