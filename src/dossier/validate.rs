//! Rules of FORMAT.md that the type system cannot express, shared by the
//! chart-wide checks of `merge`.

use super::diag::suggest;

/// "unknown actor `GOX`; did you mean `GOT`?"
pub(super) fn unknown<'a>(
    what: &str,
    id: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> String {
    match suggest(id, candidates) {
        Some(s) => format!("unknown {what} `{id}`; did you mean `{s}`?"),
        None => format!("unknown {what} `{id}`"),
    }
}

/// ISO 8601 calendar date at year, month or day precision.
pub fn valid_date(s: &str) -> bool {
    crate::dates::Date::parse(s).is_some()
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
