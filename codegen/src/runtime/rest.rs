//! The HTTP bindings of the REST protocols: member values written into URI labels, query
//! parameters and headers, and read back from response headers.
// A crate calls only the helpers its model's bindings need; the tests below cover them all.
#![allow(dead_code)]

use crate::json::DeserializeError;
use crate::meta::{Path, SerializeError};
use crate::primitives::{DateTime, TimestampFormat};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Appends `value` percent-encoded: every byte but RFC 3986's unreserved characters
/// (and `/` when `keep_slash`) as `%XX`, so that no value can end a segment or start the
/// query (space is `%20`, never `+`).
fn percent_encode(out: &mut String, value: &str, keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Appends the URI label of member `member`. A greedy label (`{Key+}`) keeps its `/`s, so
/// that it spans segments; its dot segments are sent as they are (`../key.txt`).
pub(crate) fn push_label(
    uri: &mut String,
    member: &str,
    value: &str,
    greedy: bool,
) -> Result<(), SerializeError> {
    // An empty label would leave `//` or a trailing `/`: another path, not this value.
    if value.is_empty() {
        return Err(SerializeError::Http(format!(
            "the URI label `{member}` is empty"
        )));
    }
    percent_encode(uri, value, greedy);
    Ok(())
}

/// Appends the query parameter `key=value`, after the `?` or `&` it needs (the URI pattern
/// may hold a literal query already, `?tagging` or `?foo=bar&`). An empty value is still
/// sent (`Empty=`).
pub(crate) fn push_query(uri: &mut String, key: &str, value: &str) {
    if !uri.contains('?') {
        uri.push('?');
    } else if !uri.ends_with(['?', '&']) {
        uri.push('&');
    }
    percent_encode(uri, key, false);
    uri.push('=');
    percent_encode(uri, value, false);
}

/// A scalar's text in a label, query parameter or header.
pub(crate) trait HttpValue {
    fn http_value(&self) -> Cow<'_, str>;
}

impl HttpValue for str {
    fn http_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl HttpValue for String {
    fn http_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl HttpValue for bool {
    fn http_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! int_http_value {
    ($($t:ty),*) => {$(
        impl HttpValue for $t {
            fn http_value(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
int_http_value!(i8, i16, i32, i64);

// Floats in the shortest text that reads back the same value (`1.1`; `1` for 1.0, as JSON
// bodies write it), in the float's own width: an `f32` 1.1 is `1.1`, not the
// `1.100000023841858` of its `f64` widening. Non-finite values have Smithy's names.
macro_rules! float_http_value {
    ($($t:ty),*) => {$(
        impl HttpValue for $t {
            fn http_value(&self) -> Cow<'_, str> {
                if self.is_nan() {
                    Cow::Borrowed("NaN")
                } else if self.is_infinite() {
                    Cow::Borrowed(if *self > 0.0 { "Infinity" } else { "-Infinity" })
                } else {
                    Cow::Owned(self.to_string())
                }
            }
        }
    )*};
}
float_http_value!(f32, f64);

impl HttpValue for crate::primitives::BigNumber {
    fn http_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

/// A timestamp's text in `format`. A year outside 0001-9999 has no date-time or http-date
/// text: as in a JSON body, that is a validation error, which the caller places with
/// `in_field`.
pub(crate) fn timestamp_value(
    v: &DateTime,
    format: TimestampFormat,
) -> Result<String, SerializeError> {
    let (text, name) = match format {
        TimestampFormat::EpochSeconds => return Ok(v.to_epoch_seconds_string()),
        TimestampFormat::DateTime => (v.to_date_time_string(), "date-time"),
        TimestampFormat::HttpDate => (v.to_http_date_string(), "http-date"),
    };
    text.ok_or_else(|| {
        Path::default()
            .error(format!(
                "the year is outside 0001-9999, which a {name} timestamp cannot hold"
            ))
            .into()
    })
}

/// A blob outside the body is standard base64.
pub(crate) fn blob_value(v: &[u8]) -> String {
    let mut out = Vec::new();
    crate::primitives::base64_encode(v, &mut out);
    // base64 is ASCII: one char per byte.
    out.into_iter().map(char::from).collect()
}

/// A `@mediaType` string in a header is base64 of its UTF-8: its text (JSON, say) may hold
/// what a header cannot.
pub(crate) fn media_type_value(v: &str) -> String {
    blob_value(v.as_bytes())
}

/// Sets header `name` to `value`, replacing any earlier value. A control character (a line
/// break would end the header) is an error; text beyond ASCII goes as its UTF-8 bytes, as
/// the `http` crate allows and the readers below accept.
pub(crate) fn set_header(
    headers: &mut http::HeaderMap,
    name: &str,
    value: &str,
) -> Result<(), SerializeError> {
    let header = http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| SerializeError::Http(format!("`{name}` is not a valid header name")))?;
    let value = http::HeaderValue::from_str(value).map_err(|_| {
        SerializeError::Http(format!(
            "the value of header `{name}` has a character a header cannot hold"
        ))
    })?;
    headers.insert(header, value);
    Ok(())
}

/// Sets header `name` to a list: the values joined with `, `. With `quote` (string and
/// enum lists), a value the reader would split or trim is sent as a quoted string. An
/// empty list is an empty header, which tells it from an absent one.
pub(crate) fn set_header_list<'a>(
    headers: &mut http::HeaderMap,
    name: &str,
    values: impl IntoIterator<Item = Cow<'a, str>>,
    quote: bool,
) -> Result<(), SerializeError> {
    let mut joined = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            joined.push_str(", ");
        }
        if quote && needs_quotes(&value) {
            joined.push('"');
            for c in value.chars() {
                if matches!(c, '"' | '\\') {
                    joined.push('\\');
                }
                joined.push(c);
            }
            joined.push('"');
        } else {
            joined.push_str(&value);
        }
    }
    set_header(headers, name, &joined)
}

/// Whether a list item must be quoted to read back as itself: a comma or quote would
/// split or open a quoted string, surrounding whitespace would be trimmed, and an empty
/// item would be skipped.
fn needs_quotes(value: &str) -> bool {
    value.is_empty()
        || value.contains([',', '"'])
        || value.trim_matches(OWS).len() != value.len()
}

/// HTTP's optional whitespace around values and list items.
const OWS: [char; 2] = [' ', '\t'];

fn header_error(message: impl Into<Cow<'static, str>>, member: &'static str) -> DeserializeError {
    DeserializeError::new(message, 0).in_field(member)
}

/// Each occurrence of header `name`, as text.
fn occurrences<'h>(
    headers: &'h http::HeaderMap,
    name: &str,
    member: &'static str,
) -> impl Iterator<Item = Result<&'h str, DeserializeError>> {
    // Senders should keep to ASCII, but some send UTF-8; only other bytes are refused.
    headers.get_all(name).iter().map(move |v| {
        std::str::from_utf8(v.as_bytes())
            .map_err(|_| header_error("the header value is not UTF-8", member))
    })
}

/// The value of a header that holds one value (not a list), without surrounding
/// whitespace; `None` when absent. HTTP allows a header to repeat only when it is a list,
/// so a repeated one is an error, not a guess at which to take.
pub(crate) fn header_str<'h>(
    headers: &'h http::HeaderMap,
    name: &str,
    member: &'static str,
) -> Result<Option<&'h str>, DeserializeError> {
    let mut values = occurrences(headers, name, member);
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(header_error("the header is repeated but holds one value", member));
    }
    first.map(|v| Some(v.trim_matches(OWS)))
}

/// A scalar read from header text.
pub(crate) trait FromHttp: Sized {
    /// What the text should have been, for errors.
    const EXPECTED: &'static str;

    fn from_http(text: &str) -> Option<Self>;
}

impl FromHttp for String {
    const EXPECTED: &'static str = "a string";

    fn from_http(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl FromHttp for bool {
    const EXPECTED: &'static str = "`true` or `false`";

    fn from_http(text: &str) -> Option<Self> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

macro_rules! int_from_http {
    ($($t:ty),*) => {$(
        impl FromHttp for $t {
            const EXPECTED: &'static str = concat!("an integer that fits ", stringify!($t));

            fn from_http(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}
int_from_http!(i8, i16, i32, i64);

// A JSON number or one of Smithy's names for the non-finite values; not the other
// spellings Rust's parser takes (`inf`, `nan`, `+1`).
macro_rules! float_from_http {
    ($($t:ty),*) => {$(
        impl FromHttp for $t {
            const EXPECTED: &'static str = "a number, `NaN`, `Infinity` or `-Infinity`";

            fn from_http(text: &str) -> Option<Self> {
                match text {
                    "NaN" => Some(<$t>::NAN),
                    "Infinity" => Some(<$t>::INFINITY),
                    "-Infinity" => Some(<$t>::NEG_INFINITY),
                    _ if crate::json::number_len(text.as_bytes()) == Some(text.len()) => {
                        text.parse().ok()
                    }
                    _ => None,
                }
            }
        }
    )*};
}
float_from_http!(f32, f64);

/// A blob is standard base64.
impl FromHttp for Vec<u8> {
    const EXPECTED: &'static str = "base64";

    fn from_http(text: &str) -> Option<Self> {
        crate::primitives::base64_decode(text)
    }
}

impl FromHttp for crate::primitives::BigNumber {
    const EXPECTED: &'static str = "a number";

    fn from_http(text: &str) -> Option<Self> {
        Self::parse(text)
    }
}

fn parse_item<T: FromHttp>(text: &str, member: &'static str) -> Result<T, DeserializeError> {
    T::from_http(text)
        .ok_or_else(|| header_error(format!("expected {}", T::EXPECTED), member))
}

/// A scalar header's value; `None` when absent.
pub(crate) fn parse_header<T: FromHttp>(
    headers: &http::HeaderMap,
    name: &str,
    member: &'static str,
) -> Result<Option<T>, DeserializeError> {
    header_str(headers, name, member)?
        .map(|text| parse_item(text, member))
        .transpose()
}

fn parse_timestamp(text: &str, format: TimestampFormat) -> Option<DateTime> {
    match format {
        TimestampFormat::EpochSeconds => DateTime::from_epoch_seconds_str(text),
        TimestampFormat::DateTime => DateTime::parse_date_time(text),
        TimestampFormat::HttpDate => DateTime::parse_http_date(text),
    }
}

/// A timestamp header in `format`; `None` when absent.
pub(crate) fn header_timestamp(
    headers: &http::HeaderMap,
    name: &str,
    member: &'static str,
    format: TimestampFormat,
) -> Result<Option<DateTime>, DeserializeError> {
    header_str(headers, name, member)?
        .map(|text| {
            parse_timestamp(text, format).ok_or_else(|| header_error("invalid timestamp", member))
        })
        .transpose()
}

/// A `@mediaType` string header: base64 of UTF-8 text. `None` when absent.
pub(crate) fn header_media_type(
    headers: &http::HeaderMap,
    name: &str,
    member: &'static str,
) -> Result<Option<String>, DeserializeError> {
    let Some(bytes) = parse_header::<Vec<u8>>(headers, name, member)? else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| header_error("the decoded value is not UTF-8", member))
}

/// The items of one list header value: split at the commas outside quoted strings,
/// trimmed, quoted strings unescaped. Empty unquoted items are skipped, as HTTP asks of
/// list readers (`a, , b`); a quoted `""` is an empty string.
fn split_list(value: &str) -> Result<Vec<Cow<'_, str>>, &'static str> {
    let mut items = Vec::new();
    let mut rest = value.trim_start_matches(OWS);
    while !rest.is_empty() {
        let after = if let Some(quoted) = rest.strip_prefix('"') {
            let mut text = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next() {
                    Some((i, '"')) => break i + 1,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c)) => text.push(c),
                        None => return Err("unterminated quoted string"),
                    },
                    Some((_, c)) => text.push(c),
                    None => return Err("unterminated quoted string"),
                }
            };
            items.push(Cow::Owned(text));
            let after = quoted[end..].trim_start_matches(OWS);
            if !after.is_empty() && !after.starts_with(',') {
                return Err("text after a quoted string");
            }
            after
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let item = rest[..end].trim_end_matches(OWS);
            if !item.is_empty() {
                items.push(Cow::Borrowed(item));
            }
            &rest[end..]
        };
        rest = after.strip_prefix(',').unwrap_or(after).trim_start_matches(OWS);
    }
    Ok(items)
}

/// The items of every occurrence of list header `name` (a repeated list header is one
/// list); `None` when absent.
fn list_items<'h>(
    headers: &'h http::HeaderMap,
    name: &str,
    member: &'static str,
) -> Result<Option<Vec<Cow<'h, str>>>, DeserializeError> {
    let mut items = None;
    for value in occurrences(headers, name, member) {
        let split = split_list(value?).map_err(|e| header_error(e, member))?;
        items.get_or_insert_with(Vec::new).extend(split);
    }
    Ok(items)
}

/// A list header's items; `None` when absent, empty when the header is.
pub(crate) fn header_list<T: FromHttp>(
    headers: &http::HeaderMap,
    name: &str,
    member: &'static str,
) -> Result<Option<Vec<T>>, DeserializeError> {
    let Some(items) = list_items(headers, name, member)? else {
        return Ok(None);
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            T::from_http(item).ok_or_else(|| {
                DeserializeError::new(format!("expected {}", T::EXPECTED), 0)
                    .in_index(i)
                    .in_field(member)
            })
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A timestamp list header in `format`; `None` when absent. An http-date holds a comma
/// (`Mon, 16 Dec 2019 23:48:18 GMT`), so unquoted http-dates come out of the split in two
/// items, which are joined again.
pub(crate) fn header_timestamp_list(
    headers: &http::HeaderMap,
    name: &str,
    member: &'static str,
    format: TimestampFormat,
) -> Result<Option<Vec<DateTime>>, DeserializeError> {
    let Some(items) = list_items(headers, name, member)? else {
        return Ok(None);
    };
    let mut dates = Vec::new();
    let mut items = items.into_iter();
    while let Some(item) = items.next() {
        // A quoted http-date kept its comma, and is whole.
        let text = if format == TimestampFormat::HttpDate && !item.contains(',') {
            match items.next() {
                Some(rest) => Cow::Owned(format!("{item}, {rest}")),
                None => item,
            }
        } else {
            item
        };
        let date = parse_timestamp(&text, format).ok_or_else(|| {
            DeserializeError::new("invalid timestamp", 0)
                .in_index(dates.len())
                .in_field(member)
        })?;
        dates.push(date);
    }
    Ok(Some(dates))
}

/// The headers whose names start with `prefix` (in any case), keyed by the rest of the
/// name in lowercase, as the `http` crate holds names. An empty prefix takes every header.
/// A value that is not UTF-8 has its stray bytes replaced (U+FFFD) rather than lose the
/// others; a repeated header's values are joined with `, `, as HTTP combines them.
pub(crate) fn prefix_headers(headers: &http::HeaderMap, prefix: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (name, value) in headers {
        let name = name.as_str();
        let Some(key) = name
            .get(..prefix.len())
            .filter(|start| start.eq_ignore_ascii_case(prefix))
            .map(|_| &name[prefix.len()..])
        else {
            continue;
        };
        let value = String::from_utf8_lossy(value.as_bytes());
        map.entry(key.to_string())
            .and_modify(|joined: &mut String| {
                joined.push_str(", ");
                joined.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    map
}

/// The request a REST operation sends: `uri` is the path and query the bindings built
/// (the caller puts the endpoint before it); `content_type` is the body's, if it has one.
pub(crate) fn request(
    method: &'static str,
    uri: String,
    body: Vec<u8>,
    content_type: Option<&'static str>,
) -> Result<http::Request<Vec<u8>>, SerializeError> {
    let length = http::HeaderValue::from(body.len());
    let has_body = !body.is_empty();
    let mut request = http::Request::new(body);
    *request.method_mut() = http::Method::from_bytes(method.as_bytes())
        .map_err(|e| SerializeError::Http(format!("method {method}: {e}")))?;
    *request.uri_mut() = uri
        .parse()
        .map_err(|e| SerializeError::Http(format!("URI {uri:?}: {e}")))?;
    let headers = request.headers_mut();
    if let Some(t) = content_type {
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(t));
    }
    if has_body {
        headers.insert(http::header::CONTENT_LENGTH, length);
    }
    Ok(request)
}

/// The value of a URI label the model does not mark required: unset cannot be sent.
pub(crate) fn label_value<'v, T: ?Sized>(
    value: Option<&'v T>,
    member: &str,
) -> Result<&'v T, SerializeError> {
    value.ok_or_else(|| SerializeError::Http(format!("the URI label `{member}` is not set")))
}

/// A text payload (`@httpPayload` string or enum): `None` for an empty body.
pub(crate) fn text_payload(body: &[u8], member: &'static str) -> Result<Option<String>, DeserializeError> {
    if body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(body.to_vec())
        .map(Some)
        .map_err(|e| DeserializeError::new("the payload is not UTF-8", e.utf8_error().valid_up_to()).in_field(member))
}

/// A JSON payload (`@httpPayload` structure, union or document): `None` for an empty body.
pub(crate) fn json_payload<T>(
    body: &[u8],
    de: fn(&mut crate::json::Reader<'_>) -> Result<T, DeserializeError>,
) -> Result<Option<T>, DeserializeError> {
    let mut r = crate::json::Reader::new(body);
    if r.is_empty() {
        return Ok(None);
    }
    let value = de(&mut r)?;
    r.finish()?;
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `restJson1` label and query escaping cases: every reserved character, and a
    /// character outside ASCII, by its UTF-8 bytes.
    const RESERVED: &str = " %:/?#[]@!$&'()*+,;=😹";
    const RESERVED_ENCODED: &str =
        "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9";

    fn http_message(e: SerializeError) -> String {
        match e {
            SerializeError::Http(message) => message,
            other => panic!("not an HTTP error: {other:?}"),
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                http::HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn assert_header_error(e: DeserializeError, member: &str, message: &str) {
        assert_eq!(e.path(), member, "{e}");
        assert!(e.message().contains(message), "{e}");
    }

    #[test]
    fn labels_escape_all_but_unreserved_characters() {
        let mut uri = "/HttpRequestWithLabels/".to_string();
        push_label(&mut uri, "string", RESERVED, false).unwrap();
        assert_eq!(uri, format!("/HttpRequestWithLabels/{RESERVED_ENCODED}"));

        let mut uri = String::new();
        push_label(&mut uri, "s", "AZaz09-._~", false).unwrap();
        assert_eq!(uri, "AZaz09-._~");
        // Uppercase hex, one escape per byte.
        let mut uri = String::new();
        push_label(&mut uri, "s", "\u{7f}é\n", false).unwrap();
        assert_eq!(uri, "%7F%C3%A9%0A");
    }

    #[test]
    fn greedy_labels_keep_their_slashes_and_nothing_else() {
        let mut uri = "/HttpRequestWithGreedyLabelInPath/foo/".to_string();
        push_label(&mut uri, "foo", "hello/escape", false).unwrap();
        uri.push_str("/baz/");
        push_label(&mut uri, "baz", "there/guy", true).unwrap();
        assert_eq!(
            uri,
            "/HttpRequestWithGreedyLabelInPath/foo/hello%2Fescape/baz/there/guy"
        );

        for (key, expected) in [
            ("foo/bar/my key.txt", "/foo/bar/my%20key.txt"),
            ("../key.txt", "/../key.txt"),
            ("foo/../key.txt", "/foo/../key.txt"),
            (RESERVED, &format!("/{}", RESERVED_ENCODED.replace("%2F", "/"))),
        ] {
            let mut uri = "/".to_string();
            push_label(&mut uri, "Key", key, true).unwrap();
            assert_eq!(uri, expected);
        }
    }

    #[test]
    fn empty_labels_are_refused_by_member() {
        for greedy in [false, true] {
            let mut uri = "/a/".to_string();
            let e = push_label(&mut uri, "Bucket", "", greedy).unwrap_err();
            assert!(http_message(e).contains("`Bucket`"));
            assert_eq!(uri, "/a/");
        }
    }

    #[test]
    fn query_parameters_start_or_extend_the_query() {
        let mut uri = "/AllQueryStringTypesInput".to_string();
        push_query(&mut uri, "String", "Hello there");
        push_query(&mut uri, "StringList", "a");
        push_query(&mut uri, "StringList", "b");
        push_query(&mut uri, "Empty", "");
        assert_eq!(
            uri,
            "/AllQueryStringTypesInput?String=Hello%20there&StringList=a&StringList=b&Empty="
        );

        let mut uri = "/x".to_string();
        push_query(&mut uri, "String", RESERVED);
        assert_eq!(uri, format!("/x?String={RESERVED_ENCODED}"));
        let mut uri = "/x".to_string();
        push_query(&mut uri, "a b&c=", "v");
        assert_eq!(uri, "/x?a%20b%26c%3D=v");

        // After the URI pattern's own query, with or without a value, or a dangling `?`.
        for (pattern, expected) in [
            ("/ConstantQueryString/hi?foo=bar&hello", "/ConstantQueryString/hi?foo=bar&hello&k=v"),
            ("/{Bucket}?tagging", "/{Bucket}?tagging&k=v"),
            ("/x?", "/x?k=v"),
            ("/x?a=b&", "/x?a=b&k=v"),
        ] {
            let mut uri = pattern.to_string();
            push_query(&mut uri, "k", "v");
            assert_eq!(uri, expected);
        }
    }

    #[test]
    fn scalars_have_the_protocol_tests_text() {
        assert!(matches!("s".http_value(), Cow::Borrowed("s")));
        assert!(matches!(String::from("s").http_value(), Cow::Borrowed("s")));
        assert_eq!(true.http_value(), "true");
        assert_eq!(false.http_value(), "false");
        assert_eq!(1i8.http_value(), "1");
        assert_eq!((-128i8).http_value(), "-128");
        assert_eq!(123i16.http_value(), "123");
        assert_eq!(0i32.http_value(), "0");
        assert_eq!(i64::MAX.http_value(), "9223372036854775807");

        assert_eq!(1.1f32.http_value(), "1.1");
        assert_eq!(4.1f32.http_value(), "4.1");
        assert_eq!(1.1f64.http_value(), "1.1");
        assert_eq!(5.1f64.http_value(), "5.1");
        assert_eq!(1.0f64.http_value(), "1");
        assert_eq!((-0.5f32).http_value(), "-0.5");
        assert_eq!(f32::NAN.http_value(), "NaN");
        assert_eq!(f64::NAN.http_value(), "NaN");
        assert_eq!(f32::INFINITY.http_value(), "Infinity");
        assert_eq!(f64::INFINITY.http_value(), "Infinity");
        assert_eq!(f32::NEG_INFINITY.http_value(), "-Infinity");
        assert_eq!(f64::NEG_INFINITY.http_value(), "-Infinity");
    }

    #[test]
    fn timestamps_have_each_formats_text() {
        let t = DateTime::from_secs(1576540098);
        let text = |format| timestamp_value(&t, format).unwrap();
        assert_eq!(text(TimestampFormat::EpochSeconds), "1576540098");
        assert_eq!(text(TimestampFormat::DateTime), "2019-12-16T23:48:18Z");
        assert_eq!(
            text(TimestampFormat::HttpDate),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );
        let half = DateTime::from_secs_and_nanos(1, 500_000_000);
        assert_eq!(
            timestamp_value(&half, TimestampFormat::EpochSeconds).unwrap(),
            "1.5"
        );

        // In a label, as `RestJsonHttpRequestWithLabelsAndTimestampFormat` sends them.
        let mut uri = String::new();
        push_label(&mut uri, "t", &text(TimestampFormat::HttpDate), false).unwrap();
        assert_eq!(uri, "Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT");

        let far = DateTime::from_secs(300_000_000_000);
        for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
            match timestamp_value(&far, format).map_err(|e| e.in_field("When")) {
                Err(SerializeError::Invalid(e)) => {
                    assert_eq!(e.path(), "When");
                    assert!(e.to_string().contains("0001-9999"), "{e}");
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            timestamp_value(&far, TimestampFormat::EpochSeconds).unwrap(),
            "300000000000"
        );
    }

    #[test]
    fn blobs_and_media_type_strings_are_base64() {
        assert_eq!(media_type_value("true"), "dHJ1ZQ==");
        assert_eq!(blob_value(b""), "");
        assert_eq!(blob_value(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn headers_are_set_once_and_checked() {
        let mut h = http::HeaderMap::new();
        set_header(&mut h, "X-String", "Hello").unwrap();
        set_header(&mut h, "x-string", "Again").unwrap();
        set_header(&mut h, "X-B", "").unwrap();
        assert_eq!(h.get_all("x-string").iter().count(), 1);
        assert_eq!(h["x-string"], "Again");
        assert_eq!(h["x-b"], "");

        for (name, value) in [
            ("X-Bad Name", "v"),
            ("", "v"),
            ("X-A", "line\nbreak"),
            ("X-A", "nul\0"),
            ("X-A", "del\u{7f}"),
        ] {
            let e = http_message(set_header(&mut h, name, value).unwrap_err());
            assert!(e.contains(&format!("`{name}`")), "{e}");
        }
        assert!(h.get("x-a").is_none());

        set_header(&mut h, "X-Utf8", "caf\u{e9}").unwrap();
        assert_eq!(h["x-utf8"].as_bytes(), "caf\u{e9}".as_bytes());
        assert_eq!(header_str(&h, "X-Utf8", "s").unwrap(), Some("caf\u{e9}"));
    }

    #[test]
    fn list_headers_join_and_quote_what_would_not_read_back() {
        let mut h = http::HeaderMap::new();
        let set = |h: &mut http::HeaderMap, values: &[&str], quote: bool| {
            let values = values.iter().map(|v| Cow::Borrowed(*v));
            set_header_list(h, "X-List", values, quote).unwrap();
            h["x-list"].to_str().unwrap().to_string()
        };
        assert_eq!(set(&mut h, &["a", "b", "c"], true), "a, b, c");
        // RestJsonInputAndOutputWithQuotedStringHeaders.
        assert_eq!(
            set(&mut h, &["b,c", "\"def\"", "a"], true),
            r#""b,c", "\"def\"", a"#
        );
        assert_eq!(set(&mut h, &[r"a\b", "", " x"], true), r#"a\b, "", " x""#);
        assert_eq!(set(&mut h, &[r#"\""#], true), r#""\\\"""#);
        // RestJsonNullAndEmptyHeaders: an empty list is an empty header.
        assert_eq!(set(&mut h, &[], true), "");

        // Unquoted: http-dates hold commas, which the reader expects.
        let date = DateTime::from_secs(1576540098);
        let dates = [date, date].map(|d| timestamp_value(&d, TimestampFormat::HttpDate).unwrap());
        let values = dates.iter().map(|d| Cow::Borrowed(d.as_str()));
        set_header_list(&mut h, "X-TimestampList", values, false).unwrap();
        assert_eq!(
            h["x-timestamplist"],
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"
        );
        let ints = [1, 2, 3];
        set_header_list(&mut h, "X-IntegerList", ints.iter().map(|i| i.http_value()), false)
            .unwrap();
        assert_eq!(h["x-integerlist"], "1, 2, 3");

        let e = set_header_list(&mut h, "X-List", [Cow::Borrowed("a\rb")], true).unwrap_err();
        assert!(http_message(e).contains("`X-List`"));
    }

    #[test]
    fn scalar_headers_are_read_once_and_trimmed() {
        let h = headers(&[("X-String", " Hello "), ("X-Twice", "a"), ("X-Twice", "b")]);
        assert_eq!(header_str(&h, "X-String", "s").unwrap(), Some("Hello"));
        assert_eq!(header_str(&h, "x-string", "s").unwrap(), Some("Hello"));
        assert_eq!(header_str(&h, "X-Absent", "s").unwrap(), None);
        let e = header_str(&h, "X-Twice", "twice").unwrap_err();
        assert_header_error(e, "twice", "repeated");

        let mut h = http::HeaderMap::new();
        h.insert("x-utf8", http::HeaderValue::from_bytes("caf\u{e9}".as_bytes()).unwrap());
        h.insert("x-latin1", http::HeaderValue::from_bytes(b"caf\xe9").unwrap());
        assert_eq!(header_str(&h, "X-Utf8", "s").unwrap(), Some("caf\u{e9}"));
        let e = header_str(&h, "X-Latin1", "latin").unwrap_err();
        assert_header_error(e, "latin", "UTF-8");
    }

    #[test]
    fn scalar_headers_parse_to_their_type() {
        let h = headers(&[
            ("X-Byte", "1"),
            ("X-Short", "123"),
            ("X-Integer", "123"),
            ("X-Long", "123"),
            ("X-Float", "1.1"),
            ("X-Double", "1.1"),
            ("X-Boolean1", "true"),
            ("X-Boolean2", "false"),
            ("X-String", "Hello"),
            ("X-NaN", "NaN"),
            ("X-Inf", "Infinity"),
            ("X-NegInf", "-Infinity"),
        ]);
        assert_eq!(parse_header::<i8>(&h, "X-Byte", "b").unwrap(), Some(1));
        assert_eq!(parse_header::<i16>(&h, "X-Short", "s").unwrap(), Some(123));
        assert_eq!(parse_header::<i32>(&h, "X-Integer", "i").unwrap(), Some(123));
        assert_eq!(parse_header::<i64>(&h, "X-Long", "l").unwrap(), Some(123));
        assert_eq!(parse_header::<f32>(&h, "X-Float", "f").unwrap(), Some(1.1));
        assert_eq!(parse_header::<f64>(&h, "X-Double", "d").unwrap(), Some(1.1));
        assert_eq!(parse_header::<bool>(&h, "X-Boolean1", "t").unwrap(), Some(true));
        assert_eq!(parse_header::<bool>(&h, "X-Boolean2", "f").unwrap(), Some(false));
        assert_eq!(
            parse_header::<String>(&h, "X-String", "s").unwrap().as_deref(),
            Some("Hello")
        );
        assert!(parse_header::<f32>(&h, "X-NaN", "n").unwrap().unwrap().is_nan());
        assert!(parse_header::<f64>(&h, "X-NaN", "n").unwrap().unwrap().is_nan());
        assert_eq!(parse_header::<f32>(&h, "X-Inf", "i").unwrap(), Some(f32::INFINITY));
        assert_eq!(parse_header::<f64>(&h, "X-NegInf", "i").unwrap(), Some(f64::NEG_INFINITY));
        assert_eq!(parse_header::<i32>(&h, "X-Absent", "a").unwrap(), None);

        let bad = headers(&[
            ("X-Big", "128"),
            ("X-Word", "yes"),
            ("X-Inf", "inf"),
            ("X-Plus", "+1.5"),
            ("X-Frac", "1.5"),
        ]);
        assert_header_error(parse_header::<i8>(&bad, "X-Big", "big").unwrap_err(), "big", "i8");
        assert_header_error(parse_header::<bool>(&bad, "X-Word", "w").unwrap_err(), "w", "true");
        assert_header_error(parse_header::<f64>(&bad, "X-Inf", "i").unwrap_err(), "i", "NaN");
        assert_header_error(parse_header::<f32>(&bad, "X-Plus", "p").unwrap_err(), "p", "number");
        assert_header_error(parse_header::<i64>(&bad, "X-Frac", "f").unwrap_err(), "f", "i64");
    }

    #[test]
    fn timestamp_and_media_type_headers_are_decoded() {
        // RestJsonTimestampFormatHeaders.
        let h = headers(&[
            ("X-memberEpochSeconds", "1576540098"),
            ("X-memberHttpDate", "Mon, 16 Dec 2019 23:48:18 GMT"),
            ("X-memberDateTime", "2019-12-16T23:48:18Z"),
            ("X-Json", "dHJ1ZQ=="),
            ("X-Bad64", "dHJ1ZQ=*"),
            ("X-Latin1", "6Q=="),
        ]);
        let expected = Some(DateTime::from_secs(1576540098));
        for (name, format) in [
            ("X-memberEpochSeconds", TimestampFormat::EpochSeconds),
            ("X-memberHttpDate", TimestampFormat::HttpDate),
            ("X-memberDateTime", TimestampFormat::DateTime),
        ] {
            assert_eq!(header_timestamp(&h, name, "t", format).unwrap(), expected);
        }
        assert_eq!(
            header_timestamp(&h, "X-Absent", "t", TimestampFormat::HttpDate).unwrap(),
            None
        );
        let e = header_timestamp(&h, "X-memberDateTime", "when", TimestampFormat::HttpDate);
        assert_header_error(e.unwrap_err(), "when", "invalid timestamp");

        assert_eq!(
            header_media_type(&h, "X-Json", "json").unwrap().as_deref(),
            Some("true")
        );
        assert_eq!(header_media_type(&h, "X-Absent", "json").unwrap(), None);
        let e = header_media_type(&h, "X-Bad64", "json").unwrap_err();
        assert_header_error(e, "json", "base64");
        let e = header_media_type(&h, "X-Latin1", "json").unwrap_err();
        assert_header_error(e, "json", "UTF-8");
    }

    #[test]
    fn list_headers_split_outside_quotes() {
        let h = headers(&[
            ("X-StringList", "a, b, c"),
            ("X-Quoted", r#""b,c", "\"def\"", a"#),
            ("X-IntegerList", "1, 2, 3"),
            ("X-BooleanList", "true, false, true"),
            ("X-Empty", ""),
            ("X-Sparse", " a ,, b,"),
            ("X-Repeated", "a, b"),
            ("X-Repeated", "\"c,d\""),
            ("X-Escapes", r#""a\\b", "", "x\y", " sp ""#),
        ]);
        let strings = |name| header_list::<String>(&h, name, "m").unwrap();
        assert_eq!(strings("X-StringList").unwrap(), ["a", "b", "c"]);
        assert_eq!(strings("X-Quoted").unwrap(), ["b,c", "\"def\"", "a"]);
        assert_eq!(strings("X-Empty").unwrap(), Vec::<String>::new());
        assert_eq!(strings("X-Sparse").unwrap(), ["a", "b"]);
        assert_eq!(strings("X-Repeated").unwrap(), ["a", "b", "c,d"]);
        assert_eq!(strings("X-Escapes").unwrap(), [r"a\b", "", "xy", " sp "]);
        assert_eq!(strings("X-Absent"), None);
        assert_eq!(
            header_list::<i32>(&h, "X-IntegerList", "m").unwrap(),
            Some(vec![1, 2, 3])
        );
        assert_eq!(
            header_list::<bool>(&h, "X-BooleanList", "m").unwrap(),
            Some(vec![true, false, true])
        );

        let e = header_list::<i32>(&h, "X-StringList", "ints").unwrap_err();
        assert_header_error(e, "ints[0]", "i32");
        let bad = headers(&[("X-Open", r#"a, "b"#), ("X-After", r#""a"b, c"#)]);
        let e = header_list::<String>(&bad, "X-Open", "open").unwrap_err();
        assert_header_error(e, "open", "unterminated");
        let e = header_list::<String>(&bad, "X-After", "after").unwrap_err();
        assert_header_error(e, "after", "after a quoted string");
    }

    #[test]
    fn string_lists_read_back_as_written() {
        let values = ["plain", "b,c", "\"def\"", "", " pad ", r"back\slash", "a, \"b\", c"];
        let mut h = http::HeaderMap::new();
        let items = values.iter().map(|v| Cow::Borrowed(*v));
        set_header_list(&mut h, "X-List", items, true).unwrap();
        assert_eq!(
            header_list::<String>(&h, "X-List", "m").unwrap().unwrap(),
            values
        );
    }

    #[test]
    fn timestamp_list_headers_rejoin_http_dates() {
        let date = DateTime::from_secs(1576540098);
        let next = DateTime::from_secs(1576540099);
        let h = headers(&[
            // RestJsonInputAndOutputWithTimestampHeaders.
            ("X-HttpDates", "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:19 GMT"),
            ("X-Quoted", r#""Mon, 16 Dec 2019 23:48:18 GMT", Mon, 16 Dec 2019 23:48:19 GMT"#),
            ("X-DateTimes", "2019-12-16T23:48:18Z, 2019-12-16T23:48:19Z"),
            ("X-Epochs", "1576540098, 1576540099"),
            ("X-Empty", ""),
            ("X-Odd", "Mon, 16 Dec 2019 23:48:18 GMT, Mon"),
            ("X-Bad", "2019-12-16T23:48:18Z, nope"),
        ]);
        let list = |name, format| header_timestamp_list(&h, name, "ts", format);
        for (name, format) in [
            ("X-HttpDates", TimestampFormat::HttpDate),
            ("X-Quoted", TimestampFormat::HttpDate),
            ("X-DateTimes", TimestampFormat::DateTime),
            ("X-Epochs", TimestampFormat::EpochSeconds),
        ] {
            assert_eq!(list(name, format).unwrap(), Some(vec![date, next]), "{name}");
        }
        assert_eq!(list("X-Empty", TimestampFormat::HttpDate).unwrap(), Some(vec![]));
        assert_eq!(list("X-Absent", TimestampFormat::HttpDate).unwrap(), None);
        let e = list("X-Odd", TimestampFormat::HttpDate).unwrap_err();
        assert_header_error(e, "ts[1]", "invalid timestamp");
        let e = list("X-Bad", TimestampFormat::DateTime).unwrap_err();
        assert_header_error(e, "ts[1]", "invalid timestamp");
    }

    #[test]
    fn prefix_headers_are_keyed_by_the_rest_of_the_name() {
        // RestJsonHttpPrefixHeadersArePresent, and a prefix in another case.
        let h = headers(&[
            ("x-foo", "Foo"),
            ("X-Foo-Abc", "Abc value"),
            ("x-foo-def", "Def value"),
            ("x-foo-empty", ""),
            ("x-foo-twice", "a"),
            ("x-foo-twice", "b"),
            ("hello", "There"),
        ]);
        let map = prefix_headers(&h, "X-Foo-");
        let expected = [
            ("abc", "Abc value"),
            ("def", "Def value"),
            ("empty", ""),
            ("twice", "a, b"),
        ];
        assert_eq!(
            map,
            BTreeMap::from(expected.map(|(k, v)| (k.to_string(), v.to_string())))
        );

        // HttpPrefixHeadersResponse: an empty prefix takes every header.
        let all = prefix_headers(&h, "");
        assert_eq!(all.len(), 6);
        assert_eq!(all["hello"], "There");
        assert_eq!(all["x-foo"], "Foo");
        assert!(prefix_headers(&h, "x-bar-").is_empty());
        // A prefix longer than a name, or not ASCII, matches nothing.
        assert!(prefix_headers(&h, "x-foo-abc-and-more").is_empty());
        assert!(prefix_headers(&h, "x-f\u{f6}").is_empty());

        let mut h = http::HeaderMap::new();
        h.insert("x-meta-name", http::HeaderValue::from_bytes(b"caf\xe9").unwrap());
        assert_eq!(prefix_headers(&h, "x-meta-")["name"], "caf\u{fffd}");
    }
}
