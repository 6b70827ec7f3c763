//! `cargo xtask`: the project's build, test, demo and benchmark driver.
//!
//! Every command installs what it needs first, idempotently (toolchain, targets, Debian and npm
//! packages), so that it works the same on a fresh machine as on a developer's.

mod bench;
mod coreclr;
mod cross;
mod csharp;
mod debian;
mod demo;
mod fuzz;
mod macos;
mod native;
mod npm;
mod nuget;
mod pinvoke;
mod platforms;
mod run;
mod sandbox;
mod setup;
mod symbols;
mod test;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo [HOST...]     run the group lifecycle with every host, or the named ones (rust, c,
                     csharp, js), against the sandbox (or the real API when
                     TALLYFY_ACCESS_TOKEN and TALLYFY_ORG_ID are set)
  test [SUITE...]    run every test of the project (the one CI runs), or the named suites
  bench [NAME...]    run the benchmarks (core, c, csharp, js; all by default) and print their figures
  fuzz [SECONDS]     run every cargo-fuzz target in fuzz/ for SECONDS each (60)
  dist c [DIR]       lay out libtallyfy for C and C++ (include/, lib/, pkg-config, CMake) in
                     DIR (dist/c)
  dist c --target RID [DIR]
                     the same for a platform: linux-x64 (glibc 2.17), linux-arm64,
                     linux-musl-x64, win-x64, osx-x64, osx-arm64 (DIR: dist/c-RID)
  dist nuget [DIR]   write the NuGet package Tallyfy.Groups.<version>.nupkg into DIR
                     (dist/nuget)
  dist npm [DIR]     pack the npm package (tallyfy-groups-X.Y.Z.tgz, npm pack) into DIR (dist/npm)
  build-npm          build the npm package (tallyfy-groups) into wasm/pkg/
  header             regenerate ffi/include/tallyfy.h from the ffi sources, then the C#
                     declarations ffi/bindings/csharp/NativeMethods.g.cs from it
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let result = dispatch(args.first().map(String::as_str), &rest);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command; every command but `help` first completes the pinned toolchain.
fn dispatch(command: Option<&str>, rest: &[&str]) -> run::Result {
    if !matches!(command, None | Some("help" | "--help" | "-h")) {
        setup::toolchain()?;
    }
    match command {
        Some("demo") => demo::main(rest),
        Some("test") => test::main(rest),
        Some("bench") => bench::main(rest),
        Some("dist") if rest.first() == Some(&"npm") => npm::dist(&rest[1..]),
        Some("fuzz") => fuzz::main(rest),
        Some("dist") => native::dist(rest),
        Some("header") => native::header().and_then(|()| csharp::write_bindings()),
        Some("build-npm") => npm::build_npm().map(drop),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    }
}
