//! The wasm exports called as JavaScript calls them, run by wasm-bindgen-test in Node and in
//! headless Chromium (`cargo xtask test` runs both). JS values of every type reach the exports
//! here, including those no JSON text can hold (NaN, undefined, BigInt, symbols).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, BigInt, Object, Reflect, Symbol, JSON};
use serde::Deserialize;
use serde_json::{json, Value};
use tallyfy_core::Given;
use tallyfy_wasm::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

/// A result's or a thrown error's JSON text, read.
fn rust(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The JSON text a call threw.
fn thrown_text(error: JsValue) -> String {
    error.as_string().expect("errors are thrown as JSON text")
}

fn config() -> JsValue {
    js(r#"{"accessToken":"tok","baseUrl":"http://127.0.0.1:8080/api"}"#)
}

/// `object` with `key` set to `value`.
fn with(object: JsValue, key: &str, value: JsValue) -> JsValue {
    Reflect::set(&object, &key.into(), &value).unwrap();
    object
}

/// The field errors of a thrown error, as "field:code".
fn fields<T: std::fmt::Debug>(result: Result<T, JsValue>) -> Vec<String> {
    let error = rust(&thrown_text(result.expect_err("expected an error")));
    error["fieldErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect()
}

fn given_swb(value: JsValue) -> Given {
    Given::deserialize(serde_wasm_bindgen::Deserializer::from(value)).unwrap()
}

/// What serde-wasm-bindgen alone delivers: `undefined` as `null` and a BigInt as the number it
/// holds. So `src/plain.js` copies each argument first, leaving out `undefined` properties and
/// turning a BigInt into a value of no JSON type (the tests below show the result).
#[wasm_bindgen_test]
fn serde_wasm_bindgen_alone_loses_undefined_and_bigint() {
    assert_eq!(given_swb(JsValue::UNDEFINED), Given::Null);
    assert_eq!(given_swb(JsValue::NULL), Given::Null);
    assert_eq!(given_swb(BigInt::from(7).into()), Given::Unsigned(7));
    assert!(matches!(given_swb(JsValue::from_f64(f64::NAN)), Given::Float(f) if f.is_nan()));
    assert_eq!(given_swb(JsValue::from_f64(1.5)), Given::Float(1.5));
    assert_eq!(given_swb(JsValue::from_f64(9_007_199_254_740_992.0)), Given::Float(9_007_199_254_740_992.0));
    assert_eq!(given_swb(JsValue::from_f64(-0.0)), Given::Unsigned(0));
    assert_eq!(given_swb(js_sys::Uint8Array::new_with_length(0).into()), Given::Other);
}

#[wasm_bindgen_test]
fn builds_a_request_object() {
    let input = js(r#"{"name":"Ops","description":"Runs things","members":[1001]}"#);
    let request = build_create_group(config(), "org 1".into(), input).unwrap();
    assert_eq!(
        rust(&request),
        json!({
            "method": "POST",
            "url": "http://127.0.0.1:8080/api/organizations/org%201/groups",
            "headers": {"Authorization": "Bearer tok", "Accept": "application/json",
                "X-Tallyfy-Client": "APIClient", "Content-Type": "application/json"},
            "body": r#"{"name":"Ops","description":"Runs things","members":[1001]}"#,
        })
    );
}

#[wasm_bindgen_test]
fn member_ids_of_every_kind_are_checked_without_coercion() {
    let members = Array::new();
    for value in [
        JsValue::from_f64(1.5),
        JsValue::from_f64(-1.0),
        JsValue::from_f64(f64::NAN),
        JsValue::from_f64(9_007_199_254_740_992.0),
        "7".into(),
        BigInt::from(7).into(),
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from_f64(1e21),
        JsValue::from_f64(9_007_199_254_740_991.0),
    ] {
        members.push(&value);
    }
    let input = with(js(r#"{"name":"Ops","description":"d"}"#), "members", members.into());
    let input = with(input, "guests", JsValue::UNDEFINED);
    assert_eq!(
        fields(build_create_group(config(), "o".into(), input)),
        [
            "members.0:invalid_type",
            "members.1:out_of_range",
            "members.2:invalid_type",
            "members.3:out_of_range",
            "members.4:invalid_type",
            "members.5:invalid_type",
            "members.6:invalid_type",
            "members.7:invalid_type",
            "members.8:invalid_type",
        ]
    );
}

#[wasm_bindgen_test]
fn undefined_is_absent_and_null_is_not() {
    let input = with(js(r#"{"name":"New"}"#), "description", JsValue::UNDEFINED);
    let request = build_update_group(config(), "o".into(), "g".into(), input).unwrap();
    assert_eq!(rust(&request)["body"], r#"{"name":"New"}"#);
    let input = js(r#"{"description":null}"#);
    assert_eq!(fields(build_update_group(config(), "o".into(), "g".into(), input)), ["description:required"]);
}

#[wasm_bindgen_test]
fn path_ids_and_configs_of_any_other_type_are_field_errors() {
    let others: [JsValue; 6] = [
        JsValue::from_f64(f64::NAN),
        JsValue::TRUE,
        Object::new().into(),
        Array::new().into(),
        BigInt::from(7).into(),
        Symbol::for_("s").into(),
    ];
    for other in &others {
        assert_eq!(fields(build_get_group(config(), other.clone(), "g".into())), ["org_id:invalid_type"]);
        assert_eq!(fields(build_delete_group(config(), "o".into(), other.clone())), ["group_id:invalid_type"]);
    }
    assert_eq!(
        fields(build_get_group(config(), JsValue::NULL, JsValue::UNDEFINED)),
        ["org_id:required", "group_id:required"]
    );
    let bad = js(r#"{"accessToken":5,"baseUrl":"http://example.com","token":"t"}"#);
    assert_eq!(
        fields(build_get_group(bad, "o".into(), "g".into())),
        ["access_token:invalid_type", "base_url:insecure_scheme", "token:unknown_field"]
    );
    assert_eq!(fields(build_get_group(JsValue::UNDEFINED, "o".into(), "g".into())), ["config:invalid_type"]);
}

#[wasm_bindgen_test]
fn parses_answers_from_any_headers_shape() {
    let ok = js(r#"{"status":200,"body":"{\"data\":{\"id\":\"g\",\"name\":\"n\"}}"}"#);
    assert_eq!(
        rust(&parse_group_response(ok).unwrap()),
        json!({"id":"g","name":"n","description":"","logo":null,"members":[],"guests":[],"createdAt":null,"updatedAt":null})
    );
    let map = js_sys::Map::new();
    map.set(&"Retry-After".into(), &"3".into());
    map.set(&"X-Request-Id".into(), &"r1".into());
    let answer = with(js(r#"{"status":429,"body":""}"#), "headers", map.into());
    let error = rust(&thrown_text(parse_delete_group_response(answer).unwrap_err()));
    assert_eq!(error["code"], "rate_limited");
    assert_eq!(error["retryAfterSeconds"], 3);
    assert_eq!(error["requestId"], "r1");
    let bad = js(r#"{"status":200.5,"headers":{"X-Request-Id":5},"body":7}"#);
    assert_eq!(
        fields(parse_group_response(bad)),
        ["status:out_of_range", "headers.X-Request-Id:invalid_type", "body:invalid_type"]
    );
    assert_eq!(fields(parse_group_response(JsValue::NULL)), ["status:invalid_type", "body:invalid_type"]);
}

#[wasm_bindgen_test]
fn validates_without_throwing() {
    for input in [JsValue::UNDEFINED, JsValue::from_f64(5.0), Symbol::for_("s").into(), Array::new().into()] {
        assert_eq!(
            rust(&validate_create_group(input)),
            json!([{"field":"body","code":"invalid_type",
            "message":"the input must be a JSON object"}])
        );
    }
    assert_eq!(rust(&validate_update_group(js(r#"{"guests":[]}"#))), json!([]));
}

#[wasm_bindgen_test]
fn full_update_applies_the_changes() {
    let current = js(r#"{"id":"g","name":"Ops","description":"d","logo":null,"members":[1],"guests":[]}"#);
    let body = full_update(current, js(r#"{"guests":["a@b.co"]}"#)).unwrap();
    assert_eq!(rust(&body), json!({"name":"Ops","description":"d","members":[1],"guests":["a@b.co"]}));
}

#[wasm_bindgen_test]
fn a_call_retries_a_429_then_is_done() {
    let input = js(r#"{"name":"Ops","description":"d"}"#);
    let mut call = RawCall::create_group(config(), "o".into(), input, js(r#"{"randomSeed":1}"#)).unwrap();
    let send = rust(&call.next_step());
    assert_eq!(send["kind"], "send");
    assert_eq!(send["request"]["headers"]["Authorization"], "Bearer tok");
    assert_eq!(send["trace"]["headers"]["Authorization"], "Bearer [redacted]");
    assert_eq!((send["timeoutMs"].as_u64(), send["maxAnswerBytes"].as_u64()), (Some(30_000), Some(16_777_216)));
    call.answered(js(r#"{"status":429,"headers":[["Retry-After","2"]],"body":""}"#)).unwrap();
    let wait = rust(&call.next_step());
    assert_eq!((wait["kind"].as_str(), wait["delayMs"].as_u64()), (Some("wait"), Some(2000)));
    assert_eq!(wait["error"]["code"], "rate_limited");
    assert_eq!(rust(&call.next_step())["kind"], "send");
    call.answered(js(r#"{"status":201,"body":"{\"data\":{\"id\":\"g1\",\"name\":\"Ops\"}}"}"#)).unwrap();
    let done = rust(&call.next_step());
    assert_eq!((done["kind"].as_str(), done["value"]["id"].as_str()), (Some("done"), Some("g1")));
    assert_eq!(fields(call.answered(js(r#"{"status":200,"body":""}"#))), ["call:invalid_value"]);
    assert_eq!(fields(call.no_answer("gone".into())), ["no_answer:invalid_value"]);
}

#[wasm_bindgen_test]
fn hostile_inputs_never_trap() {
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let deep = js(&format!("{}{}", "[".repeat(5000), "]".repeat(5000)));
    let values: Vec<JsValue> = vec![
        cyclic.into(),
        deep,
        Symbol::for_("s").into(),
        js_sys::Function::new_no_args("return 1").into(),
        js_sys::Uint8Array::new_with_length(3).into(),
        js_sys::Date::new_0().into(),
        BigInt::from(-1).into(),
    ];
    for value in &values {
        let _ = build_create_group(value.clone(), value.clone(), value.clone());
        let _ = build_list_groups(config(), "o".into(), value.clone());
        let _ = build_update_group(config(), "o".into(), "g".into(), with(js("{}"), "members", value.clone()));
        let _ = parse_group_list_response(value.clone());
        let _ = full_update(value.clone(), value.clone());
        let _ = validate_update_group(value.clone());
    }
    assert!(build_get_group(config(), "o".into(), "g".into()).is_ok());
}
