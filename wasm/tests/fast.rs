//! The core's typed fast path (`tallyfy_core::Fast`) against its collecting readers, both fed
//! by serde-wasm-bindgen as the wasm exports feed them: over thousands of JavaScript values of
//! every shape a caller's argument can take after `src/plain.js` copied it (and some it
//! cannot, such as BigInts and `undefined` values), whatever the fast path reads, the
//! collecting reader reads the same; and the fast path does read most well-formed arguments.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, BigInt, Map, Object, Reflect, Uint8Array, JSON};
use serde::de::DeserializeOwned;
use tallyfy_core::{
    CallOptionsShape, ConfigShape, CurrentShape, Fast, Given, GivenConfig, GivenInput, Hint, InputShape, QueryShape,
    Shape,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A small deterministic generator (xorshift64*), so that a failure repeats.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

const NUMBERS: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    7.0,
    1001.0,
    -1.0,
    1.5,
    9_007_199_254_740_991.0,
    9_007_199_254_740_992.0,
    1e21,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    4_294_967_296.0,
];
const TEXTS: [&str; 8] = ["", "a", "tok", "é ü", "ann@example.com", "http://127.0.0.1:8080/api", "asc", "users"];

fn text(random: &mut Random) -> JsValue {
    TEXTS[random.below(TEXTS.len())].into()
}

fn count(random: &mut Random) -> JsValue {
    JsValue::from_f64([0.0, 1.0, 7.0, 1001.0, 9_007_199_254_740_991.0][random.below(5)])
}

/// Any value, `depth` levels of containers at most.
fn any(random: &mut Random, depth: u32) -> JsValue {
    let kinds = if depth == 0 { 7 } else { 11 };
    match random.below(kinds) {
        0 => JsValue::NULL,
        1 => JsValue::UNDEFINED,
        2 => JsValue::from_bool(random.one_in(2)),
        3 => JsValue::from_f64(NUMBERS[random.below(NUMBERS.len())]),
        4 => text(random),
        5 => BigInt::from(random.below(3) as u64).into(),
        6 => Uint8Array::new_with_length(random.below(2) as u32).into(),
        7 => {
            let array = Array::new();
            for _ in 0..random.below(4) {
                array.push(&any(random, depth - 1));
            }
            array.into()
        }
        8 => {
            let map = Map::new();
            for _ in 0..random.below(3) {
                let key = if random.one_in(4) { JsValue::from_f64(1.0) } else { text(random) };
                map.set(&key, &any(random, depth - 1));
            }
            map.into()
        }
        9 => {
            let object = if random.one_in(3) { Object::create(&JsValue::NULL.into()) } else { Object::new() };
            for _ in 0..random.below(3) {
                set(&object, TEXTS[random.below(TEXTS.len())], &any(random, depth - 1));
            }
            object.into()
        }
        _ => well_formed(random, ["name", "members"].as_slice(), &[Hint::Text, Hint::Counts], depth - 1),
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    Reflect::set(object, &key.into(), value).unwrap();
}

/// A value of the type `hint` asks for (or `null`).
fn hinted(random: &mut Random, hint: Hint, depth: u32) -> JsValue {
    if random.one_in(8) {
        return JsValue::NULL;
    }
    let list = |random: &mut Random, item: fn(&mut Random) -> JsValue| {
        let array = Array::new();
        for _ in 0..random.below(4) {
            array.push(&item(random));
        }
        JsValue::from(array)
    };
    match hint {
        Hint::Text => text(random),
        Hint::Count => count(random),
        Hint::Texts => list(random, text),
        Hint::Counts => list(random, count),
        Hint::Any => any(random, depth),
    }
}

/// An object of the keys `keys`, mostly with values of their hinted types; now and then a key
/// left out, a value of any type, an unknown key, or a key given as `undefined`.
fn well_formed(random: &mut Random, keys: &[&str], hints: &[Hint], depth: u32) -> JsValue {
    let object = Object::new();
    for (i, key) in keys.iter().enumerate() {
        if random.one_in(3) {
            continue;
        }
        let value = match random.below(12) {
            0 => any(random, depth),
            1 => JsValue::UNDEFINED,
            _ => hinted(random, hints.get(i).copied().unwrap_or(Hint::Any), depth),
        };
        set(&object, key, &value);
    }
    if random.one_in(6) {
        set(&object, "extra", &any(random, depth));
    }
    object.into()
}

/// Reads `value` both ways as `T`: what the fast path reads, the collecting reader must read
/// the same. Returns whether the fast path read it.
fn agree<T: DeserializeOwned + PartialEq>(value: &JsValue) -> bool
where
    Fast<T>: DeserializeOwned,
{
    let Ok(Fast(fast)) = serde_wasm_bindgen::from_value::<Fast<T>>(value.clone()) else {
        return false;
    };
    let shown = JSON::stringify(value).map(String::from).unwrap_or_default();
    let collected = serde_wasm_bindgen::from_value::<T>(value.clone());
    assert!(collected.as_ref().is_ok_and(|c| *c == fast), "the readers disagree on {shown}");
    true
}

/// Checks the readers of shape `S` on `n` values; returns how many the fast path read.
fn check_shape<S: Shape>(random: &mut Random, n: usize) -> usize {
    let mut fast = 0;
    for _ in 0..n {
        let value = if random.one_in(4) { any(random, 2) } else { well_formed(random, S::KEYS, S::HINTS, 2) };
        fast += usize::from(agree::<tallyfy_core::Object<S>>(&value));
    }
    fast
}

#[wasm_bindgen_test]
fn whatever_the_fast_path_reads_the_collecting_reader_reads_the_same() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let n = 2000;
    let read = [
        check_shape::<ConfigShape>(&mut random, n),
        check_shape::<InputShape>(&mut random, n),
        check_shape::<QueryShape>(&mut random, n),
        check_shape::<CallOptionsShape>(&mut random, n),
        check_shape::<CurrentShape>(&mut random, n),
    ];
    let mut ids = 0;
    for _ in 0..n {
        ids += usize::from(agree::<Given>(&any(&mut random, 2)));
    }
    // The fast path reads a good share of each shape's values (the rest it leaves to the
    // collecting reader), and the path ids that are strings.
    for (shape, count) in read.iter().enumerate() {
        assert!(*count > n / 5, "shape {shape}: the fast path read {count} of {n}");
    }
    assert!(ids > n / 20, "path ids: the fast path read {ids} of {n}");
}

#[wasm_bindgen_test]
fn the_fast_path_leaves_every_other_value_to_the_collecting_reader() {
    let off_path = [
        "[]",
        "[[\"accessToken\",\"t\"]]",
        "{\"accessToken\":5}",
        "{\"accessToken\":\"t\",\"token\":\"t\"}",
        "{\"name\":\"a\",\"members\":[1.5]}",
        "{\"name\":\"a\",\"members\":[-1]}",
        "{\"name\":\"a\",\"members\":[null]}",
        "{\"name\":\"a\",\"guests\":[[\"x\"]]}",
        "{\"name\":\"a\",\"members\":\"1\"}",
    ];
    for text in off_path {
        let value = JSON::parse(text).unwrap();
        assert!(serde_wasm_bindgen::from_value::<Fast<GivenConfig>>(value.clone()).is_err(), "{text}");
        assert!(serde_wasm_bindgen::from_value::<Fast<GivenInput>>(value).is_err(), "{text}");
    }
    let map = Map::new();
    map.set(&"accessToken".into(), &"t".into());
    assert!(serde_wasm_bindgen::from_value::<Fast<GivenConfig>>(map.into()).is_err());
    assert!(serde_wasm_bindgen::from_value::<Fast<GivenInput>>(Uint8Array::new_with_length(1).into()).is_err());
    let on_path = JSON::parse(r#"{"name":"a","description":"d","members":[1,2],"guests":["g@x.y"]}"#).unwrap();
    assert!(serde_wasm_bindgen::from_value::<Fast<GivenInput>>(on_path).is_ok());
}
