// No call leaks into another: random sequences of configs and inputs, in every shape a caller
// may pass, through every build function, the Call driver and GroupsClient. Each request must
// carry this call's token, URL, client header and body, or the call must be refused; a call
// whose arguments are readable and valid is never refused. Seeded, so a failure repeats.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Call,
  GroupsClient,
  TallyfyError,
  buildCreateGroup,
  buildDeleteGroup,
  buildGetGroup,
  buildListGroups,
  buildUpdateGroup,
} from "tallyfy-groups";

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Settings {
  constructor(fields) {
    Object.assign(this, fields);
  }
}

/**
 * The shapes of an object a caller may pass: [name, make(fields), whether its fields are
 * visible to a reader of own enumerable properties].
 */
const SHAPES = [
  ["plain", (f) => ({ ...f }), true],
  ["Map", (f) => new Map(Object.entries(f)), true],
  ["frozen", (f) => Object.freeze({ ...f }), true],
  ["null-prototype", (f) => Object.assign(Object.create(null), f), true],
  [
    "getters",
    (f) => Object.defineProperties({}, Object.fromEntries(Object.keys(f).map((k) => [k, { get: () => f[k], enumerable: true }]))),
    true,
  ],
  [
    "non-enumerable",
    (f) => Object.defineProperties({}, Object.fromEntries(Object.keys(f).map((k) => [k, { value: f[k], enumerable: false }]))),
    false,
  ],
  ["class instance", (f) => new Settings(f), true],
  ["empty", () => ({}), false],
];

const DEFAULT_BASE = "https://go.tallyfy.com/api";

function scenario(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const n = () => Math.floor(rand() * 1e6);
  const fields = { accessToken: `tok_${n()}` };
  if (rand() < 0.7) fields.baseUrl = `https://h${n()}.example.com/api`;
  if (rand() < 0.5) fields.clientHeader = `Client${n()}`;
  const [configShape, makeConfig, configVisible] = pick(SHAPES);
  const input = { name: `Group ${n()}`, description: `About ${n()}` };
  if (rand() < 0.5) input.members = [1 + Math.floor(rand() * 5000)];
  if (rand() < 0.3) input.guests = [`g${n()}@example.com`];
  const [inputShape, makeInput, inputVisible] = pick(SHAPES);
  return {
    fields,
    config: makeConfig(fields),
    configShape,
    configVisible,
    orgId: `org${n()}`,
    groupId: `g${n()}`,
    input,
    inputValue: makeInput(input),
    inputShape,
    inputVisible,
  };
}

/** Checks one request against the scenario that made it. */
function check(s, method, request, body) {
  const what = `${method} with a ${s.configShape} config and a ${s.inputShape} input`;
  assert.equal(request.headers.Authorization, `Bearer ${s.fields.accessToken}`, what);
  assert.equal(request.headers["X-Tallyfy-Client"], s.fields.clientHeader ?? "APIClient", what);
  assert.ok(request.url.startsWith(`${s.fields.baseUrl ?? DEFAULT_BASE}/organizations/${s.orgId}/groups`), what);
  if (["GET", "DELETE"].includes(method) && request.url.includes("/groups/")) {
    assert.ok(request.url.endsWith(`/groups/${s.groupId}`), what);
  }
  if (body !== undefined) assert.deepEqual(JSON.parse(request.body), body, what);
  else assert.equal(request.body, undefined, what);
}

/** Runs `f`; a refusal must be an invalid_input TallyfyError, allowed only when `mayRefuse`. */
function outcome(f, mayRefuse, what) {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof TallyfyError && e.code === "invalid_input", `${what}: ${e}`);
    assert.ok(mayRefuse, `${what} was refused: ${e.message}`);
    return undefined;
  }
}

/** The first send step of `call`, freed after. */
function firstSend(call) {
  try {
    const step = call.next();
    assert.equal(step.kind, "send");
    return step.request;
  } finally {
    call.free();
  }
}

const GROUP = '{"data":{"id":"g1","name":"n"}}';

describe("no call leaks into another", () => {
  it("3,000 random calls: this call's token, URL, client header and body, or refused", async () => {
    const rand = prng(20261206);
    let checked = 0;
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      const s = scenario(rand);
      const what = `round ${round}`;
      const readable = s.configVisible;
      const visibleInput = s.inputVisible ? s.input : {};
      const op = Math.floor(rand() * 9);
      const ops = [
        () => ["POST", buildCreateGroup(s.config, s.orgId, s.inputValue), visibleInput],
        () => ["GET", buildGetGroup(s.config, s.orgId, s.groupId)],
        () => ["GET", buildListGroups(s.config, s.orgId)],
        () => ["PUT", buildUpdateGroup(s.config, s.orgId, s.groupId, s.inputValue), visibleInput],
        () => ["DELETE", buildDeleteGroup(s.config, s.orgId, s.groupId)],
        () => ["POST", firstSend(Call.createGroup(s.config, s.orgId, s.inputValue)), visibleInput],
        () => ["PUT", firstSend(Call.updateGroup(s.config, s.orgId, s.groupId, s.inputValue)), visibleInput],
        () => ["GET", firstSend(Call.getGroup(s.config, s.orgId, s.groupId, { randomSeed: round }))],
        () => ["GET", firstSend(Call.listAllGroups(s.config, s.orgId))],
      ];
      const usesInput = [0, 3, 5, 6].includes(op);
      const mayRefuse = !readable || (usesInput && !s.inputVisible);
      const result = outcome(ops[op], mayRefuse, what);
      if (result === undefined) {
        refused++;
        continue;
      }
      const [method, request, body] = result;
      assert.equal(request.method, method, what);
      check(s, method, request, body);
      checked++;
    }
    // Both branches ran, many times.
    assert.ok(checked > 1500 && refused > 300, `${checked} checked, ${refused} refused`);
  });

  it("clients interleaved with build calls: each client sends its own token and body", async () => {
    const rand = prng(7);
    const sent = [];
    const fetch = async (url, init) => {
      sent.push({ url, ...init });
      return new Response(init.method === "DELETE" ? null : GROUP, { status: init.method === "DELETE" ? 204 : 200 });
    };
    const clients = Array.from({ length: 3 }, () => {
      const s = scenario(rand);
      return { s, client: new GroupsClient({ ...s.fields, orgId: s.orgId, fetch }) };
    });
    for (let round = 0; round < 300; round++) {
      const { s, client } = clients[Math.floor(rand() * clients.length)];
      const other = scenario(rand);
      // A build call with other arguments in between.
      outcome(() => buildCreateGroup(other.config, other.orgId, other.inputValue), true, `round ${round}`);
      const input = scenario(rand);
      const visible = input.inputVisible ? input.input : {};
      const op = Math.floor(rand() * 4);
      const before = sent.length;
      try {
        if (op === 0) await client.create(input.inputValue);
        else if (op === 1) await client.update(s.groupId, input.inputValue);
        else if (op === 2) await client.get(s.groupId);
        else await client.delete(s.groupId);
      } catch (e) {
        assert.ok(e instanceof TallyfyError && e.code === "invalid_input", `round ${round}: ${e}`);
        assert.ok(op < 2 && !input.inputVisible, `round ${round} was refused: ${e.message}`);
        assert.equal(sent.length, before);
        continue;
      }
      assert.equal(sent.length, before + 1);
      const request = sent.at(-1);
      const method = ["POST", "PUT", "GET", "DELETE"][op];
      assert.equal(request.method, method);
      check({ ...s, configShape: "client", inputShape: input.inputShape }, method, request, op < 2 ? visible : undefined);
    }
  });
});
