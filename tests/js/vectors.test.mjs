// Every shared vector in tests/vectors/ through the package's public API, once as loaded by
// `import` and once by `require`, with the same expected results as the Rust core's runner.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import * as esm from "tallyfy-groups";

const cjs = createRequire(import.meta.url)("tallyfy-groups");
const dir = new URL("../vectors/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const cases = files.flatMap((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")).cases.map((c) => ({ file: f, ...c })));

/** The request in the vectors' shape: headers as [name, value] pairs in order, body or null. */
function requestShape(request) {
  return { method: request.method, url: request.url, headers: Object.entries(request.headers), body: request.body ?? null };
}

/** Runs `fn`, expecting a TallyfyError; returns it. */
function thrown(api, fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof api.TallyfyError, `expected a TallyfyError, got ${error}`);
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail("expected an error, got a result");
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
    assert.deepEqual(requestShape(build(api, c)), c.expect.request);
    return;
  }
  const error = thrown(api, () => build(api, c));
  assert.equal(error.code, c.expect.error.code);
  assert.deepEqual(
    error.fieldErrors.map(({ field, code }) => ({ field, code })),
    c.expect.error.fieldErrors,
  );
  assert.ok(error.fieldErrors.every((e) => typeof e.message === "string" && e.message.length > 0));
  assert.equal(error.status, undefined);
  const token = c.config.accessToken;
  if (typeof token === "string" && token.length > 3) assert.ok(!error.message.includes(token), error.message);
}

function checkValidate(api, c) {
  const validate = c.op === "validate_create" ? api.validateCreateGroup : api.validateUpdateGroup;
  assert.deepEqual(
    validate(c.input).map(({ field, code }) => ({ field, code })),
    c.expect.fieldErrors,
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
    if (want.group) assert.deepEqual(value, want.group);
    else if (want.page) assert.deepEqual(value, want.page);
    else assert.equal(value, undefined);
    return;
  }
  const error = thrown(api, call);
  const e = want.error;
  assert.equal(error.code, e.code);
  assert.equal(error.status ?? null, e.status);
  assert.ok(error.message.length > 0 && Buffer.byteLength(error.message) <= 512);
  if ("message" in e) assert.equal(error.message, e.message);
  for (const excluded of e.messageExcludes ?? []) assert.ok(!error.message.includes(excluded), error.message);
  if ("fieldErrors" in e) assert.deepEqual(error.fieldErrors, e.fieldErrors);
  if ("retryAfterSeconds" in e) assert.equal(error.retryAfterSeconds ?? null, e.retryAfterSeconds);
  if ("requestId" in e) assert.equal(error.requestId ?? null, e.requestId);
}

function checkPolicy(api, c) {
  switch (c.op) {
    case "retry_delay":
      assert.equal(api.retryDelayMs(c.method, c.status, c.retryAfterSeconds, c.attempt, c.random), c.expect.delayMs);
      return;
    case "next_page": {
      const next = api.buildNextPage(c.config, c.orgId, c.query, c.pagination);
      assert.deepEqual(next === null ? null : requestShape(next), c.expect.request);
      return;
    }
    case "full_update":
      assert.deepEqual(api.fullUpdate(c.current, c.changes), c.expect.input);
      return;
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

function check(api, c) {
  if (c.op.startsWith("build_")) checkBuild(api, c);
  else if (c.op.startsWith("validate_")) checkValidate(api, c);
  else if (c.op.startsWith("parse_")) checkParse(api, c);
  else checkPolicy(api, c);
}

it("the vector files hold at least 150 uniquely named cases", () => {
  assert.ok(cases.length >= 150, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const [loader, api] of [
  ["import", esm],
  ["require", cjs],
]) {
  describe(`vectors through ${loader}`, () => {
    for (const c of cases) it(`${c.file}: ${c.name}`, () => check(api, c));
  });
}
