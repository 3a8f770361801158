//! Capture: adding a claim, a relation, an actor or a source to the files
//! of a chart, in place.
//!
//! - [`insert`](mod@insert): the text edit, pure: a file's text with the
//!   item appended to its list, laid out like its neighbours, every other
//!   byte unchanged.

pub mod insert;

pub use insert::{Addition, InsertError, Insertion, Landed, insert};
