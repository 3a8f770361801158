//! A collection's URL, checked before anything is sent: `http` or `https`,
//! no user name or password inside (they would show in `ps` and in shell
//! history), and the API root and collection id it names.

use std::net::IpAddr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use ureq::http::Uri;

/// A TAXII collection, from its URL `…/API-ROOT/collections/ID/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionUrl {
    https: bool,
    /// `host` or `host:port`, IPv6 in brackets.
    authority: String,
    host: String,
    /// The API root's path, from `/` to its closing `/`.
    root_path: String,
    id: String,
}

/// Everything but RFC 3986's unreserved characters is encoded in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `s` percent-encoded as one path segment.
pub(crate) fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Whether `host` (as a URL writes it, IPv6 in brackets) is this machine:
/// `localhost`, 127.0.0.0/8 or `::1`.
pub fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => a.is_loopback(),
        Ok(IpAddr::V6(a)) => a.is_loopback() || a.to_ipv4_mapped().is_some_and(|a| a.is_loopback()),
        Err(_) => false,
    }
}

impl CollectionUrl {
    /// Parses and checks a collection URL. The error explains what is wrong
    /// and never repeats a password written in the URL.
    pub fn parse(text: &str) -> Result<CollectionUrl, String> {
        let text = text.trim();
        const FORM: &str = "a collection's URL looks like https://HOST/API-ROOT/collections/ID/";
        if !text.contains("://") {
            return Err(format!("the URL has no scheme (https://); {FORM}"));
        }
        let uri: Uri = text.parse().map_err(|_| format!("not a URL; {FORM}"))?;
        let https = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => true,
            Some(s) if s.eq_ignore_ascii_case("http") => false,
            Some(_) => return Err(format!("only http:// and https:// are spoken; {FORM}")),
            None => return Err(format!("the URL has no scheme (https://); {FORM}")),
        };
        let authority = uri
            .authority()
            .ok_or_else(|| format!("the URL has no host; {FORM}"))?;
        if authority.as_str().contains('@') {
            return Err(
                "the URL holds a user name or password; give the user with --user and the \
                 password in LINKCHART_TAXII_PASSWORD (or ~/.netrc), never in the URL"
                    .to_string(),
            );
        }
        if uri.query().is_some() {
            return Err(format!(
                "the URL has a query (`?…`); give the collection's URL alone ({FORM})"
            ));
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(format!("the URL has no host; {FORM}"));
        }
        let authority = match authority.port_u16() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        let mut segs: Vec<&str> = uri.path().split('/').filter(|s| !s.is_empty()).collect();
        // The objects URL of a collection names the collection too.
        if segs.last() == Some(&"objects") && segs.len() >= 3 {
            segs.pop();
        }
        let n = segs.len();
        if n < 2 || segs[n - 2] != "collections" {
            return Err(format!(
                "the URL does not name a collection; {FORM} (an API root's \
                 /collections/ lists them)"
            ));
        }
        let id = percent_decode_str(segs[n - 1])
            .decode_utf8()
            .map(|c| c.into_owned())
            .map_err(|_| {
                "the collection id in the URL is not valid percent-encoded UTF-8".to_string()
            })?;
        let root: Vec<&str> = segs[..n - 2].to_vec();
        let root_path = if root.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", root.join("/"))
        };
        Ok(CollectionUrl {
            https,
            authority,
            host,
            root_path,
            id,
        })
    }

    fn base(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.authority)
    }

    /// The collection's URL, written the standard way (with the closing `/`).
    pub fn url(&self) -> String {
        format!("{}collections/{}/", self.api_root(), segment(&self.id))
    }

    /// The URL of the collection's objects.
    pub fn objects_url(&self) -> String {
        format!("{}objects/", self.url())
    }

    /// The API root's URL.
    pub fn api_root(&self) -> String {
        format!("{}{}", self.base(), self.root_path)
    }

    /// The URL of a status resource of this API root.
    pub fn status_url(&self, status_id: &str) -> String {
        format!("{}status/{}/", self.api_root(), segment(status_id))
    }

    /// The collection's id, as the URL names it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The host, lowercase, IPv6 in brackets (as `~/.netrc` is searched).
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn is_https(&self) -> bool {
        self.https
    }

    /// Whether credentials may be sent to this URL: over TLS, or over plain
    /// http only to this machine. Decided on the URL alone, before any
    /// connection.
    pub fn may_carry_credentials(&self) -> bool {
        self.https || is_loopback(&self.host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";

    #[test]
    fn collection_urls() {
        let u = CollectionUrl::parse(&format!("https://CTI.example.org/api1/collections/{ID}"))
            .unwrap();
        assert_eq!(u.id(), ID);
        assert_eq!(u.host(), "cti.example.org");
        assert_eq!(u.api_root(), "https://cti.example.org/api1/");
        assert_eq!(
            u.url(),
            format!("https://cti.example.org/api1/collections/{ID}/")
        );
        assert_eq!(
            u.objects_url(),
            format!("https://cti.example.org/api1/collections/{ID}/objects/")
        );
        assert_eq!(
            u.status_url("2d086da7 x"),
            "https://cti.example.org/api1/status/2d086da7%20x/"
        );
        // OpenCTI's layout, a port, the objects URL pasted instead.
        let u = CollectionUrl::parse(&format!(
            "http://127.0.0.1:8080/taxii2/root/collections/{ID}/objects/"
        ))
        .unwrap();
        assert_eq!(u.api_root(), "http://127.0.0.1:8080/taxii2/root/");
        assert_eq!(u.id(), ID);
        // An API root at the top of the server.
        let u = CollectionUrl::parse("https://h/collections/a%20b/").unwrap();
        assert_eq!(u.api_root(), "https://h/");
        assert_eq!(u.id(), "a b");
        assert_eq!(u.url(), "https://h/collections/a%20b/");
    }

    #[test]
    fn bad_urls_are_explained() {
        for (url, says) in [
            ("cti.example.org/api1/collections/x/", "no scheme"),
            ("ftp://h/api1/collections/x/", "only http"),
            ("https://h/api1/", "does not name a collection"),
            ("https://h/api1/collections/", "does not name a collection"),
            ("https://h/api1/collections/x/?added_after=1", "query"),
            ("https://bad host/c/collections/x/", "not a URL"),
        ] {
            let err = CollectionUrl::parse(url).unwrap_err();
            assert!(err.contains(says), "{url}: {err}");
        }
    }

    #[test]
    fn a_password_in_the_url_is_refused_and_not_repeated() {
        let err = CollectionUrl::parse("https://alice:hunter2@h/api1/collections/x/").unwrap_err();
        assert!(err.contains("LINKCHART_TAXII_PASSWORD"), "{err}");
        assert!(!err.contains("hunter2") && !err.contains("alice"), "{err}");
    }

    #[test]
    fn credentials_only_over_tls_or_to_this_machine() {
        let may = |u: &str| {
            CollectionUrl::parse(&format!("{u}/api1/collections/x/"))
                .unwrap()
                .may_carry_credentials()
        };
        assert!(may("https://cti.example.org"));
        assert!(may("https://203.0.113.9:8443"));
        assert!(may("http://localhost:5000"));
        assert!(may("http://LOCALHOST"));
        assert!(may("http://127.0.0.1:5000"));
        assert!(may("http://127.8.9.10"));
        assert!(may("http://[::1]:5000"));
        assert!(may("http://[::ffff:127.0.0.1]"));
        assert!(!may("http://cti.example.org"));
        assert!(!may("http://192.168.1.10:5000"));
        assert!(!may("http://[::2]"));
        assert!(!may("http://localhost.example.org"));
        assert!(!may("http://127.0.0.1.example.org"));
        assert!(!may("http://0.0.0.0"));
    }
}
