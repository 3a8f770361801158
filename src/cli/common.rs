//! What several commands share: the filter options, loading a chart with
//! its problems reported, finding an actor by name, writing to stdout, and
//! the explorer's model of a loaded chart.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::progress;
use crate::dossier::diag::suggest;
use crate::dossier::{self, Diagnostic, Loaded, Reliability};
use crate::filter::Filter;
use crate::graph::Chart;
use crate::search::{SearchIndex, Target};
use crate::tui::Model;
use crate::tui::model::changes::Changes;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Show only claims from this source (by id); repeat for several.
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
    /// Keep only sources graded this or better (A best); ungraded count as F.
    #[arg(long, value_name = "A-F", ignore_case = true, hide_possible_values = true, value_parser = reliability_parser())]
    pub min_reliability: Option<Reliability>,
    /// Keep only claims graded this or better (1 best); ungraded count as 6.
    #[arg(long, value_name = "1-6", hide_possible_values = true, value_parser = credibility_parser())]
    pub min_credibility: Option<u8>,
    /// Keep only relations between actors of this kind (state, government,
    /// military, person, organization, group, public, or an Other kind);
    /// repeat for several.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Show only reported facts: hide claims backed only by assessments.
    #[arg(long)]
    pub hide_assessments: bool,
    /// Keep only claims dated in or after DATE (YYYY, YYYY-MM or
    /// YYYY-MM-DD; `2020` is the whole year). A claim without a date of its
    /// own takes its report's; undated claims are hidden, and counted.
    #[arg(long, value_name = "DATE", value_parser = crate::dates::Date::parse_arg)]
    pub since: Option<crate::dates::Date>,
    /// Keep only claims dated in or before DATE (same forms as --since).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::Date::parse_arg)]
    pub until: Option<crate::dates::Date>,
}

// Possible values, so that shells complete them.
fn reliability_parser() -> impl clap::builder::TypedValueParser<Value = Reliability> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(["A", "B", "C", "D", "E", "F"]).try_map(|s| parse_reliability(&s))
}

fn credibility_parser() -> impl clap::builder::TypedValueParser<Value = u8> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(["1", "2", "3", "4", "5", "6"]).try_map(|s| s.parse::<u8>())
}

fn parse_reliability(s: &str) -> Result<Reliability, String> {
    Reliability::ALL
        .into_iter()
        .find(|r| s.eq_ignore_ascii_case(&r.letter().to_string()))
        .ok_or_else(|| format!("`{s}` is not a reliability grade; expected a letter from A to F"))
}

impl FilterArgs {
    /// The filter these arguments ask for; unknown ids are an error naming
    /// the closest known id.
    pub fn to_filter(&self, chart: &Chart) -> Result<Filter, String> {
        self.to_filter_in(chart, &[])
    }

    /// The filter for `chart`, one of several versions of a chart compared
    /// with `others`: a source id or an actor kind need only be known in
    /// one of them (a source only the other version has selects nothing
    /// here).
    pub fn to_filter_in(&self, chart: &Chart, others: &[&Chart]) -> Result<Filter, String> {
        let mut f = Filter::all(chart);
        if !self.sources.is_empty() {
            f.sources.iter_mut().for_each(|s| *s = false);
            for id in &self.sources {
                match chart.source_ix(id) {
                    Some(i) => f.sources[i] = true,
                    None if others.iter().any(|o| o.source_ix(id).is_some()) => {}
                    None => {
                        let hint = suggest(id, chart.dossier.sources.iter().map(|s| s.id.as_str()))
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                let ids: Vec<&str> = chart
                                    .dossier
                                    .sources
                                    .iter()
                                    .map(|s| s.id.as_str())
                                    .collect();
                                format!("; sources are: {}", ids.join(", "))
                            });
                        return Err(format!("--source: unknown source `{id}`{hint}"));
                    }
                }
            }
        }
        f.min_reliability = self.min_reliability;
        f.min_credibility = self.min_credibility;
        f.hide_assessments = self.hide_assessments;
        f.dates = crate::dates::Range::new(self.since, self.until)?;
        for k in &self.kinds {
            let known: Vec<String> = {
                let mut v: Vec<String> = std::iter::once(chart)
                    .chain(others.iter().copied())
                    .flat_map(|c| &c.dossier.actors)
                    .map(|a| a.kind.label().to_lowercase())
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            if !known.iter().any(|x| x.eq_ignore_ascii_case(k)) {
                return Err(format!(
                    "--kind: no actor is of kind `{k}`; kinds here: {}",
                    known.join(", ")
                ));
            }
            f.actor_kinds.push(k.to_lowercase());
        }
        Ok(f)
    }
}

/// Loads the chart made of `files`, or the bundled dossier when there are
/// none. Diagnostics of a failed load are printed to stderr.
pub fn load_or_report(files: &[PathBuf]) -> Result<Loaded, ExitCode> {
    let result = if files.is_empty() {
        dossier::load_bundled()
    } else {
        progress::with_bar(|p| dossier::load_paths_with(files, p))
    };
    result.map_err(|diags| {
        print_diagnostics(&diags);
        ExitCode::FAILURE
    })
}

pub fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            err,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("linkchart: cannot write to stdout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The explorer's model of a chart loaded from `files` at `read_at`, with
/// the filter asked for (whose mistakes are usage errors); the chart's
/// warnings go to the problems list.
pub fn model_of(
    mut loaded: Loaded,
    files: &[PathBuf],
    filter: &FilterArgs,
    theme: Theme,
    keymap: crate::tui::keymap::Keymap,
    size: (u16, u16),
    read_at: std::time::SystemTime,
) -> Result<Model, String> {
    let warnings = std::mem::take(&mut loaded.warnings);
    let chart = Chart::from_loaded(loaded);
    let filter = filter.to_filter(&chart)?;
    let mut model = Model::new(chart, Some(filter), theme, size.0, size.1);
    model.keymap = keymap;
    model.live.files = files.to_vec();
    model.live.warnings = warnings;
    model.live.read_at = Some(read_at);
    Ok(model)
}

/// `--changed-since REV`: what changed in the chart of `files` since the
/// revision, against `chart` (those files now). `Err`: a revision or path
/// that is not there (a usage error, worded); `Ok(Err)`: the chart at the
/// revision does not load, its problems naming `REV:file:line:col`.
pub fn changes_since(
    rev: &str,
    files: &[PathBuf],
    chart: &Chart,
) -> Result<Result<Changes, Vec<Diagnostic>>, String> {
    if files.is_empty() {
        return Err(format!(
            "--changed-since {}: give the PATH of a chart in a git repository (the bundled dossier has no history)",
            crate::sanitize::sanitize(rev)
        ));
    }
    let at =
        crate::dossier::git::load_at(rev, files).map_err(|e| format!("--changed-since: {e}"))?;
    Ok(match at.loaded {
        Ok(old) => Ok(Changes::new(
            rev.to_string(),
            at.commit,
            std::sync::Arc::new(Chart::from_loaded(old)),
            chart,
        )),
        Err(mut diags) => {
            diags.push(Diagnostic::error(
                "linkchart",
                format!("--changed-since {rev}: the chart at that revision does not load"),
            ));
            Err(diags)
        }
    })
}

/// Resolves an actor by id, name or alias: exact (any case) first, then the
/// fuzzy best when it clearly beats the runner-up.
pub fn resolve_actor(chart: &Chart, index: &SearchIndex, query: &str) -> Result<usize, String> {
    let d = &chart.dossier;
    if let Some(a) = chart.actor_ix(query) {
        return Ok(a);
    }
    let exact: Vec<usize> = (0..d.actors.len())
        .filter(|&a| {
            let actor = &d.actors[a];
            actor.id.eq_ignore_ascii_case(query)
                || actor.name.to_lowercase() == query.to_lowercase()
                || actor
                    .aliases()
                    .iter()
                    .any(|al| al.to_lowercase() == query.to_lowercase())
        })
        .collect();
    if let [one] = exact.as_slice() {
        return Ok(*one);
    }
    let hits = index.search_actors(query, 50);
    // One entry per actor, best score first.
    let mut best: Vec<(usize, i64)> = Vec::new();
    for h in &hits {
        if let Target::Actor(a) = index.candidates[h.candidate].target
            && !best.iter().any(|&(b, _)| b == a)
        {
            best.push((a, h.score));
        }
    }
    let describe = |a: usize| format!("{} ({})", d.actors[a].name, d.actors[a].id);
    match best.as_slice() {
        [] => Err(format!("no actor matches `{query}`")),
        [(a, _)] => Ok(*a),
        [(a, s1), (_, s2), ..] if *s1 >= s2 + 20 => Ok(*a),
        many => {
            let names: Vec<String> = many.iter().take(5).map(|&(a, _)| describe(a)).collect();
            Err(format!(
                "`{query}` is ambiguous: it matches {}; give an id",
                names.join(", ")
            ))
        }
    }
}

/// The filter the arguments ask for, and the scope of `--actor` (`--depth`
/// hops out) or the whole dossier; a mistake in either is a usage error.
pub fn filter_and_scope(
    chart: &Chart,
    filter: &FilterArgs,
    actor: Option<&str>,
    depth: u8,
) -> Result<(Filter, crate::export::Scope<'static>), String> {
    use crate::export::Scope;
    let filter = filter.to_filter(chart)?;
    let scope = match actor {
        Some(q) => Scope::Actor {
            actor: resolve_actor(chart, &SearchIndex::new(chart), q)?,
            depth: depth as usize,
        },
        None => Scope::Dossier,
    };
    Ok((filter, scope))
}
