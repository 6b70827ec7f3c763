//! End-to-end tests: each test starts its own sandbox on an ephemeral 127.0.0.1 port and
//! talks to it over real HTTP.

mod auth;
mod faults;
mod lifecycle;
mod listing;
mod load;
mod support;
mod validation;
mod vectors;
