//! `tallyfy_call`: the core's call driver, one state machine per operation.
//!
//! The host loops: tallyfy_call_next() says what to do (send an exchange, wait, or the call
//! ended), the host does it, and hands back what came of a send with tallyfy_call_answer() or
//! tallyfy_call_no_answer(). Every decision (retries, waits, paging, limits, redaction) is the
//! core's; this module only lends the current step's values to C.

use tallyfy_core::{
    Call as CoreCall, CallOptions as CoreOptions, Config as CoreConfig, Exchange, NoAnswer as CoreNoAnswer, Outcome,
    RetryReason, Step as CoreStep,
};

use crate::args::{free, get, get_mut, lend, read, Handle, Out};
use crate::boundary;
use crate::call_options::CallOptions;
use crate::code::Code;
use crate::config::Config;
use crate::error::{refused, Error, Failure};
use crate::group::{Group, GroupPage};
use crate::input::GroupInput;
use crate::operations::query_or_none;
use crate::query::ListQuery;
use crate::request::Request;
use crate::response::{with_response, Response};
use crate::strings::Str;

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

/// A ::tallyfy_no_answer as C passes it: any `int` value reaches Rust as an integer (an enum
/// parameter would make an out-of-range value undefined behaviour), and the header shows the
/// enum (cbindgen.toml renames this type and leaves out its typedef).
pub type NoAnswerValue = i32;

impl From<CoreNoAnswer> for NoAnswer {
    fn from(kind: CoreNoAnswer) -> Self {
        match kind {
            CoreNoAnswer::NotDelivered => NoAnswer::TALLYFY_NO_ANSWER_NOT_DELIVERED,
            CoreNoAnswer::Timeout => NoAnswer::TALLYFY_NO_ANSWER_TIMEOUT,
            CoreNoAnswer::TooLarge => NoAnswer::TALLYFY_NO_ANSWER_TOO_LARGE,
        }
    }
}

/// One operation in progress. Made by a `tallyfy_call_*` constructor; released with
/// tallyfy_call_free(). What its accessors lend stays valid until the next
/// tallyfy_call_next() or tallyfy_call_free() on it.
pub struct Call {
    _private: [u8; 0],
}

impl Handle for Call {
    type Value = Driver;
}

/// The value behind a ::tallyfy_call: the core's call and what its last step lends.
pub(crate) struct Driver {
    core: CoreCall,
    step: Lent,
    /// Whether an answer may replace the exchange (the next page of a "list every group").
    paging: bool,
}

/// The values of the step tallyfy_call_next() gave last that the core may drop before the next
/// one (a done step's outcome stays in the core until the call is freed).
enum Lent {
    None,
    /// A send; the exchange, kept here when an answer moved the core to the next page's.
    Send(Option<Box<Exchange>>),
    Wait {
        delay_ms: u64,
        attempt: u32,
        error: Option<Failure>,
        kind: Option<CoreNoAnswer>,
    },
    Done,
    Failed(Failure),
    Unanswered(CoreNoAnswer),
}

impl Lent {
    fn of(step: CoreStep<'_>) -> (Step, Lent) {
        match step {
            CoreStep::Send(_) => (Step::TALLYFY_STEP_SEND, Lent::Send(None)),
            CoreStep::Wait(retry) => {
                let (error, kind) = match &retry.reason {
                    RetryReason::Answer(e) => (Some(Failure::Core(e.clone())), None),
                    RetryReason::NoAnswer(kind) => (None, Some(*kind)),
                };
                (Step::TALLYFY_STEP_WAIT, Lent::Wait { delay_ms: retry.delay_ms, attempt: retry.attempt, error, kind })
            }
            CoreStep::Done(_) => (Step::TALLYFY_STEP_DONE, Lent::Done),
            CoreStep::Failed(e) => (Step::TALLYFY_STEP_FAILED, Lent::Failed(Failure::Core(e.clone()))),
            CoreStep::Unanswered(kind) => (Step::TALLYFY_STEP_UNANSWERED, Lent::Unanswered(kind)),
        }
    }
}

impl Driver {
    /// The exchange of the send step.
    fn exchange(&self) -> Option<&Exchange> {
        match &self.step {
            Lent::Send(kept) => Some(kept.as_deref().unwrap_or(self.core.exchange())),
            _ => None,
        }
    }

    /// The outcome of the done step.
    fn outcome(&self) -> Option<&Outcome> {
        matches!(self.step, Lent::Done).then(|| self.core.outcome()).flatten()
    }
}

/// Writes to `out` the call `start` makes with the config behind `cfg` and the options behind
/// `options` (NULL: the defaults, with a random_seed of 0); `paging` for "list every group".
///
/// # Safety
/// The crate's contract (see lib.rs).
unsafe fn start(
    cfg: *const Config,
    options: *const CallOptions,
    paging: bool,
    out: *mut *mut Call,
    err: *mut *mut Error,
    start: impl FnOnce(&CoreConfig, CoreOptions) -> Result<CoreCall, Failure>,
) -> Code {
    // SAFETY: forwarded contract.
    unsafe {
        boundary::call(err, || {
            let out = Out::new(out, "out")?;
            let config = get::<Config>(cfg, "cfg")?;
            let options = get::<CallOptions>(options, "options").map_or_else(|_| CoreOptions::default(), |o| *o);
            out.give(Driver { core: start(config, options)?, step: Lent::None, paging })
        })
    }
}

/// Starts creating a group (the request of tallyfy_build_create_group()). `options` may be
/// NULL: the defaults, with a random_seed of 0. Every problem with the arguments is reported at
/// once as ::TALLYFY_INVALID_INPUT, before anything is sent. On success `*out` owns a new call;
/// release it with tallyfy_call_free().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_create_group(
    cfg: *const Config,
    org_id: Str,
    input: *const GroupInput,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        start(cfg, options, false, out, err, |config, options| {
            let (org_id, input) = (org_id.required("org_id")?, get::<GroupInput>(input, "input")?);
            Ok(CoreCall::create_group(config, org_id, input, options)?)
        })
    }
}

/// Starts reading one group (the request of tallyfy_build_get_group()); the rest as for
/// tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_get_group(
    cfg: *const Config,
    org_id: Str,
    group_id: Str,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        start(cfg, options, false, out, err, |config, options| {
            let (org_id, group_id) = (org_id.required("org_id")?, group_id.required("group_id")?);
            Ok(CoreCall::get_group(config, org_id, group_id, options)?)
        })
    }
}

/// Starts reading one page of groups (the request of tallyfy_build_list_groups(); `query`
/// may be NULL); the rest as for tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_list_groups(
    cfg: *const Config,
    org_id: Str,
    query: *const ListQuery,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        start(cfg, options, false, out, err, |config, options| {
            let (org_id, query) = (org_id.required("org_id")?, query_or_none(query));
            Ok(CoreCall::list_groups(config, org_id, query, options)?)
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
    org_id: Str,
    query: *const ListQuery,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        start(cfg, options, true, out, err, |config, options| {
            let (org_id, query) = (org_id.required("org_id")?, query_or_none(query));
            Ok(CoreCall::list_all_groups(config, org_id, query, options)?)
        })
    }
}

/// Starts changing a group (the request of tallyfy_build_update_group()); the rest as for
/// tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_update_group(
    cfg: *const Config,
    org_id: Str,
    group_id: Str,
    input: *const GroupInput,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        start(cfg, options, false, out, err, |config, options| {
            let (org_id, group_id) = (org_id.required("org_id")?, group_id.required("group_id")?);
            Ok(CoreCall::update_group(config, org_id, group_id, get::<GroupInput>(input, "input")?, options)?)
        })
    }
}

/// Starts deleting a group (the request of tallyfy_build_delete_group()); the rest as for
/// tallyfy_call_create_group().
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_delete_group(
    cfg: *const Config,
    org_id: Str,
    group_id: Str,
    options: *const CallOptions,
    out: *mut *mut Call,
    err: *mut *mut Error,
) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        start(cfg, options, false, out, err, |config, options| {
            let (org_id, group_id) = (org_id.required("org_id")?, group_id.required("group_id")?);
            Ok(CoreCall::delete_group(config, org_id, group_id, options)?)
        })
    }
}

/// What the host does next. A ::TALLYFY_STEP_WAIT is given once: asking again gives the next
/// send. Asking again without answering a send gives the same send. It ends everything lent by
/// the step before. ::TALLYFY_STEP_FAILED with no error (tallyfy_call_error() NULL) when
/// `call` is NULL or the library failed internally.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_next(call: *mut Call) -> Step {
    boundary::get(Step::TALLYFY_STEP_FAILED, || {
        // SAFETY: the crate's contract (see lib.rs).
        let Ok(driver) = (unsafe { get_mut::<Call>(call, "call") }) else { return Step::TALLYFY_STEP_FAILED };
        driver.step = Lent::None;
        let (step, lent) = Lent::of(driver.core.next_step());
        driver.step = lent;
        step
    })
}

/// The request of the send step, to send unchanged; NULL in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_request(call: *const Call) -> *const Request {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, std::ptr::null(), |d| d.exchange().map_or(std::ptr::null(), |e| lend::<Request>(&e.request))) }
}

/// The request of the send step with the access token taken out wherever it appears, for logs
/// and traces; NULL in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_trace(call: *const Call) -> *const Request {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, std::ptr::null(), |d| d.exchange().map_or(std::ptr::null(), |e| lend::<Request>(&e.trace))) }
}

/// The longest the send step's whole exchange may take, in ms (sending, the status, the
/// headers and the whole body); past it, report ::TALLYFY_NO_ANSWER_TIMEOUT. 0 in any other
/// step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_timeout_ms(call: *const Call) -> u32 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, 0, |d| d.exchange().map_or(0, |e| e.timeout_ms)) }
}

/// The largest answer body to read in the send step, in bytes: past it, stop reading and
/// report ::TALLYFY_NO_ANSWER_TOO_LARGE. 0 in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_max_answer_bytes(call: *const Call) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, 0, |d| d.exchange().map_or(0, |e| e.max_answer_bytes)) }
}

/// How long the wait step waits, in ms. 0 in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_delay_ms(call: *const Call) -> u64 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, 0, |d| if let Lent::Wait { delay_ms, .. } = d.step { delay_ms } else { 0 }) }
}

/// The number of the retry that follows the wait step: 1 for the first. 0 in any other step.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_attempt(call: *const Call) -> u32 {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, 0, |d| if let Lent::Wait { attempt, .. } = d.step { attempt } else { 0 }) }
}

/// The error of the failed step, or the error answer the wait step retries (429, 502 to 504),
/// with the access token taken out. Borrowed from `call` (copy it with tallyfy_error_clone()
/// to keep it); NULL in any other step, and when the wait follows no answer.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_error(call: *const Call) -> *const Error {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(call, std::ptr::null(), |d| match &d.step {
            Lent::Failed(error) | Lent::Wait { error: Some(error), .. } => lend::<Error>(error),
            _ => std::ptr::null(),
        })
    }
}

/// Why the exchange got no answer: the kind of the unanswered step, or of the wait step when
/// tallyfy_call_error() is NULL. ::TALLYFY_NO_ANSWER_NOT_DELIVERED (0) in any other case: read
/// it only in those two.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_no_answer_kind(call: *const Call) -> NoAnswer {
    let none = NoAnswer::TALLYFY_NO_ANSWER_NOT_DELIVERED;
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(call, none, |d| match d.step {
            Lent::Unanswered(kind) | Lent::Wait { kind: Some(kind), .. } => NoAnswer::from(kind),
            _ => none,
        })
    }
}

/// The group of the done step of a create, get or update call. Borrowed from `call` (copy it
/// with tallyfy_group_clone() to keep it); NULL in any other step or operation.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_group(call: *const Call) -> *const Group {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(call, std::ptr::null(), |d| match d.outcome() {
            Some(Outcome::Group(group)) => lend::<Group>(group),
            _ => std::ptr::null(),
        })
    }
}

/// The page of the done step of a list call. Borrowed from `call` (copy it with
/// tallyfy_group_page_clone() to keep it); NULL in any other step or operation.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_page(call: *const Call) -> *const GroupPage {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(call, std::ptr::null(), |d| match d.outcome() {
            Some(Outcome::Page(page)) => lend::<GroupPage>(page),
            _ => std::ptr::null(),
        })
    }
}

/// How many groups the done step of a "list every group" call holds: every group of every
/// page. 0 in any other step or operation.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_group_count(call: *const Call) -> usize {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(call, 0, |d| match d.outcome() {
            Some(Outcome::Groups(groups)) => groups.len(),
            _ => 0,
        })
    }
}

/// Group `index` of the done step of a "list every group" call. Borrowed from `call` (copy it
/// with tallyfy_group_clone() to keep it); NULL when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_group_at(call: *const Call, index: usize) -> *const Group {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        read(call, std::ptr::null(), |d| match d.outcome() {
            Some(Outcome::Groups(groups)) => groups.get(index).map_or(std::ptr::null(), lend::<Group>),
            _ => std::ptr::null(),
        })
    }
}

/// Whether the step is the done step of a delete call (the group is deleted).
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_deleted(call: *const Call) -> bool {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe { read(call, false, |d| matches!(d.outcome(), Some(Outcome::Deleted))) }
}

/// Hands over the answer to the send step's exchange (see ::tallyfy_response), at most
/// max_answer_bytes of body. Ask tallyfy_call_next() then. ::TALLYFY_INVALID_INPUT (field
/// `call`), with the call unchanged, when it is not waiting for an answer.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_answer(call: *mut Call, response: *const Response, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let driver = get_mut::<Call>(call, "call")?;
            if let (true, Lent::Send(kept @ None)) = (driver.paging, &mut driver.step) {
                // The answer may move the core to the next page's exchange: the one this step
                // lends is kept.
                *kept = Some(Box::new(driver.core.exchange().clone()));
            }
            with_response(response, |answer| driver.core.answered(answer))
        })
    }
}

/// Reports that the send step's exchange got no answer: `kind` is a ::tallyfy_no_answer
/// (another value gives ::TALLYFY_INVALID_INPUT, field `no_answer`). Ask tallyfy_call_next()
/// then. ::TALLYFY_INVALID_INPUT (field `call`), with the call unchanged, when it is not
/// waiting for an answer.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_no_answer(call: *mut Call, kind: NoAnswerValue, err: *mut *mut Error) -> Code {
    // SAFETY: the crate's contract (see lib.rs).
    unsafe {
        boundary::call(err, || {
            let driver = get_mut::<Call>(call, "call")?;
            let kind = CoreNoAnswer::from_value(i64::from(kind)).map_err(refused)?;
            Ok(driver.core.no_answer(kind)?)
        })
    }
}

/// Releases a call and everything borrowed from it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn tallyfy_call_free(call: *mut Call) {
    // SAFETY: the crate's contract (see lib.rs): `call` came from this library, freed once.
    boundary::get((), || unsafe { free(call) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answer_kinds_follow_the_core_order() {
        for (i, kind) in CoreNoAnswer::ALL.into_iter().enumerate() {
            assert_eq!(NoAnswer::from(kind) as usize, i);
            assert_eq!(CoreNoAnswer::from_value(i as i64), Ok(kind));
        }
    }
}
