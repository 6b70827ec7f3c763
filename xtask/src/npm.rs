//! The npm package built from `wasm/` (`cargo xtask build-npm`) and packed (`dist npm`), its
//! test suites (`js`, `npm-packaging`), its benchmark (`bench js`) and its demo host
//! (`demo js`).
//!
//! Everything comes from the registries: the wasm32 target via rustup, the wasm-bindgen CLI
//! (the exact version `wasm/Cargo.toml` pins) via `cargo install`, wasm-opt (npm `binaryen`)
//! and esbuild via `npm ci`, Chromium and its driver via apt.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::demo::Target;
use crate::run::{cargo, command, output, remap_paths, root, run, Result};
use crate::sandbox::{self, target_dir, Sandbox};
use crate::setup;

/// The package's two modules: the same crate, with the same features and wasm-opt passes, built
/// at two cargo opt-levels (release: LTO, one codegen unit). What a browser downloads
/// (`tallyfy_wasm_bg.wasm`, loaded by `web.js`, `inline.js`, `workerd.js` and `slim`) is built at
/// "z", the smallest; the Node bundle (`node.cjs`, for Node, Deno and Bun), which nobody
/// downloads, embeds the module built at 3, the fastest. Measured in one Node process
/// (`cargo xtask bench js`, create round trip and 10,000-group page against the pure-JS
/// baseline): "z" 88.9 KB gzipped, 6.4x to 6.7x and 5.9x to 6.0x; 3 106.9 KB, 3.8x to 3.9x and
/// 3.2x. At "z", allocation and vector growth, serde_json's writing and the core's checks stay
/// calls; at 3 they are inlined. Between the two (measured with an earlier baseline, "z" at 9.1x
/// and 6.4x): this crate at "s" +1.0 KB, 8.8x; at 2 or 3 +5.1 KB, 7.6x to 8.3x, 4.7x to 4.9x;
/// the core at "s" +3.8 KB, 8.1x, 5.1x; the dependencies' own code at 3 +0.1 KB and 3 to 5 %
/// (their hot code is generic, instantiated in this crate and the core).
#[derive(Clone, Copy)]
struct Module {
    /// The cargo profile (inherits release).
    profile: &'static str,
    /// Its opt-level.
    opt_level: &'static str,
    /// Where wasm-bindgen's output and the bundles' sources are staged, under the target dir.
    stage: &'static str,
}

/// What a browser downloads: the smallest.
const DOWNLOADED: Module = Module { profile: "wasm-release", opt_level: "\"z\"", stage: "npm-stage" };

/// What the Node bundle embeds: the fastest.
const EMBEDDED_IN_NODE: Module = Module { profile: "wasm-node", opt_level: "3", stage: "npm-stage-node" };

impl Module {
    /// The cargo arguments of its profile. `strip = false` keeps the target-features section
    /// that wasm-bindgen reads (wasm-bindgen drops the names; wasm-opt drops the section after).
    fn profile_config(self) -> Vec<String> {
        let p = self.profile;
        [
            format!("profile.{p}.inherits=\"release\""),
            format!("profile.{p}.opt-level={}", self.opt_level),
            format!("profile.{p}.strip=false"),
            format!("profile.{p}.panic=\"abort\""),
        ]
        .into_iter()
        .flat_map(|c| ["--config".to_owned(), c])
        .collect()
    }
}

/// wasm-opt: the passes that leave the smallest *gzipped* module, with exactly the features rustc
/// enables for wasm32-unknown-unknown and Node 20 supports (not `--all-features`: it enables
/// stringref, which Node 20 rejects). `-Oz` makes the module smaller raw but larger gzipped
/// (inlining and code motion make it less repetitive): of wasm-bindgen's 90,006 bytes gzipped,
/// `-Oz` left 91,947 (`-Os`, `-O2`, `-Oz --converge` and `-Oz` twice within 300 bytes of it),
/// `-O1` 88,831, `-O1 --gufa -O1` 88,447, and these passes with `--strip-target-features` 87,666
/// (`--local-cse`, `--merge-locals`, `--code-folding` or a third round added bytes). The round
/// trip and the 10,000-group page measure the same within noise either way (V8 optimises the
/// hot functions itself); `-O3` or `-O2` (binaryen's inlining) +3.3 KB for 5 % less time,
/// `-tnh` 60 bytes less, `--closed-world` no change.
const WASM_OPT_PASSES: &[&str] = &[
    "-O1",
    "--gufa",
    "--dae-optimizing",
    "-O1",
    "--strip-target-features",
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--strip-producers",
];

/// What the browser tests need from Debian.
const BROWSER_PACKAGES: &[&str] = &["chromium", "chromium-driver"];

fn path_error(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

fn fresh_dir(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| path_error(dir, e))?;
    }
    fs::create_dir_all(dir).map_err(|e| path_error(dir, e))
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to).map(drop).map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

/// The wasm-bindgen version `wasm/Cargo.toml` pins with `=`.
fn pinned_bindgen_version() -> Result<String> {
    let manifest = root().join("wasm").join("Cargo.toml");
    let text = fs::read_to_string(&manifest).map_err(|e| path_error(&manifest, e))?;
    text.lines()
        .filter(|l| l.starts_with("wasm-bindgen ="))
        .find_map(|l| l.split("version = \"=").nth(1)?.split('"').next().map(str::to_owned))
        .ok_or_else(|| format!("{}: no `wasm-bindgen = {{ version = \"=X\" ... }}` line", manifest.display()))
}

/// Installs the wasm-bindgen CLI (with wasm-bindgen-test-runner) unless that exact version is
/// already on PATH; `--force` because cargo's own record may say it is installed when the
/// binaries are gone or another version is.
fn ensure_bindgen() -> Result {
    let version = pinned_bindgen_version()?;
    let installed = |tool: &str| {
        output(Command::new(tool).arg("--version")).is_ok_and(|v| v.split_whitespace().nth(1) == Some(&version))
    };
    if installed("wasm-bindgen") && installed("wasm-bindgen-test-runner") {
        return Ok(());
    }
    run(cargo().args(["install", "wasm-bindgen-cli", "--locked", "--force", "--version"]).arg(format!("={version}")))
}

/// `npm ci` in `dir` unless its node_modules were installed from the same package-lock.json.
fn npm_ci(dir: &Path) -> Result {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules").join(".xtask-lock-stamp");
    let wanted = fs::read(&lock).map_err(|e| path_error(&lock, e))?;
    if fs::read(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(());
    }
    run(command("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir))?;
    fs::write(&stamp, wanted).map_err(|e| path_error(&stamp, e))
}

fn node_bin(dir: &str, tool: &str) -> Command {
    command(&root().join(dir).join("node_modules").join(".bin").join(tool).to_string_lossy())
}

/// Builds the wasm of `tallyfy-wasm` as `module` with `features`; returns its path.
fn cargo_wasm(module: Module, features: &[&str]) -> Result<PathBuf> {
    let mut cmd = cargo();
    cmd.args(["build", "-p", "tallyfy-wasm", "--target", "wasm32-unknown-unknown", "--profile", module.profile])
        .args(module.profile_config());
    remap_paths(&mut cmd);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    run(&mut cmd)?;
    Ok(target_dir().join("wasm32-unknown-unknown").join(module.profile).join("tallyfy_wasm.wasm"))
}

/// `module` built, through wasm-bindgen and wasm-opt, with the bundles' sources beside it in its
/// stage; returns the stage.
fn stage_module(module: Module) -> Result<PathBuf> {
    let wasm = cargo_wasm(module, &[])?;
    let stage = target_dir().join(module.stage);
    bindgen(&wasm, &stage)?;
    let optimized = stage.join("optimized.wasm");
    run(node_bin("wasm", "wasm-opt")
        .args(WASM_OPT_PASSES)
        .arg(stage.join("tallyfy_wasm_bg.wasm"))
        .arg("-o")
        .arg(&optimized))?;
    stage_sources(&stage, &optimized)?;
    Ok(stage)
}

/// wasm-bindgen (web target: an ES module with `initSync` and `init`) into `out`.
fn bindgen(wasm: &Path, out: &Path) -> Result {
    fresh_dir(out)?;
    run(command("wasm-bindgen")
        .args(["--target", "web", "--omit-default-module-path", "--encode-into", "always"])
        .args(["--remove-name-section", "--remove-producers-section", "--out-dir"])
        .arg(out)
        .arg(wasm))
}

/// The built package's folder.
pub fn pkg_dir() -> PathBuf {
    root().join("wasm").join("pkg")
}

/// The unstripped wasm of the last package build (names kept, for size reports).
fn raw_wasm() -> PathBuf {
    target_dir().join("wasm32-unknown-unknown").join(DOWNLOADED.profile).join("tallyfy_wasm.wasm")
}

/// The bundles of the package: (entry in wasm/js, output file, the module it loads, esbuild
/// options). Every entry loads the module its own way (see the load-*.js files) before api.js
/// runs. The browser and Workers bundles also have their identifiers minified (0.8 KB less gzip
/// of what a browser downloads); the Node bundles keep their names for readable stack traces.
/// `slim` loads whatever module its host gives it: the shipped `tallyfy_wasm_bg.wasm`, as the
/// README says.
const BUNDLES: &[(&str, &str, Module, &[&str])] = &[
    ("entry-node.js", "node.cjs", EMBEDDED_IN_NODE, &["--platform=node", "--format=cjs", "--target=node20"]),
    (
        "entry-web.js",
        "web.js",
        DOWNLOADED,
        &["--platform=neutral", "--format=esm", "--target=es2022", "--minify-identifiers"],
    ),
    (
        "entry-inline.js",
        "inline.js",
        DOWNLOADED,
        &["--platform=neutral", "--format=esm", "--target=es2022", "--minify-identifiers"],
    ),
    (
        "entry-workerd.js",
        "workerd.js",
        DOWNLOADED,
        &["--platform=neutral", "--format=esm", "--target=es2022", "--external:*.wasm", "--minify-identifiers"],
    ),
    (
        "entry-slim.js",
        "slim.js",
        DOWNLOADED,
        &["--platform=neutral", "--format=esm", "--target=es2022", "--minify-identifiers"],
    ),
    ("entry-slim.js", "slim.cjs", DOWNLOADED, &["--platform=node", "--format=cjs", "--target=node20"]),
];

/// Node's `import` entries: ES modules re-exporting the CommonJS bundle, so that `import` and
/// `require` share one instance (and one TallyfyError class).
const NODE_ESM: &[(&str, &str)] = &[("node.mjs", "node.cjs"), ("slim.mjs", "slim.cjs")];

/// `cargo xtask build-npm`: builds the package into `wasm/pkg/`.
pub fn build_npm() -> Result<PathBuf> {
    ensure_bindgen()?;
    npm_ci(&root().join("wasm"))?;
    let downloaded = stage_module(DOWNLOADED)?;
    stage_module(EMBEDDED_IN_NODE)?;
    let version = tallyfy_core::VERSION;
    let pkg = pkg_dir();
    fresh_dir(&pkg)?;
    for (entry, out, module, options) in BUNDLES {
        run(node_bin("wasm", "esbuild")
            .arg(target_dir().join(module.stage).join(entry))
            .args([
                "--bundle",
                "--minify-whitespace",
                "--minify-syntax",
                "--legal-comments=none",
                "--log-level=warning",
            ])
            .args(*options)
            .arg(format!("--outfile={}", pkg.join(out).display())))?;
    }
    for (esm, cjs) in NODE_ESM {
        write(&pkg.join(esm), &reexport(&pkg.join(cjs))?)?;
    }
    let js = root().join("wasm").join("js");
    copy(&downloaded.join("optimized.wasm"), &pkg.join("tallyfy_wasm_bg.wasm"))?;
    copy(&js.join("README.md"), &pkg.join("README.md"))?;
    for types in ["index", "inline", "slim"] {
        let text = read(&js.join(format!("{types}.d.ts")))?;
        write(&pkg.join(format!("{types}.d.ts")), &text)?;
        write(&pkg.join(format!("{types}.d.cts")), &text.replace("\"./index.js\"", "\"./index.cjs\""))?;
    }
    let text = read(&js.join("package.json"))?;
    write(&pkg.join("package.json"), &text.replace("0.0.0-set-by-xtask", version))?;
    println!("built the npm package tallyfy-groups {version} in {}", pkg.display());
    Ok(pkg)
}

/// Fills the stage (wasm-bindgen's output) with the sources of the bundles: the JS of
/// `wasm/js`, the wasm's bytes as base64 (`wasm-base64.js`, for the entries that embed them),
/// and `constants.js`: the core's version that api.js exports, written here so that api.js
/// calls nothing in the module while it is evaluated (`tallyfy-groups/slim` is not initialised
/// then).
fn stage_sources(stage: &Path, wasm: &Path) -> Result {
    let js = root().join("wasm").join("js");
    for entry in fs::read_dir(&js).map_err(|e| path_error(&js, e))? {
        let path = entry.map_err(|e| path_error(&js, e))?.path();
        if path.extension().is_some_and(|e| e == "js") {
            copy(&path, &stage.join(path.file_name().unwrap_or_default()))?;
        }
    }
    write(
        &stage.join("constants.js"),
        &format!(
            "// Written by `cargo xtask build-npm` from tallyfy-core's version.\n\
             /** The package's version. */\nexport const VERSION = {:?};\n",
            tallyfy_core::VERSION
        ),
    )?;
    let bytes = fs::read(wasm).map_err(|e| path_error(wasm, e))?;
    write(&stage.join("wasm-base64.js"), &format!("export default \"{}\";\n", base64(&bytes)))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            let sextet = if i <= chunk.len() { ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] } else { b'=' };
            text.push(char::from(sextet));
        }
    }
    text
}

/// An ES module re-exporting every name of the CommonJS module `cjs` (as Node loads it).
fn reexport(cjs: &Path) -> Result<String> {
    let names = output(command("node").arg("-p").arg("Object.keys(require(process.argv[1])).sort().join()").arg(cjs))?;
    let file = cjs.file_name().unwrap_or_default().to_string_lossy();
    let list: Vec<String> = names.trim().split(',').map(|n| format!("  {n},\n")).collect();
    Ok(format!(
        "// Node's `import`: the same instance as `require` (./{file}), so that TallyfyError is one\n\
         // class however the package is loaded.\nexport {{\n{}}} from \"./{file}\";\n",
        list.concat()
    ))
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| path_error(path, e))
}

fn write(path: &Path, text: &str) -> Result {
    fs::write(path, text).map_err(|e| path_error(path, e))
}

/// wasm-bindgen-test over the wasm exports, in Node and then in headless Chromium.
fn wasm_bindgen_tests() -> Result {
    setup::apt(BROWSER_PACKAGES)?;
    let test = || {
        let mut cmd = cargo();
        cmd.args([
            "test",
            "-p",
            "tallyfy-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
            "--test",
            "fast",
        ])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner");
        cmd
    };
    run(&mut test())?;
    run(test()
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root().join("wasm").join("webdriver.json")))
}

/// Suite `js`: the package built, the wasm-bindgen tests in Node and Chromium, then the Node
/// test files of `tests/js/` (vectors, boundary checks, leak check, client, packaging with
/// tsc, esbuild and Chromium, end-to-end against the sandbox).
pub fn test() -> Result {
    build_npm()?;
    wasm_bindgen_tests()?;
    let tests = root().join("tests").join("js");
    npm_ci(&tests)?;
    let mut files: Vec<PathBuf> = fs::read_dir(&tests)
        .map_err(|e| path_error(&tests, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    let server = Sandbox::start(&[])?;
    run(command("node")
        .args(["--test", "--test-reporter=tap"])
        .args(&files)
        .env("TALLYFY_BASE_URL", &server.base_url)
        .env("TALLYFY_ACCESS_TOKEN", sandbox::ADMIN_TOKEN)
        .env("TALLYFY_ORG_ID", sandbox::ORG_ID)
        .env("TALLYFY_MEMBER_IDS", sandbox::MEMBER_IDS))
}

/// `cargo xtask bench js`: instantiate time, create round trip against the pure-JS baseline
/// and against a serde-wasm-bindgen boundary, a 10,000-group page, sizes and largest items.
pub fn bench() -> Result {
    let pkg = build_npm()?;
    let swb_wasm = cargo_wasm(Module { profile: "wasm-bench-swb", ..EMBEDDED_IN_NODE }, &["bench-swb"])?;
    let swb = target_dir().join("npm-bench-swb");
    bindgen(&swb_wasm, &swb)?;
    run(command("node")
        .arg(root().join("benches").join("js").join("bench.mjs"))
        .arg(&pkg)
        .arg(raw_wasm())
        .arg(swb.join("tallyfy_wasm.js")))
}

/// `cargo xtask demo js`: the lifecycle through `GroupsClient` and the host's fetch.
pub fn demo(target: &Target) -> Result {
    build_npm()?;
    let examples = root().join("examples").join("js");
    npm_ci(&examples)?;
    run(target.apply(command("node").arg(examples.join("demo.mjs"))))
}

/// `cargo xtask dist npm [DIR]`: builds the package and packs it (`npm pack`) into DIR
/// (default `dist/npm`).
pub fn dist(args: &[&str]) -> Result {
    match args {
        [] => pack(&root().join("dist").join("npm")).map(drop),
        [dir] => {
            let cwd = std::env::current_dir().map_err(|e| format!("the current directory: {e}"))?;
            pack(&cwd.join(dir)).map(drop)
        }
        _ => Err("usage: cargo xtask dist npm [DIR]".to_owned()),
    }
}

/// Builds the package and packs it into `dir`; returns the tarball's path.
fn pack(dir: &Path) -> Result<PathBuf> {
    let pkg = build_npm()?;
    fs::create_dir_all(dir).map_err(|e| path_error(dir, e))?;
    let packed = output(command("npm").args(["pack", "--silent", "--pack-destination"]).arg(dir).current_dir(&pkg))?;
    let name = packed.lines().last().unwrap_or_default().trim();
    let tarball = dir.join(name);
    if name.is_empty() || !tarball.is_file() {
        return Err(format!("npm pack wrote no tarball into {} (it said {packed:?})", dir.display()));
    }
    println!("packed {}", tarball.display());
    Ok(tarball)
}

/// Suite `npm-packaging`: the packed tarball checked by publint and Are The Types Wrong, then
/// installed into the consumer projects of `tests/js/consumers/` and run there (Node, Deno,
/// Bun, TypeScript, Vite, webpack, Rollup, esbuild, Next.js, wrangler; browser builds in
/// headless Chromium). The tools are pinned in `tests/js/packaging/package-lock.json` and
/// installed once into its ignored node_modules.
pub fn test_packaging() -> Result {
    let tarball = pack(&target_dir().join("npm-dist"))?;
    setup::apt(BROWSER_PACKAGES)?;
    let tools = root().join("tests").join("js").join("packaging");
    npm_ci(&tools)?;
    run(command("node")
        .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .arg(tools.join("consumers.test.mjs"))
        .env("TALLYFY_TARBALL", &tarball))
}
