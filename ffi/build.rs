//! Generates the C header into `OUT_DIR/tallyfy.h` (the `header` test compares it with the
//! committed `include/tallyfy.h`) and gives the shared library its SONAME.

use std::env;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{}", soname());
    }
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("ffi/cbindgen.toml is readable");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("tallyfy.h");
    // A source that cbindgen cannot read also fails to compile: let rustc report it.
    match cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .with_after_include(version_macros())
        .generate()
    {
        Ok(bindings) => {
            bindings.write_to_file(out);
        }
        Err(e) => println!("cargo:warning=cbindgen could not generate tallyfy.h: {e}"),
    }
}

/// `libtallyfy.so.MAJOR` from 1.0 on; `libtallyfy.so.0.MINOR` before, where a minor release
/// may break the ABI (Cargo's semver rules).
fn soname() -> String {
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    if major == "0" {
        format!("libtallyfy.so.0.{minor}")
    } else {
        format!("libtallyfy.so.{major}")
    }
}

/// `#define`s of the version this header belongs to; tallyfy_version() returns the same.
fn version_macros() -> String {
    let var = |name: &str| env::var(name).unwrap_or_default();
    format!(
        "\n/** Major version of the library this header belongs to. */\n#define TALLYFY_VERSION_MAJOR {}\n\
         /** Minor version of the library this header belongs to. */\n#define TALLYFY_VERSION_MINOR {}\n\
         /** Patch version of the library this header belongs to. */\n#define TALLYFY_VERSION_PATCH {}\n\
         /** The version as a string; tallyfy_version() returns the same at run time. */\n\
         #define TALLYFY_VERSION \"{}\"\n",
        var("CARGO_PKG_VERSION_MAJOR"),
        var("CARGO_PKG_VERSION_MINOR"),
        var("CARGO_PKG_VERSION_PATCH"),
        var("CARGO_PKG_VERSION"),
    )
}
