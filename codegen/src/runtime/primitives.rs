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
    /// Seconds since the Unix epoch, as a number with optional fraction.
    EpochSeconds,
    /// RFC 3339 (`1985-04-12T23:20:50.52Z`).
    DateTime,
    /// RFC 7231's IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`).
    HttpDate,
}

const NANOS_PER_SEC: u32 = 1_000_000_000;

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The calendar fields of an instant in UTC.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl DateTime {
    /// `nanos` above one second carry into `seconds`, saturating at the latest instant
    /// that `i64` seconds can hold.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        match seconds.checked_add(i64::from(nanos / NANOS_PER_SEC)) {
            Some(seconds) => DateTime {
                seconds,
                nanos: nanos % NANOS_PER_SEC,
            },
            None => DateTime {
                seconds: i64::MAX,
                nanos: NANOS_PER_SEC - 1,
            },
        }
    }

    /// The instant `seconds` after the Unix epoch (before it if negative).
    pub fn from_secs(seconds: i64) -> Self {
        DateTime { seconds, nanos: 0 }
    }

    /// Whole seconds since the Unix epoch, rounded down.
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`DateTime::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Parses seconds since the epoch written as a JSON number: `1700000000`,
    /// `1700000000.25`, `-1.5` or `1.7e9`. Digits past nanoseconds are dropped. `None` for
    /// any other text, or seconds outside the `i64` range.
    pub fn from_epoch_seconds_str(s: &str) -> Option<Self> {
        if crate::json::number_len(s.as_bytes()) != Some(s.len()) {
            return None;
        }
        if s.contains(['e', 'E']) {
            let f: f64 = s.parse().ok()?;
            // Past 1e17 seconds an f64 has no sub-second digits left; the bound also keeps
            // the cast below exact.
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
        let whole: i64 = int.parse().ok()?;
        let nanos = if frac.is_empty() {
            0
        } else {
            fraction_nanos(frac.as_bytes())?
        };
        Some(if int.starts_with('-') && nanos > 0 {
            DateTime {
                seconds: whole.checked_sub(1)?,
                nanos: NANOS_PER_SEC - nanos,
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
            nanos = NANOS_PER_SEC - nanos;
            if whole == 0 {
                "-"
            } else {
                ""
            }
        } else {
            ""
        };
        format!("{sign}{whole}{}", fraction_text(nanos))
    }

    fn civil(&self) -> Civil {
        let days = self.seconds.div_euclid(86_400);
        let rem = self.seconds.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
        }
    }

    /// RFC 3339 in UTC, e.g. `2024-02-29T12:00:00Z` or `2024-02-29T12:00:00.5Z`; `None`
    /// for a year outside 0001-9999.
    pub fn to_date_time_string(&self) -> Option<String> {
        let civil = self.civil();
        civil
            .has_four_digit_year()
            .then(|| self.date_time_text(&civil))
    }

    /// RFC 3339 text, with an ISO 8601 expanded year (`+10000`, `-0001`) outside 0000-9999.
    fn date_time_text(&self, c: &Civil) -> String {
        let year = if (0..=9999).contains(&c.year) {
            format!("{:04}", c.year)
        } else {
            format!("{:+05}", c.year)
        };
        format!(
            "{year}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            fraction_text(self.nanos)
        )
    }

    /// IMF-fixdate, e.g. `Thu, 29 Feb 2024 12:00:00 GMT`; `None` for a year outside
    /// 0001-9999.
    pub fn to_http_date_string(&self) -> Option<String> {
        let c = self.civil();
        if !c.has_four_digit_year() {
            return None;
        }
        let weekday = DAYS[self.seconds.div_euclid(86_400).rem_euclid(7) as usize];
        let month = MONTHS[c.month as usize - 1];
        Some(format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02}{} GMT",
            c.day,
            c.year,
            c.hour,
            c.minute,
            c.second,
            fraction_text(self.nanos)
        ))
    }

    /// Parses RFC 3339 date-times (`Z` or a numeric offset; fractional seconds optional).
    pub fn parse_date_time(s: &str) -> Option<Self> {
        // Bytes, not `str` slices: any byte index is safe whatever the text holds.
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
        let seconds = Self::from_civil(
            digits(&b[0..4])?,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        )?;
        let mut rest = &b[19..];
        let mut nanos = 0;
        if let Some(frac) = rest.strip_prefix(b".") {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            nanos = fraction_nanos(&frac[..n])?;
            rest = &frac[n..];
        }
        let offset = match *rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (hours, minutes) = (digits(&[h1, h2])?, digits(&[m1, m2])?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let offset = i64::from(hours * 3600 + minutes * 60);
                if sign == b'-' {
                    -offset
                } else {
                    offset
                }
            }
            _ => return None,
        };
        Some(DateTime {
            seconds: seconds - offset,
            nanos,
        })
    }

    /// Parses IMF-fixdate (`Thu, 29 Feb 2024 12:00:00 GMT`, optional fractional seconds).
    pub fn parse_http_date(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        // `Thu, ` then `29 Feb 2024 12:00:00`, then the fraction if any, then ` GMT`.
        let (weekday, rest) = (b.get(..5)?, b.get(5..)?.strip_suffix(b" GMT")?);
        let day = weekday.strip_suffix(b", ")?;
        if !DAYS.iter().any(|d| d.as_bytes() == day)
            || rest.len() < 20
            || rest[2] != b' '
            || rest[6] != b' '
            || rest[11] != b' '
            || rest[14] != b':'
            || rest[17] != b':'
        {
            return None;
        }
        let month = MONTHS.iter().position(|m| m.as_bytes() == &rest[3..6])? as u32 + 1;
        let nanos = match &rest[20..] {
            [] => 0,
            [b'.', frac @ ..] => fraction_nanos(frac)?,
            _ => return None,
        };
        Some(DateTime {
            seconds: Self::from_civil(
                digits(&rest[7..11])?,
                month,
                digits(&rest[0..2])?,
                digits(&rest[12..14])?,
                digits(&rest[15..17])?,
                digits(&rest[18..20])?,
            )?,
            nanos,
        })
    }

    /// Seconds since the epoch of a valid calendar date and time (a leap second, `:60`,
    /// is the next minute's first).
    fn from_civil(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
        if !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || s > 60
        {
            return None;
        }
        Some(days_from_civil(i64::from(y), mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s))
    }
}

impl Civil {
    /// Smithy defines timestamps over the years 0001-9999, which RFC 3339 and IMF-fixdate
    /// write in four digits; other years have no text in either.
    fn has_four_digit_year(&self) -> bool {
        (1..=9999).contains(&self.year)
    }
}

/// `.5` for half a second, nothing for none.
fn fraction_text(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    format!(".{nanos:09}").trim_end_matches('0').to_string()
}

/// The value of a fixed-width field of one to nine ASCII digits (`str::parse` would take
/// a sign too).
fn digits(field: &[u8]) -> Option<u32> {
    if field.is_empty() || field.len() > 9 || !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(field.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// Nanoseconds of the digits after a decimal point: at least one, all ASCII digits; past
/// the ninth they are dropped.
fn fraction_nanos(frac: &[u8]) -> Option<u32> {
    if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let nine = frac.iter().chain(std::iter::repeat(&b'0')).take(9);
    Some(nine.fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
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

/// RFC 3339 in UTC; a year outside 0000-9999 is written as ISO 8601 expands it.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.date_time_text(&self.civil()))
    }
}

/// An untyped JSON-like value (Smithy `document`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Document {
    #[default]
    /// JSON `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Document>),
    /// An object, its keys sorted.
    Object(BTreeMap<String, Document>),
}

/// A number inside a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A number with a fraction or exponent, or too large for an integer.
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
        (crate::json::number_len(s.as_bytes()) == Some(s.len())).then(|| BigNumber(s.to_string()))
    }

    pub(crate) fn from_validated(s: String) -> Self {
        BigNumber(s)
    }

    /// The number's decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BigNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The value of an enum's `Unknown` variant: a value the model did not list when the crate
/// was generated, kept as received (a string, or an intEnum's `i32`). Only the crate makes
/// one, and only for a value no variant has, so a known value is always its variant:
/// `ChallengeNameType::from("SMS_MFA")` is `ChallengeNameType::SmsMfa`, never `Unknown`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownVariantValue<T = String>(T);

impl<T> UnknownVariantValue<T> {
    #[allow(dead_code, reason = "called by the crate's enums, if it has any")]
    pub(crate) fn new(value: T) -> Self {
        UnknownVariantValue(value)
    }
}

impl UnknownVariantValue<String> {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl UnknownVariantValue<i32> {
    /// The value as received.
    pub fn value(&self) -> i32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_format_and_parse() {
        let t = DateTime::from_secs_and_nanos(1_709_208_000, 500_000_000);
        assert_eq!(t.to_epoch_seconds_string(), "1709208000.5");
        assert_eq!(t.to_date_time_string().unwrap(), "2024-02-29T12:00:00.5Z");
        assert_eq!(
            t.to_http_date_string().unwrap(),
            "Thu, 29 Feb 2024 12:00:00.5 GMT"
        );
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
            DateTime::from_secs(0).to_http_date_string().unwrap(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }

    /// The first and last instants of years 0001 and 9999, as seconds since the epoch.
    const FIRST: i64 = -62_135_596_800;
    const LAST: i64 = 253_402_300_799;

    #[test]
    fn only_years_0001_to_9999_have_text() {
        let at = |s| DateTime::from_secs(s);
        assert_eq!(
            at(FIRST).to_date_time_string().unwrap(),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            at(LAST).to_http_date_string().unwrap(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        for s in [FIRST - 1, LAST + 1, i64::MIN, i64::MAX] {
            assert_eq!(at(s).to_date_time_string(), None, "{s}");
            assert_eq!(at(s).to_http_date_string(), None, "{s}");
        }
        // Display still shows them, with ISO 8601's expanded years.
        assert_eq!(at(LAST + 1).to_string(), "+10000-01-01T00:00:00Z");
        assert_eq!(at(FIRST - 1).to_string(), "0000-12-31T23:59:59Z");
        assert_eq!(
            at(FIRST - (366 + 365) * 86_400).to_string(),
            "-0001-01-01T00:00:00Z"
        );
        assert!(at(i64::MIN).to_string().starts_with("-292277022657-"));
    }

    #[test]
    fn extreme_seconds_neither_overflow_nor_flip_sign() {
        let max = DateTime::from_secs_and_nanos(i64::MAX, 2_000_000_000);
        assert_eq!((max.secs(), max.subsec_nanos()), (i64::MAX, 999_999_999));
        let t = DateTime::from_secs_and_nanos(-5, 2_500_000_000);
        assert_eq!((t.secs(), t.subsec_nanos()), (-3, 500_000_000));
        assert_eq!(
            DateTime::from_epoch_seconds_str("-9223372036854775808.5"),
            None
        );
        let min = DateTime::from_epoch_seconds_str("-9223372036854775807.5").unwrap();
        assert_eq!((min.secs(), min.subsec_nanos()), (i64::MIN, 500_000_000));
        assert_eq!(min.to_epoch_seconds_string(), "-9223372036854775807.5");
        let max = DateTime::from_secs_and_nanos(i64::MAX, 999_999_999);
        assert_eq!(
            max.to_epoch_seconds_string(),
            "9223372036854775807.999999999"
        );
        assert_eq!(
            DateTime::from_epoch_seconds_str(&max.to_epoch_seconds_string()),
            Some(max)
        );
        assert_eq!(
            DateTime::from_epoch_seconds_str("9223372036854775808"),
            None
        );
        assert_eq!(DateTime::from_epoch_seconds_str("1e300"), None);
        let e = DateTime::from_epoch_seconds_str("-1.5e0").unwrap();
        assert_eq!((e.secs(), e.subsec_nanos()), (-2, 500_000_000));
    }

    #[test]
    fn only_well_formed_timestamps_parse() {
        for bad in [
            "", "+1", "1.", ".5", "1.+5", "01", "1.5.5", " 1", "1 ", "NaN", "inf", "1e", "--1",
            "1.é",
        ] {
            assert_eq!(DateTime::from_epoch_seconds_str(bad), None, "{bad:?}");
        }
        for bad in [
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:61Z",
            "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00+01:60",
            "2024-01-01T00:00:00+1:000",
            "2024-01-01T00:00:00++1:00",
            "2024-01-01T00:00:00.Z",
            "+024-01-01T00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00ZZ",
        ] {
            assert_eq!(DateTime::parse_date_time(bad), None, "{bad:?}");
        }
        assert_eq!(
            DateTime::parse_date_time("2000-02-29t23:59:60.123456789123z"),
            Some(DateTime::from_secs_and_nanos(951_868_800, 123_456_789))
        );
        for bad in [
            "Thu, 29 Feb 2023 12:00:00 GMT",
            "Thu, 9 Feb 2024 12:00:00 GMT",
            "Thu, 29 Feb 24 12:00:00 GMT",
            "Thu, 29 Feb 2024 12:00 GMT",
            "Thu, 29 Feb 2024 12:00:00. GMT",
            "Thu, 29 Feb 2024 12:00:00.5x GMT",
            "Thu, +9 Feb 2024 12:00:00 GMT",
            "Xyz, 29 Feb 2024 12:00:00 GMT",
            "Thu 29 Feb 2024 12:00:00 GMT",
            "Thu, 29 Feb 2024 12:00:00 UTC",
            "Thu, 29 Fev 2024 12:00:00 GMT",
        ] {
            assert_eq!(DateTime::parse_http_date(bad), None, "{bad:?}");
        }
    }

    /// Multi-byte characters anywhere in a timestamp's text: the parsers read bytes, so no
    /// index falls inside a character.
    #[test]
    fn non_ascii_text_is_refused_without_panicking() {
        let valid = [
            "2024-02-29T13:00:00.5+01:00",
            "Thu, 29 Feb 2024 12:00:00.123456789 GMT",
            "-1709208000.123456789",
        ];
        for text in valid {
            for at in 0..=text.len() {
                for c in ["é", "😀", "\u{0}"] {
                    for replace in [0, 1, 2] {
                        let end = (at + replace).min(text.len());
                        let s = format!("{}{c}{}", &text[..at], &text[end..]);
                        assert_eq!(DateTime::parse_date_time(&s), None, "{s:?}");
                        assert_eq!(DateTime::parse_http_date(&s), None, "{s:?}");
                        assert_eq!(DateTime::from_epoch_seconds_str(&s), None, "{s:?}");
                    }
                }
            }
        }
    }

    /// Every instant of years 0001-9999 (sampled) reads back from each of its texts.
    #[test]
    fn timestamps_round_trip_in_every_format() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut samples = vec![(FIRST, 0), (LAST, 999_999_999), (0, 1), (-1, 999_999_999)];
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let span = (LAST - FIRST + 1) as u64;
            samples.push((FIRST + (x % span) as i64, (x >> 32) as u32 % 1_000_000_000));
        }
        for (secs, nanos) in samples {
            let t = DateTime::from_secs_and_nanos(secs, nanos);
            let dt = t.to_date_time_string().unwrap();
            assert_eq!(DateTime::parse_date_time(&dt), Some(t), "{dt}");
            let http = t.to_http_date_string().unwrap();
            assert_eq!(DateTime::parse_http_date(&http), Some(t), "{http}");
            let epoch = t.to_epoch_seconds_string();
            assert_eq!(DateTime::from_epoch_seconds_str(&epoch), Some(t), "{epoch}");
        }
    }

    #[test]
    fn big_numbers_are_json_numbers() {
        for good in ["0", "-12", "3.5", "1e400", "-0.0E-7"] {
            assert_eq!(BigNumber::parse(good).unwrap().as_str(), good);
        }
        for bad in ["", " 1", "1 ", "+1", "01", "1.", ".1", "1e", "NaN", "1é"] {
            assert_eq!(BigNumber::parse(bad), None, "{bad:?}");
        }
    }
}
