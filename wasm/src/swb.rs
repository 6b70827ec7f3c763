//! The same create round trip with JS objects walked by serde-wasm-bindgen instead of JSON
//! strings: built only with the `bench-swb` feature, so that `cargo xtask bench js` can compare
//! the two boundaries on the same core.

use serde::{Deserialize, Serialize};
use tallyfy_core::{build_create_group, parse_group, parse_group_list, Config, Error, GroupInput, Response};
use wasm_bindgen::prelude::*;

/// The config as a JS object.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsConfig {
    access_token: String,
    base_url: Option<String>,
    client_header: Option<String>,
}

/// A create input as a JS object (types checked by serde-wasm-bindgen).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsInput {
    name: Option<String>,
    description: Option<String>,
    members: Option<Vec<u64>>,
    guests: Option<Vec<String>>,
}

fn js_error(error: &Error) -> JsValue {
    JsValue::from_str(&error.to_json(0))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(JsValue::from)
}

/// `buildCreateGroup` through serde-wasm-bindgen: JS objects in, a JS object out.
#[wasm_bindgen(js_name = buildCreateGroupSwb)]
pub fn build_create_group_swb(config: JsValue, org_id: &str, input: JsValue) -> Result<JsValue, JsValue> {
    let config: JsConfig = serde_wasm_bindgen::from_value(config)?;
    let input: JsInput = serde_wasm_bindgen::from_value(input)?;
    let config = Config::new(&config.access_token, config.base_url.as_deref(), config.client_header.as_deref())
        .map_err(|e| js_error(&e))?;
    let input =
        GroupInput { name: input.name, description: input.description, members: input.members, guests: input.guests };
    let request = build_create_group(&config, org_id, &input).map_err(|e| js_error(&e))?;
    to_js(&request)
}

/// `parseGroupResponse` through serde-wasm-bindgen: a JS object out.
#[wasm_bindgen(js_name = parseGroupSwb)]
pub fn parse_group_swb(status: u16, body: &str) -> Result<JsValue, JsValue> {
    let group = parse_group(&Response { status, headers: &[], body: body.as_bytes() }).map_err(|e| js_error(&e))?;
    to_js(&group)
}

/// `parseGroupListResponse` through serde-wasm-bindgen: a JS object out.
#[wasm_bindgen(js_name = parseGroupListSwb)]
pub fn parse_group_list_swb(status: u16, body: &str) -> Result<JsValue, JsValue> {
    let page = parse_group_list(&Response { status, headers: &[], body: body.as_bytes() }).map_err(|e| js_error(&e))?;
    to_js(&page)
}
