//! `tallyfy_list_query`: search, paging, sorting and related data of a list request.

use tallyfy_core::ListQuery as CoreQuery;

use crate::args::{free, get_mut, give, Handle, Out};
use crate::boundary;
use crate::code::Code;
use crate::error::{refused, Error, Failure};
use crate::strings::Str;

/// The query of a list request; absent values are left out of the URL so the server's
/// defaults apply. Made by tallyfy_list_query_new() or tallyfy_list_query_from_json();
/// released with tallyfy_list_query_free(). Each setter checks its value by the core's rules
/// at once (the field error tallyfy_list_query_from_json() gives) and leaves the query
/// unchanged when it refuses it.
pub struct ListQuery {
    _private: [u8; 0],
}

impl Handle for ListQuery {
    type Value = CoreQuery;
}

/// Runs `change` on the query behind `query`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(
    query: *mut ListQuery,
    err: *mut *mut Error,
    change: impl FnOnce(&mut CoreQuery) -> Result<(), Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(err, || change(get_mut::<ListQuery>(query, "query")?)) }
}

/// A new query with every value absent; release it with tallyfy_list_query_free(). NULL
/// only if the library failed internally.
#[no_mangle]
pub extern "C" fn tallyfy_list_query_new() -> *mut ListQuery {
    boundary::get(std::ptr::null_mut(), || give::<ListQuery>(CoreQuery::default()))
}

/// Reads a query from JSON with the JavaScript names (`q`, `page`, `perPage`, `sortBy`,
/// `sort`, `with` as an array), reporting every problem at once as ::TALLYFY_INVALID_INPUT.
/// On success `*out` owns a new query.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_from_json(
    json: Str,
    out: *mut *mut ListQuery,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(CoreQuery::from_json(json.required("json")?.as_bytes())?)
        })
    }
}

/// Sets the text searched in names and descriptions (`q`, copied; any text).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_q(query: *mut ListQuery, q: Str, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, err, |c| {
            c.q = Some(q.required("q")?.to_owned());
            Ok(())
        })
    }
}

/// Sets the page, from 1 (`page`).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_page(query: *mut ListQuery, page: u32, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, err, |c| {
            CoreQuery::check_page(page).map_err(refused)?;
            c.page = Some(page);
            Ok(())
        })
    }
}

/// Sets the page size, from 1 to 100 (`per_page`).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_per_page(
    query: *mut ListQuery,
    per_page: u32,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, err, |c| {
            CoreQuery::check_per_page(per_page).map_err(refused)?;
            c.per_page = Some(per_page);
            Ok(())
        })
    }
}

/// Sets the sort field (`sort_by`): `"name"`, `"created_at"` or `"updated_at"`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort_by(
    query: *mut ListQuery,
    sort_by: Str,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, err, |c| {
            c.sort_by = Some(CoreQuery::check_sort_by(sort_by.required("sort_by")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Sets the sort direction (`sort`): `"asc"` or `"desc"`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort(query: *mut ListQuery, sort: Str, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, err, |c| {
            c.sort = Some(CoreQuery::check_sort(sort.required("sort")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Adds related data to include (`with.<index>`): `"assets"`, `"users"` or `"guests"`, each
/// at most once.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_add_with(query: *mut ListQuery, with: Str, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, err, |c| {
            let include = c.check_with(with.required("with")?).map_err(refused)?;
            c.with.push(include);
            Ok(())
        })
    }
}

/// Releases a query. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_free(query: *mut ListQuery) {
    // SAFETY: the crate's contract (see lib.rs): `query` came from this library, freed once.
    boundary::get((), || unsafe { free(query) })
}
