// The shared vector checks, for Node (vectors.test.mjs) and for browsers (the packaging tests'
// pages): `checkCase(api, c)` runs one case of tests/vectors/ through the package's public API
// and throws an Error describing the first difference from the expected result.

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
  const error = thrown(api, call);
  const e = want.error;
  same(error.code, e.code, "code");
  same(error.status ?? null, e.status, "status");
  ok(error.message.length > 0 && new TextEncoder().encode(error.message).length <= 512, "message bounded");
  if ("message" in e) same(error.message, e.message, "message");
  for (const excluded of e.messageExcludes ?? []) ok(!error.message.includes(excluded), `message shows ${excluded}`);
  if ("fieldErrors" in e) same(error.fieldErrors, e.fieldErrors, "field errors");
  if ("retryAfterSeconds" in e) same(error.retryAfterSeconds ?? null, e.retryAfterSeconds, "retryAfterSeconds");
  if ("requestId" in e) same(error.requestId ?? null, e.requestId, "requestId");
}

function checkPolicy(api, c) {
  switch (c.op) {
    case "retry_delay":
      same(api.retryDelayMs(c.method, c.status, c.retryAfterSeconds, c.attempt, c.random), c.expect.delayMs, "delay");
      return;
    case "next_page": {
      const next = api.buildNextPage(c.config, c.orgId, c.query, c.pagination);
      same(next === null ? null : requestShape(next), c.expect.request, "next request");
      return;
    }
    case "full_update":
      same(api.fullUpdate(c.current, c.changes), c.expect.input, "full update body");
      return;
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

/** Checks one vector case; throws on the first difference. */
export function checkCase(api, c) {
  if (c.op.startsWith("build_")) checkBuild(api, c);
  else if (c.op.startsWith("validate_")) checkValidate(api, c);
  else if (c.op.startsWith("parse_")) checkParse(api, c);
  else checkPolicy(api, c);
}

/**
 * The cases of one vector file's text, checked against its `"count"`: throws when the text is
 * not JSON, has no cases array or count, or holds a different number of cases.
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
  return cases;
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
    try {
      cases = casesOf(file, text);
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
    if (ran !== cases.length) failures.push(`${file}: ran ${ran} of ${cases.length} cases`);
  }
  return { passed, failures };
}
