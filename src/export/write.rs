//! Writing exports and briefings to files without ever losing one.
//!
//! [`write_atomic`] writes a temporary file in the target's folder, syncs
//! it to disk and only then moves it into place, so the target is either
//! untouched or complete; it refuses to replace an existing file unless told
//! to. [`write_unique`] (with [`unique_path`]) picks a fresh name instead, for
//! briefings that never overwrite. [`slug`] makes a file-name-safe piece of
//! text from an actor's name or id.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder
/// (`.<name>.<pid>-<n>.tmp`), flushed to disk, then renamed into place.
///
/// Without `force`, an existing `path` (file, folder or symlink, even a
/// dangling one) is never replaced: the error has kind
/// [`io::ErrorKind::AlreadyExists`] and says so; the check and the move are
/// one atomic step where the file system supports hard links. With `force`
/// an existing file is replaced, keeping its permissions.
///
/// On any failure the temporary file is removed, so no partial file is left
/// behind, and the error message names the path.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> io::Result<()> {
    let context =
        |e: io::Error| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()));
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot write {}: not a file name", path.display()),
        ));
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    refuse_existing(path, force)?;
    let (mut file, tmp) = create_temp(dir, &name.to_string_lossy()).map_err(|e| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => format!("the folder {} does not exist", dir.display()),
            io::ErrorKind::PermissionDenied => {
                format!("no permission to create files in {}", dir.display())
            }
            _ => e.to_string(),
        };
        io::Error::new(e.kind(), format!("cannot write {}: {why}", path.display()))
    })?;
    let mut guard = TempFile {
        path: tmp,
        armed: true,
    };
    if force
        && let Ok(meta) = fs::metadata(path)
        && meta.is_file()
    {
        let _ = file.set_permissions(meta.permissions());
    }
    file.write_all(bytes).map_err(context)?;
    file.sync_all().map_err(context)?;
    drop(file);
    if force {
        fs::rename(&guard.path, path).map_err(context)?;
        guard.armed = false;
    } else {
        // A hard link fails if the name is taken: check and move in one
        // step. The temporary name is removed by the guard afterwards.
        match fs::hard_link(&guard.path, path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(already_exists(path)),
            Err(_) => {
                // No hard links on this file system: check, then rename.
                if exists(path) {
                    return Err(already_exists(path));
                }
                fs::rename(&guard.path, path).map_err(context)?;
                guard.armed = false;
            }
        }
    }
    drop(guard);
    sync_dir(dir);
    Ok(())
}

/// `dir/stem.ext`, or `dir/stem-2.ext`, `dir/stem-3.ext`, …: the first that
/// does not exist (a dangling symlink counts as existing). An empty `ext`
/// gives names without an extension.
pub fn unique_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let name = |n: u32| {
        let stem = if n < 2 {
            stem.to_string()
        } else {
            format!("{stem}-{n}")
        };
        if ext.is_empty() {
            stem
        } else {
            format!("{stem}.{ext}")
        }
    };
    let mut n = 1;
    loop {
        let p = dir.join(name(n));
        if !exists(&p) || n == u32::MAX {
            return p;
        }
        n += 1;
    }
}

/// Writes `bytes` to a new file `dir/stem.ext` (or `-2`, `-3`, … as
/// [`unique_path`] picks), never replacing anything, even a file another
/// program creates meanwhile; returns the path written.
pub fn write_unique(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    for _ in 0..100 {
        let path = unique_path(dir, stem, ext);
        match write_atomic(&path, bytes, false) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
            Ok(()) => return Ok(path),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "cannot find a free file name for {stem} in {}",
            dir.display()
        ),
    ))
}

/// A file-name-safe slug of `s` for names like `briefing-<slug>-<date>.md`:
/// letters and digits (any script) lowercased, every run of anything else
/// a single `-`, no `-` at either end, at most 60 characters; `unnamed` when
/// nothing is left. `Government of Tunisia` → `government-of-tunisia`.
pub fn slug(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::new();
    let mut len = 0;
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                if len + 1 >= MAX {
                    break;
                }
                out.push('-');
                len += 1;
            }
            dash = false;
            let lower: Vec<char> = c.to_lowercase().collect();
            if len + lower.len() > MAX {
                break;
            }
            out.extend(&lower);
            len += lower.len();
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "unnamed".to_string()
    } else {
        out
    }
}

/// The refusal [`write_atomic`] gives for an existing `path` without
/// `force`, for a command to check before long work (a download).
pub fn refuse_existing(path: &Path, force: bool) -> io::Result<()> {
    if !force && exists(path) {
        return Err(already_exists(path));
    }
    Ok(())
}

fn exists(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

fn already_exists(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} already exists; not replacing it (use --force to replace it)",
            path.display()
        ),
    )
}

/// Creates a new temporary file next to the target, never reusing a name.
fn create_temp(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let pid = std::process::id();
    let mut last = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{pid}-{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
}

/// Flushes the folder entry of a rename to disk, where the platform allows.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes the temporary file when dropped while armed: on every early
/// return and on a panic.
struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Government of Tunisia"), "government-of-tunisia");
        assert_eq!(slug("TN-BIZ"), "tn-biz");
        assert_eq!(slug("  ../../etc/passwd  "), "etc-passwd");
        assert_eq!(slug("␛]52;c;x␇"), "52-c-x");
        assert_eq!(slug("قناة السويس"), "قناة-السويس");
        assert_eq!(slug("***"), "unnamed");
        assert_eq!(slug(&"ab ".repeat(100)).chars().count(), 59);
        assert!(!slug(&"ab ".repeat(100)).ends_with('-'));
    }
}
