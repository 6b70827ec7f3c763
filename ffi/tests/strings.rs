//! `tallyfy_str` arguments: `{NULL, 0}` is absent where optional and NULL_ARGUMENT elsewhere,
//! NULL with a length is always NULL_ARGUMENT, any pointer with length 0 is the empty string,
//! bytes that are not UTF-8 are INVALID_UTF8 naming the parameter, and U+0000 reaches the
//! core, which alone judges it. Arrays refuse a length no buffer can have or a misaligned
//! pointer before they read anything. Run as a debug build, so that `slice::from_raw_parts`
//! checks its preconditions: a broken one aborts the whole test binary.

use std::ptr::{self, NonNull};

use tallyfy::code::Code;
use tallyfy::config::*;
use tallyfy::error::*;
use tallyfy::group::{tallyfy_group_free, tallyfy_group_page_free};
use tallyfy::input::*;
use tallyfy::query::*;
use tallyfy::response::*;
use tallyfy::strings::*;
use tallyfy_core::GroupInput as CoreInput;

const GROUP: &[u8] = br#"{"data":{"id":"g1","name":"Ops","description":"d","members":[],"guests":[]}}"#;
const PAGE: &[u8] =
    br#"{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1}}}"#;

fn s(bytes: &[u8]) -> Str {
    Str { data: bytes.as_ptr().cast(), len: bytes.len() }
}

fn text(s: Str) -> String {
    assert!(!s.data.is_null());
    // SAFETY: the library lends `len` bytes of UTF-8 that live as long as their handle.
    String::from_utf8(unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) }.to_vec()).unwrap()
}

/// The code, message, field and field code of `err` (fields empty when it has none), then
/// frees it.
fn refusal(err: *mut Error) -> (Code, String, String, String) {
    // SAFETY: `err` came from the library and is freed once here.
    unsafe {
        let field = |f: Str| if f.data.is_null() { String::new() } else { text(f) };
        let seen = (
            tallyfy_error_code(err),
            text(tallyfy_error_message(err)),
            field(tallyfy_error_field_name(err, 0)),
            field(tallyfy_error_field_code(err, 0)),
        );
        tallyfy_error_free(err);
        seen
    }
}

fn response(status: i32, headers: *const Header, header_count: usize, body: Str) -> Response {
    Response { status, headers, header_count, body }
}

#[test]
fn absent_null_empty_and_bad_utf8_arguments() {
    let absent = Str { data: ptr::null(), len: 0 };
    let null_with_length = Str { data: ptr::null(), len: 3 };
    let dangling_empty = Str { data: NonNull::dangling().as_ptr(), len: 0 };
    // SAFETY: every pointer is valid for its length (or the length is 0); handles freed once.
    unsafe {
        let (mut cfg, mut err) = (ptr::null_mut(), ptr::null_mut());
        // Optional: {NULL, 0} takes the default.
        assert_eq!(tallyfy_config_new(s(b"tok"), absent, absent, &mut cfg, &mut err), Code::TALLYFY_OK);
        tallyfy_config_free(cfg);
        cfg = ptr::null_mut();
        // Required: {NULL, 0} is a NULL argument named by the parameter.
        assert_eq!(tallyfy_config_new(absent, absent, absent, &mut cfg, &mut err), Code::TALLYFY_NULL_ARGUMENT);
        let expected = (Code::TALLYFY_NULL_ARGUMENT, "access_token is NULL".to_owned(), String::new(), String::new());
        assert_eq!(refusal(err), expected);
        // NULL with a length, even where optional.
        let code = tallyfy_config_new(s(b"tok"), null_with_length, absent, &mut cfg, &mut err);
        assert_eq!(code, Code::TALLYFY_NULL_ARGUMENT);
        assert_eq!(refusal(err).1, "base_url is NULL");
        // Any pointer with length 0 is the empty string: the core judges it.
        let code = tallyfy_config_new(dangling_empty, absent, absent, &mut cfg, &mut err);
        assert_eq!(code, Code::TALLYFY_INVALID_INPUT);
        let (_, _, field, field_code) = refusal(err);
        assert_eq!((field.as_str(), field_code.as_str()), ("access_token", "required"));
        // Not UTF-8.
        let code = tallyfy_config_new(s(b"tok"), absent, s(b"app\xff"), &mut cfg, &mut err);
        assert_eq!(code, Code::TALLYFY_INVALID_UTF8);
        assert_eq!(refusal(err).1, "client_header is not valid UTF-8");
        assert!(cfg.is_null(), "a refusal wrote its out-parameter");
    }
}

#[test]
fn u0000_is_judged_by_the_core_alone() {
    let input = tallyfy_group_input_new();
    let mut err = ptr::null_mut();
    // SAFETY: valid handles, strings and out-parameters; every handle is freed once.
    unsafe {
        // A name with U+0000 is a name as the core sees it: kept whole.
        assert_eq!(tallyfy_group_input_set_name(input, s(b"a\0b"), &mut err), Code::TALLYFY_OK);
        assert_eq!(text(tallyfy_group_input_name(input)), "a\0b");
        // A guest with U+0000 gets the field error the JSON path gives.
        assert_eq!(tallyfy_group_input_add_guest(input, s(b"a\0@b.co"), &mut err), Code::TALLYFY_INVALID_INPUT);
        let json_error = CoreInput::from_json(br#"{"guests":["a\u0000@b.co"]}"#).unwrap_err();
        let expected = &json_error.field_errors()[0];
        let (code, _, field, field_code) = refusal(err);
        assert_eq!(
            (code, field.as_str(), field_code.as_str()),
            (Code::TALLYFY_INVALID_INPUT, "guests.0", expected.code.as_str())
        );
        assert_eq!(expected.field, "guests.0");
        let query = tallyfy_list_query_new();
        assert_eq!(tallyfy_list_query_set_q(query, s(b"ops\0team"), &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_list_query_set_sort(query, s(b"asc\0"), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(refusal(err).2, "sort");
        tallyfy_list_query_free(query);
        tallyfy_group_input_free(input);
    }
}

#[test]
fn no_headers_and_no_body_parse_with_a_null_or_dangling_pointer() {
    let dangling: *const Header = NonNull::dangling().as_ptr();
    let empty = [Str { data: ptr::null(), len: 0 }, Str { data: NonNull::dangling().as_ptr(), len: 0 }];
    for headers in [ptr::null(), dangling] {
        let mut err = ptr::null_mut();
        let mut group = ptr::null_mut();
        let mut page = ptr::null_mut();
        // SAFETY: no header is read (count 0); the bodies are valid for their lengths.
        unsafe {
            for body in empty {
                assert_eq!(tallyfy_parse_delete_group(&response(204, headers, 0, body), &mut err), Code::TALLYFY_OK);
            }
            assert_eq!(
                tallyfy_parse_group(&response(200, headers, 0, s(GROUP)), &mut group, &mut err),
                Code::TALLYFY_OK
            );
            let code = tallyfy_parse_group_list(&response(200, headers, 0, s(PAGE)), &mut page, &mut err);
            assert_eq!(code, Code::TALLYFY_OK);
            assert!(err.is_null(), "a success wrote an error");
            tallyfy_group_free(group);
            tallyfy_group_page_free(page);
            // An error status with no headers and no body.
            let code = tallyfy_parse_delete_group(&response(404, headers, 0, empty[0]), &mut err);
            assert_eq!(code, Code::TALLYFY_NOT_FOUND);
            assert_eq!(tallyfy_error_status(err), 404);
            tallyfy_error_free(err);
        }
    }
}

#[test]
fn impossible_or_misaligned_header_arrays_are_refused_unread() {
    let header = || Header { name: s(b"X-A"), value: s(b"1") };
    let headers = [header(), header()];
    let base = headers.as_ptr();
    let misaligned = base.cast::<u8>().wrapping_add(1).cast::<Header>();
    let cases = [
        (base, usize::MAX, "too_long"),
        (base, isize::MAX as usize / size_of::<Header>() + 1, "too_long"),
        (misaligned, 1, "invalid_value"),
    ];
    for (pointer, count, code) in cases {
        let mut err = ptr::null_mut();
        let empty = Str { data: ptr::null(), len: 0 };
        // SAFETY: each case is refused before any header is read.
        let rc = unsafe { tallyfy_parse_delete_group(&response(204, pointer, count, empty), &mut err) };
        assert_eq!(rc, Code::TALLYFY_INVALID_INPUT, "{count} headers at {pointer:?}");
        let (code_seen, _, field, field_code) = refusal(err);
        assert_eq!((code_seen, field.as_str(), field_code.as_str()), (Code::TALLYFY_INVALID_INPUT, "headers", code));
    }
    let mut err = ptr::null_mut();
    let huge = Str { data: b"x".as_ptr().cast(), len: usize::MAX };
    // SAFETY: refused before any byte is read.
    let rc = unsafe { tallyfy_parse_delete_group(&response(204, ptr::null(), 0, huge), &mut err) };
    assert_eq!(rc, Code::TALLYFY_INVALID_INPUT);
    assert_eq!(refusal(err).2, "body");
}

#[test]
fn statuses_outside_http_are_judged_by_the_core() {
    for status in [-1, 0, 99, 600, 65_736, i32::MAX, i32::MIN] {
        let mut err = ptr::null_mut();
        // SAFETY: valid pointers; `err` read, then freed once.
        let code = unsafe { tallyfy_parse_delete_group(&response(status, ptr::null(), 0, s(b"")), &mut err) };
        assert_eq!(code, Code::TALLYFY_INVALID_INPUT, "status {status}");
        let (_, _, field, field_code) = refusal(err);
        assert_eq!((field.as_str(), field_code.as_str()), ("status", "out_of_range"));
    }
    let mut err = ptr::null_mut();
    // SAFETY: a NULL response is refused.
    assert_eq!(unsafe { tallyfy_parse_delete_group(ptr::null(), &mut err) }, Code::TALLYFY_NULL_ARGUMENT);
    assert_eq!(refusal(err).1, "response is NULL");
}

#[test]
fn owned_text_and_the_version() {
    // SAFETY: valid handles and out-parameters; the text is freed once.
    unsafe {
        let input = tallyfy_group_input_new();
        assert_eq!(tallyfy_group_input_set_name(input, s(b"Ops"), ptr::null_mut()), Code::TALLYFY_OK);
        let mut json = ptr::null_mut();
        assert_eq!(tallyfy_group_input_to_json(input, &mut json, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(text(tallyfy_text_str(json)), r#"{"name":"Ops"}"#);
        tallyfy_text_free(json);
        tallyfy_text_free(ptr::null_mut());
        assert!(tallyfy_text_str(ptr::null()).data.is_null());
        tallyfy_group_input_free(input);
    }
    assert_eq!(text(tallyfy_version()), env!("CARGO_PKG_VERSION"));
}
