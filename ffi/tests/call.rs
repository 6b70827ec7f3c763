//! The call driver through the C ABI: a retried create, list-all paging with its page cap,
//! the options checked at once, and misuse refused with typed errors.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use tallyfy::call::*;
use tallyfy::code::Code;
use tallyfy::config::*;
use tallyfy::error::*;
use tallyfy::group::*;
use tallyfy::input::*;
use tallyfy::request::*;
use tallyfy::response::Header;

const TOKEN: &str = "tok_call_7";

fn text(ptr: *const c_char) -> String {
    assert!(!ptr.is_null());
    // SAFETY: the library returns NUL-terminated strings that live as long as their handle.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

fn config() -> *mut Config {
    let token = CString::new(TOKEN).unwrap();
    let base = CString::new("https://api.example.com").unwrap();
    let mut cfg = ptr::null_mut();
    // SAFETY: valid strings and out-parameter.
    assert_eq!(
        unsafe { tallyfy_config_new(token.as_ptr(), base.as_ptr(), &mut cfg, ptr::null_mut()) },
        Code::TALLYFY_OK
    );
    cfg
}

fn options(seed: u64) -> *mut CallOptions {
    let options = tallyfy_call_options_new();
    // SAFETY: a live handle.
    assert_eq!(unsafe { tallyfy_call_options_set_random_seed(options, seed) }, Code::TALLYFY_OK);
    options
}

/// Answers the send step with `status`, `headers` and `body`.
///
/// # Safety
/// `call` is a live call.
unsafe fn answer(call: *mut Call, status: u16, headers: &[(&str, &str)], body: &str) -> Code {
    let owned: Vec<(CString, CString)> =
        headers.iter().map(|(n, v)| (CString::new(*n).unwrap(), CString::new(*v).unwrap())).collect();
    let headers: Vec<Header> = owned.iter().map(|(n, v)| Header { name: n.as_ptr(), value: v.as_ptr() }).collect();
    // SAFETY: the caller's promise; the arrays live for the call.
    unsafe {
        tallyfy_call_answer(call, status, headers.as_ptr(), headers.len(), body.as_ptr(), body.len(), ptr::null_mut())
    }
}

#[test]
fn a_rate_limited_create_waits_the_servers_time_then_gives_the_group() {
    let (cfg, options) = (config(), options(1));
    let org = CString::new("org1").unwrap();
    let (name, description) = (CString::new("Ops").unwrap(), CString::new("Runs things").unwrap());
    // SAFETY: live handles and valid strings; every handle is freed once at the end.
    unsafe {
        let input = tallyfy_group_input_new();
        tallyfy_group_input_set_name(input, name.as_ptr());
        tallyfy_group_input_set_description(input, description.as_ptr());
        let mut call = ptr::null_mut();
        let code = tallyfy_call_create_group(cfg, org.as_ptr(), input, options, &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        let (request, trace) = (tallyfy_call_request(call), tallyfy_call_trace(call));
        assert_eq!(text(tallyfy_request_method(request)), "POST");
        assert_eq!(tallyfy_request_idempotent(request), 0);
        assert_eq!(text(tallyfy_request_header_value(request, 0)), format!("Bearer {TOKEN}"));
        assert_eq!(text(tallyfy_request_header_value(trace, 0)), "Bearer [redacted]");
        assert_eq!((tallyfy_call_timeout_ms(call), tallyfy_call_max_answer_bytes(call)), (30_000, 16 << 20));
        assert!(tallyfy_call_group(call).is_null());
        assert_eq!(answer(call, 429, &[("Retry-After", "2")], r#"{"message":"slow down"}"#), Code::TALLYFY_OK);

        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_WAIT);
        assert_eq!((tallyfy_call_delay_ms(call), tallyfy_call_attempt(call)), (2_000, 1));
        assert_eq!(tallyfy_error_code(tallyfy_call_error(call)), Code::TALLYFY_RATE_LIMITED);
        assert_eq!(tallyfy_call_no_answer_kind(call), -1);
        assert!(tallyfy_call_request(call).is_null());
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        let body = r#"{"data":{"id":"g1","name":"Ops","description":"Runs things","members":[],"guests":[]}}"#;
        assert_eq!(answer(call, 201, &[], body), Code::TALLYFY_OK);

        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_DONE);
        let mut group = ptr::null_mut();
        assert_eq!(tallyfy_group_clone(tallyfy_call_group(call), &mut group, ptr::null_mut()), Code::TALLYFY_OK);
        assert!(tallyfy_call_error(call).is_null());
        assert_eq!(tallyfy_call_deleted(call), 0);
        // Done: more answers are refused and change nothing.
        let mut err = ptr::null_mut();
        let code = tallyfy_call_no_answer(call, NoAnswer::TALLYFY_NO_ANSWER_TIMEOUT as i32, &mut err);
        assert_eq!(code, Code::TALLYFY_INVALID_INPUT);
        assert_eq!(text(tallyfy_error_field_name(err, 0)), "call");
        tallyfy_error_free(err);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_DONE);
        tallyfy_call_free(call);
        // The clone outlives the call.
        assert_eq!(text(tallyfy_group_id(group)), "g1");
        tallyfy_group_free(group);
        tallyfy_group_input_free(input);
        tallyfy_call_options_free(options);
        tallyfy_config_free(cfg);
    }
}

#[test]
fn list_all_fails_past_max_pages_and_a_lost_get_is_retried() {
    let (cfg, options) = (config(), options(1));
    let org = CString::new("org1").unwrap();
    let page = |n: u32| {
        format!(
            r#"{{"data":[{{"id":"g{n}","name":"Ops","description":"","members":[],"guests":[]}}],"meta":{{"pagination":{{"total":9,"count":1,"per_page":1,"current_page":{n},"total_pages":9}}}}}}"#
        )
    };
    // SAFETY: live handles and valid strings; every handle is freed once at the end.
    unsafe {
        assert_eq!(tallyfy_call_options_set_max_pages(options, 2), Code::TALLYFY_OK);
        let mut call = ptr::null_mut();
        let code = tallyfy_call_list_all_groups(cfg, org.as_ptr(), ptr::null(), options, &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        let url = text(tallyfy_request_url(tallyfy_call_request(call)));
        assert_eq!(url, "https://api.example.com/organizations/org1/groups?per_page=100");
        assert_eq!(tallyfy_request_idempotent(tallyfy_call_request(call)), 1);
        assert_eq!(tallyfy_call_no_answer(call, 0, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_WAIT);
        assert_eq!(tallyfy_call_no_answer_kind(call), NoAnswer::TALLYFY_NO_ANSWER_NOT_DELIVERED as i32);
        assert!(tallyfy_call_error(call).is_null());
        for (n, query) in [(1, "per_page=100"), (2, "page=2&per_page=100")] {
            assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
            assert_eq!(answer(call, 200, &[], &page(n)), Code::TALLYFY_OK);
            // Read only after the answer moved the driver on: still this step's request.
            let url = format!("https://api.example.com/organizations/org1/groups?{query}");
            assert_eq!(text(tallyfy_request_url(tallyfy_call_trace(call))), url);
            assert_eq!(text(tallyfy_request_url(tallyfy_call_request(call))), url);
        }
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_FAILED);
        assert_eq!(tallyfy_error_code(tallyfy_call_error(call)), Code::TALLYFY_TOO_MANY_PAGES);
        assert_eq!(text(tallyfy_error_code_name(tallyfy_call_error(call))), "too_many_pages");
        assert_eq!(tallyfy_call_group_count(call), 0);
        let mut kept = ptr::null_mut();
        assert_eq!(tallyfy_error_clone(tallyfy_call_error(call), &mut kept), Code::TALLYFY_OK);
        tallyfy_call_free(call);
        assert_eq!(tallyfy_error_code(kept), Code::TALLYFY_TOO_MANY_PAGES);
        assert!(text(tallyfy_error_message(kept)).contains("max_pages"));
        tallyfy_error_free(kept);
        tallyfy_call_options_free(options);
        tallyfy_config_free(cfg);
    }
}

#[test]
fn options_are_checked_all_at_once_and_misuse_is_refused() {
    let (cfg, options) = (config(), options(1));
    let (org, group) = (CString::new("org1").unwrap(), CString::new("g1").unwrap());
    // SAFETY: live handles, valid strings, NULL where the header allows it; freed once.
    unsafe {
        tallyfy_call_options_set_timeout_ms(options, 0);
        tallyfy_call_options_set_max_answer_bytes(options, 0);
        let (mut call, mut err) = (ptr::null_mut(), ptr::null_mut());
        let code = tallyfy_call_get_group(cfg, org.as_ptr(), group.as_ptr(), options, &mut call, &mut err);
        assert_eq!(code, Code::TALLYFY_INVALID_INPUT);
        assert!(call.is_null());
        let fields: Vec<String> =
            (0..tallyfy_error_field_count(err)).map(|i| text(tallyfy_error_field_name(err, i))).collect();
        assert_eq!(fields, ["timeout_ms", "max_answer_bytes"]);
        tallyfy_error_free(err);

        assert_eq!(tallyfy_call_options_set_timeout_ms(ptr::null_mut(), 1), Code::TALLYFY_NULL_ARGUMENT);
        assert_eq!(tallyfy_call_next(ptr::null_mut()), Step::TALLYFY_STEP_FAILED);
        assert!(tallyfy_call_error(ptr::null()).is_null());
        assert_eq!(
            tallyfy_call_answer(ptr::null_mut(), 200, ptr::null(), 0, ptr::null(), 0, ptr::null_mut()),
            Code::TALLYFY_NULL_ARGUMENT
        );

        // NULL options: the defaults.
        let code =
            tallyfy_call_delete_group(cfg, org.as_ptr(), group.as_ptr(), ptr::null(), &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        for kind in [-1, 3, i32::MAX] {
            let mut err = ptr::null_mut();
            assert_eq!(tallyfy_call_no_answer(call, kind, &mut err), Code::TALLYFY_INVALID_INPUT);
            assert_eq!(text(tallyfy_error_field_name(err, 0)), "no_answer");
            tallyfy_error_free(err);
        }
        // Headers or a body missing behind a length are refused, not read.
        let code = tallyfy_call_answer(call, 204, ptr::null(), 2, ptr::null(), 0, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_NULL_ARGUMENT);
        let code = tallyfy_call_answer(call, 204, ptr::null(), 0, ptr::null(), 5, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_NULL_ARGUMENT);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        assert_eq!(tallyfy_call_answer(call, 204, ptr::null(), 0, ptr::null(), 0, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_DONE);
        assert_eq!(tallyfy_call_deleted(call), 1);
        tallyfy_call_free(call);
        tallyfy_call_free(ptr::null_mut());
        tallyfy_call_options_free(options);
        tallyfy_config_free(cfg);
    }
}
