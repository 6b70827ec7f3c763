//! `cargo xtask test`: every test of the project, in one command.

use crate::coreclr;
use crate::cross;
use crate::csharp;
use crate::fuzz;
use crate::macos;
use crate::native;
use crate::npm;
use crate::nuget;
use crate::run::{cargo, run, Result};

/// One named group of tests.
struct Suite {
    name: &'static str,
    run: fn() -> Result,
}

const SUITES: &[Suite] = &[
    Suite { name: "format", run: format },
    Suite { name: "clippy", run: clippy },
    Suite { name: "rust", run: rust },
    Suite { name: "docs", run: docs },
    Suite { name: "c", run: native::test_c },
    Suite { name: "c-valgrind", run: native::test_c_valgrind },
    Suite { name: "c-asan", run: native::test_c_asan },
    Suite { name: "cpp", run: native::test_cpp },
    Suite { name: "c-e2e", run: native::test_c_e2e },
    Suite { name: "c-dist", run: native::test_c_dist },
    Suite { name: "c-glibc-2.17", run: cross::test_glibc_2_17 },
    Suite { name: "c-win-x64", run: cross::test_win_x64 },
    Suite { name: "c-linux-arm64", run: cross::test_linux_arm64 },
    Suite { name: "c-linux-musl-x64", run: cross::test_linux_musl_x64 },
    Suite { name: "c-osx", run: macos::test },
    Suite { name: "csharp", run: csharp::test },
    Suite { name: "csharp-e2e", run: csharp::test_e2e },
    Suite { name: "csharp-coreclr", run: coreclr::test_linux },
    Suite { name: "csharp-coreclr-win", run: coreclr::test_windows },
    Suite { name: "nuget", run: nuget::test },
    Suite { name: "js", run: npm::test },
    Suite { name: "npm-packaging", run: npm::test_packaging },
    Suite { name: "fuzz", run: fuzz::test },
];

/// Runs the suites named in `only` (every suite when empty), even after a failure, then prints
/// one summary line.
pub fn run_all(only: &[&str]) -> Result {
    if let Some(unknown) = only.iter().find(|name| !SUITES.iter().any(|s| s.name == **name)) {
        let names: Vec<&str> = SUITES.iter().map(|s| s.name).collect();
        return Err(format!("no suite `{unknown}`; suites: {}", names.join(", ")));
    }
    let chosen: Vec<&Suite> = SUITES.iter().filter(|s| only.is_empty() || only.contains(&s.name)).collect();
    let mut failed = Vec::new();
    for suite in &chosen {
        println!("\n=== suite: {}", suite.name);
        if let Err(e) = (suite.run)() {
            eprintln!("suite {} failed: {e}", suite.name);
            failed.push(suite.name);
        }
    }
    println!();
    if !failed.is_empty() {
        println!("failed suites: {}", failed.join(", "));
    }
    println!("suites: {} passed, {} failed", chosen.len() - failed.len(), failed.len());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} suite(s) failed", failed.len()))
    }
}

/// Entry point of `cargo xtask test [SUITE...]`.
pub fn main(args: &[&str]) -> Result {
    run_all(args)
}

fn format() -> Result {
    run(cargo().args(["fmt", "--all", "--", "--check"]))
}

fn clippy() -> Result {
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
}

fn docs() -> Result {
    run(cargo().args(["doc", "--no-deps", "-p", "tallyfy-core"]).env("RUSTDOCFLAGS", "-D warnings"))
}

fn rust() -> Result {
    run(cargo().args(["test", "--workspace"]))
}
