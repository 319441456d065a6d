//! `serde` support (the `serde` feature): a model value's serde form is its awsJson wire
//! form. Serializing writes the wire JSON with the crate's own serializer and replays it
//! into the serde serializer; deserializing records the serde input as JSON and reads it
//! with the crate's own deserializer. Both therefore agree with the wire codec: member
//! names, timestamp formats, base64 blobs, sparse collections, unknown enum values.
//!
//! Deserializing needs a self-describing format (`deserialize_any`), such as JSON.

use crate::json::{DeserializeError, Reader};
use crate::meta::SerializeError;
use crate::primitives::{Document, Number};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};
use std::cell::RefCell;
use std::fmt;

/// Serializes the one JSON value `write` writes into `s`.
pub(crate) fn serialize<S: Serializer>(
    s: S,
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), SerializeError>,
) -> Result<S::Ok, S::Error> {
    let mut out = Vec::new();
    write(&mut out).map_err(ser::Error::custom)?;
    Replay(&RefCell::new(Reader::new(&out))).serialize(s)
}

/// Deserializes a value from `d` as `read` reads it from the wire.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T>(
    d: D,
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, DeserializeError>,
) -> Result<T, D::Error> {
    let mut json = Vec::new();
    Record(&mut json).deserialize(d)?;
    let mut r = Reader::new(&json);
    let value = read(&mut r).map_err(de::Error::custom)?;
    r.finish().map_err(de::Error::custom)?;
    Ok(value)
}

/// The reader's next JSON value, replayed into a serde serializer.
struct Replay<'r, 'a>(&'r RefCell<Reader<'a>>);

impl Serialize for Replay<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fail = |e: DeserializeError| ser::Error::custom(e);
        let mut r = self.0.borrow_mut();
        match r.peek() {
            Some(b'{') => {
                r.begin_object().map_err(fail)?;
                drop(r);
                let mut map = s.serialize_map(None)?;
                loop {
                    // The borrow ends before the value is replayed from the same reader.
                    let key = self.0.borrow_mut().next_key().map_err(fail)?;
                    let Some(key) = key else { break };
                    map.serialize_entry(key.as_ref(), self)?;
                }
                map.end()
            }
            Some(b'[') => {
                r.begin_array().map_err(fail)?;
                drop(r);
                let mut seq = s.serialize_seq(None)?;
                while self.0.borrow_mut().next_element().map_err(fail)? {
                    seq.serialize_element(self)?;
                }
                seq.end()
            }
            Some(b'"') => s.serialize_str(&r.read_str().map_err(fail)?),
            Some(b't' | b'f') => s.serialize_bool(r.read_bool().map_err(fail)?),
            Some(b'n') => {
                r.take_null().map_err(fail)?;
                s.serialize_unit()
            }
            _ => {
                let text = r.number_text().map_err(fail)?;
                number(s, text)
            }
        }
    }
}

/// A number's text as the closest serde number: serde has no arbitrary-precision number,
/// so an integer is exact up to 128 bits and any other number is the nearest `f64`; one
/// beyond `f64` is an error rather than JSON's `null`.
fn number<S: Serializer>(s: S, text: &str) -> Result<S::Ok, S::Error> {
    if let Ok(n) = text.parse::<i64>() {
        s.serialize_i64(n)
    } else if let Ok(n) = text.parse::<u64>() {
        s.serialize_u64(n)
    } else if let Ok(n) = text.parse::<i128>() {
        s.serialize_i128(n)
    } else if let Ok(n) = text.parse::<u128>() {
        s.serialize_u128(n)
    } else {
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => s.serialize_f64(f),
            _ => Err(ser::Error::custom(format!(
                "the number {text} is beyond what serde can hold"
            ))),
        }
    }
}

/// serde_json's representation of a number under its `arbitrary_precision` feature.
const RAW_NUMBER: &str = "$serde_json::private::Number";

/// Writes the next serde value as JSON.
struct Record<'o>(&'o mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for Record<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Record<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        crate::json::write_bool(self.0, v);
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        crate::json::write_int(self.0, v);
        Ok(())
    }

    fn visit_i128<E>(self, v: i128) -> Result<(), E> {
        self.0.extend_from_slice(v.to_string().as_bytes());
        Ok(())
    }

    fn visit_u128<E>(self, v: u128) -> Result<(), E> {
        self.0.extend_from_slice(v.to_string().as_bytes());
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        crate::json::write_document(self.0, &Document::Number(Number::PosInt(v)));
        Ok(())
    }

    /// Written with a fraction (`1.0`), so that an integer member rejects it as the wire
    /// deserializer does.
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        crate::json::write_document(self.0, &Document::Number(Number::Float(v)));
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        crate::json::write_str(self.0, v);
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        self.0.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.push(b'[');
        let mut first = true;
        loop {
            let before = self.0.len();
            if !first {
                self.0.push(b',');
            }
            if seq.next_element_seed(Record(self.0))?.is_none() {
                self.0.truncate(before);
                break;
            }
            first = false;
        }
        self.0.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut obj = crate::json::ObjectWriter::begin(self.0);
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if first && key == RAW_NUMBER {
                // The number's exact text, as a big number member needs it.
                self.0.pop();
                let text = map.next_value::<String>()?;
                if crate::json::number_len(text.as_bytes()) != Some(text.len()) {
                    return Err(de::Error::custom("invalid number"));
                }
                self.0.extend_from_slice(text.as_bytes());
                return Ok(());
            }
            first = false;
            obj.dynamic_key(self.0, &key);
            map.next_value_seed(Record(self.0))?;
        }
        obj.end(self.0);
        Ok(())
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(s, |out| {
            crate::json::write_document(out, self);
            Ok(())
        })
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d, |r| r.read_document())
    }
}

/// `Serialize` and `Deserialize` for a structure or union through its wire serializer and
/// deserializer; a serializer that fills idempotency tokens is told not to (`false`), so
/// that an unset token stays unset. The type's path is from the crate root.
macro_rules! codec {
    ($($ty:ident)::+, $ser:ident $(($fill:literal))?, $de:ident) => {
        impl ::serde::Serialize for crate::$($ty)::+ {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                crate::serde_wire::serialize(s, |out| crate::ser::$ser(out, self $(, $fill)?))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for crate::$($ty)::+ {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::serde_wire::deserialize(d, crate::de::$de)
            }
        }
    };
}

/// `Serialize` and `Deserialize` for an enum as its string value (`as_str` / `From<&str>`),
/// so that an unknown value round-trips as received. Enums live in `types`.
#[allow(unused_macros)] // a model may have no enum
macro_rules! string_enum {
    ($ty:ident) => {
        impl ::serde::Serialize for crate::types::$ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for crate::types::$ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                ::std::result::Result::Ok(crate::types::$ty::from(value.as_str()))
            }
        }
    };
}

/// `Serialize` and `Deserialize` for an intEnum as its number (`as_i32` / `From<i32>`).
#[allow(unused_macros)] // a model may have no intEnum
macro_rules! int_enum {
    ($ty:ident) => {
        impl ::serde::Serialize for crate::types::$ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_i32(self.as_i32())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for crate::types::$ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i32 as ::serde::Deserialize>::deserialize(d).map(crate::types::$ty::from)
            }
        }
    };
}

// A crate's model may have no enum or intEnum.
#[allow(unused_imports)]
pub(crate) use {codec, int_enum, string_enum};
