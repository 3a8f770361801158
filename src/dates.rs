//! Dates as the dossier format writes them (`YYYY`, `YYYY-MM`,
//! `YYYY-MM-DD`), the span of days each names, and date ranges.
//!
//! A date names a span: `2020` is the whole year, `2020-09` the whole month.
//! A [`Range`] keeps what overlaps it. Days are numbered `yyyymmdd`, so that
//! they sort as dates and a span is two plain integers (the filter's hot loop
//! compares those, not text).

use std::fmt;

/// A calendar day as `yyyymmdd` (`20200930`): orders as the dates do.
pub type Day = u32;

/// The accepted forms, for error messages.
pub const FORMS: &str = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2020, 2020-09, 2020-09-15)";

/// A date at year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: u16,
    /// 1–12, or 0 for a year.
    pub month: u8,
    /// 1–31, or 0 for a year or a month.
    pub day: u8,
}

/// The first and last day a date (or a range) covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub first: Day,
    pub last: Day,
}

impl Span {
    /// Whether the two spans share a day.
    pub fn overlaps(self, other: Span) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

pub fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Days in `month` (1–12) of `year`.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` exactly (a real calendar
    /// date: `2023-02-29` is not one). `None` for anything else.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let num = |p: Option<&str>, len: usize| -> Option<u16> {
            let p = p?;
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year = num(parts.next(), 4)?;
        let mut date = Date {
            year,
            month: 0,
            day: 0,
        };
        if let Some(m) = parts.next() {
            date.month = num(Some(m), 2).filter(|m| (1..=12).contains(m))? as u8;
            if let Some(d) = parts.next() {
                date.day = num(Some(d), 2)
                    .filter(|&d| d >= 1 && d <= days_in_month(year, date.month) as u16)?
                    as u8;
            }
        }
        parts.next().is_none().then_some(date)
    }

    /// Like [`Date::parse`], with an error that shows the value and the
    /// accepted forms.
    pub fn parse_arg(s: &str) -> Result<Date, String> {
        Date::parse(s).ok_or_else(|| {
            format!(
                "`{}` is not a date; expected {FORMS}",
                crate::sanitize::sanitize(s)
            )
        })
    }

    pub fn span(self) -> Span {
        let y = self.year as u32 * 10_000;
        match (self.month, self.day) {
            (0, _) => Span {
                first: y + 101,
                last: y + 1231,
            },
            (m, 0) => Span {
                first: y + m as u32 * 100 + 1,
                last: y + m as u32 * 100 + days_in_month(self.year, m) as u32,
            },
            (m, d) => {
                let day = y + m as u32 * 100 + d as u32;
                Span {
                    first: day,
                    last: day,
                }
            }
        }
    }

    /// The date of day `d` (`yyyymmdd`), at day precision.
    pub fn from_day(d: Day) -> Date {
        Date {
            year: (d / 10_000) as u16,
            month: (d / 100 % 100) as u8,
            day: (d % 100) as u8,
        }
    }

    /// This date cut to month precision (a year stays a year).
    pub fn month_of(self) -> Date {
        Date { day: 0, ..self }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

/// A date range: from the start of `since` to the end of `until`, either
/// open. Keeps dates whose span overlaps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Range {
    pub since: Option<Date>,
    pub until: Option<Date>,
}

impl Range {
    /// A range; `since` later than `until` (no day in common) is an error.
    pub fn new(since: Option<Date>, until: Option<Date>) -> Result<Range, String> {
        if let (Some(s), Some(u)) = (since, until)
            && s.span().first > u.span().last
        {
            return Err(format!(
                "--since {s} is later than --until {u}: no date falls in that range"
            ));
        }
        Ok(Range { since, until })
    }

    pub fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// The days the range covers.
    pub fn span(&self) -> Span {
        Span {
            first: self.since.map_or(0, |d| d.span().first),
            last: self.until.map_or(Day::MAX, |d| d.span().last),
        }
    }

    /// Whether a claim dated `span` (or undated: `None`) is kept.
    pub fn keeps(&self, span: Option<Span>) -> bool {
        self.is_open() || span.is_some_and(|s| s.overlaps(self.span()))
    }
}

impl fmt::Display for Range {
    /// `2020-09 – 2020-10`, `2020-09` (one date), `since 2020-09`,
    /// `until 2020-10`; empty when open.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.since, self.until) {
            (Some(s), Some(u)) if s == u => write!(f, "{s}"),
            (Some(s), Some(u)) => write!(f, "{s} – {u}"),
            (Some(s), None) => write!(f, "since {s}"),
            (None, Some(u)) => write!(f, "until {u}"),
            (None, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("{s} parses"))
    }

    fn range(since: &str, until: &str) -> Range {
        let p = |s: &str| (!s.is_empty()).then(|| d(s));
        Range::new(p(since), p(until)).unwrap()
    }

    #[test]
    fn parses_the_three_forms_and_nothing_else() {
        assert_eq!(
            d("2020"),
            Date {
                year: 2020,
                month: 0,
                day: 0
            }
        );
        assert_eq!(d("2020-09").month, 9);
        assert_eq!(d("2020-09-15").day, 15);
        for s in ["2020", "2020-09", "2020-09-15", "0001-01-01"] {
            assert_eq!(d(s).to_string(), s);
        }
        for bad in [
            "2020-13",
            "June 2020",
            "20",
            "2020-9",
            "2020-09-5",
            "2020-00",
            "2020-09-00",
            "2020-09-31",
            "2020-09-15-01",
            "2020-",
            "",
            "+2020",
            "２０２０",
            "2020-09-15T10:00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        let err = Date::parse_arg("2020-13").unwrap_err();
        assert!(
            err.contains("`2020-13`") && err.contains("YYYY-MM-DD"),
            "{err}"
        );
    }

    #[test]
    fn leap_years() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("1900-02-29").is_none());
        assert!(Date::parse("2023-02-29").is_none());
        assert_eq!(d("2024-02").span().last, 20240229);
        assert_eq!(d("2023-02").span().last, 20230228);
        assert_eq!(d("1900-02").span().last, 19000228);
    }

    #[test]
    fn spans() {
        assert_eq!(
            d("2020").span(),
            Span {
                first: 20200101,
                last: 20201231
            }
        );
        assert_eq!(
            d("2020-09").span(),
            Span {
                first: 20200901,
                last: 20200930
            }
        );
        assert_eq!(d("2020-09-15").span().first, 20200915);
        assert_eq!(d("2020-09-15").span().last, 20200915);
    }

    #[test]
    fn overlap_of_each_precision_with_each_kind_of_range() {
        let keeps = |r: &Range, s: &str| r.keeps(Some(d(s).span()));
        // A range of months.
        let months = range("2020-09", "2020-10");
        for s in ["2020", "2020-09", "2020-10", "2020-09-01", "2020-10-31"] {
            assert!(keeps(&months, s), "{s} in {months}");
        }
        for s in [
            "2019",
            "2021",
            "2020-08",
            "2020-11",
            "2020-08-31",
            "2020-11-01",
        ] {
            assert!(!keeps(&months, s), "{s} not in {months}");
        }
        // A range of years: a day inside, a month at the edge.
        let years = range("2019", "2020");
        assert!(keeps(&years, "2019-01-01") && keeps(&years, "2020-12"));
        assert!(!keeps(&years, "2018-12-31") && !keeps(&years, "2021"));
        // A range of days.
        let days = range("2020-09-10", "2020-09-20");
        assert!(keeps(&days, "2020-09") && keeps(&days, "2020"));
        assert!(keeps(&days, "2020-09-10") && keeps(&days, "2020-09-20"));
        assert!(!keeps(&days, "2020-09-09") && !keeps(&days, "2020-09-21"));
        assert!(!keeps(&days, "2020-10"));
        // Open at one end.
        let since = range("2020-09", "");
        assert!(keeps(&since, "2020") && keeps(&since, "2999"));
        assert!(!keeps(&since, "2020-08-31"));
        let until = range("", "2020-09");
        assert!(keeps(&until, "1900") && keeps(&until, "2020-09-30"));
        assert!(!keeps(&until, "2020-10-01"));
        // Undated: kept only with no range.
        assert!(!months.keeps(None));
        assert!(Range::default().keeps(None));
    }

    #[test]
    fn since_later_than_until_is_an_error() {
        let err = Range::new(Some(d("2020-10")), Some(d("2020-09"))).unwrap_err();
        assert!(err.contains("2020-10") && err.contains("2020-09"), "{err}");
        // Overlapping precisions are fine: a month inside a year.
        assert!(Range::new(Some(d("2020-06")), Some(d("2020"))).is_ok());
        assert!(Range::new(Some(d("2020-09-15")), Some(d("2020-09"))).is_ok());
        assert!(Range::new(Some(d("2021")), Some(d("2020-12-31"))).is_err());
    }

    #[test]
    fn describes_itself() {
        assert_eq!(range("2020-09", "2020-10").to_string(), "2020-09 – 2020-10");
        assert_eq!(range("2020", "2020").to_string(), "2020");
        assert_eq!(range("2020-09", "").to_string(), "since 2020-09");
        assert_eq!(range("", "2020-10").to_string(), "until 2020-10");
        assert_eq!(Range::default().to_string(), "");
    }
}
