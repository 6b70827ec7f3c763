//! Runs every shared vector in `tests/vectors/` through the core's public API.

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::{json, Value};
use tallyfy_core::*;

/// Every vector file: its name, its cases, and the exact count it states. A file that cannot
/// be read or parsed fails the run.
fn vector_files() -> Vec<(String, Vec<Value>, u64)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable vector file");
            let file: Value = serde_json::from_str(&text).expect("vector file is JSON");
            let cases = file["cases"].as_array().expect("cases array").clone();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let count = file["count"].as_u64().unwrap_or_else(|| panic!("{name}: no \"count\""));
            (name, cases, count)
        })
        .collect()
}

/// JSON written by the core, read back by serde_json (which also checks it is valid JSON).
fn from_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the core wrote invalid JSON {text}: {e}"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn config(case: &Value) -> Result<Config, Error> {
    let c = &case["config"];
    Config::new(s(&c["accessToken"]), c["baseUrl"].as_str(), c["clientHeader"].as_str())
}

fn request_json(r: &Request) -> Value {
    let headers: Vec<Value> = r.headers.iter().map(|(n, v)| json!([n, v])).collect();
    json!({"method": r.method.as_str(), "url": r.url, "headers": headers, "body": r.body})
}

fn field_errors(errors: &[FieldError], with_message: bool) -> Value {
    errors
        .iter()
        .map(|e| {
            if with_message {
                json!({"field": e.field, "code": e.code.as_str(), "message": e.message})
            } else {
                json!({"field": e.field, "code": e.code.as_str()})
            }
        })
        .collect()
}

fn build(case: &Value) -> Result<Request, Error> {
    let config = config(case)?;
    let org = s(&case["orgId"]);
    let group = || s(&case["groupId"]);
    let input = || serde_json::to_vec(&case["input"]).unwrap();
    match s(&case["op"]) {
        "build_create" => build_create_group_json(&config, org, &input()),
        "build_get" => build_get_group(&config, org, group()),
        "build_update" => build_update_group_json(&config, org, group(), &input()),
        "build_delete" => build_delete_group(&config, org, group()),
        "build_list" => build_list_groups_json(&config, org, &serde_json::to_vec(&case["query"]).unwrap()),
        op => panic!("unknown build op {op}"),
    }
}

fn check_build(case: &Value) {
    let expect = &case["expect"];
    match build(case) {
        Ok(request) => {
            assert!(expect.get("error").is_none(), "expected an error, got {request:?}");
            assert_eq!(request_json(&request), expect["request"], "request");
        }
        Err(error) => {
            let want = &expect["error"];
            assert!(!want.is_null(), "unexpected error {error:?}");
            assert_eq!(error.code().as_str(), s(&want["code"]));
            assert_eq!(field_errors(error.field_errors(), false), want["fieldErrors"], "field errors");
            assert!(error.field_errors().iter().all(|e| !e.message.is_empty()));
            assert!(error.status().is_none());
            if let Some(token) = case["config"]["accessToken"].as_str().filter(|t| t.len() > 3) {
                assert!(!error.message().contains(token), "the token leaked into {}", error.message());
            }
        }
    }
}

fn check_validate(case: &Value) {
    let input = serde_json::to_vec(&case["input"]).unwrap();
    let errors = match s(&case["op"]) {
        "validate_create" => validate_create_group_json(&input),
        _ => validate_update_group_json(&input),
    };
    assert_eq!(field_errors(&errors, false), case["expect"]["fieldErrors"]);
}

fn check_parse(case: &Value) {
    let r = &case["response"];
    let headers: Vec<(&str, &str)> = r["headers"].as_array().unwrap().iter().map(|h| (s(&h[0]), s(&h[1]))).collect();
    let response =
        Response { status: r["status"].as_u64().unwrap() as u16, headers: &headers, body: s(&r["body"]).as_bytes() };
    let expect = &case["expect"];
    let result = match s(&case["op"]) {
        "parse_group" => parse_group(&response).map(|g| json!({"group": from_json(&g.to_json())})),
        "parse_group_list" => parse_group_list(&response).map(|p| json!({"page": from_json(&p.to_json())})),
        "parse_delete_group" => parse_delete_group(&response).map(|()| json!({"ok": true})),
        op => panic!("unknown parse op {op}"),
    };
    match result {
        Ok(value) => assert_eq!(&value, expect),
        Err(error) => check_error(case, &error, expect),
    }
}

/// `error` against `expect.error` (keys left out are not checked).
fn check_error(case: &Value, error: &Error, expect: &Value) {
    {
        {
            let want = expect.get("error").unwrap_or_else(|| panic!("unexpected error {error:?}"));
            assert_eq!(error.code().as_str(), s(&want["code"]));
            assert_eq!(error.status(), want["status"].as_u64().map(|n| n as u16));
            assert!(!error.message().is_empty() && error.message().len() <= 512);
            if let Some(message) = want.get("message") {
                assert_eq!(error.message(), s(message));
            }
            for excluded in want.get("messageExcludes").and_then(Value::as_array).into_iter().flatten() {
                assert!(!error.message().contains(s(excluded)), "{}", error.message());
            }
            if let Some(fields) = want.get("fieldErrors") {
                assert_eq!(&field_errors(error.field_errors(), true), fields);
            }
            if let Some(retry) = want.get("retryAfterSeconds") {
                let now = case["now"].as_u64().unwrap_or(1_700_000_000);
                assert_eq!(error.retry_after_seconds(now), retry.as_u64());
            }
            if let Some(id) = want.get("requestId") {
                assert_eq!(error.request_id(), id.as_str());
            }
        }
    }
}

/// Runs a call script: each step the driver gives must be the next one of the script, each
/// answer is handed back, and the call must end as expected with no step left over.
fn check_call(case: &Value) {
    let config = config(case).unwrap();
    let org = s(&case["orgId"]);
    let group = || s(&case["groupId"]);
    let json = |key: &str| serde_json::to_vec(&case[key]).unwrap();
    let options = CallOptions::from_given(serde_json::from_value(case["options"].clone()).unwrap(), 0);
    let made = options.and_then(|options| match s(&case["operation"]) {
        "create_group" => build_create_group_json(&config, org, &json("input"))
            .and_then(|r| Call::new(&config, r, Expect::Group, options)),
        "get_group" => Call::get_group(&config, org, group(), options),
        "list_groups" => build_list_groups_json(&config, org, &json("query"))
            .and_then(|r| Call::new(&config, r, Expect::Page, options)),
        "list_all_groups" => Call::list_all_groups_json(&config, org, &json("query"), options),
        "update_group" => build_update_group_json(&config, org, group(), &json("input"))
            .and_then(|r| Call::new(&config, r, Expect::Group, options)),
        "delete_group" => Call::delete_group(&config, org, group(), options),
        op => panic!("unknown operation {op}"),
    });
    let expect = &case["expect"];
    let mut script = case["steps"].as_array().unwrap().iter();
    let mut call = match made {
        Ok(call) => call,
        Err(error) => {
            assert_eq!(script.len(), 0, "the call could not be made: {error:?}");
            return check_error(case, &error, expect);
        }
    };
    loop {
        let step = call.next_step();
        let want = script.next();
        match step {
            Step::Send(exchange) => {
                let want = want.unwrap_or_else(|| panic!("an extra send {exchange:?}"));
                let send = &want["send"];
                assert!(!send.is_null(), "sent {exchange:?} where the script says {want}");
                assert_eq!(exchange.request.method.as_str(), s(&send["method"]));
                assert_eq!(exchange.request.url, s(&send["url"]));
                assert_eq!(u64::from(exchange.timeout_ms), send["timeoutMs"].as_u64().unwrap());
                assert_eq!(exchange.max_answer_bytes, send["maxAnswerBytes"].as_u64().unwrap());
                assert_eq!(exchange.trace.url, send.get("traceUrl").map_or(s(&send["url"]), s));
                assert_eq!(exchange.trace.header("Authorization"), Some("Bearer [redacted]"));
                if let Some(kind) = want.get("noAnswer") {
                    call.no_answer(NoAnswer::from_argument(s(kind)).unwrap()).unwrap();
                    continue;
                }
                let r = &want["answer"];
                let headers: Vec<(&str, &str)> =
                    r["headers"].as_array().unwrap().iter().map(|h| (s(&h[0]), s(&h[1]))).collect();
                let status = r["status"].as_u64().unwrap() as u16;
                call.answered(&Response { status, headers: &headers, body: s(&r["body"]).as_bytes() }).unwrap();
            }
            Step::Wait(retry) => {
                let want = want.map(|w| &w["wait"]).unwrap_or_else(|| panic!("an extra wait {retry:?}"));
                let reason = match &retry.reason {
                    RetryReason::Answer(error) => error.code().as_str(),
                    RetryReason::NoAnswer(kind) => kind.as_str(),
                };
                let got = json!({"delayMs": retry.delay_ms, "attempt": retry.attempt, "reason": reason});
                assert_eq!(&got, want);
            }
            Step::Done(outcome) => {
                assert!(want.is_none(), "done where the script says {want:?}");
                let got = match outcome {
                    Outcome::Group(g) => json!({"group": g}),
                    Outcome::Page(p) => json!({"page": p}),
                    Outcome::Groups(groups) => json!({"groups": groups}),
                    Outcome::Deleted => json!({"deleted": true}),
                };
                return assert_eq!(&got, expect);
            }
            Step::Failed(error) => {
                assert!(want.is_none(), "failed where the script says {want:?}: {error:?}");
                let error = error.clone();
                return check_error(case, &error, expect);
            }
            Step::Unanswered(kind) => {
                assert!(want.is_none(), "unanswered where the script says {want:?}");
                return assert_eq!(json!({"unanswered": kind.as_str()}), *expect);
            }
        }
    }
}

fn group_from(v: &Value) -> Group {
    Group {
        id: s(&v["id"]).into(),
        name: s(&v["name"]).into(),
        description: s(&v["description"]).into(),
        logo: v["logo"].as_str().map(Into::into),
        members: v["members"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap()).collect(),
        guests: v["guests"].as_array().unwrap().iter().map(|g| s(g).into()).collect(),
        created_at: v["createdAt"].as_str().map(Into::into),
        updated_at: v["updatedAt"].as_str().map(Into::into),
    }
}

fn check_policy(case: &Value) {
    let expect = &case["expect"];
    match s(&case["op"]) {
        "full_update" => {
            let changes = GroupInput::from_json(&serde_json::to_vec(&case["changes"]).unwrap()).unwrap();
            let body = full_update(&group_from(&case["current"]), &changes);
            assert_eq!(from_json(&body.to_json()), expect["input"]);
        }
        op => panic!("unknown policy op {op}"),
    }
}

#[test]
fn every_vector_passes() {
    let mut names = HashSet::new();
    let mut count = 0;
    let mut failures = Vec::new();
    let files = vector_files();
    assert_eq!(files.len(), 5, "build, calls, parse, policy and validate vector files");
    for (file, cases, stated) in files {
        let mut ran = 0;
        for case in cases {
            let name = s(&case["name"]).to_owned();
            assert!(names.insert(name.clone()), "duplicate case name {name}");
            count += 1;
            let op = s(&case["op"]).to_owned();
            let outcome = std::panic::catch_unwind(|| match op.as_str() {
                o if o.starts_with("build_") => check_build(&case),
                o if o.starts_with("validate_") => check_validate(&case),
                o if o.starts_with("parse_") => check_parse(&case),
                "call" => check_call(&case),
                _ => check_policy(&case),
            });
            ran += 1;
            if let Err(panic) = outcome {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{file}: {name}: {text}"));
            }
        }
        assert_eq!(ran, stated, "{file}: ran {ran} cases where its count says {stated}");
    }
    assert!(failures.is_empty(), "{} of {count} vectors failed:\n{}", failures.len(), failures.join("\n"));
    println!("{count} vectors passed");
}
