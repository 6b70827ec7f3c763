//! `tallyfy_error`: the core's error, or one of the three failures only C has.

use std::time::{SystemTime, UNIX_EPOCH};

use tallyfy_core::{Error as CoreError, FieldError};

use crate::args::{free, get, read, Handle, Out};
use crate::boundary;
use crate::code::Code;
use crate::config::Config;
use crate::strings::Str;

/// An error: its code, message, HTTP status, field errors, retry-after and request id, as the
/// core reports them. Made by a failing call through its `err` parameter; released with
/// tallyfy_error_free().
pub struct Error {
    _private: [u8; 0],
}

impl Handle for Error {
    type Value = Failure;
}

/// Why a call failed: the value behind a ::tallyfy_error.
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// The core refused the call or the answer; every text is the core's.
    Core(CoreError),
    /// A failure at the C boundary (a NULL argument, bytes that are not UTF-8, a caught
    /// panic), with a message naming the argument.
    Boundary(Code, String),
}

impl Failure {
    /// The named pointer argument was NULL (or `{NULL, 0}` where a value is required).
    pub(crate) fn null(name: &str) -> Failure {
        Failure::Boundary(Code::TALLYFY_NULL_ARGUMENT, format!("{name} is NULL"))
    }

    /// The named string argument was not UTF-8.
    pub(crate) fn utf8(name: &str) -> Failure {
        Failure::Boundary(Code::TALLYFY_INVALID_UTF8, format!("{name} is not valid UTF-8"))
    }

    /// The value of the named response header, one the core reads, was not UTF-8.
    pub(crate) fn header_utf8(name: &str) -> Failure {
        Failure::Boundary(Code::TALLYFY_INVALID_UTF8, format!("the value of the {name} header is not valid UTF-8"))
    }

    /// A panic was caught, with the payload's text.
    pub(crate) fn panic(text: &str) -> Failure {
        Failure::Boundary(Code::TALLYFY_PANIC, format!("internal error (a caught panic): {text}"))
    }

    /// The code C sees.
    pub(crate) fn code(&self) -> Code {
        match self {
            Failure::Core(e) => Code::from(e.code()),
            Failure::Boundary(code, _) => *code,
        }
    }

    /// The core's error, if it is one. Never inlined, for the reason [`Str::of`] gives: the
    /// optimiser would test a field of the core's error before the variant.
    #[inline(never)]
    fn core(&self) -> Option<&CoreError> {
        match self {
            Failure::Core(e) => Some(e),
            Failure::Boundary(..) => None,
        }
    }

    fn field(&self, index: usize) -> Option<&FieldError> {
        self.core().and_then(|e| e.field_errors().get(index))
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}

/// The refusal of one argument or field, as ::TALLYFY_INVALID_INPUT.
pub(crate) fn refused(problem: FieldError) -> Failure {
    CoreError::invalid_input(vec![problem]).into()
}

/// The error's code; ::TALLYFY_OK (0) when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_code(err: *const Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, Code::TALLYFY_OK, Failure::code) }
}

/// The error's code as a static snake_case string (`"not_found"`, `"null_argument"`, ...),
/// the spelling of the JavaScript surface and the test vectors.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_code_name(err: *const Error) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, Str::ABSENT, |e| Str::of(e.code().name())) }
}

/// The core's sentence for people: bounded in length, free of control characters, with any
/// word shaped like a credential (`Bearer <credential>`, a JWT) replaced by `[redacted]`.
/// Not free of the access token, which a parse function does not know: a server that echoes
/// it puts it here, as in field messages and the request id. Pass every error of a call made
/// with a config through tallyfy_error_redact() before showing or logging it.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_message(err: *const Error) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(err, Str::ABSENT, |e| match e {
            Failure::Core(e) => Str::of(e.message()),
            Failure::Boundary(_, message) => Str::of(message),
        })
    }
}

/// The HTTP status of the answer the error comes from; 0 when there was none.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_status(err: *const Error) -> u16 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, 0, |e| e.core().and_then(CoreError::status).unwrap_or(0)) }
}

/// How many field errors there are: client-side problems, or the server's 422 field errors.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_count(err: *const Error) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, 0, |e| e.core().map_or(0, |e| e.field_errors().len())) }
}

/// The path of field error `index` in the API's dot notation (`name`, `members.2`,
/// `org_id`, `body`); `{NULL, 0}` when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_name(err: *const Error, index: usize) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, Str::ABSENT, |e| Str::of_option(e.field(index).map(|f| f.field.as_str()))) }
}

/// Why field `index` was refused, as a snake_case code (`required`, `blank`, `too_long`,
/// `invalid_email`, `duplicate`, `unknown_field`, `rejected` for the server's, ...);
/// `{NULL, 0}` when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_code(err: *const Error, index: usize) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, Str::ABSENT, |e| Str::of_option(e.field(index).map(|f| f.code.as_str()))) }
}

/// A sentence about field error `index` (see tallyfy_error_message() on the token);
/// `{NULL, 0}` when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_message(err: *const Error, index: usize) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, Str::ABSENT, |e| Str::of_option(e.field(index).map(|f| f.message.as_str()))) }
}

/// Seconds to wait before retrying, from the answer's `Retry-After`; -1 when it had none. An
/// HTTP-date is counted from the system clock at the time of this call (0 when it is past);
/// tallyfy_error_retry_after_seconds_at() takes the time instead.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_retry_after_seconds(err: *const Error) -> i64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_error_retry_after_seconds_at(err, now) }
}

/// Like tallyfy_error_retry_after_seconds(), counting an HTTP-date from `now_unix` (seconds
/// since the Unix epoch).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_retry_after_seconds_at(err: *const Error, now_unix: u64) -> i64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(err, -1, |e| {
            let seconds = e.core().and_then(|e| e.retry_after_seconds(now_unix));
            seconds.map_or(-1, |s| i64::try_from(s).unwrap_or(i64::MAX))
        })
    }
}

/// The `X-Request-Id` the server sent with the answer (see tallyfy_error_message() on the
/// token); `{NULL, 0}` when there was none.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_request_id(err: *const Error) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(err, Str::ABSENT, |e| Str::of_option(e.core().and_then(CoreError::request_id))) }
}

/// Writes to `*out` a copy of `err` with the access token of `cfg` taken out of its message,
/// field errors and request id, wherever a server echoed it (the core's redaction); code,
/// status and retry-after stay. Call it on every error of a call made with `cfg` before
/// showing or logging it. `err` stays valid and unchanged; release `*out` with
/// tallyfy_error_free(). A failure of this function itself goes to `*err_out`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_redact(
    err: *const Error,
    cfg: *const Config,
    out: *mut *mut Error,
    err_out: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err_out, || {
            let out = Out::new(out, "out")?;
            let mut error = get::<Error>(err, "err")?.clone();
            let config = get::<Config>(cfg, "cfg")?;
            if let Failure::Core(e) = &mut error {
                config.redact_error(e);
            }
            out.give(error)
        })
    }
}

/// Writes to `*out` a copy of `err` that the caller owns (an error borrowed from a call, kept
/// past it); release it with tallyfy_error_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_clone(
    err: *const Error,
    out: *mut *mut Error,
    err_out: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err_out, || {
            let out = Out::new(out, "out")?;
            out.give(get::<Error>(err, "err")?.clone())
        })
    }
}

/// Releases an error and every string borrowed from it. NULL is ignored. Never pass an error
/// borrowed from a call.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_free(err: *mut Error) {
    // SAFETY: the crate's contract (see lib.rs): `err` came from this library, freed once.
    boundary::get((), || unsafe { free(err) })
}
