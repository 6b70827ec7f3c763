//! The functions a built library exports, read with LLVM's tools (any architecture and
//! format), and the functions `tallyfy.h` declares: a shipped library must export exactly those.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::platforms::Os;
use crate::run::{command, output, root, Result};

/// The names of the functions `library` exports (without macOS's leading underscore), sorted.
pub fn exports(library: &Path, os: Os) -> Result<Vec<String>> {
    let names: BTreeSet<String> = match os {
        Os::Linux => {
            let dump = output(command("llvm-nm").args(["-D", "--defined-only", "--extern-only"]).arg(library))?;
            dump.lines()
                .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
                    [_, "T", name] => Some(name.to_owned()),
                    _ => None,
                })
                .collect()
        }
        Os::Windows => {
            let dump = output(command("llvm-readobj").arg("--coff-exports").arg(library))?;
            dump.lines().filter_map(|l| l.trim().strip_prefix("Name: ")).map(str::to_owned).collect()
        }
        Os::Mac => {
            let dump = output(command("llvm-objdump").args(["--macho", "--exports-trie"]).arg(library))?;
            dump.lines().filter_map(|l| l.split_whitespace().last()?.strip_prefix('_')).map(str::to_owned).collect()
        }
    };
    Ok(names.into_iter().collect())
}

/// The names of the functions `ffi/include/tallyfy.h` declares, sorted.
pub fn header_functions() -> Result<Vec<String>> {
    let header = fs::read_to_string(root().join("ffi/include/tallyfy.h")).map_err(|e| format!("tallyfy.h: {e}"))?;
    Ok(declared(&header))
}

/// The `tallyfy_` functions a C header declares (names followed by `(` outside comments and
/// preprocessor lines), sorted.
fn declared(header: &str) -> Vec<String> {
    let code = without_comments(header);
    let mut names = BTreeSet::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let mut rest = line;
        while let Some(at) = rest.find("tallyfy_") {
            let tail = &rest[at..];
            let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
            let before = rest[..at].chars().last();
            if tail[end..].trim_start().starts_with('(')
                && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                names.insert(tail[..end].to_owned());
            }
            rest = &tail[end..];
        }
    }
    names.into_iter().collect()
}

/// `code` with its `/* */` and `//` comments blanked out.
fn without_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            let end = after.find("*/").map_or(after.len(), |i| i + 2);
            out.extend(after[..end].chars().filter(|c| *c == '\n'));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("//") {
            rest = &after[after.find('\n').unwrap_or(after.len())..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Fails unless `library` exports exactly the functions of `tallyfy.h`.
pub fn check_exports(library: &Path, os: Os) -> Result {
    let have = exports(library, os)?;
    let want = header_functions()?;
    let extra: Vec<&String> = have.iter().filter(|n| !want.contains(n)).collect();
    let missing: Vec<&String> = want.iter().filter(|n| !have.contains(n)).collect();
    if want.is_empty() || !extra.is_empty() || !missing.is_empty() {
        return Err(format!(
            "{} exports {} functions, tallyfy.h declares {}; not declared: {extra:?}; not exported: {missing:?}",
            library.display(),
            have.len(),
            want.len()
        ));
    }
    println!("{}: exports exactly the {} functions of tallyfy.h", library.display(), want.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::declared;

    #[test]
    fn declared_functions_skip_comments_macros_and_types() {
        let header = "/** Calls tallyfy_hidden() first. */\n#define TALLYFY_X tallyfy_macro(1)\n\
                      typedef struct tallyfy_config tallyfy_config; // tallyfy_line()\n\
                      tallyfy_code tallyfy_config_new(const char *token,\n    tallyfy_config **out);\n\
                      void tallyfy_config_free (tallyfy_config *cfg);\nint my_tallyfy_other(void);\n";
        assert_eq!(declared(header), ["tallyfy_config_free", "tallyfy_config_new"]);
    }
}
