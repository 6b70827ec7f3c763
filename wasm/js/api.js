// The documented JavaScript API over the wasm exports. Inputs cross as JSON text (what
// JSON.stringify writes, checked by the core), results come back as one string each: requests
// as lines, other values as JSON for JSON.parse, errors as JSON thrown as TallyfyError. Results
// are plain objects. Every rule lives in the Rust core; this module only translates. The wasm
// module must be initialised by the entry point (node.js or web.js) before any call.
import {
  build,
  fullUpdate as rawFullUpdate,
  memoryBytes,
  nextPage,
  parse,
  retryDelay as rawRetryDelay,
  validate,
  version,
} from "./tallyfy_wasm.js";

// Operation codes understood by the wasm `build` and `validate` exports.
const CREATE = 0;
const GET = 1;
const LIST = 2;
const UPDATE = 3;
const DELETE = 4;
// Parser codes of the wasm `parse` export.
const PARSE_GROUP = 0;
const PARSE_LIST = 1;
const PARSE_DELETE = 2;
// A wasm result starts with "+" (a value follows) or "!" (an error's JSON follows).
const OK = 43;

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

/** The TallyfyError for the error JSON the core wrote (`null` members mean "none"). */
function errorFrom(json) {
  const e = JSON.parse(json);
  return new TallyfyError(e.code, e.message, {
    status: e.status ?? undefined,
    fieldErrors: e.fieldErrors,
    retryAfterSeconds: e.retryAfterSeconds ?? undefined,
    requestId: e.requestId ?? undefined,
  });
}

/** The value of a wasm result, or its error thrown. */
function unwrap(result) {
  if (result.charCodeAt(0) !== OK) throw errorFrom(result.slice(1));
  return result.length === 1 ? undefined : JSON.parse(result.slice(1));
}

/**
 * `value` as JSON for the core, without JSON.stringify's silent coercions: NaN, ±Infinity and
 * BigInt become marker objects (so the core reports a wrong type where they stand instead of
 * reading `null` or failing as a whole), `undefined` is "absent", and a value that cannot be
 * written at all (a cycle) becomes a marker string.
 */
function toJson(value) {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return "null";
    // NaN and ±Infinity are written as null: only then is the slower, exact pass needed.
    if (!text.includes("null")) return text;
  } catch {
    // BigInt or a cycle: the exact pass below tells which.
  }
  try {
    return JSON.stringify(value, exact) ?? "null";
  } catch {
    return '"[a value that cannot be written as JSON]"';
  }
}

function exact(_key, v) {
  if (typeof v === "number" && !Number.isFinite(v)) return { "not a finite number": String(v) };
  if (typeof v === "bigint") return { "a BigInt": String(v) };
  return v;
}

// The config last sent to the wasm module, which keeps it: while the caller passes the same
// config (same object, same values), it is not sent again.
let sentConfig;
let sentToken;
let sentBaseUrl;
let sentClientHeader;
let sentKeyCount;

/** The config's JSON, or undefined when the module already holds this config. */
function configArg(config) {
  if (
    sentConfig !== undefined &&
    config === sentConfig &&
    config.accessToken === sentToken &&
    config.baseUrl === sentBaseUrl &&
    config.clientHeader === sentClientHeader &&
    Object.keys(config).length === sentKeyCount
  ) {
    return undefined;
  }
  const json = toJson(config);
  if (config !== null && typeof config === "object") {
    sentConfig = config;
    sentToken = config.accessToken;
    sentBaseUrl = config.baseUrl;
    sentClientHeader = config.clientHeader;
    sentKeyCount = Object.keys(config).length;
  } else {
    sentConfig = undefined;
  }
  return json;
}

/** A request from the wasm result: "+" then method, URL, body, header names and values, one a line. */
function request(result) {
  if (result.charCodeAt(0) !== OK) throw errorFrom(result.slice(1));
  const parts = result.split("\n");
  const headers = {};
  for (let i = 3; i < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  const req = { method: parts[0].slice(1), url: parts[1], headers };
  if (parts[2] !== "") req.body = parts[2];
  return req;
}

/** A path id as the module takes it: the string, or undefined (see `otherTypes`). */
function id(value) {
  return typeof value === "string" ? value : undefined;
}

/** Bit 1: `orgId`, bit 2: `groupId` is present but not a string (reported as invalid_type). */
function otherTypes(orgId, groupId) {
  const other = (v) => v !== undefined && v !== null && typeof v !== "string";
  return (other(orgId) ? 1 : 0) | (other(groupId) ? 2 : 0);
}

/** Builds the request that creates a group (POST). Throws TallyfyError("invalid_input") listing every problem. */
export function buildCreateGroup(config, orgId, input) {
  return request(build(CREATE, configArg(config), id(orgId), undefined, otherTypes(orgId), toJson(input)));
}

/** Builds the request that reads one group (GET). */
export function buildGetGroup(config, orgId, groupId) {
  return request(build(GET, configArg(config), id(orgId), id(groupId), otherTypes(orgId, groupId), ""));
}

/** Builds the request that lists groups (GET with a query). */
export function buildListGroups(config, orgId, query) {
  return request(build(LIST, configArg(config), id(orgId), undefined, otherTypes(orgId), toJson(query)));
}

/** Builds the request that changes a group (PUT): only the present fields are sent. */
export function buildUpdateGroup(config, orgId, groupId, input) {
  return request(
    build(UPDATE, configArg(config), id(orgId), id(groupId), otherTypes(orgId, groupId), toJson(input)),
  );
}

/** Builds the request that deletes a group (DELETE). */
export function buildDeleteGroup(config, orgId, groupId) {
  return request(build(DELETE, configArg(config), id(orgId), id(groupId), otherTypes(orgId, groupId), ""));
}

/** The request for the page after `pagination`, or null after the last page. */
export function buildNextPage(config, orgId, query, pagination) {
  const result = nextPage(configArg(config), orgId, toJson(query), toJson(pagination));
  return result === "+" ? null : request(result);
}

/** A header name or value as sent to the module: "\0" marks one that is not a header string. */
function headerPart(text) {
  return typeof text === "string" && !text.includes("\n") && !text.includes("\0") ? text : "\0";
}

/**
 * The response's headers as one string, "name\nvalue\nname\nvalue...", or undefined when there
 * are none; "\0" when `headers` is of the wrong type. (Header names and values never hold a
 * newline or a NUL, so the module splits the lines without copying.)
 */
function headerText(headers) {
  if (headers === undefined || headers === null) return undefined;
  let text;
  const add = (name, value) => {
    const line = `${headerPart(name)}\n${headerPart(value)}`;
    text = text === undefined ? line : `${text}\n${line}`;
  };
  if (typeof headers.forEach === "function" && typeof headers.get === "function") {
    headers.forEach((value, name) => add(name, value));
  } else if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (Array.isArray(pair) && pair.length === 2) add(pair[0], pair[1]);
      else add(undefined, undefined);
    }
  } else if (typeof headers === "object") {
    for (const name of Object.keys(headers)) add(name, headers[name]);
  } else {
    return "\0";
  }
  return text;
}

// Passed instead of the headers when they are a container: the module asks for them (NEED_HEADERS)
// only for an error answer, the only case where the core reads headers.
const HEADERS_LATER = "\u0001";
const NEED_HEADERS = "?";

function parseWith(op, response) {
  const r = response ?? {};
  const body = typeof r.body === "string" ? r.body : undefined; // the module reports anything else
  const now = Math.floor(Date.now() / 1000);
  const h = r.headers;
  const container = h !== null && typeof h === "object";
  let result = parse(op, r.status, container ? HEADERS_LATER : headerText(h), body, now);
  if (result === NEED_HEADERS) result = parse(op, r.status, headerText(h), body, now);
  return unwrap(result);
}

/** Parses the answer to create, get or update into a Group. */
export function parseGroupResponse(response) {
  return parseWith(PARSE_GROUP, response);
}

/** Parses the answer to list into a GroupPage. */
export function parseGroupListResponse(response) {
  return parseWith(PARSE_LIST, response);
}

/** Checks the answer to delete; returns nothing on success. */
export function parseDeleteGroupResponse(response) {
  parseWith(PARSE_DELETE, response);
}

/** Every problem `input` has as the body of a create; never throws, [] means valid. */
export function validateCreateGroup(input) {
  return JSON.parse(validate(CREATE, toJson(input)));
}

/** Every problem `input` has as the body of an update; never throws, [] means valid. */
export function validateUpdateGroup(input) {
  return JSON.parse(validate(UPDATE, toJson(input)));
}

/**
 * Milliseconds to wait before retry number `attempt + 1` under the default retry policy, or
 * null to give up. `random` (0 to 1) brings the jitter.
 */
export function retryDelayMs(method, status, retryAfterSeconds, attempt, random = Math.random()) {
  return unwrap(rawRetryDelay(method, status, retryAfterSeconds, attempt, typeof random === "number" ? random : NaN));
}

/** The body of an update that sends the whole group: `current` with `changes` applied. */
export function fullUpdate(current, changes) {
  return unwrap(rawFullUpdate(toJson(current), toJson(changes)));
}

/** The package's version. */
export const VERSION = version();

/** The size of the wasm module's linear memory in bytes (for leak checks and diagnostics). */
export function wasmMemoryBytes() {
  return memoryBytes();
}
