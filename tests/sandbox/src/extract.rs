//! Request inputs: path parameters and size-limited JSON bodies, failing as API errors.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{FromRequestParts, Path};
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use http_body_util::LengthLimitError;
use serde_json::{Map, Value};

use crate::reply::ApiError;

/// Largest accepted request body: 1 MiB.
pub(crate) const BODY_LIMIT: usize = 1024 * 1024;

/// `{org}` of `/api/organizations/{org}/groups`.
pub(crate) struct OrgPath(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for OrgPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(org) =
            Path::<String>::from_request_parts(parts, state).await.map_err(|_| ApiError::EndpointNotFound)?;
        Ok(Self(org))
    }
}

/// `{org}` and `{group}` of `/api/organizations/{org}/groups/{group}`.
pub(crate) struct GroupPath {
    pub(crate) org: String,
    pub(crate) group: String,
}

impl<S: Send + Sync> FromRequestParts<S> for GroupPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((org, group)) =
            Path::<(String, String)>::from_request_parts(parts, state).await.map_err(|_| ApiError::EndpointNotFound)?;
        Ok(Self { org, group })
    }
}

/// Whether the declared `Content-Length` is over the limit (checked before reading).
pub(crate) fn declared_too_large(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
        .is_some_and(|length| length > BODY_LIMIT as u64)
}

/// Reads the whole body, refusing more than [`BODY_LIMIT`] bytes with a 413.
pub(crate) async fn read_body(body: Body) -> Result<Bytes, ApiError> {
    to_bytes(body, BODY_LIMIT).await.map_err(|error| {
        let over_limit = std::error::Error::source(&error).is_some_and(|source| source.is::<LengthLimitError>());
        if over_limit {
            ApiError::PayloadTooLarge
        } else {
            ApiError::MalformedBody("The request body could not be read.".to_owned())
        }
    })
}

/// Reads the body as a JSON object; an empty body counts as `{}`.
pub(crate) async fn read_json_object(body: Body) -> Result<Map<String, Value>, ApiError> {
    let bytes = read_body(body).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::MalformedBody("The request body must be a JSON object.".to_owned())),
        Err(error) => Err(ApiError::MalformedBody(format!("The request body is not valid JSON: {error}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: Vec<u8>) -> Result<Map<String, Value>, ApiError> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        runtime.block_on(read_json_object(Body::from(bytes)))
    }

    #[test]
    fn streamed_bodies_over_the_limit_are_413() {
        let mut body = b"{\"name\":\"".to_vec();
        body.resize(BODY_LIMIT + 1, b'a');
        assert!(matches!(read(body), Err(ApiError::PayloadTooLarge)));
    }

    #[test]
    fn empty_and_object_bodies() {
        assert_eq!(read(b"  \n".to_vec()).map(|m| m.len()).ok(), Some(0));
        assert_eq!(read(br#"{"a":1}"#.to_vec()).map(|m| m.len()).ok(), Some(1));
        assert!(matches!(read(b"[]".to_vec()), Err(ApiError::MalformedBody(_))));
    }

    #[test]
    fn declared_length_is_checked() {
        let mut headers = HeaderMap::new();
        assert!(!declared_too_large(&headers));
        headers.insert(CONTENT_LENGTH, axum::http::HeaderValue::from(BODY_LIMIT));
        assert!(!declared_too_large(&headers));
        headers.insert(CONTENT_LENGTH, axum::http::HeaderValue::from(BODY_LIMIT + 1));
        assert!(declared_too_large(&headers));
    }
}
