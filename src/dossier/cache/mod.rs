//! The parsed cache: charts and files already parsed, kept in
//! `$XDG_CACHE_HOME/linkchart/` (by default `~/.cache/linkchart/`), so that
//! opening them again decodes a binary form instead of parsing RON.
//!
//! Three kinds of entry, one file each:
//! - `c-KEY`, a chart that loaded: the merged dossier, its warnings with
//!   their places, and where everything was written. Its key: every file's
//!   content hash, the paths as given, the working folder and the build.
//! - `f-KEY`, one file of a chart of several, as parsed (before the
//!   merge, which runs again): keyed by the file's content hash and the
//!   build, so that one changed file is parsed again alone.
//! - `s-KEY`, the content hash a file had when its device, inode, size,
//!   mtime and ctime were what they are: keyed by its absolute path. A file
//!   whose stat is unchanged is not read again to be hashed, unless it was
//!   hashed within two seconds of its last change (timestamps may not tell
//!   apart two changes that close). An edit that keeps the size and the
//!   mtime (`touch -d`, `git checkout`) still changes the ctime.
//!
//! The build is the linkchart version, this format's version and the
//! running executable's identity (device, inode, size, mtime, ctime): no
//! other build's entry is read as this one's.
//!
//! Each entry is a header (magic, format version, kind, key, payload length
//! and xxh3 checksum) and a payload (bitcode). One that does not check out
//! (corrupt, truncated, foreign) is ignored, removed, and written anew.
//! Entries are written to a temporary file and renamed into place, so two
//! processes at once at worst both write the same entry. After a load's
//! writes, the least recently used entries (a hit touches its entry) are
//! removed until the whole fits its bound, [`DEFAULT_MAX_BYTES`] unless
//! `LINKCHART_CACHE_SIZE` says otherwise. The folder is made private
//! (0700); one that is not the user's own, or that others may write to, is
//! not used. Only charts read from disk are cached, never the bundled
//! dossier, and only charts that loaded: a chart with errors is parsed
//! again every time, so that its diagnostics are always made afresh.

use std::ffi::OsString;
use std::fs::{self, Metadata};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use bitcode::{Decode, Encode};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use super::diag::Diagnostic;
use super::model::{Dossier, Relation};
use super::parse::par_map;
use super::progress::Progress;
use super::types::{FileInfo, FileText, Loaded, Origin, Provenance, RelDecl, Written};

mod store;

use store::{Entry, Kind, Store, nanos};
pub use store::{FORMAT_VERSION, Usage};

/// How large the cache may grow unless `LINKCHART_CACHE_SIZE` says: a
/// chart of a million claims takes about 250 MB.
pub const DEFAULT_MAX_BYTES: u64 = 512 << 20;

/// A file hashed this soon after it changed is hashed again next time.
const RACY: Duration = Duration::from_secs(2);
/// A cache folder and how large it may grow.
#[derive(Debug, Clone)]
pub struct Cache {
    store: Store,
}

static IN_USE: OnceLock<Cache> = OnceLock::new();

/// Makes every chart this process loads from paths
/// ([`load_paths_with`](super::chart::load_paths_with)) go through `cache`.
/// The command line calls it once; later calls change nothing. Without
/// it, nothing is cached.
pub fn use_for_this_process(cache: Cache) {
    let _ = IN_USE.set(cache);
}

/// The cache charts go through, when there is one.
pub fn in_use() -> Option<&'static Cache> {
    IN_USE.get()
}

/// The cache folder: `$XDG_CACHE_HOME/linkchart` (an absolute
/// `XDG_CACHE_HOME` only), or `~/.cache/linkchart`; `None` without
/// either. `env` reads a variable.
pub fn dir_from(env: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(base) = set("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return Some(base.join("linkchart"));
    }
    set("HOME").map(|home| home.join(".cache").join("linkchart"))
}

/// A size in bytes, as `LINKCHART_CACHE_SIZE` gives it: a number, with
/// `K`, `M` or `G` (powers of 1024) after it or not.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((k, _)) => t.split_at(k),
        None => (t, ""),
    };
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("`{s}` is not a size (a number, then K, M or G)")),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("`{s}` is not a size (a number, then K, M or G)"))
}

impl Cache {
    pub fn new(dir: PathBuf, max_bytes: u64) -> Cache {
        Cache {
            store: Store::new(dir, max_bytes),
        }
    }

    /// The user's cache, from the environment: `None` when there is no
    /// folder for it; an error when `LINKCHART_CACHE_SIZE` is no size.
    pub fn from_env() -> Result<Option<Cache>, String> {
        let max = match std::env::var("LINKCHART_CACHE_SIZE") {
            Ok(v) if !v.trim().is_empty() => {
                parse_size(&v).map_err(|e| format!("LINKCHART_CACHE_SIZE: {e}"))?
            }
            _ => DEFAULT_MAX_BYTES,
        };
        Ok(dir_from(&|k| std::env::var_os(k)).map(|dir| Cache::new(dir, max)))
    }

    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    pub fn max_bytes(&self) -> u64 {
        self.store.max_bytes()
    }

    /// What the cache holds now.
    pub fn usage(&self) -> Usage {
        self.store.usage()
    }

    /// What was found wrong in the cache since the last call, one note
    /// a damaged entry (each was ignored and removed): for the user.
    pub fn take_notes(&self) -> Vec<String> {
        self.store.notes().take()
    }

    /// Removes every entry (and any temporary file left behind).
    pub fn clear(&self) -> io::Result<Usage> {
        self.store.clear()
    }

    /// Removes the least recently used entries until the cache fits its
    /// bound.
    pub(crate) fn trim(&self) {
        self.store.trim();
    }

    // ───────────────────────────── content hashes ─────────────────────────

    /// The content hash recorded for the file at `path` when its stat is
    /// the same now and was not too close to a change: `None` means it is
    /// to be read and hashed.
    pub(crate) fn known_hash(&self, path: &Path) -> Option<u128> {
        if !self.store.ready() {
            return None;
        }
        let meta = fs::metadata(path).ok().filter(Metadata::is_file)?;
        let abs = absolute_bytes(path);
        let rec: StatRecord = self
            .store
            .open(Kind::Stat, xxh3_128(&abs))?
            .decode(|p| bitcode::decode(p).ok())?;
        let trusted = rec.path == abs
            && rec.stat == Stat::of(&meta)
            && rec.hashed_at - rec.stat.changed() > RACY.as_nanos() as i128;
        trusted.then_some(rec.hash)
    }

    /// Records that the file at `path`, whose stat was `before` when it was
    /// read, has content hash `hash`; nothing when it changed meanwhile.
    pub(crate) fn record_hash(&self, path: &Path, before: &Metadata, hash: u128) {
        if !self.store.ready() {
            return;
        }
        let Ok(after) = fs::metadata(path) else {
            return;
        };
        let stat = Stat::of(before);
        if stat != Stat::of(&after) {
            return;
        }
        let abs = absolute_bytes(path);
        let key = xxh3_128(&abs);
        let rec = StatRecord {
            path: abs,
            stat,
            hashed_at: nanos(SystemTime::now()),
            hash,
        };
        self.store.write(Kind::Stat, key, &[&bitcode::encode(&rec)]);
    }

    // ───────────────────────────────── charts ─────────────────────────────

    /// The chart stored under `key`, if there is a sound one: its size to
    /// read, then the chart.
    pub(crate) fn chart(&self, key: u128) -> Option<CachedChart> {
        if !self.store.ready() {
            return None;
        }
        self.store
            .open(Kind::Chart, key)
            .map(|entry| CachedChart { entry })
    }

    /// Stores a chart that loaded, under `key`. A chart with a file not
    /// read from disk is not stored.
    pub(crate) fn put_chart(&self, key: u128, loaded: &Loaded) {
        if !self.store.ready()
            || loaded
                .provenance
                .files
                .iter()
                .any(|f| f.text != FileText::Disk)
        {
            return;
        }
        let parts = encode_chart(loaded);
        let parts: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        self.store.write(Kind::Chart, key, &parts);
    }

    // ───────────────────────────────── files ──────────────────────────────

    /// The file with content hash `hash`, as parsed, when stored.
    pub(crate) fn file(&self, hash: u128) -> Option<(Dossier, Written)> {
        if !self.store.ready() {
            return None;
        }
        let (flags, dossier) = self
            .store
            .open(Kind::File, file_key(hash))?
            .decode(|payload| {
                let (flags, rest) = payload.split_first()?;
                Some((*flags, bitcode::decode::<Dossier>(rest).ok()?))
            })?;
        let written = Written {
            title: flags & 1 != 0,
            sources: flags & 2 != 0,
            actors: flags & 4 != 0,
        };
        Some((dossier, written))
    }

    /// Stores a file as parsed, under its content hash.
    pub(crate) fn put_file(&self, hash: u128, dossier: &Dossier, written: Written) {
        if !self.store.ready() {
            return;
        }
        let flags = u8::from(written.title)
            | u8::from(written.sources) << 1
            | u8::from(written.actors) << 2;
        self.store.write(
            Kind::File,
            file_key(hash),
            &[&[flags], &bitcode::encode(dossier)],
        );
    }
}

/// Why an entry whose checksum is right is refused: it was not written by
/// this build's encoder (a checksum cannot tell).
const NOT_SOUND: &str = "foreign (it does not decode to what its kind holds)";

/// A chart entry found, to be read.
pub(crate) struct CachedChart {
    entry: Entry,
}

impl CachedChart {
    /// The size of what is to be read.
    pub(crate) fn len(&self) -> u64 {
        self.entry.len()
    }

    /// The chart, reading counted in `progress`; `None` (and the entry
    /// removed, with a note) when it does not decode to a sound chart.
    pub(crate) fn read(self, progress: &Progress) -> Option<Loaded> {
        let notes = self.entry.notes();
        let path = self.entry.path().to_path_buf();
        let payload = self.entry.payload(Some(progress))?;
        let loaded = decode_chart(&payload);
        drop(payload);
        if loaded.is_none() {
            notes.reject(&path, NOT_SOUND);
        }
        loaded
    }
}

/// The relations are kept in this many pieces (when there are that many),
/// each encoded on its own, so that they are decoded on every core.
const PIECES: usize = 8;

/// A chart as the parts of its entry: the number of pieces of its
/// dossier, then each piece's length and bytes (the dossier without its
/// relations, then the relations in turn), the warnings' length and
/// bytes, and the provenance.
fn encode_chart(loaded: &Loaded) -> Vec<Vec<u8>> {
    let d = &loaded.dossier;
    let head = Dossier {
        title: d.title.clone(),
        summary: d.summary.clone(),
        reports: d.reports.clone(),
        sources: d.sources.clone(),
        actors: d.actors.clone(),
        relations: Vec::new(),
    };
    let size = d.relations.len().div_ceil(PIECES).max(1);
    let mut pieces = vec![bitcode::encode(&head)];
    pieces.extend(d.relations.chunks(size).map(bitcode::encode));
    let mut parts = vec![(pieces.len() as u64).to_le_bytes().to_vec()];
    for p in pieces {
        parts.push((p.len() as u64).to_le_bytes().to_vec());
        parts.push(p);
    }
    let warnings = bitcode::encode(&loaded.warnings);
    parts.push((warnings.len() as u64).to_le_bytes().to_vec());
    parts.push(warnings);
    parts.push(bitcode::encode(&ProvenanceRecord::of(&loaded.provenance)));
    parts
}

fn decode_chart(payload: &[u8]) -> Option<Loaded> {
    let mut at = payload;
    let mut take = |n: Option<usize>| -> Option<&[u8]> {
        let n = match n {
            Some(n) => n,
            None => {
                let (n, rest) = at.split_first_chunk::<8>()?;
                at = rest;
                usize::try_from(u64::from_le_bytes(*n)).ok()?
            }
        };
        let (part, rest) = at.split_at_checked(n)?;
        at = rest;
        Some(part)
    };
    let count = usize::try_from(u64::from_le_bytes(take(Some(8))?.try_into().ok()?)).ok()?;
    // Each piece takes 8 bytes at least: a count past that is no count.
    if count == 0 || count > payload.len() / 8 {
        return None;
    }
    let pieces: Vec<&[u8]> = (0..count).map(|_| take(None)).collect::<Option<_>>()?;
    let warnings = take(None)?;
    let prov = at;
    // The dossier's pieces on every core; then the rest.
    let (head, relations) = pieces.split_first()?;
    let decoded = par_map(relations, |p| bitcode::decode::<Vec<Relation>>(p).ok());
    let mut dossier: Dossier = bitcode::decode(head).ok()?;
    if !dossier.relations.is_empty() {
        return None;
    }
    let decoded: Vec<Vec<Relation>> = decoded
        .into_iter()
        .map(Option::flatten)
        .collect::<Option<_>>()?;
    dossier
        .relations
        .reserve_exact(decoded.iter().map(Vec::len).sum());
    for mut r in decoded {
        dossier.relations.append(&mut r);
    }
    let warnings: Vec<Diagnostic> = bitcode::decode(warnings).ok()?;
    let provenance = bitcode::decode::<ProvenanceRecord>(prov)
        .ok()?
        .into_provenance(&dossier)?;
    Some(Loaded {
        provenance,
        dossier,
        warnings,
    })
}

// ───────────────────────────────── keys ─────────────────────────────────

/// The content hash of a file's bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// This build: the versions and the running executable's identity.
fn build() -> &'static [u8] {
    static BUILD: OnceLock<Vec<u8>> = OnceLock::new();
    BUILD.get_or_init(|| {
        let mut b = Vec::new();
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        b.extend_from_slice(&(version.len() as u64).to_le_bytes());
        b.extend_from_slice(version);
        match std::env::current_exe().and_then(fs::metadata) {
            Ok(m) => b.extend_from_slice(&bitcode::encode(&Stat::of(&m))),
            // Unknown: a key no other process makes.
            Err(_) => b.extend_from_slice(&nanos(SystemTime::now()).to_le_bytes()),
        }
        b
    })
}

fn file_key(hash: u128) -> u128 {
    let mut h = Xxh3::new();
    h.update(build());
    h.update(b"file");
    h.update(&hash.to_le_bytes());
    h.digest128()
}

/// The key of the chart of `paths` (as given), whose files (as expanded)
/// have the content hashes given, opened from the working folder now.
pub(crate) fn chart_key(paths: &[PathBuf], files: &[(&Path, u128)]) -> u128 {
    let mut h = Xxh3::new();
    let mut put = |b: &[u8]| {
        h.update(&(b.len() as u64).to_le_bytes());
        h.update(b);
    };
    put(build());
    put(b"chart");
    put(&absolute_bytes(Path::new(".")));
    for p in paths {
        put(p.as_os_str().as_bytes());
        put(&absolute_bytes(p));
    }
    for (f, hash) in files {
        put(f.as_os_str().as_bytes());
        put(&hash.to_le_bytes());
    }
    h.digest128()
}

fn absolute_bytes(p: &Path) -> Vec<u8> {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .into_os_string()
        .into_vec()
}

/// What says that a file is unchanged without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
struct Stat {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: i128,
    ctime: i128,
}

impl Stat {
    fn of(m: &Metadata) -> Stat {
        let ns = |s: i64, n: i64| s as i128 * 1_000_000_000 + n as i128;
        Stat {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: ns(m.mtime(), m.mtime_nsec()),
            ctime: ns(m.ctime(), m.ctime_nsec()),
        }
    }

    /// The last change, as the timestamps tell it.
    fn changed(&self) -> i128 {
        self.mtime.max(self.ctime)
    }
}

#[derive(Encode, Decode)]
struct StatRecord {
    path: Vec<u8>,
    stat: Stat,
    /// When the file was hashed (nanoseconds since 1970).
    hashed_at: i128,
    hash: u128,
}

/// [`Provenance`] as stored.
#[derive(Encode, Decode)]
struct ProvenanceRecord {
    files: Vec<FileRecord>,
    actors: Vec<[u32; 2]>,
    sources: Vec<[u32; 2]>,
    reports: Vec<[u32; 2]>,
    relations: Vec<[u32; 2]>,
    decl_base: Vec<u32>,
    decls: Vec<[u32; 3]>,
}

/// A file of the chart: read from disk, so its text can be read again.
#[derive(Encode, Decode)]
struct FileRecord {
    path: Vec<u8>,
    name: String,
    short: String,
    title: Option<String>,
}

impl ProvenanceRecord {
    fn of(p: &Provenance) -> ProvenanceRecord {
        let origins = |o: &[Origin]| o.iter().map(|o| [o.file, o.index]).collect();
        ProvenanceRecord {
            files: p
                .files
                .iter()
                .map(|f| FileRecord {
                    path: f.path.as_os_str().as_bytes().to_vec(),
                    name: f.name.clone(),
                    short: f.short.clone(),
                    title: f.title.clone(),
                })
                .collect(),
            actors: origins(&p.actors),
            sources: origins(&p.sources),
            reports: origins(&p.reports),
            relations: origins(&p.relations),
            decl_base: p.decl_base.clone(),
            decls: p
                .decls
                .iter()
                .map(|d| [d.file, d.index, d.claims])
                .collect(),
        }
    }

    /// The provenance, when it fits `dossier`: one origin an item, every
    /// file index in range. A stored chart that does not is not used.
    fn into_provenance(self, dossier: &Dossier) -> Option<Provenance> {
        let n = self.files.len() as u32;
        let origins = |o: Vec<[u32; 2]>, len: usize| -> Option<Vec<Origin>> {
            (o.len() == len && o.iter().all(|&[f, _]| f < n)).then(|| {
                o.into_iter()
                    .map(|[file, index]| Origin { file, index })
                    .collect()
            })
        };
        let rels = dossier.relations.len();
        let decls_fit = self.decl_base.len() == rels
            && self.decls.iter().all(|&[f, _, _]| f < n)
            && self.decl_base.windows(2).all(|w| w[0] <= w[1])
            && self
                .decl_base
                .last()
                .is_none_or(|&b| (b as usize) <= self.decls.len());
        if !decls_fit {
            return None;
        }
        Some(Provenance {
            actors: origins(self.actors, dossier.actors.len())?,
            sources: origins(self.sources, dossier.sources.len())?,
            reports: origins(self.reports, dossier.reports().len())?,
            relations: origins(self.relations, rels)?,
            decl_base: self.decl_base,
            decls: self
                .decls
                .into_iter()
                .map(|[file, index, claims]| RelDecl {
                    file,
                    index,
                    claims,
                })
                .collect(),
            files: self
                .files
                .into_iter()
                .map(|f| FileInfo {
                    path: PathBuf::from(OsString::from_vec(f.path)),
                    name: f.name,
                    short: f.short,
                    title: f.title,
                    text: FileText::Disk,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::load::load_str;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size(" 2g "), Ok(2 << 30));
        assert_eq!(parse_size("100kb"), Ok(100 << 10));
        assert_eq!(parse_size("1234"), Ok(1234));
        for bad in ["", "M", "lots", "1T", "-1", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn folder_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let dir = |pairs| dir_from(&env(pairs));
        assert_eq!(
            dir(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")]),
            Some(PathBuf::from("/x/linkchart"))
        );
        assert_eq!(
            dir(&[("XDG_CACHE_HOME", "rel"), ("HOME", "/h")]),
            Some(PathBuf::from("/h/.cache/linkchart"))
        );
        assert_eq!(dir(&[("XDG_CACHE_HOME", "")]), None);
        assert_eq!(dir(&[]), None);
    }

    /// A chart's payload as `put_chart` writes it.
    fn payload(l: &Loaded) -> Vec<u8> {
        encode_chart(l).concat()
    }

    #[test]
    fn a_chart_comes_back_whole_and_damage_never_panics() {
        let mut loaded = load_str("b.ron", crate::dossier::BUNDLED).unwrap();
        loaded.provenance.files[0].text = FileText::Disk;
        let bytes = payload(&loaded);
        let back = decode_chart(&bytes).expect("decodes");
        assert_eq!(back.dossier, loaded.dossier);
        assert_eq!(back.warnings, loaded.warnings);
        assert_eq!(back.provenance, loaded.provenance);
        // Damage anywhere (past the checksum, which would catch it): an
        // answer or none, never a panic.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut b = bytes.clone();
            let at = (x as usize) % b.len();
            b[at] ^= (x >> 32) as u8 | 1;
            if x.is_multiple_of(5) {
                b.truncate(at);
            }
            let _ = decode_chart(&b);
        }
        // A provenance that does not fit its dossier is refused.
        let mut short = loaded.clone();
        short.provenance.actors.pop();
        assert!(decode_chart(&payload(&short)).is_none());
    }
}
