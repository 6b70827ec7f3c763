//! Fault injection, statistics and reset through the control endpoints.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;

use crate::support::{Sandbox, ADMIN, GROUPS, ORG};

fn new_group() -> serde_json::Value {
    json!({"name": "Faulty", "description": "d"})
}

#[test]
fn rate_limit_with_seconds_or_date() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [
        {"kind": "rate_limit", "retry_after": "1"},
        {"kind": "rate_limit", "retry_after": "Wed, 21 Oct 2015 07:28:00 GMT"}
    ]}));
    let first = sandbox.call("POST", GROUPS, Some(&new_group()));
    assert_eq!(first.status, 429);
    assert_eq!(first.header("retry-after"), Some("1"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("0"));
    assert!(first.header("x-request-id").is_some());
    assert_eq!(first.json(), json!({"message": "Too Many Attempts.", "code": "RATE_LIMIT_EXCEEDED"}));
    let second = sandbox.call("GET", GROUPS, None);
    assert_eq!(second.status, 429);
    assert_eq!(second.header("retry-after"), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
    assert_eq!(sandbox.stats()["groups"][ORG], 0, "a faulted create changes nothing");
    assert_eq!(sandbox.call("POST", GROUPS, Some(&new_group())).status, 201);
}

#[test]
fn status_faults_in_fifo_order() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "status", "status": 503}, {"kind": "status", "status": 502}]}));
    let first = sandbox.call("GET", GROUPS, None);
    assert_eq!(first.status, 503);
    assert_eq!(first.header("content-type"), Some("application/json"));
    assert_eq!(first.json()["error"], true);
    assert_eq!(first.json()["message"], "Service Unavailable");
    assert_eq!(sandbox.call("GET", GROUPS, None).status, 502);
    assert_eq!(sandbox.call("GET", GROUPS, None).status, 200);
}

#[test]
fn plain_401_overrides_a_valid_token() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "plain_401"}]}));
    let reply = sandbox.call("GET", GROUPS, None);
    assert_eq!(reply.status, 401);
    assert!(reply.header("content-type").expect("type").starts_with("text/plain"));
    assert_eq!(reply.body, "Unauthorized.");
    assert_eq!(sandbox.call("GET", GROUPS, None).status, 200);
}

#[test]
fn truncated_and_non_json_bodies() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "truncated"}, {"kind": "non_json"}]}));
    let truncated = sandbox.call("GET", GROUPS, None);
    assert_eq!(truncated.status, 200);
    assert_eq!(truncated.header("content-type"), Some("application/json"));
    assert!(truncated.body.starts_with("{\"data\""));
    assert!(serde_json::from_str::<serde_json::Value>(&truncated.body).is_err());
    let html = sandbox.call("GET", GROUPS, None);
    assert_eq!(html.status, 200);
    assert_eq!(html.body, "<html>oops</html>");
    assert!(html.header("content-type").expect("type").starts_with("text/html"));
}

#[test]
fn no_answer_closes_the_connection_without_a_byte() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "no_answer"}]}));
    let address = sandbox.root().trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout set");
    let body = new_group().to_string();
    let request = format!(
        "POST /api/organizations/{ORG}/groups HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {ADMIN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("request sent");
    let mut answer = Vec::new();
    // The connection ends with nothing read: an orderly close or a reset, never a timeout.
    let read = stream.read_to_end(&mut answer);
    assert!(
        answer.is_empty() && read.as_ref().map_or_else(|e| e.kind() == ErrorKind::ConnectionReset, |n| *n == 0),
        "{read:?} {answer:?}"
    );
    let stats = sandbox.stats();
    assert_eq!((stats["faults_injected"].as_u64(), stats["groups"][ORG].as_u64()), (Some(1), Some(0)));
    assert_eq!(sandbox.call("POST", GROUPS, Some(&new_group())).status, 201, "the next request is answered");
}

#[test]
fn scripted_answers_are_sent_exactly() {
    let sandbox = Sandbox::start();
    let body = r#"{"message":"token tok-echo is not welcome"}"#;
    sandbox.inject(json!({"faults": [
        {"kind": "answer", "status": 401, "body": body, "headers": {"X-Request-Id": "tok-echo"}},
        {"kind": "answer", "status": 200, "body": "plain", "headers": {"Content-Type": "text/plain"}}
    ]}));
    let echoed = sandbox.call("POST", GROUPS, Some(&json!({"name": "A", "description": "d"})));
    assert_eq!((echoed.status, echoed.body.as_str()), (401, body));
    assert_eq!(echoed.header("x-request-id"), Some("tok-echo"));
    assert_eq!(echoed.header("content-type"), Some("application/json"));
    let plain = sandbox.call("GET", GROUPS, None);
    assert_eq!((plain.status, plain.body.as_str(), plain.header("content-type")), (200, "plain", Some("text/plain")));
    assert!(plain.header("x-request-id").is_some_and(|id| id.starts_with("req-")));
    assert_eq!(sandbox.stats()["groups"]["org_sandbox"], 0, "a faulted create creates nothing");
}

#[test]
fn a_delay_holds_the_answer_back() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "delay_ms", "ms": 5_000}]}));
    // A client that gives up long before the delay ends gets no answer.
    let impatient: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_millis(50))).build().into();
    let sent = impatient
        .get(&format!("{}{GROUPS}", sandbox.base()))
        .header("Authorization", &format!("Bearer {ADMIN}"))
        .call();
    assert!(matches!(sent, Err(ureq::Error::Timeout(_))), "{sent:?}");
}

#[test]
fn delay_then_normal_handling() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "delay_ms", "ms": 1}]}));
    let reply = sandbox.call("POST", GROUPS, Some(&new_group()));
    assert_eq!(reply.status, 201, "handled normally after the delay");
    assert_eq!(sandbox.stats()["groups"][ORG], 1);
    assert_eq!(sandbox.stats()["faults_injected"], 1);
}

#[test]
fn match_by_method() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "status", "status": 500}], "match": {"method": "POST"}}));
    assert_eq!(sandbox.call("GET", GROUPS, None).status, 200, "GET is not matched");
    assert_eq!(sandbox.call("POST", GROUPS, Some(&new_group())).status, 500);
    assert_eq!(sandbox.call("POST", GROUPS, Some(&new_group())).status, 201);
}

#[test]
fn faults_come_before_authentication() {
    let sandbox = Sandbox::start();
    sandbox.inject(json!({"faults": [{"kind": "status", "status": 504}]}));
    let reply = sandbox.send("GET", &format!("{}{GROUPS}", sandbox.base()), &[], None);
    assert_eq!(reply.status, 504);
}

#[test]
fn clear_stats_and_reset() {
    let sandbox = Sandbox::start();
    sandbox.create("One", "d");
    sandbox.call("GET", GROUPS, None);
    sandbox.inject(json!({"faults": [{"kind": "non_json"}, {"kind": "truncated"}, {"kind": "plain_401"}]}));
    sandbox.call("GET", GROUPS, None);
    let stats = sandbox.stats();
    assert_eq!(stats["requests_served"], 3);
    assert_eq!(stats["faults_pending"], 2);
    assert_eq!(stats["faults_injected"], 1);
    assert_eq!(stats["groups"], json!({ORG: 1}));

    let cleared = sandbox.control("DELETE", "/__sandbox/faults", None);
    assert_eq!(cleared.json(), json!({"cleared": 2}));
    assert_eq!(sandbox.call("GET", GROUPS, None).status, 200);

    assert_eq!(sandbox.control("POST", "/__sandbox/reset", None).status, 200);
    let stats = sandbox.stats();
    assert_eq!(stats["requests_served"], 0);
    assert_eq!(stats["faults_injected"], 0);
    assert_eq!(stats["groups"], json!({ORG: 0}));
    sandbox.create("One", "the name is free again");
}

#[test]
fn bad_fault_requests_are_400() {
    let sandbox = Sandbox::start();
    for body in [
        json!({"faults": [{"kind": "meteor"}]}),
        json!({"faults": [{"kind": "status", "status": 200}]}),
        json!({"faults": [{"kind": "delay_ms", "ms": 3_600_000}]}),
        json!({"faults": [{"kind": "status"}]}),
        json!({"nope": []}),
    ] {
        let reply = sandbox.control("POST", "/__sandbox/faults", Some(&body));
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json()["code"], "INVALID_FAULTS");
    }
    assert_eq!(sandbox.stats()["faults_pending"], 0);
}
