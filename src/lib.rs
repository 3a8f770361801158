//! linkchart: browse a graph of actors, relations and sourced claims.

pub mod cli;
pub mod dossier;
pub mod export;
pub mod graph;
pub mod sanitize;
