//! A running sandbox plus a small blocking client with timeouts.

use std::time::Duration;

use serde_json::{json, Value};
use tallyfy_sandbox::{Background, Options};
use ureq::http::{HeaderMap, Request};

/// Token with `manage_groups` in the default seed.
pub const ADMIN: &str = "sandbox-admin-token";
/// Token without `manage_groups` in the default seed.
pub const MEMBER: &str = "sandbox-member-token";
/// Organization of the default seed.
pub const ORG: &str = "org_sandbox";
/// Path of the default organization's groups.
pub const GROUPS: &str = "/organizations/org_sandbox/groups";

/// A blocking HTTP client whose every call gives up after ten seconds.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// One answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body parsed as JSON; panics (failing the test) when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("not JSON ({error}): {:?}", self.body))
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// `data` of a JSON answer.
    pub fn data(&self) -> Value {
        self.json()["data"].clone()
    }
}

/// A sandbox on an ephemeral loopback port with its own client.
pub struct Sandbox {
    server: Background,
    agent: ureq::Agent,
}

impl Sandbox {
    /// With the default seed and settings.
    pub fn start() -> Self {
        Self::with(Options::default())
    }

    /// With the given settings (the port is forced to 0).
    pub fn with(options: Options) -> Self {
        let server = Background::start(Options { port: 0, ..options }).expect("sandbox starts");
        Self { server, agent: agent() }
    }

    /// `http://127.0.0.1:PORT/api`.
    pub fn base(&self) -> &str {
        self.server.base_url()
    }

    /// `http://127.0.0.1:PORT` (for control endpoints).
    pub fn root(&self) -> &str {
        self.base().trim_end_matches("/api")
    }

    /// Sends a request to `url` with exactly the given headers and body.
    pub fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
        let mut builder = Request::builder().method(method).uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let result = match body {
            Some(body) => self
                .agent
                .run(builder.header("Content-Type", "application/json").body(body.to_owned()).expect("request")),
            None => self.agent.run(builder.body(()).expect("request")),
        };
        let mut response = result.unwrap_or_else(|error| panic!("{method} {url} failed: {error}"));
        let body = response.body_mut().read_to_string().expect("body reads");
        Reply { status: response.status().as_u16(), headers: response.headers().clone(), body }
    }

    /// An API call (path after `/api`) with `token` and the client header.
    pub fn call_as(&self, token: &str, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let auth = format!("Bearer {token}");
        let headers =
            [("Authorization", auth.as_str()), ("X-Tallyfy-Client", "APIClient"), ("Accept", "application/json")];
        let body = body.map(Value::to_string);
        self.send(method, &format!("{}{path}", self.base()), &headers, body.as_deref())
    }

    /// An API call as the admin.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        self.call_as(ADMIN, method, path, body)
    }

    /// A control call (`/__sandbox/...`), no auth.
    pub fn control(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let body = body.map(Value::to_string);
        self.send(method, &format!("{}{path}", self.root()), &[], body.as_deref())
    }

    /// Queues faults and checks they were accepted.
    pub fn inject(&self, request: Value) {
        let reply = self.control("POST", "/__sandbox/faults", Some(&request));
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    /// Creates a group as the admin and returns it.
    pub fn create(&self, name: &str, description: &str) -> Value {
        let reply = self.call("POST", GROUPS, Some(&json!({"name": name, "description": description})));
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.data()
    }

    /// `GET /__sandbox/stats`.
    pub fn stats(&self) -> Value {
        self.control("GET", "/__sandbox/stats", None).json()
    }
}

/// Asserts a 422 whose `errors` has exactly `key` with `message` among its messages.
pub fn assert_invalid(reply: &Reply, key: &str, message: &str) {
    assert_eq!(reply.status, 422, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["message"], "The given data was invalid.");
    let messages = body["errors"][key].as_array().unwrap_or_else(|| panic!("no errors.{key} in {body}"));
    assert!(messages.iter().any(|m| m == message), "{key}: {messages:?}");
}
