//! linkchart: browse a graph of actors, relations and sourced claims.

pub mod cli;
pub mod config;
pub mod dossier;
pub mod export;
pub mod filter;
pub mod graph;
pub mod paths;
pub mod sanitize;
pub mod search;
pub mod tui;
