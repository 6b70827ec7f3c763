//! A complete HTTP request description for the host to send unchanged.

use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::error::{FieldCode, FieldError};

/// The HTTP methods the Groups API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: get and list.
    Get,
    /// `POST`: create.
    Post,
    /// `PUT`: update.
    Put,
    /// `DELETE`: delete.
    Delete,
}

impl Method {
    /// The method's name in upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// The method for an upper-case name, if it is one of the four.
    pub fn parse(name: &str) -> Option<Method> {
        match name {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }

    /// The method for `name` as the argument `method` of the retry policy: one of the four
    /// names, or its field error (every surface reports this one).
    ///
    /// ```
    /// use tallyfy_core::{FieldCode, Method};
    /// assert_eq!(Method::from_argument("PUT"), Ok(Method::Put));
    /// let problem = Method::from_argument("PATCH").unwrap_err();
    /// assert_eq!((problem.field.as_str(), problem.code), ("method", FieldCode::InvalidValue));
    /// ```
    pub fn from_argument(name: &str) -> Result<Method, FieldError> {
        Method::parse(name)
            .ok_or_else(|| FieldError::new("method", FieldCode::InvalidValue, "must be GET, POST, PUT or DELETE"))
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

/// What to send: method, full URL, headers in order, and the JSON body if any.
///
/// Its `Debug` output shows the `Authorization` header as `Bearer [redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL, path ids and query values percent-encoded.
    pub url: String,
    /// `Authorization`, `Accept`, `X-Tallyfy-Client`, and `Content-Type` when there is a body.
    pub headers: Vec<(&'static str, String)>,
    /// The exact JSON body, for create and update.
    pub body: Option<String>,
}

impl Request {
    /// The value of the header `name` (ASCII case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The request as JSON in the shape JavaScript sees:
    /// `{"method","url","headers":{name: value},"body"}` (`body` left out when there is none).
    pub fn to_json(&self) -> String {
        crate::to_json(self)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (*n, if n.eq_ignore_ascii_case("authorization") { "Bearer [redacted]" } else { v }))
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The headers as one object `{name: value}`, in order.
struct Headers<'a>(&'a [(&'static str, String)]);

impl Serialize for Headers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The JavaScript shape `{method, url, headers, body?}`.
impl Serialize for Request {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Request", 4)?;
        s.serialize_field("method", self.method.as_str())?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("headers", &Headers(&self.headers))?;
        if let Some(body) = &self.body {
            s.serialize_field("body", body)?;
        }
        s.end()
    }
}
