//! The retry policy as pure functions: which outcomes are retried, and how long to wait
//! before the next attempt. No clock and no randomness in here, so it is tested directly.

use std::time::Duration;

/// How many attempts and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, the first one included (1 = never retry).
    pub max_attempts: u32,
    /// The ceiling of the first backoff; it doubles with each retry.
    pub initial_backoff: Duration,
    /// No backoff is longer than this.
    pub max_backoff: Duration,
    /// Whether 5xx responses, transport errors and timeouts are retried for operations the
    /// model does not mark idempotent. A server that fails after acting may then act twice;
    /// the AWS SDKs retry them (true), set false to retry only throttling for those.
    pub retry_non_idempotent: bool,
}

impl Default for RetryConfig {
    /// The AWS SDKs' standard mode: 3 attempts, backoff up to 20 s starting at 1 s.
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            retry_non_idempotent: true,
        }
    }
}

impl RetryConfig {
    /// A single attempt.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }
}

/// What an attempt's outcome says about trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service shed load (429, a throttling code, or an error the model marks
    /// `@retryable(throttling: true)`): it did not act, always safe to retry.
    Throttling,
    /// An error the model marks `@retryable`: the service says another attempt may
    /// succeed, so it is retried whether or not the operation is idempotent.
    Retryable,
    /// A 500, 502, 503 or 504 response.
    ServerError,
    /// The connection failed or an attempt timed out.
    Transient,
    /// Success, a client error, or anything else: not retried.
    Final,
}

/// Error codes the AWS SDKs treat as throttling.
const THROTTLING_CODES: [&str; 10] = [
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
];

/// Classifies a response by its status and sanitized error code, given the codes of the
/// operation's errors that the model marks `@retryable` and `@retryable(throttling: true)`
/// (`Operation::RETRYABLE_ERRORS` and `THROTTLING_ERRORS`).
pub fn classify_response(
    status: u16,
    code: Option<&str>,
    retryable: &[&str],
    throttling: &[&str],
) -> RetryKind {
    let listed = |list: &[&str]| code.is_some_and(|c| list.contains(&c));
    if (200..300).contains(&status) {
        RetryKind::Final
    } else if status == 429 || listed(&THROTTLING_CODES) || listed(throttling) {
        RetryKind::Throttling
    } else if listed(retryable) {
        RetryKind::Retryable
    } else if matches!(status, 500 | 502 | 503 | 504) {
        RetryKind::ServerError
    } else {
        RetryKind::Final
    }
}

/// Whether attempt number `attempt` (1-based) that ended as `kind` is followed by another.
pub fn should_retry(config: &RetryConfig, kind: RetryKind, idempotent: bool, attempt: u32) -> bool {
    let retryable = match kind {
        RetryKind::Final => false,
        RetryKind::Throttling | RetryKind::Retryable => true,
        RetryKind::ServerError | RetryKind::Transient => idempotent || config.retry_non_idempotent,
    };
    retryable && attempt < config.max_attempts
}

/// The wait after attempt number `attempt` (1-based): exponential backoff with full jitter,
/// `jitter` in `[0, 1]` scaling the capped exponential ceiling.
pub fn backoff(config: &RetryConfig, attempt: u32, jitter: f64) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
    let ceiling = config
        .initial_backoff
        .saturating_mul(factor)
        .min(config.max_backoff);
    // Not `mul_f64`, which panics when the product does not fit (e.g. an uncapped `Duration::MAX`).
    Duration::try_from_secs_f64(ceiling.as_secs_f64() * jitter.clamp(0.0, 1.0)).unwrap_or(ceiling)
}

/// A jitter value in `[0, 1]` from std's randomly seeded hasher (no RNG dependency; the
/// quality needed is only "different clients do not retry in lockstep").
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_throttling_server_and_client_errors() {
        let classify = |status, code| classify_response(status, code, &[], &[]);
        assert_eq!(classify(200, None), RetryKind::Final);
        assert_eq!(classify(429, None), RetryKind::Throttling);
        assert_eq!(
            classify(400, Some("TooManyRequestsException")),
            RetryKind::Throttling
        );
        assert_eq!(
            classify(400, Some("ThrottlingException")),
            RetryKind::Throttling
        );
        assert_eq!(classify(500, None), RetryKind::ServerError);
        assert_eq!(
            classify(503, Some("ServiceUnavailable")),
            RetryKind::ServerError
        );
        assert_eq!(classify(501, None), RetryKind::Final);
        assert_eq!(classify(400, Some("UserNotFoundException")), RetryKind::Final);
    }

    #[test]
    fn errors_the_model_marks_retryable_are_retried_whatever_the_operation() {
        let (retryable, throttling) = (&["ConflictException"][..], &["SlowDown"][..]);
        let classify = |status, code| classify_response(status, code, retryable, throttling);
        assert_eq!(classify(409, Some("ConflictException")), RetryKind::Retryable);
        assert_eq!(classify(400, Some("SlowDown")), RetryKind::Throttling);
        assert_eq!(
            classify(500, Some("ConflictException")),
            RetryKind::Retryable,
            "the model's word comes before the status"
        );
        assert_eq!(classify(200, Some("ConflictException")), RetryKind::Final);
        assert_eq!(classify(400, Some("Other")), RetryKind::Final);
        assert_eq!(
            classify_response(409, Some("ConflictException"), &[], &[]),
            RetryKind::Final,
            "another operation's errors are its own"
        );
        let cautious = RetryConfig {
            retry_non_idempotent: false,
            ..RetryConfig::default()
        };
        assert!(should_retry(&cautious, RetryKind::Retryable, false, 1));
        assert!(!should_retry(&cautious, RetryKind::Retryable, false, 3));
    }

    #[test]
    fn retries_are_bounded_and_respect_idempotency() {
        let config = RetryConfig {
            retry_non_idempotent: false,
            ..RetryConfig::default()
        };
        assert!(should_retry(&config, RetryKind::Throttling, false, 1));
        assert!(should_retry(&config, RetryKind::ServerError, true, 2));
        assert!(
            !should_retry(&config, RetryKind::ServerError, true, 3),
            "max_attempts is 3"
        );
        assert!(!should_retry(&config, RetryKind::ServerError, false, 1));
        assert!(!should_retry(&config, RetryKind::Transient, false, 1));
        assert!(should_retry(
            &RetryConfig::default(),
            RetryKind::Transient,
            false,
            1
        ));
        assert!(!should_retry(
            &RetryConfig::default(),
            RetryKind::Final,
            true,
            1
        ));
        assert!(!should_retry(
            &RetryConfig::disabled(),
            RetryKind::Throttling,
            true,
            1
        ));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_scales_with_jitter() {
        let config = RetryConfig {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
            ..RetryConfig::default()
        };
        let full: Vec<_> = (1..=5)
            .map(|a| backoff(&config, a, 1.0).as_millis())
            .collect();
        assert_eq!(full, [100, 200, 400, 500, 500]);
        assert_eq!(backoff(&config, 3, 0.5), Duration::from_millis(200));
        assert_eq!(backoff(&config, 2, 0.0), Duration::ZERO);
        assert_eq!(
            backoff(&config, u32::MAX, 2.0),
            Duration::from_millis(500),
            "no overflow, jitter clamped"
        );
        let uncapped = RetryConfig {
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..config
        };
        assert_eq!(
            backoff(&uncapped, 200, 1.0),
            Duration::MAX,
            "a ceiling too large to scale is kept"
        );
    }

    #[test]
    fn jitter_stays_in_range() {
        assert!((0..1000)
            .map(|_| jitter())
            .all(|j| (0.0..=1.0).contains(&j)));
    }
}
