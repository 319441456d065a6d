//! JSON AST model files, parsed with serde_json.

use crate::decimal::Decimal;
use crate::error::{Error, Result};
use serde_json::{Map, Number, Value};

/// One model file as the loader reads it: a JSON AST document, plus `apply` statements
/// kept apart (an IDL file may apply traits to a shape it defines itself, which one
/// JSON AST `shapes` object cannot hold).
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name, for errors (empty for a lone document).
    pub name: String,
    pub ast: Value,
    /// Target shape or member id -> traits.
    pub applies: Vec<(String, Map<String, Value>)>,
}

/// A JSON AST file's bytes as a JSON value.
pub fn json_ast(bytes: &[u8]) -> Result<Value> {
    let mut ast = serde_json::from_slice(bytes)
        .map_err(|e| Error::new(format!("invalid JSON: {e}")).at("$"))?;
    canonical_numbers(&mut ast);
    Ok(ast)
}

fn canonical_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(c) = number(&n.to_string()) {
                *n = c;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(canonical_numbers),
        Value::Object(map) => map.values_mut().for_each(canonical_numbers),
        _ => {}
    }
}

/// A number as the loader keeps it (serde_json's `arbitrary_precision` keeps the text):
/// integers as written, others in one exact decimal form (`10e0`, `1e1` and `10.00` are
/// `10.0`, `-10e-2` is `-0.1`, `1e400` stays `1e400`), so that a model reads the same from
/// IDL and JSON and big numbers and bounds lose no digit. `None` if `text` is no number.
pub(crate) fn number(text: &str) -> Option<Number> {
    if !text.contains(['.', 'e', 'E']) {
        return text.parse().ok();
    }
    let d = Decimal::parse(text)?;
    // Zero keeps its sign: `-0.0` is a float of its own.
    let sign = if text.starts_with('-') { "-" } else { "" };
    let digits: String = d.digits.iter().map(|&x| char::from(b'0' + x)).collect();
    let canonical = match d.exponent {
        _ if digits.is_empty() => format!("{sign}0.0"),
        e @ 1..=21 => {
            let e = e as usize;
            if digits.len() > e {
                format!("{sign}{}.{}", &digits[..e], &digits[e..])
            } else {
                format!("{sign}{digits}{}.0", "0".repeat(e - digits.len()))
            }
        }
        e @ -5..=0 => format!("{sign}0.{}{digits}", "0".repeat(-e as usize)),
        e => {
            let (first, rest) = digits.split_at(1);
            let dot = if rest.is_empty() { "" } else { "." };
            format!("{sign}{first}{dot}{rest}e{}", e - 1)
        }
    };
    canonical.parse().ok()
}

/// A lone JSON AST file's bytes as a document.
pub fn document(bytes: &[u8]) -> Result<Document> {
    Ok(Document {
        name: String::new(),
        ast: json_ast(bytes)?,
        applies: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_keep_their_value_in_one_form() {
        for (text, kept) in [
            ("10e0", "10.0"),
            ("1e1", "10.0"),
            ("10.00", "10.0"),
            ("-10e-2", "-0.1"),
            ("0.000001", "0.000001"),
            ("-0.0", "-0.0"),
            ("0e5", "0.0"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            (
                "0.1000000000000000000000000001",
                "0.1000000000000000000000000001",
            ),
            ("-9223372036854775809", "-9223372036854775809"),
        ] {
            assert_eq!(number(text).unwrap().to_string(), kept, "{text}");
        }
        assert_eq!(number("1e400").unwrap(), number("10e399").unwrap());
        assert_eq!(number("1.5e-7").unwrap(), number("0.00000015").unwrap());
    }
}
