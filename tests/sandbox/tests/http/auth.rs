//! 401 answers in each configured form.

use tallyfy_sandbox::{Options, UnauthorizedForm};

use crate::support::{Reply, Sandbox, ADMIN, GROUPS};

/// Requests that must all be refused: no headers, bad token, missing or empty client header,
/// wrong scheme.
fn refused(sandbox: &Sandbox) -> Vec<Reply> {
    let url = format!("{}{GROUPS}", sandbox.base());
    let admin = format!("Bearer {ADMIN}");
    let basic = format!("Basic {ADMIN}");
    let attempts: [&[(&str, &str)]; 5] = [
        &[],
        &[("Authorization", "Bearer wrong-token"), ("X-Tallyfy-Client", "APIClient")],
        &[("Authorization", admin.as_str())],
        &[("Authorization", admin.as_str()), ("X-Tallyfy-Client", "")],
        &[("Authorization", basic.as_str()), ("X-Tallyfy-Client", "APIClient")],
    ];
    attempts.iter().map(|headers| sandbox.send("GET", &url, headers, None)).collect()
}

fn start(form: UnauthorizedForm) -> Sandbox {
    Sandbox::with(Options { unauthorized_form: form, ..Options::default() })
}

#[test]
fn json_form_by_default() {
    let sandbox = Sandbox::start();
    for reply in refused(&sandbox) {
        assert_eq!(reply.status, 401);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.json(), serde_json::json!({"message": "Unauthenticated."}));
    }
}

#[test]
fn plain_form() {
    let sandbox = start(UnauthorizedForm::Plain);
    for reply in refused(&sandbox) {
        assert_eq!(reply.status, 401);
        assert!(reply.header("content-type").expect("type").starts_with("text/plain"));
        assert_eq!(reply.body, "Unauthorized.");
    }
}

#[test]
fn edge_form() {
    let sandbox = start(UnauthorizedForm::Edge);
    for reply in refused(&sandbox) {
        assert_eq!(reply.status, 401);
        assert_eq!(
            reply.json(),
            serde_json::json!({"error": "Unauthorized", "message": "Permission denied. Error code: APSH213."})
        );
    }
}

#[test]
fn missing_client_header_is_401_even_for_writes_and_unknown_paths() {
    let sandbox = Sandbox::start();
    let admin = format!("Bearer {ADMIN}");
    let headers = [("Authorization", admin.as_str())];
    let create = sandbox.send("POST", &format!("{}{GROUPS}", sandbox.base()), &headers, Some("{}"));
    assert_eq!(create.status, 401);
    let unknown = sandbox.send("GET", &format!("{}/nope", sandbox.base()), &headers, None);
    assert_eq!(unknown.status, 401);
    assert_eq!(sandbox.stats()["groups"]["org_sandbox"], 0);
}

#[test]
fn any_non_empty_client_header_is_accepted() {
    let sandbox = Sandbox::start();
    let url = format!("{}{GROUPS}", sandbox.base());
    let admin = format!("Bearer {ADMIN}");
    for client in ["APIClient", "TallyfySDK", "apiclient", "my-app/1.0"] {
        let reply = sandbox.send("GET", &url, &[("Authorization", admin.as_str()), ("X-Tallyfy-Client", client)], None);
        assert_eq!(reply.status, 200, "{client}: {}", reply.body);
    }
}

#[test]
fn control_endpoints_need_no_auth() {
    let sandbox = Sandbox::start();
    assert_eq!(sandbox.control("GET", "/__sandbox/stats", None).status, 200);
    assert_eq!(sandbox.control("DELETE", "/__sandbox/faults", None).status, 200);
    assert_eq!(sandbox.control("POST", "/__sandbox/reset", None).status, 200);
}
