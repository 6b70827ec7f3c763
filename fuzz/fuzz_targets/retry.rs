//! `RetryPolicy::delay_ms` (and `no_answer_delay_ms`) on any method, status, Retry-After,
//! attempt and random number: exactly the documented arithmetic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tallyfy_core::{Method, RetryPolicy};
use tallyfy_fuzz::Bytes;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    let method = [Method::Get, Method::Post, Method::Put, Method::Delete][usize::from(bytes.byte() % 4)];
    let status = match bytes.byte() % 4 {
        0 => 429,
        1 => 502 + u16::from(bytes.byte() % 3),
        _ => bytes.u16(),
    };
    let retry_after = match bytes.byte() % 3 {
        0 => None,
        1 => Some(u64::from(bytes.byte() % 64)),
        _ => Some(bytes.u64()),
    };
    let attempt = if bytes.byte().is_multiple_of(2) { u32::from(bytes.byte() % 8) } else { bytes.u32() };
    let random = f64::from_bits(bytes.u64());
    let policy = RetryPolicy::default();
    let delay = policy.delay_ms(method, status, retry_after, attempt, random);
    // No answer at all is retried exactly like a 502-504 without Retry-After.
    let no_answer = policy.no_answer_delay_ms(method, attempt, random);
    assert_eq!(no_answer, policy.delay_ms(method, 503, None, attempt, random), "no answer");

    let retryable = status == 429 || ((502..=504).contains(&status) && method != Method::Post);
    if !retryable || attempt >= policy.max_retries {
        assert_eq!(delay, None);
        return;
    }
    match retry_after {
        Some(seconds) => {
            let wanted = seconds.checked_mul(1000).filter(|ms| *ms <= policy.max_retry_after_ms);
            assert_eq!(delay, wanted, "Retry-After {seconds} s");
        }
        None => {
            let backoff = policy.base_delay_ms.saturating_mul(1 << attempt.min(20)).min(policy.max_delay_ms) as f64;
            let delay = delay.expect("a retryable answer within the retries is retried") as f64;
            assert!((backoff * 0.8 - 0.5..=backoff * 1.2 + 0.5).contains(&delay), "{delay} for a backoff of {backoff}");
            if random.is_nan() {
                assert_eq!(delay, backoff);
            }
        }
    }
});
