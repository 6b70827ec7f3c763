//! Issue #20: the hand-written Rust of `ffi/src`, which only translates between C and the core,
//! stays no larger than `core/src`, where every rule lives. Counted in lines of `.rs` files,
//! comments and tests included (the header is generated into `OUT_DIR`, not `src`).

use std::fs;
use std::path::Path;

/// Lines of every `.rs` file under `dir`, and how many files.
fn lines(dir: &Path) -> (usize, usize) {
    let mut total = (0, 0);
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            let (lines, files) = lines(&path);
            total = (total.0 + lines, total.1 + files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            total = (total.0 + text.lines().count(), total.1 + 1);
        }
    }
    total
}

#[test]
fn the_c_abi_stays_no_larger_than_the_core() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ffi, ffi_files) = lines(&manifest.join("src"));
    let (core, core_files) = lines(&manifest.join("../core/src"));
    println!("ffi/src: {ffi} lines in {ffi_files} files; core/src: {core} lines in {core_files} files");
    assert!(ffi_files >= 10 && core_files >= 10, "the sources were not found ({ffi_files}, {core_files} files)");
    assert!(ffi <= core, "ffi/src has {ffi} lines, more than core/src's {core}: move the rule into the core");
}
