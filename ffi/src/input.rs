//! `tallyfy_group_input`: the fields of a group to create, or to change in an update.

use std::ffi::{c_char, c_int};
use std::ptr;
use std::sync::OnceLock;

use tallyfy_core::{
    full_update, validate_create_group, validate_create_group_json, validate_update_group, validate_update_group_json,
    Error as CoreError, FieldError,
};
use tallyfy_core::{Group as CoreGroup, GroupInput as CoreInput};

use crate::args::{free_handle, handle, handle_mut, into_handle, text, utf8, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::error::Error;
use crate::group::Group;
use crate::string::give;
use crate::text::{size_of_all, Text, TextBlock};

/// The fields of a group: each absent until set. For an update, a cleared list (present and
/// empty, `[]`) removes every member or guest, while an absent one keeps them. Made by
/// tallyfy_group_input_new() or tallyfy_group_input_from_json(); released with
/// tallyfy_group_input_free(). Values are checked when a request is built or validated.
///
/// Its accessors (tallyfy_group_input_name(), ...) lend NUL-terminated copies of its strings,
/// valid until the input is next changed or freed; the length they report keeps a U+0000 that
/// the NUL-terminated view cuts.
#[derive(Default)]
pub struct GroupInput {
    core: CoreInput,
    /// The strings' copies, made by the first accessor call after a change.
    text: OnceLock<InputText>,
}

/// NUL-terminated copies of an input's strings.
struct InputText {
    block: TextBlock,
    name: Option<Text>,
    description: Option<Text>,
    guests: Vec<Text>,
}

impl GroupInput {
    /// The core's input.
    pub(crate) fn core(&self) -> &CoreInput {
        &self.core
    }

    /// The NUL-terminated copies of the strings, made once per state of the input.
    fn text(&self) -> &InputText {
        self.text.get_or_init(|| {
            let c = &self.core;
            let guests = c.guests.iter().flatten().map(String::as_str);
            let strings = [c.name.as_deref(), c.description.as_deref()].into_iter().flatten().chain(guests);
            let mut block = TextBlock::with_capacity(size_of_all(strings));
            let name = c.name.as_deref().map(|s| block.push(s));
            let description = c.description.as_deref().map(|s| block.push(s));
            let guests = c.guests.iter().flatten().map(|s| block.push(s)).collect();
            InputText { block, name, description, guests }
        })
    }
}

impl From<CoreInput> for GroupInput {
    fn from(core: CoreInput) -> Self {
        GroupInput { core, text: OnceLock::new() }
    }
}

/// The input behind `input`, for a change: the copies lent by its accessors are dropped.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn changing<'a>(input: *mut GroupInput) -> Result<&'a mut CoreInput, Failure> {
    // SAFETY: forwarded contract.
    let input = unsafe { handle_mut(input, "input") }?;
    input.text = OnceLock::new();
    Ok(&mut input.core)
}

/// Runs `change` on the input behind `input`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(input: *mut GroupInput, change: impl FnOnce(&mut CoreInput) -> Result<(), Failure>) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(ptr::null_mut(), || change(changing(input)?)) }
}

/// A new input with every field absent; release it with tallyfy_group_input_free(). NULL
/// only if the library failed internally.
#[no_mangle]
pub extern "C" fn tallyfy_group_input_new() -> *mut GroupInput {
    boundary::get(ptr::null_mut(), || into_handle(GroupInput::default()))
}

/// Sets the name (copied): required on create, 1 to 200 characters, not blank; checked when a
/// request is built or validated (tallyfy_group_input_set_name_ex() checks it now).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_name(input: *mut GroupInput, name: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.name = Some(text(name, "name")?.to_owned());
            Ok(())
        })
    }
}

/// Sets the description (copied): required on create, not blank; checked when a request is
/// built or validated (tallyfy_group_input_set_description_ex() checks it now).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_description(
    input: *mut GroupInput,
    description: *const c_char,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.description = Some(text(description, "description")?.to_owned());
            Ok(())
        })
    }
}

/// Appends a member's user id, making the list present (a repeated id is sent as given). The id
/// is checked (1 to 2^53 - 1) when a request is built or validated;
/// tallyfy_group_input_add_member_ex() checks it now.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_member(input: *mut GroupInput, user_id: u64) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.members.get_or_insert_with(Vec::new).push(user_id);
            Ok(())
        })
    }
}

/// Appends a guest's email address (copied), making the list present (a repeated address is
/// sent as given). The address is checked (`local@domain` without control characters) when a
/// request is built or validated; tallyfy_group_input_add_guest_ex() checks it now.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_guest(input: *mut GroupInput, email: *const c_char) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            // Read before the list is made present: a refusal leaves an absent list absent.
            let email = text(email, "email")?.to_owned();
            i.guests.get_or_insert_with(Vec::new).push(email);
            Ok(())
        })
    }
}

/// Makes the member list present and empty (`[]`): an update then removes every member.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_clear_members(input: *mut GroupInput) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.members = Some(Vec::new());
            Ok(())
        })
    }
}

/// Makes the guest list present and empty (`[]`): an update then removes every guest.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_clear_guests(input: *mut GroupInput) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.guests = Some(Vec::new());
            Ok(())
        })
    }
}

/// Runs `change` on the input behind `input`, reporting a refused value through `err`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change_ex(
    input: *mut GroupInput,
    err: *mut *mut Error,
    change: impl FnOnce(&mut CoreInput) -> Result<(), Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(err, || change(changing(input)?)) }
}

/// The refusal of one field, as ::TALLYFY_INVALID_INPUT.
fn refused(problem: FieldError) -> Failure {
    CoreError::invalid_input(vec![problem]).into()
}

/// Sets the name if the core takes it.
fn checked_name(i: &mut CoreInput, name: &str) -> Result<(), Failure> {
    CoreInput::check_name(name).map_err(refused)?;
    i.name = Some(name.to_owned());
    Ok(())
}

/// Sets the description if the core takes it.
fn checked_description(i: &mut CoreInput, description: &str) -> Result<(), Failure> {
    CoreInput::check_description(description).map_err(refused)?;
    i.description = Some(description.to_owned());
    Ok(())
}

/// Appends a guest if the core takes the address; a refusal leaves an absent list absent.
fn checked_guest(i: &mut CoreInput, email: &str) -> Result<(), Failure> {
    CoreInput::check_guest(i.guests.as_ref().map_or(0, Vec::len), email).map_err(refused)?;
    i.guests.get_or_insert_with(Vec::new).push(email.to_owned());
    Ok(())
}

/// Like tallyfy_group_input_set_name(), but refuses what tallyfy_group_input_from_json()
/// refuses (blank, longer than 200 characters) with the same field error in `*err`, leaving
/// the input unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_name_ex(
    input: *mut GroupInput,
    name: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change_ex(input, err, |i| checked_name(i, text(name, "name")?)) }
}

/// Like tallyfy_group_input_set_description(), but refuses a blank description with the
/// field error tallyfy_group_input_from_json() gives, leaving the input unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_description_ex(
    input: *mut GroupInput,
    description: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change_ex(input, err, |i| checked_description(i, text(description, "description")?)) }
}

/// Like tallyfy_group_input_add_member(), but refuses an id outside 1 to 2^53 - 1 with the
/// field error (`members.<index>`) tallyfy_group_input_from_json() gives, leaving the input
/// unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_member_ex(
    input: *mut GroupInput,
    user_id: u64,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change_ex(input, err, |i| {
            // Checked before the list is made present: a refusal leaves an absent list absent.
            CoreInput::check_member(i.members.as_ref().map_or(0, Vec::len), user_id).map_err(refused)?;
            i.members.get_or_insert_with(Vec::new).push(user_id);
            Ok(())
        })
    }
}

/// Like tallyfy_group_input_add_guest(), but refuses an invalid email address with the field
/// error (`guests.<index>`) tallyfy_group_input_from_json() gives, leaving the input unchanged.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_guest_ex(
    input: *mut GroupInput,
    email: *const c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change_ex(input, err, |i| checked_guest(i, text(email, "email")?)) }
}

/// Like tallyfy_group_input_set_name(), with the name as `len` bytes of UTF-8 (NULL allowed
/// when `len` is 0), so that it may hold U+0000.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_name_n(
    input: *mut GroupInput,
    name: *const c_char,
    len: usize,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.name = Some(utf8(name.cast(), len, "name")?.to_owned());
            Ok(())
        })
    }
}

/// Like tallyfy_group_input_set_name_ex(), with the name as `len` bytes of UTF-8: a U+0000 in
/// it is judged by the core's rules, as in tallyfy_group_input_from_json().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_name_n_ex(
    input: *mut GroupInput,
    name: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change_ex(input, err, |i| checked_name(i, utf8(name.cast(), len, "name")?)) }
}

/// Like tallyfy_group_input_set_description(), with the description as `len` bytes of UTF-8
/// (NULL allowed when `len` is 0), so that it may hold U+0000.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_description_n(
    input: *mut GroupInput,
    description: *const c_char,
    len: usize,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            i.description = Some(utf8(description.cast(), len, "description")?.to_owned());
            Ok(())
        })
    }
}

/// Like tallyfy_group_input_set_description_ex(), with the description as `len` bytes of
/// UTF-8, judged as in tallyfy_group_input_from_json().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_description_n_ex(
    input: *mut GroupInput,
    description: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change_ex(input, err, |i| checked_description(i, utf8(description.cast(), len, "description")?)) }
}

/// Like tallyfy_group_input_add_guest(), with the address as `len` bytes of UTF-8 (NULL allowed
/// when `len` is 0), so that it may hold U+0000 (which the address check refuses).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_guest_n(
    input: *mut GroupInput,
    email: *const c_char,
    len: usize,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, |i| {
            let email = utf8(email.cast(), len, "email")?.to_owned();
            i.guests.get_or_insert_with(Vec::new).push(email);
            Ok(())
        })
    }
}

/// Like tallyfy_group_input_add_guest_ex(), with the address as `len` bytes of UTF-8: a
/// U+0000 in it gives the field error tallyfy_group_input_from_json() gives.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_guest_n_ex(
    input: *mut GroupInput,
    email: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change_ex(input, err, |i| checked_guest(i, utf8(email.cast(), len, "email")?)) }
}

/// Lends a string of the input behind `input`, its length in bytes (without the NUL) in
/// `*len` when `len` is not NULL; NULL and 0 when `input` is NULL or the string absent.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn lend(
    input: *const GroupInput,
    len: *mut usize,
    text: impl FnOnce(&InputText) -> Option<Text>,
) -> *const c_char {
    boundary::get(ptr::null(), || {
        // SAFETY: forwarded contract.
        let input = unsafe { handle(input, "input") }.ok();
        let lent = input.map(GroupInput::text).and_then(|t| text(t).map(|s| (t.block.ptr(s), s.len())));
        let (ptr, bytes) = lent.unwrap_or((ptr::null(), 0));
        // SAFETY: NULL or writable, by the caller's contract.
        if let Some(len) = unsafe { len.as_mut() } {
            *len = bytes;
        }
        ptr
    })
}

/// Reads the input behind `input`; `absent` when `input` is NULL.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn read<T: Copy>(input: *const GroupInput, absent: T, field: impl FnOnce(&CoreInput) -> T) -> T {
    // SAFETY: forwarded contract.
    boundary::get(absent, || unsafe { handle(input, "input") }.map_or(absent, |i| field(&i.core)))
}

/// The name, with its length in bytes in `*len` when `len` is not NULL; NULL (and 0) when
/// absent. Borrowed from `input` until it is next changed or freed; a U+0000 inside (possible
/// from tallyfy_group_input_from_json()) ends the C string early, the length counts it.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_name(input: *const GroupInput, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(input, len, |t| t.name) }
}

/// The description, like tallyfy_group_input_name().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_description(input: *const GroupInput, len: *mut usize) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(input, len, |t| t.description) }
}

/// 1 when the member list is present (an update then replaces the members, `[]` removing
/// them all), 0 when it is absent or `input` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_has_members(input: *const GroupInput) -> c_int {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| c_int::from(i.members.is_some())) }
}

/// How many member ids the input holds; 0 when the list is absent or `input` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_member_count(input: *const GroupInput) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| i.members.as_ref().map_or(0, Vec::len)) }
}

/// The user id of member `index`, as added (unchecked until a build or validation); 0 when
/// `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_member_at(input: *const GroupInput, index: usize) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| i.members.as_ref().and_then(|m| m.get(index).copied()).unwrap_or(0)) }
}

/// 1 when the guest list is present (an update then replaces the guests, `[]` removing them
/// all), 0 when it is absent or `input` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_has_guests(input: *const GroupInput) -> c_int {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| c_int::from(i.guests.is_some())) }
}

/// How many guest emails the input holds; 0 when the list is absent or `input` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_guest_count(input: *const GroupInput) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| i.guests.as_ref().map_or(0, Vec::len)) }
}

/// The email of guest `index`, like tallyfy_group_input_name(); NULL (and 0) when `index` is
/// out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_guest_at(
    input: *const GroupInput,
    index: usize,
    len: *mut usize,
) -> *const c_char {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lend(input, len, |t| t.guests.get(index).copied()) }
}

/// Reads an input from `len` bytes of JSON (`{"name", "description", "members", "guests"}`),
/// reporting wrong types, unknown fields and every rule that does not depend on the
/// operation at once as ::TALLYFY_INVALID_INPUT. On success `*out` owns a new input.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut GroupInput,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let json = utf8(json.cast(), len, "json")?;
            out.write(into_handle(GroupInput::from(CoreInput::from_json(json.as_bytes())?)));
            Ok(())
        })
    }
}

/// The input as the JSON body it stands for: exactly the present fields. On success `*out`
/// owns the string; release it with tallyfy_string_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_to_json(
    input: *const GroupInput,
    out: *mut *mut c_char,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let input = handle(input, "input")?;
            give(out, input.core.to_json())
        })
    }
}

/// Checks `input` as the body of a create: ::TALLYFY_OK when valid, else ::TALLYFY_INVALID_INPUT
/// with every problem in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_create_group(input: *const GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_create_group(&handle(input, "input")?.core))) }
}

/// Checks `input` as the body of an update (at least one field present): ::TALLYFY_OK when
/// valid, else ::TALLYFY_INVALID_INPUT with every problem in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_update_group(input: *const GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_update_group(&handle(input, "input")?.core))) }
}

/// Checks `len` bytes of JSON as the body of a create, reporting wrong types and unknown
/// fields together with every other problem: ::TALLYFY_OK when valid, else
/// ::TALLYFY_INVALID_INPUT with every problem in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_create_group_json(
    json: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_create_group_json(utf8(json.cast(), len, "json")?.as_bytes()))) }
}

/// Checks `len` bytes of JSON as the body of an update, like
/// tallyfy_validate_create_group_json().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_update_group_json(
    json: *const c_char,
    len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_update_group_json(utf8(json.cast(), len, "json")?.as_bytes()))) }
}

fn valid(problems: Vec<FieldError>) -> Result<(), Failure> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CoreError::invalid_input(problems).into())
    }
}

/// The body of an update that sends the whole group, as Tallyfy's official SDK does: the
/// `current` group (as fetched) with `changes` applied; a blank current description is left
/// out. On success `*out` owns a new input.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_full_update(
    current: *const Group,
    changes: *const GroupInput,
    out: *mut *mut GroupInput,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let body = full_update(&handle(current, "current")?.to_core(), &handle(changes, "changes")?.core);
            out.write(into_handle(GroupInput::from(body)));
            Ok(())
        })
    }
}

/// Like tallyfy_full_update(), with the current group's fields given as an input (its name,
/// description, members and guests as fetched; an absent one reads as empty), for a host that
/// copied the group out and freed it. On success `*out` owns a new input.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_full_update_input(
    current: *const GroupInput,
    changes: *const GroupInput,
    out: *mut *mut GroupInput,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let current = &handle(current, "current")?.core;
            let group = CoreGroup {
                name: current.name.clone().unwrap_or_default(),
                description: current.description.clone().unwrap_or_default(),
                members: current.members.clone().unwrap_or_default(),
                guests: current.guests.clone().unwrap_or_default(),
                ..CoreGroup::default()
            };
            let body = full_update(&group, &handle(changes, "changes")?.core);
            out.write(into_handle(GroupInput::from(body)));
            Ok(())
        })
    }
}

/// Releases an input. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_free(input: *mut GroupInput) {
    // SAFETY: the crate's contract (see lib.rs): `input` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(input) })
}
