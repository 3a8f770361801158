//! Diagnostics: what is wrong, in which file, where, and what was meant.

use std::fmt;

use crate::sanitize::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, bitcode::Encode, bitcode::Decode)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a dossier. Displays as
/// `file:line:col: error: context: message`, like a compiler.
#[derive(Debug, Clone, PartialEq, Eq, bitcode::Encode, bitcode::Decode)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub col: Option<usize>,
    /// What the problem is in, e.g. `relation GOT → GOX "cooperation", claim 2`.
    pub context: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line: None,
            col: None,
            context: None,
            message: message.into(),
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    pub fn at_pos(self, pos: Option<super::locate::Pos>) -> Self {
        match pos {
            Some(p) => self.at(p.line, p.col),
            None => self,
        }
    }

    pub fn in_context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every part may echo untrusted text (file names, ids, ron's
        // messages quoting the input): sanitise it all.
        write!(f, "{}", sanitize(&self.file).replace('\n', "␤"))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: ")?;
        // One diagnostic, one line: a newline inside an id must not start
        // what looks like another diagnostic.
        let line = |s: &str| sanitize(s).replace('\n', "␤");
        if let Some(ctx) = &self.context {
            write!(f, "{}: ", line(ctx))?;
        }
        write!(f, "{}", line(&self.message))
    }
}

/// The closest candidate to `wanted`, if one is close enough to be a likely
/// typo: same id in another case, or a small edit distance relative to length.
/// Ties go to the earliest candidate, which is the one written first.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == wanted {
            continue;
        }
        let lower = cand.to_lowercase();
        let dist = if lower == wanted_lower {
            0
        } else {
            strsim::damerau_levenshtein(&wanted_lower, &lower)
        };
        let len = wanted.chars().count().max(cand.chars().count());
        // No edits in one- or two-character ids (any would be a guess), one
        // in short ids, about a third of the length in long ones.
        let allowed = if len < 3 { 0 } else { (len / 3).max(1) };
        if dist <= allowed && best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, cand));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_like_a_compiler() {
        let d = Diagnostic::error("x.ron", "unknown actor `GOX`; did you mean `GOT`?")
            .at(12, 19)
            .in_context("relation GOT → GOX \"cooperation\"");
        assert_eq!(
            d.to_string(),
            "x.ron:12:19: error: relation GOT → GOX \"cooperation\": unknown actor `GOX`; did you mean `GOT`?"
        );
    }

    #[test]
    fn display_is_inert() {
        let d = Diagnostic::warning("evil\x1b[2J.ron", "bad `\x1b]0;x\x07`");
        assert_eq!(d.to_string(), "evil␛[2J.ron: warning: bad `␛]0;x␇`");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("GOX", ["GOT", "GOI"]), Some("GOT"));
        assert_eq!(suggest("got", ["GOI", "GOT"]), Some("GOT"));
        assert_eq!(
            suggest("jafaj-tm", ["reftel", "jafaj-tn"]),
            Some("jafaj-tn")
        );
        assert_eq!(suggest("XYZ", ["GOT", "GOI"]), None);
        assert_eq!(suggest("A", ["B"]), None);
        assert_eq!(suggest("a", ["B", "A"]), Some("A"));
    }
}
