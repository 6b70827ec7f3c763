//! A loopback HTTP server that behaves like Tallyfy's Groups API, for tests and demos.
//!
//! It is the other side of the wire from `tallyfy-core` and does its own validation.
//! Start it in-process with [`Background::start`] (blocking callers) or
//! [`bind`] + [`serve`] (async callers), or run the `tallyfy-sandbox` binary.
//! See the crate's README for the API it serves and the control endpoints.

#![warn(missing_docs)]

mod auth;
mod config;
mod control;
mod email;
mod extract;
mod faults;
mod listing;
mod reply;
mod routes;
mod server;
mod state;
mod time;
mod validate;

pub use config::{Options, Seed, SeedError, SeedOrganization, SeedToken, UnauthorizedForm, UpdateStatus};
pub use server::{base_url, bind, serve, Background};
