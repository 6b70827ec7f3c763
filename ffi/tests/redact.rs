//! tallyfy_error_redact() takes a config's token out of a copy of an error, wherever a server
//! echoed it, and leaves the original and its borrowed strings untouched.

use std::ptr;

use tallyfy::code::Code;
use tallyfy::config::*;
use tallyfy::error::*;
use tallyfy::response::{tallyfy_parse_group, Header, Response};
use tallyfy::strings::Str;

const TOKEN: &str = "zqTok-7f3a.x/Y~9+Q";

fn s(text: &str) -> Str {
    Str { data: text.as_ptr().cast(), len: text.len() }
}

fn text(s: Str) -> String {
    assert!(!s.data.is_null());
    // SAFETY: the library lends `len` bytes of UTF-8 that live as long as their handle.
    String::from_utf8(unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) }.to_vec()).unwrap()
}

/// The error of parsing a 422 answer whose message, field error and request id echo the token.
fn echoing_error() -> *mut Error {
    let body = format!(r#"{{"message":"bad token {TOKEN}","errors":{{"name":["{TOKEN} is not a name"]}}}}"#);
    let request_id = format!("req-{TOKEN}");
    let headers = [Header { name: s("X-Request-Id"), value: s(&request_id) }];
    let response = Response { status: 422, headers: headers.as_ptr(), header_count: 1, body: s(&body) };
    let mut group = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: valid pointers and lengths for the duration of the call.
    let code = unsafe { tallyfy_parse_group(&response, &mut group, &mut err) };
    assert_eq!(code, Code::TALLYFY_VALIDATION_FAILED);
    err
}

#[test]
fn the_copy_shows_no_token_and_the_original_is_unchanged() {
    let mut cfg = ptr::null_mut();
    let none = Str { data: ptr::null(), len: 0 };
    // SAFETY: the library's contract: every handle is freed once, strings read while alive.
    unsafe {
        assert_eq!(tallyfy_config_new(s(TOKEN), none, none, &mut cfg, ptr::null_mut()), Code::TALLYFY_OK);
        let err = echoing_error();
        let message = tallyfy_error_message(err);
        assert!(text(message).contains(TOKEN));
        let mut clean = ptr::null_mut();
        assert_eq!(tallyfy_error_redact(err, cfg, &mut clean, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(text(tallyfy_error_message(clean)), "bad token [redacted]");
        assert_eq!(text(tallyfy_error_request_id(clean)), "req-[redacted]");
        assert_eq!(tallyfy_error_field_count(clean), 1);
        assert_eq!(text(tallyfy_error_field_name(clean, 0)), "name");
        assert_eq!(text(tallyfy_error_field_code(clean, 0)), "rejected");
        assert_eq!(text(tallyfy_error_field_message(clean, 0)), "[redacted] is not a name");
        assert_eq!(tallyfy_error_code(clean), Code::TALLYFY_VALIDATION_FAILED);
        assert_eq!(tallyfy_error_status(clean), 422);
        // The original, and a string borrowed from it before, are untouched.
        assert_eq!(text(message), format!("bad token {TOKEN}"));
        assert_eq!(tallyfy_error_redact(ptr::null(), cfg, &mut clean, ptr::null_mut()), Code::TALLYFY_NULL_ARGUMENT);
        assert_eq!(tallyfy_error_redact(err, ptr::null(), &mut clean, ptr::null_mut()), Code::TALLYFY_NULL_ARGUMENT);
        assert_eq!(tallyfy_error_redact(err, cfg, ptr::null_mut(), ptr::null_mut()), Code::TALLYFY_NULL_ARGUMENT);
        tallyfy_error_free(clean);
        tallyfy_error_free(err);
        tallyfy_config_free(cfg);
    }
}
