//! `cargo xtask demo`: the group lifecycle against the sandbox or the real API.
//!
//! With `TALLYFY_ACCESS_TOKEN` and `TALLYFY_ORG_ID` set (and optionally `TALLYFY_BASE_URL`
//! and `TALLYFY_MEMBER_IDS`) every host talks to that server; otherwise a sandbox is started on
//! an ephemeral loopback port and every host talks to it.

use std::process::Command;

use crate::csharp;
use crate::native;
use crate::npm;
use crate::run::{cargo, run, Result};
use crate::sandbox::{self, Sandbox};

/// Where the hosts send their requests, handed to each host as environment variables.
pub struct Target {
    /// `TALLYFY_BASE_URL`; `None` means the core's default (the real API).
    pub base_url: Option<String>,
    /// `TALLYFY_ACCESS_TOKEN`.
    pub token: String,
    /// `TALLYFY_ORG_ID`.
    pub org_id: String,
    /// `TALLYFY_MEMBER_IDS`: comma-separated user ids (the first two start as members, the
    /// rest replace them in the update step).
    pub member_ids: String,
    _sandbox: Option<Sandbox>,
}

impl Target {
    /// The real API when the user gave a token and an organization, the sandbox otherwise.
    pub fn from_env() -> Result<Target> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let (Some(token), Some(org_id)) = (var("TALLYFY_ACCESS_TOKEN"), var("TALLYFY_ORG_ID")) {
            println!(
                "Using the API at {} (token from TALLYFY_ACCESS_TOKEN)",
                var("TALLYFY_BASE_URL").as_deref().unwrap_or("the default base URL")
            );
            return Ok(Target {
                base_url: var("TALLYFY_BASE_URL"),
                token,
                org_id,
                member_ids: var("TALLYFY_MEMBER_IDS").unwrap_or_default(),
                _sandbox: None,
            });
        }
        let server = Sandbox::start(&[])?;
        println!("Started the sandbox at {}", server.base_url);
        Ok(Target {
            base_url: Some(server.base_url.clone()),
            token: sandbox::ADMIN_TOKEN.to_owned(),
            org_id: sandbox::ORG_ID.to_owned(),
            member_ids: sandbox::MEMBER_IDS.to_owned(),
            _sandbox: Some(server),
        })
    }

    /// Sets the target's environment variables on a host's command.
    pub fn apply<'a>(&self, cmd: &'a mut Command) -> &'a mut Command {
        cmd.env("TALLYFY_ACCESS_TOKEN", &self.token)
            .env("TALLYFY_ORG_ID", &self.org_id)
            .env("TALLYFY_MEMBER_IDS", &self.member_ids);
        match &self.base_url {
            Some(url) => cmd.env("TALLYFY_BASE_URL", url),
            None => cmd.env_remove("TALLYFY_BASE_URL"),
        }
    }
}

/// One host program of the demo.
struct Host {
    name: &'static str,
    run: fn(&Target) -> Result,
}

const HOSTS: &[Host] = &[
    Host { name: "rust", run: rust },
    Host { name: "c", run: native::demo_c },
    Host { name: "csharp", run: csharp::demo },
    Host { name: "js", run: npm::demo },
];

/// Entry point of `cargo xtask demo [host...]`: every host by default.
pub fn main(args: &[&str]) -> Result {
    let chosen: Vec<&Host> = if args.is_empty() {
        HOSTS.iter().collect()
    } else {
        args.iter()
            .map(|name| {
                HOSTS.iter().find(|h| h.name == *name).ok_or_else(|| {
                    let known: Vec<_> = HOSTS.iter().map(|h| h.name).collect();
                    format!("unknown host `{name}`; expected one of {}", known.join(", "))
                })
            })
            .collect::<Result<_>>()?
    };
    let target = Target::from_env()?;
    for host in chosen {
        println!("\n##### demo: {} host", host.name);
        (host.run)(&target)?;
    }
    Ok(())
}

fn rust(target: &Target) -> Result {
    run(target.apply(cargo().args(["run", "--quiet", "-p", "tallyfy-example-rust", "--bin", "tallyfy-demo-rust"])))
}
