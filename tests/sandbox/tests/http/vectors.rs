//! The shared edge cases: every validate vector with a `server` key, sent as a create.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{Sandbox, GROUPS};

/// The cases of `tests/vectors/validate.json` that state the server's answer.
fn server_cases() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/validate.json");
    let text = std::fs::read_to_string(&path).expect("validate.json reads");
    let file: Value = serde_json::from_str(&text).expect("validate.json is JSON");
    let cases = file["cases"].as_array().expect("cases");
    assert_eq!(file["count"].as_u64(), Some(cases.len() as u64), "count");
    cases.iter().filter(|case| case.get("server").is_some()).cloned().collect()
}

#[test]
fn the_sandbox_answers_as_each_vector_says() {
    let sandbox = Sandbox::start();
    let cases = server_cases();
    assert_eq!(cases.len(), 22, "cases with a server key");
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        assert_eq!(case["op"], "validate_create", "{name}: the server's answer is to a create");
        let expected = case["server"].as_u64().expect("server is a status");
        let client_refuses = !case["expect"]["fieldErrors"].as_array().expect("fieldErrors").is_empty();
        assert!(!client_refuses || expected == 422, "{name}: the client refuses only what the server refuses");
        sandbox.control("POST", "/__sandbox/reset", None);
        let reply = sandbox.call("POST", GROUPS, Some(&case["input"]));
        assert_eq!(u64::from(reply.status), expected, "{name}: {}", reply.body);
    }
}
