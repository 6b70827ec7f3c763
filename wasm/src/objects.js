// Reads JavaScript objects for Rust (`de.rs`, and `lib.rs` for the config) in few calls. Each
// function that runs the caller's code (a getter, a proxy's trap) catches what it throws and
// answers `undefined` instead (`None` in Rust): a call that throws across the boundary costs
// more (wasm-bindgen's `catch` wrapper), and what is thrown is never needed.

/**
 * The own enumerable properties of `object` laid out flat: key, value, key, value… (one array,
 * so that Rust reads a property with one call instead of three), or undefined if reading threw.
 * The keys come first (`Object.keys`), then each value is read once: `Object.entries`, which
 * makes an array per property, made a create build 0.9 µs slower.
 */
export function entries(object) {
  try {
    const keys = Object.keys(object);
    const flat = new Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      flat[2 * i] = key;
      flat[2 * i + 1] = object[key];
    }
    return flat;
  } catch {
    return undefined;
  }
}

/** Whether the keys of `flat` (from `entries`) are `keys`, in order. */
export function same_keys(flat, keys) {
  if (flat.length !== 2 * keys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (flat[2 * i] !== keys[i]) return false;
  }
  return true;
}

/** The keys of `flat` (from `entries`). */
export function keys(flat) {
  const keys = new Array(flat.length / 2);
  for (let i = 0; i < keys.length; i++) keys[i] = flat[2 * i];
  return keys;
}

/**
 * Whether `object` is an object, not an array, whose `entries` are exactly `flat` (keys and
 * values compared with `===`); false if reading it threw.
 */
export function matches(object, flat) {
  try {
    if (typeof object !== "object" || object === null || Array.isArray(object)) return false;
    const keys = Object.keys(object);
    if (keys.length * 2 !== flat.length) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== flat[2 * i] || object[key] !== flat[2 * i + 1]) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** `Array.isArray(value)`, or undefined if it threw (a revoked proxy). */
export function is_array(value) {
  try {
    return Array.isArray(value);
  } catch {
    return undefined;
  }
}

/** A plain copy of the array `value` (a proxy's traps run here, once), or undefined if it threw. */
export function copy_array(value) {
  try {
    return Array.prototype.slice.call(value);
  } catch {
    return undefined;
  }
}

/** Whether the object `value` has a `Symbol.iterator`, or undefined if asking threw. */
export function is_iterable(value) {
  try {
    return Symbol.iterator in value;
  } catch {
    return undefined;
  }
}
