//! The AWS "standard" retry mode: which failures are retried, how long to wait
//! between attempts, and the client-wide retry quota that stops retry storms
//! when a service is down.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::error::{TransportError, TransportErrorKind};

/// Error codes that mean "slow down".
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient server-side failures.
pub const TRANSIENT_ERROR_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses that are retried whatever the error code.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[429, 500, 502, 503, 504];

/// Why a failed attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryReason {
    /// The service throttled the request.
    Throttling,
    /// A transient server error (5xx, or a transient error code).
    ServerError,
    /// The connection failed or broke, or the attempt timed out.
    TransportError,
}

/// Classifies an HTTP response; `None` means "do not retry" (success, or a
/// client error such as 400 that would fail the same way again).
pub fn classify_response(status: u16, error_code: Option<&str>) -> Option<RetryReason> {
    if (200..300).contains(&status) {
        return None;
    }
    if let Some(code) = error_code {
        if THROTTLING_ERROR_CODES.contains(&code) {
            return Some(RetryReason::Throttling);
        }
        if TRANSIENT_ERROR_CODES.contains(&code) {
            return Some(RetryReason::ServerError);
        }
    }
    match status {
        429 => Some(RetryReason::Throttling),
        s if TRANSIENT_STATUS_CODES.contains(&s) => Some(RetryReason::ServerError),
        _ => None,
    }
}

/// Classifies a transport failure: connection and I/O errors are retried.
pub fn classify_transport(error: &TransportError) -> Option<RetryReason> {
    match error.kind() {
        TransportErrorKind::Connect | TransportErrorKind::Io => Some(RetryReason::TransportError),
        _ => None,
    }
}

/// Retry settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    use_quota: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, back-off from 1 s up to 20 s, with the retry quota.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            use_quota: true,
        }
    }

    /// One attempt only.
    pub fn disabled() -> Self {
        Self { max_attempts: 1, ..Self::standard() }
    }

    /// Total attempts, including the first (0 is treated as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The base of the exponential back-off; zero disables waiting (tests).
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The cap on one back-off.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Whether the client-wide retry quota applies (default true).
    pub fn with_quota(mut self, use_quota: bool) -> Self {
        self.use_quota = use_quota;
        self
    }

    /// Total attempts, including the first.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The back-off base.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The back-off cap.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether the retry quota applies.
    pub fn uses_quota(&self) -> bool {
        self.use_quota
    }

    /// The wait before retry number `retry` (0 for the first retry), given a
    /// random factor in `[0, 1)`: `min(initial × 2^retry, max) × random`
    /// ("full jitter", so concurrent clients spread out).
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry.min(31)));
        let capped = exponential.min(self.max_backoff);
        // `mul_f64` panics on NaN; treat a nonsensical factor as "no wait".
        let factor = if random.is_nan() { 0.0 } else { random.clamp(0.0, 1.0) };
        capped.mul_f64(factor)
    }
}

/// A random factor in `[0, 1)` for jitter. The std hasher's per-instance random
/// keys plus a counter are plenty for spreading retries (not for cryptography).
pub fn jitter() -> f64 {
    // 53 random bits make a uniformly spaced f64 in [0, 1).
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// 64 random bits from the std hasher's random keys (fresh per call) and a counter.
pub(crate) fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// The client-wide retry quota of standard mode: each retry spends tokens
/// (more for timeouts and connection errors), each success refunds some, and
/// when the bucket is empty failures are returned without retrying.
#[derive(Debug)]
pub struct RetryQuota {
    tokens: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::new()
    }
}

const QUOTA_INITIAL: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;

impl RetryQuota {
    /// A full bucket.
    pub fn new() -> Self {
        Self { tokens: Mutex::new(QUOTA_INITIAL) }
    }

    /// Takes the cost of a retry for `reason`; `None` when the bucket is too low.
    pub fn acquire(&self, reason: RetryReason) -> Option<u32> {
        let cost = if reason == RetryReason::TransportError { TIMEOUT_RETRY_COST } else { RETRY_COST };
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if *tokens < cost {
            return None;
        }
        *tokens -= cost;
        Some(cost)
    }

    /// Refunds after success: what the retries cost, or a small increment
    /// when the first attempt succeeded.
    pub fn release(&self, spent: u32) {
        let refund = if spent == 0 { NO_RETRY_INCREMENT } else { spent };
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        *tokens = (*tokens + refund).min(QUOTA_INITIAL);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(classify_response(200, None), None);
        assert_eq!(classify_response(400, None), None);
        assert_eq!(classify_response(404, Some("ResourceNotFound")), None);
        assert_eq!(classify_response(400, Some("ThrottlingException")), Some(RetryReason::Throttling));
        assert_eq!(classify_response(429, None), Some(RetryReason::Throttling));
        for status in [500, 502, 503, 504] {
            assert_eq!(classify_response(status, None), Some(RetryReason::ServerError));
        }
        assert_eq!(classify_response(501, None), None);
        assert_eq!(classify_response(400, Some("RequestTimeout")), Some(RetryReason::ServerError));
    }

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let config = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        assert_eq!(config.backoff(0, 0.5), Duration::from_millis(50));
        assert_eq!(config.backoff(2, 1.0), Duration::from_millis(400));
        assert_eq!(config.backoff(10, 1.0), Duration::from_secs(1));
        assert_eq!(config.backoff(u32::MAX, 0.999), Duration::from_secs(1).mul_f64(0.999));
        assert_eq!(config.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(config.backoff(3, f64::NAN), Duration::ZERO);
        assert_eq!(config.backoff(3, -4.0), Duration::ZERO);
        for _ in 0..1000 {
            let r = jitter();
            assert!((0.0..1.0).contains(&r));
        }
    }

    #[test]
    fn quota_drains_and_refills() {
        let quota = RetryQuota::new();
        let mut spent = 0;
        while let Some(cost) = quota.acquire(RetryReason::ServerError) {
            spent += cost;
        }
        assert_eq!(spent, QUOTA_INITIAL);
        assert_eq!(quota.acquire(RetryReason::Throttling), None);
        quota.release(10);
        assert_eq!(quota.available(), 10);
        assert_eq!(quota.acquire(RetryReason::TransportError), Some(10));
    }
}
