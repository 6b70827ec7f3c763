//! `tallyfy_request`: what to send, for the host's HTTP client to send unchanged.

use tallyfy_core::Request as CoreRequest;

use crate::args::{free, read, Handle};
use crate::boundary;
use crate::response::Header;
use crate::strings::Str;

/// A request: method, absolute URL, headers in order and the JSON body if any. Made by the
/// `tallyfy_build_*` functions (released with tallyfy_request_free()) or borrowed from a call.
/// Read-only.
pub struct Request {
    _private: [u8; 0],
}

impl Handle for Request {
    type Value = CoreRequest;
}

/// The method: `"GET"`, `"POST"`, `"PUT"` or `"DELETE"` (static).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_method(req: *const Request) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(req, Str::ABSENT, |r| Str::of(r.method.as_str())) }
}

/// Whether the method is idempotent (`GET`, `PUT`, `DELETE`): the call driver may resend the
/// request after it got no answer. false for `POST`, which the driver never resends (a host
/// keeps its HTTP client from resending it by itself too).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_idempotent(req: *const Request) -> bool {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(req, false, |r| r.method.is_idempotent()) }
}

/// The absolute URL, path ids and query values percent-encoded.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_url(req: *const Request) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(req, Str::ABSENT, |r| Str::of(&r.url)) }
}

/// How many headers to send: `Authorization`, `Accept`, `X-Tallyfy-Client`, and
/// `Content-Type` when there is a body.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_header_count(req: *const Request) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(req, 0, |r| r.headers.len()) }
}

/// Header `index` (the `Authorization` value holds the token: do not log it); both strings
/// `{NULL, 0}` when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_header_at(req: *const Request, index: usize) -> Header {
    let none = Header { name: Str::ABSENT, value: Str::ABSENT };
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(req, none, |r| {
            r.headers.get(index).map_or(none, |(name, value)| Header { name: Str::of(name), value: Str::of(value) })
        })
    }
}

/// The JSON body (create and update); `{NULL, 0}` when there is none.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_body(req: *const Request) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(req, Str::ABSENT, |r| Str::of_option(r.body.as_deref())) }
}

/// Releases a request made by a `tallyfy_build_*` function. NULL is ignored. Never pass a
/// request borrowed from a call.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_free(req: *mut Request) {
    // SAFETY: the crate's contract (see lib.rs): `req` came from this library, freed once.
    boundary::get((), || unsafe { free(req) })
}
