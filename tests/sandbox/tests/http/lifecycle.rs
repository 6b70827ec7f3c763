//! Create, get, list, update and delete; permissions and not-found answers.

use std::collections::HashSet;

use serde_json::{json, Value};
use tallyfy_sandbox::{Options, Seed, UpdateStatus};

use crate::support::{Sandbox, GROUPS, MEMBER, ORG};

/// `2025-06-10T14:30:00.000Z`: ISO 8601 UTC with milliseconds and `Z`.
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 24
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            19 => *b == b'.',
            23 => *b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

#[test]
fn full_lifecycle() {
    let sandbox = Sandbox::start();
    let mut request_ids = HashSet::new();
    let mut track = |reply: &crate::support::Reply| {
        let id = reply.header("x-request-id").expect("X-Request-Id").to_owned();
        assert!(request_ids.insert(id), "request ids repeat");
    };

    let body = json!({
        "name": "Onboarding Specialists",
        "description": "Team responsible for new client onboarding.",
        "members": [1001, 1005, 1008],
        "guests": ["client.liaison@partner.com"]
    });
    let created = sandbox.call("POST", GROUPS, Some(&body));
    track(&created);
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("content-type"), Some("application/json"));
    let group = created.data();
    let id = group["id"].as_str().expect("id").to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(group["name"], "Onboarding Specialists");
    assert_eq!(group["description"], "Team responsible for new client onboarding.");
    assert_eq!(group["logo"], Value::Null);
    assert_eq!(group["members"], json!([1001, 1005, 1008]));
    assert_eq!(group["guests"], json!(["client.liaison@partner.com"]));
    let created_at = group["created_at"].as_str().expect("created_at").to_owned();
    assert!(is_timestamp(&created_at), "{created_at}");
    assert_eq!(group["last_updated"], group["created_at"]);

    let path = format!("{GROUPS}/{id}");
    let fetched = sandbox.call("GET", &path, None);
    track(&fetched);
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.data(), group);

    let listed = sandbox.call("GET", GROUPS, None);
    track(&listed);
    assert_eq!(listed.status, 200);
    assert_eq!(listed.data(), json!([group]));

    let change = json!({"name": "Project Alpha Core Team", "members": [1001, 1008, 1010]});
    let updated = sandbox.call("PUT", &path, Some(&change));
    track(&updated);
    assert_eq!(updated.status, 201, "default update status is 201");
    let after = updated.data();
    assert_eq!(after["id"], id.as_str());
    assert_eq!(after["name"], "Project Alpha Core Team");
    assert_eq!(after["description"], group["description"], "absent fields stay");
    assert_eq!(after["members"], json!([1001, 1008, 1010]), "members are replaced");
    assert_eq!(after["guests"], group["guests"], "absent guests stay");
    assert_eq!(after["created_at"], created_at.as_str());
    let last_updated = after["last_updated"].as_str().expect("last_updated");
    assert!(is_timestamp(last_updated) && last_updated > created_at.as_str());
    assert_eq!(sandbox.call("GET", &path, None).data(), after);

    let cleared = sandbox.call("PUT", &path, Some(&json!({"guests": [], "members": []})));
    assert_eq!(cleared.data()["guests"], json!([]));
    assert_eq!(cleared.data()["members"], json!([]));

    let deleted = sandbox.call("DELETE", &path, None);
    track(&deleted);
    assert_eq!(deleted.status, 204);
    assert_eq!(deleted.body, "");
    let gone = sandbox.call("GET", &path, None);
    track(&gone);
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["code"], "RESOURCE_NOT_FOUND");
    assert_eq!(sandbox.call("DELETE", &path, None).status, 404);
    assert_eq!(sandbox.call("PUT", &path, Some(&json!({"name": "x"}))).status, 404);
    assert_eq!(sandbox.stats()["groups"][ORG], 0);
}

#[test]
fn update_status_can_be_200() {
    let sandbox = Sandbox::with(Options { update_status: UpdateStatus::Ok, ..Options::default() });
    let group = sandbox.create("Ops", "Operations");
    let path = format!("{GROUPS}/{}", group["id"].as_str().expect("id"));
    let updated = sandbox.call("PUT", &path, Some(&json!({"description": "Ops team"})));
    assert_eq!(updated.status, 200);
    assert_eq!(updated.data()["description"], "Ops team");
    assert_eq!(updated.data()["name"], "Ops");
}

#[test]
fn members_read_but_cannot_write() {
    let sandbox = Sandbox::start();
    let group = sandbox.create("Ops", "Operations");
    let path = format!("{GROUPS}/{}", group["id"].as_str().expect("id"));
    assert_eq!(sandbox.call_as(MEMBER, "GET", GROUPS, None).status, 200);
    assert_eq!(sandbox.call_as(MEMBER, "GET", &path, None).status, 200);
    let body = json!({"name": "New", "description": "d"});
    for (method, target) in [("POST", GROUPS), ("PUT", path.as_str()), ("DELETE", path.as_str())] {
        let reply = sandbox.call_as(MEMBER, method, target, Some(&body));
        assert_eq!(reply.status, 403, "{method}: {}", reply.body);
        let error = reply.json();
        assert_eq!(error["error"], true);
        assert_eq!(error["code"], "FORBIDDEN");
        assert!(error["message"].as_str().expect("message").starts_with("You do not have permission"));
    }
    assert_eq!(sandbox.call("GET", &path, None).data()["name"], "Ops", "nothing changed");
}

#[test]
fn not_found_codes() {
    let seed = Seed::from_json(
        r#"{"organizations":[
            {"id":"org_a","users":[1],"tokens":[{"token":"token-a","manage":true}]},
            {"id":"org_b","users":[2],"tokens":[{"token":"token-b","manage":true}]}]}"#,
    )
    .expect("seed");
    let sandbox = Sandbox::with(Options { seed, ..Options::default() });
    let resource = |reply: crate::support::Reply| {
        assert_eq!(reply.status, 404, "{}", reply.body);
        assert_eq!(reply.json(), json!({"error": true, "message": "Resource not found", "code": "RESOURCE_NOT_FOUND"}));
    };
    let endpoint = |reply: crate::support::Reply| {
        assert_eq!(reply.status, 404, "{}", reply.body);
        assert_eq!(
            reply.json(),
            json!({"error": true, "message": "API endpoint not found", "code": "ENDPOINT_NOT_FOUND"})
        );
    };

    let created = sandbox.call_as(
        "token-b",
        "POST",
        "/organizations/org_b/groups",
        Some(&json!({"name": "B team", "description": "b", "members": [2]})),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let b_group = format!("/organizations/org_b/groups/{}", created.data()["id"].as_str().expect("id"));

    resource(sandbox.call_as("token-a", "GET", "/organizations/org_a/groups/0123456789abcdef0123456789abcdef", None));
    resource(sandbox.call_as("token-a", "GET", "/organizations/org_missing/groups", None));
    resource(sandbox.call_as("token-a", "GET", "/organizations/org_b/groups", None));
    resource(sandbox.call_as("token-a", "GET", &b_group, None));
    resource(sandbox.call_as("token-a", "DELETE", &b_group, None));
    assert_eq!(sandbox.call_as("token-b", "GET", &b_group, None).status, 200);

    endpoint(sandbox.call_as("token-a", "GET", "/organizations/org_a/tags", None));
    endpoint(sandbox.call_as("token-a", "GET", "/nope", None));
    endpoint(sandbox.call_as("token-a", "PATCH", "/organizations/org_a/groups", None));
    endpoint(sandbox.call_as("token-a", "POST", "/organizations/org_a/groups/abc", None));
    endpoint(sandbox.send("GET", &format!("{}/__sandbox/nope", sandbox.root()), &[], None));
    endpoint(sandbox.send("GET", &format!("{}/__sandbox/faults", sandbox.root()), &[], None));
}

#[test]
fn every_answer_carries_a_request_id() {
    let sandbox = Sandbox::start();
    let replies = [
        sandbox.call("GET", GROUPS, None),
        sandbox.call("GET", "/nope", None),
        sandbox.send("GET", &format!("{}{GROUPS}", sandbox.base()), &[], None),
        sandbox.control("GET", "/__sandbox/stats", None),
        sandbox.control("POST", "/__sandbox/reset", None),
    ];
    let ids: HashSet<_> =
        replies.iter().map(|reply| reply.header("x-request-id").expect("X-Request-Id").to_owned()).collect();
    assert_eq!(ids.len(), replies.len());
    assert!(ids.iter().all(|id| id.starts_with("req-")));
}
