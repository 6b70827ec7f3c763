//! The `tallyfy-sandbox` binary: first line of stdout, shutdown on stdin EOF and SIGTERM,
//! and its flags.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_tallyfy-sandbox");
const PATIENCE: Duration = Duration::from_secs(10);

/// A child process that is killed if the test ends before it exits.
struct Sandbox {
    /// The process, until a test waits for it to exit.
    child: Option<Child>,
    base_url: String,
}

impl Sandbox {
    fn spawn(args: &[&str], stdin: Stdio) -> Self {
        let mut child = Command::new(BINARY)
            .args(args)
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut sandbox = Self { child: Some(child), base_url: String::new() };
        sandbox.base_url = first_line(stdout);
        sandbox
    }

    /// Waits for the process to exit on its own; past `limit` (a guard against a hang, not a
    /// measure) it is killed and the test fails.
    fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let mut child = self.child.take().expect("the process has not been waited for");
        let pid = child.id().to_string();
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || sender.send(child.wait()));
        match receiver.recv_timeout(limit) {
            Ok(status) => status.expect("wait for the process"),
            Err(_) => {
                let _ = Command::new("kill").args(["-9", &pid]).status();
                panic!("still running after {limit:?}");
            }
        }
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(PATIENCE)).build().into();
        let mut request = agent.get(format!("{}{path}", self.base_url));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.call().expect("request");
        let body = response.body_mut().read_to_string().expect("body");
        (response.status().as_u16(), body)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// The first line of stdout, read on a helper thread so a silent binary cannot hang us.
fn first_line(stdout: ChildStdout) -> String {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver.recv_timeout(PATIENCE).expect("first line in time");
    line.trim_end().to_owned()
}

#[test]
fn prints_its_base_url_and_stops_when_stdin_closes() {
    let mut sandbox = Sandbox::spawn(&[], Stdio::piped());
    let url = sandbox.base_url.clone();
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix("/api"))
        .expect("http://127.0.0.1:PORT/api");
    assert!(port.parse::<u16>().is_ok_and(|port| port > 0), "{url}");
    let (status, _) = sandbox.get(
        "/organizations/org_sandbox/groups",
        &[("Authorization", "Bearer sandbox-admin-token"), ("X-Tallyfy-Client", "APIClient")],
    );
    assert_eq!(status, 200);

    drop(sandbox.child.as_mut().and_then(|c| c.stdin.take()));
    let status = sandbox.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "{status}");
}

#[cfg(unix)]
#[test]
fn stops_on_sigterm() {
    let mut sandbox = Sandbox::spawn(&["--no-stdin-watch"], Stdio::null());
    let (status, _) = sandbox.get("/__nothing", &[]);
    assert_eq!(status, 401, "serving although stdin is /dev/null");
    let killed = Command::new("kill")
        .args(["-TERM", &sandbox.child.as_ref().map(Child::id).unwrap_or_default().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = sandbox.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "{status}");
}

#[test]
fn flags_and_seed_file() {
    let seed = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sandbox-binary-seed.json");
    std::fs::write(
        &seed,
        r#"{"organizations":[{"id":"acme","users":[7],"tokens":[{"token":"acme-token","manage":true}]}]}"#,
    )
    .expect("seed written");
    let seed = seed.to_str().expect("UTF-8 path");
    let sandbox =
        Sandbox::spawn(&["--config", seed, "--unauthorized-form", "plain", "--update-status=200"], Stdio::piped());
    let (status, body) = sandbox.get("/organizations/acme/groups", &[]);
    assert_eq!((status, body.as_str()), (401, "Unauthorized."));
    let (status, body) = sandbox.get(
        "/organizations/acme/groups",
        &[("Authorization", "Bearer acme-token"), ("X-Tallyfy-Client", "APIClient")],
    );
    assert_eq!(status, 200, "{body}");
    let (status, _) = sandbox.get(
        "/organizations/org_sandbox/groups",
        &[("Authorization", "Bearer sandbox-admin-token"), ("X-Tallyfy-Client", "APIClient")],
    );
    assert_eq!(status, 401, "the default seed is replaced");
}

#[test]
fn bad_flags_exit_with_usage() {
    let output =
        Command::new(BINARY).args(["--update-status", "204"]).stdin(Stdio::null()).output().expect("binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("204") && stderr.contains("usage:"), "{stderr}");
    assert!(output.stdout.is_empty());
}
