// Copies a caller's argument into plain data before serde-wasm-bindgen reads it (`lib.rs`).
//
// Reading an argument runs the caller's code (getters, proxy traps, iterators). Here it runs in
// one JavaScript function under try/catch, so that nothing it throws unwinds through the wasm
// module (which would leak the module's stack and memory). The copy is what the core reads,
// built afresh on every call and never kept:
// - `undefined` properties are left out (the core reads a missing key and `undefined` alike);
// - a BigInt, a symbol, a function or binary data becomes an empty Uint8Array, which
//   serde-wasm-bindgen hands to the core as bytes: a value of no JSON type (serde-wasm-bindgen
//   would read a BigInt as the integer it holds);
// - an object becomes a plain object of its own enumerable string-keyed properties (class
//   instances, frozen and null-prototype objects alike; a key `__proto__` is defined as an own
//   property, not set: V8 keeps a plain object in its fast mode, where a null-prototype one
//   starts as a dictionary, slower to fill and to list); a Map stays a Map; any other
//   iterable (Headers, Set) becomes an array of its items;
// - the core reads values two levels deep (an object, its properties, the items of an array
//   property): arrays, Maps and objects below that cross empty (the core only notes their kind),
//   so cycles and deep nesting cost nothing;
// - a string holding a lone surrogate (which UTF-8 cannot carry unchanged) refuses the copy.
// `plain` throws 0 when the caller's code threw, 1 for a lone surrogate (`parts`: see there).

const encoder = new TextEncoder();
/** What stands for a value of no JSON type. */
const NO_JSON_TYPE = new Uint8Array(0);
/** Below this depth containers cross empty. */
const DEPTH = 2;
/** What `copy` throws for a lone surrogate (module-private: caller code cannot throw it). */
const LONE_SURROGATE = {};
/** A body string of at most this many UTF-16 units crosses as a string, a longer one as UTF-8. */
const SHORT_BODY = 4096;

const wellFormed = String.prototype.isWellFormed
  ? (text) => text.isWellFormed()
  : (text) => !/\p{Cs}/u.test(text);

function text(value) {
  if (!wellFormed(value)) throw LONE_SURROGATE;
  return value;
}

function copy(value, depth) {
  switch (typeof value) {
    case "string":
      return text(value);
    case "number":
    case "boolean":
    case "undefined":
      return value;
    case "object":
      return value === null ? null : object(value, depth);
    default:
      return NO_JSON_TYPE;
  }
}

function object(value, depth) {
  const deep = depth >= DEPTH;
  if (Array.isArray(value)) {
    if (deep) return [];
    const out = new Array(value.length);
    for (let i = 0; i < out.length; i++) out[i] = copy(value[i], depth + 1);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    if (!deep) for (const [key, item] of value) out.set(typeof key === "string" ? text(key) : key, copy(item, depth + 1));
    return out;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return NO_JSON_TYPE;
  if (typeof value[Symbol.iterator] === "function") {
    return deep ? [] : Array.from(value, (item) => copy(item, depth + 1));
  }
  const out = {};
  if (deep) return out;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    if (key === "__proto__") Object.defineProperty(out, key, { value: copy(item, depth + 1), enumerable: true });
    else out[text(key)] = copy(item, depth + 1);
  }
  return out;
}

function failed(error) {
  return error === LONE_SURROGATE ? 1 : 0;
}

/** A plain copy of `value` (see above). */
export function plain(value) {
  try {
    return copy(value, 0);
  } catch (error) {
    throw failed(error);
  }
}

/**
 * `[status, headers, body, bytes]` of an answer object, each read once and copied (`headers` as
 * `[name, value]` pairs whatever its shape: Headers, Map, plain object or pairs). A status or
 * body whose getter throws reads as a value of no JSON type. A body string longer than `limit`
 * UTF-16 units does not cross (`bytes` null: it is too large, whatever it holds); one of more
 * than `SHORT_BODY` units crosses as `bytes`, its UTF-8 (`body` undefined). Throws
 * `[part, code]` for headers that throw while read (code 0) or a part holding a lone surrogate
 * (code 1).
 */
export function parts(answer, limit) {
  if ((typeof answer !== "object" && typeof answer !== "function") || answer === null) {
    return [undefined, undefined, undefined];
  }
  const part = (name, read) => {
    try {
      return read();
    } catch (error) {
      if (error === LONE_SURROGATE || name === "headers") throw [name, failed(error)];
      return NO_JSON_TYPE;
    }
  };
  const status = part("status", () => copy(answer.status, 0));
  const headers = part("headers", () => pairs(answer.headers));
  const body = part("body", () => {
    const body = answer.body;
    return typeof body === "string" && body.length > limit ? body : copy(body, 0);
  });
  if (typeof body !== "string") return [status, headers, body, undefined];
  // A body string past the limit does not cross (null); a short one crosses as a string, a
  // longer one as its UTF-8 bytes (TextEncoder: 3.5 ms less for a 2.5 MB page than
  // wasm-bindgen's copy, which walks it unit by unit in JavaScript, but 0.7 µs more for a short
  // answer, for the new buffer it allocates).
  if (body.length > limit) return [status, headers, undefined, null];
  if (body.length <= SHORT_BODY) return [status, headers, body, undefined];
  return [status, headers, undefined, encoder.encode(body)];
}

/** Headers as `[name, value]` pairs (an object that is none of the known shapes: copied). */
function pairs(headers) {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) return copy(headers, 0);
  if (headers instanceof Map || typeof headers[Symbol.iterator] === "function") {
    return Array.from(headers, (pair) => copy(pair, 1));
  }
  if (ArrayBuffer.isView(headers) || headers instanceof ArrayBuffer) return NO_JSON_TYPE;
  const out = [];
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value !== undefined) out.push([text(key), copy(value, 2)]);
  }
  return out;
}
