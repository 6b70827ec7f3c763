//! Authentication: a known bearer token plus `X-Tallyfy-Client: APIClient`.

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;

use crate::state::{Caller, Store};

/// The header every API call must carry, with the value [`CLIENT_VALUE`].
const CLIENT_HEADER: &str = "x-tallyfy-client";
/// The only accepted value of [`CLIENT_HEADER`].
const CLIENT_VALUE: &str = "APIClient";

/// The caller behind the request's headers, or `None` (answered with 401).
pub(crate) fn authenticate(headers: &HeaderMap, store: &Store) -> Option<Caller> {
    if headers.get(CLIENT_HEADER)? != CLIENT_VALUE {
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
        let lower = headers(&[("authorization", "bearer sandbox-member-token"), ("x-tallyfy-client", "APIClient")]);
        assert_eq!(authenticate(&lower, &store).map(|c| c.manage), Some(false));
        for bad in [
            headers(&[("authorization", "Bearer sandbox-admin-token")]),
            headers(&[("authorization", "Bearer sandbox-admin-token"), ("x-tallyfy-client", "apiclient")]),
            headers(&[("authorization", "Basic sandbox-admin-token"), ("x-tallyfy-client", "APIClient")]),
            headers(&[("authorization", "Bearer nope"), ("x-tallyfy-client", "APIClient")]),
            headers(&[("x-tallyfy-client", "APIClient")]),
        ] {
            assert_eq!(authenticate(&bad, &store), None);
        }
    }
}
