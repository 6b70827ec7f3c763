//! Reading C arguments: opaque handles, arrays and out-parameters.

use tallyfy_core::{Error as CoreError, FieldCode, FieldError};

use crate::error::Failure;

/// An opaque C handle type and the Rust value behind it: a `*const H` is a `*const H::Value`
/// made by [`give`] or [`lend`]. The C side sees only a forward-declared struct.
pub(crate) trait Handle {
    /// The value behind the handle.
    type Value;
}

/// The value behind a handle argument named `name`, to read.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `H` made by this library, not mutated during `'a`.
pub(crate) unsafe fn get<'a, H: Handle>(ptr: *const H, name: &'static str) -> Result<&'a H::Value, Failure> {
    // SAFETY: NULL or a live handle, whose pointer is a `*const H::Value`, by the contract.
    unsafe { ptr.cast::<H::Value>().as_ref() }.ok_or_else(|| Failure::null(name))
}

/// The value behind a handle argument named `name`, to change.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `H` made by this library, used by no one else
/// during `'a`.
pub(crate) unsafe fn get_mut<'a, H: Handle>(ptr: *mut H, name: &'static str) -> Result<&'a mut H::Value, Failure> {
    // SAFETY: NULL or a live, unshared handle, by the contract.
    unsafe { ptr.cast::<H::Value>().as_mut() }.ok_or_else(|| Failure::null(name))
}

/// Runs an infallible accessor: `read` on the value behind `ptr`, or `none` when `ptr` is NULL
/// or a panic was caught.
///
/// # Safety
/// As for [`get`].
pub(crate) unsafe fn read<H: Handle, T: Copy>(ptr: *const H, none: T, read: impl FnOnce(&H::Value) -> T) -> T {
    // SAFETY: NULL or a live handle, whose pointer is a `*const H::Value`, by the contract.
    crate::boundary::get(none, || unsafe { ptr.cast::<H::Value>().as_ref() }.map_or(none, read))
}

/// Moves `value` to the heap and gives its ownership to C as a handle.
pub(crate) fn give<H: Handle>(value: H::Value) -> *mut H {
    Box::into_raw(Box::new(value)).cast()
}

/// A handle borrowed from `value`, valid as long as `value`.
pub(crate) fn lend<H: Handle>(value: &H::Value) -> *const H {
    std::ptr::from_ref(value).cast()
}

/// Takes back and drops a handle made by [`give`]; NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or came from [`give`] with the same `H` and is not used afterwards.
pub(crate) unsafe fn free<H: Handle>(ptr: *mut H) {
    if !ptr.is_null() {
        // SAFETY: made by Box::into_raw in `give` and released only here.
        drop(unsafe { Box::from_raw(ptr.cast::<H::Value>()) });
    }
}

/// `len` values of `T` at `ptr`, the one way this crate reads a C array: an empty slice when
/// `len` is 0, whatever `ptr` is (NULL included); otherwise refused when `ptr` is NULL, not
/// aligned for `T`, or `len` values of `T` could not fit in one allocation, so that
/// `slice::from_raw_parts` never sees an argument it forbids.
///
/// # Safety
/// `ptr` is NULL or valid for reading `len` values of `T` during `'a`.
pub(crate) unsafe fn slice<'a, T>(ptr: *const T, len: usize, name: &'static str) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    let refused =
        |code, message: String| Err(CoreError::invalid_input(vec![FieldError::new(name, code, message)]).into());
    if len.checked_mul(size_of::<T>()).is_none_or(|size| size > isize::MAX as usize) {
        return refused(FieldCode::TooLong, format!("{name} is longer than any buffer can be"));
    }
    if !ptr.is_aligned() {
        return refused(FieldCode::InvalidValue, format!("{name} is not aligned for its type"));
    }
    // SAFETY: not NULL, aligned, at most isize::MAX bytes, and `len` readable values by the
    // caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An out-parameter, checked before any work so that a failure writes nothing.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// Checks that `ptr` is not NULL.
    pub(crate) fn new(ptr: *mut T, name: &'static str) -> Result<Out<T>, Failure> {
        if ptr.is_null() {
            Err(Failure::null(name))
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

impl<H: Handle> Out<*mut H> {
    /// Writes a new handle owning `value`.
    ///
    /// # Safety
    /// As for [`Out::write`].
    pub(crate) unsafe fn give(self, value: H::Value) -> Result<(), Failure> {
        // SAFETY: forwarded contract.
        unsafe { self.write(give(value)) };
        Ok(())
    }
}
