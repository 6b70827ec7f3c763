//! Reading C arguments: NULL checks, UTF-8 checks, borrowed handles and out-parameters.

use std::ffi::{c_char, CStr};

use tallyfy_core::{Error as CoreError, FieldCode, FieldError};

use crate::boundary::Failure;

/// A NUL-terminated UTF-8 string argument named `name`.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, name: &'static str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::Null(name));
    }
    // SAFETY: not NULL, and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|_| Failure::Utf8(name))
}

/// Like [`text`], with NULL meaning "absent".
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn optional_text<'a>(ptr: *const c_char, name: &'static str) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { text(ptr, name) }.map(Some)
    }
}

/// `len` bytes at `ptr`; NULL is allowed when `len` is 0.
///
/// # Safety
/// `ptr` is NULL or valid for reading `len` bytes during `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &'static str) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Failure::Null(name));
    }
    if len > isize::MAX as usize {
        let problem = FieldError::new(name, FieldCode::TooLong, format!("{name} is longer than any buffer can be"));
        return Err(Failure::Api(CoreError::invalid_input(vec![problem])));
    }
    // SAFETY: not NULL, `len` readable bytes by the caller's contract, len <= isize::MAX.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// `len` items at `ptr` (an array argument named `name`): never a slice made from NULL or a
/// misaligned pointer, which would be undefined behaviour even for `len` 0.
///
/// # Safety
/// `ptr` is NULL or valid for reading `len` items of `T` during `'a`.
pub(crate) unsafe fn items<'a, T>(ptr: *const T, len: usize, name: &'static str) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Failure::Null(name));
    }
    if !ptr.is_aligned() || len > isize::MAX as usize / size_of::<T>().max(1) {
        let problem = FieldError::new(name, FieldCode::InvalidValue, format!("{name} is not an array of {len} items"));
        return Err(Failure::Api(CoreError::invalid_input(vec![problem])));
    }
    // SAFETY: not NULL, aligned, `len` readable items by the caller's contract, and at most
    // isize::MAX bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// `len` bytes of UTF-8 text (JSON) at `ptr`.
///
/// # Safety
/// As for [`bytes`].
pub(crate) unsafe fn utf8<'a>(ptr: *const u8, len: usize, name: &'static str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { bytes(ptr, len, name) }?;
    std::str::from_utf8(bytes).map_err(|_| Failure::Utf8(name))
}

/// A handle argument to read.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` made by this library, not mutated during `'a`.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, name: &'static str) -> Result<&'a T, Failure> {
    // SAFETY: NULL or a live handle, by the caller's contract.
    unsafe { ptr.as_ref() }.ok_or(Failure::Null(name))
}

/// A handle argument to change.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` made by this library, used by no one else
/// during `'a`.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T, name: &'static str) -> Result<&'a mut T, Failure> {
    // SAFETY: NULL or a live, unshared handle, by the caller's contract.
    unsafe { ptr.as_mut() }.ok_or(Failure::Null(name))
}

/// An out-parameter, checked before any work so that a failure writes nothing.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// Checks that `ptr` is not NULL.
    pub(crate) fn new(ptr: *mut T, name: &'static str) -> Result<Out<T>, Failure> {
        if ptr.is_null() {
            Err(Failure::Null(name))
        } else {
            Ok(Out(ptr))
        }
    }

    /// Writes the result.
    ///
    /// # Safety
    /// The pointer given to [`Out::new`] is valid for writing a `T`.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: not NULL (checked in `new`) and writable by the caller's contract; the old
        // value is not dropped, since it belongs to the caller (usually uninitialised).
        unsafe { self.0.write(value) }
    }
}

/// Moves `value` to the heap and gives its ownership to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back and drops a handle made by [`into_handle`]; NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or came from [`into_handle`] with the same `T` and is not used afterwards.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: made by Box::into_raw in `into_handle` and released only here.
        drop(unsafe { Box::from_raw(ptr) });
    }
}
