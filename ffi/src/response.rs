//! The three response parsers: status, headers and body in, a group, a page or an error out.

use std::ffi::c_char;

use tallyfy_core::{parse_delete_group, parse_group, parse_group_list, read_header, Response};

use crate::args::{c_bytes, into_handle, slice, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::error::Error;
use crate::group::{Group, GroupPage};

/// One response header: a name and a value, each NUL-terminated, borrowed for the call.
/// Names match ASCII case-insensitively. Only the headers the library reads (`Retry-After`,
/// `X-Request-Id` and `Date`) must have a UTF-8 value; any other header is passed over unread,
/// whatever its bytes (HTTP allows obs-text such as `caf\xe9`).
#[repr(C)]
pub struct Header {
    /// The header's name, such as `Retry-After`.
    pub name: *const c_char,
    /// The header's value.
    pub value: *const c_char,
}

/// Reads the answer's parts and runs `parse` on them. Only the headers the core reads reach
/// it; their values must be UTF-8 ([`Failure::HeaderUtf8`] names the one that is not).
///
/// # Safety
/// `headers` is NULL or points to `header_count` headers whose strings are NUL-terminated
/// (any pointer with `header_count` 0); `body` is NULL or points to `body_len` bytes (any
/// pointer with `body_len` 0).
pub(crate) unsafe fn with_response<T>(
    status: u16,
    headers: *const Header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    parse: impl FnOnce(&Response) -> Result<T, tallyfy_core::Error>,
) -> Result<T, Failure> {
    // SAFETY: forwarded contract; `slice` checks the pointer, its alignment and the size.
    let headers = unsafe { slice(headers, header_count, "headers") }?;
    let mut read = Vec::new();
    for header in headers {
        // SAFETY: NUL-terminated strings by the caller's contract.
        let (name, value) = unsafe { (c_bytes(header.name, "header name")?, c_bytes(header.value, "header value")?) };
        if let Some(name) = read_header(name) {
            read.push((name, std::str::from_utf8(value).map_err(|_| Failure::HeaderUtf8(name))?));
        }
    }
    // SAFETY: forwarded contract.
    let body = unsafe { slice(body, body_len, "body") }?;
    Ok(parse(&Response { status, headers: &read, body })?)
}

/// Parses the answer to create, get or update (`{"data": Group}` with 200 or 201).
/// `headers` may be NULL when `header_count` is 0. All headers may be passed: only
/// `Retry-After`, `X-Request-Id` and `Date` are read, and only their values must be UTF-8 (else
/// ::TALLYFY_INVALID_UTF8 naming the header); the bytes of the others are never looked at.
/// `body` is the raw body, any bytes, NULL when `body_len` is 0. Error statuses give their
/// code (::TALLYFY_NOT_FOUND, ...) with the server's message and field errors in `*err`. On
/// success `*out` owns a new group; release it with tallyfy_group_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_parse_group(
    status: u16,
    headers: *const Header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut Group,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let group = with_response(status, headers, header_count, body, body_len, parse_group)?;
            out.write(into_handle(Group::from(group)));
            Ok(())
        })
    }
}

/// Parses the answer to list (`{"data": [Group], "meta": {"pagination": ...}}` with 200);
/// arguments as for tallyfy_parse_group(). On success `*out` owns a new page; release it
/// with tallyfy_group_page_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_parse_group_list(
    status: u16,
    headers: *const Header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut GroupPage,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let page = with_response(status, headers, header_count, body, body_len, parse_group_list)?;
            out.write(into_handle(GroupPage::from(page)));
            Ok(())
        })
    }
}

/// Parses the answer to delete (200 or 204, the body empty or JSON); arguments as for
/// tallyfy_parse_group(). ::TALLYFY_OK means the group is deleted.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_parse_delete_group(
    status: u16,
    headers: *const Header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || with_response(status, headers, header_count, body, body_len, parse_delete_group)) }
}
