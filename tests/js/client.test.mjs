// GroupsClient over a scripted fetch: what it sends, how it retries (the core's call driver),
// how it surfaces errors and follows pages, its limits, cancellation and timers. Time is
// virtual: sleeps are injected or timers mocked, and no test waits on the wall clock. The
// end-to-end test runs the same client against the sandbox with the real fetch.
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { GroupsClient, TallyfyError, wasmMemoryBytes } from "tallyfy-groups";

const wire = (id, extra = {}) => ({
  id,
  name: `Group ${id}`,
  description: "d",
  logo: null,
  members: [1001],
  guests: [],
  created_at: "2025-06-10T14:30:00.000Z",
  last_updated: "2025-06-10T14:30:00.000Z",
  ...extra,
});

/** A fetch Response for `{status, body?, headers?}` (a body that is not a string as JSON). */
function response({ status, body = "", headers = {} }) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text === "" ? null : text, { status, headers });
}

/** A fetch that answers from `script` (one answer per call) and records the calls. */
function scripted(script) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, ...init });
    const next = script.shift();
    assert.ok(next, `unexpected request ${init.method} ${url}`);
    return response(next);
  };
  return { fetch, calls };
}

function client(script, options = {}) {
  const { fetch, calls } = scripted(script);
  const delays = [];
  const retries = [];
  const c = new GroupsClient({
    accessToken: "tok_123",
    orgId: "org1",
    baseUrl: "http://127.0.0.1:9/api",
    fetch,
    sleep: async (ms) => delays.push(ms),
    onRetry: (info) => retries.push(info),
    ...options,
  });
  return { c, calls, delays, retries };
}

async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

describe("GroupsClient", () => {
  it("creates: sends the built request and returns the parsed group", async () => {
    const traced = [];
    const { c, calls } = client([{ status: 201, body: { data: wire("g1") } }], {
      trace: (r, s) => traced.push([r.method, s]),
    });
    const group = await c.create({ name: "Group g1", description: "d", members: [1001] });
    assert.equal(group.id, "g1");
    assert.equal(group.updatedAt, "2025-06-10T14:30:00.000Z");
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, "http://127.0.0.1:9/api/organizations/org1/groups");
    assert.equal(calls[0].method, "POST");
    assert.equal(calls[0].headers.Authorization, "Bearer tok_123");
    assert.equal(calls[0].body, '{"name":"Group g1","description":"d","members":[1001]}');
    assert.deepEqual(traced, [["POST", 201]]);
  });

  it("refuses an invalid input before any request", async () => {
    const { c, calls } = client([]);
    const e = await rejects(c.create({ name: " ", members: [1.5] }));
    assert.ok(e instanceof TallyfyError);
    assert.equal(e.code, "invalid_input");
    assert.deepEqual(
      e.fieldErrors.map((f) => f.field),
      ["name", "description", "members.0"],
    );
    assert.equal(calls.length, 0);
  });

  it("retries a 429 as Retry-After says, on any method", async () => {
    const { c, calls, delays, retries } = client([
      { status: 429, headers: { "Retry-After": "2", "X-Request-Id": "r1" }, body: { message: "Too many" } },
      { status: 201, body: { data: wire("g1") } },
    ]);
    const group = await c.create({ name: "n", description: "d" });
    assert.equal(group.id, "g1");
    assert.equal(calls.length, 2);
    assert.deepEqual(delays, [2000]);
    assert.equal(retries[0].attempt, 1);
    assert.equal(retries[0].error.code, "rate_limited");
    assert.equal(retries[0].error.requestId, "r1");
    assert.equal(retries[0].method, "POST");
  });

  it("retries 502-504 for GET with backoff, gives up after 4 retries", async () => {
    const answers = Array.from({ length: 5 }, () => ({ status: 503, body: "" }));
    const { c, calls, delays } = client(answers);
    const e = await rejects(c.get("g1"));
    assert.equal(e.code, "server_error");
    assert.equal(e.status, 503);
    assert.equal(calls.length, 5);
    assert.equal(delays.length, 4);
    delays.forEach((ms, i) => assert.ok(ms >= 0.8 * 500 * 2 ** i && ms <= 1.2 * 500 * 2 ** i, `delay ${i}: ${ms}`));
  });

  it("does not retry a 503 on POST, nor a 422", async () => {
    const { c, calls } = client([{ status: 503, body: "" }]);
    assert.equal((await rejects(c.create({ name: "n", description: "d" }))).code, "server_error");
    assert.equal(calls.length, 1);
    const body = { message: "The given data was invalid.", errors: { name: ["The name has already been taken."] } };
    const second = client([{ status: 422, body }]);
    const e = await rejects(second.c.create({ name: "n", description: "d" }));
    assert.equal(e.code, "validation_failed");
    assert.deepEqual(e.fieldErrors, [{ field: "name", code: "rejected", message: "The name has already been taken." }]);
    assert.equal(second.calls.length, 1);
  });

  it("listAll follows every page and stops at the cap", async () => {
    const page = (n, total) => ({
      status: 200,
      body: {
        data: [wire(`g${n}`)],
        meta: { pagination: { total, count: 1, per_page: 1, current_page: n, total_pages: total, links: [] } },
      },
    });
    const { c, calls } = client([page(1, 3), page(2, 3), page(3, 3)]);
    const groups = await c.listAll({ perPage: 1, q: "on call" });
    assert.deepEqual(
      groups.map((g) => g.id),
      ["g1", "g2", "g3"],
    );
    assert.equal(calls[0].url, "http://127.0.0.1:9/api/organizations/org1/groups?q=on%20call&per_page=1");
    assert.equal(calls[2].url, "http://127.0.0.1:9/api/organizations/org1/groups?q=on%20call&page=3&per_page=1");
    const capped = client([page(1, 5), page(2, 5)]);
    const e = await rejects(capped.c.listAll({ perPage: 1 }, { maxPages: 2 }));
    assert.ok(e instanceof TallyfyError);
    assert.equal(e.code, "too_many_pages");
    assert.equal(capped.calls.length, 2);
  });

  it("update sends only the changes, or the whole group with {full: true}", async () => {
    const { c, calls } = client([{ status: 201, body: { data: wire("g1", { members: [1003], guests: [] }) } }]);
    const updated = await c.update("g1", { members: [1003], guests: [] });
    assert.deepEqual(updated.members, [1003]);
    assert.equal(calls[0].method, "PUT");
    assert.equal(calls[0].body, '{"members":[1003],"guests":[]}');
    const full = client([
      { status: 200, body: { data: wire("g1", { guests: ["a@b.co"] }) } },
      { status: 200, body: { data: wire("g1") } },
    ]);
    await full.c.update("g1", { guests: [] }, { full: true });
    assert.equal(full.calls[1].body, '{"name":"Group g1","description":"d","members":[1001],"guests":[]}');
  });

  it("delete accepts 204, and a 404 is not_found", async () => {
    const { c } = client([{ status: 204 }, { status: 404, body: { error: true, message: "Resource not found" } }]);
    assert.equal(await c.delete("g1"), undefined);
    const e = await rejects(c.delete("g1"));
    assert.equal(e.code, "not_found");
  });

  it("checks its config at construction", () => {
    assert.throws(
      () => new GroupsClient({ accessToken: "a b", orgId: "", baseUrl: "http://example.com", fetch: async () => null }),
      (e) => e instanceof TallyfyError && e.fieldErrors.map((f) => f.field).join() === "access_token,base_url",
    );
    assert.throws(() => new GroupsClient({ accessToken: "t", orgId: "o", fetch: 5 }), TypeError);
  });
});

/**
 * A fetch that never settles (and ignores its signal), recording the signals it got; `then`
 * runs when it is called.
 */
function hanging(then = () => {}) {
  const signals = [];
  const fetch = (url, init) => {
    signals.push(init.signal);
    then();
    return new Promise(() => {});
  };
  return { fetch, signals };
}

/** Lets every pending promise job and I/O callback run (no timer is involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The number of live timers of this process. */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("GroupsClient: signals and timeouts", () => {
  it("an aborted signal rejects at once with its reason, before any request", async () => {
    const { c, calls } = client([]);
    const controller = new AbortController();
    controller.abort();
    const e = await rejects(c.get("g1", { signal: controller.signal }));
    assert.equal(e.name, "AbortError");
    assert.equal(calls.length, 0);
  });

  it("an abort during the exchange ends the call, even when fetch ignores its signal", async () => {
    const controller = new AbortController();
    const { fetch, signals } = hanging(() => queueMicrotask(() => controller.abort(new Error("user left"))));
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch });
    const before = timers();
    const e = await rejects(c.create({ name: "n", description: "d" }, { signal: controller.signal }));
    assert.equal(e.message, "user left");
    assert.equal(signals.length, 1);
    assert.equal(signals[0].aborted, true);
    assert.equal(timers(), before, "the exchange's timeout timer is cleared");
  });

  it("an abort during a retry's wait ends the call", async () => {
    const controller = new AbortController();
    const sleep = () => {
      queueMicrotask(() => controller.abort());
      return new Promise(() => {});
    };
    const { c, calls } = client([{ status: 503, body: "" }], { sleep });
    assert.equal((await rejects(c.get("g1", { signal: controller.signal }))).name, "AbortError");
    assert.equal(calls.length, 1);
  });

  it("an abort during the default wait clears its timer (Retry-After: 25 keeps nothing alive)", async () => {
    const controller = new AbortController();
    const { fetch } = scripted([{ status: 429, headers: { "Retry-After": "25" }, body: "" }]);
    const onRetry = () => queueMicrotask(() => controller.abort());
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch, onRetry });
    const before = timers();
    assert.equal((await rejects(c.get("g1", { signal: controller.signal }))).name, "AbortError");
    await settle();
    assert.equal(timers(), before);
  });

  it("timeoutMs bounds each exchange: a TimeoutError that says so, not retried", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const { fetch, signals } = hanging();
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch, timeoutMs: 20 });
    const call = rejects(c.get("g1"));
    await settle();
    t.mock.timers.tick(19);
    await settle();
    assert.equal(signals[0].aborted, false);
    t.mock.timers.tick(1);
    const e = await call;
    assert.equal(e.name, "TimeoutError");
    assert.ok(e instanceof DOMException);
    assert.match(e.message, /GET https:\/\/go\.tallyfy\.com\/api\/organizations\/org1\/groups\/g1 .* within 20 ms \(timeoutMs\)/);
    assert.equal(signals.length, 1);
    assert.equal(signals[0].aborted, true);
  });

  it("a caller's abort is not reported as a timeout", async () => {
    const controller = new AbortController();
    const reason = new DOMException("the caller gave up", "TimeoutError");
    const { fetch } = hanging(() => queueMicrotask(() => controller.abort(reason)));
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch, timeoutMs: 60_000 });
    const e = await rejects(c.get("g1", { signal: controller.signal }));
    assert.equal(e, reason);
  });
});

describe("GroupsClient: options are checked", () => {
  const base = { accessToken: "tok_123", orgId: "org1", fetch: async () => null };

  /** The TallyfyError `f` throws, as [code, "field:code"...]. */
  const refused = (e) => [e instanceof TallyfyError && e.code, ...e.fieldErrors.map((f) => `${f.field}:${f.code}`)];

  it("timeoutMs: the core's check (a whole number from 1 to 2^31 - 1)", () => {
    for (const [timeoutMs, code] of [
      [NaN, "invalid_type"],
      [1.5, "invalid_type"],
      [0, "out_of_range"],
      [-1, "out_of_range"],
      [Infinity, "invalid_type"],
      [2 ** 31, "out_of_range"],
      ["5", "invalid_type"],
      [5n, "invalid_type"],
    ]) {
      assert.throws(
        () => new GroupsClient({ ...base, timeoutMs }),
        (e) => assert.deepEqual(refused(e), ["invalid_input", `timeout_ms:${code}`]) ?? true,
        String(timeoutMs),
      );
    }
    assert.ok(new GroupsClient({ ...base, timeoutMs: 2 ** 31 - 1 }));
  });

  it("maxPages: the core's check (NaN or 1.5 cannot lift the cap)", async () => {
    const { c, calls } = client([]);
    for (const maxPages of [NaN, 1.5, 0, -1, Infinity, "2", 2n]) {
      const e = await rejects(c.listAll({}, { maxPages }));
      assert.equal(refused(e)[0], "invalid_input", String(maxPages));
      assert.match(refused(e)[1], /^max_pages:/);
    }
    assert.equal(calls.length, 0);
  });

  it("unknown options, wrong types and a signal that is not an AbortSignal are TypeErrors", async () => {
    assert.throws(() => new GroupsClient({ ...base, timeout: 5 }), /unknown option "timeout"/);
    assert.throws(() => new GroupsClient({ ...base, trace: "yes" }), TypeError);
    assert.throws(() => new GroupsClient(), TypeError);
    const { c } = client([]);
    assert.ok((await rejects(c.listAll({}, { maxpages: 2 }))) instanceof TypeError);
    assert.ok((await rejects(c.get("g1", { signal: "stop" }))) instanceof TypeError);
    assert.ok((await rejects(c.update("g1", {}, { full: "yes" }))) instanceof TypeError);
    assert.ok((await rejects(c.delete("g1", 5))) instanceof TypeError);
  });
});

describe("GroupsClient: network failures (fetch rejects)", () => {
  /** A fetch that rejects `failures` times, then answers `answer`. */
  function flaky(failures, answer) {
    const calls = [];
    const fetch = async (url, init) => {
      calls.push(init.method);
      if (calls.length <= failures) throw new TypeError("fetch failed");
      return response(answer);
    };
    return { fetch, calls };
  }

  for (const [method, call, answer] of [
    ["GET", (c) => c.get("g1"), { status: 200, body: { data: wire("g1") } }],
    ["PUT", (c) => c.update("g1", { name: "n" }), { status: 200, body: { data: wire("g1") } }],
    ["DELETE", (c) => c.delete("g1"), { status: 204, body: "" }],
  ]) {
    it(`${method} is retried with the core's backoff`, async () => {
      const { fetch, calls } = flaky(2, answer);
      const delays = [];
      const retries = [];
      const c = new GroupsClient({
        accessToken: "tok_123",
        orgId: "org1",
        fetch,
        sleep: async (ms) => delays.push(ms),
        onRetry: (info) => retries.push(info),
      });
      await call(c);
      assert.deepEqual(calls, [method, method, method]);
      assert.deepEqual(
        retries.map((r) => r.delayMs),
        delays,
      );
      assert.equal(delays.length, 2);
      delays.forEach((ms, i) => assert.ok(ms >= 0.8 * 500 * 2 ** i && ms <= 1.2 * 500 * 2 ** i, `delay ${i}: ${ms}`));
      assert.equal(retries[0].error.message, "fetch failed");
    });
  }

  it("GET gives up after 4 retries and rethrows fetch's error unchanged", async () => {
    const { fetch, calls } = flaky(99, {});
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch, sleep: async () => {} });
    const e = await rejects(c.get("g1"));
    assert.ok(e instanceof TypeError);
    assert.equal(e.message, "fetch failed");
    assert.equal(calls.length, 5);
  });

  it("POST is never retried", async () => {
    const { fetch, calls } = flaky(1, { status: 201, body: { data: wire("g1") } });
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch, sleep: async () => {} });
    assert.equal((await rejects(c.create({ name: "n", description: "d" }))).message, "fetch failed");
    assert.deepEqual(calls, ["POST"]);
  });
});

describe("GroupsClient: the access token never shows", () => {
  const TOKEN = "tok_Zq8XvT3secretMARKER";
  const shows = (value) => {
    const seen = new WeakSet();
    const text = JSON.stringify(value, (_k, v) => {
      if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack, ...v };
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return undefined;
        seen.add(v);
      }
      return v;
    });
    return String(value).includes(TOKEN) || (text ?? "").includes(TOKEN);
  };

  it("in errors of every kind, in trace and in onRetry", async () => {
    const traced = [];
    const retried = [];
    const errors = [];
    const options = { trace: (...a) => traced.push(a), onRetry: (i) => retried.push(i), sleep: async () => {} };
    const answers = [
      { status: 429, headers: { "Retry-After": "1", "X-Request-Id": `req-${TOKEN}` }, body: { message: `slow ${TOKEN}` } },
      { status: 401, body: { message: `Unauthenticated: ${TOKEN}` } },
      { status: 422, body: { message: "invalid", errors: { [TOKEN]: [`${TOKEN} is taken`] } } },
      { status: 200, body: "not json" },
    ];
    const { c } = client(answers, { accessToken: TOKEN, ...options });
    errors.push(await rejects(c.get("g1")));
    errors.push(await rejects(c.create({ name: "n", description: "d" })));
    errors.push(await rejects(c.list()));
    errors.push(await rejects(c.create({ name: "", members: [1.5] })));
    errors.push(await rejects(c.listAll({}, { maxPages: 1.5 })));
    const { fetch } = hanging();
    const down = new GroupsClient({
      accessToken: TOKEN,
      orgId: "org1",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
      ...options,
    });
    errors.push(await rejects(down.delete("g1")));
    for (const bad of [{ orgId: "" }, { baseUrl: "http://example.com" }, { timeoutMs: 0 }, { tracer: 1 }]) {
      try {
        new GroupsClient({ accessToken: TOKEN, orgId: "org1", fetch, ...bad });
        assert.fail(`accepted ${JSON.stringify(bad)}`);
      } catch (e) {
        errors.push(e);
      }
    }
    assert.deepEqual(
      errors.map((e) => (e instanceof TallyfyError ? e.code : e.name)),
      [
        "unauthorized",
        "validation_failed",
        "malformed_response",
        "invalid_input",
        "invalid_input",
        "TypeError",
        "invalid_input",
        "invalid_input",
        "invalid_input",
        "TypeError",
      ],
    );
    for (const e of errors) assert.equal(shows(e), false, `${e.name}: ${e.message}`);
    // What the server echoed is there, with the token taken out.
    assert.equal(errors[0].message, "Unauthenticated: [redacted]");
    assert.deepEqual(
      errors[1].fieldErrors.map((f) => [f.field, f.message]),
      [["[redacted]", "[redacted] is taken"]],
    );
    assert.equal(retried[0].error.message, "slow [redacted]");
    assert.equal(retried[0].error.requestId, "req-[redacted]");
    assert.equal(traced.length, 4);
    assert.equal(traced[0][0].headers.Authorization, "Bearer [redacted]");
    assert.equal(shows(traced), false);
    assert.equal(retried.length, 5);
    assert.equal(shows(retried), false);
  });
});

describe("GroupsClient: what the server cannot do to it (issue #19)", () => {
  it("a body that never ends: read as a stream, cut past maxAnswerBytes, the stream cancelled", async () => {
    let cancelled = false;
    let pulled = 0;
    const chunk = new Uint8Array(1 << 20).fill(0x20);
    const fetch = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled++;
            controller.enqueue(chunk);
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 200 },
      );
    const c = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch, sleep: async () => assert.fail("no retry") });
    const e = await rejects(c.get("g1"));
    assert.ok(e instanceof TallyfyError);
    assert.equal(e.code, "malformed_response");
    assert.match(e.message, /max_answer_bytes/);
    assert.ok(cancelled, "the stream was cancelled");
    assert.ok(pulled <= 20, `read ${pulled} MiB of a 16 MiB limit`);
  });

  it("a custom fetch whose answers have no stream: read with text(), measured in UTF-8 bytes", async () => {
    const answer = (body) => async () => ({ status: 200, headers: new Headers(), text: async () => body });
    const small = JSON.stringify({ data: { id: "g1", name: "é😀" } });
    const within = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch: answer(small) });
    assert.equal((await within.get("g1")).name, "é😀");
    // 2^23 + 1 "é": fewer UTF-16 units than the 16 MiB limit, but 2 bytes each in UTF-8.
    const big = "é".repeat(2 ** 23 + 1);
    const over = new GroupsClient({ accessToken: "tok_123", orgId: "org1", fetch: answer(big) });
    const e = await rejects(over.get("g1"));
    assert.ok(e instanceof TallyfyError, String(e));
    assert.equal(e.code, "malformed_response");
    assert.match(e.message, /max_answer_bytes/);
  });

  it("a huge Retry-After is the server's rate_limited with its wait, not invalid_input", async () => {
    const { c, calls, delays } = client([
      { status: 429, headers: { "Retry-After": "99999999999999999999999" }, body: "" },
    ]);
    const e = await rejects(c.get("g1"));
    assert.equal(e.code, "rate_limited");
    assert.equal(e.retryAfterSeconds, 2 ** 32 - 1);
    assert.equal(calls.length, 1);
    assert.deepEqual(delays, []);
  });

  it("listAll: a 300,000-group page crosses whole (no spread of its groups)", async () => {
    const data = Array.from({ length: 300_000 }, (_, i) => ({ id: `g${i}`, name: "n" }));
    const pagination = { total: 300_000, count: 300_000, per_page: 100, current_page: 1, total_pages: 1 };
    const { c } = client([{ status: 200, body: { data, meta: { pagination } } }]);
    const groups = await c.listAll();
    assert.equal(groups.length, 300_000);
    assert.equal(groups[299_999].id, "g299999");
  });

  it("listAll: a current_page of 2^53 is a malformed answer; total_pages is not trusted over total", async () => {
    const page = (pagination, data = [{ id: "g1", name: "n" }]) => ({ status: 200, body: { data, meta: { pagination } } });
    const huge = { total: 1, count: 1, per_page: 100, current_page: 2 ** 53, total_pages: 2 ** 53 + 2 };
    const e = await rejects(client([page(huge)]).c.listAll());
    assert.equal(e.code, "malformed_response");
    assert.equal(e.status, 200);
    const short = { total: 500, count: 1, per_page: 100, current_page: 1, total_pages: 1 };
    const { c, calls } = client([page(short)]);
    const f = await rejects(c.listAll());
    assert.equal(f.code, "malformed_response");
    assert.match(f.message, /total/);
    assert.equal(calls.length, 1);
  });
});
