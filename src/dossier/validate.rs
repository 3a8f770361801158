//! Checks a parsed dossier against the rules of FORMAT.md that the type
//! system cannot express, reporting every problem at once.

use super::diag::{Diagnostic, suggest};
use super::locate::{self, Seg};
use super::model::Dossier;
use rustc_hash::FxHashMap as HashMap;

/// All errors and warnings of `d`, parsed from `src`, sorted by position.
pub fn validate(file: &str, src: &str, d: &Dossier) -> Vec<Diagnostic> {
    let mut v = Validator {
        file,
        src,
        out: Vec::new(),
        paths: Vec::new(),
        first_defined: Vec::new(),
    };
    v.run(d);
    let mut out = v.place();
    out.sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.col, d.severity));
    out
}

struct Validator<'a> {
    file: &'a str,
    src: &'a str,
    out: Vec<Diagnostic>,
    /// Where each diagnostic of `out` points, found at the end in one pass
    /// over the text (`locate::find_many`): valid files never pay for it.
    paths: Vec<Vec<Seg<'static>>>,
    /// Duplicate ids: the diagnostic, and the path of the first definition,
    /// whose line its message gives.
    first_defined: Vec<(usize, Vec<Seg<'static>>)>,
}

/// Builds a path into the document: `path![F "relations", I 3, F "from"]`.
macro_rules! path {
    ($($kind:ident $v:expr),* $(,)?) => { &[$(path!(@ $kind $v)),*] };
    (@ F $v:expr) => { Seg::Field($v) };
    (@ I $v:expr) => { Seg::Index($v) };
}

impl Validator<'_> {
    fn error(&mut self, path: &[Seg<'static>], context: Option<String>, message: String) {
        let d = Diagnostic::error(self.file, message);
        self.push(d, path, context);
    }

    fn warning(&mut self, path: &[Seg<'static>], context: Option<String>, message: String) {
        let d = Diagnostic::warning(self.file, message);
        self.push(d, path, context);
    }

    fn push(&mut self, mut d: Diagnostic, path: &[Seg<'static>], context: Option<String>) {
        d.context = context;
        self.out.push(d);
        self.paths.push(path.to_vec());
    }

    /// The diagnostics, each at its place in the text.
    fn place(mut self) -> Vec<Diagnostic> {
        let wanted: Vec<&[Seg]> = (self.paths.iter())
            .chain(self.first_defined.iter().map(|(_, p)| p))
            .map(Vec::as_slice)
            .collect();
        let found = locate::find_many(self.src, &wanted);
        let (at, first) = found.split_at(self.paths.len());
        for (&(i, _), pos) in self.first_defined.iter().zip(first) {
            if let Some(p) = pos {
                self.out[i].message += &format!(" (first defined on line {})", p.line);
            }
        }
        (self.out.into_iter().zip(at))
            .map(|(d, &pos)| d.at_pos(pos))
            .collect()
    }

    fn run(&mut self, d: &Dossier) {
        let reports = self.unique_ids(
            "report",
            "reports",
            d.reports().iter().map(|r| r.id.as_str()),
        );
        let sources = self.unique_ids("source", "sources", d.sources.iter().map(|s| s.id.as_str()));
        let actors = self.unique_ids("actor", "actors", d.actors.iter().map(|a| a.id.as_str()));

        if d.title.trim().is_empty() {
            self.error(path![F "title"], None, "the title is empty".into());
        }
        if d.sources.is_empty() {
            self.error(
                path![F "sources"],
                None,
                "`sources` is empty; a dossier needs at least one source".into(),
            );
        }
        if d.actors.is_empty() {
            self.error(
                path![F "actors"],
                None,
                "`actors` is empty; a dossier needs at least one actor".into(),
            );
        }

        for (i, r) in d.reports().iter().enumerate() {
            if let Some(date) = &r.date {
                self.check_date(date, path![F "reports", I i, F "date"], || {
                    format!("report `{}`", r.id)
                });
            }
        }
        for (i, s) in d.sources.iter().enumerate() {
            if let Some(rep) = &s.report
                && !reports.contains_key(rep.as_str())
            {
                let msg = unknown("report", rep, d.reports().iter().map(|r| r.id.as_str()));
                self.error(
                    path![F "sources", I i, F "report"],
                    Some(format!("source `{}`", s.id)),
                    msg,
                );
            }
        }

        let actor_names: Vec<(&str, &str)> = d
            .actors
            .iter()
            .flat_map(|a| {
                std::iter::once((a.name.as_str(), a.id.as_str())).chain(
                    a.aliases()
                        .iter()
                        .map(move |al| (al.as_str(), a.id.as_str())),
                )
            })
            .collect();
        let mut related = vec![false; d.actors.len()];
        let mut cited = vec![false; d.sources.len()];

        for (ri, rel) in d.relations.iter().enumerate() {
            // Contexts are only spelt out for a problem: valid files, the
            // common case, never pay for the formatting.
            let ctx = || format!("relation {} → {} \"{}\"", rel.from, rel.to, rel.label);
            for (field, id) in [("from", &rel.from), ("to", &rel.to)] {
                match actors.get(id.as_str()) {
                    Some(&ai) => related[ai] = true,
                    None => {
                        let mut msg = unknown("actor", id, d.actors.iter().map(|a| a.id.as_str()));
                        if !msg.contains("did you mean")
                            && let Some((_, aid)) =
                                actor_names.iter().find(|(n, _)| n.eq_ignore_ascii_case(id))
                        {
                            msg = format!(
                                "unknown actor `{id}`; did you mean `{aid}`? (relations name actors by id)"
                            );
                        }
                        self.error(path![F "relations", I ri, F field], Some(ctx()), msg);
                    }
                }
            }
            if rel.label.trim().is_empty() {
                self.error(
                    path![F "relations", I ri, F "label"],
                    Some(ctx()),
                    "the label is empty".into(),
                );
            }
            if rel.claims.is_empty() {
                self.error(
                    path![F "relations", I ri, F "claims"],
                    Some(ctx()),
                    "`claims` is empty; a relation needs at least one claim".into(),
                );
            }
            for (ci, claim) in rel.claims.iter().enumerate() {
                let cctx = || format!("{}, claim {}", ctx(), ci + 1);
                let at = |field| {
                    [
                        Seg::Field("relations"),
                        Seg::Index(ri),
                        Seg::Field("claims"),
                        Seg::Index(ci),
                        Seg::Field(field),
                    ]
                };
                if claim.text.trim().is_empty() {
                    self.error(
                        &at("text"),
                        Some(cctx()),
                        "the claim's text is empty".into(),
                    );
                }
                if claim.sources.is_empty() {
                    self.error(
                        &at("sources"),
                        Some(cctx()),
                        "`sources` is empty; a claim needs at least one source".into(),
                    );
                }
                for (si, sid) in claim.sources.iter().enumerate() {
                    match sources.get(sid.as_str()) {
                        Some(&s) => cited[s] = true,
                        None => {
                            let msg =
                                unknown("source", sid, d.sources.iter().map(|s| s.id.as_str()));
                            let p = [
                                Seg::Field("relations"),
                                Seg::Index(ri),
                                Seg::Field("claims"),
                                Seg::Index(ci),
                                Seg::Field("sources"),
                                Seg::Index(si),
                            ];
                            self.error(&p, Some(cctx()), msg);
                        }
                    }
                }
                if let Some(c) = claim.credibility
                    && !(1..=6).contains(&c)
                {
                    self.error(
                        &at("credibility"),
                        Some(cctx()),
                        format!("credibility {c} is out of range; expected 1 (confirmed) to 6 (cannot be judged)"),
                    );
                }
                if let Some(date) = &claim.date {
                    self.check_date(date, &at("date"), cctx);
                }
            }
        }

        for (i, a) in d.actors.iter().enumerate() {
            if !related[i] && actors.get(a.id.as_str()) == Some(&i) {
                self.warning(
                    path![F "actors", I i],
                    Some(format!("actor `{}`", a.id)),
                    format!("{} has no relations", a.name),
                );
            }
        }
        for (i, s) in d.sources.iter().enumerate() {
            if !cited[i] && sources.get(s.id.as_str()) == Some(&i) {
                self.warning(
                    path![F "sources", I i],
                    Some(format!("source `{}`", s.id)),
                    "no claim cites this source".into(),
                );
            }
        }
    }

    /// Maps each id to its first index, reporting empty and duplicate ids.
    fn unique_ids<'d>(
        &mut self,
        what: &str,
        list: &'static str,
        ids: impl Iterator<Item = &'d str>,
    ) -> HashMap<&'d str, usize> {
        let mut seen: HashMap<&str, usize> = HashMap::default();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.error(path![F list, I i, F "id"], None, format!("empty {what} id"));
                continue;
            }
            if let Some(&first) = seen.get(id) {
                self.error(
                    path![F list, I i, F "id"],
                    None,
                    format!("duplicate {what} id `{id}`"),
                );
                let at = self.out.len() - 1;
                self.first_defined
                    .push((at, path![F list, I first].to_vec()));
            } else {
                seen.insert(id, i);
            }
        }
        seen
    }

    fn check_date(&mut self, date: &str, path: &[Seg<'static>], context: impl FnOnce() -> String) {
        if !valid_date(date) {
            self.error(
                path,
                Some(context()),
                format!("malformed date `{date}`; expected ISO 8601 YYYY, YYYY-MM or YYYY-MM-DD"),
            );
        }
    }
}

/// "unknown actor `GOX`; did you mean `GOT`?"
fn unknown<'a>(what: &str, id: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    match suggest(id, candidates) {
        Some(s) => format!("unknown {what} `{id}`; did you mean `{s}`?"),
        None => format!("unknown {what} `{id}`"),
    }
}

/// ISO 8601 calendar date at year, month or day precision.
pub fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => num(y, 4).is_some(),
        [y, m] => num(y, 4).is_some() && num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) => {
                let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
                let days = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                (1..=days).contains(&d)
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::valid_date;

    #[test]
    fn dates() {
        for ok in ["2022", "2022-06", "2022-06-30", "2024-02-29", "0001-01-01"] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in [
            "22",
            "2022-6",
            "2022-13",
            "2023-02-29",
            "2022-06-31",
            "June 2022",
            "",
            "2022-06-01T00:00",
            "+2022",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }
}
