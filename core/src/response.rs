//! What the host's HTTP client received.

/// An HTTP answer as the host received it: status, headers and the raw body bytes.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The HTTP status code.
    pub status: u16,
    /// The headers as `(name, value)` pairs; names match ASCII case-insensitively.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body, exactly as received (possibly empty, possibly not JSON).
    pub body: &'a [u8],
}

impl Response<'_> {
    /// The value of the first header called `name` (ASCII case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}
