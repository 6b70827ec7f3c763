//! `parse_group_list` on any status, headers and body: every group and the pagination are
//! exactly what `serde_json` reads; every documented page is accepted; a refused 200 is
//! `malformed_response`; an error's code follows its status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tallyfy_core::parse_group_list;
use tallyfy_fuzz::{assert_group, check_parse_error, is_documented_group, reference, Answer, Reference};

const SUCCESS: [u16; 1] = [200];
const COUNTERS: [&str; 5] = ["total", "count", "per_page", "current_page", "total_pages"];

/// A page in the documented shape: `data` a list of groups, `meta.pagination` five counters.
fn is_documented_page(json: &Value) -> bool {
    let pagination = &json["meta"]["pagination"];
    json["data"].as_array().is_some_and(|groups| groups.iter().all(is_documented_group))
        && json["meta"].is_object()
        && COUNTERS.iter().all(|k| pagination.get(k).is_some_and(|v| v.as_u64().is_some()))
}

fuzz_target!(|data: &[u8]| {
    let answer = Answer::read(data);
    let json = reference(&answer.body);
    match answer.with(parse_group_list) {
        Ok(page) => {
            assert!(SUCCESS.contains(&answer.status), "a page from status {}", answer.status);
            let json = match json {
                Reference::Json(json) => json,
                Reference::Invalid => panic!("a page from a body serde_json refuses"),
                Reference::Unreadable => return,
            };
            let groups = json["data"].as_array().expect("data is a list");
            assert_eq!(groups.len(), page.groups.len());
            for (group, json) in page.groups.iter().zip(groups) {
                assert_group(group, json);
            }
            let p = &json["meta"]["pagination"];
            let read = [
                p["total"].as_u64(),
                p["count"].as_u64(),
                p["per_page"].as_u64(),
                p["current_page"].as_u64(),
                p["total_pages"].as_u64(),
            ];
            let ours = page.pagination;
            assert_eq!(read, [ours.total, ours.count, ours.per_page, ours.current_page, ours.total_pages].map(Some));
        }
        Err(error) => {
            check_parse_error(&error, answer.status, &SUCCESS);
            if let (true, Reference::Json(json)) = (SUCCESS.contains(&answer.status), json) {
                assert!(!is_documented_page(&json), "refused a documented page: {error:?}");
            }
        }
    }
});
