//! The settings of one call: exchange timeout, answer size limit, page cap, jitter seed.

use crate::error::{Error, FieldCode, FieldError};
use crate::given::{Given, Hint, Object, Root, Shape};
use crate::retry::RetryPolicy;

/// How long one HTTP exchange may take when the caller sets no `timeout_ms`: 30 s.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The longest `timeout_ms`: 2^31 - 1 ms (about 24.8 days), the longest timer every host keeps
/// (JavaScript's `setTimeout`, .NET's `int` milliseconds).
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// The largest answer body read when the caller sets no `max_answer_bytes`: 16 MiB. The
/// largest page the API sends (100 groups) fits many times over; a longer answer is refused
/// while it is read, never buffered without end.
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 16 * 1024 * 1024;

/// The most pages a "list every group" call follows: past that it fails rather than return a
/// partial list (100 pages of [`crate::LIST_ALL_PER_PAGE`] groups).
pub const MAX_PAGES: u32 = 100;

/// 2^53: whole numbers from here on are not exact in JavaScript.
const TWO_POW_53: u64 = 1 << 53;

/// The shape of call options in their JavaScript form.
#[derive(Debug)]
pub enum CallOptionsShape {}

impl Shape for CallOptionsShape {
    const KEYS: &'static [&'static str] = &["timeoutMs", "maxAnswerBytes", "maxPages", "randomSeed"];
    const PREFIX: &'static str = "";
    const UNKNOWN: &'static str = "unknown option; expected timeoutMs, maxAnswerBytes, maxPages or randomSeed";
    const HINTS: &'static [Hint] = &[Hint::Count, Hint::Count, Hint::Count, Hint::Count];
}

/// Call options as a caller gave them (a JavaScript object), before any check.
pub type GivenCallOptions = Object<CallOptionsShape>;

/// The settings of one [`crate::Call`]. `Default` gives the core's defaults and a seed of 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallOptions {
    /// The longest one HTTP exchange may take, in ms (1 to [`MAX_TIMEOUT_MS`]).
    pub timeout_ms: u32,
    /// The largest answer body, in bytes (at least 1): the host stops reading past it.
    pub max_answer_bytes: u64,
    /// The most pages a "list every group" call reads (at least 1).
    pub max_pages: u32,
    /// The seed of the retry jitter: hosts pass a random number, tests a fixed one.
    pub random_seed: u64,
    /// When and how long to wait before a retry.
    pub policy: RetryPolicy,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            max_pages: MAX_PAGES,
            random_seed: 0,
            policy: RetryPolicy::default(),
        }
    }
}

impl CallOptions {
    /// Checks the options; every problem at once (fields `timeout_ms`, `max_answer_bytes`,
    /// `max_pages`).
    ///
    /// ```
    /// use tallyfy_core::CallOptions;
    /// let err = CallOptions { timeout_ms: 0, max_pages: 0, ..Default::default() }.checked().unwrap_err();
    /// let fields: Vec<_> = err.field_errors().iter().map(|e| e.field.as_str()).collect();
    /// assert_eq!(fields, ["timeout_ms", "max_pages"]);
    /// ```
    pub fn checked(self) -> Result<CallOptions, Error> {
        let mut errors = Vec::new();
        self.check(&mut errors);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Error::invalid_input(errors))
        }
    }

    fn check(&self, errors: &mut Vec<FieldError>) {
        if !(1..=MAX_TIMEOUT_MS).contains(&self.timeout_ms) {
            errors.push(out_of_range("timeout_ms", u64::from(MAX_TIMEOUT_MS)));
        }
        if self.max_answer_bytes == 0 {
            errors.push(out_of_range("max_answer_bytes", u64::MAX));
        }
        if self.max_pages == 0 {
            errors.push(out_of_range("max_pages", u64::from(u32::MAX)));
        }
    }

    /// Reads options in their JavaScript shape `{timeoutMs?, maxAnswerBytes?, maxPages?,
    /// randomSeed?}` (`null`, absent or an absent object take the defaults; `random_seed` is
    /// the fallback seed then): whole numbers only, nothing coerced, every problem at once.
    ///
    /// ```
    /// use tallyfy_core::{CallOptions, GivenCallOptions};
    /// let given: GivenCallOptions = serde_json::from_str(r#"{"timeoutMs":1.5,"maxPages":2}"#).unwrap();
    /// let err = CallOptions::from_given(given, 7).unwrap_err();
    /// assert_eq!(err.field_errors()[0].field, "timeout_ms");
    /// let given: GivenCallOptions = serde_json::from_str(r#"{"maxPages":2}"#).unwrap();
    /// let options = CallOptions::from_given(given, 7)?;
    /// assert_eq!((options.max_pages, options.random_seed, options.timeout_ms), (2, 7, 30_000));
    /// # Ok::<(), tallyfy_core::Error>(())
    /// ```
    pub fn from_given(mut given: GivenCallOptions, random_seed: u64) -> Result<CallOptions, Error> {
        let mut options = CallOptions { random_seed, ..CallOptions::default() };
        let mut errors = Vec::new();
        match given.root() {
            Root::Nullish => return Ok(options),
            Root::Other => {
                let message = "the options must be an object {timeoutMs?, maxAnswerBytes?, maxPages?, randomSeed?}";
                return Err(Error::invalid_input(vec![FieldError::new("options", FieldCode::InvalidType, message)]));
            }
            Root::Object => {}
        }
        let fields = ["timeout_ms", "max_answer_bytes", "max_pages", "random_seed"];
        let mut read = |i: usize, max: u64| whole(fields[i], &given.take(i), max, &mut errors);
        let timeout = read(0, u64::from(MAX_TIMEOUT_MS));
        let max_bytes = read(1, u64::MAX);
        let max_pages = read(2, u64::from(u32::MAX));
        let seed = read(3, u64::MAX);
        // Each `read` was bounded by the field's type, so the conversions cannot fail.
        if let Some(n) = timeout.and_then(|n| u32::try_from(n).ok()) {
            options.timeout_ms = n;
        }
        if let Some(n) = max_bytes {
            options.max_answer_bytes = n;
        }
        if let Some(n) = max_pages.and_then(|n| u32::try_from(n).ok()) {
            options.max_pages = n;
        }
        if let Some(n) = seed {
            options.random_seed = n;
        }
        options.check(&mut errors);
        given.key_problems(&mut errors);
        if errors.is_empty() {
            Ok(options)
        } else {
            Err(Error::invalid_input(errors))
        }
    }
}

fn out_of_range(field: &str, max: u64) -> FieldError {
    FieldError::new(field, FieldCode::OutOfRange, format!("{field} must be a whole number from 1 to {max}"))
}

/// A whole number from 0 to `max` (below 2^53 for a JavaScript number), `None` when absent or
/// `null`, else a field error.
fn whole(field: &str, value: &Given, max: u64, errors: &mut Vec<FieldError>) -> Option<u64> {
    match value {
        Given::Absent | Given::Null => None,
        Given::Unsigned(n) if *n <= max && *n < TWO_POW_53 => Some(*n),
        v if matches!(v, Given::Unsigned(_)) || v.is_whole_out_of_range() => {
            errors.push(out_of_range(field, max.min(TWO_POW_53 - 1)));
            None
        }
        _ => {
            errors.push(FieldError::new(field, FieldCode::InvalidType, format!("{field} must be a whole number")));
            None
        }
    }
}
