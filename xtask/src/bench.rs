//! `cargo xtask bench`: benchmarks that print their figures.

use crate::csharp;
use crate::native;
use crate::npm;
use crate::run::{cargo, run, Result};

/// Runs one benchmark: `core`, `c`, `csharp` or `js`.
pub fn run_bench(target: &str) -> Result {
    match target {
        "core" => run(cargo().args(["bench", "-p", "tallyfy-core", "--bench", "core"])),
        "c" => native::bench_c(),
        "csharp" => csharp::bench(),
        "js" => npm::bench(),
        other => Err(format!("unknown benchmark `{other}`; expected core, c, csharp or js")),
    }
}

/// Runs the named benchmarks, or all of them.
pub fn main(args: &[&str]) -> Result {
    let targets: &[&str] = if args.is_empty() { &["core", "c", "csharp", "js"] } else { args };
    targets.iter().try_for_each(|t| run_bench(t))
}
