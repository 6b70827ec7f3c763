// Type declarations of the tallyfy-groups package (hand-written; every public signature is exact).

/** Connection settings: checked by every build call. */
export interface Config {
  /** A bearer token: letters, digits and -._~+/ then optional = padding. */
  accessToken: string;
  /** Defaults to https://go.tallyfy.com/api; https://, or http:// to a loopback host. */
  baseUrl?: string;
  /** The X-Tallyfy-Client header; defaults to "APIClient". */
  clientHeader?: string;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** A complete request to hand to fetch (or any HTTP client) unchanged. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** The JSON body, for create and update. */
  body?: string;
}

/** Anything with Headers' forEach: a fetch Headers object or a Map. */
export interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void;
  get(name: string): string | null | undefined;
}

/** What the HTTP client received. */
export interface HttpResponse {
  status: number;
  /** The response text, exactly as received (possibly empty or not JSON). */
  body: string;
  headers?: Record<string, string> | HeadersLike | ReadonlyArray<readonly [string, string]>;
}

/** The fields of a group to create, or to change in an update (absent: keep as is). */
export interface GroupInput {
  name?: string;
  description?: string;
  /** User ids (safe integers from 1); [] removes every member in an update. */
  members?: readonly number[];
  /** Guest email addresses; [] removes every guest in an update. */
  guests?: readonly string[];
}

/** A group as the API returns it. */
export interface Group {
  id: string;
  name: string;
  description: string;
  logo: string | null;
  members: number[];
  guests: string[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Pagination {
  total: number;
  count: number;
  perPage: number;
  currentPage: number;
  totalPages: number;
}

/** One page of a group list. */
export interface GroupPage {
  groups: Group[];
  pagination: Pagination;
}

export type SortBy = "name" | "created_at" | "updated_at";
export type SortDirection = "asc" | "desc";
export type Include = "assets" | "users" | "guests";

/** The query of a list request; absent values take the server's defaults. */
export interface ListQuery {
  q?: string;
  page?: number;
  /** 1 to 100. */
  perPage?: number;
  sortBy?: SortBy;
  sort?: SortDirection;
  with?: readonly Include[];
}

export type ErrorCode =
  | "invalid_input"
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "validation_failed"
  | "rate_limited"
  | "server_error"
  | "unexpected_status"
  | "malformed_response";

export type FieldErrorCode =
  | "required"
  | "blank"
  | "too_long"
  | "invalid_type"
  | "out_of_range"
  | "invalid_email"
  | "duplicate"
  | "unknown_field"
  | "no_changes"
  | "invalid_format"
  | "invalid_value"
  | "insecure_scheme"
  | "invalid_json"
  | "rejected";

/** One problem with one field, named by its path in the API's notation (`name`, `members.2`, `org_id`). */
export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
}

export interface TallyfyErrorDetails {
  status?: number;
  fieldErrors?: FieldError[];
  retryAfterSeconds?: number;
  requestId?: string;
}

/** Every failure of this package: invalid input, an error answer, or a malformed answer. */
export class TallyfyError extends Error {
  constructor(code: ErrorCode, message: string, details?: TallyfyErrorDetails);
  readonly name: "TallyfyError";
  readonly code: ErrorCode;
  /** The HTTP status, when the error comes from an answer. */
  readonly status: number | undefined;
  /** Client-side validation problems, or the server's 422 field errors. */
  readonly fieldErrors: FieldError[];
  /** Seconds to wait, from a 429's Retry-After. */
  readonly retryAfterSeconds: number | undefined;
  /** The X-Request-Id the server sent. */
  readonly requestId: string | undefined;
}

export function buildCreateGroup(config: Config, orgId: string, input: GroupInput): HttpRequest;
export function buildGetGroup(config: Config, orgId: string, groupId: string): HttpRequest;
export function buildListGroups(config: Config, orgId: string, query?: ListQuery): HttpRequest;
export function buildUpdateGroup(config: Config, orgId: string, groupId: string, input: GroupInput): HttpRequest;
export function buildDeleteGroup(config: Config, orgId: string, groupId: string): HttpRequest;
/** The request for the page after `pagination`, or null after the last page. */
export function buildNextPage(
  config: Config,
  orgId: string,
  query: ListQuery | undefined,
  pagination: Pagination,
): HttpRequest | null;

/** Parses the answer to create, get or update. */
export function parseGroupResponse(response: HttpResponse): Group;
/** Parses the answer to list. */
export function parseGroupListResponse(response: HttpResponse): GroupPage;
/** Checks the answer to delete. */
export function parseDeleteGroupResponse(response: HttpResponse): void;

/**
 * `error` as a new TallyfyError with the access token of `config` taken out of its message,
 * field errors and request id, wherever a server echoed it; code, status and retry-after kept.
 * `GroupsClient` does this to every error of its calls.
 */
export function redactError(config: Config, error: TallyfyError): TallyfyError;

/** Every problem of `input` as a create body; never throws; [] means valid. */
export function validateCreateGroup(input: unknown): FieldError[];
/** Every problem of `input` as an update body; never throws; [] means valid. */
export function validateUpdateGroup(input: unknown): FieldError[];

/**
 * Milliseconds to wait before retry `attempt + 1` under the default policy (429 always; 502,
 * 503, 504 for GET, PUT, DELETE; at most 4 retries), or null to give up. `status` null means
 * the request got no answer at all (fetch rejected): retried like 502-504, never for POST;
 * `retryAfterSeconds` must then be null or undefined.
 */
export function retryDelayMs(
  method: HttpMethod,
  status: number | null,
  retryAfterSeconds: number | null | undefined,
  attempt: number,
  random?: number,
): number | null;

/** The body of an update that sends the whole group: `current` with `changes` applied. */
export function fullUpdate(current: Group, changes: GroupInput): GroupInput;

/** The package's version. */
export const VERSION: string;

/** The most pages GroupsClient.listAll reads before it fails rather than return a partial list. */
export const MAX_PAGES: number;

/** The page size GroupsClient.listAll asks for when its query sets none. */
export const LIST_ALL_PER_PAGE: number;

/** The size of the wasm module's linear memory in bytes (for leak checks and diagnostics). */
export function wasmMemoryBytes(): number;

/** What GroupsClient needs of a fetch response. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: HeadersLike;
  text(): Promise<string>;
}

declare global {
  // Merges with the DOM's or Node's AbortSignal where present; declares the name elsewhere.
  interface AbortSignal {}
}

/** What GroupsClient needs of fetch: the global fetch fits. */
export type FetchLike = (
  url: string,
  init: { method: HttpMethod; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<FetchResponseLike>;

export interface RetryInfo {
  /** The retry about to be made: 1 for the first. */
  attempt: number;
  delayMs: number;
  /** The error answer, or what fetch threw when no answer came (GET, PUT and DELETE only). */
  error: TallyfyError | Error;
  method: HttpMethod;
  url: string;
}

export interface GroupsClientOptions extends Config {
  orgId: string;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Called before each retry's wait. */
  onRetry?: (info: RetryInfo) => void;
  /** Called after each HTTP exchange with the request sent (Authorization redacted) and the status. */
  trace?: (request: HttpRequest, status: number) => void;
  /** Waits before a retry; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * How long one HTTP exchange (the request and the whole answer) may take, in ms: a whole
   * number from 1 to 2^31 - 1, 30 000 by default. Past it the call rejects with a DOMException
   * named "TimeoutError" (not retried).
   */
  timeoutMs?: number;
}

/**
 * Options of every call. An abort of `signal` rejects the call with `signal.reason` (a
 * DOMException named "AbortError" unless the caller gave another reason).
 */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * A client over fetch: each call builds, sends, retries (core policy) and parses. Options are
 * checked: a TypeError for an unknown option or a wrong type, a RangeError for a number out of
 * range (`timeoutMs`, `maxPages`).
 */
export class GroupsClient {
  /** Throws TallyfyError("invalid_input") at once for a bad token, base URL or org id. */
  constructor(options: GroupsClientOptions);
  create(input: GroupInput, options?: CallOptions): Promise<Group>;
  get(groupId: string, options?: CallOptions): Promise<Group>;
  list(query?: ListQuery, options?: CallOptions): Promise<GroupPage>;
  /**
   * Every group, following pagination; RangeError past `maxPages` pages (a whole number from
   * 1; the core's cap, 100, by default).
   */
  listAll(query?: ListQuery, options?: CallOptions & { maxPages?: number }): Promise<Group[]>;
  /** Sends only `changes`; with `{full: true}` reads the group and sends it whole. */
  update(groupId: string, changes: GroupInput, options?: CallOptions & { full?: boolean }): Promise<Group>;
  delete(groupId: string, options?: CallOptions): Promise<void>;
}
