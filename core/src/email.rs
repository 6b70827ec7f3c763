//! Email addresses: the WHATWG HTML "valid email address" rule.

/// The longest address accepted, in characters (RFC 5321's path limit less the brackets).
pub(crate) const MAX_EMAIL_LEN: usize = 254;

/// Whether `email` is a valid email address as HTML's `<input type=email>` defines it:
/// `1*( atext / "." ) "@" label *( "." label )`, each label 1–63 letters, digits or
/// hyphens that neither starts nor ends with a hyphen; at most 254 characters.
pub(crate) fn is_valid_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL_LEN {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty() && local.bytes().all(is_local_byte) && !domain.is_empty() && domain.split('.').all(is_label)
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b)
}

fn is_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatwg_rule() {
        for good in ["a@b", "client.liaison@partner.com", "x+tag@sub.example.co", "a.b.@c-d.e", "!#$%&'*+/=?^_`{|}~-@x"]
        {
            assert!(is_valid_email(good), "{good}");
        }
        let long_label = format!("a@{}.com", "b".repeat(64));
        for bad in ["", "@b", "a@", "a@@b", "a b@c", "a@b..c", "a@-b", "a@b-", "a@b_c", "é@b.c", "a@b.c.", &long_label]
        {
            assert!(!is_valid_email(bad), "{bad}");
        }
        let at_limit = format!("{}@b.c", "a".repeat(MAX_EMAIL_LEN - 4));
        assert!(is_valid_email(&at_limit));
        assert!(!is_valid_email(&format!("a{at_limit}")));
    }
}
