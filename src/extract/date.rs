//! Calendar dates: a posting's date (front matter, JSON `datePosted`, the config's
//! `posting-date`, else the run date), laws' dates in force and technologies' release dates.

use std::fmt;

use serde::Serialize;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `2025-06-01`, `2025/06/01`, or the date part of `2025-06-01T09:00:00Z`; a quoted value
    /// is unquoted. `None` for anything else, or a day that does not exist.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim().trim_matches(['"', '\'']);
        let date = text.get(..10)?;
        let b = date.as_bytes();
        let sep = b[4];
        if !(sep == b'-' || sep == b'/') || b[7] != sep {
            return None;
        }
        if text.len() > 10 && !text[10..].starts_with(['T', ' ', 't']) {
            return None;
        }
        let year = date[..4].parse().ok()?;
        let month = date[5..7].parse().ok()?;
        let day = date[8..10].parse().ok()?;
        let parsed = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(parsed)
    }

    /// A posting's date: as `parse`, or as feeds write it (RFC 822 and 2822, in RSS's
    /// `<pubDate>` and Indeed's `<date>`): `Fri, 10 Dec 2025 22:49:39 GMT`, `10 Dec 2025`.
    pub fn parse_posted(text: &str) -> Option<Date> {
        Date::parse(text).or_else(|| Date::parse_rfc2822(text))
    }

    fn parse_rfc2822(text: &str) -> Option<Date> {
        let text = text.trim();
        // The weekday is optional and not checked: feeds get it wrong.
        let text = match text.split_once(',') {
            Some((weekday, rest)) if weekday.len() <= 9 => rest,
            _ => text,
        };
        let mut words = text.split_ascii_whitespace();
        let day: u32 = words.next()?.parse().ok()?;
        let month = words.next()?.get(..3)?.to_ascii_lowercase();
        let month = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .position(|m| *m == month)? as u32
            + 1;
        let year = words.next()?;
        // Two-digit years are RFC 822's, of the 1900s or 2000s as the RFC 2822 reading goes.
        let year: i32 = match year.parse().ok()? {
            y @ 0..=49 if year.len() == 2 => 2000 + y,
            y @ 50..=99 if year.len() == 2 => 1900 + y,
            y if year.len() == 4 => y,
            _ => return None,
        };
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Today in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil-from-days, inverted).
    pub fn days(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Years from `earlier` to `self`, as a fraction (365.25 days a year).
    pub fn years_since(self, earlier: Date) -> f64 {
        (self.days() - earlier.days()) as f64 / 365.25
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_count_days() {
        let d = Date::parse("2025-06-01").unwrap();
        assert_eq!(d.to_string(), "2025-06-01");
        assert_eq!(
            Date::parse("'2024/02/29'"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2025-06-01T09:30:00Z").unwrap(), d);
        assert_eq!(Date::parse("2025-06-011"), None);
        assert_eq!(Date::parse("June 1"), None);
        // Feeds' dates are a posting's date, not a config's.
        assert_eq!(Date::parse("Fri, 10 Dec 2025 22:49:39 GMT"), None);
        let december = Date {
            year: 2025,
            month: 12,
            day: 10,
        };
        for feed in [
            "Fri, 10 Dec 2025 22:49:39 GMT",
            "Wed, 10 Dec 2025 22:49:39 +0000",
            "10 December 2025",
            "  Friday, 10 dec 25 ",
            "2025-12-10",
        ] {
            assert_eq!(Date::parse_posted(feed), Some(december), "{feed}");
        }
        for not_a_date in [
            "31 Feb 2025",
            "10 Dez 2025",
            "Dec 10, 2025",
            "10 Dec 125",
            "",
        ] {
            assert_eq!(Date::parse_posted(not_a_date), None, "{not_a_date}");
        }
        assert_eq!(
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
            .days(),
            0
        );
        for days in [-1000, 0, 59, 11_000, 20_000, 30_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        let k8s = Date::parse("2014-06-07").unwrap();
        assert!((d.years_since(k8s) - 10.98).abs() < 0.01);
    }
}
