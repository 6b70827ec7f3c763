//! The core's call driver for JavaScript: `RawCall`, which `api.js` wraps as `Call`.
//!
//! A step crosses as JSON text (`api.js` turns it into a plain object and its error into a
//! `TallyfyError`); an answer is read like the parse functions read theirs.

use serde::Serialize;
use tallyfy_core::{
    Call, CallOptions, Error, ErrorView, Expect, GivenCallOptions, NoAnswer, Outcome, Request, RetryReason, Step,
};
use wasm_bindgen::prelude::*;

use crate::{argument, config_and_request, ids, now_unix, parse_answer, thrown, to_json, Op};

/// One operation driven by the core (see `tallyfy_core::Call`).
#[wasm_bindgen]
pub struct RawCall(Call);

/// A step in the shape JavaScript sees: `{kind: "send" | "wait" | "done" | "failed" |
/// "unanswered", ...}`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase", rename_all_fields = "camelCase")]
enum StepView<'a> {
    Send {
        request: &'a Request,
        trace: &'a Request,
        timeout_ms: u32,
        max_answer_bytes: u64,
    },
    Wait {
        delay_ms: u64,
        attempt: u32,
        reason: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<ErrorView<'a>>,
    },
    Done {
        value: &'a Outcome,
    },
    Failed {
        error: ErrorView<'a>,
    },
    Unanswered {
        no_answer: NoAnswer,
    },
}

/// The call options argument; a missing `randomSeed` comes from `Math.random()`.
#[inline(never)]
fn options(value: &JsValue) -> Result<CallOptions, Error> {
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    CallOptions::from_given(argument::<GivenCallOptions>("options", value)?, seed)
}

/// A call of `op` for the arguments as given (see [`config_and_request`]); the options are
/// read after the other arguments.
#[inline(never)]
fn made(op: Op, args: [&JsValue; 5]) -> Result<RawCall, JsValue> {
    let [config, org_id, group_id, body, options_value] = args;
    let expect = match op {
        Op::Create | Op::Get | Op::Update => Expect::Group,
        Op::List => Expect::Page,
        Op::Delete => Expect::Deleted,
    };
    config_and_request(op, config, org_id, group_id, body)
        .and_then(|(c, request)| Call::new(&c, request, expect, options(options_value)?))
        .map(RawCall)
        .map_err(|e| thrown(&e))
}

#[wasm_bindgen]
impl RawCall {
    /// `RawCall.createGroup(config, orgId, input, options?)`.
    #[wasm_bindgen(js_name = createGroup)]
    pub fn create_group(
        config: JsValue,
        org_id: JsValue,
        input: JsValue,
        options: JsValue,
    ) -> Result<RawCall, JsValue> {
        made(Op::Create, [&config, &org_id, &JsValue::UNDEFINED, &input, &options])
    }

    /// `RawCall.getGroup(config, orgId, groupId, options?)`.
    #[wasm_bindgen(js_name = getGroup)]
    pub fn get_group(
        config: JsValue,
        org_id: JsValue,
        group_id: JsValue,
        options: JsValue,
    ) -> Result<RawCall, JsValue> {
        made(Op::Get, [&config, &org_id, &group_id, &JsValue::UNDEFINED, &options])
    }

    /// `RawCall.listGroups(config, orgId, query?, options?)`.
    #[wasm_bindgen(js_name = listGroups)]
    pub fn list_groups(config: JsValue, org_id: JsValue, query: JsValue, options: JsValue) -> Result<RawCall, JsValue> {
        made(Op::List, [&config, &org_id, &JsValue::UNDEFINED, &query, &options])
    }

    /// `RawCall.listAllGroups(config, orgId, query?, options?)`.
    #[wasm_bindgen(js_name = listAllGroups)]
    pub fn list_all_groups(
        config: JsValue,
        org_id: JsValue,
        query: JsValue,
        options: JsValue,
    ) -> Result<RawCall, JsValue> {
        let made = || {
            let c = crate::config(&config)?;
            let (org, _) = ids(&org_id, None)?;
            Call::list_all_groups_given(&c, &org, argument("query", &query)?, self::options(&options)?)
        };
        made().map(RawCall).map_err(|e| thrown(&e))
    }

    /// `RawCall.updateGroup(config, orgId, groupId, input, options?)`.
    #[wasm_bindgen(js_name = updateGroup)]
    pub fn update_group(
        config: JsValue,
        org_id: JsValue,
        group_id: JsValue,
        input: JsValue,
        options: JsValue,
    ) -> Result<RawCall, JsValue> {
        made(Op::Update, [&config, &org_id, &group_id, &input, &options])
    }

    /// `RawCall.deleteGroup(config, orgId, groupId, options?)`.
    #[wasm_bindgen(js_name = deleteGroup)]
    pub fn delete_group(
        config: JsValue,
        org_id: JsValue,
        group_id: JsValue,
        options: JsValue,
    ) -> Result<RawCall, JsValue> {
        made(Op::Delete, [&config, &org_id, &group_id, &JsValue::UNDEFINED, &options])
    }

    /// `next()`: the next step as JSON text.
    #[wasm_bindgen(js_name = next)]
    pub fn next_step(&mut self) -> String {
        let now = now_unix();
        to_json(&match self.0.next_step() {
            Step::Send(exchange) => StepView::Send {
                request: &exchange.request,
                trace: &exchange.trace,
                timeout_ms: exchange.timeout_ms,
                max_answer_bytes: exchange.max_answer_bytes,
            },
            Step::Wait(retry) => {
                let (reason, error) = match &retry.reason {
                    RetryReason::Answer(error) => (error.code().as_str(), Some(error.view(now))),
                    RetryReason::NoAnswer(kind) => (kind.as_str(), None),
                };
                StepView::Wait { delay_ms: retry.delay_ms, attempt: retry.attempt, reason, error }
            }
            Step::Done(value) => StepView::Done { value },
            Step::Failed(error) => StepView::Failed { error: error.view(now) },
            Step::Unanswered(no_answer) => StepView::Unanswered { no_answer },
        })
    }

    /// `answered({status, headers?, body})`: the answer to the last send step, read as the
    /// parse functions read theirs (the core's reader: every problem of its shape at once).
    pub fn answered(&mut self, response: JsValue) -> Result<(), JsValue> {
        let limit = self.0.exchange().max_answer_bytes;
        parse_answer(&response, limit, |answer| self.0.answered_given(answer)).map_err(|e| thrown(&e))
    }

    /// `noAnswer(kind)`: the last send step got no answer (`not_delivered`, `timeout` or
    /// `too_large`).
    #[wasm_bindgen(js_name = noAnswer)]
    pub fn no_answer(&mut self, kind: JsValue) -> Result<(), JsValue> {
        NoAnswer::from_argument(&kind.as_string().unwrap_or_default())
            .map_err(|e| Error::invalid_input(vec![e]))
            .and_then(|kind| self.0.no_answer(kind))
            .map_err(|e| thrown(&e))
    }
}
