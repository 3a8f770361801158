//! The TAXII 2.1 resources of one collection: the API root's and the
//! collection's information, the pull of its objects page by page, and the
//! push of objects in envelopes with the polling of their status.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::client::{Answer, Client};
use super::{Error, ErrorKind};

/// The header that dates the last object of a page.
pub const DATE_ADDED_LAST: &str = "X-TAXII-Date-Added-Last";

/// The largest pull, as for a file import: 1 GiB of answers.
pub const MAX_PULL_BYTES: u64 = 1024 * 1024 * 1024;

/// `max_content_length` when an API root gives none (it must): 10 MB.
pub const DEFAULT_MAX_CONTENT_LENGTH: u64 = 10_000_000;

/// An API root's information (what a push needs of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRootInfo {
    pub title: Option<String>,
    pub versions: Vec<String>,
    /// The largest request body the server takes, in bytes.
    pub max_content_length: u64,
}

/// A collection's information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionInfo {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub can_read: bool,
    pub can_write: bool,
    pub media_types: Vec<String>,
}

/// Where a pull is, after each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullProgress {
    pub pages: usize,
    pub objects: usize,
    pub bytes: u64,
}

/// What a pull fetched.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub collection: CollectionInfo,
    /// Every object, in the order the server gave them.
    pub objects: Vec<Value>,
    /// For an incremental pull: the objects of the collection that those
    /// refer to and that were added before (the ends of a new relationship,
    /// the creator of a new note), so that what is new can be read alone.
    pub context: Vec<Value>,
    /// Pages fetched, those of the context included.
    pub pages: usize,
    /// `X-TAXII-Date-Added-Last` of the last page that had objects: where
    /// the next incremental pull starts (`--added-after`).
    pub last_added: Option<String>,
}

/// The items of a paged resource, and what it took to fetch them.
#[derive(Debug, Default)]
struct Paged {
    items: Vec<Value>,
    pages: usize,
    bytes: u64,
    /// `X-TAXII-Date-Added-Last` of the last page that had items.
    last_added: Option<String>,
}

/// Where a push is, after each envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushProgress {
    pub envelopes_sent: usize,
    pub envelopes: usize,
    pub objects_sent: usize,
}

/// One object of a status: its id, version and the server's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDetail {
    pub id: String,
    pub version: Option<String>,
    pub message: Option<String>,
}

/// What a push did, summed over its envelopes. The counts are the
/// server's; the lists hold the details it gave (it may give none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub envelopes: usize,
    pub success_count: u64,
    pub failure_count: u64,
    pub pending_count: u64,
    pub successes: Vec<StatusDetail>,
    pub failures: Vec<StatusDetail>,
    pub pendings: Vec<StatusDetail>,
    /// Objects the server reported as failed although its manifest shows it
    /// holds them at the version sent: pushed before (some servers, among
    /// them medallion 3, report a second push of an object as a failure).
    /// They are not counted in `failure_count`.
    pub already_held: Vec<StatusDetail>,
    /// The status resources, for a later look.
    pub status_urls: Vec<String>,
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn strs_of(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn details(v: &Value, key: &str) -> Vec<StatusDetail> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|d| {
                    Some(StatusDetail {
                        id: str_of(d, "id")?,
                        version: str_of(d, "version"),
                        message: str_of(d, "message"),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn count(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

impl Client {
    /// The API root's information.
    pub fn api_root(&self) -> Result<ApiRootInfo, Error> {
        let url = self.url.api_root();
        let answer = self.get(&url, &[]).map_err(|e| match e.kind {
            ErrorKind::NotFound => Error {
                message: format!("{}; the server has no such API root", e.message),
                ..e
            },
            _ => e,
        })?;
        let v = &answer.json;
        Ok(ApiRootInfo {
            title: str_of(v, "title"),
            versions: strs_of(v, "versions"),
            max_content_length: v
                .get("max_content_length")
                .and_then(Value::as_u64)
                .filter(|&n| n > 0)
                .unwrap_or(DEFAULT_MAX_CONTENT_LENGTH),
        })
    }

    /// The collection's information; a 404 names the collection's id.
    pub fn collection(&self) -> Result<CollectionInfo, Error> {
        let url = self.url.url();
        let answer = self.get(&url, &[]).map_err(|e| match e.kind {
            ErrorKind::NotFound => Error {
                message: format!(
                    "{}; there is no collection {} at the API root {} (its /collections/ \
                     lists those there are)",
                    e.message,
                    self.url.id(),
                    self.url.api_root()
                ),
                ..e
            },
            _ => e,
        })?;
        let v = &answer.json;
        let flag = |k: &str| v.get(k).and_then(Value::as_bool);
        let (Some(id), Some(can_read), Some(can_write)) =
            (str_of(v, "id"), flag("can_read"), flag("can_write"))
        else {
            return Err(self.error(
                ErrorKind::NotTaxii,
                &url,
                "the answer is no TAXII collection (it lacks id, can_read or can_write)",
            ));
        };
        Ok(CollectionInfo {
            title: str_of(v, "title").unwrap_or_else(|| id.clone()),
            id,
            description: str_of(v, "description"),
            can_read,
            can_write,
            media_types: strs_of(v, "media_types"),
        })
    }

    /// Every object of the collection (added after `added_after`, a
    /// timestamp as [`super::added_after`] makes it), following the pages to
    /// the end: `next` while the server gives one, else `added_after` from
    /// `X-TAXII-Date-Added-Last`. An incremental pull also fetches the
    /// objects that the new ones refer to ([`Pulled::context`]). `progress`
    /// hears after each page.
    pub fn pull(
        &self,
        added_after: Option<&str>,
        progress: &mut dyn FnMut(PullProgress),
    ) -> Result<Pulled, Error> {
        let collection = self.collection()?;
        if !collection.can_read {
            return Err(self.error(
                ErrorKind::NotReadable,
                &self.url.url(),
                format!(
                    "the collection “{}” cannot be read with these credentials (can_read is \
                     false){}",
                    collection.title,
                    if collection.can_write {
                        "; it takes pushes only"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let new = self.paged(&self.url.objects_url(), &[], added_after, progress)?;
        let mut pulled = Pulled {
            collection,
            objects: new.items,
            context: Vec::new(),
            pages: new.pages,
            last_added: new.last_added,
        };
        if added_after.is_some() && !pulled.objects.is_empty() {
            let done = PullProgress {
                pages: new.pages,
                objects: pulled.objects.len(),
                bytes: new.bytes,
            };
            let context = self.context(&pulled.objects, done, progress)?;
            pulled.pages += context.pages;
            pulled.context = context.items;
        }
        Ok(pulled)
    }

    /// The objects of the collection that `objects` refer to (any `…_ref`
    /// or `…_refs` property) and lack, and those these need in turn (what
    /// they refer to but the lists of `object_refs`: an earlier report
    /// brings its creator, not everything it lists). `progress` counts on
    /// from `done`.
    fn context(
        &self,
        objects: &[Value],
        done: PullProgress,
        progress: &mut dyn FnMut(PullProgress),
    ) -> Result<Paged, Error> {
        // The chain of needs is short (a note, its relationship, its ends
        // and their creators); the bound only guards against a server that
        // keeps answering with new ids.
        const ROUNDS: usize = 12;
        let url = self.url.objects_url();
        let mut have: HashSet<String> = objects.iter().filter_map(|o| str_of(o, "id")).collect();
        let mut context = Paged::default();
        // Where the objects to follow start in `context`, after round 0.
        let mut from = 0;
        for round in 0..ROUNDS {
            let follow: &[Value] = if round == 0 {
                objects
            } else {
                &context.items[from..]
            };
            let mut wanted: Vec<String> = Vec::new();
            for r in follow.iter().flat_map(|o| refs(o, round == 0)) {
                if have.insert(r.clone()) {
                    wanted.push(r);
                }
            }
            if wanted.is_empty() {
                break;
            }
            from = context.items.len();
            for chunk in wanted.chunks(40) {
                let list = chunk.join(",");
                let before = PullProgress {
                    pages: done.pages + context.pages,
                    objects: done.objects + context.items.len(),
                    bytes: done.bytes + context.bytes,
                };
                let found = self.paged(&url, &[("match[id]", &list)], None, &mut |p| {
                    progress(PullProgress {
                        pages: before.pages + p.pages,
                        objects: before.objects + p.objects,
                        bytes: before.bytes + p.bytes,
                    })
                })?;
                context.pages += found.pages;
                context.bytes += found.bytes;
                context.items.extend(found.items);
            }
        }
        Ok(context)
    }

    /// GETs every item of a paged resource (objects, manifest) at `url`
    /// with the filters `query`.
    fn paged(
        &self,
        url: &str,
        query: &[(&str, &str)],
        added_after: Option<&str>,
        progress: &mut dyn FnMut(PullProgress),
    ) -> Result<Paged, Error> {
        // medallion wants `limit` with every `next`; so it is always sent.
        let limit = self.options.page_size.max(1).to_string();
        let mut after = added_after.map(str::to_string);
        let mut next: Option<String> = None;
        let mut objects = Vec::new();
        let mut last_added = None;
        let mut done = PullProgress {
            pages: 0,
            objects: 0,
            bytes: 0,
        };
        loop {
            let mut q = query.to_vec();
            q.push(("limit", &limit));
            if let Some(a) = &after {
                q.push(("added_after", a));
            }
            if let Some(n) = &next {
                q.push(("next", n));
            }
            let page = self.get(url, &q)?;
            let (more, new_next, n) = self.page(url, &page, &mut objects)?;
            done.pages += 1;
            done.objects = objects.len();
            done.bytes += page.bytes;
            let page_last = page
                .headers
                .get(DATE_ADDED_LAST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            if n > 0 && page_last.is_some() {
                last_added = page_last.clone();
            }
            progress(done);
            if done.bytes > MAX_PULL_BYTES {
                return Err(self.error(
                    ErrorKind::Server,
                    url,
                    format!(
                        "the collection is over {} bytes (1 GiB) so far; pull it in parts with \
                         --added-after",
                        MAX_PULL_BYTES
                    ),
                ));
            }
            if !more {
                return Ok(Paged {
                    items: objects,
                    pages: done.pages,
                    bytes: done.bytes,
                    last_added,
                });
            }
            if n == 0 {
                return Err(self.error(
                    ErrorKind::NotTaxii,
                    url,
                    format!(
                        "page {} is empty yet says there is more; stopped so as not to loop",
                        done.pages
                    ),
                ));
            }
            match (new_next, page_last) {
                (Some(n), _) => next = Some(n),
                (None, Some(last)) if after.as_deref() != Some(last.as_str()) => {
                    next = None;
                    after = Some(last);
                }
                _ => {
                    return Err(self.error(
                        ErrorKind::NotTaxii,
                        url,
                        format!(
                            "page {} says there is more but gives neither `next` nor a new \
                             {DATE_ADDED_LAST} to go on from",
                            done.pages
                        ),
                    ));
                }
            }
        }
    }

    /// Which of `ids` the collection holds, at which versions: from its
    /// manifest, a few dozen ids a request.
    fn held(&self, ids: &[&str]) -> Result<HashSet<(String, String)>, Error> {
        let url = format!("{}manifest/", self.url.url());
        let mut held = HashSet::new();
        for chunk in ids.chunks(40) {
            let list = chunk.join(",");
            let query = [("match[id]", list.as_str()), ("match[version]", "all")];
            for e in self.paged(&url, &query, None, &mut |_| {})?.items {
                if let (Some(id), Some(v)) = (str_of(&e, "id"), str_of(&e, "version")) {
                    held.insert((id, same_time(&v)));
                }
            }
        }
        Ok(held)
    }

    /// Reads one page (an envelope): appends its objects; gives `more`,
    /// `next` and how many objects it had.
    fn page(
        &self,
        url: &str,
        page: &Answer,
        objects: &mut Vec<Value>,
    ) -> Result<(bool, Option<String>, usize), Error> {
        let v = &page.json;
        let bad = |what: &str| {
            self.error(
                ErrorKind::NotTaxii,
                url,
                format!("the envelope's {what}; is this a TAXII 2.1 server?"),
            )
        };
        let more = match v.get("more") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(bad("`more` is not true or false")),
        };
        let next = match v.get("next") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => return Err(bad("`next` is not a string")),
        };
        let n = match v.get("objects") {
            // An empty collection's envelope may leave the list out.
            None | Some(Value::Null) => 0,
            Some(Value::Array(list)) => {
                objects.extend(list.iter().cloned());
                list.len()
            }
            Some(_) => return Err(bad("`objects` is not a list")),
        };
        Ok((more, next, n))
    }

    /// Pushes `objects` in envelopes each within the API root's
    /// `max_content_length`, and polls each status until it is complete (or
    /// [`super::Options::status_timeout`] passes). An object too large for
    /// any envelope is reported as a failure, not sent.
    pub fn push(
        &self,
        objects: &[Value],
        progress: &mut dyn FnMut(PushProgress),
    ) -> Result<PushReport, Error> {
        let root = self.api_root()?;
        let collection = self.collection()?;
        if !collection.can_write {
            return Err(self.error(
                ErrorKind::NotWritable,
                &self.url.url(),
                format!(
                    "the collection “{}” cannot be written with these credentials (can_write \
                     is false); nothing was sent",
                    collection.title
                ),
            ));
        }
        let mut report = PushReport::default();
        let Envelopes {
            bodies: envelopes,
            too_large,
        } = envelopes(objects, root.max_content_length);
        report.envelopes = envelopes.len();
        let url = self.url.objects_url();
        let mut sent = PushProgress {
            envelopes_sent: 0,
            envelopes: envelopes.len(),
            objects_sent: 0,
        };
        for (body, n) in envelopes {
            let answer = self.post(&url, &body)?;
            let status = self.follow_status(answer.json)?;
            report.success_count += count(&status, "success_count");
            report.failure_count += count(&status, "failure_count");
            report.pending_count += count(&status, "pending_count");
            report.successes.extend(details(&status, "successes"));
            report.failures.extend(details(&status, "failures"));
            report.pendings.extend(details(&status, "pendings"));
            if let Some(id) = str_of(&status, "id") {
                report.status_urls.push(self.url.status_url(&id));
            }
            sent.envelopes_sent += 1;
            sent.objects_sent += n;
            progress(sent);
        }
        self.sort_out_held(&mut report);
        for (id, size) in too_large {
            report.failure_count += 1;
            report.failures.push(StatusDetail {
                id,
                version: None,
                message: Some(format!(
                    "not sent: alone it makes an envelope of {size} bytes, over the server's \
                     max_content_length of {}",
                    root.max_content_length
                )),
            });
        }
        Ok(report)
    }

    /// Moves the failures of objects the collection already holds at the
    /// version sent to [`PushReport::already_held`]. When the manifest
    /// cannot be read, the failures stay as the server reported them.
    fn sort_out_held(&self, report: &mut PushReport) {
        if report.failures.is_empty() {
            return;
        }
        let ids: Vec<&str> = report.failures.iter().map(|f| f.id.as_str()).collect();
        let Ok(held) = self.held(&ids) else {
            return;
        };
        let (already, failed): (Vec<StatusDetail>, Vec<StatusDetail>) =
            std::mem::take(&mut report.failures)
                .into_iter()
                .partition(|f| {
                    f.version
                        .as_deref()
                        .is_some_and(|v| held.contains(&(f.id.clone(), same_time(v))))
                });
        report.failure_count = report.failure_count.saturating_sub(already.len() as u64);
        report.failures = failed;
        report.already_held = already;
    }

    /// Polls a status resource until it is `complete`, or until the status
    /// timeout passes; gives its last state.
    fn follow_status(&self, first: Value) -> Result<Value, Error> {
        let mut status = first;
        let Some(id) = str_of(&status, "id") else {
            return Err(self.error(
                ErrorKind::NotTaxii,
                &self.url.objects_url(),
                "the answer to the push is no TAXII status (it has no id)",
            ));
        };
        let url = self.url.status_url(&id);
        let deadline = Instant::now() + self.options.status_timeout;
        let mut pause = self.options.poll_interval;
        while status.get("status").and_then(Value::as_str) != Some("complete")
            && Instant::now() + pause <= deadline
        {
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_secs(5));
            status = self.get(&url, &[])?.json;
        }
        Ok(status)
    }
}

/// The STIX ids an object refers to: the values of its `…_ref` and
/// `…_refs` properties that look like ids (`type--uuid`); `object_refs`
/// only when `listed`.
fn refs(o: &Value, listed: bool) -> Vec<String> {
    let Some(map) = o.as_object() else {
        return Vec::new();
    };
    let is_id = |s: &str| {
        s.split_once("--")
            .is_some_and(|(t, u)| !t.is_empty() && u.len() == 36)
    };
    let mut out = Vec::new();
    for (k, v) in map {
        if k.ends_with("_ref") {
            out.extend(v.as_str().filter(|s| is_id(s)).map(str::to_string));
        } else if k.ends_with("_refs") && (listed || k != "object_refs") {
            out.extend(
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter(|s| is_id(s))
                    .map(str::to_string),
            );
        }
    }
    out
}

/// A STIX timestamp in one form, so that two spellings of one instant
/// compare equal: `…:00.000Z` and `…:00Z`, `…:00.100Z` and `…:00.1Z`.
fn same_time(ts: &str) -> String {
    let t = ts.trim().trim_end_matches(['Z', 'z']);
    match t.split_once('.') {
        Some((hms, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                hms.to_string()
            } else {
                format!("{hms}.{frac}")
            }
        }
        None => t.to_string(),
    }
}

/// Objects packed into envelopes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Envelopes {
    /// Each envelope's body, and how many objects it holds.
    pub bodies: Vec<(Vec<u8>, usize)>,
    /// The ids of the objects too large for any envelope, and the size of
    /// an envelope of each alone.
    pub too_large: Vec<(String, u64)>,
}

/// Packs objects into envelopes (`{"objects":[…]}`) of at most `max` bytes
/// each, in order.
pub fn envelopes(objects: &[Value], max: u64) -> Envelopes {
    const OPEN: &[u8] = br#"{"objects":["#;
    const CLOSE: &[u8] = b"]}";
    let empty = (OPEN.len() + CLOSE.len()) as u64;
    let mut out: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut too_large = Vec::new();
    let mut body: Vec<u8> = OPEN.to_vec();
    let mut n = 0;
    for o in objects {
        let json = serde_json::to_vec(o).expect("a JSON value serialises");
        let alone = empty + json.len() as u64;
        if alone > max {
            let id = o
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("an object without id");
            too_large.push((id.to_string(), alone));
            continue;
        }
        // The body with this object added, its comma and the closing.
        let with = body.len() as u64 + u64::from(n > 0) + json.len() as u64 + CLOSE.len() as u64;
        if n > 0 && with > max {
            body.extend_from_slice(CLOSE);
            out.push((std::mem::replace(&mut body, OPEN.to_vec()), n));
            n = 0;
        }
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&json);
        n += 1;
    }
    if n > 0 {
        body.extend_from_slice(CLOSE);
        out.push((body, n));
    }
    Envelopes {
        bodies: out,
        too_large,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn envelopes_stay_under_the_limit_and_keep_every_object() {
        let objects: Vec<Value> = (0..50)
            .map(|i| json!({"type": "identity", "id": format!("identity--{i}"), "name": "x".repeat(i * 7)}))
            .collect();
        for max in [200u64, 450, 1000, 5000, 1_000_000] {
            let Envelopes { bodies, too_large } = envelopes(&objects, max);
            let mut back = Vec::new();
            for (body, n) in &bodies {
                assert!(body.len() as u64 <= max, "{} > {max}", body.len());
                let v: Value = serde_json::from_slice(body).unwrap();
                let list = v["objects"].as_array().unwrap();
                assert_eq!(list.len(), *n);
                back.extend(list.iter().cloned());
            }
            let sent: Vec<&Value> = objects
                .iter()
                .filter(|o| !too_large.iter().any(|(id, _)| o["id"] == json!(id)))
                .collect();
            assert_eq!(back.iter().collect::<Vec<_>>(), sent, "max {max}");
            for (_, size) in &too_large {
                assert!(*size > max);
            }
            if max == 1_000_000 {
                assert_eq!(bodies.len(), 1);
                assert!(too_large.is_empty());
            }
        }
        assert_eq!(envelopes(&[], 100), Envelopes::default());
    }

    #[test]
    fn one_instant_in_several_spellings() {
        let t = same_time("2024-01-01T00:00:00.000Z");
        assert_eq!(t, same_time("2024-01-01T00:00:00Z"));
        assert_eq!(t, same_time("2024-01-01T00:00:00.000000Z"));
        assert_eq!(
            same_time("2024-01-01T00:00:00.1Z"),
            same_time("2024-01-01T00:00:00.100Z")
        );
        assert_ne!(t, same_time("2024-01-01T00:00:00.001Z"));
    }
}
