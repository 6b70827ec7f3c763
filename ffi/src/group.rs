//! `tallyfy_group` and `tallyfy_group_page`: parsed answers, with borrowed accessors.

use tallyfy_core::{Group as CoreGroup, GroupPage as CoreGroupPage, Pagination};

use crate::args::{free, get, lend, read, Handle, Out};
use crate::boundary;
use crate::code::Code;
use crate::error::Error;
use crate::strings::{Str, Text};

/// A group as the API returned it. Made by tallyfy_parse_group(), tallyfy_group_from_json() or
/// tallyfy_group_clone(), released with tallyfy_group_free(); or borrowed from a page or a
/// call. Read-only.
pub struct Group {
    _private: [u8; 0],
}

impl Handle for Group {
    type Value = CoreGroup;
}

/// One page of a group list. Made by tallyfy_parse_group_list() or tallyfy_group_page_clone(),
/// released with tallyfy_group_page_free(); or borrowed from a call. Read-only.
pub struct GroupPage {
    _private: [u8; 0],
}

impl Handle for GroupPage {
    type Value = CoreGroupPage;
}

/// The group's id (32 lowercase hex characters in practice).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_id(group: *const Group) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of(&g.id)) }
}

/// The group's name.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_name(group: *const Group) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of(&g.name)) }
}

/// The group's description; empty when the server sent none.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_description(group: *const Group) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of(&g.description)) }
}

/// The logo's URL; `{NULL, 0}` when there is none.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_logo(group: *const Group) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of_option(g.logo.as_deref())) }
}

/// When the group was created (ISO 8601, as sent); `{NULL, 0}` when unknown.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_created_at(group: *const Group) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of_option(g.created_at.as_deref())) }
}

/// When the group last changed (`last_updated`, or `updated_at` in older answers; ISO 8601,
/// as sent); `{NULL, 0}` when unknown.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_updated_at(group: *const Group) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of_option(g.updated_at.as_deref())) }
}

/// How many members (user ids) the group has.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_member_count(group: *const Group) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, 0, |g| g.members.len()) }
}

/// The user id of member `index`; 0 (never a valid id) when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_member_at(group: *const Group, index: usize) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, 0, |g| g.members.get(index).copied().unwrap_or(0)) }
}

/// How many guests (email addresses) the group has.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_guest_count(group: *const Group) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, 0, |g| g.guests.len()) }
}

/// The email address of guest `index`; `{NULL, 0}` when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_guest_at(group: *const Group, index: usize) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(group, Str::ABSENT, |g| Str::of_option(g.guests.get(index).map(String::as_str))) }
}

/// The group as JSON in the shape of the JavaScript surface:
/// `{"id","name","description","logo","members","guests","createdAt","updatedAt"}`.
/// On success `*out` owns the text; release it with tallyfy_text_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_to_json(group: *const Group, out: *mut *mut Text, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(get::<Group>(group, "group")?.to_json())
        })
    }
}

/// Reads a group from JSON in the shape tallyfy_group_to_json() writes (a group kept as text,
/// or made by the host), so that a group read back from its JSON is the same group. Every
/// problem is reported at once as ::TALLYFY_INVALID_INPUT: `id` (a string, not empty), `name`
/// and `description` (strings), `members` (user ids from 0 to 2^53 - 1, field
/// `members.<index>`), `guests` (strings), `logo`, `createdAt` and `updatedAt` (a string or
/// null; absent is null), unknown and repeated keys; text that is not a JSON object is field
/// `group`. On success `*out` owns a new group; release it with tallyfy_group_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_from_json(json: Str, out: *mut *mut Group, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(CoreGroup::from_json(json.required("json")?.as_bytes())?)
        })
    }
}

/// Writes to `*out` a copy of `group` that the caller owns (a group borrowed from a page or a
/// call, kept past them); release it with tallyfy_group_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_clone(group: *const Group, out: *mut *mut Group, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(get::<Group>(group, "group")?.clone())
        })
    }
}

/// Releases a group made by tallyfy_parse_group(), tallyfy_group_from_json() or
/// tallyfy_group_clone(). NULL is ignored.
/// Never pass a group borrowed from a page or a call.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_free(group: *mut Group) {
    // SAFETY: the crate's contract (see lib.rs): `group` came from this library, freed once.
    boundary::get((), || unsafe { free(group) })
}

/// How many groups are on this page.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_len(page: *const GroupPage) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(page, 0, |p| p.groups.len()) }
}

/// Group `index` of the page, borrowed: valid until the page is freed, never freed by itself.
/// NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_get(page: *const GroupPage, index: usize) -> *const Group {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(page, std::ptr::null(), |p| p.groups.get(index).map_or(std::ptr::null(), lend::<Group>)) }
}

/// Reads a number of the page's pagination; 0 when `page` is NULL.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn count(page: *const GroupPage, number: impl FnOnce(&Pagination) -> u64) -> u64 {
    // SAFETY: forwarded contract.
    unsafe { read(page, 0, |p| number(&p.pagination)) }
}

/// Groups in the whole list.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_total(page: *const GroupPage) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { count(page, |p| p.total) }
}

/// Groups on this page, as the server counted them.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_count(page: *const GroupPage) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { count(page, |p| p.count) }
}

/// The page size.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_per_page(page: *const GroupPage) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { count(page, |p| p.per_page) }
}

/// This page's number, from 1.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_current_page(page: *const GroupPage) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { count(page, |p| p.current_page) }
}

/// How many pages there are (0 for an empty list).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_total_pages(page: *const GroupPage) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { count(page, |p| p.total_pages) }
}

/// Writes to `*out` a copy of `page` that the caller owns (a page borrowed from a call, kept
/// past it); release it with tallyfy_group_page_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_clone(
    page: *const GroupPage,
    out: *mut *mut GroupPage,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(get::<GroupPage>(page, "page")?.clone())
        })
    }
}

/// Releases a page and every group borrowed from it. NULL is ignored. Never pass a page
/// borrowed from a call.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_free(page: *mut GroupPage) {
    // SAFETY: the crate's contract (see lib.rs): `page` came from this library, freed once.
    boundary::get((), || unsafe { free(page) })
}
