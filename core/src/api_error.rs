//! Turning an error answer, in any of its documented shapes, into an [`Error`].

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, ErrorCode, FieldCode, FieldError, RetryAfter};
use crate::http_date;
use crate::read_headers::{REQUEST_ID, RETRY_AFTER};
use crate::response::Response;
use crate::text::bounded;

/// The most field errors kept from one answer.
pub(crate) const MAX_FIELD_ERRORS: usize = 100;
/// The longest request id kept, in bytes.
const MAX_REQUEST_ID: usize = 128;

/// The error for an answer whose status the operation does not accept.
///
/// Understands `{"message", "errors"}` (Laravel 422, values as strings, lists or nested
/// objects), `{"error": true, "code", "message"}`, `{"error": {"code", "message", "details"}}`,
/// `{"error": "…", "message": "…"}` and plain-text bodies. Reading costs time linear in the
/// body's size, and at most [`MAX_FIELD_ERRORS`] field errors are kept.
pub(crate) fn error_answer(response: &Response) -> Error {
    let status = response.status;
    let mut message = None;
    let mut server_code = None;
    let mut field_errors = Vec::new();
    match crate::reading::from_slice::<ErrorBody>(response.body) {
        Ok(body) => {
            message = body.message.or(body.nested.message).or(body.error_text);
            server_code = body.code.or(body.nested.code);
            field_errors = body.errors.or(body.nested.errors).or(body.nested.details).unwrap_or_default();
        }
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

/// An error body's parts: the first three shapes at the top level, the fourth nested under
/// `error`. A repeated key counts once, the last one (values of other types are ignored).
#[derive(Default)]
struct ErrorBody {
    message: Option<String>,
    code: Option<String>,
    /// `"error": "…"`.
    error_text: Option<String>,
    /// `"errors"`, flattened.
    errors: Option<Vec<FieldError>>,
    /// `"error": {…}`.
    nested: Nested,
}

/// `"error": {"code", "message", "errors", "details"}`.
#[derive(Default)]
struct Nested {
    message: Option<String>,
    code: Option<String>,
    errors: Option<Vec<FieldError>>,
    details: Option<Vec<FieldError>>,
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BodyVisitor { nested: false }).map(|(body, _)| body)
    }
}

/// Reads the top level of an error body (`nested: false`) or its `"error"` object.
struct BodyVisitor {
    nested: bool,
}

impl<'de> DeserializeSeed<'de> for BodyVisitor {
    type Value = (ErrorBody, bool);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BodyVisitor {
    /// The parts, and whether the value was an object.
    type Value = (ErrorBody, bool);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut body = ErrorBody::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Message => body.message = map.next_value::<Text>()?.0,
                Key::Code => body.code = map.next_value::<Text>()?.0,
                Key::Errors => body.errors = Some(map.next_value_seed(Flatten::default())?),
                Key::Details if self.nested => body.nested.details = Some(map.next_value_seed(Flatten::default())?),
                Key::Error if !self.nested => {
                    let (nested, is_object) = map.next_value_seed(BodyVisitor { nested: true })?;
                    if is_object {
                        body.nested = Nested {
                            message: nested.message,
                            code: nested.code,
                            errors: nested.errors,
                            details: nested.nested.details,
                        };
                    } else {
                        body.error_text = nested.message;
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((body, true))
    }

    // Any other value carries nothing, except a string under "error" (kept as its message).
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok((ErrorBody { message: Some(v.to_owned()), ..Default::default() }, false))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok((ErrorBody::default(), false))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok((ErrorBody::default(), false))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok((ErrorBody::default(), false))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok((ErrorBody::default(), false))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok((ErrorBody::default(), false))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok((ErrorBody::default(), false))
    }
}

/// The keys an error body's reader looks at.
enum Key {
    Message,
    Code,
    Error,
    Errors,
    Details,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "message" => Key::Message,
                    "code" => Key::Code,
                    "error" => Key::Error,
                    "errors" => Key::Errors,
                    "details" => Key::Details,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A string, or nothing for a value of any other type.
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match (BodyVisitor { nested: true }).deserialize(deserializer)? {
            (body, false) => Ok(Text(body.message)),
            (_, true) => Ok(Text(None)),
        }
    }
}

/// Collects the messages under a value as field errors named by their dot path (`body` at
/// the top), at most [`MAX_FIELD_ERRORS`]; past the cap the rest is skipped unread.
#[derive(Default)]
struct Flatten {
    path: String,
    out: Vec<FieldError>,
}

impl Flatten {
    fn push(&mut self, message: &str) {
        if self.out.len() < MAX_FIELD_ERRORS {
            let field = if self.path.is_empty() { "body".to_owned() } else { bounded(&self.path) };
            self.out.push(FieldError::new(field, FieldCode::Rejected, bounded(message)));
        }
    }
}

impl<'de> DeserializeSeed<'de> for Flatten {
    type Value = Vec<FieldError>;

    fn deserialize<D: Deserializer<'de>>(mut self, deserializer: D) -> Result<Vec<FieldError>, D::Error> {
        Level(&mut self).deserialize(deserializer)?;
        Ok(self.out)
    }
}

/// One value of the tree [`Flatten`] walks.
struct Level<'a>(&'a mut Flatten);

impl<'de> DeserializeSeed<'de> for Level<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.0.out.len() >= MAX_FIELD_ERRORS {
            deserializer.deserialize_ignored_any(IgnoredAny).map(|_| ())
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.push(v);
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.push(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.push(&v.to_string());
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.push(&v.to_string());
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.0.push("(a number)");
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Level(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let flatten = self.0;
        loop {
            if flatten.out.len() >= MAX_FIELD_ERRORS {
                while map.next_key::<IgnoredAny>()?.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
                return Ok(());
            }
            let len = flatten.path.len();
            if map.next_key_seed(PathKey(&mut flatten.path))?.is_none() {
                return Ok(());
            }
            map.next_value_seed(Level(flatten))?;
            flatten.path.truncate(len);
        }
    }
}

/// Reads a key and appends it to the path (after a `.` unless the path is empty).
struct PathKey<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for PathKey<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for PathKey<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        if !self.0.is_empty() {
            self.0.push('.');
        }
        self.0.push_str(v);
        Ok(())
    }
}

/// The longest `Retry-After` kept, in seconds (2^32 - 1, about 136 years); longer ones are
/// clamped to it.
const MAX_RETRY_AFTER_SECONDS: u64 = u32::MAX as u64;

fn retry_after(response: &Response) -> Option<RetryAfter> {
    let value = response.header(RETRY_AFTER)?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Clamped: a longer wait means "give up" to every policy, and fits every host's integer.
        return Some(RetryAfter::Seconds(value.parse().unwrap_or(u64::MAX).min(MAX_RETRY_AFTER_SECONDS)));
    }
    http_date::parse(value).map(RetryAfter::At)
}

fn request_id(response: &Response) -> Option<String> {
    let id: String = response.header(REQUEST_ID)?.chars().filter(char::is_ascii_graphic).take(MAX_REQUEST_ID).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &[u8]) -> Error {
        error_answer(&Response { status: 422, headers: &[], body })
    }

    #[test]
    fn field_errors_stop_at_the_cap() {
        let entries: Vec<String> = (0..250).map(|i| format!(r#""f{i}":["m{i}"]"#)).collect();
        let body = format!(r#"{{"message":"bad","errors":{{{}}}}}"#, entries.join(","));
        let error = answer(body.as_bytes());
        assert_eq!(error.field_errors().len(), MAX_FIELD_ERRORS);
        assert_eq!(error.field_errors()[99].field, "f99");
        assert_eq!(error.field_errors()[99].message, "m99");
        assert_eq!(error.message(), "bad");
    }

    #[test]
    fn one_huge_key_with_many_entries_is_bounded() {
        let key = "k".repeat(262_144);
        let body = format!(r#"{{"errors":{{"{key}":[{}"last"]}}}}"#, r#""x","#.repeat(262_143));
        let error = answer(body.as_bytes());
        assert_eq!(error.field_errors().len(), MAX_FIELD_ERRORS);
        assert!(error.field_errors().iter().all(|e| e.field.len() <= 512 && e.message == "x"));
    }

    #[test]
    fn nesting_deeper_than_serde_json_allows_is_read_as_text() {
        // serde_json refuses more than 128 nested arrays and objects in a value it walks.
        let deep = |n: usize| format!(r#"{{"errors":{{"a":{}"x"{}}}}}"#, "[".repeat(n), "]".repeat(n));
        assert_eq!(answer(deep(120).as_bytes()).field_errors().len(), 1);
        let error = answer(deep(200).as_bytes());
        assert!(error.field_errors().is_empty());
        assert!(error.message().starts_with("{\"errors\""), "{}", error.message());
    }

    #[test]
    fn repeated_keys_in_an_error_body_count_once_the_last() {
        let error = answer(br#"{"message":"first","message":"second","errors":{"a":"1"},"errors":{"b":"2"}}"#);
        assert_eq!(error.message(), "second");
        assert_eq!(error.field_errors()[0].field, "b");
    }
}
