// The documented JavaScript API over the wasm exports. Arguments cross as they are: the wasm
// module copies each into plain data and the Rust core reads it with its own rules (every
// problem at once, nothing coerced, nothing kept for the next call).
// Results come back as the JSON text of the core's types, turned into plain objects by
// JSON.parse; an error comes back as its JSON text and is thrown here as a TallyfyError.
// Every rule lives in the Rust core; this module only translates. The wasm module must be
// initialised by the entry point (node.js or web.js) before any call.
import {
  RawCall,
  buildCreateGroup as rawBuildCreateGroup,
  buildDeleteGroup as rawBuildDeleteGroup,
  buildGetGroup as rawBuildGetGroup,
  buildListGroups as rawBuildListGroups,
  buildUpdateGroup as rawBuildUpdateGroup,
  fullUpdate as rawFullUpdate,
  memoryBytes,
  parseDeleteGroupResponse as rawParseDeleteGroupResponse,
  parseGroupListResponse as rawParseGroupListResponse,
  parseGroupResponse as rawParseGroupResponse,
  redactText,
  validateCreateGroup as rawValidateCreateGroup,
  validateUpdateGroup as rawValidateUpdateGroup,
} from "./tallyfy_wasm.js";

export { VERSION } from "./constants.js";

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
  return typeof thrownValue === "string" ? tallyfyError(JSON.parse(thrownValue)) : thrownValue;
}

/** The TallyfyError of an error view (the core's `ErrorView` as a plain object). */
function tallyfyError(e) {
  return new TallyfyError(e.code, e.message, {
    status: e.status ?? undefined,
    fieldErrors: e.fieldErrors,
    retryAfterSeconds: e.retryAfterSeconds ?? undefined,
    requestId: e.requestId ?? undefined,
  });
}

/** The JSON result of `f(...args)`, or the error it threw as a TallyfyError. */
function parsed(f, ...args) {
  try {
    return JSON.parse(f(...args));
  } catch (e) {
    throw thrown(e);
  }
}

/** What `f(...args)` gives (a raw call), or the error it threw as a TallyfyError. */
function made(f, ...args) {
  try {
    return f(...args);
  } catch (e) {
    throw thrown(e);
  }
}

/**
 * `error` as a new TallyfyError with the access token of `config` taken out of its message,
 * field errors and request id, wherever a server echoed it (the core's rule); code, status and
 * retry-after are kept. A `Call`'s errors come redacted already; a host of the build and parse
 * functions calls this before it shows or logs an error.
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
  return parsed(rawBuildCreateGroup, config, orgId, input);
}

/** Builds the request that reads one group (GET). */
export function buildGetGroup(config, orgId, groupId) {
  return parsed(rawBuildGetGroup, config, orgId, groupId);
}

/** Builds the request that lists groups (GET with a query). */
export function buildListGroups(config, orgId, query) {
  return parsed(rawBuildListGroups, config, orgId, query);
}

/** Builds the request that changes a group (PUT): only the present fields are sent. */
export function buildUpdateGroup(config, orgId, groupId, input) {
  return parsed(rawBuildUpdateGroup, config, orgId, groupId, input);
}

/** Builds the request that deletes a group (DELETE). */
export function buildDeleteGroup(config, orgId, groupId) {
  return parsed(rawBuildDeleteGroup, config, orgId, groupId);
}

/** Parses the answer to create, get or update into a Group. */
export function parseGroupResponse(response) {
  return parsed(rawParseGroupResponse, response);
}

/** Parses the answer to list into a GroupPage. */
export function parseGroupListResponse(response) {
  return parsed(rawParseGroupListResponse, response);
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

/** The body of an update that sends the whole group: `current` with `changes` applied. */
export function fullUpdate(current, changes) {
  return parsed(rawFullUpdate, current, changes);
}

/** The size of the wasm module's linear memory in bytes (for leak checks and diagnostics). */
export function wasmMemoryBytes() {
  return memoryBytes();
}

/**
 * One operation driven by the core: it says what to do next (send, wait, done, failed,
 * unanswered) and takes back each answer. Free it with `free()` when done.
 */
export class Call {
  #raw;

  /** Use the static constructors. */
  constructor(raw) {
    if (!(raw instanceof RawCall)) throw new TypeError("use Call.createGroup, Call.getGroup, ... to make a Call");
    this.#raw = raw;
  }

  /** Creates a group. */
  static createGroup(config, orgId, input, options) {
    return new Call(made(RawCall.createGroup, config, orgId, input, options));
  }

  /** Reads one group. */
  static getGroup(config, orgId, groupId, options) {
    return new Call(made(RawCall.getGroup, config, orgId, groupId, options));
  }

  /** Reads one page of groups. */
  static listGroups(config, orgId, query, options) {
    return new Call(made(RawCall.listGroups, config, orgId, query, options));
  }

  /** Reads every group, page after page. */
  static listAllGroups(config, orgId, query, options) {
    return new Call(made(RawCall.listAllGroups, config, orgId, query, options));
  }

  /** Changes a group. */
  static updateGroup(config, orgId, groupId, input, options) {
    return new Call(made(RawCall.updateGroup, config, orgId, groupId, input, options));
  }

  /** Deletes a group. */
  static deleteGroup(config, orgId, groupId, options) {
    return new Call(made(RawCall.deleteGroup, config, orgId, groupId, options));
  }

  /** The next step: a plain object whose `kind` is send, wait, done, failed or unanswered. */
  next() {
    const step = JSON.parse(this.#live().next());
    if (step.error) step.error = tallyfyError(step.error);
    if (step.kind === "done" && step.value === null) step.value = undefined;
    return step;
  }

  /** Hands over the answer `{status, headers?, body}` to the last send step. */
  answered(response) {
    made(() => this.#live().answered(response));
  }

  /** Reports that the last send step got no answer: "not_delivered", "timeout" or "too_large". */
  noAnswer(kind) {
    made(() => this.#live().noAnswer(kind));
  }

  /** Releases the call's memory in the module; the call cannot be used after. */
  free() {
    this.#raw?.free();
    this.#raw = undefined;
  }

  #live() {
    if (this.#raw === undefined) throw new TypeError("this Call was freed");
    return this.#raw;
  }
}
