//! TAXII 2.1 against a real server, medallion (the OASIS reference server,
//! see tests/medallion/): a pull across pages gives the same dossier as the
//! file import of the same objects; an incremental pull; a push read back
//! with the server's own API, and pushed again without adding anything;
//! wrong password, unknown collection, collections that cannot be read or
//! written, a server stopped mid-pull.
//!
//! What medallion cannot be made to do (429/503 with `Retry-After`, an
//! answer that is not TAXII, no answer at all, a failed object, TLS) is
//! played by a small scripted HTTP server on loopback.
//!
//! The last part runs the binary: `import --from taxii` and
//! `export --format stix --to`.

mod common;
mod medallion;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use linkchart::dossier::{BUNDLED, BUNDLED_NAME, load_str};
use linkchart::import::{from_stix, taxii::from_pulled};
use linkchart::taxii::{Client, CollectionUrl, Credentials, ErrorKind, Options};
use medallion::{Collection, Medallion, PASSWORD, USER};
use serde_json::Value;

/// The bundled dossier's STIX export.
fn export_objects() -> Vec<Value> {
    objects(&linkchart::export::stix(
        &load_str(BUNDLED_NAME, BUNDLED).unwrap().dossier,
    ))
}

/// The export as medallion can serve it: 104 objects, 6 pages of 20.
/// medallion 3.0.0 takes an object's `version` property for a manifest
/// entry's, so it cannot list the extension-definition (whose `version` is
/// "1.0.0"); the import reads nothing from that object.
fn served() -> Vec<Value> {
    export_objects()
        .into_iter()
        .filter(|o| o["type"] != "extension-definition")
        .collect()
}

/// `objects` as a bundle's text.
fn bundle(objects: &[Value]) -> String {
    serde_json::json!({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": objects})
        .to_string()
}

fn objects(bundle: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(bundle).unwrap();
    v["objects"].as_array().unwrap().clone()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/stix")
            .join(name),
    )
    .unwrap()
}

fn basic(password: &str) -> Option<Credentials> {
    Some(Credentials::Basic {
        user: USER.into(),
        password: password.into(),
    })
}

/// Options for tests: quick retries and polls.
fn quick() -> Options {
    Options {
        backoff: Duration::from_millis(20),
        poll_interval: Duration::from_millis(20),
        timeout: Duration::from_secs(30),
        ..Options::default()
    }
}

fn client(url: &str, credentials: Option<Credentials>) -> Client {
    Client::new(CollectionUrl::parse(url).unwrap(), credentials, quick()).unwrap()
}

const READ_ONLY: &str = "64993447-4d7e-4f70-b94d-d7f33742ee63";
const FOREIGN: &str = "d4b1c2a0-4b8e-4e5b-9d8e-0c1f0f6a7a21";
const WRITABLE: &str = "365fed99-08fa-fdcd-a1b3-fb247eb41d01";
const NO_READ: &str = "472c94ae-3113-4e3e-a4dd-a9f4ac7471d4";

/// A server with the export in a read-only collection, a foreign bundle in
/// another, an empty writable one and one that cannot be read.
fn server(max_content_length: u64) -> Option<Medallion> {
    Medallion::start(
        &[
            Collection::new(READ_ONLY, "The bundled chart", true, false).with(&served()),
            Collection::new(FOREIGN, "Made with stix2", true, false)
                .with(&objects(&fixture("made-with-stix2.json"))),
            Collection::new(WRITABLE, "Team drop box", true, true),
            Collection::new(NO_READ, "Write only", false, true),
        ],
        max_content_length,
    )
}

#[test]
fn a_pull_across_pages_gives_the_file_imports_dossier() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let url = server.collection_url(READ_ONLY);
    let mut seen = Vec::new();
    let pulled = client(&url, basic(PASSWORD))
        .pull(None, &mut |p| seen.push((p.pages, p.objects)))
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    let expected = served();
    assert_eq!(expected.len(), 104);
    assert_eq!(pulled.objects, expected, "every object, in order");
    assert_eq!(pulled.pages, 6);
    assert_eq!(
        seen,
        vec![(1, 20), (2, 40), (3, 60), (4, 80), (5, 100), (6, 104)]
    );
    assert_eq!(pulled.collection.title, "The bundled chart");
    assert_eq!(
        pulled.last_added.as_deref(),
        Some(medallion::date_added(103).as_str())
    );
    // Our export names its dossier and every claim's sources: the pull and
    // the file import are the same dossier, with the same warnings.
    let from_file = from_stix("chart.stix.json", &bundle(&expected)).unwrap();
    let from_server = from_pulled(&pulled, &url, None).unwrap();
    assert_eq!(from_server.dossier, from_file.dossier);
    assert_eq!(from_server.warnings, from_file.warnings);
    assert_eq!(from_server.comments.actors, from_file.comments.actors);
    assert_eq!(from_server.comments.claims, from_file.comments.claims);
    let ron = from_server.to_ron();
    assert!(
        ron.contains(&url),
        "the header names the collection:\n{ron}"
    );
    load_str("pulled.ron", &ron).expect("the pulled dossier loads");

    // A foreign bundle: the same mapping; only the source that stands for
    // the whole names the collection rather than the file.
    let url = server.collection_url(FOREIGN);
    let pulled = client(&url, basic(PASSWORD))
        .pull(None, &mut |_| {})
        .unwrap();
    assert_eq!(pulled.pages, 2);
    let mut from_file =
        from_stix("made-with-stix2.json", &fixture("made-with-stix2.json")).unwrap();
    let from_server = from_pulled(&pulled, &url, None).unwrap();
    assert_eq!(from_server.warnings, from_file.warnings);
    for s in &mut from_file.dossier.sources {
        if s.name == "STIX bundle made-with-stix2.json" {
            s.name = "TAXII collection Made with stix2".into();
        }
    }
    assert_eq!(
        from_file.dossier.title,
        "Imported from made-with-stix2.json"
    );
    from_file.dossier.title = "Imported from the TAXII collection Made with stix2".into();
    assert_eq!(from_server.dossier, from_file.dossier);
}

#[test]
fn an_incremental_pull_fetches_only_what_was_added_after() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let url = server.collection_url(READ_ONLY);
    let c = client(&url, basic(PASSWORD));
    let all = served();
    // Added after the 70th object: the 34 after it, in two pages.
    let since = medallion::date_added(69);
    let mut seen = Vec::new();
    let pulled = c.pull(Some(&since), &mut |p| seen.push(p.objects)).unwrap();
    assert_eq!(pulled.objects, all[70..].to_vec());
    let last = pulled.last_added.clone().unwrap();
    assert_eq!(last, medallion::date_added(103));
    // And the earlier objects those refer to, each once, none of the new.
    let ids = |list: &[Value]| -> Vec<String> {
        list.iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    let context = ids(&pulled.context);
    assert!(!context.is_empty());
    let earlier = ids(&all[..70]);
    assert!(context.iter().all(|id| earlier.contains(id)), "{context:?}");
    let mut unique = context.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), context.len());
    assert!(pulled.pages > 2, "2 pages of new objects, then the context");
    assert_eq!(seen.len(), pulled.pages);
    assert_eq!(*seen.last().unwrap(), 34 + context.len());

    // What is new reads alone: every relation and claim of it is one of the
    // whole collection's.
    let imported = from_pulled(&pulled, &url, Some(&since)).unwrap();
    let ron = imported.to_ron();
    load_str("increment.ron", &ron).expect("the increment loads");
    let whole = from_stix("all.json", &bundle(&all)).unwrap().dossier;
    for r in &imported.dossier.relations {
        let w = whole
            .relations
            .iter()
            .find(|w| (&w.from, &w.to, &w.label) == (&r.from, &r.to, &r.label))
            .unwrap_or_else(|| panic!("{} {} {}", r.from, r.label, r.to));
        for claim in &r.claims {
            assert!(w.claims.contains(claim), "{claim:?}");
        }
    }
    assert!(!imported.dossier.relations.is_empty());
    // The header records where the next pull starts.
    let context_said = format!(
        "34 objects (added after {since}), with {} earlier objects they refer to, in {} pages.",
        context.len(),
        pulled.pages
    );
    assert!(ron.contains(&context_said), "{ron}");
    assert_eq!(
        linkchart::import::taxii::last_added(&ron),
        Some((url.clone(), last.clone()))
    );

    // From the last date added on, nothing is new.
    let again = c.pull(Some(&last), &mut |_| {}).unwrap();
    assert!(again.objects.is_empty() && again.context.is_empty());
    assert_eq!(again.pages, 1);
    assert_eq!(again.last_added, None);
}

#[test]
fn a_push_reads_back_and_a_second_push_adds_nothing() {
    // A small max_content_length, so the export goes in several envelopes.
    let Some(server) = server(30_000) else {
        return;
    };
    let url = server.collection_url(WRITABLE);
    let c = client(&url, basic(PASSWORD));
    let sent = export_objects();
    let mut progress = Vec::new();
    let report = c.push(&sent, &mut |p| progress.push(p)).unwrap();
    assert!(report.envelopes >= 4, "{} envelopes", report.envelopes);
    assert_eq!(progress.len(), report.envelopes);
    assert_eq!(progress.last().unwrap().objects_sent, sent.len());
    assert_eq!(report.success_count, sent.len() as u64);
    assert_eq!((report.failure_count, report.pending_count), (0, 0));
    assert_eq!(report.status_urls.len(), report.envelopes);

    // Read back with the server's own API: its manifest lists every object
    // once, at the version sent; the objects (all but the one medallion
    // cannot list, see `served`) come back as they were sent.
    let manifest = server.get_all(&format!("{url}manifest/"), "objects");
    let by_id = |list: &[Value], key: &str| {
        let mut v: Vec<(String, String)> = list
            .iter()
            .map(|o| {
                (
                    o["id"].as_str().unwrap().into(),
                    o[key].as_str().unwrap().into(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(by_id(&manifest, "version"), by_id(&sent, "modified"));
    let types = "identity,relationship,note,report,grouping";
    let mut back = server.get_all(&format!("{url}objects/?match[type]={types}"), "objects");
    let mut expected = served();
    let id = |o: &Value| o["id"].as_str().unwrap().to_string();
    back.sort_by_key(id);
    expected.sort_by_key(id);
    assert_eq!(back, expected);

    // The same chart again: the ids and versions are the same, so the
    // server adds nothing. medallion 3.0.0 reports each object as failed
    // ("Unable to process object"); its manifest shows it holds them all at
    // the version sent, so none is a failure.
    let again = c.push(&sent, &mut |_| {}).unwrap();
    assert_eq!(again.failure_count, 0, "{:?}", again.failures.first());
    assert_eq!(again.already_held.len(), sent.len());
    assert_eq!(
        by_id(&sent, "modified"),
        by_id(
            &again
                .already_held
                .iter()
                .map(|d| serde_json::json!({"id": d.id, "modified": d.version}))
                .collect::<Vec<_>>(),
            "modified"
        )
    );
    let manifest = server.get_all(&format!("{url}manifest/"), "objects");
    assert_eq!(manifest.len(), sent.len(), "no new version of anything");
}

#[test]
fn a_wrong_password_is_named_and_never_shown() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let url = server.collection_url(READ_ONLY);
    let err = client(&url, basic("Tr0ub4dor&3-wrong"))
        .pull(None, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    let shown = err.to_string();
    assert!(shown.starts_with(&url), "{shown}");
    assert!(shown.contains("401 Unauthorized"), "{shown}");
    assert!(shown.contains(&format!("user {USER}")), "{shown}");
    assert!(!shown.contains("Tr0ub4dor"), "{shown}");
    // Without credentials the server wants some, and the error says how.
    let err = client(&url, None).pull(None, &mut |_| {}).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(err.message.contains("LINKCHART_TAXII_TOKEN"), "{err}");
}

#[test]
fn an_unknown_collection_is_a_404_naming_its_id() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let id = "00000000-dead-4bee-8f00-000000000000";
    let url = server.collection_url(id);
    let err = client(&url, basic(PASSWORD))
        .pull(None, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    let shown = err.to_string();
    assert!(shown.contains("404 Not Found"), "{shown}");
    assert!(shown.contains(&format!("no collection {id}")), "{shown}");
    // An unknown API root.
    let url = url.replace("/api1/", "/api9/");
    let err = client(&url, basic(PASSWORD))
        .push(&[], &mut |_| {})
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.to_string().contains("no such API root"), "{err}");
}

#[test]
fn collections_that_cannot_be_read_or_written_say_so_before_sending() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let url = server.collection_url(READ_ONLY);
    let before = server.get_all(&format!("{url}manifest/"), "objects").len();
    let sent = objects(&fixture("made-with-stix2.json"));
    let err = client(&url, basic(PASSWORD))
        .push(&sent, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotWritable);
    assert!(err.message.contains("“The bundled chart”"), "{err}");
    assert!(err.message.contains("can_write is false"), "{err}");
    assert_eq!(
        server.get_all(&format!("{url}manifest/"), "objects").len(),
        before
    );
    assert!(
        !server.log().contains("POST"),
        "nothing was posted:\n{}",
        server.log()
    );

    let url = server.collection_url(NO_READ);
    let err = client(&url, basic(PASSWORD))
        .pull(None, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotReadable);
    assert!(err.message.contains("can_read is false"), "{err}");
}

#[test]
fn a_server_stopped_mid_pull_is_an_error_naming_the_url() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let url = server.collection_url(READ_ONLY);
    let server = Mutex::new(server);
    let mut pages = 0;
    let err = client(&url, basic(PASSWORD))
        .pull(None, &mut |p| {
            pages = p.pages;
            if p.pages == 2 {
                server.lock().unwrap().stop();
            }
        })
        .unwrap_err();
    assert_eq!(pages, 2);
    assert_eq!(err.kind, ErrorKind::Unreachable, "{err}");
    assert!(
        err.to_string().starts_with(&format!("{url}objects/")),
        "{err}"
    );
    assert!(err.message.contains("refused"), "{err}");
}

// ---- a scripted server --------------------------------------------------------

/// One scripted answer: status, headers, body; or `None` for no answer.
type Reply = Option<(u16, Vec<(&'static str, String)>, String)>;

/// A connection of the scripted server, plain or TLS.
trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

/// Serves `replies` in turn on loopback, one connection each; records each
/// request's head. Gives the base URL and the recorded heads.
fn scripted(replies: Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    scripted_over(None, replies)
}

/// The same, over TLS with `tls` when given (the URL is then https).
fn scripted_over(
    tls: Option<Arc<rustls::ServerConfig>>,
    replies: Vec<Reply>,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    let scheme = if tls.is_some() { "https" } else { "http" };
    std::thread::spawn(move || {
        for reply in replies {
            let Ok((tcp, _)) = listener.accept() else {
                return;
            };
            let stream: Box<dyn Stream> = match &tls {
                Some(config) => Box::new(rustls::StreamOwned::new(
                    rustls::ServerConnection::new(config.clone()).unwrap(),
                    tcp,
                )),
                None => Box::new(tcp),
            };
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.lock().unwrap().push(head);
            let mut stream = reader.into_inner();
            match reply {
                None => {
                    // Hold the connection open, answering nothing.
                    std::thread::sleep(Duration::from_secs(5));
                }
                Some((status, headers, body)) => {
                    let mut out = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
                    for (k, v) in headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
                    let _ = stream.write_all(out.as_bytes());
                    let _ = stream.flush();
                }
            }
        }
    });
    (format!("{scheme}://127.0.0.1:{port}"), heads)
}

fn taxii(status: u16, body: &str) -> Reply {
    Some((
        status,
        vec![("Content-Type", linkchart::taxii::MEDIA_TYPE.to_string())],
        body.to_string(),
    ))
}

const COLLECTION: &str = r#"{"id": "c1", "title": "Feed", "can_read": true, "can_write": false}"#;

#[test]
fn busy_answers_are_retried_honouring_retry_after() {
    let busy = |status: u16, after: &str| {
        Some((
            status,
            vec![("Retry-After", after.to_string())],
            String::new(),
        ))
    };
    let (base, heads) = scripted(vec![
        busy(503, "1"),
        busy(429, "0"),
        taxii(200, COLLECTION),
        taxii(200, r#"{"objects": [{"type": "x", "id": "x--1"}]}"#),
    ]);
    let url = format!("{base}/r/collections/c1/");
    let start = Instant::now();
    let pulled = client(&url, Some(Credentials::Bearer("tok-123".into())))
        .pull(None, &mut |_| {})
        .unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(pulled.objects.len(), 1);
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 4);
    for h in heads.iter() {
        assert!(
            h.contains("authorization: Bearer tok-123\r\n")
                || h.contains("Authorization: Bearer tok-123\r\n"),
            "{h}"
        );
        assert!(
            h.to_ascii_lowercase()
                .contains("accept: application/taxii+json;version=2.1\r\n"),
            "{h}"
        );
    }
    assert!(
        heads[3].starts_with("GET /r/collections/c1/objects/?limit=1000 "),
        "{}",
        heads[3]
    );

    // A server still busy after the retries: an error that says so.
    let replies = (0..5).map(|_| busy(503, "0")).collect();
    let (base, heads) = scripted(replies);
    let url = format!("{base}/r/collections/c1/");
    let err = client(&url, None).pull(None, &mut |_| {}).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Server);
    assert!(
        err.message.contains("503 Service Unavailable") && err.message.contains("5 tries"),
        "{err}"
    );
    assert_eq!(heads.lock().unwrap().len(), 5, "1 try and 4 retries");

    // A wait longer than the longest honoured is not waited.
    let (base, _) = scripted(vec![busy(429, "3600")]);
    let err = client(&format!("{base}/r/collections/c1/"), None)
        .pull(None, &mut |_| {})
        .unwrap_err();
    assert!(err.message.contains("wait 3600 s"), "{err}");
}

#[test]
fn answers_that_are_not_taxii_are_errors_naming_the_url() {
    let html = Some((
        200,
        vec![("Content-Type", "text/html; charset=utf-8".to_string())],
        "<html>Sign in</html>".to_string(),
    ));
    for (reply, says) in [
        (html, "`text/html; charset=utf-8`, not TAXII 2.1"),
        (taxii(200, "{\"id\": "), "not valid JSON"),
        (taxii(200, "[1, 2]"), "not a TAXII resource"),
        (
            taxii(200, r#"{"id": "c1"}"#),
            "lacks id, can_read or can_write",
        ),
        (
            Some((
                302,
                vec![("Location", "https://sso.example.org/login".to_string())],
                String::new(),
            )),
            "redirects to https://sso.example.org/login",
        ),
    ] {
        let (base, _) = scripted(vec![reply]);
        let url = format!("{base}/r/collections/c1/");
        let err = client(&url, None).pull(None, &mut |_| {}).unwrap_err();
        assert!(err.to_string().starts_with(&url), "{err}");
        assert!(err.message.contains(says), "{says}: {err}");
    }
    // A page that says there is more but gives no way on.
    let (base, _) = scripted(vec![
        taxii(200, COLLECTION),
        taxii(
            200,
            r#"{"more": true, "objects": [{"type": "x", "id": "x--1"}]}"#,
        ),
    ]);
    let err = client(&format!("{base}/r/collections/c1/"), None)
        .pull(None, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotTaxii);
    assert!(err.message.contains("neither `next`"), "{err}");
}

#[test]
fn without_next_the_pull_goes_on_from_the_date_added_last() {
    let page = |n: u32, more: bool, last: &str| {
        Some((
            200,
            vec![
                ("Content-Type", linkchart::taxii::MEDIA_TYPE.to_string()),
                ("X-TAXII-Date-Added-Last", last.to_string()),
            ],
            format!(r#"{{"more": {more}, "objects": [{{"type": "x", "id": "x--{n}"}}]}}"#),
        ))
    };
    let (base, heads) = scripted(vec![
        taxii(200, COLLECTION),
        page(1, true, "2024-01-01T00:00:01.000Z"),
        page(2, false, "2024-01-01T00:00:02.000Z"),
    ]);
    let pulled = client(&format!("{base}/r/collections/c1/"), None)
        .pull(None, &mut |_| {})
        .unwrap();
    assert_eq!(pulled.objects.len(), 2);
    assert_eq!(
        pulled.last_added.as_deref(),
        Some("2024-01-01T00:00:02.000Z")
    );
    let heads = heads.lock().unwrap();
    assert!(
        heads[2].contains("added_after=2024-01-01T00%3A00%3A01.000Z"),
        "{}",
        heads[2]
    );
}

#[test]
fn a_server_that_does_not_answer_times_out() {
    let (base, _) = scripted(vec![None]);
    let url = format!("{base}/r/collections/c1/");
    let options = Options {
        timeout: Duration::from_millis(500),
        ..quick()
    };
    let c = Client::new(CollectionUrl::parse(&url).unwrap(), None, options).unwrap();
    let start = Instant::now();
    let err = c.pull(None, &mut |_| {}).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(4));
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    assert!(err.to_string().starts_with(&url), "{err}");
    assert!(err.message.contains("0.5 s"), "{err}");
}

#[test]
fn a_server_that_is_down_is_named() {
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/r/collections/c1/");
    let err = client(&url, None).pull(None, &mut |_| {}).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unreachable);
    assert!(err.to_string().starts_with(&url), "{err}");
    assert!(err.message.contains("refused"), "{err}");
}

/// A private certificate authority, and a server certificate it signed for
/// 127.0.0.1: the CA's PEM and the server's TLS configuration.
fn private_ca() -> (String, Arc<rustls::ServerConfig>) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "linkchart test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        )
        .unwrap();
    (ca_cert.pem(), Arc::new(config))
}

#[test]
fn tls_to_a_server_of_a_private_ca_given_with_ca_cert() {
    let (ca_pem, config) = private_ca();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("team-ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let (base, heads) = scripted_over(
        Some(config.clone()),
        vec![
            taxii(200, COLLECTION),
            taxii(200, r#"{"objects": [{"type": "x", "id": "x--1"}]}"#),
        ],
    );
    assert!(base.starts_with("https://"));
    let url = format!("{base}/r/collections/c1/");
    let options = Options {
        ca_cert: Some(ca_file),
        ..quick()
    };
    let c = Client::new(
        CollectionUrl::parse(&url).unwrap(),
        Some(Credentials::Bearer("tok-456".into())),
        options,
    )
    .unwrap();
    let pulled = c.pull(None, &mut |_| {}).unwrap();
    assert_eq!(pulled.objects.len(), 1);
    let heads = heads.lock().unwrap();
    assert!(
        heads[1]
            .to_ascii_lowercase()
            .contains("authorization: bearer tok-456"),
        "{}",
        heads[1]
    );

    // The system's roots do not know the private CA: the error says where
    // to give it.
    let (base, _) = scripted_over(Some(config), vec![taxii(200, COLLECTION)]);
    let url = format!("{base}/r/collections/c1/");
    let err = client(&url, None).pull(None, &mut |_| {}).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unreachable, "{err}");
    assert!(err.to_string().starts_with(&url), "{err}");
    assert!(
        err.message.contains("TLS") && err.message.contains("--ca-cert"),
        "{err}"
    );
}

// ---- the commands ---------------------------------------------------------------

/// `linkchart ARGS…` with the TAXII variables `vars` and no other
/// credentials: no ~/.netrc, no token or password from the caller.
fn linkchart(args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    linkchart_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args, vars)
}

/// The same, run in `dir`.
fn linkchart_in(
    dir: &std::path::Path,
    args: &[&str],
    vars: &[(&str, &str)],
) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_linkchart"));
    cmd.args(args)
        .env_remove("LINKCHART_CONFIG")
        .env_remove("NO_COLOR")
        .env_remove("LINKCHART_TAXII_TOKEN")
        .env_remove("LINKCHART_TAXII_PASSWORD")
        .env("XDG_CONFIG_HOME", "/nonexistent/linkchart-tests")
        .env("HOME", home.path())
        .env("NETRC", home.path().join("netrc"))
        .current_dir(dir)
        .stdin(std::process::Stdio::null());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "panic:\n{stderr}");
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    out
}

const GOOD: [(&str, &str); 1] = [("LINKCHART_TAXII_PASSWORD", PASSWORD)];

/// A dossier's text without its header comment.
fn body(ron: &str) -> &str {
    let start = ron.find("Dossier(").unwrap();
    &ron[start..]
}

#[test]
fn import_from_taxii_writes_the_file_imports_dossier_and_where_to_go_on() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = server.collection_url(READ_ONLY);
    let pull = |extra: &[&str]| {
        let args = [
            &["import", "--from", "taxii", &url, "--user", USER][..],
            extra,
        ]
        .concat();
        linkchart(&args, &GOOD)
    };
    let pulled = dir.path().join("pulled.ron");
    let out = pull(&["-o", pulled.to_str().unwrap()]);
    let err = common::stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("pulled 104 objects in 6 pages from {url}")),
        "{err}"
    );
    assert!(!err.contains(PASSWORD));
    // The file import of the same objects: the same dossier, item comments
    // included; only the header differs.
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, bundle(&served())).unwrap();
    let from_file = dir.path().join("file.ron");
    let out = linkchart(
        &[
            "import",
            "--from",
            "stix",
            file.to_str().unwrap(),
            "-o",
            from_file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success());
    let (a, b) = (
        std::fs::read_to_string(&pulled).unwrap(),
        std::fs::read_to_string(&from_file).unwrap(),
    );
    assert_eq!(body(&a), body(&b));
    let (found_url, last) = linkchart::import::taxii::last_added(&a).unwrap();
    assert_eq!(
        (found_url.as_str(), last.as_str()),
        (url.as_str(), medallion::date_added(103).as_str())
    );

    // The next pull, from where the header says: nothing new, nothing written.
    let next = dir.path().join("next.ron");
    let out = pull(&["--added-after", &last, "-o", next.to_str().unwrap()]);
    let err = common::stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("nothing was added after {last}; nothing written")),
        "{err}"
    );
    assert!(!next.exists());

    // An existing file is refused before anything is fetched.
    let out = pull(&["-o", pulled.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stderr(&out).contains("already exists"));
    assert!(!common::stderr(&out).contains("pulled 104"));
}

#[test]
fn import_errors_name_the_url_and_write_nothing() {
    let Some(server) = server(10_000_000) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("out.ron");
    let out_arg = out_file.to_str().unwrap();
    let url = server.collection_url(READ_ONLY);
    let wrong = "Tr0ub4dor&3-wrong";
    let out = linkchart(
        &[
            "import", "--from", "taxii", &url, "--user", USER, "-o", out_arg,
        ],
        &[("LINKCHART_TAXII_PASSWORD", wrong)],
    );
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&url) && err.contains("401 Unauthorized"),
        "{err}"
    );
    assert!(!err.contains(wrong), "{err}");
    let unknown = server.collection_url("no-such-collection");
    let out = linkchart(
        &[
            "import", "--from", "taxii", &unknown, "--user", USER, "-o", out_arg,
        ],
        &GOOD,
    );
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("404 Not Found") && err.contains("no collection no-such-collection"),
        "{err}"
    );
    assert!(!out_file.exists());

    // Mistakes of the command line: exit 2, before any connection.
    for (args, says) in [
        (
            vec![
                "import",
                "--from",
                "taxii",
                &url,
                "--added-after",
                "last week",
            ],
            "--added-after",
        ),
        (
            vec!["import", "--from", "stix", "x.json", "--user", USER],
            "--user is for --from taxii",
        ),
        (
            vec!["import", "--from", "taxii", "https://h/api1/"],
            "does not name a collection",
        ),
        (vec!["export", "--to", &url], "add --format stix"),
        (
            vec!["export", "--format", "stix", "--user", USER],
            "--user is for --to URL",
        ),
    ] {
        let out = linkchart(&args, &GOOD);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            common::stderr(&out).contains(says),
            "{args:?}: {}",
            common::stderr(&out)
        );
    }
}

#[test]
fn credentials_never_go_over_plain_http_to_another_host() {
    // 192.0.2.0/24 is reserved for documentation: a connection attempt
    // would hang until the connect timeout, so a quick refusal shows none
    // was made.
    let url = "http://192.0.2.7:8080/api1/collections/x/";
    for (args, vars) in [
        (
            vec!["import", "--from", "taxii", url, "--user", USER],
            GOOD.to_vec(),
        ),
        (
            vec!["import", "--from", "taxii", url],
            vec![("LINKCHART_TAXII_TOKEN", "tok-789")],
        ),
        (
            vec!["export", "--format", "stix", "--to", url],
            vec![("LINKCHART_TAXII_TOKEN", "tok-789")],
        ),
    ] {
        let start = Instant::now();
        let out = linkchart(&args, &vars);
        assert!(start.elapsed() < Duration::from_secs(5), "{args:?}");
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("refusing to send credentials") && err.contains(url),
            "{err}"
        );
        assert!(!err.contains(PASSWORD) && !err.contains("tok-789"), "{err}");
    }
    // A password inside the URL is refused and not repeated.
    let out = linkchart(
        &[
            "import",
            "--from",
            "taxii",
            "https://alice:hunter2@cti.example.org/api1/collections/x/",
        ],
        &[],
    );
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !err.contains("hunter2") && err.contains("never in the URL"),
        "{err}"
    );
}

#[test]
fn export_to_a_collection_reports_and_a_second_push_adds_nothing() {
    let Some(server) = server(30_000) else {
        return;
    };
    let url = server.collection_url(WRITABLE);
    let push = |extra: &[&str]| {
        let mut args = vec!["export", "--format", "stix", "--to", &url, "--user", USER];
        args.extend(extra);
        linkchart(&args, &GOOD)
    };
    let out = push(&[]);
    let err = common::stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "pushed 105 objects to {url} in 4 envelopes: 105 succeeded, 0 failed, 0 pending"
        )),
        "{err}"
    );
    assert!(common::stdout(&out).is_empty(), "nothing on stdout");
    let manifest = server.get_all(&format!("{url}manifest/"), "objects");
    assert_eq!(manifest.len(), 105);
    let out = push(&[]);
    let err = common::stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "105 objects the server reported as failed are already there at the same version"
        ),
        "{err}"
    );
    assert_eq!(
        server.get_all(&format!("{url}manifest/"), "objects").len(),
        105
    );
    // Filters push what they keep: objects already there too.
    let out = push(&["--actor", "GOT", "--min-reliability", "C"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(
        server.get_all(&format!("{url}manifest/"), "objects").len(),
        105
    );

    // A collection that takes no pushes: exit 1, nothing sent.
    let ro = server.collection_url(READ_ONLY);
    let out = linkchart(
        &["export", "--format", "stix", "--to", &ro, "--user", USER],
        &GOOD,
    );
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&ro) && err.contains("can_write is false"),
        "{err}"
    );
}

#[test]
fn export_exits_1_when_the_server_fails_an_object_and_says_why() {
    let status = r#"{"id": "s-1", "status": "complete", "total_count": 3,
        "success_count": 1, "successes": [{"id": "x--ok", "version": "2024-01-01T00:00:00.000Z"}],
        "failure_count": 1, "failures": [{"id": "identity--8010e895-83d5-5b57-b6d7-859b914ab9c6",
            "version": "1970-01-01T00:00:00.000Z", "message": "rejected by policy \u001b[31m"}],
        "pending_count": 1, "pendings": [{"id": "note--1"}]}"#;
    let (base, heads) = scripted(vec![
        taxii(200, r#"{"title": "Root", "max_content_length": 100000000}"#),
        taxii(
            200,
            r#"{"id": "c1", "title": "Feed", "can_read": true, "can_write": true}"#,
        ),
        taxii(202, status),
        // The manifest, asked whether the failed object is there: it is not.
        taxii(200, "{}"),
    ]);
    let url = format!("{base}/r/collections/c1/");
    let out = linkchart(
        &["export", "--format", "stix", "--to", &url],
        &[("LINKCHART_TAXII_TOKEN", "tok-abc")],
    );
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("1 succeeded, 1 failed, 1 pending"), "{err}");
    assert!(
        err.contains("failed: identity--8010e895-83d5-5b57-b6d7-859b914ab9c6 (version 1970-01-01T00:00:00.000Z): rejected by policy"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "the server's text is inert: {err:?}");
    assert!(err.contains("pending: note--1"), "{err}");
    assert!(
        err.contains(&format!("{base}/r/status/s-1/")),
        "where to look later: {err}"
    );
    let heads = heads.lock().unwrap();
    assert!(
        heads[2].starts_with("POST /r/collections/c1/objects/ "),
        "{}",
        heads[2]
    );
    assert!(
        heads[2]
            .to_ascii_lowercase()
            .contains("content-type: application/taxii+json;version=2.1")
    );
    assert!(
        heads[3].starts_with("GET /r/collections/c1/manifest/?match%5Bid%5D=identity--8010e895"),
        "{}",
        heads[3]
    );
}

/// Two malware objects of one name (a warning of the dossier, as `check`
/// gives it) and two notes on nothing (what the import leaves out).
const TWINS: &str = r#"[
    {"type": "identity", "id": "identity--1", "name": "Analyst desk", "identity_class": "organization"},
    {"type": "malware", "id": "malware--1", "name": "Emotet", "is_family": true},
    {"type": "malware", "id": "malware--2", "name": "Emotet", "is_family": true},
    {"type": "relationship", "id": "relationship--1", "relationship_type": "uses", "source_ref": "identity--1", "target_ref": "malware--1", "created_by_ref": "identity--1"},
    {"type": "relationship", "id": "relationship--2", "relationship_type": "uses", "source_ref": "identity--1", "target_ref": "malware--2", "created_by_ref": "identity--1"},
    {"type": "note", "id": "note--1", "content": "about nothing", "object_refs": ["indicator--9"]},
    {"type": "note", "id": "note--2", "content": "nor this", "object_refs": ["indicator--8"]}
]"#;

#[test]
fn import_from_taxii_counts_the_warnings_check_then_reports() {
    let (base, _) = scripted(vec![
        taxii(200, COLLECTION),
        taxii(200, &format!(r#"{{"more": false, "objects": {TWINS}}}"#)),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("twins.ron");
    let url = format!("{base}/r/collections/c1/");
    let out = linkchart(
        &[
            "import",
            "--from",
            "taxii",
            &url,
            "-o",
            written.to_str().unwrap(),
        ],
        &[],
    );
    let said = common::stderr(&out);
    assert!(out.status.success(), "{said}");
    let check = linkchart(&["check", written.to_str().unwrap()], &[]);
    let checked = common::stderr(&check);
    // The same count, and the same warning, word for word.
    common::says_the_one_warning_check_gives(&said, &checked, "are both called \"Emotet\"");
    // What the pull left out is said apart, not counted as a warning.
    assert!(said.contains("left out: note--1"), "{said}");
    assert!(said.contains("; 2 left out (listed above)"), "{said}");
}

#[test]
fn the_readme_shows_what_a_pull_and_a_push_print() {
    let Some(server) = server(30_000) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The README's server listens on port 5000.
    let shown =
        |text: &str| text.replace(&format!("127.0.0.1:{}/", server.port), "127.0.0.1:5000/");
    let pull_url = server.collection_url(READ_ONLY);
    let out = linkchart_in(
        dir.path(),
        &[
            "import", "--from", "taxii", &pull_url, "--user", USER, "-o", "team.ron",
        ],
        &GOOD,
    );
    assert!(out.status.success());
    let file = std::fs::read_to_string(dir.path().join("team.ron")).unwrap();
    let header: String = file
        .lines()
        .take_while(|l| l.starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    let pull = shown(&format!(
        "{}\n$ head -6 team.ron\n{header}",
        common::stderr(&out)
    ));
    let push_url = server.collection_url(WRITABLE);
    let push = || {
        linkchart_in(
            dir.path(),
            &[
                "export", "--format", "stix", "--to", &push_url, "--user", USER,
            ],
            &GOOD,
        )
    };
    let (first, second) = (push(), push());
    let push = shown(&format!(
        "{}{}",
        common::stderr(&first),
        common::stderr(&second)
    ));
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for block in [pull, push] {
        assert!(
            readme.contains(&block),
            "README.md should show, as printed:\n{block}"
        );
    }
}
