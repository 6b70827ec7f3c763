//! Running commands from the repository root and reporting their failures.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The result of an xtask step: `Err` carries a message for the user.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A command that runs in the workspace root.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root());
    cmd
}

/// `cargo` as invoked by this xtask (the pinned toolchain's cargo).
pub fn cargo() -> Command {
    command(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// The cargo home (`CARGO_HOME`, else `~/.cargo`), where the dependencies' sources are.
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// Makes `cmd` (a cargo build that is shipped) write the dependencies' source paths that the
/// code keeps (panic locations) as `/cargo/...` instead of this machine's cargo home. The flag
/// joins `RUSTFLAGS` or `CARGO_ENCODED_RUSTFLAGS` when one is set (they outrank every config),
/// else it goes in as `build.rustflags`.
pub fn remap_paths(cmd: &mut Command) -> &mut Command {
    let Some(home) = cargo_home() else { return cmd };
    let flag = format!("--remap-path-prefix={}=/cargo", home.display());
    let from_env = match (std::env::var("CARGO_ENCODED_RUSTFLAGS"), std::env::var("RUSTFLAGS")) {
        (Ok(encoded), _) => Some(encoded.split('\x1f').filter(|f| !f.is_empty()).map(str::to_owned).collect()),
        (_, Ok(flags)) => Some(flags.split_whitespace().map(str::to_owned).collect::<Vec<_>>()),
        _ => None,
    };
    match from_env {
        Some(mut flags) => {
            flags.push(flag);
            cmd.env_remove("RUSTFLAGS").env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"))
        }
        None => {
            let quoted = flag.replace('\\', "\\\\").replace('"', "\\\"");
            cmd.args(["--config".to_owned(), format!("build.rustflags=[\"{quoted}\"]")])
        }
    }
}

/// Runs `cmd` with inherited stdio; fails unless it exits with status 0.
pub fn run(cmd: &mut Command) -> Result {
    println!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed with {status}", describe(cmd)))
    }
}

/// Runs `cmd` quietly and returns its standard output; fails unless it exits with status 0.
pub fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd.stderr(Stdio::inherit()).output().map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("`{}` failed with {}", describe(cmd), out.status))
    }
}

fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
