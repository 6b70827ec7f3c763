//! The five request builders, their JSON variants, and the next page of a list.

use std::ffi::c_char;

use tallyfy_core::{
    build_create_group, build_create_group_json, build_delete_group, build_get_group, build_list_groups,
    build_next_page, build_update_group, build_update_group_json, Error as CoreError, GroupPage as CoreGroupPage,
    ListQuery as CoreQuery, Request as CoreRequest,
};

use crate::args::{handle, into_handle, text, utf8, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::config::Config;
use crate::error::Error;
use crate::group::GroupPage;
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
            out.write(into_handle(Request::from(build()??)));
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

/// Builds the request for the page after `page`, which was listed with `query` (NULL: no
/// query). On success `*out` owns a new request, or is set to NULL when `page` is the last.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_build_next_page(
    cfg: *const Config,
    org_id: *const c_char,
    query: *const ListQuery,
    page: *const GroupPage,
    out: *mut *mut Request,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let default = CoreQuery::default();
            let query = query.as_ref().map_or(&default, ListQuery::core);
            let (config, org_id, page) = (handle(cfg, "cfg")?, text(org_id, "org_id")?, handle(page, "page")?);
            // Only the pagination decides the next page: the groups are not copied back.
            let page = CoreGroupPage { groups: Vec::new(), pagination: page.pagination() };
            let next = build_next_page(config.core(), org_id, query, &page)?;
            out.write(next.map_or(std::ptr::null_mut(), |r| into_handle(Request::from(r))));
            Ok(())
        })
    }
}

/// The most pages a "list every group" loop should follow with tallyfy_build_next_page():
/// past that it should fail rather than return a partial list (the core's `MAX_PAGES`, 100).
#[no_mangle]
pub extern "C" fn tallyfy_max_pages() -> u32 {
    boundary::get(0, || tallyfy_core::MAX_PAGES)
}

/// The page size a "list every group" loop should ask for when its query sets none (the
/// core's `LIST_ALL_PER_PAGE`, 100: the largest the API serves).
#[no_mangle]
pub extern "C" fn tallyfy_list_all_per_page() -> u32 {
    boundary::get(0, || tallyfy_core::LIST_ALL_PER_PAGE)
}
