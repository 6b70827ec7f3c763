// What only JavaScript can send: values of the wrong type, numbers that are not safe integers,
// BigInt, cycles, mutated configs; the error class; plain results; hostile input that must
// never trap the wasm module; and the leak check.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Call,
  TallyfyError,
  VERSION,
  buildCreateGroup,
  buildDeleteGroup,
  buildGetGroup,
  buildListGroups,
  buildUpdateGroup,
  fullUpdate,
  parseDeleteGroupResponse,
  parseGroupListResponse,
  parseGroupResponse,
  validateCreateGroup,
  validateUpdateGroup,
  wasmMemoryBytes,
} from "tallyfy-groups";

const config = { accessToken: "tok_123" };
const valid = { name: "Ops", description: "Runs things" };

function error(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof TallyfyError, `expected a TallyfyError, got ${e}`);
    return e;
  }
  assert.fail("expected a TallyfyError");
}

const fields = (e) => e.fieldErrors.map(({ field, code }) => `${field}:${code}`);

describe("inputs are checked at the boundary, never coerced", () => {
  it("member ids that are not safe positive integers are field errors", () => {
    const members = [1.5, -1, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY, "7", 7n, null, -0, 1e21, 2 ** 53 - 1];
    const e = error(() => buildCreateGroup(config, "org1", { ...valid, members }));
    assert.equal(e.code, "invalid_input");
    assert.deepEqual(fields(e), [
      "members.0:invalid_type",
      "members.1:out_of_range",
      "members.2:invalid_type",
      "members.3:out_of_range",
      "members.4:invalid_type",
      "members.5:invalid_type",
      "members.6:invalid_type",
      "members.7:invalid_type",
      "members.8:out_of_range",
      "members.9:invalid_type",
    ]);
  });

  it("fields of the wrong type and unknown properties are field errors", () => {
    const e = error(() =>
      buildCreateGroup(config, "org1", { name: Number.NaN, description: true, guests: "a@b.co", member: [1] }),
    );
    assert.deepEqual(fields(e), [
      "name:invalid_type",
      "description:invalid_type",
      "guests:invalid_type",
      "member:unknown_field",
    ]);
    const update = error(() => buildUpdateGroup(config, "org1", "g1", { description: 10n }));
    assert.deepEqual(fields(update), ["description:invalid_type"]);
  });

  it("a key __proto__ is an unknown key like any other, never a prototype", () => {
    const input = JSON.parse('{"name":"Ops","description":"d","__proto__":{"members":[0]}}');
    assert.deepEqual(fields(error(() => buildCreateGroup(config, "org1", input))), ["__proto__:unknown_field"]);
    const withToken = JSON.parse('{"__proto__":{"accessToken":"tok"}}');
    assert.deepEqual(fields(error(() => buildGetGroup(withToken, "o", "g"))), [
      "access_token:required",
      "__proto__:unknown_field",
    ]);
  });

  it("undefined properties count as absent", () => {
    const request = buildUpdateGroup(config, "org1", "g1", { name: "New", description: undefined });
    assert.equal(request.body, '{"name":"New"}');
  });

  it("ids, configs and queries of the wrong type are field errors", () => {
    for (const id of [5, Number.NaN, {}, [], true, 1n, Symbol("s")]) {
      assert.deepEqual(fields(error(() => buildGetGroup(config, id, "g1"))), ["org_id:invalid_type"], String(id));
      assert.deepEqual(fields(error(() => buildGetGroup(config, "o", id))), ["group_id:invalid_type"], String(id));
    }
    assert.deepEqual(fields(error(() => buildGetGroup(config, null, undefined))), [
      "org_id:required",
      "group_id:required",
    ]);
    for (const bad of [null, undefined, "tok", 5, []]) {
      assert.deepEqual(fields(error(() => buildGetGroup(bad, "o", "g"))), ["config:invalid_type"], String(bad));
    }
    const e = error(() => buildGetGroup({ accessToken: 5, baseUrl: 7, clientHeader: "x", token: "t" }, "o", "g"));
    assert.deepEqual(fields(e), ["access_token:invalid_type", "base_url:invalid_type", "token:unknown_field"]);
    assert.deepEqual(fields(error(() => buildListGroups(config, "o", { page: 1.5, perPage: "10" }))), [
      "page:invalid_type",
      "per_page:invalid_type",
    ]);
  });

  it("undefined unknown properties are absent; a Map config with other keys cannot be read", () => {
    assert.equal(buildCreateGroup(config, "o", { ...valid, member: undefined }).body, JSON.stringify(valid));
    const map = new Map([[1, "x"]]);
    assert.deepEqual(fields(error(() => buildGetGroup(map, "o", "g"))), ["config:invalid_type"]);
  });

  it("a config mutated between calls is read again", () => {
    const c = { accessToken: "tok_123" };
    assert.match(buildGetGroup(c, "o", "g").url, /^https:\/\/go\.tallyfy\.com\/api\//);
    c.baseUrl = "http://127.0.0.1:9/api";
    assert.equal(buildGetGroup(c, "o", "g").url, "http://127.0.0.1:9/api/organizations/o/groups/g");
    c.extra = 1;
    assert.deepEqual(fields(error(() => buildGetGroup(c, "o", "g"))), ["extra:unknown_field"]);
    delete c.extra;
    c.accessToken = "other";
    assert.equal(buildGetGroup(c, "o", "g").headers.Authorization, "Bearer other");
    assert.equal(buildGetGroup({ accessToken: "third" }, "o", "g").headers.Authorization, "Bearer third");
  });

  it("a config whose getter answers differently each time is read again", () => {
    let n = 0;
    const c = {
      get accessToken() {
        n += 1;
        return `tok${n}`;
      },
    };
    const first = buildGetGroup(c, "o", "g").headers.Authorization;
    const second = buildGetGroup(c, "o", "g").headers.Authorization;
    assert.notEqual(first, second);
    assert.equal(second, `Bearer tok${n}`);
  });

  it("each request is a new object with this call's URL and headers", () => {
    // The module once copied the method and headers of the last request of the same method
    // (a cache, now gone): nothing may leak from one call into the next.
    const base = "https://go.tallyfy.com/api/organizations";
    const read = (token, client = "APIClient") => ({
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      "X-Tallyfy-Client": client,
    });
    const headers = (token, client) => ({ ...read(token, client), "Content-Type": "application/json" });
    const first = buildCreateGroup(config, "org1", valid);
    first.method = "PATCH";
    first.url = "changed";
    first.headers.Authorization = "changed";
    first.headers.Extra = "x";
    const second = buildCreateGroup(config, "org1", valid);
    assert.notEqual(second.headers, first.headers);
    assert.deepEqual(second, { method: "POST", url: `${base}/org1/groups`, headers: headers("tok_123"), body: JSON.stringify(valid) });
    assert.deepEqual(Object.keys(second), ["method", "url", "headers", "body"]);
    assert.deepEqual(Object.keys(second.headers), Object.keys(headers("tok_123")));
    assert.equal(buildCreateGroup(config, "org2", valid).url, `${base}/org2/groups`);
    assert.equal(buildCreateGroup(config, "org1", { ...valid, name: "B" }).body, JSON.stringify({ ...valid, name: "B" }));
    const other = { accessToken: "tok_9", clientHeader: "Other" };
    assert.deepEqual(buildCreateGroup(other, "org1", valid).headers, headers("tok_9", "Other"));
    assert.deepEqual(buildCreateGroup(config, "org1", valid).headers, headers("tok_123"));
    const get = buildGetGroup(config, "org1", "g1");
    assert.deepEqual(get, { method: "GET", url: `${base}/org1/groups/g1`, headers: read("tok_123") });
    assert.deepEqual(Object.keys(get), ["method", "url", "headers"]);
    assert.equal(buildGetGroup(config, "org1", "g2").url, `${base}/org1/groups/g2`);
    assert.equal(buildDeleteGroup(config, "org1", "g1").method, "DELETE");
  });

  it("texts of every length and script cross unchanged, also after the memory grew", () => {
    const texts = [];
    for (const unit of ["a", "é", "中", "😀"]) {
      for (const length of [1, 63, 64, 65, 200, 4095, 4096, 12_288, 12_289, 20_000]) {
        texts.push(unit.repeat(length), `${"a".repeat(length)}${unit}`);
      }
    }
    const before = wasmMemoryBytes();
    // A 20 MB name is copied into the module (and refused): its memory grows.
    error(() => buildCreateGroup(config, "org1", { ...valid, name: "x".repeat(20_000_000) }));
    assert.ok(wasmMemoryBytes() > before, "the module's memory grew");
    for (const text of texts) {
      const request = buildCreateGroup(config, "org1", { name: "Ops", description: text, guests: [`${text}@x.co`] });
      const body = JSON.parse(request.body);
      assert.equal(body.description, text);
      assert.deepEqual(body.guests, [`${text}@x.co`]);
      const group = parseGroupResponse({ status: 200, body: JSON.stringify({ data: { id: "g", ...body } }) });
      assert.equal(group.description, text);
    }
  });

  it("responses of the wrong shape are field errors", () => {
    assert.deepEqual(fields(error(() => parseGroupResponse(null))), ["status:invalid_type", "body:invalid_type"]);
    const e = error(() =>
      parseGroupResponse({ status: "200", body: new Uint8Array(2), headers: { "X-Request-Id": 5 } }),
    );
    assert.deepEqual(fields(e), ["status:invalid_type", "headers.X-Request-Id:invalid_type", "body:invalid_type"]);
    assert.deepEqual(fields(error(() => parseDeleteGroupResponse({ status: 204.5, body: "" }))), [
      "status:out_of_range",
    ]);
    assert.deepEqual(fields(error(() => parseDeleteGroupResponse({ status: 204, body: "", headers: 5 }))), [
      "headers:invalid_type",
    ]);
  });

  it("headers are read from a plain object, a Headers, a Map or pairs", () => {
    const body = '{"message":"slow down"}';
    for (const headers of [
      { "Retry-After": "7", "X-Request-Id": "r1" },
      new Headers({ "retry-after": "7", "x-request-id": "r1" }),
      new Map([
        ["Retry-After", "7"],
        ["X-Request-Id", "r1"],
      ]),
      [
        ["retry-after", "7"],
        ["x-request-id", "r1"],
      ],
    ]) {
      const e = error(() => parseGroupResponse({ status: 429, headers, body }));
      assert.equal(e.code, "rate_limited");
      assert.equal(e.retryAfterSeconds, 7);
      assert.equal(e.requestId, "r1");
    }
  });

  it("fullUpdate checks its arguments", () => {
    assert.deepEqual(fields(error(() => fullUpdate({}, { members: [0] }))), [
      "current.name:invalid_type",
      "current.description:invalid_type",
      "current.members:invalid_type",
      "current.guests:invalid_type",
      "members.0:out_of_range",
    ]);
  });
});

describe("validate* never throws", () => {
  const cyclic = { name: "x" };
  cyclic.self = cyclic;
  const inputs = [undefined, null, 5, "text", [], cyclic, 7n, Symbol("s"), () => 1, { name: Number.NaN }, new Date(0)];
  for (const input of inputs) {
    it(`validates ${typeof input} ${String(input?.toString?.() ?? input).slice(0, 20)}`, () => {
      for (const validate of [validateCreateGroup, validateUpdateGroup]) {
        const errors = validate(input);
        assert.ok(Array.isArray(errors) && errors.length > 0);
        assert.ok(errors.every((e) => typeof e.field === "string" && typeof e.code === "string" && e.message));
      }
    });
  }
  it("returns [] for a valid input", () => {
    assert.deepEqual(validateCreateGroup({ ...valid, members: [1, 2], guests: ["a@b.co"] }), []);
    assert.deepEqual(validateUpdateGroup({ guests: [] }), []);
  });
});

describe("errors and results", () => {
  it("TallyfyError is a real Error subclass with the documented fields", () => {
    const e = error(() => parseGroupResponse({ status: 422, body: '{"message":"bad","errors":{"name":["taken"]}}' }));
    assert.ok(e instanceof Error);
    assert.equal(e.name, "TallyfyError");
    assert.equal(e.code, "validation_failed");
    assert.equal(e.status, 422);
    assert.deepEqual(e.fieldErrors, [{ field: "name", code: "rejected", message: "taken" }]);
    assert.equal(e.retryAfterSeconds, undefined);
    assert.equal(e.requestId, undefined);
    assert.match(e.stack, /TallyfyError: bad/);
    assert.equal(Object.prototype.toString.call(e), "[object Error]");
    const made = new TallyfyError("not_found", "gone", { status: 404 });
    assert.equal(made.status, 404);
    assert.deepEqual(made.fieldErrors, []);
  });

  it("results are plain objects with nothing to free", () => {
    const request = buildCreateGroup(config, "org1", valid);
    const group = parseGroupResponse({ status: 201, body: '{"data":{"id":"g1","name":"Ops"}}' });
    const page = parseGroupListResponse({
      status: 200,
      body: '{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1}}}',
    });
    for (const value of [request, request.headers, group, page, page.pagination]) {
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.equal(value.free, undefined);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(group)), group);
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
  });

  it("the token never appears in an error message", () => {
    const body = '{"message":"token Bearer tok_123 rejected"}';
    const e = error(() => parseGroupResponse({ status: 401, body }));
    assert.ok(!e.message.includes("tok_123"), e.message);
  });
});

/** A small deterministic PRNG (mulberry32). */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random JS value: nested objects and arrays, odd numbers, odd strings, BigInt, symbols. */
function randomValue(rand, depth = 0) {
  const atoms = [
    () => undefined,
    () => null,
    () => rand() < 0.5,
    () => Math.floor(rand() * 2000) - 1000,
    () => [Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, 1.5, Number.MAX_VALUE, 1e-300][Math.floor(rand() * 7)],
    () => BigInt(Math.floor(rand() * 100)),
    () => Symbol("s"),
    () =>
      ["", " ", "a@b.co", "\u0000", "\ud800", "é".repeat(300), "../..", "Bearer x", "\r\n", "{"][
        Math.floor(rand() * 10)
      ],
    () => String.fromCharCode(...Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 0xffff))),
  ];
  if (depth < 3 && rand() < 0.35) {
    const keys = ["name", "description", "members", "guests", "accessToken", "baseUrl", "data", "meta", "x", ""];
    if (rand() < 0.5) return Array.from({ length: Math.floor(rand() * 5) }, () => randomValue(rand, depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(rand() * 5) }, () => [
        keys[Math.floor(rand() * keys.length)],
        randomValue(rand, depth + 1),
      ]),
    );
  }
  return atoms[Math.floor(rand() * atoms.length)]();
}

describe("no panic is reachable", () => {
  it("5,000 rounds of random arguments to every function: results or TallyfyError, never a trap", () => {
    const rand = prng(20260611);
    const pick = (values) => values[Math.floor(rand() * values.length)];
    const calls = [
      (a, b, c, d) => buildCreateGroup(a, b, c ?? d),
      (a, b, c) => buildGetGroup(a, b, c),
      (a, b, c) => buildListGroups(a, b, c),
      (a, b, c, d) => buildUpdateGroup(a, b, c, d),
      (a, b, c, d) => Call.getGroup(a, b, c, d).free(),
      (a, b, c, d) => {
        const call = Call.listAllGroups(config, b, c, d);
        try {
          call.next();
          call.answered({ status: pick(statuses), headers: a, body: pick(bodies) });
          call.next();
        } finally {
          call.free();
        }
      },
      (a, b) => fullUpdate(a, b),
      (a) => validateCreateGroup(a),
      (a) => validateUpdateGroup(a),
      (a, b, c) => parseGroupResponse({ status: a, headers: b, body: c }),
      (a, b, c) => parseGroupListResponse({ status: a, headers: b, body: c }),
      (a, b, c) => parseDeleteGroupResponse({ status: a, headers: b, body: c }),
    ];
    const statuses = [200, 201, 204, 400, 401, 404, 422, 429, 500, 503];
    const bodies = ['{"data":{"id":"g","name":"n","members":["1"]}}', "{", "", "null", '{"errors":{"a":[[["b"]]]}}'];
    let outcomes = 0;
    for (let i = 0; i < 5000; i++) {
      const args = Array.from({ length: 4 }, () => randomValue(rand));
      if (rand() < 0.3) args[0] = pick([config, { accessToken: "t", baseUrl: "http://[::1]:1/a" }, pick(statuses)]);
      if (rand() < 0.3) args[2] = pick(bodies);
      try {
        pick(calls)(...args);
      } catch (e) {
        assert.ok(e instanceof TallyfyError, `round ${i}: ${e}`);
      }
      outcomes++;
    }
    assert.equal(outcomes, 5000);
    // The module still works afterwards.
    assert.equal(buildCreateGroup(config, "org1", valid).method, "POST");
  });

  it("large inputs: a 10,000-group page and a 2 MB name", () => {
    const group = (i) => ({
      id: `g${i}`,
      name: `Group ${i}`,
      description: "d",
      members: [1001, 1002],
      guests: ["a@b.co"],
    });
    const body = JSON.stringify({
      data: Array.from({ length: 10_000 }, (_, i) => group(i)),
      meta: { pagination: { total: 10_000, count: 10_000, per_page: 10_000, current_page: 1, total_pages: 1 } },
    });
    assert.equal(parseGroupListResponse({ status: 200, body }).groups.length, 10_000);
    const e = error(() => buildCreateGroup(config, "org1", { ...valid, name: "x".repeat(2_000_000) }));
    assert.deepEqual(fields(e), ["name:too_long"]);
  });
});

describe("code of the caller's that throws while an argument is read", () => {
  // Getters, proxy traps and iterators run while the module reads an argument. Whatever they
  // throw, the call fails with a TallyfyError naming the argument, nothing unwinds through the
  // module (which would leak its memory or leave it unusable), and the module keeps working.
  const UNREADABLE = "cannot be read: reading it threw";
  const boom = () => {
    throw new Error("boom");
  };
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const throwingItem = () => Object.defineProperty([1001], 0, { get: boom, enumerable: true });
  const throwingIterable = () => ({ [Symbol.iterator]: () => ({ next: boom }) });
  const throwingResult = () => ({ [Symbol.iterator]: () => ({ next: () => ({ get done() { return boom(); } }) }) });
  const cases = [
    ["a config getter", () => buildCreateGroup({ get accessToken() { return boom(); } }, "org1", valid), "config"],
    ["a revoked proxy as config", () => buildCreateGroup(revoked(), "org1", valid), "config"],
    ["an input getter", () => buildCreateGroup(config, "org1", { ...valid, get guests() { return boom(); } }), "body"],
    ["a proxy's ownKeys trap", () => buildCreateGroup(config, "org1", new Proxy({}, { ownKeys: boom })), "body"],
    ["a revoked proxy as input", () => buildUpdateGroup(config, "org1", "g1", revoked()), "body"],
    ["an array item's getter", () => buildCreateGroup(config, "org1", { ...valid, members: throwingItem() }), "body"],
    ["a query getter", () => buildListGroups(config, "org1", { get page() { return boom(); } }), "query"],
    ["an iterator that throws", () => buildListGroups(config, "org1", throwingIterable()), "query"],
    ["an iterator result whose done throws", () => buildListGroups(config, "org1", throwingResult()), "query"],
    ["a validate input getter", () => {
      throw new TallyfyError("invalid_input", "", { fieldErrors: validateCreateGroup({ get name() { return boom(); } }) });
    }, "body"],
    ["headers that throw", () => parseGroupResponse({ status: 404, headers: throwingIterable(), body: "{}" }), "headers"],
  ];
  for (const [name, call, field] of cases) {
    it(`${name}: invalid_input naming ${field}`, () => {
      const e = error(call);
      assert.equal(e.code, "invalid_input");
      assert.deepEqual(
        e.fieldErrors.map((f) => [f.field, f.code, f.message]),
        [[field, "invalid_type", UNREADABLE]],
      );
    });
  }

  it("a string holding a lone surrogate cannot be read (UTF-8 cannot carry it); U+FFFD itself can", () => {
    const e = error(() => buildCreateGroup(config, "org1", { ...valid, guests: ["a\uD800@b.co"] }));
    assert.deepEqual(
      e.fieldErrors.map((f) => [f.field, f.code, f.message]),
      [["body", "invalid_value", "cannot be read: a string in it is not well-formed Unicode (a lone surrogate)"]],
    );
    const key = error(() => buildCreateGroup(config, "org1", { ...valid, ["\uDC00"]: 1 }));
    assert.deepEqual(fields(key), ["body:invalid_value"]);
    assert.deepEqual(fields(error(() => buildGetGroup(config, "org\uD83D", "g1"))), ["org_id:invalid_value"]);
    assert.deepEqual(fields(error(() => buildDeleteGroup(config, "\uDC00", "g\uD800"))), [
      "org_id:invalid_value",
      "group_id:invalid_value",
    ]);
    // An answer's body: short ones cross as other strings do, long ones through TextEncoder.
    for (const padding of ["", " ".repeat(10_000)]) {
      const body = `{"data":{"id":"g1","name":"a\uD800b"}}${padding}`;
      const e = error(() => parseGroupResponse({ status: 200, body }));
      assert.deepEqual(
        e.fieldErrors.map((f) => [f.field, f.code, f.message]),
        [["body", "invalid_value", "cannot be read: a string in it is not well-formed Unicode (a lone surrogate)"]],
      );
      assert.equal(parseGroupResponse({ status: 200, body: body.replace("\uD800", "\uFFFD") }).name, "a\uFFFDb");
    }
    const request = buildCreateGroup(config, "org1", { ...valid, name: "Ops \uFFFD" });
    assert.equal(JSON.parse(request.body).name, "Ops \uFFFD");
  });

  it("a throwing answer getter reads as a value of no JSON type", () => {
    const e = error(() => parseGroupResponse({ get status() { return boom(); }, body: "{}" }));
    assert.deepEqual(fields(e), ["status:invalid_type"]);
  });

  it("a getter that calls the package again while the config is read", () => {
    const reentrant = {
      get accessToken() {
        assert.equal(buildGetGroup({ accessToken: "inner" }, "org1", "g1").method, "GET");
        return "outer";
      },
    };
    assert.equal(buildGetGroup(reentrant, "org1", "g1").headers.Authorization, "Bearer outer");
    assert.equal(buildGetGroup(reentrant, "org1", "g1").headers.Authorization, "Bearer outer");
  });

  it("2,000 such calls leave the module working and its memory unchanged", () => {
    for (let i = 0; i < 200; i++) for (const [, call] of cases) error(call);
    const before = wasmMemoryBytes();
    for (let i = 0; i < 200; i++) for (const [, call] of cases) error(call);
    assert.equal(wasmMemoryBytes(), before);
    assert.equal(buildCreateGroup(config, "org1", valid).method, "POST");
  });
});

describe("leak check", () => {
  it("100,000 build+parse cycles leave the linear memory size unchanged after the first 1,000", (t) => {
    const input = { ...valid, members: [1001, 1005], guests: ["a@b.co"] };
    const body = JSON.stringify({ data: { id: "53a4560dc877f9b4f709f97630efbb5a", ...input, logo: null } });
    const cycle = (i) => {
      const request = buildCreateGroup(config, "org1", input);
      const group = parseGroupResponse({ status: 201, headers: { "X-Request-Id": `r${i}` }, body });
      if (i % 10 === 0) error(() => buildCreateGroup(config, "", { members: [0] }));
      return request.body.length + group.members.length;
    };
    for (let i = 0; i < 1000; i++) cycle(i);
    const after1000 = wasmMemoryBytes();
    for (let i = 1000; i < 100_000; i++) cycle(i);
    const after100000 = wasmMemoryBytes();
    t.diagnostic(`wasm memory after 1,000 cycles: ${after1000} bytes; after 100,000: ${after100000} bytes`);
    assert.equal(after100000, after1000);
  });
});

describe("answers past the size limit (issue #19)", () => {
  it("a body past a configured 64 MiB limit is refused without growing the module's memory", () => {
    const limit = 64 * 1024 * 1024;
    const before = wasmMemoryBytes();
    // Smaller than the limit, so holding anything of its size would have to grow the memory.
    assert.ok(before < limit, `${before} bytes already`);
    const body = "x".repeat(limit + 1);
    const kinds = [
      [(options) => Call.getGroup(config, "org1", "g1", options), 200],
      [(options) => Call.listGroups(config, "org1", undefined, options), 200],
      [(options) => Call.deleteGroup(config, "org1", "g1", options), 204],
    ];
    for (const [make, status] of kinds) {
      const call = make({ maxAnswerBytes: limit });
      assert.equal(call.next().kind, "send");
      call.answered({ status, headers: { "X-Request-Id": "r7" }, body });
      const step = call.next();
      assert.equal(step.kind, "failed");
      assert.equal(step.error.code, "malformed_response");
      assert.equal(step.error.status, status);
      assert.equal(step.error.requestId, "r7");
      assert.match(step.error.message, new RegExp(`larger than ${limit} bytes \\(max_answer_bytes\\)`));
      call.free();
    }
    for (const parse of [parseGroupResponse, parseGroupListResponse, parseDeleteGroupResponse]) {
      const e = error(() => parse({ status: 200, body }));
      assert.equal(e.code, "malformed_response");
      assert.match(e.message, /larger than 16777216 bytes/);
    }
    const grown = wasmMemoryBytes() - before;
    assert.ok(grown < 1024 * 1024, `grew by ${grown} bytes`);
  });

  it("a 510 MB body is refused by its length before it is copied: malformed_response, no trap", () => {
    const before = wasmMemoryBytes();
    const body = "x".repeat(510_000_000);
    for (const parse of [parseGroupResponse, parseGroupListResponse, parseDeleteGroupResponse]) {
      const e = error(() => parse({ status: 200, headers: { "X-Request-Id": "r9" }, body }));
      assert.equal(e.code, "malformed_response");
      assert.equal(e.status, 200);
      assert.equal(e.requestId, "r9");
      assert.match(e.message, /larger than 16777216 bytes/);
    }
    // The core is told the body is too large: neither it nor anything of its size is copied.
    assert.ok(wasmMemoryBytes() - before < 1024 * 1024, `${before} -> ${wasmMemoryBytes()}`);
    assert.equal(buildCreateGroup(config, "org1", valid).method, "POST");
  });

  it("a body crosses as a string up to 4,096 UTF-16 units and as UTF-8 beyond: read the same", () => {
    const wrapper = JSON.stringify({ data: { id: "g", name: "Ops", description: "" } }).length;
    for (const length of [4_094, 4_095, 4_096, 4_097, 4_098]) {
      // Non-ASCII on both sides of the boundary: "é" one unit, "😀" two.
      const filler = length - wrapper - 3;
      const description = `é${"a".repeat(filler)}😀`;
      const body = JSON.stringify({ data: { id: "g", name: "Ops", description } });
      assert.equal(body.length, length);
      assert.equal(parseGroupResponse({ status: 200, body }).description, description);
      const call = Call.getGroup(config, "org1", "g");
      call.next();
      call.answered({ status: 200, body });
      assert.equal(call.next().value.description, description);
      call.free();
    }
  });

  it("a body of exactly the limit in UTF-8 but fewer UTF-16 units is judged by the core", () => {
    const body = "é".repeat(8 * 1024 * 1024 + 1); // 16 MiB + 2 bytes of UTF-8
    const e = error(() => parseGroupResponse({ status: 200, body }));
    assert.equal(e.code, "malformed_response");
    assert.match(e.message, /larger than 16777216 bytes/);
  });
});
