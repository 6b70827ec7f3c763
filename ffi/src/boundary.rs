//! The panic boundary that every export runs inside, and how a failure reaches C.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use crate::args::give;
use crate::code::Code;
use crate::error::{Error, Failure};

/// Runs a fallible export's `body`: [`Code::TALLYFY_OK`], or the failure's code with a new
/// error handle written to `*err` when `err` is not NULL. A panic becomes
/// [`Code::TALLYFY_PANIC`].
///
/// # Safety
/// `err` is NULL or valid for writing one pointer.
pub(crate) unsafe fn call(err: *mut *mut Error, body: impl FnOnce() -> Result<(), Failure>) -> Code {
    let failure = match catch(body, |message| Err(Failure::panic(&message))) {
        Ok(()) => return Code::TALLYFY_OK,
        Err(failure) => failure,
    };
    let code = failure.code();
    if !err.is_null() {
        let handle = catch(|| give::<Error>(failure), |_| std::ptr::null_mut());
        // SAFETY: not NULL, and writable by the caller's contract.
        unsafe { err.write(handle) };
    }
    code
}

/// Runs an export that has no error to report (an accessor, a constructor, a free):
/// a panic gives `fallback`.
pub(crate) fn get<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch(body, |_| fallback)
}

/// The one `catch_unwind` of the crate. Unwind safety is asserted: after a panic the
/// half-changed value is a handle the caller may only free (freeing never reads it in a way
/// that can break memory safety).
fn catch<T>(body: impl FnOnce() -> T, on_panic: impl FnOnce(String) -> T) -> T {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => on_panic(panic_text(payload.as_ref())),
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{tallyfy_error_code, tallyfy_error_free, tallyfy_error_message};

    #[test]
    fn a_panic_becomes_a_code_and_an_error() {
        let mut err: *mut Error = std::ptr::null_mut();
        // SAFETY: `err` is a valid out-parameter.
        let code = unsafe { call(&mut err, || panic!("boom")) };
        assert_eq!(code, Code::TALLYFY_PANIC);
        // SAFETY: `err` was written by `call` just above, read, then freed once.
        unsafe {
            assert_eq!(tallyfy_error_code(err), Code::TALLYFY_PANIC);
            let message = tallyfy_error_message(err);
            let message = std::slice::from_raw_parts(message.data.cast::<u8>(), message.len);
            assert_eq!(message, b"internal error (a caught panic): boom");
            tallyfy_error_free(err);
        }
        assert_eq!(get(7, || panic!("again")), 7);
        // SAFETY: a NULL `err` is allowed.
        assert_eq!(unsafe { call(std::ptr::null_mut(), || Err(Failure::null("x"))) }, Code::TALLYFY_NULL_ARGUMENT);
    }
}
