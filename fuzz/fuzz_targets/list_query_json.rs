//! `build_list_groups_json` and `ListQuery::from_json` on any bytes: they agree, and a built
//! URL's query holds exactly the input's values (as `serde_json` reads them), each
//! percent-encoded so that no value can add a parameter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tallyfy_core::{build_list_groups, build_list_groups_json, Config, ErrorCode, ListQuery};
use tallyfy_fuzz::{check_error, check_request, decode_component, reference, Reference};

/// The JSON names and the URL names of the query's values, in the URL's order.
const NAMES: [(&str, &str); 6] =
    [("q", "q"), ("page", "page"), ("perPage", "per_page"), ("sortBy", "sort_by"), ("sort", "sort"), ("with", "with")];

/// The URL value `value` should become.
fn url_value(value: &Value) -> Vec<u8> {
    match value {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Number(n) => n.as_u64().unwrap_or_else(|| panic!("took {n} as a number")).to_string().into_bytes(),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().unwrap_or_else(|| panic!("took {i} in with")))
            .collect::<Vec<_>>()
            .join(",")
            .into_bytes(),
        other => panic!("took {other} as a query value"),
    }
}

fuzz_target!(|data: &[u8]| {
    let config = Config::new("tok_123", None, None).expect("a valid config");
    let parsed = ListQuery::from_json(data);
    let request = match build_list_groups_json(&config, "org1", data) {
        Ok(request) => request,
        Err(error) => {
            check_error(&error);
            assert_eq!(error.code(), ErrorCode::InvalidInput);
            let refused = parsed.expect_err("ListQuery::from_json took what the builder refused");
            assert_eq!(refused.field_errors(), error.field_errors());
            return;
        }
    };
    let query = parsed.expect("ListQuery::from_json refused what the builder took");
    assert_eq!(build_list_groups(&config, "org1", &query).ok().as_ref(), Some(&request), "the typed builder disagrees");
    let tail = check_request(&request, config.base_url(), "tok_123", "APIClient", &["org1"]);
    let pairs: Vec<(&str, Vec<u8>)> = tail
        .strip_prefix('?')
        .map(|q| {
            q.split('&')
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or_else(|| panic!("no = in {pair:?}"));
                    (key, if key == "with" { value.as_bytes().to_vec() } else { decode_component(value) })
                })
                .collect()
        })
        .unwrap_or_default();
    assert!(tail.is_empty() || tail.starts_with('?'), "after the path: {tail:?}");
    let json = match reference(data) {
        Reference::Json(json) => json,
        Reference::Invalid => panic!("built from bytes serde_json refuses"),
        Reference::Unreadable => return,
    };
    if let Some(object) = json.as_object() {
        assert!(object.keys().all(|k| NAMES.iter().any(|(n, _)| n == k)), "an unknown key was accepted");
    } else {
        assert!(json.is_null(), "built from {json}");
    }
    let expected: Vec<(&str, Vec<u8>)> = NAMES
        .iter()
        .filter_map(|(json_name, url_name)| match &json[json_name] {
            Value::Null => None,
            Value::Array(items) if items.is_empty() => None,
            value => Some((*url_name, url_value(value))),
        })
        .collect();
    assert_eq!(pairs, expected);
});
