//! Benchmarks of the core: request building, group parsing, and list parsing compared with
//! plain `serde_json::from_slice` into an equivalent struct, in the same run.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use serde::Deserialize;
use tallyfy_core::{build_create_group, parse_group, parse_group_list, Config, GroupInput, Response};

const GROUP: &str = r#"{"data":{"id":"53a4560dc877f9b4f709f97630efbb5a","name":"Onboarding Specialists","description":"Team responsible for new client onboarding.","logo":null,"members":[1001,1005,1008],"guests":["client.liaison@partner.com"],"created_at":"2025-06-10T14:30:00.000Z","last_updated":"2025-06-10T14:30:00.000Z"}}"#;

fn list_page(groups: usize) -> String {
    let mut body = String::from(r#"{"data":["#);
    for i in 0..groups {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"id":"{i:032x}","name":"Group {i}","description":"Description of group {i}","logo":null,"members":[{},{},{}],"guests":["guest{i}@example.com"],"created_at":"2025-06-10T14:30:00.000Z","last_updated":"2025-06-11T09:00:00.000Z"}}"#,
            1000 + i,
            2000 + i,
            3000 + i
        ));
    }
    body.push_str(&format!(
        r#"],"meta":{{"pagination":{{"total":{groups},"count":{groups},"per_page":{groups},"current_page":1,"total_pages":1,"links":[]}}}}}}"#
    ));
    body
}

/// The same list decoded by plain serde derive, with no variant handling.
#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainGroup {
    id: String,
    name: String,
    description: Option<String>,
    logo: Option<String>,
    members: Vec<u64>,
    guests: Vec<String>,
    created_at: Option<String>,
    last_updated: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainPagination {
    total: u64,
    count: u64,
    per_page: u64,
    current_page: u64,
    total_pages: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainMeta {
    pagination: PlainPagination,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainList {
    data: Vec<PlainGroup>,
    meta: PlainMeta,
}

/// `{"errors":{"<262,144 × k>":[1,1,…]}}` with 262,144 entries: 768 KiB.
fn hostile_422() -> String {
    const N: usize = 262_144;
    let mut body = String::with_capacity(3 * N + 32);
    body.push_str(r#"{"errors":{""#);
    body.push_str(&"k".repeat(N));
    body.push_str(r#"":["#);
    body.push_str(&"1,".repeat(N - 1));
    body.push_str("1]}}");
    body
}

fn input() -> GroupInput {
    GroupInput {
        name: Some("Onboarding Specialists".into()),
        description: Some("Team responsible for new client onboarding.".into()),
        members: Some(vec![1001, 1005, 1008]),
        guests: Some(vec!["client.liaison@partner.com".into()]),
    }
}

fn benches(c: &mut Criterion) {
    let config = Config::new("tok_123", None, None).unwrap();
    let input = input();
    c.bench_function("build_create_group", |b| {
        b.iter(|| build_create_group(black_box(&config), black_box("org1"), black_box(&input)).unwrap())
    });

    let mut one = c.benchmark_group("parse_group");
    one.throughput(Throughput::Bytes(GROUP.len() as u64));
    one.bench_function("core", |b| {
        b.iter(|| parse_group(&Response { status: 200, headers: &[], body: black_box(GROUP.as_bytes()) }).unwrap())
    });
    one.finish();

    let page = list_page(10_000);
    let mut list = c.benchmark_group("parse_list_10000");
    list.throughput(Throughput::Bytes(page.len() as u64));
    list.sample_size(20);
    list.bench_function("core", |b| {
        b.iter(|| parse_group_list(&Response { status: 200, headers: &[], body: black_box(page.as_bytes()) }).unwrap())
    });
    list.bench_function("plain_serde_json", |b| {
        b.iter(|| serde_json::from_slice::<PlainList>(black_box(page.as_bytes())).unwrap())
    });
    list.finish();
    print_list_ratio(&page);

    // The worst error answer for the field-error walk: 768 KiB whose `errors` hold one key of
    // 262,144 characters with 262,144 entries. Reading it must cost time linear in its size.
    let hostile = hostile_422();
    let mut answers = c.benchmark_group("parse_hostile_422");
    answers.throughput(Throughput::Bytes(hostile.len() as u64));
    answers.sample_size(20);
    answers.bench_function("core", |b| {
        b.iter(|| {
            parse_group(&Response { status: 422, headers: &[], body: black_box(hostile.as_bytes()) }).unwrap_err()
        })
    });
    answers.finish();
}

/// Times both list decoders alternately and prints the core's speed relative to plain serde_json.
fn print_list_ratio(page: &str) {
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let core = || {
        black_box(parse_group_list(&Response { status: 200, headers: &[], body: page.as_bytes() }).unwrap());
    };
    let plain = || {
        black_box(serde_json::from_slice::<PlainList>(page.as_bytes()).unwrap());
    };
    let (mut core_times, mut plain_times): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        core_times.push(time(&core));
        plain_times.push(time(&plain));
    }
    core_times.sort();
    plain_times.sort();
    let (c, p) = (core_times[15], plain_times[15]);
    let mb = page.len() as f64 / 1e6;
    println!(
        "list page (10,000 groups, {:.1} MB): core {:.2} ms ({:.0} MB/s), plain serde_json {:.2} ms ({:.0} MB/s); core speed = {:.0}% of plain",
        mb,
        c.as_secs_f64() * 1e3,
        mb / c.as_secs_f64(),
        p.as_secs_f64() * 1e3,
        mb / p.as_secs_f64(),
        100.0 * p.as_secs_f64() / c.as_secs_f64()
    );
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
