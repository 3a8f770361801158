//! Where the credentials come from. Never the command line, where `ps`
//! shows them: a token in `LINKCHART_TAXII_TOKEN` (sent as
//! `Authorization: Bearer`, as OpenCTI wants), a password in
//! `LINKCHART_TAXII_PASSWORD` for the `--user` name (HTTP basic auth), or
//! the `~/.netrc` entry for the host.

use super::netrc;
use super::url::CollectionUrl;

/// The variable that holds a bearer token.
pub const TOKEN_VAR: &str = "LINKCHART_TAXII_TOKEN";
/// The variable that holds the password of `--user`.
pub const PASSWORD_VAR: &str = "LINKCHART_TAXII_PASSWORD";

/// Credentials for one server. Their `Debug` shows no secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    Basic { user: String, password: String },
    Bearer(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Basic { user, .. } => write!(f, "Basic({user:?}, …)"),
            Credentials::Bearer(_) => write!(f, "Bearer(…)"),
        }
    }
}

impl Credentials {
    /// The `Authorization` header's value.
    pub(crate) fn header(&self) -> String {
        match self {
            Credentials::Basic { user, password } => {
                use base64::Engine;
                let pair = format!("{user}:{password}");
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )
            }
            Credentials::Bearer(token) => format!("Bearer {token}"),
        }
    }

    /// The secret, to keep it out of anything shown.
    pub(crate) fn secret(&self) -> &str {
        match self {
            Credentials::Basic { password, .. } => password,
            Credentials::Bearer(token) => token,
        }
    }

    /// How they are described in messages: `user alice`, `a bearer token`.
    pub fn describe(&self) -> String {
        match self {
            Credentials::Basic { user, .. } => {
                format!("user {}", crate::sanitize::sanitize(user))
            }
            Credentials::Bearer(_) => format!("the token in {TOKEN_VAR}"),
        }
    }

    /// The credentials for `url`, from the variables (`var`) and the netrc
    /// file: `Ok(None)` when there are none (anonymous access).
    ///
    /// - `--user NAME`: the password in `LINKCHART_TAXII_PASSWORD`, else
    ///   the netrc entry for the host and that login.
    /// - no `--user`: the token in `LINKCHART_TAXII_TOKEN`, else the netrc
    ///   entry for the host.
    pub fn find(
        url: &CollectionUrl,
        user: Option<&str>,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Credentials>, String> {
        let var = |k: &str| var(k).filter(|v| !v.is_empty());
        let from_netrc = |login: Option<&str>| -> Result<Option<netrc::Entry>, String> {
            let Some(path) = netrc::default_path(&var) else {
                return Ok(None);
            };
            Ok(netrc::read(&path)?.and_then(|n| n.find(url.host(), login).cloned()))
        };
        if let Some(user) = user {
            if user.is_empty() || user.contains(':') {
                return Err("--user: the user name must be non-empty and hold no `:`".to_string());
            }
            if let Some(password) = var(PASSWORD_VAR) {
                return Ok(Some(Credentials::Basic {
                    user: user.to_string(),
                    password,
                }));
            }
            return match from_netrc(Some(user))?.and_then(|e| e.password) {
                Some(password) => Ok(Some(Credentials::Basic {
                    user: user.to_string(),
                    password,
                })),
                None => Err(format!(
                    "--user {}: no password; set {PASSWORD_VAR}, or add a line \
                     `machine {} login {} password …` to ~/.netrc",
                    crate::sanitize::sanitize(user),
                    url.host(),
                    crate::sanitize::sanitize(user),
                )),
            };
        }
        if let Some(token) = var(TOKEN_VAR) {
            return Ok(Some(Credentials::Bearer(token)));
        }
        if var(PASSWORD_VAR).is_some() {
            return Err(format!(
                "{PASSWORD_VAR} is set but no --user names whose password it is"
            ));
        }
        Ok(from_netrc(None)?.and_then(|e| match (e.login, e.password) {
            (Some(user), Some(password)) => Some(Credentials::Basic { user, password }),
            _ => None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> CollectionUrl {
        CollectionUrl::parse(u).unwrap()
    }

    fn vars(list: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
        move |k| list.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn basic_auth_header_and_no_secret_in_debug() {
        // RFC 7617's example.
        let c = Credentials::Basic {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(c.header(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(!format!("{c:?}").contains("sesame"));
        assert!(!format!("{:?}", Credentials::Bearer("tok".into())).contains("tok"));
    }

    #[test]
    fn from_variables_and_netrc() {
        let dir = tempfile::tempdir().unwrap();
        let netrc = dir.path().join("netrc");
        std::fs::write(
            &netrc,
            "machine cti.example.org login alice password fromnetrc\n\
             machine cti.example.org login bob password bobs\n",
        )
        .unwrap();
        let n = netrc.display().to_string();
        let u = url("https://cti.example.org/r/collections/c/");
        let find = |user: Option<&str>, list: Vec<(&'static str, String)>| {
            Credentials::find(&u, user, &vars(list))
        };
        let basic = |user: &str, password: &str| {
            Some(Credentials::Basic {
                user: user.into(),
                password: password.into(),
            })
        };
        // The variable wins over the file; the file gives the password for
        // the login asked for.
        assert_eq!(
            find(
                Some("bob"),
                vec![(PASSWORD_VAR, "pw".into()), ("NETRC", n.clone())]
            ),
            Ok(basic("bob", "pw"))
        );
        assert_eq!(
            find(Some("bob"), vec![("NETRC", n.clone())]),
            Ok(basic("bob", "bobs"))
        );
        assert_eq!(
            find(None, vec![("NETRC", n.clone())]),
            Ok(basic("alice", "fromnetrc"))
        );
        assert_eq!(
            find(None, vec![(TOKEN_VAR, "t0k".into()), ("NETRC", n.clone())]),
            Ok(Some(Credentials::Bearer("t0k".into())))
        );
        let err = find(Some("carol"), vec![("NETRC", n.clone())]).unwrap_err();
        assert!(err.contains(PASSWORD_VAR) && err.contains("carol"), "{err}");
        let err = find(None, vec![(PASSWORD_VAR, "pw".into())]).unwrap_err();
        assert!(err.contains("--user") && !err.contains("pw "), "{err}");
        // No file, no variables: anonymous.
        let none = dir.path().join("absent").display().to_string();
        assert_eq!(find(None, vec![("NETRC", none)]), Ok(None));
        // Another host has no entry.
        let other = url("https://other.example.org/r/collections/c/");
        assert_eq!(
            Credentials::find(&other, None, &vars(vec![("NETRC", n)])),
            Ok(None)
        );
    }
}
