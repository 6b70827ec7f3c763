//! The hand-written TypeScript declarations (`js/index.d.ts`) checked against the Rust types
//! they describe, so that neither can change without the other: every error code and field
//! code, the properties of Config, HttpRequest, GroupInput, Group, Pagination, GroupPage,
//! ListQuery, FieldError, TallyfyError and CallOptions, the no-answer kinds, and the version
//! `api.js` exports.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use tallyfy_core::{
    CallOptionsShape, ConfigShape, Error, ErrorCode, FieldCode, FieldError, Group, GroupInput, GroupPage, InputShape,
    NoAnswer, Pagination, QueryShape, Request, Shape,
};

fn declarations() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/index.d.ts")).expect("js/index.d.ts")
}

/// The text from `start` to the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("index.d.ts has no `{start}`")) + start.len();
    let to = text[from..].find(end).unwrap_or_else(|| panic!("`{start}` is not closed by `{end}`"));
    &text[from..from + to]
}

/// The string literals of `export type NAME = | "a" | "b";`.
fn union(text: &str, name: &str) -> Vec<String> {
    between(text, &format!("export type {name} ="), ";")
        .split('|')
        .map(|part| part.trim().trim_matches('"').to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

/// The property names of `export interface NAME {…}` or `export class NAME … {…}`, in order
/// (methods and the constructor left out).
fn properties(text: &str, head: &str) -> Vec<String> {
    between(text, head, "\n}")
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("/*") && !line.starts_with('*') && !line.starts_with("constructor"))
        .filter_map(|line| {
            let line = line.strip_prefix("readonly ").unwrap_or(line);
            let name: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let rest = &line[name.len()..];
            (!name.is_empty() && (rest.starts_with(':') || rest.starts_with("?:"))).then_some(name)
        })
        .collect()
}

/// The keys of an object, in order.
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// The keys of `value` serialized, in order.
fn keys<T: Serialize>(value: &T) -> Vec<String> {
    serde_json::from_str::<Keys>(&serde_json::to_string(value).unwrap()).unwrap().0
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn error_and_field_codes_match_the_core() {
    let text = declarations();
    let codes: Vec<String> = ErrorCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    assert_eq!(union(&text, "ErrorCode"), codes);
    let fields: Vec<String> = FieldCode::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    assert_eq!(union(&text, "FieldErrorCode"), fields);
}

#[test]
fn inputs_match_the_shapes_the_core_reads() {
    let text = declarations();
    assert_eq!(properties(&text, "export interface Config {"), strings(ConfigShape::KEYS));
    assert_eq!(properties(&text, "export interface GroupInput {"), strings(InputShape::KEYS));
    assert_eq!(properties(&text, "export interface ListQuery {"), strings(QueryShape::KEYS));
}

#[test]
fn results_match_what_the_core_serializes() {
    let text = declarations();
    let full = GroupInput {
        name: Some(String::new()),
        description: Some(String::new()),
        members: Some(vec![]),
        guests: Some(vec![]),
    };
    assert_eq!(properties(&text, "export interface GroupInput {"), keys(&full));
    assert_eq!(properties(&text, "export interface Group {"), keys(&Group::default()));
    assert_eq!(properties(&text, "export interface Pagination {"), keys(&Pagination::default()));
    assert_eq!(properties(&text, "export interface GroupPage {"), keys(&GroupPage::default()));
    let request =
        Request { method: tallyfy_core::Method::Post, url: String::new(), headers: vec![], body: Some(String::new()) };
    assert_eq!(properties(&text, "export interface HttpRequest {"), keys(&request));
    let field = FieldError::new("f", FieldCode::Required, "m");
    assert_eq!(properties(&text, "export interface FieldError {"), keys(&field));
}

#[test]
fn tallyfy_error_carries_what_the_core_reports() {
    let text = declarations();
    let error = Error::invalid_input(vec![]);
    // `message` comes from Error itself; every other member of the error's JavaScript shape
    // is a property of the class.
    let mut want: Vec<String> = keys(&error.view(0)).into_iter().filter(|k| k != "message").collect();
    want.insert(0, "name".to_owned());
    assert_eq!(properties(&text, "export class TallyfyError extends Error {"), want);
    assert_eq!(properties(&text, "export interface TallyfyErrorDetails {"), want[2..]);
}

#[test]
fn the_version_is_declared() {
    let text = declarations();
    assert!(text.contains("export const VERSION:"), "VERSION is not declared");
    // api.js re-exports it from the constants.js that `cargo xtask build-npm` writes from
    // tallyfy-core's version.
    let api = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/js/api.js")).unwrap();
    let line = api.lines().find(|l| l.ends_with("from \"./constants.js\";")).expect("api.js re-exports constants.js");
    assert!(line.contains("VERSION"), "api.js does not export VERSION");
}

#[test]
fn the_call_driver_matches_the_core() {
    let text = declarations();
    assert_eq!(properties(&text, "export interface CallOptions {"), strings(CallOptionsShape::KEYS));
    let kinds: Vec<String> = NoAnswer::ALL.iter().map(|k| k.as_str().to_owned()).collect();
    assert_eq!(union(&text, "NoAnswer"), kinds);
}
