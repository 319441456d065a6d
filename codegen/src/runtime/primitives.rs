//! Value types for the Smithy shapes that have no exact std counterpart: timestamps,
//! documents and arbitrary-precision numbers, plus the base64 used for blobs.

pub use crate::base64::{base64_decode, base64_encode};
use std::collections::BTreeMap;
use std::fmt;

/// A point in time with nanosecond precision, as seconds and nanoseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

/// How a timestamp is written on the wire (`@timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl DateTime {
    /// `nanos` above one second carry into `seconds`.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        DateTime {
            seconds: seconds + i64::from(nanos / 1_000_000_000),
            nanos: nanos % 1_000_000_000,
        }
    }

    pub fn from_secs(seconds: i64) -> Self {
        DateTime { seconds, nanos: 0 }
    }

    pub fn secs(&self) -> i64 {
        self.seconds
    }

    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Parses `1700000000`, `1700000000.25` or `-1.5` (seconds since the epoch).
    pub fn from_epoch_seconds_str(s: &str) -> Option<Self> {
        if s.contains(['e', 'E']) {
            let f: f64 = s.parse().ok()?;
            if !f.is_finite() || f.abs() > 1e17 {
                return None;
            }
            let seconds = f.floor();
            return Some(DateTime {
                seconds: seconds as i64,
                nanos: ((f - seconds) * 1e9).round().min(999_999_999.0) as u32,
            });
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let negative = int.starts_with('-');
        let whole: i64 = int.parse().ok()?;
        if frac.len() > 9 && !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = &frac[..frac.len().min(9)];
        let mut nanos: u32 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        nanos *= 10u32.pow(9 - digits.len() as u32);
        Some(if negative && nanos > 0 {
            DateTime {
                seconds: whole - 1,
                nanos: 1_000_000_000 - nanos,
            }
        } else {
            DateTime {
                seconds: whole,
                nanos,
            }
        })
    }

    /// Seconds since the epoch, with the fraction only when there is one.
    pub fn to_epoch_seconds_string(&self) -> String {
        if self.nanos == 0 {
            return self.seconds.to_string();
        }
        let (mut whole, mut nanos) = (self.seconds, self.nanos);
        let sign = if whole < 0 {
            whole += 1;
            nanos = 1_000_000_000 - nanos;
            if whole == 0 {
                "-"
            } else {
                ""
            }
        } else {
            ""
        };
        let frac = format!("{nanos:09}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }

    fn civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.seconds.div_euclid(86_400);
        let rem = self.seconds.rem_euclid(86_400) as u32;
        let (y, m, d) = civil_from_days(days);
        (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// RFC 3339 in UTC, e.g. `2024-02-29T12:00:00Z` or `2024-02-29T12:00:00.5Z`.
    pub fn to_date_time_string(&self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }

    /// IMF-fixdate, e.g. `Thu, 29 Feb 2024 12:00:00 GMT`.
    pub fn to_http_date_string(&self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        let weekday = DAYS[self.seconds.div_euclid(86_400).rem_euclid(7) as usize];
        let month = MONTHS[mo as usize - 1];
        let mut out = format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02}");
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        out.push_str(" GMT");
        out
    }

    /// Parses RFC 3339 date-times (`Z` or a numeric offset; fractional seconds optional).
    pub fn parse_date_time(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = s.get(r)?;
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())?
        };
        let (y, mo, d, h, mi, sec) = (
            num(0..4)?,
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
        );
        let mut rest = &s[19..];
        let mut nanos = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            let digits = &frac[..n.min(9)];
            nanos = digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32);
            rest = &frac[n..];
        }
        let offset: i64 = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && matches!(&rest[3..4], ":") => {
                let sign = match &rest[..1] {
                    "+" => 1,
                    "-" => -1,
                    _ => return None,
                };
                let oh: i64 = rest[1..3].parse().ok()?;
                let om: i64 = rest[4..6].parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
            _ => return None,
        };
        let seconds = Self::from_civil(y, mo, d, h, mi, sec)? - offset;
        Some(DateTime { seconds, nanos })
    }

    /// Parses IMF-fixdate (`Thu, 29 Feb 2024 12:00:00 GMT`, optional fractional seconds).
    pub fn parse_http_date(s: &str) -> Option<Self> {
        let rest = s.get(5..)?.strip_suffix(" GMT")?;
        if !DAYS.contains(&s.get(..3)?) || s.get(3..5)? != ", " {
            return None;
        }
        let mut parts = rest.split(' ');
        let d: u32 = parts.next()?.parse().ok()?;
        let month = parts.next()?;
        let mo = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
        let y: u32 = parts.next()?.parse().ok()?;
        let time = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
        let mut t = hms.split(':').map(|x| x.parse::<u32>().ok());
        let (h, mi, sec) = (t.next()??, t.next()??, t.next()??);
        let digits = &frac[..frac.len().min(9)];
        let nanos = if digits.is_empty() {
            0
        } else {
            digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32)
        };
        Some(DateTime {
            seconds: Self::from_civil(y, mo, d, h, mi, sec)?,
            nanos,
        })
    }

    fn from_civil(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        Some(days_from_civil(i64::from(y), mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_date_time_string())
    }
}

/// An untyped JSON-like value (Smithy `document`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Document {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Document>),
    Object(BTreeMap<String, Document>),
}

/// A number inside a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

/// An arbitrary-precision number (Smithy `bigInteger` / `bigDecimal`), kept as its
/// decimal text so that no precision is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigNumber(String);

impl Default for BigNumber {
    fn default() -> Self {
        BigNumber("0".to_string())
    }
}

impl BigNumber {
    /// Accepts a JSON number literal such as `-12`, `3.5` or `1e400`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut r = crate::json::Reader::new(s.as_bytes());
        r.read_big().ok().filter(|_| r.finish().is_ok())
    }

    pub(crate) fn from_validated(s: String) -> Self {
        BigNumber(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BigNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_format_and_parse() {
        let t = DateTime::from_secs_and_nanos(1_709_208_000, 500_000_000);
        assert_eq!(t.to_epoch_seconds_string(), "1709208000.5");
        assert_eq!(t.to_date_time_string(), "2024-02-29T12:00:00.5Z");
        assert_eq!(t.to_http_date_string(), "Thu, 29 Feb 2024 12:00:00.5 GMT");
        assert_eq!(
            DateTime::parse_date_time("2024-02-29T13:00:00.5+01:00"),
            Some(t)
        );
        assert_eq!(
            DateTime::parse_http_date("Thu, 29 Feb 2024 12:00:00.5 GMT"),
            Some(t)
        );
        assert_eq!(DateTime::from_epoch_seconds_str("1709208000.5"), Some(t));
        let before = DateTime::from_epoch_seconds_str("-1.25").unwrap();
        assert_eq!((before.secs(), before.subsec_nanos()), (-2, 750_000_000));
        assert_eq!(before.to_epoch_seconds_string(), "-1.25");
        assert_eq!(
            DateTime::from_secs(0).to_http_date_string(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }
}
