//! Pagination, sorting and search (`q` with `%20`, a literal `+`).

use serde_json::{json, Value};

use crate::support::{assert_invalid, Sandbox, GROUPS};

fn list(sandbox: &Sandbox, query: &str) -> Value {
    let reply = sandbox.call("GET", &format!("{GROUPS}?{query}"), None);
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    reply.json()
}

fn names(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|group| group["name"].as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn pagination() {
    let sandbox = Sandbox::start();
    for n in 1..=25 {
        sandbox.create(&format!("Group {n:02}"), "d");
    }
    let first = list(&sandbox, "");
    let meta = &first["meta"]["pagination"];
    assert_eq!(
        (meta["total"].clone(), meta["count"].clone(), meta["per_page"].clone()),
        (json!(25), json!(10), json!(10))
    );
    assert_eq!((meta["current_page"].clone(), meta["total_pages"].clone()), (json!(1), json!(3)));
    assert!(meta["links"].get("previous").is_none());
    let next = meta["links"]["next"].as_str().expect("next link");
    assert!(next.starts_with(sandbox.base()), "{next}");

    // The link works as given.
    let second = sandbox.send(
        "GET",
        next,
        &[("Authorization", "Bearer sandbox-admin-token"), ("X-Tallyfy-Client", "APIClient")],
        None,
    );
    assert_eq!(second.json()["meta"]["pagination"]["current_page"], 2);
    assert_eq!(names(&second.json())[0], "Group 11");

    let last = list(&sandbox, "page=3");
    assert_eq!(last["meta"]["pagination"]["count"], 5);
    assert!(last["meta"]["pagination"]["links"].get("next").is_none());
    assert!(last["meta"]["pagination"]["links"]["previous"].is_string());
    assert_eq!(names(&last).last().map(String::as_str), Some("Group 25"));

    let beyond = list(&sandbox, "page=4");
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["meta"]["pagination"]["count"], 0);

    let all = list(&sandbox, "per_page=100");
    assert_eq!(all["meta"]["pagination"]["count"], 25);
    assert_eq!(all["meta"]["pagination"]["total_pages"], 1);
    assert_eq!(all["meta"]["pagination"]["links"], json!([]), "no links: empty list");

    let reply = sandbox.call("GET", &format!("{GROUPS}?per_page=101"), None);
    assert_invalid(&reply, "per_page", "The per page must not be greater than 100.");
    let reply = sandbox.call("GET", &format!("{GROUPS}?page=0"), None);
    assert_invalid(&reply, "page", "The page must be at least 1.");
    let reply = sandbox.call("GET", &format!("{GROUPS}?page=two"), None);
    assert_invalid(&reply, "page", "The page must be an integer.");
}

#[test]
fn empty_list() {
    let sandbox = Sandbox::start();
    let page = list(&sandbox, "with=assets");
    assert_eq!(page["data"], json!([]));
    assert_eq!(
        page["meta"]["pagination"],
        json!({"total": 0, "count": 0, "per_page": 10, "current_page": 1, "total_pages": 1, "links": []})
    );
}

#[test]
fn sorting() {
    let sandbox = Sandbox::start();
    let bravo = sandbox.create("bravo", "d");
    sandbox.create("Alpha", "d");
    sandbox.create("charlie", "d");
    assert_eq!(names(&list(&sandbox, "")), ["bravo", "Alpha", "charlie"]);
    assert_eq!(names(&list(&sandbox, "sort=desc")), ["charlie", "Alpha", "bravo"]);
    assert_eq!(names(&list(&sandbox, "sort_by=name")), ["Alpha", "bravo", "charlie"]);
    assert_eq!(names(&list(&sandbox, "sort_by=name&sort=desc")), ["charlie", "bravo", "Alpha"]);

    let path = format!("{GROUPS}/{}", bravo["id"].as_str().expect("id"));
    assert_eq!(sandbox.call("PUT", &path, Some(&json!({"description": "touched"}))).status, 201);
    assert_eq!(names(&list(&sandbox, "sort_by=updated_at")), ["Alpha", "charlie", "bravo"]);
    assert_eq!(names(&list(&sandbox, "sort_by=updated_at&sort=desc")), ["bravo", "charlie", "Alpha"]);

    let reply = sandbox.call("GET", &format!("{GROUPS}?sort_by=id"), None);
    assert_invalid(&reply, "sort_by", "The selected sort by is invalid.");
    let reply = sandbox.call("GET", &format!("{GROUPS}?sort=sideways"), None);
    assert_invalid(&reply, "sort", "The selected sort is invalid.");
}

#[test]
fn search() {
    let sandbox = Sandbox::start();
    sandbox.create("Alpha Team", "first");
    sandbox.create("alphabet", "second");
    sandbox.create("Ops", "The alpha TEAM's helpers");
    sandbox.create("a+b", "plus");
    sandbox.create("a b", "space");

    assert_eq!(names(&list(&sandbox, "q=alpha%20team")), ["Alpha Team", "Ops"]);
    assert_eq!(names(&list(&sandbox, "q=ALPHA")), ["Alpha Team", "alphabet", "Ops"]);
    assert_eq!(names(&list(&sandbox, "q=a+b")), ["a+b"], "+ is not a space");
    assert_eq!(names(&list(&sandbox, "q=a%2Bb")), ["a+b"]);
    assert_eq!(names(&list(&sandbox, "q=a%20b")), ["a b"]);
    assert_eq!(names(&list(&sandbox, "q=nothing")), Vec::<String>::new());

    let page = list(&sandbox, "q=alpha&per_page=1");
    assert_eq!(page["meta"]["pagination"]["total"], 3);
    let next = page["meta"]["pagination"]["links"]["next"].as_str().expect("next");
    assert!(next.contains("q=alpha") && next.contains("page=2"), "{next}");
}
