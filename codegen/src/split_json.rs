//! Parses a large model file on two cores.
//!
//! A Smithy JSON AST file is nearly all `shapes` object. The file is cut at a comma between
//! two of its entries near the middle: the part before the comma, closed with `}}`, is
//! parsed on this core while the entries after it are parsed on another. [`split`] reads
//! each part's `shapes` entries as the caller's type and hands them over on the core that
//! parsed them (the loader reads shapes straight from the text, see `shape_entries`);
//! [`parse`] reads them as JSON values and puts them back together, adding any root keys
//! after `shapes` to the root. That is the value one parse gives: entries keep file order,
//! and a key written twice keeps its first place and its last value, as `serde_json` does.
//!
//! The cut is found without scanning the file: it is the first comma, past the middle,
//! followed by a line break and the indentation of the first `shapes` entry (a raw line
//! break is never inside a JSON string). The parses then prove it right: the first part
//! parses only if the comma is directly inside the value of the last root key read, which
//! must be `shapes`; the second part is parsed at the depth its values have in the file,
//! to its end. Whenever anything does not hold (a minified file, an unusual layout, bad
//! JSON), the file is parsed once more in the usual way, so that errors are the ones a
//! single parse gives.

use serde::de::{Deserialize, DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde_json::{Deserializer, Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// Below this size one parse is about as quick as two plus the hand-over.
const MIN_SPLIT: usize = 128 * 1024;

/// The file as a JSON value, parsed on two cores when it is large enough.
pub fn parse(bytes: &[u8]) -> serde_json::Result<Value> {
    match split(bytes, |entries: Map<String, Value>| entries) {
        Some(parts) => Ok(merged(parts)),
        None => serde_json::from_slice(bytes),
    }
}

/// A large file's root object, read in two parts at the same time.
pub struct Parts<T> {
    /// The root's keys in file order; `shapes` holds an empty object, its entries having
    /// gone to `read_entries`.
    pub root: Map<String, Value>,
    /// What `read_entries` made of the `shapes` entries before the cut.
    pub first: T,
    /// And of those after it.
    pub second: T,
}

/// The file in two parts, each part's `shapes` entries read as an object of type `E`
/// and handed to `read_entries` on the thread that read them; `None` when the file is
/// small, cannot be cut, or is not what a single parse would read (see the module
/// documentation), or when either part's entries are not an `E`.
pub fn split<E: DeserializeOwned, T: Send>(bytes: &[u8], read_entries: impl Fn(E) -> T + Sync) -> Option<Parts<T>> {
    if bytes.len() < MIN_SPLIT {
        return None;
    }
    read_parts(bytes, find_cut(bytes)?, &read_entries)
}

/// The parts as the one value they make up.
fn merged(parts: Parts<Map<String, Value>>) -> Value {
    let Parts { mut root, first, second } = parts;
    if let Some(Value::Object(shapes)) = root.get_mut("shapes") {
        *shapes = first;
        for (id, shape) in second {
            shapes.insert(id, shape);
        }
    }
    Value::Object(root)
}

/// The comma the file may be cut at, if it looks like one between `shapes` entries.
fn find_cut(bytes: &[u8]) -> Option<usize> {
    use memchr::memmem;
    let key = memmem::find(bytes, b"\"shapes\"")?;
    let after_key = &bytes[key + 8..];
    let open = key + 8 + after_key.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[open] != b':' {
        return None;
    }
    let brace = open
        + 1
        + bytes[open + 1..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())?;
    if bytes[brace] != b'{' {
        return None;
    }
    // The line break and indentation before the first entry's key.
    let indent_len = bytes[brace + 1..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())?;
    let indent = &bytes[brace + 1..brace + 1 + indent_len];
    if !indent.contains(&b'\n') || bytes[brace + 1 + indent_len] != b'"' {
        return None;
    }
    let mut pattern = Vec::with_capacity(indent.len() + 2);
    pattern.push(b',');
    pattern.extend_from_slice(indent);
    pattern.push(b'"');
    let middle = (bytes.len() / 2).max(brace);
    let comma = middle + memmem::find(&bytes[middle..], &pattern)?;
    // `{,` would make two parts that parse (`{}}` and the rest) of a file that does not.
    let before = bytes[..comma].iter().rev().find(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
    (before != Some(&b'{')).then_some(comma)
}

/// Reads both parts, or gives `None` if they do not make up the file as described.
fn read_parts<E: DeserializeOwned, T: Send>(bytes: &[u8], comma: usize, read_entries: &(impl Fn(E) -> T + Sync)) -> Option<Parts<T>> {
    // Each part is copied out on the core that parses it.
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            // The rest of `shapes` and of the root, under a key of an object of its own, so
            // that values nest as deep as in the file and the end of the file is checked as
            // usual.
            let mut second = Vec::with_capacity(bytes.len() - comma + 5);
            second.extend_from_slice(b"{\"\":{");
            second.extend_from_slice(&bytes[comma + 1..]);
            let (entries, tail) = whole(&second, SecondPart(PhantomData))?;
            Some((read_entries(entries), tail))
        });
        let mut first = Vec::with_capacity(comma + 2);
        first.extend_from_slice(&bytes[..comma]);
        first.extend_from_slice(b"}}");
        let first = whole(&first, FirstPart(PhantomData)).map(|(root, entries)| (root, read_entries(entries)));
        (first, crate::parallel::joined(second))
    });
    let (mut root, first) = first?;
    let (second, tail) = second?;
    for (key, value) in tail {
        // A later `shapes` would replace both parts' entries.
        if key == "shapes" {
            return None;
        }
        root.insert(key, value);
    }
    Some(Parts { root, first, second })
}

/// `seed` over all of `bytes`, or `None` on any error (the single parse reports it).
fn whole<'de, S: DeserializeSeed<'de, Value = Option<T>>, T>(bytes: &'de [u8], seed: S) -> Option<T> {
    let mut de = Deserializer::from_slice(bytes);
    let value = seed.deserialize(&mut de).ok()?;
    de.end().ok()?;
    value
}

/// The first part: the root, whose last key read must be `shapes`: the key the cut was
/// in. Its entries are read as an `E`; the root keeps an empty object in their place.
/// (Keys read twice need no care: the value read last wins, in the place of the first,
/// as in one parse.)
struct FirstPart<E>(PhantomData<E>);

impl<'de, E: Deserialize<'de>> DeserializeSeed<'de> for FirstPart<E> {
    type Value = Option<(Map<String, Value>, E)>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de, E: Deserialize<'de>> Visitor<'de> for FirstPart<E> {
    type Value = Option<(Map<String, Value>, E)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut root = Map::new();
        let mut entries = None;
        let mut last_is_shapes = false;
        while let Some(key) = map.next_key::<String>()? {
            last_is_shapes = key == "shapes";
            let value = match last_is_shapes {
                true => {
                    entries = Some(map.next_value()?);
                    Value::Object(Map::new())
                }
                false => map.next_value()?,
            };
            root.insert(key, value);
        }
        Ok(entries.filter(|_| last_is_shapes).map(|entries| (root, entries)))
    }
}

/// The second part, `{"":{` and the rest of the file: the rest of `shapes`' entries (an
/// `E`), then the root's keys after `shapes`, in order.
struct SecondPart<E>(PhantomData<E>);

type Rest<E> = (E, Vec<(String, Value)>);

impl<'de, E: Deserialize<'de>> DeserializeSeed<'de> for SecondPart<E> {
    type Value = Option<Rest<E>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de, E: Deserialize<'de>> Visitor<'de> for SecondPart<E> {
    type Value = Option<Rest<E>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key::<String>()?.is_none() {
            return Ok(None);
        }
        let entries: E = map.next_value()?;
        let mut tail = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            tail.push((key, map.next_value()?));
        }
        Ok(Some((entries, tail)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_parts(bytes: &[u8], comma: usize) -> Option<Value> {
        read_parts(bytes, comma, &|entries: Map<String, Value>| entries).map(merged)
    }

    /// A model-like document with `n` shapes whose documentation makes the file large,
    /// entries joined with `join`, and `after` after the `shapes` object.
    fn document(n: usize, join: &str, after: &str) -> String {
        let shapes: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#""ns#S{i}": {{"type": "structure", "members": {{"a": {{"target": "ns#T"}}}}, "traits": {{"smithy.api#documentation": "x\",\n  \"{{,}}\\ [{}"}}}}"#,
                    "d".repeat(200)
                )
            })
            .collect();
        format!(
            "{{\"smithy\": \"2.0\", \"shapes\": {{{join}{}\n}}{after}}}",
            shapes.join(&format!(",{join}"))
        )
    }

    fn pretty(after: &str) -> String {
        document(2000, "\n  ", after)
    }

    fn one_parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    /// Where the cut of a pretty document should be: the first entry comma past the middle.
    fn expected_cut(text: &str) -> usize {
        text.len() / 2 + text[text.len() / 2..].find(",\n  \"ns#").unwrap()
    }

    #[test]
    fn cut_is_the_first_entry_comma_past_the_middle() {
        let text = pretty("");
        assert!(text.len() > MIN_SPLIT);
        assert_eq!(find_cut(text.as_bytes()), Some(expected_cut(&text)));
    }

    #[test]
    fn parts_give_the_value_one_parse_gives() {
        let tails = [
            "",
            r#", "metadata": {"k": [1, 2.5e3, true, null]}"#,
            r#", "smithy": "1.0""#,
            r#", "shapes": {}"#,
        ];
        for after in tails {
            let text = pretty(after);
            // A second `shapes` replaces the first: that file is left to one parse.
            match parse_parts(text.as_bytes(), expected_cut(&text)) {
                Some(split) => assert_eq!(split, one_parse(&text), "{after}"),
                None => assert!(after.contains("shapes")),
            }
            assert_eq!(parse(text.as_bytes()).unwrap(), one_parse(&text), "{after}");
        }
    }

    #[test]
    fn a_key_repeated_across_the_cut_keeps_its_first_place_and_last_value() {
        let text = pretty("");
        let repeated = text.replacen(
            r#""ns#S1999": {"type": "structure""#,
            r#""ns#S3": {"type": "union""#,
            1,
        );
        let split = parse_parts(repeated.as_bytes(), expected_cut(&repeated)).unwrap();
        assert_eq!(split, one_parse(&repeated));
        let keys: Vec<&String> = split["shapes"].as_object().unwrap().keys().collect();
        assert_eq!(keys[3], "ns#S3");
        assert_eq!(split["shapes"]["ns#S3"]["type"], "union");
    }

    #[test]
    fn no_cut_in_minified_small_or_shapeless_files() {
        assert_eq!(find_cut(document(2000, "", "").as_bytes()), None);
        assert_eq!(find_cut(br#"{"smithy": "2.0"}"#), None);
    }

    #[test]
    fn a_cut_outside_shapes_is_refused() {
        let entries: Vec<String> = (0..5000)
            .map(|i| format!("\"k{i}\": \"{}\"", "d".repeat(50)))
            .collect();
        let text = format!(
            "{{\"shapes\": {{\n  \"ns#A\": {{}}\n}}, \"metadata\": {{\n  {}\n}}}}",
            entries.join(",\n  ")
        );
        let cut = find_cut(text.as_bytes()).expect("a cut in the metadata");
        assert_eq!(parse_parts(text.as_bytes(), cut), None);
        assert_eq!(parse(text.as_bytes()).unwrap(), one_parse(&text));
    }

    /// Files the cut could be wrong for: the result (value, order, or error) is still that
    /// of one parse.
    #[test]
    fn odd_files_give_what_one_parse_gives() {
        let entries: Vec<String> = (0..2000).map(|i| format!("\"k{i}\": \"{}\"", "d".repeat(100))).collect();
        let entries = entries.join(",\n  ");
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let cases = [
            // A root key before `shapes` repeated after it, the cut falling in its second value.
            format!("{{\"x\": {{}}, \"shapes\": {{\n  \"a\": 1\n}}, \"x\": {{\n  {entries}\n}}}}"),
            // A trailing comma, and a form feed (not JSON whitespace), after `shapes`.
            format!("{{\"shapes\": {{\n  {entries}\n}},\n}}"),
            format!("{{\"shapes\": {{\n  {entries}\n}}\x0c}}"),
            format!("{{\"shapes\": {{\n  {entries}\n}}}}\x0c"),
            // Values nested as deep as serde_json allows, and one deeper, after the cut.
            format!("{{\"shapes\": {{\n  {entries},\n  \"deep\": {}\n}}}}", nested(125)),
            format!("{{\"shapes\": {{\n  {entries},\n  \"deep\": {}\n}}}}", nested(126)),
            // `shapes` written a second time, escaped, with `{,`: the cut must not fall there.
            format!("{{\"m\": {{\"shapes\": {{\n  \"a\": \"{}\"\n}}}}, \"sh\\u0061pes\": {{,\n  \"b\": 2\n}}}}", "x".repeat(200_000)),
        ];
        for text in cases {
            let split = parse(text.as_bytes()).map_err(|e| e.to_string());
            let one = serde_json::from_str::<Value>(&text).map_err(|e| e.to_string());
            match (&split, &one) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{}", &text[..60]);
                    let keys = |v: &Value| v.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_object().map(|o| o.len()))).collect::<Vec<_>>();
                    assert_eq!(keys(a), keys(b), "{}", &text[..60]);
                }
                _ => assert_eq!(split.err(), one.err(), "{}", &text[..60]),
            }
        }
    }

    #[test]
    fn bad_json_gets_the_error_one_parse_gives() {
        let text = pretty("");
        let cut = expected_cut(&text);
        // An entry's value cut off right after its `{`.
        let value_start = text[..cut].rfind(r#": {"type""#).unwrap() + 2;
        for broken in [
            format!("{}{}", &text[..=value_start], &text[cut..]),
            text.replacen(r#""ns#S1500": {"#, r#""ns#S1500": {,"#, 1),
            text.replacen(r#""ns#S10": {"#, r#""ns#S10" {"#, 1),
            text[..text.len() - 1].to_string(),
            text.replacen(",\n  \"ns#S1500\"", ",\n  ,\"ns#S1500\"", 1),
            format!("{},\n}}}}", &text[..text.len() - 3]),
            format!("{text} x"),
            format!("{}, \"x\" }}", &text[..text.len() - 1]),
        ] {
            let split = parse(broken.as_bytes()).unwrap_err().to_string();
            assert_eq!(
                split,
                serde_json::from_str::<Value>(&broken)
                    .unwrap_err()
                    .to_string()
            );
        }
    }
}
