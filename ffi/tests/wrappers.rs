//! The C# and C++ wrappers against the committed header, both ways: every function of
//! `include/tallyfy.h` is declared by the generated C# P/Invoke file (exactly those, with their
//! arity, and the file is what `xtask/src/pinvoke.rs` generates from the header today), and is
//! used by each hand-written wrapper, which calls no other `tallyfy_` function and declares no
//! P/Invoke of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

#[path = "../../xtask/src/pinvoke.rs"]
mod pinvoke;

const REFRESH: &str = "run `cargo xtask header`";

fn ffi() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `path` from the repository's root, as messages show it.
fn shown(path: &Path) -> String {
    let root = ffi().parent().unwrap_or(ffi());
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", shown(path)))
}

fn header() -> String {
    read(&ffi().join("include/tallyfy.h"))
}

/// The generated C# declarations.
fn generated_path() -> PathBuf {
    ffi().join("bindings/csharp/NativeMethods.g.cs")
}

/// The hand-written C# sources: every `.cs` of the binding but the generated one.
fn csharp_wrapper() -> Vec<(PathBuf, String)> {
    let dir = ffi().join("bindings/csharp");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|p| p.extension().is_some_and(|x| x == "cs") && *p != generated_path())
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), read(&p))).collect()
}

/// `text` with its comments, string and character literals blanked out.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            ('@', Some('"')) => {
                // A C# verbatim string: "" stands for a quote.
                chars.next();
                while let Some(c) = chars.next() {
                    if c == '"' && chars.next_if_eq(&'"').is_none() {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            ('"' | '\'', _) => {
                while let Some(inner) = chars.next() {
                    if inner == '\\' {
                        chars.next();
                    } else if inner == c {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The identifiers of `code` that start with `tallyfy_`, each with whether a `(` follows it.
fn tallyfy_names(code: &str) -> Vec<(String, bool)> {
    let mut names = Vec::new();
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if ident(bytes[i]) {
            let start = i;
            while i < bytes.len() && ident(bytes[i]) {
                i += 1;
            }
            let name = &code[start..i];
            if name.starts_with("tallyfy_") {
                let call = code[i..].trim_start().starts_with('(');
                names.push((name.to_owned(), call));
            }
        } else {
            i += 1;
        }
    }
    names
}

/// The functions `tallyfy.h` declares, in order, each with its number of parameters; and the
/// type names it declares.
fn header_declarations() -> (Vec<(String, usize)>, BTreeSet<String>) {
    let code: String =
        code_only(&header()).lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
    let mut functions = Vec::new();
    for statement in code.split(';').map(|s| s.trim().trim_start_matches("extern \"\" {").trim()) {
        if let Some((head, params)) = statement.split_once('(').filter(|_| !statement.starts_with("typedef")) {
            let name = head.split_whitespace().last().unwrap_or_default().trim_start_matches('*');
            functions.push((name.to_owned(), arity(params.trim_end().trim_end_matches(')'))));
        }
    }
    let types = tallyfy_names(&code).into_iter().filter(|(_, call)| !call).map(|(name, _)| name).collect();
    assert!(!functions.is_empty(), "tallyfy.h declares no function");
    (functions, types)
}

fn arity(params: &str) -> usize {
    match params.trim() {
        "" | "void" => 0,
        list => list.split(',').count(),
    }
}

/// The functions the generated C# file declares (`static extern`), in order, with their arity.
fn csharp_declarations() -> Vec<(String, usize)> {
    let code = code_only(&read(&generated_path()));
    code.split("static extern ")
        .skip(1)
        .map(|rest| {
            let (head, params) = rest.split_once('(').expect("a declaration with parameters");
            let name = head.split_whitespace().last().expect("a declared name");
            let params = params.split_once(')').expect("a closed parameter list").0;
            (name.to_owned(), arity(params))
        })
        .collect()
}

/// The header functions `sources` use, and the `tallyfy_` calls in them that are neither a
/// header function nor a header type.
fn uses(
    sources: &[(PathBuf, String)],
    functions: &BTreeSet<String>,
    types: &BTreeSet<String>,
) -> (BTreeSet<String>, Vec<String>) {
    let mut used = BTreeSet::new();
    let mut unknown = Vec::new();
    for (path, text) in sources {
        for (name, call) in tallyfy_names(&code_only(text)) {
            if functions.contains(&name) {
                used.insert(name);
            } else if call && !types.contains(&name) {
                unknown.push(format!("{} calls {name}, which tallyfy.h does not declare", shown(path)));
            }
        }
    }
    (used, unknown)
}

fn function_names() -> BTreeSet<String> {
    header_declarations().0.into_iter().map(|(name, _)| name).collect()
}

#[test]
fn csharp_declarations_are_the_header_functions() {
    let (header, _) = header_declarations();
    let declared = csharp_declarations();
    let names = |list: &[(String, usize)]| list.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
    let missing: Vec<_> = names(&header).difference(&names(&declared)).cloned().collect();
    let extra: Vec<_> = names(&declared).difference(&names(&header)).cloned().collect();
    assert!(missing.is_empty(), "NativeMethods.g.cs lacks {missing:?} ({REFRESH})");
    assert!(extra.is_empty(), "NativeMethods.g.cs declares {extra:?}, which tallyfy.h does not ({REFRESH})");
    let arities: BTreeMap<_, _> = header.iter().cloned().collect();
    for (name, count) in &declared {
        assert_eq!(Some(count), arities.get(name), "{name}: its C# parameters are not the header's ({REFRESH})");
    }
    assert_eq!(declared.len(), header.len(), "a function is declared twice in NativeMethods.g.cs");
}

#[test]
fn csharp_declarations_are_current() {
    let generated = pinvoke::generate(&header()).unwrap_or_else(|e| panic!("tallyfy.h: {e}"));
    let committed = read(&generated_path());
    if let Some((line, (want, have))) =
        generated.lines().zip(committed.lines()).enumerate().find(|(_, (want, have))| want != have)
    {
        panic!(
            "ffi/bindings/csharp/NativeMethods.g.cs is stale ({REFRESH}); line {}:\n  generated: {want}\n  committed: {have}",
            line + 1
        );
    }
    assert_eq!(generated, committed, "ffi/bindings/csharp/NativeMethods.g.cs is stale ({REFRESH})");
}

#[test]
fn csharp_wrapper_uses_every_function_and_no_other() {
    let (functions, types) = (function_names(), header_declarations().1);
    let sources = csharp_wrapper();
    for (path, text) in &sources {
        let code = code_only(text);
        assert!(
            !code.contains("DllImport") && !code.contains(" extern "),
            "{} declares a P/Invoke of its own: every native function comes from NativeMethods.g.cs",
            shown(path)
        );
    }
    let (used, unknown) = uses(&sources, &functions, &types);
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
    let unused: Vec<_> = functions.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "the C# wrapper uses none of {unused:?} (ffi/bindings/csharp/*.cs, NativeMethods.g.cs aside)"
    );
}

#[test]
fn cpp_wrapper_uses_every_function_and_no_other() {
    let (functions, types) = (function_names(), header_declarations().1);
    let path = ffi().join("bindings/cpp/tallyfy.hpp");
    let sources = [(path.clone(), read(&path))];
    let (used, unknown) = uses(&sources, &functions, &types);
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
    let unused: Vec<_> = functions.difference(&used).collect();
    assert!(unused.is_empty(), "the C++ wrapper uses none of {unused:?} (ffi/bindings/cpp/tallyfy.hpp)");
}
