//! The NuGet package `Tallyfy.Groups`: `cargo xtask dist nuget [DIR]` and the suite `nuget`,
//! which installs it with Debian's `nuget` and runs a program under Mono from its files only.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::coreclr;
use crate::csharp;
use crate::native;
use crate::platforms::{Os, Platform, PLATFORMS};
use crate::run::{command, output, root, run, Result};
use crate::sandbox::target_dir;
use crate::setup;

/// Debian packages for laying out and installing the package (`nuget` 2.8.7 runs on Mono).
const PACKAGES: &[&str] = &["zip", "unzip", "nuget"];

/// The package's id.
const ID: &str = "Tallyfy.Groups";

/// The package's own files, in `ffi/bindings/csharp/package/`.
const SOURCES: &str = "ffi/bindings/csharp/package";

/// `[Content_Types].xml`: the content type of every part (NuGet packages are OPC zip files).
const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="dll" ContentType="application/octet" /><Default Extension="xml" ContentType="application/octet" /><Default Extension="so" ContentType="application/octet" /><Default Extension="dylib" ContentType="application/octet" /><Default Extension="targets" ContentType="application/octet" /><Default Extension="md" ContentType="application/octet" /><Override PartName="/LICENSE" ContentType="application/octet" /><Override PartName="/LICENSE-MIT" ContentType="application/octet" /><Override PartName="/LICENSE-APACHE" ContentType="application/octet" /></Types>
"#;

/// `_rels/.rels`: points NuGet at the manifest.
const RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/Tallyfy.Groups.nuspec" Id="manifest" /></Relationships>
"#;

/// Every file of the package, as the test expects to find it.
const FILES: &[&str] = &[
    "[Content_Types].xml",
    "_rels/.rels",
    "Tallyfy.Groups.nuspec",
    "README.md",
    "LICENSE",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "lib/netstandard2.0/Tallyfy.Groups.dll",
    "lib/netstandard2.0/Tallyfy.Groups.xml",
    "runtimes/linux-x64/native/libtallyfy.so",
    "runtimes/linux-arm64/native/libtallyfy.so",
    "runtimes/linux-musl-x64/native/libtallyfy.so",
    "runtimes/win-x64/native/tallyfy.dll",
    "runtimes/osx-x64/native/libtallyfy.dylib",
    "runtimes/osx-arm64/native/libtallyfy.dylib",
    "build/Tallyfy.Groups.targets",
];

/// The shipped shared library of `platform` in its `dist c --target` tree, and the name .NET
/// looks for (`DllImport("tallyfy")`) in `runtimes/RID/native/`.
pub fn native_library(platform: &Platform, prefix: &Path) -> Result<(PathBuf, &'static str)> {
    Ok(match platform.os {
        Os::Linux => (prefix.join(format!("lib/libtallyfy.so.{}", native::version()?)), "libtallyfy.so"),
        Os::Windows => (prefix.join("bin/tallyfy.dll"), "tallyfy.dll"),
        Os::Mac => (prefix.join("lib/libtallyfy.dylib"), "libtallyfy.dylib"),
    })
}

/// Writes `dir/Tallyfy.Groups.<version>.nupkg`: the binding (`lib/netstandard2.0/`), the
/// native library of every platform (`runtimes/RID/native/`, as `dist c --target RID` ships
/// it), the build targets for .NET Framework and Mono projects, the README and the license
/// files. Returns the package's path.
pub fn dist(dir: &Path) -> Result<PathBuf> {
    setup::apt(PACKAGES)?;
    let lib = csharp::dll()?;
    let version = native::version()?;
    let stage = target_dir().join("tallyfy-native").join("nuget-stage");
    let _ = fs::remove_dir_all(&stage);
    for folder in ["_rels", "lib/netstandard2.0", "build"] {
        fs::create_dir_all(stage.join(folder)).map_err(|e| format!("{folder}: {e}"))?;
    }
    for platform in PLATFORMS {
        let prefix = native::staged_platform(platform)?;
        let (library, name) = native_library(platform, &prefix)?;
        let folder = stage.join("runtimes").join(platform.rid).join("native");
        fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        native::copy(&library, &folder.join(name))?;
    }
    let sources = root().join(SOURCES);
    let nuspec = fs::read_to_string(sources.join("Tallyfy.Groups.nuspec")).map_err(|e| format!("nuspec: {e}"))?;
    write(&stage.join("Tallyfy.Groups.nuspec"), &nuspec.replace("@VERSION@", &version))?;
    write(&stage.join("[Content_Types].xml"), CONTENT_TYPES)?;
    write(&stage.join("_rels/.rels"), RELATIONSHIPS)?;
    native::copy(&sources.join("README.md"), &stage.join("README.md"))?;
    native::copy(&sources.join("Tallyfy.Groups.targets"), &stage.join("build/Tallyfy.Groups.targets"))?;
    for license in native::LICENSE_FILES {
        native::copy(&root().join(license), &stage.join(license))?;
    }
    native::copy(&lib.join("Tallyfy.Groups.dll"), &stage.join("lib/netstandard2.0/Tallyfy.Groups.dll"))?;
    native::copy(&lib.join("Tallyfy.Groups.xml"), &stage.join("lib/netstandard2.0/Tallyfy.Groups.xml"))?;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let dir = fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let package = dir.join(format!("{ID}.{version}.nupkg"));
    let _ = fs::remove_file(&package);
    run(Command::new("zip").args(["-q", "-X", "-D"]).arg(&package).args(FILES).current_dir(&stage))?;
    println!("{ID} {version} written to {}", package.display());
    Ok(package)
}

fn write(path: &Path, text: &str) -> Result {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Suite `nuget`: lays out the package, checks its file list, installs it from a local folder
/// with Debian's `nuget`, then builds and runs a program under Mono from the package's files
/// only: once with the commands of the package's README for Mono users, once as a .NET
/// Framework project (xbuild) that imports `build/Tallyfy.Groups.targets`.
pub fn test() -> Result {
    let base = target_dir().join("tallyfy-native").join("nuget");
    let _ = fs::remove_dir_all(&base);
    let feed = base.join("feed");
    let package = dist(&feed)?;
    let listed = output(Command::new("unzip").arg("-Z1").arg(&package))?;
    let mut have: Vec<&str> = listed.lines().collect();
    let mut want = FILES.to_vec();
    have.sort_unstable();
    want.sort_unstable();
    if have != want {
        return Err(format!("the package holds {have:?}, expected {want:?}"));
    }

    // As the package README tells a Mono user, in a folder holding only the program's source.
    let mono = base.join("mono");
    fs::create_dir_all(&mono).map_err(|e| format!("{}: {e}", mono.display()))?;
    native::copy(&root().join("tests/csharp/PackageApp.cs"), &mono.join("App.cs"))?;
    let readme = fs::read_to_string(root().join(SOURCES).join("README.md")).map_err(|e| format!("README: {e}"))?;
    let steps = native::readme_block(&readme, "## Mono", "sh")?;
    run(Command::new("sh").args(["-ec", &steps]).current_dir(&mono).env("FEED", &feed).env_remove("LD_LIBRARY_PATH"))?;
    let installed = mono.join("packages").join(format!("{ID}.{}", native::version()?));
    expect_same(&installed.join("runtimes/linux-x64/native/libtallyfy.so"), &mono.join("libtallyfy.so"))?;

    // A .NET Framework project file, as packages.config writes it: the reference and the
    // import of the package's build targets, which must copy libtallyfy.so to the output.
    let framework = base.join("framework");
    fs::create_dir_all(&framework).map_err(|e| format!("{}: {e}", framework.display()))?;
    native::copy(&root().join("tests/csharp/PackageApp.cs"), &framework.join("App.cs"))?;
    let installed = fs::canonicalize(&installed).map_err(|e| format!("{}: {e}", installed.display()))?;
    write(&framework.join("App.csproj"), &csproj(&installed))?;
    run(command("xbuild").args(["/nologo", "/verbosity:minimal"]).arg(framework.join("App.csproj")))?;
    expect_same(&installed.join("runtimes/linux-x64/native/libtallyfy.so"), &framework.join("bin/libtallyfy.so"))?;
    let out = output(command("mono").arg(framework.join("bin/App.exe")).env_remove("LD_LIBRARY_PATH"))?;
    if !out.contains("created g1 (Onboarding)") {
        return Err(format!("the .NET Framework project's program printed: {out}"));
    }
    // Each runtimes/RID/native file is the library `dist c --target RID` ships.
    for platform in PLATFORMS {
        let (library, name) =
            native_library(platform, &target_dir().join("tallyfy-native").join(format!("dist-{}", platform.rid)))?;
        expect_same(&library, &installed.join("runtimes").join(platform.rid).join("native").join(name))?;
    }
    coreclr::run_package_app(&installed)?;
    println!("{ID}: installed with nuget, run under Mono from its README's steps and as a .NET Framework project, and on CoreCLR (Linux, Windows) from its runtimes/");
    Ok(())
}

/// A .NET Framework 4.6.1 project (the first that runs .NET Standard 2.0) using the package
/// installed in `installed`, as NuGet's packages.config mode writes it.
fn csproj(installed: &Path) -> String {
    let package = installed.display();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="4.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <AssemblyName>App</AssemblyName>
    <TargetFrameworkVersion>v4.6.1</TargetFrameworkVersion>
    <OutputPath>bin</OutputPath>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="System" />
    <Reference Include="System.Net.Http" />
    <Reference Include="Tallyfy.Groups">
      <HintPath>{package}/lib/netstandard2.0/Tallyfy.Groups.dll</HintPath>
    </Reference>
    <Compile Include="App.cs" />
  </ItemGroup>
  <Import Project="$(MSBuildToolsPath)/Microsoft.CSharp.targets" />
  <Import Project="{package}/build/Tallyfy.Groups.targets" />
</Project>
"#
    )
}

/// Fails unless both files exist with the same bytes.
fn expect_same(a: &Path, b: &Path) -> Result {
    let (x, y) = (fs::read(a).unwrap_or_default(), fs::read(b).unwrap_or_default());
    if x.is_empty() || x != y {
        return Err(format!("{} is missing or differs from {}", b.display(), a.display()));
    }
    Ok(())
}
