//! Authentication: a known bearer token plus a non-empty `X-Tallyfy-Client` header.

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;

use crate::state::{Caller, Store};

/// The header every API call must carry with some non-empty value: Tallyfy's clients send
/// `APIClient` (its API docs) or `TallyfySDK` (its SDKs), and users may choose their own.
const CLIENT_HEADER: &str = "x-tallyfy-client";

/// The caller behind the request's headers, or `None` (answered with 401).
pub(crate) fn authenticate(headers: &HeaderMap, store: &Store) -> Option<Caller> {
    if headers.get(CLIENT_HEADER)?.as_bytes().trim_ascii().is_empty() {
        return None;
    }
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    store.caller(token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Seed;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn needs_token_and_client_header() {
        let store = Store::new(&Seed::default());
        let ok = headers(&[("authorization", "Bearer sandbox-admin-token"), ("x-tallyfy-client", "APIClient")]);
        assert_eq!(authenticate(&ok, &store).map(|c| c.manage), Some(true));
        let lower = headers(&[("authorization", "bearer sandbox-member-token"), ("x-tallyfy-client", "TallyfySDK")]);
        assert_eq!(authenticate(&lower, &store).map(|c| c.manage), Some(false));
        let own = headers(&[("authorization", "Bearer sandbox-admin-token"), ("x-tallyfy-client", "my-app/1.0")]);
        assert_eq!(authenticate(&own, &store).map(|c| c.manage), Some(true));
        for bad in [
            headers(&[("authorization", "Bearer sandbox-admin-token")]),
            headers(&[("authorization", "Bearer sandbox-admin-token"), ("x-tallyfy-client", "")]),
            headers(&[("authorization", "Bearer sandbox-admin-token"), ("x-tallyfy-client", " ")]),
            headers(&[("authorization", "Basic sandbox-admin-token"), ("x-tallyfy-client", "APIClient")]),
            headers(&[("authorization", "Bearer nope"), ("x-tallyfy-client", "APIClient")]),
            headers(&[("x-tallyfy-client", "APIClient")]),
        ] {
            assert_eq!(authenticate(&bad, &store), None);
        }
    }
}
