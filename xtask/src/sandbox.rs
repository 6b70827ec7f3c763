//! Starting the local Tallyfy-compatible server (`tests/sandbox`) for demos and tests.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};

use crate::run::{cargo, root, run, Result};

/// The sandbox's default organization.
pub const ORG_ID: &str = "org_sandbox";
/// The sandbox's token with the manage_groups permission.
pub const ADMIN_TOKEN: &str = "sandbox-admin-token";
/// Seeded user ids of [`ORG_ID`], for members.
pub const MEMBER_IDS: &str = "1001,1002,1003";

/// A running sandbox; it stops when dropped (its stdin closes and it is killed).
pub struct Sandbox {
    child: Child,
    stdin: Option<ChildStdin>,
    /// The base URL it printed, such as `http://127.0.0.1:41234/api`.
    pub base_url: String,
}

impl Sandbox {
    /// Builds the sandbox and starts it on an ephemeral loopback port.
    pub fn start(extra_args: &[&str]) -> Result<Sandbox> {
        run(cargo().args(["build", "--quiet", "-p", "tallyfy-sandbox"]))?;
        let binary = target_dir().join("debug").join("tallyfy-sandbox");
        let mut child = Command::new(&binary)
            .args(extra_args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("the sandbox has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| format!("could not read the sandbox's base URL: {e}"))?;
        let base_url = line.trim().to_owned();
        if !base_url.starts_with("http://127.0.0.1:") {
            let _ = child.kill();
            return Err(format!("the sandbox printed `{base_url}` instead of its base URL"));
        }
        Ok(Sandbox { child, stdin, base_url })
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Cargo's target directory (`CARGO_TARGET_DIR`, or `target/` in the workspace root).
pub fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(Into::into).unwrap_or_else(|| root().join("target"))
}
