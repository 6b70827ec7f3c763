//! A bounded load check: 2,000 requests from 8 client threads on loopback.

use std::thread;
use std::time::Instant;

use serde_json::json;

use crate::support::{agent, Sandbox, ADMIN, GROUPS, ORG};

const THREADS: usize = 8;
/// Creates per thread; each is followed by a get, so 2 × 8 × 125 = 2,000 requests.
const CREATES_PER_THREAD: usize = 125;

#[test]
fn two_thousand_requests_from_eight_threads() {
    let sandbox = Sandbox::start();
    let base = sandbox.base().to_owned();
    let started = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|worker| {
            let base = base.clone();
            thread::spawn(move || {
                let agent = agent();
                let url = format!("{base}{GROUPS}");
                let mut errors = Vec::new();
                for n in 0..CREATES_PER_THREAD {
                    let body = json!({"name": format!("load {worker}-{n}"), "description": "load", "members": [1001]});
                    let created = agent
                        .post(&url)
                        .header("Authorization", &format!("Bearer {ADMIN}"))
                        .header("X-Tallyfy-Client", "APIClient")
                        .header("Content-Type", "application/json")
                        .send(body.to_string());
                    let id = match created {
                        Ok(mut response) if response.status() == 201 => {
                            let text = response.body_mut().read_to_string().unwrap_or_default();
                            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                            value["data"]["id"].as_str().unwrap_or_default().to_owned()
                        }
                        Ok(response) => {
                            errors.push(format!("create: {}", response.status()));
                            continue;
                        }
                        Err(error) => {
                            errors.push(format!("create: {error}"));
                            continue;
                        }
                    };
                    let fetched = agent
                        .get(&format!("{url}/{id}"))
                        .header("Authorization", &format!("Bearer {ADMIN}"))
                        .header("X-Tallyfy-Client", "APIClient")
                        .call();
                    match fetched {
                        Ok(response) if response.status() == 200 => {}
                        Ok(response) => errors.push(format!("get: {}", response.status())),
                        Err(error) => errors.push(format!("get: {error}")),
                    }
                }
                errors
            })
        })
        .collect();
    let errors: Vec<String> = workers.into_iter().flat_map(|worker| worker.join().expect("worker thread")).collect();
    let elapsed = started.elapsed();
    // A figure for people; the test asserts counts, never time.
    println!("load check: 2000 requests from {THREADS} threads in {elapsed:?}");
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.first());

    let expected = THREADS * CREATES_PER_THREAD;
    let stats = sandbox.stats();
    assert_eq!(stats["groups"][ORG], expected);
    assert_eq!(stats["requests_served"], 2 * expected);
    let listed = sandbox.call("GET", &format!("{GROUPS}?per_page=1"), None);
    assert_eq!(listed.json()["meta"]["pagination"]["total"], expected);
}
