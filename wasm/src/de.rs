//! A serde `Deserializer` over a JavaScript value, so that the core's own visitors read JS
//! arguments exactly as they read JSON text.
//!
//! serde-wasm-bindgen's deserializer cannot be used for inputs: it reports `undefined` and
//! `null` alike (`visit_unit`), and a BigInt as the integer it holds (`7n` reads as `7`), which
//! would make `undefined` properties errors and coerce BigInts (`tests/web.rs` shows both).
//! This one signals them as the core expects (see `tallyfy_core::Given`): `undefined` is
//! `visit_none`, `null` is `visit_unit`, a BigInt is `visit_i128`, and a symbol, a function or
//! binary data is `visit_bytes`. Values that are only skipped are never walked, so cycles and
//! deep nesting cost nothing.

use js_sys::{Array, ArrayBuffer, Object, Reflect};
use serde::de::value::Error;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use wasm_bindgen::{JsCast, JsValue};

/// The largest safe integer, 2^53 - 1.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A JavaScript value to read with serde.
pub struct Js(pub JsValue);

impl<'de> de::Deserializer<'de> for Js {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0;
        if let Some(text) = value.as_string() {
            return visitor.visit_string(text);
        }
        if let Some(n) = value.as_f64() {
            return if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
                // A safe integer: exact as an integer (-0 reads as 0).
                if n >= 0.0 {
                    visitor.visit_u64(n as u64)
                } else {
                    visitor.visit_i64(n as i64)
                }
            } else {
                visitor.visit_f64(n)
            };
        }
        if value.is_undefined() {
            return visitor.visit_none();
        }
        if value.is_null() {
            return visitor.visit_unit();
        }
        if let Some(b) = value.as_bool() {
            return visitor.visit_bool(b);
        }
        if value.is_bigint() {
            return visitor.visit_i128(0);
        }
        if Array::is_array(&value) {
            let array: Array = value.unchecked_into();
            let len = array.length();
            return visitor.visit_seq(Items { array, index: 0, len });
        }
        if !value.is_object() || ArrayBuffer::is_view(&value) || value.is_instance_of::<ArrayBuffer>() {
            // A symbol, a function, binary data: no JSON meaning.
            return visitor.visit_bytes(&[]);
        }
        // A Map, a Headers or any other iterable of [key, value] pairs; else a plain object's
        // own enumerable properties.
        let entries = match js_sys::try_iter(&value) {
            Ok(Some(iter)) => iter.collect::<Result<Array, _>>().unwrap_or_default(),
            _ => Object::entries(value.unchecked_ref()),
        };
        let len = entries.length();
        visitor.visit_map(Entries { entries, index: 0, len, value: None })
    }

    /// Skipped values are not walked.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

/// An array's items.
struct Items {
    array: Array,
    index: u32,
    len: u32,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.index >= self.len {
            return Ok(None);
        }
        let item = self.array.get(self.index);
        self.index += 1;
        seed.deserialize(Js(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        usize::try_from(self.len - self.index).ok()
    }
}

/// An object's `[key, value]` entries.
struct Entries {
    entries: Array,
    index: u32,
    len: u32,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.index >= self.len {
            return Ok(None);
        }
        let entry = self.entries.get(self.index);
        self.index += 1;
        let key = Reflect::get_u32(&entry, 0).unwrap_or(JsValue::UNDEFINED);
        self.value = Some(Reflect::get_u32(&entry, 1).unwrap_or(JsValue::UNDEFINED));
        match key.as_string() {
            // Keys are strings almost always: read them without a round of type checks.
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => seed.deserialize(Js(key)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Js(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }

    fn size_hint(&self) -> Option<usize> {
        usize::try_from(self.len - self.index).ok()
    }
}
