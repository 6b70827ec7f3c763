//! The C# binding: its P/Invoke declarations generated from `tallyfy.h` ([`pinvoke`]),
//! `Tallyfy.Groups.dll` built with Mono's `mcs` (the crate's version, XML docs), its check
//! against .NET Standard 2.0, its test suites and its demo.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::demo::Target;
use crate::native;
use crate::pinvoke;
use crate::run::{command, output, root, run, Result};
use crate::sandbox::{target_dir, Sandbox};
use crate::setup;

/// Debian packages for building and running the C# binding with Mono (`mono-devel` brings
/// the netstandard facade the API check reads, `mono-utils` the `monodis` disassembler).
pub const MONO_PACKAGES: &[&str] = &[
    "mono-mcs",
    "mono-runtime",
    "mono-devel",
    "mono-utils",
    "libmono-system-core4.0-cil",
    "libmono-system-net-http4.0-cil",
];

/// The reference assemblies of .NET Framework 4.6.1 (the first that runs .NET Standard 2.0)
/// that Mono ships: code compiled against them names each type's assembly as .NET does (Mono's
/// own mscorlib holds types, such as `Queue<T>`, that .NET keeps in System.dll).
const REFERENCE_ASSEMBLIES: &str = "/usr/lib/mono/4.6.1-api";

/// `mcs` compiling against [`REFERENCE_ASSEMBLIES`] (C# 6, warnings as errors).
fn mcs() -> std::process::Command {
    let mut cmd = command("mcs");
    cmd.args(["-langversion:6", "-warnaserror", "-nostdlib"]).arg(format!("-lib:{REFERENCE_ASSEMBLIES}")).args([
        "-r:mscorlib.dll",
        "-r:System.dll",
        "-r:System.Core.dll",
        "-r:System.Net.Http.dll",
    ]);
    cmd
}

/// Mono's .NET Standard 2.0 facade: it forwards every type of .NET Standard 2.0.
const NETSTANDARD_FACADE: &str = "/usr/lib/mono/4.5/Facades/netstandard.dll";

/// The members of .NET Standard 2.0 that Tallyfy.Groups.dll may call (see the file's header).
const MEMBER_LIST: &str = "tests/csharp/netstandard2.0-members.txt";

/// The C header the declarations are generated from.
const HEADER: &str = "ffi/include/tallyfy.h";

/// The folder of the binding's sources (every `.cs` in it) and the generated declarations.
const SOURCES: &str = "ffi/bindings/csharp";
const BINDINGS: &str = "ffi/bindings/csharp/NativeMethods.g.cs";

/// The declarations `tallyfy.h` gives, or why it gives none.
fn generated_bindings() -> Result<String> {
    let header = fs::read_to_string(root().join(HEADER)).map_err(|e| format!("{HEADER}: {e}"))?;
    pinvoke::generate(&header).map_err(|e| format!("{HEADER}: {e}"))
}

/// The second half of `cargo xtask header`: writes `NativeMethods.g.cs` from the committed
/// `tallyfy.h`.
pub fn write_bindings() -> Result {
    fs::write(root().join(BINDINGS), generated_bindings()?).map_err(|e| format!("{BINDINGS}: {e}"))?;
    println!("{BINDINGS} generated from {HEADER}");
    Ok(())
}

/// The binding's source files, in name order (the generated declarations among them).
pub fn sources() -> Result<Vec<PathBuf>> {
    let dir = root().join(SOURCES);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "cs"))
        .collect();
    files.sort();
    Ok(files)
}

/// Builds `Tallyfy.Groups.dll` and `Tallyfy.Groups.xml` (as C# 6, warnings as errors, every public item
/// documented) with the library's version, checks it against .NET Standard 2.0, and returns
/// the folder that holds them. Fails first when the declarations are stale.
pub fn dll() -> Result<PathBuf> {
    if fs::read_to_string(root().join(BINDINGS)).ok() != Some(generated_bindings()?) {
        return Err(format!("{BINDINGS} is stale: run `cargo xtask header`"));
    }
    setup::apt(MONO_PACKAGES)?;
    let version = native::version()?;
    let dir = target_dir().join("tallyfy-native").join("csharp-lib");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let info = dir.join("AssemblyInfo.cs");
    let attributes = format!(
        "[assembly: System.Reflection.AssemblyVersion(\"{version}.0\")]\n\
         [assembly: System.Reflection.AssemblyFileVersion(\"{version}.0\")]\n\
         [assembly: System.Reflection.AssemblyInformationalVersion(\"{version}\")]\n\
         [assembly: System.Reflection.AssemblyTitle(\"Tallyfy Groups API (libtallyfy binding)\")]\n"
    );
    fs::write(&info, attributes).map_err(|e| format!("{}: {e}", info.display()))?;
    run(mcs()
        .arg("-target:library")
        .arg(format!("-doc:{}", dir.join("Tallyfy.Groups.xml").display()))
        .arg(format!("-out:{}", dir.join("Tallyfy.Groups.dll").display()))
        .args(sources()?)
        .arg(&info))?;
    check_netstandard(&dir.join("Tallyfy.Groups.dll"))?;
    Ok(dir)
}

/// Fails unless every type `dll` references is one Mono's netstandard facade forwards, and
/// every member it references is in [`MEMBER_LIST`] (and every listed member is used).
fn check_netstandard(dll: &Path) -> Result {
    let exported = output(command("monodis").arg("--exported").arg(NETSTANDARD_FACADE))?;
    let standard = facade_types(&exported);
    let typerefs = output(command("monodis").arg("--typeref").arg(dll))?;
    let types: Vec<String> =
        typerefs.lines().filter_map(|l| l.split_once(": ")).map(|(_, name)| strip_assemblies(name)).collect();
    let mut problems: Vec<String> = types
        .iter()
        .filter(|name| !standard.contains(*name))
        .map(|name| format!("type {name} is not in .NET Standard 2.0"))
        .collect();
    let listed: BTreeSet<String> = fs::read_to_string(root().join(MEMBER_LIST))
        .map_err(|e| format!("{MEMBER_LIST}: {e}"))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let used = member_refs(&output(command("monodis").arg("--memberref").arg(dll))?);
    for member in used.difference(&listed) {
        problems.push(format!("member {member} is not in {MEMBER_LIST}"));
    }
    for member in listed.difference(&used) {
        problems.push(format!("{MEMBER_LIST} lists {member}, which Tallyfy.Groups.dll no longer uses"));
    }
    if problems.is_empty() {
        println!("Tallyfy.Groups.dll uses {} types and {} members, all in .NET Standard 2.0", types.len(), used.len());
        Ok(())
    } else {
        Err(format!("Tallyfy.Groups.dll is not .NET Standard 2.0:\n  {}", problems.join("\n  ")))
    }
}

/// The full names of the types a facade forwards, nested ones as `Outer/Inner`, from
/// `monodis --exported` (`N: Name is in assemblyref M` or `N: Inner is in exportedtype M`).
fn facade_types(exported: &str) -> BTreeSet<String> {
    let mut names: Vec<String> = Vec::new();
    for line in exported.lines() {
        let Some((index, rest)) = line.split_once(": ") else { continue };
        let Ok(index) = index.trim().parse::<usize>() else { continue };
        let Some((name, place)) = rest.split_once(" is in ") else { continue };
        let full = match place.strip_prefix("exportedtype ").and_then(|p| p.split(',').next()?.parse::<usize>().ok()) {
            Some(outer) if outer >= 1 && outer <= names.len() => format!("{}/{name}", names[outer - 1]),
            _ => name.to_owned(),
        };
        names.resize(index, String::new());
        names[index - 1] = full;
    }
    names.into_iter().filter(|n| !n.is_empty()).collect()
}

/// The members `monodis --memberref` lists, as `Type::Member signature` without assembly names
/// or generic arguments (`System.Collections.Generic.List`1::Add instance void(!0)`).
fn member_refs(dump: &str) -> BTreeSet<String> {
    let mut members = BTreeSet::new();
    let mut resolved: Option<String> = None;
    for line in dump.lines().map(str::trim) {
        if let Some(r) = line.strip_prefix("Resolved: ") {
            resolved = Some(r.to_owned());
        } else if let (Some(sig), Some(r)) = (line.strip_prefix("Signature: "), resolved.take()) {
            let r = strip_assemblies(r.trim_start_matches("class ").trim_start_matches("valuetype "));
            let r = strip_generic_arguments(&r);
            // The member is what follows the type's last '.', except for .ctor and .cctor.
            let split = ["..ctor", "..cctor"]
                .iter()
                .find_map(|c| r.strip_suffix(&c[1..]).map(|t| (t.trim_end_matches('.').to_owned(), &c[1..])))
                .or_else(|| r.rsplit_once('.').map(|(t, m)| (t.to_owned(), m)));
            // Members of the binding's own generic types are its own, not the platform's.
            if let Some((ty, member)) = split.filter(|(ty, _)| !ty.starts_with("Tallyfy.")) {
                members.insert(format!("{ty}::{member} {}", strip_assemblies(sig)));
            }
        }
    }
    members
}

/// `text` without `[assembly]` prefixes.
fn strip_assemblies(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `text` without `<...>` generic arguments.
fn strip_generic_arguments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Compiles the program `exe` from `sources` against the binding `tallyfy` (a Tallyfy.Groups.dll).
pub fn compile(exe: &Path, tallyfy: &Path, sources: &[&str]) -> Result {
    run(mcs().arg(format!("-r:{}", tallyfy.display())).arg(format!("-out:{}", exe.display())).args(sources))
}

/// Builds `<name>.exe` from `sources` against Tallyfy.Groups.dll, in a folder that also holds
/// Tallyfy.Groups.dll and `libtallyfy.so`; returns the program's path.
pub fn program(name: &str, sources: &[&str]) -> Result<PathBuf> {
    let lib = dll()?;
    let prefix = native::staged()?;
    let dir = target_dir().join("tallyfy-native").join("csharp");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    native::copy(&prefix.join("lib").join("libtallyfy.so"), &dir.join("libtallyfy.so"))?;
    native::copy(&lib.join("Tallyfy.Groups.dll"), &dir.join("Tallyfy.Groups.dll"))?;
    let exe = dir.join(format!("{name}.exe"));
    compile(&exe, &dir.join("Tallyfy.Groups.dll"), sources)?;
    Ok(exe)
}

/// Suite `csharp`: every vector through the C# binding on Mono (the call scripts through
/// `Call`), and the binding's own tests (text reaching the core as it is, null arguments named
/// by the library, readable exceptions, results that copy their values out, disposed handles,
/// version, no token in messages or traces, an endless answer read up to `MaxAnswerBytes`,
/// exchange timeout, cancelled waits, interleaved and concurrent tenants). The declarations are
/// checked against tallyfy.h by `ffi/tests/wrappers.rs` and before the build.
pub fn test() -> Result {
    let vectors = program("vector-tests", &["tests/csharp/MiniJson.cs", "tests/csharp/VectorTests.cs"])?;
    run(command("mono").arg(vectors).arg(root().join("tests").join("vectors")))?;
    let binding = program("binding-tests", &["tests/csharp/BindingTests.cs"])?;
    run(command("mono").arg(binding).arg(root().join("ffi").join("include").join("tallyfy.h")))
}

/// Suite `csharp-e2e`: `GroupsClient` against the sandbox (429 retried, 422 field errors,
/// 5xx and dropped connections retried when idempotent, every page listed, the page cap, a slow
/// answer timed out, an answer past `MaxAnswerBytes` refused), with its waits recorded, not
/// slept.
pub fn test_e2e() -> Result {
    let exe = program("e2e-tests", &["tests/csharp/E2eTests.cs"])?;
    let sandbox = Sandbox::start(&[])?;
    run(command("mono").arg(exe).env("TALLYFY_BASE_URL", &sandbox.base_url))
}

/// `cargo xtask bench csharp`: `tests/csharp/Bench.cs` on Mono (a 10,000-group page parsed and
/// as a call's result, the managed memory it holds, a full update and a group's JSON), which
/// prints its figures.
pub fn bench() -> Result {
    let exe = program("bench", &["tests/csharp/Bench.cs"])?;
    run(command("mono").arg(exe))
}

/// `cargo xtask demo csharp`: builds the C# host (examples/csharp) and runs the lifecycle.
pub fn demo(target: &Target) -> Result {
    let exe = program("demo", &["examples/csharp/Demo.cs"])?;
    run(target.apply(command("mono").arg(exe)))
}
