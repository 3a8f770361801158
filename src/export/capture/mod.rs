//! Capture: adding a claim, a relation, an actor or a source to the files
//! of a chart, in place, from the explorer.
//!
//! - [`insert`](mod@insert): the text edit, pure: a file's text with the
//!   item appended to its list, laid out like its neighbours, every other
//!   byte unchanged, checked to load back.
//! - [`target`]: which file of the chart an item goes into (FORMAT.md's
//!   rule).
//! - [`save`](mod@save): the file side: refusing a file that cannot be
//!   written before anything is typed, the atomic write into the file as
//!   it is when saving, and the undo that restores it byte for byte.

pub mod insert;
pub mod save;
pub mod target;

pub use insert::{Addition, InsertError, Insertion, Landed, insert};
pub use save::{Capture, Refused, Stamp, new_file_text, save, stamp, writable};
pub use target::{INBOX, Target, claim_target, item_target, landed_item};
