// Reads an answer object's parts for Rust (`lib.rs`) in one call.

/** What a property whose getter threw reads as: a symbol, a value of no JSON type. */
const THREW = Symbol("threw");

/** `object[key]`, or THREW if reading it threw (a getter, a proxy's trap). */
function property(object, key) {
  try {
    return object[key];
  } catch {
    return THREW;
  }
}

/**
 * `[status, headers, body]`: those properties of `answer` (all undefined when it is not an
 * object; other properties are not read), each read once; one whose getter threw reads as a
 * symbol, which the core refuses as a value of no JSON type.
 */
export function parts(answer) {
  if (typeof answer !== "object" || answer === null) return [undefined, undefined, undefined];
  return [property(answer, "status"), property(answer, "headers"), property(answer, "body")];
}
