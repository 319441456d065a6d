//! The in-memory Smithy model: shapes keyed by absolute id, in a `BTreeMap` so that
//! nothing downstream depends on file order except member order, which is kept as written
//! (it is the wire order).

use serde_json::Value;
use std::collections::BTreeMap;

/// A shape's or member's traits: trait id -> value, in id order. Most hold one or two,
/// so they are kept in a sorted vector: a tree's smallest node has room for eleven
/// entries, and a model has thousands of trait lists to build and free.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits(Vec<(String, Value)>);

impl Traits {
    pub fn new() -> Traits {
        Traits(Vec::new())
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.position(id).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.position(id).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.position(id).is_ok()
    }

    /// Sets a trait, giving back the value it replaces.
    pub fn insert(&mut self, id: String, value: Value) -> Option<Value> {
        match self.position(&id) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (id, value));
                None
            }
        }
    }

    /// Sets a trait the list does not have yet.
    pub fn insert_if_missing(&mut self, id: impl AsRef<str> + Into<String>, value: Value) {
        if let Err(i) = self.position(id.as_ref()) {
            self.0.insert(i, (id.into(), value));
        }
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut Value) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.into_iter()
    }
}

impl std::ops::Index<&str> for Traits {
    type Output = Value;

    fn index(&self, id: &str) -> &Value {
        self.get(id).unwrap_or_else(|| panic!("no trait {id}"))
    }
}

/// Later values of an id replace earlier ones, as in a map.
impl Extend<(String, Value)> for Traits {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        for (id, value) in iter {
            self.insert(id, value);
        }
    }
}

impl FromIterator<(String, Value)> for Traits {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Traits {
        let iter = iter.into_iter();
        let mut traits = Traits(Vec::with_capacity(iter.size_hint().0));
        traits.extend(iter);
        traits
    }
}

impl IntoIterator for Traits {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Traits {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Operation,
    Resource,
}

impl ShapeType {
    pub fn parse(s: &str) -> Option<ShapeType> {
        use ShapeType::*;
        Some(match s {
            "blob" => Blob,
            "boolean" => Boolean,
            "string" => String,
            "byte" => Byte,
            "short" => Short,
            "integer" => Integer,
            "long" => Long,
            "float" => Float,
            "double" => Double,
            "bigInteger" => BigInteger,
            "bigDecimal" => BigDecimal,
            "timestamp" => Timestamp,
            "document" => Document,
            "enum" => Enum,
            "intEnum" => IntEnum,
            "list" => List,
            "set" => Set,
            "map" => Map,
            "structure" => Structure,
            "union" => Union,
            "service" => Service,
            "operation" => Operation,
            "resource" => Resource,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        use ShapeType::*;
        match self {
            Blob => "blob",
            Boolean => "boolean",
            String => "string",
            Byte => "byte",
            Short => "short",
            Integer => "integer",
            Long => "long",
            Float => "float",
            Double => "double",
            BigInteger => "bigInteger",
            BigDecimal => "bigDecimal",
            Timestamp => "timestamp",
            Document => "document",
            Enum => "enum",
            IntEnum => "intEnum",
            List => "list",
            Set => "set",
            Map => "map",
            Structure => "structure",
            Union => "union",
            Service => "service",
            Operation => "operation",
            Resource => "resource",
        }
    }

    /// The member names this type allows, or `None` when any name is allowed.
    pub fn fixed_members(self) -> Option<&'static [&'static str]> {
        use ShapeType::*;
        match self {
            List | Set => Some(&["member"]),
            Map => Some(&["key", "value"]),
            Structure | Union | Enum | IntEnum => None,
            _ => Some(&[]),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub target: String,
    pub traits: Traits,
}

/// Service, operation and resource bodies: everything a shape refers to besides members.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relations {
    pub version: Option<String>,
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
    pub operations: Vec<String>,
    pub resources: Vec<String>,
    /// Resource lifecycle operations (create, read, update, delete, list, put) and
    /// collection operations, in that order.
    pub lifecycle: Vec<String>,
    /// Service `rename` map: absolute shape id -> local name used in this service.
    pub rename: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: String,
    pub ty: ShapeType,
    /// Members in declaration order (mixin members first).
    pub members: Vec<Member>,
    pub traits: Traits,
    pub mixins: Vec<String>,
    pub relations: Relations,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    /// The part after `#`.
    pub fn name(&self) -> &str {
        local_name(&self.id)
    }
}

pub fn local_name(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, n)| n)
}

pub fn namespace(id: &str) -> &str {
    id.split_once('#').map_or("", |(ns, _)| ns)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// The `smithy` version the file declared.
    pub version: String,
    pub metadata: serde_json::Map<String, Value>,
    pub shapes: BTreeMap<String, Shape>,
}

impl Model {
    pub fn get(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Shape lookup for ids the loader has already validated.
    pub fn shape(&self, id: &str) -> &Shape {
        self.shapes
            .get(id)
            .unwrap_or_else(|| unreachable!("validated model has no shape {id}"))
    }

    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| s.ty == ShapeType::Service)
    }
}

/// Well-known trait ids.
pub mod traits {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const TITLE: &str = "smithy.api#title";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const BOX: &str = "smithy.api#box";
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const AUTH: &str = "smithy.api#auth";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    pub const REST_JSON_1: &str = "aws.protocols#restJson1";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_SERVICE: &str = "aws.api#service";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traits_behave_as_a_map_in_id_order() {
        let mut t: Traits = [("b#X", 1), ("a#Y", 2), ("b#X", 3)]
            .map(|(k, v)| (k.to_string(), Value::from(v)))
            .into_iter()
            .collect();
        assert_eq!(
            t.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a#Y", "b#X"]
        );
        assert_eq!(t.get("b#X"), Some(&Value::from(3)), "the later value wins");
        t.insert_if_missing("b#X", Value::from(9));
        t.insert_if_missing("a#Z", Value::from(4));
        assert_eq!(
            t.insert("a#Y".to_string(), Value::from(5)),
            Some(Value::from(2))
        );
        let all: Vec<(&String, &Value)> = t.iter().collect();
        assert_eq!(
            format!("{all:?}"),
            r#"[("a#Y", Number(5)), ("a#Z", Number(4)), ("b#X", Number(3))]"#
        );
        t.retain(|k, _| k != "a#Z");
        assert!(!t.contains_key("a#Z") && t.contains_key("a#Y"));
    }
}
