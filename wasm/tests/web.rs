//! The wasm exports called as JavaScript calls them, run by wasm-bindgen-test in Node and in
//! headless Chromium (`cargo xtask test` runs both). JS values of every type reach the exports
//! here, including those no JSON text can hold (NaN, objects, BigInt, symbols).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, BigInt, Object, Symbol};
use serde_json::Value;
use tallyfy_wasm::{build, full_update, next_page, parse, retry_delay, validate, version};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const CONFIG: &str = r#"{"accessToken":"tok","baseUrl":"http://127.0.0.1:8080/api"}"#;

/// The field errors of an error result, as (field, code) pairs.
fn fields(result: &str) -> Vec<(String, String)> {
    assert!(result.starts_with('!'), "expected an error, got {result}");
    let error: Value = serde_json::from_str(&result[1..]).unwrap();
    error["fieldErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect()
}

fn field(name: &str, code: &str) -> (String, String) {
    (name.to_owned(), code.to_owned())
}

/// Every kind of JS value that is not a string.
fn non_strings() -> Vec<JsValue> {
    vec![
        JsValue::from_f64(f64::NAN),
        JsValue::from_f64(1.5),
        JsValue::TRUE,
        Object::new().into(),
        Array::new().into(),
        BigInt::from(7).into(),
        Symbol::for_("s").into(),
    ]
}

#[wasm_bindgen_test]
fn builds_a_request_and_reuses_the_config() {
    let input = r#"{"name":"Ops","description":"Runs things","members":[1001]}"#;
    let first = build(0, Some(CONFIG.into()), Some("org 1".into()), None, 0, input);
    let lines: Vec<&str> = first.split('\n').collect();
    assert_eq!(lines[0], "+POST");
    assert_eq!(lines[1], "http://127.0.0.1:8080/api/organizations/org%201/groups");
    assert_eq!(lines[2], r#"{"name":"Ops","description":"Runs things","members":[1001]}"#);
    assert_eq!(&lines[3..5], ["Authorization", "Bearer tok"]);
    assert_eq!(build(0, None, Some("org 1".into()), None, 0, input), first);
}

#[wasm_bindgen_test]
fn path_ids_of_any_other_type_are_field_errors() {
    let out = build(1, Some(CONFIG.into()), None, Some("g".into()), 1, "");
    assert_eq!(fields(&out), [field("org_id", "invalid_type")]);
    let out = build(4, None, Some("o".into()), None, 2, "");
    assert_eq!(fields(&out), [field("group_id", "invalid_type")]);
    let out = build(1, None, None, None, 3, "");
    assert_eq!(fields(&out), [field("org_id", "invalid_type"), field("group_id", "invalid_type")]);
    let out = build(1, None, None, None, 0, "");
    assert_eq!(fields(&out), [field("org_id", "required"), field("group_id", "required")]);
}

#[wasm_bindgen_test]
fn response_fields_of_the_wrong_type_are_field_errors() {
    for bad in non_strings() {
        let out = parse(0, bad.clone(), None, bad.as_string(), 0.0);
        let codes = fields(&out);
        assert_eq!(codes[1], field("body", "invalid_type"), "{bad:?}");
        assert_eq!(codes[0].0, "status");
    }
    let out = parse(0, "200".into(), Some("\0".into()), None, 0.0);
    assert_eq!(
        fields(&out),
        [field("status", "invalid_type"), field("headers", "invalid_type"), field("body", "invalid_type")]
    );
}

#[wasm_bindgen_test]
fn parses_groups_and_errors() {
    let body = r#"{"data":{"id":"g1","name":"Ops","members":["7",8],"last_updated":"2025-06-10T14:30:00.000Z"}}"#;
    let out = parse(0, JsValue::from_f64(201.0), None, Some(body.into()), 0.0);
    let group: Value = serde_json::from_str(&out[1..]).unwrap();
    assert_eq!(group["members"], serde_json::json!([7, 8]));
    assert_eq!(group["updatedAt"], "2025-06-10T14:30:00.000Z");

    let headers = "retry-after\nWed, 21 Oct 2015 07:28:10 GMT\nx-request-id\nreq-1";
    let out = parse(2, JsValue::from_f64(429.0), Some(headers.into()), Some(String::new()), 1_445_412_480.0);
    let error: Value = serde_json::from_str(&out[1..]).unwrap();
    assert_eq!(error["code"], "rate_limited");
    assert_eq!(error["retryAfterSeconds"], 10);
    assert_eq!(error["requestId"], "req-1");
}

#[wasm_bindgen_test]
fn validates_without_throwing() {
    assert_eq!(validate(0, r#"{"name":"Ops","description":"d"}"#), "[]");
    let errors: Value = serde_json::from_str(&validate(3, "{}")).unwrap();
    assert_eq!(errors[0]["code"], "no_changes");
    let errors: Value = serde_json::from_str(&validate(0, "not json")).unwrap();
    assert_eq!(errors[0]["code"], "invalid_json");
}

#[wasm_bindgen_test]
fn policy_helpers_check_their_arguments() {
    let n = JsValue::from_f64;
    assert_eq!(retry_delay("GET".into(), n(503.0), JsValue::NULL, n(1.0), 0.5), "+1000");
    assert_eq!(retry_delay("POST".into(), n(429.0), n(3.0), n(0.0), f64::NAN), "+3000");
    let out = retry_delay(n(1.0), "429".into(), n(-1.0), n(0.5), 0.5);
    let codes: Vec<String> = fields(&out).into_iter().map(|(f, _)| f).collect();
    assert_eq!(codes, ["method", "status", "retry_after_seconds", "attempt"]);

    let pagination = r#"{"total":3,"count":1,"perPage":1,"currentPage":2,"totalPages":3}"#;
    let out = next_page(Some(CONFIG.into()), "o".into(), r#"{"perPage":1}"#, pagination);
    assert!(out.starts_with("+GET\nhttp://127.0.0.1:8080/api/organizations/o/groups?page=3&per_page=1\n"));
    let group = r#"{"id":"g","name":"Ops","description":"","logo":null,"members":[1],"guests":[],"createdAt":null,"updatedAt":null}"#;
    assert_eq!(full_update(group, r#"{"members":[]}"#), r#"+{"name":"Ops","members":[],"guests":[]}"#);
}

/// Hostile inputs of every shape: each call must return a result or an error, never trap.
#[wasm_bindgen_test]
fn hostile_inputs_never_trap() {
    let texts = [
        "",
        "{",
        "null",
        "[]",
        "\"\u{0}\"",
        r#"{"name":"\ud800","description":"x","members":[1e400,-0,18446744073709551616],"guests":["@","a@b.",""]}"#,
        r#"{"data":{"id":"","name":1}}"#,
        r#"{"data":[{"id":"g","name":"n"}],"meta":{"pagination":{"total":-1}}}"#,
        r#"{"errors":{"a":{"b":[[[[[["deep"]]]]]]}},"message":"Bearer secret"}"#,
        &"[".repeat(10_000),
        &format!(r#"{{"name":"{}"}}"#, "é".repeat(100_000)),
    ];
    for text in texts {
        for op in 0..6 {
            build(op, Some(text.into()), Some(text.into()), Some(text.into()), op, text);
            build(op, Some(CONFIG.into()), Some(text.into()), Some(text.into()), 0, text);
            validate(op, text);
            for status in [0.0, 99.0, 200.0, 201.0, 204.0, 302.0, 422.0, 429.0, 503.0, 600.0, f64::INFINITY] {
                parse(op, JsValue::from_f64(status), Some(text.into()), Some(text.into()), f64::NAN);
            }
        }
        next_page(Some(text.into()), text.into(), text, text);
        full_update(text, text);
    }
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
