//! The call driver through the C ABI: a retried create, list-all paging with its page cap,
//! the options checked as they are set, and misuse refused with typed errors.

use std::ptr;

use tallyfy::call::*;
use tallyfy::call_options::*;
use tallyfy::code::Code;
use tallyfy::config::*;
use tallyfy::error::*;
use tallyfy::group::*;
use tallyfy::input::*;
use tallyfy::request::*;
use tallyfy::response::{Header, Response};
use tallyfy::strings::Str;

const TOKEN: &str = "tok_call_7";

fn s(text: &str) -> Str {
    Str { data: text.as_ptr().cast(), len: text.len() }
}

fn text(s: Str) -> String {
    assert!(!s.data.is_null());
    // SAFETY: the library lends `len` bytes of UTF-8 that live as long as their handle.
    String::from_utf8(unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) }.to_vec()).unwrap()
}

fn config() -> *mut Config {
    let mut cfg = ptr::null_mut();
    let none = Str { data: ptr::null(), len: 0 };
    // SAFETY: valid strings and out-parameter.
    let code = unsafe { tallyfy_config_new(s(TOKEN), s("https://api.example.com"), none, &mut cfg, ptr::null_mut()) };
    assert_eq!(code, Code::TALLYFY_OK);
    cfg
}

fn options(seed: u64) -> *mut CallOptions {
    let options = tallyfy_call_options_new();
    // SAFETY: a live handle.
    assert_eq!(unsafe { tallyfy_call_options_set_random_seed(options, seed, ptr::null_mut()) }, Code::TALLYFY_OK);
    options
}

/// Answers the send step with `status`, `headers` and `body`.
///
/// # Safety
/// `call` is a live call.
unsafe fn answer(call: *mut Call, status: i32, headers: &[(&str, &str)], body: &str) -> Code {
    let headers: Vec<Header> = headers.iter().map(|(n, v)| Header { name: s(n), value: s(v) }).collect();
    let response = Response { status, headers: headers.as_ptr(), header_count: headers.len(), body: s(body) };
    // SAFETY: the caller's promise; the arrays live for the call.
    unsafe { tallyfy_call_answer(call, &response, ptr::null_mut()) }
}

/// The value of header `index` of `request`.
///
/// # Safety
/// `request` is a live request.
unsafe fn header_value(request: *const Request, index: usize) -> String {
    // SAFETY: the caller's promise.
    text(unsafe { tallyfy_request_header_at(request, index) }.value)
}

#[test]
fn a_rate_limited_create_waits_the_servers_time_then_gives_the_group() {
    let (cfg, options) = (config(), options(1));
    // SAFETY: live handles and valid strings; every handle is freed once at the end.
    unsafe {
        let input = tallyfy_group_input_new();
        assert_eq!(tallyfy_group_input_set_name(input, s("Ops"), ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_set_description(input, s("Runs things"), ptr::null_mut()), Code::TALLYFY_OK);
        let mut call = ptr::null_mut();
        let code = tallyfy_call_create_group(cfg, s("org1"), input, options, &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        let (request, trace) = (tallyfy_call_request(call), tallyfy_call_trace(call));
        assert_eq!(text(tallyfy_request_method(request)), "POST");
        assert!(!tallyfy_request_idempotent(request));
        assert_eq!(header_value(request, 0), format!("Bearer {TOKEN}"));
        assert_eq!(header_value(trace, 0), "Bearer [redacted]");
        assert_eq!((tallyfy_call_timeout_ms(call), tallyfy_call_max_answer_bytes(call)), (30_000, 16 << 20));
        assert!(tallyfy_call_group(call).is_null());
        assert_eq!(answer(call, 429, &[("Retry-After", "2")], r#"{"message":"slow down"}"#), Code::TALLYFY_OK);

        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_WAIT);
        assert_eq!((tallyfy_call_delay_ms(call), tallyfy_call_attempt(call)), (2_000, 1));
        assert_eq!(tallyfy_error_code(tallyfy_call_error(call)), Code::TALLYFY_RATE_LIMITED);
        assert!(tallyfy_call_request(call).is_null());
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        let body = r#"{"data":{"id":"g1","name":"Ops","description":"Runs things","members":[],"guests":[]}}"#;
        assert_eq!(answer(call, 201, &[], body), Code::TALLYFY_OK);

        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_DONE);
        let mut group = ptr::null_mut();
        assert_eq!(tallyfy_group_clone(tallyfy_call_group(call), &mut group, ptr::null_mut()), Code::TALLYFY_OK);
        assert!(tallyfy_call_error(call).is_null());
        assert!(!tallyfy_call_deleted(call));
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
    let page = |n: u32| {
        format!(
            r#"{{"data":[{{"id":"g{n}","name":"Ops","description":"","members":[],"guests":[]}}],"meta":{{"pagination":{{"total":9,"count":1,"per_page":1,"current_page":{n},"total_pages":9}}}}}}"#
        )
    };
    // SAFETY: live handles and valid strings; every handle is freed once at the end.
    unsafe {
        assert_eq!(tallyfy_call_options_set_max_pages(options, 2, ptr::null_mut()), Code::TALLYFY_OK);
        let mut call = ptr::null_mut();
        let code = tallyfy_call_list_all_groups(cfg, s("org1"), ptr::null(), options, &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        let url = text(tallyfy_request_url(tallyfy_call_request(call)));
        assert_eq!(url, "https://api.example.com/organizations/org1/groups?per_page=100");
        assert!(tallyfy_request_idempotent(tallyfy_call_request(call)));
        assert_eq!(tallyfy_call_no_answer(call, 0, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_WAIT);
        assert_eq!(tallyfy_call_no_answer_kind(call), NoAnswer::TALLYFY_NO_ANSWER_NOT_DELIVERED);
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
        assert_eq!(tallyfy_error_clone(tallyfy_call_error(call), &mut kept, ptr::null_mut()), Code::TALLYFY_OK);
        tallyfy_call_free(call);
        assert_eq!(tallyfy_error_code(kept), Code::TALLYFY_TOO_MANY_PAGES);
        assert!(text(tallyfy_error_message(kept)).contains("max_pages"));
        tallyfy_error_free(kept);
        tallyfy_call_options_free(options);
        tallyfy_config_free(cfg);
    }
}

#[test]
fn a_timeout_is_unanswered_and_misuse_is_refused() {
    let cfg = config();
    // SAFETY: live handles, valid strings, NULL where the header allows it; freed once.
    unsafe {
        let mut call = ptr::null_mut();
        assert_eq!(tallyfy_call_next(ptr::null_mut()), Step::TALLYFY_STEP_FAILED);
        assert!(tallyfy_call_error(ptr::null()).is_null());
        assert_eq!(tallyfy_call_answer(ptr::null_mut(), ptr::null(), ptr::null_mut()), Code::TALLYFY_NULL_ARGUMENT);
        let code = tallyfy_call_get_group(cfg, s("org1"), s("g1"), ptr::null(), &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        assert_eq!(
            tallyfy_call_no_answer(call, NoAnswer::TALLYFY_NO_ANSWER_TIMEOUT as i32, ptr::null_mut()),
            Code::TALLYFY_OK
        );
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_UNANSWERED);
        assert_eq!(tallyfy_call_no_answer_kind(call), NoAnswer::TALLYFY_NO_ANSWER_TIMEOUT);
        assert!(tallyfy_call_error(call).is_null() && tallyfy_call_request(call).is_null());
        tallyfy_call_free(call);

        // NULL options: the defaults.
        let code = tallyfy_call_delete_group(cfg, s("org1"), s("g1"), ptr::null(), &mut call, ptr::null_mut());
        assert_eq!(code, Code::TALLYFY_OK);
        for kind in [-1, 3, i32::MAX, i32::MIN] {
            let mut err = ptr::null_mut();
            assert_eq!(tallyfy_call_no_answer(call, kind, &mut err), Code::TALLYFY_INVALID_INPUT);
            assert_eq!(text(tallyfy_error_field_name(err, 0)), "no_answer");
            tallyfy_error_free(err);
        }
        // Headers or a body missing behind a length are refused, not read.
        let none = Str { data: ptr::null(), len: 0 };
        let no_headers = Response { status: 204, headers: ptr::null(), header_count: 2, body: none };
        assert_eq!(tallyfy_call_answer(call, &no_headers, ptr::null_mut()), Code::TALLYFY_NULL_ARGUMENT);
        let no_body =
            Response { status: 204, headers: ptr::null(), header_count: 0, body: Str { data: ptr::null(), len: 5 } };
        assert_eq!(tallyfy_call_answer(call, &no_body, ptr::null_mut()), Code::TALLYFY_NULL_ARGUMENT);
        // A status that is not HTTP's is refused, and the call still waits for an answer.
        assert_eq!(answer(call, 2_004, &[], ""), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND);
        assert!(!tallyfy_call_deleted(call));
        assert_eq!(answer(call, 204, &[], ""), Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_DONE);
        assert!(tallyfy_call_deleted(call));
        assert!(tallyfy_call_group(call).is_null() && tallyfy_call_page(call).is_null());
        tallyfy_call_free(call);
        tallyfy_call_free(ptr::null_mut());
        tallyfy_config_free(cfg);
    }
}
