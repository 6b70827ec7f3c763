//! Groups as the API returns them, and the three response parsers.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::api_error::{error_answer, malformed};
use crate::call_options::DEFAULT_MAX_ANSWER_BYTES;
use crate::error::Error;
use crate::input::MAX_MEMBER_ID;
use crate::response::{is_http_status, status_out_of_range, Response};

/// A group as the API returns it. Unknown fields of the answer are ignored. Serialized, it has
/// the JavaScript shape `{id, name, description, logo, members, guests, createdAt, updatedAt}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The group's id (32 lowercase hex characters in practice).
    pub id: String,
    /// The group's name.
    pub name: String,
    /// The group's description; empty when the server sent none.
    pub description: String,
    /// The logo's URL, if any.
    pub logo: Option<String>,
    /// User ids of the members (the API sends numbers, or numeric strings in some answers); an
    /// id above [`MAX_MEMBER_ID`] makes the answer malformed, as it could not reach JavaScript
    /// intact.
    pub members: Vec<u64>,
    /// Email addresses of the guests.
    pub guests: Vec<String>,
    /// When the group was created (ISO 8601, as sent).
    pub created_at: Option<String>,
    /// When it last changed: `last_updated`, or `updated_at` in older answers (ISO 8601, as sent).
    pub updated_at: Option<String>,
}

/// One page of a group list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupPage {
    /// The groups on this page.
    pub groups: Vec<Group>,
    /// Where this page stands in the whole list.
    pub pagination: Pagination,
}

/// `meta.pagination` of a list answer (`links` is ignored: object, `[]` or null alike). Read
/// from the API's snake_case names; serialized in the JavaScript shape
/// `{total, count, perPage, currentPage, totalPages}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Pagination {
    /// Groups in the whole list.
    pub total: u64,
    /// Groups on this page.
    pub count: u64,
    /// The page size.
    pub per_page: u64,
    /// This page's number, from 1.
    pub current_page: u64,
    /// How many pages there are (0 for an empty list).
    pub total_pages: u64,
}

impl Group {
    /// The group as JSON in the shape JavaScript sees: `{"id","name","description","logo",
    /// "members","guests","createdAt","updatedAt"}`.
    pub fn to_json(&self) -> String {
        crate::to_json(self)
    }
}

impl Pagination {
    /// The pagination as JSON: `{"total","count","perPage","currentPage","totalPages"}`.
    pub fn to_json(&self) -> String {
        crate::to_json(self)
    }
}

impl GroupPage {
    /// The page as JSON: `{"groups":[Group…],"pagination":{…}}` (see [`Group::to_json`]).
    pub fn to_json(&self) -> String {
        crate::to_json(self)
    }
}

/// Parses the answer to create, get or update: `{"data": Group}` with status 200 or 201.
///
/// ```
/// use tallyfy_core::{parse_group, ErrorCode, Response};
/// let body = br#"{"data":{"id":"g1","name":"Ops","description":"d","members":["7"],"last_updated":"2025-06-10T14:30:00.000Z"}}"#;
/// let group = parse_group(&Response { status: 200, headers: &[], body })?;
/// assert_eq!(group.members, [7]);
/// assert_eq!(group.updated_at.as_deref(), Some("2025-06-10T14:30:00.000Z"));
///
/// let headers = [("X-Request-Id", "req-9")];
/// let body = br#"{"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"}"#;
/// let err = parse_group(&Response { status: 404, headers: &headers, body }).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::NotFound);
/// assert_eq!(err.request_id(), Some("req-9"));
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn parse_group(response: &Response) -> Result<Group, Error> {
    parse_group_within(response, DEFAULT_MAX_ANSWER_BYTES)
}

/// [`parse_group`] with a body of at most `limit` bytes.
pub(crate) fn parse_group_within(response: &Response, limit: u64) -> Result<Group, Error> {
    expect_status(response, &[200, 201], limit)?;
    let data: Data<WireGroup> = decode(response, "a group")?;
    data.data.into_group().map_err(|e| malformed(response, &format!("the body is not a group: {e}")))
}

/// Parses the answer to list: `{"data": [Group], "meta": {"pagination": …}}` with status 200.
///
/// ```
/// use tallyfy_core::{parse_group_list, Response};
/// let body = br#"{"data":[{"id":"g1","name":"Ops"}],"meta":{"pagination":{"total":1,"count":1,
///     "per_page":10,"current_page":1,"total_pages":1,"links":[]}}}"#;
/// let page = parse_group_list(&Response { status: 200, headers: &[], body })?;
/// assert_eq!(page.groups[0].name, "Ops");
/// assert_eq!(page.pagination.total_pages, 1);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn parse_group_list(response: &Response) -> Result<GroupPage, Error> {
    parse_group_list_within(response, DEFAULT_MAX_ANSWER_BYTES)
}

/// [`parse_group_list`] with a body of at most `limit` bytes.
pub(crate) fn parse_group_list_within(response: &Response, limit: u64) -> Result<GroupPage, Error> {
    expect_status(response, &[200], limit)?;
    let list: List = decode(response, "a group list")?;
    let p = list.meta.pagination;
    if [p.total, p.count, p.per_page, p.current_page, p.total_pages].iter().any(|n| *n > MAX_MEMBER_ID) {
        // Like a member id: such a number could not reach JavaScript intact.
        return Err(malformed(response, &format!("its pagination holds a number above {MAX_MEMBER_ID}")));
    }
    Ok(GroupPage { groups: list.data, pagination: p })
}

/// Parses the answer to delete: status 200 or 204 with an empty or JSON body.
///
/// ```
/// use tallyfy_core::{parse_delete_group, ErrorCode, Response};
/// parse_delete_group(&Response { status: 204, headers: &[], body: b"" })?;
/// let err = parse_delete_group(&Response { status: 403, headers: &[], body: b"" }).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::Forbidden);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn parse_delete_group(response: &Response) -> Result<(), Error> {
    parse_delete_group_within(response, DEFAULT_MAX_ANSWER_BYTES)
}

/// [`parse_delete_group`] with a body of at most `limit` bytes.
pub(crate) fn parse_delete_group_within(response: &Response, limit: u64) -> Result<(), Error> {
    expect_status(response, &[200, 204], limit)?;
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    any_json(response)
}

/// Checks the status and the body's size (at most `limit` bytes): the answer's error, or a
/// malformed answer past the limit.
fn expect_status(response: &Response, expected: &[u16], limit: u64) -> Result<(), Error> {
    if !is_http_status(response.status) {
        return Err(Error::invalid_input(vec![status_out_of_range()]));
    }
    if response.body.len() as u64 > limit {
        return Err(body_too_large(response, limit));
    }
    if expected.contains(&response.status) {
        Ok(())
    } else {
        Err(error_answer(response))
    }
}

/// The error for an answer whose body is larger than `limit` bytes (its bytes are not read).
pub(crate) fn body_too_large(response: &Response, limit: u64) -> Error {
    malformed(response, &format!("its body is larger than {limit} bytes (max_answer_bytes)"))
}

/// Reads the whole body as `T`, or explains why the answer is not `what`.
fn decode<'a, T: Deserialize<'a>>(response: &Response<'a>, what: &str) -> Result<T, Error> {
    crate::reading::from_answer(response.body).map_err(|e| malformed(response, &format!("the body is not {what}: {e}")))
}

/// `{"data": …}`; other members are ignored.
#[derive(Deserialize)]
struct Data<T> {
    data: T,
}

/// `{"data": [group], "meta": {"pagination": …}}`.
#[derive(Deserialize)]
struct List {
    #[serde(deserialize_with = "groups")]
    data: Vec<Group>,
    meta: Meta,
}

/// A list of groups, each turned into a [`Group`] as it is read.
fn groups<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Group>, D::Error> {
    struct Groups;
    impl<'de> Visitor<'de> for Groups {
        type Value = Vec<Group>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of groups")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Group>, A::Error> {
            let mut groups = Vec::with_capacity(seq.size_hint().unwrap_or(16).min(1024));
            while let Some(group) = seq.next_element::<WireGroup>()? {
                groups.push(group.into_group().map_err(de::Error::custom)?);
            }
            Ok(groups)
        }
    }
    deserializer.deserialize_seq(Groups)
}

#[derive(Deserialize)]
struct Meta {
    pagination: Pagination,
}

/// A group as the API sends it, with every documented variant.
#[derive(Deserialize)]
struct WireGroup {
    #[serde(default, deserialize_with = "group_id")]
    id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default, deserialize_with = "member_ids")]
    members: Vec<u64>,
    #[serde(default, deserialize_with = "nullable_list")]
    guests: Vec<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    last_updated: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

impl WireGroup {
    fn into_group(self) -> Result<Group, &'static str> {
        if self.id.is_empty() {
            return Err("a group's id is missing or empty");
        }
        Ok(Group {
            id: self.id,
            name: self.name,
            description: self.description.unwrap_or_default(),
            logo: self.logo,
            members: self.members,
            guests: self.guests,
            created_at: self.created_at,
            updated_at: self.last_updated.or(self.updated_at),
        })
    }
}

/// A group id: a string, or a whole number (some answers send one).
fn group_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct IdVisitor;
    impl Visitor<'_> for IdVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a group id (a string or a whole number)")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_any(IdVisitor)
}

/// A list that may be sent as `null` (read as empty).
fn nullable_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Member ids: numbers or strings of digits, at most [`MAX_MEMBER_ID`]; `null` is no members.
fn member_ids<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
    struct Ids;
    impl<'de> Visitor<'de> for Ids {
        type Value = Vec<u64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of member ids")
        }
        fn visit_none<E>(self) -> Result<Vec<u64>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E>(self) -> Result<Vec<u64>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<u64>, D::Error> {
            deserializer.deserialize_seq(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u64>, A::Error> {
            let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(1024));
            while let Some(MemberId(id)) = seq.next_element()? {
                ids.push(id);
            }
            Ok(ids)
        }
    }
    deserializer.deserialize_option(Ids)
}

/// One member id of an answer.
struct MemberId(u64);

impl<'de> Deserialize<'de> for MemberId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = MemberId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member id: a whole number from 0 to 2^53 - 1, or a string of its digits")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MemberId, E> {
                if v <= MAX_MEMBER_ID {
                    Ok(MemberId(v))
                } else {
                    Err(E::custom("a member id is above 2^53 - 1"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MemberId, E> {
                match v.parse::<u64>() {
                    Ok(id) if v.bytes().all(|b| b.is_ascii_digit()) => self.visit_u64(id),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// Skips a JSON document (a delete's body).
fn any_json(response: &Response) -> Result<(), Error> {
    decode::<IgnoredAny>(response, "empty or JSON").map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn group(body: &str) -> Result<Group, Error> {
        parse_group(&Response { status: 200, headers: &[], body: body.as_bytes() })
    }

    #[test]
    fn an_answer_with_a_repeated_key_is_malformed() {
        let error = group(r#"{"data":{"id":"g","name":"a","name":"b"}}"#).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedResponse);
        assert!(error.message().contains("duplicate field `name`"), "{}", error.message());
        let error = group(r#"{"data":{"id":"g","name":"a"},"data":{"id":"h","name":"b"}}"#).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedResponse);
    }

    #[test]
    fn member_ids_above_the_safe_range_are_malformed() {
        assert_eq!(group(r#"{"data":{"id":"g","name":"a","members":[9007199254740991]}}"#).unwrap().members.len(), 1);
        for id in ["9007199254740992", r#""9007199254740992""#, "-1", "1.5", r#""7a""#] {
            let body = format!(r#"{{"data":{{"id":"g","name":"a","members":[{id}]}}}}"#);
            assert_eq!(group(&body).unwrap_err().code(), ErrorCode::MalformedResponse, "{id}");
        }
    }

    #[test]
    fn a_status_outside_http_is_invalid_input() {
        let error = parse_group(&Response { status: 42, headers: &[], body: b"" }).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput);
        assert_eq!(error.field_errors()[0].field, "status");
    }

    #[test]
    fn unknown_fields_are_skipped_unread_but_known_ones_must_be_utf8() {
        // Found by fuzzing: bytes that are not UTF-8 in a field the core ignores.
        let body = |name: &[u8], extra: &[u8]| {
            [br#"{"data":{"id":"g1","name":""#.as_slice(), name, br#"","extra":""#, extra, br#""}}"#].concat()
        };
        let parse = |body: &[u8]| parse_group(&Response { status: 200, headers: &[], body });
        assert_eq!(parse(&body(b"Ops", b"\xb1\xb1")).map(|g| g.name), Ok("Ops".to_owned()));
        let error = parse(&body(b"O\xb1s", b"x")).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedResponse);
    }
}
