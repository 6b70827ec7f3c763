// End to end: GroupsClient with Node's real fetch against the sandbox that `cargo xtask test`
// starts (TALLYFY_BASE_URL, TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID, TALLYFY_MEMBER_IDS): the
// lifecycle, an injected 429 (retried), a 422 (field errors surfaced), 5xx retries, unreadable
// answers and pagination. It fails, never skips, when the sandbox is not given. Waits before
// retries are injected (recorded, not slept).
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { GroupsClient, TallyfyError } from "tallyfy-groups";

const env = process.env;
const baseUrl = env.TALLYFY_BASE_URL;
if (!baseUrl || !env.TALLYFY_ACCESS_TOKEN || !env.TALLYFY_ORG_ID || !env.TALLYFY_MEMBER_IDS) {
  throw new Error("TALLYFY_BASE_URL, _ACCESS_TOKEN, _ORG_ID and _MEMBER_IDS must be set (cargo xtask test js sets them)");
}
const members = (env.TALLYFY_MEMBER_IDS ?? "").split(",").filter(Boolean).map(Number);

/** Sends a control request to the sandbox (`/__sandbox/...`); answers its JSON. */
async function control(method, path, body) {
  const url = new URL(`/__sandbox/${path}`, baseUrl);
  const init = { method, headers: { "Content-Type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

const faults = (...list) => control("POST", "faults", { faults: list });

describe("GroupsClient against the sandbox", () => {
  let client;
  const retries = [];
  const exchanges = [];
  const slept = [];

  before(async () => {
    await control("POST", "reset");
    client = new GroupsClient({
      accessToken: env.TALLYFY_ACCESS_TOKEN,
      orgId: env.TALLYFY_ORG_ID,
      baseUrl,
      onRetry: (info) => retries.push(info),
      trace: (request, status) => exchanges.push(`${request.method} ${status}`),
      sleep: async (ms) => slept.push(ms),
    });
  });

  after(() => control("POST", "reset"));

  it("runs the lifecycle, with an injected 429 on create retried", async () => {
    await faults({ kind: "rate_limit", retry_after: "1" });
    const created = await client.create({
      name: "E2E lifecycle",
      description: "made by tests/js/e2e.test.mjs",
      members: members.slice(0, 2),
      guests: ["guest@example.com"],
    });
    assert.equal(retries.length, 1);
    assert.equal(retries[0].error.code, "rate_limited");
    assert.equal(retries[0].delayMs, 1000);
    assert.equal(slept[0], 1000);
    assert.deepEqual(exchanges.slice(0, 2), ["POST 429", "POST 201"]);
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.deepEqual(created.members, members.slice(0, 2));

    const fetched = await client.get(created.id);
    assert.deepEqual(fetched, created);

    const page = await client.list({ q: "E2E lifecycle" });
    assert.deepEqual(
      page.groups.map((g) => g.id),
      [created.id],
    );
    assert.equal(page.pagination.total, 1);

    const updated = await client.update(created.id, { members: members.slice(2), guests: [] });
    assert.deepEqual(updated.members, members.slice(2));
    assert.deepEqual(updated.guests, []);
    assert.equal(updated.name, "E2E lifecycle");

    await client.delete(created.id);
    await assert.rejects(
      client.get(created.id),
      (e) => e instanceof TallyfyError && e.code === "not_found" && e.status === 404,
    );
  });

  it("surfaces a 422's field errors", async () => {
    await client.create({ name: "Taken", description: "first" });
    const e = await client.create({ name: "Taken", description: "second", members: [999_999] }).catch((error) => error);
    assert.ok(e instanceof TallyfyError, String(e));
    assert.equal(e.code, "validation_failed");
    assert.equal(e.status, 422);
    assert.deepEqual(e.fieldErrors.map((f) => [f.field, f.code]).sort(), [
      ["members.0", "rejected"],
      ["name", "rejected"],
    ]);
    assert.match(e.requestId, /^req-\d+$/);
  });

  it("retries a 503 on GET, not on POST", async () => {
    const before503 = retries.length;
    await faults({ kind: "status", status: 503 });
    assert.ok((await client.list()).pagination.total >= 1);
    assert.equal(retries.length, before503 + 1);
    await faults({ kind: "status", status: 503 });
    await assert.rejects(client.create({ name: "Never", description: "d" }), (e) => e.code === "server_error");
    assert.equal(retries.length, before503 + 1);
  });

  it("retries a GET that got no answer (connection closed), not a POST", async () => {
    const [beforeRetries, beforeExchanges] = [retries.length, exchanges.length];
    const served = async () => (await control("GET", "stats")).requests_served;
    const start = await served();
    await faults({ kind: "no_answer" });
    const page = await client.list({ q: "Hung up" });
    assert.equal(page.pagination.total, 0);
    assert.deepEqual(
      retries.slice(beforeRetries).map(({ attempt, method, error }) => [attempt, method, error.message]),
      [[1, "GET", "fetch failed"]],
    );
    await faults({ kind: "no_answer" });
    await assert.rejects(client.create({ name: "Hung up", description: "d" }), (e) => e.message === "fetch failed");
    assert.equal(retries.length, beforeRetries + 1, "the POST is not retried");
    assert.deepEqual(exchanges.slice(beforeExchanges), ["GET 200"], "only answers are traced");
    assert.equal(await served(), start + 3);
    assert.equal((await client.list({ q: "Hung up" })).pagination.total, 0, "the POST created nothing");
  });

  it("reports unreadable success answers as malformed_response", async () => {
    for (const kind of ["truncated", "non_json"]) {
      await faults({ kind });
      await assert.rejects(
        client.list(),
        (e) => e instanceof TallyfyError && e.code === "malformed_response" && e.status === 200,
      );
    }
    await faults({ kind: "plain_401" });
    await assert.rejects(client.list(), (e) => e.code === "unauthorized" && e.message === "Unauthorized.");
  });

  it("listAll follows every page", async () => {
    const names = Array.from({ length: 7 }, (_, i) => `Paged ${i}`);
    for (const name of names) await client.create({ name, description: "paging" });
    const all = await client.listAll({ q: "Paged", perPage: 3, sortBy: "name", sort: "asc" });
    assert.deepEqual(
      all.map((g) => g.name),
      names,
    );
  });

  it("ends a slow exchange at timeoutMs, and at the caller's abort", async () => {
    const slow = new GroupsClient({
      accessToken: env.TALLYFY_ACCESS_TOKEN,
      orgId: env.TALLYFY_ORG_ID,
      baseUrl,
      timeoutMs: 100,
    });
    await faults({ kind: "delay_ms", ms: 1000 });
    await assert.rejects(slow.list(), (e) => e.name === "TimeoutError" && /within 100 ms \(timeoutMs\)/.test(e.message));
    await control("DELETE", "faults");
    await faults({ kind: "delay_ms", ms: 1000 });
    const controller = new AbortController();
    const aborting = new GroupsClient({
      accessToken: env.TALLYFY_ACCESS_TOKEN,
      orgId: env.TALLYFY_ORG_ID,
      baseUrl,
      fetch: (url, init) => {
        const answer = fetch(url, init);
        queueMicrotask(() => controller.abort());
        return answer;
      },
    });
    await assert.rejects(aborting.list(undefined, { signal: controller.signal }), (e) => e.name === "AbortError");
    await control("DELETE", "faults");
  });
});

describe("GroupsClient with nothing listening", () => {
  it("retries a GET whose fetch rejects, then rethrows fetch's error; never a POST", async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const attempts = [];
    const client = new GroupsClient({
      accessToken: "tok",
      orgId: "org1",
      baseUrl: `http://127.0.0.1:${port}/api`,
      sleep: async () => {},
      onRetry: ({ attempt, method }) => attempts.push(`${method} ${attempt}`),
    });
    await assert.rejects(client.get("g1"), (e) => e instanceof TypeError && e.message === "fetch failed");
    assert.deepEqual(attempts, ["GET 1", "GET 2", "GET 3", "GET 4"]);
    await assert.rejects(client.create({ name: "n", description: "d" }), TypeError);
    assert.equal(attempts.length, 4);
  });
});
