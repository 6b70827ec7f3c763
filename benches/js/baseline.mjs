// The benchmark's baseline: a hand-written pure-JavaScript equivalent of the package's create
// round trip (config, id and input validation, request building; status check, JSON parsing
// and shape checks of the answer) and of its list-page parsing. It is not part of the package;
// it only tells what the same work costs without WebAssembly. Like the package, it keeps
// nothing a caller passed from one call to the next (no config cache) and refuses a string
// that is not well-formed Unicode.

const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const HOST_LABEL = /^[A-Za-z0-9-]{1,63}$/;
// The core's guest rule: local@domain split at the last "@", both non-empty, no control character.
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_ID = Number.MAX_SAFE_INTEGER;
const FIELDS = new Set(["name", "description", "members", "guests"]);

class BaselineError extends Error {
  constructor(code, message, fieldErrors = [], status = undefined) {
    super(message);
    this.code = code;
    this.status = status;
    this.fieldErrors = fieldErrors;
  }
}

/** The checked config (token format, https or loopback http base URL, client header). */
function checkConfig(config) {
  const errors = [];
  const token = config.accessToken;
  if (typeof token !== "string" || token.length > 8192 || !TOKEN.test(token)) {
    errors.push(fe("access_token", "invalid_format", "bad token"));
  }
  let base = config.baseUrl ?? "https://go.tallyfy.com/api";
  const match = base.length <= 2048 && /^(https?):\/\/([^/?#@]+)(\/[^?#]*)?$/i.exec(base);
  if (!match) {
    errors.push(fe("base_url", "invalid_format", "bad base URL"));
  } else {
    const scheme = match[1].toLowerCase();
    const [host, port] = match[2].toLowerCase().split(":");
    const loopback = host === "localhost" || host.startsWith("127.") || host === "[::1]";
    if (!host.split(".").every((l) => HOST_LABEL.test(l))) errors.push(fe("base_url", "invalid_format", "bad host"));
    if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) {
      errors.push(fe("base_url", "invalid_format", "bad port"));
    }
    if (scheme === "http" && !loopback) errors.push(fe("base_url", "insecure_scheme", "http only to loopback"));
    base = `${scheme}://${match[2].toLowerCase()}${(match[3] ?? "").replace(/\/+$/, "")}`;
  }
  const clientHeader = config.clientHeader ?? "APIClient";
  if (clientHeader.length > 128 || !/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(clientHeader)) {
    errors.push(fe("client_header", "invalid_format", "bad client header"));
  }
  if (errors.length) throw new BaselineError("invalid_input", errors[0].message, errors);
  return { authorization: `Bearer ${token}`, base, clientHeader };
}

function fe(field, code, message) {
  return { field, code, message };
}

function segment(field, id, errors) {
  if (typeof id !== "string") errors.push(fe(field, "invalid_type", `${field} must be a string`));
  else if (!id.isWellFormed()) errors.push(fe(field, "invalid_value", `${field} is not well-formed Unicode`));
  else if (id === "") errors.push(fe(field, "required", `${field} is required`));
  else if (id === "." || id === "..") errors.push(fe(field, "invalid_format", `${field} must not be . or ..`));
  else if ([...id].length > 255) errors.push(fe(field, "too_long", `${field} is too long`));
  return encodeURIComponent(String(id)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function isEmail(email) {
  const at = email.lastIndexOf("@");
  return at > 0 && at < email.length - 1 && !CONTROL.test(email) && email.isWellFormed();
}

function checkText(field, value, errors) {
  if (value === undefined) errors.push(fe(field, "required", `${field} is required`));
  else if (value === null) errors.push(fe(field, "required", `${field} must not be null`));
  else if (typeof value !== "string") errors.push(fe(field, "invalid_type", `${field} must be a string`));
  else if (!value.isWellFormed()) errors.push(fe(field, "invalid_value", `${field} is not well-formed Unicode`));
  else if (value.trim() === "") errors.push(fe(field, "blank", `${field} must not be blank`));
  else if (field === "name" && value.length > 200 && [...value].length > 200) {
    errors.push(fe(field, "too_long", "name must be at most 200 characters"));
  }
}

/** Validates a create input and builds its request, as buildCreateGroup does. */
export function buildCreateGroup(config, orgId, input) {
  const c = checkConfig(config);
  const errors = [];
  const org = segment("org_id", orgId, errors);
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    errors.push(fe("body", "invalid_type", "the input must be a JSON object"));
  } else {
    checkText("name", input.name, errors);
    checkText("description", input.description, errors);
    const { members, guests } = input;
    if (members !== undefined) {
      if (!Array.isArray(members)) errors.push(fe("members", "invalid_type", "members must be an array"));
      else {
        members.forEach((id, i) => {
          if (typeof id !== "number" || !Number.isInteger(id)) {
            errors.push(fe(`members.${i}`, "invalid_type", "a member must be a user id"));
          } else if (id < 1 || id > MAX_ID) errors.push(fe(`members.${i}`, "out_of_range", "out of range"));
        });
      }
    }
    if (guests !== undefined) {
      if (!Array.isArray(guests)) errors.push(fe("guests", "invalid_type", "guests must be an array"));
      else {
        guests.forEach((email, i) => {
          if (typeof email !== "string") errors.push(fe(`guests.${i}`, "invalid_type", "must be a string"));
          else if (!isEmail(email)) errors.push(fe(`guests.${i}`, "invalid_email", "not a valid email address"));
        });
      }
    }
    for (const key of Object.keys(input)) {
      if (!FIELDS.has(key)) errors.push(fe(key, "unknown_field", "unknown field"));
    }
  }
  if (errors.length) throw new BaselineError("invalid_input", errors[0].message, errors);
  const body = {};
  for (const key of ["name", "description", "members", "guests"]) if (input[key] !== undefined) body[key] = input[key];
  return {
    method: "POST",
    url: `${c.base}/organizations/${org}/groups`,
    headers: {
      Authorization: c.authorization,
      Accept: "application/json",
      "X-Tallyfy-Client": c.clientHeader,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  };
}

function malformed(status, what) {
  return new BaselineError("malformed_response", `the server answered ${status} but ${what}`, [], status);
}

function optionalString(value) {
  return value === undefined || value === null || typeof value === "string";
}

/** A group from its wire form (the same checks and renames as the core), or null if malformed. */
function group(data) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const { id, name, description, logo, members, guests } = data;
  if (!((typeof id === "string" && id !== "") || (Number.isSafeInteger(id) && id >= 0))) return null;
  if (typeof name !== "string" || !optionalString(description) || !optionalString(logo)) return null;
  let ids = [];
  if (members !== undefined && members !== null) {
    if (!Array.isArray(members)) return null;
    ids = new Array(members.length);
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      if (Number.isSafeInteger(m) && m >= 0) ids[i] = m;
      else if (typeof m === "string" && /^\d+$/.test(m)) ids[i] = Number(m);
      else return null;
    }
  }
  if (guests !== undefined && guests !== null) {
    if (!Array.isArray(guests) || !guests.every((g) => typeof g === "string")) return null;
  }
  const { created_at: createdAt, last_updated: lastUpdated, updated_at: updatedAt } = data;
  if (!optionalString(createdAt) || !optionalString(lastUpdated) || !optionalString(updatedAt)) return null;
  return {
    id: String(id),
    name,
    description: description ?? "",
    logo: logo ?? null,
    members: ids,
    guests: guests ?? [],
    createdAt: createdAt ?? null,
    updatedAt: lastUpdated ?? updatedAt ?? null,
  };
}

function errorAnswer(response) {
  let message = `the server answered ${response.status}`;
  try {
    const body = JSON.parse(response.body);
    if (typeof body?.message === "string") message = body.message;
  } catch {
    // Not JSON: keep the generic message.
  }
  return new BaselineError("server_error", message, [], response.status);
}

/** Parses a create/get/update answer, as parseGroupResponse does. */
export function parseGroupResponse(response) {
  if (response.status !== 200 && response.status !== 201) throw errorAnswer(response);
  let body;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw malformed(response.status, "the body is not JSON");
  }
  const g = group(body?.data);
  if (g === null) throw malformed(response.status, "the body is not a group");
  return g;
}

/** Parses a list answer, as parseGroupListResponse does. */
export function parseGroupListResponse(response) {
  if (response.status !== 200) throw errorAnswer(response);
  let body;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw malformed(response.status, "the body is not JSON");
  }
  if (!Array.isArray(body?.data)) throw malformed(response.status, "the body is not a group list");
  const groups = body.data.map(group);
  if (groups.includes(null)) throw malformed(response.status, "a group is malformed");
  const p = body.meta?.pagination;
  const keys = ["total", "count", "per_page", "current_page", "total_pages"];
  if (!p || !keys.every((k) => Number.isSafeInteger(p[k]) && p[k] >= 0)) {
    throw malformed(response.status, "the pagination is malformed");
  }
  return {
    groups,
    pagination: {
      total: p.total,
      count: p.count,
      perPage: p.per_page,
      currentPage: p.current_page,
      totalPages: p.total_pages,
    },
  };
}
