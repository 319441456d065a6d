//! The intermediate representation: Rust items with every name already decided (keywords,
//! reserved words, collisions), every type resolved, recursion boxed. Emitters read this
//! and never look at the Smithy model again.

pub mod docs;
pub mod naming;

mod http;
mod lower;
mod names;
mod reach;
mod recursion;
mod types;

pub use lower::{choose_protocol, lower};
pub use names::name_setters;
pub use reach::{json_sent, Reach};
pub use types::{date_time_seconds, epoch_seconds};

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    AwsJson1_0,
    AwsJson1_1,
    RestJson1,
}

impl Protocol {
    /// The protocols the generator writes, in the order it prefers them when a service
    /// offers several (Smithy's guidance: the RPC protocols before the REST ones).
    pub const SUPPORTED: [Protocol; 3] = [
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
    ];

    /// The protocol trait's shape id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
        }
    }

    /// The name users write (`--protocol`, reports): the trait's local name.
    pub fn name(self) -> &'static str {
        self.trait_id().split('#').nth(1).unwrap_or_default()
    }

    /// The `Content-Type` of a JSON body.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 => "application/json",
        }
    }

    /// Whether requests and responses follow the HTTP binding traits (`@http`,
    /// `@httpLabel`, ...) rather than `POST /` with the whole input as the body.
    pub fn is_rest(self) -> bool {
        self == Protocol::RestJson1
    }
}

/// An operation's `@http` trait: method, URI pattern and success status.
#[derive(Debug, Clone, PartialEq)]
pub struct Http {
    pub method: String,
    /// The path, split at its labels.
    pub path: Vec<PathPart>,
    /// The literal query string of the URI pattern (after `?`), if any.
    pub query: Option<String>,
    /// The status of a successful response.
    pub code: u16,
}

/// A piece of an `@http` URI path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// `{name}` or the greedy `{name+}`: the input member of that name.
    Label {
        member: String,
        greedy: bool,
    },
}

/// Where a member of an operation's input, output or error goes in the HTTP message
/// (always [`Location::Body`] under the RPC protocols and below the top level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A member of the JSON document in the body.
    Body,
    /// `@httpLabel`: a label of the URI path.
    Label,
    /// `@httpQuery("name")`.
    Query(String),
    /// `@httpQueryParams`: a map of further query parameters.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`: a map of headers whose names start with it.
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status.
    ResponseCode,
}

impl Location {
    /// A member the request's JSON body carries (`@httpResponseCode` means nothing there).
    pub fn in_request_body(&self) -> bool {
        *self == Location::Body
    }

    /// A member a response's JSON body carries: the URI bindings mean nothing there.
    pub fn in_response_body(&self) -> bool {
        matches!(
            self,
            Location::Body | Location::Label | Location::Query(_) | Location::QueryParams
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: String,
    /// The service shape's name: the `X-Amz-Target` prefix.
    pub target_prefix: String,
    pub protocol: Protocol,
    pub sigv4_name: Option<String>,
    pub sdk_id: Option<String>,
    pub endpoint_prefix: Option<String>,
    pub version: Option<String>,
    /// `@awsQueryCompatible`: a service moved from awsQuery, whose error responses carry
    /// the awsQuery error code in `x-amzn-query-error`.
    pub query_compatible: bool,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    /// The wire name (`X-Amz-Target: <prefix>.<name>`).
    pub name: String,
    pub type_name: String,
    pub module: String,
    /// The clients' method for it.
    pub method: String,
    pub input: String,
    pub output: String,
    /// The errors it returns, sorted by name.
    pub errors: Vec<OperationError>,
    pub doc: String,
    /// False for `@auth([])` / `@optionalAuth` operations, which are sent unsigned.
    pub signed: bool,
    pub idempotent: bool,
    /// `@requestCompression` lists gzip, the one encoding the crate implements.
    pub gzip_requests: bool,
    /// `@httpChecksumRequired`: the request carries its body's `Content-MD5`.
    pub checksum_required: bool,
    /// The `@endpoint` host prefix, to put before the endpoint's host.
    pub host_prefix: Option<Vec<HostPart>>,
    /// The `@http` binding, under a REST protocol.
    pub http: Option<Http>,
}

/// An error of an operation: the error structure and its variant in the operation's error
/// enum.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationError {
    /// The error structure's id.
    pub id: String,
    pub variant: String,
    /// The enum's `is_` method for it.
    pub predicate: String,
}

/// A piece of an `@endpoint` host prefix template (`foo.{label}.`).
#[derive(Debug, Clone, PartialEq)]
pub enum HostPart {
    Literal(String),
    /// An input member marked `@hostLabel`: its wire name and Rust field.
    Label {
        wire: String,
        field: String,
        optional: bool,
    },
}

/// Where an item lives in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    Types,
    Error,
    Operation(String),
}

impl Module {
    pub fn path(&self) -> String {
        match self {
            Module::Types => "crate::types".into(),
            Module::Error => "crate::error".into(),
            Module::Operation(m) => format!("crate::operation::{m}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    pub fault: Fault,
    pub status: u16,
    /// The code that identifies this error on the wire (the shape's name).
    pub code: String,
    /// The awsQuery code of `@awsQueryError`, which a query-compatible service may send
    /// instead.
    pub query_code: Option<String>,
    /// What the model's `@retryable` trait says, if the error has it.
    pub retryable: Option<Retryable>,
}

/// An error the model marks `@retryable`: another attempt may succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retryable {
    /// `@retryable`.
    Transient,
    /// `@retryable(throttling: true)`: the service shed load.
    Throttling,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub id: String,
    pub name: String,
    /// Its builder's name, in the same module.
    pub builder: String,
    pub module: Module,
    pub doc: String,
    pub fields: Vec<Field>,
    /// The whole structure is `@sensitive`: its `Debug` shows no member.
    pub sensitive: bool,
    pub error: Option<ErrorInfo>,
    /// An operation's input: its builder's `build()` returns a `Result` even without
    /// required members, so adding one to the model keeps the signature (as aws-sdk-rust).
    pub input: bool,
    /// Suffix of its serializer / deserializer / validator function names.
    pub fn_name: String,
}

impl Struct {
    /// Whether a request's body (this being an input) is the JSON document of its body
    /// members: it has such members and none is the `@httpPayload`.
    pub fn body_is_json_document(&self) -> bool {
        let at = |l: Location| self.fields.iter().any(|f| f.location == l);
        !at(Location::Payload) && at(Location::Body)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    Optional,
    Required,
    Default(Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The member name on the wire.
    pub wire: String,
    /// The Rust identifier (field, or variant for unions).
    pub name: String,
    /// The stem of the methods derived from it, without `r#`: a structure field's setters
    /// are `{method}`, `set_{method}` and `get_{method}`; a union variant's helpers are
    /// `as_{method}` and `is_{method}`.
    pub method: String,
    pub doc: String,
    pub ty: Ty,
    pub presence: Presence,
    /// Holds a recursive reference, or is a union's structure variant, so it is boxed.
    pub boxed: bool,
    /// The value, or anything inside it, is `@sensitive`.
    pub sensitive: bool,
    /// A string member marked `@idempotencyToken`: optional, and the serializer sends a
    /// fresh UUID v4 when the caller leaves it unset, as every AWS SDK does.
    pub idempotency_token: bool,
    /// Where it goes in an HTTP message (REST protocols).
    pub location: Location,
    /// Its key in a JSON body: the member name, or its `@jsonName` under restJson1.
    pub json_name: String,
    /// A `@mediaType` string: base64 in a header.
    pub media_type: Option<String>,
}

impl Field {
    /// In an error structure, the member the error's `message()` reads: a string member
    /// named `message` in any case. It takes the name `message`, and has no other getter.
    pub fn is_error_message(&self) -> bool {
        self.wire.eq_ignore_ascii_case("message") && self.ty.kind == TyKind::String
    }

    /// The type of the value, boxed when recursive (as [`Ty`]'s `Display` spells types).
    pub fn value_type_name(&self) -> String {
        if self.boxed {
            format!("Box<{}>", self.ty)
        } else {
            self.ty.to_string()
        }
    }

    /// The declared type of a struct field: `Option<..>` unless required or defaulted.
    pub fn type_name(&self) -> String {
        match self.presence {
            Presence::Optional => format!("Option<{}>", self.value_type_name()),
            Presence::Required | Presence::Default(_) => self.value_type_name(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TyKind {
    Bool,
    Byte,
    Short,
    Int,
    Long,
    Float,
    Double,
    String,
    Blob,
    Timestamp(TimestampFormat),
    Document,
    BigNumber,
    /// `smithy.api#Unit`: a union variant without a value.
    Unit,
    /// A generated struct, enum or union, by its full Rust path.
    Named {
        id: String,
        path: String,
        kind: NamedKind,
    },
    List {
        member: Box<Ty>,
        sparse: bool,
    },
    Map {
        key: Box<Ty>,
        value: Box<Ty>,
        sparse: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    Struct,
    Enum,
    IntEnum,
    Union,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// The bounds as the model writes them (exact decimal text).
    pub range: Option<(Option<String>, Option<String>)>,
    /// Only patterns the `regex` crate compiles (the others are in [`Crate::warnings`]).
    pub pattern: Option<String>,
}

/// A type reference: what Rust type, the shape it came from (a member's target) and the
/// constraints it carries there.
#[derive(Debug, Clone, PartialEq)]
pub struct Ty {
    pub kind: TyKind,
    pub constraints: Constraints,
    pub shape: String,
}

impl TyKind {
    /// A boolean or fixed-size number: `Copy`, lent by value, defaulted without a closure.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TyKind::Bool
                | TyKind::Byte
                | TyKind::Short
                | TyKind::Int
                | TyKind::Long
                | TyKind::Float
                | TyKind::Double
        )
    }

    /// A string or a string enum: text as it is, in a URI, header or payload.
    pub fn is_string_or_enum(&self) -> bool {
        matches!(
            self,
            TyKind::String
                | TyKind::Named {
                    kind: NamedKind::Enum,
                    ..
                }
        )
    }
}

impl Ty {
    /// Calls `f` with this type and every type inside it (list members, map keys and values).
    pub fn visit(&self, f: &mut impl FnMut(&Ty)) {
        f(self);
        match &self.kind {
            TyKind::List { member, .. } => member.visit(f),
            TyKind::Map { key, value, .. } => {
                key.visit(f);
                value.visit(f);
            }
            _ => {}
        }
    }
}

/// The type as the generated API spells it, with paths from the crate root and the
/// standard library's prelude names: `String`, `Vec<types::Foo>`,
/// `BTreeMap<String, Option<i64>>` (what `emit::rust_type` writes in full).
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.kind {
            TyKind::Bool => "bool",
            TyKind::Byte => "i8",
            TyKind::Short => "i16",
            TyKind::Int => "i32",
            TyKind::Long => "i64",
            TyKind::Float => "f32",
            TyKind::Double => "f64",
            TyKind::String => "String",
            TyKind::Blob => "Vec<u8>",
            TyKind::Timestamp(_) => "DateTime",
            TyKind::Document => "Document",
            TyKind::BigNumber => "BigNumber",
            TyKind::Unit => "()",
            TyKind::Named { path, .. } => path.strip_prefix("crate::").unwrap_or(path),
            TyKind::List {
                member,
                sparse: false,
            } => return write!(f, "Vec<{member}>"),
            TyKind::List {
                member,
                sparse: true,
            } => return write!(f, "Vec<Option<{member}>>"),
            TyKind::Map {
                value,
                sparse: false,
                ..
            } => return write!(f, "BTreeMap<String, {value}>"),
            TyKind::Map {
                value,
                sparse: true,
                ..
            } => return write!(f, "BTreeMap<String, Option<{value}>>"),
        };
        f.write_str(name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Int(i64),
}

/// As written in the model: a string quoted, an integer as is.
impl fmt::Display for EnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumValue::String(s) => write!(f, "{s:?}"),
            EnumValue::Int(i) => write!(f, "{i}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    /// The enum member it comes from (Smithy 1.0 `@enum`: the value's `name`, else the value).
    pub member: String,
    pub value: EnumValue,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub id: String,
    pub name: String,
    pub doc: String,
    pub int: bool,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub id: String,
    pub name: String,
    pub doc: String,
    pub sensitive: bool,
    /// One per member; `Field::name` is the variant name.
    pub variants: Vec<Field>,
    pub fn_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    pub service: Service,
    pub operations: Vec<Operation>,
    /// Keyed by shape id (synthetic inputs/outputs: `<operation id>$Input`).
    pub structs: BTreeMap<String, Struct>,
    pub enums: BTreeMap<String, Enum>,
    pub unions: BTreeMap<String, Union>,
    /// The service's endpoint rule set and its tests, when the model has one.
    pub endpoint_rules: Option<crate::endpoints::rules::RuleSet>,
    /// What the generated crate leaves out, to tell the user (an operation that
    /// `--operations all` skips, such as an event stream, or a `@pattern` the regex crate
    /// cannot compile, which is then not checked).
    pub warnings: Vec<String>,
}

impl Crate {
    pub fn structs_in(&self, module: &Module) -> impl Iterator<Item = &Struct> {
        let module = module.clone();
        self.structs.values().filter(move |s| s.module == module)
    }
}
