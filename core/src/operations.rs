//! The five operations as request builders, plus the next page of a list.

use crate::config::Config;
use crate::error::{Error, FieldCode, FieldError};
use crate::given::Given;
use crate::input::{check, parse_json, read, GivenInput, GroupInput, Operation};
use crate::path::segment;
use crate::query::{GivenQuery, ListQuery};
use crate::request::{Method, Request};

/// A path id (`org_id`, `group_id`) as a caller gave it.
#[derive(Debug, Clone, Copy)]
enum Id<'a> {
    /// A string (possibly empty: then it is reported as required).
    Text(&'a str),
    /// A value of another type.
    WrongType,
}

impl<'a> From<&'a str> for Id<'a> {
    fn from(text: &'a str) -> Self {
        Id::Text(text)
    }
}

impl<'a> From<&'a Given> for Id<'a> {
    fn from(given: &'a Given) -> Self {
        match given {
            Given::Text(text) => Id::Text(text),
            Given::Absent | Given::Null => Id::Text(""),
            _ => Id::WrongType,
        }
    }
}

/// Builds the request that creates a group: `POST /organizations/{org_id}/groups`.
///
/// `name` and `description` are required; every problem with `org_id` and `input` is reported
/// at once.
///
/// ```
/// use tallyfy_core::{build_create_group, Config, GroupInput};
/// let config = Config::new("tok", None, None)?;
/// let input = GroupInput { name: Some("Ops".into()), description: Some("Runs things".into()),
///     guests: Some(vec!["ann@example.com".into()]), ..Default::default() };
/// let request = build_create_group(&config, "org1", &input)?;
/// assert_eq!(request.method.as_str(), "POST");
/// assert_eq!(request.body.as_deref(),
///     Some(r#"{"name":"Ops","description":"Runs things","guests":["ann@example.com"]}"#));
/// assert_eq!(request.header("Content-Type"), Some("application/json"));
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_create_group(config: &Config, org_id: &str, input: &GroupInput) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), None, &mut errors);
    check(input, Operation::Create, &mut errors);
    finish(config, Method::Post, url, Some(input), errors)
}

/// Like [`build_create_group`], with the input as JSON: wrong types and unknown fields are
/// reported together with every other problem.
///
/// ```
/// use tallyfy_core::{build_create_group_json, Config};
/// let config = Config::new("tok", None, None)?;
/// let err = build_create_group_json(&config, "", br#"{"name":"Ops","members":[1.5]}"#).unwrap_err();
/// let fields: Vec<_> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
/// assert_eq!(fields, ["org_id", "description", "members.0"]);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_create_group_json(config: &Config, org_id: &str, input: &[u8]) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), None, &mut errors);
    let input = parse_json(input, Some(Operation::Create), &mut errors);
    finish(config, Method::Post, url, Some(&input), errors)
}

/// Builds the request that reads one group: `GET /organizations/{org_id}/groups/{group_id}`.
///
/// ```
/// use tallyfy_core::{build_get_group, Config};
/// let config = Config::new("tok", Some("https://api.tallyfy.com"), None)?;
/// let request = build_get_group(&config, "org1", "a/b")?;
/// assert_eq!(request.url, "https://api.tallyfy.com/organizations/org1/groups/a%2Fb");
/// assert_eq!(request.body, None);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_get_group(config: &Config, org_id: &str, group_id: &str) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    finish(config, Method::Get, url, None, errors)
}

/// Builds the request that lists groups: `GET /organizations/{org_id}/groups?…`.
///
/// ```
/// use tallyfy_core::{build_list_groups, Config, ListQuery};
/// let config = Config::new("tok", None, None)?;
/// let query = ListQuery { q: Some("on call".into()), per_page: Some(100), ..Default::default() };
/// let request = build_list_groups(&config, "org1", &query)?;
/// assert!(request.url.ends_with("/groups?q=on%20call&per_page=100"));
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_list_groups(config: &Config, org_id: &str, query: &ListQuery) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let mut url = groups_url(config, org_id.into(), None, &mut errors);
    query.check(&mut errors);
    query.append_to(&mut url);
    finish(config, Method::Get, url, None, errors)
}

/// Like [`build_list_groups`], with the query as JSON (see [`ListQuery::from_json`]; `null`
/// means no query): problems with `org_id` and with the query are reported together.
///
/// ```
/// use tallyfy_core::{build_list_groups_json, Config};
/// let config = Config::new("tok", None, None)?;
/// let err = build_list_groups_json(&config, "", br#"{"perPage":0}"#).unwrap_err();
/// let fields: Vec<_> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
/// assert_eq!(fields, ["org_id", "per_page"]);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_list_groups_json(config: &Config, org_id: &str, query: &[u8]) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let mut url = groups_url(config, org_id.into(), None, &mut errors);
    let query = ListQuery::parse_json(query, &mut errors);
    query.check_numbers(&mut errors);
    query.append_to(&mut url);
    finish(config, Method::Get, url, None, errors)
}

/// Builds the request that changes a group: `PUT /organizations/{org_id}/groups/{group_id}`.
///
/// Only the present fields are sent; at least one is needed. `members: Some(vec![])` removes
/// every member. See [`crate::full_update`] for sending the whole group.
///
/// ```
/// use tallyfy_core::{build_update_group, Config, GroupInput};
/// let config = Config::new("tok", None, None)?;
/// let changes = GroupInput { members: Some(vec![1001, 1008]), guests: Some(vec![]), ..Default::default() };
/// let request = build_update_group(&config, "org1", "g1", &changes)?;
/// assert_eq!(request.method.as_str(), "PUT");
/// assert_eq!(request.body.as_deref(), Some(r#"{"members":[1001,1008],"guests":[]}"#));
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_update_group(config: &Config, org_id: &str, group_id: &str, input: &GroupInput) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    check(input, Operation::Update, &mut errors);
    finish(config, Method::Put, url, Some(input), errors)
}

/// Like [`build_update_group`], with the input as JSON; `"description": null` is refused
/// (the server answers 422 to it), as are unknown fields.
///
/// ```
/// use tallyfy_core::{build_update_group_json, Config, FieldCode};
/// let config = Config::new("tok", None, None)?;
/// let err = build_update_group_json(&config, "org1", "g1", br#"{"description":null}"#).unwrap_err();
/// assert_eq!(err.field_errors()[0].code, FieldCode::Required);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_update_group_json(config: &Config, org_id: &str, group_id: &str, input: &[u8]) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    let input = parse_json(input, Some(Operation::Update), &mut errors);
    finish(config, Method::Put, url, Some(&input), errors)
}

/// Builds the request that deletes a group: `DELETE /organizations/{org_id}/groups/{group_id}`.
///
/// ```
/// use tallyfy_core::{build_delete_group, Config};
/// let config = Config::new("tok", None, None)?;
/// let request = build_delete_group(&config, "org1", "g1")?;
/// assert_eq!(request.method.as_str(), "DELETE");
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn build_delete_group(config: &Config, org_id: &str, group_id: &str) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    finish(config, Method::Delete, url, None, errors)
}

/// The page size a "list every group" call asks for when its query sets none: the largest the
/// API serves, for the fewest requests.
pub const LIST_ALL_PER_PAGE: u32 = crate::query::MAX_PER_PAGE;

/// `{base}/organizations/{org}/groups[/{group}]`, pushing id problems onto `errors`.
fn groups_url(config: &Config, org_id: Id, group_id: Option<Id>, errors: &mut Vec<FieldError>) -> String {
    let org = id_segment("org_id", org_id, errors);
    let group = group_id.map(|id| id_segment("group_id", id, errors));
    let base = config.base_url();
    let mut url = String::with_capacity(base.len() + 64 + org.len());
    url.push_str(base);
    url.push_str("/organizations/");
    url.push_str(&org);
    url.push_str("/groups");
    if let Some(group) = group {
        url.push('/');
        url.push_str(&group);
    }
    url
}

/// The percent-encoded segment for a path id, or a placeholder after pushing its problem.
fn id_segment(field: &str, id: Id, errors: &mut Vec<FieldError>) -> String {
    match id {
        Id::Text(text) => segment(field, text, errors),
        Id::WrongType => {
            errors.push(FieldError::new(field, FieldCode::InvalidType, "must be a string"));
            String::new()
        }
    }
}

fn finish(
    config: &Config,
    method: Method,
    url: String,
    input: Option<&GroupInput>,
    errors: Vec<FieldError>,
) -> Result<Request, Error> {
    if !errors.is_empty() {
        return Err(Error::invalid_input(errors));
    }
    let body = input.map(GroupInput::to_json);
    let mut headers = Vec::with_capacity(4);
    headers.push(("Authorization", config.authorization().to_owned()));
    headers.push(("Accept", "application/json".to_owned()));
    headers.push(("X-Tallyfy-Client", config.client_header().to_owned()));
    if body.is_some() {
        headers.push(("Content-Type", "application/json".to_owned()));
    }
    Ok(Request { method, url, headers, body })
}

/// [`build_create_group`] for values as a caller gave them (a JavaScript call): a path id of
/// the wrong type and every problem of the input are reported together.
pub fn build_create_group_given(config: &Config, org_id: &Given, input: GivenInput) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), None, &mut errors);
    let input = read(input, Some(Operation::Create), &mut errors);
    finish(config, Method::Post, url, Some(&input), errors)
}

/// [`build_get_group`] for values as a caller gave them.
pub fn build_get_group_given(config: &Config, org_id: &Given, group_id: &Given) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    finish(config, Method::Get, url, None, errors)
}

/// [`build_list_groups`] for values as a caller gave them (`null` or absent: no query).
pub fn build_list_groups_given(config: &Config, org_id: &Given, query: GivenQuery) -> Result<Request, Error> {
    let read = |errors: &mut Vec<FieldError>| ListQuery::read(query, errors);
    list_parts(config, org_id, read, None).map(|(request, _, _)| request)
}

/// The request for a list, with the org id and the query it was built from: `read` reads the
/// query (pushing its problems), `per_page` is the page size when the query sets none.
pub(crate) fn list_parts(
    config: &Config,
    org_id: &Given,
    read: impl FnOnce(&mut Vec<FieldError>) -> ListQuery,
    per_page: Option<u32>,
) -> Result<(Request, String, ListQuery), Error> {
    let mut errors = Vec::new();
    let mut url = groups_url(config, org_id.into(), None, &mut errors);
    let mut query = read(&mut errors);
    query.per_page = query.per_page.or(per_page);
    query.check(&mut errors);
    query.append_to(&mut url);
    let org = org_id.as_text().unwrap_or_default().to_owned();
    finish(config, Method::Get, url, None, errors).map(|request| (request, org, query))
}

/// [`build_update_group`] for values as a caller gave them.
pub fn build_update_group_given(
    config: &Config,
    org_id: &Given,
    group_id: &Given,
    input: GivenInput,
) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    let input = read(input, Some(Operation::Update), &mut errors);
    finish(config, Method::Put, url, Some(&input), errors)
}

/// [`build_delete_group`] for values as a caller gave them.
pub fn build_delete_group_given(config: &Config, org_id: &Given, group_id: &Given) -> Result<Request, Error> {
    let mut errors = Vec::new();
    let url = groups_url(config, org_id.into(), Some(group_id.into()), &mut errors);
    finish(config, Method::Delete, url, None, errors)
}
