//! `tallyfy_group` and `tallyfy_group_page`: parsed answers, with borrowed accessors.

use std::ffi::c_char;
use std::ptr;

use tallyfy_core::{Group as CoreGroup, GroupPage as CoreGroupPage, Pagination};

use crate::args::{free_handle, handle, into_handle, Out};
use crate::boundary;
use crate::code::Code;
use crate::error::Error;
use crate::string::give;
use crate::text::{size_of_all, Text, TextBlock};

/// A group as the API returned it. Made by tallyfy_parse_group(), released with
/// tallyfy_group_free(); or borrowed from a ::tallyfy_group_page. Read-only.
///
/// A string that contains U+0000 ends early as a C string; the `_n` accessors also give its
/// length, which counts it, and tallyfy_group_to_json() keeps it (as `\u0000`).
#[derive(Clone)]
pub struct Group {
    text: TextBlock,
    id: Text,
    name: Text,
    description: Text,
    logo: Option<Text>,
    created_at: Option<Text>,
    updated_at: Option<Text>,
    guests: Vec<Text>,
    members: Vec<u64>,
}

impl Group {
    /// The core's group, made from this one's copies.
    pub(crate) fn to_core(&self) -> CoreGroup {
        let text = |t: Text| self.text.get(t).to_owned();
        CoreGroup {
            id: text(self.id),
            name: text(self.name),
            description: text(self.description),
            logo: self.logo.map(text),
            members: self.members.clone(),
            guests: self.guests.iter().copied().map(text).collect(),
            created_at: self.created_at.map(text),
            updated_at: self.updated_at.map(text),
        }
    }

    /// `g`'s strings copied into one block, with its members.
    fn new(g: &CoreGroup, members: Vec<u64>) -> Self {
        let optional = [g.logo.as_deref(), g.created_at.as_deref(), g.updated_at.as_deref()];
        let strings = [g.id.as_str(), &g.name, &g.description].into_iter().chain(optional.into_iter().flatten());
        let mut text = TextBlock::with_capacity(size_of_all(strings.chain(g.guests.iter().map(String::as_str))));
        let (id, name, description) = (text.push(&g.id), text.push(&g.name), text.push(&g.description));
        let logo = g.logo.as_deref().map(|s| text.push(s));
        let created_at = g.created_at.as_deref().map(|s| text.push(s));
        let updated_at = g.updated_at.as_deref().map(|s| text.push(s));
        let guests = g.guests.iter().map(|s| text.push(s)).collect();
        Group { text, id, name, description, logo, created_at, updated_at, guests, members }
    }
}

impl From<CoreGroup> for Group {
    fn from(mut core: CoreGroup) -> Self {
        let members = std::mem::take(&mut core.members);
        Group::new(&core, members)
    }
}

impl From<&CoreGroup> for Group {
    fn from(core: &CoreGroup) -> Self {
        Group::new(core, core.members.clone())
    }
}

/// One page of a group list. Made by tallyfy_parse_group_list(); released with
/// tallyfy_group_page_free(). Read-only.
#[derive(Clone)]
pub struct GroupPage {
    groups: Vec<Group>,
    pagination: Pagination,
}

impl From<CoreGroupPage> for GroupPage {
    fn from(page: CoreGroupPage) -> Self {
        GroupPage { groups: page.groups.into_iter().map(Group::from).collect(), pagination: page.pagination }
    }
}

impl From<&CoreGroupPage> for GroupPage {
    fn from(page: &CoreGroupPage) -> Self {
        GroupPage { groups: page.groups.iter().map(Group::from).collect(), pagination: page.pagination }
    }
}

/// Lends a string field of the group behind `group`, with its length in bytes in `*len` when
/// `len` is not NULL: NULL (and 0) when `group` is NULL or the field is absent.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn lend(group: *const Group, len: *mut usize, field: impl FnOnce(&Group) -> Option<Text>) -> *const c_char {
    boundary::get(ptr::null(), || {
        // SAFETY: forwarded contract.
        let group = unsafe { handle(group, "group") }.ok();
        let lent = group.and_then(|g| field(g).map(|t| (g.text.ptr(t), t.len())));
        let (ptr, bytes) = lent.unwrap_or((ptr::null(), 0));
        // SAFETY: NULL or writable, by the caller's contract.
        if let Some(len) = unsafe { len.as_mut() } {
            *len = bytes;
        }
        ptr
    })
}

/// The group's id (32 lowercase hex characters in practice). Borrowed from `group`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_id(group: *const Group) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_id_n(group, ptr::null_mut()) }
}

/// Like tallyfy_group_id(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_id_n(group: *const Group, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| Some(g.id)) }
}

/// The group's name. Borrowed from `group`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_name(group: *const Group) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_name_n(group, ptr::null_mut()) }
}

/// Like tallyfy_group_name(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_name_n(group: *const Group, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| Some(g.name)) }
}

/// The group's description; `""` when the server sent none. Borrowed from `group`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_description(group: *const Group) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_description_n(group, ptr::null_mut()) }
}

/// Like tallyfy_group_description(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_description_n(group: *const Group, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| Some(g.description)) }
}

/// The logo's URL; NULL when there is none. Borrowed from `group`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_logo(group: *const Group) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_logo_n(group, ptr::null_mut()) }
}

/// Like tallyfy_group_logo(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_logo_n(group: *const Group, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| g.logo) }
}

/// When the group was created (ISO 8601, as sent); NULL when unknown. Borrowed from `group`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_created_at(group: *const Group) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_created_at_n(group, ptr::null_mut()) }
}

/// Like tallyfy_group_created_at(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_created_at_n(group: *const Group, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| g.created_at) }
}

/// When the group last changed (`last_updated`, or `updated_at` in older answers; ISO 8601,
/// as sent); NULL when unknown. Borrowed from `group`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_updated_at(group: *const Group) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_updated_at_n(group, ptr::null_mut()) }
}

/// Like tallyfy_group_updated_at(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_updated_at_n(group: *const Group, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| g.updated_at) }
}

/// How many members (user ids) the group has; 0 when `group` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_member_count(group: *const Group) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(group, "group") }.map_or(0, |g| g.members.len()))
}

/// The user id of member `index`; 0 (never a valid id) when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_member_at(group: *const Group, index: usize) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(group, "group") }.ok().and_then(|g| g.members.get(index).copied()).unwrap_or(0))
}

/// How many guests (email addresses) the group has; 0 when `group` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_guest_count(group: *const Group) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(group, "group") }.map_or(0, |g| g.guests.len()))
}

/// The email address of guest `index`. Borrowed from `group`; NULL when `index` is out of
/// range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_guest_at(group: *const Group, index: usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { tallyfy_group_guest_at_n(group, index, ptr::null_mut()) }
}

/// Like tallyfy_group_guest_at(), with the length in bytes in `*len` when `len` is not NULL
/// (0 with NULL), which counts a U+0000 that ends the C string early.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_guest_at_n(group: *const Group, index: usize, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(group, len, |g| g.guests.get(index).copied()) }
}

/// The group as JSON, in the shape of the JavaScript surface:
/// `{"id","name","description","logo","members","guests","createdAt","updatedAt"}`.
/// On success `*out` owns the string; release it with tallyfy_string_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_to_json(
    group: *const Group,
    out: *mut *mut c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let group = handle(group, "group")?;
            give(out, group.to_core().to_json())
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
            out.write(into_handle(handle(group, "group")?.clone()));
            Ok(())
        })
    }
}

/// Releases a group made by tallyfy_parse_group() or tallyfy_group_clone(). NULL is ignored. Never pass a group
/// borrowed from a page.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_free(group: *mut Group) {
    // SAFETY: the crate's contract (see lib.rs): `group` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(group) })
}

/// How many groups are on this page; 0 when `page` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_len(page: *const GroupPage) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(0, || unsafe { handle(page, "page") }.map_or(0, |p| p.groups.len()))
}

/// Group `index` of the page, borrowed: valid until the page is freed, and never freed by
/// itself. NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_get(page: *const GroupPage, index: usize) -> *const Group {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(ptr::null(), || {
        unsafe { handle(page, "page") }.ok().and_then(|p| p.groups.get(index)).map_or(ptr::null(), ptr::from_ref)
    })
}

/// Reads a number of the page's pagination; 0 when `page` is NULL.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn count(page: *const GroupPage, number: impl FnOnce(&Pagination) -> u64) -> u64 {
    // SAFETY: forwarded contract.
    boundary::get(0, || unsafe { handle(page, "page") }.map_or(0, |p| number(&p.pagination)))
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
            out.write(into_handle(handle(page, "page")?.clone()));
            Ok(())
        })
    }
}

/// Releases a page and every group borrowed from it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_page_free(page: *mut GroupPage) {
    // SAFETY: the crate's contract (see lib.rs): `page` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(page) })
}
