//! When to retry a failed call, and how long to wait first.

use crate::request::Method;

/// This library's retry policy, as plain arithmetic.
///
/// 429 is retried for every method; 502, 503 and 504 only for idempotent methods (GET, PUT,
/// DELETE), and so is a request that got no answer at all (see
/// [`RetryPolicy::no_answer_delay_ms`]); nothing else is retried. A `Retry-After` is waited exactly (no jitter) when it is
/// at most the cap; when the server asks for longer, the policy gives up, so the caller surfaces
/// the error with its `retryAfterSeconds` instead of retrying early, which a rate-limited server
/// punishes. Without `Retry-After` the delay grows as `base × 2^attempt`, capped, with ±
/// `jitter` drawn from the caller's random number.
///
/// The numbers follow Tallyfy's Go CLI (at most 4 retries; 500 ms doubling to 8 s, ± 20 %;
/// `Retry-After` up to 30 s). It differs from the CLI, which retries 502-504 for GET and HEAD
/// only and waits the cap when `Retry-After` is longer; Tallyfy's other clients use other
/// rules again, so this is not "their" policy but a careful one in the same spirit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// How many retries at most (attempts after the first).
    pub max_retries: u32,
    /// The first backoff delay, in milliseconds.
    pub base_delay_ms: u64,
    /// The largest backoff delay, in milliseconds.
    pub max_delay_ms: u64,
    /// The longest `Retry-After` honoured, in milliseconds; a longer one means give up.
    pub max_retry_after_ms: u64,
    /// The jitter as a fraction of the delay (0.2 means ± 20 %).
    pub jitter: f64,
}

impl Default for RetryPolicy {
    /// 4 retries; 500 ms doubling to at most 8 s, ± 20 %; `Retry-After` honoured up to 30 s.
    fn default() -> Self {
        RetryPolicy { max_retries: 4, base_delay_ms: 500, max_delay_ms: 8_000, max_retry_after_ms: 30_000, jitter: 0.2 }
    }
}

impl RetryPolicy {
    /// Milliseconds to wait before retry number `attempt + 1` (so `attempt` is 0 after the
    /// first failure), or `None` to give up (not retryable, out of retries, or a `Retry-After`
    /// longer than [`RetryPolicy::max_retry_after_ms`]). `random` is a number in `[0, 1]` from
    /// the host's random source (values outside are clamped; NaN counts as 0.5).
    ///
    /// ```
    /// use tallyfy_core::{Method, RetryPolicy};
    /// let policy = RetryPolicy::default();
    /// assert_eq!(policy.delay_ms(Method::Post, 429, Some(2), 0, 0.5), Some(2_000));
    /// assert_eq!(policy.delay_ms(Method::Post, 429, Some(3_600), 0, 0.5), None);
    /// assert_eq!(policy.delay_ms(Method::Get, 503, None, 1, 0.5), Some(1_000));
    /// assert_eq!(policy.delay_ms(Method::Post, 503, None, 0, 0.5), None);
    /// assert_eq!(policy.delay_ms(Method::Get, 429, None, 4, 0.5), None);
    /// ```
    pub fn delay_ms(
        &self,
        method: Method,
        status: u16,
        retry_after_seconds: Option<u64>,
        attempt: u32,
        random: f64,
    ) -> Option<u64> {
        let retryable = match status {
            429 => true,
            502..=504 => method.is_idempotent(),
            _ => false,
        };
        if !retryable || attempt >= self.max_retries {
            return None;
        }
        if let Some(seconds) = retry_after_seconds {
            let wait = seconds.saturating_mul(1000);
            return (wait <= self.max_retry_after_ms).then_some(wait);
        }
        Some(self.backoff(attempt, random))
    }

    /// Milliseconds to wait before retry number `attempt + 1` of a request that got no answer
    /// at all (connection refused or reset, DNS failure: no status, no headers), or `None` to
    /// give up. Retried like 502-504: idempotent methods only, never POST (the server may have
    /// acted on it), with the same backoff, jitter and number of retries; `attempt` counts every
    /// failed attempt, answered or not.
    ///
    /// ```
    /// use tallyfy_core::{Method, RetryPolicy};
    /// let policy = RetryPolicy::default();
    /// assert_eq!(policy.no_answer_delay_ms(Method::Get, 0, 0.5), Some(500));
    /// assert_eq!(policy.no_answer_delay_ms(Method::Delete, 2, 0.0), Some(1_600));
    /// assert_eq!(policy.no_answer_delay_ms(Method::Post, 0, 0.5), None);
    /// assert_eq!(policy.no_answer_delay_ms(Method::Put, 4, 0.5), None);
    /// ```
    pub fn no_answer_delay_ms(&self, method: Method, attempt: u32, random: f64) -> Option<u64> {
        (method.is_idempotent() && attempt < self.max_retries).then(|| self.backoff(attempt, random))
    }

    /// `base × 2^attempt`, capped, with ± `jitter` drawn from `random`.
    fn backoff(&self, attempt: u32, random: f64) -> u64 {
        let backoff =
            self.base_delay_ms.saturating_mul(1u64.checked_shl(attempt).unwrap_or(u64::MAX)).min(self.max_delay_ms);
        let random = if random.is_nan() { 0.5 } else { random.clamp(0.0, 1.0) };
        let factor = 1.0 + self.jitter.clamp(0.0, 1.0) * (2.0 * random - 1.0);
        (backoff as f64 * factor).round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_jitters() {
        let p = RetryPolicy { max_retries: 10, ..RetryPolicy::default() };
        let delays: Vec<_> = (0..6).map(|a| p.delay_ms(Method::Get, 502, None, a, 0.5).unwrap()).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(p.delay_ms(Method::Get, 504, None, 0, 0.0), Some(400));
        assert_eq!(p.delay_ms(Method::Get, 504, None, 0, 1.0), Some(600));
        assert_eq!(p.delay_ms(Method::Get, 504, None, 0, f64::NAN), Some(500));
        assert_eq!(p.delay_ms(Method::Get, 504, None, 9, 7.0), Some(9600));
        assert_eq!(p.delay_ms(Method::Get, 429, Some(30), 0, 0.0), Some(30_000));
        assert_eq!(p.delay_ms(Method::Get, 429, Some(31), 0, 0.5), None);
        assert_eq!(p.delay_ms(Method::Get, 429, Some(u64::MAX), 0, 0.5), None);
        assert_eq!(p.delay_ms(Method::Delete, 500, None, 0, 0.5), None);
    }

    #[test]
    fn no_answer_follows_502_to_504() {
        let p = RetryPolicy::default();
        for method in [Method::Get, Method::Post, Method::Put, Method::Delete] {
            for attempt in 0..6 {
                for random in [0.0, 0.3, 1.0, f64::NAN, -2.0] {
                    let answered = p.delay_ms(method, 503, None, attempt, random);
                    assert_eq!(p.no_answer_delay_ms(method, attempt, random), answered, "{method:?} {attempt}");
                }
            }
        }
        assert_eq!(p.no_answer_delay_ms(Method::Post, 0, 0.5), None);
        assert_eq!(p.no_answer_delay_ms(Method::Get, 3, 1.0), Some(4_800));
        assert_eq!(p.no_answer_delay_ms(Method::Get, 4, 0.5), None);
    }
}
