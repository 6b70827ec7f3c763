//! What the host's HTTP client received.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, FieldCode, FieldError};
use crate::given::{Given, GivenVisitor};
use crate::group::{parse_delete_group, parse_group, parse_group_list, Group, GroupPage};

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

/// An answer as a JavaScript caller gave it: `{status, headers?, body}`, where `headers` is a
/// plain object, a `Headers` or `Map` (read as a map), or `[name, value]` pairs. Other
/// properties are ignored. Read with [`parse_group_given`] and its siblings.
#[derive(Debug, Default)]
pub struct GivenResponse {
    status: Given,
    headers: Vec<(String, String)>,
    header_errors: Vec<FieldError>,
    body: Given,
}

impl GivenResponse {
    /// Runs `parse` on the answer, or reports every problem with its shape at once (fields
    /// `status`, `headers`, `headers.<name>`, `body`).
    fn parse<T>(&self, parse: impl FnOnce(&Response) -> Result<T, Error>) -> Result<T, Error> {
        let mut errors = Vec::new();
        let status = match &self.status {
            Given::Unsigned(s) if (100..=599).contains(s) => u16::try_from(*s).unwrap_or_default(),
            Given::Unsigned(_) | Given::Negative(_) | Given::Float(_) => {
                errors.push(FieldError::new("status", FieldCode::OutOfRange, "must be an integer from 100 to 599"));
                0
            }
            _ => {
                errors.push(FieldError::new("status", FieldCode::InvalidType, "must be a number"));
                0
            }
        };
        errors.extend_from_slice(&self.header_errors);
        let body = match &self.body {
            Given::Text(body) => body.as_bytes(),
            _ => {
                errors.push(FieldError::new("body", FieldCode::InvalidType, "must be a string (the response text)"));
                &[]
            }
        };
        if !errors.is_empty() {
            return Err(Error::invalid_input(errors));
        }
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        parse(&Response { status, headers: &headers, body })
    }
}

/// [`parse_group`] for an answer as given.
pub fn parse_group_given(response: &GivenResponse) -> Result<Group, Error> {
    response.parse(parse_group)
}

/// [`parse_group_list`] for an answer as given.
pub fn parse_group_list_given(response: &GivenResponse) -> Result<GroupPage, Error> {
    response.parse(parse_group_list)
}

/// [`parse_delete_group`] for an answer as given.
pub fn parse_delete_group_given(response: &GivenResponse) -> Result<(), Error> {
    response.parse(parse_delete_group)
}

impl<'de> Deserialize<'de> for GivenResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ResponseVisitor)
    }
}

struct ResponseVisitor;

impl<'de> Visitor<'de> for ResponseVisitor {
    type Value = GivenResponse;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer {status, headers, body}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GivenResponse, A::Error> {
        let mut response = GivenResponse::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "status" => response.status = map.next_value()?,
                "body" => response.body = map.next_value()?,
                "headers" => {
                    let headers: Headers = map.next_value()?;
                    (response.headers, response.header_errors) = (headers.pairs, headers.errors);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(response)
    }

    // Anything else (null, a number, ...) has no status and no body: both are reported.
    fn visit_none<E>(self) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_unit<E>(self) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_i128<E>(self, _: i128) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<GivenResponse, E> {
        Ok(GivenResponse::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GivenResponse, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(GivenResponse::default())
    }
}

/// Response headers as given: a map of names to values, or `[name, value]` pairs.
#[derive(Default)]
struct Headers {
    pairs: Vec<(String, String)>,
    errors: Vec<FieldError>,
}

impl Headers {
    fn shape_error(&mut self) {
        self.errors.push(FieldError::new(
            "headers",
            FieldCode::InvalidType,
            "must be a Headers object, a plain object or [name, value] pairs",
        ));
    }

    fn add(&mut self, name: Given, value: Given) {
        let (Given::Text(name), value) = (name, value) else {
            return self.shape_error();
        };
        match value {
            Given::Text(value) if !value.contains(['\n', '\r', '\0']) => self.pairs.push((name, value)),
            _ => self.errors.push(FieldError::new(
                format!("headers.{name}"),
                FieldCode::InvalidType,
                "a header value must be a string without line breaks",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadersVisitor)
    }
}

struct HeadersVisitor;

impl HeadersVisitor {
    fn wrong<E>(self) -> Result<Headers, E> {
        let mut headers = Headers::default();
        headers.shape_error();
        Ok(headers)
    }
}

impl<'de> Visitor<'de> for HeadersVisitor {
    type Value = Headers;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("headers")
    }

    fn visit_none<E>(self) -> Result<Headers, E> {
        Ok(Headers::default())
    }

    fn visit_unit<E>(self) -> Result<Headers, E> {
        Ok(Headers::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Headers, A::Error> {
        let mut headers = Headers::default();
        while let Some(name) = map.next_key_seed(GivenVisitor { top: false })? {
            let value = map.next_value_seed(GivenVisitor { top: false })?;
            headers.add(name, value);
        }
        Ok(headers)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Headers, A::Error> {
        let mut headers = Headers::default();
        while let Some(pair) = seq.next_element_seed(GivenVisitor { top: true })? {
            match pair {
                Given::List(pair) if pair.len() == 2 => {
                    let mut pair = pair.into_iter();
                    headers.add(pair.next().unwrap_or_default(), pair.next().unwrap_or_default());
                }
                _ => headers.shape_error(),
            }
        }
        Ok(headers)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Headers, E> {
        self.wrong()
    }

    fn visit_u64<E>(self, _: u64) -> Result<Headers, E> {
        self.wrong()
    }

    fn visit_i64<E>(self, _: i64) -> Result<Headers, E> {
        self.wrong()
    }

    fn visit_f64<E>(self, _: f64) -> Result<Headers, E> {
        self.wrong()
    }

    fn visit_i128<E>(self, _: i128) -> Result<Headers, E> {
        self.wrong()
    }

    fn visit_str<E>(self, _: &str) -> Result<Headers, E> {
        self.wrong()
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Headers, E> {
        self.wrong()
    }
}
