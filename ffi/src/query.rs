//! `tallyfy_list_query`: search, paging, sorting and related data of a list request.

use std::ffi::c_char;
use std::ptr;

use tallyfy_core::{Error as CoreError, FieldError, ListQuery as CoreQuery};

use crate::args::{free_handle, handle_mut, into_handle, text, utf8, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::error::Error;

/// The query of a list request; absent values are left out of the URL so the server's
/// defaults apply. Made by tallyfy_list_query_new() or tallyfy_list_query_from_json();
/// released with tallyfy_list_query_free(). Numbers are checked when the request is built.
#[derive(Default)]
pub struct ListQuery(CoreQuery);

impl ListQuery {
    /// The core's query.
    pub(crate) fn core(&self) -> &CoreQuery {
        &self.0
    }
}

/// Runs `change` on the query behind `query`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(query: *mut ListQuery, change: impl FnOnce(&mut CoreQuery) -> Result<(), Failure>) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(ptr::null_mut(), || change(&mut handle_mut(query, "query")?.0)) }
}

/// Runs `change` on the query behind `query`, reporting a refused value through `err`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change_ex(
    query: *mut ListQuery,
    err: *mut *mut Error,
    change: impl FnOnce(&mut CoreQuery) -> Result<(), Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(err, || change(&mut handle_mut(query, "query")?.0)) }
}

/// The refusal of one field, as ::TALLYFY_INVALID_INPUT.
fn refused(problem: FieldError) -> Failure {
    CoreError::invalid_input(vec![problem]).into()
}

/// A new query with every value absent; release it with tallyfy_list_query_free(). NULL
/// only if the library failed internally.
#[no_mangle]
pub extern "C" fn tallyfy_list_query_new() -> *mut ListQuery {
    boundary::get(ptr::null_mut(), || into_handle(ListQuery::default()))
}

/// Sets the text searched in names and descriptions (`q`, copied).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_q(query: *mut ListQuery, q: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            c.q = Some(text(q, "q")?.to_owned());
            Ok(())
        })
    }
}

/// Sets the page, from 1 (`page`); checked when the request is built
/// (tallyfy_list_query_set_page_ex() checks it now).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_page(query: *mut ListQuery, page: u32) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            c.page = Some(page);
            Ok(())
        })
    }
}

/// Sets the page size, from 1 to 100 (`per_page`); checked when the request is built
/// (tallyfy_list_query_set_per_page_ex() checks it now).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_per_page(query: *mut ListQuery, per_page: u32) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            c.per_page = Some(per_page);
            Ok(())
        })
    }
}

/// Sets the sort field (`sort_by`): `"name"`, `"created_at"` or `"updated_at"`; any other
/// value gives ::TALLYFY_INVALID_INPUT and leaves the query unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort_by(query: *mut ListQuery, sort_by: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            c.sort_by = Some(CoreQuery::check_sort_by(text(sort_by, "sort_by")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Sets the sort direction (`sort`): `"asc"` or `"desc"`; any other value gives
/// ::TALLYFY_INVALID_INPUT and leaves the query unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort(query: *mut ListQuery, sort: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            c.sort = Some(CoreQuery::check_sort(text(sort, "sort")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Adds related data to include (`with`): `"assets"`, `"users"` or `"guests"`; any other
/// value, or one already added, gives ::TALLYFY_INVALID_INPUT and leaves the query unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_add_with(query: *mut ListQuery, with: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            let include = CoreQuery::check_with(c, text(with, "with")?).map_err(refused)?;
            c.with.push(include);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_q(), with a refusal (NULL, text that is not UTF-8) in `*err`.
/// Any text is a valid search, as in tallyfy_list_query_from_json().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_q_ex(
    query: *mut ListQuery,
    q: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            c.q = Some(text(q, "q")?.to_owned());
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_q(), with the text as `len` bytes of UTF-8 (NULL allowed when
/// `len` is 0), so that it may hold U+0000.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_q_n(query: *mut ListQuery, q: *const c_char, len: usize) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(query, |c| {
            c.q = Some(utf8(q.cast(), len, "q")?.to_owned());
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_q_ex(), with the text as `len` bytes of UTF-8.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_q_n_ex(
    query: *mut ListQuery,
    q: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            c.q = Some(utf8(q.cast(), len, "q")?.to_owned());
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_page(), but refuses page 0 with the field error
/// tallyfy_list_query_from_json() gives, leaving the query unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_page_ex(
    query: *mut ListQuery,
    page: u32,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            CoreQuery::check_page(page).map_err(refused)?;
            c.page = Some(page);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_per_page(), but refuses a size outside 1 to 100 with the
/// field error tallyfy_list_query_from_json() gives, leaving the query unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_per_page_ex(
    query: *mut ListQuery,
    per_page: u32,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            CoreQuery::check_per_page(per_page).map_err(refused)?;
            c.per_page = Some(per_page);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_sort_by(), with the refusal's field error in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort_by_ex(
    query: *mut ListQuery,
    sort_by: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            c.sort_by = Some(CoreQuery::check_sort_by(text(sort_by, "sort_by")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_sort(), with the refusal's field error in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort_ex(
    query: *mut ListQuery,
    sort: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            c.sort = Some(CoreQuery::check_sort(text(sort, "sort")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_add_with(), with the refusal's field error (`with.<index>`) in
/// `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_add_with_ex(
    query: *mut ListQuery,
    with: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            let include = CoreQuery::check_with(c, text(with, "with")?).map_err(refused)?;
            c.with.push(include);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_sort_by_ex(), with the value as `len` bytes of UTF-8, judged as
/// in tallyfy_list_query_from_json() (a U+0000 included).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort_by_n_ex(
    query: *mut ListQuery,
    sort_by: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            c.sort_by = Some(CoreQuery::check_sort_by(utf8(sort_by.cast(), len, "sort_by")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_set_sort_ex(), with the value as `len` bytes of UTF-8.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_set_sort_n_ex(
    query: *mut ListQuery,
    sort: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            c.sort = Some(CoreQuery::check_sort(utf8(sort.cast(), len, "sort")?).map_err(refused)?);
            Ok(())
        })
    }
}

/// Like tallyfy_list_query_add_with_ex(), with the value as `len` bytes of UTF-8.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_add_with_n_ex(
    query: *mut ListQuery,
    with: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(query, err, |c| {
            let include = CoreQuery::check_with(c, utf8(with.cast(), len, "with")?).map_err(refused)?;
            c.with.push(include);
            Ok(())
        })
    }
}

/// Reads a query from `len` bytes of JSON with the JavaScript names (`q`, `page`,
/// `perPage`, `sortBy`, `sort`, `with` as an array), reporting every problem at once as
/// ::TALLYFY_INVALID_INPUT. On success `*out` owns a new query.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut ListQuery,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let json = utf8(json.cast(), len, "json")?;
            out.write(into_handle(ListQuery(CoreQuery::from_json(json.as_bytes())?)));
            Ok(())
        })
    }
}

/// Releases a query. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_list_query_free(query: *mut ListQuery) {
    // SAFETY: the crate's contract (see lib.rs): `query` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(query) })
}
