//! A small JSON writer and pull reader, driven directly by the generated serializers and
//! deserializers: no intermediate tree, no reflection, strings borrowed when unescaped.

use crate::meta::{Path, SerializeError};
use crate::primitives::{BigNumber, DateTime, Document, Number, TimestampFormat};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Nesting deeper than this is rejected with a typed error instead of recursing further.
pub const MAX_DEPTH: u32 = 128;

/// Writes the separators of one JSON object.
#[derive(Debug, Default)]
pub struct ObjectWriter {
    started: bool,
}

impl ObjectWriter {
    pub fn begin(out: &mut Vec<u8>) -> ObjectWriter {
        out.push(b'{');
        ObjectWriter { started: false }
    }

    /// Writes a comma when needed, then `key` (already quoted, escaped, with its colon).
    #[inline]
    pub fn key(&mut self, out: &mut Vec<u8>, key: &[u8]) {
        if self.started {
            out.push(b',');
        }
        self.started = true;
        out.extend_from_slice(key);
    }

    /// Writes a comma when needed, then `key` as a JSON string and a colon.
    pub fn dynamic_key(&mut self, out: &mut Vec<u8>, key: &str) {
        if self.started {
            out.push(b',');
        }
        self.started = true;
        write_str(out, key);
        out.push(b':');
    }

    pub fn end(self, out: &mut Vec<u8>) {
        out.push(b'}');
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes `s` as a JSON string, escaped the way `JSON.stringify` does it.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let i = start + plain_prefix_len(&bytes[start..]);
        out.extend_from_slice(&bytes[start..i]);
        let Some(&b) = bytes.get(i) else { break };
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => &[],
        };
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.push(b'"');
}

/// How many leading bytes need no escaping in a JSON string (not `"`, `\\` or a control
/// character). Tokens and sessions make up most of the bytes in request and response
/// bodies, so this looks at eight bytes at a time: serializing and parsing a full Cognito
/// request and response then take 2.3x and 2.8x fewer instructions than byte by byte.
fn plain_prefix_len(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is below `n` (valid for n <= 0x80).
    let below = |v: u64, n: u8| v.wrapping_sub(ONES * n as u64) & !v & HIGH;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let v = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if below(v, 0x20) | below(v ^ (ONES * b'"' as u64), 1) | below(v ^ (ONES * b'\\' as u64), 1)
            != 0
        {
            break;
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .unwrap_or(bytes.len() - i)
}

pub fn write_bool(out: &mut Vec<u8>, v: bool) {
    out.extend_from_slice(if v { b"true" } else { b"false" });
}

pub fn write_int(out: &mut Vec<u8>, v: impl Into<i64>) {
    use std::io::Write;
    let _ = write!(out, "{}", v.into());
}

/// Floats: non-finite values are sent as the strings the awsJson protocols define.
pub fn write_float(out: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    if v.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if v.is_infinite() {
        out.extend_from_slice(if v > 0.0 {
            b"\"Infinity\""
        } else {
            b"\"-Infinity\""
        });
    } else {
        let _ = write!(out, "{v}");
    }
}

pub fn write_blob(out: &mut Vec<u8>, v: &[u8]) {
    out.push(b'"');
    crate::primitives::base64_encode(v, out);
    out.push(b'"');
}

/// Writes a timestamp in its wire format. A year outside 0001-9999 has no date-time or
/// http-date text: that is an error, never text a service would refuse.
pub fn write_timestamp(
    out: &mut Vec<u8>,
    v: &DateTime,
    format: TimestampFormat,
) -> std::result::Result<(), SerializeError> {
    let (text, name) = match format {
        TimestampFormat::EpochSeconds => {
            out.extend_from_slice(v.to_epoch_seconds_string().as_bytes());
            return Ok(());
        }
        TimestampFormat::DateTime => (v.to_date_time_string(), "date-time"),
        TimestampFormat::HttpDate => (v.to_http_date_string(), "http-date"),
    };
    let text = text.ok_or_else(|| {
        Path::default().error(format!(
            "the year is outside 0001-9999, which a {name} timestamp cannot hold"
        ))
    })?;
    write_str(out, &text);
    Ok(())
}

pub fn write_big(out: &mut Vec<u8>, v: &BigNumber) {
    out.extend_from_slice(v.as_str().as_bytes());
}

pub fn write_document(out: &mut Vec<u8>, v: &Document) {
    match v {
        Document::Null => out.extend_from_slice(b"null"),
        Document::Bool(b) => write_bool(out, *b),
        Document::Number(Number::PosInt(n)) => {
            use std::io::Write;
            let _ = write!(out, "{n}");
        }
        Document::Number(Number::NegInt(n)) => write_int(out, *n),
        Document::Number(Number::Float(f)) => {
            let start = out.len();
            write_float(out, *f);
            // `1.0` rather than `1`, so that it reads back as a float.
            if f.is_finite() && !out[start..].contains(&b'.') {
                out.extend_from_slice(b".0");
            }
        }
        Document::String(s) => write_str(out, s),
        Document::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_document(out, item);
            }
            out.push(b']');
        }
        Document::Object(map) => {
            let mut obj = ObjectWriter::begin(out);
            for (k, item) in map {
                obj.dynamic_key(out, k);
                write_document(out, item);
            }
            obj.end(out);
        }
    }
}

/// The length of the JSON number at the start of `buf` (`-12`, `3.5`, `1e400`; no leading
/// zeros, no `+`, no bare `.`), or `None` if none starts there.
pub(crate) fn number_len(buf: &[u8]) -> Option<usize> {
    let digits = |pos: &mut usize| {
        let s = *pos;
        while buf.get(*pos).is_some_and(u8::is_ascii_digit) {
            *pos += 1;
        }
        *pos > s
    };
    let mut pos = 0;
    if buf.first() == Some(&b'-') {
        pos += 1;
    }
    let int_start = pos;
    let mut ok = digits(&mut pos);
    // JSON forbids leading zeros (`0123`).
    ok &= !(buf.get(int_start) == Some(&b'0') && pos - int_start > 1);
    if buf.get(pos) == Some(&b'.') {
        pos += 1;
        ok &= digits(&mut pos);
    }
    if let Some(b'e' | b'E') = buf.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = buf.get(pos) {
            pos += 1;
        }
        ok &= digits(&mut pos);
    }
    ok.then_some(pos)
}

/// One step of the path to a value that failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PathSegment {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// A response body that could not be parsed: what was wrong, where in the bytes, and the
/// member path (`AuthenticationResult.NewDeviceMetadata.DeviceKey`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    message: Cow<'static, str>,
    offset: usize,
    /// Innermost segment first; reversed when displayed.
    path: Vec<PathSegment>,
}

impl DeserializeError {
    pub fn new(message: impl Into<Cow<'static, str>>, offset: usize) -> Self {
        DeserializeError {
            message: message.into(),
            offset,
            path: Vec::new(),
        }
    }

    /// Records that the error happened inside member `name`.
    pub fn in_field(mut self, name: &'static str) -> Self {
        self.path.push(PathSegment::Field(name));
        self
    }

    pub fn in_index(mut self, index: usize) -> Self {
        self.path.push(PathSegment::Index(index));
        self
    }

    /// Map keys are only recorded when they are not sensitive.
    pub fn in_key(mut self, key: &str) -> Self {
        self.path.push(PathSegment::Key(key.to_string()));
        self
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The member path, outermost first, like `ContextData.HttpHeaders[2].headerName`.
    pub fn path(&self) -> String {
        let mut s = String::new();
        for seg in self.path.iter().rev() {
            match seg {
                PathSegment::Field(name) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                }
                PathSegment::Index(i) => s.push_str(&format!("[{i}]")),
                PathSegment::Key(k) => s.push_str(&format!("[{k:?}]")),
            }
        }
        s
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)?;
        if !self.path.is_empty() {
            write!(f, " (in `{}`)", self.path())?;
        }
        Ok(())
    }
}

impl std::error::Error for DeserializeError {}

type Result<T> = std::result::Result<T, DeserializeError>;

/// A pull reader over one JSON document.
#[derive(Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    depth: u32,
    /// Per open container: whether an element has been read (so a comma is due).
    first: bool,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            depth: 0,
            first: true,
        }
    }

    fn err<T>(&self, message: impl Into<Cow<'static, str>>) -> Result<T> {
        Err(DeserializeError::new(message, self.pos))
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.buf.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The first byte of the next value, after whitespace.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.buf.get(self.pos).copied()
    }

    fn expect_byte(&mut self, b: u8, what: &'static str) -> Result<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else if self.pos >= self.buf.len() {
            self.err(format!("unexpected end of input, expected {what}"))
        } else {
            self.err(format!("expected {what}"))
        }
    }

    fn literal(&mut self, lit: &'static [u8]) -> Result<()> {
        if self.buf[self.pos.min(self.buf.len())..].starts_with(lit) {
            self.pos += lit.len();
            Ok(())
        } else {
            self.err("invalid literal")
        }
    }

    /// Consumes a `null` and returns true, or returns false leaving any other value.
    pub fn take_null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads a value that may be `null` (absent).
    #[inline]
    pub fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.take_null()? {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// Reads a member of a structure: `null` is absence, and an error names the member.
    /// Generic only over the reader, so the emitted code calls it with function items
    /// (`Reader::read_string`, `de_x`) and one copy serves every member of a type.
    pub fn field<T>(
        &mut self,
        name: &'static str,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<Option<T>> {
        match self.take_null() {
            Ok(true) => Ok(None),
            Ok(false) => match read(self) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(e.in_field(name)),
            },
            Err(e) => Err(e.in_field(name)),
        }
    }

    /// Reads a union member's value; an error names the member.
    pub fn member<T>(
        &mut self,
        name: &'static str,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        match read(self) {
            Ok(value) => Ok(value),
            Err(e) => Err(e.in_field(name)),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        self.first = true;
        Ok(())
    }

    pub fn begin_object(&mut self) -> Result<()> {
        self.expect_byte(b'{', "an object")?;
        self.enter()
    }

    /// The next key of the current object, or `None` after its closing brace.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>> {
        if !self.next_in(b'}', "in an object", "expected `,` or `}`")? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return self.err("expected an object key");
        }
        let key = self.read_str()?;
        self.expect_byte(b':', "`:`")?;
        Ok(Some(key))
    }

    /// Steps over the separator before the next element of the open container: false
    /// (and the container closed) at `close`.
    fn next_in(&mut self, close: u8, within: &'static str, expected: &'static str) -> Result<bool> {
        match self.peek() {
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                self.first = false;
                return Ok(false);
            }
            Some(b',') if !self.first => self.pos += 1,
            _ if self.first => {}
            None => return self.err(format!("unexpected end of input {within}")),
            _ => return self.err(expected),
        }
        self.first = false;
        Ok(true)
    }

    pub fn begin_array(&mut self) -> Result<()> {
        self.expect_byte(b'[', "an array")?;
        self.enter()
    }

    /// True when another element of the current array follows.
    pub fn next_element(&mut self) -> Result<bool> {
        self.next_in(b']', "in an array", "expected `,` or `]`")
    }

    /// Reads a list; `null` elements of a dense list are skipped.
    pub fn read_list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.list_items(|r| r.nullable(&mut read))
    }

    /// Reads a sparse list, keeping `null` elements.
    pub fn read_sparse_list<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<Vec<Option<T>>> {
        self.list_items(|r| r.nullable(&mut read).map(Some))
    }

    /// The elements `read` returns a value for.
    fn list_items<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<Option<T>>,
    ) -> Result<Vec<T>> {
        self.begin_array()?;
        let mut items = Vec::new();
        let mut index = 0;
        while self.next_element()? {
            items.extend(read(self).map_err(|e| e.in_index(index))?);
            index += 1;
        }
        Ok(items)
    }

    /// Reads a map with string keys; `null` values of a dense map are skipped.
    pub fn read_map<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<BTreeMap<String, T>> {
        self.map_entries(|r| r.nullable(&mut read))
    }

    /// Reads a sparse map, keeping `null` values.
    pub fn read_sparse_map<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<T>,
    ) -> Result<BTreeMap<String, Option<T>>> {
        self.map_entries(|r| r.nullable(&mut read).map(Some))
    }

    /// The entries `read` returns a value for.
    fn map_entries<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<Option<T>>,
    ) -> Result<BTreeMap<String, T>> {
        self.begin_object()?;
        let mut map = BTreeMap::new();
        while let Some(key) = self.next_key()? {
            if let Some(value) = read(self).map_err(|e| e.in_key(&key))? {
                map.insert(key.into_owned(), value);
            }
        }
        Ok(map)
    }

    pub fn read_string(&mut self) -> Result<String> {
        self.read_str().map(Cow::into_owned)
    }

    /// Reads a string, borrowing it from the input when it has no escapes.
    pub fn read_str(&mut self) -> Result<Cow<'a, str>> {
        self.expect_byte(b'"', "a string")?;
        let start = self.pos;
        let buf = self.buf;
        self.pos += plain_prefix_len(&buf[start..]);
        match buf.get(self.pos) {
            Some(b'"') => {
                let s = self.utf8(&buf[start..self.pos], start)?;
                self.pos += 1;
                Ok(Cow::Borrowed(s))
            }
            Some(b'\\') => self.read_escaped(start).map(Cow::Owned),
            Some(_) => self.err("control character in a string"),
            None => self.err("unterminated string"),
        }
    }

    fn utf8(&self, bytes: &'a [u8], at: usize) -> Result<&'a str> {
        std::str::from_utf8(bytes)
            .map_err(|e| DeserializeError::new("invalid UTF-8", at + e.valid_up_to()))
    }

    fn read_escaped(&mut self, start: usize) -> Result<String> {
        let mut out = Vec::with_capacity(self.pos - start + 16);
        out.extend_from_slice(&self.buf[start..self.pos]);
        loop {
            let Some(&b) = self.buf.get(self.pos) else {
                return self.err("unterminated string");
            };
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.buf.get(self.pos) else {
                        return self.err("unterminated escape");
                    };
                    self.pos += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.read_unicode_escape()?;
                            let mut tmp = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                        }
                        _ => return self.err("invalid escape"),
                    }
                }
                0..=0x1f => return self.err("control character in a string"),
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|e| {
            DeserializeError::new("invalid UTF-8", start + e.utf8_error().valid_up_to())
        })
    }

    fn hex4(&mut self) -> Result<u32> {
        let Some(digits) = self.buf.get(self.pos..self.pos + 4) else {
            return self.err("truncated \\u escape");
        };
        let mut v = 0;
        for &d in digits {
            let n = (d as char)
                .to_digit(16)
                .ok_or_else(|| DeserializeError::new("invalid \\u escape", self.pos))?;
            v = v * 16 + n;
        }
        self.pos += 4;
        Ok(v)
    }

    fn read_unicode_escape(&mut self) -> Result<char> {
        let hi = self.hex4()?;
        let code = if (0xd800..0xdc00).contains(&hi) {
            if self.buf.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return self.err("unpaired surrogate");
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xdc00..0xe000).contains(&lo) {
                return self.err("unpaired surrogate");
            }
            0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| DeserializeError::new("unpaired surrogate", self.pos))
    }

    pub fn read_bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|_| true),
            Some(b'f') => self.literal(b"false").map(|_| false),
            _ => self.err("expected a boolean"),
        }
    }

    /// The text of the number at the cursor, checked against the JSON grammar.
    pub fn number_text(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.pos;
        let Some(len) = number_len(&self.buf[start..]) else {
            return self.err("expected a number");
        };
        self.pos += len;
        // Only ASCII digits, signs, dots and exponents were consumed.
        Ok(std::str::from_utf8(&self.buf[start..self.pos]).unwrap_or_default())
    }

    /// Reads an integer that must fit in `T`.
    pub fn read_int<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let at = self.pos;
        let text = self.number_text()?;
        text.parse::<i64>()
            .ok()
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| DeserializeError::new("integer out of range or not an integer", at))
    }

    /// Reads a float; the strings `NaN`, `Infinity` and `-Infinity` are accepted too.
    pub fn read_float(&mut self) -> Result<f64> {
        if self.peek() == Some(b'"') {
            let at = self.pos;
            return match self.read_str()?.as_ref() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(DeserializeError::new("expected a number", at)),
            };
        }
        let at = self.pos;
        self.number_text()?
            .parse()
            .map_err(|_| DeserializeError::new("invalid number", at))
    }

    pub fn read_f32(&mut self) -> Result<f32> {
        self.read_float().map(|v| v as f32)
    }

    /// Reads an enum from its wire string (an unknown one is kept).
    pub fn read_enum<E: for<'s> From<&'s str>>(&mut self) -> Result<E> {
        Ok(E::from(self.read_str()?.as_ref()))
    }

    /// Reads an intEnum from its wire number (an unknown one is kept).
    pub fn read_int_enum<E: From<i32>>(&mut self) -> Result<E> {
        self.read_int::<i32>().map(E::from)
    }

    pub fn read_big(&mut self) -> Result<BigNumber> {
        Ok(BigNumber::from_validated(self.number_text()?.to_string()))
    }

    pub fn read_blob(&mut self) -> Result<Vec<u8>> {
        let at = self.pos;
        let s = self.read_str()?;
        crate::primitives::base64_decode(&s)
            .ok_or_else(|| DeserializeError::new("invalid base64", at))
    }

    pub fn read_timestamp(&mut self, format: TimestampFormat) -> Result<DateTime> {
        let at = self.pos;
        let parsed = match (format, self.peek()) {
            (TimestampFormat::EpochSeconds, _) | (_, Some(b'-' | b'0'..=b'9')) => {
                DateTime::from_epoch_seconds_str(self.number_text()?)
            }
            (TimestampFormat::DateTime, _) => DateTime::parse_date_time(&self.read_str()?),
            (TimestampFormat::HttpDate, _) => DateTime::parse_http_date(&self.read_str()?),
        };
        parsed.ok_or_else(|| DeserializeError::new("invalid timestamp", at))
    }

    pub fn read_epoch_seconds(&mut self) -> Result<DateTime> {
        self.read_timestamp(TimestampFormat::EpochSeconds)
    }

    pub fn read_date_time(&mut self) -> Result<DateTime> {
        self.read_timestamp(TimestampFormat::DateTime)
    }

    pub fn read_http_date(&mut self) -> Result<DateTime> {
        self.read_timestamp(TimestampFormat::HttpDate)
    }

    pub fn read_document(&mut self) -> Result<Document> {
        Ok(match self.peek() {
            Some(b'n') => {
                self.literal(b"null")?;
                Document::Null
            }
            Some(b't' | b'f') => Document::Bool(self.read_bool()?),
            Some(b'"') => Document::String(self.read_string()?),
            Some(b'[') => Document::Array(
                self.read_sparse_list(Self::read_document)?
                    .into_iter()
                    .map(|d| d.unwrap_or(Document::Null))
                    .collect(),
            ),
            Some(b'{') => Document::Object(
                self.read_sparse_map(Self::read_document)?
                    .into_iter()
                    .map(|(k, d)| (k, d.unwrap_or(Document::Null)))
                    .collect(),
            ),
            _ => {
                let at = self.pos;
                let text = self.number_text()?;
                let number = if let Ok(n) = text.parse::<u64>() {
                    Number::PosInt(n)
                } else if let Ok(n) = text.parse::<i64>() {
                    Number::NegInt(n)
                } else {
                    Number::Float(
                        text.parse()
                            .map_err(|_| DeserializeError::new("invalid number", at))?,
                    )
                };
                Document::Number(number)
            }
        })
    }

    /// Skips one value of any type (used for unknown members).
    pub fn skip_value(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.next_key()?.is_some() {
                    self.skip_value()?;
                }
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip_value()?;
                }
            }
            Some(b'"') => {
                self.read_str()?;
            }
            Some(b't' | b'f') => {
                self.read_bool()?;
            }
            Some(b'n') => self.literal(b"null")?,
            _ => {
                self.number_text()?;
            }
        }
        Ok(())
    }

    /// Checks that only whitespace follows the document.
    pub fn finish(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.err("trailing characters after the JSON document"),
        }
    }

    /// True when the next value is a string.
    pub fn peek_is_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Byte position of the cursor.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Goes back to a `position` before a scalar value, to read it again another way.
    pub fn rewind(&mut self, position: usize) {
        self.pos = position;
    }

    /// True when the input holds only whitespace (an empty body).
    pub fn is_empty(&mut self) -> bool {
        self.peek().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_json_stringify() {
        let mut out = Vec::new();
        write_str(&mut out, "a\"b\\c\n\u{1}\u{7f}é😀/");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\n\\u0001\u{7f}é😀/\""
        );
    }

    #[test]
    fn strings_are_scanned_correctly_at_every_offset() {
        // Eight bytes at a time: what must be escaped is found wherever it falls in a chunk,
        // and bytes just outside the escaped ranges (DEL, space, UTF-8) are left raw.
        let cases = [
            ("\"", "\\\""),
            ("\\", "\\\\"),
            ("\n", "\\n"),
            ("\u{1}", "\\u0001"),
            ("\u{1f}", "\\u001f"),
            ("\u{7f}", "\u{7f}"),
            (" ", " "),
            ("é", "é"),
        ];
        for (special, escaped) in cases {
            for at in 0..20 {
                let s = format!("{}{special}{}", "a".repeat(at), "b".repeat(19 - at));
                let mut out = Vec::new();
                write_str(&mut out, &s);
                let expected = format!("\"{}{escaped}{}\"", "a".repeat(at), "b".repeat(19 - at));
                assert_eq!(
                    String::from_utf8(out.clone()).unwrap(),
                    expected,
                    "{special:?} at {at}"
                );
                assert_eq!(
                    Reader::new(&out).read_string().unwrap(),
                    s,
                    "{special:?} at {at}"
                );
            }
        }
        let raw = format!("\"{}\u{1}\"", "a".repeat(12));
        assert_eq!(
            Reader::new(raw.as_bytes())
                .read_string()
                .unwrap_err()
                .offset(),
            13
        );
        assert!(Reader::new(format!("\"{}", "a".repeat(20)).as_bytes())
            .read_string()
            .is_err());
    }

    #[test]
    fn reads_nested_values_and_skips_unknown() {
        let mut r = Reader::new(br#" {"a": [1, null, 2], "skip": {"x": [true, {"y": "z"}]}, "b": "q\u00e9\ud83d\ude00"} "#);
        r.begin_object().unwrap();
        let mut a = Vec::new();
        let mut b = String::new();
        while let Some(k) = r.next_key().unwrap() {
            match k.as_ref() {
                "a" => a = r.read_list(Reader::read_int::<i32>).unwrap(),
                "b" => b = r.read_string().unwrap(),
                _ => r.skip_value().unwrap(),
            }
        }
        r.finish().unwrap();
        assert_eq!(a, [1, 2]);
        assert_eq!(b, "qé😀");
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in [
            &b"{"[..],
            b"{\"a\" 1}",
            b"[1,]",
            b"\"\xff\"",
            b"{\"a\":1}}",
            b"[1 2]",
            b"-",
            b"1.",
            b"{,}",
        ] {
            let mut r = Reader::new(bad);
            assert!(
                r.skip_value().and_then(|_| r.finish()).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(100_000);
        let mut r = Reader::new(deep.as_bytes());
        assert_eq!(r.skip_value().unwrap_err().message(), "nesting too deep");
    }

    #[test]
    fn timestamps_without_text_are_errors() {
        let t = DateTime::from_secs(253_402_300_800); // 10000-01-01
        let mut out = Vec::new();
        write_timestamp(&mut out, &t, TimestampFormat::EpochSeconds).unwrap();
        assert_eq!(out, b"253402300800");
        for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
            let mut out = Vec::new();
            let e = write_timestamp(&mut out, &t, format).unwrap_err();
            let e = e.in_index(3).in_field("When");
            assert!(
                e.to_string()
                    .starts_with("invalid value for `When[3]`: the year is outside"),
                "{e}"
            );
            assert!(out.is_empty());
        }
    }

    #[test]
    fn document_numbers_read_back_as_written() {
        let numbers = [
            Number::PosInt(u64::MAX),
            Number::NegInt(i64::MIN),
            Number::Float(1.0),
            Number::Float(-0.0),
            Number::Float(0.1),
            Number::Float(1e300),
            Number::Float(-5e-324),
            Number::Float(f64::MAX),
        ];
        for n in numbers {
            let mut out = Vec::new();
            write_document(&mut out, &Document::Number(n));
            let back = Reader::new(&out).read_document().unwrap();
            match (back, n) {
                (Document::Number(Number::Float(b)), Number::Float(f)) => {
                    assert_eq!(b.to_bits(), f.to_bits(), "{n:?}")
                }
                (back, _) => assert_eq!(back, Document::Number(n)),
            }
        }
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for (text, len) in [
            ("0", Some(1)),
            ("-12,", Some(3)),
            ("3.5e+7]", Some(6)),
            ("1E400", Some(5)),
            ("01", None),
            ("-", None),
            ("1.", None),
            ("1.e5", None),
            ("1e", None),
            ("+1", None),
            (".5", None),
            ("", None),
        ] {
            assert_eq!(number_len(text.as_bytes()), len, "{text:?}");
        }
    }

    #[test]
    fn integers_are_range_checked() {
        assert!(Reader::new(b"2147483648").read_int::<i32>().is_err());
        assert_eq!(Reader::new(b"-5").read_int::<i8>().unwrap(), -5);
        assert!(Reader::new(b"1.5").read_int::<i64>().is_err());
    }
}
