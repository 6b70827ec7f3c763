//! The server's guest-email rule: Laravel's default `email` rule (egulias `RFCValidation`).

/// Longest domain, in bytes (egulias `DomainTooLong`).
const DOMAIN_MAX: usize = 253;
/// Longest domain label, in characters (egulias `LabelTooLong`).
const LABEL_MAX: usize = 63;

/// Whether Laravel's `email` rule accepts `text`: a dot-atom or quoted-string local part, `@`,
/// then a dot-separated list of labels or an address literal `[…]`. Like egulias, it allows
/// non-ASCII letters, a single-label domain (`a@b`) and a local part over 64 characters (RFC
/// 5321's limit is only a warning there).
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    is_local(local) && is_domain(domain)
}

/// `dot-atom` or `quoted-string`.
fn is_local(local: &str) -> bool {
    match local.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        Some(quoted) => is_quoted_content(quoted),
        None => !local.is_empty() && local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(is_atext)),
    }
}

/// RFC 5322 `atext`, plus every non-ASCII character that is not a control (UTF-8 atext).
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c) || (!c.is_ascii() && !c.is_control())
}

/// The inside of a quoted string: no bare `"` or `\`, a `\` quotes the next character, no
/// control characters anywhere.
fn is_quoted_content(quoted: &str) -> bool {
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        let ok = match c {
            '\\' => chars.next().is_some_and(|next| !next.is_control()),
            '"' => false,
            c => !c.is_control(),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Labels of letters (any script), digits and inner hyphens, or an address literal.
fn is_domain(domain: &str) -> bool {
    if let Some(literal) = domain.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
        return !literal.is_empty()
            && literal.chars().all(|c| !c.is_control() && !c.is_whitespace() && !"[]\\".contains(c));
    }
    domain.len() <= DOMAIN_MAX
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.chars().count() <= LABEL_MAX
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_laravel_rfc_validation() {
        let long_local = format!("{}@b.de", "a".repeat(65));
        for good in [
            "a@b",
            "a@b.co",
            "client.liaison@partner.com",
            "x+tag@sub.example.org",
            "x@exämple.de",
            "ü@b.de",
            "\"a b\"@c.de",
            "\"a@b\"@c.de",
            "\"a\\\"b\"@c.de",
            "a@[127.0.0.1]",
            "a@[IPv6:::1]",
            &long_local,
        ] {
            assert!(is_email(good), "{good:?}");
        }
        let long_label = format!("a@{}.de", "b".repeat(64));
        let long_domain = format!("a@{}de", "b.".repeat(127));
        for bad in [
            "",
            "ab",
            "@b.de",
            "a@",
            "a..b@c.de",
            ".a@b.co",
            "a.@b.co",
            "a b@c.de",
            "a@b@c.de",
            "a@b..de",
            "a@.b.de",
            "a@b.de.",
            "a@-b.de",
            "a@b-.de",
            "a@b_c.de",
            "a@b.co ",
            "a\u{1}b@c.de",
            "a@b.de\u{7f}",
            "\"a\u{1}\"@c.de",
            "\"a\"b\"@c.de",
            "a@[]",
            "a@[1 2]",
            &long_label,
            &long_domain,
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
    }
}
