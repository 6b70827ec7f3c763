//! `cargo xtask fuzz [SECONDS]`: every cargo-fuzz target in `fuzz/`, each for a while.
//!
//! cargo-fuzz is installed once per machine into cargo's `bin` folder (about 3.5 minutes) and
//! runs on the nightly toolchain the machines carry. Each target starts from its seed corpus in `fuzz/corpus/`
//! (read only) and keeps what it learns in `target/fuzz-corpus/`; a failing input is written
//! to `fuzz/artifacts/<target>/`, and belongs in the shared vectors once understood.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{cargo, command, output, root, run, Result};
use crate::sandbox::target_dir;

/// The targets of `fuzz/Cargo.toml`, in the order they run.
const TARGETS: &[&str] = &[
    "parse_group",
    "parse_group_list",
    "parse_delete_group",
    "input_json",
    "list_query_json",
    "build_requests",
    "retry",
    "call",
    "c_abi",
];

/// The cargo-fuzz release this project uses.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Seconds per target for `cargo xtask fuzz` without an argument.
const DEFAULT_SECONDS: u32 = 60;

/// Seconds per target in `cargo xtask test` (nine targets: about 90 s after the build).
const TEST_SECONDS: u32 = 10;

/// Entry point of `cargo xtask fuzz [SECONDS]`.
pub fn main(args: &[&str]) -> Result {
    let seconds = match args {
        [] => DEFAULT_SECONDS,
        [n] => {
            n.parse().ok().filter(|n| *n > 0).ok_or_else(|| format!("SECONDS must be a positive number, not {n}"))?
        }
        _ => return Err("usage: cargo xtask fuzz [SECONDS]".to_owned()),
    };
    fuzz_all(seconds)
}

/// Suite `fuzz` of `cargo xtask test`: the targets' format and lints (the fuzz crate is outside
/// the workspace), then each target for a short, fixed time.
pub fn test() -> Result {
    let manifest = root().join("fuzz").join("Cargo.toml");
    run(cargo().arg("fmt").arg("--manifest-path").arg(&manifest).args(["--", "--check"]))?;
    run(cargo()
        .arg("clippy")
        .arg("--manifest-path")
        .arg(&manifest)
        .args(["--all-targets", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir().join("fuzz-clippy")))?;
    fuzz_all(TEST_SECONDS)
}

/// Builds every target, then runs each for `seconds`; fails on the first failing input.
fn fuzz_all(seconds: u32) -> Result {
    let cargo_fuzz = install()?;
    run(nightly(&cargo_fuzz, "build").arg("-O"))?;
    for target in TARGETS {
        let corpus = target_dir().join("fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
        let seeds = root().join("fuzz").join("corpus").join(target);
        run(nightly(&cargo_fuzz, "run")
            .args(["-O", target])
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .args(["-timeout=10", "-print_final_stats=1"]))
        .map_err(|e| {
            format!(
                "{e}\nfuzz target {target} failed; a failing input it found is in fuzz/artifacts/{target}/ (add it to the vectors)"
            )
        })?;
    }
    Ok(())
}

/// `cargo-fuzz fuzz <subcommand> --target-dir target/fuzz` on the nightly toolchain.
fn nightly(cargo_fuzz: &Path, subcommand: &str) -> Command {
    let mut cmd = command(&cargo_fuzz.to_string_lossy());
    cmd.args(["fuzz", subcommand, "--target-dir"]).arg(target_dir().join("fuzz"));
    cmd.env("RUSTUP_TOOLCHAIN", "nightly").env_remove("CARGO").env_remove("RUSTC");
    cmd
}

/// The cargo-fuzz binary in cargo's own `bin` folder (`$CARGO_HOME/bin`, as for any `cargo
/// install`), installed when missing or of another version: once per machine, not per clone.
fn install() -> Result<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let binary = home.join("bin").join("cargo-fuzz");
    let installed = output(Command::new(&binary).arg("--version")).unwrap_or_default();
    if !installed.contains(CARGO_FUZZ_VERSION) {
        run(cargo()
            .args(["install", "cargo-fuzz", "--force", "--version", CARGO_FUZZ_VERSION])
            .arg("--root")
            .arg(&home))?;
    }
    Ok(binary)
}
