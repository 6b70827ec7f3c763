//! Suite `c-osx`: the macOS trees (osx-x64, osx-arm64) cannot run here, so they are checked
//! structurally from their Mach-O load commands (`llvm-objdump --macho`): architecture, minimum
//! macOS, install name and versions, the libraries they load, a code signature on arm64, the
//! exported functions against `tallyfy.h`.

use std::fs;
use std::path::Path;

use crate::native;
use crate::platforms::{self, Os, MACOS_MINIMUM};
use crate::run::{command, output, Result};
use crate::setup;
use crate::symbols;

/// Symbols the zig-linked dylib exports besides `tallyfy.h`'s functions: the linker's own
/// (`_mh_dylib_header`, `__dso_handle`), Rust's personality routine, and Rust-mangled internals
/// (`_R...`), none of which a C name can clash with.
const TOLERATED: &[&str] = &["_mh_dylib_header", "__dso_handle", "rust_eh_personality"];

/// Suite `c-osx`: lays out both macOS trees and checks them.
pub fn test() -> Result {
    setup::apt(&["llvm"])?;
    for (rid, cpu) in [("osx-x64", "X86_64"), ("osx-arm64", "ARM64")] {
        let platform = platforms::find(rid)?;
        let prefix = native::staged_platform(platform)?;
        let dylib = prefix.join("lib/libtallyfy.dylib");
        check_dylib(&dylib, cpu, rid == "osx-arm64")?;
        check_exports(&dylib)?;
        check_archive(&prefix.join("lib/libtallyfy.a"), cpu)?;
        native::no_local_paths_in(&[dylib.as_path(), prefix.join("lib/libtallyfy.a").as_path()])?;
        let cmake = fs::read_to_string(prefix.join("lib/cmake/tallyfy/tallyfyConfig.cmake")).unwrap_or_default();
        let pc = fs::read_to_string(prefix.join("lib/pkgconfig/tallyfy.pc")).unwrap_or_default();
        if !cmake.contains("/lib/libtallyfy.dylib\"")
            || !cmake.contains(platforms::INSTALL_NAME)
            || !pc.contains("-ltallyfy")
        {
            return Err(format!("{rid}: the CMake or pkg-config file does not name libtallyfy.dylib"));
        }
        println!("{rid}: {cpu} dylib for macOS {MACOS_MINIMUM}+, install name {}", platforms::INSTALL_NAME);
    }
    Ok(())
}

/// The load commands of `dylib`: a 64-bit dylib of `cpu`, minimum macOS [`MACOS_MINIMUM`], the
/// install name, only system libraries loaded, and (arm64) a code signature.
fn check_dylib(dylib: &Path, cpu: &str, signed: bool) -> Result {
    let headers = output(command("llvm-objdump").args(["--macho", "--private-headers"]).arg(dylib))?;
    let lines: Vec<&str> = headers.lines().map(str::trim).collect();
    let header = lines.iter().find(|l| l.starts_with("MH_MAGIC")).ok_or("no Mach-O header")?;
    let fields: Vec<&str> = header.split_whitespace().collect();
    if fields.get(1) != Some(&cpu) || fields.get(4) != Some(&"DYLIB") {
        return Err(format!("{}: header `{header}`, expected a {cpu} DYLIB", dylib.display()));
    }
    let value = |command: &str, key: &str| -> Vec<String> {
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if *line == format!("cmd {command}") {
                let field = lines[i + 1..].iter().take_while(|l| !l.starts_with("Load command")).find_map(|l| {
                    l.strip_prefix(key).map(|v| v.trim().split(" (offset").next().unwrap_or("").to_owned())
                });
                found.extend(field);
            }
        }
        found
    };
    let minos = value("LC_BUILD_VERSION", "minos");
    let platform = value("LC_BUILD_VERSION", "platform");
    if minos != [MACOS_MINIMUM] || platform != ["macos"] {
        return Err(format!(
            "{}: LC_BUILD_VERSION {platform:?} minos {minos:?}, expected macos {MACOS_MINIMUM}",
            dylib.display()
        ));
    }
    let id = value("LC_ID_DYLIB", "name");
    if id != [platforms::INSTALL_NAME] {
        return Err(format!("{}: install name {id:?}, expected {}", dylib.display(), platforms::INSTALL_NAME));
    }
    let (current, compatible) =
        (value("LC_ID_DYLIB", "current version"), value("LC_ID_DYLIB", "compatibility version"));
    let version = native::version()?;
    let expected = platforms::compatibility_version()?;
    if current != [version.as_str()] || compatible != [expected.as_str()] {
        return Err(format!(
            "{}: current version {current:?}, compatibility version {compatible:?}; expected {version}, {expected}",
            dylib.display()
        ));
    }
    let loaded = value("LC_LOAD_DYLIB", "name");
    if loaded.is_empty() || loaded.iter().any(|l| !l.starts_with("/usr/lib/") && !l.starts_with("/System/Library/")) {
        return Err(format!("{}: loads {loaded:?}; only the system's libraries are allowed", dylib.display()));
    }
    let has_signature = lines.contains(&"cmd LC_CODE_SIGNATURE");
    if signed && !has_signature {
        return Err(format!("{}: no code signature (arm64 macOS loads only signed code)", dylib.display()));
    }
    println!(
        "{}: {cpu} DYLIB, macos minos {MACOS_MINIMUM}, id {} (current {version}, compatibility {expected}), loads {}",
        dylib.display(),
        id[0],
        loaded.join(", ")
    );
    Ok(())
}

/// The dylib exports every function of `tallyfy.h`, no other `tallyfy_` name, and nothing
/// else but [`TOLERATED`] and Rust-mangled names.
fn check_exports(dylib: &Path) -> Result {
    let exports = symbols::exports(dylib, Os::Mac)?;
    let (ours, others): (Vec<String>, Vec<String>) = exports.into_iter().partition(|n| n.starts_with("tallyfy_"));
    let unexpected: Vec<&String> =
        others.iter().filter(|n| !TOLERATED.contains(&n.as_str()) && !n.starts_with("_R")).collect();
    if ours != symbols::header_functions()? || !unexpected.is_empty() {
        return Err(format!(
            "{}: exports {} tallyfy_ functions (tallyfy.h: {}), and unexpected {unexpected:?}",
            dylib.display(),
            ours.len(),
            symbols::header_functions()?.len()
        ));
    }
    println!("{}: exports the {} functions of tallyfy.h, besides them only {others:?}", dylib.display(), ours.len());
    Ok(())
}

/// Every object of the static library is for `cpu` with a minimum macOS at most
/// [`MACOS_MINIMUM`], and the library defines every function of `tallyfy.h`.
fn check_archive(archive: &Path, cpu: &str) -> Result {
    let headers = output(command("llvm-objdump").args(["--macho", "--private-headers"]).arg(archive))?;
    let version = |v: &str| -> Vec<u32> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let mut objects = 0;
    for line in headers.lines().map(str::trim) {
        if line.starts_with("MH_MAGIC") {
            objects += 1;
            if line.split_whitespace().nth(1) != Some(cpu) {
                return Err(format!("{}: an object is `{line}`, expected {cpu}", archive.display()));
            }
        } else if let Some(minos) = line.strip_prefix("minos ") {
            if version(minos.trim()) > version(MACOS_MINIMUM) {
                return Err(format!("{}: an object needs macOS {minos}", archive.display()));
            }
        }
    }
    let defined = output(
        command("llvm-nm").args(["--no-llvm-bc", "--defined-only", "--extern-only", "--just-symbol-name"]).arg(archive),
    )?;
    let missing: Vec<String> = symbols::header_functions()?
        .into_iter()
        .filter(|f| !defined.lines().any(|l| l.trim() == format!("_{f}")))
        .collect();
    if objects == 0 || !missing.is_empty() {
        return Err(format!("{}: {objects} objects; functions of tallyfy.h missing: {missing:?}", archive.display()));
    }
    println!("{}: {objects} {cpu} objects, every function of tallyfy.h defined", archive.display());
    Ok(())
}
