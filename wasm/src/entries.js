// An object's own enumerable properties for Rust in one call (`de.rs` reads objects with it;
// `lib.rs` keeps the last config's to tell whether it changed).

/**
 * `Object.entries(object)` laid out flat: key, value, key, value… (one array, so that Rust
 * reads a property with two calls instead of three). A getter or a proxy's trap may throw.
 */
export function entries(object) {
  const pairs = Object.entries(object);
  const flat = new Array(pairs.length * 2);
  for (let i = 0; i < pairs.length; i++) {
    flat[2 * i] = pairs[i][0];
    flat[2 * i + 1] = pairs[i][1];
  }
  return flat;
}

/**
 * Whether `object` is an object, not an array, whose `entries` are exactly `flat` (keys and
 * values compared with `===`).
 */
export function matches(object, flat) {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return false;
  const pairs = Object.entries(object);
  if (pairs.length * 2 !== flat.length) return false;
  for (let i = 0; i < pairs.length; i++) {
    if (pairs[i][0] !== flat[2 * i] || pairs[i][1] !== flat[2 * i + 1]) return false;
  }
  return true;
}
