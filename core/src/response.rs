//! What the host's HTTP client received.

use std::fmt;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::call_options::DEFAULT_MAX_ANSWER_BYTES;
use crate::error::{Error, FieldCode, FieldError};
use crate::given::{Given, GivenVisitor};
use crate::group::{body_too_large, parse_delete_group, parse_group, parse_group_list, Group, GroupPage};

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

/// The parts of an answer as a JavaScript caller gave them: `status` (a number), `body` (the
/// response text) and the headers, whose entries are read only when the core needs them (for
/// an error answer, or to report every problem of a malformed call at once).
pub struct GivenAnswer<'a, H: FnOnce() -> GivenHeaders> {
    /// The `status` property.
    pub status: &'a Given,
    /// The `body` property.
    pub body: GivenBody<'a>,
    /// The `headers` property without its entries: absent or `null` (no headers), an object or
    /// an array (read with `headers` when needed), or a value of another type.
    pub headers_kind: &'a Given,
    /// Reads the `headers` property with its entries.
    pub headers: H,
}

/// The `body` property of an answer as given.
#[derive(Debug, Clone, Copy)]
pub enum GivenBody<'a> {
    /// The value itself: a string is the response text, any other value is of the wrong type.
    Value(&'a Given),
    /// A string longer than the answer's size limit (`max_answer_bytes`), left out: the answer
    /// is refused as too large whatever it holds, exactly as if its bytes had been given.
    TooLarge,
}

impl<H: FnOnce() -> GivenHeaders> GivenAnswer<'_, H> {
    /// Runs `parse` on the answer, or reports every problem with its shape at once (fields
    /// `status`, `headers`, `headers.<name>`, `body`). The headers are read only if `parse`
    /// fails (they only describe an error) or another part is wrong.
    fn parse<T>(self, parse: impl Fn(&Response) -> Result<T, Error>) -> Result<T, Error> {
        self.read(true, |response, too_large| {
            if too_large {
                Err(body_too_large(response, DEFAULT_MAX_ANSWER_BYTES))
            } else {
                parse(response)
            }
        })
    }

    /// Runs `take` on the answer, or reports every problem with its shape at once without
    /// running it. With `bare_first`, `take` runs first without the headers and again with
    /// them only if it fails; otherwise it runs once, headers read. `take` is told whether the
    /// body is [`GivenBody::TooLarge`] (the response's body is empty then), and runs with the
    /// headers only in that case.
    pub(crate) fn read<T>(
        self,
        bare_first: bool,
        mut take: impl FnMut(&Response, bool) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut errors = Vec::new();
        let status = match self.status {
            Given::Unsigned(s) if u16::try_from(*s).is_ok_and(is_http_status) => u16::try_from(*s).unwrap_or_default(),
            Given::Unsigned(_) | Given::Negative(_) | Given::Float(_) => {
                errors.push(status_out_of_range());
                0
            }
            _ => {
                errors.push(FieldError::new("status", FieldCode::InvalidType, "must be a number"));
                0
            }
        };
        let container = match self.headers_kind {
            Given::Absent | Given::Null => false,
            Given::Object | Given::List(_) => true,
            _ => {
                errors.push(GivenHeaders::shape_error());
                false
            }
        };
        let (body, too_large) = match self.body {
            GivenBody::Value(Given::Text(body)) => (body.as_bytes(), false),
            GivenBody::TooLarge => (&[][..], true),
            GivenBody::Value(_) => {
                errors.push(FieldError::new("body", FieldCode::InvalidType, "must be a string (the response text)"));
                (&[][..], false)
            }
        };
        if bare_first && !too_large && errors.is_empty() {
            if let Ok(value) = take(&Response { status, headers: &[], body }, false) {
                return Ok(value);
            }
        }
        let headers = if container { (self.headers)() } else { GivenHeaders::default() };
        let at = usize::from(!matches!(self.status, Given::Unsigned(100..=599)));
        let rest = errors.split_off(at);
        errors.extend(headers.errors);
        errors.extend(rest);
        if !errors.is_empty() {
            return Err(Error::invalid_input(errors));
        }
        let pairs: Vec<(&str, &str)> = headers.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        take(&Response { status, headers: &pairs, body }, too_large)
    }
}

/// [`parse_group`] for an answer as given.
pub fn parse_group_given<H: FnOnce() -> GivenHeaders>(answer: GivenAnswer<'_, H>) -> Result<Group, Error> {
    answer.parse(parse_group)
}

/// [`parse_group_list`] for an answer as given.
pub fn parse_group_list_given<H: FnOnce() -> GivenHeaders>(answer: GivenAnswer<'_, H>) -> Result<GroupPage, Error> {
    answer.parse(parse_group_list)
}

/// [`parse_delete_group`] for an answer as given.
pub fn parse_delete_group_given<H: FnOnce() -> GivenHeaders>(answer: GivenAnswer<'_, H>) -> Result<(), Error> {
    answer.parse(parse_delete_group)
}

/// Response headers as a caller gave them: a map of names to values (a plain object, a
/// `Headers`, a `Map`), or `[name, value]` pairs; absent or `null` is none. Problems are kept as
/// field errors (`headers`, `headers.<name>`), reported when the answer is parsed.
#[derive(Debug, Default)]
pub struct GivenHeaders {
    pairs: Vec<(String, String)>,
    errors: Vec<FieldError>,
}

impl GivenHeaders {
    /// Headers that could not be read at all (reading them failed with `message`): one field
    /// error, `headers`.
    pub fn unreadable(message: &str) -> Self {
        GivenHeaders { pairs: Vec::new(), errors: vec![FieldError::new("headers", FieldCode::InvalidType, message)] }
    }

    fn shape_error() -> FieldError {
        FieldError::new(
            "headers",
            FieldCode::InvalidType,
            "must be a Headers object, a plain object or [name, value] pairs",
        )
    }

    fn add(&mut self, name: Given, value: Given) {
        let (Given::Text(name), value) = (name, value) else {
            return self.errors.push(Self::shape_error());
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

impl<'de> Deserialize<'de> for GivenHeaders {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadersVisitor)
    }
}

struct HeadersVisitor;

impl HeadersVisitor {
    fn wrong<E>(self) -> Result<GivenHeaders, E> {
        let mut headers = GivenHeaders::default();
        headers.errors.push(GivenHeaders::shape_error());
        Ok(headers)
    }
}

impl<'de> Visitor<'de> for HeadersVisitor {
    type Value = GivenHeaders;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("headers")
    }

    fn visit_none<E>(self) -> Result<GivenHeaders, E> {
        Ok(GivenHeaders::default())
    }

    fn visit_unit<E>(self) -> Result<GivenHeaders, E> {
        Ok(GivenHeaders::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GivenHeaders, A::Error> {
        let mut headers = GivenHeaders::default();
        while let Some(name) = map.next_key_seed(GivenVisitor { top: false })? {
            let value = map.next_value_seed(GivenVisitor { top: false })?;
            headers.add(name, value);
        }
        Ok(headers)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GivenHeaders, A::Error> {
        let mut headers = GivenHeaders::default();
        while let Some(pair) = seq.next_element_seed(GivenVisitor { top: true })? {
            match pair {
                Given::List(pair) if pair.len() == 2 => {
                    let mut pair = pair.into_iter();
                    headers.add(pair.next().unwrap_or_default(), pair.next().unwrap_or_default());
                }
                _ => headers.errors.push(GivenHeaders::shape_error()),
            }
        }
        Ok(headers)
    }

    fn visit_bool<E>(self, _: bool) -> Result<GivenHeaders, E> {
        self.wrong()
    }

    fn visit_u64<E>(self, _: u64) -> Result<GivenHeaders, E> {
        self.wrong()
    }

    fn visit_i64<E>(self, _: i64) -> Result<GivenHeaders, E> {
        self.wrong()
    }

    fn visit_f64<E>(self, _: f64) -> Result<GivenHeaders, E> {
        self.wrong()
    }

    fn visit_i128<E>(self, _: i128) -> Result<GivenHeaders, E> {
        self.wrong()
    }

    fn visit_str<E>(self, _: &str) -> Result<GivenHeaders, E> {
        self.wrong()
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<GivenHeaders, E> {
        self.wrong()
    }
}

/// Whether `status` is an HTTP status code (100 to 599): the only ones an answer can have.
pub(crate) fn is_http_status(status: u16) -> bool {
    (100..=599).contains(&status)
}

/// The field error for a status that is not an HTTP status code.
pub(crate) fn status_out_of_range() -> FieldError {
    FieldError::new("status", FieldCode::OutOfRange, "must be an integer from 100 to 599")
}
