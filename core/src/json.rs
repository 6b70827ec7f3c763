//! A small, strict JSON reader and writer (RFC 8259), made for this crate's needs.
//!
//! The core reads JSON in two ways: [`Reader`] walks a document without building a tree (used
//! for answers, where speed matters), and [`parse`] builds a [`Value`] tree that borrows from
//! the input (used for inputs and error bodies). Numbers are kept as their text: the core only
//! needs integers, so no floating-point parsing or formatting code is ever linked in. This
//! keeps the WebAssembly build small. Bindings may use it to read the JSON their host hands
//! them.

use std::borrow::Cow;
use std::fmt;

/// How deep arrays and objects may nest.
const MAX_DEPTH: u32 = 128;

/// Why a document could not be read: a syntax error or an unexpected shape, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    message: Cow<'static, str>,
    offset: usize,
}

impl JsonError {
    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset in the input where it went wrong.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

/// A JSON number, kept as its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a>(&'a str);

impl<'a> Number<'a> {
    /// The number as written.
    pub fn as_text(&self) -> &'a str {
        self.0
    }

    /// The number if it is written as a non-negative integer that fits in `u64`
    /// (`1.0` and `1e3` are not integers here).
    pub fn as_u64(&self) -> Option<u64> {
        let digits = self.0.as_bytes();
        if digits.first() == Some(&b'-') || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0.parse().ok()
    }

    /// The number if it is written as an integer that fits in `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        let digits = self.0.strip_prefix('-').unwrap_or(self.0);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.0.parse().ok()
    }
}

/// What kind of value comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// The kind's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// A JSON value whose strings borrow from the input where they hold no escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as its text.
    Number(Number<'a>),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members in document order (a repeated key appears twice; [`Value::get`]
    /// finds the last, as most JSON readers do).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The kind of this value.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    /// The member `key` of an object (the last one if repeated); `None` for other values.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as `u64`, if this is a non-negative integer (see [`Number::as_u64`]).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as `i64`, if this is an integer (see [`Number::as_i64`]).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n.0),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Reads one whole JSON document (white space around it allowed, nothing else).
///
/// ```
/// use tallyfy_core::json;
/// let value = json::parse(br#"{"a":[1,"x",null],"a":true}"#).unwrap();
/// assert_eq!(value.get("a"), Some(&json::Value::Bool(true)));
/// assert!(json::parse(b"[1,]").is_err());
/// ```
pub fn parse(input: &[u8]) -> Result<Value<'_>, JsonError> {
    let mut reader = Reader::new(input);
    let value = reader.value()?;
    reader.end()?;
    Ok(value)
}

/// A cursor over a JSON document that reads it value by value, without building a tree.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0, depth: 0 }
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<Cow<'static, str>>) -> JsonError {
        JsonError { message: message.into(), offset: self.pos }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The kind of the next value (white space skipped).
    pub fn peek(&mut self) -> Result<Kind, JsonError> {
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b'n') => Ok(Kind::Null),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b'"') => Ok(Kind::String),
            Some(b'[') => Ok(Kind::Array),
            Some(b'{') => Ok(Kind::Object),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    /// Checks that only white space is left.
    pub fn end(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(self.error("trailing characters after the value"))
        }
    }

    fn literal(&mut self, word: &'static str) -> Result<(), JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn expect_kind(&mut self, kind: Kind) -> Result<(), JsonError> {
        self.skip_ws();
        // The common case first: the byte that starts a value of `kind`.
        let fits = matches!(
            (kind, self.bytes.get(self.pos)),
            (Kind::String, Some(b'"'))
                | (Kind::Object, Some(b'{'))
                | (Kind::Array, Some(b'['))
                | (Kind::Number, Some(b'-' | b'0'..=b'9'))
        );
        if fits {
            return Ok(());
        }
        let found = self.peek()?;
        if found == kind {
            Ok(())
        } else {
            Err(self.error(format!("expected {}, found {}", kind.name(), found.name())))
        }
    }

    /// Reads `null`, or `None` and nothing if the next value is not null.
    pub fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek()? == Kind::Null {
            self.literal("null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads a boolean.
    pub fn bool(&mut self) -> Result<bool, JsonError> {
        self.expect_kind(Kind::Bool)?;
        if self.bytes[self.pos] == b't' {
            self.literal("true").map(|()| true)
        } else {
            self.literal("false").map(|()| false)
        }
    }

    /// Reads a number.
    pub fn number(&mut self) -> Result<Number<'a>, JsonError> {
        self.expect_kind(Kind::Number)?;
        let start = self.pos;
        let bytes = self.bytes;
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos > from
        };
        let mut pos = self.pos;
        if bytes[pos] == b'-' {
            pos += 1;
        }
        let leading_zero = bytes.get(pos) == Some(&b'0');
        if !digits(&mut pos) || (leading_zero && pos - start > 1 + usize::from(bytes[start] == b'-')) {
            self.pos = pos;
            return Err(self.error("invalid number"));
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !digits(&mut pos) {
                self.pos = pos;
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if !digits(&mut pos) {
                self.pos = pos;
                return Err(self.error("invalid number"));
            }
        }
        self.pos = pos;
        // The bytes are ASCII digits and signs: always UTF-8.
        let text = std::str::from_utf8(&bytes[start..pos]).map_err(|_| self.error("invalid number"))?;
        Ok(Number(text))
    }

    /// Reads a number and returns it if it is a non-negative integer that fits in `u64`
    /// (see [`Number::as_u64`]), in one pass for the usual plain digits.
    pub fn unsigned(&mut self) -> Result<Option<u64>, JsonError> {
        self.expect_kind(Kind::Number)?;
        let (start, bytes) = (self.pos, self.bytes);
        let mut value: u64 = 0;
        let mut pos = start;
        while let Some(&b) = bytes.get(pos) {
            if !b.is_ascii_digit() {
                break;
            }
            match value.checked_mul(10).and_then(|v| v.checked_add(u64::from(b - b'0'))) {
                Some(v) => value = v,
                None => break,
            }
            pos += 1;
        }
        let plain = pos > start
            && !matches!(bytes.get(pos), Some(b'.' | b'e' | b'E' | b'0'..=b'9'))
            && (bytes[start] != b'0' || pos == start + 1);
        if plain {
            self.pos = pos;
            return Ok(Some(value));
        }
        self.number().map(|n| n.as_u64())
    }

    /// Reads a string; it borrows from the input unless it holds escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.expect_kind(Kind::String)?;
        self.pos += 1;
        let start = self.pos;
        let bytes = self.bytes;
        let stop = bytes[start..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        self.pos = stop.map_or(bytes.len(), |n| start + n);
        match bytes.get(self.pos) {
            Some(b'"') => {
                let text = utf8(&bytes[start..self.pos]).map_err(|()| self.error("invalid UTF-8 in a string"))?;
                self.pos += 1;
                return Ok(Cow::Borrowed(text));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.error("control character in a string")),
            None => return Err(self.error("unterminated string")),
        }
        let mut out = utf8(&bytes[start..self.pos]).map_err(|()| self.error("invalid UTF-8 in a string"))?.to_owned();
        loop {
            let run = self.pos;
            let stop = bytes[run..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            self.pos = stop.map_or(bytes.len(), |n| run + n);
            out.push_str(utf8(&bytes[run..self.pos]).map_err(|()| self.error("invalid UTF-8 in a string"))?);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let c = match self.bytes.get(self.pos) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let first = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&first) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(self.error("lone surrogate in a string"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("lone surrogate in a string"));
                    }
                    char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                } else {
                    char::from_u32(first)
                };
                out.push(c.ok_or_else(|| self.error("lone surrogate in a string"))?);
                return Ok(());
            }
            _ => return Err(self.error("invalid escape in a string")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("invalid \\u escape"))?;
        let mut value = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.error("invalid \\u escape"))?;
            value = value * 16 + v;
        }
        self.pos += 4;
        Ok(value)
    }

    fn enter(&mut self, open: u8) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        debug_assert_eq!(self.bytes.get(self.pos), Some(&open));
        self.pos += 1;
        Ok(())
    }

    /// Whether another item follows (after `,`), or the container ends (at `close`).
    fn more(&mut self, first: bool, close: u8) -> Result<bool, JsonError> {
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(&b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.pos += 1;
                Ok(true)
            }
            _ if first => Ok(true),
            Some(_) => Err(self.error("expected `,` or the end of the container")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    /// Reads an array, calling `item` with each index; `item` must read exactly one value.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self, usize) -> Result<(), JsonError>) -> Result<(), JsonError> {
        self.expect_kind(Kind::Array)?;
        self.enter(b'[')?;
        let mut index = 0;
        while self.more(index == 0, b']')? {
            item(self, index)?;
            index += 1;
        }
        Ok(())
    }

    /// Reads an object, calling `member` with each key; `member` must read exactly one value.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.expect_kind(Kind::Object)?;
        self.enter(b'{')?;
        let mut first = true;
        while self.more(first, b'}')? {
            first = false;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            member(self, key)?;
        }
        Ok(())
    }

    /// Reads and discards one value (checking its syntax).
    pub fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek()? {
            Kind::Null => self.literal("null"),
            Kind::Bool => self.bool().map(drop),
            Kind::Number => self.number().map(drop),
            Kind::String => self.string().map(drop),
            Kind::Array => self.array(|r, _| r.skip()),
            Kind::Object => self.object(|r, _| r.skip()),
        }
    }

    /// Reads one value as a tree.
    pub fn value(&mut self) -> Result<Value<'a>, JsonError> {
        Ok(match self.peek()? {
            Kind::Null => {
                self.literal("null")?;
                Value::Null
            }
            Kind::Bool => Value::Bool(self.bool()?),
            Kind::Number => Value::Number(self.number()?),
            Kind::String => Value::String(self.string()?),
            Kind::Array => {
                let mut items = Vec::new();
                self.array(|r, _| {
                    items.push(r.value()?);
                    Ok(())
                })?;
                Value::Array(items)
            }
            Kind::Object => {
                let mut members = Vec::new();
                self.object(|r, key| {
                    members.push((key, r.value()?));
                    Ok(())
                })?;
                Value::Object(members)
            }
        })
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, ()> {
    std::str::from_utf8(bytes).map_err(drop)
}

/// Appends `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`,
/// ... or `\u00XX`; everything else, non-ASCII included, as is.
pub fn write_str(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push('"');
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// Appends an unsigned integer.
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

/// Appends `"key":` (with a leading `,` unless `first`).
pub fn write_key(out: &mut String, key: &str, first: bool) {
    if !first {
        out.push(',');
    }
    write_str(out, key);
    out.push(':');
}

/// Appends a string, or `null` for `None`.
pub fn write_opt_str(out: &mut String, text: Option<&str>) {
    match text {
        Some(t) => write_str(out, t),
        None => out.push_str("null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_json_allows() {
        let v = parse(
            br#" {"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","n":[0,-1,1.5,2e10,-0.5E-3],"t":true,"f":false,"z":null} "#,
        )
        .unwrap();
        assert_eq!(v.get("s").unwrap().as_str(), Some("a\"\\/\u{8}\u{c}\n\r\té😀"));
        let n: Vec<_> = v.get("n").unwrap().as_array().unwrap().iter().map(|x| x.to_json()).collect();
        assert_eq!(n, ["0", "-1", "1.5", "2e10", "-0.5E-3"]);
        assert_eq!(
            v.to_json(),
            r#"{"s":"a\"\\/\b\f\n\r\té😀","n":[0,-1,1.5,2e10,-0.5E-3],"t":true,"f":false,"z":null}"#
        );
    }

    #[test]
    fn refuses_what_json_does_not_allow() {
        for bad in [
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "\"\u{1}\"",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "[1 2]",
            "{\"a\" 1}",
            "{1:2}",
            "nul",
            "tru",
            "[",
            "{",
            "\"abc",
            "1 2",
            "NaN",
            "'a'",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(parse(b"\"\xff\"").is_err());
        assert!(parse(&[b'['; 200]).is_err());
        let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(deep.as_bytes()).is_ok());
    }

    #[test]
    fn unsigned_reads_plain_integers_in_one_pass() {
        let read = |t: &str| {
            let mut r = Reader::new(t.as_bytes());
            let n = r.unsigned();
            (n, r.end().is_ok())
        };
        assert_eq!(read("1234"), (Ok(Some(1234)), true));
        assert_eq!(read("0"), (Ok(Some(0)), true));
        assert_eq!(read("18446744073709551615"), (Ok(Some(u64::MAX)), true));
        assert_eq!(read("18446744073709551616"), (Ok(None), true));
        assert_eq!(read("1.5"), (Ok(None), true));
        assert_eq!(read("1e3"), (Ok(None), true));
        assert_eq!(read("-1"), (Ok(None), true));
        assert!(read("01").0.is_err());
        assert!(read("\"1\"").0.is_err());
    }

    #[test]
    fn integers() {
        let n = |t: &'static str| Number(t);
        assert_eq!(n("18446744073709551615").as_u64(), Some(u64::MAX));
        assert_eq!(n("18446744073709551616").as_u64(), None);
        assert_eq!((n("-3").as_u64(), n("-3").as_i64()), (None, Some(-3)));
        assert_eq!((n("1.0").as_u64(), n("1e3").as_i64()), (None, None));
    }

    #[test]
    fn writes_like_common_json_writers() {
        let mut out = String::new();
        write_str(&mut out, "a\"b\\c\u{1}\u{1f}\n é");
        assert_eq!(out, r#""a\"b\\c\u0001\u001f\n é""#);
        let mut n = String::new();
        write_u64(&mut n, 0);
        n.push(' ');
        write_u64(&mut n, u64::MAX);
        assert_eq!(n, "0 18446744073709551615");
    }
}
