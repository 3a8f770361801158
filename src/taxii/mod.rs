//! TAXII 2.1, the OASIS protocol threat-intelligence platforms (OpenCTI,
//! MISP, vendor feeds) exchange STIX with: pull a collection's objects and
//! push objects to it. The STIX mapping itself is [`crate::stix`]'s, used by
//! `import --from stix` and `export --format stix`; this layer only moves
//! the objects.
//!
//! - [`url`]: the collection's URL, checked before anything is sent; the
//!   refusal to send credentials over plain http to another machine is
//!   decided there, on the URL alone.
//! - [`auth`] and [`netrc`]: credentials from `LINKCHART_TAXII_TOKEN`,
//!   `LINKCHART_TAXII_PASSWORD` (with `--user`) or `~/.netrc`; never from
//!   the command line.
//! - [`client`]: requests over a blocking HTTP client (ureq, TLS by rustls
//!   with the system's roots or a private CA), with timeouts, a bounded
//!   retry on 429 and 503 that honours `Retry-After`, and the check that
//!   each answer is TAXII 2.1.
//! - [`collection`]: the resources: API root and collection information,
//!   the paged pull (`more`/`next`, `X-TAXII-Date-Added-Last`), the push in
//!   envelopes under `max_content_length`, and the polling of its status.
//!
//! Every error names the URL it concerns and never shows a password or a
//! token.

pub mod auth;
pub mod client;
pub mod collection;
pub mod netrc;
pub mod url;

pub use auth::Credentials;
pub use client::{Client, Options};
pub use collection::{
    ApiRootInfo, CollectionInfo, PullProgress, Pulled, PushProgress, PushReport, StatusDetail,
};
pub use url::CollectionUrl;

/// The media type of every TAXII 2.1 request and answer.
pub const MEDIA_TYPE: &str = "application/taxii+json;version=2.1";

/// What went wrong, for callers that react to it (and for tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The URL, the credentials or an option is wrong; nothing was sent.
    Usage,
    /// Credentials would go over plain http to another machine; nothing
    /// was sent.
    Insecure,
    /// 401: the server did not accept the credentials (or wants some).
    Unauthorized,
    /// 403: the credentials are not allowed to do this.
    Forbidden,
    /// 404: no such API root, collection or status.
    NotFound,
    /// The collection says `can_read: false`.
    NotReadable,
    /// The collection says `can_write: false`.
    NotWritable,
    /// No connection: refused, cut, unknown host, TLS.
    Unreachable,
    /// No answer in time.
    Timeout,
    /// The answer is not TAXII 2.1: media type, JSON, shape.
    NotTaxii,
    /// Any other refusal or failure of the server.
    Server,
}

/// An error of the TAXII layer: its kind, the URL it concerns, and what
/// happened in words. Displayed as `URL: message`, inert for a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub url: String,
    pub message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, url: &str, message: impl Into<String>) -> Error {
        Error {
            kind,
            url: url.to_string(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let clean = crate::sanitize::sanitize;
        write!(f, "{}: {}", clean(&self.url), clean(&self.message))
    }
}

impl std::error::Error for Error {}

/// An `added_after` timestamp from what a user writes: a day
/// (`2024-03-01`, its first instant) or a timestamp
/// (`2024-03-01T12:00:00Z`, `…:00.123456Z`), as the server compares them.
/// A fraction longer than microseconds is cut to six digits.
pub fn added_after(s: &str) -> Result<String, String> {
    let s = s.trim();
    let bad = || {
        format!(
            "`{}` is not a day or a timestamp; write 2024-03-01 or 2024-03-01T12:00:00Z \
             (UTC), or take the last date added from the header of an earlier pull",
            crate::sanitize::sanitize(crate::sanitize::head(s, 60))
        )
    };
    let (day, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let date = crate::dates::Date::parse(day).ok_or_else(bad)?;
    if date.day == 0 || day.len() != 10 {
        return Err(bad());
    }
    let Some(time) = time else {
        return Ok(format!("{day}T00:00:00Z"));
    };
    let time = time.strip_suffix(['Z', 'z']).ok_or_else(bad)?;
    let (hms, frac) = match time.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (time, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |p: &str, max: u32| {
        p.len() == 2
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    if parts.len() != 3 || !num(parts[0], 23) || !num(parts[1], 59) || !num(parts[2], 60) {
        return Err(bad());
    }
    match frac {
        None => Ok(format!("{day}T{hms}Z")),
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(format!("{day}T{hms}.{}Z", &f[..f.len().min(6)]))
        }
        Some(_) => Err(bad()),
    }
}

/// `text` with every occurrence of `secret` masked, for text that comes
/// back from a server before it is shown.
pub(crate) fn mask(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if s.len() >= 3 => text.replace(s, "•••"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_after_forms() {
        assert_eq!(added_after("2024-03-01").unwrap(), "2024-03-01T00:00:00Z");
        assert_eq!(
            added_after(" 2024-03-01T12:30:00Z ").unwrap(),
            "2024-03-01T12:30:00Z"
        );
        assert_eq!(
            added_after("2014-05-08T09:00:00.000000Z").unwrap(),
            "2014-05-08T09:00:00.000000Z"
        );
        assert_eq!(
            added_after("2014-05-08T09:00:00.123456789Z").unwrap(),
            "2014-05-08T09:00:00.123456Z"
        );
        for bad in [
            "2024",
            "2024-03",
            "2024-02-30",
            "yesterday",
            "2024-03-01T12:30Z",
            "2024-03-01T25:00:00Z",
            "2024-03-01T12:00:00+01:00",
            "2024-03-01T12:00:00.Z",
            "",
        ] {
            let err = added_after(bad).unwrap_err();
            assert!(err.contains("2024-03-01T12:00:00Z"), "{bad}: {err}");
        }
    }

    #[test]
    fn errors_show_the_url_inert() {
        let e = Error::new(ErrorKind::NotFound, "https://h/\x1b[31m/", "no \x07 such");
        let shown = e.to_string();
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{shown:?}"
        );
        assert!(shown.starts_with("https://h/"));
        assert_eq!(mask("pw is hunter2.", Some("hunter2")), "pw is •••.");
    }
}
