//! Node values (trait values, metadata, entity bodies): arrays, objects, numbers,
//! keywords, quoted strings, text blocks and shape ids, as JSON.

use super::cursor::{Cursor, PResult};
use serde_json::{Map, Value};

/// Resolves an unquoted shape id; `None` when it names no shape.
type Resolve<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Reads node values; `resolve` turns an unquoted shape id into an absolute one, or
/// `None` when it names no shape.
pub fn value(c: &mut Cursor, resolve: &Resolve) -> PResult<Value> {
    nested(c, resolve, 0)
}

/// Arrays and objects nest at most this deep (as in serde_json), so that deep input
/// is an error rather than a stack overflow.
const MAX_DEPTH: usize = 128;

fn nested(c: &mut Cursor, resolve: &Resolve, depth: usize) -> PResult<Value> {
    if depth > MAX_DEPTH {
        return Err(c.error(format!("values nest more than {MAX_DEPTH} levels deep")));
    }
    match c.peek() {
        Some('[') => {
            c.bump();
            c.ws();
            let mut items = Vec::new();
            while !c.eat(']') {
                if c.at_end() {
                    return Err(c.expected("`]`"));
                }
                items.push(nested(c, resolve, depth + 1)?);
                c.ws();
            }
            Ok(Value::Array(items))
        }
        Some('{') => object_at(c, resolve, depth + 1).map(Value::Object),
        Some('"') => string(c).map(Value::String),
        Some('-' | '0'..='9') => number(c),
        Some(ch) if ch.is_ascii_alphabetic() || ch == '_' => {
            let start = c.pos();
            let id = c.shape_id()?;
            Ok(match id.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ if id.contains('#') || !id.contains('.') => {
                    Value::String(resolve(&id).ok_or_else(|| {
                        c.error_at(start, format!("`{id}` does not resolve to a shape"))
                    })?)
                }
                _ => return Err(c.error_at(start, format!("invalid shape id `{id}`"))),
            })
        }
        _ => Err(c.expected("a value")),
    }
}

/// `{ key: value, ... }`; keys are quoted text or identifiers.
pub fn object(c: &mut Cursor, resolve: &Resolve) -> PResult<Map<String, Value>> {
    object_at(c, resolve, 0)
}

fn object_at(c: &mut Cursor, resolve: &Resolve, depth: usize) -> PResult<Map<String, Value>> {
    c.expect('{')?;
    c.ws();
    let mut map = Map::new();
    while !c.eat('}') {
        let at = c.pos();
        let key = object_key(c)?;
        c.ws();
        c.expect(':')?;
        c.ws();
        let v = nested(c, resolve, depth)?;
        if map.insert(key.clone(), v).is_some() {
            return Err(c.error_at(at, format!("duplicate key `{key}`")));
        }
        c.ws();
    }
    Ok(map)
}

/// `NodeObjectKey`: quoted text (not a text block) or an identifier.
pub fn object_key(c: &mut Cursor) -> PResult<String> {
    match c.peek() {
        Some('"') if c.rest().starts_with("\"\"\"") => {
            Err(c.error("a text block cannot be an object key"))
        }
        Some('"') => string(c),
        Some(ch) if ch.is_ascii_alphabetic() || ch == '_' => {
            let id = c.identifier()?;
            if matches!(c.peek(), Some('.' | '#' | '$')) {
                return Err(c.error(
                    "an object key must be an identifier or a quoted string, not a shape id",
                ));
            }
            Ok(id)
        }
        None | Some('}') => Err(c.expected("`}`")),
        _ => Err(c.expected("an object key")),
    }
}

/// JSON-style number: `-`? (`0` | `[1-9][0-9]*`) (`.` digits)? (`e` sign? digits)?
fn number(c: &mut Cursor) -> PResult<Value> {
    let start = c.pos();
    let digits = |c: &mut Cursor| {
        let mut n = 0;
        while c.peek().is_some_and(|d| d.is_ascii_digit()) {
            c.bump();
            n += 1;
        }
        n
    };
    c.eat('-');
    if !c.eat('0') && digits(c) == 0 {
        return Err(c.expected("a digit"));
    }
    if c.eat('.') && digits(c) == 0 {
        return Err(c.expected("a digit after `.`"));
    }
    if c.eat('e') || c.eat('E') {
        if !c.eat('+') {
            c.eat('-');
        }
        if digits(c) == 0 {
            return Err(c.expected("a digit in the exponent"));
        }
    }
    let text = &c.src[start.offset..c.pos().offset];
    crate::read::json::number(text)
        .map(Value::Number)
        .ok_or_else(|| c.error_at(start, format!("invalid number `{text}`")))
}

/// A quoted string or a text block, escapes processed.
pub fn string(c: &mut Cursor) -> PResult<String> {
    if c.rest().starts_with("\"\"\"") {
        return text_block(c);
    }
    let start = c.pos();
    c.expect('"')?;
    let body_start = c.pos().offset;
    loop {
        match c.bump() {
            None => return Err(c.error_at(start, "unclosed string")),
            Some('"') => break,
            Some('\\') => {
                c.bump();
            }
            Some(_) => {}
        }
    }
    let raw = &c.src[body_start..c.pos().offset - 1];
    unescape(raw).map_err(|(at, m)| c.error_at(offset_pos(c.src, body_start + at), m))
}

/// `"""` + line break, lines with their common indentation (the closing line counts)
/// and trailing spaces removed, then escapes.
fn text_block(c: &mut Cursor) -> PResult<String> {
    let start = c.pos();
    c.eat_str("\"\"\"");
    c.sp();
    if !(c.eat('\n') || c.eat_str("\r\n")) {
        return Err(c.error_at(
            start,
            "a text block must start with `\"\"\"` and a line break",
        ));
    }
    let body_start = c.pos().offset;
    loop {
        if c.rest().starts_with("\"\"\"") {
            break;
        }
        match c.bump() {
            None => return Err(c.error_at(start, "unclosed text block")),
            Some('\\') => {
                c.bump();
            }
            Some(_) => {}
        }
    }
    let raw = c.src[body_start..c.pos().offset].replace("\r\n", "\n");
    c.eat_str("\"\"\"");
    let lines: Vec<&str> = raw.split('\n').collect();
    let last = lines.len() - 1;
    let indent = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim().is_empty())
        .map(|(_, l)| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end_matches([' ', '\t']))
        .collect();
    unescape(&dedented.join("\n")).map_err(|(_, m)| c.error_at(start, m))
}

/// Processes escapes; an error gives the byte offset in `raw` and a message.
fn unescape(raw: &str) -> Result<String, (usize, String)> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            return Err((i, "unfinished escape".into()));
        };
        match e {
            '"' | '\\' | '/' => out.push(e),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\n' => {}
            '\r' if chars.peek().map(|p| p.1) == Some('\n') => {
                chars.next();
            }
            'u' => {
                let hex = |chars: &mut std::iter::Peekable<std::str::CharIndices>| -> Option<u32> {
                    let s: String = (0..4).filter_map(|_| chars.next().map(|p| p.1)).collect();
                    // Checked digit by digit: `from_str_radix` would take a sign (`+041`).
                    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| u32::from_str_radix(&s, 16).ok())
                        .flatten()
                };
                let bad = || {
                    (
                        i,
                        "invalid unicode escape: expected `\\u` and four hex digits".to_string(),
                    )
                };
                let hi = hex(&mut chars).ok_or_else(bad)?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let lo = (chars.next().map(|p| p.1) == Some('\\')
                        && chars.next().map(|p| p.1) == Some('u'))
                    .then(|| hex(&mut chars))
                    .flatten()
                    .filter(|lo| (0xDC00..0xE000).contains(lo))
                    .ok_or_else(|| (i, "unpaired surrogate in unicode escape".to_string()))?;
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                out.push(char::from_u32(code).ok_or_else(bad)?);
            }
            other => return Err((i, format!("invalid escape `\\{other}`"))),
        }
    }
    Ok(out)
}

/// Line and column of a byte offset.
fn offset_pos(src: &str, offset: usize) -> super::cursor::Pos {
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    super::cursor::Pos { offset, line, col }
}
