//! The platforms libtallyfy ships for: one table (NuGet runtime id, Rust target, linker, file
//! names, the C compiler and runner its tests use here), and the release build of each.

use std::path::PathBuf;

use crate::run::{cargo, output, remap_paths, run, Result};
use crate::sandbox::target_dir;
use crate::setup;

/// The operating system family of a platform: it decides the library's file names and layout.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Os {
    /// ELF: `libtallyfy.so.X.Y.Z` with a SONAME, `libtallyfy.a`, pkg-config and CMake files.
    Linux,
    /// PE: `bin/tallyfy.dll`, its import library `lib/libtallyfy.dll.a`, `lib/libtallyfy.a`.
    Windows,
    /// Mach-O: `lib/libtallyfy.dylib` (install name `@rpath/libtallyfy.dylib`), `libtallyfy.a`.
    Mac,
}

/// One platform libtallyfy is built for.
pub struct Platform {
    /// The .NET runtime identifier, also the name `dist c --target` takes.
    pub rid: &'static str,
    /// The Rust target triple.
    pub triple: &'static str,
    /// The target `cargo zigbuild` links for (a glibc version may follow the triple), or `None`
    /// when the Debian cross linker links it (`linker`).
    pub zig: Option<&'static str>,
    /// The Debian cross linker (`None`: cargo's default, or zig).
    pub linker: Option<&'static str>,
    /// What the static library needs from the system (`rustc --print native-static-libs`).
    pub native_static_libs: &'static str,
    /// Extra rustc flags for every crate of the build.
    pub rustflags: &'static [&'static str],
    /// The family: file names and layout.
    pub os: Os,
    /// The C compiler the C suites are built with here (`None`: not runnable here); `zig` stands
    /// for the zig of [`zig_venv`].
    pub cc: Option<&'static str>,
    /// The command each test program runs under here (empty: it runs directly).
    pub runner: &'static [&'static str],
    /// Debian packages that build and test it here.
    pub packages: &'static [&'static str],
}

/// What the glibc static library needs when a program links it.
const GLIBC_STATIC_LIBS: &str = "-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc";

/// Every platform shipped: `dist c --target RID` and the NuGet package's `runtimes/RID/native`.
pub const PLATFORMS: &[Platform] = &[
    Platform {
        rid: "linux-x64",
        triple: "x86_64-unknown-linux-gnu",
        zig: Some("x86_64-unknown-linux-gnu.2.17"),
        linker: None,
        native_static_libs: GLIBC_STATIC_LIBS,
        rustflags: &[],
        os: Os::Linux,
        // The suite runs the programs with Debian 11's glibc 2.31 loader (cross.rs).
        cc: Some("zig cc -target x86_64-linux-gnu.2.17"),
        runner: &[],
        packages: &[],
    },
    Platform {
        rid: "linux-arm64",
        triple: "aarch64-unknown-linux-gnu",
        zig: Some("aarch64-unknown-linux-gnu.2.17"),
        linker: None,
        native_static_libs: GLIBC_STATIC_LIBS,
        rustflags: &[],
        os: Os::Linux,
        cc: Some("aarch64-linux-gnu-gcc"),
        runner: &["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"],
        packages: &["gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross", "qemu-user"],
    },
    Platform {
        rid: "linux-musl-x64",
        triple: "x86_64-unknown-linux-musl",
        zig: Some("x86_64-unknown-linux-musl"),
        linker: None,
        // Built without crt-static (a shared library needs it off): the unwinder comes from
        // libgcc_s (Alpine's libgcc), as for glibc.
        native_static_libs: "-lgcc_s -lc",
        rustflags: &["-Ctarget-feature=-crt-static"],
        os: Os::Linux,
        cc: Some("musl-gcc"),
        runner: &[],
        packages: &["musl-tools"],
    },
    Platform {
        rid: "win-x64",
        triple: "x86_64-pc-windows-gnu",
        zig: None,
        linker: Some("x86_64-w64-mingw32-gcc"),
        native_static_libs: "-lkernel32 -lntdll -luserenv -lws2_32 -ldbghelp",
        rustflags: &[],
        os: Os::Windows,
        cc: Some("x86_64-w64-mingw32-gcc-posix"),
        runner: &["/usr/lib/wine/wine64"],
        packages: &["gcc-mingw-w64-x86-64", "wine64"],
    },
    Platform {
        rid: "osx-x64",
        triple: "x86_64-apple-darwin",
        zig: Some("x86_64-apple-darwin"),
        linker: None,
        native_static_libs: MACOS_STATIC_LIBS,
        rustflags: &[],
        os: Os::Mac,
        cc: None,
        runner: &[],
        packages: &["llvm"],
    },
    Platform {
        rid: "osx-arm64",
        triple: "aarch64-apple-darwin",
        zig: Some("aarch64-apple-darwin"),
        linker: None,
        native_static_libs: MACOS_STATIC_LIBS,
        rustflags: &[],
        os: Os::Mac,
        cc: None,
        runner: &[],
        packages: &["llvm"],
    },
];

/// What the macOS static library needs when a program links it.
const MACOS_STATIC_LIBS: &str = "-lSystem -lc -lm";

/// The oldest macOS the dylibs load on (`MACOSX_DEPLOYMENT_TARGET`).
pub const MACOS_MINIMUM: &str = "11.0";

/// The install name of the macOS dylib: found through the program's run paths.
pub const INSTALL_NAME: &str = "@rpath/libtallyfy.dylib";

/// The pinned PyPI packages that bring zig and cargo-zigbuild.
const ZIG_PACKAGES: &[&str] = &["ziglang==0.17.0", "cargo-zigbuild==0.24.0"];

/// The platform whose runtime id is `rid`.
pub fn find(rid: &str) -> Result<&'static Platform> {
    PLATFORMS.iter().find(|p| p.rid == rid).ok_or_else(|| {
        let rids: Vec<&str> = PLATFORMS.iter().map(|p| p.rid).collect();
        format!("no platform `{rid}`; platforms: {}", rids.join(", "))
    })
}

impl Platform {
    /// The release build of the shipped library (only `cdylib` and `staticlib`, no rlib):
    /// installs the Rust target, the Debian linker or zig first; returns the folder holding
    /// the built files. Dependencies' source paths are remapped (`remap_paths`).
    pub fn build(&self) -> Result<PathBuf> {
        setup::apt(self.packages)?;
        setup::rust_target(self.triple)?;
        let mut cmd = match self.zig {
            Some(zig) => {
                let bin = zig_venv()?;
                let mut cmd = crate::run::command(&bin.join("cargo-zigbuild").display().to_string());
                cmd.env("PATH", path_with(&bin)).env("CARGO", std::env::var("CARGO").unwrap_or("cargo".into()));
                cmd.args(["rustc", "--target", zig]);
                cmd
            }
            None => {
                let mut cmd = cargo();
                cmd.args(["rustc", "--target", self.triple]);
                cmd
            }
        };
        cmd.args(["--release", "--quiet", "-p", "tallyfy-ffi", "--crate-type", "cdylib", "--crate-type", "staticlib"]);
        if let Some(linker) = self.linker {
            cmd.env(format!("CARGO_TARGET_{}_LINKER", self.triple.to_uppercase().replace('-', "_")), linker);
        }
        remap_paths(&mut cmd);
        if !self.rustflags.is_empty() {
            // Every crate needs them. remap_paths put its flag either in CARGO_ENCODED_RUSTFLAGS
            // (join it) or in build.rustflags (cargo concatenates a second --config array).
            let encoded = cmd.get_envs().find(|(k, _)| *k == "CARGO_ENCODED_RUSTFLAGS").and_then(|(_, v)| v);
            match encoded.map(|v| v.to_string_lossy().into_owned()) {
                Some(flags) => {
                    let joined = format!("{flags}\x1f{}", self.rustflags.join("\x1f"));
                    cmd.env("CARGO_ENCODED_RUSTFLAGS", joined);
                }
                None => {
                    let list: Vec<String> = self.rustflags.iter().map(|f| format!("\"{f}\"")).collect();
                    cmd.args(["--config".to_owned(), format!("build.rustflags=[{}]", list.join(","))]);
                }
            }
        }
        if self.os == Os::Mac {
            cmd.env("MACOSX_DEPLOYMENT_TARGET", MACOS_MINIMUM);
            let (version, compatible) = (crate::native::version()?, compatibility_version()?);
            cmd.args(["--", "-C", &format!("link-arg=-Wl,-install_name,{INSTALL_NAME}")]);
            cmd.args(["-C", &format!("link-arg=-Wl,-current_version,{version}")]);
            cmd.args(["-C", &format!("link-arg=-Wl,-compatibility_version,{compatible}")]);
        }
        run(&mut cmd)?;
        Ok(target_dir().join(self.triple).join("release"))
    }
}

/// The compatibility version of the macOS dylib: the first of its ABI line (0.MINOR.0 before
/// 1.0, MAJOR.0.0 after), as the SONAME says on Linux; its current version is the crate's.
pub fn compatibility_version() -> Result<String> {
    let version = crate::native::version()?;
    let parts: Vec<&str> = version.split('.').collect();
    Ok(match parts[..] {
        ["0", minor, ..] => format!("0.{minor}.0"),
        [major, ..] => format!("{major}.0.0"),
        _ => version.clone(),
    })
}

/// `PATH` with `bin` first.
pub fn path_with(bin: &std::path::Path) -> std::ffi::OsString {
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).unwrap_or_default()
}

/// A Python venv under the target folder holding zig and cargo-zigbuild (pinned, from PyPI);
/// returns its `bin` folder. Installs it once.
pub fn zig_venv() -> Result<PathBuf> {
    let venv = tools_dir().join("zig");
    let bin = venv.join("bin");
    if !bin.join("cargo-zigbuild").exists() || !bin.join("python3").exists() {
        setup::apt(&["python3-venv"])?;
        run(crate::run::command("python3").args(["-m", "venv"]).arg(&venv))?;
        run(crate::run::command(&bin.join("pip").display().to_string()).args(["install", "-q"]).args(ZIG_PACKAGES))?;
    }
    let version =
        output(crate::run::command(&bin.join("python3").display().to_string()).args(["-m", "ziglang", "version"]))?;
    if version.trim().is_empty() {
        return Err("zig from the ziglang package does not run".to_owned());
    }
    Ok(bin)
}

/// Where the tools installed from PyPI and the Debian sources live (under the target folder).
pub fn tools_dir() -> PathBuf {
    target_dir().join("tallyfy-native").join("tools")
}

/// Sets the environment wine64 runs with: the prefix of [`wine_prefix`] and no debug output.
pub fn wine_env(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("WINEPREFIX", target_dir().join("tallyfy-native").join("wineprefix")).env("WINEDEBUG", "-all")
}

/// Makes the Wine prefix (its C: drive and registry, inside the target folder) once, and puts
/// the test-only stand-in for `bcryptprimitives.dll` (`tests/wine/bcryptprimitives.c`, which
/// Wine 8 lacks and Rust's std imports) into its system32. Run before any program under wine64.
pub fn wine_prefix() -> Result {
    let windows = find("win-x64")?;
    setup::apt(windows.packages)?;
    let system32 = target_dir().join("tallyfy-native/wineprefix/drive_c/windows/system32");
    if !system32.join("kernel32.dll").exists() {
        run(wine_env(&mut crate::run::command(windows.runner[0])).args(["wineboot", "--init"]))?;
    }
    let dll = tools_dir().join("bcryptprimitives.dll");
    run(crate::run::command("x86_64-w64-mingw32-gcc")
        .args(["-Wall", "-Wextra", "-Werror", "-O2", "-shared", "-static-libgcc", "-o"])
        .arg(&dll)
        .args(["tests/wine/bcryptprimitives.c", "-ladvapi32"]))?;
    let target = system32.join("bcryptprimitives.dll");
    std::fs::copy(&dll, &target).map(drop).map_err(|e| format!("{}: {e}", target.display()))
}
