//! `tallyfy_group_input`: the fields of a group to create, or to change in an update.

use tallyfy_core::GroupInput as CoreInput;
use tallyfy_core::{full_update, validate_create_group, validate_update_group, Error as CoreError, FieldError};

use crate::args::{free, get, get_mut, give, read, Handle, Out};
use crate::boundary;
use crate::code::Code;
use crate::error::{refused, Error, Failure};
use crate::group::Group;
use crate::strings::{Str, Text};

/// The fields of a group: each absent until set. For an update, a cleared list (present and
/// empty, `[]`) removes every member or guest, while an absent one keeps them. Made by
/// tallyfy_group_input_new(), tallyfy_group_input_from_json() or tallyfy_full_update();
/// released with tallyfy_group_input_free(). Each setter checks its value by the core's rules
/// at once (the field error tallyfy_group_input_from_json() gives) and leaves the input
/// unchanged when it refuses it; whether a field is required is checked when a request is
/// built or validated. Strings borrowed from it stay valid until it is next changed or freed.
pub struct GroupInput {
    _private: [u8; 0],
}

impl Handle for GroupInput {
    type Value = CoreInput;
}

/// Runs `change` on the input behind `input`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(
    input: *mut GroupInput,
    err: *mut *mut Error,
    change: impl FnOnce(&mut CoreInput) -> Result<(), Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe { boundary::call(err, || change(get_mut::<GroupInput>(input, "input")?)) }
}

/// A new input with every field absent; release it with tallyfy_group_input_free(). NULL
/// only if the library failed internally.
#[no_mangle]
pub extern "C" fn tallyfy_group_input_new() -> *mut GroupInput {
    boundary::get(std::ptr::null_mut(), || give::<GroupInput>(CoreInput::default()))
}

/// Reads an input from JSON (`{"name","description","members","guests"}`): wrong types,
/// unknown fields and every rule that does not depend on the operation are reported at once
/// as ::TALLYFY_INVALID_INPUT. On success `*out` owns a new input.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_from_json(
    json: Str,
    out: *mut *mut GroupInput,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(CoreInput::from_json(json.required("json")?.as_bytes())?)
        })
    }
}

/// The input as JSON, which is also the body of a request built from it: exactly the present
/// fields. On success `*out` owns the text; release it with tallyfy_text_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_to_json(
    input: *const GroupInput,
    out: *mut *mut Text,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            out.give(get::<GroupInput>(input, "input")?.to_json())
        })
    }
}

/// Sets the name (copied): not blank, at most 200 characters.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_name(input: *mut GroupInput, name: Str, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, err, |i| {
            let name = name.required("name")?;
            CoreInput::check_name(name).map_err(refused)?;
            i.name = Some(name.to_owned());
            Ok(())
        })
    }
}

/// Sets the description (copied): not blank. `{NULL, 0}` makes it absent again.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_set_description(
    input: *mut GroupInput,
    description: Str,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, err, |i| {
            let description = description.optional("description")?;
            if let Some(d) = description {
                CoreInput::check_description(d).map_err(refused)?;
            }
            i.description = description.map(str::to_owned);
            Ok(())
        })
    }
}

/// Appends a member's user id (1 to 2^53 - 1, field `members.<index>`), making the list
/// present; a repeated id is sent as given.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_member(
    input: *mut GroupInput,
    user_id: u64,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, err, |i| {
            CoreInput::check_member(i.members.as_ref().map_or(0, Vec::len), user_id).map_err(refused)?;
            i.members.get_or_insert_with(Vec::new).push(user_id);
            Ok(())
        })
    }
}

/// Appends a guest's email address (copied; `local@domain`, field `guests.<index>`), making
/// the list present; a repeated address is sent as given.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_add_guest(
    input: *mut GroupInput,
    email: Str,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, err, |i| {
            let email = email.required("email")?;
            CoreInput::check_guest(i.guests.as_ref().map_or(0, Vec::len), email).map_err(refused)?;
            i.guests.get_or_insert_with(Vec::new).push(email.to_owned());
            Ok(())
        })
    }
}

/// Makes the member list present and empty (`[]`): an update then removes every member.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_clear_members(input: *mut GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, err, |i| {
            i.members = Some(Vec::new());
            Ok(())
        })
    }
}

/// Makes the guest list present and empty (`[]`): an update then removes every guest.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_clear_guests(input: *mut GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        change(input, err, |i| {
            i.guests = Some(Vec::new());
            Ok(())
        })
    }
}

/// The name; `{NULL, 0}` when absent.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_name(input: *const GroupInput) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, Str::ABSENT, |i| Str::of_option(i.name.as_deref())) }
}

/// The description; `{NULL, 0}` when absent.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_description(input: *const GroupInput) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, Str::ABSENT, |i| Str::of_option(i.description.as_deref())) }
}

/// Whether the member list is present (possibly empty: cleared).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_has_members(input: *const GroupInput) -> bool {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, false, |i| i.members.is_some()) }
}

/// How many members the list holds (0 when absent).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_member_count(input: *const GroupInput) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| i.members.as_ref().map_or(0, Vec::len)) }
}

/// The user id of member `index`; 0 when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_member_at(input: *const GroupInput, index: usize) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| i.members.as_ref().and_then(|m| m.get(index).copied()).unwrap_or(0)) }
}

/// Whether the guest list is present (possibly empty: cleared).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_has_guests(input: *const GroupInput) -> bool {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, false, |i| i.guests.is_some()) }
}

/// How many guests the list holds (0 when absent).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_guest_count(input: *const GroupInput) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(input, 0, |i| i.guests.as_ref().map_or(0, Vec::len)) }
}

/// The email address of guest `index`; `{NULL, 0}` when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_guest_at(input: *const GroupInput, index: usize) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(input, Str::ABSENT, |i| Str::of_option(i.guests.as_ref().and_then(|g| g.get(index)).map(String::as_str)))
    }
}

/// Releases an input. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_group_input_free(input: *mut GroupInput) {
    // SAFETY: the crate's contract (see lib.rs): `input` came from this library, freed once.
    boundary::get((), || unsafe { free(input) })
}

/// ::TALLYFY_OK, or ::TALLYFY_INVALID_INPUT listing every problem.
fn valid(problems: Vec<FieldError>) -> Result<(), Failure> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CoreError::invalid_input(problems).into())
    }
}

/// Checks `input` as the body of a create (`name` and `description` required): ::TALLYFY_OK
/// when valid, else ::TALLYFY_INVALID_INPUT with every problem in `*err`.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_create_group(input: *const GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_create_group(get::<GroupInput>(input, "input")?))) }
}

/// Checks `input` as the body of an update (at least one field), like
/// tallyfy_validate_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_validate_update_group(input: *const GroupInput, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { boundary::call(err, || valid(validate_update_group(get::<GroupInput>(input, "input")?))) }
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
            let current = get::<Group>(current, "current")?;
            out.give(full_update(current, get::<GroupInput>(changes, "changes")?))
        })
    }
}
