//! The C suites (tests/c: vectors, misuse, abi) for the platforms of `platforms.rs` that run
//! here: built from the same sources and CMake project as the host suite `c`, with the
//! platform's cross compiler, against its `dist c --target RID` tree, and run by CTest under
//! the platform's runner (wine64, qemu, the musl loader). Their libraries (cmocka, cJSON) are
//! built for the platform from Debian's source packages.

use std::fs;
use std::path::{Path, PathBuf};

use crate::debian;
use crate::native;
use crate::platforms::{self, Os, Platform};
use crate::run::{command, output, root, run, Result};
use crate::sandbox::target_dir;
use crate::setup;
use crate::symbols;

/// Debian packages for building the suites (dpkg-dev unpacks the source packages).
const PACKAGES: &[&str] = &["cmake", "pkg-config", "dpkg-dev", "xz-utils", "llvm"];

/// The Debian source packages of the suites' libraries, and the CMake options that build them
/// plainly (cJSON's own flags add a stack protector that MinGW puts in a separate DLL).
const LIBRARIES: &[(&str, &[&str])] = &[
    ("cmocka", &["-DWITH_EXAMPLES=OFF", "-DUNIT_TESTING=OFF"]),
    ("cjson", &["-DENABLE_CJSON_TEST=OFF", "-DENABLE_CUSTOM_COMPILER_FLAGS=OFF"]),
];

/// Suite `c-win-x64`: the C suites against `tallyfy.dll` (MinGW import library) and against
/// `libtallyfy.a`, run under wine64; the DLL exports exactly `tallyfy.h`'s functions and needs
/// no MinGW runtime DLL.
pub fn test_win_x64() -> Result {
    test_platform(platforms::find("win-x64")?, &[false, true])
}

/// Suite `c-glibc-2.17`: the C suites against the linux-x64 `libtallyfy.so` (built for glibc
/// 2.17 by zig), built with `zig cc` for glibc 2.17 and run with Debian 11's glibc 2.31 (below
/// the 2.34 that a default build needs): its loader and libraries, from Debian's `libc6` package.
pub fn test_glibc_2_17() -> Result {
    test_platform(platforms::find("linux-x64")?, &[false])
}

/// Suite `c-linux-arm64`: the C suites against the aarch64 `libtallyfy.so` and `libtallyfy.a`,
/// built with `aarch64-linux-gnu-gcc` and run under qemu.
pub fn test_linux_arm64() -> Result {
    test_platform(platforms::find("linux-arm64")?, &[false, true])
}

/// Suite `c-linux-musl-x64`: the C suites against the musl `libtallyfy.so` and `libtallyfy.a`,
/// built with musl-gcc and run by the musl loader.
pub fn test_linux_musl_x64() -> Result {
    test_platform(platforms::find("linux-musl-x64")?, &[false, true])
}

/// Lays out the platform's tree, checks its library, and builds and runs the C suites once
/// per entry of `statics` (linked with the static library when true).
fn test_platform(platform: &Platform, statics: &[bool]) -> Result {
    setup::apt(PACKAGES)?;
    let prefix = native::staged_platform(platform)?;
    check_library(platform, &prefix)?;
    let dir = target_dir().join("tallyfy-native").join("cross").join(platform.rid);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let toolchain = toolchain_file(platform, &dir)?;
    let deps = libraries(platform, &toolchain, &dir)?;
    if platform.os == Os::Windows {
        platforms::wine_prefix()?;
    }
    for &linked_static in statics {
        let build = dir.join(if linked_static { "tests-static" } else { "tests-shared" });
        let _ = fs::remove_dir_all(&build);
        let pkg_config = format!("{}:{}", deps.join("lib/pkgconfig").display(), prefix.join("lib/pkgconfig").display());
        let launcher = launcher(platform, &dir)?.join(";");
        let mut cmake = command("cmake");
        if linked_static && platform.rid == "linux-musl-x64" {
            musl_unwinder(platform, &dir, &mut cmake)?;
        }
        run(cmake
            .args(["-S", "tests/c", "-B"])
            .arg(&build)
            .arg(format!("-DCMAKE_TOOLCHAIN_FILE={}", toolchain.display()))
            .arg(format!("-DTALLYFY_VECTORS={}", root().join("tests").join("vectors").display()))
            .arg(format!("-DTALLYFY_TEST_LAUNCHER={launcher}"))
            .arg(format!("-DTALLYFY_LINK_STATIC={}", if linked_static { "ON" } else { "OFF" }))
            .env("PKG_CONFIG_LIBDIR", &pkg_config)
            .env_remove("PKG_CONFIG_PATH"))?;
        run(command("cmake").arg("--build").arg(&build).args(["--parallel", "2"]))?;
        if platform.os == Os::Windows {
            windows_dlls(&prefix, &deps, &build, linked_static)?;
        }
        let mut ctest = command("ctest");
        ctest.arg("--test-dir").arg(&build).arg("--output-on-failure");
        if platform.os == Os::Windows {
            platforms::wine_env(&mut ctest);
        }
        run(&mut ctest)?;
        println!(
            "{}: C suites passed, linked {}",
            platform.rid,
            if linked_static { "statically" } else { "dynamically" }
        );
    }
    quick_start(platform, &prefix, &toolchain, &dir)
}

/// Debian has no libgcc_s for musl (Alpine's libgcc is one): a program linking the musl
/// `libtallyfy.a` here takes the unwinder from Rust's self-contained `libunwind.a`, and its
/// `-lgcc_s` finds an empty archive.
fn musl_unwinder(platform: &Platform, dir: &Path, cmake: &mut std::process::Command) -> Result {
    let sysroot = output(command("rustc").args(["--print", "sysroot"]))?;
    let unwind =
        Path::new(sysroot.trim()).join("lib/rustlib").join(platform.triple).join("lib/self-contained/libunwind.a");
    let empty = dir.join("no-libgcc_s");
    fs::create_dir_all(&empty).map_err(|e| format!("{}: {e}", empty.display()))?;
    let _ = fs::remove_file(empty.join("libgcc_s.a"));
    run(command("ar").arg("rc").arg(empty.join("libgcc_s.a")))?;
    cmake.arg(format!("-DTALLYFY_STATIC_EXTRA={}", unwind.display()));
    cmake.arg(format!("-DCMAKE_EXE_LINKER_FLAGS=-L{}", empty.display()));
    Ok(())
}

/// Windows finds DLLs next to the program: copies into `build` the library (unless linked
/// statically), cmocka, cJSON and MinGW's winpthread (misuse.c starts threads).
fn windows_dlls(prefix: &Path, deps: &Path, build: &Path, linked_static: bool) -> Result {
    let mut dlls = vec![deps.join("bin/cmocka.dll"), deps.join("bin/libcjson.dll")];
    dlls.push(PathBuf::from("/usr/x86_64-w64-mingw32/lib/libwinpthread-1.dll"));
    if !linked_static {
        dlls.push(prefix.join("bin/tallyfy.dll"));
    }
    for dll in dlls {
        let name = dll.file_name().unwrap_or_default().to_owned();
        native::copy(&dll, &build.join(name))?;
    }
    Ok(())
}

/// The README's C quick start built with `find_package(tallyfy CONFIG)` against the tree, by
/// the platform's compiler, and run under its runner: with `tallyfy::tallyfy`, and with
/// `tallyfy::tallyfy_static` where this machine has the system libraries it names (not for musl,
/// whose `-lgcc_s` is Alpine's, nor for zig's glibc 2.17 build).
fn quick_start(platform: &Platform, prefix: &Path, toolchain: &Path, dir: &Path) -> Result {
    let readme = fs::read_to_string(root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let app = native::readme_block(&readme, "### C quick start", "c")?;
    let project = dir.join("quick-start");
    let _ = fs::remove_dir_all(&project);
    fs::create_dir_all(&project).map_err(|e| format!("{}: {e}", project.display()))?;
    fs::write(project.join("app.c"), app).map_err(|e| format!("app.c: {e}"))?;
    let with_static = matches!(platform.rid, "win-x64" | "linux-arm64");
    let version = native::version()?;
    let minor = version.rsplit_once('.').map_or(version.as_str(), |(minor, _)| minor);
    let mut lists = format!(
        "cmake_minimum_required(VERSION 3.16)\nproject(app C)\nfind_package(tallyfy {minor} CONFIG REQUIRED)\n\
         add_executable(app app.c)\ntarget_link_libraries(app PRIVATE tallyfy::tallyfy)\n"
    );
    if with_static {
        lists.push_str(
            "add_executable(app-static app.c)\ntarget_link_libraries(app-static PRIVATE tallyfy::tallyfy_static)\n",
        );
    }
    fs::write(project.join("CMakeLists.txt"), lists).map_err(|e| format!("CMakeLists.txt: {e}"))?;
    let build = project.join("build");
    run(command("cmake")
        .arg("-S")
        .arg(&project)
        .arg("-B")
        .arg(&build)
        .arg(format!("-DCMAKE_TOOLCHAIN_FILE={}", toolchain.display()))
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display())))?;
    run(command("cmake").arg("--build").arg(&build))?;
    let exe = if platform.os == Os::Windows { ".exe" } else { "" };
    if platform.os == Os::Windows {
        native::copy(&prefix.join("bin/tallyfy.dll"), &build.join("tallyfy.dll"))?;
    }
    let mut programs = vec![format!("app{exe}")];
    if with_static {
        programs.push(format!("app-static{exe}"));
    }
    let launcher = launcher(platform, dir)?;
    for program in programs {
        let path = build.join(&program).display().to_string();
        let mut words = launcher.clone();
        words.push(path);
        let mut cmd = std::process::Command::new(&words[0]);
        cmd.args(&words[1..]).current_dir(&build);
        if platform.os == Os::Windows {
            platforms::wine_env(&mut cmd);
        }
        let out = output(&mut cmd)?;
        if !out.contains("created g1 (Onboarding)") {
            return Err(format!("{}: the quick start ({program}) printed: {out}", platform.rid));
        }
        println!("{}: the README's quick start, built with find_package(tallyfy), ran ({program})", platform.rid);
    }
    Ok(())
}

/// The command each test program runs under: the platform's runner; for linux-x64, the loader
/// of an older glibc with its libraries.
fn launcher(platform: &Platform, dir: &Path) -> Result<Vec<String>> {
    if platform.rid != "linux-x64" {
        return Ok(platform.runner.iter().map(|s| (*s).to_owned()).collect());
    }
    let libs = debian::old_glibc(&dir.join("old-glibc"))?.join("lib/x86_64-linux-gnu");
    let loader = libs.join("ld-linux-x86-64.so.2");
    Ok(vec![loader.display().to_string(), "--library-path".to_owned(), libs.display().to_string()])
}

/// Checks the platform's shipped shared library: it exports exactly `tallyfy.h`'s functions;
/// on Windows it imports no MinGW runtime DLL (a user installs nothing besides it); on glibc it
/// needs at most GLIBC_2.17.
fn check_library(platform: &Platform, prefix: &Path) -> Result {
    let library = match platform.os {
        Os::Windows => prefix.join("bin/tallyfy.dll"),
        _ => prefix.join(format!("lib/libtallyfy.so.{}", native::version()?)),
    };
    symbols::check_exports(&library, platform.os)?;
    native::no_local_paths_in(&[library.as_path(), prefix.join("lib/libtallyfy.a").as_path()])?;
    if platform.os == Os::Windows {
        let imports = output(command("llvm-readobj").arg("--coff-imports").arg(&library))?;
        let dlls: Vec<&str> = imports.lines().filter_map(|l| l.trim().strip_prefix("Name: ")).collect();
        if dlls.is_empty() || dlls.iter().any(|d| d.to_lowercase().starts_with("lib")) {
            return Err(format!("tallyfy.dll imports {dlls:?}: only Windows' own DLLs are allowed"));
        }
        println!("tallyfy.dll imports only Windows' own DLLs: {}", dlls.join(", "));
        // The MSVC import library: an import of tallyfy.dll for every function of tallyfy.h.
        let implib = prefix.join("lib/tallyfy.lib");
        let names = output(command("llvm-nm").arg("--just-symbol-name").arg(&implib))?;
        let bytes = fs::read(&implib).map_err(|e| format!("{}: {e}", implib.display()))?;
        let missing: Vec<String> = symbols::header_functions()?
            .into_iter()
            .filter(|f| !names.lines().any(|l| l.trim() == format!("__imp_{f}")))
            .collect();
        if !missing.is_empty() || !bytes.windows(11).any(|w| w == b"tallyfy.dll") {
            return Err(format!("lib/tallyfy.lib does not import {missing:?} from tallyfy.dll"));
        }
        println!("lib/tallyfy.lib imports every function of tallyfy.h from tallyfy.dll");
    }
    if platform.triple.ends_with("-linux-gnu") {
        max_glibc(&library, "2.17")?;
    }
    Ok(())
}

/// Fails unless `library` needs at most version `limit` of glibc's symbols.
pub fn max_glibc(library: &Path, limit: &str) -> Result {
    let symbols = output(command("readelf").args(["-W", "--dyn-syms"]).arg(library))?;
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let needed = symbols
        .split_whitespace()
        .filter_map(|w| w.split_once("@GLIBC_").map(|(_, v)| v.split(' ').next().unwrap_or(v).to_owned()))
        .max_by_key(|v| parse(v))
        .ok_or_else(|| format!("{} needs no versioned glibc symbol", library.display()))?;
    if parse(&needed) > parse(limit) {
        return Err(format!("{} needs GLIBC_{needed}, above {limit}", library.display()));
    }
    println!("{}: needs GLIBC_{needed} at most (limit {limit})", library.display());
    Ok(())
}

/// Writes the CMake toolchain file of the platform's C compiler.
fn toolchain_file(platform: &Platform, dir: &Path) -> Result<PathBuf> {
    let mut cc = platform.cc.ok_or_else(|| format!("{} has no C compiler here", platform.rid))?.to_owned();
    if let Some(args) = cc.strip_prefix("zig ") {
        // CMake takes a compiler without arguments: a script runs zig with them.
        let python = platforms::zig_venv()?.join("python3");
        let script = format!("#!/bin/sh\nexec '{}' -m ziglang {args} \"$@\"\n", python.display());
        let path = dir.join("zig-cc");
        fs::write(&path, script).map_err(|e| format!("{}: {e}", path.display()))?;
        run(command("chmod").arg("+x").arg(&path))?;
        cc = path.display().to_string();
    }
    let (system, processor, root_path) = match platform.rid {
        "win-x64" => ("Windows", "x86_64", "/usr/x86_64-w64-mingw32"),
        "linux-arm64" => ("Linux", "aarch64", "/usr/aarch64-linux-gnu"),
        "linux-musl-x64" => ("Linux", "x86_64", "/usr/lib/x86_64-linux-musl"),
        _ => ("Linux", "x86_64", ""),
    };
    let mut text = format!(
        "# Written by cargo xtask for the C suites of {rid}.\n\
         set(CMAKE_SYSTEM_NAME {system})\nset(CMAKE_SYSTEM_PROCESSOR {processor})\n\
         set(CMAKE_C_COMPILER {cc})\nset(CMAKE_FIND_ROOT_PATH {root_path})\n\
         set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)\nset(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)\n\
         set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)\n",
        rid = platform.rid
    );
    if platform.os == Os::Windows {
        // libgcc linked in, so the programs and DLLs need no libgcc_s_seh-1.dll.
        text.push_str("set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)\n");
        text.push_str("set(CMAKE_EXE_LINKER_FLAGS_INIT \"-static-libgcc\")\n");
        text.push_str("set(CMAKE_SHARED_LINKER_FLAGS_INIT \"-static-libgcc\")\n");
    }
    let path = dir.join("toolchain.cmake");
    fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// cmocka and cJSON built for the platform and installed into `dir/deps` (once).
fn libraries(platform: &Platform, toolchain: &Path, dir: &Path) -> Result<PathBuf> {
    let deps = dir.join("deps");
    if deps.join("lib/pkgconfig/cmocka.pc").exists() && deps.join("lib/pkgconfig/libcjson.pc").exists() {
        return Ok(deps);
    }
    let names: Vec<&str> = LIBRARIES.iter().map(|(name, _)| *name).collect();
    let sources = debian::sources(&names, &platforms::tools_dir().join("src"))?;
    for (name, options) in LIBRARIES {
        let source = sources.join(name);
        let build = dir.join(format!("build-{name}"));
        let _ = fs::remove_dir_all(&build);
        run(command("cmake")
            .arg("-S")
            .arg(&source)
            .arg("-B")
            .arg(&build)
            .arg(format!("-DCMAKE_TOOLCHAIN_FILE={}", toolchain.display()))
            .arg(format!("-DCMAKE_INSTALL_PREFIX={}", deps.display()))
            .args(["-DCMAKE_BUILD_TYPE=Release", "-Wno-dev", "-Wno-deprecated"])
            .args(*options))?;
        run(command("cmake").arg("--build").arg(&build).args(["--parallel", "2"]))?;
        run(command("cmake").arg("--install").arg(&build))?;
    }
    println!("{}: cmocka and cJSON built from Debian's sources", platform.rid);
    Ok(deps)
}
