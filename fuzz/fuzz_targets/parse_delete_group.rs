//! `parse_delete_group` on any status, headers and body: a 200 or 204 succeeds exactly when
//! the body is blank or JSON that `serde_json` reads; an error's code follows its status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tallyfy_core::parse_delete_group;
use tallyfy_fuzz::{check_parse_error, reference, Answer, Reference};

const SUCCESS: [u16; 2] = [200, 204];

fuzz_target!(|data: &[u8]| {
    let answer = Answer::read(data);
    let result = answer.with(parse_delete_group);
    if let Err(error) = &result {
        check_parse_error(error, answer.status, &SUCCESS);
    }
    if SUCCESS.contains(&answer.status) {
        let blank = answer.body.iter().all(u8::is_ascii_whitespace);
        match reference(&answer.body) {
            Reference::Json(_) => assert!(result.is_ok(), "refused JSON: {result:?}"),
            Reference::Invalid => assert_eq!(result.is_ok(), blank, "{result:?}"),
            Reference::Unreadable => {}
        }
    } else {
        assert!(result.is_err());
    }
});
