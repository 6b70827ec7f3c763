//! Reading JSON text into the core's types with serde_json, with errors that never format the
//! value they met.
//!
//! serde_json describes a value of the wrong type with serde's `Unexpected`, whose formatting
//! of floats and strings (float printing, `Debug` escaping and their Unicode tables) is the
//! largest single item of the WebAssembly module: about 10 KB of its gzipped size. This
//! module puts [`Typed`] between serde_json and the core's types: every typed request is
//! answered by serde_json's `deserialize_any` (which never calls serde_json's type errors),
//! and the types' own visitors see [`ReadError`], which names a wrong value by its kind only
//! ("invalid type: floating point number, expected a string at line 1 column 9"). The values
//! read, the verdicts and the error positions are serde_json's.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{forward_to_deserialize_any, Deserialize};

/// `T` from the JSON text `bytes`, all of it (trailing characters other than whitespace are an
/// error), as `serde_json::from_slice` reads it.
pub(crate) fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, ReadError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(Typed(&mut deserializer))?;
    deserializer.end().map_err(from_json)?;
    Ok(value)
}

/// `T` from a success answer's body. Natively this is `serde_json::from_slice` itself: its
/// typed reading is about 6 % faster than [`Typed`]'s on a 10,000-group page, and the native
/// library has no size budget. In WebAssembly it is [`from_slice`]. Only the wording of a
/// malformed answer's message differs (natively serde_json shows the value it met).
pub(crate) fn from_answer<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, ReadError> {
    #[cfg(target_family = "wasm")]
    return from_slice(bytes);
    #[cfg(not(target_family = "wasm"))]
    serde_json::from_slice(bytes).map_err(from_json)
}

/// Why JSON text could not be read as a type: serde_json's message, with its position. (Boxed
/// once more, as serde_json's error is, so that every result the adapter passes along stays
/// small: the wasm module came out 1 KB smaller gzipped than with a plain `String`.)
#[derive(Debug)]
pub(crate) struct ReadError(Box<Message>);

/// The text of a [`ReadError`].
#[derive(Debug)]
struct Message(String);

impl ReadError {
    fn new(text: String) -> Self {
        ReadError(Box::new(Message(text)))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0 .0)
    }
}

impl std::error::Error for ReadError {}

/// The kind of a value, without the value (no float or string formatting).
fn kind<'a>(unexpected: &Unexpected<'a>) -> &'a str {
    match unexpected {
        Unexpected::Bool(_) => "boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) => "integer",
        Unexpected::Float(_) => "floating point number",
        Unexpected::Char(_) | Unexpected::Str(_) => "string",
        Unexpected::Bytes(_) => "byte array",
        Unexpected::Unit => "null",
        Unexpected::Option => "option",
        Unexpected::NewtypeStruct => "newtype struct",
        Unexpected::Seq => "array",
        Unexpected::Map => "object",
        Unexpected::Enum
        | Unexpected::UnitVariant
        | Unexpected::NewtypeVariant
        | Unexpected::TupleVariant
        | Unexpected::StructVariant => "enum variant",
        Unexpected::Other(other) => other,
    }
}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ReadError::new(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ReadError::new(format!("invalid type: {}, expected {expected}", kind(&unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ReadError::new(format!("invalid value: {}, expected {expected}", kind(&unexpected)))
    }
}

/// A serde_json deserializer (or one of its parts: a map key, an element) whose typed requests
/// are all answered by `deserialize_any`, except those serde_json answers without a type
/// error (`option`, `newtype_struct`, `ignored_any`).
struct Typed<D>(D);

/// `error` (from a type's visitor) for serde_json, which adds the position.
#[cold]
#[inline(never)]
fn to_json<E: de::Error>(error: ReadError) -> E {
    E::custom(error)
}

/// serde_json's `error` as a [`ReadError`] (for a type's visitor, or for the caller).
#[cold]
#[inline(never)]
fn from_json<E: fmt::Display>(error: E) -> ReadError {
    ReadError::new(error.to_string())
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Typed<D> {
    type Error = ReadError;

    #[inline(always)]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.0.deserialize_any(Untyped(visitor)).map_err(from_json)
    }

    #[inline(always)]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.0.deserialize_option(Untyped(visitor)).map_err(from_json)
    }

    #[inline(always)]
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.0.deserialize_newtype_struct(name, Untyped(visitor)).map_err(from_json)
    }

    #[inline(always)]
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.0.deserialize_ignored_any(Untyped(visitor)).map_err(from_json)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

/// A type's visitor, fed by serde_json: each value passes unchanged, each part (map, sequence,
/// inner value) is wrapped again, and errors change sides.
struct Untyped<V>(V);

macro_rules! pass {
    ($($method:ident($ty:ty)),*) => {
        $(#[inline(always)]
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value).map_err(to_json)
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Untyped<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String)
    );

    #[inline(always)]
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none().map_err(to_json)
    }

    #[inline(always)]
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit().map_err(to_json)
    }

    #[inline(always)]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Typed(deserializer)).map_err(to_json)
    }

    #[inline(always)]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Typed(deserializer)).map_err(to_json)
    }

    #[inline(always)]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Parts(seq)).map_err(to_json)
    }

    #[inline(always)]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Parts(map)).map_err(to_json)
    }
}

/// A map's or a sequence's parts, each read through [`Typed`].
struct Parts<A>(A);

/// A seed whose deserializer is wrapped in [`Typed`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Typed(deserializer)).map_err(to_json)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Parts<A> {
    type Error = ReadError;

    #[inline(always)]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ReadError> {
        self.0.next_element_seed(Seed(seed)).map_err(from_json)
    }

    #[inline(always)]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Parts<A> {
    type Error = ReadError;

    #[inline(always)]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ReadError> {
        self.0.next_key_seed(Seed(seed)).map_err(from_json)
    }

    #[inline(always)]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, ReadError> {
        self.0.next_value_seed(Seed(seed)).map_err(from_json)
    }

    #[inline(always)]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Shape {
        name: String,
        count: Option<u64>,
        tags: Vec<String>,
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let cases: [&[u8]; 9] = [
            br#"{"name":"a","count":3,"tags":["x","y"]}"#,
            br#"{"name":"a","count":null,"tags":[]}"#,
            br#"["a",3,["x"]]"#,
            br#"{"name":"\u00e9\ud83d\ude00","tags":[],"extra":{"deep":[1,2.5,null]}}"#,
            br#"{"name":"a","count":-1,"tags":[]}"#,
            br#"{"name":"a","count":1.5,"tags":[]}"#,
            br#"{"name":"a","name":"b","tags":[]}"#,
            br#"{"name":"a","tags":[]} x"#,
            br#"{"name":"a","tags":["#,
        ];
        for case in cases {
            let ours = from_slice::<Shape>(case);
            let theirs = serde_json::from_slice::<Shape>(case);
            assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{}", String::from_utf8_lossy(case));
            assert_eq!(ours.is_err(), theirs.is_err());
        }
        let map: BTreeMap<String, Option<u64>> = from_slice(br#"{"a":1,"b":null}"#).unwrap();
        assert_eq!(map, BTreeMap::from([("a".into(), Some(1)), ("b".into(), None)]));
    }

    #[test]
    fn errors_name_the_kind_and_keep_the_position() {
        let error = from_slice::<Shape>(br#"{"name":1.5,"tags":[]}"#).unwrap_err();
        assert_eq!(error.to_string(), "invalid type: floating point number, expected a string at line 1 column 11");
        let error = from_slice::<Shape>(br#"{"name":"a","count":-1,"tags":[]}"#).unwrap_err();
        assert_eq!(error.to_string(), "invalid value: integer, expected u64 at line 1 column 22");
        let error = from_slice::<Shape>(br#"{"name":"a","tags":[]} x"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            serde_json::from_slice::<Shape>(br#"{"name":"a","tags":[]} x"#).unwrap_err().to_string()
        );
    }
}
