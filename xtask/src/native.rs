//! The native surface: libtallyfy for C and C++ — `dist c`, the header, their test suites,
//! the C demo and the C ABI benchmark (C# lives in `csharp.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::demo::Target;
use crate::run::{cargo, command, output, root, run, Result};
use crate::sandbox::{target_dir, Sandbox};
use crate::setup;

/// Debian packages the C and C++ builds and tests need.
const C_PACKAGES: &[&str] =
    &["cmake", "pkg-config", "libcmocka-dev", "libcjson-dev", "valgrind", "libcurl4-openssl-dev"];

/// `cargo xtask header`: regenerates the committed `ffi/include/tallyfy.h`.
pub fn header() -> Result {
    run(cargo().args(["test", "--quiet", "-p", "tallyfy-ffi", "--test", "header"]).env("TALLYFY_BLESS_HEADER", "1"))
}

/// `cargo xtask dist c [DIR]`: lays out `include/`, `lib/` and `lib/pkgconfig/tallyfy.pc`
/// in DIR (default `dist/c`).
pub fn dist(args: &[&str]) -> Result {
    match args {
        ["c"] => dist_c(&root().join("dist").join("c")),
        ["c", dir] => dist_c(Path::new(dir)),
        _ => Err("usage: cargo xtask dist c [DIR]".to_owned()),
    }
}

/// Builds the release library and lays out an installable tree in `prefix`:
/// `include/tallyfy.h`, `include/tallyfy.hpp`, `lib/libtallyfy.so.X.Y.Z` with its SONAME and
/// development links, `lib/libtallyfy.a`, `lib/pkgconfig/tallyfy.pc` (relocatable) and
/// `share/tallyfy/csharp/Tallyfy.cs`.
fn dist_c(prefix: &Path) -> Result {
    run(cargo().args(["build", "--release", "--quiet", "-p", "tallyfy-ffi"]))?;
    let built = target_dir().join("release");
    let ffi = root().join("ffi");
    let version = version()?;
    let soname = soname(&built.join("libtallyfy.so"))?;
    let (include, lib) = (prefix.join("include"), prefix.join("lib"));
    let csharp = prefix.join("share").join("tallyfy").join("csharp");
    for dir in [&include, &lib.join("pkgconfig"), &csharp] {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let real = format!("libtallyfy.so.{version}");
    copy(&ffi.join("include/tallyfy.h"), &include.join("tallyfy.h"))?;
    copy(&ffi.join("bindings/cpp/tallyfy.hpp"), &include.join("tallyfy.hpp"))?;
    copy(&ffi.join("bindings/csharp/Tallyfy.cs"), &csharp.join("Tallyfy.cs"))?;
    copy(&built.join("libtallyfy.so"), &lib.join(&real))?;
    copy(&built.join("libtallyfy.a"), &lib.join("libtallyfy.a"))?;
    symlink(&real, &lib.join(&soname))?;
    symlink(&soname, &lib.join("libtallyfy.so"))?;
    let pc = PKG_CONFIG.replace("@VERSION@", &version);
    fs::write(lib.join("pkgconfig").join("tallyfy.pc"), pc).map_err(|e| format!("tallyfy.pc: {e}"))?;
    println!("libtallyfy {version} (SONAME {soname}) laid out in {}", prefix.display());
    Ok(())
}

/// The library's version, as `ffi/include/tallyfy.h` states it (the crate's version).
pub fn version() -> Result<String> {
    let header =
        fs::read_to_string(root().join("ffi/include/tallyfy.h")).map_err(|e| format!("ffi/include/tallyfy.h: {e}"))?;
    header
        .lines()
        .find_map(|l| l.strip_prefix("#define TALLYFY_VERSION \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
        .ok_or_else(|| "ffi/include/tallyfy.h has no TALLYFY_VERSION".to_owned())
}

/// The pkg-config file; `${pcfiledir}` keeps it valid wherever the tree is copied.
/// `Libs.private` lists what the Rust standard library needs when linking `libtallyfy.a`.
const PKG_CONFIG: &str = "prefix=${pcfiledir}/../..
includedir=${prefix}/include
libdir=${prefix}/lib

Name: tallyfy
Description: C ABI of the Tallyfy Groups API core (sans-I/O: requests in, responses out)
Version: @VERSION@
Cflags: -I${includedir}
Libs: -L${libdir} -ltallyfy
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
";

/// The SONAME recorded in a shared library (`objdump -p`).
fn soname(library: &Path) -> Result<String> {
    let dump = output(Command::new("objdump").arg("-p").arg(library))?;
    dump.lines()
        .find_map(|l| l.trim().strip_prefix("SONAME"))
        .map(|s| s.trim().to_owned())
        .ok_or_else(|| format!("{} has no SONAME", library.display()))
}

/// Copies one file, naming both paths on failure.
pub fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to).map(drop).map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

/// Makes `link` a symbolic link to `target` (a file name in the same directory).
fn symlink(target: &str, link: &Path) -> Result {
    let _ = fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).map_err(|e| format!("linking {}: {e}", link.display()))
}

/// The tree the native tests build against: `dist c` inside the target directory.
pub fn staged() -> Result<PathBuf> {
    let prefix = target_dir().join("tallyfy-native").join("dist");
    dist_c(&prefix)?;
    Ok(prefix)
}

/// Configures and builds the CMake project in `source` (a `tests/` or `examples/` folder) in
/// the build folder `name`, against the staged library; `defines` go to CMake as they are.
fn cmake_build(source: &str, name: &str, defines: &[&str]) -> Result<PathBuf> {
    setup::apt(C_PACKAGES)?;
    let prefix = staged()?;
    let dir = target_dir().join("tallyfy-native").join(name);
    run(command("cmake")
        .args(["-S", source, "-B"])
        .arg(&dir)
        .arg(format!("-DTALLYFY_VECTORS={}", root().join("tests").join("vectors").display()))
        .args(defines)
        .env("PKG_CONFIG_PATH", prefix.join("lib").join("pkgconfig")))?;
    run(command("cmake").arg("--build").arg(&dir).args(["--parallel", "2"]))?;
    Ok(dir)
}

/// Runs the CTest tests of the build folder `dir` with the environment variables `env`.
fn ctest(dir: &Path, env: &[(&str, &str)]) -> Result {
    run(command("ctest").arg("--test-dir").arg(dir).arg("--output-on-failure").envs(env.iter().copied()))
}

/// Suite `c`: the C tests (vectors, misuse, ABI constants) against `libtallyfy.so`.
pub fn test_c() -> Result {
    ctest(&cmake_build("tests/c", "c", &[])?, &[])
}

/// Suite `c-valgrind`: the same tests, each run under valgrind's memcheck; any error or
/// leak of any kind fails.
pub fn test_c_valgrind() -> Result {
    let launcher =
        "-DTALLYFY_TEST_LAUNCHER=valgrind;-q;--leak-check=full;--errors-for-leak-kinds=all;--error-exitcode=1";
    ctest(&cmake_build("tests/c", "c-valgrind", &[launcher])?, &[])
}

/// Suite `c-asan`: the same tests built with AddressSanitizer (leak checks included) and
/// UndefinedBehaviorSanitizer, linked with `libtallyfy.a`.
pub fn test_c_asan() -> Result {
    let flags = "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all";
    let dir = cmake_build(
        "tests/c",
        "c-asan",
        &[
            &format!("-DCMAKE_C_FLAGS={flags}"),
            "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined",
            "-DTALLYFY_LINK_STATIC=ON",
        ],
    )?;
    ctest(&dir, &[("ASAN_OPTIONS", "detect_leaks=1"), ("UBSAN_OPTIONS", "print_stacktrace=1")])
}

/// Suite `cpp`: every vector through the C++ wrapper, and the C++ quick start.
pub fn test_cpp() -> Result {
    ctest(&cmake_build("tests/cpp", "cpp", &[])?, &[])
}

/// Suite `c-e2e`: the libcurl host (examples/c) against the sandbox: the lifecycle with an
/// injected 429 retried, a 422's field errors, 5xx retries and unreadable answers.
pub fn test_c_e2e() -> Result {
    let dir = cmake_build("tests/c", "c-e2e", &["-DTALLYFY_E2E=ON"])?;
    let sandbox = Sandbox::start(&[])?;
    run(command("ctest")
        .arg("--test-dir")
        .arg(&dir)
        .args(["--output-on-failure", "-R", "^e2e$"])
        .env("TALLYFY_BASE_URL", &sandbox.base_url))
}

/// `cargo xtask demo c`: builds the libcurl host (examples/c) and runs the lifecycle.
pub fn demo_c(target: &Target) -> Result {
    let dir = cmake_build("examples/c", "example-c", &[])?;
    run(target.apply(&mut Command::new(dir.join("groups_demo"))))
}

/// `cargo xtask bench c`: ns per create build and per group parse on the Rust core and
/// through the C ABI (same process, alternating batches), and from a C program through
/// `libtallyfy.so`; prints them side by side with the ratio (target: at most 1.3).
pub fn bench_c() -> Result {
    let rust = output(cargo().args(["bench", "--quiet", "-p", "tallyfy-ffi", "--bench", "abi"]))?;
    let dir = cmake_build("tests/c", "c", &[])?;
    let c = output(&mut Command::new(dir.join("bench")))?;
    let figure = |text: &str, key: &str, name: &str| -> Result<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key} {name} ")))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| format!("the benchmark printed no `{key} {name}`"))
    };
    println!("\nlibtallyfy benchmark: median ns per call (ratio = C ABI / core over alternating batches)");
    println!("{:<20} {:>10} {:>14} {:>8} {:>18}", "call", "core", "C ABI", "ratio", "C program (.so)");
    let mut worst: f64 = 0.0;
    for name in ["build_create_group", "parse_group"] {
        let core = figure(&rust, "bench", &format!("core_{name}"))?;
        let abi = figure(&rust, "bench", &format!("rust_abi_{name}"))?;
        let ratio = figure(&rust, "ratio", name)?;
        let from_c = figure(&c, "bench", &format!("c_abi_{name}"))?;
        worst = worst.max(ratio);
        println!("{name:<20} {core:>10.1} {abi:>14.1} {ratio:>7.2}x {from_c:>18.1}");
    }
    println!("target: at most 1.30x the core; worst ratio {worst:.2}x");
    Ok(())
}
