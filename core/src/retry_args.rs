//! The retry policy's arguments as a caller gave them (a JavaScript call).

use crate::error::{Error, FieldCode, FieldError};
use crate::given::Given;
use crate::request::Method;
use crate::retry::RetryPolicy;

/// 2^53: whole numbers from here on are not exact in JavaScript.
const TWO_POW_53: u64 = 9_007_199_254_740_992;

/// The default policy's delay before retry `attempt + 1` (see [`RetryPolicy::delay_ms`]) for
/// arguments as given: `method` one of the four names, `status`, `retry_after_seconds` (absent
/// or `null`: none) and `attempt` whole numbers; every problem at once (fields `method`,
/// `status`, `retry_after_seconds`, `attempt`).
///
/// ```
/// use tallyfy_core::{retry_delay_given, Given};
/// let delay = retry_delay_given(&Given::Text("GET".into()), &Given::Unsigned(503), &Given::Absent,
///     &Given::Unsigned(0), 0.5)?;
/// assert_eq!(delay, Some(500));
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
    let method = method.as_text().and_then(Method::parse);
    if method.is_none() {
        errors.push(FieldError::new("method", FieldCode::InvalidValue, "must be GET, POST, PUT or DELETE"));
    }
    let status = whole("status", status, u64::from(u16::MAX), &mut errors);
    let retry_after = match retry_after_seconds {
        Given::Absent | Given::Null => None,
        other => whole("retry_after_seconds", other, u64::MAX, &mut errors),
    };
    let attempt = whole("attempt", attempt, u64::from(u32::MAX), &mut errors);
    if !errors.is_empty() {
        return Err(Error::invalid_input(errors));
    }
    let (Some(method), Some(status), Some(attempt)) = (method, status, attempt) else {
        return Ok(None);
    };
    let (Ok(status), Ok(attempt)) = (u16::try_from(status), u32::try_from(attempt)) else {
        return Ok(None);
    };
    Ok(RetryPolicy::default().delay_ms(method, status, retry_after, attempt, random))
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
