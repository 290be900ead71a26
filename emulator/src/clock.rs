//! The time, as the API writes it: epoch seconds for members the model
//! types as integers, RFC 3339 for the string timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use sdk_runtime::DateTime;
use sdk_runtime::encoding::TimestampFormat;

/// Seconds since the epoch.
pub(crate) fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// `seconds` as RFC 3339 in UTC (`2026-06-04T12:00:00Z`).
pub(crate) fn rfc3339(seconds: i64) -> String {
    DateTime::from_secs(seconds).format(TimestampFormat::DateTime).unwrap_or_else(|_| seconds.to_string())
}

/// The month of `seconds` as `YYYY-MM`.
pub(crate) fn month(seconds: i64) -> String {
    rfc3339(seconds).chars().take(7).collect()
}

/// Epoch seconds into i32, as the model's integer timestamps are (saturating).
pub(crate) fn as_i32(seconds: i64) -> i32 {
    seconds.clamp(i32::MIN.into(), i32::MAX.into()) as i32
}
