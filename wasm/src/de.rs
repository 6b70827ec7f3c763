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
//!
//! Reading a value can run the caller's code (a getter, a proxy's trap, an iterator). Every
//! call that can is made through a `catch` import or a function of `objects.js` that catches
//! (cheaper), so that what it throws never unwinds through the module (which would leak its
//! memory and its stack): the read fails instead, and the caller gets a field error naming the
//! argument.

use js_sys::{Array, ArrayBuffer, JsString, Number};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use tallyfy_core::FieldCode;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// `text.isWellFormed()`: whether a string holds no lone surrogate (ES2024; it throws
    /// where the host lacks it).
    #[wasm_bindgen(catch, js_namespace = String, js_name = "prototype.isWellFormed.call")]
    fn is_well_formed(text: &JsValue) -> Result<bool, JsValue>;

    /// `Array.from(value)`: an iterable's items in a plain array (its iterator runs here, to the
    /// end, and may throw).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn items_of(value: &JsValue) -> Result<Array, JsValue>;
}

#[wasm_bindgen(module = "/src/objects.js")]
extern "C" {
    /// `entries(value)` from `objects.js`: its own enumerable properties, key, value, key,
    /// value… in one array; undefined if a getter or a proxy's trap threw. (Read with
    /// [`array_or_threw`]: an `Option<Array>` result would cost a table slot on every call.)
    #[wasm_bindgen(js_name = entries)]
    fn own_entries(value: &JsValue) -> JsValue;

    /// `same_keys(flat, keys)` from `objects.js`: whether the keys of `flat` (from `entries`)
    /// are `keys`, in order.
    fn same_keys(flat: &Array, keys: &Array) -> bool;

    /// `keys(flat)` from `objects.js`: the keys of `flat` (from `entries`).
    fn keys(flat: &Array) -> Array;

    /// `is_array(value)` from `objects.js`: `Array.isArray(value)`; `None` if it threw (a
    /// revoked proxy).
    #[wasm_bindgen(js_name = is_array)]
    fn is_array_or_threw(value: &JsValue) -> Option<bool>;

    /// `copy_array(value)` from `objects.js`: a plain copy of an array (a proxy's traps run
    /// here, once); undefined if they threw.
    #[wasm_bindgen(js_name = copy_array)]
    fn array_copy(value: &JsValue) -> JsValue;

    /// `is_iterable(value)` from `objects.js`: whether an object has a `Symbol.iterator`;
    /// `None` if asking threw (a proxy's trap).
    fn is_iterable(value: &JsValue) -> Option<bool>;
}

/// Why a JavaScript value could not be read. (It carries no formatted text, so that no
/// formatting code is linked for it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Reading it ran the caller's code (a getter, a proxy's trap, an iterator), which threw.
    Threw,
    /// A string in it is not well-formed Unicode (it holds a lone surrogate), which UTF-8
    /// cannot carry unchanged.
    LoneSurrogate,
    /// A `Map` has keys that are not strings where an object with string keys is expected.
    KeyNotText,
}

impl Error {
    /// The field error's code for an argument that could not be read: `invalid_value` for a
    /// string UTF-8 cannot carry (as the C# binding reports it), `invalid_type` otherwise.
    pub fn code(self) -> FieldCode {
        match self {
            Error::LoneSurrogate => FieldCode::InvalidValue,
            Error::Threw | Error::KeyNotText => FieldCode::InvalidType,
        }
    }

    /// The field error's message for an argument that could not be read.
    pub fn message(self) -> &'static str {
        match self {
            Error::Threw => "cannot be read: reading it threw",
            Error::LoneSurrogate => "cannot be read: a string in it is not well-formed Unicode (a lone surrogate)",
            Error::KeyNotText => "cannot be read: it has keys that are not strings",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

/// serde's errors arise only where a key that is not a string meets a visitor that wants one.
impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error::KeyNotText
    }

    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Error::KeyNotText
    }

    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Error::KeyNotText
    }
}

/// The largest safe integer, 2^53 - 1.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A JavaScript value to read with serde.
pub struct Js(pub JsValue);

impl<'de> de::Deserializer<'de> for Js {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Each test is one call into JS that answers directly; they are ordered by how often
        // each kind appears in arguments. (`as_string` and `as_f64` answer through memory,
        // which costs more: they run only once the kind is known.)
        let value = self.0;
        if value.is_string() {
            return visitor.visit_string(text(&value)?);
        }
        if value.is_object() {
            return object(value, visitor);
        }
        if Number::is_finite(&value) {
            let n = value.unchecked_into_f64();
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
        if value.is_symbol() || value.is_function() {
            // No JSON meaning.
            return visitor.visit_bytes(&[]);
        }
        // What is left is NaN or an infinity.
        visitor.visit_f64(value.unchecked_into_f64())
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

thread_local! {
    /// The keys of the last object read: as a JS array, and copied.
    static LAST_KEYS: RefCell<Option<(Array, Rc<[String]>)>> = const { RefCell::new(None) };
}

/// The keys of `flat` (key, value, key, value…) copied. The same kind of object comes again
/// and again (an input, a query): while the keys are those of the last object read (told in
/// one call to `objects.js`), they are not copied again. (Measured: 1.3 µs off a create build.)
fn keys_of(flat: &Array) -> Result<Rc<[String]>, Error> {
    let last = LAST_KEYS.with(|last| last.borrow().clone());
    if let Some((previous, copied)) = last {
        if same_keys(flat, &previous) {
            return Ok(copied);
        }
    }
    let copied = (0..flat.length()).step_by(2).map(|i| text(&flat.get(i))).collect::<Result<Rc<[String]>, Error>>()?;
    LAST_KEYS.with(|last| *last.borrow_mut() = Some((keys(flat), Rc::clone(&copied))));
    Ok(copied)
}

#[wasm_bindgen(module = "/src/text.js")]
extern "C" {
    /// Writes the string `text` as UTF-8 at `ptr`, at most `capacity` bytes, into `memory` (the
    /// module's): the number of bytes written, or -1 if it did not fit.
    fn encode_into(memory: &JsValue, text: &JsValue, ptr: *mut u8, capacity: usize) -> i32;
}

thread_local! {
    /// The module's memory, for [`encode_into`].
    static MEMORY: JsValue = wasm_bindgen::memory();
    /// Where a text shorter than [`LONG_TEXT`] is copied to first.
    static SCRATCH: RefCell<Box<[u8]>> = RefCell::new(vec![0; 3 * LONG_TEXT as usize].into_boxed_slice());
}

/// The text of `value`, a JavaScript string, copied in one call to `text.js` (measured 1.3 µs
/// off a create build and 1.3 µs off its answer's parse against wasm-bindgen's `as_string`,
/// which still serves a text that does not fit). A lone surrogate arrives as U+FFFD; only a text holding U+FFFD is asked
/// whether it was well-formed, so that the common case costs nothing. (Where the host cannot
/// tell, the text is taken as it came.)
#[inline(never)]
fn text(value: &JsValue) -> Result<String, Error> {
    let copied = SCRATCH.with(|scratch| {
        // Busy only if the caller's code re-entered the module during a copy.
        let mut scratch = scratch.try_borrow_mut().ok()?;
        let written = MEMORY.with(|memory| encode_into(memory, value, scratch.as_mut_ptr(), scratch.len()));
        let bytes = scratch.get(..usize::try_from(written).ok()?)?;
        String::from_utf8(bytes.to_vec()).ok()
    });
    let text = copied.unwrap_or_else(|| value.as_string().unwrap_or_default());
    checked(value, text)
}

/// From this many UTF-16 units on (a page's body), `text.js` writes a text straight into a
/// buffer of its own (three bytes per unit at most); a shorter one goes through the scratch
/// buffer.
const LONG_TEXT: u32 = 4096;

/// The text of `value`, a JavaScript string that may be long (an answer's body).
pub fn long_text(value: &JsValue) -> Result<String, Error> {
    if value.unchecked_ref::<JsString>().length() < LONG_TEXT {
        return text(value);
    }
    // At most three bytes per UTF-16 unit; TextEncoder writes a lone surrogate as U+FFFD,
    // found below.
    let units = value.unchecked_ref::<JsString>().length();
    let Some(mut bytes) = usize::try_from(units).ok().and_then(|u| u.checked_mul(3)).map(|n| vec![0; n]) else {
        return checked(value, value.as_string().unwrap_or_default());
    };
    let written = MEMORY.with(|memory| encode_into(memory, value, bytes.as_mut_ptr(), bytes.len()));
    let text = match usize::try_from(written) {
        Ok(written) => {
            bytes.truncate(written);
            String::from_utf8(bytes).unwrap_or_default()
        }
        Err(_) => value.as_string().unwrap_or_default(),
    };
    checked(value, text)
}

/// `text` read from `value`, unless `value` held a lone surrogate (which became U+FFFD).
fn checked(value: &JsValue, text: String) -> Result<String, Error> {
    // U+FFFD in UTF-8 (EF BF BD): `contains` finds an EF a word at a time, and only then are
    // the windows compared, byte by byte (a slice comparison would call memcmp each time).
    let bytes = text.as_bytes();
    let replaced = bytes.contains(&0xEF) && bytes.windows(3).any(|w| w[0] == 0xEF && w[1] == 0xBF && w[2] == 0xBD);
    if replaced && !is_well_formed(value).unwrap_or(true) {
        return Err(Error::LoneSurrogate);
    }
    Ok(text)
}

/// The array a function of `objects.js` answered, or [`Error::Threw`] for undefined.
fn array_or_threw(value: JsValue) -> Result<Array, Error> {
    if value.is_undefined() {
        Err(Error::Threw)
    } else {
        Ok(value.unchecked_into())
    }
}

/// A plain copy of the array `value` (a proxy's traps run once, and may throw).
fn copy_array(value: &JsValue) -> Result<Array, Error> {
    array_or_threw(array_copy(value))
}

/// Whether `value` is an array (`Array.isArray`, which throws only for a revoked proxy).
pub fn is_array(value: &JsValue) -> Result<bool, Error> {
    is_array_or_threw(value).ok_or(Error::Threw)
}

/// `value`'s own enumerable properties, key, value, key, value… (a getter or a proxy's trap may
/// throw).
pub fn entries(value: &JsValue) -> Result<Array, Error> {
    array_or_threw(own_entries(value))
}

/// An object: an array's items, a plain object's own enumerable properties, or a Map's, a
/// Headers' or another iterable's `[key, value]` pairs; binary data has no JSON meaning. Each
/// step that runs the caller's code (a getter, a proxy's trap, an iterator) runs once, into a
/// plain array that is then read without running any, and may throw: then the value cannot be
/// read.
fn object<'de, V: Visitor<'de>>(value: JsValue, visitor: V) -> Result<V::Value, Error> {
    if is_array(&value)? {
        let array = copy_array(&value)?;
        let len = array.length();
        return visitor.visit_seq(Items { array, index: 0, len });
    }
    let iterable = is_iterable(&value).ok_or(Error::Threw)?;
    let (entries, keys) = if !iterable {
        let entries = entries(&value)?;
        let keys = keys_of(&entries)?;
        (entries, Some(keys))
    } else if ArrayBuffer::is_view(&value) {
        return visitor.visit_bytes(&[]);
    } else {
        (items_of(&value).map_err(|_| Error::Threw)?, None)
    };
    let len = entries.length();
    visitor.visit_map(Entries { entries, keys, index: 0, len, value: None })
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

/// An object's properties (flat: key, value, key, value…) or an iterable's `[key, value]`
/// entries.
struct Entries {
    entries: Array,
    /// An object's keys, when the entries are its properties laid out flat by `objects.js`.
    keys: Option<Rc<[String]>>,
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
        if let Some(keys) = &self.keys {
            let key = keys.get(self.index as usize / 2).map_or("", String::as_str);
            self.value = Some(self.entries.get(self.index + 1));
            self.index += 2;
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        let entry = self.entries.get(self.index);
        self.index += 1;
        // An iterable's entry may be anything: unless it is an array, its items read as
        // undefined.
        let (key, value) = if is_array(&entry)? {
            let entry = copy_array(&entry)?;
            (entry.get(0), entry.get(1))
        } else {
            (JsValue::UNDEFINED, JsValue::UNDEFINED)
        };
        self.value = Some(value);
        if key.is_string() {
            seed.deserialize(text(&key)?.into_deserializer()).map(Some)
        } else {
            // A key that is not a string can only be refused: it reads as `null` (serde's unit),
            // so that no typed visitor is run on a JavaScript value for a key (for a BigInt key,
            // serde's String visitor would format the number).
            seed.deserialize(().into_deserializer()).map(Some)
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Js(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }

    fn size_hint(&self) -> Option<usize> {
        let left = self.len - self.index;
        usize::try_from(if self.keys.is_some() { left / 2 } else { left }).ok()
    }
}
