//! The setters refuse exactly what the JSON entry points refuse, with the same field error,
//! and leave the handle unchanged.

use std::ptr;

use tallyfy::call_options::*;
use tallyfy::code::Code;
use tallyfy::error::*;
use tallyfy::input::*;
use tallyfy::query::*;
use tallyfy::strings::*;
use tallyfy_core::{CallOptions as CoreOptions, GroupInput as CoreInput, ListQuery as CoreQuery};

fn s(text: &str) -> Str {
    Str { data: text.as_ptr().cast(), len: text.len() }
}

fn text(s: Str) -> String {
    assert!(!s.data.is_null());
    // SAFETY: the library lends `len` bytes of UTF-8 that live as long as their handle.
    String::from_utf8(unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len) }.to_vec()).unwrap()
}

/// The single field error of `err` as (field, code, message), then frees it.
fn only_problem(err: *mut Error) -> (String, String, String) {
    // SAFETY: `err` came from the library and is freed once here.
    unsafe {
        assert_eq!(tallyfy_error_code(err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(tallyfy_error_field_count(err), 1);
        let problem = (
            text(tallyfy_error_field_name(err, 0)),
            text(tallyfy_error_field_code(err, 0)),
            text(tallyfy_error_field_message(err, 0)),
        );
        tallyfy_error_free(err);
        problem
    }
}

fn first(error: tallyfy_core::Error) -> (String, String, String) {
    let [e] = error.field_errors() else { panic!("one problem expected: {error:?}") };
    (e.field.clone(), e.code.as_str().to_owned(), e.message.clone())
}

/// The one problem the JSON path reports for an input `json`.
fn json_problem(json: &str) -> (String, String, String) {
    first(CoreInput::from_json(json.as_bytes()).unwrap_err())
}

fn query_problem(json: &str) -> (String, String, String) {
    first(CoreQuery::from_json(json.as_bytes()).unwrap_err())
}

fn input_json(input: *const GroupInput) -> String {
    let mut out = ptr::null_mut();
    // SAFETY: valid handle and out-parameter; the text is freed once.
    unsafe {
        assert_eq!(tallyfy_group_input_to_json(input, &mut out, ptr::null_mut()), Code::TALLYFY_OK);
        let json = text(tallyfy_text_str(out));
        tallyfy_text_free(out);
        json
    }
}

#[test]
fn input_setters_refuse_what_json_refuses() {
    let input = tallyfy_group_input_new();
    let mut err = ptr::null_mut();
    // SAFETY: valid handles, strings and out-parameters throughout.
    unsafe {
        assert_eq!(tallyfy_group_input_set_name(input, s("  "), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"name":"  "}"#));
        let long = "n".repeat(201);
        assert_eq!(tallyfy_group_input_set_name(input, s(&long), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(&format!(r#"{{"name":"{long}"}}"#)));
        assert_eq!(tallyfy_group_input_set_description(input, s("  "), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"description":"  "}"#));
        assert_eq!(tallyfy_group_input_set_name(input, s("Ops"), &mut err), Code::TALLYFY_OK);

        assert_eq!(tallyfy_group_input_add_member(input, 7, &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_add_member(input, 7, &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_add_member(input, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"members":[7,7,0]}"#));
        assert_eq!(tallyfy_group_input_add_member(input, 1 << 53, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"members":[7,7,9007199254740992]}"#));

        assert_eq!(tallyfy_group_input_add_guest(input, s("not-an-email"), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"guests":["not-an-email"]}"#));
        assert!(!tallyfy_group_input_has_guests(input), "a refused guest made the list present");
        err = ptr::null_mut();
        assert_eq!(tallyfy_group_input_add_guest(input, s("a@b.co"), &mut err), Code::TALLYFY_OK);
        assert!(err.is_null(), "a success wrote an error");

        // Refused values left the input unchanged.
        assert_eq!(input_json(input), r#"{"name":"Ops","members":[7,7],"guests":["a@b.co"]}"#);
        assert_eq!(tallyfy_group_input_set_name(ptr::null_mut(), s("Ops"), &mut err), Code::TALLYFY_NULL_ARGUMENT);
        tallyfy_error_free(err);
        tallyfy_group_input_free(input);
    }
}

#[test]
fn input_accessors_and_clearing() {
    let input = tallyfy_group_input_new();
    let absent = Str { data: ptr::null(), len: 0 };
    // SAFETY: valid handles and strings throughout; freed once.
    unsafe {
        assert!(tallyfy_group_input_name(input).data.is_null());
        assert!(!tallyfy_group_input_has_members(input));
        assert_eq!(tallyfy_group_input_set_description(input, s("Runs"), ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!(text(tallyfy_group_input_description(input)), "Runs");
        // {NULL, 0} makes the description absent again.
        assert_eq!(tallyfy_group_input_set_description(input, absent, ptr::null_mut()), Code::TALLYFY_OK);
        assert!(tallyfy_group_input_description(input).data.is_null());
        assert_eq!(tallyfy_group_input_clear_members(input, ptr::null_mut()), Code::TALLYFY_OK);
        assert!(tallyfy_group_input_has_members(input));
        assert_eq!(tallyfy_group_input_member_count(input), 0);
        assert_eq!(tallyfy_group_input_add_member(input, 9, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!((tallyfy_group_input_member_at(input, 0), tallyfy_group_input_member_at(input, 1)), (9, 0));
        assert_eq!(tallyfy_group_input_clear_guests(input, ptr::null_mut()), Code::TALLYFY_OK);
        assert_eq!((tallyfy_group_input_has_guests(input), tallyfy_group_input_guest_count(input)), (true, 0));
        assert!(tallyfy_group_input_guest_at(input, 0).data.is_null());
        assert_eq!(input_json(input), r#"{"members":[9],"guests":[]}"#);
        tallyfy_group_input_free(input);
    }
}

#[test]
fn query_setters_refuse_what_json_refuses() {
    let query = tallyfy_list_query_new();
    let mut err = ptr::null_mut();
    // SAFETY: valid handles, strings and out-parameters throughout.
    unsafe {
        assert_eq!(tallyfy_list_query_set_page(query, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"page":0}"#));
        assert_eq!(tallyfy_list_query_set_per_page(query, 101, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"perPage":101}"#));
        assert_eq!(tallyfy_list_query_set_sort_by(query, s("size"), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"sortBy":"size"}"#));
        assert_eq!(tallyfy_list_query_set_sort(query, s("size"), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"sort":"size"}"#));
        assert_eq!(tallyfy_list_query_add_with(query, s("users"), &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_list_query_add_with(query, s("users"), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"with":["users","users"]}"#));
        err = ptr::null_mut();
        assert_eq!(tallyfy_list_query_set_page(query, 2, &mut err), Code::TALLYFY_OK);
        assert!(err.is_null(), "a success wrote an error");
        tallyfy_list_query_free(query);
    }
}

#[test]
fn option_setters_refuse_what_the_core_refuses() {
    let options = tallyfy_call_options_new();
    let mut err = ptr::null_mut();
    let core = CoreOptions { timeout_ms: 0, max_answer_bytes: 0, max_pages: 0, ..CoreOptions::default() };
    let expected = core.checked().unwrap_err();
    // SAFETY: valid handles and out-parameters throughout.
    unsafe {
        assert_eq!(tallyfy_call_options_set_timeout_ms(options, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err).1, expected.field_errors()[0].code.as_str());
        assert_eq!(tallyfy_call_options_set_max_answer_bytes(options, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err).0, expected.field_errors()[1].field);
        assert_eq!(tallyfy_call_options_set_max_pages(options, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err).0, expected.field_errors()[2].field);
        assert_eq!(tallyfy_call_options_set_timeout_ms(options, u32::MAX, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err).0, "timeout_ms");
        assert_eq!(tallyfy_call_options_set_timeout_ms(options, 1, &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_options_set_random_seed(options, u64::MAX, &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_call_options_set_max_pages(ptr::null_mut(), 1, &mut err), Code::TALLYFY_NULL_ARGUMENT);
        tallyfy_error_free(err);
        tallyfy_call_options_free(options);
    }
}

#[test]
fn the_json_path_refuses_repeated_keys() {
    let mut input = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: valid buffers and out-parameters; the error is freed once.
    unsafe {
        let code = tallyfy_group_input_from_json(s(r#"{"name":"a","name":"b"}"#), &mut input, &mut err);
        assert_eq!(code, Code::TALLYFY_INVALID_INPUT);
        assert!(input.is_null());
        let (field, code, _) = only_problem(err);
        assert_eq!((field.as_str(), code.as_str()), ("name", "duplicate"));
    }
}
