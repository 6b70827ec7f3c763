// The shared vector checks, for Node (vectors.test.mjs) and for browsers (the packaging tests'
// pages): `checkCase(api, c)` runs one case of tests/vectors/ through the package's public API
// (call scripts through `Call`) and throws an Error describing the first difference from the
// expected result.

/** A stable JSON text for comparisons: object keys sorted, undefined dropped. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function same(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function ok(condition, what) {
  if (!condition) throw new Error(what);
}

/** The request in the vectors' shape: headers as [name, value] pairs in order, body or null. */
function requestShape(request) {
  return {
    method: request.method,
    url: request.url,
    headers: Object.entries(request.headers),
    body: request.body ?? null,
  };
}

/** Runs `fn`, expecting a TallyfyError; returns it. */
function thrown(api, fn) {
  let result;
  try {
    result = fn();
  } catch (error) {
    ok(error instanceof api.TallyfyError && error instanceof Error, `expected a TallyfyError, got ${error}`);
    return error;
  }
  throw new Error(`expected an error, got ${canonical(result)}`);
}

/** Runs `fn` with Date.now() at `seconds` (the vectors' clock for HTTP-date Retry-After). */
function at(seconds, fn) {
  const now = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = now;
  }
}

function build(api, c) {
  switch (c.op) {
    case "build_create":
      return api.buildCreateGroup(c.config, c.orgId, c.input);
    case "build_get":
      return api.buildGetGroup(c.config, c.orgId, c.groupId);
    case "build_list":
      return api.buildListGroups(c.config, c.orgId, c.query);
    case "build_update":
      return api.buildUpdateGroup(c.config, c.orgId, c.groupId, c.input);
    case "build_delete":
      return api.buildDeleteGroup(c.config, c.orgId, c.groupId);
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

function checkBuild(api, c) {
  if (c.expect.request) {
    same(requestShape(build(api, c)), c.expect.request, "request");
    return;
  }
  const error = thrown(api, () => build(api, c));
  same(error.code, c.expect.error.code, "code");
  same(
    error.fieldErrors.map(({ field, code }) => ({ field, code })),
    c.expect.error.fieldErrors,
    "field errors",
  );
  ok(
    error.fieldErrors.every((e) => typeof e.message === "string" && e.message.length > 0),
    "every field error has a message",
  );
  same(error.status, undefined, "status");
  const token = c.config.accessToken;
  if (typeof token === "string" && token.length > 3)
    ok(!error.message.includes(token), `the token leaked: ${error.message}`);
}

function checkValidate(api, c) {
  const validate = c.op === "validate_create" ? api.validateCreateGroup : api.validateUpdateGroup;
  same(
    validate(c.input).map(({ field, code }) => ({ field, code })),
    c.expect.fieldErrors,
    "field errors",
  );
}

function checkParse(api, c) {
  const parse = {
    parse_group: api.parseGroupResponse,
    parse_group_list: api.parseGroupListResponse,
    parse_delete_group: api.parseDeleteGroupResponse,
  }[c.op];
  const call = () => at(c.now ?? 1_700_000_000, () => parse(c.response));
  const want = c.expect;
  if (!want.error) {
    const value = call();
    if (want.group) same(value, want.group, "group");
    else if (want.page) same(value, want.page, "page");
    else same(value, undefined, "delete result");
    return;
  }
  checkError(api, thrown(api, call), want.error);
}

/** Checks a TallyfyError against a vector's expected error `e`. */
function checkError(api, error, e) {
  ok(error instanceof api.TallyfyError, `expected a TallyfyError, got ${error}`);
  same(error.code, e.code, "code");
  same(error.status ?? null, e.status, "status");
  ok(error.message.length > 0 && new TextEncoder().encode(error.message).length <= 512, "message bounded");
  if ("message" in e) same(error.message, e.message, "message");
  for (const excluded of e.messageExcludes ?? []) ok(!error.message.includes(excluded), `message shows ${excluded}`);
  if ("fieldErrors" in e) same(error.fieldErrors, e.fieldErrors, "field errors");
  if ("retryAfterSeconds" in e) same(error.retryAfterSeconds ?? null, e.retryAfterSeconds, "retryAfterSeconds");
  if ("requestId" in e) same(error.requestId ?? null, e.requestId, "requestId");
}

/** The Call of a call script. */
function makeCall(api, c) {
  const { Call } = api;
  switch (c.operation) {
    case "create_group":
      return Call.createGroup(c.config, c.orgId, c.input, c.options);
    case "get_group":
      return Call.getGroup(c.config, c.orgId, c.groupId, c.options);
    case "list_groups":
      return Call.listGroups(c.config, c.orgId, c.query, c.options);
    case "list_all_groups":
      return Call.listAllGroups(c.config, c.orgId, c.query, c.options);
    case "update_group":
      return Call.updateGroup(c.config, c.orgId, c.groupId, c.input, c.options);
    case "delete_group":
      return Call.deleteGroup(c.config, c.orgId, c.groupId, c.options);
    default:
      throw new Error(`unknown operation ${c.operation}`);
  }
}

/**
 * Runs a call script: each step the call gives must be the next one of the script, each
 * answer is handed back, and the call must end as expected with no step left over.
 */
function checkCall(api, c) {
  let call;
  try {
    call = makeCall(api, c);
  } catch (error) {
    ok(c.steps.length === 0, `the call could not be made: ${error}`);
    ok(c.expect.error, `unexpected error ${error}`);
    return checkError(api, error, c.expect.error);
  }
  try {
    for (let i = 0; ; i++) {
      const step = call.next();
      const want = c.steps[i];
      const where = `step ${i}: ${step.kind} where the script says ${canonical(want)}`;
      switch (step.kind) {
        case "send": {
          ok(want?.send, where);
          const { send } = want;
          same(step.request.method, send.method, "method");
          same(step.request.url, send.url, "url");
          same(step.timeoutMs, send.timeoutMs, "timeoutMs");
          same(step.maxAnswerBytes, send.maxAnswerBytes, "maxAnswerBytes");
          same(step.trace.url, send.traceUrl ?? send.url, "trace url");
          same(step.trace.headers.Authorization, "Bearer [redacted]", "trace Authorization");
          if (want.noAnswer) call.noAnswer(want.noAnswer);
          else call.answered(want.answer);
          break;
        }
        case "wait":
          ok(want?.wait, where);
          same({ delayMs: step.delayMs, attempt: step.attempt, reason: step.reason }, want.wait, "wait");
          if (step.error !== undefined) same(step.error.code, step.reason, "the wait's error");
          break;
        case "done": {
          ok(want === undefined, where);
          const { value } = step;
          const got = c.expect.group
            ? { group: value }
            : c.expect.page
              ? { page: value }
              : c.expect.groups
                ? { groups: value }
                : { deleted: value === undefined };
          return same(got, c.expect, "result");
        }
        case "failed":
          ok(want === undefined, where);
          ok(c.expect.error, `unexpected error ${step.error}`);
          return checkError(api, step.error, c.expect.error);
        case "unanswered":
          ok(want === undefined, where);
          return same({ unanswered: step.noAnswer }, c.expect, "result");
        default:
          throw new Error(`unknown step ${canonical(step)}`);
      }
    }
  } finally {
    call.free();
  }
}

function checkPolicy(api, c) {
  if (c.op !== "full_update") throw new Error(`unknown op ${c.op}`);
  same(api.fullUpdate(c.current, c.changes), c.expect.input, "full update body");
}

/** Checks one vector case; throws on the first difference. */
export function checkCase(api, c) {
  if (c.op.startsWith("build_")) checkBuild(api, c);
  else if (c.op.startsWith("validate_")) checkValidate(api, c);
  else if (c.op.startsWith("parse_")) checkParse(api, c);
  else if (c.op === "call") at(c.now ?? 1_700_000_000, () => checkCall(api, c));
  else checkPolicy(api, c);
}

/**
 * The cases of one vector file's text and the count it states: throws when the text is not
 * JSON, has no cases array or count, or holds a different number of cases.
 */
export function casesOf(file, text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${error.message}`);
  }
  const { cases, count } = parsed ?? {};
  if (!Array.isArray(cases)) throw new Error(`${file}: no "cases" array`);
  if (!Number.isSafeInteger(count)) throw new Error(`${file}: no "count"`);
  if (cases.length !== count) throw new Error(`${file}: ${cases.length} cases, but "count" says ${count}`);
  return { cases, count };
}

/**
 * Every case of `files` (vector file texts by name): how many passed and each failure. An
 * unreadable file, a count that differs from its cases, or a run that executed another number
 * of cases than the file states is a failure too.
 */
export function checkAll(api, files) {
  const failures = [];
  let passed = 0;
  for (const [file, text] of Object.entries(files)) {
    let cases;
    let count;
    try {
      ({ cases, count } = casesOf(file, text));
    } catch (error) {
      failures.push(error.message);
      continue;
    }
    let ran = 0;
    for (const c of cases) {
      ran++;
      try {
        checkCase(api, c);
        passed++;
      } catch (error) {
        failures.push(`${file}: ${c.name}: ${error.message}`);
      }
    }
    if (ran !== count) failures.push(`${file}: ran ${ran} cases where its "count" says ${count}`);
  }
  return { passed, failures };
}
