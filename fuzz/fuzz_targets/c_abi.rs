//! The C ABI through its `extern "C"` entry points, with every argument `tallyfy.h` allows:
//! `tallyfy_str` values that are absent (`{NULL, 0}`), empty behind a dangling pointer, any bytes
//! (not UTF-8, with U+0000), NULL with a length or a length no buffer can have; NULL handles, any
//! number of headers, any status, NULL out-parameters. `tallyfy-ffi` is built with debug
//! assertions (fuzz/Cargo.toml), so a broken `unsafe` precondition aborts, as any panic does.
//! Every call answers with a code and writes its result on success and its error on failure,
//! never both; a header the core does not read never changes a parse; an error redacted with the
//! config never shows its token; every handle is freed.
#![no_main]

use std::ptr::{self, NonNull};

use libfuzzer_sys::fuzz_target;
use tallyfy::call::{
    tallyfy_call_free, tallyfy_call_list_all_groups, tallyfy_call_next, tallyfy_call_request, Call, Step,
};
use tallyfy::code::Code;
use tallyfy::config::{tallyfy_config_free, tallyfy_config_new, Config};
use tallyfy::error::*;
use tallyfy::group::{tallyfy_group_free, tallyfy_group_page_free, Group, GroupPage};
use tallyfy::input::{tallyfy_group_input_add_member, tallyfy_group_input_set_name};
use tallyfy::input::{tallyfy_group_input_free, tallyfy_group_input_from_json, tallyfy_group_input_new, GroupInput};
use tallyfy::operations::*;
use tallyfy::query::{tallyfy_list_query_free, tallyfy_list_query_from_json, ListQuery};
use tallyfy::request::{tallyfy_request_body, tallyfy_request_free, Request};
use tallyfy::response::{tallyfy_parse_delete_group, tallyfy_parse_group, tallyfy_parse_group_list, Header, Response};
use tallyfy::strings::Str;
use tallyfy_fuzz::Bytes;

const TOKENS: &[&[u8]] = &[b"zqTok-7f3a.x~9+Q", b"tok_123"];
const BASE_URLS: &[&[u8]] = &[b"https://go.tallyfy.com/api", b"http://127.0.0.1:8080/api"];
const CLIENTS: &[&[u8]] = &[b"TallyfySDK"];
const IDS: &[&[u8]] = &[b"org1", b"53a4560dc877f9b4f709f97630efbb5a", b"caf\xe9", b"a\0b"];
const NAMES: &[&[u8]] = &[b"X-Served-By", b"Retry-After", b"X-Request-Id", b"x-request-id", b"Content-Type"];
const VALUES: &[&[u8]] = &[b"caf\xe9", b"120", b"req-zqTok-7f3a.x~9+Q", b"Wed, 21 Oct 2015 07:28:00 GMT", b"\xff"];
const BODIES: &[&[u8]] = &[
    br#"{"data":{"id":"g1","name":"Ops","description":"d","members":[1],"guests":["a@b.co"]}}"#,
    br#"{"message":"token zqTok-7f3a.x~9+Q is invalid"}"#,
    br#"{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1}}}"#,
    br#"{"message":"no","errors":{"name":["zqTok-7f3a.x~9+Q is taken"]}}"#,
    br#"{"name":"Ops","description":"Runs things","members":[7]}"#,
    b"caf\xe9",
];
const STATUSES: [i32; 12] = [200, 201, 204, 401, 404, 422, 429, 500, 302, 100, 0, -1];

/// A `tallyfy_str` or array argument: bytes (a preset or fuzzed), or one of the edge cases the
/// header allows (`{NULL, 0}`, a dangling pointer with length 0) or that the library refuses
/// unread (NULL with a length, a length no buffer can have).
#[derive(Clone)]
enum Span {
    Bytes(Vec<u8>),
    Null,
    Dangling,
    NullWithLength(usize),
    Impossible,
}

impl Span {
    fn read(bytes: &mut Bytes, presets: &[&[u8]]) -> Span {
        let choice = bytes.byte();
        match choice % 8 {
            0..=2 => Span::Bytes(presets[usize::from(choice / 8) % presets.len()].to_vec()),
            3 => Span::Bytes(bytes.raw().to_vec()),
            4 => Span::Null,
            5 => Span::Dangling,
            6 => Span::NullWithLength(usize::from(bytes.byte()) + 1),
            _ => Span::Impossible,
        }
    }

    /// The pointer and length of an array of `items` (`Bytes` stands for them).
    fn parts<T>(&self, items: &[T]) -> (*const T, usize) {
        match self {
            Span::Bytes(_) => (items.as_ptr(), items.len()),
            Span::Null => (ptr::null(), 0),
            Span::Dangling => (NonNull::dangling().as_ptr(), 0),
            Span::NullWithLength(len) => (ptr::null(), *len),
            Span::Impossible => (items.as_ptr(), usize::MAX),
        }
    }

    /// The `tallyfy_str` of this span, pointing into `self`.
    fn str(&self) -> Str {
        let (data, len) = self.parts(self.bytes());
        Str { data: data.cast(), len }
    }

    /// The code the library must answer for this argument alone, if the span decides it.
    fn refusal(&self) -> Option<Code> {
        match self {
            Span::NullWithLength(_) => Some(Code::TALLYFY_NULL_ARGUMENT),
            Span::Impossible => Some(Code::TALLYFY_INVALID_INPUT),
            _ => None,
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Span::Bytes(b) => b,
            _ => &[],
        }
    }
}

/// An optional `tallyfy_error **` and the error written through it.
struct ErrorOut {
    given: bool,
    err: *mut Error,
}

impl ErrorOut {
    fn read(bytes: &mut Bytes) -> ErrorOut {
        ErrorOut { given: bytes.byte() % 4 != 3, err: ptr::null_mut() }
    }

    fn ptr(&mut self) -> *mut *mut Error {
        if self.given {
            &mut self.err
        } else {
            ptr::null_mut()
        }
    }
}

/// Whether an optional out-parameter is given (rarely NULL).
fn given(bytes: &mut Bytes) -> bool {
    bytes.byte() % 8 != 7
}

/// The bytes of a string a live handle lends.
fn text<'a>(s: Str) -> &'a [u8] {
    assert!(!s.data.is_null(), "a string accessor of a live error gave none");
    // SAFETY: the library lends `len` bytes that live with their handle.
    unsafe { std::slice::from_raw_parts(s.data.cast(), s.len) }
}

/// Every string an error shows.
fn shown(err: *const Error) -> Vec<u8> {
    // SAFETY: `err` is a live error; its strings are read while it lives.
    unsafe {
        let mut all = text(tallyfy_error_message(err)).to_vec();
        let id = tallyfy_error_request_id(err);
        if !id.data.is_null() {
            all.extend_from_slice(text(id));
        }
        for i in 0..tallyfy_error_field_count(err) {
            for s in [tallyfy_error_field_name(err, i), tallyfy_error_field_message(err, i)] {
                all.push(b' ');
                all.extend_from_slice(text(s));
            }
        }
        all
    }
}

/// Checks a fallible call's answer: success wrote the result (`made`) and no error; a failure
/// wrote no result and, when `err` was given, an error with the same code, a bounded printable
/// message, and nothing of `token` once redacted with `cfg`. Frees the error.
fn answered(code: Code, made: bool, err: ErrorOut, cfg: *const Config, token: Option<&[u8]>) {
    assert_ne!(code, Code::TALLYFY_PANIC, "a panic was caught");
    if code == Code::TALLYFY_OK {
        assert!(made && err.err.is_null(), "a success without its result, or with an error");
        return;
    }
    assert!(!made, "a failure ({code:?}) wrote its result");
    if !err.given {
        return;
    }
    assert!(!err.err.is_null(), "a failure ({code:?}) wrote no error");
    // SAFETY: a live error made by the call, freed once below; `cfg` is NULL or live.
    unsafe {
        assert_eq!(tallyfy_error_code(err.err), code);
        let message = std::str::from_utf8(text(tallyfy_error_message(err.err))).expect("a message is UTF-8");
        assert!(message.len() <= 512 && !message.chars().any(char::is_control), "message {message:?}");
        if !cfg.is_null() {
            let mut clean = ptr::null_mut();
            assert_eq!(tallyfy_error_redact(err.err, cfg, &mut clean, ptr::null_mut()), Code::TALLYFY_OK);
            assert_eq!(tallyfy_error_code(clean), code);
            if let Some(token) = token {
                assert!(!shown(clean).windows(token.len()).any(|w| w == token), "a redacted error shows the token");
            }
            tallyfy_error_free(clean);
        }
        tallyfy_error_free(err.err);
    }
}

/// The answer to parse: status, the header array, its name and value spans, and the body.
struct Answer {
    status: i32,
    headers: Span,
    pairs: Vec<(Span, Span)>,
    body: Span,
}

impl Answer {
    fn read(bytes: &mut Bytes) -> Answer {
        let choice = bytes.byte();
        let status = if choice >= 0xF0 { bytes.u32() as i32 } else { STATUSES[usize::from(choice) % STATUSES.len()] };
        let headers = Span::read(bytes, &[b""]);
        let pairs = match headers {
            Span::Bytes(_) => {
                (0..bytes.byte() % 5).map(|_| (Span::read(bytes, NAMES), Span::read(bytes, VALUES))).collect()
            }
            _ => Vec::new(),
        };
        let body = Span::read(bytes, BODIES);
        Answer { status, headers, pairs, body }
    }

    /// Runs `parse` on this answer with `pairs` as its headers (when the headers are an array).
    fn parse<T>(&self, pairs: &[(Span, Span)], parse: &mut dyn FnMut(&Response) -> T) -> T {
        let headers: Vec<Header> = pairs.iter().map(|(n, v)| Header { name: n.str(), value: v.str() }).collect();
        let (headers, header_count) = self.headers.parts(&headers);
        parse(&Response { status: self.status, headers, header_count, body: self.body.str() })
    }

    /// What the headers alone decide: the code of a header array or string the library
    /// refuses, or `INVALID_UTF8` for a header the core reads whose value is not UTF-8.
    fn header_verdict(&self) -> Option<Code> {
        if let Some(code) = self.headers.refusal() {
            return Some(code);
        }
        for (name, value) in &self.pairs {
            if let Some(code) = name.refusal().or(value.refusal()) {
                return Some(code);
            }
            if tallyfy_core::read_header(name.bytes()).is_some() && std::str::from_utf8(value.bytes()).is_err() {
                return Some(Code::TALLYFY_INVALID_UTF8);
            }
        }
        None
    }

    /// The headers the core reads, all others left out.
    fn read_pairs(&self) -> Vec<(Span, Span)> {
        self.pairs.iter().filter(|(n, _)| tallyfy_core::read_header(n.bytes()).is_some()).cloned().collect()
    }
}

/// Calls the parser `kind` (0 group, 1 list, 2 delete) and frees what it made: its code, and
/// whether it wrote a result (delete has none to write: its success is the result).
///
/// # Safety
/// Every pointer of `response` is NULL, dangling with length 0, or valid for its length (an
/// impossible length is refused before anything is read).
unsafe fn call_parse(kind: u8, out_given: bool, response: &Response, err: *mut *mut Error) -> (Code, bool) {
    // SAFETY: forwarded contract; each handle made is freed once.
    unsafe {
        match kind {
            0 => {
                let mut group: *mut Group = ptr::null_mut();
                let out = if out_given { &mut group as *mut _ } else { ptr::null_mut() };
                let code = tallyfy_parse_group(response, out, err);
                let made = !group.is_null();
                tallyfy_group_free(group);
                (code, made)
            }
            1 => {
                let mut page: *mut GroupPage = ptr::null_mut();
                let out = if out_given { &mut page as *mut _ } else { ptr::null_mut() };
                let code = tallyfy_parse_group_list(response, out, err);
                let made = !page.is_null();
                tallyfy_group_page_free(page);
                (code, made)
            }
            _ => {
                let code = tallyfy_parse_delete_group(response, err);
                (code, code == Code::TALLYFY_OK)
            }
        }
    }
}

/// Parses a fuzzed answer with the parser `kind` and checks the answer.
fn parse(bytes: &mut Bytes, kind: u8, cfg: *const Config, token: Option<&[u8]>) {
    let answer = Answer::read(bytes);
    let out_given = kind == 2 || given(bytes);
    let mut err = ErrorOut::read(bytes);
    // SAFETY: the spans of `answer` keep `call_parse`'s contract.
    let (code, made) = answer.parse(&answer.pairs, &mut |r| unsafe { call_parse(kind, out_given, r, err.ptr()) });
    if out_given {
        if let Some(verdict) = answer.header_verdict() {
            assert_eq!(code, verdict, "the headers decide the answer");
        }
    }
    // A header the core does not read never changes the answer.
    if answer.pairs.iter().all(|(n, v)| n.refusal().is_none() && v.refusal().is_none()) {
        let mut other = ptr::null_mut();
        // SAFETY: as above.
        let (again, _) =
            answer.parse(&answer.read_pairs(), &mut |r| unsafe { call_parse(kind, out_given, r, &mut other) });
        // SAFETY: `other` is NULL or an error made by the call, freed once.
        unsafe { tallyfy_error_free(other) };
        assert_eq!(code, again, "a header the core does not read changed the answer");
    }
    answered(code, made, err, cfg, token);
}

/// A group input: NULL, read from JSON, or made with setters.
fn input(bytes: &mut Bytes) -> *mut GroupInput {
    let choice = bytes.byte() % 3;
    let span = Span::read(bytes, BODIES);
    let mut err = ErrorOut::read(bytes);
    // SAFETY: the span's pointer is NULL, dangling with length 0, or valid for its length (or
    // refused); the input made is returned to be freed.
    unsafe {
        match choice {
            0 => ptr::null_mut(),
            1 => {
                let mut input = ptr::null_mut();
                let code = tallyfy_group_input_from_json(span.str(), &mut input, err.ptr());
                answered(code, !input.is_null(), err, ptr::null(), None);
                input
            }
            _ => {
                let input = tallyfy_group_input_new();
                let code = tallyfy_group_input_set_name(input, span.str(), err.ptr());
                if let Some(refusal) = span.refusal() {
                    assert_eq!(code, refusal, "a refused span set a name");
                }
                answered(code, code == Code::TALLYFY_OK, err, ptr::null(), None);
                let mut err = ErrorOut::read(bytes);
                let code = tallyfy_group_input_add_member(input, bytes.u64(), err.ptr());
                answered(code, code == Code::TALLYFY_OK, err, ptr::null(), None);
                input
            }
        }
    }
}

/// A list query: NULL or read from JSON.
fn query(bytes: &mut Bytes) -> *mut ListQuery {
    if bytes.byte().is_multiple_of(2) {
        return ptr::null_mut();
    }
    let span = Span::read(bytes, &[br#"{"q":"ops","page":2,"perPage":10}"#, b"{}"]);
    let mut query = ptr::null_mut();
    let mut err = ErrorOut::read(bytes);
    // SAFETY: the span's pointer is NULL, dangling with length 0, or valid for its length.
    let code = unsafe { tallyfy_list_query_from_json(span.str(), &mut query, err.ptr()) };
    answered(code, !query.is_null(), err, ptr::null(), None);
    query
}

/// One of the build functions, chosen by `kind` (0 to 5, the last a "list every group" call),
/// on fuzzed arguments.
fn build(bytes: &mut Bytes, kind: u8, cfg: *const Config, token: Option<&[u8]>) {
    let org = Span::read(bytes, IDS);
    let group = Span::read(bytes, IDS);
    let input = input(bytes);
    let query = query(bytes);
    let out_given = given(bytes);
    let mut err = ErrorOut::read(bytes);
    let mut request: *mut Request = ptr::null_mut();
    let out = if out_given { &mut request as *mut _ } else { ptr::null_mut() };
    let (org_id, group_id) = (org.str(), group.str());
    // SAFETY: every pointer is NULL, a live handle, or a span as above; every handle made is
    // freed once below.
    unsafe {
        let code = match kind {
            0 => tallyfy_build_create_group(cfg, org_id, input, out, err.ptr()),
            1 => tallyfy_build_get_group(cfg, org_id, group_id, out, err.ptr()),
            2 => tallyfy_build_list_groups(cfg, org_id, query, out, err.ptr()),
            3 => tallyfy_build_update_group(cfg, org_id, group_id, input, out, err.ptr()),
            4 => tallyfy_build_delete_group(cfg, org_id, group_id, out, err.ptr()),
            _ => {
                // A "list every group" call, made and freed; its first request is lent.
                let mut call: *mut Call = ptr::null_mut();
                let out = if out_given { &mut call as *mut _ } else { ptr::null_mut() };
                let code = tallyfy_call_list_all_groups(cfg, org_id, query, ptr::null(), out, err.ptr());
                if !call.is_null() {
                    assert_eq!(tallyfy_call_next(call), Step::TALLYFY_STEP_SEND, "a new call sends first");
                    assert!(!tallyfy_call_request(call).is_null(), "a send step lends its request");
                }
                let made = !call.is_null();
                tallyfy_call_free(call);
                answered(code, made, err, cfg, token);
                tallyfy_list_query_free(query);
                tallyfy_group_input_free(input);
                return;
            }
        };
        let made = !request.is_null();
        if made {
            let body = tallyfy_request_body(request);
            assert!(!body.data.is_null() || body.len == 0, "no body, yet a length");
            assert!(org.refusal().is_none(), "a refused org id built a request");
        }
        answered(code, made, err, cfg, token);
        tallyfy_request_free(request);
        tallyfy_list_query_free(query);
        tallyfy_group_input_free(input);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    let token = Span::read(&mut bytes, TOKENS);
    let base_url = Span::read(&mut bytes, BASE_URLS);
    let client = Span::read(&mut bytes, CLIENTS);
    let out_given = given(&mut bytes);
    let mut err = ErrorOut::read(&mut bytes);
    let mut cfg: *mut Config = ptr::null_mut();
    let out = if out_given { &mut cfg as *mut _ } else { ptr::null_mut() };
    // SAFETY: the spans keep the contract of a `tallyfy_str`; `cfg` is freed once below.
    let code = unsafe { tallyfy_config_new(token.str(), base_url.str(), client.str(), out, err.ptr()) };
    if let (Some(refusal), true) = (token.refusal(), out_given) {
        assert_eq!(code, refusal, "a refused token made a config");
    }
    answered(code, !cfg.is_null(), err, ptr::null(), None);
    // Only a token of the presets is checked for: a short fuzzed one ("ot") may be part of the
    // library's own words, which redaction leaves alone.
    let token = Some(token.bytes()).filter(|t| TOKENS.contains(t));
    match bytes.byte() % 9 {
        kind @ 0..=2 => parse(&mut bytes, kind, cfg, token),
        kind => build(&mut bytes, kind - 3, cfg, token),
    }
    // SAFETY: made above (or NULL), freed once.
    unsafe { tallyfy_config_free(cfg) };
});
