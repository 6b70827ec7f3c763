//! Strings whose ownership passes to the caller, and the library's version.

use std::ffi::{c_char, CString};

use crate::args::Out;
use crate::boundary::{self, Failure};

/// Gives `s` to C as a string the caller releases with tallyfy_string_free().
///
/// # Safety
/// As for [`Out::write`].
pub(crate) unsafe fn give(out: Out<*mut c_char>, s: String) -> Result<(), Failure> {
    // JSON escapes U+0000, so the strings given here never hold one.
    let owned = CString::new(s).map_err(|_| Failure::Panic("a NUL inside a JSON text".to_owned()))?;
    // SAFETY: forwarded contract.
    unsafe { out.write(owned.into_raw()) };
    Ok(())
}

/// Releases a string this library returned through a `char **` out-parameter (the
/// `*_to_json` functions). NULL is ignored. Never pass other strings, nor borrowed ones.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_string_free(s: *mut c_char) {
    boundary::get((), || {
        if !s.is_null() {
            // SAFETY: made by CString::into_raw in `give`, released once by the caller's contract.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}

/// The library's version (`"0.1.0"`), equal to the header's `TALLYFY_VERSION` when header
/// and library match. A static string: never freed.
#[no_mangle]
pub extern "C" fn tallyfy_version() -> *const c_char {
    const VERSION: &std::ffi::CStr =
        match std::ffi::CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => panic!("the version has no NUL"),
        };
    VERSION.as_ptr()
}
