//! A Rust host for `tallyfy-core`: it sends the core's request descriptions with `ureq`, hands
//! the answers back to the core, and retries as the core's [`RetryPolicy`] says (error answers
//! by their status, requests that got no answer by its no-answer case).
//!
//! The host knows the access token, so it keeps it out of everything it produces, exactly
//! (the core's [`Config::redact_error`] and [`Config::redact_text`]): errors (messages, field
//! errors, request ids, transport failures) and traces never contain it, even when a server
//! echoes it back; the core's heuristic redaction of server text (`Bearer …`, JWTs) is the
//! second line of defence.

use std::cell::Cell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tallyfy_core::{
    build_create_group, build_delete_group, build_get_group, build_list_groups, build_next_page, build_update_group,
    parse_delete_group, parse_group, parse_group_list, Config, Error, Group, GroupInput, GroupPage, ListQuery, Request,
    Response, RetryPolicy, LIST_ALL_PER_PAGE, MAX_PAGES,
};

/// Why a call failed: the API (or the input) said no, or the transport broke.
#[derive(Debug)]
pub enum HostError {
    /// A typed error from the core: invalid input, an error answer or a malformed answer.
    Api(Error),
    /// The HTTP exchange itself failed (connection refused, timeout, ...), after the retries
    /// the policy allows a request that got no answer.
    Transport(String),
    /// [`Client::list_all`] read this many pages and more remain: never a silently partial list.
    TooManyPages(u32),
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::Api(e) => write!(f, "{e}"),
            HostError::Transport(e) => write!(f, "transport: {e}"),
            HostError::TooManyPages(n) => write!(f, "read {n} pages and more remain; narrow the query"),
        }
    }
}

impl std::error::Error for HostError {}

impl From<Error> for HostError {
    fn from(e: Error) -> Self {
        HostError::Api(e)
    }
}

/// An answer as received: status, headers, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    /// Hands the answer to one of the core's `parse_*` functions.
    fn parse<T>(&self, parse: fn(&Response) -> Result<T, Error>) -> Result<T, Error> {
        let pairs: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        parse(&Response { status: self.status, headers: &pairs, body: &self.body })
    }
}

/// Whether `failure` means the request got no answer (the connection could not be made, or
/// broke before a whole answer arrived); a timeout, an answer that is not HTTP, or a request
/// that could not be sent is not.
fn no_answer(failure: &ureq::Error) -> bool {
    match failure {
        ureq::Error::Io(e) => !matches!(e.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock),
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        _ => false,
    }
}

/// `request` with the config's token taken out wherever it appears (the `Authorization`
/// header, and any id or body text that happens to hold it), for traces.
fn redacted_request(request: &Request, config: &Config) -> Request {
    Request {
        method: request.method,
        url: config.redact_text(&request.url),
        headers: request.headers.iter().map(|(n, v)| (*n, config.redact_text(v))).collect(),
        body: request.body.as_deref().map(|b| config.redact_text(b)),
    }
}

/// Called after every HTTP exchange with the request sent (the token replaced by `[redacted]`
/// wherever it appears) and the status received.
pub type Trace = Box<dyn Fn(&Request, u16)>;

/// Groups of one organization, over HTTP.
pub struct Client {
    agent: ureq::Agent,
    config: Config,
    org_id: String,
    policy: RetryPolicy,
    trace: Option<Trace>,
    seed: Cell<u64>,
}

impl Client {
    /// A client for `org_id` with the default retry policy and 30 s timeouts.
    pub fn new(config: Config, org_id: impl Into<String>) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
        Client {
            agent,
            config,
            org_id: org_id.into(),
            policy: RetryPolicy::default(),
            trace: None,
            seed: Cell::new(seed),
        }
    }

    /// Replaces the retry policy.
    pub fn with_policy(mut self, policy: RetryPolicy) -> Client {
        self.policy = policy;
        self
    }

    /// Calls `trace` after every exchange (including retried ones).
    pub fn with_trace(mut self, trace: impl Fn(&Request, u16) + 'static) -> Client {
        self.trace = Some(Box::new(trace));
        self
    }

    /// Creates a group.
    pub fn create(&self, input: &GroupInput) -> Result<Group, HostError> {
        self.call(&build_create_group(&self.config, &self.org_id, input)?, parse_group)
    }

    /// Reads one group.
    pub fn get(&self, group_id: &str) -> Result<Group, HostError> {
        self.call(&build_get_group(&self.config, &self.org_id, group_id)?, parse_group)
    }

    /// Reads one page of groups.
    pub fn list(&self, query: &ListQuery) -> Result<GroupPage, HostError> {
        self.call(&build_list_groups(&self.config, &self.org_id, query)?, parse_group_list)
    }

    /// Reads every page, following the pagination for at most the core's [`MAX_PAGES`] pages; more than
    /// that is [`HostError::TooManyPages`], never a partial list. Asks for the core's
    /// [`LIST_ALL_PER_PAGE`] groups a page unless `query` sets a page size.
    pub fn list_all(&self, query: &ListQuery) -> Result<Vec<Group>, HostError> {
        let query = &ListQuery { per_page: query.per_page.or(Some(LIST_ALL_PER_PAGE)), ..query.clone() };
        let mut page = self.list(query)?;
        let mut groups = std::mem::take(&mut page.groups);
        for pages in 1u32.. {
            let Some(next) = build_next_page(&self.config, &self.org_id, query, &page)? else {
                break;
            };
            if pages == MAX_PAGES {
                return Err(HostError::TooManyPages(pages));
            }
            page = self.call(&next, parse_group_list)?;
            groups.append(&mut page.groups);
        }
        Ok(groups)
    }

    /// Changes the present fields of a group.
    pub fn update(&self, group_id: &str, changes: &GroupInput) -> Result<Group, HostError> {
        self.call(&build_update_group(&self.config, &self.org_id, group_id, changes)?, parse_group)
    }

    /// Deletes a group.
    pub fn delete(&self, group_id: &str) -> Result<(), HostError> {
        self.call(&build_delete_group(&self.config, &self.org_id, group_id)?, parse_delete_group)
    }

    /// Sends `request`, parses the answer with `parse`, and retries while the policy says so:
    /// an error answer by its status, a request that got no answer by the policy's no-answer
    /// case (never a POST; a timeout is not retried).
    fn call<T>(&self, request: &Request, parse: fn(&Response) -> Result<T, Error>) -> Result<T, HostError> {
        let mut attempt = 0;
        loop {
            let answer = match self.send(request) {
                Ok(answer) => answer,
                Err(failure) => {
                    let delay = if no_answer(&failure) {
                        self.policy.no_answer_delay_ms(request.method, attempt, self.random())
                    } else {
                        None
                    };
                    match delay {
                        Some(delay) => std::thread::sleep(Duration::from_millis(delay)),
                        None => return Err(HostError::Transport(self.config.redact_text(&failure.to_string()))),
                    }
                    attempt += 1;
                    continue;
                }
            };
            if let Some(trace) = &self.trace {
                trace(&redacted_request(request, &self.config), answer.status);
            }
            let error = match answer.parse(parse) {
                Ok(value) => return Ok(value),
                Err(mut error) => {
                    // The server may echo the token: the core takes it out, exactly.
                    self.config.redact_error(&mut error);
                    error
                }
            };
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            match self.policy.delay_for(request.method, &error, attempt, self.random(), now) {
                Some(delay) => std::thread::sleep(Duration::from_millis(delay)),
                None => return Err(HostError::Api(error)),
            }
            attempt += 1;
        }
    }

    /// One HTTP exchange.
    fn send(&self, request: &Request) -> Result<Answer, ureq::Error> {
        let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let body = request.body.clone().unwrap_or_default().into_bytes();
        let mut answer = self.agent.run(builder.body(body)?)?;
        let headers = answer
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = answer.body_mut().read_to_vec()?;
        Ok(Answer { status: answer.status().as_u16(), headers, body })
    }

    /// A number in [0, 1] for the retry jitter (xorshift; quality is not a concern here).
    fn random(&self) -> f64 {
        let mut x = self.seed.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.seed.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}
