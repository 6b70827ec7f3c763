//! Guest email addresses: the client refuses only what the server certainly refuses.

/// Whether `email` can be a guest's address at all: `local@domain`, split at the last `@`, with
/// a non-empty local part and a non-empty domain, and no control character (U+0000–U+001F,
/// U+007F). Everything else (dots, quoting, non-ASCII, lengths) is the server's to judge: it
/// answers 422 for what its own rule refuses, while a client that blocked an address the server
/// would take could not be worked around.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty() && !domain.is_empty() && !email.chars().any(|c| c <= '\u{1f}' || c == '\u{7f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_only_what_cannot_be_an_address() {
        let long_local = format!("{}@b.de", "a".repeat(65));
        let long = format!("{}@b.de", "a".repeat(400));
        for good in [
            "a@b",
            "a..b@c.de",
            ".a@b.co",
            "x@exämple.de",
            "ü@b.de",
            "\"a b\"@c.de",
            "a b@c.de",
            "a@b@c.de",
            "@@b",
            "a@b\u{80}",
            &long_local,
            &long,
        ] {
            assert!(is_valid_email(good), "{good:?}");
        }
        for bad in ["", "ab", "@b.de", "a@", "a@b@", "@", "a\u{0}@b.de", "a@b.de\n", "a\u{1f}@b", "a@b\u{7f}"] {
            assert!(!is_valid_email(bad), "{bad:?}");
        }
    }
}
