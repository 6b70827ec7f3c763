//! The C# suites on CoreCLR (.NET Core 3.1, the runtime of PyPI's `dotnetcore2` wheels; no
//! .NET SDK is reachable here): the same `mcs`-built programs as on Mono, each run by `dotnet`
//! with a `runtimeconfig.json`, next to `Tallyfy.Groups.dll` and the shipped native library of the
//! platform: on Linux (linux-x64) and on Windows under wine64 (win-x64).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::csharp;
use crate::native;
use crate::platforms::{self, Os};
use crate::run::{command, root, run, Result};
use crate::sandbox::{target_dir, Sandbox};

/// The pinned PyPI package holding the .NET Core runtime, and the runtime's version.
const PACKAGE: &str = "dotnetcore2==3.1.23";
const RUNTIME_VERSION: &str = "3.1.23";

/// One C# test program: its name and sources (`tests/csharp/`).
struct TestProgram {
    name: &'static str,
    sources: &'static [&'static str],
}

/// The programs of the Mono suites `csharp` and `csharp-e2e` (`csharp::test`, `test_e2e`):
/// every vector (takes the vectors' folder), the binding's own tests (takes `tallyfy.h`), and
/// `GroupsClient` against the sandbox named by `TALLYFY_BASE_URL`.
const VECTOR_TESTS: TestProgram =
    TestProgram { name: "vector-tests", sources: &["tests/csharp/MiniJson.cs", "tests/csharp/VectorTests.cs"] };
const BINDING_TESTS: TestProgram = TestProgram { name: "binding-tests", sources: &["tests/csharp/BindingTests.cs"] };
const E2E_TESTS: TestProgram = TestProgram { name: "e2e-tests", sources: &["tests/csharp/E2eTests.cs"] };

/// Suite `csharp-coreclr`: the vector, binding and end-to-end C# suites on CoreCLR for Linux,
/// with the linux-x64 library the NuGet package ships.
pub fn test_linux() -> Result {
    suites("linux-x64")
}

/// Suite `csharp-coreclr-win`: the same on CoreCLR for Windows under wine64, with `tallyfy.dll`
/// of win-x64.
pub fn test_windows() -> Result {
    suites("win-x64")
}

/// Runs `tests/csharp/PackageApp.cs` on CoreCLR for Linux and for Windows (wine64) from the
/// files of the NuGet package installed in `installed`, laid out as `dotnet build` lays out a
/// portable app: Tallyfy.Groups.dll next to the program, the package's whole `runtimes/` folder, and
/// a deps.json naming each native library with its runtime id; the host picks its own.
pub fn run_package_app(installed: &Path) -> Result {
    let dir = target_dir().join("tallyfy-native").join("coreclr-package");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let tallyfy = installed.join("lib/netstandard2.0/Tallyfy.Groups.dll");
    native::copy(&tallyfy, &dir.join("Tallyfy.Groups.dll"))?;
    let exe = dir.join("App.exe");
    csharp::compile(&exe, &tallyfy, &["tests/csharp/PackageApp.cs"])?;
    let mut natives = Vec::new();
    for platform in platforms::PLATFORMS {
        let native_dir = format!("runtimes/{}/native", platform.rid);
        fs::create_dir_all(dir.join(&native_dir)).map_err(|e| format!("{native_dir}: {e}"))?;
        for entry in fs::read_dir(installed.join(&native_dir)).map_err(|e| format!("{native_dir}: {e}"))? {
            let file = entry.map_err(|e| format!("{native_dir}: {e}"))?.file_name();
            native::copy(&installed.join(&native_dir).join(&file), &dir.join(&native_dir).join(&file))?;
            natives.push((format!("{native_dir}/{}", file.to_string_lossy()), platform.rid.to_owned()));
        }
    }
    lay_out(&exe, "App", &dir, &natives)?;
    platforms::wine_prefix()?;
    for os in [Os::Linux, Os::Windows] {
        let dotnet = runtime(os)?;
        let mut cmd = match os {
            Os::Windows => {
                let mut cmd = Command::new(platforms::find("win-x64").map(|p| p.runner[0]).unwrap_or("wine64"));
                platforms::wine_env(cmd.arg(&dotnet));
                cmd
            }
            _ => Command::new(&dotnet),
        };
        let out = crate::run::output(
            cmd.arg(dir.join("App.dll"))
                .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
                .env_remove("LD_LIBRARY_PATH"),
        )?;
        if !out.contains("created g1 (Onboarding)") {
            return Err(format!("the package's program on CoreCLR ({os:?}) printed: {out}"));
        }
        println!("CoreCLR {RUNTIME_VERSION} ({os:?}): ran the package's program from its runtimes/ folder");
    }
    Ok(())
}

/// Builds the programs, lays them out with `Tallyfy.Groups.dll` and the platform's library in one
/// folder, and runs each under `dotnet` (through wine64 for Windows).
fn suites(rid: &str) -> Result {
    let platform = platforms::find(rid)?;
    let dotnet = runtime(platform.os)?;
    if platform.os == Os::Windows {
        platforms::wine_prefix()?;
    }
    let prefix = native::staged_platform(platform)?;
    let dir = target_dir().join("tallyfy-native").join(format!("coreclr-{rid}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // As `dotnet build` lays out a portable app using the NuGet package: Tallyfy.Groups.dll next to the
    // program, the native library under runtimes/RID/native/, both named in <app>.deps.json. On
    // Windows the native library also sits next to the program, as `dotnet publish -r win-x64`
    // and .NET Framework projects put it: Windows names files case-insensitively, and the
    // binding's name (not `Tallyfy.dll`) keeps the two apart.
    let (native_file, shipped) = match platform.os {
        Os::Windows => ("tallyfy.dll", prefix.join("bin/tallyfy.dll")),
        _ => ("libtallyfy.so", prefix.join(format!("lib/libtallyfy.so.{}", native::version()?))),
    };
    let native_path = format!("runtimes/{rid}/native/{native_file}");
    for program in [&VECTOR_TESTS, &BINDING_TESTS, &E2E_TESTS] {
        let exe = csharp::program(program.name, program.sources)?;
        lay_out(&exe, program.name, &dir, &[(native_path.clone(), rid.to_owned())])?;
    }
    native::copy(&csharp::dll()?.join("Tallyfy.Groups.dll"), &dir.join("Tallyfy.Groups.dll"))?;
    fs::create_dir_all(dir.join(format!("runtimes/{rid}/native"))).map_err(|e| format!("runtimes: {e}"))?;
    native::copy(&shipped, &dir.join(&native_path))?;
    if platform.os == Os::Windows {
        native::copy(&shipped, &dir.join(native_file))?;
    }
    let runner = |program: &TestProgram| -> Command {
        let mut cmd = match platform.os {
            Os::Windows => {
                let mut cmd = Command::new(platforms::find("win-x64").map(|p| p.runner[0]).unwrap_or("wine64"));
                platforms::wine_env(cmd.arg(&dotnet));
                cmd
            }
            _ => Command::new(&dotnet),
        };
        cmd.arg(dir.join(format!("{}.dll", program.name)))
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .env_remove("LD_LIBRARY_PATH")
            .current_dir(&dir);
        cmd
    };
    run(runner(&VECTOR_TESTS).arg(root().join("tests/vectors")))?;
    run(runner(&BINDING_TESTS).arg(root().join("ffi/include/tallyfy.h")))?;
    let sandbox = Sandbox::start(&[])?;
    run(runner(&E2E_TESTS).env("TALLYFY_BASE_URL", &sandbox.base_url))?;
    println!("C# suites passed on CoreCLR {RUNTIME_VERSION} ({rid})");
    Ok(())
}

/// Puts the program `exe` in `dir` as `<name>.dll` with its `<name>.runtimeconfig.json` (which
/// makes `dotnet` run it on .NET Core) and its `<name>.deps.json`, which names Tallyfy.Groups.dll and
/// the native libraries (path under `dir`, runtime id), as the .NET SDK writes it.
fn lay_out(exe: &Path, name: &str, dir: &Path, natives: &[(String, String)]) -> Result {
    native::copy(exe, &dir.join(format!("{name}.dll")))?;
    let config = format!(
        "{{\"runtimeOptions\":{{\"framework\":{{\"name\":\"Microsoft.NETCore.App\",\"version\":\"{RUNTIME_VERSION}\"}}}}}}\n"
    );
    let path = dir.join(format!("{name}.runtimeconfig.json"));
    fs::write(&path, config).map_err(|e| format!("{}: {e}", path.display()))?;
    let version = native::version()?;
    let targets: Vec<String> = natives
        .iter()
        .map(|(path, rid)| format!("\"{path}\": {{ \"rid\": \"{rid}\", \"assetType\": \"native\" }}"))
        .collect();
    let targets = targets.join(",\n          ");
    let deps = format!(
        r#"{{
  "runtimeTarget": {{ "name": ".NETCoreApp,Version=v3.1" }},
  "targets": {{
    ".NETCoreApp,Version=v3.1": {{
      "{name}/1.0.0": {{ "dependencies": {{ "Tallyfy.Groups": "{version}" }}, "runtime": {{ "{name}.dll": {{}} }} }},
      "Tallyfy.Groups/{version}": {{
        "runtime": {{ "lib/netstandard2.0/Tallyfy.Groups.dll": {{}} }},
        "runtimeTargets": {{ {targets} }}
      }}
    }}
  }},
  "libraries": {{
    "{name}/1.0.0": {{ "type": "project", "serviceable": false, "sha512": "" }},
    "Tallyfy.Groups/{version}": {{ "type": "package", "serviceable": false, "sha512": "", "path": "tallyfy.groups/{version}" }}
  }}
}}
"#
    );
    let path = dir.join(format!("{name}.deps.json"));
    fs::write(&path, deps).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `dotnet` host of the .NET Core runtime for `os` (Linux or Windows), unpacked once from
/// the `dotnetcore2` wheel (downloaded with pip into the tools folder).
fn runtime(os: Os) -> Result<PathBuf> {
    let (platform, host) = match os {
        Os::Windows => ("win_amd64", "dotnet.exe"),
        _ => ("manylinux1_x86_64", "dotnet"),
    };
    let dir = platforms::tools_dir().join(format!("dotnet-{platform}"));
    let dotnet = dir.join("dotnetcore2").join("bin").join(host);
    if dotnet.exists() {
        return Ok(dotnet);
    }
    // The venv that holds zig also has pip.
    let python = platforms::zig_venv()?.join("python3");
    let wheels = platforms::tools_dir().join("wheels");
    run(command(&python.display().to_string())
        .args([
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            platform,
            PACKAGE,
            "-d",
        ])
        .arg(&wheels))?;
    let wheel = fs::read_dir(&wheels)
        .map_err(|e| format!("{}: {e}", wheels.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with(&format!("{platform}.whl")))
        .ok_or_else(|| format!("pip brought no {PACKAGE} wheel for {platform}"))?;
    let _ = fs::remove_dir_all(&dir);
    run(command("python3").args(["-m", "zipfile", "-e"]).arg(&wheel).arg(&dir))?;
    if os != Os::Windows {
        // zipfile keeps no file modes: the host and the runtime's libraries must be executable.
        run(command("chmod").args(["-R", "u+x"]).arg(dir.join("dotnetcore2/bin")))?;
    }
    Ok(dotnet)
}
