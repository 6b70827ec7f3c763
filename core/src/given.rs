//! Values as a caller gave them, from JSON text (serde_json) or from JavaScript (any serde
//! deserializer), read without coercion so that the core's rules can report every problem at
//! once, with field paths.
//!
//! One hand-written visitor serves every format: a value of the wrong type becomes a
//! [`Given`] variant that the rules turn into a field error, instead of failing the whole read
//! as serde's derived code would. A deserializer signals JavaScript's `undefined` with
//! `visit_none` (absent) and `null` with `visit_unit`; a BigInt with `visit_i128`/`visit_u128`;
//! a value with no JSON meaning (a symbol, a function) with `visit_bytes`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{FieldCode, FieldError};

/// 2^53: the first integer a JavaScript number cannot hold exactly.
const TWO_POW_53: f64 = 9_007_199_254_740_992.0;
/// 10^21: from here on JavaScript writes numbers with an exponent (`1e+21`).
const TEN_POW_21: f64 = 1e21;

/// One value as given, typed loosely.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Given {
    /// Not given: a missing key, or JavaScript `undefined`.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer from 0 to `u64::MAX` (a JavaScript number only when it is a safe integer).
    Unsigned(u64),
    /// A negative integer.
    Negative(i64),
    /// Any other number: with a fraction or an exponent, beyond the integer range, NaN, ±∞, or
    /// a JavaScript number that is not a safe integer.
    Float(f64),
    /// A JavaScript BigInt (never a valid value here: an id is a number).
    BigInt,
    /// A string.
    Text(String),
    /// An array and its items (an array inside an array is [`Given::Nested`]).
    List(Vec<Given>),
    /// An array inside an array (its items are skipped).
    Nested,
    /// An object (its members are skipped).
    Object,
    /// Anything else a JavaScript caller can pass: a symbol, a function.
    Other,
}

impl Given {
    /// The string, if this is one.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Given::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is `null` or absent.
    pub fn is_nullish(&self) -> bool {
        matches!(self, Given::Absent | Given::Null)
    }

    /// Whether this is a number that is a whole number but not a non-negative integer below
    /// 2^64 (a negative integer, or a large whole number such as JavaScript's `2 ** 53`):
    /// out of range rather than of the wrong type. `1.5`, NaN and numbers JavaScript writes
    /// with an exponent are of the wrong type.
    pub(crate) fn is_whole_out_of_range(&self) -> bool {
        match self {
            Given::Negative(_) => true,
            Given::Float(f) => f.fract() == 0.0 && (TWO_POW_53..TEN_POW_21).contains(&f.abs()),
            _ => false,
        }
    }

    /// Whether this is a negative number (for "must be at least 1" rather than "too large").
    pub(crate) fn is_negative(&self) -> bool {
        match self {
            Given::Negative(_) => true,
            Given::Float(f) => *f < 0.0,
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(GivenVisitor { top: true })
    }
}

/// Reads a [`Given`]; `top` is false inside an array, where arrays are skipped.
#[derive(Clone, Copy)]
pub(crate) struct GivenVisitor {
    pub(crate) top: bool,
}

impl<'de> DeserializeSeed<'de> for GivenVisitor {
    type Value = Given;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GivenVisitor {
    type Value = Given;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_none<E>(self) -> Result<Given, E> {
        Ok(Given::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_unit<E>(self) -> Result<Given, E> {
        Ok(Given::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Given, E> {
        Ok(Given::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Given, E> {
        Ok(Given::Unsigned(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Given, E> {
        Ok(u64::try_from(v).map_or(Given::Negative(v), Given::Unsigned))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Given, E> {
        Ok(Given::Float(v))
    }

    fn visit_i128<E>(self, _: i128) -> Result<Given, E> {
        Ok(Given::BigInt)
    }

    fn visit_u128<E>(self, _: u128) -> Result<Given, E> {
        Ok(Given::BigInt)
    }

    fn visit_str<E>(self, v: &str) -> Result<Given, E> {
        Ok(Given::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Given, E> {
        Ok(Given::Text(v))
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Given, E> {
        Ok(Given::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Given, A::Error> {
        if !self.top {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Given::Nested);
        }
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(GivenVisitor { top: false })? {
            items.push(item);
        }
        Ok(Given::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Given, A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value::<IgnoredAny>()?;
        }
        Ok(Given::Object)
    }
}

pub(crate) use crate::fast::Hint;

/// The keys an object of one shape may hold, and how its other keys are reported.
pub trait Shape {
    /// The known keys, in the order their problems are reported.
    const KEYS: &'static [&'static str];
    /// The prefix of the field path of an unknown key (`""`, or `"pagination."`).
    const PREFIX: &'static str;
    /// The message for an unknown key.
    const UNKNOWN: &'static str;
    /// How the typed fast path ([`crate::Fast`]) asks for each known key's value, in the order
    /// of [`Shape::KEYS`] (a key without a hint is asked for as any value).
    const HINTS: &'static [Hint] = &[];
}

/// What kind of value stood where an object was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// An object.
    Object,
    /// `null` or absent.
    Nullish,
    /// Any other value.
    Other,
}

/// An object of shape `S` as given: the value of each known key (absent when not given), and
/// the unknown and repeated keys in document order.
pub struct Object<S> {
    pub(crate) raw: RawObject,
    pub(crate) shape: PhantomData<S>,
}

/// An object as given, read against a list of known keys (one reader for every shape, so that
/// its code exists once per deserializer).
#[derive(PartialEq)]
pub(crate) struct RawObject {
    root: Root,
    pub(crate) values: Vec<Given>,
    /// Unknown keys (once each) and repeated known keys, in document order.
    keys: Vec<(String, FieldCode)>,
}

impl RawObject {
    /// An object of `len` known keys, none given, that stood as `root`.
    pub(crate) fn empty(len: usize, root: Root) -> RawObject {
        RawObject { root, values: vec![Given::Absent; len], keys: Vec::new() }
    }
}

impl<S> PartialEq for Object<S> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<S> fmt::Debug for Object<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Object").field("root", &self.raw.root).field("keys", &self.raw.keys).finish_non_exhaustive()
    }
}

impl<S: Shape> Object<S> {
    /// What kind of value was given.
    pub fn root(&self) -> Root {
        self.raw.root
    }

    /// Takes the value of the known key at index `i`, leaving it absent.
    pub(crate) fn take(&mut self, i: usize) -> Given {
        self.raw.values.get_mut(i).map(std::mem::take).unwrap_or_default()
    }

    /// Whether any known key has a value (`null` counts; absent does not).
    pub(crate) fn any_given(&self) -> bool {
        self.raw.values.iter().any(|v| *v != Given::Absent)
    }

    /// Pushes a field error for each unknown or repeated key.
    pub(crate) fn key_problems(&self, errors: &mut Vec<FieldError>) {
        for (key, code) in &self.raw.keys {
            let message = if *code == FieldCode::Duplicate { "this key is given more than once" } else { S::UNKNOWN };
            errors.push(FieldError::new(format!("{}{key}", S::PREFIX), *code, message));
        }
    }
}

impl<'de, S: Shape> Deserialize<'de> for Object<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = deserializer.deserialize_any(ObjectVisitor { keys: S::KEYS })?;
        Ok(Object { raw, shape: PhantomData })
    }
}

struct ObjectVisitor {
    keys: &'static [&'static str],
}

impl ObjectVisitor {
    fn empty(&self, root: Root) -> RawObject {
        RawObject::empty(self.keys.len(), root)
    }
}

macro_rules! not_an_object {
    ($($method:ident($($ty:ty)?)),*) => {
        $(fn $method<E>(self $(, _: $ty)?) -> Result<RawObject, E> {
            Ok(self.empty(Root::Other))
        })*
    };
}

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = RawObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_none<E>(self) -> Result<RawObject, E> {
        Ok(self.empty(Root::Nullish))
    }

    fn visit_unit<E>(self) -> Result<RawObject, E> {
        Ok(self.empty(Root::Nullish))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawObject, D::Error> {
        deserializer.deserialize_any(self)
    }

    not_an_object!(
        visit_bool(bool),
        visit_u64(u64),
        visit_i64(i64),
        visit_f64(f64),
        visit_i128(i128),
        visit_u128(u128),
        visit_str(&str),
        visit_bytes(&[u8])
    );

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawObject, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.empty(Root::Other))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawObject, A::Error> {
        let mut object = self.empty(Root::Object);
        while let Some(key) = map.next_key::<String>()? {
            match self.keys.iter().position(|k| *k == key) {
                Some(i) => {
                    let value = map.next_value::<Given>()?;
                    if value == Given::Absent {
                        continue;
                    }
                    if object.values[i] == Given::Absent {
                        object.values[i] = value;
                    } else {
                        object.keys.push((key, FieldCode::Duplicate));
                    }
                }
                None => {
                    let value = map.next_value_seed(GivenVisitor { top: false })?;
                    if value != Given::Absent && !object.keys.iter().any(|(k, _)| *k == key) {
                        object.keys.push((key, FieldCode::UnknownField));
                    }
                }
            }
        }
        Ok(object)
    }
}

/// The field error for JSON text that could not be read (`what`: "the input", "the query").
pub(crate) fn invalid_json(field: &str, what: &str, error: &crate::reading::ReadError) -> FieldError {
    FieldError::new(field, FieldCode::InvalidJson, format!("{what} is not valid JSON: {error}"))
}
