//! Property tests: valid inputs round-trip through the body, parsed groups through their JSON,
//! and nothing panics on any input.

use proptest::prelude::*;
use serde_json::Value;
use tallyfy_core::*;

fn config() -> Config {
    Config::new("tok_123", None, None).unwrap()
}

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 éπ\"\\\\/\n\t-]{0,199}[a-zA-Zé]"
}

fn email() -> impl Strategy<Value = String> {
    "[a-z0-9.+_-]{1,20}@[a-z0-9]{1,10}(\\.[a-z]{2,5}){0,2}"
}

fn valid_input() -> impl Strategy<Value = GroupInput> {
    (name(), name(), prop::collection::hash_set(1..=MAX_MEMBER_ID, 0..20), prop::collection::hash_set(email(), 0..10))
        .prop_map(|(name, description, members, guests)| {
            let mut seen = std::collections::HashSet::new();
            let guests = guests.into_iter().filter(|g| seen.insert(g.to_ascii_lowercase())).collect();
            GroupInput {
                name: Some(name),
                description: Some(description),
                members: Some(members.into_iter().collect()),
                guests: Some(guests),
            }
        })
}

/// Any group a parser can return: an id that is not empty, member ids up to
/// [`MAX_MEMBER_ID`], and any text elsewhere (U+0000, quotes and controls included).
fn parsed_group() -> impl Strategy<Value = Group> {
    let text = || any::<String>();
    (
        text().prop_filter("an id is not empty", |id| !id.is_empty()),
        (text(), text(), prop::option::of(text())),
        prop::collection::vec(0..=MAX_MEMBER_ID, 0..8),
        prop::collection::vec(text(), 0..4),
        (prop::option::of(text()), prop::option::of(text())),
    )
        .prop_map(|(id, (name, description, logo), members, guests, (created_at, updated_at))| Group {
            id,
            name,
            description,
            logo,
            members,
            guests,
            created_at,
            updated_at,
        })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,30}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![Just("name".to_owned()), Just("members".to_owned()), Just("guests".to_owned()), ".{0,8}"],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_create_bodies_parse_back_to_the_same_values(input in valid_input()) {
        let request = build_create_group(&config(), "org1", &input).unwrap();
        let body = request.body.unwrap();
        prop_assert_eq!(GroupInput::from_json(body.as_bytes()).unwrap(), input.clone());
        let via_json = build_create_group_json(&config(), "org1", body.as_bytes()).unwrap();
        prop_assert_eq!(via_json.body.unwrap(), body);
    }

    #[test]
    fn valid_update_bodies_keep_only_present_fields(input in valid_input(), keep in prop::array::uniform4(any::<bool>())) {
        let changes = GroupInput {
            name: input.name.filter(|_| keep[0]),
            description: input.description.filter(|_| keep[1]),
            members: input.members.filter(|_| keep[2]),
            guests: input.guests.filter(|_| keep[3]),
        };
        match build_update_group(&config(), "org1", "g1", &changes) {
            Ok(request) => {
                let body = request.body.unwrap();
                prop_assert_eq!(GroupInput::from_json(body.as_bytes()).unwrap(), changes);
            }
            Err(error) => {
                prop_assert_eq!(changes, GroupInput::default());
                prop_assert_eq!(error.field_errors()[0].code, FieldCode::NoChanges);
            }
        }
    }

    #[test]
    fn groups_read_back_from_their_json(group in parsed_group()) {
        // The group is one a parser returns, from the API's shape of it ...
        let wire = serde_json::json!({"data": {
            "id": group.id, "name": group.name, "description": group.description, "logo": group.logo,
            "members": group.members, "guests": group.guests, "created_at": group.created_at,
            "last_updated": group.updated_at,
        }});
        let body = serde_json::to_vec(&wire).unwrap();
        prop_assert_eq!(parse_group(&Response { status: 200, headers: &[], body: &body }), Ok(group.clone()));
        // ... and its JavaScript shape reads back as the same group.
        prop_assert_eq!(Group::from_json(group.to_json().as_bytes()), Ok(group));
    }

    #[test]
    fn ids_stay_one_segment(org in ".{1,40}", group in ".{1,40}") {
        prop_assume!(![".", ".."].contains(&org.as_str()) && ![".", ".."].contains(&group.as_str()));
        let request = build_get_group(&config(), &org, &group).unwrap();
        let path = request.url.strip_prefix("https://go.tallyfy.com/api/organizations/").unwrap();
        let segments: Vec<_> = path.split('/').collect();
        prop_assert_eq!(segments.len(), 3);
        prop_assert_eq!(segments[1], "groups");
        prop_assert!(!request.url.contains(['?', '#', ' ']));
    }

    #[test]
    fn headers_never_carry_line_breaks(token in ".{0,40}", base in ".{0,40}", client in ".{0,20}") {
        if let Ok(config) = Config::new(&token, Some(&base), Some(&client)) {
            let request = build_delete_group(&config, "o", "g").unwrap();
            for (_, value) in &request.headers {
                prop_assert!(!value.contains(['\r', '\n', '\0']));
            }
            let shown = format!("{:?}", request);
            let secret = format!("Bearer {}", token);
            prop_assert!(!shown.contains(&secret));
        }
    }

    #[test]
    fn any_json_input_is_handled(value in json_value()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        let created = build_create_group_json(&config(), "org1", &bytes);
        let updated = build_update_group_json(&config(), "org1", "g1", &bytes);
        for result in [created, updated] {
            if let Err(e) = result {
                prop_assert_eq!(e.code(), ErrorCode::InvalidInput);
                prop_assert!(!e.field_errors().is_empty());
            }
        }
        let _ = ListQuery::from_json(&bytes);
        let _ = validate_create_group_json(&bytes);
        if let Err(e) = Group::from_json(&bytes) {
            prop_assert_eq!(e.code(), ErrorCode::InvalidInput);
            prop_assert!(!e.field_errors().is_empty());
        }
    }

    #[test]
    fn any_bytes_are_handled(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        prop_assert!(build_create_group_json(&config(), "org1", &bytes).is_err() || serde_json::from_slice::<Value>(&bytes).is_ok());
        let _ = GroupInput::from_json(&bytes);
        let _ = ListQuery::from_json(&bytes);
        let _ = Group::from_json(&bytes);
    }

    #[test]
    fn any_response_is_handled(
        status in any::<u16>(),
        body in prop::collection::vec(any::<u8>(), 0..300),
        retry_after in ".{0,40}",
        request_id in ".{0,200}",
    ) {
        let headers = [("Retry-After", retry_after.as_str()), ("X-Request-Id", request_id.as_str())];
        let response = Response { status, headers: &headers, body: &body };
        for error in [parse_group(&response).err(), parse_group_list(&response).err(), parse_delete_group(&response).err()]
            .into_iter()
            .flatten()
        {
            prop_assert!(error.message().len() <= 512);
            prop_assert!(!error.message().chars().any(char::is_control));
            if (100..=599).contains(&status) {
                prop_assert_eq!(error.status(), Some(status));
            } else {
                prop_assert_eq!(error.code(), ErrorCode::InvalidInput);
                prop_assert_eq!(error.field_errors()[0].field.as_str(), "status");
            }
            prop_assert!(error.request_id().is_none_or(|id| id.len() <= 128));
            let _ = error.retry_after_seconds(u64::MAX);
        }
        // The call driver takes the same answer without panicking, and ends or retries; a
        // status that is not HTTP's is refused and leaves the call waiting for an answer.
        let mut call = Call::get_group(&config(), "o", "g", CallOptions::default()).unwrap();
        if (100..=599).contains(&status) {
            call.answered(&response).unwrap();
            prop_assert!(!matches!(call.next_step(), Step::Send(_) | Step::Unanswered(_)));
        } else {
            let error = call.answered(&response).unwrap_err();
            prop_assert_eq!(error.field_errors()[0].field.as_str(), "status");
            prop_assert!(matches!(call.next_step(), Step::Send(_)));
        }
    }

    #[test]
    fn any_error_body_shape_is_handled(value in json_value(), status in 400u16..600) {
        let body = serde_json::to_vec(&value).unwrap();
        let response = Response { status, headers: &[], body: &body };
        let error = parse_group(&response).unwrap_err();
        prop_assert_eq!(error.code(), ErrorCode::for_status(status));
        prop_assert!(error.field_errors().len() <= 100);
    }
}

/// One thing a server (or the network) can do to an exchange.
#[derive(Debug, Clone)]
enum Event {
    NoAnswer(NoAnswer),
    Answer { status: u16, retry_after: Option<&'static str>, body: &'static str },
}

fn event() -> impl Strategy<Value = Event> {
    let kind = prop_oneof![Just(NoAnswer::NotDelivered), Just(NoAnswer::Timeout), Just(NoAnswer::TooLarge)];
    let status = prop::sample::select(vec![200u16, 201, 204, 400, 401, 404, 422, 429, 500, 502, 503, 504, 302]);
    let retry_after =
        prop::sample::select(vec![None, Some("0"), Some("2"), Some("31"), Some("99999999999999999999"), Some("soon")]);
    let body = prop::sample::select(vec![
        "",
        "{}",
        r#"{"data":{"id":"g1","name":"A"}}"#,
        r#"{"data":[{"id":"g1","name":"A"}],"meta":{"pagination":{"total":9,"count":1,"per_page":1,"current_page":1,"total_pages":9}}}"#,
        r#"{"data":[{"id":"g2","name":"B"}],"meta":{"pagination":{"total":9,"count":1,"per_page":1,"current_page":2,"total_pages":9}}}"#,
        r#"{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":1,"current_page":1,"total_pages":0}}}"#,
        "not json",
    ]);
    prop_oneof![
        kind.prop_map(Event::NoAnswer),
        (status, retry_after, body).prop_map(|(status, retry_after, body)| Event::Answer { status, retry_after, body }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever a server does, a call ends within its bounds: at most 1 + `max_retries` sends
    /// a page, waits within the policy's caps, no retry of a POST that may have reached the
    /// server, and every error without the token.
    #[test]
    fn any_script_of_answers_ends_the_call_within_bounds(
        operation in 0..4usize, seed in any::<u64>(), events in prop::collection::vec(event(), 0..40),
    ) {
        let config = Config::new("tok_prop_77", None, None).unwrap();
        let options = CallOptions { random_seed: seed, max_pages: 3, ..CallOptions::default() };
        let input = GroupInput { name: Some("A".into()), description: Some("d".into()), ..Default::default() };
        let mut call = match operation {
            0 => Call::get_group(&config, "o", "g", options),
            1 => Call::create_group(&config, "o", &input, options),
            2 => Call::delete_group(&config, "o", "g", options),
            _ => Call::list_all_groups(&config, "o", &ListQuery { per_page: Some(1), ..Default::default() }, options),
        }
        .unwrap();
        let policy = options.policy;
        let longest = (policy.max_delay_ms as f64 * (1.0 + policy.jitter)).round() as u64;
        let mut events = events.into_iter();
        let (mut sends, mut waits) = (0u32, 0u32);
        for _ in 0..1_000 {
            match call.next_step() {
                Step::Send(exchange) => {
                    sends += 1;
                    prop_assert!(sends <= (policy.max_retries + 1) * options.max_pages, "{sends} sends");
                    let trace = format!("{:?}", exchange.trace);
                    prop_assert!(!trace.contains("tok_prop_77"), "{}", trace);
                    match events.next() {
                        Some(Event::NoAnswer(kind)) => call.no_answer(kind).unwrap(),
                        Some(Event::Answer { status, retry_after, body }) => {
                            let headers: Vec<(&str, &str)> = retry_after.map(|v| ("Retry-After", v)).into_iter().collect();
                            call.answered(&Response { status, headers: &headers, body: body.as_bytes() }).unwrap();
                        }
                        None => call.no_answer(NoAnswer::Timeout).unwrap(),
                    }
                }
                Step::Wait(retry) => {
                    waits += 1;
                    prop_assert!(retry.delay_ms <= longest.max(policy.max_retry_after_ms), "{retry:?}");
                    prop_assert!(retry.attempt >= 1 && retry.attempt <= policy.max_retries);
                    if operation == 1 {
                        prop_assert!(
                            matches!(&retry.reason, RetryReason::Answer(e) if e.status() == Some(429)),
                            "a POST is retried only after a 429: {retry:?}"
                        );
                    }
                }
                Step::Done(_) | Step::Unanswered(_) => return Ok(()),
                Step::Failed(error) => {
                    let shown = format!("{error:?}");
                    prop_assert!(!shown.contains("tok_prop_77"), "{}", shown);
                    return Ok(());
                }
            }
        }
        prop_assert!(false, "the call did not end: {sends} sends, {waits} waits");
    }
}

/// A status as a JavaScript caller may give it: HTTP statuses, and values that are none.
fn given_status() -> impl Strategy<Value = Given> {
    let http = prop::sample::select(vec![200u64, 201, 204, 302, 404, 422, 429, 500, 503]).prop_map(Given::Unsigned);
    let wrong = prop::sample::select(vec![
        Given::Unsigned(42),
        Given::Unsigned(700),
        Given::Negative(-1),
        Given::Float(200.5),
        Given::Text("200".into()),
        Given::Absent,
    ]);
    prop_oneof![3 => http, 1 => wrong]
}

/// Headers as a JavaScript caller may give them: their kind, and their entries as JSON.
fn given_headers() -> impl Strategy<Value = (Given, Value)> {
    prop::sample::select(vec![
        (Given::Absent, Value::Null),
        (Given::Object, serde_json::json!({"X-Request-Id": "r7", "Retry-After": "2"})),
        (Given::Object, serde_json::json!({"X-Request-Id": "r7\nx"})),
        (Given::Object, serde_json::json!({"X-Request-Id": 7})),
        (Given::List(Vec::new()), serde_json::json!([["x-request-id", "r8"], ["only one"]])),
        (Given::Bool(true), Value::Null),
    ])
}

/// `body` as a given answer with `status` and `headers`.
fn given_answer<'a>(
    status: &'a Given,
    (kind, entries): &'a (Given, Value),
    body: GivenBody<'a>,
) -> GivenAnswer<'a, impl FnOnce() -> GivenHeaders + 'a> {
    GivenAnswer { status, body, headers_kind: kind, headers: move || serde_json::from_value(entries.clone()).unwrap() }
}

/// A body string one byte past the default limit (`max_answer_bytes`).
static PAST_THE_DEFAULT_LIMIT: std::sync::LazyLock<Given> =
    std::sync::LazyLock::new(|| Given::Text("x".repeat(DEFAULT_MAX_ANSWER_BYTES as usize + 1)));

#[test]
fn a_body_left_out_as_too_large_is_refused_as_one_given_whole() {
    let headers = (Given::Object, serde_json::json!({"X-Request-Id": "r7"}));
    let status = Given::Unsigned(200);
    let error = parse_group_given(given_answer(&status, &headers, GivenBody::TooLarge)).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MalformedResponse);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("r7"));
    assert_eq!(
        error.message(),
        "the server answered 200 but its body is larger than 16777216 bytes (max_answer_bytes)"
    );
    let whole = parse_group_given(given_answer(&status, &headers, GivenBody::Value(&PAST_THE_DEFAULT_LIMIT)));
    assert_eq!(whole.unwrap_err(), error);
}

proptest! {
    /// A body left out as too large ([`GivenBody::TooLarge`]) gives exactly what the whole body
    /// gives: to each parse function (the default limit) and to a call (its own limit), with
    /// any status and headers, problems with them reported first as before.
    #[test]
    fn a_body_left_out_as_too_large_answers_as_the_whole_body(
        status in given_status(),
        headers in given_headers(),
        operation in 0..4usize,
        limit in 1..64u64,
        text in "[a-z{}\":]{0,8}",
    ) {
        let whole = GivenBody::Value(&PAST_THE_DEFAULT_LIMIT);
        let parse = |body| parse_group_given(given_answer(&status, &headers, body));
        prop_assert_eq!(parse(GivenBody::TooLarge), parse(whole));
        let parse = |body| parse_group_list_given(given_answer(&status, &headers, body));
        prop_assert_eq!(parse(GivenBody::TooLarge), parse(whole));
        let parse = |body| parse_delete_group_given(given_answer(&status, &headers, body));
        prop_assert_eq!(parse(GivenBody::TooLarge), parse(whole));

        let call = || {
            let options = CallOptions { max_answer_bytes: limit, ..CallOptions::default() };
            let input = GroupInput { name: Some("A".into()), description: Some("d".into()), ..Default::default() };
            let mut call = match operation {
                0 => Call::get_group(&config(), "o", "g", options),
                1 => Call::create_group(&config(), "o", &input, options),
                2 => Call::delete_group(&config(), "o", "g", options),
                _ => Call::list_groups(&config(), "o", &ListQuery::default(), options),
            }
            .unwrap();
            assert!(matches!(call.next_step(), Step::Send(_)));
            call
        };
        let body = Given::Text(format!("{text}{}", "x".repeat(limit as usize + 1 - text.len().min(limit as usize))));
        prop_assert!(body.as_text().unwrap().len() as u64 > limit);
        let (mut left_out, mut given) = (call(), call());
        prop_assert_eq!(
            left_out.answered_given(given_answer(&status, &headers, GivenBody::TooLarge)),
            given.answered_given(given_answer(&status, &headers, GivenBody::Value(&body)))
        );
        prop_assert_eq!(left_out.next_step(), given.next_step());
    }
}
