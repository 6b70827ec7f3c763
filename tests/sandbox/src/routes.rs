//! The Groups API handlers. The gate has already authenticated the caller.
//!
//! Checks run in this order: organization (404), permission (403), group (404),
//! body (400/413), rules (422).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;

use crate::extract::{read_json_object, GroupPath, OrgPath};
use crate::listing::{self, percent_encode, ListQuery};
use crate::reply::{self, ApiError};
use crate::server::Shared;
use crate::state::Caller;
use crate::validate;

type Answer = Result<Response, ApiError>;

/// `GET /api/organizations/{org}/groups`.
pub(crate) async fn list_groups(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    OrgPath(org): OrgPath,
    RawQuery(query): RawQuery,
) -> Answer {
    caller_org(&caller, &org)?;
    let store = shared.store();
    let organization = store.organization(&org).ok_or(ApiError::ResourceNotFound)?;
    let query = ListQuery::parse(query.as_deref()).map_err(ApiError::Invalid)?;
    let list_url = format!("{}/organizations/{}/groups", shared.base_url, percent_encode(&org));
    let page = listing::page(organization, &query, &list_url);
    Ok(reply::json(StatusCode::OK, &page))
}

/// `POST /api/organizations/{org}/groups`.
pub(crate) async fn create_group(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    OrgPath(org): OrgPath,
    body: Body,
) -> Answer {
    caller_org(&caller, &org)?;
    may_manage(&caller)?;
    let body = read_json_object(body).await?;
    let mut store = shared.store();
    let organization = store.organization(&org).ok_or(ApiError::ResourceNotFound)?;
    let input = validate::new_group(&body, organization).map_err(ApiError::Invalid)?;
    let group = store.create_group(&org, input).ok_or(ApiError::ResourceNotFound)?;
    Ok(reply::json(StatusCode::CREATED, &json!({"data": group.to_json()})))
}

/// `GET /api/organizations/{org}/groups/{group}`.
pub(crate) async fn get_group(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    path: GroupPath,
) -> Answer {
    caller_org(&caller, &path.org)?;
    let store = shared.store();
    let group = store
        .organization(&path.org)
        .and_then(|organization| organization.group(&path.group))
        .ok_or(ApiError::ResourceNotFound)?;
    Ok(reply::json(StatusCode::OK, &json!({"data": group.to_json()})))
}

/// `PUT /api/organizations/{org}/groups/{group}`: answers the configured 200 or 201.
pub(crate) async fn update_group(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    path: GroupPath,
    body: Body,
) -> Answer {
    caller_org(&caller, &path.org)?;
    may_manage(&caller)?;
    let exists =
        shared.store().organization(&path.org).is_some_and(|organization| organization.group(&path.group).is_some());
    if !exists {
        return Err(ApiError::ResourceNotFound);
    }
    let body = read_json_object(body).await?;
    let mut store = shared.store();
    let organization = store
        .organization(&path.org)
        .filter(|organization| organization.group(&path.group).is_some())
        .ok_or(ApiError::ResourceNotFound)?;
    let patch = validate::group_patch(&body, organization, &path.group).map_err(ApiError::Invalid)?;
    let group = store.update_group(&path.org, &path.group, patch).ok_or(ApiError::ResourceNotFound)?;
    Ok(reply::json(shared.options.update_status.status(), &json!({"data": group.to_json()})))
}

/// `DELETE /api/organizations/{org}/groups/{group}`: 204 with an empty body.
pub(crate) async fn delete_group(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    path: GroupPath,
) -> Answer {
    caller_org(&caller, &path.org)?;
    may_manage(&caller)?;
    if shared.store().delete_group(&path.org, &path.group) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::ResourceNotFound)
    }
}

/// Any unknown path or wrong method.
pub(crate) async fn endpoint_not_found() -> ApiError {
    ApiError::EndpointNotFound
}

/// A token sees only its own organization; any other one is "not found".
fn caller_org(caller: &Caller, org: &str) -> Result<(), ApiError> {
    if caller.org == org {
        Ok(())
    } else {
        Err(ApiError::ResourceNotFound)
    }
}

/// Create, update and delete need `manage_groups`.
fn may_manage(caller: &Caller) -> Result<(), ApiError> {
    if caller.manage {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}
