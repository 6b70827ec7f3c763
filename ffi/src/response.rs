//! The three response parsers: an answer in, a group, a page or an error out.

use tallyfy_core::{parse_delete_group, parse_group, parse_group_list, read_header, Response as CoreResponse};

use crate::args::{slice, Out};
use crate::boundary;
use crate::code::Code;
use crate::error::{Error, Failure};
use crate::group::{Group, GroupPage};
use crate::strings::Str;

/// One HTTP header: a name and a value. In a ::tallyfy_response, names match ASCII
/// case-insensitively and only the headers the library reads (`Retry-After`, `X-Request-Id`
/// and `Date`) must have a UTF-8 value; any other is passed over unread, whatever its bytes
/// (HTTP allows obs-text such as `caf\xe9`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Header {
    /// The header's name, such as `Retry-After`.
    pub name: Str,
    /// The header's value.
    pub value: Str,
}

/// An HTTP answer as the host received it (JavaScript calls the same shape `response`).
/// Borrowed for the call only. An empty body or header value may be `{NULL, 0}`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Response {
    /// The status, judged by the core: one outside 100 to 599 gives ::TALLYFY_INVALID_INPUT
    /// (field `status`).
    pub status: i32,
    /// The headers; any pointer (or NULL) when `header_count` is 0. All may be passed.
    pub headers: *const Header,
    /// How many headers `headers` points to.
    pub header_count: usize,
    /// The raw body, any bytes: the core judges them.
    pub body: Str,
}

/// Reads the answer behind `response` and runs `parse` on it. Only the headers the core
/// reads reach it; their values must be UTF-8 ([`Failure::header_utf8`] names the one that is
/// not).
///
/// # Safety
/// `response` is NULL or points to an answer whose pointers are valid as [`Response`] says.
pub(crate) unsafe fn with_response<T>(
    response: *const Response,
    parse: impl FnOnce(&CoreResponse) -> Result<T, tallyfy_core::Error>,
) -> Result<T, Failure> {
    // SAFETY: forwarded contract.
    let response = unsafe { response.as_ref() }.ok_or_else(|| Failure::null("response"))?;
    // SAFETY: forwarded contract; `slice` checks the pointer, its alignment and the size.
    let headers = unsafe { slice(response.headers, response.header_count, "headers") }?;
    let mut read = Vec::new();
    for header in headers {
        // SAFETY: forwarded contract; a value is only looked at if the core reads its header.
        let (name, value) = unsafe { (header.name.bytes("header name")?, header.value.bytes("header value")?) };
        if let Some(name) = read_header(name) {
            read.push((name, std::str::from_utf8(value).map_err(|_| Failure::header_utf8(name))?));
        }
    }
    // SAFETY: forwarded contract.
    let body = unsafe { response.body.bytes("body") }?;
    // A status outside u16 is as far outside 100 to 599 as 0, which the core refuses.
    let status = u16::try_from(response.status).unwrap_or(0);
    Ok(parse(&CoreResponse { status, headers: &read, body })?)
}

/// Parses the answer to create, get or update (`{"data": Group}` with 200 or 201). Error
/// statuses give their code (::TALLYFY_NOT_FOUND, ...) with the server's message and field
/// errors in `*err`. On success `*out` owns a new group; release it with tallyfy_group_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_parse_group(
    response: *const Response,
    out: *mut *mut Group,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(with_response(response, parse_group)?)
        })
    }
}

/// Parses the answer to list (`{"data": [Group], "meta": {"pagination": ...}}` with 200), as
/// tallyfy_parse_group() does. On success `*out` owns a new page; release it with
/// tallyfy_group_page_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_parse_group_list(
    response: *const Response,
    out: *mut *mut GroupPage,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(with_response(response, parse_group_list)?)
        })
    }
}

/// Parses the answer to delete (200 or 204, the body empty or JSON), as tallyfy_parse_group()
/// does. ::TALLYFY_OK means the group is deleted.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_parse_delete_group(response: *const Response, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || with_response(response, parse_delete_group)) }
}
