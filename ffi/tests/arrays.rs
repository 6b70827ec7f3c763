//! Every array argument (headers, bodies, JSON, `_n` text) takes NULL or any pointer with
//! length 0, and refuses a length no buffer can have or a misaligned header array before it
//! reads anything. Run as a debug build, so that `slice::from_raw_parts` checks its
//! preconditions: a broken one aborts the whole test binary.

use std::ffi::{c_char, CStr};
use std::ptr::{self, NonNull};

use tallyfy::code::Code;
use tallyfy::error::*;
use tallyfy::group::{tallyfy_group_free, tallyfy_group_page_free};
use tallyfy::input::*;
use tallyfy::query::{tallyfy_list_query_free, tallyfy_list_query_from_json};
use tallyfy::response::*;

const GROUP: &[u8] = br#"{"data":{"id":"g1","name":"Ops","description":"d","members":[],"guests":[]}}"#;
const PAGE: &[u8] =
    br#"{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1}}}"#;

fn text(ptr: *const c_char) -> String {
    assert!(!ptr.is_null());
    // SAFETY: the library returns NUL-terminated strings that live as long as their handle.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

/// The code, field and field code of `err`, then frees it.
fn refusal(err: *mut Error) -> (Code, String, String) {
    // SAFETY: `err` came from the library and is freed once here.
    unsafe {
        let seen =
            (tallyfy_error_code(err), text(tallyfy_error_field_name(err, 0)), text(tallyfy_error_field_code(err, 0)));
        tallyfy_error_free(err);
        seen
    }
}

#[test]
fn no_headers_parse_with_a_null_or_dangling_pointer() {
    let dangling: *const Header = NonNull::dangling().as_ptr();
    for headers in [ptr::null(), dangling] {
        let mut err = ptr::null_mut();
        let mut group = ptr::null_mut();
        let mut page = ptr::null_mut();
        // SAFETY: no header is read (count 0); the bodies are valid for their lengths.
        unsafe {
            assert_eq!(tallyfy_parse_delete_group(204, headers, 0, ptr::null(), 0, &mut err), Code::TALLYFY_OK);
            assert_eq!(
                tallyfy_parse_delete_group(204, headers, 0, NonNull::dangling().as_ptr(), 0, &mut err),
                Code::TALLYFY_OK
            );
            assert_eq!(
                tallyfy_parse_group(200, headers, 0, GROUP.as_ptr(), GROUP.len(), &mut group, &mut err),
                Code::TALLYFY_OK
            );
            assert_eq!(
                tallyfy_parse_group_list(200, headers, 0, PAGE.as_ptr(), PAGE.len(), &mut page, &mut err),
                Code::TALLYFY_OK
            );
            assert!(err.is_null(), "a success wrote an error");
            tallyfy_group_free(group);
            tallyfy_group_page_free(page);
            // An error status with no headers and no body.
            assert_eq!(tallyfy_parse_delete_group(404, headers, 0, ptr::null(), 0, &mut err), Code::TALLYFY_NOT_FOUND);
            assert_eq!(tallyfy_error_status(err), 404);
            tallyfy_error_free(err);
        }
    }
}

#[test]
fn impossible_or_misaligned_header_arrays_are_refused_unread() {
    let header = || Header { name: c"X-A".as_ptr(), value: c"1".as_ptr() };
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
        // SAFETY: each case is refused before any header is read.
        let rc = unsafe { tallyfy_parse_delete_group(204, pointer, count, ptr::null(), 0, &mut err) };
        assert_eq!(rc, Code::TALLYFY_INVALID_INPUT, "{count} headers at {pointer:?}");
        assert_eq!(refusal(err), (Code::TALLYFY_INVALID_INPUT, "headers".to_owned(), code.to_owned()));
    }
}

#[test]
fn empty_text_and_json_take_a_null_pointer() {
    // SAFETY: no byte is read (length 0); every handle is freed once.
    unsafe {
        let input = tallyfy_group_input_new();
        let mut err = ptr::null_mut();
        assert_eq!(tallyfy_group_input_set_name_n(input, ptr::null(), 0), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_set_description_n(input, ptr::null(), 0), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_add_guest_n_ex(input, ptr::null(), 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(refusal(err).1, "guests.0");
        let mut parsed = ptr::null_mut();
        assert_eq!(tallyfy_group_input_from_json(ptr::null(), 0, &mut parsed, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(refusal(err).2, "invalid_json");
        let mut query = ptr::null_mut();
        assert_eq!(tallyfy_list_query_from_json(ptr::null(), 0, &mut query, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(refusal(err).2, "invalid_json");
        assert_eq!(tallyfy_validate_create_group_json(ptr::null(), 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        tallyfy_error_free(err);
        assert!(parsed.is_null() && query.is_null(), "a refusal wrote its out-parameter");
        tallyfy_list_query_free(query);
        tallyfy_group_input_free(input);
    }
}
