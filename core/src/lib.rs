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
//! 5. On a retryable error, ask [`RetryPolicy::delay_ms`] how long to wait; for lists, ask
//!    [`build_next_page`] for the next request.
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
mod config;
mod email;
mod error;
mod group;
mod http_date;
mod input;
pub mod json;
mod operations;
mod path;
mod query;
mod request;
mod response;
mod retry;
mod text;

pub use config::{Config, DEFAULT_BASE_URL, DEFAULT_CLIENT_HEADER};
pub use error::{write_field_errors, Error, ErrorCode, FieldCode, FieldError, RetryAfter};
pub use group::{parse_delete_group, parse_group, parse_group_list, Group, GroupPage, Pagination};
pub use input::{
    full_update, validate_create_group, validate_create_group_json, validate_update_group, validate_update_group_json,
    GroupInput, MAX_MEMBER_ID, MAX_NAME_CHARS,
};
pub use operations::{
    build_create_group, build_create_group_json, build_delete_group, build_get_group, build_list_groups,
    build_list_groups_json, build_next_page, build_update_group, build_update_group_json, MAX_PAGES,
};
pub use query::{Include, ListQuery, SortBy, SortDirection, MAX_PER_PAGE};
pub use request::{Method, Request};
pub use response::Response;
pub use retry::RetryPolicy;

/// The version of this crate, as in its `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
