//! Response headers cross as raw bytes: a header the core does not read (`X-Served-By: caf\xe9`,
//! legal obs-text in RFC 9110, or a name that is not UTF-8) is never judged; one it reads
//! (`tallyfy_core::READ_HEADERS`) must have a UTF-8 value, else ::TALLYFY_INVALID_UTF8 naming it.

use std::ptr;

use tallyfy::code::Code;
use tallyfy::error::*;
use tallyfy::group::{tallyfy_group_free, tallyfy_group_name};
use tallyfy::response::*;
use tallyfy::strings::Str;

const GROUP: &[u8] = br#"{"data":{"id":"g1","name":"Ops","description":"d","members":[],"guests":[]}}"#;

fn s(bytes: &[u8]) -> Str {
    Str { data: bytes.as_ptr().cast(), len: bytes.len() }
}

fn text(s: Str) -> String {
    assert!(!s.data.is_null());
    // SAFETY: the library lends `len` bytes of UTF-8 that live as long as their handle.
    String::from_utf8(unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) }.to_vec()).unwrap()
}

/// Parses `body` with `status` and the headers `pairs` (raw bytes); the code, and the error
/// (or NULL) for the caller to read and free.
fn parse(status: i32, pairs: &[(&[u8], &[u8])], body: &[u8]) -> (Code, *mut Error) {
    let headers: Vec<Header> = pairs.iter().map(|(n, v)| Header { name: s(n), value: s(v) }).collect();
    let response = Response { status, headers: headers.as_ptr(), header_count: headers.len(), body: s(body) };
    let (mut group, mut err) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid arrays and strings for the call; the group is read, then freed once.
    unsafe {
        let code = tallyfy_parse_group(&response, &mut group, &mut err);
        if code == Code::TALLYFY_OK {
            assert_eq!(text(tallyfy_group_name(group)), "Ops");
        }
        tallyfy_group_free(group);
        (code, err)
    }
}

#[test]
fn headers_the_core_does_not_read_are_never_judged() {
    let unread: [(&[u8], &[u8]); 3] =
        [(b"X-Served-By", b"caf\xe9"), (b"caf\xe9-Header", b"1"), (b"Content-Type", b"text/plain; x=\xff")];
    let (code, err) = parse(200, &unread, GROUP);
    assert_eq!(code, Code::TALLYFY_OK);
    assert!(err.is_null());
    // Among headers that are not UTF-8, the ones the core reads are still read.
    let mixed = [unread[0], (b"Retry-After", b"7"), unread[1], (b"x-request-id", b"req-1")];
    let (code, err) = parse(429, &mixed, br#"{"message":"slow down"}"#);
    assert_eq!(code, Code::TALLYFY_RATE_LIMITED);
    // SAFETY: `err` was written by the failed call; read, then freed once.
    unsafe {
        assert_eq!(tallyfy_error_retry_after_seconds_at(err, 0), 7);
        assert_eq!(text(tallyfy_error_request_id(err)), "req-1");
        assert_eq!(text(tallyfy_error_message(err)), "slow down");
        tallyfy_error_free(err);
    }
}

#[test]
fn a_read_header_that_is_not_utf8_is_named() {
    for (name, canonical) in [(&b"retry-after"[..], "Retry-After"), (b"X-REQUEST-ID", "X-Request-Id")] {
        let (code, err) = parse(200, &[(b"X-Served-By", b"caf\xe9"), (name, b"\xff1")], GROUP);
        assert_eq!(code, Code::TALLYFY_INVALID_UTF8);
        // SAFETY: `err` was written by the failed call; read, then freed once.
        unsafe {
            assert_eq!(tallyfy_error_code(err), Code::TALLYFY_INVALID_UTF8);
            assert_eq!(
                text(tallyfy_error_message(err)),
                format!("the value of the {canonical} header is not valid UTF-8")
            );
            tallyfy_error_free(err);
        }
    }
}

#[test]
fn a_null_header_string_with_a_length_is_refused_even_when_unread() {
    let null = Str { data: ptr::null(), len: 3 };
    for (header, name) in [
        (Header { name: s(b"X-Served-By"), value: null }, "header value"),
        (Header { name: null, value: s(b"1") }, "header name"),
    ] {
        let headers = [header];
        let response = Response { status: 204, headers: headers.as_ptr(), header_count: 1, body: s(b"") };
        let mut err = ptr::null_mut();
        // SAFETY: a valid array whose string is NULL (refused before any read); `err` freed once.
        unsafe {
            assert_eq!(tallyfy_parse_delete_group(&response, &mut err), Code::TALLYFY_NULL_ARGUMENT);
            assert_eq!(text(tallyfy_error_message(err)), format!("{name} is NULL"));
            tallyfy_error_free(err);
        }
    }
    // An empty value may be {NULL, 0}, even for a header the core reads.
    let headers = [Header { name: s(b"X-Request-Id"), value: Str { data: ptr::null(), len: 0 } }];
    let response = Response { status: 204, headers: headers.as_ptr(), header_count: 1, body: s(b"") };
    // SAFETY: valid pointers for the call.
    assert_eq!(unsafe { tallyfy_parse_delete_group(&response, ptr::null_mut()) }, Code::TALLYFY_OK);
}
