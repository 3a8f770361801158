//! The explorer. Only `terminal` touches a terminal; the rest runs headless.
//!
//! Each room uses only the rooms listed before it:
//!
//! - `model/`: the state and its vocabulary: `Model` and each mode's
//!   state, `Action`, keys and modes (`keymap`, with `keymap.ron`), `Theme`,
//!   the panes' `layout`, and the operations the modes share (moving the
//!   selection, filtering, find's queries, swapping a reloaded chart in).
//! - `widgets.rs`, `bars.rs`: drawing pieces every view uses; the title and
//!   status bars.
//! - `modes/<mode>/`: one folder per mode (`main`, `find`, `sources`,
//!   `help`, `timeline`, `problems`, `loading`), each with `update.rs`
//!   (`update(model, action)`, which alone changes the model) beside
//!   `view.rs` (which draws it from `&Model`).
//! - `app.rs`: dispatch only: key → action → the mode's `update` → lists
//!   kept in view; and the screen drawn by the modes' views.
//! - `render.rs` (headless), `effects.rs` (briefings, clipboard) and
//!   `terminal.rs` (the event loop) run it; `editor.rs` builds the editor's
//!   command line; `keymap_user.rs` and `theme_user.rs` read the user's
//!   keymap and theme files.
//!
//! A new mode goes in `modes/<mode>/{mod,update,view}.rs`, with its state in
//! `model/`, a `Mode` in `model/keymap.rs` (and its keys in `keymap.ron`),
//! and one line in each of `app.rs`'s tables.
//!
//! The re-exports below keep the paths used outside `tui/` short and
//! stable; inside `tui/`, files use the real paths.

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
