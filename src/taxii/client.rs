//! Requests to one collection's server over ureq: TLS by rustls with the
//! system's roots (or only the certificates of `--ca-cert`), no redirects
//! (a redirect could carry the credentials elsewhere; the error names the
//! new URL instead), timeouts, a bounded retry with backoff on 429 and 503
//! that honours `Retry-After`, and answers checked to be TAXII 2.1 JSON.

use std::io::ErrorKind as IoKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use ureq::http::{HeaderMap, Response};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
use ureq::{Agent, Body};

use super::auth::Credentials;
use super::url::{CollectionUrl, is_loopback};
use super::{Error, ErrorKind, MEDIA_TYPE};

/// The largest answer read (one page of objects, one status).
pub const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// What to do about a certificate the system's roots do not vouch for.
const CA_HINT: &str =
    "for a server with a private certificate authority, give its certificate with --ca-cert FILE";

/// How requests are made; [`Options::default`] suits a real server.
#[derive(Debug, Clone)]
pub struct Options {
    /// A file of PEM (or DER) certificates to trust instead of the system's
    /// roots, for a server with a private CA.
    pub ca_cert: Option<PathBuf>,
    /// The longest one request may take, answer included.
    pub timeout: Duration,
    /// The longest connecting (and the TLS handshake) may take.
    pub connect_timeout: Duration,
    /// How many times a request refused with 429 or 503 is tried again.
    pub retries: u32,
    /// The first wait before a retry when the server gives no
    /// `Retry-After`; each retry waits twice as long as the one before.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is an
    /// error rather than a silent wait.
    pub max_wait: Duration,
    /// How long a push's status is polled before what is still pending is
    /// reported as pending.
    pub status_timeout: Duration,
    /// The first pause between two polls of a status (it grows to 5 s).
    pub poll_interval: Duration,
    /// The page size asked for (`limit`); the server may give fewer.
    pub page_size: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ca_cert: None,
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(15),
            retries: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
            status_timeout: Duration::from_secs(300),
            poll_interval: Duration::from_millis(500),
            page_size: 1000,
        }
    }
}

/// A client of one collection.
pub struct Client {
    agent: Agent,
    credentials: Option<Credentials>,
    pub(crate) url: CollectionUrl,
    pub(crate) options: Options,
}

/// A successful answer: its JSON and the headers that matter.
#[derive(Debug)]
pub(crate) struct Answer {
    pub json: Value,
    pub headers: HeaderMap,
    pub bytes: u64,
}

/// The refusal to send credentials over plain http to another machine,
/// decided on the URL alone, before any connection.
pub fn check_credentials(
    url: &CollectionUrl,
    credentials: Option<&Credentials>,
) -> Result<(), Error> {
    if credentials.is_some() && !url.may_carry_credentials() {
        return Err(Error::new(
            ErrorKind::Insecure,
            &url.url(),
            format!(
                "refusing to send credentials ({}) over plain http to {}, where anyone on the \
                 way can read them; use https:// (plain http is allowed only to this machine)",
                credentials.map(Credentials::describe).unwrap_or_default(),
                url.host()
            ),
        ));
    }
    Ok(())
}

/// The certificates of a `--ca-cert` file, PEM or DER.
fn read_ca(path: &Path) -> Result<Vec<Certificate<'static>>, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        IoKind::NotFound => "no such file".to_string(),
        _ => format!("cannot read: {e}"),
    })?;
    if bytes.first() == Some(&0x30) {
        return Ok(vec![Certificate::from_der(&bytes).to_owned()]);
    }
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => return Err(format!("not a PEM file: {e}")),
        }
    }
    if certs.is_empty() {
        return Err("holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)".to_string());
    }
    Ok(certs)
}

impl Client {
    /// A client of `url`. Refuses credentials over plain http to another
    /// machine before anything is sent, and reads `--ca-cert`.
    pub fn new(
        url: CollectionUrl,
        credentials: Option<Credentials>,
        options: Options,
    ) -> Result<Client, Error> {
        check_credentials(&url, credentials.as_ref())?;
        let roots = match &options.ca_cert {
            Some(path) => {
                let certs = read_ca(path).map_err(|why| {
                    Error::new(
                        ErrorKind::Usage,
                        &url.url(),
                        format!("--ca-cert {}: {why}", path.display()),
                    )
                })?;
                RootCerts::Specific(Arc::new(certs))
            }
            None => RootCerts::PlatformVerifier,
        };
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout))
            .user_agent(format!("linkchart/{}", env!("CARGO_PKG_VERSION")))
            .accept(MEDIA_TYPE)
            // No proxy between this machine and itself.
            .proxy(if is_loopback(url.host()) {
                None
            } else {
                ureq::Proxy::try_from_env()
            })
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build();
        Ok(Client {
            agent: Agent::new_with_config(config),
            credentials,
            url,
            options,
        })
    }

    /// The collection this client speaks to.
    pub fn url(&self) -> &CollectionUrl {
        &self.url
    }

    fn secret(&self) -> Option<&str> {
        self.credentials.as_ref().map(Credentials::secret)
    }

    /// An error about `url`, its message masked of the secret.
    pub(crate) fn error(&self, kind: ErrorKind, url: &str, message: impl Into<String>) -> Error {
        Error::new(kind, url, super::mask(&message.into(), self.secret()))
    }

    /// GET `url` with `query`, as TAXII JSON.
    pub(crate) fn get(&self, url: &str, query: &[(&str, &str)]) -> Result<Answer, Error> {
        self.exchange(url, || {
            let mut req = self.agent.get(url).query_pairs(query.iter().copied());
            if let Some(c) = &self.credentials {
                req = req.header("Authorization", c.header());
            }
            req.call()
        })
    }

    /// POST `body` (a TAXII envelope) to `url`.
    pub(crate) fn post(&self, url: &str, body: &[u8]) -> Result<Answer, Error> {
        self.exchange(url, || {
            let mut req = self.agent.post(url).header("Content-Type", MEDIA_TYPE);
            if let Some(c) = &self.credentials {
                req = req.header("Authorization", c.header());
            }
            req.send(body)
        })
    }

    /// Sends until an answer other than 429/503 comes (or the retries are
    /// spent), then reads it.
    fn exchange(
        &self,
        url: &str,
        send: impl Fn() -> Result<Response<Body>, ureq::Error>,
    ) -> Result<Answer, Error> {
        let mut attempt = 0;
        loop {
            let response = send().map_err(|e| self.transport_error(url, e))?;
            let status = response.status().as_u16();
            if matches!(status, 429 | 503) && attempt < self.options.retries {
                let backoff = self.options.backoff.saturating_mul(1 << attempt.min(16));
                let wait = retry_after(response.headers()).unwrap_or(backoff);
                if wait > self.options.max_wait {
                    return Err(self.error(
                        ErrorKind::Server,
                        url,
                        format!(
                            "{} {}: the server asks to wait {} s before trying again; \
                             try again later",
                            status,
                            reason(status),
                            wait.as_secs()
                        ),
                    ));
                }
                std::thread::sleep(wait);
                attempt += 1;
                continue;
            }
            return self.read(url, response, attempt);
        }
    }

    fn transport_error(&self, url: &str, e: ureq::Error) -> Error {
        let secs = |d: Duration| d.as_secs_f64();
        let (kind, message) = match e {
            ureq::Error::Timeout(ureq::Timeout::Connect) => (
                ErrorKind::Timeout,
                format!(
                    "no connection within {} s; is the server up and the address right?",
                    secs(self.options.connect_timeout)
                ),
            ),
            ureq::Error::Timeout(_) => (
                ErrorKind::Timeout,
                format!("no complete answer within {} s", secs(self.options.timeout)),
            ),
            ureq::Error::HostNotFound => (
                ErrorKind::Unreachable,
                "the host is not found (DNS); is the name right?".to_string(),
            ),
            ureq::Error::Io(io) => match io.kind() {
                IoKind::ConnectionRefused => (
                    ErrorKind::Unreachable,
                    "the connection is refused; is the server running, on this port?".to_string(),
                ),
                IoKind::TimedOut | IoKind::WouldBlock => (
                    ErrorKind::Timeout,
                    format!("no answer within {} s", secs(self.options.timeout)),
                ),
                IoKind::ConnectionReset
                | IoKind::ConnectionAborted
                | IoKind::UnexpectedEof
                | IoKind::BrokenPipe => (
                    ErrorKind::Unreachable,
                    format!("the server cut the connection ({io}); was it stopped?"),
                ),
                // rustls reports a refused certificate as invalid data.
                IoKind::InvalidData if self.url.is_https() => (
                    ErrorKind::Unreachable,
                    format!("TLS failed: {io}; {CA_HINT}"),
                ),
                _ => (ErrorKind::Unreachable, format!("cannot connect: {io}")),
            },
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => (
                ErrorKind::Unreachable,
                format!("TLS failed: {e}; {CA_HINT}"),
            ),
            ureq::Error::BodyExceedsLimit(n) => (
                ErrorKind::NotTaxii,
                format!("the answer is over {n} bytes, more than a TAXII page should be"),
            ),
            ureq::Error::Protocol(p) => (
                ErrorKind::NotTaxii,
                format!("the answer is not HTTP ({p}); is this the server's address and port?"),
            ),
            ureq::Error::ConnectionFailed => (ErrorKind::Unreachable, "cannot connect".to_string()),
            other => (ErrorKind::Unreachable, other.to_string()),
        };
        self.error(kind, url, message)
    }

    /// Reads an answer: the JSON of a 2xx TAXII answer, or the error that
    /// the status says, with the server's own words where it gives some.
    fn read(&self, url: &str, mut response: Response<Body>, retried: u32) -> Result<Answer, Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let media = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if (200..300).contains(&status) {
            check_media_type(&media).map_err(|why| self.error(ErrorKind::NotTaxii, url, why))?;
            let bytes = response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER_BYTES)
                .read_to_vec()
                .map_err(|e| self.transport_error(url, e))?;
            let json: Value = serde_json::from_slice(&bytes).map_err(|e| {
                self.error(
                    ErrorKind::NotTaxii,
                    url,
                    format!("the answer is not valid JSON ({e})"),
                )
            })?;
            if !json.is_object() {
                return Err(self.error(
                    ErrorKind::NotTaxii,
                    url,
                    "the answer is JSON but not a TAXII resource (an object)",
                ));
            }
            return Ok(Answer {
                json,
                headers,
                bytes: bytes.len() as u64,
            });
        }
        // The server's explanation: a TAXII error message, or a short line
        // of plain text.
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .lossy_utf8(true)
            .read_to_string()
            .unwrap_or_default();
        let said = server_words(&media, &text);
        let head = format!("{status} {}", reason(status));
        let with = |m: String| match &said {
            Some(s) => format!("{m} (the server says: {s})"),
            None => m,
        };
        let (kind, message) = match status {
            300..=399 => {
                let to = headers
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("?");
                (
                    ErrorKind::Server,
                    format!(
                        "{head}: the server redirects to {}; give that URL (redirects are \
                         not followed, so that credentials go nowhere else)",
                        crate::sanitize::head(to, 300)
                    ),
                )
            }
            401 => (
                ErrorKind::Unauthorized,
                with(match &self.credentials {
                    Some(c) => format!(
                        "{head}: the server does not accept the credentials ({})",
                        c.describe()
                    ),
                    None => format!(
                        "{head}: the server wants credentials; set {} (a token), or --user \
                         with {}, or add the host to ~/.netrc",
                        super::auth::TOKEN_VAR,
                        super::auth::PASSWORD_VAR
                    ),
                }),
            ),
            403 => (
                ErrorKind::Forbidden,
                with(format!("{head}: the credentials are not allowed this")),
            ),
            404 => (ErrorKind::NotFound, with(head.clone())),
            406 | 415 => (
                ErrorKind::NotTaxii,
                with(format!("{head}: the server does not speak TAXII 2.1 here")),
            ),
            413 => (
                ErrorKind::Server,
                with(format!("{head}: the server finds the request too large")),
            ),
            429 | 503 => (
                ErrorKind::Server,
                with(format!(
                    "{head}: the server is still busy after {} tries; try again later",
                    retried + 1
                )),
            ),
            _ => (ErrorKind::Server, with(head)),
        };
        Err(self.error(kind, url, message))
    }
}

/// The standard reason phrase of a status.
fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Whether a `Content-Type` is TAXII 2.1: `application/taxii+json`, with
/// `version=2.1` or no version.
pub(crate) fn check_media_type(media: &str) -> Result<(), String> {
    let mut parts = media.split(';').map(str::trim);
    let ty = parts.next().unwrap_or("").to_ascii_lowercase();
    if ty != "application/taxii+json" {
        let shown = if media.trim().is_empty() {
            "no media type".to_string()
        } else {
            format!("`{}`", crate::sanitize::head(media.trim(), 80))
        };
        return Err(format!(
            "the answer is {shown}, not TAXII 2.1 ({MEDIA_TYPE}); is this a TAXII \
             collection's URL?"
        ));
    }
    for p in parts {
        if let Some((k, v)) = p.split_once('=')
            && k.trim().eq_ignore_ascii_case("version")
        {
            let v = v.trim().trim_matches('"');
            if v != "2.1" {
                return Err(format!(
                    "the server answers in TAXII {}, not 2.1",
                    crate::sanitize::head(v, 20)
                ));
            }
        }
    }
    Ok(())
}

/// What the server says in an error answer: a TAXII error message's title
/// and description, or one short line of plain text (not a page of HTML).
fn server_words(media: &str, text: &str) -> Option<String> {
    let short = |s: &str| crate::sanitize::clip(s.trim(), 300);
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        let get = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
        };
        return match (get("title"), get("description")) {
            (Some(t), Some(d)) => Some(format!("{}: {}", short(t), short(d))),
            (Some(t), None) => Some(short(t)),
            (None, Some(d)) => Some(short(d)),
            (None, None) => None,
        };
    }
    let line = text.trim();
    let html = media.to_ascii_lowercase().contains("html") && line.contains('<');
    (!line.is_empty() && !html && !line.contains('\n') && line.len() <= 200).then(|| short(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert!(check_media_type("application/taxii+json;version=2.1").is_ok());
        assert!(check_media_type("application/taxii+json; version=\"2.1\"").is_ok());
        assert!(check_media_type("Application/TAXII+JSON").is_ok());
        let e = check_media_type("text/html; charset=utf-8").unwrap_err();
        assert!(
            e.contains("`text/html; charset=utf-8`") && e.contains(MEDIA_TYPE),
            "{e}"
        );
        assert!(check_media_type("").unwrap_err().contains("no media type"));
        assert!(check_media_type("application/json").is_err());
        let e = check_media_type("application/taxii+json;version=2.0").unwrap_err();
        assert!(e.contains("TAXII 2.0"), "{e}");
    }

    #[test]
    fn what_servers_say() {
        assert_eq!(
            server_words(
                MEDIA_TYPE,
                r#"{"title": "ProcessingError", "description": "Collection 'x' not found."}"#
            )
            .as_deref(),
            Some("ProcessingError: Collection 'x' not found.")
        );
        assert_eq!(
            server_words("text/html; charset=utf-8", "Unauthorized Access").as_deref(),
            Some("Unauthorized Access")
        );
        assert_eq!(
            server_words("text/html", "<html><body>no</body></html>"),
            None
        );
        assert_eq!(server_words("text/plain", "a\nb"), None);
        assert_eq!(server_words("text/plain", ""), None);
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO), "a date past is now");
        let later = SystemTime::now() + Duration::from_secs(30);
        h.insert(
            "retry-after",
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let d = retry_after(&h).unwrap();
        assert!(
            d <= Duration::from_secs(30) && d >= Duration::from_secs(28),
            "{d:?}"
        );
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn credentials_are_refused_on_the_url_alone() {
        let creds = Credentials::Basic {
            user: "alice".into(),
            password: "hunter2".into(),
        };
        let url = CollectionUrl::parse("http://cti.example.org/api1/collections/x/").unwrap();
        // Client::new refuses before building anything that could connect.
        let err = Client::new(url.clone(), Some(creds.clone()), Options::default())
            .err()
            .unwrap();
        assert_eq!(err.kind, ErrorKind::Insecure);
        let shown = err.to_string();
        assert!(
            shown.starts_with("http://cti.example.org/api1/collections/x/: "),
            "{shown}"
        );
        assert!(
            shown.contains("user alice") && !shown.contains("hunter2"),
            "{shown}"
        );
        // Without credentials plain http is allowed; to this machine too.
        assert!(check_credentials(&url, None).is_ok());
        let local = CollectionUrl::parse("http://127.0.0.1:5000/api1/collections/x/").unwrap();
        assert!(check_credentials(&local, Some(&creds)).is_ok());
        let tls = CollectionUrl::parse("https://cti.example.org/api1/collections/x/").unwrap();
        assert!(check_credentials(&tls, Some(&Credentials::Bearer("t".into()))).is_ok());
    }

    #[test]
    fn ca_cert_files() {
        let dir = tempfile::tempdir().unwrap();
        let url = CollectionUrl::parse("https://h/api1/collections/x/").unwrap();
        let with = |p: PathBuf| {
            Client::new(
                url.clone(),
                None,
                Options {
                    ca_cert: Some(p),
                    ..Options::default()
                },
            )
            .err()
            .map(|e| (e.kind, e.message))
        };
        let (kind, msg) = with(dir.path().join("none.pem")).unwrap();
        assert_eq!(kind, ErrorKind::Usage);
        assert!(
            msg.contains("--ca-cert") && msg.contains("no such file"),
            "{msg}"
        );
        let p = dir.path().join("empty.pem");
        std::fs::write(&p, "hello\n").unwrap();
        let (_, msg) = with(p).unwrap();
        assert!(msg.contains("no certificate"), "{msg}");
    }
}
