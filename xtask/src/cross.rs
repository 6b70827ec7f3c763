//! The C suites (tests/c: vectors, misuse, abi) for the platforms of `platforms.rs` that run
//! here: built from the same sources and CMake project as the host suite `c`, with the
//! platform's cross compiler, against its `dist c --target RID` tree, and run by CTest under
//! the platform's runner (wine64, qemu, the musl loader). Their libraries (cmocka, cJSON) are
//! built for the platform from Debian's source packages.

use std::fs;
use std::path::{Path, PathBuf};

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

/// Suite `c-linux-arm64`: the C suites against the aarch64 `libtallyfy.so`, run under qemu.
pub fn test_linux_arm64() -> Result {
    test_platform(platforms::find("linux-arm64")?, &[false])
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
    for &linked_static in statics {
        let build = dir.join(if linked_static { "tests-static" } else { "tests-shared" });
        let _ = fs::remove_dir_all(&build);
        let pkg_config = format!("{}:{}", deps.join("lib/pkgconfig").display(), prefix.join("lib/pkgconfig").display());
        let launcher = platform.runner.join(";");
        let mut cmake = command("cmake");
        if linked_static && platform.rid == "linux-musl-x64" {
            // Debian has no libgcc_s for musl (Alpine's libgcc is one): the test programs take
            // the unwinder from Rust's self-contained libunwind.a, and `-lgcc_s` finds an empty
            // archive.
            let sysroot = output(command("rustc").args(["--print", "sysroot"]))?;
            let unwind = Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(platform.triple)
                .join("lib/self-contained/libunwind.a");
            let empty = dir.join("no-libgcc_s");
            fs::create_dir_all(&empty).map_err(|e| format!("{}: {e}", empty.display()))?;
            let _ = fs::remove_file(empty.join("libgcc_s.a"));
            run(command("ar").arg("rc").arg(empty.join("libgcc_s.a")))?;
            cmake.arg(format!("-DTALLYFY_STATIC_EXTRA={}", unwind.display()));
            cmake.arg(format!("-DCMAKE_EXE_LINKER_FLAGS=-L{}", empty.display()));
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
            // Windows finds DLLs next to the program: the library (unless linked statically),
            // cmocka, cJSON and MinGW's winpthread (misuse.c starts threads).
            let mut dlls = vec![deps.join("bin/cmocka.dll"), deps.join("bin/libcjson.dll")];
            dlls.push(PathBuf::from("/usr/x86_64-w64-mingw32/lib/libwinpthread-1.dll"));
            if !linked_static {
                dlls.push(prefix.join("bin/tallyfy.dll"));
            }
            for dll in dlls {
                let name = dll.file_name().unwrap_or_default().to_owned();
                native::copy(&dll, &build.join(name))?;
            }
        }
        let mut ctest = command("ctest");
        ctest.arg("--test-dir").arg(&build).arg("--output-on-failure");
        runner_env(platform, &dir, &mut ctest);
        run(&mut ctest)?;
        println!(
            "{}: C suites passed, linked {}",
            platform.rid,
            if linked_static { "statically" } else { "dynamically" }
        );
    }
    Ok(())
}

/// The environment the platform's runner needs: wine's prefix inside the target folder.
fn runner_env(platform: &Platform, dir: &Path, cmd: &mut std::process::Command) {
    if platform.os == Os::Windows {
        cmd.env("WINEPREFIX", dir.join("wineprefix")).env("WINEDEBUG", "-all");
    }
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
    if platform.os == Os::Windows {
        let imports = output(command("llvm-readobj").arg("--coff-imports").arg(&library))?;
        let dlls: Vec<&str> = imports.lines().filter_map(|l| l.trim().strip_prefix("Name: ")).collect();
        if dlls.is_empty() || dlls.iter().any(|d| d.to_lowercase().starts_with("lib")) {
            return Err(format!("tallyfy.dll imports {dlls:?}: only Windows' own DLLs are allowed"));
        }
        println!("tallyfy.dll imports only Windows' own DLLs: {}", dlls.join(", "));
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
    let cc = platform.cc.ok_or_else(|| format!("{} has no C compiler here", platform.rid))?;
    let (system, processor, root_path) = match platform.rid {
        "win-x64" => ("Windows", "x86_64", "/usr/x86_64-w64-mingw32"),
        "linux-arm64" => ("Linux", "aarch64", "/usr/aarch64-linux-gnu"),
        _ => ("Linux", "x86_64", "/usr/lib/musl"),
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
    let sources = debian_sources()?;
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

/// Debian's source packages of [`LIBRARIES`], unpacked once (with Debian's patches) into
/// `tools/src/<name>`, fetched by `apt-get source` from the mirror this machine's apt uses,
/// through a private source list (the machine's apt configuration is left alone).
fn debian_sources() -> Result<PathBuf> {
    let dir = platforms::tools_dir().join("src");
    if LIBRARIES.iter().all(|(name, _)| dir.join(name).join("CMakeLists.txt").exists()) {
        return Ok(dir);
    }
    let apt = platforms::tools_dir().join("apt");
    for sub in ["parts", "lists/partial", "cache/archives/partial"] {
        fs::create_dir_all(apt.join(sub)).map_err(|e| format!("{sub}: {e}"))?;
    }
    let (mirror, suite) = mirror()?;
    let list = format!("deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] {mirror} {suite} main\n");
    fs::write(apt.join("sources.list"), list).map_err(|e| format!("sources.list: {e}"))?;
    let options = [
        format!("-oDir::Etc::SourceList={}", apt.join("sources.list").display()),
        format!("-oDir::Etc::SourceParts={}", apt.join("parts").display()),
        format!("-oDir::State::Lists={}", apt.join("lists").display()),
        format!("-oDir::Cache={}", apt.join("cache").display()),
    ];
    run(command("apt-get").args(&options).args(["update", "-q"]))?;
    let unpack = apt.join("unpack");
    let _ = fs::remove_dir_all(&unpack);
    fs::create_dir_all(&unpack).map_err(|e| format!("{}: {e}", unpack.display()))?;
    let names: Vec<&str> = LIBRARIES.iter().map(|(name, _)| *name).collect();
    run(command("apt-get").args(&options).args(["source", "-q"]).args(&names).current_dir(&unpack))?;
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for name in names {
        let unpacked = fs::read_dir(&unpack)
            .map_err(|e| format!("{}: {e}", unpack.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.is_dir() && p.file_name().is_some_and(|f| f.to_string_lossy().starts_with(&format!("{name}-"))))
            .ok_or_else(|| format!("apt-get source {name} unpacked nothing"))?;
        let _ = fs::remove_dir_all(dir.join(name));
        fs::rename(&unpacked, dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(dir)
}

/// The Debian mirror and release this machine's apt uses (the first `URIs:`/`Suites:` of
/// `/etc/apt/sources.list.d/*.sources`, else the first `deb` line of `/etc/apt/sources.list`).
fn mirror() -> Result<(String, String)> {
    let mut files: Vec<PathBuf> = fs::read_dir("/etc/apt/sources.list.d")
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sources"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let field =
            |key: &str| text.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.split_whitespace().next());
        if let (Some(uri), Some(suite)) = (field("URIs:"), field("Suites:")) {
            if uri.contains("debian") && !suite.contains("security") {
                return Ok((uri.to_owned(), suite.to_owned()));
            }
        }
    }
    let list = fs::read_to_string("/etc/apt/sources.list").unwrap_or_default();
    list.lines()
        .filter_map(|l| l.strip_prefix("deb "))
        .map(|l| l.split_whitespace().filter(|w| !w.starts_with('[')).collect::<Vec<_>>())
        .find_map(|w| (w.len() >= 2 && !w[1].contains("security")).then(|| (w[0].to_owned(), w[1].to_owned())))
        .ok_or_else(|| "no Debian mirror in /etc/apt/sources.list*".to_owned())
}
