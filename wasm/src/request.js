// Builds the request objects of the build functions (`lib.rs`): the parts that repeat from
// call to call (method and headers) come from an earlier request of the same kind, so that
// only the URL and the body cross as text.

/**
 * A fresh request `{method, url, headers, body?}`: `method` and a copy of `headers` from
 * `frame` (an earlier request object), `url` and `body` (left out when undefined).
 */
export function request(frame, url, body) {
  const r = { method: frame.method, url, headers: { ...frame.headers } };
  if (body !== undefined) r.body = body;
  return r;
}
