//! Making untrusted text safe to show: bounded, single-line, free of credentials.

/// The longest message an [`crate::Error`] carries, in bytes.
pub(crate) const MAX_MESSAGE_BYTES: usize = 512;

/// `text` cut to [`MAX_MESSAGE_BYTES`] on a character boundary, control characters replaced by
/// spaces, and anything that looks like a bearer credential replaced by `[redacted]`.
///
/// Only the first few kilobytes of `text` are looked at, so the cost does not grow with it.
pub(crate) fn bounded(text: &str) -> String {
    let mut end = text.len().min(4 * MAX_MESSAGE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cleaned: String = text[..end].chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let redacted = redact_credentials(cleaned.trim());
    if redacted.len() <= MAX_MESSAGE_BYTES {
        return redacted;
    }
    let mut end = MAX_MESSAGE_BYTES - '…'.len_utf8();
    while !redacted.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = redacted[..end].to_owned();
    out.push('…');
    out
}

/// Replaces `Bearer <credential>` and JWT-shaped words (`eyJ…`) with `[redacted]`.
fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut redact_next = false;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if (redact_next && !word.is_empty()) || looks_like_jwt(word) {
            out.push_str("[redacted]");
            redact_next = false;
        } else {
            out.push_str(word);
            redact_next = word.eq_ignore_ascii_case("bearer");
        }
    }
    out
}

fn looks_like_jwt(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    word.len() >= 20 && word.starts_with("eyJ") && word.bytes().filter(|&b| b == b'.').count() >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_cleans() {
        let long = "é".repeat(1000);
        let out = bounded(&long);
        assert!(out.len() <= MAX_MESSAGE_BYTES);
        assert!(out.ends_with('…'));
        assert_eq!(bounded("a\r\nb"), "a  b");
    }

    #[test]
    fn redacts_bearer_and_jwt() {
        assert_eq!(bounded("bad Bearer abc.def"), "bad Bearer [redacted]");
        assert_eq!(bounded("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig expired"), "token [redacted] expired");
        assert_eq!(bounded("plain words"), "plain words");
    }
}
