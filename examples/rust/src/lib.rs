//! A Rust host for `tallyfy-core`: a short loop over the core's [`Call`] that moves bytes with
//! `ureq` and sleeps when told. Every decision (retries, waits, paging, the exchange timeout,
//! the answer size limit, redaction of traces and errors) is the core's.
//!
//! The host knows one thing the core cannot: its transport's own failure text. It takes the
//! access token out of that too, with the core's [`Config::redact_text`].

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

use tallyfy_core::{
    Call, CallOptions, Config, Error, Exchange, Group, GroupInput, GroupPage, ListQuery, NoAnswer, Outcome, Request,
    Response, Step,
};

/// Why a call failed: the API (or the input) said no, or the transport broke.
#[derive(Debug)]
pub enum HostError {
    /// A typed error from the core: invalid input, an error answer, a malformed answer, or a
    /// list longer than its page cap. The token is already taken out.
    Api(Error),
    /// The exchange got no answer and the core does not retry it (a POST, a timeout, or no
    /// retries left): the transport's own failure, without the token.
    Transport(String),
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::Api(e) => write!(f, "{e}"),
            HostError::Transport(e) => write!(f, "transport: {e}"),
        }
    }
}

impl std::error::Error for HostError {}

impl From<Error> for HostError {
    fn from(e: Error) -> Self {
        HostError::Api(e)
    }
}

/// Called after every HTTP exchange with the core's trace of the request (the token replaced
/// by `[redacted]` wherever it appears) and the status received.
pub type Trace = Box<dyn Fn(&Request, u16)>;

/// Sleeps before a retry; tests pass one that records the wait instead.
pub type Sleep = Box<dyn Fn(Duration)>;

/// Groups of one organization, over HTTP.
pub struct Client {
    agent: ureq::Agent,
    config: Config,
    org_id: String,
    options: CallOptions,
    fixed_seed: Option<u64>,
    trace: Option<Trace>,
    sleep: Sleep,
}

impl Client {
    /// A client for `org_id` with the core's default call options.
    pub fn new(config: Config, org_id: impl Into<String>) -> Client {
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Client {
            agent,
            config,
            org_id: org_id.into(),
            options: CallOptions::default(),
            fixed_seed: None,
            trace: None,
            sleep: Box::new(std::thread::sleep),
        }
    }

    /// Replaces the call options (timeout, answer size limit, page cap, retry policy); the
    /// jitter seed is drawn afresh for every call unless [`Client::with_random_seed`] fixes it.
    pub fn with_options(mut self, options: CallOptions) -> Client {
        self.options = options;
        self
    }

    /// Fixes the jitter seed of every call (for tests).
    pub fn with_random_seed(mut self, seed: u64) -> Client {
        self.fixed_seed = Some(seed);
        self
    }

    /// Calls `trace` after every exchange (including retried ones).
    pub fn with_trace(mut self, trace: impl Fn(&Request, u16) + 'static) -> Client {
        self.trace = Some(Box::new(trace));
        self
    }

    /// Sleeps with `sleep` before each retry (the default is [`std::thread::sleep`]).
    pub fn with_sleep(mut self, sleep: impl Fn(Duration) + 'static) -> Client {
        self.sleep = Box::new(sleep);
        self
    }

    /// Creates a group.
    pub fn create(&self, input: &GroupInput) -> Result<Group, HostError> {
        match self.run(Call::create_group(&self.config, &self.org_id, input, self.options())?)? {
            Outcome::Group(group) => Ok(group),
            other => Err(unexpected(other)),
        }
    }

    /// Reads one group.
    pub fn get(&self, group_id: &str) -> Result<Group, HostError> {
        match self.run(Call::get_group(&self.config, &self.org_id, group_id, self.options())?)? {
            Outcome::Group(group) => Ok(group),
            other => Err(unexpected(other)),
        }
    }

    /// Reads one page of groups.
    pub fn list(&self, query: &ListQuery) -> Result<GroupPage, HostError> {
        match self.run(Call::list_groups(&self.config, &self.org_id, query, self.options())?)? {
            Outcome::Page(page) => Ok(page),
            other => Err(unexpected(other)),
        }
    }

    /// Reads every group, page after page, as the core's [`Call::list_all_groups`] decides.
    pub fn list_all(&self, query: &ListQuery) -> Result<Vec<Group>, HostError> {
        match self.run(Call::list_all_groups(&self.config, &self.org_id, query, self.options())?)? {
            Outcome::Groups(groups) => Ok(groups),
            other => Err(unexpected(other)),
        }
    }

    /// Changes the present fields of a group.
    pub fn update(&self, group_id: &str, changes: &GroupInput) -> Result<Group, HostError> {
        match self.run(Call::update_group(&self.config, &self.org_id, group_id, changes, self.options())?)? {
            Outcome::Group(group) => Ok(group),
            other => Err(unexpected(other)),
        }
    }

    /// Deletes a group.
    pub fn delete(&self, group_id: &str) -> Result<(), HostError> {
        match self.run(Call::delete_group(&self.config, &self.org_id, group_id, self.options())?)? {
            Outcome::Deleted => Ok(()),
            other => Err(unexpected(other)),
        }
    }

    /// This call's options: the client's, with a fresh jitter seed unless one is fixed.
    fn options(&self) -> CallOptions {
        let random_seed = self.fixed_seed.unwrap_or_else(|| RandomState::new().hash_one(0u8));
        CallOptions { random_seed, ..self.options }
    }

    /// The host loop: send, sleep, hand back; the core decides everything else.
    fn run(&self, mut call: Call) -> Result<Outcome, HostError> {
        let mut failure = String::new();
        loop {
            match call.next_step() {
                Step::Send(exchange) => {
                    let sent = self.send(exchange);
                    if let (Some(trace), Ok((status, _, _))) = (&self.trace, &sent) {
                        trace(&exchange.trace, *status);
                    }
                    match sent {
                        Ok((status, headers, body)) => {
                            let pairs: Vec<(&str, &str)> =
                                headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                            call.answered(&Response { status, headers: &pairs, body: &body })?;
                        }
                        Err((kind, text)) => {
                            failure = text;
                            call.no_answer(kind)?;
                        }
                    }
                }
                Step::Wait(retry) => (self.sleep)(Duration::from_millis(retry.delay_ms)),
                Step::Done(_) => break,
                Step::Failed(error) => return Err(HostError::Api(error.clone())),
                Step::Unanswered(_) => return Err(HostError::Transport(self.config.redact_text(&failure))),
            }
        }
        call.into_outcome().ok_or_else(|| HostError::Transport("the call ended without a result".to_owned()))
    }

    /// One HTTP exchange within the exchange's timeout, reading at most its answer size limit:
    /// the status, the headers that are text, and the body; or why there is no answer.
    #[allow(clippy::type_complexity)]
    fn send(&self, exchange: &Exchange) -> Result<(u16, Vec<(String, String)>, Vec<u8>), (NoAnswer, String)> {
        let request = &exchange.request;
        let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let body = request.body.clone().unwrap_or_default().into_bytes();
        let built = builder.body(body).map_err(|e| (NoAnswer::NotDelivered, e.to_string()))?;
        let timeout = Duration::from_millis(u64::from(exchange.timeout_ms));
        let configured = self.agent.configure_request(built).timeout_global(Some(timeout)).build();
        let mut answer = self.agent.run(configured).map_err(failure)?;
        let headers = answer
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = answer.body_mut().with_config().limit(exchange.max_answer_bytes).read_to_vec().map_err(failure)?;
        Ok((answer.status().as_u16(), headers, body))
    }
}

/// What kind of "no answer" a transport failure is, with its text.
fn failure(error: ureq::Error) -> (NoAnswer, String) {
    let kind = match &error {
        ureq::Error::Timeout(_) => NoAnswer::Timeout,
        ureq::Error::Io(e) if matches!(e.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock) => {
            NoAnswer::Timeout
        }
        ureq::Error::BodyExceedsLimit(_) => NoAnswer::TooLarge,
        _ => NoAnswer::NotDelivered,
    };
    (kind, error.to_string())
}

/// A result of another kind than the operation makes (never, with the core's constructors).
fn unexpected(outcome: Outcome) -> HostError {
    HostError::Transport(format!("the call ended with an unexpected result: {outcome:?}"))
}
