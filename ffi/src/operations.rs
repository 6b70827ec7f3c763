//! The five request builders.

use tallyfy_core::{
    build_create_group, build_delete_group, build_get_group, build_list_groups, build_update_group,
    ListQuery as CoreQuery, Request as CoreRequest,
};

use crate::args::{get, Out};
use crate::boundary;
use crate::code::Code;
use crate::config::Config;
use crate::error::{Error, Failure};
use crate::input::GroupInput;
use crate::query::ListQuery;
use crate::request::Request;
use crate::strings::Str;

/// Checks `out` first, then hands the request `build` returns to C.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn build(
    out: *mut *mut Request,
    err: *mut *mut Error,
    build: impl FnOnce() -> Result<CoreRequest, Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(build()?)
        })
    }
}

/// The query behind `query`, or no query (every value absent) for NULL.
///
/// # Safety
/// The crate's contract (see lib.rs).
pub(crate) unsafe fn query_or_none<'a>(query: *const ListQuery) -> &'a CoreQuery {
    static NONE: CoreQuery =
        CoreQuery { q: None, page: None, per_page: None, sort_by: None, sort: None, with: Vec::new() };
    // SAFETY: forwarded contract.
    unsafe { get::<ListQuery>(query, "query") }.unwrap_or(&NONE)
}

/// Builds the request that creates a group: `POST /organizations/{org_id}/groups`. `name`
/// and `description` are required; every problem with `org_id` and `input` is reported at
/// once as ::TALLYFY_INVALID_INPUT. Nothing is sent. On success `*out` owns a new request;
/// release it with tallyfy_request_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_create_group(
    cfg: *const Config,
    org_id: Str,
    input: *const GroupInput,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (config, org_id) = (get::<Config>(cfg, "cfg")?, org_id.required("org_id")?);
            Ok(build_create_group(config, org_id, get::<GroupInput>(input, "input")?)?)
        })
    }
}

/// Builds the request that reads one group: `GET /organizations/{org_id}/groups/{group_id}`;
/// the rest as for tallyfy_build_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_get_group(
    cfg: *const Config,
    org_id: Str,
    group_id: Str,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (config, org_id) = (get::<Config>(cfg, "cfg")?, org_id.required("org_id")?);
            Ok(build_get_group(config, org_id, group_id.required("group_id")?)?)
        })
    }
}

/// Builds the request that lists groups: `GET /organizations/{org_id}/groups?...` with the
/// present values of `query` (NULL: no query, the server's defaults); the rest as for
/// tallyfy_build_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_list_groups(
    cfg: *const Config,
    org_id: Str,
    query: *const ListQuery,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (config, org_id) = (get::<Config>(cfg, "cfg")?, org_id.required("org_id")?);
            Ok(build_list_groups(config, org_id, query_or_none(query))?)
        })
    }
}

/// Builds the request that changes a group: `PUT /organizations/{org_id}/groups/{group_id}`
/// with only the present fields of `input` (at least one; a cleared list removes all); the
/// rest as for tallyfy_build_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_update_group(
    cfg: *const Config,
    org_id: Str,
    group_id: Str,
    input: *const GroupInput,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (config, org_id) = (get::<Config>(cfg, "cfg")?, org_id.required("org_id")?);
            let (group_id, input) = (group_id.required("group_id")?, get::<GroupInput>(input, "input")?);
            Ok(build_update_group(config, org_id, group_id, input)?)
        })
    }
}

/// Builds the request that deletes a group:
/// `DELETE /organizations/{org_id}/groups/{group_id}`; the rest as for
/// tallyfy_build_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_delete_group(
    cfg: *const Config,
    org_id: Str,
    group_id: Str,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (config, org_id) = (get::<Config>(cfg, "cfg")?, org_id.required("org_id")?);
            Ok(build_delete_group(config, org_id, group_id.required("group_id")?)?)
        })
    }
}
