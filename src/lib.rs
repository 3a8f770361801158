//! linkchart: browse a graph of actors, relations and sourced claims.

pub mod cli;
pub mod config;
pub mod dates;
pub mod dossier;
pub mod export;
pub mod filter;
pub mod graph;
pub mod import;
pub mod paths;
pub mod sanitize;
pub mod search;
pub mod stix;
pub mod taxii;
pub mod tui;
