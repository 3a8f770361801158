//! TAXII 2.1 on the command line: `import --from taxii URL` pulls a
//! collection ([`pull`]) and `export --format stix --to URL` pushes the
//! chart's STIX export to one ([`push`]). The options they share
//! ([`TaxiiArgs`]), the credentials from the environment or `~/.netrc`, and
//! a spinner on stderr while the server works.

use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::common::plural;
use crate::sanitize::{clip, sanitize};
use crate::taxii::{self, Client, CollectionUrl, Credentials, ErrorKind, Options, PushReport};

/// The options of a TAXII server, for `import --from taxii` and
/// `export --to`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TaxiiArgs {
    /// TAXII: the user name for HTTP basic auth. The password comes from
    /// LINKCHART_TAXII_PASSWORD or ~/.netrc, never the command line; a token
    /// (OpenCTI) from LINKCHART_TAXII_TOKEN, without --user.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// TAXII: trust the certificates in FILE (PEM) instead of the system's,
    /// for a server with a private certificate authority.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

impl TaxiiArgs {
    /// The first option given, for the error when no server is.
    pub fn given(&self) -> Option<&'static str> {
        if self.user.is_some() {
            Some("--user")
        } else if self.ca_cert.is_some() {
            Some("--ca-cert")
        } else {
            None
        }
    }
}

/// A URL as it may be shown: without what sits before an `@` in its host
/// part (a password there is refused, and never repeated).
fn shown_url(text: &str) -> String {
    let text = text.trim();
    let cleaned = match text.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find('/').unwrap_or(rest.len());
            match rest[..end].rfind('@') {
                Some(at) => format!("{scheme}://…@{}", &rest[at + 1..]),
                None => text.to_string(),
            }
        }
        None => text.to_string(),
    };
    clip(&cleaned, 300)
}

/// The client of the collection at `url`: the URL checked, the credentials
/// found, refused over plain http to another machine, all before any
/// connection. On error, what to exit with (2: the command line).
pub fn connect(cmd: &str, url: &str, args: &TaxiiArgs) -> Result<Client, ExitCode> {
    let usage = |why: String| {
        eprintln!("linkchart: {cmd}: {}: {}", shown_url(url), sanitize(&why));
        ExitCode::from(2)
    };
    let collection = CollectionUrl::parse(url).map_err(usage)?;
    let var = |k: &str| std::env::var(k).ok();
    let credentials = Credentials::find(&collection, args.user.as_deref(), &var).map_err(usage)?;
    let options = Options {
        ca_cert: args.ca_cert.clone(),
        ..Options::default()
    };
    Client::new(collection, credentials, options).map_err(|e| {
        eprintln!("linkchart: {cmd}: {e}");
        match e.kind {
            ErrorKind::Usage | ErrorKind::Insecure => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    })
}

/// A spinner on stderr (drawn only when it is a terminal).
fn spinner() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// What a pull fetched, for the dossier to make of it.
pub struct Pull {
    pub url: String,
    pub pulled: taxii::Pulled,
    pub added_after: Option<String>,
}

/// Pulls the collection at `url` (added after `added_after`, as the user
/// wrote it). `Err` carries the exit code, the error told.
pub fn pull(url: &str, added_after: Option<&str>, args: &TaxiiArgs) -> Result<Pull, ExitCode> {
    let after = match added_after.map(taxii::added_after).transpose() {
        Ok(a) => a,
        Err(why) => {
            eprintln!("linkchart: import: --added-after: {}", sanitize(&why));
            return Err(ExitCode::from(2));
        }
    };
    let client = connect("import", url, args)?;
    let shown = client.url().url();
    let bar = spinner();
    bar.set_message(format!("pulling {}", sanitize(&shown)));
    let result = client.pull(after.as_deref(), &mut |p| {
        bar.set_message(format!(
            "pulling {}: {} object{} in {} page{}",
            sanitize(&shown),
            p.objects,
            plural(p.objects),
            p.pages,
            plural(p.pages)
        ));
    });
    bar.finish_and_clear();
    let pulled = result.map_err(|e| {
        eprintln!("linkchart: import: {e}");
        ExitCode::FAILURE
    })?;
    let (n, c) = (pulled.objects.len(), pulled.context.len());
    eprintln!(
        "linkchart: pulled {n} object{}{} in {} page{} from {}{}",
        plural(n),
        match c {
            0 => String::new(),
            c => format!(" (and {c} earlier one{} they refer to)", plural(c)),
        },
        pulled.pages,
        plural(pulled.pages),
        sanitize(&shown),
        match &pulled.last_added {
            Some(last) => format!("; last added {}", sanitize(last)),
            None => String::new(),
        }
    );
    Ok(Pull {
        url: shown,
        pulled,
        added_after: after,
    })
}

/// Pushes the objects of the STIX bundle `bundle` with `client`; reports
/// what the server did. Exits 1 if any object failed.
pub fn push(client: &Client, bundle: &str) -> ExitCode {
    let shown = client.url().url();
    let objects = match serde_json::from_str::<serde_json::Value>(bundle)
        .ok()
        .and_then(|v| v.get("objects").and_then(|o| o.as_array()).cloned())
    {
        Some(o) => o,
        None => {
            eprintln!("linkchart: export: the STIX export is no bundle; nothing sent");
            return ExitCode::FAILURE;
        }
    };
    let bar = spinner();
    bar.set_message(format!("pushing to {}", sanitize(&shown)));
    let result = client.push(&objects, &mut |p| {
        bar.set_message(format!(
            "pushing to {}: envelope {} of {}, {} object{}",
            sanitize(&shown),
            p.envelopes_sent,
            p.envelopes,
            p.objects_sent,
            plural(p.objects_sent)
        ));
    });
    bar.finish_and_clear();
    match result {
        Ok(report) => tell(&shown, objects.len(), &report),
        Err(e) => {
            eprintln!("linkchart: export: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The server's messages, each with how many objects it was given for:
/// `"Object already added" ×3`.
fn messages(details: &[taxii::StatusDetail]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for d in details {
        if let Some(m) = d
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            match counts.iter_mut().find(|(k, _)| *k == m) {
                Some((_, n)) => *n += 1,
                None => counts.push((m, 1)),
            }
        }
    }
    counts
        .iter()
        .take(5)
        .map(|(m, n)| format!("“{}” ×{n}", clip(m, 200)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints a push's report: the counts on one line, then each failure and
/// pending object with the server's message.
fn tell(url: &str, sent: usize, r: &PushReport) -> ExitCode {
    const SHOWN: usize = 100;
    let with = |m: String| if m.is_empty() { m } else { format!(" ({m})") };
    eprintln!(
        "linkchart: pushed {sent} object{} to {} in {} envelope{}: {} succeeded{}, {} failed, {} pending",
        plural(sent),
        sanitize(url),
        r.envelopes,
        plural(r.envelopes),
        r.success_count,
        with(messages(&r.successes)),
        r.failure_count,
        r.pending_count,
    );
    if !r.already_held.is_empty() {
        let n = r.already_held.len();
        eprintln!(
            "linkchart: {n} object{} the server reported as failed {} already there at the same \
             version: nothing new{}",
            plural(n),
            if n == 1 { "is" } else { "are" },
            with(messages(&r.already_held)),
        );
    }
    let line = |what: &str, d: &taxii::StatusDetail| {
        eprintln!(
            "linkchart: export: {what}: {}{}{}",
            clip(&d.id, 200),
            d.version
                .as_deref()
                .map(|v| format!(" (version {})", clip(v, 40)))
                .unwrap_or_default(),
            d.message
                .as_deref()
                .map(|m| format!(": {}", clip(m, 300)))
                .unwrap_or_default()
        );
    };
    for d in r.failures.iter().take(SHOWN) {
        line("failed", d);
    }
    for d in r.pendings.iter().take(SHOWN) {
        line("pending", d);
    }
    let listed = r.failures.len().min(SHOWN) + r.pendings.len().min(SHOWN);
    if r.failures.len() + r.pendings.len() > listed {
        eprintln!(
            "linkchart: export: … and {} more",
            r.failures.len() + r.pendings.len() - listed
        );
    }
    if r.pending_count > 0 {
        for s in &r.status_urls {
            eprintln!(
                "linkchart: export: the server is still working; its status: {}",
                sanitize(s)
            );
        }
    }
    if r.failure_count > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_what_precedes_an_at() {
        assert_eq!(
            shown_url("https://alice:hunter2@h/api1/collections/x/"),
            "https://…@h/api1/collections/x/"
        );
        assert_eq!(shown_url("https://h/a@b/"), "https://h/a@b/");
        assert_eq!(shown_url("h/x"), "h/x");
    }

    #[test]
    fn messages_are_counted() {
        let d = |m: Option<&str>| taxii::StatusDetail {
            id: "x--1".into(),
            version: None,
            message: m.map(str::to_string),
        };
        assert_eq!(
            messages(&[
                d(Some("Object already added")),
                d(None),
                d(Some("Object already added")),
                d(Some("new"))
            ]),
            "“Object already added” ×2, “new” ×1"
        );
        assert_eq!(messages(&[d(None)]), "");
    }
}
