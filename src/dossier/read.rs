//! Reading a file's text: bytes → UTF-8 text, refused with a reason (no
//! such file, a folder or a device, too large, not UTF-8) before any parse.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::diag::Diagnostic;
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
    read_text_counted(path, &Progress::default())
}

/// `read_text`, counting the bytes read in `progress` as they come.
pub(crate) fn read_text_counted(path: &Path, progress: &Progress) -> Result<String, ReadError> {
    let io_msg = |e: io::Error| -> ReadError {
        match e.kind() {
            io::ErrorKind::NotFound => "no such file".to_string().into(),
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

impl Diagnostic {
    fn at_opt(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((l, c)) => self.at(l, c),
            None => self,
        }
    }
}
