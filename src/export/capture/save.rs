//! The file side of a capture: checking a file can be written before the
//! analyst types, writing the item into the file as it is at the moment of
//! saving, and undoing it.
//!
//! Nothing is ever lost: the write is atomic and keeps the file's mode,
//! owner and links ([`write::replace`]); the text is read again when saving,
//! so a change made meanwhile (in an editor) is kept and the item goes into
//! the current text, or the save is refused when its relation is gone; an
//! undo restores the bytes as they were, and only when the file has not
//! changed since the capture.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use super::insert::{Addition, InsertError, Landed, insert};
use super::target::Target;
use crate::export::write;

/// A fingerprint of a file's bytes, taken when a form opens, to tell later
/// whether the file changed meanwhile. `None`: the file does not exist.
pub type Stamp = Option<u64>;

/// The file's fingerprint now.
pub fn stamp(path: &Path) -> Stamp {
    fs::read(path).ok().map(|b| fingerprint(&b))
}

fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Whether a capture could write `target`, said before anything is typed:
/// the file (or, for a new file, its folder) must be writable, its folder
/// too (the new text is written beside it and moved into place), and the
/// file must be the user's own (replacing it would otherwise change its
/// owner).
pub fn writable(target: &Target) -> Result<(), String> {
    use rustix::fs::{Access, access};
    use std::os::unix::fs::MetadataExt;
    let name = &target.name;
    let exists = fs::symlink_metadata(&target.path).is_ok();
    if !exists && !target.create {
        return Err(format!("{name} no longer exists"));
    }
    let real = if exists {
        fs::canonicalize(&target.path).map_err(|e| format!("cannot open {name}: {e}"))?
    } else {
        target.path.clone()
    };
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if exists {
        let meta = fs::metadata(&real).map_err(|e| format!("cannot open {name}: {e}"))?;
        if !meta.is_file() {
            return Err(format!("{name} is not a regular file"));
        }
        if meta.permissions().readonly() || access(&real, Access::WRITE_OK).is_err() {
            return Err(format!(
                "{name} is read-only: nothing can be added to it (make it writable first)"
            ));
        }
        let me = rustix::process::geteuid();
        if !me.is_root() && meta.uid() != me.as_raw() {
            return Err(format!(
                "{name} belongs to another user: writing it would make it yours"
            ));
        }
    }
    if access(&dir, Access::WRITE_OK | Access::EXEC_OK).is_err() {
        let what = if exists {
            "the new text is written beside the file, then moved into place"
        } else {
            "the file is created there"
        };
        return Err(format!(
            "cannot write in the folder {} ({what}): nothing can be added to {name}",
            dir.display()
        ));
    }
    Ok(())
}

/// A capture that was written: where, what, and how to undo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub path: PathBuf,
    /// The file as screens name it.
    pub name: String,
    /// Where the new item is in the file's lists.
    pub landed: Landed,
    /// What was added, for messages (`claim on A → B (met)`).
    pub what: String,
    /// The file had changed since the form opened: the item went into its
    /// current text.
    pub rebased: bool,
    /// The file's bytes before (`None`: the capture created it) and after.
    before: Option<Vec<u8>>,
    after: Vec<u8>,
}

/// Why a capture was not written. Nothing was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The text a new file starts with: the header comment of `linkchart new`
/// and an empty `Dossier(…)`.
pub fn new_file_text() -> String {
    let template = crate::dossier::TEMPLATE;
    let header = template
        .find("\nDossier(")
        .map_or("", |i| &template[..i + 1]);
    format!("{header}Dossier(\n)\n")
}

/// Writes `addition` into `target`, into the file's text as it is now.
/// `opened` is the file's [`stamp`] when the form opened: a file changed
/// since is said so in [`Capture::rebased`].
pub fn save(target: &Target, addition: &Addition, opened: Stamp) -> Result<Capture, Refused> {
    writable(target).map_err(Refused)?;
    let name = &target.name;
    let refuse = |m: String| Refused(format!("{m}; nothing was written"));
    // A file that changes while this works is read again, a few times.
    for _ in 0..3 {
        let before = match fs::read(&target.path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == io::ErrorKind::NotFound && target.create => None,
            Err(e) => return Err(refuse(format!("cannot read {name}: {e}"))),
        };
        let text = match &before {
            Some(b) => std::str::from_utf8(b)
                .map_err(|_| refuse(format!("{name} is not UTF-8 text")))?
                .to_string(),
            None => new_file_text(),
        };
        let ins = insert(name, &text, addition).map_err(|e| match e {
            InsertError::NoRelation => {
                refuse(format!("{name} no longer holds the relation of this claim"))
            }
            InsertError::Unreadable(m) => {
                refuse(format!("{name} cannot be read as it is now: {m}"))
            }
            e @ InsertError::Mismatch(_) => Refused(format!("{name}: {e}")),
        })?;
        let after = ins.text.into_bytes();
        let written = match &before {
            Some(b) => {
                if fs::read(&target.path).ok().as_ref() != Some(b) {
                    continue;
                }
                write::replace(&target.path, &after)
            }
            None => match write::write_atomic(&target.path, &after, false) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                r => r,
            },
        };
        written.map_err(|e| refuse(e.to_string()))?;
        let rebased = opened != before.as_deref().map(fingerprint);
        return Ok(Capture {
            path: target.path.clone(),
            name: name.clone(),
            landed: ins.landed,
            what: addition.describe(),
            rebased,
            before,
            after,
        });
    }
    Err(refuse(format!("{name} kept changing while it was written")))
}

impl Capture {
    /// Puts the file back as it was before the capture, byte for byte (or
    /// removes the file the capture created), if it has not changed since.
    pub fn undo(&self) -> Result<(), Refused> {
        let name = &self.name;
        let now = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(Refused(format!("{name} is gone; there is nothing to undo")));
            }
            Err(e) => return Err(Refused(format!("cannot read {name}: {e}"))),
        };
        if now != self.after {
            return Err(Refused(format!(
                "{name} has changed since the {} was added; not undone (edit it by hand)",
                self.what
            )));
        }
        writable(&Target {
            path: self.path.clone(),
            name: name.clone(),
            create: false,
        })
        .map_err(|m| Refused(format!("{m}; not undone")))?;
        let done = match &self.before {
            Some(b) => write::replace(&self.path, b),
            None => fs::remove_file(&self.path),
        };
        done.map_err(|e| Refused(format!("cannot undo in {name}: {e}")))
    }
}
