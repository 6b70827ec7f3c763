// The documented JavaScript API over the wasm exports. Arguments cross as they are: the Rust
// core reads each JS value with its own rules (every problem at once, nothing coerced).
// Results come back as the JSON text of the core's types, turned into plain objects by
// JSON.parse; an error comes back as its JSON text and is thrown here as a TallyfyError.
// Every rule lives in the Rust core; this module only translates. The wasm module must be
// initialised by the entry point (node.js or web.js) before any call.
import {
  buildCreateGroup as rawBuildCreateGroup,
  buildDeleteGroup as rawBuildDeleteGroup,
  buildGetGroup as rawBuildGetGroup,
  buildListGroups as rawBuildListGroups,
  buildNextPage as rawBuildNextPage,
  buildUpdateGroup as rawBuildUpdateGroup,
  fullUpdate as rawFullUpdate,
  memoryBytes,
  parseDeleteGroupResponse as rawParseDeleteGroupResponse,
  parseGroupListResponse as rawParseGroupListResponse,
  parseGroupResponse as rawParseGroupResponse,
  redactText,
  retryDelayMs as rawRetryDelayMs,
  validateCreateGroup as rawValidateCreateGroup,
  validateUpdateGroup as rawValidateUpdateGroup,
} from "./tallyfy_wasm.js";

export { LIST_ALL_PER_PAGE, MAX_PAGES, VERSION } from "./constants.js";

/** An error from any function of this package: invalid input, an error answer, or a malformed answer. */
export class TallyfyError extends Error {
  /**
   * @param {string} code one of the documented codes, such as "invalid_input" or "not_found"
   * @param {string} message
   * @param {{status?: number, fieldErrors?: Array<{field: string, code: string, message: string}>,
   *          retryAfterSeconds?: number, requestId?: string}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = "TallyfyError";
    this.code = code;
    this.status = details.status;
    this.fieldErrors = details.fieldErrors ?? [];
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.requestId = details.requestId;
  }
}

/**
 * What to throw for a value the module threw: its error's JSON text (`null` members mean
 * "none") becomes a TallyfyError; anything else (a WebAssembly.RuntimeError) passes unchanged.
 */
function thrown(thrownValue) {
  if (typeof thrownValue !== "string") return thrownValue;
  const e = JSON.parse(thrownValue);
  return new TallyfyError(e.code, e.message, {
    status: e.status ?? undefined,
    fieldErrors: e.fieldErrors,
    retryAfterSeconds: e.retryAfterSeconds ?? undefined,
    requestId: e.requestId ?? undefined,
  });
}

/** The JSON result of `f(...args)`, or the error it threw as a TallyfyError. */
function call(f, ...args) {
  try {
    return JSON.parse(f(...args));
  } catch (e) {
    throw thrown(e);
  }
}

/** The request `f(...args)` builds, or the error it threw as a TallyfyError. */
function built(f, ...args) {
  try {
    return f(...args);
  } catch (e) {
    throw thrown(e);
  }
}

/**
 * `error` as a new TallyfyError with the access token of `config` taken out of its message,
 * field errors and request id, wherever a server echoed it (the core's rule); code, status and
 * retry-after are kept. `GroupsClient` does this to every error of its calls; a host of its
 * own calls it before it shows or logs an error.
 */
export function redactError(config, error) {
  const clean = (text) => {
    try {
      return redactText(config, text);
    } catch (e) {
      throw thrown(e);
    }
  };
  return new TallyfyError(error.code, clean(error.message), {
    status: error.status,
    fieldErrors: error.fieldErrors.map((f) => ({ field: clean(f.field), code: f.code, message: clean(f.message) })),
    retryAfterSeconds: error.retryAfterSeconds,
    requestId: error.requestId === undefined ? undefined : clean(error.requestId),
  });
}

/** Builds the request that creates a group (POST). Throws TallyfyError("invalid_input") listing every problem. */
export function buildCreateGroup(config, orgId, input) {
  return built(rawBuildCreateGroup, config, orgId, input);
}

/** Builds the request that reads one group (GET). */
export function buildGetGroup(config, orgId, groupId) {
  return built(rawBuildGetGroup, config, orgId, groupId);
}

/** Builds the request that lists groups (GET with a query). */
export function buildListGroups(config, orgId, query) {
  return built(rawBuildListGroups, config, orgId, query);
}

/** Builds the request that changes a group (PUT): only the present fields are sent. */
export function buildUpdateGroup(config, orgId, groupId, input) {
  return built(rawBuildUpdateGroup, config, orgId, groupId, input);
}

/** Builds the request that deletes a group (DELETE). */
export function buildDeleteGroup(config, orgId, groupId) {
  return built(rawBuildDeleteGroup, config, orgId, groupId);
}

/** The request for the page after `pagination`, or null after the last page. */
export function buildNextPage(config, orgId, query, pagination) {
  return built(rawBuildNextPage, config, orgId, query, pagination);
}

/** Parses the answer to create, get or update into a Group. */
export function parseGroupResponse(response) {
  return call(rawParseGroupResponse, response);
}

/** Parses the answer to list into a GroupPage. */
export function parseGroupListResponse(response) {
  return call(rawParseGroupListResponse, response);
}

/** Checks the answer to delete; returns nothing on success. */
export function parseDeleteGroupResponse(response) {
  try {
    rawParseDeleteGroupResponse(response);
  } catch (e) {
    throw thrown(e);
  }
}

/** Every problem `input` has as the body of a create; never throws, [] means valid. */
export function validateCreateGroup(input) {
  return JSON.parse(rawValidateCreateGroup(input));
}

/** Every problem `input` has as the body of an update; never throws, [] means valid. */
export function validateUpdateGroup(input) {
  return JSON.parse(rawValidateUpdateGroup(input));
}

/**
 * Milliseconds to wait before retry number `attempt + 1` under the default retry policy, or
 * null to give up. `random` (0 to 1) brings the jitter.
 */
export function retryDelayMs(method, status, retryAfterSeconds, attempt, random = Math.random()) {
  return call(rawRetryDelayMs, method, status, retryAfterSeconds, attempt, random);
}

/** The body of an update that sends the whole group: `current` with `changes` applied. */
export function fullUpdate(current, changes) {
  return call(rawFullUpdate, current, changes);
}

/** The size of the wasm module's linear memory in bytes (for leak checks and diagnostics). */
export function wasmMemoryBytes() {
  return memoryBytes();
}
