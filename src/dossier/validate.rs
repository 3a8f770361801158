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
