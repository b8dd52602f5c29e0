//! Calendar dates for lints that depend on today (end-of-life checks).
//! `FROMLINT_TODAY=YYYY-MM-DD` pins "today" for tests and reproducible runs.

use std::cell::Cell;
use std::fmt;

thread_local! {
    /// "Today" pinned for the current thread by [`with_today`].
    static PINNED: Cell<Option<Date>> = const { Cell::new(None) };
}

/// Runs `f` with [`Date::today`] answering `today` on this thread (lint runs
/// use the configured date for every date-derived fact).
pub fn with_today<R>(today: Date, f: impl FnOnce() -> R) -> R {
    let previous = PINNED.replace(Some(today));
    let result = f();
    PINNED.set(previous);
    result
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts
            .next()?
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))?;
        let day = parts
            .next()?
            .parse()
            .ok()
            .filter(|d| (1..=31).contains(d))?;
        Some(Date { year, month, day })
    }

    /// The date pinned by [`with_today`] on this thread, else
    /// `FROMLINT_TODAY` when set and valid, else the system clock (UTC).
    pub fn today() -> Date {
        if let Some(pinned) = PINNED.get() {
            return pinned;
        }
        std::env::var("FROMLINT_TODAY")
            .ok()
            .and_then(|v| Date::parse(&v))
            .unwrap_or_else(Date::system)
    }

    fn system() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01 (the inverse of `from_days`).
    pub fn to_days(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.to_days() - earlier.to_days()
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn converts_days_and_parses() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_415).to_string(), "2025-11-23");
        for days in [0, 59, 60, 20_415, 21_000, -400] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(
            Date::parse("2026-11-23"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 23
            })
        );
        assert_eq!(Date::parse("2026-13-01"), None);
        assert!(Date::parse("2026-10-31") < Date::parse("2026-11-01"));
    }
}
