//! C ABI of the Tallyfy Groups core: `libtallyfy` (`include/tallyfy.h`).
//!
//! Every rule lives in `tallyfy-core`; this crate only translates between C and Rust types.
//! The conventions (written once for C users at the top of `tallyfy.h`):
//!
//! - Fallible calls return a [`Code`](code::Code) and write their result through an
//!   out-parameter only on success; the error goes through an optional `tallyfy_error **`,
//!   written only on failure.
//! - Handles are opaque boxes, each released once by its `*_free`, which accepts NULL.
//!   Accessor strings are borrowed from their handle.
//! - String arguments are NUL-terminated UTF-8, read only during the call; bodies are
//!   pointer plus length.
//! - Every export runs inside one panic boundary (`boundary::call`), so no panic unwinds into
//!   the host.
//!
//! # Safety
//!
//! All exports are `unsafe extern "C"` with one contract, stated here instead of on each:
//! every pointer argument is NULL or valid for the access its type implies (a handle made by
//! this library and not yet freed, a NUL-terminated string, `len` readable bytes, a writable
//! out-parameter), and a handle is not mutated by one thread while another uses it.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
// The shared contract above is the safety documentation of every export.
#![allow(clippy::missing_safety_doc)]

mod args;
mod boundary;
pub mod call;
pub mod code;
pub mod config;
pub mod error;
pub mod group;
pub mod input;
pub mod operations;
pub mod query;
pub mod request;
pub mod response;
pub mod string;
mod text;
