//! What the fuzz targets share: structured values read from the fuzzer's bytes, and the checks
//! every result must pass. A target never only asks "no panic": each result is compared with
//! what `serde_json` reads from the same bytes, or with the input it was built from.

use serde_json::{Map, Value};
use tallyfy_core::{Error, ErrorCode, Group, GroupInput, Request};

/// Reads values from the fuzzer's bytes, front to back; past the end, reads give zeros and
/// empty strings, so every input is usable.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }

    /// One byte.
    pub fn byte(&mut self) -> u8 {
        let (first, rest) = self.data.split_first().map_or((0, &[][..]), |(b, rest)| (*b, rest));
        self.data = rest;
        first
    }

    /// `N` bytes, zero-padded past the end.
    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        for b in &mut out {
            *b = self.byte();
        }
        out
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.array())
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    /// A string: a length byte, then that many bytes (invalid UTF-8 replaced).
    pub fn text(&mut self) -> String {
        let len = usize::from(self.byte()).min(self.data.len());
        let (text, rest) = self.data.split_at(len);
        self.data = rest;
        String::from_utf8_lossy(text).into_owned()
    }

    /// Raw bytes, any of them: a length byte, then that many bytes.
    pub fn raw(&mut self) -> &'a [u8] {
        let len = usize::from(self.byte()).min(self.data.len());
        let (raw, rest) = self.data.split_at(len);
        self.data = rest;
        raw
    }

    /// One of `presets`, or a fuzzed [`Bytes::text`] (one choice more than there are presets).
    pub fn choose(&mut self, presets: &[&str]) -> String {
        let i = usize::from(self.byte()) % (presets.len() + 1);
        presets.get(i).map_or_else(|| self.text(), |p| (*p).to_owned())
    }

    /// `None`, or [`Bytes::choose`].
    pub fn maybe(&mut self, presets: &[&str]) -> Option<String> {
        (!self.byte().is_multiple_of(4)).then(|| self.choose(presets))
    }

    /// Everything not read yet.
    pub fn rest(self) -> &'a [u8] {
        self.data
    }
}

/// Statuses worth hitting often; a first byte of 0xF0 or more reads any `u16` instead.
const STATUSES: [u16; 16] = [200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 302, 100];

/// An HTTP answer read from the fuzzer's bytes: status, up to three headers, then the rest as
/// the body (so a seed is `[status choice, 0, body...]`).
pub struct Answer {
    /// The status.
    pub status: u16,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// Reads an answer from `data`.
    pub fn read(data: &[u8]) -> Answer {
        let mut bytes = Bytes::new(data);
        let choice = bytes.byte();
        let status = if choice >= 0xF0 { bytes.u16() } else { STATUSES[usize::from(choice) % STATUSES.len()] };
        let headers = (0..bytes.byte() % 4)
            .map(|_| {
                let name = bytes.choose(&["X-Request-Id", "Retry-After", "Content-Type", "x-request-id"]);
                (name, bytes.choose(&["120", "Wed, 21 Oct 2015 07:28:00 GMT", "req-1"]))
            })
            .collect();
        Answer { status, headers, body: bytes.rest().to_vec() }
    }

    /// Calls `f` with the answer as the core's [`tallyfy_core::Response`].
    pub fn with<T>(&self, f: impl FnOnce(&tallyfy_core::Response) -> T) -> T {
        let pairs: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        f(&tallyfy_core::Response { status: self.status, headers: &pairs, body: &self.body })
    }
}

/// What `serde_json` makes of some bytes.
pub enum Reference {
    /// Valid JSON, read as a value.
    Json(Value),
    /// Not JSON.
    Invalid,
    /// JSON that `serde_json` cannot hold (nested past its limit, or a number beyond `f64`,
    /// such as `1e999`), while the core, keeping numbers as text, may; or a body that is not
    /// UTF-8, which the core reads when the bad bytes sit in an unknown field (serde_json's
    /// typed reading skips those unread, as its `Value` reading cannot); or JSON with a key
    /// repeated in one object, which `Value` reads as its last value while the core refuses a
    /// success answer holding one and reads an error body's last value (its own tests pin
    /// both): no verdict.
    Unreadable,
}

/// Whether some object of the JSON text `bytes` holds a key twice.
fn has_repeated_key(bytes: &[u8]) -> bool {
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    /// Any JSON value, refused when an object repeats a key.
    struct Unique;
    impl<'de> Deserialize<'de> for Unique {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Unique, D::Error> {
            deserializer.deserialize_any(UniqueVisitor)
        }
    }
    struct UniqueVisitor;
    impl<'de> Visitor<'de> for UniqueVisitor {
        type Value = Unique;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_unit<E>(self) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
            while seq.next_element::<Unique>()?.is_some() {}
            Ok(Unique)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
            let mut keys = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !keys.insert(key) {
                    return Err(de::Error::custom("repeated key"));
                }
                map.next_value::<Unique>()?;
            }
            Ok(Unique)
        }
    }
    serde_json::from_slice::<Unique>(bytes).is_err_and(|e| e.to_string().starts_with("repeated key"))
}

/// Reads `bytes` with `serde_json`.
pub fn reference(bytes: &[u8]) -> Reference {
    if std::str::from_utf8(bytes).is_err() || has_repeated_key(bytes) {
        return Reference::Unreadable;
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => Reference::Json(value),
        Err(e) if ["recursion limit", "number out of range"].iter().any(|m| e.to_string().contains(m)) => {
            Reference::Unreadable
        }
        Err(_) => Reference::Invalid,
    }
}

/// Text safe to show: no control characters.
pub fn assert_printable(what: &str, text: &str) {
    assert!(!text.chars().any(char::is_control), "{what} holds a control character: {text:?}");
}

/// Every error, whatever its origin: a bounded, printable message, printable field errors, a
/// request id of at most 128 visible ASCII characters, and `to_json` that `serde_json` reads
/// back to the same values.
pub fn check_error(error: &Error) {
    assert!(error.message().len() <= 512, "message of {} bytes", error.message().len());
    assert_printable("message", error.message());
    for field in error.field_errors() {
        assert_printable("field error", &field.message);
    }
    if let Some(id) = error.request_id() {
        assert!(id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic()), "request id {id:?}");
    }
    let json: Value = serde_json::from_str(&error.to_json(0)).expect("Error::to_json is JSON");
    assert_eq!(json["code"], error.code().as_str());
    assert_eq!(json["message"], error.message());
    assert_eq!(json["status"].as_u64(), error.status().map(u64::from));
    assert_eq!(json["requestId"].as_str(), error.request_id());
    let fields = json["fieldErrors"].as_array().expect("fieldErrors is an array");
    assert_eq!(fields.len(), error.field_errors().len());
    for (json, field) in fields.iter().zip(error.field_errors()) {
        assert_eq!(
            (json["field"].as_str(), json["code"].as_str()),
            (Some(field.field.as_str()), Some(field.code.as_str()))
        );
        assert_eq!(json["message"].as_str(), Some(field.message.as_str()));
    }
}

/// An error from a `parse_*` call: a status that is no HTTP status (outside 100-599) is the
/// caller's `invalid_input` on `status`; otherwise the answer's status, and a code that follows
/// from it (`malformed_response` for a success status, whose body the parser refused).
pub fn check_parse_error(error: &Error, status: u16, success: &[u16]) {
    check_error(error);
    if !(100..=599).contains(&status) {
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error:?}");
        assert_eq!(error.status(), None);
        let fields: Vec<&str> = error.field_errors().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["status"]);
        return;
    }
    assert_eq!(error.status(), Some(status));
    let expected = if success.contains(&status) { ErrorCode::MalformedResponse } else { ErrorCode::for_status(status) };
    assert_eq!(error.code(), expected, "{error:?}");
}

/// A string member of `object` that may be absent or null.
fn optional_str<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    match object.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => panic!("the core read {key} = {other} as a string"),
    }
}

/// A list member of `object` that may be absent or null (then empty).
fn optional_list<'v>(object: &'v Map<String, Value>, key: &str) -> &'v [Value] {
    match object.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => panic!("the core read {key} = {other} as a list"),
    }
}

/// A member id as the API may send it: a whole number, or a string of digits.
fn member_id(value: &Value) -> u64 {
    match value {
        Value::Number(n) => n.as_u64().unwrap_or_else(|| panic!("the core read {n} as a member id")),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().unwrap_or_else(|_| panic!("the core read {s:?} as a member id"))
        }
        other => panic!("the core read {other} as a member id"),
    }
}

/// `group` holds exactly what `serde_json` reads from the group's JSON object `json`.
pub fn assert_group(group: &Group, json: &Value) {
    let object = json.as_object().unwrap_or_else(|| panic!("the core read {json} as a group"));
    match object.get("id") {
        Some(Value::String(id)) => assert_eq!(&group.id, id),
        Some(Value::Number(n)) => assert_eq!(Some(group.id.clone()), n.as_u64().map(|n| n.to_string())),
        other => panic!("the core read id {other:?}"),
    }
    assert!(!group.id.is_empty(), "an empty id was accepted");
    assert_eq!(object.get("name").and_then(Value::as_str), Some(group.name.as_str()), "name");
    assert_eq!(optional_str(object, "description").unwrap_or_default(), group.description, "description");
    assert_eq!(optional_str(object, "logo"), group.logo.as_deref(), "logo");
    assert_eq!(optional_str(object, "created_at"), group.created_at.as_deref(), "created_at");
    let updated = optional_str(object, "last_updated").or_else(|| optional_str(object, "updated_at"));
    assert_eq!(updated, group.updated_at.as_deref(), "updated_at");
    let members: Vec<u64> = optional_list(object, "members").iter().map(member_id).collect();
    assert_eq!(members, group.members, "members");
    assert!(group.members.iter().all(|id| *id <= tallyfy_core::MAX_MEMBER_ID), "member id above 2^53 - 1");
    let guests: Vec<&str> = optional_list(object, "guests")
        .iter()
        .map(|g| g.as_str().unwrap_or_else(|| panic!("the core read {g} as a guest")))
        .collect();
    assert_eq!(guests, group.guests, "guests");
    let written: Value = serde_json::from_str(&group.to_json()).expect("Group::to_json is JSON");
    assert_eq!(written["id"], group.id.as_str());
    assert_eq!(written["name"], group.name.as_str());
    assert_eq!(written["members"], serde_json::json!(group.members));
    assert_eq!(written["guests"], serde_json::json!(group.guests));
    assert_eq!(written["updatedAt"].as_str(), group.updated_at.as_deref());
}

/// Decodes a percent-encoded URL part, checking it holds only unreserved characters and
/// `%XX` escapes (so it cannot act as a delimiter).
pub fn decode_component(part: &str) -> Vec<u8> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = part.get(i + 1..i + 3).unwrap_or_else(|| panic!("truncated escape in {part:?}"));
            out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape in {part:?}")));
            i += 3;
        } else {
            assert!(b.is_ascii_alphanumeric() || b"-._~".contains(&b), "raw {:?} in {part:?}", b as char);
            out.push(b);
            i += 1;
        }
    }
    out
}

/// The checks every built request passes: visible-ASCII URL under the config's base URL, with
/// each id one path segment that decodes back to the id; headers in the documented order
/// with no control characters, carrying exactly the token and client header; and the tail of
/// the URL after the path (`?query`), returned for the caller to check.
pub fn check_request<'r>(
    request: &'r Request,
    base_url: &str,
    token: &str,
    client_header: &str,
    ids: &[&str],
) -> &'r str {
    assert!(request.url.bytes().all(|b| b.is_ascii_graphic()), "URL {:?}", request.url);
    let mut rest = request.url.strip_prefix(base_url).unwrap_or_else(|| panic!("{} not under {base_url}", request.url));
    for (i, id) in ids.iter().enumerate() {
        let prefix = if i == 0 { "/organizations/" } else { "/groups/" };
        rest = rest.strip_prefix(prefix).unwrap_or_else(|| panic!("{} lacks {prefix}", request.url));
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        assert_eq!(decode_component(&rest[..end]), id.as_bytes(), "id segment of {}", request.url);
        rest = &rest[end..];
    }
    if ids.len() == 1 {
        rest = rest.strip_prefix("/groups").unwrap_or_else(|| panic!("{} lacks /groups", request.url));
    }
    let names: Vec<&str> = request.headers.iter().map(|(n, _)| *n).collect();
    let mut expected = vec!["Authorization", "Accept", "X-Tallyfy-Client"];
    if request.body.is_some() {
        expected.push("Content-Type");
    }
    assert_eq!(names, expected);
    for (name, value) in &request.headers {
        assert!(value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()), "{name}: {value:?}");
    }
    assert_eq!(request.header("Authorization"), Some(format!("Bearer {token}").as_str()));
    assert_eq!(request.header("X-Tallyfy-Client"), Some(client_header));
    assert_eq!(request.header("Accept"), Some("application/json"));
    assert!(!format!("{request:?}").contains(&format!("Bearer {token}")), "Debug shows the token");
    rest
}

/// The body `serde_json` reads from a create or update request: exactly the present fields
/// of `input`, with the same values.
pub fn assert_body(request: &Request, input: &GroupInput) {
    let body = request.body.as_deref().expect("create and update have a body");
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("body {body:?} is not JSON: {e}"));
    let mut expected = Map::new();
    if let Some(name) = &input.name {
        expected.insert("name".into(), name.as_str().into());
    }
    if let Some(description) = &input.description {
        expected.insert("description".into(), description.as_str().into());
    }
    if let Some(members) = &input.members {
        expected.insert("members".into(), members.iter().map(|m| Value::from(*m)).collect());
    }
    if let Some(guests) = &input.guests {
        expected.insert("guests".into(), guests.iter().map(|g| Value::from(g.as_str())).collect());
    }
    assert_eq!(json, Value::Object(expected), "body {body}");
}

/// `text` does not contain the access token `token` (only meaningful when no other input
/// contained it).
pub fn assert_no_token(error: &Error, token: &str) {
    let shown = format!("{error} {error:?} {}", error.to_json(0));
    assert!(!shown.contains(token), "the token {token:?} leaked: {shown}");
}

/// Whether `json` is a group in a documented shape, which the core must then accept: an
/// object with a non-empty string (or whole-number) `id`, a string `name`, optional strings
/// (or null) for the other text fields, and member ids and guests as the API sends them.
pub fn is_documented_group(json: &Value) -> bool {
    let Some(object) = json.as_object() else {
        return false;
    };
    let text_or_null = |key: &str| object.get(key).is_none_or(|v| v.is_null() || v.is_string());
    let list = |key: &str, item: &dyn Fn(&Value) -> bool| {
        object.get(key).is_none_or(|v| v.is_null() || v.as_array().is_some_and(|items| items.iter().all(item)))
    };
    let member = |v: &Value| match v {
        Value::Number(n) => n.as_u64().is_some_and(|n| n <= tallyfy_core::MAX_MEMBER_ID),
        Value::String(s) => {
            !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_digit())
                && s.parse::<u64>().is_ok_and(|n| n <= tallyfy_core::MAX_MEMBER_ID)
        }
        _ => false,
    };
    let id_ok = match object.get("id") {
        Some(Value::String(id)) => !id.is_empty(),
        Some(Value::Number(n)) => n.as_u64().is_some(),
        _ => false,
    };
    id_ok
        && object.get("name").is_some_and(Value::is_string)
        && ["description", "logo", "created_at", "last_updated", "updated_at"].iter().all(|k| text_or_null(k))
        && list("members", &member)
        && list("guests", &Value::is_string)
}
