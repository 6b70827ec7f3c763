//! Translation between what the JavaScript side sends and the core's types.
//!
//! Pure Rust (no `JsValue`), so that it is tested natively as well as in wasm. Type checks
//! live here because JavaScript values can be of any type: a wrong type is a field error, never
//! a coercion. Every rule about the values themselves lives in `tallyfy_core`.

use std::cell::Cell;

use tallyfy_core::json::{self, Value};
use tallyfy_core::{
    build_create_group_json, build_delete_group, build_get_group, build_list_groups_json, build_next_page,
    build_update_group_json, parse_delete_group, parse_group, parse_group_list, validate_create_group_json,
    validate_update_group_json, Config, Error, FieldCode, FieldError, Group, GroupInput, GroupPage, ListQuery, Method,
    Pagination, Request, Response, RetryPolicy,
};

/// The first character of a successful result.
pub const OK: char = '+';
/// The first character of a failed result; the error's JSON follows.
pub const ERR: char = '!';

/// A JavaScript argument, read without coercion.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `undefined` or `null`.
    Missing,
    /// A string.
    Str(String),
    /// A number (NaN and ±Infinity included).
    Num(f64),
    /// Anything else: an object, a boolean, a BigInt, ...
    Other,
}

/// The operations, with the codes the JavaScript side passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Create a group (code 0).
    Create,
    /// Read a group (code 1).
    Get,
    /// List groups (code 2).
    List,
    /// Change a group (code 3).
    Update,
    /// Delete a group (code 4).
    Delete,
}

impl Op {
    /// The operation for a code from JavaScript.
    pub fn from_code(code: u8) -> Option<Op> {
        [Op::Create, Op::Get, Op::List, Op::Update, Op::Delete].get(usize::from(code)).copied()
    }
}

/// [`ERR`] followed by the error's JSON.
fn err(error: &Error, now_unix: u64) -> String {
    let mut out = String::from(ERR);
    out.push_str(&error.to_json(now_unix));
    out
}

/// A result the JavaScript side receives as JSON.
trait ToJs {
    /// Appends the value as JSON.
    fn write(&self, out: &mut String);
}

impl ToJs for Group {
    fn write(&self, out: &mut String) {
        self.write_json(out);
    }
}

impl ToJs for GroupPage {
    fn write(&self, out: &mut String) {
        self.write_json(out);
    }
}

impl ToJs for GroupInput {
    fn write(&self, out: &mut String) {
        out.push_str(&self.to_json());
    }
}

impl ToJs for Option<u64> {
    fn write(&self, out: &mut String) {
        match self {
            Some(n) => json::write_u64(out, *n),
            None => out.push_str("null"),
        }
    }
}

/// [`OK`] followed by `value` as JSON, or [`ERR`] and the error. `capacity` is a guess of the
/// JSON's length, to spare the buffer its regrowth.
fn json<T: ToJs>(result: Result<T, Error>, now_unix: u64, capacity: usize) -> String {
    match result {
        Ok(value) => {
            let mut out = String::with_capacity(capacity + 1);
            out.push(OK);
            value.write(&mut out);
            out
        }
        Err(error) => err(&error, now_unix),
    }
}

/// One invalid-input error for one problem.
fn invalid(field: &str, code: FieldCode, message: &str) -> Error {
    Error::invalid_input(vec![FieldError::new(field, code, message)])
}

/// An invalid-input error for `errors`, or `Ok` when there are none.
fn check(errors: Vec<FieldError>) -> Result<(), Error> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid_input(errors))
    }
}

thread_local! {
    /// The config last sent from JavaScript: the JS side sends it again only when it changes.
    static CONFIG: Cell<Option<Result<Config, Error>>> = const { Cell::new(None) };
}

/// Runs `f` with the config `json` (stored for the next calls), or the stored one when `json`
/// is `None`.
fn with_config<T>(json: Option<&str>, f: impl FnOnce(&Config) -> Result<T, Error>) -> Result<T, Error> {
    CONFIG.with(|cell| {
        let config = match json {
            Some(json) => make_config(json),
            None => cell.take().unwrap_or_else(|| Err(invalid("config", FieldCode::Required, "no config was given"))),
        };
        let result = match &config {
            Ok(config) => f(config),
            Err(error) => Err(error.clone()),
        };
        cell.set(Some(config));
        result
    })
}

/// Reads `{accessToken, baseUrl?, clientHeader?}`; every problem is reported at once, in the
/// order access_token, base_url, client_header, unknown properties.
fn make_config(json: &str) -> Result<Config, Error> {
    const KEYS: [(&str, &str); 3] =
        [("accessToken", "access_token"), ("baseUrl", "base_url"), ("clientHeader", "client_header")];
    let Ok(map @ Value::Object(_)) = json::parse(json.as_bytes()) else {
        return Err(invalid(
            "config",
            FieldCode::InvalidType,
            "the config must be an object {accessToken, baseUrl?, clientHeader?}",
        ));
    };
    let mut texts: [Option<&str>; 3] = [None; 3];
    let mut wrong_type = [false; 3];
    for (i, (key, _)) in KEYS.iter().enumerate() {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => texts[i] = Some(s.as_ref()),
            Some(_) => wrong_type[i] = true,
        }
    }
    // A token of the wrong type is reported as such; "x" keeps the core from calling it missing.
    let token = texts[0].unwrap_or(if wrong_type[0] { "x" } else { "" });
    let made = Config::new(token, texts[1], texts[2]);
    let core_errors = made.as_ref().err().map(Error::field_errors).unwrap_or_default();
    let mut errors = Vec::new();
    for (i, (_, name)) in KEYS.iter().enumerate() {
        if wrong_type[i] {
            errors.push(FieldError::new(*name, FieldCode::InvalidType, "must be a string"));
        }
        errors.extend(core_errors.iter().filter(|e| e.field == *name).cloned());
    }
    for key in keys(&map).filter(|k| !KEYS.iter().any(|(name, _)| name == k)) {
        errors.push(FieldError::new(
            key,
            FieldCode::UnknownField,
            "unknown config property; expected accessToken, baseUrl or clientHeader",
        ));
    }
    check(errors)?;
    made
}

/// A path id (`org_id`, `group_id`): a string, or missing (the core reports it as required). A
/// value of another type is reported in `errors` and replaced by a valid placeholder, so that
/// the core still reports every other problem.
fn id_arg(field: &str, arg: Arg, errors: &mut Vec<FieldError>) -> String {
    match arg {
        Arg::Str(s) => s,
        Arg::Missing => String::new(),
        Arg::Num(_) | Arg::Other => {
            errors.push(FieldError::new(field, FieldCode::InvalidType, "must be a string"));
            "x".to_owned()
        }
    }
}

/// The core's result, with the path-id type errors found before it merged in (ids first, in
/// the core's order: org_id, then group_id).
fn merge<T>(pre: Vec<FieldError>, result: Result<T, Error>) -> Result<T, Error> {
    if pre.is_empty() {
        return result;
    }
    let core_errors = result.as_ref().err().map(Error::field_errors).unwrap_or_default();
    let mut errors = Vec::with_capacity(pre.len() + core_errors.len());
    for id in ["org_id", "group_id"] {
        errors.extend(pre.iter().chain(core_errors).filter(|e| e.field == id).cloned());
    }
    errors.extend(core_errors.iter().filter(|e| e.field != "org_id" && e.field != "group_id").cloned());
    Err(Error::invalid_input(errors))
}

/// Builds a request. The result is [`OK`] followed by newline-separated fields: method, URL,
/// body (empty when there is none), then each header's name and value. None of them can hold
/// a newline: the URL is percent-encoded, header values are checked to be visible ASCII, and
/// the body is compact JSON, whose strings escape control characters.
pub fn build(op: u8, config: Option<&str>, org: Arg, group: Arg, input: &str) -> String {
    match build_request(op, config, org, group, input) {
        Ok(request) => request_text(&request),
        Err(error) => err(&error, 0),
    }
}

fn request_text(request: &Request) -> String {
    let body = request.body.as_deref().unwrap_or_default();
    let mut out = String::with_capacity(request.url.len() + body.len() + 160);
    out.push(OK);
    out.push_str(request.method.as_str());
    for part in [request.url.as_str(), body] {
        out.push('\n');
        out.push_str(part);
    }
    for (name, value) in &request.headers {
        out.push('\n');
        out.push_str(name);
        out.push('\n');
        out.push_str(value);
    }
    out
}

fn build_request(op: u8, config: Option<&str>, org: Arg, group: Arg, input: &str) -> Result<Request, Error> {
    let op = Op::from_code(op).ok_or_else(|| invalid("op", FieldCode::InvalidValue, "unknown operation"))?;
    with_config(config, |config| {
        let mut pre = Vec::new();
        let org = id_arg("org_id", org, &mut pre);
        let group = match op {
            Op::Get | Op::Update | Op::Delete => id_arg("group_id", group, &mut pre),
            Op::Create | Op::List => String::new(),
        };
        let input = input.as_bytes();
        let result = match op {
            Op::Create => build_create_group_json(config, &org, input),
            Op::Get => build_get_group(config, &org, &group),
            Op::Update => build_update_group_json(config, &org, &group, input),
            Op::Delete => build_delete_group(config, &org, &group),
            Op::List => build_list_groups_json(config, &org, input),
        };
        merge(pre, result)
    })
}

/// Checks an input as the body of a create ([`Op::Create`]) or an update (any other code);
/// returns the JSON array of field errors.
pub fn validate(op: u8, input: &str) -> String {
    let errors = if Op::from_code(op) == Some(Op::Create) {
        validate_create_group_json(input.as_bytes())
    } else {
        validate_update_group_json(input.as_bytes())
    };
    let mut out = String::new();
    tallyfy_core::write_field_errors(&mut out, &errors);
    out
}

/// What the JavaScript side passes as `headers` when it has headers but has not sent them: the
/// core reads headers only to describe an error answer, so they cross only for those.
pub const HEADERS_LATER: &str = "\u{1}";
/// The result that asks for the headers (after [`HEADERS_LATER`], for an error answer).
pub const NEED_HEADERS: &str = "?";

/// Parses an answer (`op` 0: a group, 1: a group list, 2: a delete) into [`OK`] + the value's
/// JSON (nothing for a delete), or [`ERR`] + the error. `headers` is in the form
/// [`header_pairs`] reads, or [`HEADERS_LATER`]: then an error answer gives [`NEED_HEADERS`].
pub fn parse(op: u8, status: Arg, headers: Option<&str>, body: Arg, now_unix: f64) -> String {
    let later = headers == Some(HEADERS_LATER);
    let result = parse_now(op, status, if later { None } else { headers }, body, now_unix);
    if later && !result.starts_with(OK) {
        return NEED_HEADERS.to_owned();
    }
    result
}

fn parse_now(op: u8, status: Arg, headers: Option<&str>, body: Arg, now_unix: f64) -> String {
    // Saturating float-to-integer conversion: NaN and negatives become 0.
    let now = now_unix as u64;
    let mut errors = Vec::new();
    let status = match status {
        Arg::Num(s) if s.fract() == 0.0 && (100.0..=599.0).contains(&s) => s as u16,
        Arg::Num(_) => {
            errors.push(FieldError::new("status", FieldCode::OutOfRange, "must be an integer from 100 to 599"));
            0
        }
        _ => {
            errors.push(FieldError::new("status", FieldCode::InvalidType, "must be a number"));
            0
        }
    };
    let headers = headers.map(|h| header_pairs(h, &mut errors)).unwrap_or_default();
    let body = match body {
        Arg::Str(body) => body,
        _ => {
            errors.push(FieldError::new("body", FieldCode::InvalidType, "must be a string (the response text)"));
            String::new()
        }
    };
    if let Err(error) = check(errors) {
        return err(&error, now);
    }
    let response = Response { status, headers: &headers, body: body.as_bytes() };
    match op {
        // A group's JSON is about as long as the answer that carried it.
        0 => json::<Group>(parse_group(&response), now, body.len()),
        1 => json::<GroupPage>(parse_group_list(&response), now, body.len()),
        _ => match parse_delete_group(&response) {
            Ok(()) => String::from(OK),
            Err(error) => err(&error, now),
        },
    }
}

/// What marks a header name or value that is not a string, or headers of the wrong type.
const NOT_A_HEADER: &str = "\0";

/// Reads `name\nvalue\nname\nvalue...` (see the JS `headerText`) without copying; a part that
/// is [`NOT_A_HEADER`] is a field error.
fn header_pairs<'a>(text: &'a str, errors: &mut Vec<FieldError>) -> Vec<(&'a str, &'a str)> {
    if text == NOT_A_HEADER {
        errors.push(header_shape());
        return Vec::new();
    }
    let mut lines = text.split('\n');
    let mut pairs = Vec::new();
    while let Some(name) = lines.next() {
        match (name, lines.next()) {
            (NOT_A_HEADER, _) | (_, None) => errors.push(header_shape()),
            (name, Some(NOT_A_HEADER)) => errors.push(FieldError::new(
                format!("headers.{name}"),
                FieldCode::InvalidType,
                "a header value must be a string without line breaks",
            )),
            (name, Some(value)) => pairs.push((name, value)),
        }
    }
    pairs
}

fn header_shape() -> FieldError {
    FieldError::new(
        "headers",
        FieldCode::InvalidType,
        "must be a Headers object, a plain object or [name, value] pairs",
    )
}

/// The default policy's delay before retry `attempt + 1`: [`OK`] + milliseconds or `null`.
pub fn retry_delay(method: Arg, status: Arg, retry_after: Arg, attempt: Arg, random: f64) -> String {
    json(retry_delay_ms(method, status, retry_after, attempt, random), 0, 8)
}

fn retry_delay_ms(method: Arg, status: Arg, retry_after: Arg, attempt: Arg, random: f64) -> Result<Option<u64>, Error> {
    let mut errors = Vec::new();
    let method = match method {
        Arg::Str(name) => Method::parse(&name),
        _ => None,
    };
    if method.is_none() {
        errors.push(FieldError::new("method", FieldCode::InvalidValue, "must be GET, POST, PUT or DELETE"));
    }
    let status = integer("status", status, u64::from(u16::MAX), &mut errors);
    let retry_after = match retry_after {
        Arg::Missing => None,
        other => integer("retry_after_seconds", other, u64::MAX, &mut errors),
    };
    let attempt = integer("attempt", attempt, u64::from(u32::MAX), &mut errors);
    check(errors)?;
    let (Some(method), Some(status), Some(attempt)) = (method, status, attempt) else {
        return Ok(None);
    };
    // Both fit: `integer` checked them against u16::MAX and u32::MAX.
    Ok(RetryPolicy::default().delay_ms(method, status as u16, retry_after, attempt as u32, random))
}

/// A whole number from 0 to `max` (at most 2^53 - 1), or a field error.
fn integer(field: &str, arg: Arg, max: u64, errors: &mut Vec<FieldError>) -> Option<u64> {
    match arg {
        // Every whole number below 2^53 is exact in an f64, so the cast is exact.
        Arg::Num(n) if n.fract() == 0.0 && n >= 0.0 && n <= max as f64 && n < 9_007_199_254_740_992.0 => Some(n as u64),
        Arg::Num(n) if n.fract() == 0.0 => {
            errors.push(FieldError::new(field, FieldCode::OutOfRange, "out of range"));
            None
        }
        _ => {
            errors.push(FieldError::new(field, FieldCode::InvalidType, "must be a whole number"));
            None
        }
    }
}

/// The request for the page after `pagination` (its JSON), or [`OK`] alone after the last page.
pub fn next_page(config: Option<&str>, org: Arg, query: &str, pagination: &str) -> String {
    match next_request(config, org, query, pagination) {
        Ok(Some(request)) => request_text(&request),
        Ok(None) => String::from(OK),
        Err(error) => err(&error, 0),
    }
}

fn next_request(config: Option<&str>, org: Arg, query: &str, pagination: &str) -> Result<Option<Request>, Error> {
    with_config(config, |config| {
        let mut errors = Vec::new();
        let org = id_arg("org_id", org, &mut errors);
        let query = ListQuery::from_json(query.as_bytes());
        if let Err(query_error) = &query {
            errors.extend_from_slice(query_error.field_errors());
        }
        let pagination = read_pagination(pagination, &mut errors);
        check(errors)?;
        build_next_page(config, &org, &query?, &GroupPage { groups: Vec::new(), pagination })
    })
}

/// Reads a page's `pagination` in its JavaScript shape.
fn read_pagination(json: &str, errors: &mut Vec<FieldError>) -> Pagination {
    const KEYS: [(&str, &str); 5] = [
        ("total", "pagination.total"),
        ("count", "pagination.count"),
        ("perPage", "pagination.per_page"),
        ("currentPage", "pagination.current_page"),
        ("totalPages", "pagination.total_pages"),
    ];
    let Ok(map @ Value::Object(_)) = json::parse(json.as_bytes()) else {
        errors.push(FieldError::new("pagination", FieldCode::InvalidType, "must be a page's pagination object"));
        return Pagination::default();
    };
    let mut values = [0u64; 5];
    for (value, (key, field)) in values.iter_mut().zip(KEYS) {
        match map.get(key).and_then(Value::as_u64) {
            Some(v) => *value = v,
            None => errors.push(FieldError::new(field, FieldCode::InvalidType, "must be a whole number")),
        }
    }
    unknown_keys(&map, "pagination", &KEYS.map(|(key, _)| key), errors);
    let [total, count, per_page, current_page, total_pages] = values;
    Pagination { total, count, per_page, current_page, total_pages }
}

/// The keys of an object, each once, in document order.
fn keys<'a>(map: &'a Value) -> impl Iterator<Item = &'a str> {
    let members = map.as_object().unwrap_or_default();
    members
        .iter()
        .enumerate()
        .filter(|(i, (key, _))| !members[..*i].iter().any(|(k, _)| k == key))
        .map(|(_, (k, _))| k.as_ref())
}

fn unknown_keys(map: &Value, prefix: &str, known: &[&str], errors: &mut Vec<FieldError>) {
    for key in keys(map).filter(|k| !known.contains(k)) {
        errors.push(FieldError::new(format!("{prefix}.{key}"), FieldCode::UnknownField, "unknown property"));
    }
}

/// The full update body from `current` (a group in its JavaScript shape) and `changes`.
pub fn full_update(current: &str, changes: &str) -> String {
    json(full_update_input(current, changes), 0, current.len() + changes.len())
}

fn full_update_input(current: &str, changes: &str) -> Result<GroupInput, Error> {
    let mut errors = Vec::new();
    let current = read_group(current, &mut errors);
    let changes = GroupInput::from_json(changes.as_bytes());
    if let Err(changes_error) = &changes {
        errors.extend_from_slice(changes_error.field_errors());
    }
    check(errors)?;
    Ok(tallyfy_core::full_update(&current, &changes?))
}

/// Reads the fields of a JavaScript `Group` that an update body takes from it.
fn read_group(json: &str, errors: &mut Vec<FieldError>) -> Group {
    const KEYS: [&str; 8] = ["id", "name", "description", "logo", "members", "guests", "createdAt", "updatedAt"];
    let mut group = Group::default();
    let Ok(map @ Value::Object(_)) = json::parse(json.as_bytes()) else {
        errors.push(FieldError::new("current", FieldCode::InvalidType, "must be a group as parsed"));
        return group;
    };
    let mut wrong =
        |field: &str| errors.push(FieldError::new(format!("current.{field}"), FieldCode::InvalidType, "wrong type"));
    for (field, slot) in [("name", &mut group.name), ("description", &mut group.description)] {
        match map.get(field) {
            Some(Value::String(s)) => *slot = s.to_string(),
            _ => wrong(field),
        }
    }
    match map.get("members").and_then(Value::as_array).map(|ids| ids.iter().map(Value::as_u64).collect()) {
        Some(Some(ids)) => group.members = ids,
        _ => wrong("members"),
    }
    let guests = map.get("guests").and_then(Value::as_array);
    match guests.map(|emails| emails.iter().map(|e| e.as_str().map(str::to_owned)).collect()) {
        Some(Some(emails)) => group.guests = emails,
        _ => wrong("guests"),
    }
    unknown_keys(&map, "current", &KEYS, errors);
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_cross_only_for_error_answers() {
        let body = r#"{"data":{"id":"g1","name":"Ops"}}"#;
        let ok = parse(0, Arg::Num(200.0), Some(HEADERS_LATER), Arg::Str(body.into()), 0.0);
        assert!(ok.starts_with(OK), "{ok}");
        let later = parse(0, Arg::Num(404.0), Some(HEADERS_LATER), Arg::Str(String::new()), 0.0);
        assert_eq!(later, NEED_HEADERS);
        let error = parse(0, Arg::Num(404.0), Some("x-request-id\nr1"), Arg::Str(String::new()), 0.0);
        assert!(error.starts_with(ERR) && error.contains(r#""requestId":"r1""#), "{error}");
    }

    const CONFIG: Option<&str> = Some(r#"{"accessToken":"tok"}"#);

    fn fields(result: &str) -> Vec<(String, String)> {
        assert!(result.starts_with(ERR), "{result}");
        let error: serde_json::Value = serde_json::from_str(&result[1..]).unwrap();
        error["fieldErrors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect()
    }

    fn s(text: &str) -> Arg {
        Arg::Str(text.to_owned())
    }

    #[test]
    fn builds_and_reuses_the_config() {
        let input = r#"{"name":"Ops\nteam","description":"d"}"#;
        let first = build(0, CONFIG, s("org 1"), Arg::Missing, input);
        assert_eq!(
            first,
            "+POST\nhttps://go.tallyfy.com/api/organizations/org%201/groups\n\
             {\"name\":\"Ops\\nteam\",\"description\":\"d\"}\n\
             Authorization\nBearer tok\nAccept\napplication/json\nX-Tallyfy-Client\nAPIClient\n\
             Content-Type\napplication/json"
        );
        assert_eq!(build(0, None, s("org 1"), Arg::Missing, input), first);
        let get = build(1, None, s("o"), s("g"), "null");
        assert!(get.starts_with("+GET\nhttps://go.tallyfy.com/api/organizations/o/groups/g\n\nAuthorization\n"));
    }

    #[test]
    fn config_types_and_unknown_properties() {
        let out = build(1, Some(r#"{"accessToken":5,"baseUrl":"http://example.com","token":"t"}"#), s("o"), s("g"), "");
        assert_eq!(
            fields(&out),
            pairs(&[("access_token", "invalid_type"), ("base_url", "insecure_scheme"), ("token", "unknown_field")])
        );
        // The refused config is the one reused.
        assert_eq!(fields(&build(1, None, s("o"), s("g"), "")), fields(&out));
        assert_eq!(fields(&build(1, Some("[]"), s("o"), s("g"), "")), pairs(&[("config", "invalid_type")]));
        assert_eq!(fields(&build(1, Some("{}"), s("o"), s("g"), "")), pairs(&[("access_token", "required")]));
    }

    #[test]
    fn id_types_merge_with_core_errors_in_order() {
        let out = build(3, CONFIG, s(""), Arg::Num(7.0), r#"{"name":""}"#);
        assert_eq!(fields(&out), pairs(&[("org_id", "required"), ("group_id", "invalid_type"), ("name", "blank")]));
        let out = build(3, CONFIG, Arg::Other, s(""), r#"{"name":"x"}"#);
        assert_eq!(fields(&out), pairs(&[("org_id", "invalid_type"), ("group_id", "required")]));
        let out = build(2, CONFIG, s(""), Arg::Missing, r#"{"perPage":0}"#);
        assert_eq!(fields(&out), pairs(&[("org_id", "required"), ("per_page", "out_of_range")]));
        assert_eq!(fields(&build(9, CONFIG, s("o"), s("g"), "")), pairs(&[("op", "invalid_value")]));
    }

    #[test]
    fn parse_checks_the_response_shape() {
        let out = parse(0, Arg::Num(200.5), Some("X-Request-Id\n\0\n\0\nx"), Arg::Missing, 0.0);
        assert_eq!(
            fields(&out),
            pairs(&[
                ("status", "out_of_range"),
                ("headers.X-Request-Id", "invalid_type"),
                ("headers", "invalid_type"),
                ("body", "invalid_type")
            ])
        );
        assert_eq!(
            fields(&parse(0, s("200"), Some("{}"), s(""), 0.0)),
            pairs(&[("status", "invalid_type"), ("headers", "invalid_type")])
        );
        let out = parse(2, Arg::Num(429.0), Some("Content-Type\ntext/plain\nRetry-After\n3"), s(""), 0.0);
        let error: serde_json::Value = serde_json::from_str(&out[1..]).unwrap();
        assert_eq!(error["code"], "rate_limited");
        assert_eq!(error["retryAfterSeconds"], 3);
        assert_eq!(parse(2, Arg::Num(204.0), None, s(""), f64::NAN), "+");
        let out = parse(0, Arg::Num(200.0), None, s(r#"{"data":{"id":"g","name":"n"}}"#), 0.0);
        assert_eq!(
            out,
            r#"+{"id":"g","name":"n","description":"","logo":null,"members":[],"guests":[],"createdAt":null,"updatedAt":null}"#
        );
    }

    #[test]
    fn retry_delays() {
        let delay = |m: &str, status: f64, after: Arg, attempt: f64| {
            retry_delay(s(m), Arg::Num(status), after, Arg::Num(attempt), 0.5)
        };
        assert_eq!(delay("POST", 429.0, Arg::Num(2.0), 0.0), "+2000");
        assert_eq!(delay("POST", 503.0, Arg::Missing, 0.0), "+null");
        assert_eq!(delay("GET", 503.0, Arg::Missing, 1.0), "+1000");
        assert_eq!(
            fields(&retry_delay(s("PATCH"), Arg::Num(-1.0), Arg::Num(1.5), s("0"), 0.5)),
            pairs(&[
                ("method", "invalid_value"),
                ("status", "out_of_range"),
                ("retry_after_seconds", "invalid_type"),
                ("attempt", "invalid_type")
            ])
        );
        assert_eq!(
            fields(&retry_delay(s("GET"), Arg::Num(f64::NAN), Arg::Num(f64::INFINITY), Arg::Num(2f64.powi(53)), 0.5))
                .len(),
            3
        );
    }

    #[test]
    fn next_pages() {
        let pagination = r#"{"total":25,"count":10,"perPage":10,"currentPage":1,"totalPages":3}"#;
        let out = next_page(CONFIG, s("o"), r#"{"perPage":10}"#, pagination);
        assert!(
            out.starts_with("+GET\nhttps://go.tallyfy.com/api/organizations/o/groups?page=2&per_page=10\n"),
            "{out}"
        );
        let last = r#"{"total":1,"count":1,"perPage":10,"currentPage":1,"totalPages":1}"#;
        assert_eq!(next_page(None, s("o"), "null", last), "+");
        let out = next_page(None, Arg::Num(1.0), r#"{"per_page":1}"#, r#"{"total":-1,"extra":1}"#);
        let want = [
            ("org_id", "invalid_type"),
            ("per_page", "unknown_field"),
            ("pagination.total", "invalid_type"),
            ("pagination.count", "invalid_type"),
            ("pagination.per_page", "invalid_type"),
            ("pagination.current_page", "invalid_type"),
            ("pagination.total_pages", "invalid_type"),
            ("pagination.extra", "unknown_field"),
        ];
        assert_eq!(fields(&out), pairs(&want));
    }

    #[test]
    fn full_updates() {
        let group = r#"{"id":"g","name":"Ops","description":"d","logo":null,"members":[1],"guests":[],"createdAt":null,"updatedAt":null}"#;
        let out = full_update(group, r#"{"guests":["a@b.co"]}"#);
        assert_eq!(out, r#"+{"name":"Ops","description":"d","members":[1],"guests":["a@b.co"]}"#);
        let out = full_update(r#"{"name":1,"description":"d","members":[-1],"guests":[2],"x":0}"#, r#"{"member":[]}"#);
        let want = [
            ("current.name", "invalid_type"),
            ("current.members", "invalid_type"),
            ("current.guests", "invalid_type"),
            ("current.x", "unknown_field"),
            ("member", "unknown_field"),
        ];
        assert_eq!(fields(&out), pairs(&want));
    }
}
