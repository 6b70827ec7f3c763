//! ns per call of a create build, a group parse and a whole create call through the call driver
//! (one send answered 201, then the group): on the Rust core, and through the C ABI
//! (the exported `extern "C"` functions, with their handle and string conversions), in the
//! same process. The exports are called through opaque function pointers, as from C, so that
//! link-time optimisation cannot inline them into the loop. Prints `bench <name> <ns>` lines
//! that `cargo xtask bench c` tabulates.

use std::hint::black_box;
use std::ptr;
use std::time::Instant;

use tallyfy::call::{
    tallyfy_call_answer, tallyfy_call_create_group, tallyfy_call_free, tallyfy_call_group, tallyfy_call_next,
    tallyfy_call_request, Call as AbiCall, Step as AbiStep,
};
use tallyfy::call_options::CallOptions as AbiOptions;
use tallyfy::code::Code;
use tallyfy::config::{tallyfy_config_new, Config};
use tallyfy::error::Error;
use tallyfy::group::{tallyfy_group_free, Group};
use tallyfy::input::{
    tallyfy_group_input_add_guest, tallyfy_group_input_add_member, tallyfy_group_input_new,
    tallyfy_group_input_set_description, tallyfy_group_input_set_name, GroupInput,
};
use tallyfy::operations::tallyfy_build_create_group;
use tallyfy::request::{tallyfy_request_free, Request};
use tallyfy::response::{tallyfy_parse_group, Response as AbiResponse};
use tallyfy::strings::Str;
use tallyfy_core::{build_create_group, parse_group, Call, CallOptions, Response, Step};

/// The answer parsed by both sides: the documented create answer.
const BODY: &[u8] = br#"{"data":{"id":"53a4560dc877f9b4f709f97630efbb5a","name":"Onboarding Specialists","description":"Team responsible for new client onboarding.","logo":null,"members":[1001,1005,1008],"guests":["client.liaison@partner.com"],"created_at":"2025-06-10T14:30:00.000Z","last_updated":"2025-06-10T14:30:00.000Z"}}"#;
const ITERATIONS: u32 = 100_000;

type BuildFn = unsafe extern "C" fn(*const Config, Str, *const GroupInput, *mut *mut Request, *mut *mut Error) -> Code;
type ParseFn = unsafe extern "C" fn(*const AbiResponse, *mut *mut Group, *mut *mut Error) -> Code;
type CallFn = unsafe extern "C" fn(
    *const Config,
    Str,
    *const GroupInput,
    *const AbiOptions,
    *mut *mut AbiCall,
    *mut *mut Error,
) -> Code;
type AnswerFn = unsafe extern "C" fn(*mut AbiCall, *const AbiResponse, *mut *mut Error) -> Code;
const SAMPLES: usize = 9;

/// ns per call of `f` over one batch of [`ITERATIONS`] calls.
fn batch(f: &mut impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS)
}

/// A `tallyfy_str` lending `text`.
fn s(text: &[u8]) -> Str {
    Str { data: text.as_ptr().cast(), len: text.len() }
}

/// The create answer as C hands it over: status 201, no headers, the body.
fn answer(body: &[u8]) -> AbiResponse {
    AbiResponse { status: 201, headers: ptr::null(), header_count: 0, body: s(body) }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Medians of ns per call of `core` and `abi`, and of their ratio, over [`SAMPLES`] pairs of
/// batches run alternately, so that a busy machine slows both sides alike.
fn compare(mut core: impl FnMut(), mut abi: impl FnMut()) -> (f64, f64, f64) {
    batch(&mut core);
    batch(&mut abi);
    let pairs: Vec<(f64, f64)> = (0..SAMPLES).map(|_| (batch(&mut core), batch(&mut abi))).collect();
    (
        median(pairs.iter().map(|p| p.0).collect()),
        median(pairs.iter().map(|p| p.1).collect()),
        median(pairs.iter().map(|p| p.1 / p.0).collect()),
    )
}

fn main() {
    let config = tallyfy_core::Config::new("tok_123", None, None).expect("a valid config");
    let input = tallyfy_core::GroupInput {
        name: Some("Onboarding Specialists".into()),
        description: Some("Team responsible for new client onboarding.".into()),
        members: Some(vec![1001, 1005, 1008]),
        guests: Some(vec!["client.liaison@partner.com".into()]),
    };
    // SAFETY: every pointer below is a live handle or a string valid for its length; each handle
    // is freed once.
    unsafe {
        let mut cfg = ptr::null_mut();
        let none = Str { data: ptr::null(), len: 0 };
        assert_eq!(tallyfy_config_new(s(b"tok_123"), none, none, &mut cfg, ptr::null_mut()), Code::TALLYFY_OK);
        let c_input = tallyfy_group_input_new();
        let no_err = ptr::null_mut();
        assert_eq!(tallyfy_group_input_set_name(c_input, s(b"Onboarding Specialists"), no_err), Code::TALLYFY_OK);
        let description = s(b"Team responsible for new client onboarding.");
        assert_eq!(tallyfy_group_input_set_description(c_input, description, no_err), Code::TALLYFY_OK);
        for id in [1001, 1005, 1008] {
            assert_eq!(tallyfy_group_input_add_member(c_input, id, no_err), Code::TALLYFY_OK);
        }
        let guest = s(b"client.liaison@partner.com");
        assert_eq!(tallyfy_group_input_add_guest(c_input, guest, no_err), Code::TALLYFY_OK);

        // Opaque to the optimiser, like a call from C into the shared library.
        let build_create_group_abi = black_box::<BuildFn>(tallyfy_build_create_group);
        let request_free = black_box::<unsafe extern "C" fn(*mut Request)>(tallyfy_request_free);
        let parse_group_abi = black_box::<ParseFn>(tallyfy_parse_group);
        let group_free = black_box::<unsafe extern "C" fn(*mut Group)>(tallyfy_group_free);
        let call_create_group_abi = black_box::<CallFn>(tallyfy_call_create_group);
        let call_next = black_box::<unsafe extern "C" fn(*mut AbiCall) -> AbiStep>(tallyfy_call_next);
        let call_request = black_box::<unsafe extern "C" fn(*const AbiCall) -> *const Request>(tallyfy_call_request);
        let call_answer = black_box::<AnswerFn>(tallyfy_call_answer);
        let call_group = black_box::<unsafe extern "C" fn(*const AbiCall) -> *const Group>(tallyfy_call_group);
        let call_free = black_box::<unsafe extern "C" fn(*mut AbiCall)>(tallyfy_call_free);

        let build = compare(
            || {
                black_box(build_create_group(black_box(&config), black_box("org123"), black_box(&input)).ok());
            },
            || {
                let mut req = ptr::null_mut();
                black_box(build_create_group_abi(cfg, s(b"org123"), c_input, &mut req, ptr::null_mut()));
                request_free(req);
            },
        );
        let parse = compare(
            || {
                black_box(parse_group(&Response { status: 201, headers: &[], body: black_box(BODY) }).ok());
            },
            || {
                let mut group = ptr::null_mut();
                black_box(parse_group_abi(&answer(black_box(BODY)), &mut group, ptr::null_mut()));
                group_free(group);
            },
        );
        let call = compare(
            || {
                let options = CallOptions::default();
                let mut call = Call::create_group(black_box(&config), "org123", black_box(&input), options).ok();
                if let Some(call) = call.as_mut() {
                    if let Step::Send(exchange) = call.next_step() {
                        black_box(&exchange.request);
                    }
                    black_box(call.answered(&Response { status: 201, headers: &[], body: black_box(BODY) }).ok());
                    if let Step::Done(outcome) = call.next_step() {
                        black_box(outcome);
                    }
                }
            },
            || {
                let mut call = ptr::null_mut();
                black_box(call_create_group_abi(cfg, s(b"org123"), c_input, ptr::null(), &mut call, ptr::null_mut()));
                black_box(call_next(call));
                black_box(call_request(call));
                black_box(call_answer(call, &answer(black_box(BODY)), ptr::null_mut()));
                black_box(call_next(call));
                black_box(call_group(call));
                call_free(call);
            },
        );
        for (name, (core, abi, ratio)) in
            [("build_create_group", build), ("parse_group", parse), ("call_create_group", call)]
        {
            println!("bench core_{name} {core:.1}");
            println!("bench rust_abi_{name} {abi:.1}");
            println!("ratio {name} {ratio:.3}");
        }

        tallyfy::input::tallyfy_group_input_free(c_input);
        tallyfy::config::tallyfy_config_free(cfg);
    }
}
