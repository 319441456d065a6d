//! The intermediate representation: Rust items with every name already decided (keywords,
//! reserved words, collisions), every type resolved, recursion boxed. Emitters read this
//! and never look at the Smithy model again.

pub mod docs;
pub mod naming;

use crate::ir::docs::html_to_markdown;
use crate::error::{shape_path, Error, Result};
use crate::load::model::{local_name, traits, Model, Shape, ShapeType};
use crate::ir::naming::{field_name, module_name, type_name, variant_name};
use crate::select::Selection;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    AwsJson1_0,
    AwsJson1_1,
}

impl Protocol {
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
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
    pub input: String,
    pub output: String,
    /// Error structure ids, sorted by name.
    pub errors: Vec<String>,
    pub doc: String,
    /// False for `@auth([])` / `@optionalAuth` operations, which are sent unsigned.
    pub signed: bool,
    pub idempotent: bool,
    /// `@requestCompression` lists gzip, the one encoding the crate implements.
    pub gzip_requests: bool,
    /// The `@endpoint` host prefix, to put before the endpoint's host.
    pub host_prefix: Option<Vec<HostPart>>,
}

/// A piece of an `@endpoint` host prefix template (`foo.{label}.`).
#[derive(Debug, Clone, PartialEq)]
pub enum HostPart {
    Literal(String),
    /// An input member marked `@hostLabel`: its wire name and Rust field.
    Label { wire: String, field: String, optional: bool },
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub id: String,
    pub name: String,
    pub module: Module,
    pub doc: String,
    pub fields: Vec<Field>,
    /// The whole structure is `@sensitive`: its `Debug` shows no member.
    pub sensitive: bool,
    pub error: Option<ErrorInfo>,
    /// Suffix of its serializer / deserializer / validator function names.
    pub fn_name: String,
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
    pub doc: String,
    pub ty: Ty,
    pub presence: Presence,
    /// Holds a recursive reference, so it is boxed.
    pub boxed: bool,
    /// The value, or anything inside it, is `@sensitive`.
    pub sensitive: bool,
}

impl Field {
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
    Named { id: String, path: String, kind: NamedKind },
    List { member: Box<Ty>, sparse: bool },
    Map { key: Box<Ty>, value: Box<Ty>, sparse: bool },
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
    pub range: Option<(Option<f64>, Option<f64>)>,
    pub pattern: Option<String>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.length.is_none() && self.range.is_none() && self.pattern.is_none()
    }
}

/// A type reference: what Rust type, the shape it came from (a member's target) and the
/// constraints it carries there.
#[derive(Debug, Clone, PartialEq)]
pub struct Ty {
    pub kind: TyKind,
    pub constraints: Constraints,
    pub shape: String,
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
            TyKind::List { member, sparse: false } => return write!(f, "Vec<{member}>"),
            TyKind::List { member, sparse: true } => return write!(f, "Vec<Option<{member}>>"),
            TyKind::Map { value, sparse: false, .. } => return write!(f, "BTreeMap<String, {value}>"),
            TyKind::Map { value, sparse: true, .. } => return write!(f, "BTreeMap<String, Option<{value}>>"),
        };
        f.write_str(name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumValue {
    String(String),
    Int(i64),
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
}

impl Crate {
    pub fn structs_in(&self, module: &Module) -> impl Iterator<Item = &Struct> {
        let module = module.clone();
        self.structs.values().filter(move |s| s.module == module)
    }
}

/// Which structs and unions are sent (reachable from an input) and which are received
/// (reachable from an output or an error), so no unused codec function is emitted.
pub struct Reach {
    pub sent: BTreeSet<String>,
    pub received: BTreeSet<String>,
}

impl Reach {
    /// `parsed` tells which error structures count as received: the emitters leave out
    /// those read with the response's metadata alone, which need no parser of their own.
    pub fn of(krate: &Crate, parsed: impl Fn(&Struct) -> bool) -> Reach {
        let inputs = krate.operations.iter().map(|o| o.input.clone());
        let parsed_errors = |o: &Operation| o.errors.iter().filter(|id| krate.structs.get(*id).is_none_or(&parsed)).cloned().collect::<Vec<_>>();
        let outputs = krate.operations.iter().flat_map(|o| std::iter::once(o.output.clone()).chain(parsed_errors(o)));
        Reach { sent: closure(krate, inputs), received: closure(krate, outputs) }
    }
}

fn closure(krate: &Crate, roots: impl Iterator<Item = String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let fields = krate.structs.get(&id).map(|s| &s.fields).or_else(|| krate.unions.get(&id).map(|u| &u.variants));
        for f in fields.into_iter().flatten() {
            named_in(&f.ty, &mut |id| stack.push(id.to_string()));
        }
    }
    seen
}

/// Calls `f` with every struct or union id a type refers to.
fn named_in(ty: &Ty, f: &mut impl FnMut(&str)) {
    match &ty.kind {
        TyKind::Named { id, kind: NamedKind::Struct | NamedKind::Union, .. } => f(id),
        TyKind::List { member, .. } => named_in(member, f),
        TyKind::Map { value, .. } => named_in(value, f),
        _ => {}
    }
}

/// Lowers the selected part of the model to the IR.
pub fn lower(model: &Model, selection: &Selection) -> Result<Crate> {
    let service_shape = model.shape(&selection.service);
    let service = lower_service(service_shape)?;
    let homes = place_shapes(model, selection)?;
    let lowerer = Lowerer { model, homes: &homes, service: service_shape };

    let mut operations = Vec::new();
    let mut structs = BTreeMap::new();
    for op_id in &selection.operations {
        let op = model.shape(op_id);
        let type_name = type_name(op.name());
        let module = module_name(op.name());
        let mut ends = Vec::new();
        for (slot, suffix) in [(&op.relations.input, "Input"), (&op.relations.output, "Output")] {
            let target = slot.as_deref().unwrap_or("smithy.api#Unit");
            // Unit and single-use inputs/outputs have no home of their own.
            let synthetic = homes.get(target).is_none_or(|(_, name)| name.is_empty());
            if synthetic {
                let id = format!("{op_id}${suffix}");
                let mut s = lowerer.structure(model.shape(target), &id)?;
                s.name = format!("{type_name}{suffix}");
                s.module = Module::Operation(module.clone());
                if s.doc.is_empty() {
                    s.doc = format!("The {} of [`{type_name}`](crate::operation::{module}).", suffix.to_lowercase());
                }
                structs.insert(id.clone(), s);
                ends.push(id);
            } else {
                ends.push(target.to_string());
            }
        }
        let mut errors: Vec<String> = op.relations.errors.iter().chain(&service_shape.relations.errors).cloned().collect();
        errors.sort_by(|a, b| local_name(a).cmp(local_name(b)).then(a.cmp(b)));
        errors.dedup();
        let auth_empty = op.traits.get(traits::AUTH).and_then(Value::as_array).is_some_and(Vec::is_empty);
        let [input, output] = <[String; 2]>::try_from(ends).expect("input and output");
        operations.push(Operation {
            id: op_id.clone(),
            name: op.name().to_string(),
            type_name,
            module,
            input,
            output,
            errors,
            doc: doc_of(&op.traits),
            signed: !(auth_empty || op.has_trait(traits::OPTIONAL_AUTH)),
            idempotent: op.has_trait(traits::IDEMPOTENT) || op.has_trait(traits::READONLY),
            gzip_requests: op
                .traits
                .get(traits::REQUEST_COMPRESSION)
                .and_then(|t| t.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("gzip")))),
            host_prefix: None,
        });
    }
    check_unique(operations.iter().map(|o| (o.module.clone(), o.id.clone())), "operation modules")?;

    let mut enums = BTreeMap::new();
    let mut unions = BTreeMap::new();
    for (id, (module, name)) in &homes {
        let shape = model.shape(id);
        if name.is_empty() {
            continue;
        }
        match shape.ty {
            ShapeType::Structure => {
                let mut s = lowerer.structure(shape, id)?;
                s.name = name.clone();
                s.module = module.clone();
                structs.insert(id.clone(), s);
            }
            ShapeType::Enum | ShapeType::IntEnum => {
                enums.insert(id.clone(), lowerer.enumeration(shape, name)?);
            }
            ShapeType::String if shape.has_trait(traits::ENUM) => {
                enums.insert(id.clone(), lowerer.enumeration(shape, name)?);
            }
            ShapeType::Union => {
                unions.insert(id.clone(), lowerer.union(shape, name)?);
            }
            _ => {}
        }
    }
    for op in &mut operations {
        let shape = model.shape(&op.id);
        if let Some(template) = shape.traits.get(traits::ENDPOINT).and_then(|e| e.get("hostPrefix")).and_then(Value::as_str) {
            let input = shape.relations.input.as_deref().map(|id| model.shape(id));
            let parts = host_prefix(template, input, &structs[&op.input])
                .map_err(|m| Error::shape(&op.id, m).at(format!("{}.traits[{:?}]", shape_path(&op.id), traits::ENDPOINT)))?;
            op.host_prefix = Some(parts);
        }
    }
    let endpoint_rules = crate::endpoints::rules::of_service(service_shape)?;
    let mut krate = Crate { service, operations, structs, enums, unions, endpoint_rules };
    box_recursion(&mut krate);
    name_functions(&mut krate)?;
    Ok(krate)
}

/// Splits `foo.{label}.` into literals and labels; each label must name an input member
/// marked `@hostLabel`.
fn host_prefix(template: &str, input: Option<&Shape>, lowered: &Struct) -> std::result::Result<Vec<HostPart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| format!("host prefix `{template}` has an unclosed `{{`"))?;
        if open > 0 {
            parts.push(HostPart::Literal(rest[..open].to_string()));
        }
        let label = &rest[open + 1..close];
        let member = input.and_then(|i| i.member(label)).filter(|m| m.traits.contains_key(traits::HOST_LABEL));
        let field = lowered.fields.iter().find(|f| f.wire == label).filter(|_| member.is_some());
        let field = field.ok_or_else(|| format!("host prefix `{template}` names `{label}`, which is not an input member marked @hostLabel"))?;
        if field.ty.kind != TyKind::String {
            return Err(format!("host label `{label}` must be a string"));
        }
        parts.push(HostPart::Label { wire: label.to_string(), field: field.name.clone(), optional: field.presence == Presence::Optional });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(HostPart::Literal(rest.to_string()));
    }
    Ok(parts)
}

fn doc_of(traits: &crate::load::model::Traits) -> String {
    traits.get(traits::DOCUMENTATION).and_then(Value::as_str).map(html_to_markdown).unwrap_or_default()
}

fn lower_service(shape: &Shape) -> Result<Service> {
    let protocol = if shape.has_trait(traits::AWS_JSON_1_1) {
        Protocol::AwsJson1_1
    } else if shape.has_trait(traits::AWS_JSON_1_0) {
        Protocol::AwsJson1_0
    } else {
        let others: Vec<&str> = shape.traits.keys().filter(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#")).map(String::as_str).collect();
        let message = if others.is_empty() {
            "has no protocol trait; only aws.protocols#awsJson1_0 and awsJson1_1 are supported".to_string()
        } else {
            format!("uses {}, which is not supported (only aws.protocols#awsJson1_0 and awsJson1_1 are)", others.join(", "))
        };
        return Err(Error::shape(&shape.id, message).at(format!("{}.traits", shape_path(&shape.id))));
    };
    let aws = shape.traits.get(traits::AWS_SERVICE);
    let aws_field = |k: &str| aws.and_then(|a| a.get(k)).and_then(Value::as_str).map(str::to_string);
    Ok(Service {
        id: shape.id.clone(),
        target_prefix: shape.name().to_string(),
        protocol,
        sigv4_name: shape.traits.get(traits::SIGV4).and_then(|s| s.get("name")).and_then(Value::as_str).map(str::to_string),
        sdk_id: aws_field("sdkId"),
        endpoint_prefix: aws_field("endpointPrefix"),
        version: shape.relations.version.clone(),
        query_compatible: shape.has_trait(traits::AWS_QUERY_COMPATIBLE),
        doc: doc_of(&shape.traits),
    })
}

/// Decides each generated shape's module and Rust name. Operation inputs and outputs used
/// by exactly one operation (and nothing else) get an empty name here: they are emitted as
/// `<Operation>Input` / `<Operation>Output` in the operation's module.
fn place_shapes(model: &Model, selection: &Selection) -> Result<BTreeMap<String, (Module, String)>> {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &selection.shapes {
        for m in &model.shape(id).members {
            *uses.entry(m.target.as_str()).or_default() += 1;
        }
    }
    for op in &selection.operations {
        let rel = &model.shape(op).relations;
        for io in rel.input.iter().chain(&rel.output) {
            *uses.entry(io.as_str()).or_default() += 1;
        }
    }
    let io: BTreeSet<&str> = selection
        .operations
        .iter()
        .flat_map(|op| {
            let rel = &model.shape(op).relations;
            rel.input.iter().chain(&rel.output).map(String::as_str)
        })
        .collect();

    let mut homes = BTreeMap::new();
    for id in &selection.shapes {
        let shape = model.shape(id);
        let named = matches!(shape.ty, ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum)
            || (shape.ty == ShapeType::String && shape.has_trait(traits::ENUM));
        if !named || id == "smithy.api#Unit" {
            continue;
        }
        let error = shape.has_trait(traits::ERROR);
        let module = if error { Module::Error } else { Module::Types };
        let private_io = io.contains(id.as_str()) && uses.get(id.as_str()) == Some(&1) && !error;
        let name = if private_io { String::new() } else { type_name(local_name(id)) };
        homes.insert(id.clone(), (module, name));
    }
    let mut by_module: BTreeMap<(Module, String), &str> = BTreeMap::new();
    for (id, (module, name)) in &homes {
        if name.is_empty() {
            continue;
        }
        if let Some(other) = by_module.insert((module.clone(), name.clone()), id) {
            return Err(Error::shape(
                id,
                format!("its Rust name `{name}` collides with that of `{other}`; rename one of them (e.g. with the service's `rename`)"),
            )
            .at(shape_path(id)));
        }
    }
    Ok(homes)
}

fn check_unique(items: impl Iterator<Item = (String, String)>, what: &str) -> Result<()> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, id) in items {
        if let Some(other) = seen.insert(name.clone(), id.clone()) {
            return Err(Error::shape(&id, format!("the {what} name `{name}` collides with that of `{other}`")).at(shape_path(&id)));
        }
    }
    Ok(())
}

struct Lowerer<'m> {
    model: &'m Model,
    homes: &'m BTreeMap<String, (Module, String)>,
    service: &'m Shape,
}

impl Lowerer<'_> {
    fn structure(&self, shape: &Shape, id: &str) -> Result<Struct> {
        let error = match shape.traits.get(traits::ERROR).and_then(Value::as_str) {
            None => None,
            Some(fault) => {
                let fault = if fault == "server" { Fault::Server } else { Fault::Client };
                let default_status = if fault == Fault::Server { 500 } else { 400 };
                let status = shape.traits.get(traits::HTTP_ERROR).and_then(Value::as_u64).map_or(default_status, |s| s as u16);
                let code = self.service.relations.rename.get(&shape.id).cloned().unwrap_or_else(|| shape.name().to_string());
                let query_code = shape.traits.get(traits::AWS_QUERY_ERROR).and_then(|t| t.get("code")).and_then(Value::as_str).map(str::to_string);
                Some(ErrorInfo { fault, status, code, query_code })
            }
        };
        let reserved: &[&str] = if error.is_some() { &["build", "builder", "meta"] } else { &["build", "builder"] };
        let mut fields = Vec::new();
        for m in &shape.members {
            let mut name = field_name(&m.name);
            if reserved.contains(&name.as_str()) {
                name.push_str("_value");
            }
            let member_id = format!("{}${}", shape.id, m.name);
            // Members of `@input` structures are client-optional (Smithy 2.0): a top-level
            // default is the service's to apply, so the client sends only what was set.
            let presence = if m.traits.contains_key(traits::CLIENT_OPTIONAL) || shape.has_trait(traits::INPUT) && m.traits.contains_key(traits::DEFAULT) {
                Presence::Optional
            } else if let Some(d) = m.traits.get(traits::DEFAULT).filter(|d| !d.is_null()) {
                Presence::Default(d.clone())
            } else if m.traits.contains_key(traits::REQUIRED) {
                Presence::Required
            } else {
                Presence::Optional
            };
            let ty = self.ty(&m.target, &m.traits, &member_id)?;
            if let Presence::Default(d) = &presence {
                check_default(&ty, d).map_err(|msg| Error::shape(&member_id, msg).at(format!("{}.members[{:?}]", shape_path(&shape.id), m.name)))?;
            }
            fields.push(Field {
                wire: m.name.clone(),
                name,
                doc: doc_of(&m.traits),
                sensitive: m.traits.contains_key(traits::SENSITIVE) || self.sensitive(&m.target, &mut BTreeSet::new()),
                ty,
                presence,
                boxed: false,
            });
        }
        check_unique(fields.iter().map(|f| (f.name.clone(), format!("{}${}", shape.id, f.wire))), "field")?;
        Ok(Struct {
            id: id.to_string(),
            name: String::new(),
            module: Module::Types,
            doc: doc_of(&shape.traits),
            fields,
            sensitive: shape.has_trait(traits::SENSITIVE),
            error,
            fn_name: String::new(),
        })
    }

    fn union(&self, shape: &Shape, name: &str) -> Result<Union> {
        let mut variants = Vec::new();
        for m in &shape.members {
            let mut variant = variant_name(&m.name);
            if variant == "Unknown" {
                variant.push_str("Value");
            }
            let member_id = format!("{}${}", shape.id, m.name);
            variants.push(Field {
                wire: m.name.clone(),
                name: variant,
                doc: doc_of(&m.traits),
                sensitive: m.traits.contains_key(traits::SENSITIVE) || self.sensitive(&m.target, &mut BTreeSet::new()),
                ty: self.ty(&m.target, &m.traits, &member_id)?,
                presence: Presence::Required,
                boxed: false,
            });
        }
        check_unique(variants.iter().map(|f| (f.name.clone(), format!("{}${}", shape.id, f.wire))), "union variant")?;
        Ok(Union {
            id: shape.id.clone(),
            name: name.to_string(),
            doc: doc_of(&shape.traits),
            sensitive: shape.has_trait(traits::SENSITIVE),
            variants,
            fn_name: String::new(),
        })
    }

    fn enumeration(&self, shape: &Shape, name: &str) -> Result<Enum> {
        let mut variants = Vec::new();
        if shape.ty == ShapeType::String {
            // Smithy 1.0 `@enum` trait: a list of {value, name?, documentation?}.
            let defs = shape.traits[traits::ENUM].as_array().cloned().unwrap_or_default();
            for def in defs {
                let value = def.get("value").and_then(Value::as_str).unwrap_or_default().to_string();
                let label = def.get("name").and_then(Value::as_str).unwrap_or(&value).to_string();
                let doc = def.get("documentation").and_then(Value::as_str).map(html_to_markdown).unwrap_or_default();
                variants.push(Variant { name: variant_name(&label), member: label, value: EnumValue::String(value), doc });
            }
        } else {
            for m in &shape.members {
                let value = match (shape.ty, m.traits.get(traits::ENUM_VALUE)) {
                    (ShapeType::IntEnum, Some(v)) => EnumValue::Int(v.as_i64().unwrap_or_default()),
                    (_, Some(Value::String(s))) => EnumValue::String(s.clone()),
                    _ => EnumValue::String(m.name.clone()),
                };
                variants.push(Variant { name: variant_name(&m.name), member: m.name.clone(), value, doc: doc_of(&m.traits) });
            }
        }
        for v in &mut variants {
            if v.name == "Unknown" {
                v.name.push_str("Value");
            }
        }
        check_unique(variants.iter().map(|v| (v.name.clone(), format!("{}${}", shape.id, v.name))), "enum variant")?;
        Ok(Enum { id: shape.id.clone(), name: name.to_string(), doc: doc_of(&shape.traits), int: shape.ty == ShapeType::IntEnum, variants })
    }

    /// True when values of `id` contain sensitive data (the shape, or list members /
    /// map keys and values, are `@sensitive`). Structures redact their own members.
    fn sensitive(&self, id: &str, seen: &mut BTreeSet<String>) -> bool {
        let shape = self.model.shape(id);
        if shape.has_trait(traits::SENSITIVE) {
            return true;
        }
        if !seen.insert(id.to_string()) {
            return false;
        }
        match shape.ty {
            ShapeType::List | ShapeType::Set | ShapeType::Map => shape
                .members
                .iter()
                .any(|m| m.traits.contains_key(traits::SENSITIVE) || self.sensitive(&m.target, seen)),
            _ => false,
        }
    }

    fn ty(&self, target: &str, member_traits: &crate::load::model::Traits, member_id: &str) -> Result<Ty> {
        let shape = self.model.shape(target);
        let get = |k: &str| member_traits.get(k).or_else(|| shape.traits.get(k));
        let constraints = Constraints {
            length: get(traits::LENGTH).map(|v| (v.get("min").and_then(Value::as_u64), v.get("max").and_then(Value::as_u64))),
            range: get(traits::RANGE).map(|v| (v.get("min").and_then(Value::as_f64), v.get("max").and_then(Value::as_f64))),
            pattern: get(traits::PATTERN).and_then(Value::as_str).map(str::to_string),
        };
        use ShapeType as S;
        let kind = match shape.ty {
            S::Structure if target == "smithy.api#Unit" => TyKind::Unit,
            S::Boolean => TyKind::Bool,
            S::Byte => TyKind::Byte,
            S::Short => TyKind::Short,
            S::Integer => TyKind::Int,
            S::Long => TyKind::Long,
            S::Float => TyKind::Float,
            S::Double => TyKind::Double,
            S::String if !shape.has_trait(traits::ENUM) => TyKind::String,
            S::Blob => TyKind::Blob,
            S::Timestamp => TyKind::Timestamp(match get(traits::TIMESTAMP_FORMAT).and_then(Value::as_str) {
                Some("date-time") => TimestampFormat::DateTime,
                Some("http-date") => TimestampFormat::HttpDate,
                _ => TimestampFormat::EpochSeconds,
            }),
            S::Document => TyKind::Document,
            S::BigInteger | S::BigDecimal => TyKind::BigNumber,
            S::List | S::Set => TyKind::List {
                member: Box::new(self.ty(&shape.members[0].target, &shape.members[0].traits, member_id)?),
                sparse: shape.has_trait(traits::SPARSE),
            },
            S::Map => {
                let key = shape.member("key").expect("validated map");
                let value = shape.member("value").expect("validated map");
                TyKind::Map {
                    key: Box::new(self.ty(&key.target, &key.traits, member_id)?),
                    value: Box::new(self.ty(&value.target, &value.traits, member_id)?),
                    sparse: shape.has_trait(traits::SPARSE),
                }
            }
            S::String | S::Enum | S::IntEnum | S::Structure | S::Union => {
                let (module, name) = self.homes.get(target).ok_or_else(|| {
                    Error::shape(member_id, format!("targets `{target}`, which cannot be generated here"))
                })?;
                let kind = match shape.ty {
                    S::Structure => NamedKind::Struct,
                    S::Union => NamedKind::Union,
                    S::IntEnum => NamedKind::IntEnum,
                    _ => NamedKind::Enum,
                };
                TyKind::Named { id: target.to_string(), path: format!("{}::{name}", module.path()), kind }
            }
            S::Service | S::Operation | S::Resource => {
                return Err(Error::shape(member_id, format!("cannot target the {} `{target}`", shape.ty.name())))
            }
        };
        Ok(Ty { kind, constraints, shape: target.to_string() })
    }
}

/// Checks that a `@default` value fits its type (the emitters rely on it).
fn check_default(ty: &Ty, d: &Value) -> std::result::Result<(), String> {
    let ok = match (&ty.kind, d) {
        (TyKind::Bool, Value::Bool(_)) => true,
        (TyKind::Byte | TyKind::Short | TyKind::Int | TyKind::Long, Value::Number(n)) => n.is_i64(),
        (TyKind::Float, Value::Number(n)) => n.as_f64().is_some_and(|f| (f as f32).is_finite()),
        (TyKind::Double | TyKind::Timestamp(_), Value::Number(_)) => true,
        (TyKind::String | TyKind::Blob, Value::String(_)) => true,
        (TyKind::Named { kind: NamedKind::Enum, .. }, Value::String(_)) => true,
        (TyKind::Named { kind: NamedKind::IntEnum, .. }, Value::Number(n)) => n.is_i64(),
        (TyKind::List { .. }, Value::Array(a)) => a.is_empty(),
        (TyKind::Map { .. }, Value::Object(o)) => o.is_empty(),
        (TyKind::Document, _) => true,
        (TyKind::BigNumber, Value::Number(_)) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("@default value {d} does not fit the member's type"))
    }
}

/// Boxes struct and union fields that lead back to their own container without passing
/// through a list or map (which already allocate).
fn box_recursion(krate: &mut Crate) {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let direct = |f: &Field| match &f.ty.kind {
        TyKind::Named { id, kind: NamedKind::Struct | NamedKind::Union, .. } => Some(id.clone()),
        _ => None,
    };
    for s in krate.structs.values() {
        edges.insert(s.id.clone(), s.fields.iter().filter_map(direct).collect());
    }
    for u in krate.unions.values() {
        edges.insert(u.id.clone(), u.variants.iter().filter_map(direct).collect());
    }
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut to_box = BTreeSet::new();
    for (owner, targets) in &edges {
        for t in targets {
            if reaches(t, owner) {
                to_box.insert((owner.clone(), t.clone()));
            }
        }
    }
    let fields = krate.structs.values_mut().map(|s| (s.id.clone(), &mut s.fields));
    let variants = krate.unions.values_mut().map(|u| (u.id.clone(), &mut u.variants));
    for (owner, fields) in fields.chain(variants) {
        for f in fields.iter_mut() {
            if let Some(t) = direct(f) {
                f.boxed = to_box.contains(&(owner.clone(), t));
            }
        }
    }
}

/// Names the per-shape codec functions after the item's module and name, and checks that
/// no two shapes end up with the same function.
fn name_functions(krate: &mut Crate) -> Result<()> {
    let structs = krate.structs.values_mut().map(|s| (&s.id, &s.module, &s.name, &mut s.fn_name));
    let unions = krate.unions.values_mut().map(|u| (&u.id, &Module::Types, &u.name, &mut u.fn_name));
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (id, module, name, fn_name) in structs.chain(unions) {
        let snake = crate::ir::naming::field_name(name).trim_start_matches("r#").to_string();
        *fn_name = match module {
            Module::Error => format!("error_{snake}"),
            _ => snake,
        };
        if let Some(other) = seen.insert(fn_name.clone(), id.clone()) {
            return Err(Error::shape(id, format!("its function name `{fn_name}` collides with that of `{other}`")).at(shape_path(id)));
        }
    }
    Ok(())
}
