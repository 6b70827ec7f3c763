//! The call driver: one sans-I/O state machine per operation, in the manner of rustls's
//! `Connection` or quinn-proto.

use serde::{Serialize, Serializer};

use crate::api_error::malformed;
use crate::call_options::CallOptions;
use crate::config::Config;
use crate::error::{Error, ErrorCode, FieldCode, FieldError};
use crate::given::Given;
use crate::group::{
    body_too_large, parse_delete_group_within, parse_group_list_within, parse_group_within, Group, GroupPage,
};
use crate::input::GroupInput;
use crate::operations::{
    build_create_group, build_delete_group, build_get_group, build_list_groups, build_update_group, list_parts,
    LIST_ALL_PER_PAGE,
};
use crate::query::{GivenQuery, ListQuery};
use crate::read_headers::DATE;
use crate::request::Request;
use crate::response::{is_http_status, status_out_of_range, GivenAnswer, GivenHeaders, Response};

/// What a successful answer of an operation holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A group (create, get, update).
    Group,
    /// A page of groups (list).
    Page,
    /// Nothing (delete).
    Deleted,
}

/// What a call produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The group created, read or changed.
    Group(Group),
    /// One page of groups.
    Page(GroupPage),
    /// Every group, from every page.
    Groups(Vec<Group>),
    /// The group was deleted.
    Deleted,
}

/// The JavaScript value: a group, a page, an array of groups, or `null` for a deletion.
impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Outcome::Group(group) => group.serialize(serializer),
            Outcome::Page(page) => page.serialize(serializer),
            Outcome::Groups(groups) => groups.serialize(serializer),
            Outcome::Deleted => serializer.serialize_unit(),
        }
    }
}

/// Why an exchange produced no answer to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoAnswer {
    /// The request may not have reached the server: the connection failed or broke (refused,
    /// reset, DNS). Retried for GET, PUT and DELETE, never for POST.
    NotDelivered,
    /// No complete answer within the timeout. Not retried: the call already waited its time.
    Timeout,
    /// The answer's body passed the size limit and the host stopped reading it: a malformed
    /// answer, not retried.
    TooLarge,
}

impl NoAnswer {
    /// Every kind, in the order of their C values (0 to 2).
    pub const ALL: [NoAnswer; 3] = [NoAnswer::NotDelivered, NoAnswer::Timeout, NoAnswer::TooLarge];

    /// The kind as a snake_case string: `not_delivered`, `timeout`, `too_large`.
    pub fn as_str(self) -> &'static str {
        match self {
            NoAnswer::NotDelivered => "not_delivered",
            NoAnswer::Timeout => "timeout",
            NoAnswer::TooLarge => "too_large",
        }
    }

    /// The kind named `name` (see [`NoAnswer::as_str`]), or the field error of the argument
    /// `no_answer`.
    pub fn from_argument(name: &str) -> Result<NoAnswer, FieldError> {
        NoAnswer::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| {
            FieldError::new("no_answer", FieldCode::InvalidValue, "must be not_delivered, timeout or too_large")
        })
    }

    /// The kind whose C value (its index in [`NoAnswer::ALL`]) is `value`, or the field error
    /// of the argument `no_answer`.
    ///
    /// ```
    /// use tallyfy_core::NoAnswer;
    /// assert_eq!(NoAnswer::from_value(1), Ok(NoAnswer::Timeout));
    /// assert_eq!(NoAnswer::from_value(-1).unwrap_err().field, "no_answer");
    /// ```
    pub fn from_value(value: i64) -> Result<NoAnswer, FieldError> {
        let kind = usize::try_from(value).ok().and_then(|i| NoAnswer::ALL.get(i).copied());
        kind.ok_or_else(|| {
            FieldError::new(
                "no_answer",
                FieldCode::InvalidValue,
                "must be 0 (not_delivered), 1 (timeout) or 2 (too_large)",
            )
        })
    }
}

impl Serialize for NoAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One HTTP exchange for the host to perform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What to send, unchanged.
    pub request: Request,
    /// The same request with the access token taken out wherever it appears, for logs and
    /// traces.
    pub trace: Request,
    /// The longest the whole exchange (sending, the status, headers and whole body) may take.
    pub timeout_ms: u32,
    /// The largest body to read: past it, stop reading and report [`NoAnswer::TooLarge`].
    pub max_answer_bytes: u64,
}

/// Why a retry waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryReason {
    /// An error answer that may pass (429, or 502 to 504 for an idempotent method), already
    /// redacted.
    Answer(Error),
    /// The request got no answer (see [`NoAnswer`]).
    NoAnswer(NoAnswer),
}

/// A wait before the next attempt, and why (what a host reports to its `onRetry`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// How long to wait, in milliseconds.
    pub delay_ms: u64,
    /// The number of the retry that follows the wait: 1 for the first.
    pub attempt: u32,
    /// What went wrong with the last attempt.
    pub reason: RetryReason,
}

/// What the host does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// Perform this exchange, then call [`Call::answered`] or [`Call::no_answer`].
    Send(&'a Exchange),
    /// Sleep this long (the host may cancel), then ask again.
    Wait(&'a Retry),
    /// The call succeeded: take its result with [`Call::into_outcome`].
    Done(&'a Outcome),
    /// The call failed with this error (the access token already taken out).
    Failed(&'a Error),
    /// The last attempt got no answer and is not retried: fail with the transport's own error.
    Unanswered(NoAnswer),
}

/// Where a call stands.
#[derive(Debug)]
enum Phase {
    Sending,
    Waiting,
    Done(Outcome),
    Failed(Error),
    Unanswered(NoAnswer),
}

/// The state of a "list every group" call.
#[derive(Debug)]
struct Paging {
    org_id: String,
    query: ListQuery,
    /// The page asked for now.
    page: u32,
    pages_read: u32,
    groups: Vec<Group>,
}

/// One operation, from its first request to its result.
///
/// A [`Call`] holds everything one operation decides: the request, the retry policy (which
/// answers and which failures to retry, for which method, how long to wait), the exchange
/// timeout, the answer size limit, paging for "list every group", and redaction. The host only
/// moves bytes and keeps time: it asks [`Call::next_step`] what to do, sends, sleeps, and hands
/// back what came of it.
///
/// ```
/// use tallyfy_core::{Call, CallOptions, Config, GroupInput, NoAnswer, Outcome, Response, Step};
///
/// let config = Config::new("tok_42", None, None)?;
/// let input = GroupInput { name: Some("Ops".into()), description: Some("Runs things".into()), ..Default::default() };
/// let mut call = Call::create_group(&config, "org1", &input, CallOptions::default())?;
/// let mut sent = 0;
/// let group = loop {
///     match call.next_step() {
///         Step::Send(exchange) => {
///             // The host sends exchange.request within exchange.timeout_ms ...
///             assert_eq!(exchange.trace.header("Authorization"), Some("Bearer [redacted]"));
///             sent += 1;
///             let answer = if sent == 1 {
///                 Response { status: 429, headers: &[("Retry-After", "2")], body: b"" }
///             } else {
///                 Response { status: 201, headers: &[], body: br#"{"data":{"id":"g1","name":"Ops"}}"# }
///             };
///             call.answered(&answer)?;
///         }
///         Step::Wait(retry) => assert_eq!(retry.delay_ms, 2_000), // ... and sleeps
///         Step::Done(_) => break call.into_outcome(),
///         Step::Failed(error) => return Err(error.clone()),
///         Step::Unanswered(kind) => panic!("no answer: {kind:?}"),
///     }
/// };
/// assert!(matches!(group, Some(Outcome::Group(g)) if g.id == "g1"));
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
#[derive(Debug)]
pub struct Call {
    config: Config,
    expect: Expect,
    options: CallOptions,
    exchange: Exchange,
    /// Failed attempts of the current request.
    attempt: u32,
    /// Random numbers drawn so far in the whole call (the jitter's counter).
    draws: u64,
    retry: Option<Retry>,
    phase: Phase,
    paging: Option<Paging>,
}

impl Call {
    /// A call that sends `request` (made by a `build_*` function with `config`) and reads its
    /// answer as `expect` says; the options are checked first.
    pub fn new(config: &Config, request: Request, expect: Expect, options: CallOptions) -> Result<Call, Error> {
        let options = options.checked()?;
        Ok(Call {
            exchange: exchange(config, request, &options),
            config: config.clone(),
            expect,
            options,
            attempt: 0,
            draws: 0,
            retry: None,
            phase: Phase::Sending,
            paging: None,
        })
    }

    /// Creates a group (see [`build_create_group`]).
    pub fn create_group(
        config: &Config,
        org_id: &str,
        input: &GroupInput,
        options: CallOptions,
    ) -> Result<Call, Error> {
        Call::new(config, build_create_group(config, org_id, input)?, Expect::Group, options)
    }

    /// Reads one group (see [`build_get_group`]).
    pub fn get_group(config: &Config, org_id: &str, group_id: &str, options: CallOptions) -> Result<Call, Error> {
        Call::new(config, build_get_group(config, org_id, group_id)?, Expect::Group, options)
    }

    /// Reads one page of groups (see [`build_list_groups`]).
    pub fn list_groups(config: &Config, org_id: &str, query: &ListQuery, options: CallOptions) -> Result<Call, Error> {
        Call::new(config, build_list_groups(config, org_id, query)?, Expect::Page, options)
    }

    /// Changes a group (see [`build_update_group`]).
    pub fn update_group(
        config: &Config,
        org_id: &str,
        group_id: &str,
        input: &GroupInput,
        options: CallOptions,
    ) -> Result<Call, Error> {
        Call::new(config, build_update_group(config, org_id, group_id, input)?, Expect::Group, options)
    }

    /// Deletes a group (see [`build_delete_group`]).
    pub fn delete_group(config: &Config, org_id: &str, group_id: &str, options: CallOptions) -> Result<Call, Error> {
        Call::new(config, build_delete_group(config, org_id, group_id)?, Expect::Deleted, options)
    }

    /// Reads every group, page after page, from the query's page (the first by default),
    /// [`LIST_ALL_PER_PAGE`] a page unless the query sets `per_page`.
    ///
    /// It follows the pages while the server says more remain, checks that each answer is
    /// the page asked for, and that the pages held as many groups as the server's `total`
    /// (else `malformed_response`). Past `max_pages` pages with more remaining it fails with
    /// `too_many_pages` rather than return a partial list.
    pub fn list_all_groups(
        config: &Config,
        org_id: &str,
        query: &ListQuery,
        options: CallOptions,
    ) -> Result<Call, Error> {
        let parts = list_parts(config, &Given::Text(org_id.to_owned()), |_| query.clone(), Some(LIST_ALL_PER_PAGE))?;
        Call::paging(config, parts, options)
    }

    /// [`Call::list_all_groups`] for values as a caller gave them (a JavaScript call): every
    /// problem of `org_id`, the query and the options at once.
    pub fn list_all_groups_given(
        config: &Config,
        org_id: &Given,
        query: GivenQuery,
        options: CallOptions,
    ) -> Result<Call, Error> {
        let read = |errors: &mut Vec<FieldError>| ListQuery::read(query, errors);
        Call::paging(config, list_parts(config, org_id, read, Some(LIST_ALL_PER_PAGE))?, options)
    }

    /// [`Call::list_all_groups`] with the query as JSON (`null` means no query).
    pub fn list_all_groups_json(
        config: &Config,
        org_id: &str,
        query: &[u8],
        options: CallOptions,
    ) -> Result<Call, Error> {
        let read = |errors: &mut Vec<FieldError>| ListQuery::parse_json(query, errors);
        let parts = list_parts(config, &Given::Text(org_id.to_owned()), read, Some(LIST_ALL_PER_PAGE))?;
        Call::paging(config, parts, options)
    }

    fn paging(
        config: &Config,
        (request, org_id, query): (Request, String, ListQuery),
        options: CallOptions,
    ) -> Result<Call, Error> {
        let page = query.page.unwrap_or(1);
        let mut call = Call::new(config, request, Expect::Page, options)?;
        call.paging = Some(Paging { org_id, query, page, pages_read: 0, groups: Vec::new() });
        Ok(call)
    }

    /// What the host does next. A [`Step::Wait`] is given once; asking again after it gives
    /// the next [`Step::Send`]. Asking again without answering a `Send` gives the same one.
    pub fn next_step(&mut self) -> Step<'_> {
        if let Phase::Waiting = self.phase {
            self.phase = Phase::Sending;
            if let Some(retry) = &self.retry {
                return Step::Wait(retry);
            }
        }
        match &self.phase {
            Phase::Sending | Phase::Waiting => Step::Send(&self.exchange),
            Phase::Done(outcome) => Step::Done(outcome),
            Phase::Failed(error) => Step::Failed(error),
            Phase::Unanswered(kind) => Step::Unanswered(*kind),
        }
    }

    /// The exchange to perform now (also after the call ended: the last one).
    pub fn exchange(&self) -> &Exchange {
        &self.exchange
    }

    /// The result, once [`Call::next_step`] said [`Step::Done`] (lent, for a host that reads
    /// it after the step, as the C ABI does).
    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.phase {
            Phase::Done(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// The result, once [`Call::next_step`] said [`Step::Done`].
    pub fn into_outcome(self) -> Option<Outcome> {
        match self.phase {
            Phase::Done(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Hands over the answer to the exchange of the last [`Step::Send`]. Fails (and changes
    /// nothing) unless the call is waiting for one, or when the status is not an HTTP status
    /// (100 to 599; field `status`, as [`Call::answered_given`] reports it).
    pub fn answered(&mut self, response: &Response) -> Result<(), Error> {
        self.expect_answer()?;
        if !is_http_status(response.status) {
            return Err(Error::invalid_input(vec![status_out_of_range()]));
        }
        match self.parse(response) {
            Ok(outcome) => self.succeeded(outcome, response),
            Err(error) => self.refused(error, response),
        }
        Ok(())
    }

    /// [`Call::answered`] for an answer as a caller gave it (a JavaScript call): every problem
    /// with its shape at once (fields `status`, `headers`, `headers.<name>`, `body`, as the
    /// `parse_*_given` functions report them), and the call unchanged then.
    pub fn answered_given<H: FnOnce() -> GivenHeaders>(&mut self, answer: GivenAnswer<'_, H>) -> Result<(), Error> {
        self.expect_answer()?;
        answer.read(false, |response, too_large| {
            if !too_large {
                return self.answered(response);
            }
            self.refused(body_too_large(response, self.options.max_answer_bytes), response);
            Ok(())
        })
    }

    /// Settles an answer that gave `error` (redacted here): a wait before the exchange is sent
    /// again if the policy allows one, else the call fails with it.
    fn refused(&mut self, mut error: Error, response: &Response) {
        self.config.redact_error(&mut error);
        let retry_after = error.retry_after().map(|r| match r {
            crate::error::RetryAfter::Seconds(s) => Some(s),
            crate::error::RetryAfter::At(at) => {
                response.header(DATE).and_then(crate::http_date::parse).map(|now| at.saturating_sub(now))
            }
        });
        let (policy, method, random) = (self.options.policy, self.exchange.request.method, self.random());
        let delay = match error.status() {
            Some(status) if error.code() != ErrorCode::MalformedResponse => {
                policy.delay_ms(method, status, retry_after.flatten(), self.attempt, random)
            }
            _ => None,
        };
        match delay {
            Some(ms) => self.wait(ms, RetryReason::Answer(error)),
            None => self.phase = Phase::Failed(error),
        }
    }

    /// Reports that the exchange of the last [`Step::Send`] produced no answer. Fails (and
    /// changes nothing) unless the call is waiting for one.
    pub fn no_answer(&mut self, kind: NoAnswer) -> Result<(), Error> {
        self.expect_answer()?;
        match kind {
            NoAnswer::TooLarge => {
                let message = format!(
                    "the answer to {} {} is larger than {} bytes (max_answer_bytes)",
                    self.exchange.request.method.as_str(),
                    self.exchange.trace.url,
                    self.options.max_answer_bytes
                );
                self.phase = Phase::Failed(Error::new(ErrorCode::MalformedResponse, &message));
            }
            NoAnswer::Timeout => self.phase = Phase::Unanswered(kind),
            NoAnswer::NotDelivered => {
                let (policy, method, random) = (self.options.policy, self.exchange.request.method, self.random());
                match policy.no_answer_delay_ms(method, self.attempt, random) {
                    Some(ms) => self.wait(ms, RetryReason::NoAnswer(kind)),
                    None => self.phase = Phase::Unanswered(kind),
                }
            }
        }
        Ok(())
    }

    fn expect_answer(&self) -> Result<(), Error> {
        if matches!(self.phase, Phase::Sending) {
            return Ok(());
        }
        let message = "the call is not waiting for an answer: answer only the exchange of a send step";
        Err(Error::invalid_input(vec![FieldError::new("call", FieldCode::InvalidValue, message)]))
    }

    fn parse(&self, response: &Response) -> Result<Outcome, Error> {
        let limit = self.options.max_answer_bytes;
        match self.expect {
            Expect::Group => parse_group_within(response, limit).map(Outcome::Group),
            Expect::Page => parse_group_list_within(response, limit).map(Outcome::Page),
            Expect::Deleted => parse_delete_group_within(response, limit).map(|()| Outcome::Deleted),
        }
    }

    fn wait(&mut self, delay_ms: u64, reason: RetryReason) {
        self.attempt += 1;
        self.retry = Some(Retry { delay_ms, attempt: self.attempt, reason });
        self.phase = Phase::Waiting;
    }

    fn succeeded(&mut self, outcome: Outcome, response: &Response) {
        self.phase = match (self.paging.take(), outcome) {
            (Some(mut paging), Outcome::Page(page)) => {
                let phase = self.next_page(&mut paging, page, response);
                self.paging = Some(paging);
                phase
            }
            (paging, outcome) => {
                self.paging = paging;
                Phase::Done(outcome)
            }
        };
    }

    /// What follows `page` of a "list every group" call: the next page, every group, or why not.
    fn next_page(&mut self, paging: &mut Paging, mut page: GroupPage, response: &Response) -> Phase {
        let pagination = page.pagination;
        if pagination.current_page != u64::from(paging.page) {
            let detail = format!("its page is {} where page {} was asked", pagination.current_page, paging.page);
            return Phase::Failed(self.redacted(malformed(response, &detail)));
        }
        paging.pages_read += 1;
        paging.groups.append(&mut page.groups);
        if pagination.current_page >= pagination.total_pages {
            let skipped = u64::from(paging.page - 1).saturating_mul(pagination.per_page);
            let seen = (paging.groups.len() as u64).saturating_add(skipped);
            if seen < pagination.total {
                let detail = format!("its pages hold {seen} groups where its total says {}", pagination.total);
                return Phase::Failed(self.redacted(malformed(response, &detail)));
            }
            return Phase::Done(Outcome::Groups(std::mem::take(&mut paging.groups)));
        }
        if paging.pages_read >= self.options.max_pages {
            let message = format!(
                "listing every group read {} pages and more remain; narrow the query or raise max_pages",
                paging.pages_read
            );
            return Phase::Failed(Error::new(ErrorCode::TooManyPages, &message));
        }
        // The next page number may not fit a u32 although the server says it exists.
        let Some(next) = paging.page.checked_add(1) else {
            let detail = format!("it has {} pages, more than any list holds", pagination.total_pages);
            return Phase::Failed(self.redacted(malformed(response, &detail)));
        };
        paging.page = next;
        let query = ListQuery { page: Some(next), ..paging.query.clone() };
        match build_list_groups(&self.config, &paging.org_id, &query) {
            Ok(request) => {
                self.exchange = exchange(&self.config, request, &self.options);
                self.attempt = 0;
                Phase::Sending
            }
            Err(error) => Phase::Failed(error),
        }
    }

    fn redacted(&self, mut error: Error) -> Error {
        self.config.redact_error(&mut error);
        error
    }

    /// A number in [0, 1) for the jitter: SplitMix64 of the seed and the count of draws so
    /// far, so that a call's waits follow from its seed alone.
    fn random(&mut self) -> f64 {
        self.draws += 1;
        let mut z = self.options.random_seed.wrapping_add(self.draws.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The exchange for `request`: its trace without the token, and the call's limits.
fn exchange(config: &Config, request: Request, options: &CallOptions) -> Exchange {
    let trace = Request {
        method: request.method,
        url: config.redact_text(&request.url),
        headers: request.headers.iter().map(|(name, value)| (*name, config.redact_text(value))).collect(),
        body: request.body.as_deref().map(|body| config.redact_text(body)),
    };
    Exchange { request, trace, timeout_ms: options.timeout_ms, max_answer_bytes: options.max_answer_bytes }
}
