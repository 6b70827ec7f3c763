//! When to retry a failed call, by the core's retry policy.

use std::ffi::c_char;

use tallyfy_core::{Error as CoreError, FieldCode, FieldError, Method, RetryPolicy};

use crate::args::{text, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::error::Error;

/// Milliseconds to wait before retry number `attempt + 1` (`attempt` is 0 after the first
/// failure), written to `*delay_ms`, or -1 there when the call should not be retried.
///
/// 429 is retried for every method, 502, 503 and 504 only for `GET`, `PUT` and `DELETE`; at
/// most 4 retries. A `retry_after_seconds` (-1: none; as from
/// tallyfy_error_retry_after_seconds()) of at most 30 s is waited exactly; a longer one gives
/// -1, so the host surfaces the error and its retry-after instead of retrying early. Without a
/// Retry-After the delay is 500 ms doubling to at most 8 s, ± 20 % drawn from `random` (in
/// [0, 1]; clamped; NaN counts as 0.5). The backoff numbers follow Tallyfy's Go CLI. `method` is a
/// request's method (`"GET"`, `"POST"`, `"PUT"`, `"DELETE"`), any other gives
/// ::TALLYFY_INVALID_INPUT.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_retry_delay_ms(
    method: *const c_char,
    status: u16,
    retry_after_seconds: i64,
    attempt: u32,
    random: f64,
    delay_ms: *mut i64,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(delay_ms, "delay_ms")?;
            let name = text(method, "method")?;
            let method = Method::parse(name).ok_or_else(|| {
                let problem =
                    FieldError::new("method", FieldCode::InvalidValue, "method must be GET, POST, PUT or DELETE");
                Failure::Api(CoreError::invalid_input(vec![problem]))
            })?;
            let retry_after = u64::try_from(retry_after_seconds).ok();
            let delay = RetryPolicy::default().delay_ms(method, status, retry_after, attempt, random);
            out.write(delay.map_or(-1, |d| i64::try_from(d).unwrap_or(i64::MAX)));
            Ok(())
        })
    }
}
