//! The checking setters (`*_ex`) refuse exactly what the JSON entry points refuse, with the
//! same field error, and leave the handle unchanged; the plain setters keep deferring the
//! checks to build time.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use tallyfy::code::Code;
use tallyfy::error::*;
use tallyfy::input::*;
use tallyfy::query::*;
use tallyfy::string::tallyfy_string_free;
use tallyfy_core::{GroupInput, ListQuery};

fn text(ptr: *const c_char) -> String {
    assert!(!ptr.is_null());
    // SAFETY: the library returns NUL-terminated strings that live as long as their handle.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

/// The single field error of `err` as (field, code, message), then frees it.
fn only_problem(err: *mut Error) -> (String, String, String) {
    // SAFETY: `err` came from the library and is freed once here.
    unsafe {
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

/// The one problem the JSON path reports for `json`.
fn json_problem(json: &str) -> (String, String, String) {
    let error = GroupInput::from_json(json.as_bytes()).unwrap_err();
    let [e] = error.field_errors() else { panic!("one problem expected: {error:?}") };
    (e.field.clone(), e.code.as_str().to_owned(), e.message.clone())
}

fn query_problem(json: &str) -> (String, String, String) {
    let error = ListQuery::from_json(json.as_bytes()).unwrap_err();
    let [e] = error.field_errors() else { panic!("one problem expected: {error:?}") };
    (e.field.clone(), e.code.as_str().to_owned(), e.message.clone())
}

fn input_json(input: *const tallyfy::input::GroupInput) -> String {
    let mut out = ptr::null_mut();
    // SAFETY: valid handle and out-parameter; the string is freed once.
    unsafe {
        assert_eq!(tallyfy_group_input_to_json(input, &mut out, ptr::null_mut()), Code::TALLYFY_OK);
        let json = text(out);
        tallyfy_string_free(out);
        json
    }
}

#[test]
fn input_setters_refuse_what_json_refuses() {
    let input = tallyfy_group_input_new();
    let mut err = ptr::null_mut();
    // SAFETY: valid handles, strings and out-parameters throughout.
    unsafe {
        let blank = CString::new("  ").unwrap();
        assert_eq!(tallyfy_group_input_set_name_ex(input, blank.as_ptr(), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"name":"  "}"#));
        let long = CString::new("n".repeat(201)).unwrap();
        assert_eq!(tallyfy_group_input_set_name_ex(input, long.as_ptr(), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(&format!(r#"{{"name":"{}"}}"#, "n".repeat(201))));
        assert_eq!(
            tallyfy_group_input_set_description_ex(input, blank.as_ptr(), &mut err),
            Code::TALLYFY_INVALID_INPUT
        );
        assert_eq!(only_problem(err), json_problem(r#"{"description":"  "}"#));
        let name = CString::new("Ops").unwrap();
        assert_eq!(tallyfy_group_input_set_name_ex(input, name.as_ptr(), &mut err), Code::TALLYFY_OK);

        assert_eq!(tallyfy_group_input_add_member_ex(input, 7, &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_add_member_ex(input, 7, &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_group_input_add_member_ex(input, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"members":[7,7,0]}"#));
        assert_eq!(tallyfy_group_input_add_member_ex(input, 1 << 53, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"members":[7,7,9007199254740992]}"#));

        let bad = CString::new("not-an-email").unwrap();
        assert_eq!(tallyfy_group_input_add_guest_ex(input, bad.as_ptr(), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), json_problem(r#"{"guests":["not-an-email"]}"#));
        let good = CString::new("a@b.co").unwrap();
        assert_eq!(tallyfy_group_input_add_guest_ex(input, good.as_ptr(), &mut err), Code::TALLYFY_OK);

        // Refused values left the input unchanged.
        assert_eq!(input_json(input), r#"{"name":"Ops","members":[7,7],"guests":["a@b.co"]}"#);
        assert_eq!(
            tallyfy_group_input_set_name_ex(ptr::null_mut(), name.as_ptr(), &mut err),
            Code::TALLYFY_NULL_ARGUMENT
        );
        tallyfy_error_free(err);
        tallyfy_group_input_free(input);
    }
}

#[test]
fn query_setters_refuse_what_json_refuses() {
    let query = tallyfy_list_query_new();
    let mut err = ptr::null_mut();
    // SAFETY: valid handles, strings and out-parameters throughout.
    unsafe {
        assert_eq!(tallyfy_list_query_set_page_ex(query, 0, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"page":0}"#));
        assert_eq!(tallyfy_list_query_set_per_page_ex(query, 101, &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"perPage":101}"#));
        let bad = CString::new("size").unwrap();
        assert_eq!(tallyfy_list_query_set_sort_by_ex(query, bad.as_ptr(), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"sortBy":"size"}"#));
        assert_eq!(tallyfy_list_query_set_sort_ex(query, bad.as_ptr(), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"sort":"size"}"#));
        let users = CString::new("users").unwrap();
        assert_eq!(tallyfy_list_query_add_with_ex(query, users.as_ptr(), &mut err), Code::TALLYFY_OK);
        assert_eq!(tallyfy_list_query_add_with_ex(query, users.as_ptr(), &mut err), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(only_problem(err), query_problem(r#"{"with":["users","users"]}"#));
        assert_eq!(tallyfy_list_query_add_with(query, users.as_ptr()), Code::TALLYFY_INVALID_INPUT);
        assert_eq!(tallyfy_list_query_set_page_ex(query, 2, &mut err), Code::TALLYFY_OK);
        tallyfy_list_query_free(query);
    }
}

#[test]
fn the_json_path_refuses_repeated_keys() {
    let json = br#"{"name":"a","name":"b"}"#;
    let mut input = ptr::null_mut();
    let mut err = ptr::null_mut();
    // SAFETY: valid buffers and out-parameters; the error is freed once.
    unsafe {
        let code = tallyfy_group_input_from_json(json.as_ptr().cast(), json.len(), &mut input, &mut err);
        assert_eq!(code, Code::TALLYFY_INVALID_INPUT);
        assert!(input.is_null());
        let (field, code, _) = only_problem(err);
        assert_eq!((field.as_str(), code.as_str()), ("name", "duplicate"));
    }
}
