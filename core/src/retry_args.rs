//! The retry policy's arguments as a caller gave them (a JavaScript call).

use crate::error::{Error, FieldCode, FieldError};
use crate::given::Given;
use crate::request::Method;
use crate::retry::RetryPolicy;

/// 2^53: whole numbers from here on are not exact in JavaScript.
const TWO_POW_53: u64 = 9_007_199_254_740_992;

/// The default policy's delay before retry `attempt + 1` (see [`RetryPolicy::delay_ms`]) for
/// arguments as given: `method` one of the four names, `status` a whole number or `null` for a
/// request that got no answer (see [`RetryPolicy::no_answer_delay_ms`]), `retry_after_seconds`
/// (absent or `null`: none; it must be so without an answer) and `attempt` whole numbers; every
/// problem at once (fields `method`, `status`, `retry_after_seconds`, `attempt`).
///
/// ```
/// use tallyfy_core::{retry_delay_given, Given};
/// let delay = retry_delay_given(&Given::Text("GET".into()), &Given::Unsigned(503), &Given::Absent,
///     &Given::Unsigned(0), 0.5)?;
/// assert_eq!(delay, Some(500));
/// let no_answer = retry_delay_given(&Given::Text("POST".into()), &Given::Null, &Given::Null,
///     &Given::Unsigned(0), 0.5)?;
/// assert_eq!(no_answer, None);
/// let err = retry_delay_given(&Given::Text("PATCH".into()), &Given::Float(1.5), &Given::Absent,
///     &Given::Negative(-1), 0.5).unwrap_err();
/// assert_eq!(err.field_errors().len(), 3);
/// # Ok::<(), tallyfy_core::Error>(())
/// ```
pub fn retry_delay_given(
    method: &Given,
    status: &Given,
    retry_after_seconds: &Given,
    attempt: &Given,
    random: f64,
) -> Result<Option<u64>, Error> {
    let mut errors = Vec::new();
    let method = Method::from_argument(method.as_text().unwrap_or_default()).map_err(|e| errors.push(e)).ok();
    let answered = *status != Given::Null;
    let status = if answered { whole("status", status, u64::from(u16::MAX), &mut errors) } else { None };
    let retry_after = match retry_after_seconds {
        Given::Absent | Given::Null => None,
        _ if !answered => {
            let message = "must be null when status is null (no answer)";
            errors.push(FieldError::new("retry_after_seconds", FieldCode::InvalidValue, message));
            None
        }
        other => whole("retry_after_seconds", other, u64::MAX, &mut errors),
    };
    let attempt = whole("attempt", attempt, u64::from(u32::MAX), &mut errors);
    if !errors.is_empty() {
        return Err(Error::invalid_input(errors));
    }
    let (Some(method), Some(Ok(attempt))) = (method, attempt.map(u32::try_from)) else {
        return Ok(None);
    };
    let policy = RetryPolicy::default();
    Ok(match status.map(u16::try_from) {
        None => policy.no_answer_delay_ms(method, attempt, random),
        Some(Ok(status)) => policy.delay_ms(method, status, retry_after, attempt, random),
        Some(Err(_)) => None,
    })
}

/// A whole number from 0 to `max` (and below 2^53), or a field error: out of range for other
/// whole numbers, of the wrong type for anything else.
fn whole(field: &str, value: &Given, max: u64, errors: &mut Vec<FieldError>) -> Option<u64> {
    match value {
        Given::Unsigned(n) if *n <= max && *n < TWO_POW_53 => Some(*n),
        Given::Unsigned(_) | Given::Negative(_) => {
            errors.push(FieldError::new(field, FieldCode::OutOfRange, "out of range"));
            None
        }
        Given::Float(f) if f.fract() == 0.0 => {
            errors.push(FieldError::new(field, FieldCode::OutOfRange, "out of range"));
            None
        }
        _ => {
            errors.push(FieldError::new(field, FieldCode::InvalidType, "must be a whole number"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delay(method: &str, status: Given, retry_after: Given, attempt: u64) -> Result<Option<u64>, Error> {
        retry_delay_given(&Given::Text(method.into()), &status, &retry_after, &Given::Unsigned(attempt), 0.5)
    }

    #[test]
    fn null_status_means_no_answer() {
        assert_eq!(delay("GET", Given::Null, Given::Absent, 1).ok(), Some(Some(1_000)));
        assert_eq!(delay("DELETE", Given::Null, Given::Null, 0).ok(), Some(Some(500)));
        assert_eq!(delay("POST", Given::Null, Given::Absent, 0).ok(), Some(None));
        assert_eq!(delay("PUT", Given::Null, Given::Absent, 4).ok(), Some(None));
        let err = delay("GET", Given::Null, Given::Unsigned(2), 0).unwrap_err();
        let fields: Vec<_> = err.field_errors().iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields, [("retry_after_seconds", FieldCode::InvalidValue)]);
        let err = delay("GET", Given::Absent, Given::Absent, 0).unwrap_err();
        let fields: Vec<_> = err.field_errors().iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(fields, [("status", FieldCode::InvalidType)]);
    }
}
