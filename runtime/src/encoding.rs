//! Wire encodings for restJson1: percent-encoding of URI labels and query
//! strings, timestamps in the three Smithy formats, and base64 blobs.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A float as query or header text, as short as its own type writes it
/// (`1.1f32` is `1.1`, not `1.100000023841858`); Smithy spells the
/// non-finite values `NaN`, `Infinity` and `-Infinity`.
pub fn float_text<F: Into<f64> + Copy + fmt::Display>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
    } else {
        value.to_string()
    }
}

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const LABEL: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes a `@httpLabel` value as exactly one path segment: `/` becomes `%2F`,
/// so `a/b ..%ü` is sent as `a%2Fb%20..%25%C3%BC`. A label that is exactly
/// `.` or `..` is sent as `%2E` or `%2E%2E`: as a dot segment, a proxy or
/// server would normalise it away (`/groups/..` → `/`).
pub fn encode_label(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    push_label(&mut encoded, value);
    encoded
}

/// Encodes a greedy label (`{key+}`): each segment as [`encode_label`], with
/// the `/` between segments kept.
pub fn encode_greedy_label(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for (index, segment) in value.split('/').enumerate() {
        if index > 0 {
            encoded.push('/');
        }
        push_label(&mut encoded, segment);
    }
    encoded
}

/// Appends `segment` encoded as [`encode_label`] says, from the encoder's
/// slices rather than through the formatting machinery.
fn push_label(out: &mut String, segment: &str) {
    match segment {
        "." => out.push_str("%2E"),
        ".." => out.push_str("%2E%2E"),
        _ => out.extend(utf8_percent_encode(segment, LABEL)),
    }
}

/// Encodes a query-string key or value (`@httpQuery`). Same set as labels:
/// `&`, `=`, `+` and space are all escaped, so values round-trip exactly.
pub fn encode_query(value: &str) -> String {
    utf8_percent_encode(value, LABEL).collect()
}

/// Standard base64 (with padding), as restJson1 uses for blobs in JSON and headers.
pub fn encode_base64(bytes: impl AsRef<[u8]>) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes standard base64 (with or without padding).
pub fn decode_base64(text: &str) -> Result<Vec<u8>, EncodingError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    // Some services omit padding; accept both forms.
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    LENIENT.decode(text.trim()).map_err(|e| EncodingError::new(format!("invalid base64: {e}")))
}

/// A value could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodingError {
    message: String,
}

impl EncodingError {
    fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

impl fmt::Display for EncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EncodingError {}

/// The three Smithy `timestampFormat` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch, with an optional fraction: `1515531081.123`.
    EpochSeconds,
    /// RFC 3339 in UTC: `2018-01-09T20:51:21.123Z`.
    DateTime,
    /// IMF-fixdate (RFC 7231): `Tue, 09 Jan 2018 20:51:21 GMT`.
    HttpDate,
}

/// An instant with nanosecond precision, independent of the platform's `SystemTime` range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Whole seconds since the epoch (floor, so negative for earlier instants).
    seconds: i64,
    /// Nanoseconds after `seconds`, always `< 1_000_000_000`.
    nanos: u32,
}

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// Years outside 0..=9999 cannot be written in RFC 3339 or IMF-fixdate.
const MIN_SECONDS: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

impl DateTime {
    /// Whole seconds since the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        Self { seconds, nanos: 0 }
    }

    /// Seconds and nanoseconds since the epoch; `None` if `nanos` is out of range.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Option<Self> {
        (nanos < NANOS_PER_SECOND).then_some(Self { seconds, nanos })
    }

    /// Fractional seconds since the epoch, as JSON numbers carry them; `None`
    /// for NaN, infinities and values beyond `i64` seconds.
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() >= 9.2e18 {
            return None;
        }
        let seconds = value.floor();
        // Round to microseconds: f64 cannot hold nanoseconds at today's epoch values,
        // and rounding avoids `.123` becoming `.122999999`.
        let micros = ((value - seconds) * 1e6).round() as u32;
        let (seconds, micros) = if micros >= 1_000_000 { (seconds as i64 + 1, 0) } else { (seconds as i64, micros) };
        Some(Self { seconds, nanos: micros * 1000 })
    }

    /// Converts from `SystemTime`.
    pub fn from_system_time(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self { seconds: after.as_secs() as i64, nanos: after.subsec_nanos() },
            Err(before) => {
                let before = before.duration();
                let (mut seconds, mut nanos) = (-(before.as_secs() as i64), before.subsec_nanos());
                if nanos > 0 {
                    seconds -= 1;
                    nanos = NANOS_PER_SECOND - nanos;
                }
                Self { seconds, nanos }
            }
        }
    }

    /// Converts to `SystemTime`; `None` if the platform cannot represent it.
    pub fn to_system_time(self) -> Option<SystemTime> {
        if self.seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(self.seconds as u64, self.nanos))
        } else {
            let back = Duration::from_secs(self.seconds.unsigned_abs());
            UNIX_EPOCH.checked_sub(back)?.checked_add(Duration::from_nanos(u64::from(self.nanos)))
        }
    }

    /// Whole seconds since the epoch (floor).
    pub fn secs(self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs).
    pub fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Fractional seconds since the epoch (loses precision below a microsecond).
    pub fn as_secs_f64(self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }

    /// Writes the timestamp in `format`. Fractions are written without trailing
    /// zeros; IMF-fixdate has no fraction, so it is dropped there.
    pub fn format(self, format: TimestampFormat) -> Result<String, EncodingError> {
        match format {
            TimestampFormat::EpochSeconds => Ok(self.format_epoch_seconds()),
            TimestampFormat::DateTime | TimestampFormat::HttpDate => {
                if !(MIN_SECONDS..=MAX_SECONDS).contains(&self.seconds) {
                    return Err(EncodingError::new("timestamp year is outside 0000..=9999"));
                }
                let days = self.seconds.div_euclid(SECONDS_PER_DAY);
                let secs_of_day = self.seconds.rem_euclid(SECONDS_PER_DAY);
                let (year, month, day) = civil_from_days(days);
                let (h, m, s) = (secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60);
                if format == TimestampFormat::DateTime {
                    Ok(format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{}Z", fraction(self.nanos)))
                } else {
                    // 1970-01-01 was a Thursday.
                    let weekday = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
                    let month_name = MONTHS[(month - 1) as usize];
                    Ok(format!("{weekday}, {day:02} {month_name} {year:04} {h:02}:{m:02}:{s:02} GMT"))
                }
            }
        }
    }

    fn format_epoch_seconds(self) -> String {
        if self.nanos == 0 {
            return self.seconds.to_string();
        }
        if self.seconds < 0 {
            // -1.5 s is stored as seconds = -2, nanos = 0.5e9.
            let whole = -(self.seconds + 1);
            format!("-{whole}{}", fraction(NANOS_PER_SECOND - self.nanos))
        } else {
            format!("{}{}", self.seconds, fraction(self.nanos))
        }
    }

    /// Parses a timestamp written in `format`.
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Self, EncodingError> {
        let result = match format {
            TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
            TimestampFormat::DateTime => parse_date_time(text),
            TimestampFormat::HttpDate => parse_http_date(text),
        };
        result.ok_or_else(|| EncodingError::new(format!("invalid {format:?} timestamp: {text:?}")))
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `.5`, `.123` … or nothing for zero nanoseconds.
fn fraction(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let digits = format!("{nanos:09}");
    format!(".{}", digits.trim_end_matches('0'))
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's algorithm:
/// shift the year to start in March so the leap day is last).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `[-]digits[.digits]`; fraction digits past nanoseconds are truncated.
fn parse_epoch_seconds(text: &str) -> Option<DateTime> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = match body.split_once('.') {
        Some((whole, frac)) => (whole, Some(frac)),
        None => (body, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let nanos = match frac {
        Some(frac) => parse_fraction(frac)?,
        None => 0,
    };
    if negative && nanos > 0 {
        Some(DateTime { seconds: -whole.checked_add(1)?, nanos: NANOS_PER_SECOND - nanos })
    } else {
        Some(DateTime { seconds: if negative { -whole } else { whole }, nanos })
    }
}

/// Digits after a decimal point, as nanoseconds.
fn parse_fraction(frac: &str) -> Option<u32> {
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
    digits.parse().ok()
}

/// A cursor over ASCII text for the fixed-layout formats.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn digits(&mut self, count: usize) -> Option<u32> {
        let (head, tail) = self.rest.split_at_checked(count)?;
        if !head.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.rest = tail;
        Some(head.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    fn literal(&mut self, expected: &[u8]) -> Option<()> {
        let (head, tail) = self.rest.split_at_checked(expected.len())?;
        head.eq_ignore_ascii_case(expected).then(|| self.rest = tail)
    }

    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.rest.split_at_checked(count)?;
        self.rest = tail;
        Some(head)
    }

    /// `.digits`, if present.
    /// `HH:MM:SS[.fff]`, as both text formats write the time of day.
    fn clock(&mut self) -> Option<(u32, u32, u32, u32)> {
        let h = self.digits(2)?;
        self.literal(b":")?;
        let m = self.digits(2)?;
        self.literal(b":")?;
        let s = self.digits(2)?;
        Some((h, m, s, self.fraction()?))
    }

    fn fraction(&mut self) -> Option<u32> {
        if self.rest.first() != Some(&b'.') {
            return Some(0);
        }
        let len = self.rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        let digits = std::str::from_utf8(&self.rest[1..=len]).ok()?;
        self.rest = &self.rest[1 + len..];
        parse_fraction(digits)
    }
}

fn to_date_time(year: u32, month: u32, day: u32, h: u32, m: u32, s: u32, nanos: u32) -> Option<DateTime> {
    // Leap seconds (s == 60) are not representable in epoch time; reject them.
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(i64::from(year), month)).contains(&day)
        && h < 24
        && m < 60
        && s < 60;
    valid.then(|| DateTime {
        seconds: days_from_civil(i64::from(year), month, day) * SECONDS_PER_DAY + i64::from(h * 3600 + m * 60 + s),
        nanos,
    })
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
fn parse_date_time(text: &str) -> Option<DateTime> {
    let mut c = Cursor { rest: text.as_bytes() };
    let year = c.digits(4)?;
    c.literal(b"-")?;
    let month = c.digits(2)?;
    c.literal(b"-")?;
    let day = c.digits(2)?;
    c.literal(b"T")?;
    let (h, m, s, nanos) = c.clock()?;
    let offset_seconds = match c.take(1)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-')] => {
            let oh = c.digits(2)?;
            c.literal(b":")?;
            let om = c.digits(2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = i64::from(oh * 3600 + om * 60);
            if *sign == b'+' { offset } else { -offset }
        }
        _ => return None,
    };
    if !c.rest.is_empty() {
        return None;
    }
    let local = to_date_time(year, month, day, h, m, s, nanos)?;
    Some(DateTime { seconds: local.seconds - offset_seconds, nanos })
}

/// `Day, DD Mon YYYY HH:MM:SS[.fff] GMT`.
fn parse_http_date(text: &str) -> Option<DateTime> {
    let mut c = Cursor { rest: text.trim().as_bytes() };
    let weekday = c.take(3)?;
    if !WEEKDAYS.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(weekday)) {
        return None;
    }
    c.literal(b", ")?;
    let day = c.digits(2)?;
    c.literal(b" ")?;
    let month_name = c.take(3)?;
    let month = MONTHS.iter().position(|m| m.as_bytes().eq_ignore_ascii_case(month_name))? as u32 + 1;
    c.literal(b" ")?;
    let year = c.digits(4)?;
    c.literal(b" ")?;
    let (h, m, s, nanos) = c.clock()?;
    c.literal(b" GMT")?;
    if !c.rest.is_empty() {
        return None;
    }
    to_date_time(year, month, day, h, m, s, nanos)
}

/// `1970-01-01 00:00:00` or `1970-01-01T00:00:00` — a date-time without a
/// zone, as the AWS CLI's skeletons write them and its parser (dateutil)
/// reads them — in UTC, as RFC 3339; any other text as it is.
pub(crate) fn naive_as_utc(text: &str) -> String {
    let bytes = text.as_bytes();
    let zoned = text.ends_with(['Z', 'z']) || text.get(19..).is_some_and(|rest| rest.contains(['+', '-']));
    if bytes.len() >= 19 && bytes[4] == b'-' && matches!(bytes[10], b' ' | b't' | b'T') && !zoned {
        format!("{}T{}Z", &text[..10], &text[11..])
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stay_one_segment() {
        assert_eq!(encode_label("a/b ..%ü"), "a%2Fb%20..%25%C3%BC");
        assert_eq!(encode_greedy_label("a b/c/d%"), "a%20b/c/d%25");
        assert_eq!(encode_query("a&b=c+d e"), "a%26b%3Dc%2Bd%20e");
        assert_eq!(encode_label("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn base64_round_trip() {
        assert_eq!(encode_base64(b"hello"), "aGVsbG8=");
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVsbG8").unwrap(), b"hello");
        let error = decode_base64("not base64!").unwrap_err().to_string();
        assert!(error.starts_with("invalid base64: "), "{error}");
    }

    #[test]
    fn timestamps_in_all_formats() {
        let t = DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000).unwrap();
        assert_eq!(t.format(TimestampFormat::EpochSeconds).unwrap(), "1576540098.52");
        assert_eq!(t.format(TimestampFormat::DateTime).unwrap(), "2019-12-16T23:48:18.52Z");
        assert_eq!(t.format(TimestampFormat::HttpDate).unwrap(), "Mon, 16 Dec 2019 23:48:18 GMT");
        for (text, format) in [
            ("1576540098.52", TimestampFormat::EpochSeconds),
            ("2019-12-16T23:48:18.52Z", TimestampFormat::DateTime),
            ("2019-12-17T01:48:18.52+02:00", TimestampFormat::DateTime),
            ("Mon, 16 Dec 2019 23:48:18.52 GMT", TimestampFormat::HttpDate),
        ] {
            assert_eq!(DateTime::parse(text, format).unwrap(), t, "{text}");
        }
        assert_eq!(
            DateTime::parse("Tue, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate).unwrap(),
            DateTime::from_secs(1_398_796_238)
        );
        assert_eq!(DateTime::from_secs(0).format(TimestampFormat::HttpDate).unwrap(), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn negative_epoch_seconds() {
        let t = DateTime::parse("-1.5", TimestampFormat::EpochSeconds).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
        assert_eq!(t.format(TimestampFormat::EpochSeconds).unwrap(), "-1.5");
        assert_eq!(
            DateTime::parse("-0.25", TimestampFormat::EpochSeconds)
                .unwrap()
                .format(TimestampFormat::EpochSeconds)
                .unwrap(),
            "-0.25"
        );
        assert_eq!(t.format(TimestampFormat::DateTime).unwrap(), "1969-12-31T23:59:58.5Z");
        assert_eq!(DateTime::from_system_time(t.to_system_time().unwrap()), t);
    }

    #[test]
    fn bad_timestamps_are_errors() {
        for (text, format) in [
            ("", TimestampFormat::EpochSeconds),
            ("12a", TimestampFormat::EpochSeconds),
            ("1.", TimestampFormat::EpochSeconds),
            ("99999999999999999999", TimestampFormat::EpochSeconds),
            ("2019-02-29T00:00:00Z", TimestampFormat::DateTime),
            ("2019-12-16T23:48:18", TimestampFormat::DateTime),
            ("2019-12-16T23:48:60Z", TimestampFormat::DateTime),
            ("2019-12-16T23:48:18Zjunk", TimestampFormat::DateTime),
            ("Mon, 16 Dec 2019 23:48", TimestampFormat::HttpDate),
            ("Mon, 16 Foo 2019 23:48:18 GMT", TimestampFormat::HttpDate),
            ("ü", TimestampFormat::HttpDate),
        ] {
            let error = DateTime::parse(text, format).unwrap_err().to_string();
            assert_eq!(error, format!("invalid {format:?} timestamp: {text:?}"));
        }
        let error = DateTime::from_secs(i64::MAX).format(TimestampFormat::DateTime).unwrap_err();
        assert_eq!(error.to_string(), "timestamp year is outside 0000..=9999");
    }

    #[test]
    fn f64_seconds() {
        let t = DateTime::from_secs_f64(1_515_531_081.123).unwrap();
        assert_eq!(t.format(TimestampFormat::EpochSeconds).unwrap(), "1515531081.123");
        assert!(DateTime::from_secs_f64(f64::NAN).is_none());
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_468, -1, 0, 1, 10_957, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
