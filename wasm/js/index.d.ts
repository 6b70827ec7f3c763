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
  | "malformed_response"
  | "too_many_pages";

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
/** Parses the answer to create, get or update. */
export function parseGroupResponse(response: HttpResponse): Group;
/** Parses the answer to list. */
export function parseGroupListResponse(response: HttpResponse): GroupPage;
/** Checks the answer to delete. */
export function parseDeleteGroupResponse(response: HttpResponse): void;

/**
 * `error` as a new TallyfyError with the access token of `config` taken out of its message,
 * field errors and request id, wherever a server echoed it; code, status and retry-after kept.
 * A Call's (and so GroupsClient's) errors come redacted already.
 */
export function redactError(config: Config, error: TallyfyError): TallyfyError;

/** Every problem of `input` as a create body; never throws; [] means valid. */
export function validateCreateGroup(input: unknown): FieldError[];
/** Every problem of `input` as an update body; never throws; [] means valid. */
export function validateUpdateGroup(input: unknown): FieldError[];

/** The body of an update that sends the whole group: `current` with `changes` applied. */
export function fullUpdate(current: Group, changes: GroupInput): GroupInput;

/** The package's version. */
export const VERSION: string;

/** The size of the wasm module's linear memory in bytes (for leak checks and diagnostics). */
export function wasmMemoryBytes(): number;

/** What GroupsClient needs of a fetch response: the body is read as a stream. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: HeadersLike;
  readonly body: ReadableStream<Uint8Array> | null;
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
  /** The error answer (redacted), or what fetch threw when no answer came (GET, PUT and DELETE only). */
  error: TallyfyError | Error;
  method: HttpMethod;
  /** The request's URL with the access token taken out. */
  url: string;
}

export interface GroupsClientOptions extends Config {
  orgId: string;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Called before each retry's wait. */
  onRetry?: (info: RetryInfo) => void;
  /** Called after each HTTP exchange with the core's trace of the request (token redacted) and the status. */
  trace?: (request: HttpRequest, status: number) => void;
  /** Waits before a retry (it may take the call's AbortSignal); defaults to a cancellable setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * How long one HTTP exchange (the request and the whole answer) may take, in ms: a whole
   * number from 1 to 2^31 - 1, the core's 30 000 by default. Past it the call rejects with a
   * DOMException named "TimeoutError" (not retried).
   */
  timeoutMs?: number;
}

/**
 * Options of every client call. An abort of `signal` rejects the call with `signal.reason` (a
 * DOMException named "AbortError" unless the caller gave another reason).
 */
export interface SignalOptions {
  signal?: AbortSignal;
}

/**
 * A client over fetch: each call is a `Call` of the core (retries, paging, limits, redaction)
 * looped over fetch. Options are checked: a TypeError for an unknown option or a function of
 * the wrong type; TallyfyError("invalid_input") for a value the core refuses (`timeoutMs`,
 * `maxPages`).
 */
export class GroupsClient {
  /** Throws TallyfyError("invalid_input") at once for a bad token, base URL, org id or timeoutMs. */
  constructor(options: GroupsClientOptions);
  create(input: GroupInput, options?: SignalOptions): Promise<Group>;
  get(groupId: string, options?: SignalOptions): Promise<Group>;
  list(query?: ListQuery, options?: SignalOptions): Promise<GroupPage>;
  /**
   * Every group, following pagination; TallyfyError("too_many_pages") when more than
   * `maxPages` pages (the core's cap by default) remain.
   */
  listAll(query?: ListQuery, options?: SignalOptions & { maxPages?: number }): Promise<Group[]>;
  /** Sends only `changes`; with `{full: true}` reads the group and sends it whole. */
  update(groupId: string, changes: GroupInput, options?: SignalOptions & { full?: boolean }): Promise<Group>;
  delete(groupId: string, options?: SignalOptions): Promise<void>;
}

/** Settings of one Call; each is checked by the core (invalid_input names the field). */
export interface CallOptions {
  /** The longest one HTTP exchange may take, in ms (1 to 2^31 - 1; 30 000 by default). */
  timeoutMs?: number;
  /** The largest answer body, in bytes (16 MiB by default): stop reading past it. */
  maxAnswerBytes?: number;
  /** The most pages listAllGroups reads (the core's cap by default). */
  maxPages?: number;
  /** The seed of the retry jitter (a whole number below 2^53); random by default. */
  randomSeed?: number;
}

/** Why an exchange produced no answer. */
export type NoAnswer = "not_delivered" | "timeout" | "too_large";

/** Perform this exchange, then call `answered` or `noAnswer`. */
export interface SendStep {
  kind: "send";
  /** What to send, unchanged. */
  request: HttpRequest;
  /** The same request with the access token taken out, for logs. */
  trace: HttpRequest;
  /** The longest the whole exchange may take. */
  timeoutMs: number;
  /** Stop reading the body past this many bytes and report "too_large". */
  maxAnswerBytes: number;
}

/** Sleep `delayMs` (cancellable), then ask for the next step. */
export interface WaitStep {
  kind: "wait";
  delayMs: number;
  /** The retry that follows: 1 for the first. */
  attempt: number;
  /** The error code of the answer, or the no-answer kind. */
  reason: ErrorCode | NoAnswer;
  /** The error answer (redacted), when an answer caused the wait. */
  error?: TallyfyError;
}

/** The call succeeded. */
export interface DoneStep<T> {
  kind: "done";
  value: T;
}

/** The call failed with this error (redacted): throw it. */
export interface FailedStep {
  kind: "failed";
  error: TallyfyError;
}

/** The last exchange got no answer and is not retried: fail with the transport's own error. */
export interface UnansweredStep {
  kind: "unanswered";
  noAnswer: NoAnswer;
}

export type Step<T> = SendStep | WaitStep | DoneStep<T> | FailedStep | UnansweredStep;

/**
 * One operation driven by the core's call driver: it owns retries, backoff, paging, the
 * timeout and size limit, and redaction; the host sends, sleeps and hands back answers.
 * The constructors throw TallyfyError("invalid_input") listing every problem. Call `free()`
 * when done (a `finally` block).
 */
export class Call<T = unknown> {
  private constructor();
  static createGroup(config: Config, orgId: string, input: GroupInput, options?: CallOptions): Call<Group>;
  static getGroup(config: Config, orgId: string, groupId: string, options?: CallOptions): Call<Group>;
  static listGroups(config: Config, orgId: string, query?: ListQuery, options?: CallOptions): Call<GroupPage>;
  static listAllGroups(config: Config, orgId: string, query?: ListQuery, options?: CallOptions): Call<Group[]>;
  static updateGroup(
    config: Config,
    orgId: string,
    groupId: string,
    input: GroupInput,
    options?: CallOptions,
  ): Call<Group>;
  static deleteGroup(config: Config, orgId: string, groupId: string, options?: CallOptions): Call<undefined>;
  /** The next step. */
  next(): Step<T>;
  /** The answer to the last send step; throws TallyfyError("invalid_input") for a malformed one or out of turn. */
  answered(response: HttpResponse): void;
  /** The last send step got no answer. */
  noAnswer(kind: NoAnswer): void;
  /** Releases the call; it cannot be used after. */
  free(): void;
}
