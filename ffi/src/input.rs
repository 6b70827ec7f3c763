//! `tallyfy_group_input`: the fields of a group to create, or to change in an update.

use std::ffi::c_char;
use std::ptr;

use tallyfy_core::GroupInput as CoreInput;
use tallyfy_core::{
    full_update, validate_create_group, validate_create_group_json, validate_update_group, validate_update_group_json,
    Error as CoreError, FieldError,
};

use crate::args::{free_handle, handle, handle_mut, into_handle, text, utf8, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::error::Error;
use crate::group::Group;
use crate::string::give;

/// The fields of a group: each absent until set. For an update, a cleared list (present and
/// empty, `[]`) removes every member or guest, while an absent one keeps them. Made by
/// tallyfy_group_input_new() or tallyfy_group_input_from_json(); released with
/// tallyfy_group_input_free(). Values are checked when a request is built or validated.
#[derive(Default)]
pub struct GroupInput(CoreInput);

impl GroupInput {
    /// The core's input.
    pub(crate) fn core(&self) -> &CoreInput {
        &self.0
    }
}

/// Runs `change` on the input behind `input`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(input: *mut GroupInput, change: impl FnOnce(&mut CoreInput) -> Result<(), Failure>) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(ptr::null_mut(), || change(&mut handle_mut(input, "input")?.0)) }
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
            i.guests.get_or_insert_with(Vec::new).push(text(email, "email")?.to_owned());
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
    unsafe { boundary::call(err, || change(&mut handle_mut(input, "input")?.0)) }
}

/// The refusal of one field, as ::TALLYFY_INVALID_INPUT.
fn refused(problem: FieldError) -> Failure {
    CoreError::invalid_input(vec![problem]).into()
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
    unsafe {
        change_ex(input, err, |i| {
            let name = text(name, "name")?;
            CoreInput::check_name(name).map_err(refused)?;
            i.name = Some(name.to_owned());
            Ok(())
        })
    }
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
    unsafe {
        change_ex(input, err, |i| {
            let description = text(description, "description")?;
            CoreInput::check_description(description).map_err(refused)?;
            i.description = Some(description.to_owned());
            Ok(())
        })
    }
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
            let members = i.members.get_or_insert_with(Vec::new);
            CoreInput::check_member(members.len(), user_id).map_err(refused)?;
            members.push(user_id);
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
    unsafe {
        change_ex(input, err, |i| {
            let email = text(email, "email")?;
            let guests = i.guests.get_or_insert_with(Vec::new);
            CoreInput::check_guest(guests.len(), email).map_err(refused)?;
            guests.push(email.to_owned());
            Ok(())
        })
    }
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
            out.write(into_handle(GroupInput(CoreInput::from_json(json.as_bytes())?)));
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
            give(out, input.0.to_json())
        })
    }
}

/// Checks `input` as the body of a create: ::TALLYFY_OK when valid, else ::TALLYFY_INVALID_INPUT
/// with every problem in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_create_group(input: *const GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_create_group(&handle(input, "input")?.0))) }
}

/// Checks `input` as the body of an update (at least one field present): ::TALLYFY_OK when
/// valid, else ::TALLYFY_INVALID_INPUT with every problem in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_update_group(input: *const GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_update_group(&handle(input, "input")?.0))) }
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
            let body = full_update(handle(current, "current")?.core(), &handle(changes, "changes")?.0);
            out.write(into_handle(GroupInput(body)));
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
