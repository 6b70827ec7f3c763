// GroupsClient over a scripted fetch: what it sends, how it retries (the core's policy), how it
// surfaces errors and follows pages. The end-to-end test runs the same client against the
// sandbox with the real fetch.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GroupsClient, TallyfyError } from "tallyfy-groups";

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

/** A fetch that answers from `script` (one answer per call) and records the calls. */
function scripted(script) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, ...init });
    const next = script.shift();
    assert.ok(next, `unexpected request ${init.method} ${url}`);
    const { status, body = "", headers = {} } = next;
    return {
      status,
      headers: new Headers(headers),
      text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
    };
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
    assert.ok(e instanceof RangeError);
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
