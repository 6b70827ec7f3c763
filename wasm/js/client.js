// GroupsClient: the sans-I/O functions driven by the host's fetch, with the core's retry policy.
import {
  LIST_ALL_PER_PAGE,
  MAX_PAGES,
  TallyfyError,
  buildCreateGroup,
  buildDeleteGroup,
  buildGetGroup,
  buildListGroups,
  buildNextPage,
  buildUpdateGroup,
  fullUpdate,
  parseDeleteGroupResponse,
  parseGroupListResponse,
  parseGroupResponse,
  redactError,
  retryDelayMs,
} from "./api.js";

/** The default of `timeoutMs`: 30 s for each HTTP exchange, as the C# and Rust hosts. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest timer setTimeout keeps (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** What `trace` shows instead of the token. */
const REDACTED = "Bearer [redacted]";
/** The TimeoutErrors this module threw (a fetch may throw its own). */
const ownTimeouts = new WeakSet();

const CLIENT_OPTIONS = [
  "accessToken",
  "orgId",
  "baseUrl",
  "clientHeader",
  "fetch",
  "onRetry",
  "trace",
  "sleep",
  "timeoutMs",
];

function wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Throws a TypeError naming the first property of `options` not in `known`. */
function checkKeys(what, options, known) {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") throw new TypeError(`${what} must be an object`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${what}: unknown option "${key}" (known: ${known.join(", ")})`);
  }
  return options;
}

function checkFunction(name, value) {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${name} must be a function`);
}

/** A whole number from `min` to `max`: TypeError for a non-number, RangeError otherwise. */
function checkCount(name, value, min, max) {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, not ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
  return value;
}

/** The per-call options `{signal, ...}` checked; `signal` must be an AbortSignal. */
function callOptions(what, options, extra = []) {
  const checked = checkKeys(`${what} options`, options, ["signal", ...extra]);
  const { signal } = checked;
  if (signal !== undefined && !(typeof signal?.aborted === "boolean" && typeof signal.addEventListener === "function")) {
    throw new TypeError(`${what} options: signal must be an AbortSignal`);
  }
  return checked;
}

/** The request as `trace` sees it: the Authorization header redacted. */
function traced(request) {
  const headers = { ...request.headers };
  if ("Authorization" in headers) headers.Authorization = REDACTED;
  return { ...request, headers };
}

/**
 * A small client for the Groups API over `fetch`: each call builds, sends, retries and parses.
 * Every call takes `{signal}` (an AbortSignal) and every HTTP exchange is bounded by
 * `timeoutMs`.
 */
export class GroupsClient {
  #config;
  #orgId;
  #fetch;
  #onRetry;
  #trace;
  #sleep;
  #timeoutMs;

  /**
   * @param {{accessToken: string, orgId: string, baseUrl?: string, clientHeader?: string,
   *          fetch?: Function, onRetry?: Function, trace?: Function, sleep?: Function,
   *          timeoutMs?: number}} options
   * Throws TallyfyError("invalid_input") at once for a bad token, base URL or org id, a
   * TypeError for an unknown option or one of the wrong type, a RangeError for a `timeoutMs`
   * that is not a whole number from 1 to 2^31 - 1.
   */
  constructor(options) {
    if (options === undefined) throw new TypeError("GroupsClient needs options: {accessToken, orgId, ...}");
    const { accessToken, orgId, baseUrl, clientHeader, fetch, onRetry, trace, sleep, timeoutMs } = checkKeys(
      "GroupsClient",
      options,
      CLIENT_OPTIONS,
    );
    for (const [name, value] of Object.entries({ fetch, onRetry, trace, sleep })) checkFunction(name, value);
    this.#timeoutMs = timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkCount("timeoutMs", timeoutMs, 1, MAX_TIMER_MS);
    this.#config = { accessToken };
    if (baseUrl !== undefined) this.#config.baseUrl = baseUrl;
    if (clientHeader !== undefined) this.#config.clientHeader = clientHeader;
    this.#orgId = orgId;
    this.#fetch = fetch ?? globalThis.fetch;
    if (typeof this.#fetch !== "function") {
      throw new TypeError("GroupsClient needs a fetch function: pass options.fetch on hosts without a global fetch");
    }
    this.#onRetry = onRetry;
    this.#trace = trace;
    this.#sleep = sleep ?? wait;
    // Check the config and org id now rather than at the first call.
    buildListGroups(this.#config, this.#orgId);
  }

  /** Creates a group. */
  async create(input, options) {
    const { signal } = callOptions("create", options);
    return this.#send(buildCreateGroup(this.#config, this.#orgId, input), parseGroupResponse, signal);
  }

  /** Reads one group. */
  async get(groupId, options) {
    const { signal } = callOptions("get", options);
    return this.#send(buildGetGroup(this.#config, this.#orgId, groupId), parseGroupResponse, signal);
  }

  /** Reads one page of groups. */
  async list(query, options) {
    const { signal } = callOptions("list", options);
    return this.#send(buildListGroups(this.#config, this.#orgId, query), parseGroupListResponse, signal);
  }

  /**
   * Reads every group, page after page (100 a page unless `query.perPage` says otherwise).
   * Throws a RangeError rather than return a partial list when there are more than
   * `maxPages` pages (a whole number from 1; the core's cap by default).
   */
  async listAll(query, options) {
    const { signal, maxPages: cap } = callOptions("listAll", options, ["maxPages"]);
    const maxPages = cap === undefined ? MAX_PAGES : checkCount("maxPages", cap, 1, Number.MAX_SAFE_INTEGER);
    const q = { perPage: LIST_ALL_PER_PAGE, ...query };
    const groups = [];
    let request = buildListGroups(this.#config, this.#orgId, q);
    for (let pages = 0; request !== null; pages++) {
      if (pages === maxPages) {
        throw new RangeError(`listAll read ${maxPages} pages and more remain; raise maxPages or narrow the query`);
      }
      const page = await this.#send(request, parseGroupListResponse, signal);
      groups.push(...page.groups);
      request = buildNextPage(this.#config, this.#orgId, q, page.pagination);
    }
    return groups;
  }

  /**
   * Changes a group: only the fields in `changes` are sent (`members: []` removes every
   * member). With `{full: true}` the group is read first and the whole body is sent, as
   * Tallyfy's official SDK does.
   */
  async update(groupId, changes, options) {
    const { signal, full = false } = callOptions("update", options, ["full"]);
    if (typeof full !== "boolean") throw new TypeError("update options: full must be a boolean");
    let body = changes;
    if (full) body = fullUpdate(await this.get(groupId, { signal }), changes);
    return this.#send(buildUpdateGroup(this.#config, this.#orgId, groupId, body), parseGroupResponse, signal);
  }

  /** Deletes a group. */
  async delete(groupId, options) {
    const { signal } = callOptions("delete", options);
    return this.#send(buildDeleteGroup(this.#config, this.#orgId, groupId), parseDeleteGroupResponse, signal);
  }

  /**
   * Sends `request`, retrying as the core's policy says, and parses the answer. A fetch that
   * rejects (no answer) is the policy's no-answer case (`status` null): retried for GET, PUT and
   * DELETE, never for POST, and rethrown unchanged when the retries are spent.
   */
  async #send(request, parseAnswer, signal) {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      let answer;
      try {
        answer = await this.#exchange(request, signal);
      } catch (error) {
        if (ownTimeouts.has(error)) throw error;
        if (signal?.aborted) throw signal.reason;
        const delayMs = retryDelayMs(request.method, null, null, attempt);
        if (delayMs === null) throw error;
        this.#onRetry?.({ attempt: attempt + 1, delayMs, error, method: request.method, url: request.url });
        await this.#pause(delayMs, signal);
        continue;
      }
      this.#trace?.(traced(request), answer.status);
      try {
        return parseAnswer(answer);
      } catch (thrown) {
        if (!(thrown instanceof TallyfyError) || thrown.status === undefined) throw thrown;
        // The server may echo the token: it never reaches a thrown error or onRetry.
        const error = redactError(this.#config, thrown);
        const delayMs = retryDelayMs(request.method, error.status, error.retryAfterSeconds, attempt);
        if (delayMs === null) throw error;
        this.#onRetry?.({ attempt: attempt + 1, delayMs, error, method: request.method, url: request.url });
        await this.#pause(delayMs, signal);
      }
    }
  }

  /**
   * One HTTP exchange (fetch and the body's text), settled within `timeoutMs` or when
   * `signal` aborts, even with a fetch that ignores its signal.
   */
  async #exchange(request, signal) {
    const controller = new AbortController();
    const init = { method: request.method, headers: request.headers, signal: controller.signal };
    if (request.body !== undefined) init.body = request.body;
    const timeout = new DOMException(
      `GroupsClient: ${request.method} ${request.url} got no complete answer within ${this.#timeoutMs} ms (timeoutMs)`,
      "TimeoutError",
    );
    ownTimeouts.add(timeout);
    let stop;
    const stopped = new Promise((_, reject) => {
      stop = (reason) => {
        controller.abort(reason);
        reject(reason);
      };
    });
    const timer = setTimeout(() => stop(timeout), this.#timeoutMs);
    const onAbort = () => stop(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const exchange = (async () => {
        const response = await this.#fetch(request.url, init);
        return { status: response.status, headers: response.headers, body: await response.text() };
      })();
      return await Promise.race([exchange, stopped]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Waits `ms` before a retry; an abort of `signal` ends the wait at once. */
  async #pause(ms, signal) {
    if (!signal) return this.#sleep(ms);
    if (signal.aborted) throw signal.reason;
    let onAbort;
    const aborted = new Promise((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.#sleep(ms), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }
}
