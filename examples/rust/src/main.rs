//! The group lifecycle demo, Rust host: create, get, list, update, delete, a get that ends in
//! `not_found`, and an invalid create that ends in field errors.
//!
//! Reads `TALLYFY_BASE_URL`, `TALLYFY_ACCESS_TOKEN`, `TALLYFY_ORG_ID` and optionally
//! `TALLYFY_MEMBER_IDS` (comma-separated user ids); `cargo xtask demo` sets them.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use tallyfy_core::{Config, ErrorCode, GroupInput, ListQuery, Request};
use tallyfy_example_rust::{Client, HostError};

fn main() -> ExitCode {
    match run() {
        Ok(()) => {
            println!("\nRust host: all 7 steps behaved as documented.");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("\nRust host demo failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Prints a traced exchange (the client has already replaced the token with `[redacted]`).
fn print_request(request: &Request, status: u16) {
    println!("   -> {} {}", request.method.as_str(), request.url);
    for (name, value) in &request.headers {
        println!("      {name}: {value}");
    }
    if let Some(body) = &request.body {
        println!("      {body}");
    }
    println!("   <- {status}");
}

fn show(label: &str, json: &str) {
    println!("   {label}: {json}");
}

fn run() -> Result<(), String> {
    let token = env("TALLYFY_ACCESS_TOKEN").ok_or("TALLYFY_ACCESS_TOKEN is not set")?;
    let org_id = env("TALLYFY_ORG_ID").ok_or("TALLYFY_ORG_ID is not set")?;
    let base_url = env("TALLYFY_BASE_URL");
    let members: Vec<u64> = env("TALLYFY_MEMBER_IDS")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().map_err(|_| format!("TALLYFY_MEMBER_IDS: `{s}` is not a user id")))
        .collect::<Result<_, _>>()?;
    let config = Config::new(&token, base_url.as_deref(), None).map_err(|e| e.to_string())?;
    println!("Tallyfy Groups demo (Rust host) against {}, organization {org_id}", config.base_url());
    let client = Client::new(config, &org_id).with_trace(print_request);
    let fail = |step: &str, e: HostError| format!("{step}: {e}");

    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let name = format!("Demo group {stamp}");
    let (first, rest) = members.split_at(members.len().min(2));

    println!("\n1. create");
    let input = GroupInput {
        name: Some(name.clone()),
        description: Some("Created by the tallyfy-bindings demo".into()),
        members: Some(first.to_vec()),
        guests: Some(vec!["guest@example.com".into()]),
    };
    let group = client.create(&input).map_err(|e| fail("create", e))?;
    show("group", &group.to_json());

    println!("\n2. get");
    let fetched = client.get(&group.id).map_err(|e| fail("get", e))?;
    show("group", &fetched.to_json());
    if fetched.id != group.id || fetched.name != name {
        return Err("get returned another group".into());
    }

    println!("\n3. list");
    let query = ListQuery { q: Some(name.clone()), per_page: Some(10), ..Default::default() };
    let page = client.list(&query).map_err(|e| fail("list", e))?;
    show("pagination", &page.pagination.to_json());
    println!("   groups: {}", page.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", "));
    if !page.groups.iter().any(|g| g.id == group.id) {
        return Err("list does not show the new group".into());
    }

    println!("\n4. update (members replaced, guests cleared)");
    let changes = GroupInput { members: Some(rest.to_vec()), guests: Some(vec![]), ..Default::default() };
    let updated = client.update(&group.id, &changes).map_err(|e| fail("update", e))?;
    show("group", &updated.to_json());
    if updated.members != rest || !updated.guests.is_empty() {
        return Err("update did not replace members and clear guests".into());
    }

    println!("\n5. delete");
    client.delete(&group.id).map_err(|e| fail("delete", e))?;
    println!("   deleted {}", group.id);

    println!("\n6. get after delete");
    match client.get(&group.id) {
        Err(HostError::Api(e)) if e.code() == ErrorCode::NotFound => {
            println!("   error: {} (status {}): {}", e.code(), e.status().unwrap_or(0), e.message());
        }
        other => return Err(format!("get after delete: expected not_found, got {other:?}")),
    }

    println!("\n7. invalid create (refused before any request is sent)");
    let invalid = GroupInput {
        name: Some(" ".into()),
        description: Some("x".into()),
        members: Some(vec![0]),
        guests: Some(vec!["not-an-email".into()]),
    };
    match client.create(&invalid) {
        Err(HostError::Api(e)) if e.code() == ErrorCode::InvalidInput => {
            println!("   error: {}", e.code());
            for f in e.field_errors() {
                println!("   field {} [{}]: {}", f.field, f.code, f.message);
            }
        }
        other => return Err(format!("invalid create: expected invalid_input, got {other:?}")),
    }
    Ok(())
}
