//! `tallyfy_error`: what went wrong, with every detail the core reports.

use std::ffi::c_char;
use std::ptr;
use std::time::{SystemTime, UNIX_EPOCH};

use tallyfy_core::RetryAfter;

use crate::args::{free_handle, handle, into_handle, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::config::Config;
use crate::text::{size_of_all, Text, TextBlock};

/// An error: code, message, HTTP status, field errors, retry-after and request id.
/// Made by a failing call through its `err` parameter; released with tallyfy_error_free().
#[derive(Clone)]
pub struct Error {
    code: Code,
    status: u16,
    retry_after: Option<RetryAfter>,
    text: TextBlock,
    message: Text,
    request_id: Option<Text>,
    fields: Vec<FieldText>,
}

/// One field error's strings.
#[derive(Clone)]
struct FieldText {
    field: Text,
    code: Text,
    message: Text,
}

impl Error {
    fn plain(code: Code, message: &str) -> Self {
        let mut text = TextBlock::with_capacity(message.len() + 1);
        let message = text.push(message);
        Error { code, status: 0, retry_after: None, text, message, request_id: None, fields: Vec::new() }
    }

    fn field(&self, index: usize) -> Option<&FieldText> {
        self.fields.get(index)
    }

    /// A copy of this error with each of its texts passed through `edit`.
    fn edited(&self, edit: impl Fn(&str) -> String) -> Error {
        let message = edit(self.text.get(self.message));
        let request_id = self.request_id.map(|id| edit(self.text.get(id)));
        let fields: Vec<[String; 3]> = self
            .fields
            .iter()
            .map(|f| [edit(self.text.get(f.field)), self.text.get(f.code).to_owned(), edit(self.text.get(f.message))])
            .collect();
        let strings = [message.as_str()]
            .into_iter()
            .chain(request_id.as_deref())
            .chain(fields.iter().flatten().map(String::as_str));
        let mut text = TextBlock::with_capacity(size_of_all(strings));
        let message = text.push(&message);
        let request_id = request_id.map(|id| text.push(&id));
        let fields = fields
            .iter()
            .map(|[field, code, message]| FieldText {
                field: text.push(field),
                code: text.push(code),
                message: text.push(message),
            })
            .collect();
        Error { code: self.code, status: self.status, retry_after: self.retry_after, text, message, request_id, fields }
    }
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        let code = failure.code();
        let e = match failure {
            Failure::Api(e) => e,
            Failure::Null(name) => return Error::plain(code, &format!("{name} is NULL")),
            Failure::Utf8(name) => return Error::plain(code, &format!("{name} is not valid UTF-8")),
            Failure::Panic(text) => return Error::plain(code, &format!("internal error (a caught panic): {text}")),
        };
        let fields = e.field_errors();
        let strings = [e.message()]
            .into_iter()
            .chain(e.request_id())
            .chain(fields.iter().flat_map(|f| [f.field.as_str(), f.code.as_str(), f.message.as_str()]));
        let mut text = TextBlock::with_capacity(size_of_all(strings));
        let message = text.push(e.message());
        let request_id = e.request_id().map(|id| text.push(id));
        let fields = fields
            .iter()
            .map(|f| FieldText {
                field: text.push(&f.field),
                code: text.push(f.code.as_str()),
                message: text.push(&f.message),
            })
            .collect();
        Error { code, status: e.status().unwrap_or(0), retry_after: e.retry_after(), text, message, request_id, fields }
    }
}

/// The error's code: never ::TALLYFY_OK. ::TALLYFY_NULL_ARGUMENT when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_code(err: *const Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(Code::TALLYFY_PANIC, || unsafe { handle(err, "err") }.map_or(Code::TALLYFY_NULL_ARGUMENT, |e| e.code))
}

/// The error's code as a static snake_case string ("not_found", "null_argument", ...), the
/// spelling of the JavaScript surface. Never freed; NULL when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_code_name(err: *const Error) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || unsafe { handle(err, "err") }.map_or(ptr::null(), |e| e.code.name().as_ptr()))
}

/// A sentence for people: bounded in length, free of control characters and of the access
/// token. Borrowed from `err`; NULL when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_message(err: *const Error) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || unsafe { handle(err, "err") }.map_or(ptr::null(), |e| e.text.ptr(e.message)))
}

/// The HTTP status of the answer the error comes from; 0 when there was none (invalid
/// input, NULL arguments) or `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_status(err: *const Error) -> u16 {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(err, "err") }.map_or(0, |e| e.status))
}

/// How many field errors there are: client-side validation problems, or the server's 422
/// field errors. 0 when `err` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_count(err: *const Error) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(err, "err") }.map_or(0, |e| e.fields.len()))
}

/// The path of field error `index` in the API's dot notation (`name`, `members.2`,
/// `org_id`, `body`). Borrowed from `err`; NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_name(err: *const Error, index: usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(err, "err") }
            .ok()
            .and_then(|e| e.field(index).map(|f| e.text.ptr(f.field)))
            .unwrap_or(ptr::null())
    })
}

/// Why field `index` was refused, as a snake_case code (`required`, `blank`, `too_long`,
/// `invalid_email`, `duplicate`, `unknown_field`, `rejected` for the server's, ...).
/// Borrowed from `err`; NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_code(err: *const Error, index: usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(err, "err") }
            .ok()
            .and_then(|e| e.field(index).map(|f| e.text.ptr(f.code)))
            .unwrap_or(ptr::null())
    })
}

/// A sentence about field error `index`. Borrowed from `err`; NULL when `index` is out of
/// range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_field_message(err: *const Error, index: usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(err, "err") }
            .ok()
            .and_then(|e| e.field(index).map(|f| e.text.ptr(f.message)))
            .unwrap_or(ptr::null())
    })
}

/// Seconds to wait before retrying, from the answer's `Retry-After`; -1 when it had none
/// (or `err` is NULL). An HTTP-date is counted from the system clock at the time of this
/// call (0 when it is past); use tallyfy_error_retry_after_seconds_at() to pass the time.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_retry_after_seconds(err: *const Error) -> i64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_error_retry_after_seconds_at(err, now) }
}

/// Like tallyfy_error_retry_after_seconds(), counting an HTTP-date from `now_unix`
/// (seconds since the Unix epoch).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_retry_after_seconds_at(err: *const Error, now_unix: u64) -> i64 {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(-1, || {
        let retry_after = unsafe { handle(err, "err") }.ok().and_then(|e| e.retry_after);
        retry_after.map_or(-1, |r| i64::try_from(r.seconds_from(now_unix)).unwrap_or(i64::MAX))
    })
}

/// The `X-Request-Id` the server sent with the answer. Borrowed from `err`; NULL when
/// there was none.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_request_id(err: *const Error) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(err, "err") }.ok().and_then(|e| e.request_id.map(|id| e.text.ptr(id))).unwrap_or(ptr::null())
    })
}

/// Writes to `*out` a copy of `err` with the access token of `cfg` taken out of its message,
/// field errors and request id, wherever a server echoed it (and the start of the token where
/// a long message was cut inside it); code, status and retry-after stay as they are. A host
/// calls it on every error of a call it made with `cfg`, before showing or logging it. `err`
/// stays valid and unchanged; release `*out` with tallyfy_error_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_redact(err: *const Error, cfg: *const Config, out: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(ptr::null_mut(), || {
            let out = Out::new(out, "out")?;
            let error = handle(err, "err")?;
            let config = handle(cfg, "cfg")?.core();
            out.write(into_handle(error.edited(|text| config.redact_text(text))));
            Ok(())
        })
    }
}

/// Writes to `*out` a copy of `err` that the caller owns (an error borrowed from a call, kept
/// past it); release it with tallyfy_error_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_clone(err: *const Error, out: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(ptr::null_mut(), || {
            let out = Out::new(out, "out")?;
            out.write(into_handle(handle(err, "err")?.clone()));
            Ok(())
        })
    }
}

/// Releases an error and every string borrowed from it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_error_free(err: *mut Error) {
    // SAFETY: the crate's contract (see lib.rs): `err` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(err) })
}
