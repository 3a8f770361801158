//! Reading a file's text: bytes → UTF-8 text, refused with a reason (no
//! such file, a folder or a device, too large, not UTF-8) before any parse.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::diag::{Diagnostic, suggest};
use super::progress::Progress;

/// Files over this size are refused before reading: a dossier this large is
/// surely not one, and reading it would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file is read this much at a time, so that progress moves.
const READ_CHUNK: u64 = 4 << 20;

pub(crate) struct ReadError {
    message: String,
    pos: Option<(usize, usize)>,
}

impl From<String> for ReadError {
    fn from(message: String) -> Self {
        ReadError { message, pos: None }
    }
}

/// A file a reading thread gave no result for.
pub(crate) fn internal_error() -> ReadError {
    "could not be read (internal error)".to_string().into()
}

impl ReadError {
    pub(crate) fn into_diagnostic(self, file: &str) -> Diagnostic {
        Diagnostic::error(file, self.message).at_opt(self.pos)
    }
}

/// The whole text of the file at `path`, refused with a reason when it is
/// not a readable UTF-8 file of sane size.
pub(crate) fn read_text(path: &Path) -> Result<String, ReadError> {
    read_text_counted(path, &Progress::default(), false)
}

/// `read_text`, counting the bytes read in `progress` as they come;
/// `parts`: a large regular file may be read in parts on every core (not
/// when the other cores are busy with files of their own).
pub(crate) fn read_text_counted(
    path: &Path,
    progress: &Progress,
    parts: bool,
) -> Result<String, ReadError> {
    let io_msg = |e: io::Error| -> ReadError {
        match e.kind() {
            io::ErrorKind::NotFound => no_such_file(path, Some("ron")).into(),
            io::ErrorKind::PermissionDenied => "permission denied: the file cannot be read"
                .to_string()
                .into(),
            io::ErrorKind::IsADirectory => "is a directory, not a dossier file".to_string().into(),
            _ => format!("cannot read: {e}").into(),
        }
    };
    // Opened read-only and without blocking: a FIFO with no writer would
    // otherwise hang open() forever. Blocking is restored for the reads, so
    // a pipe (`<(command)`) is read to its end.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(io_msg)?;
    let meta = file.metadata().map_err(io_msg)?;
    if meta.is_dir() {
        return Err("is a directory, not a dossier file".to_string().into());
    }
    let kind = meta.file_type();
    if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
        return Err("is a device, not a dossier file".to_string().into());
    }
    rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty()).map_err(|e| io_msg(e.into()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "is {} bytes, over the limit of {MAX_FILE_BYTES} bytes (1 GiB) for a dossier",
            meta.len(),
        )
        .into());
    }
    if parts
        && kind.is_file()
        && let Some(bytes) = read_in_parts(&file, meta.len(), progress)
    {
        return text_of(bytes);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows while being read (or a device).
    // In chunks, each counted in `progress` as it comes. `take` forwards
    // reads into the buffer's spare capacity as it is, without zeroing it.
    let mut file = file.take(MAX_FILE_BYTES + 1);
    loop {
        let n = (&mut file)
            .take(READ_CHUNK)
            .read_to_end(&mut bytes)
            .map_err(io_msg)?;
        if n == 0 {
            break;
        }
        progress.read(n as u64);
    }
    text_of(bytes)
}

/// A regular file at least this large is read in parts, one a core, at
/// once: the copy from the page cache into fresh memory is most of a
/// read's time, and it is shared out as the parse will be.
const PARTS_MIN_BYTES: u64 = 4 << 20;

/// The whole of a regular file of `len` bytes, read in as many parts as
/// there are cores, each on its own thread at its own offset. `None`
/// when that does not suit (a small file, one core) or the file did not
/// hold exactly `len` bytes while it was read (it is being written): the
/// caller then reads it from start to end as any file.
fn read_in_parts(file: &fs::File, len: u64, progress: &Progress) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 || !(PARTS_MIN_BYTES..=MAX_FILE_BYTES).contains(&len) {
        return None;
    }
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    let part = bytes.len().div_ceil(cores);
    let whole = std::thread::scope(|s| {
        let readers: Vec<_> = bytes
            .chunks_mut(part)
            .enumerate()
            .map(|(k, buf)| {
                s.spawn(move || {
                    let mut at = (k * part) as u64;
                    for chunk in buf.chunks_mut(READ_CHUNK as usize) {
                        file.read_exact_at(chunk, at).ok()?;
                        at += chunk.len() as u64;
                        progress.read(chunk.len() as u64);
                    }
                    Some(())
                })
            })
            .collect();
        readers
            .into_iter()
            .all(|r| r.join().ok().flatten().is_some())
    });
    // Nothing past the end: the file did not grow while it was read.
    let grown = file.read_at(&mut [0u8], len).map_or(true, |n| n > 0);
    (whole && !grown).then_some(bytes)
}

/// A file's bytes as text, refused with a reason when they are over the
/// size limit or not UTF-8 (the place of the first bad byte given).
pub(crate) fn text_of(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(
            format!("is over the limit of {MAX_FILE_BYTES} bytes (1 GiB) for a dossier").into(),
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Safe: the prefix up to valid_up_to is valid UTF-8.
        let prefix = std::str::from_utf8(good).unwrap_or_default();
        let line = 1 + prefix.matches('\n').count();
        let col = 1 + prefix.rsplit('\n').next().unwrap_or("").chars().count();
        ReadError {
            message: format!(
                "not UTF-8 text: invalid byte 0x{:02x}; dossiers are UTF-8",
                e.as_bytes()[good.len()]
            ),
            pos: Some((line, col)),
        }
    })
}

/// `no such file`, with the likeliest name meant when one is close: a
/// typo of a name in the same folder (`tunisa.ron` → `tunisia.ron`), else
/// the one name there that starts with what was typed (`tunisia.ron` →
/// `tunisia-israel.ron`). Only folders and, with `ext`, files ending in it
/// are candidates; hidden entries never are.
pub fn no_such_file(path: &Path, ext: Option<&str>) -> String {
    match close_name(path, ext) {
        Some(meant) => format!("no such file; did you mean `{}`?", meant.display()),
        None => "no such file".to_string(),
    }
}

fn close_name(path: &Path, ext: Option<&str>) -> Option<std::path::PathBuf> {
    let wanted = path.file_name()?.to_str()?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let names: Vec<String> = fs::read_dir(parent.unwrap_or(Path::new(".")))
        .ok()?
        .flatten()
        // A huge folder is not searched to its end.
        .take(10_000)
        .filter(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            let fits = |p: &Path| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x));
            is_dir || fits(Path::new(&e.file_name()))
        })
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    let stem = |n: &str| -> String {
        Path::new(n)
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let close = suggest(wanted, names.iter().map(String::as_str)).or_else(|| {
        let typed = stem(wanted);
        let mut starting = names
            .iter()
            .filter(|n| typed.chars().count() >= 3 && stem(n).starts_with(&typed));
        match (starting.next(), starting.next()) {
            (Some(one), None) => Some(one.as_str()),
            _ => None,
        }
    })?;
    Some(match parent {
        Some(p) => p.join(close),
        None => close.into(),
    })
}

impl Diagnostic {
    fn at_opt(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((l, c)) => self.at(l, c),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        // Over the size read in parts, odd in length, with characters of
        // two, three and four bytes across every place the parts meet.
        let line = "Ελεύθερη Ματιά — 長榮 👍 plain ascii\n";
        let text = line.repeat((PARTS_MIN_BYTES as usize / line.len()) + 7) + "end";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        fs::write(&path, &text).unwrap();
        let progress = Progress::default();
        let read = read_text_counted(&path, &progress, true).ok().unwrap();
        assert!(read == text, "the text read in parts differs");
        assert_eq!(progress.snapshot().bytes_read, text.len() as u64);
        // Not UTF-8 in the second half: the error names the place, as a
        // read from start to end does.
        let mut bytes = text.into_bytes();
        let bad = bytes.len() - 10;
        bytes[bad] = 0xff;
        fs::write(&path, &bytes).unwrap();
        let e = read_text_counted(&path, &Progress::default(), true)
            .err()
            .unwrap();
        let whole = read_text_counted(&path, &Progress::default(), false)
            .err()
            .unwrap();
        assert_eq!((e.message, e.pos), (whole.message, whole.pos));
    }
}
