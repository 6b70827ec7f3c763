//! `tallyfy_str`, the one string type of the ABI; `tallyfy_text`, an owned one; the version.

use std::ffi::c_char;
use std::ptr;

use crate::args::{free, read, slice, Handle};
use crate::error::Failure;

/// A string: `len` bytes of UTF-8 at `data`, never NUL-terminated by contract (a U+0000 is one
/// more character). In arguments, read only during the call; `{NULL, 0}` is an absent value
/// where the parameter is optional. In results, borrowed from the handle that returned it;
/// an absent value is `{NULL, 0}` and a present empty one has a non-NULL `data`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Str {
    /// The first byte; NULL only for an absent value.
    pub data: *const c_char,
    /// The length in bytes.
    pub len: usize,
}

impl Str {
    /// The absent value, `{NULL, 0}`.
    pub(crate) const ABSENT: Str = Str { data: ptr::null(), len: 0 };

    /// A string borrowing `s`; its `data` is never NULL, even for an empty `s`. Never inlined:
    /// inlined into [`Str::of_option`], the optimiser tests the length of an absent value before
    /// its discriminant (harmless, but the branch on undefined bytes fails valgrind's memcheck).
    #[inline(never)]
    pub(crate) fn of(s: &str) -> Str {
        if s.is_empty() {
            Str { data: c"".as_ptr(), len: 0 }
        } else {
            Str { data: s.as_ptr().cast(), len: s.len() }
        }
    }

    /// [`Str::of`] the present value, or [`Str::ABSENT`].
    pub(crate) fn of_option(s: Option<&str>) -> Str {
        s.map_or(Str::ABSENT, Str::of)
    }

    /// The bytes of an argument named `name`: `None` for `{NULL, 0}`.
    ///
    /// # Safety
    /// `data` is NULL or valid for reading `len` bytes during `'a`.
    unsafe fn read_bytes<'a>(self, name: &'static str) -> Result<Option<&'a [u8]>, Failure> {
        if self.data.is_null() && self.len == 0 {
            return Ok(None);
        }
        // SAFETY: forwarded contract; `slice` refuses NULL with a length.
        unsafe { slice(self.data.cast::<u8>(), self.len, name) }.map(Some)
    }

    /// The bytes of an argument that is never absent, such as a body: `{NULL, 0}` is empty.
    ///
    /// # Safety
    /// As for [`Str::read_bytes`].
    pub(crate) unsafe fn bytes<'a>(self, name: &'static str) -> Result<&'a [u8], Failure> {
        // SAFETY: forwarded contract.
        Ok(unsafe { self.read_bytes(name) }?.unwrap_or_default())
    }

    /// An optional UTF-8 argument: `None` for `{NULL, 0}`.
    ///
    /// # Safety
    /// As for [`Str::read_bytes`].
    pub(crate) unsafe fn optional<'a>(self, name: &'static str) -> Result<Option<&'a str>, Failure> {
        // SAFETY: forwarded contract.
        match unsafe { self.read_bytes(name) }? {
            None => Ok(None),
            Some(bytes) => std::str::from_utf8(bytes).map(Some).map_err(|_| Failure::utf8(name)),
        }
    }

    /// A UTF-8 argument that is required: `{NULL, 0}` is ::TALLYFY_NULL_ARGUMENT.
    ///
    /// # Safety
    /// As for [`Str::read_bytes`].
    pub(crate) unsafe fn required<'a>(self, name: &'static str) -> Result<&'a str, Failure> {
        // SAFETY: forwarded contract.
        unsafe { self.optional(name) }?.ok_or_else(|| Failure::null(name))
    }
}

/// Text the caller owns (JSON from a `*_to_json` function): read it with tallyfy_text_str(),
/// release it with tallyfy_text_free().
pub struct Text {
    _private: [u8; 0],
}

impl Handle for Text {
    type Value = String;
}

/// The text, borrowed from `text` until it is freed; `{NULL, 0}` when `text` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_text_str(text: *const Text) -> Str {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(text, Str::ABSENT, |t| Str::of(t)) }
}

/// Releases a text. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_text_free(text: *mut Text) {
    // SAFETY: the crate's contract (see lib.rs): `text` came from this library, freed once.
    crate::boundary::get((), || unsafe { free(text) })
}

/// The library's version (`"0.2.0"`), equal to the header's `TALLYFY_VERSION` when header and
/// library match. Static: never freed.
#[no_mangle]
pub extern "C" fn tallyfy_version() -> Str {
    Str::of(env!("CARGO_PKG_VERSION"))
}
