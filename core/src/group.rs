//! Groups as the API returns them, and the three response parsers.

use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::api_error::{error_answer, malformed};
use crate::error::Error;
use crate::input::MAX_MEMBER_ID;
use crate::response::Response;

/// A group as the API returns it. Unknown fields of the answer are ignored.
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

/// `meta.pagination` of a list answer (`links` is ignored: object, `[]` or null alike).
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
    expect_status(response, &[200, 201])?;
    let envelope: GroupEnvelope = decode(response, "a group")?;
    Ok(envelope.data)
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
    expect_status(response, &[200])?;
    let list: ListEnvelope = decode(response, "a group list")?;
    Ok(GroupPage { groups: list.data, pagination: list.meta.pagination })
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
    expect_status(response, &[200, 204])?;
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    decode::<IgnoredAny>(response, "empty or JSON").map(|_| ())
}

fn expect_status(response: &Response, expected: &[u16]) -> Result<(), Error> {
    if expected.contains(&response.status) {
        Ok(())
    } else {
        Err(error_answer(response))
    }
}

fn decode<T: DeserializeOwned>(response: &Response, what: &str) -> Result<T, Error> {
    serde_json::from_slice(response.body).map_err(|e| malformed(response, &format!("the body is not {what}: {e}")))
}

#[derive(Deserialize)]
struct GroupEnvelope {
    data: Group,
}

#[derive(Deserialize)]
struct ListEnvelope {
    data: Vec<Group>,
    meta: Meta,
}

#[derive(Deserialize)]
struct Meta {
    pagination: Pagination,
}

/// The group as it travels, before the documented variants are folded together.
#[derive(Deserialize)]
struct WireGroup {
    #[serde(deserialize_with = "id")]
    id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    members: Option<Vec<MemberId>>,
    #[serde(default)]
    guests: Option<Vec<String>>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    last_updated: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = WireGroup::deserialize(deserializer)?;
        if wire.id.is_empty() {
            return Err(de::Error::custom("a group's id is empty"));
        }
        Ok(Group {
            id: wire.id,
            name: wire.name,
            description: wire.description.unwrap_or_default(),
            logo: wire.logo,
            members: wire.members.unwrap_or_default().into_iter().map(|m| m.0).collect(),
            guests: wire.guests.unwrap_or_default(),
            created_at: wire.created_at,
            updated_at: wire.last_updated.or(wire.updated_at),
        })
    }
}

/// A member id sent as a number or as a string of digits, at most [`MAX_MEMBER_ID`].
struct MemberId(u64);

impl<'de> Deserialize<'de> for MemberId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = MemberId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member id (a positive integer)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MemberId, E> {
                if v <= MAX_MEMBER_ID {
                    Ok(MemberId(v))
                } else {
                    Err(E::custom("a member id is above 2^53 - 1"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MemberId, E> {
                match v.parse() {
                    Ok(n) if v.bytes().all(|b| b.is_ascii_digit()) => self.visit_u64(n),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A group id sent as a string or, in some examples, a number.
fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct GroupIdVisitor;
    impl Visitor<'_> for GroupIdVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a group id (a string)")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
    }
    deserializer.deserialize_any(GroupIdVisitor)
}
