//! The cache's folder on disk: entries (a header, then a payload) read
//! with their header and checksum checked, written atomically, trimmed to
//! a bound, listed and cleared. What the payloads hold is the cache's
//! business ([`super`]).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::dossier::progress::Progress;

/// The version of the entries' layout: a change to it (or to the types
/// they hold) makes every older entry unreadable, hence ignored.
pub const FORMAT_VERSION: u32 = 2;

const MAGIC: &[u8; 8] = b"lnkchrt\x01";
/// Magic, format version, kind, key, payload length, checksum.
const HEADER: usize = 8 + 4 + 1 + 16 + 8 + 8;
/// Why an entry of another version of the layout is not read.
const OLDER: &str = "written in another version of the cache's format";
/// A temporary file this old was left by a process that died.
const STALE_TMP: Duration = Duration::from_secs(600);
/// Payloads are read this much at a time, so that progress moves.
const READ_CHUNK: usize = 4 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Chart,
    File,
    Stat,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Chart, Kind::File, Kind::Stat];

    pub(super) fn tag(self) -> u8 {
        match self {
            Kind::Chart => b'c',
            Kind::File => b'f',
            Kind::Stat => b's',
        }
    }
}

/// A cache folder and how large it may grow.
#[derive(Debug, Clone)]
pub(super) struct Store {
    dir: PathBuf,
    max_bytes: u64,
    /// Whether the folder may be used (made, the user's, private).
    usable: OnceLock<bool>,
    /// What was found wrong with entries, to tell the user.
    notes: Notes,
}

/// Entries found damaged, as notes for the user (shared by the store and
/// the entries it opens).
#[derive(Debug, Clone, Default)]
pub(super) struct Notes(Arc<Mutex<Vec<String>>>);

impl Notes {
    /// Removes the entry at `path`, which is wrong for the reason `why`,
    /// and says so.
    pub(super) fn reject(&self, path: &Path, why: &str) {
        let _ = fs::remove_file(path);
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let note = format!(
            "the parsed cache's entry {name} was {why}: it was ignored and removed, and the chart read from its files"
        );
        if let Ok(mut n) = self.0.lock() {
            n.push(note);
        }
    }

    pub(super) fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }
}

/// What the cache holds, or what [`super::Cache::clear`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub entries: usize,
    pub bytes: u64,
}

impl Store {
    pub(super) fn new(dir: PathBuf, max_bytes: u64) -> Store {
        Store {
            dir,
            max_bytes,
            usable: OnceLock::new(),
            notes: Notes::default(),
        }
    }

    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(super) fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    pub(super) fn notes(&self) -> &Notes {
        &self.notes
    }

    /// The entries there are now.
    pub(super) fn usage(&self) -> Usage {
        let mut u = Usage::default();
        for e in self.entries() {
            u.entries += 1;
            u.bytes += e.len;
        }
        u
    }

    /// Removes every entry (and any temporary file left behind).
    pub(super) fn clear(&self) -> io::Result<Usage> {
        let mut u = Usage::default();
        let list = match fs::read_dir(&self.dir) {
            Ok(l) => l,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(u),
            Err(e) => return Err(e),
        };
        for entry in list.flatten() {
            let name = entry.file_name();
            if !is_ours(name.as_bytes()) {
                continue;
            }
            let len = entry.metadata().map_or(0, |m| m.len());
            match fs::remove_file(entry.path()) {
                Ok(()) => {
                    u.entries += 1;
                    u.bytes += len;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(u)
    }

    /// Makes the folder when missing; true when it may be used: a folder
    /// of the user's own that no one else may write to.
    pub(super) fn ready(&self) -> bool {
        *self.usable.get_or_init(|| {
            let _ = fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir);
            fs::symlink_metadata(&self.dir).is_ok_and(|m| {
                m.is_dir()
                    && m.uid() == rustix::process::geteuid().as_raw()
                    && m.permissions().mode() & 0o022 == 0
            })
        })
    }

    fn path_of(&self, kind: Kind, key: u128) -> PathBuf {
        self.dir
            .join(format!("{}-{key:032x}", char::from(kind.tag())))
    }

    // ──────────────────────────────── entries ─────────────────────────────

    /// The entry `kind`-`key`, its header checked; a wrong one is removed,
    /// with a note.
    pub(super) fn open(&self, kind: Kind, key: u128) -> Option<Entry> {
        let path = self.path_of(kind, key);
        let mut file = File::open(&path).ok()?;
        let checked = (|| {
            let len = file.metadata().map_err(|_| "unreadable")?.len();
            let mut head = [0u8; HEADER];
            file.read_exact(&mut head)
                .map_err(|_| "truncated (shorter than its header)")?;
            let (magic, rest) = head.split_at(8);
            let (version, rest) = rest.split_at(4);
            let (tag, rest) = rest.split_at(1);
            let (k, rest) = rest.split_at(16);
            let (size, sum) = rest.split_at(8);
            let word = |b: &[u8]| -> [u8; 8] { b.try_into().unwrap_or_default() };
            let size = u64::from_le_bytes(word(size));
            if magic != MAGIC {
                return Err("foreign (not a linkchart cache entry)");
            }
            if version != FORMAT_VERSION.to_le_bytes() {
                return Err(OLDER);
            }
            if tag[0] != kind.tag() || k != key.to_le_bytes() {
                return Err("foreign (its header names another entry)");
            }
            if size.checked_add(HEADER as u64) != Some(len) {
                return Err("truncated or overlong (its size is not the one its header gives)");
            }
            Ok(Entry {
                path: path.clone(),
                file: None,
                len: size,
                sum: u64::from_le_bytes(word(sum)),
                notes: self.notes.clone(),
            })
        })();
        match checked {
            Ok(mut e) => {
                e.file = Some(file);
                Some(e)
            }
            // Another version's entry is expected after an upgrade: it is
            // replaced without a word.
            Err(OLDER) => {
                let _ = fs::remove_file(&path);
                None
            }
            Err(why) => {
                self.notes.reject(&path, why);
                None
            }
        }
    }

    /// Writes an entry made of `parts`, atomically: a temporary file
    /// renamed into place. An entry larger than the whole cache may be is
    /// not written.
    pub(super) fn write(&self, kind: Kind, key: u128, parts: &[&[u8]]) {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if (HEADER + len) as u64 > self.max_bytes {
            return;
        }
        let mut sum = Xxh3::new();
        for p in parts {
            sum.update(p);
        }
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let tmp = self.dir.join(format!(
            "tmp-{}-{}-{}",
            std::process::id(),
            nanos(SystemTime::now()),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let written = (|| -> io::Result<()> {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)?;
            let mut head = Vec::with_capacity(HEADER);
            head.extend_from_slice(MAGIC);
            head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
            head.push(kind.tag());
            head.extend_from_slice(&key.to_le_bytes());
            head.extend_from_slice(&(len as u64).to_le_bytes());
            head.extend_from_slice(&sum.digest().to_le_bytes());
            f.write_all(&head)?;
            for p in parts {
                f.write_all(p)?;
            }
            drop(f);
            fs::rename(&tmp, self.path_of(kind, key))
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Every entry and temporary file in the folder.
    fn entries(&self) -> Vec<Listed> {
        let Ok(list) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        list.flatten()
            .filter(|e| is_ours(e.file_name().as_bytes()))
            .filter_map(|e| {
                let m = e.metadata().ok()?;
                Some(Listed {
                    tmp: e.file_name().as_bytes().starts_with(b"tmp-"),
                    path: e.path(),
                    len: m.len(),
                    used: m.modified().unwrap_or(UNIX_EPOCH),
                })
            })
            .collect()
    }

    /// Removes the least recently used entries until the cache fits its
    /// bound, and temporary files left by processes that died.
    pub(super) fn trim(&self) {
        if !self.ready() {
            return;
        }
        let now = SystemTime::now();
        let mut all = self.entries();
        all.retain(|e| {
            let stale = e.tmp && now.duration_since(e.used).is_ok_and(|age| age > STALE_TMP);
            if stale {
                let _ = fs::remove_file(&e.path);
            }
            !stale
        });
        let mut total: u64 = all.iter().map(|e| e.len).sum();
        if total <= self.max_bytes {
            return;
        }
        all.retain(|e| !e.tmp);
        all.sort_by_key(|e| e.used);
        for e in all {
            if total <= self.max_bytes {
                break;
            }
            if fs::remove_file(&e.path).is_ok() {
                total = total.saturating_sub(e.len);
            }
        }
    }
}

/// Names the cache writes: entries and temporary files.
fn is_ours(name: &[u8]) -> bool {
    name.starts_with(b"tmp-")
        || Kind::ALL
            .iter()
            .any(|k| name.len() == 34 && name[0] == k.tag() && name[1] == b'-')
}

struct Listed {
    path: PathBuf,
    len: u64,
    used: SystemTime,
    tmp: bool,
}

/// An entry whose header checked out.
pub(super) struct Entry {
    path: PathBuf,
    file: Option<File>,
    len: u64,
    sum: u64,
    notes: Notes,
}

impl Entry {
    /// The payload's size.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn notes(&self) -> Notes {
        self.notes.clone()
    }

    /// The payload decoded by `decode`; `None` (the entry removed, with a
    /// note) when it is damaged or does not decode.
    pub(super) fn decode<T>(self, decode: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        let notes = self.notes();
        let path = self.path.clone();
        let payload = self.payload(None)?;
        let value = decode(&payload);
        if value.is_none() {
            notes.reject(&path, super::NOT_SOUND);
        }
        value
    }

    /// The entry's contents were read but are no sound entry of their
    /// kind: it is removed, with a note.
    pub(super) fn reject(&self, why: &str) {
        self.notes.reject(&self.path, why);
    }

    /// The payload, its checksum verified, counted in `progress` as it is
    /// read; a wrong one is removed, with a note. A hit marks the entry
    /// used.
    pub(super) fn payload(mut self, progress: Option<&Progress>) -> Option<Vec<u8>> {
        let mut file = self.file.take()?;
        let len = usize::try_from(self.len).ok()?;
        let mut buf = Vec::new();
        let read = buf.try_reserve_exact(len).is_ok()
            && (|| {
                while buf.len() < len {
                    let want = (len - buf.len()).min(READ_CHUNK) as u64;
                    let n = (&mut file).take(want).read_to_end(&mut buf).ok()?;
                    if n == 0 {
                        return None;
                    }
                    if let Some(p) = progress {
                        p.read(n as u64);
                    }
                }
                Some(())
            })()
            .is_some();
        if !read {
            self.reject("truncated (shorter than its header gives)");
            return None;
        }
        if xxh3_64(&buf) != self.sum {
            self.reject("corrupt (its checksum does not match)");
            return None;
        }
        let _ = file.set_modified(SystemTime::now());
        Some(buf)
    }
}

pub(super) fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let key = format!("c-{:032x}", 7u128);
        assert!(is_ours(key.as_bytes()) && is_ours(b"tmp-1-2-3"));
        assert!(!is_ours(b"c-short") && !is_ours(b"notes.txt"));
    }
}
