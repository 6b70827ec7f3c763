//! `tallyfy_code`: the status every fallible call returns.

use tallyfy_core::ErrorCode;

/// The result of a call: ::TALLYFY_OK (0), one of the error codes shared by every surface
/// (1 to 10 in the order of the design's error table, then 14), or a C-only code (11 to 13).
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Success.
    TALLYFY_OK = 0,
    /// Client-side validation failed; the error's fields list each problem.
    TALLYFY_INVALID_INPUT = 1,
    /// The server answered 400.
    TALLYFY_BAD_REQUEST = 2,
    /// The server answered 401.
    TALLYFY_UNAUTHORIZED = 3,
    /// The server answered 403.
    TALLYFY_FORBIDDEN = 4,
    /// The server answered 404.
    TALLYFY_NOT_FOUND = 5,
    /// The server answered 422; the error's fields hold the server's field errors.
    TALLYFY_VALIDATION_FAILED = 6,
    /// The server answered 429; see tallyfy_error_retry_after_seconds().
    TALLYFY_RATE_LIMITED = 7,
    /// The server answered 5xx.
    TALLYFY_SERVER_ERROR = 8,
    /// Any other status the operation does not expect (402, 409, 423, 3xx, ...).
    TALLYFY_UNEXPECTED_STATUS = 9,
    /// A success status with a body that is not the documented shape.
    TALLYFY_MALFORMED_RESPONSE = 10,
    /// A required pointer argument was NULL.
    TALLYFY_NULL_ARGUMENT = 11,
    /// A string argument was not valid UTF-8.
    TALLYFY_INVALID_UTF8 = 12,
    /// A bug: a panic inside the library was caught at the boundary.
    TALLYFY_PANIC = 13,
    /// A "list every group" call read max_pages pages and more remain: narrow the query or
    /// raise max_pages (tallyfy_call_options_set_max_pages()); no partial list is given.
    TALLYFY_TOO_MANY_PAGES = 14,
}

impl Code {
    /// The code as the snake_case string of the JavaScript surface and the test vectors.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Code::TALLYFY_OK => "ok",
            Code::TALLYFY_INVALID_INPUT => "invalid_input",
            Code::TALLYFY_BAD_REQUEST => "bad_request",
            Code::TALLYFY_UNAUTHORIZED => "unauthorized",
            Code::TALLYFY_FORBIDDEN => "forbidden",
            Code::TALLYFY_NOT_FOUND => "not_found",
            Code::TALLYFY_VALIDATION_FAILED => "validation_failed",
            Code::TALLYFY_RATE_LIMITED => "rate_limited",
            Code::TALLYFY_SERVER_ERROR => "server_error",
            Code::TALLYFY_UNEXPECTED_STATUS => "unexpected_status",
            Code::TALLYFY_MALFORMED_RESPONSE => "malformed_response",
            Code::TALLYFY_NULL_ARGUMENT => "null_argument",
            Code::TALLYFY_INVALID_UTF8 => "invalid_utf8",
            Code::TALLYFY_PANIC => "panic",
            Code::TALLYFY_TOO_MANY_PAGES => "too_many_pages",
        }
    }
}

impl From<ErrorCode> for Code {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::InvalidInput => Code::TALLYFY_INVALID_INPUT,
            ErrorCode::BadRequest => Code::TALLYFY_BAD_REQUEST,
            ErrorCode::Unauthorized => Code::TALLYFY_UNAUTHORIZED,
            ErrorCode::Forbidden => Code::TALLYFY_FORBIDDEN,
            ErrorCode::NotFound => Code::TALLYFY_NOT_FOUND,
            ErrorCode::ValidationFailed => Code::TALLYFY_VALIDATION_FAILED,
            ErrorCode::RateLimited => Code::TALLYFY_RATE_LIMITED,
            ErrorCode::ServerError => Code::TALLYFY_SERVER_ERROR,
            ErrorCode::UnexpectedStatus => Code::TALLYFY_UNEXPECTED_STATUS,
            ErrorCode::MalformedResponse => Code::TALLYFY_MALFORMED_RESPONSE,
            ErrorCode::TooManyPages => Code::TALLYFY_TOO_MANY_PAGES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_codes_follow_the_core_order_and_names() {
        for (i, code) in ErrorCode::ALL.into_iter().enumerate() {
            let c = Code::from(code);
            // The codes added after the C-only ones (11 to 13) come after them: no value moves.
            let value = if i < 10 { i + 1 } else { i + 4 };
            assert_eq!(c as usize, value);
            assert_eq!(c.name(), code.as_str());
        }
        assert_eq!(Code::from(ErrorCode::TooManyPages), Code::TALLYFY_TOO_MANY_PAGES);
    }
}
