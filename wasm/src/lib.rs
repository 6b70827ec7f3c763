//! JavaScript surface of the Tallyfy Groups core (wasm-bindgen).
//!
//! These exports are the low-level half of the npm package: the hand-written modules in `js/`
//! wrap them into the documented API (`buildCreateGroup`, `parseGroupResponse`, `TallyfyError`,
//! `GroupsClient`, ...). Inputs cross as JSON text (what `JSON.stringify` writes), which the
//! core's JSON entry points check field by field; results come back as one string that the JS
//! side turns into plain objects, so nothing needs freeing. Measured against walking JS objects
//! with serde-wasm-bindgen (`cargo xtask bench js`, feature `bench-swb`), this is as fast for a
//! create round trip, faster for a 10,000-group page, and about 10 KB gzip smaller.
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

/// The size of the module's linear memory in bytes (for leak checks and diagnostics).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65536.0
}

/// Reads a JS argument without coercing it.
fn arg(value: &JsValue) -> Arg {
    if let Some(s) = value.as_string() {
        Arg::Str(s)
    } else if let Some(n) = value.as_f64() {
        Arg::Num(n)
    } else if value.is_undefined() || value.is_null() {
        Arg::Missing
    } else {
        Arg::Other
    }
}

/// Builds a request. `op` is an [`Op`] code; `config` is the config's JSON, or `undefined` to
/// reuse the last one; `input` is the JSON of the create/update input or of the list query.
#[wasm_bindgen]
pub fn build(op: u8, config: Option<String>, org_id: JsValue, group_id: JsValue, input: &str) -> String {
    args::build(op, config.as_deref(), arg(&org_id), arg(&group_id), input)
}

/// The request for the page after `pagination` (JSON), or [`OK`] alone after the last page.
#[wasm_bindgen(js_name = nextPage)]
pub fn next_page(config: Option<String>, org_id: JsValue, query: &str, pagination: &str) -> String {
    args::next_page(config.as_deref(), arg(&org_id), query, pagination)
}

/// Checks a create ([`Op::Create`]) or update (any other code) input given as JSON; returns the
/// JSON array of field errors, empty when the input is valid.
#[wasm_bindgen]
pub fn validate(op: u8, input: &str) -> String {
    args::validate(op, input)
}

/// Parses an answer (`op` 0: a group, 1: a group list, 2: a delete). `headers` holds names and
/// values one a line (`undefined`: none); `now_unix` resolves an HTTP-date `Retry-After`.
#[wasm_bindgen]
pub fn parse(op: u8, status: JsValue, headers: Option<String>, body: JsValue, now_unix: f64) -> String {
    args::parse(op, arg(&status), headers.as_deref(), arg(&body), now_unix)
}

/// The default policy's delay before retry `attempt + 1`: [`OK`] + milliseconds or `null`.
#[wasm_bindgen(js_name = retryDelay)]
pub fn retry_delay(method: JsValue, status: JsValue, retry_after: JsValue, attempt: JsValue, random: f64) -> String {
    args::retry_delay(arg(&method), arg(&status), arg(&retry_after), arg(&attempt), random)
}

/// The full update body from a group and changes (both JSON): [`OK`] + input JSON.
#[wasm_bindgen(js_name = fullUpdate)]
pub fn full_update(current: &str, changes: &str) -> String {
    args::full_update(current, changes)
}
