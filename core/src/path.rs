//! Path ids and percent-encoding: no id can change the path or the query.

use crate::error::{FieldCode, FieldError};

/// The longest id accepted, in characters.
const MAX_ID_CHARS: usize = 255;

/// Checks a path id (`org_id`, `group_id`) and returns it percent-encoded as one segment.
/// Problems are pushed onto `errors`.
pub(crate) fn segment(field: &str, id: &str, errors: &mut Vec<FieldError>) -> String {
    if id.is_empty() {
        errors.push(FieldError::new(field, FieldCode::Required, format!("{field} is required")));
    } else if id == "." || id == ".." {
        errors.push(FieldError::new(field, FieldCode::InvalidFormat, format!("{field} must not be . or ..")));
    } else if id.chars().count() > MAX_ID_CHARS {
        errors.push(FieldError::new(
            field,
            FieldCode::TooLong,
            format!("{field} is longer than {MAX_ID_CHARS} characters"),
        ));
    }
    let mut out = String::with_capacity(id.len());
    encode_into(&mut out, id);
    out
}

/// Appends `text` percent-encoded: everything but RFC 3986 unreserved characters is escaped,
/// so a space becomes `%20` and `+`, `/`, `?`, `#` and `&` can never act as delimiters.
pub(crate) fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_every_delimiter() {
        let mut errors = Vec::new();
        assert_eq!(segment("org_id", "a/b?c#d e+f%é", &mut errors), "a%2Fb%3Fc%23d%20e%2Bf%25%C3%A9");
        assert!(errors.is_empty());
        segment("org_id", "..", &mut errors);
        segment("group_id", "", &mut errors);
        segment("group_id", &"x".repeat(256), &mut errors);
        let codes: Vec<_> = errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [FieldCode::InvalidFormat, FieldCode::Required, FieldCode::TooLong]);
    }
}
