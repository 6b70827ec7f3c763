//! JavaScript surface of the Tallyfy Groups core (wasm-bindgen).
//!
//! These exports are the low-level half of the npm package: `js/api.js` calls them under the
//! documented names. Arguments cross as JavaScript values, read by the core's own visitors
//! through [`de::Js`] (every problem at once, with field paths, nothing coerced). Small
//! JavaScript modules of this crate save calls across the boundary: `src/text.js` copies a
//! string into memory the module owns, `src/objects.js` hands over an object's properties in
//! one array (and tells whether the config or an object's keys changed), `src/answer.js` reads
//! an answer's three parts at once.
//!
//! Results cross back in the way measured fastest (`cargo xtask bench js` prints the figures;
//! the comparison exports that build objects with serde-wasm-bindgen come with the `bench-swb`
//! feature). A group, a page, a list of field errors cross as the JSON text of the core's serde
//! types (serde_json), which `api.js` hands to `JSON.parse`: one string per call instead of
//! one crossing per field. A request is built by `src/request.js` from the last request of
//! the same method (its method and headers, copied) and this one's URL and body: only those
//! cross as text. An error is thrown as the JSON text of `tallyfy_core::ErrorView`, which
//! `api.js` throws as a `TallyfyError`. Results are plain objects: nothing needs freeing. The
//! crate holds no rule of its own.
//!
//! No export panics on any input: every argument is read without failing, and the core has
//! no panicking paths on inputs. The package's tests feed it random and hostile values, in
//! Node and in Chromium, to show it; the module is never re-instantiated.

pub mod de;
#[cfg(feature = "bench-swb")]
mod swb;

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use tallyfy_core::{
    build_create_group_given, build_delete_group_given, build_get_group_given, build_list_groups_given,
    build_next_page_given, build_update_group_given, full_update_given, parse_delete_group_given, parse_group_given,
    parse_group_list_given, retry_delay_given, validate_given, Config, Error, FieldError, Given, GivenAnswer,
    GivenConfig, GivenHeaders, Operation, Request,
};
use wasm_bindgen::prelude::*;

use crate::de::Js;

/// The allocator: talc, faster and smaller than Rust's default dlmalloc in wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A result for JavaScript: the value's JSON text, or the error's JSON text to throw.
type JsResult = Result<String, JsValue>;

/// `value` as JSON text (the core's types always serialize).
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Now, in seconds since the Unix epoch (from the host's `Date.now()`).
fn now_unix() -> u64 {
    // Saturating: a clock before 1970 counts as 1970.
    (js_sys::Date::now() / 1000.0) as u64
}

/// What is thrown for `error`: its JSON text.
fn thrown(error: &Error) -> JsValue {
    JsValue::from_str(&error.to_json(now_unix()))
}

/// Reads the argument `field` as `T` with the core's visitors; an argument that cannot be read
/// at all ([`de::Error`]) is one field error.
fn read<T: for<'de> Deserialize<'de>>(field: &str, value: JsValue) -> Result<T, Error> {
    T::deserialize(Js(value)).map_err(|e| unreadable(field, e))
}

/// The field error of the argument `field`, which could not be read at all.
fn unreadable_field(field: &str, error: de::Error) -> FieldError {
    FieldError::new(field, error.code(), error.message())
}

/// The error for the argument `field`, which could not be read at all.
fn unreadable(field: &str, error: de::Error) -> Error {
    Error::invalid_input(vec![unreadable_field(field, error)])
}

#[wasm_bindgen(module = "/src/objects.js")]
extern "C" {
    /// `matches(object, entries)` from `objects.js`: whether `object` is an object, not an
    /// array, whose own enumerable properties are exactly `entries` (key, value, key, value…;
    /// compared with `===`); false if reading it threw.
    fn matches(object: &JsValue, entries: &JsValue) -> bool;
}

/// The config the caller passed last, as it was then (its properties, from [`de::entries`]),
/// and what the core made of it.
struct LastConfig {
    entries: JsValue,
    config: Rc<Result<Config, Error>>,
}

thread_local! {
    static LAST_CONFIG: RefCell<Option<LastConfig>> = const { RefCell::new(None) };
}

/// The properties of `value` if it is an object and not an array (only those configs are
/// kept), or `None` (also when it throws while they are read).
fn config_entries(value: &JsValue) -> Option<JsValue> {
    if !value.is_object() || de::is_array(value).unwrap_or(true) {
        return None;
    }
    de::entries(value).ok().map(JsValue::from)
}

/// The core's config for a config object. Callers pass the same config on every call, so the
/// last one is kept: while the object holds the same properties (compared with `===`, in one
/// call to `objects.js`), it is not read and checked again.
///
/// No borrow of the cache is held while the caller's code runs (a getter may call this
/// package again).
fn config(value: JsValue) -> Rc<Result<Config, Error>> {
    let last = LAST_CONFIG.with(|last| last.borrow().as_ref().map(|l| (l.entries.clone(), Rc::clone(&l.config))));
    if let Some((entries, config)) = last {
        if matches(&value, &entries) {
            return config;
        }
    }
    let entries = config_entries(&value);
    let config = Rc::new(read::<GivenConfig>("config", value).and_then(Config::from_given));
    let last = entries.map(|entries| LastConfig { entries, config: Rc::clone(&config) });
    LAST_CONFIG.with(|cell| *cell.borrow_mut() = last);
    config
}

/// Runs `build` with the core's config for `value`, or gives the config's error.
fn with_config<T>(value: JsValue, build: impl FnOnce(&Config) -> Result<T, Error>) -> Result<T, Error> {
    match &*config(value) {
        Ok(config) => build(config),
        Err(error) => Err(error.clone()),
    }
}

/// The id arguments (`org_id`, then `group_id` if given) as [`Given`]s, or a field error for
/// each that cannot be read (a string holding a lone surrogate), all at once.
fn ids(org_id: JsValue, group_id: Option<JsValue>) -> Result<(Given, Given), Error> {
    let mut problems = Vec::new();
    let mut id = |field: &str, value: JsValue| {
        Given::deserialize(Js(value)).unwrap_or_else(|e| {
            problems.push(unreadable_field(field, e));
            Given::Other
        })
    };
    let org = id("org_id", org_id);
    let group = group_id.map_or(Given::Absent, |g| id("group_id", g));
    if problems.is_empty() {
        Ok((org, group))
    } else {
        Err(Error::invalid_input(problems))
    }
}

/// `value` as a [`Given`]: reading one never fails.
fn given(value: JsValue) -> Given {
    Given::deserialize(Js(value)).unwrap_or(Given::Other)
}

/// `result` for JavaScript.
fn answer<T: Serialize>(result: Result<T, Error>) -> JsResult {
    result.map(|value| to_json(&value)).map_err(|e| thrown(&e))
}

/// The size of the module's linear memory in bytes (for leak checks and diagnostics).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65536.0
}

#[wasm_bindgen(module = "/src/request.js")]
extern "C" {
    /// `request(frame, url, body)` from `request.js`: a fresh request object with the method
    /// and headers of `frame`.
    #[wasm_bindgen(js_name = request)]
    fn request_object(frame: &JsValue, url: &JsValue, body: &str) -> JsValue;

    /// `request(frame, url)` from `request.js`: the same without a body.
    #[wasm_bindgen(js_name = request)]
    fn request_without_body(frame: &JsValue, url: &JsValue) -> JsValue;
}

/// The last request of a method as the caller got it: its headers, the object, and its URL.
struct Frame {
    headers: Vec<(&'static str, String)>,
    object: JsValue,
    url: String,
    url_value: JsValue,
}

thread_local! {
    /// The last request of each method. While the config stays the same, requests of one
    /// method differ only in their URL and body: the method and headers of the next one are
    /// copied in JavaScript from the last (by `request.js`), and its URL too if it is the same,
    /// instead of crossing as text (measured: 3.4 µs off a create build).
    static FRAMES: RefCell<[Option<Frame>; 4]> = const { RefCell::new([None, None, None, None]) };
}

/// `request` as a JS object.
fn request_value(request: &Request) -> Result<JsValue, JsValue> {
    let slot = request.method as usize;
    let kept = FRAMES.with(|frames| {
        let mut frames = frames.borrow_mut();
        let frame = frames[slot].as_mut().filter(|f| f.headers == request.headers)?;
        if frame.url != request.url {
            frame.url.clone_from(&request.url);
            frame.url_value = JsValue::from_str(&request.url);
        }
        Some((frame.object.clone(), frame.url_value.clone()))
    });
    let (object, url_value) = match kept {
        Some(kept) => kept,
        None => {
            let object = js_sys::JSON::parse(&to_json(request))?;
            let url_value = JsValue::from_str(&request.url);
            let frame = Frame {
                headers: request.headers.clone(),
                object: object.clone(),
                url: request.url.clone(),
                url_value: url_value.clone(),
            };
            FRAMES.with(|frames| frames.borrow_mut()[slot] = Some(frame));
            (object, url_value)
        }
    };
    Ok(match &request.body {
        Some(body) => request_object(&object, &url_value, body),
        None => request_without_body(&object, &url_value),
    })
}

/// A request for JavaScript, or the error to throw.
fn request_answer(result: Result<Request, Error>) -> Result<JsValue, JsValue> {
    result.map_err(|e| thrown(&e)).and_then(|r| request_value(&r))
}

/// `buildCreateGroup(config, orgId, input)`: the request, or throws the error.
#[wasm_bindgen(js_name = buildCreateGroup)]
pub fn build_create_group(config_value: JsValue, org_id: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
    request_answer(with_config(config_value, |c| {
        let (org, _) = ids(org_id, None)?;
        build_create_group_given(c, &org, read("body", input)?)
    }))
}

/// `buildGetGroup(config, orgId, groupId)`.
#[wasm_bindgen(js_name = buildGetGroup)]
pub fn build_get_group(config_value: JsValue, org_id: JsValue, group_id: JsValue) -> Result<JsValue, JsValue> {
    request_answer(with_config(config_value, |c| {
        let (org, group) = ids(org_id, Some(group_id))?;
        build_get_group_given(c, &org, &group)
    }))
}

/// `buildListGroups(config, orgId, query?)`.
#[wasm_bindgen(js_name = buildListGroups)]
pub fn build_list_groups(config_value: JsValue, org_id: JsValue, query: JsValue) -> Result<JsValue, JsValue> {
    request_answer(with_config(config_value, |c| {
        let (org, _) = ids(org_id, None)?;
        build_list_groups_given(c, &org, read("query", query)?)
    }))
}

/// `buildUpdateGroup(config, orgId, groupId, input)`.
#[wasm_bindgen(js_name = buildUpdateGroup)]
pub fn build_update_group(
    config_value: JsValue,
    org_id: JsValue,
    group_id: JsValue,
    input: JsValue,
) -> Result<JsValue, JsValue> {
    request_answer(with_config(config_value, |c| {
        let (org, group) = ids(org_id, Some(group_id))?;
        build_update_group_given(c, &org, &group, read("body", input)?)
    }))
}

/// `buildDeleteGroup(config, orgId, groupId)`.
#[wasm_bindgen(js_name = buildDeleteGroup)]
pub fn build_delete_group(config_value: JsValue, org_id: JsValue, group_id: JsValue) -> Result<JsValue, JsValue> {
    request_answer(with_config(config_value, |c| {
        let (org, group) = ids(org_id, Some(group_id))?;
        build_delete_group_given(c, &org, &group)
    }))
}

/// `buildNextPage(config, orgId, query, pagination)`: the next request, or `null` after the
/// last page.
#[wasm_bindgen(js_name = buildNextPage)]
pub fn build_next_page(
    config_value: JsValue,
    org_id: JsValue,
    query: JsValue,
    pagination: JsValue,
) -> Result<JsValue, JsValue> {
    let next = with_config(config_value, |c| {
        let (org, _) = ids(org_id, None)?;
        build_next_page_given(c, &org, read("query", query)?, &read("pagination", pagination)?)
    });
    match next {
        Ok(Some(request)) => request_value(&request),
        Ok(None) => Ok(JsValue::NULL),
        Err(e) => Err(thrown(&e)),
    }
}

#[wasm_bindgen(module = "/src/answer.js")]
extern "C" {
    /// `parts(answer)` from `answer.js`: `[status, headers, body]` of an answer object, each
    /// property read once (one whose getter threw reads as a symbol, a value of no JSON type).
    #[wasm_bindgen(js_name = parts)]
    fn answer_parts(answer: &JsValue) -> js_sys::Array;
}

/// An answer object's parts, each property read once.
struct Parts {
    status: Given,
    body: Given,
    /// The headers, their entries read only when the core asks for them (for an error answer).
    headers: JsValue,
    /// What kind of value the headers are (an object, absent, or of the wrong type).
    headers_kind: Given,
}

/// The parts of `response` (a property whose getter threw reads as a value of no JSON type,
/// [`Given::Other`], which the core refuses).
fn parts(response: &JsValue) -> Result<Parts, Error> {
    let parts = answer_parts(response);
    let (headers, headers_kind) = match parts.get(1) {
        headers if headers.is_object() => (headers, Given::Object),
        headers => (JsValue::UNDEFINED, given(headers)),
    };
    let body = match parts.get(2) {
        // A body is read as a long text; one holding a lone surrogate cannot be read.
        body if body.is_string() => Given::Text(de::long_text(&body).map_err(|e| unreadable("body", e))?),
        body => given(body),
    };
    Ok(Parts { status: given(parts.get(0)), body, headers, headers_kind })
}

impl Parts {
    /// The answer for the core.
    fn answer(&self) -> GivenAnswer<'_, impl FnOnce() -> GivenHeaders + '_> {
        let headers = || {
            GivenHeaders::deserialize(Js(self.headers.clone()))
                .unwrap_or_else(|e| GivenHeaders::unreadable(e.message()))
        };
        GivenAnswer { status: &self.status, body: &self.body, headers_kind: &self.headers_kind, headers }
    }
}

/// `parseGroupResponse({status, headers?, body})`: the group.
#[wasm_bindgen(js_name = parseGroupResponse)]
pub fn parse_group_response(response: JsValue) -> JsResult {
    answer(parts(&response).and_then(|parts| parse_group_given(parts.answer())))
}

/// `parseGroupListResponse({status, headers?, body})`: the page.
#[wasm_bindgen(js_name = parseGroupListResponse)]
pub fn parse_group_list_response(response: JsValue) -> JsResult {
    answer(parts(&response).and_then(|parts| parse_group_list_given(parts.answer())))
}

/// `parseDeleteGroupResponse({status, headers?, body})`: `undefined`.
#[wasm_bindgen(js_name = parseDeleteGroupResponse)]
pub fn parse_delete_group_response(response: JsValue) -> Result<(), JsValue> {
    parts(&response).and_then(|parts| parse_delete_group_given(parts.answer())).map_err(|e| thrown(&e))
}

/// `redactText(config, text)`: `text` with the config's access token taken out (the core's
/// `Config::redact_text`), or throws the config's error.
#[wasm_bindgen(js_name = redactText)]
pub fn redact_text(config_value: JsValue, text: &str) -> Result<String, JsValue> {
    with_config(config_value, |c| Ok(c.redact_text(text))).map_err(|e| thrown(&e))
}

/// `validateCreateGroup(input)`: every field error, `[]` when valid; never throws.
#[wasm_bindgen(js_name = validateCreateGroup)]
pub fn validate_create_group(input: JsValue) -> String {
    validate(input, Operation::Create)
}

/// `validateUpdateGroup(input)`: every field error, `[]` when valid; never throws.
#[wasm_bindgen(js_name = validateUpdateGroup)]
pub fn validate_update_group(input: JsValue) -> String {
    validate(input, Operation::Update)
}

fn validate(input: JsValue, op: Operation) -> String {
    let errors = match read("body", input) {
        Ok(input) => validate_given(input, op),
        Err(error) => error.field_errors().to_vec(),
    };
    to_json(&errors)
}

/// `retryDelayMs(method, status, retryAfterSeconds, attempt, random)`: milliseconds, or
/// `null` to give up; `status` `null` is a request that got no answer. A `random` that is not a
/// number counts as NaN (then 0.5).
#[wasm_bindgen(js_name = retryDelayMs)]
pub fn retry_delay_ms(
    method: JsValue,
    status: JsValue,
    retry_after_seconds: JsValue,
    attempt: JsValue,
    random: JsValue,
) -> JsResult {
    let random = random.as_f64().unwrap_or(f64::NAN);
    answer(retry_delay_given(&given(method), &given(status), &given(retry_after_seconds), &given(attempt), random))
}

/// `fullUpdate(current, changes)`: the body of an update that sends the whole group.
#[wasm_bindgen(js_name = fullUpdate)]
pub fn full_update(current: JsValue, changes: JsValue) -> JsResult {
    answer(read("current", current).and_then(|c| full_update_given(c, read("body", changes)?)))
}
