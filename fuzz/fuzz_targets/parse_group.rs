//! `parse_group` on any status, headers and body: a group is exactly what `serde_json` reads
//! from `data`, and every documented group is accepted; a refused success answer is
//! `malformed_response`; an error's code follows its status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tallyfy_core::parse_group;
use tallyfy_fuzz::{assert_group, check_parse_error, is_documented_group, reference, Answer, Reference};

const SUCCESS: [u16; 2] = [200, 201];

fuzz_target!(|data: &[u8]| {
    let answer = Answer::read(data);
    let json = reference(&answer.body);
    match answer.with(parse_group) {
        Ok(group) => {
            assert!(SUCCESS.contains(&answer.status), "a group from status {}", answer.status);
            match json {
                Reference::Json(json) => assert_group(&group, &json["data"]),
                Reference::Invalid => panic!("a group from a body serde_json refuses"),
                Reference::Unreadable => {}
            }
        }
        Err(error) => {
            check_parse_error(&error, answer.status, &SUCCESS);
            if let (true, Reference::Json(json)) = (SUCCESS.contains(&answer.status), json) {
                assert!(!json.get("data").is_some_and(is_documented_group), "refused a documented group: {error:?}");
            }
        }
    }
});
