//! Sans-I/O core for Tallyfy's Groups API.
//!
//! This crate performs no I/O. It validates inputs, builds complete request descriptions and
//! turns HTTP responses into typed values or typed errors. A host (fetch, libcurl, HttpClient,
//! ureq, ...) performs the call in between:
//!
//! 1. Make a [`Config`] once (token, base URL, client header).
//! 2. Call a `build_*` function; it validates every argument and returns a [`Request`]
//!    (method, URL, headers, body) or an [`Error`] listing **every** problem at once.
//! 3. Send the request unchanged with your HTTP client.
//! 4. Hand the status, headers and body to the matching `parse_*` function as a [`Response`].
//!
//! Or let a [`Call`] drive the whole operation (retries, paging for "list every group",
//! timeouts, the answer size limit, redaction): the host loops over [`Call::next_step`], sends,
//! sleeps, and hands back each answer.
//!
//! ```
//! use tallyfy_core::{build_create_group, parse_group, Config, GroupInput, Response};
//!
//! let config = Config::new("my-token", None, None)?;
//! let input = GroupInput {
//!     name: Some("Onboarding".into()),
//!     description: Some("New client onboarding".into()),
//!     members: Some(vec![1001, 1005]),
//!     guests: None,
//! };
//! let request = build_create_group(&config, "org123", &input)?;
//! assert_eq!(request.url, "https://go.tallyfy.com/api/organizations/org123/groups");
//!
//! // ... send it, then parse what came back:
//! let body = br#"{"data":{"id":"53a4560dc877f9b4f709f97630efbb5a","name":"Onboarding",
//!     "description":"New client onboarding","members":[1001,1005],"guests":[]}}"#;
//! let group = parse_group(&Response { status: 201, headers: &[], body })?;
//! assert_eq!(group.members, [1001, 1005]);
//! # Ok::<(), tallyfy_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api_error;
mod call;
mod call_options;
mod config;
mod email;
mod error;
mod fast;
mod given;
mod group;
mod group_json;
mod http_date;
mod input;
mod operations;
mod path;
mod query;
mod read_headers;
mod reading;
mod redact;
mod request;
mod response;
mod retry;
mod text;

pub use call::{Call, Exchange, Expect, NoAnswer, Outcome, Retry, RetryReason, Step};
pub use call_options::{
    CallOptions, CallOptionsShape, GivenCallOptions, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_TIMEOUT_MS, MAX_PAGES,
    MAX_TIMEOUT_MS,
};
pub use config::{Config, ConfigShape, GivenConfig, DEFAULT_BASE_URL, DEFAULT_CLIENT_HEADER};
pub use error::{Error, ErrorCode, ErrorView, FieldCode, FieldError, RetryAfter};
pub use fast::{Fast, Hint};
pub use given::{Given, Object, Root, Shape};
pub use group::{parse_delete_group, parse_group, parse_group_list, Group, GroupPage, Pagination};
pub use group_json::{CurrentShape, GivenGroup, GroupShape};
pub use input::{
    full_update, full_update_given, validate_create_group, validate_create_group_json, validate_given,
    validate_update_group, validate_update_group_json, GivenInput, GroupInput, InputShape, Operation, MAX_MEMBER_ID,
    MAX_NAME_CHARS,
};
pub use operations::{
    build_create_group, build_create_group_given, build_create_group_json, build_delete_group,
    build_delete_group_given, build_get_group, build_get_group_given, build_list_groups, build_list_groups_given,
    build_list_groups_json, build_update_group, build_update_group_given, build_update_group_json, LIST_ALL_PER_PAGE,
};
pub use query::{GivenQuery, Include, ListQuery, QueryShape, SortBy, SortDirection, MAX_PER_PAGE};
pub use read_headers::{read_header, READ_HEADERS};
pub use request::{Method, Request};
pub use response::{
    parse_delete_group_given, parse_group_given, parse_group_list_given, GivenAnswer, GivenBody, GivenHeaders, Response,
};
pub use retry::RetryPolicy;

/// The version of this crate, as in its `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `value` as compact JSON (serde_json); the core's types always serialize.
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
