//! End to end: the Rust host against the sandbox over real HTTP on loopback, including
//! injected faults that the core's retry policy handles.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use tallyfy_core::{CallOptions, Config, ErrorCode, FieldCode, GroupInput, ListQuery};
use tallyfy_example_rust::{Client, HostError};
use tallyfy_sandbox::{Background, Options, UnauthorizedForm};

const ORG: &str = "org_sandbox";
const ADMIN: &str = "sandbox-admin-token";

fn start(options: Options) -> Background {
    Background::start(options).expect("the sandbox starts")
}

/// What a client did: the status of every exchange, and every wait it was told to sleep.
#[derive(Default)]
struct Record {
    statuses: Vec<u16>,
    waits: Vec<Duration>,
}

/// A client with virtual time (its sleep records the wait and returns at once) and a fixed
/// jitter seed, that records every exchange's status.
fn recording(client: Client) -> (Client, Rc<RefCell<Record>>) {
    let record = Rc::new(RefCell::new(Record::default()));
    let (statuses, waits) = (record.clone(), record.clone());
    let client = client
        .with_random_seed(1)
        .with_trace(move |_, status| statuses.borrow_mut().statuses.push(status))
        .with_sleep(move |wait| waits.borrow_mut().waits.push(wait));
    (client, record)
}

fn client(server: &Background, token: &str) -> (Client, Rc<RefCell<Record>>) {
    recording(Client::new(Config::new(token, Some(server.base_url()), None).unwrap(), ORG))
}

fn ms(waits: &[u64]) -> Vec<Duration> {
    waits.iter().map(|&ms| Duration::from_millis(ms)).collect()
}

fn inject(server: &Background, faults: &str) {
    let origin = server.base_url().trim_end_matches("/api");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let answer = agent.post(&format!("{origin}/__sandbox/faults")).send(faults).expect("the control endpoint answers");
    assert_eq!(answer.status().as_u16(), 200, "faults accepted");
}

/// The sandbox's counters (`GET /__sandbox/stats`).
fn stats(server: &Background) -> serde_json::Value {
    let origin = server.base_url().trim_end_matches("/api");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut answer = agent.get(&format!("{origin}/__sandbox/stats")).call().expect("the control endpoint answers");
    serde_json::from_str(&answer.body_mut().read_to_string().expect("stats read")).expect("stats are JSON")
}

fn input(name: &str, members: &[u64]) -> GroupInput {
    GroupInput {
        name: Some(name.into()),
        description: Some("e2e".into()),
        members: Some(members.to_vec()),
        guests: Some(vec!["guest@example.com".into()]),
    }
}

fn api_error(result: Result<impl std::fmt::Debug, HostError>) -> tallyfy_core::Error {
    match result {
        Err(HostError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn full_lifecycle() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    let created = client.create(&input("Lifecycle", &[1001, 1002])).unwrap();
    assert_eq!(created.id.len(), 32);
    assert_eq!(created.members, [1001, 1002]);
    assert_eq!(client.get(&created.id).unwrap(), created);
    let page = client.list(&ListQuery { q: Some("Lifecycle".into()), ..Default::default() }).unwrap();
    assert_eq!(page.groups.len(), 1);
    assert_eq!(page.pagination.total, 1);
    let changes = GroupInput { members: Some(vec![1003]), guests: Some(vec![]), ..Default::default() };
    let updated = client.update(&created.id, &changes).unwrap();
    assert_eq!(
        (updated.members.as_slice(), updated.guests.len(), updated.name.as_str()),
        (&[1003][..], 0, "Lifecycle")
    );
    client.delete(&created.id).unwrap();
    let gone = api_error(client.get(&created.id));
    assert_eq!((gone.code(), gone.status()), (ErrorCode::NotFound, Some(404)));
    assert!(gone.request_id().is_some_and(|id| id.starts_with("req-")));
    assert_eq!(record.borrow().statuses, [201, 200, 200, 201, 204, 404]);
}

#[test]
fn rate_limit_is_retried_after_retry_after() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    inject(&server, r#"{"faults":[{"kind":"rate_limit","retry_after":"1"}]}"#);
    let group = client.create(&input("Retried", &[])).unwrap();
    assert_eq!(group.name, "Retried");
    assert_eq!(record.borrow().statuses, [429, 201]);
    assert_eq!(record.borrow().waits, ms(&[1000]), "the server's Retry-After, exactly");
}

#[test]
fn a_retry_after_beyond_the_cap_fails_at_once() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    inject(&server, r#"{"faults":[{"kind":"rate_limit","retry_after":"3600"}]}"#);
    let error = api_error(client.create(&input("Patient", &[])));
    assert_eq!((error.code(), error.status()), (ErrorCode::RateLimited, Some(429)));
    assert_eq!(error.retry_after_seconds(0), Some(3600));
    assert_eq!(record.borrow().statuses, [429], "one request, no retry");
    assert!(record.borrow().waits.is_empty());
    assert_eq!(stats(&server)["requests_served"], 1);
}

#[test]
fn server_errors_are_retried_only_when_idempotent() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    let group = client.create(&input("Idempotent", &[])).unwrap();
    inject(&server, r#"{"faults":[{"kind":"status","status":503},{"kind":"status","status":502}]}"#);
    assert_eq!(client.get(&group.id).unwrap().id, group.id);
    inject(&server, r#"{"faults":[{"kind":"status","status":503}]}"#);
    let refused = api_error(client.create(&input("Not retried", &[])));
    assert_eq!((refused.code(), refused.status()), (ErrorCode::ServerError, Some(503)));
    assert_eq!(record.borrow().statuses, [201, 503, 502, 200, 503]);
    assert_eq!(record.borrow().waits, ms(&[513, 1098]), "backoff with the seed's jitter");
}

#[test]
fn a_request_that_gets_no_answer_is_retried_only_when_idempotent() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    let group = client.create(&input("Hung up", &[])).unwrap();
    inject(&server, r#"{"faults":[{"kind":"no_answer"}]}"#);
    assert_eq!(client.get(&group.id).unwrap(), group);
    inject(&server, r#"{"faults":[{"kind":"no_answer"}]}"#);
    let refused = client.create(&input("Not retried", &[]));
    assert!(matches!(refused, Err(HostError::Transport(_))), "{refused:?}");
    assert_eq!(record.borrow().statuses, [201, 200], "an unanswered exchange has no status to trace");
    assert_eq!(record.borrow().waits, ms(&[513]));
    let stats = stats(&server);
    assert_eq!((stats["requests_served"].as_u64(), stats["faults_injected"].as_u64()), (Some(4), Some(2)));
    assert_eq!(stats["groups"][ORG], 1, "the unanswered POST was sent once and created nothing");
}

#[test]
fn answered_and_unanswered_attempts_share_the_retry_count() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    inject(
        &server,
        r#"{"faults":[{"kind":"status","status":503},{"kind":"no_answer"},{"kind":"status","status":502},{"kind":"no_answer"},{"kind":"no_answer"}]}"#,
    );
    let failed = client.list(&ListQuery::default());
    assert!(matches!(failed, Err(HostError::Transport(_))), "the last failure is reported: {failed:?}");
    assert_eq!(record.borrow().statuses, [503, 502]);
    assert_eq!(record.borrow().waits, ms(&[513, 1098, 2377, 3911]));
    assert_eq!(stats(&server)["requests_served"], 5, "one try and four retries");
}

#[test]
fn retries_stop_at_the_policy_limit() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    inject(
        &server,
        r#"{"faults":[{"kind":"status","status":504},{"kind":"status","status":504},{"kind":"status","status":504},{"kind":"status","status":504},{"kind":"status","status":504}]}"#,
    );
    let error = api_error(client.list(&ListQuery::default()));
    assert_eq!(error.status(), Some(504));
    assert_eq!(record.borrow().statuses.len(), 5, "one try and four retries");
    assert_eq!(record.borrow().waits.len(), 4);
}

#[test]
fn plain_text_unauthorized() {
    let server = start(Options { unauthorized_form: UnauthorizedForm::Plain, ..Options::default() });
    let (client, _) = client(&server, "wrong-token");
    let error = api_error(client.list(&ListQuery::default()));
    assert_eq!((error.code(), error.message()), (ErrorCode::Unauthorized, "Unauthorized."));
    assert!(!error.message().contains("wrong-token"));
}

#[test]
fn injected_plain_401_and_bad_bodies() {
    let server = start(Options::default());
    let (client, _) = client(&server, ADMIN);
    inject(&server, r#"{"faults":[{"kind":"plain_401"},{"kind":"non_json"},{"kind":"truncated"}]}"#);
    assert_eq!(api_error(client.list(&ListQuery::default())).code(), ErrorCode::Unauthorized);
    assert_eq!(api_error(client.list(&ListQuery::default())).code(), ErrorCode::MalformedResponse);
    assert_eq!(api_error(client.list(&ListQuery::default())).code(), ErrorCode::MalformedResponse);
}

#[test]
fn server_side_field_errors_and_permissions() {
    let server = start(Options::default());
    let (admin, _) = client(&server, ADMIN);
    admin.create(&input("Taken", &[])).unwrap();
    let duplicate = api_error(admin.create(&input("Taken", &[])));
    assert_eq!(duplicate.code(), ErrorCode::ValidationFailed);
    assert!(duplicate.field_errors().iter().any(|f| f.field == "name" && f.code == FieldCode::Rejected));
    let unknown_member = api_error(admin.create(&input("Strangers", &[424242])));
    assert!(unknown_member.field_errors().iter().any(|f| f.field == "members.0"));
    let (member, _) = client(&server, "sandbox-member-token");
    assert_eq!(api_error(member.create(&input("Nope", &[]))).code(), ErrorCode::Forbidden);
    assert_eq!(member.list(&ListQuery::default()).unwrap().pagination.total, 1);
}

#[test]
fn list_all_follows_every_page() {
    let server = start(Options::default());
    let (client, record) = client(&server, ADMIN);
    for i in 0..25 {
        client.create(&input(&format!("Paged {i:02}"), &[])).unwrap();
    }
    let query = ListQuery { per_page: Some(10), ..Default::default() };
    let all = client.list_all(&query).unwrap();
    assert_eq!(all.len(), 25);
    let mut ids: Vec<_> = all.iter().map(|g| g.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 25, "no group twice");
    assert_eq!(record.borrow().statuses.len(), 25 + 3);
}

/// A token no heuristic would recognise, with a `/` that JSON may escape as `\/`.
const SECRET: &str = "zqTok-7f3a.x/Y~9+Q";

#[test]
fn the_token_never_reaches_errors_or_traces() {
    let server = start(Options::default());
    let traced = Rc::new(RefCell::new(Vec::new()));
    let seen = traced.clone();
    let config = Config::new(SECRET, Some(server.base_url()), None).unwrap();
    let client = Client::new(config, ORG).with_trace(move |request, status| {
        let headers: Vec<String> = request.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        seen.borrow_mut().push(format!("{request:?} {} {headers:?} {:?} {status}", request.url, request.body));
    });
    let escaped = SECRET.replace('/', "\\/");
    let unicode: String = SECRET.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let faults = serde_json::json!({"faults": [
        {"kind": "answer", "status": 401, "body": format!(r#"{{"message":"token {SECRET} is unknown"}}"#),
         "headers": {"X-Request-Id": format!("req-{SECRET}")}},
        {"kind": "answer", "status": 422, "body": format!(
            r#"{{"message":"The given data was invalid.","errors":{{"{escaped}":["{escaped} is bad"],"name":["not {SECRET}"]}}}}"#)},
        {"kind": "answer", "status": 403, "body": format!(r#"{{"message":"no access for {unicode}"}}"#)},
        {"kind": "answer", "status": 200, "body": format!(r#"{{"data":{{"id":"{SECRET}""#)},
        {"kind": "answer", "status": 401, "body": format!("Unauthorized {SECRET}"), "headers": {"Content-Type": "text/plain"}},
    ]});
    inject(&server, &faults.to_string());
    let named = GroupInput { name: Some(format!("Named {SECRET}")), ..input("x", &[]) };
    let errors = [
        (ErrorCode::Unauthorized, api_error(client.create(&named))),
        (ErrorCode::ValidationFailed, api_error(client.create(&named))),
        (ErrorCode::Forbidden, api_error(client.get(SECRET))),
        (ErrorCode::MalformedResponse, api_error(client.list(&ListQuery::default()))),
        (ErrorCode::Unauthorized, api_error(client.list(&ListQuery::default()))),
    ];
    for (code, error) in &errors {
        assert_eq!(error.code(), *code, "{error:?}");
        let shown = format!("{error} {error:?} {:?} {:?}", error.request_id(), error.field_errors());
        assert!(!shown.contains(SECRET), "{shown}");
    }
    assert_eq!(errors[0].1.request_id(), Some("req-[redacted]"), "the rest of the text is kept");
    assert_eq!(errors[1].1.field_errors().len(), 2, "{:?}", errors[1].1.field_errors());
    assert_eq!(errors[2].1.message(), "no access for [redacted]", "\\u escapes are read before the token is taken out");
    assert_eq!(traced.borrow().len(), 5);
    for line in traced.borrow().iter() {
        assert!(!line.contains(SECRET), "{line}");
        assert!(line.contains("[redacted]"), "{line}");
    }
    let refused = Config::new(SECRET, Some("http://127.0.0.1:9/api"), None).unwrap();
    let (client, record) = recording(Client::new(refused, ORG));
    match client.list(&ListQuery::default()) {
        Err(HostError::Transport(message)) => assert!(!message.contains(SECRET), "{message}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(record.borrow().waits.len(), 4, "a refused GET is retried four times");
}

#[test]
fn an_answer_past_the_size_limit_is_not_read() {
    let server = start(Options::default());
    let config = Config::new(ADMIN, Some(server.base_url()), None).unwrap();
    let small = CallOptions { max_answer_bytes: 64, ..CallOptions::default() };
    let (client, record) = recording(Client::new(config, ORG).with_options(small));
    let error = api_error(client.list(&ListQuery::default()));
    assert_eq!((error.code(), error.status()), (ErrorCode::MalformedResponse, None), "{error:?}");
    assert!(error.message().contains("larger than 64 bytes"), "{}", error.message());
    assert!(record.borrow().statuses.is_empty(), "the exchange ended while the body was read");
}
