//! `tallyfy_call`: the core's call driver, one state machine per operation.
//!
//! The host loops: tallyfy_call_next() says what to do (send an exchange, wait, or the call
//! ended), the host does it, and hands back what came of a send with tallyfy_call_answer() or
//! tallyfy_call_no_answer(). Every decision (retries, waits, paging, limits, redaction) is the
//! core's; this module only lends the current step's values to C.

use std::ffi::{c_char, c_int};
use std::hash::{BuildHasher, RandomState};
use std::ptr;
use std::sync::OnceLock;

use tallyfy_core::{
    Call as CoreCall, CallOptions as CoreOptions, Error as CoreError, FieldCode, FieldError, ListQuery as CoreQuery,
    NoAnswer as CoreNoAnswer, Outcome, RetryReason, Step as CoreStep,
};

use crate::args::{free_handle, handle, handle_mut, into_handle, text, Out};
use crate::boundary::{self, Failure};
use crate::code::Code;
use crate::config::Config;
use crate::error::Error;
use crate::group::{Group, GroupPage};
use crate::input::GroupInput;
use crate::query::ListQuery;
use crate::request::Request;
use crate::response::{with_response, Header};

/// What the host does next, as tallyfy_call_next() says.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Send the exchange (tallyfy_call_request(), within tallyfy_call_timeout_ms(), reading at
    /// most tallyfy_call_max_answer_bytes()), then call tallyfy_call_answer() or
    /// tallyfy_call_no_answer().
    TALLYFY_STEP_SEND = 0,
    /// Sleep tallyfy_call_delay_ms() (the host may cancel instead), then ask again.
    TALLYFY_STEP_WAIT = 1,
    /// The call succeeded: read tallyfy_call_group(), tallyfy_call_page(),
    /// tallyfy_call_group_at() or tallyfy_call_deleted(), as the operation gives.
    TALLYFY_STEP_DONE = 2,
    /// The call failed with tallyfy_call_error() (the access token already taken out).
    TALLYFY_STEP_FAILED = 3,
    /// The last exchange got no answer and is not retried (tallyfy_call_no_answer_kind()):
    /// fail with the transport's own error.
    TALLYFY_STEP_UNANSWERED = 4,
}

/// Why an exchange produced no answer, for tallyfy_call_no_answer().
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// The request may not have reached the server: the connection failed or broke (refused,
    /// reset, DNS). Retried for GET, PUT and DELETE, never for POST.
    TALLYFY_NO_ANSWER_NOT_DELIVERED = 0,
    /// No complete answer within the exchange's timeout. Not retried.
    TALLYFY_NO_ANSWER_TIMEOUT = 1,
    /// The body passed max_answer_bytes and the host stopped reading it: a malformed answer.
    TALLYFY_NO_ANSWER_TOO_LARGE = 2,
}

impl From<CoreNoAnswer> for NoAnswer {
    fn from(kind: CoreNoAnswer) -> Self {
        match kind {
            CoreNoAnswer::NotDelivered => NoAnswer::TALLYFY_NO_ANSWER_NOT_DELIVERED,
            CoreNoAnswer::Timeout => NoAnswer::TALLYFY_NO_ANSWER_TIMEOUT,
            CoreNoAnswer::TooLarge => NoAnswer::TALLYFY_NO_ANSWER_TOO_LARGE,
        }
    }
}

/// The settings of a call: exchange timeout, answer size limit, page cap and jitter seed.
/// Made by tallyfy_call_options_new(); released with tallyfy_call_options_free(). The setters
/// store their value; a call made with the options checks them all at once (every problem as
/// a field error of ::TALLYFY_INVALID_INPUT: `timeout_ms`, `max_answer_bytes`, `max_pages`).
pub struct CallOptions(CoreOptions);

/// New options with the core's defaults (timeout_ms 30000, max_answer_bytes 16 MiB,
/// max_pages 100) and a random_seed from the system's randomness. Release them with
/// tallyfy_call_options_free(). NULL only if the library failed internally.
#[no_mangle]
pub extern "C" fn tallyfy_call_options_new() -> *mut CallOptions {
    boundary::get(ptr::null_mut(), || {
        let random_seed = RandomState::new().hash_one(0u8);
        into_handle(CallOptions(CoreOptions { random_seed, ..CoreOptions::default() }))
    })
}

/// Runs `change` on the options behind `options`.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn change(options: *mut CallOptions, change: impl FnOnce(&mut CoreOptions)) -> Code {
    // SAFETY: forwarded contract.
    unsafe {
        boundary::call(ptr::null_mut(), || {
            change(&mut handle_mut(options, "options")?.0);
            Ok(())
        })
    }
}

/// Sets the longest one exchange may take, in ms (`timeout_ms`, 1 to 2^31 - 1).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_timeout_ms(options: *mut CallOptions, timeout_ms: u32) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, |o| o.timeout_ms = timeout_ms) }
}

/// Sets the largest answer body to read, in bytes (`max_answer_bytes`, at least 1).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_max_answer_bytes(
    options: *mut CallOptions,
    max_answer_bytes: u64,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, |o| o.max_answer_bytes = max_answer_bytes) }
}

/// Sets the most pages a "list every group" call reads (`max_pages`, at least 1); past it
/// the call fails with ::TALLYFY_TOO_MANY_PAGES rather than return a partial list.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_max_pages(options: *mut CallOptions, max_pages: u32) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, |o| o.max_pages = max_pages) }
}

/// Sets the seed of the retry jitter (`random_seed`): a fixed one makes the waits repeatable.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_set_random_seed(options: *mut CallOptions, random_seed: u64) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { change(options, |o| o.random_seed = random_seed) }
}

/// Releases call options. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_options_free(options: *mut CallOptions) {
    // SAFETY: the crate's contract (see lib.rs): `options` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(options) })
}

/// One operation in progress. Made by a `tallyfy_call_*_group(s)` constructor; released with
/// tallyfy_call_free(). Pointers lent by its accessors stay valid until the next
/// tallyfy_call_next() or tallyfy_call_free() on it.
pub struct Call {
    core: CoreCall,
    step: Lent,
    /// Whether an answer may replace the exchange (the next page of a "list every group").
    paging: bool,
}

/// The C values of the step tallyfy_call_next() gave last. One lives in each call: boxing the
/// large send step would cost an allocation per send instead.
#[allow(clippy::large_enum_variant)]
enum Lent {
    None,
    /// The request and its trace are made on first use, from the exchange the core holds then.
    Send {
        request: OnceLock<Request>,
        trace: OnceLock<Request>,
        timeout_ms: u32,
        max_answer_bytes: u64,
    },
    Wait {
        delay_ms: u64,
        attempt: u32,
        error: Option<Error>,
        no_answer: Option<NoAnswer>,
    },
    Group(Group),
    Page(GroupPage),
    Groups(Vec<Group>),
    Deleted,
    Failed(Error),
    Unanswered(NoAnswer),
}

impl Lent {
    fn of(step: CoreStep<'_>) -> (Step, Lent) {
        match step {
            CoreStep::Send(exchange) => (
                Step::TALLYFY_STEP_SEND,
                Lent::Send {
                    request: OnceLock::new(),
                    trace: OnceLock::new(),
                    timeout_ms: exchange.timeout_ms,
                    max_answer_bytes: exchange.max_answer_bytes,
                },
            ),
            CoreStep::Wait(retry) => {
                let (error, no_answer) = match &retry.reason {
                    RetryReason::Answer(e) => (Some(Error::from(Failure::Api(e.clone()))), None),
                    RetryReason::NoAnswer(kind) => (None, Some(NoAnswer::from(*kind))),
                };
                (
                    Step::TALLYFY_STEP_WAIT,
                    Lent::Wait { delay_ms: retry.delay_ms, attempt: retry.attempt, error, no_answer },
                )
            }
            CoreStep::Done(outcome) => (
                Step::TALLYFY_STEP_DONE,
                match outcome {
                    Outcome::Group(g) => Lent::Group(Group::from(g)),
                    Outcome::Page(p) => Lent::Page(GroupPage::from(p)),
                    Outcome::Groups(groups) => Lent::Groups(groups.iter().map(Group::from).collect()),
                    Outcome::Deleted => Lent::Deleted,
                },
            ),
            CoreStep::Failed(e) => (Step::TALLYFY_STEP_FAILED, Lent::Failed(Error::from(Failure::Api(e.clone())))),
            CoreStep::Unanswered(kind) => (Step::TALLYFY_STEP_UNANSWERED, Lent::Unanswered(NoAnswer::from(kind))),
        }
    }
}

/// Writes to `out` the call `start` makes with the config behind `cfg` and the options behind
/// `options` (NULL: the defaults); `paging` for a "list every group" call.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn make(
    cfg: *const Config,
    options: *const CallOptions,
    paging: bool,
    out: *mut *mut Call,
    err: *mut *mut Error,
    start: impl FnOnce(&tallyfy_core::Config, CoreOptions) -> Result<CoreCall, Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let config = handle(cfg, "cfg")?.core();
            let options = options.as_ref().map_or_else(CoreOptions::default, |o| o.0);
            let core = start(config, options)?;
            out.write(into_handle(Call { core, step: Lent::None, paging }));
            Ok(())
        })
    }
}

/// The query behind `query`, or no query for NULL.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn query_of(query: *const ListQuery) -> CoreQuery {
    // SAFETY: forwarded contract.
    unsafe { query.as_ref() }.map_or_else(CoreQuery::default, |q| q.core().clone())
}

/// Starts creating a group (the request of tallyfy_build_create_group()). `options` may be
/// NULL: the defaults, with a random_seed of 0. Every problem with the arguments and the
/// options is reported at once as ::TALLYFY_INVALID_INPUT, before anything is sent. On success
/// `*out` owns a new call; release it with tallyfy_call_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_create_group(
    cfg: *const Config,
    org_id: *const c_char,
    input: *const GroupInput,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        make(cfg, options, false, out, err, |config, options| {
            Ok(CoreCall::create_group(config, text(org_id, "org_id")?, handle(input, "input")?.core(), options)?)
        })
    }
}

/// Starts reading one group (the request of tallyfy_build_get_group()); the rest as for
/// tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_get_group(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        make(cfg, options, false, out, err, |config, options| {
            Ok(CoreCall::get_group(config, text(org_id, "org_id")?, text(group_id, "group_id")?, options)?)
        })
    }
}

/// Starts reading one page of groups (the request of tallyfy_build_list_groups(); `query`
/// may be NULL); the rest as for tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_list_groups(
    cfg: *const Config,
    org_id: *const c_char,
    query: *const ListQuery,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        make(cfg, options, false, out, err, |config, options| {
            Ok(CoreCall::list_groups(config, text(org_id, "org_id")?, &query_of(query), options)?)
        })
    }
}

/// Starts reading every group, page after page, from the query's page (`query` may be NULL),
/// 100 a page unless the query sets `per_page`. The call checks that each answer is the page
/// asked for and that the pages hold the server's total (else ::TALLYFY_MALFORMED_RESPONSE);
/// past max_pages pages with more remaining it fails with ::TALLYFY_TOO_MANY_PAGES rather
/// than give a partial list. The rest as for tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_list_all_groups(
    cfg: *const Config,
    org_id: *const c_char,
    query: *const ListQuery,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        make(cfg, options, true, out, err, |config, options| {
            Ok(CoreCall::list_all_groups(config, text(org_id, "org_id")?, &query_of(query), options)?)
        })
    }
}

/// Starts changing a group (the request of tallyfy_build_update_group()); the rest as for
/// tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_update_group(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    input: *const GroupInput,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        make(cfg, options, false, out, err, |config, options| {
            let (org_id, group_id) = (text(org_id, "org_id")?, text(group_id, "group_id")?);
            Ok(CoreCall::update_group(config, org_id, group_id, handle(input, "input")?.core(), options)?)
        })
    }
}

/// Starts deleting a group (the request of tallyfy_build_delete_group()); the rest as for
/// tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_delete_group(
    cfg: *const Config,
    org_id: *const c_char,
    group_id: *const c_char,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        make(cfg, options, false, out, err, |config, options| {
            Ok(CoreCall::delete_group(config, text(org_id, "org_id")?, text(group_id, "group_id")?, options)?)
        })
    }
}

/// What the host does next. A ::TALLYFY_STEP_WAIT is given once: asking again gives the next
/// send. Asking again without answering a send gives the same send. It ends every pointer lent
/// by the step before. ::TALLYFY_STEP_FAILED with no error (tallyfy_call_error() NULL) when
/// `call` is NULL or the library failed internally.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_next(call: *mut Call) -> Step {
    // SAFETY: the crate's contract (see lib.rs).
    boundary::get(Step::TALLYFY_STEP_FAILED, || {
        let Ok(call) = (unsafe { handle_mut(call, "call") }) else { return Step::TALLYFY_STEP_FAILED };
        call.step = Lent::None;
        let (step, lent) = Lent::of(call.core.next_step());
        call.step = lent;
        step
    })
}

/// Reads the step `call` lent last; `fallback` when `call` is NULL or `read` gives nothing.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn lent<T: Copy>(call: *const Call, fallback: T, read: impl FnOnce(&Lent) -> Option<T>) -> T {
    // SAFETY: forwarded contract.
    boundary::get(fallback, || unsafe { handle(call, "call") }.ok().and_then(|c| read(&c.step)).unwrap_or(fallback))
}

impl Call {
    /// The send step's request (`trace`: its trace), made now if it was not yet.
    fn sent(&self, trace: bool) -> Option<&Request> {
        let Lent::Send { request, trace: traced, .. } = &self.step else { return None };
        let exchange = self.core.exchange();
        Some(if trace {
            traced.get_or_init(|| Request::from(&exchange.trace))
        } else {
            request.get_or_init(|| Request::from(&exchange.request))
        })
    }
}

/// A request of the send step of `call`; NULL when `call` is NULL or in another step.
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn sent(call: *const Call, trace: bool) -> *const Request {
    // SAFETY: forwarded contract.
    boundary::get(ptr::null(), || {
        unsafe { handle(call, "call") }.ok().and_then(|c| c.sent(trace)).map_or(ptr::null(), ptr::from_ref)
    })
}

/// The request of the send step, to send unchanged. Borrowed from `call`; NULL in any other
/// step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_request(call: *const Call) -> *const Request {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { sent(call, false) }
}

/// The request of the send step with the access token taken out wherever it appears, for logs
/// and traces. Borrowed from `call`; NULL in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_trace(call: *const Call) -> *const Request {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { sent(call, true) }
}

/// The longest the send step's whole exchange may take, in ms (sending, the status, the
/// headers and the whole body); past it, report ::TALLYFY_NO_ANSWER_TIMEOUT. 0 in any other
/// step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_timeout_ms(call: *const Call) -> u32 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, 0, |s| match s {
            Lent::Send { timeout_ms, .. } => Some(*timeout_ms),
            _ => None,
        })
    }
}

/// The largest answer body to read in the send step, in bytes: past it, stop reading and
/// report ::TALLYFY_NO_ANSWER_TOO_LARGE. 0 in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_max_answer_bytes(call: *const Call) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, 0, |s| match s {
            Lent::Send { max_answer_bytes, .. } => Some(*max_answer_bytes),
            _ => None,
        })
    }
}

/// How long the wait step waits, in ms. 0 in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_delay_ms(call: *const Call) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, 0, |s| match s {
            Lent::Wait { delay_ms, .. } => Some(*delay_ms),
            _ => None,
        })
    }
}

/// The number of the retry that follows the wait step: 1 for the first. 0 in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_attempt(call: *const Call) -> u32 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, 0, |s| match s {
            Lent::Wait { attempt, .. } => Some(*attempt),
            _ => None,
        })
    }
}

/// The error of the failed step, or the error answer the wait step retries (429, 502 to 504),
/// with the access token taken out. Borrowed from `call`; NULL in any other step, and when the
/// wait follows no answer (see tallyfy_call_no_answer_kind()).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_error(call: *const Call) -> *const Error {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, ptr::null(), |s| match s {
            Lent::Failed(error) | Lent::Wait { error: Some(error), .. } => Some(ptr::from_ref(error)),
            _ => None,
        })
    }
}

/// The ::tallyfy_no_answer of the unanswered step, or of the exchange the wait step retries;
/// -1 in any other step, and when the wait follows an error answer (see tallyfy_call_error()).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_no_answer_kind(call: *const Call) -> c_int {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, -1, |s| match s {
            Lent::Unanswered(kind) | Lent::Wait { no_answer: Some(kind), .. } => Some(*kind as c_int),
            _ => None,
        })
    }
}

/// The group of the done step of a create, get or update call. Borrowed from `call` (copy it
/// with tallyfy_group_clone() to keep it); NULL in any other step or operation.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_group(call: *const Call) -> *const Group {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, ptr::null(), |s| match s {
            Lent::Group(group) => Some(ptr::from_ref(group)),
            _ => None,
        })
    }
}

/// The page of the done step of a list call. Borrowed from `call` (copy it with
/// tallyfy_group_page_clone() to keep it); NULL in any other step or operation.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_page(call: *const Call) -> *const GroupPage {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, ptr::null(), |s| match s {
            Lent::Page(page) => Some(ptr::from_ref(page)),
            _ => None,
        })
    }
}

/// How many groups the done step of a "list every group" call holds: every group of every
/// page. 0 in any other step or operation.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_group_count(call: *const Call) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, 0, |s| match s {
            Lent::Groups(groups) => Some(groups.len()),
            _ => None,
        })
    }
}

/// Group `index` of the done step of a "list every group" call. Borrowed from `call` (copy it
/// with tallyfy_group_clone() to keep it); NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_group_at(call: *const Call, index: usize) -> *const Group {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        lent(call, ptr::null(), |s| match s {
            Lent::Groups(groups) => groups.get(index).map(ptr::from_ref),
            _ => None,
        })
    }
}

/// 1 when the step is the done step of a delete call (the group is deleted), else 0.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_deleted(call: *const Call) -> c_int {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { lent(call, 0, |s| Some(c_int::from(matches!(s, Lent::Deleted)))) }
}

/// Hands over the answer to the send step's exchange: the status, the headers (NULL when
/// `header_count` is 0; all may be passed: the core reads `Retry-After`, `Date` and
/// `X-Request-Id`, and only their values must be UTF-8, else ::TALLYFY_INVALID_UTF8 naming the
/// header) and the raw body (NULL when `body_len` is 0), at most max_answer_bytes of
/// it. Ask tallyfy_call_next() then. ::TALLYFY_INVALID_INPUT (field `call`), with the call
/// unchanged, when it is not waiting for an answer.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_answer(
    call: *mut Call,
    status: u16,
    headers: *const Header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let call = handle_mut(call, "call")?;
            if call.paging {
                // The answer may move the core to the next page's exchange: what this step
                // lends is made from the current one first.
                call.sent(false);
                call.sent(true);
            }
            with_response(status, headers, header_count, body, body_len, |answer| call.core.answered(answer))
        })
    }
}

/// Reports that the send step's exchange got no answer: `kind` is a ::tallyfy_no_answer
/// (another value gives ::TALLYFY_INVALID_INPUT, field `no_answer`). Ask tallyfy_call_next()
/// then. ::TALLYFY_INVALID_INPUT (field `call`), with the call unchanged, when it is not
/// waiting for an answer.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_no_answer(call: *mut Call, kind: c_int, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let call = handle_mut(call, "call")?;
            let kind = usize::try_from(kind).ok().and_then(|i| CoreNoAnswer::ALL.get(i).copied()).ok_or_else(|| {
                let message = "must be TALLYFY_NO_ANSWER_NOT_DELIVERED, _TIMEOUT or _TOO_LARGE";
                Failure::Api(CoreError::invalid_input(vec![FieldError::new(
                    "no_answer",
                    FieldCode::InvalidValue,
                    message,
                )]))
            })?;
            Ok(call.core.no_answer(kind)?)
        })
    }
}

/// Releases a call and everything borrowed from it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_free(call: *mut Call) {
    // SAFETY: the crate's contract (see lib.rs): `call` came from this library, freed once.
    boundary::get((), || unsafe { free_handle(call) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answer_kinds_follow_the_core_order() {
        for (i, kind) in CoreNoAnswer::ALL.into_iter().enumerate() {
            assert_eq!(NoAnswer::from(kind) as usize, i);
        }
    }
}
