//! Control endpoints under `/__sandbox/` for tests: fault injection, statistics and reset.
//! They need no authentication: the server only listens on loopback.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::extract::read_body;
use crate::reply;
use crate::server::Shared;

/// `POST /__sandbox/faults`: queues faults; answers `{"pending": n}`.
pub(crate) async fn push_faults(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let bytes = match read_body(body).await {
        Ok(bytes) => bytes,
        Err(error) => return error.into_response(),
    };
    let queued = shared.faults().push_json(&bytes);
    match queued {
        Ok(pending) => reply::json(StatusCode::OK, &json!({"pending": pending})),
        Err(message) => reply::error(StatusCode::BAD_REQUEST, &message, "INVALID_FAULTS"),
    }
}

/// `DELETE /__sandbox/faults`: drops pending faults; answers `{"cleared": n}`.
pub(crate) async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    let cleared = shared.faults().clear();
    reply::json(StatusCode::OK, &json!({"cleared": cleared}))
}

/// `GET /__sandbox/stats`: API requests served, fault counts and groups per organization.
pub(crate) async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let (pending, injected) = {
        let faults = shared.faults();
        (faults.pending(), faults.injected())
    };
    let groups = shared.store().group_counts();
    let body = json!({
        "requests_served": shared.served.load(Ordering::Relaxed),
        "faults_pending": pending,
        "faults_injected": injected,
        "groups": groups,
    });
    reply::json(StatusCode::OK, &body)
}

/// `POST /__sandbox/reset`: back to the seed, no faults, counters at zero.
pub(crate) async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.store().reset(&shared.options.seed);
    shared.faults().reset();
    shared.served.store(0, Ordering::Relaxed);
    reply::json(StatusCode::OK, &json!({"reset": true}))
}
