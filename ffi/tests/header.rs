//! The committed `include/tallyfy.h` must be exactly what cbindgen generates from the
//! sources (build.rs writes it to OUT_DIR). `TALLYFY_BLESS_HEADER=1` rewrites the committed
//! file instead, as `cargo xtask header` does.

use std::fs;
use std::path::Path;

#[test]
fn committed_header_is_current() {
    let generated_path = concat!(env!("OUT_DIR"), "/tallyfy.h");
    let generated = fs::read_to_string(generated_path).expect("build.rs generated tallyfy.h (see its warnings)");
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include").join("tallyfy.h");
    if std::env::var_os("TALLYFY_BLESS_HEADER").is_some() {
        fs::write(&committed_path, &generated).expect("include/tallyfy.h is writable");
        return;
    }
    let committed = fs::read_to_string(&committed_path).unwrap_or_default();
    if let Some((line, (want, have))) =
        generated.lines().zip(committed.lines()).enumerate().find(|(_, (want, have))| want != have)
    {
        panic!(
            "ffi/include/tallyfy.h is stale (run `cargo xtask header`); line {}:\n  generated: {want}\n  committed: {have}",
            line + 1
        );
    }
    assert_eq!(
        generated.lines().count(),
        committed.lines().count(),
        "ffi/include/tallyfy.h is stale (run `cargo xtask header`): the line counts differ"
    );
    assert_eq!(generated, committed, "ffi/include/tallyfy.h is stale (run `cargo xtask header`): line endings differ");
}

#[test]
fn version_macros_match_the_library() {
    let header = fs::read_to_string(concat!(env!("OUT_DIR"), "/tallyfy.h")).expect("tallyfy.h was generated");
    let version = format!("#define TALLYFY_VERSION \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(header.contains(&version), "the header lacks `{version}`");
    let runtime = tallyfy::strings::tallyfy_version();
    // SAFETY: tallyfy_version lends `len` static bytes.
    let runtime = unsafe { std::slice::from_raw_parts(runtime.data.cast::<u8>(), runtime.len) };
    assert_eq!(runtime, env!("CARGO_PKG_VERSION").as_bytes());
}
