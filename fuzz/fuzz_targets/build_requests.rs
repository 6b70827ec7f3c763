//! Every `build_*` with arbitrary strings for the token, base URL, client header, ids and
//! input fields: a request keeps each id in one path segment, carries exactly the token and
//! client header in headers without control characters, and has the input as its body; a
//! refusal is `invalid_input`; no error ever shows the token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tallyfy_core::{
    build_create_group, build_delete_group, build_get_group, build_list_groups, build_update_group,
    validate_create_group, validate_update_group, Config, ErrorCode, GroupInput, Include, ListQuery, SortBy,
    SortDirection,
};
use tallyfy_fuzz::{assert_body, assert_no_token, check_error, check_request, decode_component, Bytes};

fn input(bytes: &mut Bytes) -> GroupInput {
    let list = |bytes: &mut Bytes, f: &mut dyn FnMut(&mut Bytes)| {
        let choice = bytes.byte();
        let present = !choice.is_multiple_of(3);
        if present {
            for _ in 0..choice % 5 {
                f(bytes);
            }
        }
        present
    };
    let name = bytes.maybe(&["Ops"]);
    let description = bytes.maybe(&["Runs things"]);
    let mut members = Vec::new();
    let has_members =
        list(bytes, &mut |b| members.push(if b.byte() % 2 == 0 { 1000 + u64::from(b.byte()) } else { b.u64() }));
    let mut guests = Vec::new();
    let has_guests = list(bytes, &mut |b| guests.push(b.choose(&["a@b.co", "x@exämple.de"])));
    GroupInput { name, description, members: has_members.then_some(members), guests: has_guests.then_some(guests) }
}

fn query(bytes: &mut Bytes) -> ListQuery {
    let number = |bytes: &mut Bytes| match bytes.byte() % 3 {
        0 => None,
        1 => Some(u32::from(bytes.byte())),
        _ => Some(bytes.u32()),
    };
    let q = bytes.maybe(&["ops team"]);
    let page = number(bytes);
    let per_page = number(bytes);
    let sort_by =
        [None, Some(SortBy::Name), Some(SortBy::CreatedAt), Some(SortBy::UpdatedAt)][usize::from(bytes.byte() % 4)];
    let sort = [None, Some(SortDirection::Asc), Some(SortDirection::Desc)][usize::from(bytes.byte() % 3)];
    let with = (0..bytes.byte() % 4)
        .map(|_| [Include::Assets, Include::Users, Include::Guests][usize::from(bytes.byte() % 3)])
        .collect();
    ListQuery { q, page, per_page, sort_by, sort, with }
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    // A distinctive prefix, so that finding the token in an error means it leaked.
    let token = format!("Zq{}", bytes.choose(&["tok_123"]));
    let base_url = match bytes.byte() % 4 {
        0 => None,
        1 => Some("https://go.tallyfy.com/api".to_owned()),
        2 => Some("http://127.0.0.1:8080/api/".to_owned()),
        _ => Some(bytes.text()),
    };
    let client_header = bytes.maybe(&["TallyfySDK"]);
    let op = bytes.byte() % 5;
    let org_id = bytes.choose(&["org1"]);
    let group_id = bytes.choose(&["53a4560dc877f9b4f709f97630efbb5a"]);
    let input = input(&mut bytes);
    let query = query(&mut bytes);

    let mut others = vec![org_id.clone(), group_id.clone(), format!("{input:?}"), format!("{query:?}")];
    others.extend(base_url.iter().cloned());
    others.extend(client_header.iter().cloned());
    let token_elsewhere = others.iter().any(|text| text.contains(&token));

    let config = match Config::new(&token, base_url.as_deref(), client_header.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            check_error(&error);
            assert_eq!(error.code(), ErrorCode::InvalidInput);
            for field in error.field_errors() {
                assert!(["access_token", "base_url", "client_header"].contains(&field.field.as_str()), "{field:?}");
            }
            if !token_elsewhere {
                assert_no_token(&error, &token);
            }
            return;
        }
    };
    assert!(token_elsewhere || !format!("{config:?}").contains(&token), "Config's Debug shows the token");
    let client = config.client_header().to_owned();
    let (built, ids, validation) = match op {
        0 => (build_create_group(&config, &org_id, &input), vec![org_id.as_str()], Some(validate_create_group(&input))),
        1 => (build_get_group(&config, &org_id, &group_id), vec![org_id.as_str(), group_id.as_str()], None),
        2 => (build_list_groups(&config, &org_id, &query), vec![org_id.as_str()], None),
        3 => (
            build_update_group(&config, &org_id, &group_id, &input),
            vec![org_id.as_str(), group_id.as_str()],
            Some(validate_update_group(&input)),
        ),
        _ => (build_delete_group(&config, &org_id, &group_id), vec![org_id.as_str(), group_id.as_str()], None),
    };
    let request = match built {
        Ok(request) => request,
        Err(error) => {
            check_error(&error);
            assert_eq!(error.code(), ErrorCode::InvalidInput);
            assert!(!error.field_errors().is_empty());
            if let Some(validation) = validation {
                assert!(validation.iter().all(|v| error.field_errors().contains(v)), "validate and build disagree");
            }
            if !token_elsewhere {
                assert_no_token(&error, &token);
            }
            return;
        }
    };
    if let Some(validation) = validation {
        assert!(validation.is_empty(), "built although validate found {validation:?}");
    }
    let method = ["POST", "GET", "GET", "PUT", "DELETE"][usize::from(op)];
    assert_eq!(request.method.as_str(), method);
    let tail = check_request(&request, config.base_url(), &token, &client, &ids);
    match op {
        0 | 3 => assert_body(&request, &input),
        _ => assert_eq!(request.body, None),
    }
    if op == 2 {
        let mut expected = Vec::new();
        if let Some(q) = &query.q {
            expected.push(("q".to_owned(), q.as_bytes().to_vec()));
        }
        for (name, value) in [("page", query.page), ("per_page", query.per_page)] {
            if let Some(n) = value {
                expected.push((name.to_owned(), n.to_string().into_bytes()));
            }
        }
        if let Some(sort_by) = query.sort_by {
            expected.push(("sort_by".to_owned(), sort_by.as_str().as_bytes().to_vec()));
        }
        if let Some(sort) = query.sort {
            expected.push(("sort".to_owned(), sort.as_str().as_bytes().to_vec()));
        }
        if !query.with.is_empty() {
            let names: Vec<&str> = query.with.iter().map(|i| i.as_str()).collect();
            expected.push(("with".to_owned(), names.join(",").into_bytes()));
        }
        let pairs: Vec<(String, Vec<u8>)> = tail
            .strip_prefix('?')
            .map(|q| {
                q.split('&')
                    .map(|pair| {
                        let (key, value) = pair.split_once('=').expect("key=value");
                        let value = if key == "with" { value.as_bytes().to_vec() } else { decode_component(value) };
                        (key.to_owned(), value)
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(pairs, expected);
    } else {
        assert!(tail.is_empty(), "after the path: {tail:?}");
    }
});
