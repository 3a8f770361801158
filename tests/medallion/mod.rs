//! The OASIS reference TAXII 2.1 server, medallion, run on loopback for the
//! tests: its memory backend, HTTP basic auth, a page size of 20, and a
//! config written into a temporary folder. The server is killed when the
//! [`Medallion`] is dropped.
//!
//! medallion comes from PyPI, installed by `.ci/run` into target/taxii-venv;
//! `MEDALLION` names another executable. Without it a test says so and
//! passes, except under CI=true, where it fails.
#![allow(dead_code)] // each test file uses some of it

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The user the server knows, and its password.
pub const USER: &str = "analyst";
pub const PASSWORD: &str = "correct-horse-battery";
/// The API root's name.
pub const ROOT: &str = "api1";
/// The server's page size (`max_page_size`).
pub const PAGE: usize = 20;

/// A collection to configure.
pub struct Collection {
    pub id: &'static str,
    pub title: &'static str,
    pub can_read: bool,
    pub can_write: bool,
    /// Objects it starts with, each with its date added.
    pub objects: Vec<(Value, String)>,
}

impl Collection {
    pub fn new(id: &'static str, title: &'static str, can_read: bool, can_write: bool) -> Self {
        Collection {
            id,
            title,
            can_read,
            can_write,
            objects: Vec::new(),
        }
    }

    /// With `objects`, added one second apart from 2024-01-01 on, in order.
    pub fn with(mut self, objects: &[Value]) -> Self {
        self.objects = objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.clone(), date_added(i)))
            .collect();
        self
    }
}

/// The date added that [`Collection::with`] gives the `i`th object.
pub fn date_added(i: usize) -> String {
    format!(
        "2024-01-01T{:02}:{:02}:{:02}.000000Z",
        i / 3600,
        i / 60 % 60,
        i % 60
    )
}

pub fn executable() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MEDALLION") {
        return Some(PathBuf::from(p));
    }
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/taxii-venv/bin/medallion");
    p.exists().then_some(p)
}

/// A running medallion.
pub struct Medallion {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Medallion {
    /// Starts a server with `collections` in its API root, which takes
    /// requests of up to `max_content_length` bytes. `None` (after saying
    /// so) when medallion is not installed, outside CI.
    pub fn start(collections: &[Collection], max_content_length: u64) -> Option<Medallion> {
        let Some(exe) = executable() else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "medallion is missing under CI: .ci/run installs it into target/taxii-venv"
            );
            eprintln!("SKIPPED: medallion not installed (run .ci/run, or set MEDALLION)");
            return None;
        };
        // A port can be taken between finding it free and the server binding
        // it: try a few.
        let mut last_log = String::new();
        for _ in 0..3 {
            match Medallion::try_start(&exe, collections, max_content_length) {
                Ok(m) => return Some(m),
                Err(log) => last_log = log,
            }
        }
        panic!("medallion did not start:\n{last_log}");
    }

    fn try_start(
        exe: &PathBuf,
        collections: &[Collection],
        max_content_length: u64,
    ) -> Result<Medallion, String> {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let colls: Vec<Value> = collections
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "title": c.title,
                    "can_read": c.can_read,
                    "can_write": c.can_write,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": c.objects.iter().map(|(o, _)| o.clone()).collect::<Vec<_>>(),
                    "manifest": c.objects.iter().map(|(o, added)| json!({
                        "id": o["id"],
                        "date_added": added,
                        "version": o["modified"].as_str().or(o["created"].as_str()).unwrap_or(added),
                        "media_type": "application/stix+json;version=2.1",
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let data = json!({
            "/discovery": {
                "title": "linkchart test server",
                "default": format!("{base}/{ROOT}/"),
                "api_roots": [format!("{base}/{ROOT}/")],
            },
            ROOT: {
                "information": {
                    "title": "Test API root",
                    "versions": ["application/taxii+json;version=2.1"],
                    "max_content_length": max_content_length,
                },
                "status": [],
                "collections": colls,
            },
        });
        let data_path = dir.path().join("data.json");
        std::fs::write(&data_path, data.to_string()).unwrap();
        let config = json!({
            "backend": {
                "module": "medallion.backends.memory_backend",
                "module_class": "MemoryBackend",
                "filename": data_path,
            },
            "users": { USER: PASSWORD },
            "taxii": { "max_page_size": PAGE },
        });
        let config_path = dir.path().join("config.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let log_path = dir.path().join("medallion.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut child = Command::new(exe)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let read_log = || std::fs::read_to_string(&log_path).unwrap_or_default();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("medallion exited ({status}):\n{}", read_log()));
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Medallion { child, port, dir });
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("medallion did not listen in 30 s:\n{}", read_log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The URL of a collection of the API root.
    pub fn collection_url(&self, id: &str) -> String {
        format!("http://127.0.0.1:{}/{ROOT}/collections/{id}/", self.port)
    }

    /// Stops the server now.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("medallion.log")).unwrap_or_default()
    }

    /// A GET of the server's own API with the right credentials, following
    /// `next` to the end: every item of `key` (`objects`, `versions`).
    pub fn get_all(&self, url: &str, key: &str) -> Vec<Value> {
        use base64::Engine;
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"))
        );
        let mut out = Vec::new();
        let mut next: Option<String> = None;
        loop {
            let mut req = ureq::get(url)
                .header("Accept", "application/taxii+json;version=2.1")
                .header("Authorization", &auth)
                .query("limit", PAGE.to_string());
            if let Some(n) = &next {
                req = req.query("next", n);
            }
            let mut resp = req.call().expect("the server answers");
            let v: Value = serde_json::from_reader(resp.body_mut().as_reader()).unwrap();
            out.extend(v[key].as_array().cloned().unwrap_or_default());
            if v["more"] != json!(true) {
                return out;
            }
            next = Some(v["next"].as_str().expect("next").to_string());
        }
    }
}

impl Drop for Medallion {
    fn drop(&mut self) {
        self.stop();
    }
}
