//! Installing prerequisites, idempotently: each step checks before it installs.

use std::sync::Once;

use crate::run::{command, output, run, Result};

/// The targets the project builds for besides the host (rust-toolchain.toml lists them too).
const TARGETS: &[&str] = &["wasm32-unknown-unknown"];

/// The components the test command uses (rust-toolchain.toml lists them too).
const COMPONENTS: &[&str] = &["rustfmt", "clippy"];

/// Makes sure the pinned toolchain (rust-toolchain.toml) has its components and targets.
///
/// A new machine may already have the pinned toolchain with only the host target, and then
/// `rustup toolchain install` adds nothing; `rustup target add` and `rustup component add` are
/// idempotent and take seconds, so they always run (`RUSTUP_AUTO_INSTALL=0` means nothing
/// installs them implicitly).
pub fn toolchain() -> Result {
    static DONE: Once = Once::new();
    let mut result = Ok(());
    DONE.call_once(|| result = install_toolchain_parts());
    result
}

fn install_toolchain_parts() -> Result {
    let installed = output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    let missing: Vec<&str> = TARGETS.iter().copied().filter(|t| !installed.lines().any(|l| l.trim() == *t)).collect();
    if !missing.is_empty() {
        run(command("rustup").args(["target", "add"]).args(&missing))?;
    }
    let components = output(command("rustup").args(["component", "list", "--installed"])).unwrap_or_default();
    let missing: Vec<&str> = COMPONENTS
        .iter()
        .copied()
        .filter(|c| !components.lines().any(|l| l.trim().starts_with(&format!("{c}-"))))
        .collect();
    if !missing.is_empty() {
        run(command("rustup").args(["component", "add"]).args(&missing))?;
    }
    Ok(())
}

/// Installs the Debian packages in `packages` that are missing (`apt-get update` runs once
/// first, only when something is missing).
pub fn apt(packages: &[&str]) -> Result {
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !dpkg_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    static UPDATE: Once = Once::new();
    let mut update = Ok(());
    UPDATE.call_once(|| update = run(command("apt-get").args(["update", "-q"])));
    update?;
    run(command("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn dpkg_installed(package: &str) -> bool {
    output(command("dpkg-query").args(["-W", "-f=${Status}", package]))
        .map(|s| s.contains("install ok installed"))
        .unwrap_or(false)
}

/// Adds the Rust target `triple` to the pinned toolchain when it is missing (`rustup target
/// add` is idempotent; the check only saves its start-up).
pub fn rust_target(triple: &str) -> Result {
    let installed = output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == triple) {
        return Ok(());
    }
    run(command("rustup").args(["target", "add", triple]))
}
