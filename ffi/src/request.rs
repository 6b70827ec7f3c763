//! `tallyfy_request`: what to send, for the host's HTTP client to send unchanged.

use std::ffi::{c_char, c_int, CStr};
use std::ptr;

use tallyfy_core::{Method, Request as CoreRequest};

use crate::args::{free_handle, handle};
use crate::boundary;
use crate::text::{size_of_all, Text, TextBlock};

/// Headers kept inside the handle; the core sends at most this many, so `more` stays empty
/// (an empty Vec does not allocate).
const INLINE_HEADERS: usize = 4;

/// A request: method, absolute URL, headers in order and the JSON body if any. Made by the
/// `tallyfy_build_*` functions; released with tallyfy_request_free(). Read-only.
pub struct Request {
    method: Method,
    text: TextBlock,
    url: Text,
    header_count: usize,
    headers: [(Text, Text); INLINE_HEADERS],
    more_headers: Vec<(Text, Text)>,
    body: Option<Text>,
}

impl Request {
    /// Header `index` as (name, value), if there is one.
    fn header(&self, index: usize) -> Option<(Text, Text)> {
        if index >= self.header_count {
            None
        } else if index < INLINE_HEADERS {
            Some(self.headers[index])
        } else {
            self.more_headers.get(index - INLINE_HEADERS).copied()
        }
    }
}

impl From<&CoreRequest> for Request {
    fn from(request: &CoreRequest) -> Self {
        let strings = request.headers.iter().flat_map(|(n, v)| [*n, v.as_str()]);
        let size = size_of_all(strings.chain([request.url.as_str()]).chain(request.body.as_deref()));
        let mut text = TextBlock::with_capacity(size);
        let url = text.push(&request.url);
        let mut headers = [(Text::default(), Text::default()); INLINE_HEADERS];
        let mut more_headers = Vec::new();
        for (i, (name, value)) in request.headers.iter().enumerate() {
            let header = (text.push(name), text.push(value));
            match headers.get_mut(i) {
                Some(slot) => *slot = header,
                None => more_headers.push(header),
            }
        }
        let body = request.body.as_deref().map(|b| text.push(b));
        let header_count = request.headers.len();
        Request { method: request.method, text, url, header_count, headers, more_headers, body }
    }
}

/// The method: `"GET"`, `"POST"`, `"PUT"` or `"DELETE"`. A static string; NULL when `req` is
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_method(req: *const Request) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || unsafe { handle(req, "req") }.map_or(ptr::null(), |r| method_name(r.method).as_ptr()))
}

/// 1 when the method is idempotent (`GET`, `PUT`, `DELETE`): the call driver may resend the
/// request after it got no answer. 0 for `POST`, which the driver never resends (a host keeps
/// its HTTP client from resending it by itself too), and when `req` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_idempotent(req: *const Request) -> c_int {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(req, "req") }.map_or(0, |r| c_int::from(r.method.is_idempotent())))
}

fn method_name(method: Method) -> &'static CStr {
    match method {
        Method::Get => c"GET",
        Method::Post => c"POST",
        Method::Put => c"PUT",
        Method::Delete => c"DELETE",
    }
}

/// The absolute URL, path ids and query values percent-encoded. Borrowed from `req`; NULL
/// when `req` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_url(req: *const Request) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || unsafe { handle(req, "req") }.map_or(ptr::null(), |r| r.text.ptr(r.url)))
}

/// How many headers to send: `Authorization`, `Accept`, `X-Tallyfy-Client`, and
/// `Content-Type` when there is a body. 0 when `req` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_header_count(req: *const Request) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(req, "req") }.map_or(0, |r| r.header_count))
}

/// The name of header `index`. Borrowed from `req`; NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_header_name(req: *const Request, index: usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(req, "req") }.ok().and_then(|r| r.header(index).map(|h| r.text.ptr(h.0))).unwrap_or(ptr::null())
    })
}

/// The value of header `index` (the `Authorization` value holds the token: do not log it).
/// Borrowed from `req`; NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_header_value(req: *const Request, index: usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(req, "req") }.ok().and_then(|r| r.header(index).map(|h| r.text.ptr(h.1))).unwrap_or(ptr::null())
    })
}

/// The JSON body (create and update), its length in bytes written to `*len` when `len` is
/// not NULL. The bytes are UTF-8, followed by a NUL not counted in the length. Borrowed from
/// `req`; NULL (and a length of 0) when there is no body.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_body(req: *const Request, len: *mut usize) -> *const u8 {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || unsafe {
        let body = handle(req, "req").ok().and_then(|r| r.body.map(|b| (r.text.ptr(b).cast(), b.len())));
        let (ptr, length) = body.unwrap_or((ptr::null(), 0));
        if let Some(len) = len.as_mut() {
            *len = length;
        }
        ptr
    })
}

/// Releases a request and every string borrowed from it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_request_free(req: *mut Request) {
    // SAFETY: the crate's contract (see lib.rs): `req` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(req) })
}
