//! Exact redaction: the access token a host sent, taken out of what an error shows.
//!
//! The core's messages already replace anything shaped like a credential (`Bearer …`, JWTs);
//! a host knows the token itself, so it can take out exactly that, wherever a server echoed it.

use crate::config::Config;
use crate::error::Error;
use crate::path::encode_into;
use crate::text::{bounded, MAX_MESSAGE_BYTES};

/// What replaces the token.
const REDACTED: &str = "[redacted]";

/// The shortest start of the token taken out where a bounded message was cut inside it.
const MIN_CUT_PREFIX: usize = 4;

impl Config {
    /// `text` with this config's access token replaced by `[redacted]` wherever it appears,
    /// and, when `text` is a message the core cut short (it ends with `…`), with the start of
    /// the token the cut left behind taken out too.
    ///
    /// ```
    /// use tallyfy_core::Config;
    /// let config = Config::new("tok_Secret42", None, None)?;
    /// assert_eq!(config.redact_text("echo tok_Secret42!"), "echo [redacted]!");
    /// assert_eq!(config.redact_text("cut at tok_Sec…"), "cut at [redacted]…");
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn redact_text(&self, text: &str) -> String {
        redact_token(text, self.access_token()).unwrap_or_else(|| text.to_owned())
    }

    /// Takes this config's access token out of everything `error` shows: its message, its
    /// field errors and its request id (see [`Config::redact_text`]). Hosts call it on every
    /// error of a call they made with this config, so that a server echoing the token cannot
    /// put it into an error, a log or a trace.
    ///
    /// ```
    /// use tallyfy_core::{parse_group, Config, Response};
    /// let config = Config::new("tok_Secret42", None, None)?;
    /// let body = br#"{"message":"token tok_Secret42 expired"}"#;
    /// let mut error = parse_group(&Response { status: 401, headers: &[], body }).unwrap_err();
    /// config.redact_error(&mut error);
    /// assert_eq!(error.message(), "token [redacted] expired");
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn redact_error(&self, error: &mut Error) {
        let token = self.access_token();
        error.edit_texts(|text| redact_token(text, token));
    }
}

/// `text` without `token`, as it is or percent-encoded (as a path id or a query value carries
/// it in a URL), or `None` when nothing changes.
fn redact_token(text: &str, token: &str) -> Option<String> {
    let mut encoded = String::new();
    encode_into(&mut encoded, token);
    let plain = redact(text, token);
    if encoded == token {
        return plain;
    }
    let once = plain.as_deref().unwrap_or(text);
    redact(once, &encoded).or(plain)
}

/// `text` without `secret` (see [`Config::redact_text`]), or `None` when nothing changes.
fn redact(text: &str, secret: &str) -> Option<String> {
    if secret.is_empty() {
        return None;
    }
    let mut out = if text.contains(secret) { text.replace(secret, REDACTED) } else { text.to_owned() };
    if let Some(kept) = out.strip_suffix('…') {
        let longest = (MIN_CUT_PREFIX..secret.len().min(kept.len() + 1))
            .rev()
            .find(|&n| secret.get(..n).is_some_and(|prefix| kept.ends_with(prefix)));
        if let Some(n) = longest {
            out = format!("{}{REDACTED}…", &kept[..kept.len() - n]);
        }
    }
    if out == text {
        return None;
    }
    Some(if out.len() > MAX_MESSAGE_BYTES { bounded(&out) } else { out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_every_occurrence_and_a_cut_prefix() {
        assert_eq!(redact("a SECRET b SECRET", "SECRET").as_deref(), Some("a [redacted] b [redacted]"));
        assert_eq!(redact("nothing here", "SECRET"), None);
        assert_eq!(redact("ends in SECR…", "SECRET").as_deref(), Some("ends in [redacted]…"));
        // Fewer than MIN_CUT_PREFIX characters say nothing of the token.
        assert_eq!(redact("ends in SEC…", "SECRET"), None);
        // Only a cut message (ending in …) loses a prefix.
        assert_eq!(redact("ends in SECR", "SECRET"), None);
        assert_eq!(redact("x", ""), None);
    }

    #[test]
    fn takes_out_the_percent_encoded_token_too() {
        let config = Config::new("zqTok-7f3a.x/Y~9+Q", None, None).unwrap();
        let url = "https://h/organizations/o/groups/zqTok-7f3a.x%2FY~9%2BQ";
        assert_eq!(config.redact_text(url), "https://h/organizations/o/groups/[redacted]");
        assert_eq!(config.redact_text("a zqTok-7f3a.x/Y~9+Q b"), "a [redacted] b");
        assert_eq!(config.redact_text("untouched"), "untouched");
    }

    #[test]
    fn stays_bounded() {
        let secret = "tok";
        let text = "tok ".repeat(MAX_MESSAGE_BYTES / 4);
        let out = redact(&text, secret).unwrap();
        assert!(out.len() <= MAX_MESSAGE_BYTES, "{}", out.len());
        assert!(!out.contains("tok "));
    }
}
