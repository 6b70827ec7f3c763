//! The JSON input entry points on any bytes: `validate_*_json`, `build_*_group_json` and
//! `GroupInput::from_json` agree with one another, and a built body is exactly the input's
//! fields as `serde_json` reads them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use tallyfy_core::{
    build_create_group, build_create_group_json, build_update_group, build_update_group_json,
    validate_create_group_json, validate_update_group_json, Config, ErrorCode, FieldCode, GroupInput,
};
use tallyfy_fuzz::{check_error, check_request, reference, Reference};

const FIELDS: [&str; 4] = ["name", "description", "members", "guests"];

/// Whether `field` is a path the input's errors may name.
fn known_path(field: &str) -> bool {
    let list = |prefix: &str| {
        field.strip_prefix(prefix).is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
    };
    ["body", "name", "description", "members", "guests"].contains(&field) || list("members.") || list("guests.")
}

fuzz_target!(|data: &[u8]| {
    let config = Config::new("tok_123", None, None).expect("a valid config");
    let json = reference(data);
    let object = match &json {
        Reference::Json(Value::Object(object)) => Some(object),
        _ => None,
    };
    let typed = GroupInput::from_json(data);
    let cases = [
        (validate_create_group_json(data), build_create_group_json(&config, "org1", data), vec!["org1"]),
        (validate_update_group_json(data), build_update_group_json(&config, "org1", "g1", data), vec!["org1", "g1"]),
    ];
    for (errors, built, ids) in cases {
        for field in &errors {
            let unknown = field.code == FieldCode::UnknownField;
            // Without a Value (a body that is not UTF-8 in a skipped value) there is no verdict.
            let present = object.is_none_or(|o| o.contains_key(&field.field));
            assert!(known_path(&field.field) || (unknown && present), "field error on {:?}", field.field);
        }
        let request = match built {
            Ok(request) => request,
            Err(error) => {
                check_error(&error);
                assert_eq!(error.code(), ErrorCode::InvalidInput);
                assert_eq!(error.field_errors(), errors.as_slice(), "build and validate disagree");
                continue;
            }
        };
        assert!(errors.is_empty(), "built although validate found {errors:?}");
        check_request(&request, config.base_url(), "tok_123", "APIClient", &ids);
        if matches!(json, Reference::Unreadable) {
            continue;
        }
        let object = object.unwrap_or_else(|| panic!("built from a non-object {:?}", String::from_utf8_lossy(data)));
        assert!(object.keys().all(|k| FIELDS.contains(&k.as_str())), "an unknown field was accepted");
        let expected: Map<String, Value> =
            object.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
        let body: Value = serde_json::from_str(request.body.as_deref().expect("a body")).expect("the body is JSON");
        assert_eq!(body, Value::Object(expected), "the body is not the input");
        let input = typed.as_ref().expect("GroupInput::from_json refused what the builder took");
        let again = if ids.len() == 1 {
            build_create_group(&config, "org1", input)
        } else {
            build_update_group(&config, "org1", "g1", input)
        };
        assert_eq!(again.as_ref().ok(), Some(&request), "the typed builder disagrees");
    }
});
