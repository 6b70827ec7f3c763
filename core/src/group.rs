//! Groups as the API returns them, and the three response parsers.

use crate::api_error::{error_answer, malformed};
use crate::error::Error;
use crate::input::MAX_MEMBER_ID;
use crate::json::{write_key, write_opt_str, write_str, write_u64, JsonError, Kind, Reader};
use crate::response::Response;

/// A group as the API returns it. Unknown fields of the answer are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "camelCase"))]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GroupPage {
    /// The groups on this page.
    pub groups: Vec<Group>,
    /// Where this page stands in the whole list.
    pub pagination: Pagination,
}

/// `meta.pagination` of a list answer (`links` is ignored: object, `[]` or null alike).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "camelCase"))]
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
        let mut out = String::with_capacity(160 + self.description.len());
        self.write_json(&mut out);
        out
    }

    /// Appends [`Group::to_json`]'s JSON to `out`.
    pub fn write_json(&self, out: &mut String) {
        out.push('{');
        write_key(out, "id", true);
        write_str(out, &self.id);
        write_key(out, "name", false);
        write_str(out, &self.name);
        write_key(out, "description", false);
        write_str(out, &self.description);
        write_key(out, "logo", false);
        write_opt_str(out, self.logo.as_deref());
        write_key(out, "members", false);
        out.push('[');
        for (i, id) in self.members.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_u64(out, *id);
        }
        out.push(']');
        write_key(out, "guests", false);
        out.push('[');
        for (i, guest) in self.guests.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, guest);
        }
        out.push(']');
        write_key(out, "createdAt", false);
        write_opt_str(out, self.created_at.as_deref());
        write_key(out, "updatedAt", false);
        write_opt_str(out, self.updated_at.as_deref());
        out.push('}');
    }
}

impl Pagination {
    /// The pagination as JSON: `{"total","count","perPage","currentPage","totalPages"}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(96);
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        out.push('{');
        let fields = [
            ("total", self.total),
            ("count", self.count),
            ("perPage", self.per_page),
            ("currentPage", self.current_page),
            ("totalPages", self.total_pages),
        ];
        for (i, (key, value)) in fields.into_iter().enumerate() {
            write_key(out, key, i == 0);
            write_u64(out, value);
        }
        out.push('}');
    }
}

impl GroupPage {
    /// The page as JSON: `{"groups":[Group…],"pagination":{…}}` (see [`Group::to_json`]).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.groups.len() * 256);
        self.write_json(&mut out);
        out
    }

    /// Appends [`GroupPage::to_json`]'s JSON to `out`.
    pub fn write_json(&self, out: &mut String) {
        out.push_str("{\"groups\":[");
        for (i, group) in self.groups.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            group.write_json(out);
        }
        out.push_str("],\"pagination\":");
        self.pagination.write_json(out);
        out.push('}');
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
    expect_status(response, &[200, 201])?;
    decode(response, "a group", |r| data(r, group))
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
    decode(response, "a group list", list)
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
    decode(response, "empty or JSON", Reader::skip)
}

fn expect_status(response: &Response, expected: &[u16]) -> Result<(), Error> {
    if expected.contains(&response.status) {
        Ok(())
    } else {
        Err(error_answer(response))
    }
}

/// Reads the whole body with `read`, or explains why the answer is not `what`.
fn decode<'a, T>(
    response: &Response<'a>,
    what: &str,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, JsonError>,
) -> Result<T, Error> {
    let mut reader = Reader::new(response.body);
    read(&mut reader)
        .and_then(|value| reader.end().map(|()| value))
        .map_err(|e| malformed(response, &format!("the body is not {what}: {e}")))
}

/// Reads `{"data": …}` with `data` read by `read`; other members are skipped.
fn data<T>(r: &mut Reader, read: impl FnMut(&mut Reader) -> Result<T, JsonError>) -> Result<T, JsonError> {
    let mut read = read;
    let mut data = None;
    r.object(|r, key| {
        if key == "data" {
            data = Some(read(r)?);
        } else {
            r.skip()?;
        }
        Ok(())
    })?;
    data.ok_or_else(|| r.error("missing field `data`"))
}

fn list(r: &mut Reader) -> Result<GroupPage, JsonError> {
    let (mut groups, mut pagination) = (None, None);
    r.object(|r, key| {
        match &*key {
            "data" => {
                let mut items = Vec::new();
                r.array(|r, _| {
                    items.push(group(r)?);
                    Ok(())
                })?;
                groups = Some(items);
            }
            "meta" => {
                r.object(|r, key| {
                    if key == "pagination" {
                        pagination = Some(read_pagination(r)?);
                    } else {
                        r.skip()?;
                    }
                    Ok(())
                })?;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    let groups = groups.ok_or_else(|| r.error("missing field `data`"))?;
    let pagination = pagination.ok_or_else(|| r.error("missing field `meta.pagination`"))?;
    Ok(GroupPage { groups, pagination })
}

fn read_pagination(r: &mut Reader) -> Result<Pagination, JsonError> {
    let mut fields = [None; 5];
    const NAMES: [&str; 5] = ["total", "count", "per_page", "current_page", "total_pages"];
    r.object(|r, key| {
        match NAMES.iter().position(|n| *n == key) {
            Some(i) => {
                fields[i] = Some(r.unsigned()?.ok_or_else(|| r.error("a pagination count is not a whole number"))?)
            }
            None => r.skip()?,
        }
        Ok(())
    })?;
    let value = |i: usize| fields[i].ok_or_else(|| r.error(format!("missing field `{}`", NAMES[i])));
    Ok(Pagination {
        total: value(0)?,
        count: value(1)?,
        per_page: value(2)?,
        current_page: value(3)?,
        total_pages: value(4)?,
    })
}

/// Reads one group, folding the documented variants together and ignoring unknown fields.
fn group(r: &mut Reader) -> Result<Group, JsonError> {
    let mut g = Group::default();
    let (mut id, mut name) = (None, None);
    let (mut last_updated, mut updated_at) = (None, None);
    r.object(|r, key| {
        match &*key {
            "id" => {
                id = Some(match r.peek()? {
                    Kind::Number => {
                        r.number()?.as_u64().ok_or_else(|| r.error("a group id is not a whole number"))?.to_string()
                    }
                    _ => r.string()?.into_owned(),
                })
            }
            "name" => name = Some(r.string()?.into_owned()),
            "description" => g.description = optional_string(r)?.unwrap_or_default(),
            "logo" => g.logo = optional_string(r)?,
            "members" => {
                g.members.clear();
                if !r.null()? {
                    r.array(|r, _| {
                        g.members.push(member_id(r)?);
                        Ok(())
                    })?;
                }
            }
            "guests" => {
                g.guests.clear();
                if !r.null()? {
                    r.array(|r, _| {
                        g.guests.push(r.string()?.into_owned());
                        Ok(())
                    })?;
                }
            }
            "created_at" => g.created_at = optional_string(r)?,
            "last_updated" => last_updated = optional_string(r)?,
            "updated_at" => updated_at = optional_string(r)?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    g.id = id.filter(|id| !id.is_empty()).ok_or_else(|| r.error("a group's id is missing or empty"))?;
    g.name = name.ok_or_else(|| r.error("missing field `name`"))?;
    g.updated_at = last_updated.or(updated_at);
    Ok(g)
}

fn optional_string(r: &mut Reader) -> Result<Option<String>, JsonError> {
    if r.null()? {
        Ok(None)
    } else {
        r.string().map(|s| Some(s.into_owned()))
    }
}

/// A member id sent as a number or as a string of digits, at most [`MAX_MEMBER_ID`].
fn member_id(r: &mut Reader) -> Result<u64, JsonError> {
    let id = match r.peek()? {
        Kind::String => {
            let text = r.string()?;
            text.bytes().all(|b| b.is_ascii_digit()).then(|| text.parse().ok()).flatten()
        }
        _ => r.unsigned()?,
    };
    id.filter(|id| *id <= MAX_MEMBER_ID).ok_or_else(|| r.error("a member id is not a whole number from 0 to 2^53 - 1"))
}
