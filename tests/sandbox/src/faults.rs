//! Fault injection: a FIFO queue of failures, each consumed by one later API request.

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use http_body::Frame;

use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::reply;

/// Longest accepted `delay_ms`, so no test can hang on a typo.
const MAX_DELAY_MS: u64 = 60_000;

/// One injected failure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Fault {
    /// 429 with `Retry-After` (seconds or an HTTP-date, sent as given) and
    /// `X-RateLimit-Remaining: 0`.
    RateLimit {
        #[serde(default)]
        retry_after: Option<RetryAfter>,
    },
    /// The given status (400..=599) with a JSON error body.
    Status { status: u16 },
    /// 401 with the plain-text body `Unauthorized.`, whatever the configured form.
    #[serde(rename = "plain_401")]
    Plain401,
    /// 200 with a JSON body cut off in the middle.
    Truncated,
    /// 200 with the HTML body `<html>oops</html>`.
    NonJson,
    /// Waits this long, then handles the request normally.
    DelayMs { ms: u64 },
    /// No answer at all: the connection is closed without a byte of a response, as when a
    /// server or a proxy in between fails (the request has no effect).
    NoAnswer,
    /// Exactly this answer: a status (200..=599), a body, and headers (`Content-Type` defaults
    /// to `application/json`), for clients' tests of what a server may say.
    Answer {
        status: u16,
        body: String,
        #[serde(default)]
        headers: BTreeMap<String, String>,
    },
}

/// A response body that fails before its first byte: hyper then closes the connection without
/// writing the status line or headers, so the client gets no answer at all.
struct Hangup;

impl HttpBody for Hangup {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        Poll::Ready(Some(Err(io::Error::new(io::ErrorKind::ConnectionAborted, "no_answer fault"))))
    }
}

/// `retry_after` may be written as a string or as a number of seconds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum RetryAfter {
    Text(String),
    Seconds(u64),
}

impl RetryAfter {
    fn header(&self) -> Option<HeaderValue> {
        match self {
            Self::Text(text) => HeaderValue::from_str(text).ok(),
            Self::Seconds(seconds) => Some(HeaderValue::from(*seconds)),
        }
    }
}

/// What the gate does with a fault taken from the queue.
pub(crate) enum Outcome {
    /// Sleep, then go on as usual.
    Delay(Duration),
    /// Answer with this instead of handling the request (state is left untouched).
    Answer(Response),
}

impl Fault {
    /// Refuses faults that could not be served as asked.
    fn check(&self) -> Result<(), String> {
        match self {
            Self::Status { status } if !(400..=599).contains(status) => {
                Err(format!("status {status} is not an error status (400..=599)"))
            }
            Self::DelayMs { ms } if *ms > MAX_DELAY_MS => Err(format!("delay {ms} ms exceeds {MAX_DELAY_MS} ms")),
            Self::RateLimit { retry_after: Some(value) } if value.header().is_none() => {
                Err("retry_after is not a valid header value".to_owned())
            }
            Self::Answer { status, .. } if !(200..=599).contains(status) => {
                Err(format!("status {status} is not a final status (200..=599)"))
            }
            Self::Answer { headers, .. }
                if headers.iter().any(|(name, value)| {
                    HeaderName::from_bytes(name.as_bytes()).is_err() || HeaderValue::from_str(value).is_err()
                }) =>
            {
                Err("answer headers must be valid header names and values".to_owned())
            }
            _ => Ok(()),
        }
    }

    /// How this fault shows up on the wire.
    pub(crate) fn outcome(&self) -> Outcome {
        let answer = match self {
            Self::DelayMs { ms } => return Outcome::Delay(Duration::from_millis(*ms)),
            Self::RateLimit { retry_after } => {
                let retry_after =
                    retry_after.as_ref().and_then(RetryAfter::header).unwrap_or(HeaderValue::from_static("1"));
                let body = json!({"message": "Too Many Attempts.", "code": "RATE_LIMIT_EXCEEDED"});
                let mut response = reply::json(StatusCode::TOO_MANY_REQUESTS, &body);
                let headers = response.headers_mut();
                headers.insert(RETRY_AFTER, retry_after);
                headers.insert(HeaderName::from_static("x-ratelimit-remaining"), HeaderValue::from_static("0"));
                response
            }
            Self::Status { status } => {
                let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let message = status.canonical_reason().unwrap_or("Injected failure");
                reply::error(status, message, "INJECTED_FAULT")
            }
            Self::NoAnswer => Response::new(Body::new(Hangup)),
            Self::Plain401 => reply::plain_unauthorized(),
            Self::Truncated => (
                StatusCode::OK,
                [(CONTENT_TYPE, "application/json")],
                r#"{"data":{"id":"53a4560dc877f9b4f709f97630efbb5a","name":"Trunc"#,
            )
                .into_response(),
            Self::NonJson => {
                (StatusCode::OK, [(CONTENT_TYPE, "text/html; charset=utf-8")], "<html>oops</html>").into_response()
            }
            Self::Answer { status, body, headers } => {
                let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut response = (status, [(CONTENT_TYPE, "application/json")], body.clone()).into_response();
                for (name, value) in headers {
                    if let (Ok(name), Ok(value)) =
                        (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
                    {
                        response.headers_mut().insert(name, value);
                    }
                }
                response
            }
        };
        Outcome::Answer(answer)
    }
}

/// Body of `POST /__sandbox/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    faults: Vec<Fault>,
    #[serde(default, rename = "match")]
    matcher: Option<Matcher>,
}

/// Restricts queued faults to requests with this method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Matcher {
    method: Option<String>,
}

/// Pending faults and how many were served.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    pending: VecDeque<(Fault, Option<Method>)>,
    injected: u64,
}

impl FaultQueue {
    /// Queues the faults of a control request body; answers the new queue length.
    pub(crate) fn push_json(&mut self, body: &[u8]) -> Result<usize, String> {
        let request: FaultRequest =
            serde_json::from_slice(body).map_err(|error| format!("invalid fault request: {error}"))?;
        let method = match request.matcher.and_then(|m| m.method) {
            Some(name) => Some(
                Method::from_bytes(name.to_ascii_uppercase().as_bytes())
                    .map_err(|_| format!("invalid method `{name}`"))?,
            ),
            None => None,
        };
        for fault in &request.faults {
            fault.check()?;
        }
        self.pending.extend(request.faults.into_iter().map(|fault| (fault, method.clone())));
        Ok(self.pending.len())
    }

    /// Removes and returns the oldest fault that applies to a request with `method`.
    pub(crate) fn take(&mut self, method: &Method) -> Option<Fault> {
        let index = self.pending.iter().position(|(_, only)| only.as_ref().is_none_or(|only| only == method))?;
        let (fault, _) = self.pending.remove(index)?;
        self.injected += 1;
        Some(fault)
    }

    /// Drops every pending fault; answers how many there were.
    pub(crate) fn clear(&mut self) -> usize {
        let count = self.pending.len();
        self.pending.clear();
        count
    }

    /// Back to empty with no faults served.
    pub(crate) fn reset(&mut self) {
        *self = Self::default();
    }

    /// Number of faults waiting.
    pub(crate) fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Number of faults served so far.
    pub(crate) fn injected(&self) -> u64 {
        self.injected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind() {
        let mut queue = FaultQueue::default();
        let body = br#"{"faults":[{"kind":"rate_limit","retry_after":"1"},{"kind":"rate_limit","retry_after":5},
            {"kind":"rate_limit"},{"kind":"status","status":503},{"kind":"plain_401"},{"kind":"truncated"},
            {"kind":"non_json"},{"kind":"delay_ms","ms":200},{"kind":"answer","status":401,"body":"x"},
            {"kind":"no_answer"}]}"#;
        assert_eq!(queue.push_json(body), Ok(10));
        assert_eq!(
            queue.take(&Method::GET),
            Some(Fault::RateLimit { retry_after: Some(RetryAfter::Text("1".to_owned())) })
        );
        assert_eq!(queue.pending(), 9);
        assert_eq!(queue.injected(), 1);
    }

    #[test]
    fn refuses_bad_requests() {
        let mut queue = FaultQueue::default();
        for bad in [
            &br#"{"faults":[{"kind":"explode"}]}"#[..],
            br#"{"faults":[{"kind":"status","status":200}]}"#,
            br#"{"faults":[{"kind":"delay_ms","ms":600000}]}"#,
            br#"{"faults":[{"kind":"rate_limit","retry_after":"bad\nvalue"}]}"#,
            br#"{"faults":[{"kind":"answer","status":101,"body":""}]}"#,
            br#"{"faults":[{"kind":"answer","status":200,"body":"","headers":{"x":"a\nb"}}]}"#,
            br#"{"faults":[{"kind":"answer","status":200,"body":"","headers":{"a b":"x"}}]}"#,
            br#"{"faults":[],"match":{"method":"GE T"}}"#,
            br#"{"fault":[]}"#,
            b"nope",
        ] {
            assert!(queue.push_json(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(queue.pending(), 0);
    }

    #[test]
    fn matching_skips_other_methods() {
        let mut queue = FaultQueue::default();
        queue.push_json(br#"{"faults":[{"kind":"truncated"}],"match":{"method":"post"}}"#).expect("valid");
        queue.push_json(br#"{"faults":[{"kind":"non_json"}]}"#).expect("valid");
        assert_eq!(queue.take(&Method::GET), Some(Fault::NonJson));
        assert_eq!(queue.take(&Method::GET), None);
        assert_eq!(queue.take(&Method::POST), Some(Fault::Truncated));
        assert_eq!(queue.clear(), 0);
    }
}
