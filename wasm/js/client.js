// GroupsClient: the core's call driver (`Call`) over the host's fetch. The client only moves
// bytes, keeps time and honours cancellation: what to send, whether and how long to wait, when
// to stop, the limits and every error are the core's.
import { Call, fullUpdate } from "./api.js";

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

/** The longest timer setTimeout keeps (2^31 - 1 ms): a longer wait is slept in parts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms`; an abort of `signal` clears the timer and rejects with its reason. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    let timer;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const wait = (left) => {
      timer = setTimeout(() => {
        if (left > MAX_TIMER_MS) return wait(left - MAX_TIMER_MS);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.min(left, MAX_TIMER_MS));
    };
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    wait(ms);
  });
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

/** The per-call options `{signal, ...}` checked; `signal` must be an AbortSignal. */
function callOptions(what, options, extra = []) {
  const checked = checkKeys(`${what} options`, options, ["signal", ...extra]);
  const { signal } = checked;
  if (signal !== undefined && !(typeof signal?.aborted === "boolean" && typeof signal.addEventListener === "function")) {
    throw new TypeError(`${what} options: signal must be an AbortSignal`);
  }
  return checked;
}

/** The UTF-8 length of `text`, counted without encoding it (a lone surrogate as U+FFFD). */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The body's text, or undefined as soon as it passes `maxAnswerBytes` bytes. A stream (every
 * WHATWG fetch) is read until its end and cancelled past the limit; a response of a custom
 * fetch that has no stream is read with `text()` and then measured.
 */
async function bodyText(response, maxAnswerBytes) {
  const stream = response.body;
  if (typeof stream?.getReader !== "function") {
    if (typeof response.text !== "function") return "";
    const text = await response.text();
    return utf8Length(text) > maxAnswerBytes ? undefined : text;
  }
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxAnswerBytes) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * A small client for the Groups API over `fetch`: each call is a `Call` of the core, looped
 * here. Every call takes `{signal}` (an AbortSignal); `timeoutMs` bounds each HTTP exchange.
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
   * Throws TallyfyError("invalid_input") at once for a bad token, base URL, org id or
   * timeoutMs, a TypeError for an unknown option or a function option of the wrong type.
   */
  constructor(options) {
    if (options === undefined) throw new TypeError("GroupsClient needs options: {accessToken, orgId, ...}");
    const { accessToken, orgId, baseUrl, clientHeader, fetch, onRetry, trace, sleep, timeoutMs } = checkKeys(
      "GroupsClient",
      options,
      CLIENT_OPTIONS,
    );
    for (const [name, value] of Object.entries({ fetch, onRetry, trace, sleep })) checkFunction(name, value);
    this.#config = { accessToken, baseUrl, clientHeader };
    this.#orgId = orgId;
    this.#timeoutMs = timeoutMs;
    this.#fetch = fetch ?? globalThis.fetch;
    if (typeof this.#fetch !== "function") {
      throw new TypeError("GroupsClient needs a fetch function: pass options.fetch on hosts without a global fetch");
    }
    this.#onRetry = onRetry;
    this.#trace = trace;
    this.#sleep = sleep;
    // Checks the config, org id and timeoutMs now rather than at the first call.
    Call.listGroups(this.#config, orgId, undefined, this.#options()).free();
  }

  /** Creates a group. */
  async create(input, options) {
    const { signal } = callOptions("create", options);
    return this.#run(Call.createGroup(this.#config, this.#orgId, input, this.#options()), signal);
  }

  /** Reads one group. */
  async get(groupId, options) {
    const { signal } = callOptions("get", options);
    return this.#run(Call.getGroup(this.#config, this.#orgId, groupId, this.#options()), signal);
  }

  /** Reads one page of groups. */
  async list(query, options) {
    const { signal } = callOptions("list", options);
    return this.#run(Call.listGroups(this.#config, this.#orgId, query, this.#options()), signal);
  }

  /**
   * Reads every group, page after page (the core's page size unless `query.perPage` says
   * otherwise). Fails with TallyfyError("too_many_pages") rather than return a partial list
   * when more than `maxPages` pages (the core's cap by default) remain.
   */
  async listAll(query, options) {
    const { signal, maxPages } = callOptions("listAll", options, ["maxPages"]);
    return this.#run(Call.listAllGroups(this.#config, this.#orgId, query, this.#options({ maxPages })), signal);
  }

  /**
   * Changes a group: only the fields in `changes` are sent (`members: []` removes every
   * member). With `{full: true}` the group is read first and the whole body is sent, as
   * Tallyfy's official SDK does.
   */
  async update(groupId, changes, options) {
    const { signal, full = false } = callOptions("update", options, ["full"]);
    if (typeof full !== "boolean") throw new TypeError("update options: full must be a boolean");
    const body = full ? fullUpdate(await this.get(groupId, { signal }), changes) : changes;
    return this.#run(Call.updateGroup(this.#config, this.#orgId, groupId, body, this.#options()), signal);
  }

  /** Deletes a group. */
  async delete(groupId, options) {
    const { signal } = callOptions("delete", options);
    return this.#run(Call.deleteGroup(this.#config, this.#orgId, groupId, this.#options()), signal);
  }

  /** The call options: this client's `timeoutMs` and `extra`. */
  #options(extra) {
    return { timeoutMs: this.#timeoutMs, ...extra };
  }

  /**
   * Loops over `call` until it ends: sends, waits, and returns its value or throws its error
   * (already redacted by the core), or the transport's own error for an exchange that got no
   * answer. The call is freed in every case.
   */
  async #run(call, signal) {
    try {
      let sent;
      let transportError;
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const step = call.next();
        switch (step.kind) {
          case "send": {
            sent = step.trace;
            const got = await this.#exchange(step, signal);
            if (got.status !== undefined) this.#trace?.(step.trace, got.status);
            if (got.noAnswer !== undefined) {
              transportError = got.error;
              call.noAnswer(got.noAnswer);
            } else {
              call.answered(got);
            }
            break;
          }
          case "wait":
            this.#onRetry?.({
              attempt: step.attempt,
              delayMs: step.delayMs,
              error: step.error ?? transportError,
              method: sent.method,
              url: sent.url,
            });
            await this.#pause(step.delayMs, signal);
            break;
          case "done":
            return step.value;
          case "failed":
            throw step.error;
          default:
            throw transportError;
        }
      }
    } finally {
      call.free();
    }
  }

  /**
   * One HTTP exchange: `{status, headers, body}`, or `{noAnswer, error}` (with the status when
   * the body passed the limit). It settles within the exchange's timeout, or throws the
   * signal's reason when it aborts, even with a fetch that ignores its signal.
   */
  async #exchange({ request, trace, timeoutMs, maxAnswerBytes }, signal) {
    const controller = new AbortController();
    const init = { method: request.method, headers: request.headers, signal: controller.signal };
    if (request.body !== undefined) init.body = request.body;
    const timeout = new DOMException(
      `GroupsClient: ${trace.method} ${trace.url} got no complete answer within ${timeoutMs} ms (timeoutMs)`,
      "TimeoutError",
    );
    let stop;
    const stopped = new Promise((_, reject) => {
      stop = (reason) => {
        controller.abort(reason);
        reject(reason);
      };
    });
    const timer = setTimeout(() => stop(timeout), timeoutMs);
    const onAbort = () => stop(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const receive = async () => {
      const response = await this.#fetch(request.url, init);
      const { status, headers } = response;
      const body = await bodyText(response, maxAnswerBytes);
      return body === undefined ? { status, noAnswer: "too_large" } : { status, headers, body };
    };
    try {
      return await Promise.race([receive(), stopped]);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return { noAnswer: error === timeout ? "timeout" : "not_delivered", error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Waits `ms` before a retry; an abort of `signal` ends the wait at once. */
  async #pause(ms, signal) {
    if (!this.#sleep) return sleep(ms, signal);
    if (!signal) return this.#sleep(ms);
    if (signal.aborted) throw signal.reason;
    let onAbort;
    const aborted = new Promise((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.#sleep(ms, signal), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }
}
