//! Answers: JSON bodies and the API's error shapes.

use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::config::UnauthorizedForm;
use crate::validate::Errors;

/// A JSON answer with `Content-Type: application/json`.
pub(crate) fn json(status: StatusCode, body: &Value) -> Response {
    (status, [(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// 401 with the plain-text body `Unauthorized.`.
pub(crate) fn plain_unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, [(CONTENT_TYPE, "text/plain; charset=utf-8")], "Unauthorized.").into_response()
}

/// Every way an API request can fail.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// 401 in the configured form.
    Unauthorized(UnauthorizedForm),
    /// 403: the token lacks `manage_groups`.
    Forbidden,
    /// 404 `RESOURCE_NOT_FOUND`: unknown organization (or another org's) or group.
    ResourceNotFound,
    /// 404 `ENDPOINT_NOT_FOUND`: unknown path or wrong method.
    EndpointNotFound,
    /// 400: the body is not a JSON object.
    MalformedBody(String),
    /// 413: the body is over the size limit.
    PayloadTooLarge,
    /// 422 with Laravel's `errors` object.
    Invalid(Errors),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Unauthorized(UnauthorizedForm::Plain) => plain_unauthorized(),
            Self::Unauthorized(UnauthorizedForm::Json) => {
                json(StatusCode::UNAUTHORIZED, &json!({"message": "Unauthenticated."}))
            }
            Self::Unauthorized(UnauthorizedForm::Edge) => json(
                StatusCode::UNAUTHORIZED,
                &json!({"error": "Unauthorized", "message": "Permission denied. Error code: APSH213."}),
            ),
            Self::Forbidden => {
                error(StatusCode::FORBIDDEN, "You do not have permission to manage groups.", "FORBIDDEN")
            }
            Self::ResourceNotFound => error(StatusCode::NOT_FOUND, "Resource not found", "RESOURCE_NOT_FOUND"),
            Self::EndpointNotFound => error(StatusCode::NOT_FOUND, "API endpoint not found", "ENDPOINT_NOT_FOUND"),
            Self::MalformedBody(message) => error(StatusCode::BAD_REQUEST, &message, "INVALID_JSON"),
            Self::PayloadTooLarge => {
                error(StatusCode::PAYLOAD_TOO_LARGE, "The request body is too large.", "PAYLOAD_TOO_LARGE")
            }
            Self::Invalid(errors) => json(
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({"message": "The given data was invalid.", "errors": errors.to_json()}),
            ),
        }
    }
}

/// The flat error body `{"error":true,"message":…,"code":…}`.
pub(crate) fn error(status: StatusCode, message: &str, code: &str) -> Response {
    json(status, &json!({"error": true, "message": message, "code": code}))
}
