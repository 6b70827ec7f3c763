//! JavaScript surface of the Tallyfy Groups core (wasm-bindgen).
//!
//! These exports are the low-level half of the npm package: `js/api.js` calls them under the
//! documented names. The crate only translates; every rule lives in the core.
//!
//! Arguments: each call reads its arguments afresh and keeps nothing of them. `src/plain.js`
//! copies an argument into plain data (running the caller's getters and proxies under
//! try/catch, see there), and serde-wasm-bindgen reads the copy into the core's collecting
//! readers (`GivenConfig`, `GivenInput`, `GivenQuery`, `GivenHeaders`, `GivenCallOptions`,
//! `Given`), which report every problem at once, with field paths, nothing coerced. An
//! argument that cannot be read at all is one `invalid_input` field error naming it.
//!
//! Results cross as the JSON text of the core's serde types, which `api.js` hands to
//! `JSON.parse` (measured faster than objects built by serde-wasm-bindgen: `cargo xtask bench
//! js`; the comparison exports come with the `bench-swb` feature). An error is thrown as the
//! JSON text of `tallyfy_core::ErrorView`, which `api.js` throws as a `TallyfyError`.
//!
//! No export panics or traps on any input. [`RawCall`] is the core's call driver.

mod call;
pub use call::RawCall;
#[cfg(feature = "bench-swb")]
mod swb;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tallyfy_core::{
    build_create_group_given, build_delete_group_given, build_get_group_given, build_list_groups_given,
    build_update_group_given, full_update_given, parse_delete_group_given, parse_group_given, parse_group_list_given,
    validate_given, Config, Error, Fast, FieldCode, FieldError, Given, GivenAnswer, GivenBody, GivenConfig,
    GivenHeaders, Object, Operation, Request, Shape, DEFAULT_MAX_ANSWER_BYTES,
};
use wasm_bindgen::prelude::*;

/// The allocator: talc, faster and smaller than Rust's default dlmalloc in wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(module = "/src/plain.js")]
extern "C" {
    /// `plain(value)`: a plain copy of an argument; throws 0 if the caller's code threw, 1 for
    /// a lone surrogate.
    #[wasm_bindgen(catch)]
    fn plain(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `parts(answer, limit)`: `[status, headers as pairs, body, bytes]` of an answer, copied; a
    /// long body string comes as its UTF-8 `bytes` instead (`null` past `limit` UTF-16 units).
    /// Throws `[part, code]` (codes as `plain`'s) for a part that cannot be read.
    #[wasm_bindgen(catch)]
    fn parts(answer: &JsValue, limit: f64) -> Result<js_sys::Array, JsValue>;
}

/// A result for JavaScript: the value's JSON text, or the error's JSON text to throw.
type JsResult = Result<String, JsValue>;

/// `value` as JSON text (the core's types always serialize).
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Now, in seconds since the Unix epoch (from the host's `Date.now()`), for a Retry-After
/// given as a date.
fn now_unix() -> u64 {
    // Saturating: a clock before 1970 counts as 1970.
    (js_sys::Date::now() / 1000.0) as u64
}

/// What is thrown for `error`: its JSON text.
#[inline(never)]
fn thrown(error: &Error) -> JsValue {
    JsValue::from_str(&error.to_json(now_unix()))
}

/// The field error of the argument `field`, which `plain.js` could not copy (`why`: what it
/// threw).
#[inline(never)]
fn unreadable(field: &str, why: &JsValue) -> FieldError {
    if why.as_f64() == Some(1.0) {
        let message = "cannot be read: a string in it is not well-formed Unicode (a lone surrogate)";
        FieldError::new(field, FieldCode::InvalidValue, message)
    } else {
        FieldError::new(field, FieldCode::InvalidType, "cannot be read: reading it threw")
    }
}

/// Reads the copy of an argument as `T` (serde-wasm-bindgen). The core's readers take any
/// value; the only failure left is a `Map` with keys that are not strings.
fn from_copy<T: DeserializeOwned>(field: &str, copy: JsValue) -> Result<T, FieldError> {
    serde_wasm_bindgen::from_value(copy)
        .map_err(|_| FieldError::new(field, FieldCode::InvalidType, "cannot be read: it has keys that are not strings"))
}

/// An argument's type: the core's collecting reader, and its typed fast path ([`Fast`]).
trait Argument: DeserializeOwned {
    /// Whether the fast path applies to `copy`: serde-wasm-bindgen asks JavaScript for a
    /// value's iterator when asked for a map, which throws for a value that is not an object.
    fn fast_for(copy: &JsValue) -> bool;
    /// Reads `copy` on the fast path.
    fn fast(copy: JsValue) -> Option<Self>;
}

impl<S: Shape> Argument for Object<S> {
    fn fast_for(copy: &JsValue) -> bool {
        copy.is_object()
    }

    fn fast(copy: JsValue) -> Option<Self> {
        serde_wasm_bindgen::from_value::<Fast<Self>>(copy).ok().map(|Fast(value)| value)
    }
}

impl Argument for Given {
    fn fast_for(copy: &JsValue) -> bool {
        copy.is_string()
    }

    fn fast(copy: JsValue) -> Option<Self> {
        serde_wasm_bindgen::from_value::<Fast<Self>>(copy).ok().map(|Fast(value)| value)
    }
}

/// Reads the argument `field` as `T`: on the core's typed fast path ([`Fast`], about half the
/// crossings into JavaScript) where it applies, else (a value of another type, an unknown key,
/// ...) with `T`'s collecting reader, which reports every problem.
fn read<T: Argument>(field: &str, value: &JsValue) -> Result<T, FieldError> {
    let copy = plain(value).map_err(|why| unreadable(field, &why))?;
    match T::fast_for(&copy).then(|| T::fast(copy.clone())).flatten() {
        Some(value) => Ok(value),
        None => from_copy(field, copy),
    }
}

/// [`read`], failing with an `invalid_input` error.
fn argument<T: Argument>(field: &str, value: &JsValue) -> Result<T, Error> {
    read(field, value).map_err(|e| Error::invalid_input(vec![e]))
}

/// The core's config for the argument `config`.
#[inline(never)]
fn config(value: &JsValue) -> Result<Config, Error> {
    Config::from_given(argument::<GivenConfig>("config", value)?)
}

/// The id arguments (`org_id`, then `group_id` if given) as [`Given`]s, or every one that
/// cannot be read at once.
#[inline(never)]
fn ids(org_id: &JsValue, group_id: Option<&JsValue>) -> Result<(Given, Given), Error> {
    let org = read::<Given>("org_id", org_id);
    let group = group_id.map_or(Ok(Given::Absent), |g| read::<Given>("group_id", g));
    match (org, group) {
        (Ok(org), Ok(group)) => Ok((org, group)),
        (org, group) => Err(Error::invalid_input(org.err().into_iter().chain(group.err()).collect())),
    }
}

/// `result` for JavaScript.
pub(crate) fn answer<T: Serialize>(result: Result<T, Error>) -> JsResult {
    result.map(|value| to_json(&value)).map_err(|e| thrown(&e))
}

/// The size of the module's linear memory in bytes (for leak checks and diagnostics).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65536.0
}

/// The five requests a group can be the subject of.
#[derive(Clone, Copy)]
pub(crate) enum Op {
    Create,
    Get,
    List,
    Update,
    Delete,
}

/// The config and the request of `op` for the arguments as given (`group_id` and `body` are
/// read only by the operations that take them; `body` is the query of a list).
#[inline(never)]
pub(crate) fn config_and_request(
    op: Op,
    config_value: &JsValue,
    org_id: &JsValue,
    group_id: &JsValue,
    body: &JsValue,
) -> Result<(Config, Request), Error> {
    let c = config(config_value)?;
    let with_group = matches!(op, Op::Get | Op::Update | Op::Delete);
    let (org, group) = ids(org_id, with_group.then_some(group_id))?;
    let request = match op {
        Op::Create => build_create_group_given(&c, &org, argument("body", body)?),
        Op::Get => build_get_group_given(&c, &org, &group),
        Op::List => build_list_groups_given(&c, &org, argument("query", body)?),
        Op::Update => build_update_group_given(&c, &org, &group, argument("body", body)?),
        Op::Delete => build_delete_group_given(&c, &org, &group),
    }?;
    Ok((c, request))
}

/// The request of `op` for JavaScript (its JSON text), or the error to throw.
fn request(op: Op, config: &JsValue, org_id: &JsValue, group_id: &JsValue, body: &JsValue) -> JsResult {
    answer(config_and_request(op, config, org_id, group_id, body).map(|(_, request)| request))
}

/// `buildCreateGroup(config, orgId, input)`: the request, or throws the error.
#[wasm_bindgen(js_name = buildCreateGroup)]
pub fn build_create_group(config: JsValue, org_id: JsValue, input: JsValue) -> JsResult {
    request(Op::Create, &config, &org_id, &JsValue::UNDEFINED, &input)
}

/// `buildGetGroup(config, orgId, groupId)`.
#[wasm_bindgen(js_name = buildGetGroup)]
pub fn build_get_group(config: JsValue, org_id: JsValue, group_id: JsValue) -> JsResult {
    request(Op::Get, &config, &org_id, &group_id, &JsValue::UNDEFINED)
}

/// `buildListGroups(config, orgId, query?)`.
#[wasm_bindgen(js_name = buildListGroups)]
pub fn build_list_groups(config: JsValue, org_id: JsValue, query: JsValue) -> JsResult {
    request(Op::List, &config, &org_id, &JsValue::UNDEFINED, &query)
}

/// `buildUpdateGroup(config, orgId, groupId, input)`.
#[wasm_bindgen(js_name = buildUpdateGroup)]
pub fn build_update_group(config: JsValue, org_id: JsValue, group_id: JsValue, input: JsValue) -> JsResult {
    request(Op::Update, &config, &org_id, &group_id, &input)
}

/// `buildDeleteGroup(config, orgId, groupId)`.
#[wasm_bindgen(js_name = buildDeleteGroup)]
pub fn build_delete_group(config: JsValue, org_id: JsValue, group_id: JsValue) -> JsResult {
    request(Op::Delete, &config, &org_id, &group_id, &JsValue::UNDEFINED)
}

/// An answer object as the host gave it (see [`read_answer`]).
struct Answer {
    status: Given,
    /// `[name, value]` pairs, or a value of another type.
    headers: JsValue,
    /// `None` for a body string left out as too large.
    body: Option<Given>,
}

/// The parts of the answer `value`. A body string is copied into the module only if it has at
/// most `limit` UTF-16 units: a JavaScript string's length is at most its UTF-8 length, so a
/// longer one is certainly past the limit, and the core is told so ([`GivenBody::TooLarge`])
/// without its bytes.
#[inline(never)]
fn read_answer(value: &JsValue, limit: u64) -> Result<Answer, Error> {
    let parts = parts(value, limit as f64).map_err(|why| {
        let why = js_sys::Array::from(&why);
        Error::invalid_input(vec![unreadable(&why.get(0).as_string().unwrap_or_default(), &why.get(1))])
    })?;
    let status = from_copy("status", parts.get(0)).unwrap_or(Given::Other);
    let (body, bytes) = (parts.get(2), parts.get(3));
    let body = if bytes.is_object() {
        // The UTF-8 of a well-formed string (`parts` checked it): never lossy.
        let bytes = js_sys::Uint8Array::from(bytes).to_vec();
        Some(Given::Text(
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ))
    } else if bytes.is_null() {
        None
    } else if let Some(text) = body.as_string() {
        Some(Given::Text(text))
    } else {
        Some(from_copy("body", body).unwrap_or(Given::Other))
    };
    Ok(Answer { status, headers: parts.get(1), body })
}

/// Reads the headers of an answer when the core asks for them.
type ReadHeaders = Box<dyn FnOnce() -> GivenHeaders>;

/// Runs the core's `parse` on the answer `value`, its body at most `limit` bytes.
pub(crate) fn parse_answer<T>(
    value: &JsValue,
    limit: u64,
    parse: impl FnOnce(GivenAnswer<'_, ReadHeaders>) -> Result<T, Error>,
) -> Result<T, Error> {
    let answer = read_answer(value, limit)?;
    // `parts` gave the headers as pairs (an array) whatever their shape, so their kind is known
    // without reading them; their entries are read only when the core asks.
    let headers_kind = if answer.headers.is_undefined() {
        Given::Absent
    } else if answer.headers.is_null() {
        Given::Null
    } else if js_sys::Array::is_array(&answer.headers) {
        Given::List(Vec::new())
    } else {
        Given::Other
    };
    let (body, headers) = (answer.body, answer.headers);
    let read_headers: ReadHeaders = Box::new(move || {
        from_copy::<GivenHeaders>("headers", headers).unwrap_or_else(|e| GivenHeaders::unreadable(&e.message))
    });
    let body = body.as_ref().map_or(GivenBody::TooLarge, GivenBody::Value);
    parse(GivenAnswer { status: &answer.status, body, headers_kind: &headers_kind, headers: read_headers })
}

/// `parseGroupResponse({status, headers?, body})`: the group.
#[wasm_bindgen(js_name = parseGroupResponse)]
pub fn parse_group_response(response: JsValue) -> JsResult {
    answer(parse_answer(&response, DEFAULT_MAX_ANSWER_BYTES, parse_group_given))
}

/// `parseGroupListResponse({status, headers?, body})`: the page.
#[wasm_bindgen(js_name = parseGroupListResponse)]
pub fn parse_group_list_response(response: JsValue) -> JsResult {
    answer(parse_answer(&response, DEFAULT_MAX_ANSWER_BYTES, parse_group_list_given))
}

/// `parseDeleteGroupResponse({status, headers?, body})`: `undefined`.
#[wasm_bindgen(js_name = parseDeleteGroupResponse)]
pub fn parse_delete_group_response(response: JsValue) -> Result<(), JsValue> {
    parse_answer(&response, DEFAULT_MAX_ANSWER_BYTES, parse_delete_group_given).map_err(|e| thrown(&e))
}

/// `redactText(config, text)`: `text` with the config's access token taken out (the core's
/// `Config::redact_text`), or throws the config's error.
#[wasm_bindgen(js_name = redactText)]
pub fn redact_text(config_value: JsValue, text: &str) -> Result<String, JsValue> {
    config(&config_value).map(|c| c.redact_text(text)).map_err(|e| thrown(&e))
}

/// `validateCreateGroup(input)`: every field error, `[]` when valid; never throws.
#[wasm_bindgen(js_name = validateCreateGroup)]
pub fn validate_create_group(input: JsValue) -> String {
    validate(&input, Operation::Create)
}

/// `validateUpdateGroup(input)`: every field error, `[]` when valid; never throws.
#[wasm_bindgen(js_name = validateUpdateGroup)]
pub fn validate_update_group(input: JsValue) -> String {
    validate(&input, Operation::Update)
}

fn validate(input: &JsValue, op: Operation) -> String {
    let errors = match read("body", input) {
        Ok(input) => validate_given(input, op),
        Err(error) => vec![error],
    };
    to_json(&errors)
}

/// `fullUpdate(current, changes)`: the body of an update that sends the whole group.
#[wasm_bindgen(js_name = fullUpdate)]
pub fn full_update(current: JsValue, changes: JsValue) -> JsResult {
    answer(argument("current", &current).and_then(|c| full_update_given(c, argument("body", &changes)?)))
}
