//! `tallyfy_call_options`: the settings of a call, checked by the core as they are set.

use std::hash::{BuildHasher, RandomState};

use tallyfy_core::CallOptions as CoreOptions;

use crate::args::{free, get_mut, give, Handle};
use crate::boundary;
use crate::code::Code;
use crate::error::Error;

/// The settings of a call: exchange timeout, answer size limit, page cap and jitter seed.
/// Made by tallyfy_call_options_new(); released with tallyfy_call_options_free(). Each setter
/// checks its value by the core's rules (the field error: `timeout_ms`, `max_answer_bytes`,
/// `max_pages`) and leaves the options unchanged when it refuses it.
pub struct CallOptions {
    _private: [u8; 0],
}

impl Handle for CallOptions {
    type Value = CoreOptions;
}

/// New options with the core's defaults (timeout_ms 30000, max_answer_bytes 16 MiB,
/// max_pages 100) and a random_seed from the system's randomness. Release them with
/// tallyfy_call_options_free(). NULL only if the library failed internally.
#[no_mangle]
pub extern "C" fn tallyfy_call_options_new() -> *mut CallOptions {
    boundary::get(std::ptr::null_mut(), || {
        let random_seed = RandomState::new().hash_one(0u8);
        give::<CallOptions>(CoreOptions { random_seed, ..CoreOptions::default() })
    })
}

/// Runs `change` on a copy of the options behind `options`, and keeps it if the core takes it.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(options: *mut CallOptions, err: *mut *mut Error, change: impl FnOnce(&mut CoreOptions)) -> Code {
    // SAFETY: forwarded contract.
    unsafe {
        boundary::call(err, || {
            let options = get_mut::<CallOptions>(options, "options")?;
            let mut changed = *options;
            change(&mut changed);
            *options = changed.checked()?;
            Ok(())
        })
    }
}

/// Sets the longest one exchange may take, in ms (`timeout_ms`, 1 to 2^31 - 1).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_timeout_ms(
    options: *mut CallOptions,
    timeout_ms: u32,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, err, |o| o.timeout_ms = timeout_ms) }
}

/// Sets the largest answer body to read, in bytes (`max_answer_bytes`, at least 1).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_max_answer_bytes(
    options: *mut CallOptions,
    max_answer_bytes: u64,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, err, |o| o.max_answer_bytes = max_answer_bytes) }
}

/// Sets the most pages a "list every group" call reads (`max_pages`, at least 1); past it
/// the call fails with ::TALLYFY_TOO_MANY_PAGES rather than give a partial list.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_max_pages(
    options: *mut CallOptions,
    max_pages: u32,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, err, |o| o.max_pages = max_pages) }
}

/// Sets the seed of the retry jitter (`random_seed`, any value): a fixed one makes the waits
/// repeatable.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_random_seed(
    options: *mut CallOptions,
    random_seed: u64,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, err, |o| o.random_seed = random_seed) }
}

/// Releases call options. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_free(options: *mut CallOptions) {
    // SAFETY: the crate's contract (see lib.rs): `options` came from this library, freed once.
    boundary::get((), || unsafe { free(options) })
}
