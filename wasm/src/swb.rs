//! The same calls with results built as plain objects by serde-wasm-bindgen's serializer
//! instead of crossing as JSON text, and the steps of a list page's parse: built only with the
//! `bench-swb` feature, so that `cargo xtask bench js` can compare the two ways on the same core
//! and tell where a page's time goes.

use serde::Serialize;
use tallyfy_core::{parse_group, parse_group_list, Error, Response};
use wasm_bindgen::prelude::*;

fn objects<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match result {
        Ok(value) => value.serialize(&serializer).map_err(JsValue::from),
        Err(error) => Err(error.view(0).serialize(&serializer).map_err(JsValue::from)?),
    }
}

/// `buildCreateGroup` with the request built as an object.
#[wasm_bindgen(js_name = buildCreateGroupSwb)]
pub fn build_create_group_swb(config: JsValue, org_id: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
    objects(crate::config(&config).and_then(|c| {
        let (org, _) = crate::ids(&org_id, None)?;
        tallyfy_core::build_create_group_given(&c, &org, crate::argument("body", &input)?)
    }))
}

/// `parseGroupResponse` with the group built as an object.
#[wasm_bindgen(js_name = parseGroupSwb)]
pub fn parse_group_swb(status: u16, body: &str) -> Result<JsValue, JsValue> {
    objects(parse_group(&Response { status, headers: &[], body: body.as_bytes() }))
}

/// `parseGroupListResponse` with the page built as objects.
#[wasm_bindgen(js_name = parseGroupListSwb)]
pub fn parse_group_list_swb(status: u16, body: &str) -> Result<JsValue, JsValue> {
    objects(parse_group_list(&Response { status, headers: &[], body: body.as_bytes() }))
}

/// The core's parse of a list page from its UTF-8 bytes alone: the number of groups (nothing
/// crosses back), for the page's per-step figures.
#[wasm_bindgen(js_name = parseGroupListOnlySwb)]
pub fn parse_group_list_only(body: &[u8]) -> u32 {
    parse_group_list(&Response { status: 200, headers: &[], body }).map_or(0, |page| page.groups.len() as u32)
}

/// The core's parse of a list page from its UTF-8 bytes and the page's JSON text (what
/// `parseGroupListResponse` hands to `JSON.parse`), for the page's per-step figures.
#[wasm_bindgen(js_name = parseGroupListTextSwb)]
pub fn parse_group_list_text(body: &[u8]) -> String {
    parse_group_list(&Response { status: 200, headers: &[], body })
        .map(|page| crate::to_json(&page))
        .unwrap_or_default()
}
