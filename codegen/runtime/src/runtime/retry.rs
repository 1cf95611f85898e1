//! Retry policy: which failures are retried, and how long to wait.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Method;

/// When and how a generated client retries failed requests.
///
/// A request is retried when the server answers `429 Too Many Requests`,
/// `500`, `502`, `503` or `504`, or when the connection fails or times out.
/// By default only idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`,
/// `OPTIONS`, `TRACE`) are retried, because repeating a `POST` or `PATCH`
/// whose first attempt did reach the server may create a duplicate resource;
/// set `retry_non_idempotent` to opt in anyway.
///
/// Between attempts the client sleeps for a random duration between zero and
/// `base_delay * 2^n` (exponential backoff with "full jitter", which spreads
/// out clients that failed at the same moment), capped at `max_delay`. A
/// `Retry-After` header (seconds or HTTP date) on the response takes
/// precedence, but is also capped at `max_delay` so that a misbehaving server
/// cannot stall the caller indefinitely.
///
/// The fields are public and each has a builder-style method of the same
/// name, so both `policy.max_retries = 5` and
/// `RetryPolicy::default().max_retries(5)` work. Use [`RetryPolicy::none`]
/// to disable retries entirely.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// How many times a request may be retried after the first attempt
    /// (so at most `max_retries + 1` requests are sent). Default: 2.
    pub max_retries: u32,
    /// Upper bound of the random delay before the first retry; doubled for
    /// each further retry. Default: 500 ms.
    pub base_delay: Duration,
    /// Maximum delay between two attempts, including delays requested by
    /// `Retry-After`. Default: 10 s.
    pub max_delay: Duration,
    /// Also retry non-idempotent methods (`POST`, `PATCH`). Default: `false`.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every request is sent exactly once.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`max_retries`](RetryPolicy#structfield.max_retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets [`base_delay`](RetryPolicy#structfield.base_delay).
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets [`max_delay`](RetryPolicy#structfield.max_delay).
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets [`retry_non_idempotent`](RetryPolicy#structfield.retry_non_idempotent).
    pub fn retry_non_idempotent(mut self, retry_non_idempotent: bool) -> Self {
        self.retry_non_idempotent = retry_non_idempotent;
        self
    }

    /// Whether a request with this method may be retried at all.
    pub fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// How long to sleep before retry number `retry` (0-based), honouring a
    /// server-supplied `Retry-After` delay when there is one.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(requested) => requested.min(self.max_delay),
            None => self.backoff(retry),
        }
    }

    /// Exponential backoff with full jitter: uniform in `[0, min(max, base * 2^retry)]`.
    fn backoff(&self, retry: u32) -> Duration {
        // Saturate instead of overflowing for large retry counts; the cap
        // applies anyway.
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let ceiling = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let ceiling_nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=ceiling_nanos))
    }
}

/// Methods that RFC 9110 defines as idempotent: repeating them has the same
/// effect as sending them once.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Statuses that signal a transient condition worth retrying.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// Transport failures worth retrying: connection set-up, timeouts, and the
/// connection breaking while the request or response was in flight.
/// Builder and redirect errors would fail the same way again.
pub fn is_retryable_transport(error: &reqwest::Error) -> bool {
    error.is_connect()
        || error.is_timeout()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// Parses `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3).
/// Dates in the past mean "retry now"; unparseable values are ignored so the
/// normal backoff applies.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`) is valid RFC 2822.
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}
