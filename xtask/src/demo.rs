//! `cargo xtask demo`: the group lifecycle against the sandbox or the real API.

use crate::run::Result;

/// Entry point of `cargo xtask demo [host...]`.
pub fn main(_args: &[&str]) -> Result {
    Err("the demo arrives with the sandbox".to_owned())
}
