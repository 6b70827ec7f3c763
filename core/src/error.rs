//! The error model shared by every surface.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::text::bounded;

/// What kind of failure an [`Error`] is. The same codes exist on every surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Client-side validation failed; [`Error::field_errors`] lists each problem.
    InvalidInput,
    /// The server answered 400.
    BadRequest,
    /// The server answered 401.
    Unauthorized,
    /// The server answered 403.
    Forbidden,
    /// The server answered 404.
    NotFound,
    /// The server answered 422; [`Error::field_errors`] holds the server's field errors.
    ValidationFailed,
    /// The server answered 429; see [`Error::retry_after`].
    RateLimited,
    /// The server answered 5xx.
    ServerError,
    /// Any other status the operation does not expect (402, 409, 423, 3xx, ...).
    UnexpectedStatus,
    /// A success status with a body that is not the documented shape, an answer past the size
    /// limit, or pages that do not add up.
    MalformedResponse,
    /// Listing every group stopped at its page cap (`max_pages`) with more pages remaining:
    /// never a partial list.
    TooManyPages,
}

impl ErrorCode {
    /// Every code, in the order of their C enum values (1 to 10, then 14).
    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::InvalidInput,
        ErrorCode::BadRequest,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::ValidationFailed,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::UnexpectedStatus,
        ErrorCode::MalformedResponse,
        ErrorCode::TooManyPages,
    ];

    /// The code as the snake_case string used by JavaScript and the test vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
            ErrorCode::UnexpectedStatus => "unexpected_status",
            ErrorCode::MalformedResponse => "malformed_response",
            ErrorCode::TooManyPages => "too_many_pages",
        }
    }

    /// The code an error status maps to (never [`ErrorCode::InvalidInput`],
    /// [`ErrorCode::MalformedResponse`] or [`ErrorCode::TooManyPages`]).
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            400 => ErrorCode::BadRequest,
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            422 => ErrorCode::ValidationFailed,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::UnexpectedStatus,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why one field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldCode {
    /// The field is missing, null or empty where a value is required.
    Required,
    /// The field is present but only white space.
    Blank,
    /// The field is longer than allowed.
    TooLong,
    /// The field has the wrong JSON type (a string where a number belongs, 1.5 for an id, ...).
    InvalidType,
    /// A number outside its allowed range (a member id of 0 or above 2^53 - 1, page 0, ...).
    OutOfRange,
    /// Not a valid email address.
    InvalidEmail,
    /// The same value appears earlier in the list.
    Duplicate,
    /// A field this operation does not know (a typo such as `member`).
    UnknownField,
    /// An update that changes nothing.
    NoChanges,
    /// A value that is not of the allowed form (token characters, URL syntax, `.` as an id, ...).
    InvalidFormat,
    /// A value outside a fixed set (`sort_by`, `sort`, `with`).
    InvalidValue,
    /// A plain `http://` base URL whose host is not loopback.
    InsecureScheme,
    /// The input is not valid JSON.
    InvalidJson,
    /// The server refused the field (from a 422 answer).
    Rejected,
}

impl FieldCode {
    /// Every code.
    pub const ALL: [FieldCode; 14] = [
        FieldCode::Required,
        FieldCode::Blank,
        FieldCode::TooLong,
        FieldCode::InvalidType,
        FieldCode::OutOfRange,
        FieldCode::InvalidEmail,
        FieldCode::Duplicate,
        FieldCode::UnknownField,
        FieldCode::NoChanges,
        FieldCode::InvalidFormat,
        FieldCode::InvalidValue,
        FieldCode::InsecureScheme,
        FieldCode::InvalidJson,
        FieldCode::Rejected,
    ];

    /// The code as a snake_case string.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Required => "required",
            FieldCode::Blank => "blank",
            FieldCode::TooLong => "too_long",
            FieldCode::InvalidType => "invalid_type",
            FieldCode::OutOfRange => "out_of_range",
            FieldCode::InvalidEmail => "invalid_email",
            FieldCode::Duplicate => "duplicate",
            FieldCode::UnknownField => "unknown_field",
            FieldCode::NoChanges => "no_changes",
            FieldCode::InvalidFormat => "invalid_format",
            FieldCode::InvalidValue => "invalid_value",
            FieldCode::InsecureScheme => "insecure_scheme",
            FieldCode::InvalidJson => "invalid_json",
            FieldCode::Rejected => "rejected",
        }
    }
}

impl fmt::Display for FieldCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FieldCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem with one field, named by its path in the API's dot notation
/// (`name`, `members.2`, `guests.0`, or an argument such as `org_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's path: `name`, `members.2`, `org_id`, `body` for the input as a whole.
    pub field: String,
    /// Why it was refused.
    pub code: FieldCode,
    /// A sentence for people.
    pub message: String,
}

impl FieldError {
    /// A field error from its parts.
    pub fn new(field: impl Into<String>, code: FieldCode, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code, message: message.into() }
    }
}

/// A `Retry-After` value as the server sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// A delay in seconds.
    Seconds(u64),
    /// An HTTP-date, as seconds since the Unix epoch.
    At(u64),
}

impl RetryAfter {
    /// Seconds to wait from `now_unix` (seconds since the Unix epoch); 0 for a date in the past.
    pub fn seconds_from(self, now_unix: u64) -> u64 {
        match self {
            RetryAfter::Seconds(s) => s,
            RetryAfter::At(at) => at.saturating_sub(now_unix),
        }
    }
}

/// A failure of any operation: invalid input, an error answer, or a malformed answer.
///
/// The message is bounded in length, with words shaped like a credential (`Bearer …`, JWTs)
/// replaced; the access token itself is taken out only by [`crate::Config::redact_error`] (a
/// parser does not know it, and a server may echo it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    status: Option<u16>,
    field_errors: Vec<FieldError>,
    retry_after: Option<RetryAfter>,
    request_id: Option<String>,
}

impl Error {
    /// An [`ErrorCode::InvalidInput`] error listing `field_errors`.
    pub fn invalid_input(field_errors: Vec<FieldError>) -> Self {
        let message = match field_errors.as_slice() {
            [] => "invalid input".to_owned(),
            [only] => format!("invalid input: {}: {}", only.field, only.message),
            [first, ..] => {
                format!("invalid input: {} problems, first {}: {}", field_errors.len(), first.field, first.message)
            }
        };
        Error {
            code: ErrorCode::InvalidInput,
            message: bounded(&message),
            status: None,
            field_errors,
            retry_after: None,
            request_id: None,
        }
    }

    /// An error that no answer's status comes with (an answer too large to read, a page cap).
    pub(crate) fn new(code: ErrorCode, message: &str) -> Self {
        Error {
            code,
            message: bounded(message),
            status: None,
            field_errors: Vec::new(),
            retry_after: None,
            request_id: None,
        }
    }

    pub(crate) fn from_answer(
        code: ErrorCode,
        status: u16,
        message: &str,
        field_errors: Vec<FieldError>,
        retry_after: Option<RetryAfter>,
        request_id: Option<String>,
    ) -> Self {
        Error { code, message: bounded(message), status: Some(status), field_errors, retry_after, request_id }
    }

    /// What kind of failure this is.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// A sentence for people: bounded in length, free of control characters and tokens.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status, when the error comes from an answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// Every field problem: from client-side validation or from the server's 422 answer.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.field_errors
    }

    /// The `Retry-After` the server sent, if any.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// Seconds to wait before retrying, counted from `now_unix` (seconds since the Unix epoch).
    pub fn retry_after_seconds(&self, now_unix: u64) -> Option<u64> {
        self.retry_after.map(|r| r.seconds_from(now_unix))
    }

    /// The `X-Request-Id` the server sent, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Replaces each text this error shows (message, field names and messages, request id) for
    /// which `edit` returns a new one.
    pub(crate) fn edit_texts(&mut self, mut edit: impl FnMut(&str) -> Option<String>) {
        let fields = self.field_errors.iter_mut().flat_map(|f| [&mut f.field, &mut f.message]);
        for text in std::iter::once(&mut self.message).chain(fields).chain(self.request_id.as_mut()) {
            if let Some(edited) = edit(text) {
                *text = edited;
            }
        }
    }

    /// The error in the shape JavaScript sees, with `Retry-After` counted from `now_unix`
    /// (seconds since the Unix epoch); serialize it (serde) for a JSON text or a JS object.
    pub fn view(&self, now_unix: u64) -> ErrorView<'_> {
        ErrorView {
            code: self.code,
            message: &self.message,
            status: self.status,
            field_errors: &self.field_errors,
            retry_after_seconds: self.retry_after_seconds(now_unix),
            request_id: self.request_id.as_deref(),
        }
    }

    /// The error as JSON in the shape JavaScript sees:
    /// `{"code","message","status","fieldErrors","retryAfterSeconds","requestId"}` (absent
    /// values are `null`).
    pub fn to_json(&self, now_unix: u64) -> String {
        crate::to_json(&self.view(now_unix))
    }
}

/// An [`Error`] in the shape JavaScript sees (see [`Error::view`]).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorView<'a> {
    /// The error code.
    pub code: ErrorCode,
    /// The message.
    pub message: &'a str,
    /// The HTTP status, if any.
    pub status: Option<u16>,
    /// Every field problem.
    pub field_errors: &'a [FieldError],
    /// Seconds to wait before retrying, if the server said.
    pub retry_after_seconds: Option<u64>,
    /// The server's request id, if any.
    pub request_id: Option<&'a str>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_input_names_the_first_problem() {
        assert_eq!(Error::invalid_input(Vec::new()).message(), "invalid input");
        let two = vec![
            FieldError::new("name", FieldCode::Required, "name is required"),
            FieldError::new("org_id", FieldCode::Required, "org_id is required"),
        ];
        assert_eq!(Error::invalid_input(two).message(), "invalid input: 2 problems, first name: name is required");
    }
}
