//! Installing prerequisites, idempotently: each step checks before it installs.

use std::sync::Once;

use crate::run::{command, output, run, Result};

/// Makes sure the pinned toolchain (rust-toolchain.toml), its components and targets are
/// installed. `RUSTUP_AUTO_INSTALL=0` means nothing installs them implicitly.
pub fn toolchain() -> Result {
    let installed = output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(command("rustup").args(["toolchain", "install"]))
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
