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
  retryDelayMs,
} from "./api.js";
import { maxPages as defaultMaxPages } from "./tallyfy_wasm.js";

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small client for the Groups API over `fetch`: each call builds, sends, retries and parses. */
export class GroupsClient {
  #config;
  #orgId;
  #fetch;
  #onRetry;
  #trace;
  #sleep;

  /**
   * @param {{accessToken: string, orgId: string, baseUrl?: string, clientHeader?: string,
   *          fetch?: Function, onRetry?: Function, trace?: Function, sleep?: Function}} options
   * Throws TallyfyError("invalid_input") at once for a bad token, base URL or org id.
   */
  constructor(options) {
    const { accessToken, orgId, baseUrl, clientHeader, fetch, onRetry, trace, sleep: wait } = options ?? {};
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
    this.#sleep = wait ?? sleep;
    // Check the config and org id now rather than at the first call.
    buildListGroups(this.#config, this.#orgId);
  }

  /** Creates a group. */
  async create(input) {
    return this.#send(buildCreateGroup(this.#config, this.#orgId, input), parseGroupResponse);
  }

  /** Reads one group. */
  async get(groupId) {
    return this.#send(buildGetGroup(this.#config, this.#orgId, groupId), parseGroupResponse);
  }

  /** Reads one page of groups. */
  async list(query) {
    return this.#send(buildListGroups(this.#config, this.#orgId, query), parseGroupListResponse);
  }

  /**
   * Reads every group, page after page (100 a page unless `query.perPage` says otherwise).
   * Throws a RangeError rather than return a partial list when there are more than
   * `maxPages` pages.
   */
  async listAll(query, { maxPages = defaultMaxPages() } = {}) {
    const q = { perPage: 100, ...query };
    const groups = [];
    let request = buildListGroups(this.#config, this.#orgId, q);
    for (let pages = 0; request !== null; pages++) {
      if (pages === maxPages) {
        throw new RangeError(`listAll read ${maxPages} pages and more remain; raise maxPages or narrow the query`);
      }
      const page = await this.#send(request, parseGroupListResponse);
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
  async update(groupId, changes, { full = false } = {}) {
    let body = changes;
    if (full) body = fullUpdate(await this.get(groupId), changes);
    return this.#send(buildUpdateGroup(this.#config, this.#orgId, groupId, body), parseGroupResponse);
  }

  /** Deletes a group. */
  async delete(groupId) {
    return this.#send(buildDeleteGroup(this.#config, this.#orgId, groupId), parseDeleteGroupResponse);
  }

  /** Sends `request`, retrying as the core's policy says, and parses the answer. */
  async #send(request, parseAnswer) {
    for (let attempt = 0; ; attempt++) {
      const init = { method: request.method, headers: request.headers };
      if (request.body !== undefined) init.body = request.body;
      const response = await this.#fetch(request.url, init);
      const body = await response.text();
      this.#trace?.(request, response.status);
      try {
        return parseAnswer({ status: response.status, headers: response.headers, body });
      } catch (error) {
        if (!(error instanceof TallyfyError) || error.status === undefined) throw error;
        const delayMs = retryDelayMs(request.method, error.status, error.retryAfterSeconds, attempt);
        if (delayMs === null) throw error;
        this.#onRetry?.({ attempt: attempt + 1, delayMs, error, method: request.method, url: request.url });
        await this.#sleep(delayMs);
      }
    }
  }
}
