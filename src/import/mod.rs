//! Imports from other formats into a dossier, written with the same RON
//! writer as `export --format ron` ([`crate::export::ron`]).
//!
//! - [`stix`](mod@stix): a STIX 2.1 (or 2.0) bundle, with the mapping of
//!   [`crate::stix`] that the STIX export uses the other way.
//! - [`taxii`](mod@taxii): the objects pulled from a TAXII 2.1 collection
//!   ([`crate::taxii`]), mapped as a bundle of them is.

pub mod stix;
pub mod taxii;

pub use stix::from_stix;

use crate::dossier::Dossier;
use crate::export::ron::Comments;

/// An imported dossier, the comments to write with it (naming what each
/// item came from) and what could not be imported, one warning a line.
#[derive(Debug, Clone)]
pub struct Imported {
    pub dossier: Dossier,
    pub comments: Comments,
    pub warnings: Vec<String>,
}

impl Imported {
    /// The dossier as RON text, laid out like the bundled dossier.
    pub fn to_ron(&self) -> String {
        crate::export::ron::ron_with(&self.dossier, &self.comments)
    }
}

/// Files over this size are refused before reading (as for dossiers).
pub const MAX_FILE_BYTES: u64 = crate::dossier::load::MAX_FILE_BYTES;

/// Reads the file to import (`-` is standard input): read-only, at most
/// [`MAX_FILE_BYTES`], UTF-8. The error says why, in words.
pub fn read_file(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let why = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => crate::dossier::read::no_such_file(path, None),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    };
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(why)?;
        if file.metadata().map_err(why)?.is_dir() {
            return Err("is a directory; give the bundle's file".to_string());
        }
        Box::new(file)
    };
    let mut bytes = Vec::new();
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(why)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "is over the limit of {MAX_FILE_BYTES} bytes (1 GiB)"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); STIX is JSON in UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
