//! The call driver under any script of answers and failures: it never panics, ends within
//! its bounds (at most 1 + `max_retries` sends a page and `max_pages` pages), waits within the
//! policy's caps, never retries a POST that may have reached the server, and shows the token
//! in no trace or error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tallyfy_core::{
    Call, CallOptions, Config, GroupInput, ListQuery, NoAnswer, Response, RetryReason, Step, DEFAULT_MAX_ANSWER_BYTES,
};
use tallyfy_fuzz::{assert_no_token, check_error, Bytes};

const TOKEN: &str = "tok_fuzz_call_5";

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    let config = Config::new(TOKEN, None, None).expect("a valid config");
    let max_pages = u32::from(bytes.byte() % 4) + 1;
    let max_answer_bytes =
        if bytes.byte().is_multiple_of(2) { DEFAULT_MAX_ANSWER_BYTES } else { u64::from(bytes.u16()) + 1 };
    let options = CallOptions { random_seed: bytes.u64(), max_pages, max_answer_bytes, ..CallOptions::default() };
    let input = GroupInput { name: Some("A".into()), description: Some("d".into()), ..Default::default() };
    let operation = bytes.byte() % 4;
    let query = ListQuery { per_page: Some(u32::from(bytes.byte() % 100) + 1), ..Default::default() };
    let mut call = match operation {
        0 => Call::get_group(&config, "o", TOKEN, options),
        1 => Call::create_group(&config, "o", &input, options),
        2 => Call::delete_group(&config, "o", "g", options),
        _ => Call::list_all_groups(&config, "o", &query, options),
    }
    .expect("valid arguments");
    let policy = options.policy;
    let longest = ((policy.max_delay_ms as f64) * (1.0 + policy.jitter)).round() as u64;
    let mut sends = 0;
    loop {
        match call.next_step() {
            Step::Send(exchange) => {
                sends += 1;
                assert!(sends <= (policy.max_retries + 1) * max_pages, "{sends} sends");
                assert!(!format!("{:?} {}", exchange.trace, exchange.trace.url).contains(TOKEN));
                let mut outside_http = false;
                let handed = match bytes.byte() % 8 {
                    0 => call.no_answer(NoAnswer::NotDelivered),
                    1 => call.no_answer(NoAnswer::Timeout),
                    2 => call.no_answer(NoAnswer::TooLarge),
                    _ => {
                        let status = match bytes.byte() % 4 {
                            0 => 429,
                            1 => 200,
                            2 => 502 + u16::from(bytes.byte() % 3),
                            _ => bytes.u16(),
                        };
                        let names = ["Retry-After", "Date", "X-Request-Id", "Content-Type"];
                        let headers: Vec<(String, String)> = (0..bytes.byte() % 3)
                            .map(|_| {
                                (
                                    bytes.choose(&names),
                                    bytes.choose(&["2", "31", "Sun, 06 Dec 2026 10:00:00 GMT", TOKEN]),
                                )
                            })
                            .collect();
                        let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                        let body = bytes.text();
                        outside_http = !(100..=599).contains(&status);
                        call.answered(&Response { status, headers: &pairs, body: body.as_bytes() })
                    }
                };
                if outside_http {
                    // Refused, and the call still waits for an answer to the same send, which
                    // the next step gives again (not a new send).
                    let error = handed.expect_err("a status outside 100 to 599 is refused");
                    assert_eq!(error.field_errors()[0].field, "status");
                    sends -= 1;
                } else {
                    handed.expect("the call waits for an answer after a send step");
                }
            }
            Step::Wait(retry) => {
                assert!(retry.delay_ms <= longest.max(policy.max_retry_after_ms), "{retry:?}");
                if operation == 1 {
                    assert!(matches!(&retry.reason, RetryReason::Answer(e) if e.status() == Some(429)), "{retry:?}");
                }
                if let RetryReason::Answer(error) = &retry.reason {
                    assert_no_token(error, TOKEN);
                }
            }
            Step::Failed(error) => {
                check_error(error);
                assert_no_token(error, TOKEN);
                break;
            }
            Step::Done(_) | Step::Unanswered(_) => break,
        }
    }
    assert!(
        call.answered(&Response { status: 200, headers: &[], body: b"" }).is_err(),
        "an ended call takes no answer"
    );
});
