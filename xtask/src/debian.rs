//! Fetching from the Debian mirror this machine's apt uses, with `apt-get` and a private source
//! list, lists and cache (the machine's apt configuration and package state stay untouched):
//! source packages to build for another platform, and an older release's glibc.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::platforms;
use crate::run::{command, run, Result};

/// Debian's source packages `names`, unpacked once (with Debian's patches) into `dir/<name>`
/// by `apt-get source` from the mirror this machine's apt uses (a release's own sources).
pub fn sources(names: &[&str], dir: &Path) -> Result<PathBuf> {
    if names.iter().all(|name| dir.join(name).join("CMakeLists.txt").exists()) {
        return Ok(dir.to_path_buf());
    }
    let (_, suite) = mirror()?;
    let apt_dir = platforms::tools_dir().join("apt");
    let apt = PrivateApt::new(&apt_dir, "deb-src", &suite)?;
    let unpack = apt_dir.join("unpack");
    let _ = fs::remove_dir_all(&unpack);
    fs::create_dir_all(&unpack).map_err(|e| format!("{}: {e}", unpack.display()))?;
    run(apt.command().args(["source", "-q"]).args(names).current_dir(&unpack))?;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for name in names {
        let unpacked = fs::read_dir(&unpack)
            .map_err(|e| format!("{}: {e}", unpack.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.is_dir() && p.file_name().is_some_and(|f| f.to_string_lossy().starts_with(&format!("{name}-"))))
            .ok_or_else(|| format!("apt-get source {name} unpacked nothing"))?;
        let _ = fs::remove_dir_all(dir.join(name));
        fs::rename(&unpacked, dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(dir.to_path_buf())
}

/// Debian 11's `libc6` (glibc 2.31) unpacked into `root_dir` (once), downloaded by `apt-get
/// download`; returns `root_dir`.
pub fn old_glibc(root_dir: &Path) -> Result<PathBuf> {
    if root_dir.join("lib/x86_64-linux-gnu/ld-linux-x86-64.so.2").exists() {
        return Ok(root_dir.to_path_buf());
    }
    let apt_dir = root_dir.with_extension("apt");
    let apt = PrivateApt::new(&apt_dir, "deb", "bullseye")?;
    let download = apt_dir.join("download");
    fs::create_dir_all(&download).map_err(|e| format!("{}: {e}", download.display()))?;
    run(apt.command().args(["download", "libc6"]).current_dir(&download))?;
    let deb = fs::read_dir(&download)
        .map_err(|e| format!("{}: {e}", download.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|f| f.to_string_lossy().starts_with("libc6_2.31")))
        .ok_or("apt-get download libc6 brought no libc6 2.31")?;
    run(command("dpkg-deb").arg("-x").arg(&deb).arg(root_dir))?;
    Ok(root_dir.to_path_buf())
}

/// apt-get with its own source list, lists and cache in a folder: fetches from the mirror this
/// machine's apt uses without touching the machine's apt configuration or package state.
struct PrivateApt {
    options: Vec<String>,
}

impl PrivateApt {
    /// Writes the source list (`kind` is `deb` or `deb-src`, `suite` a Debian release) in
    /// `dir` and runs `apt-get update` against it.
    fn new(dir: &Path, kind: &str, suite: &str) -> Result<PrivateApt> {
        for sub in ["parts", "lists/partial", "cache/archives/partial"] {
            fs::create_dir_all(dir.join(sub)).map_err(|e| format!("{sub}: {e}"))?;
        }
        let (mirror, _) = mirror()?;
        let list = format!("{kind} [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] {mirror} {suite} main\n");
        fs::write(dir.join("sources.list"), list).map_err(|e| format!("sources.list: {e}"))?;
        fs::write(dir.join("status"), "").map_err(|e| format!("status: {e}"))?;
        let options = vec![
            format!("-oDir::Etc::SourceList={}", dir.join("sources.list").display()),
            format!("-oDir::Etc::SourceParts={}", dir.join("parts").display()),
            format!("-oDir::State::Lists={}", dir.join("lists").display()),
            format!("-oDir::Cache={}", dir.join("cache").display()),
            // An empty package state: `download` takes the release's version, not the installed one.
            format!("-oDir::State::status={}", dir.join("status").display()),
        ];
        let apt = PrivateApt { options };
        run(apt.command().args(["update", "-q"]))?;
        Ok(apt)
    }

    /// `apt-get` with the private options.
    fn command(&self) -> Command {
        let mut cmd = command("apt-get");
        cmd.args(&self.options);
        cmd
    }
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
