//! The response headers the core reads. A host may hand every header over; only these are
//! ever looked at, so only these need to be text (a host with raw bytes can skip the rest).

/// `Retry-After`: how long to wait before retrying (seconds or an HTTP-date).
pub(crate) const RETRY_AFTER: &str = "Retry-After";

/// `X-Request-Id`: the server's id of the request, kept in errors.
pub(crate) const REQUEST_ID: &str = "X-Request-Id";

/// `Date`: when the answer was made; the call driver counts an HTTP-date `Retry-After` from it
/// (the driver never reads a clock).
pub(crate) const DATE: &str = "Date";

/// Every response header the core reads (the `parse_*` functions and the call driver); it
/// never reads another.
pub const READ_HEADERS: [&str; 3] = [RETRY_AFTER, REQUEST_ID, DATE];

/// The spelling in [`READ_HEADERS`] of the header called `name` (matched ASCII
/// case-insensitively, as bytes: a host need not decode a name first); `None` for a header the
/// core never reads.
///
/// ```
/// use tallyfy_core::read_header;
/// assert_eq!(read_header(b"retry-after"), Some("Retry-After"));
/// assert_eq!(read_header(b"X-Served-By"), None);
/// ```
pub fn read_header(name: &[u8]) -> Option<&'static str> {
    READ_HEADERS.into_iter().find(|read| read.as_bytes().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_group, Response};

    #[test]
    fn only_the_read_headers_change_a_parse() {
        let body = br#"{"message":"slow down"}"#;
        let parse = |headers: &[(&str, &str)]| parse_group(&Response { status: 429, headers, body }).unwrap_err();
        let bare = parse(&[]);
        let unread = parse(&[("X-Served-By", "cache-1"), ("Content-Type", "text/plain")]);
        assert_eq!(unread, bare, "a header outside READ_HEADERS changed the error");
        let read = parse(&[("retry-after", "7"), ("x-request-id", "req-1")]);
        assert_eq!(read.retry_after(), Some(crate::RetryAfter::Seconds(7)));
        assert_eq!(read.request_id(), Some("req-1"));
        assert_eq!(read_header(b"RETRY-AFTER"), Some(RETRY_AFTER));
        assert_eq!(read_header(b"X-Request-Id\xff"), None);
    }
}
