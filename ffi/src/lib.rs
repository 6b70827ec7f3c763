//! C ABI of the Tallyfy Groups core: `libtallyfy` (`include/tallyfy.h`).
//!
//! Every rule lives in `tallyfy-core`; this crate only translates between C and Rust types.
//! The conventions (written once for C users in the README's "C ABI conventions" and at the
//! top of `tallyfy.h`):
//!
//! - One string type both ways: [`Str`](strings::Str) (`tallyfy_str`), a pointer and a length
//!   of UTF-8, never NUL-terminated by contract.
//! - Fallible calls return a [`Code`](code::Code), write their result through an
//!   out-parameter only on success, and take an optional `tallyfy_error **` last, written
//!   only on failure.
//! - Handles are opaque: a pointer to a Rust value (`args::Handle`), each released once by
//!   its `*_free`, which accepts NULL. What an accessor lends is borrowed from its handle.
//! - Every export runs inside one panic boundary (`boundary`), so no panic unwinds into the
//!   host.
//!
//! # Safety
//!
//! All exports are `unsafe extern "C"` with one contract, stated here instead of on each:
//! every pointer argument is NULL or valid for the access its type implies (a handle made by
//! this library and not yet freed, a `tallyfy_str` whose `data` has `len` readable bytes, an
//! array of the given length, a writable out-parameter), and a handle is not mutated by one
//! thread while another uses it.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
// The shared contract above is the safety documentation of every export.
#![allow(clippy::missing_safety_doc)]

pub(crate) mod args;
mod boundary;
pub mod call;
pub mod call_options;
pub mod code;
pub mod config;
pub mod error;
pub mod group;
pub mod input;
pub mod operations;
pub mod query;
pub mod request;
pub mod response;
pub mod strings;
