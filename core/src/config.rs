//! Connection settings: access token, base URL and client header.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, FieldCode, FieldError};
use crate::given::{Given, Hint, Object, Root, Shape};

/// The base URL used when none is given.
pub const DEFAULT_BASE_URL: &str = "https://go.tallyfy.com/api";
/// The `X-Tallyfy-Client` value used when none is given.
pub const DEFAULT_CLIENT_HEADER: &str = "APIClient";

/// The shape of a config in its JavaScript form: `{accessToken, baseUrl?, clientHeader?}`.
#[derive(Debug)]
pub enum ConfigShape {}

impl Shape for ConfigShape {
    const KEYS: &'static [&'static str] = &["accessToken", "baseUrl", "clientHeader"];
    const PREFIX: &'static str = "";
    const UNKNOWN: &'static str = "unknown config property; expected accessToken, baseUrl or clientHeader";
    const HINTS: &'static [Hint] = &[Hint::Text, Hint::Text, Hint::Text];
}

/// A config as a caller gave it (a JavaScript object), before any check.
pub type GivenConfig = Object<ConfigShape>;

const MAX_TOKEN_LEN: usize = 8192;
const MAX_CLIENT_HEADER_LEN: usize = 128;
const MAX_BASE_URL_LEN: usize = 2048;

/// Validated connection settings. Its `Debug` output never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    authorization: String,
    base_url: String,
    client_header: String,
}

impl Config {
    /// Checks and normalises the settings; every problem is reported at once, under the fields
    /// `access_token`, `base_url` and `client_header`.
    ///
    /// - The token must be an RFC 6750 bearer token: letters, digits and `-._~+/`, then
    ///   optional `=` padding; no spaces or control characters.
    /// - The base URL defaults to [`DEFAULT_BASE_URL`]; it must be `https://`, or `http://` to a
    ///   loopback host (`localhost`, `127.0.0.0/8`, `[::1]`); no credentials, query or fragment;
    ///   trailing slashes are removed and the scheme and host lower-cased.
    /// - The client header defaults to [`DEFAULT_CLIENT_HEADER`]; visible ASCII only.
    ///
    /// ```
    /// use tallyfy_core::{Config, ErrorCode};
    /// let config = Config::new("tok", Some("http://127.0.0.1:8080/api/"), None)?;
    /// assert_eq!(config.base_url(), "http://127.0.0.1:8080/api");
    /// let err = Config::new("bad\r\ntoken", Some("http://example.com"), None).unwrap_err();
    /// assert_eq!(err.code(), ErrorCode::InvalidInput);
    /// assert_eq!(err.field_errors().len(), 2);
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn new(access_token: &str, base_url: Option<&str>, client_header: Option<&str>) -> Result<Config, Error> {
        let mut errors = Vec::new();
        if let Err(e) = check_token(access_token) {
            errors.push(e);
        }
        let base_url = match normalize_base_url(base_url.unwrap_or(DEFAULT_BASE_URL)) {
            Ok(url) => url,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let client_header = client_header.unwrap_or(DEFAULT_CLIENT_HEADER);
        if let Err(e) = check_client_header(client_header) {
            errors.push(e);
        }
        if !errors.is_empty() {
            return Err(Error::invalid_input(errors));
        }
        Ok(Config {
            authorization: format!("Bearer {access_token}"),
            base_url,
            client_header: client_header.to_owned(),
        })
    }

    /// Reads a config in its JavaScript shape `{accessToken, baseUrl?, clientHeader?}`
    /// (`null` or absent values take the defaults): every problem at once, in the order
    /// `access_token`, `base_url`, `client_header`, then unknown and repeated keys.
    ///
    /// ```
    /// use tallyfy_core::{Config, GivenConfig};
    /// let given: GivenConfig = serde_json::from_str(r#"{"accessToken":5,"token":"t"}"#).unwrap();
    /// let err = Config::from_given(given).unwrap_err();
    /// let fields: Vec<_> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
    /// assert_eq!(fields, ["access_token", "token"]);
    /// ```
    pub fn from_given(mut given: GivenConfig) -> Result<Config, Error> {
        const FIELDS: [&str; 3] = ["access_token", "base_url", "client_header"];
        if given.root() != Root::Object {
            return Err(Error::invalid_input(vec![FieldError::new(
                "config",
                FieldCode::InvalidType,
                "the config must be an object {accessToken, baseUrl?, clientHeader?}",
            )]));
        }
        let mut texts: [Option<String>; 3] = Default::default();
        let mut wrong_type = [false; 3];
        for (i, text) in texts.iter_mut().enumerate() {
            match given.take(i) {
                Given::Absent | Given::Null => {}
                Given::Text(s) => *text = Some(s),
                _ => wrong_type[i] = true,
            }
        }
        // A token of the wrong type is reported as such; "x" keeps it from counting as missing.
        let token = texts[0].as_deref().unwrap_or(if wrong_type[0] { "x" } else { "" });
        let made = Config::new(token, texts[1].as_deref(), texts[2].as_deref());
        let core_errors = made.as_ref().err().map(Error::field_errors).unwrap_or_default();
        let mut errors = Vec::new();
        for (i, name) in FIELDS.iter().enumerate() {
            if wrong_type[i] {
                errors.push(FieldError::new(*name, FieldCode::InvalidType, "must be a string"));
            }
            errors.extend(core_errors.iter().filter(|e| e.field == *name).cloned());
        }
        given.key_problems(&mut errors);
        if errors.is_empty() {
            made
        } else {
            Err(Error::invalid_input(errors))
        }
    }

    /// The same settings with another `X-Tallyfy-Client` value, checked as in [`Config::new`]
    /// (field `client_header`).
    ///
    /// ```
    /// use tallyfy_core::Config;
    /// let config = Config::new("tok", None, None)?.with_client_header("MyApp/2.0")?;
    /// assert_eq!(config.client_header(), "MyApp/2.0");
    /// assert!(config.with_client_header("bad\r\nvalue").is_err());
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn with_client_header(&self, client_header: &str) -> Result<Config, Error> {
        check_client_header(client_header).map_err(|e| Error::invalid_input(vec![e]))?;
        Ok(Config { client_header: client_header.to_owned(), ..self.clone() })
    }

    /// The normalised base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The `X-Tallyfy-Client` header value.
    pub fn client_header(&self) -> &str {
        &self.client_header
    }

    pub(crate) fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The access token (the `Authorization` value after `Bearer `).
    pub(crate) fn access_token(&self) -> &str {
        self.authorization.strip_prefix("Bearer ").unwrap_or_default()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("access_token", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("client_header", &self.client_header)
            .finish()
    }
}

fn check_token(token: &str) -> Result<(), FieldError> {
    const FIELD: &str = "access_token";
    if token.is_empty() {
        return Err(FieldError::new(FIELD, FieldCode::Required, "an access token is required"));
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(FieldError::new(FIELD, FieldCode::TooLong, "the access token is longer than 8192 bytes"));
    }
    let body = token.trim_end_matches('=');
    let valid = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/'));
    if valid {
        Ok(())
    } else {
        Err(FieldError::new(
            FIELD,
            FieldCode::InvalidFormat,
            "the access token may hold only letters, digits and -._~+/ (then = padding); no spaces or control characters",
        ))
    }
}

fn check_client_header(value: &str) -> Result<(), FieldError> {
    const FIELD: &str = "client_header";
    if value.is_empty() {
        return Err(FieldError::new(FIELD, FieldCode::Required, "the client header must not be empty"));
    }
    if value.len() > MAX_CLIENT_HEADER_LEN {
        return Err(FieldError::new(FIELD, FieldCode::TooLong, "the client header is longer than 128 bytes"));
    }
    if value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(FieldError::new(
            FIELD,
            FieldCode::InvalidFormat,
            "the client header may hold only visible ASCII characters",
        ))
    }
}

fn url_error(message: &str) -> FieldError {
    FieldError::new("base_url", FieldCode::InvalidFormat, message)
}

/// Parses an absolute http(s) URL and returns it normalised.
fn normalize_base_url(url: &str) -> Result<String, FieldError> {
    if url.len() > MAX_BASE_URL_LEN {
        return Err(FieldError::new("base_url", FieldCode::TooLong, "the base URL is longer than 2048 bytes"));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| url_error("the base URL must be absolute, such as https://go.tallyfy.com/api"))?;
    let secure = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(url_error("the base URL must use https:// (or http:// to a loopback host)"));
    };
    if rest.contains(['?', '#']) {
        return Err(url_error("the base URL must not have a query or a fragment"));
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    if authority.contains('@') {
        return Err(url_error("the base URL must not carry credentials"));
    }
    let (host, port) = split_host_port(authority)?;
    let host = host.to_ascii_lowercase();
    if !secure && !is_loopback(&host) {
        return Err(FieldError::new(
            "base_url",
            FieldCode::InsecureScheme,
            "plain http:// is allowed only to loopback hosts (localhost, 127.0.0.0/8, [::1]); use https://",
        ));
    }
    if !path.bytes().all(is_path_byte) {
        return Err(url_error("the base URL's path has characters that must be percent-encoded"));
    }
    let path = path.trim_end_matches('/');
    let mut out = String::with_capacity(url.len());
    out.push_str(if secure { "https://" } else { "http://" });
    out.push_str(&host);
    if let Some(port) = port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str(path);
    Ok(out)
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), FieldError> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']').ok_or_else(|| url_error("the base URL's IPv6 host is missing its ]"))?;
        let literal = &rest[..end];
        if literal.parse::<Ipv6Addr>().is_err() {
            return Err(url_error("the base URL's IPv6 host is not a valid address"));
        }
        let after = &rest[end + 1..];
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or_else(|| url_error("the base URL's host is malformed"))?),
        };
        (&authority[..end + 2], port)
    } else {
        let (host, port) = authority.split_once(':').map_or((authority, None), |(h, p)| (h, Some(p)));
        let labels_ok = host
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        if host.is_empty() || host.len() > 253 || !labels_ok {
            return Err(url_error("the base URL's host is not a valid host name"));
        }
        (host, port)
    };
    if let Some(p) = port {
        let valid = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
        if !valid || !(1..=65535).contains(&p.parse::<u32>().unwrap_or(0)) {
            return Err(url_error("the base URL's port must be a number from 1 to 65535"));
        }
    }
    Ok((host, port))
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback());
    }
    host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// RFC 3986 `pchar` and `/`, with `%` allowed for percent-encoded bytes.
fn is_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> Result<String, FieldCode> {
        normalize_base_url(url).map_err(|e| e.code)
    }

    #[test]
    fn base_urls() {
        assert_eq!(base("https://api.tallyfy.com").unwrap(), "https://api.tallyfy.com");
        assert_eq!(base("HTTPS://Go.Tallyfy.com/api//").unwrap(), "https://go.tallyfy.com/api");
        assert_eq!(base("http://localhost:3000/api").unwrap(), "http://localhost:3000/api");
        assert_eq!(base("http://127.9.0.1/api").unwrap(), "http://127.9.0.1/api");
        assert_eq!(base("http://[::1]:8080/").unwrap(), "http://[::1]:8080");
        assert_eq!(base("http://10.0.0.1/api"), Err(FieldCode::InsecureScheme));
        assert_eq!(base("http://localhost.evil.com/"), Err(FieldCode::InsecureScheme));
        assert_eq!(base("ftp://x"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://user:pw@host"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://host/api?x=1"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://host:0"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://host:99999"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://ho st"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://host/a b"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("https://"), Err(FieldCode::InvalidFormat));
        assert_eq!(base("api.tallyfy.com"), Err(FieldCode::InvalidFormat));
    }

    #[test]
    fn tokens() {
        assert!(check_token("abc.DEF-_~+/123==").is_ok());
        assert_eq!(check_token("").unwrap_err().code, FieldCode::Required);
        for bad in ["a b", "a\r\nX-Evil: 1", "=", "tok=en", "é"] {
            assert_eq!(check_token(bad).unwrap_err().code, FieldCode::InvalidFormat, "{bad}");
        }
    }

    #[test]
    fn debug_hides_token() {
        let config = Config::new("secret-token", None, None).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
    }
}
