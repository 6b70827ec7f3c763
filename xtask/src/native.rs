//! The native surface: libtallyfy for C and C++ — `dist c`, the header, their test suites,
//! the C demo and the C ABI benchmark (C# lives in `csharp.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::demo::Target;
use crate::nuget;
use crate::platforms::{self, Os, Platform};
use crate::run::{cargo, command, output, remap_paths, root, run, Result};
use crate::sandbox::{target_dir, Sandbox};
use crate::setup;
use crate::symbols;

/// Debian packages the C and C++ builds and tests need.
const C_PACKAGES: &[&str] =
    &["cmake", "pkg-config", "libcmocka-dev", "libcjson-dev", "valgrind", "libcurl4-openssl-dev"];

/// `cargo xtask header`: regenerates the committed `ffi/include/tallyfy.h`.
pub fn header() -> Result {
    run(cargo().args(["test", "--quiet", "-p", "tallyfy-ffi", "--test", "header"]).env("TALLYFY_BLESS_HEADER", "1"))
}

/// `cargo xtask dist c [--target RID] [DIR]`: lays out the C/C++ tree in DIR (default `dist/c`,
/// or `dist/c-RID` for a platform of [`platforms::PLATFORMS`]);
/// `cargo xtask dist nuget [DIR]`: writes the NuGet package into DIR (default `dist/nuget`).
pub fn dist(args: &[&str]) -> Result {
    let dist = root().join("dist");
    match args {
        ["c"] => dist_c(&dist.join("c")),
        ["c", "--target", rid] => dist_platform(platforms::find(rid)?, &dist.join(format!("c-{rid}"))),
        ["c", "--target", rid, dir] | ["c", dir, "--target", rid] => {
            dist_platform(platforms::find(rid)?, Path::new(dir))
        }
        ["c", dir] => dist_c(Path::new(dir)),
        ["nuget"] => nuget::dist(&dist.join("nuget")).map(drop),
        ["nuget", dir] => nuget::dist(Path::new(dir)).map(drop),
        _ => Err("usage: cargo xtask dist c [--target RID] [DIR] | nuget [DIR] | npm [DIR]".to_owned()),
    }
}

/// Builds the release library for this machine and lays out an installable tree in `prefix`:
/// `include/tallyfy.h`, `include/tallyfy.hpp`, `lib/libtallyfy.so.X.Y.Z` (stripped) with its
/// SONAME and development links, `lib/libtallyfy.a` (without debug information),
/// `lib/pkgconfig/tallyfy.pc` and `tallyfy-static.pc` (relocatable), `lib/cmake/tallyfy/`
/// (package config and version files), `share/doc/tallyfy/` (the license files) and
/// `share/tallyfy/csharp/*.cs` (the C# binding's sources).
fn dist_c(prefix: &Path) -> Result {
    run(remap_paths(cargo().args(["build", "--release", "--quiet", "-p", "tallyfy-ffi"])))?;
    let built = target_dir().join("release");
    lay_out(prefix, &built, Os::Linux, NATIVE_STATIC_LIBS, "strip")
}

/// `dist c --target RID`: builds libtallyfy for the platform (cdylib and staticlib only) and lays
/// out its tree in `prefix`, as a C or C++ user of that platform installs it.
pub fn dist_platform(platform: &Platform, prefix: &Path) -> Result {
    let built = platform.build()?;
    setup::apt(&["llvm"])?;
    lay_out(prefix, &built, platform.os, platform.native_static_libs, "llvm-strip")
}

/// The tree `dist c --target RID` lays out inside the target folder (for the tests).
pub fn staged_platform(platform: &Platform) -> Result<PathBuf> {
    let prefix = target_dir().join("tallyfy-native").join(format!("dist-{}", platform.rid));
    let _ = fs::remove_dir_all(&prefix);
    dist_platform(platform, &prefix)?;
    Ok(prefix)
}

/// Lays out the tree of the library built in `built` for `os` (see [`dist_c`]); the shared
/// library is `lib/libtallyfy.so.X.Y.Z` on Linux, `bin/tallyfy.dll` with the import libraries
/// `lib/libtallyfy.dll.a` (MinGW), `lib/tallyfy.lib` (MSVC) and `lib/tallyfy.def` on Windows,
/// `lib/libtallyfy.dylib` on macOS (not stripped: that would break its code signature).
fn lay_out(prefix: &Path, built: &Path, os: Os, native_libs: &str, strip: &str) -> Result {
    let ffi = root().join("ffi");
    let version = version()?;
    let (include, lib) = (prefix.join("include"), prefix.join("lib"));
    let cmake = lib.join("cmake").join("tallyfy");
    let csharp = prefix.join("share").join("tallyfy").join("csharp");
    let doc = prefix.join("share").join("doc").join("tallyfy");
    for dir in [&include, &lib.join("pkgconfig"), &cmake, &csharp, &doc] {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    copy(&ffi.join("include/tallyfy.h"), &include.join("tallyfy.h"))?;
    copy(&ffi.join("bindings/cpp/tallyfy.hpp"), &include.join("tallyfy.hpp"))?;
    for source in crate::csharp::sources()? {
        copy(&source, &csharp.join(source.file_name().unwrap_or_default()))?;
    }
    for license in LICENSE_FILES {
        copy(&root().join(license), &doc.join(license))?;
    }
    copy(&built.join("libtallyfy.a"), &lib.join("libtallyfy.a"))?;
    run(command(strip).arg("--strip-debug").arg(lib.join("libtallyfy.a")))?;
    let shared = match os {
        Os::Linux => shared_linux(built, &lib, &version, strip)?,
        Os::Windows => shared_windows(built, prefix, strip)?,
        Os::Mac => shared_mac(built, &lib)?,
    };
    let fill = |template: &str| {
        template
            .replace("@VERSION@", &version)
            .replace("@SHARED@", &shared.location)
            .replace("@SHARED_PROPERTIES@", &shared.properties)
            .replace("@PRELUDE@", &shared.prelude)
            .replace("@DESCRIBED@", &shared.described)
            .replace("@NATIVE_LIBS_CMAKE@", &native_libs.replace("-l", "").replace(' ', ";"))
            .replace("@NATIVE_LIBS@", native_libs)
    };
    let files = [
        (lib.join("pkgconfig").join("tallyfy.pc"), fill(PKG_CONFIG)),
        (lib.join("pkgconfig").join("tallyfy-static.pc"), fill(PKG_CONFIG_STATIC)),
        (cmake.join("tallyfyConfig.cmake"), fill(CMAKE_CONFIG)),
        (cmake.join("tallyfyConfigVersion.cmake"), fill(CMAKE_CONFIG_VERSION)),
    ];
    for (path, text) in files {
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("libtallyfy {version} ({}) laid out in {}", shared.described, prefix.display());
    Ok(())
}

/// The shared library as a tree ships it, and how the CMake package names it.
struct Shared {
    /// Its path in the tree.
    location: String,
    /// The imported target's properties besides its location.
    properties: String,
    /// CMake lines that the properties need first.
    prelude: String,
    /// What the CMake file's header and the summary line call it.
    described: String,
}

/// `lib/libtallyfy.so.X.Y.Z`, stripped, with its SONAME and development links.
fn shared_linux(built: &Path, lib: &Path, version: &str, strip: &str) -> Result<Shared> {
    let real = format!("libtallyfy.so.{version}");
    let soname = soname(&built.join("libtallyfy.so"))?;
    copy(&built.join("libtallyfy.so"), &lib.join(&real))?;
    run(command(strip).arg("--strip-unneeded").arg(lib.join(&real)))?;
    symlink(&real, &lib.join(&soname))?;
    symlink(&soname, &lib.join("libtallyfy.so"))?;
    Ok(Shared {
        location: format!("lib/{real}"),
        properties: format!("IMPORTED_SONAME \"{soname}\""),
        prelude: String::new(),
        described: format!("libtallyfy.so, SONAME {soname}"),
    })
}

/// `bin/tallyfy.dll`, stripped, with the import libraries `lib/libtallyfy.dll.a` (MinGW's,
/// from the link) and `lib/tallyfy.lib` (MSVC's, made by llvm-dlltool from `lib/tallyfy.def`,
/// which lists the DLL's exports).
fn shared_windows(built: &Path, prefix: &Path, strip: &str) -> Result<Shared> {
    let (bin, lib) = (prefix.join("bin"), prefix.join("lib"));
    fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
    copy(&built.join("tallyfy.dll"), &bin.join("tallyfy.dll"))?;
    run(command(strip).arg("--strip-unneeded").arg(bin.join("tallyfy.dll")))?;
    copy(&built.join("libtallyfy.dll.a"), &lib.join("libtallyfy.dll.a"))?;
    let exports = symbols::exports(&bin.join("tallyfy.dll"), Os::Windows)?;
    let def = format!("LIBRARY tallyfy.dll\nEXPORTS\n{}\n", exports.join("\n"));
    fs::write(lib.join("tallyfy.def"), def).map_err(|e| format!("tallyfy.def: {e}"))?;
    run(command("llvm-dlltool")
        .args(["-m", "i386:x86-64", "-D", "tallyfy.dll", "-d"])
        .arg(lib.join("tallyfy.def"))
        .arg("-l")
        .arg(lib.join("tallyfy.lib")))?;
    Ok(Shared {
        location: "bin/tallyfy.dll".to_owned(),
        properties: "IMPORTED_IMPLIB \"${_tallyfy_prefix}/lib/${_tallyfy_implib}\"".to_owned(),
        prelude:
            "if(MSVC)\n  set(_tallyfy_implib tallyfy.lib)\nelse()\n  set(_tallyfy_implib libtallyfy.dll.a)\nendif()\n"
                .to_owned(),
        described: "tallyfy.dll".to_owned(),
    })
}

/// `lib/libtallyfy.dylib`, not stripped (that would break its code signature).
fn shared_mac(built: &Path, lib: &Path) -> Result<Shared> {
    copy(&built.join("libtallyfy.dylib"), &lib.join("libtallyfy.dylib"))?;
    Ok(Shared {
        location: "lib/libtallyfy.dylib".to_owned(),
        properties: format!("IMPORTED_SONAME \"{}\"", platforms::INSTALL_NAME),
        prelude: String::new(),
        described: format!("libtallyfy.dylib, install name {}", platforms::INSTALL_NAME),
    })
}

/// The license files every distribution carries.
pub const LICENSE_FILES: &[&str] = &["LICENSE", "LICENSE-MIT", "LICENSE-APACHE"];

/// What the Rust standard library inside `libtallyfy.a` needs from the system when a program
/// links it (`rustc --print native-static-libs`).
const NATIVE_STATIC_LIBS: &str = "-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc";

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

/// The pkg-config file of the shared library; `${pcfiledir}` keeps it valid wherever the tree
/// is copied. `Libs.private` lists what `libtallyfy.a` needs, for `pkg-config --static`.
const PKG_CONFIG: &str = "prefix=${pcfiledir}/../..
includedir=${prefix}/include
libdir=${prefix}/lib

Name: tallyfy
Description: C ABI of the Tallyfy Groups API core (sans-I/O: requests in, responses out)
Version: @VERSION@
Cflags: -I${includedir}
Libs: -L${libdir} -ltallyfy
Libs.private: @NATIVE_LIBS@
";

/// The pkg-config file of the static library: `libtallyfy.a` by path (`-ltallyfy` would pick
/// the shared library next to it) and the system libraries it needs.
const PKG_CONFIG_STATIC: &str = "prefix=${pcfiledir}/../..
includedir=${prefix}/include
libdir=${prefix}/lib

Name: tallyfy-static
Description: libtallyfy linked statically (no libtallyfy.so at run time)
Version: @VERSION@
Cflags: -I${includedir}
Libs: ${libdir}/libtallyfy.a @NATIVE_LIBS@
";

/// `lib/cmake/tallyfy/tallyfyConfig.cmake`: the imported targets, relative to its own folder.
const CMAKE_CONFIG: &str = r#"# tallyfyConfig.cmake: libtallyfy @VERSION@ for CMake (find_package(tallyfy CONFIG)).
#
#   tallyfy::tallyfy         the shared library (@DESCRIBED@)
#   tallyfy::tallyfy_static  the static library (libtallyfy.a) with the system libraries it needs
#
# Both carry the include folder (tallyfy.h for C99 and later, tallyfy.hpp for C++17 and later).
get_filename_component(_tallyfy_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
@PRELUDE@
if(NOT TARGET tallyfy::tallyfy)
  add_library(tallyfy::tallyfy SHARED IMPORTED)
  set_target_properties(tallyfy::tallyfy PROPERTIES
    IMPORTED_LOCATION "${_tallyfy_prefix}/@SHARED@"
    @SHARED_PROPERTIES@
    INTERFACE_INCLUDE_DIRECTORIES "${_tallyfy_prefix}/include")
endif()

if(NOT TARGET tallyfy::tallyfy_static)
  add_library(tallyfy::tallyfy_static STATIC IMPORTED)
  set_target_properties(tallyfy::tallyfy_static PROPERTIES
    IMPORTED_LOCATION "${_tallyfy_prefix}/lib/libtallyfy.a"
    IMPORTED_LINK_INTERFACE_LANGUAGES "C"
    INTERFACE_INCLUDE_DIRECTORIES "${_tallyfy_prefix}/include"
    INTERFACE_LINK_LIBRARIES "@NATIVE_LIBS_CMAKE@")
endif()

unset(_tallyfy_prefix)
unset(_tallyfy_implib)
"#;

/// `lib/cmake/tallyfy/tallyfyConfigVersion.cmake`: while the version is 0.x only the same minor
/// version is compatible (each 0.x minor may break the ABI, as the SONAME says), from 1.0 on the
/// same major version; a 64-bit build is required (a project without a language is not checked).
const CMAKE_CONFIG_VERSION: &str = r#"# tallyfyConfigVersion.cmake: libtallyfy @VERSION@. Before 1.0 only the same minor version is
# compatible: find_package(tallyfy 0.MINOR) takes 0.MINOR.x at or above the requested patch.
set(PACKAGE_VERSION "@VERSION@")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
set(PACKAGE_VERSION_EXACT FALSE)
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _tallyfy_have "${PACKAGE_VERSION}")
set(_tallyfy_major "${CMAKE_MATCH_1}")
set(_tallyfy_minor "${CMAKE_MATCH_2}")
if(NOT PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
elseif(NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  if(_tallyfy_major STREQUAL "0")
    if(PACKAGE_FIND_VERSION_MAJOR STREQUAL "0" AND PACKAGE_FIND_VERSION_MINOR STREQUAL _tallyfy_minor)
      set(PACKAGE_VERSION_COMPATIBLE TRUE)
    endif()
  elseif(PACKAGE_FIND_VERSION_MAJOR STREQUAL _tallyfy_major)
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
unset(_tallyfy_have)
unset(_tallyfy_major)
unset(_tallyfy_minor)
if(CMAKE_SIZEOF_VOID_P AND NOT CMAKE_SIZEOF_VOID_P STREQUAL "8")
  set(PACKAGE_VERSION "${PACKAGE_VERSION} (64-bit)")
  set(PACKAGE_VERSION_UNSUITABLE TRUE)
endif()
"#;

/// The SONAME recorded in a shared library (`readelf -d`, which reads any architecture).
fn soname(library: &Path) -> Result<String> {
    let dump = output(Command::new("readelf").arg("-d").arg(library))?;
    dump.lines()
        .find_map(|l| l.split_once("Library soname: [")?.1.strip_suffix(']'))
        .map(str::to_owned)
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
    let prefix = staged_dir();
    dist_c(&prefix)?;
    Ok(prefix)
}

/// Where [`staged`] lays out its tree.
fn staged_dir() -> PathBuf {
    target_dir().join("tallyfy-native").join("dist")
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
/// UndefinedBehaviorSanitizer, linked with the debug build of `libtallyfy.a`, so that the
/// standard library's checks of `unsafe` preconditions (debug assertions) run too: a broken
/// one aborts the test.
pub fn test_c_asan() -> Result {
    run(cargo().args(["build", "--quiet", "-p", "tallyfy-ffi"]))?;
    let debug = target_dir().join("debug").join("libtallyfy.a");
    let flags = "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all";
    let dir = cmake_build(
        "tests/c",
        "c-asan",
        &[
            &format!("-DCMAKE_C_FLAGS={flags}"),
            "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined",
            "-DTALLYFY_LINK_STATIC=ON",
            &format!("-DTALLYFY_STATIC_LIBRARY={}", debug.display()),
        ],
    )?;
    ctest(&dir, &[("ASAN_OPTIONS", "detect_leaks=1"), ("UBSAN_OPTIONS", "print_stacktrace=1")])
}

/// Suite `cpp`: every vector through the C++ wrapper, its safety and compile-fail tests, the C++
/// example, and the README's C++ section as it is written.
pub fn test_cpp() -> Result {
    ctest(&cmake_build("tests/cpp", "cpp", &[])?, &[])?;
    readme_cpp(&staged_dir())
}

/// The README's C++ section, against the `dist c` tree in `prefix`: its first C++ block built
/// with its commands and run (it must report the created group, then the refusal); every other
/// C++ block compiled as it is, with the strict flags of the tests.
fn readme_cpp(prefix: &Path) -> Result {
    let heading = "### C++ quick start (header-only, C++17)";
    let readme = fs::read_to_string(root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let blocks = section_blocks(&readme, heading, "cpp");
    let shell = readme_block(&readme, heading, "sh")?;
    let dir = target_dir().join("tallyfy-native").join("cpp-readme");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("dist")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let Some((app, others)) = blocks.split_first() else { return Err(format!("no ```cpp block under `{heading}`")) };
    fs::write(dir.join("app.cpp"), app).map_err(|e| format!("app.cpp: {e}"))?;
    // The README's commands run from the repository root after `cargo xtask dist c
    // "$PWD/dist/c"`; here `dist/c` is the staged tree.
    std::os::unix::fs::symlink(prefix, dir.join("dist").join("c")).map_err(|e| format!("dist/c: {e}"))?;
    let script: Vec<&str> = shell.lines().filter(|l| !l.starts_with("cargo xtask dist c ")).collect();
    if script.len() + 1 != shell.lines().count() {
        return Err("the README's C++ build block no longer starts from `cargo xtask dist c`".to_owned());
    }
    let out = output(Command::new("sh").args(["-ec", &script.join("\n")]).current_dir(&dir))?;
    if !out.contains("created g1 (Onboarding)") || !out.contains("invalid_input: ") {
        return Err(format!("the README's C++ quick start printed:\n{out}"));
    }
    for (i, block) in others.iter().enumerate() {
        let source = dir.join(format!("block{}.cpp", i + 2));
        fs::write(&source, block).map_err(|e| format!("{}: {e}", source.display()))?;
        run(command("c++")
            .args(["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-pedantic"])
            .arg(format!("-I{}", prefix.join("include").display()))
            .arg(&source))?;
    }
    println!("README C++ section: the quick start built and ran, {} more blocks compiled", others.len());
    Ok(())
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
    for name in ["build_create_group", "parse_group", "call_create_group"] {
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

/// Suite `c-dist`: the README's C quick start, built exactly as the README shows, four ways
/// (pkg-config shared and static, CMake config shared and static) against the `dist c` tree,
/// and run; the static programs need no `libtallyfy.so`. Also checks the tree itself: a
/// stripped shared library, no path of this machine in the libraries, the license files, and
/// the CMake version rule (same minor while 0.x).
pub fn test_c_dist() -> Result {
    setup::apt(C_PACKAGES)?;
    let prefix = staged()?;
    let readme = fs::read_to_string(root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let app = readme_block(&readme, "### C quick start", "c")?;
    let shell = readme_block(&readme, "### Build it: pkg-config or CMake", "sh")?;
    let cmake = readme_block(&readme, "### Build it: pkg-config or CMake", "cmake")?;
    let dir = target_dir().join("tallyfy-native").join("c-dist");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("dist")).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::write(dir.join("app.c"), &app).map_err(|e| format!("app.c: {e}"))?;
    // The README's commands run from the repository root after `cargo xtask dist c
    // "$PWD/dist/c"`; here `dist/c` is the tree staged() just laid out.
    std::os::unix::fs::symlink(&prefix, dir.join("dist").join("c")).map_err(|e| format!("dist/c: {e}"))?;
    let script: Vec<&str> = shell.lines().filter(|l| !l.starts_with("cargo xtask dist c ")).collect();
    if script.len() + 1 != shell.lines().count() {
        return Err("the README's build block no longer starts from `cargo xtask dist c`".to_owned());
    }
    run(Command::new("sh").args(["-ec", &script.join("\n")]).current_dir(&dir))?;
    // The same source is also clean under the strictest C99 flags.
    run(Command::new("cc")
        .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-c", "app.c", "-o", "strict.o"])
        .arg(format!("-I{}", prefix.join("include").display()))
        .current_dir(&dir))?;

    let project = dir.join("cmake");
    fs::create_dir_all(&project).map_err(|e| format!("{}: {e}", project.display()))?;
    let lists = format!(
        "cmake_minimum_required(VERSION 3.16)\nproject(app C)\n{cmake}\
         add_executable(app-static app.c)\ntarget_link_libraries(app-static PRIVATE tallyfy::tallyfy_static)\n"
    );
    fs::write(project.join("CMakeLists.txt"), lists).map_err(|e| format!("CMakeLists.txt: {e}"))?;
    copy(&dir.join("app.c"), &project.join("app.c"))?;
    let build = project.join("build");
    run(command("cmake")
        .arg("-S")
        .arg(&project)
        .arg("-B")
        .arg(&build)
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display())))?;
    run(command("cmake").arg("--build").arg(&build))?;

    let programs = [
        ("pkg-config shared", dir.join("app"), true),
        ("pkg-config static", dir.join("app-static"), false),
        ("CMake tallyfy::tallyfy", build.join("app"), true),
        ("CMake tallyfy::tallyfy_static", build.join("app-static"), false),
    ];
    let mut outputs = Vec::new();
    for (how, program, shared) in &programs {
        let needed = output(Command::new("readelf").arg("-d").arg(program))?;
        if needed.contains("[libtallyfy.so") != *shared {
            return Err(format!("{how}: needs libtallyfy.so: {}, expected {shared}", !*shared));
        }
        // The static programs run with no libtallyfy.so anywhere they could find one.
        let mut cmd = Command::new(program);
        if !*shared {
            cmd.env_remove("LD_LIBRARY_PATH");
        }
        let out = output(&mut cmd)?;
        println!("{how}: ran, {} bytes of output", out.len());
        outputs.push(out);
    }
    if !outputs[0].contains("created g1 (Onboarding)") || outputs.iter().any(|o| *o != outputs[0]) {
        return Err(format!("the four programs disagree or fail:\n{}", outputs.join("\n---\n")));
    }

    let sections = output(Command::new("readelf").arg("-S").arg(prefix.join("lib").join("libtallyfy.so")))?;
    if sections.contains(".debug_") || sections.contains(".symtab") {
        return Err("lib/libtallyfy.so is not stripped".to_owned());
    }
    no_local_paths(&prefix.join("lib"))?;
    for license in LICENSE_FILES {
        let shipped = fs::read(prefix.join("share/doc/tallyfy").join(license)).unwrap_or_default();
        if shipped.is_empty() || shipped != fs::read(root().join(license)).unwrap_or_default() {
            return Err(format!("share/doc/tallyfy/{license} is missing or differs"));
        }
    }
    cmake_version_rule(&prefix, &dir)
}

/// Fails if a library in `lib` holds this machine's home or checkout path (the dependencies'
/// source paths that panic locations keep are remapped to `/cargo/...`).
fn no_local_paths(lib: &Path) -> Result {
    let shared = lib.join(format!("libtallyfy.so.{}", version()?));
    no_local_paths_in(&[lib.join("libtallyfy.a").as_path(), shared.as_path()])
}

/// Fails if one of `files` holds this machine's home or checkout path.
pub fn no_local_paths_in(files: &[&Path]) -> Result {
    let home = std::env::var("HOME").unwrap_or_default();
    let checkout = root().display().to_string();
    for file in files {
        let bytes = fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for path in [home.as_str(), checkout.as_str()].into_iter().filter(|p| p.len() > 1) {
            if bytes.windows(path.len()).any(|w| w == path.as_bytes()) {
                return Err(format!("{} holds the local path {path}", file.display()));
            }
        }
    }
    Ok(())
}

/// `find_package(tallyfy V CONFIG)` finds this 0.MINOR.PATCH tree for V = 0.MINOR and the exact
/// version, and refuses another minor, a later patch and 1.0.
fn cmake_version_rule(prefix: &Path, dir: &Path) -> Result {
    let version = version()?;
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor, patch) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let cases = [
        (format!("{major}.{minor}"), true),
        (version.clone(), true),
        (format!("{major}.{}", minor + 1), false),
        (format!("{major}.{minor}.{}", patch + 1), false),
        (format!("{}.0", major + 1), false),
    ];
    let project = dir.join("version");
    fs::create_dir_all(&project).map_err(|e| format!("{}: {e}", project.display()))?;
    let lists =
        "cmake_minimum_required(VERSION 3.16)\nproject(version NONE)\nfind_package(tallyfy ${WANT} CONFIG REQUIRED)\n";
    fs::write(project.join("CMakeLists.txt"), lists).map_err(|e| format!("CMakeLists.txt: {e}"))?;
    for (i, (want, found)) in cases.iter().enumerate() {
        let status = command("cmake")
            .arg("-S")
            .arg(&project)
            .arg("-B")
            .arg(project.join(format!("build-{i}")))
            .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display()))
            .arg(format!("-DWANT={want}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("cmake: {e}"))?;
        if status.success() != *found {
            return Err(format!("find_package(tallyfy {want}) against {version}: found {}", status.success()));
        }
    }
    println!("find_package(tallyfy V): {} version rules hold", cases.len());
    Ok(())
}

/// Every fenced block of language `lang` in the section of `markdown` that starts at the line
/// `heading` and ends at the next heading of any level.
fn section_blocks(markdown: &str, heading: &str, lang: &str) -> Vec<String> {
    let Some((_, after)) = markdown.split_once(&format!("\n{heading}\n")) else { return Vec::new() };
    let mut blocks = Vec::new();
    let mut lines = after.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('#') {
            break;
        }
        if line == format!("```{lang}") {
            let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push(format!("{}\n", block.join("\n")));
        } else if line.starts_with("```") {
            lines.by_ref().find(|l| *l == "```");
        }
    }
    blocks
}

/// The first fenced block of language `lang` after the line `heading` in `markdown`.
pub fn readme_block(markdown: &str, heading: &str, lang: &str) -> Result<String> {
    let missing = || format!("no ```{lang} block under `{heading}`");
    let (_, after) = markdown.split_once(&format!("\n{heading}\n")).ok_or_else(missing)?;
    let (_, block) = after.split_once(&format!("\n```{lang}\n")).ok_or_else(missing)?;
    let (block, _) = block.split_once("\n```\n").ok_or_else(missing)?;
    Ok(format!("{block}\n"))
}
