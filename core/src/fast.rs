//! The typed fast path of the collecting readers ([`Object`], [`Given`]).
//!
//! The collecting readers ask for every value as "any value", so that a value of the wrong type
//! becomes a problem to report rather than a failed read. A deserializer that tells a value's
//! type by testing one type after another pays for that: serde-wasm-bindgen crosses into
//! JavaScript for each test, five crossings for a string and about a dozen for an object. The
//! fast path asks for each value as the type its shape expects ([`Shape::HINTS`]): a string, a
//! whole number, an array of them, or `null`. It succeeds only when every value is of the type
//! asked for and every key is a known one given once, and then gives exactly what the
//! collecting reader gives; on anything else it fails, and the caller reads the value again
//! with the collecting reader, which reports every problem. A container is accepted only when
//! the deserializer tells its length, as it does for a plain object's own entries and an
//! array's items: serde-wasm-bindgen walks a `Map`, an iterable or typed array without one,
//! and the collecting reader reads those differently (typed arrays hold no JSON value).
//!
//! `null` asked for as an optional value reads as [`Given::Null`], as the collecting reader
//! reads every nullish value of serde-wasm-bindgen and serde_json (`undefined` included: the
//! reader that tells it apart, `src/plain.js` of the wasm crate, leaves such keys out).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::given::{Given, GivenVisitor, Object, RawObject, Root, Shape};

/// How the fast path asks for the value of a known key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Any value, as the collecting reader asks for it.
    Any,
    /// A string, or `null`.
    Text,
    /// A whole number from 0 up, or `null`.
    Count,
    /// An array of strings, or `null`.
    Texts,
    /// An array of whole numbers from 0 up, or `null`.
    Counts,
}

/// A value read by the typed fast path (see the module's docs): an [`Object`] of any shape
/// (asked for as a map: `null` and every other value fail), or a [`Given`] asked for as a
/// string (a path id). Reading fails wherever the fast path does not apply; read the same value
/// with `T`'s own reader then. (serde-wasm-bindgen asked for a map throws inside JavaScript for
/// a value that is not an object: call it for objects only.)
#[derive(Debug, PartialEq)]
pub struct Fast<T>(pub T);

/// The error that ends the fast path (the message is never shown: the caller reads again).
#[cold]
fn off_path<E: de::Error>() -> E {
    E::custom("off the fast path")
}

impl<'de, S: Shape> Deserialize<'de> for Fast<Object<S>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = deserializer.deserialize_map(FastObject { keys: S::KEYS, hints: S::HINTS })?;
        Ok(Fast(Object { raw, shape: PhantomData }))
    }
}

impl<'de> Deserialize<'de> for Fast<Given> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Typed(Hint::Text).deserialize(deserializer).map(Fast)
    }
}

/// Reads an object against its known keys and their hints (one reader for every shape).
struct FastObject {
    keys: &'static [&'static str],
    hints: &'static [Hint],
}

impl<'de> Visitor<'de> for FastObject {
    type Value = RawObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawObject, A::Error> {
        if map.size_hint().is_none() {
            return Err(off_path());
        }
        let mut object = RawObject::empty(self.keys.len(), Root::Object);
        while let Some(key) = map.next_key::<String>()? {
            let i = self.keys.iter().position(|k| *k == key).ok_or_else(off_path)?;
            let value = map.next_value_seed(Value(self.hints.get(i).copied().unwrap_or(Hint::Any)))?;
            match object.values.get_mut(i) {
                _ if value == Given::Absent => {}
                Some(slot) if *slot == Given::Absent => *slot = value,
                _ => return Err(off_path()),
            }
        }
        Ok(object)
    }
}

/// The value of a known key, asked for as its hint says.
struct Value(Hint);

impl<'de> DeserializeSeed<'de> for Value {
    type Value = Given;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        match self.0 {
            Hint::Any => GivenVisitor { top: true }.deserialize(deserializer),
            hint => deserializer.deserialize_option(Nullable(hint)),
        }
    }
}

/// A value that may be `null`, else of the hinted type.
struct Nullable(Hint);

impl<'de> Visitor<'de> for Nullable {
    type Value = Given;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("null or a value of the hinted type")
    }

    fn visit_none<E>(self) -> Result<Given, E> {
        Ok(Given::Null)
    }

    fn visit_unit<E>(self) -> Result<Given, E> {
        Ok(Given::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        Typed(self.0).deserialize(deserializer)
    }
}

/// A value of the hinted type, never `null`.
#[derive(Clone, Copy)]
struct Typed(Hint);

impl<'de> DeserializeSeed<'de> for Typed {
    type Value = Given;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Given, D::Error> {
        match self.0 {
            Hint::Text => deserializer.deserialize_string(self),
            Hint::Count => deserializer.deserialize_u64(self),
            Hint::Texts | Hint::Counts => deserializer.deserialize_seq(self),
            Hint::Any => GivenVisitor { top: true }.deserialize(deserializer),
        }
    }
}

impl<'de> Visitor<'de> for Typed {
    type Value = Given;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value of the hinted type")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Given, E> {
        self.visit_string(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Given, E> {
        if self.0 == Hint::Text {
            Ok(Given::Text(v))
        } else {
            Err(off_path())
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Given, E> {
        if self.0 == Hint::Count {
            Ok(Given::Unsigned(v))
        } else {
            Err(off_path())
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Given, A::Error> {
        let item = match self.0 {
            Hint::Texts => Typed(Hint::Text),
            Hint::Counts => Typed(Hint::Count),
            _ => return Err(off_path()),
        };
        let Some(len) = seq.size_hint() else {
            return Err(off_path());
        };
        let mut items = Vec::with_capacity(len.min(64));
        while let Some(value) = seq.next_element_seed(item)? {
            items.push(value);
        }
        Ok(Given::List(items))
    }
}
