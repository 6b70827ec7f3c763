//! JavaScript surface of the Tallyfy Groups core (wasm-bindgen).
//!
//! These exports are the low-level half of the npm package: the hand-written modules in `js/`
//! wrap them into the documented API (`buildCreateGroup`, `parseGroupResponse`, `TallyfyError`,
//! `GroupsClient`, ...). Inputs cross as JSON text (what `JSON.stringify` writes), which the
//! core's JSON entry points check field by field; results come back as one string that the JS
//! side turns into plain objects, so nothing needs freeing. Measured against walking JS objects
//! with serde-wasm-bindgen (`cargo xtask bench js`, feature `bench-swb`), this is as fast or
//! faster for a create round trip and a 10,000-group page, and keeps serde out of the module.
//! Path ids cross as strings and response headers only for error answers (the only case in
//! which the core reads them).
//!
//! A result starts with [`OK`] or [`ERR`]; after [`ERR`] comes an error in the JavaScript shape
//! of `tallyfy_core::Error::to_json`. Requests come back as newline-separated fields (method,
//! URL, body, then header names and values), other values as JSON.
//!
//! No export panics on any input: every argument is type-checked and refused with a field
//! error, and the core has no panicking paths on inputs. The package's tests feed it random and
//! hostile values, in Node and in Chromium, to show it; the module is never re-instantiated.

mod args;
#[cfg(feature = "bench-swb")]
mod swb;

use wasm_bindgen::prelude::*;

/// The allocator: talc, faster and smaller than Rust's default dlmalloc in wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use args::{Arg, Op, ERR, OK};

/// The version of the package (the workspace version).
#[wasm_bindgen]
pub fn version() -> String {
    tallyfy_core::VERSION.to_owned()
}

/// The most pages `GroupsClient.listAll` follows by default (the core's `MAX_PAGES`).
#[wasm_bindgen(js_name = maxPages)]
pub fn max_pages() -> u32 {
    tallyfy_core::MAX_PAGES
}

/// The size of the module's linear memory in bytes (for leak checks and diagnostics).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65536.0
}

/// A JS value where a string is expected (ids, a method), read without coercion. Each check
/// is a crossing into JS, so the expected type is asked for first and a missing value next.
fn text_arg(value: &JsValue) -> Arg {
    if let Some(s) = value.as_string() {
        Arg::Str(s)
    } else if value.is_undefined() || value.is_null() {
        Arg::Missing
    } else if let Some(n) = value.as_f64() {
        Arg::Num(n)
    } else {
        Arg::Other
    }
}

/// A JS value where a number is expected (a status, a count), read without coercion, in the
/// order [`text_arg`] explains.
fn num_arg(value: &JsValue) -> Arg {
    if let Some(n) = value.as_f64() {
        Arg::Num(n)
    } else if value.is_undefined() || value.is_null() {
        Arg::Missing
    } else if let Some(s) = value.as_string() {
        Arg::Str(s)
    } else {
        Arg::Other
    }
}

/// Builds a request. `op` is an [`Op`] code; `config` is the config's JSON, or `undefined` to
/// reuse the last one; `input` is the JSON of the create/update input or of the list query.
#[wasm_bindgen]
///
/// Path ids cross as strings (`undefined` when the JS value is not one); `other_types` tells
/// which of them was a value of another type (bit 1: `org_id`, bit 2: `group_id`), so that it
/// is reported as `invalid_type` rather than `required`.
pub fn build(
    op: u8,
    config: Option<String>,
    org_id: Option<String>,
    group_id: Option<String>,
    other_types: u8,
    input: &str,
) -> String {
    let org = id(org_id, other_types & 1 != 0);
    let group = id(group_id, other_types & 2 != 0);
    args::build(op, config.as_deref(), org, group, input)
}

/// A path id from its string, or from the flag saying it was a JS value of another type.
fn id(value: Option<String>, other_type: bool) -> Arg {
    match value {
        Some(s) => Arg::Str(s),
        None if other_type => Arg::Other,
        None => Arg::Missing,
    }
}

/// The request for the page after `pagination` (JSON), or [`OK`] alone after the last page.
#[wasm_bindgen(js_name = nextPage)]
pub fn next_page(config: Option<String>, org_id: JsValue, query: &str, pagination: &str) -> String {
    args::next_page(config.as_deref(), text_arg(&org_id), query, pagination)
}

/// Checks a create ([`Op::Create`]) or update (any other code) input given as JSON; returns the
/// JSON array of field errors, empty when the input is valid.
#[wasm_bindgen]
pub fn validate(op: u8, input: &str) -> String {
    args::validate(op, input)
}

/// Parses an answer (`op` 0: a group, 1: a group list, 2: a delete). `headers` holds names and
/// values one a line (`undefined`: none); `body` is the response text (`undefined` when it is
/// not a string: the JS side passes only strings); `now_unix` resolves an HTTP-date `Retry-After`.
#[wasm_bindgen]
pub fn parse(op: u8, status: JsValue, headers: Option<String>, body: Option<String>, now_unix: f64) -> String {
    args::parse(op, num_arg(&status), headers.as_deref(), body.map_or(Arg::Missing, Arg::Str), now_unix)
}

/// The default policy's delay before retry `attempt + 1`: [`OK`] + milliseconds or `null`.
#[wasm_bindgen(js_name = retryDelay)]
pub fn retry_delay(method: JsValue, status: JsValue, retry_after: JsValue, attempt: JsValue, random: f64) -> String {
    args::retry_delay(text_arg(&method), num_arg(&status), num_arg(&retry_after), num_arg(&attempt), random)
}

/// The full update body from a group and changes (both JSON): [`OK`] + input JSON.
#[wasm_bindgen(js_name = fullUpdate)]
pub fn full_update(current: &str, changes: &str) -> String {
    args::full_update(current, changes)
}
