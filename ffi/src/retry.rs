//! When to retry a failed call, by the core's retry policy.

use std::ffi::c_char;

use tallyfy_core::{Error as CoreError, Method, RetryPolicy};

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
            let method = method_of(method)?;
            let retry_after = u64::try_from(retry_after_seconds).ok();
            out.write(as_delay(RetryPolicy::default().delay_ms(method, status, retry_after, attempt, random)));
            Ok(())
        })
    }
}

/// Like tallyfy_retry_delay_ms(), for a request that got no answer at all (connection refused
/// or reset, DNS failure: no status): retried like 502-504, so for `GET`, `PUT` and `DELETE`
/// only, never `POST` (the server may have acted on it), with the same backoff and at most 4
/// retries. `attempt` counts every failed attempt, answered or not.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_retry_no_answer_delay_ms(
    method: *const c_char,
    attempt: u32,
    random: f64,
    delay_ms: *mut i64,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(delay_ms, "delay_ms")?;
            let method = method_of(method)?;
            out.write(as_delay(RetryPolicy::default().no_answer_delay_ms(method, attempt, random)));
            Ok(())
        })
    }
}

/// The method named by `method`, or an `invalid_input` failure.
///
/// # Safety
/// `method` is NULL or a NUL-terminated string (the crate's contract).
unsafe fn method_of(method: *const c_char) -> Result<Method, Failure> {
    // SAFETY: the caller's promise.
    let name = unsafe { text(method, "method") }?;
    Method::from_argument(name).map_err(|problem| Failure::Api(CoreError::invalid_input(vec![problem])))
}

/// A delay as the C API writes it: -1 for "give up".
fn as_delay(delay: Option<u64>) -> i64 {
    delay.map_or(-1, |d| i64::try_from(d).unwrap_or(i64::MAX))
}
