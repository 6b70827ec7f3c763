//! Every 422 rule, malformed bodies (400) and oversized bodies (413).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{assert_invalid, Sandbox, ADMIN, GROUPS, ORG};

fn create(sandbox: &Sandbox, body: Value) -> crate::support::Reply {
    sandbox.call("POST", GROUPS, Some(&body))
}

#[test]
fn name_rules() {
    let sandbox = Sandbox::start();
    let required = "The name field is required.";
    assert_invalid(&create(&sandbox, json!({"description": "d"})), "name", required);
    assert_invalid(&create(&sandbox, json!({"name": null, "description": "d"})), "name", required);
    assert_invalid(&create(&sandbox, json!({"name": "   ", "description": "d"})), "name", required);
    assert_invalid(&create(&sandbox, json!({"name": 42, "description": "d"})), "name", "The name must be a string.");
    // 200 characters of two bytes each are fine: the limit counts characters.
    let longest = "é".repeat(200);
    assert_eq!(create(&sandbox, json!({"name": longest, "description": "d"})).status, 201);
    assert_invalid(
        &create(&sandbox, json!({"name": "é".repeat(201), "description": "d"})),
        "name",
        "The name must not be greater than 200 characters.",
    );
    sandbox.create("Design", "d");
    assert_invalid(
        &create(&sandbox, json!({"name": "DESIGN", "description": "d"})),
        "name",
        "The name has already been taken.",
    );
    assert_eq!(sandbox.stats()["groups"][ORG], 2);
}

#[test]
fn description_rules() {
    let sandbox = Sandbox::start();
    let required = "The description field is required.";
    assert_invalid(&create(&sandbox, json!({"name": "A"})), "description", required);
    assert_invalid(&create(&sandbox, json!({"name": "A", "description": ""})), "description", required);
    assert_invalid(
        &create(&sandbox, json!({"name": "A", "description": ["x"]})),
        "description",
        "The description must be a string.",
    );

    let group = sandbox.create("A", "first");
    let path = format!("{GROUPS}/{}", group["id"].as_str().expect("id"));
    for bad in [json!({"description": null}), json!({"description": " "})] {
        assert_invalid(&sandbox.call("PUT", &path, Some(&bad)), "description", required);
    }
    assert_invalid(&sandbox.call("PUT", &path, Some(&json!({"name": null}))), "name", "The name field is required.");
    assert_eq!(sandbox.call("GET", &path, None).data()["description"], "first", "unchanged");
}

#[test]
fn update_name_uniqueness_excludes_the_group_itself() {
    let sandbox = Sandbox::start();
    let first = sandbox.create("First", "d");
    sandbox.create("Second", "d");
    let path = format!("{GROUPS}/{}", first["id"].as_str().expect("id"));
    let renamed = sandbox.call("PUT", &path, Some(&json!({"name": "FIRST"})));
    assert_eq!(renamed.data()["name"], "FIRST");
    assert_invalid(
        &sandbox.call("PUT", &path, Some(&json!({"name": "second"}))),
        "name",
        "The name has already been taken.",
    );
    assert_invalid(
        &sandbox.call("PUT", &path, Some(&json!({"name": "x".repeat(201)}))),
        "name",
        "The name must not be greater than 200 characters.",
    );
}

#[test]
fn member_rules() {
    let sandbox = Sandbox::start();
    let reply = create(&sandbox, json!({"name": "A", "description": "d", "members": [1001, 1002, 999, "1003", 1.5]}));
    assert_invalid(&reply, "members.2", "The selected members.2 is invalid.");
    assert_invalid(&reply, "members.3", "The members.3 must be an integer.");
    assert_invalid(&reply, "members.4", "The members.4 must be an integer.");
    assert!(reply.json()["errors"].get("members.0").is_none());
    assert_invalid(
        &create(&sandbox, json!({"name": "A", "description": "d", "members": 1001})),
        "members",
        "The members must be an array.",
    );
    let ok = create(&sandbox, json!({"name": "A", "description": "d", "members": [1010, 1001, 1010]}));
    assert_eq!(ok.data()["members"], json!([1010, 1001]), "each id once, in first-seen order");
    let path = format!("{GROUPS}/{}", ok.data()["id"].as_str().expect("id"));
    assert_invalid(
        &sandbox.call("PUT", &path, Some(&json!({"members": [-1]}))),
        "members.0",
        "The selected members.0 is invalid.",
    );
}

#[test]
fn guest_rules() {
    let sandbox = Sandbox::start();
    let reply = create(
        &sandbox,
        json!({"name": "A", "description": "d", "guests": ["ok@example.com", "not-an-email", 7, "a..b@c.de"]}),
    );
    for index in 1..=3 {
        let key = format!("guests.{index}");
        assert_invalid(&reply, &key, &format!("The {key} must be a valid email address."));
    }
    assert_invalid(
        &create(&sandbox, json!({"name": "A", "description": "d", "guests": "x@y.z"})),
        "guests",
        "The guests must be an array.",
    );
    assert_eq!(sandbox.stats()["groups"][ORG], 0);
    let guests = json!(["b@c.de", "a@b", "b@c.de", "B@C.DE", "a@b"]);
    let ok = create(&sandbox, json!({"name": "A", "description": "d", "guests": guests}));
    assert_eq!(ok.status, 201, "{}", ok.body);
    assert_eq!(ok.data()["guests"], json!(["b@c.de", "a@b", "B@C.DE"]), "each value once, in first-seen order");
}

#[test]
fn malformed_bodies_are_400() {
    let sandbox = Sandbox::start();
    let url = format!("{}{GROUPS}", sandbox.base());
    let auth = format!("Bearer {ADMIN}");
    let headers = [("Authorization", auth.as_str()), ("X-Tallyfy-Client", "APIClient")];
    for body in ["{\"name\": ", "[1, 2]", "\"text\"", "nul"] {
        let reply = sandbox.send("POST", &url, &headers, Some(body));
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.json()["code"], "INVALID_JSON");
    }
    // An empty body is an empty object: the required fields are missing.
    let empty = sandbox.send("POST", &url, &headers, Some(""));
    assert_invalid(&empty, "name", "The name field is required.");
    assert_invalid(&empty, "description", "The description field is required.");
}

#[test]
fn oversized_bodies_are_413() {
    let sandbox = Sandbox::start();
    let addr = sandbox.base().trim_start_matches("http://").trim_end_matches("/api").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let head = format!(
        "POST /api{GROUPS} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN}\r\n\
         X-Tallyfy-Client: APIClient\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        2 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("PAYLOAD_TOO_LARGE"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("x-request-id: req-"), "{answer}");
}
