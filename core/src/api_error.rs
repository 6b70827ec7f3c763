//! Turning an error answer, in any of its documented shapes, into an [`Error`].

use crate::error::{Error, ErrorCode, FieldCode, FieldError, RetryAfter};
use crate::http_date;
use crate::json::{self, Value};
use crate::response::Response;
use crate::text::bounded;

/// The most field errors kept from one answer.
const MAX_FIELD_ERRORS: usize = 100;
/// The longest request id kept, in bytes.
const MAX_REQUEST_ID: usize = 128;

/// The error for an answer whose status the operation does not accept.
///
/// Understands `{"message", "errors"}` (Laravel 422, values as strings, lists or nested
/// objects), `{"error": true, "code", "message"}`, `{"error": {"code", "message", "details"}}`,
/// `{"error": "…", "message": "…"}` and plain-text bodies.
pub(crate) fn error_answer(response: &Response) -> Error {
    let status = response.status;
    let mut field_errors = Vec::new();
    let mut message = None;
    let mut server_code = None;
    match json::parse(response.body) {
        Ok(map @ Value::Object(_)) => {
            let nested = map.get("error").filter(|e| e.as_object().is_some());
            message = text(&map, "message")
                .or_else(|| nested.and_then(|e| text(e, "message")))
                .or_else(|| map.get("error").and_then(Value::as_str))
                .map(str::to_owned);
            server_code = text(&map, "code").or_else(|| nested.and_then(|e| text(e, "code"))).map(str::to_owned);
            let errors =
                map.get("errors").or_else(|| nested.and_then(|e| e.get("errors").or_else(|| e.get("details"))));
            if let Some(errors) = errors {
                flatten(errors, String::new(), &mut field_errors);
            }
        }
        Ok(_) => {}
        Err(_) => {
            let body = String::from_utf8_lossy(response.body);
            let body = body.trim();
            if !body.is_empty() && !body.starts_with('<') {
                message = Some(body.to_owned());
            }
        }
    }
    let mut full = match message {
        Some(m) if !m.trim().is_empty() => m.trim().to_owned(),
        _ => format!("the server answered {status}{}", reason(status)),
    };
    if let Some(code) = server_code.filter(|c| !c.is_empty()) {
        full.push_str(" (");
        full.push_str(&code);
        full.push(')');
    }
    Error::from_answer(
        ErrorCode::for_status(status),
        status,
        &full,
        field_errors,
        retry_after(response),
        request_id(response),
    )
}

/// The error for a success status whose body is not the documented shape.
pub(crate) fn malformed(response: &Response, detail: &str) -> Error {
    let message = format!("the server answered {} but {detail}", response.status);
    Error::from_answer(ErrorCode::MalformedResponse, response.status, &message, Vec::new(), None, request_id(response))
}

fn text<'a>(map: &'a Value, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

/// Collects the messages under `value` as field errors named by their dot path.
fn flatten(value: &Value, path: String, out: &mut Vec<FieldError>) {
    if out.len() >= MAX_FIELD_ERRORS {
        return;
    }
    let field = || if path.is_empty() { "body".to_owned() } else { path.clone() };
    match value {
        Value::Object(members) => {
            for (key, inner) in members {
                let child = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                flatten(inner, child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(item, path.clone(), out);
            }
        }
        Value::String(s) => out.push(FieldError::new(bounded(&field()), FieldCode::Rejected, bounded(s))),
        Value::Null => {}
        other => out.push(FieldError::new(bounded(&field()), FieldCode::Rejected, bounded(&other.to_json()))),
    }
}

fn retry_after(response: &Response) -> Option<RetryAfter> {
    let value = response.header("Retry-After")?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(RetryAfter::Seconds(value.parse().unwrap_or(u64::MAX)));
    }
    http_date::parse(value).map(RetryAfter::At)
}

fn request_id(response: &Response) -> Option<String> {
    let id: String =
        response.header("X-Request-Id")?.chars().filter(char::is_ascii_graphic).take(MAX_REQUEST_ID).collect();
    (!id.is_empty()).then_some(id)
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => " Bad Request",
        401 => " Unauthorized",
        402 => " Payment Required",
        403 => " Forbidden",
        404 => " Not Found",
        409 => " Conflict",
        422 => " Unprocessable Content",
        423 => " Locked",
        429 => " Too Many Requests",
        500 => " Internal Server Error",
        502 => " Bad Gateway",
        503 => " Service Unavailable",
        504 => " Gateway Timeout",
        _ => "",
    }
}
