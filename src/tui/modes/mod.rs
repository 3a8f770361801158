//! The explorer's modes, one folder each: `update.rs` takes the mode's
//! actions (`update(model, action) -> Handled`, and `fix_scroll(model)` when
//! it scrolls), `view.rs` draws it from `&Model`. A mode uses the model and
//! the shared widgets below it, never another mode; `app.rs` above
//! dispatches to them. A new mode is a new folder here, a `Mode` in
//! `model/keymap.rs`, its state in `model/`, and a line in each of
//! `app.rs`'s tables.

pub mod find;
pub mod form;
pub mod help;
pub mod loading;
pub mod main;
pub mod measures;
pub mod problems;
pub mod sources;
pub mod timeline;
