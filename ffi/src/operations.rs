//! The five request builders and their JSON variants.

use std::ffi::c_char;

use tallyfy_core::{
    build_create_group, build_create_group_json, build_delete_group, build_get_group, build_list_groups,
    build_update_group, build_update_group_json, Error as CoreError, ListQuery as CoreQuery, Request as CoreRequest,
};

use crate::args::{handle, into_handle, text, utf8, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::config::Config;
use crate::error::Error;
use crate::input::GroupInput;
use crate::query::ListQuery;
use crate::request::Request;

/// Checks `out` first, then hands the request `build` returns to C.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn build(
    out: *mut *mut Request,
    err: *mut *mut Error,
    build: impl FnOnce() -> Result<Result<CoreRequest, CoreError>, Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.write(into_handle(Request::from(&build()??)));
            Ok(())
        })
    }
}

/// Builds the request that creates a group: `POST /organizations/{org_id}/groups`. `name`
/// and `description` are required; every problem with `org_id` and `input` is reported at
/// once as ::TALLYFY_INVALID_INPUT. Nothing is sent. On success `*out` owns a new request;
/// release it with tallyfy_request_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_create_group(
    cfg: *const Config,
    org_id: *const c_char,
    input: *const GroupInput,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            Ok(build_create_group(handle(cfg, "cfg")?.core(), text(org_id, "org_id")?, handle(input, "input")?.core()))
        })
    }
}

/// Like tallyfy_build_create_group(), with the input as `len` bytes of JSON: wrong types and
/// unknown fields are reported together with every other problem.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_create_group_json(
    cfg: *const Config,
    org_id: *const c_char,
    json: *const c_char,
    len: usize,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let json = utf8(json.cast(), len, "json")?;
            Ok(build_create_group_json(handle(cfg, "cfg")?.core(), text(org_id, "org_id")?, json.as_bytes()))
        })
    }
}

/// Builds the request that reads one group: `GET /organizations/{org_id}/groups/{group_id}`.
/// On success `*out` owns a new request; release it with tallyfy_request_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_get_group(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            Ok(build_get_group(handle(cfg, "cfg")?.core(), text(org_id, "org_id")?, text(group_id, "group_id")?))
        })
    }
}

/// Builds the request that lists groups: `GET /organizations/{org_id}/groups?...` with the
/// present values of `query` (NULL: no query, the server's defaults). On success `*out` owns
/// a new request; release it with tallyfy_request_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_list_groups(
    cfg: *const Config,
    org_id: *const c_char,
    query: *const ListQuery,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let default = CoreQuery::default();
            let query = query.as_ref().map_or(&default, ListQuery::core);
            Ok(build_list_groups(handle(cfg, "cfg")?.core(), text(org_id, "org_id")?, query))
        })
    }
}

/// Builds the request that changes a group: `PUT /organizations/{org_id}/groups/{group_id}`
/// with only the present fields of `input` (at least one; a cleared list removes all). On
/// success `*out` owns a new request; release it with tallyfy_request_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_update_group(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    input: *const GroupInput,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (org_id, group_id) = (text(org_id, "org_id")?, text(group_id, "group_id")?);
            Ok(build_update_group(handle(cfg, "cfg")?.core(), org_id, group_id, handle(input, "input")?.core()))
        })
    }
}

/// Like tallyfy_build_update_group(), with the input as `len` bytes of JSON;
/// `"description": null` is refused (the server answers 422 to it), as are unknown fields.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_update_group_json(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    json: *const c_char,
    len: usize,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            let (org_id, group_id) = (text(org_id, "org_id")?, text(group_id, "group_id")?);
            let json = utf8(json.cast(), len, "json")?;
            Ok(build_update_group_json(handle(cfg, "cfg")?.core(), org_id, group_id, json.as_bytes()))
        })
    }
}

/// Builds the request that deletes a group:
/// `DELETE /organizations/{org_id}/groups/{group_id}`. On success `*out` owns a new request;
/// release it with tallyfy_request_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_delete_group(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        build(out, err, || {
            Ok(build_delete_group(handle(cfg, "cfg")?.core(), text(org_id, "org_id")?, text(group_id, "group_id")?))
        })
    }
}
