//! Model -> IR: the selection's shapes become Rust items, members fields with resolved
//! types, HTML docs Markdown; defaults and host prefixes are checked on the way.

use super::names::{
    name_enum_variants, name_fields, name_functions, name_operation_errors, name_operations,
    name_union_variants, place_shapes,
};
use super::recursion::box_recursion;
use super::types::check_default;
use super::{
    Crate, Enum, EnumValue, ErrorInfo, Fault, Field, HostPart, Location, Module, Operation,
    OperationError, Presence, Protocol, Retryable, Service, Struct, TimestampFormat, TyKind, Union,
    Variant,
};
use crate::error::{shape_path, Error, Result};
use crate::ir::docs::html_to_markdown;
use crate::ir::naming::{module_name, snake_name, type_name, variant_name};
use crate::load::model::{local_name, traits, Model, Shape, ShapeType};
use crate::select::Selection;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers the selected part of the model to the IR.
/// `protocol` is `--protocol`'s choice, if any (see [`choose_protocol`]).
pub fn lower(model: &Model, selection: &Selection, protocol: Option<&str>) -> Result<Crate> {
    let service_shape = model.shape(&selection.service);
    let protocol = choose_protocol(service_shape, protocol)?;
    let service = lower_service(service_shape, protocol)?;
    let homes = place_shapes(model, selection)?;
    // The structures a message is made of, whose members the binding traits place; below
    // the top level they mean nothing (Smithy ignores them there).
    let messages = selection
        .operations
        .iter()
        .flat_map(|id| {
            let rel = &model.shape(id).relations;
            rel.input.iter().chain(&rel.output).chain(&rel.errors)
        })
        .chain(&service_shape.relations.errors)
        .cloned()
        .collect();
    let lowerer = Lowerer {
        model,
        homes: &homes.shapes,
        service: service_shape,
        protocol,
        messages,
        patterns: Default::default(),
    };

    let mut operations = Vec::new();
    let mut structs = BTreeMap::new();
    for op_id in &selection.operations {
        let op = model.shape(op_id);
        let type_name = type_name(op.name());
        let module = module_name(op.name());
        let mut ends = Vec::new();
        for (slot, suffix) in [
            (&op.relations.input, "Input"),
            (&op.relations.output, "Output"),
        ] {
            let target = slot.as_deref().unwrap_or("smithy.api#Unit");
            // Unit and single-use inputs/outputs have no home of their own.
            let synthetic = homes
                .shapes
                .get(target)
                .is_none_or(|(_, name)| name.is_empty());
            if synthetic {
                let id = format!("{op_id}${suffix}");
                let mut s = lowerer.structure(model.shape(target), &id)?;
                s.name = format!("{type_name}{suffix}");
                s.builder = format!("{type_name}{suffix}Builder");
                // Its module, and the docs' link to it, wait for the operations' module
                // names (`name_operations`).
                s.module = Module::Operation(String::new());
                structs.insert(id.clone(), s);
                ends.push(id);
            } else {
                ends.push(target.to_string());
            }
        }
        let mut errors: Vec<&String> = op
            .relations
            .errors
            .iter()
            .chain(&service_shape.relations.errors)
            .collect();
        errors.sort_by(|a, b| local_name(a).cmp(local_name(b)).then(a.cmp(b)));
        errors.dedup();
        let errors = errors
            .into_iter()
            .map(|id| OperationError {
                id: id.clone(),
                variant: String::new(),
                predicate: String::new(),
            })
            .collect();
        let auth_empty = op
            .traits
            .get(traits::AUTH)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
        let [input, output] = <[String; 2]>::try_from(ends).expect("input and output");
        operations.push(Operation {
            id: op_id.clone(),
            name: op.name().to_string(),
            type_name,
            module,
            method: String::new(),
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
                .is_some_and(|e| {
                    e.iter()
                        .any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("gzip")))
                }),
            checksum_required: op.has_trait(traits::HTTP_CHECKSUM_REQUIRED),
            host_prefix: None,
            http: if protocol.is_rest() {
                Some(super::http::operation_http(op)?)
            } else {
                None
            },
        });
    }
    let mut enums = BTreeMap::new();
    let mut unions = BTreeMap::new();
    for (id, (module, name)) in &homes.shapes {
        let shape = model.shape(id);
        if name.is_empty() {
            continue;
        }
        match shape.ty {
            ShapeType::Structure => {
                let mut s = lowerer.structure(shape, id)?;
                s.name = name.clone();
                s.builder = homes.builders[id].clone();
                s.module = module.clone();
                structs.insert(id.clone(), s);
            }
            ShapeType::Enum | ShapeType::IntEnum => {
                enums.insert(id.clone(), lowerer.enumeration(shape, name));
            }
            ShapeType::String if shape.has_trait(traits::ENUM) => {
                enums.insert(id.clone(), lowerer.enumeration(shape, name));
            }
            ShapeType::Union => {
                unions.insert(id.clone(), lowerer.union(shape, name)?);
            }
            _ => {}
        }
    }
    for op in &mut operations {
        structs
            .get_mut(&op.input)
            .expect("an operation's input is lowered")
            .input = true;
        let shape = model.shape(&op.id);
        if let Some(http) = &op.http {
            super::http::check_labels(http, &structs[&op.input].fields).map_err(|m| {
                Error::shape(&op.id, m).at(format!(
                    "{}.traits[{:?}]",
                    shape_path(&op.id),
                    traits::HTTP
                ))
            })?;
            // Each with the model's shape, which errors name (the IR's input and output
            // may be copies made for the operation).
            let rel = &shape.relations;
            let messages = [
                (&op.input, rel.input.as_ref(), true),
                (&op.output, rel.output.as_ref(), false),
            ]
            .into_iter()
            .chain(op.errors.iter().map(|e| (&e.id, Some(&e.id), false)));
            for (id, model_id, input) in messages {
                super::http::check_members(&structs[id], http, input).map_err(|(member, m)| {
                    let member = format!("{}${member}", model_id.unwrap_or(id));
                    Error::shape(&member, m).at(shape_path(&member))
                })?;
            }
        }
        if let Some(template) = shape
            .traits
            .get(traits::ENDPOINT)
            .and_then(|e| e.get("hostPrefix"))
            .and_then(Value::as_str)
        {
            let input = shape.relations.input.as_deref().map(|id| model.shape(id));
            let parts = host_prefix(template, input, &structs[&op.input]).map_err(|m| {
                Error::shape(&op.id, m).at(format!(
                    "{}.traits[{:?}]",
                    shape_path(&op.id),
                    traits::ENDPOINT
                ))
            })?;
            op.host_prefix = Some(parts);
        }
    }
    let endpoint_rules = crate::endpoints::rules::of_service(service_shape)?;
    let mut krate = Crate {
        service,
        operations,
        structs,
        enums,
        unions,
        endpoint_rules,
        // Operations `--operations all` left out come first, then what lowering found.
        warnings: (selection.skipped.iter().map(ToString::to_string))
            .chain(lowerer.warnings())
            .collect(),
    };
    box_recursion(&mut krate);
    name_operations(&mut krate);
    name_operation_errors(&mut krate);
    name_functions(&mut krate);
    Ok(krate)
}

/// Splits `foo.{label}.` into literals and labels; each label must name an input member
/// marked `@hostLabel`.
pub(super) fn host_prefix(
    template: &str,
    input: Option<&Shape>,
    lowered: &Struct,
) -> std::result::Result<Vec<HostPart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| format!("host prefix `{template}` has an unclosed `{{`"))?;
        if open > 0 {
            parts.push(HostPart::Literal(rest[..open].to_string()));
        }
        let label = &rest[open + 1..close];
        let member = input
            .and_then(|i| i.member(label))
            .filter(|m| m.traits.contains_key(traits::HOST_LABEL));
        let field = lowered
            .fields
            .iter()
            .find(|f| f.wire == label)
            .filter(|_| member.is_some());
        let field = field.ok_or_else(|| format!("host prefix `{template}` names `{label}`, which is not an input member marked @hostLabel"))?;
        if field.ty.kind != TyKind::String {
            return Err(format!("host label `{label}` must be a string"));
        }
        parts.push(HostPart::Label {
            wire: label.to_string(),
            field: field.name.clone(),
            optional: field.presence == Presence::Optional,
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(HostPart::Literal(rest.to_string()));
    }
    Ok(parts)
}

pub(super) fn doc_of(traits: &crate::load::model::Traits) -> String {
    traits
        .get(traits::DOCUMENTATION)
        .and_then(Value::as_str)
        .map(html_to_markdown)
        .unwrap_or_default()
}

/// A member's documentation, with what the client does for an idempotency token.
fn token_doc(mut doc: String, idempotency_token: bool) -> String {
    if idempotency_token {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str("An idempotency token: when it is not set, each serialized request carries a fresh random UUID v4 (the ready client's retries resend the same request, token included). Set it to make retries of your own idempotent.");
    }
    doc
}

/// The protocol to generate: `wanted` (`--protocol`, a name like `restJson1` or a trait
/// id) when the service lists it, else the first of [`Protocol::SUPPORTED`] it lists. A
/// service listing none of them is refused, naming the protocols it does list.
pub fn choose_protocol(shape: &Shape, wanted: Option<&str>) -> Result<Protocol> {
    let listed: Vec<&str> = shape
        .traits
        .keys()
        .map(String::as_str)
        .filter(|id| is_protocol_trait(id))
        .collect();
    let at = || format!("{}.traits", shape_path(&shape.id));
    if let Some(wanted) = wanted {
        let protocol = Protocol::SUPPORTED
            .into_iter()
            .find(|p| p.name() == wanted || p.trait_id() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Protocol::SUPPORTED.iter().map(|p| p.name()).collect();
                Error::new(format!(
                    "protocol `{wanted}` is not supported (supported: {})",
                    names.join(", ")
                ))
            })?;
        if !listed.contains(&protocol.trait_id()) {
            return Err(Error::shape(
                &shape.id,
                format!(
                    "does not offer {} (it lists: {})",
                    protocol.trait_id(),
                    if listed.is_empty() {
                        "none".to_string()
                    } else {
                        listed.join(", ")
                    }
                ),
            )
            .at(at()));
        }
        return Ok(protocol);
    }
    if let Some(p) = Protocol::SUPPORTED
        .into_iter()
        .find(|p| listed.contains(&p.trait_id()))
    {
        return Ok(p);
    }
    let supported: Vec<&str> = Protocol::SUPPORTED.iter().map(|p| p.trait_id()).collect();
    let message = if listed.is_empty() {
        format!(
            "has no protocol trait; supported protocols are {}",
            supported.join(", ")
        )
    } else {
        format!(
            "uses {}, which is not supported (supported protocols are {})",
            listed.join(", "),
            supported.join(", ")
        )
    };
    Err(Error::shape(&shape.id, message).at(at()))
}

/// A trait of the service that names a protocol (AWS's and Smithy's own protocol
/// definitions; the other traits of their namespaces, such as `awsQueryCompatible`, are not).
fn is_protocol_trait(id: &str) -> bool {
    const PROTOCOLS: [&str; 8] = [
        "aws.protocols#awsJson1_0",
        "aws.protocols#awsJson1_1",
        "aws.protocols#restJson1",
        "aws.protocols#restXml",
        "aws.protocols#awsQuery",
        "aws.protocols#ec2Query",
        "smithy.protocols#rpcv2Cbor",
        "smithy.protocols#rpcv2Json",
    ];
    PROTOCOLS.contains(&id)
}

pub(super) fn lower_service(shape: &Shape, protocol: Protocol) -> Result<Service> {
    let aws = shape.traits.get(traits::AWS_SERVICE);
    let aws_field = |k: &str| {
        aws.and_then(|a| a.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Service {
        id: shape.id.clone(),
        target_prefix: shape.name().to_string(),
        protocol,
        sigv4_name: shape
            .traits
            .get(traits::SIGV4)
            .and_then(|s| s.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        sdk_id: aws_field("sdkId"),
        endpoint_prefix: aws_field("endpointPrefix"),
        version: shape.relations.version.clone(),
        query_compatible: shape.has_trait(traits::AWS_QUERY_COMPATIBLE),
        doc: doc_of(&shape.traits),
    })
}

pub(super) struct Lowerer<'m> {
    pub(super) model: &'m Model,
    pub(super) homes: &'m BTreeMap<String, (Module, String)>,
    pub(super) service: &'m Shape,
    pub(super) protocol: Protocol,
    /// The model ids of the operations' inputs, outputs and errors.
    pub(super) messages: BTreeSet<String>,
    /// Each `@pattern` met, compiled once.
    pub(super) patterns: std::cell::RefCell<BTreeMap<String, super::types::PatternUse>>,
}

impl Lowerer<'_> {
    /// Where a member of `shape` goes in an HTTP message: the body, unless a REST protocol
    /// binds it and `shape` is a whole input, output or error.
    fn location(&self, shape: &Shape, member: &crate::load::model::Traits) -> Location {
        if self.protocol.is_rest() && self.messages.contains(&shape.id) {
            super::http::location(member)
        } else {
            Location::Body
        }
    }

    /// The member's key in JSON bodies: restJson1 honours `@jsonName`, awsJson does not.
    fn json_name(&self, m: &crate::load::model::Member) -> String {
        let renamed = m.traits.get(traits::JSON_NAME).and_then(Value::as_str);
        match renamed {
            Some(name) if self.protocol == Protocol::RestJson1 => name.to_string(),
            _ => m.name.clone(),
        }
    }

    /// The `@mediaType` of the member's target.
    fn media_type(&self, m: &crate::load::model::Member) -> Option<String> {
        let target = self.model.shape(&m.target);
        target
            .traits
            .get(traits::MEDIA_TYPE)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn structure(&self, shape: &Shape, id: &str) -> Result<Struct> {
        let error = match shape.traits.get(traits::ERROR).and_then(Value::as_str) {
            None => None,
            Some(fault) => {
                let fault = if fault == "server" {
                    Fault::Server
                } else {
                    Fault::Client
                };
                let default_status = if fault == Fault::Server { 500 } else { 400 };
                let status = shape
                    .traits
                    .get(traits::HTTP_ERROR)
                    .and_then(Value::as_u64)
                    .map_or(default_status, |s| s as u16);
                let code = self
                    .service
                    .relations
                    .rename
                    .get(&shape.id)
                    .cloned()
                    .unwrap_or_else(|| shape.name().to_string());
                let query_code = shape
                    .traits
                    .get(traits::AWS_QUERY_ERROR)
                    .and_then(|t| t.get("code"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let retryable = shape.traits.get(traits::RETRYABLE).map(|r| {
                    match r.get("throttling").and_then(Value::as_bool) {
                        Some(true) => Retryable::Throttling,
                        _ => Retryable::Transient,
                    }
                });
                Some(ErrorInfo {
                    fault,
                    status,
                    code,
                    query_code,
                    retryable,
                })
            }
        };
        let mut fields = Vec::new();
        for m in &shape.members {
            let member_id = format!("{}${}", shape.id, m.name);
            let location = self.location(shape, &m.traits);
            let ty = self.ty(
                &m.target,
                &m.traits,
                &member_id,
                super::http::default_timestamp_format(&location),
            )?;
            let idempotency_token =
                m.traits.contains_key(traits::IDEMPOTENCY_TOKEN) && ty.kind == TyKind::String;
            // Members of `@input` structures are client-optional (Smithy 2.0): a top-level
            // default is the service's to apply, so the client sends only what was set. An
            // idempotency token is the client's to fill, so the caller need not set it.
            let presence = if m.traits.contains_key(traits::CLIENT_OPTIONAL)
                || shape.has_trait(traits::INPUT) && m.traits.contains_key(traits::DEFAULT)
                || idempotency_token
            {
                Presence::Optional
            } else if let Some(d) = m.traits.get(traits::DEFAULT).filter(|d| !d.is_null()) {
                Presence::Default(d.clone())
            } else if m.traits.contains_key(traits::REQUIRED) {
                Presence::Required
            } else {
                Presence::Optional
            };
            if let Presence::Default(d) = &presence {
                check_default(&ty, d).map_err(|msg| {
                    Error::shape(&member_id, msg).at(format!(
                        "{}.members[{:?}]",
                        shape_path(&shape.id),
                        m.name
                    ))
                })?;
            }
            fields.push(Field {
                wire: m.name.clone(),
                name: String::new(),
                method: snake_name(&m.name),
                doc: token_doc(doc_of(&m.traits), idempotency_token),
                sensitive: m.traits.contains_key(traits::SENSITIVE)
                    || self.sensitive(&m.target, &mut BTreeSet::new()),
                ty,
                presence,
                boxed: false,
                idempotency_token,
                json_name: self.json_name(m),
                media_type: self.media_type(m),
                location,
            });
        }
        name_fields(&mut fields, error.is_some());
        Ok(Struct {
            id: id.to_string(),
            name: String::new(),
            builder: String::new(),
            module: Module::Types,
            doc: doc_of(&shape.traits),
            fields,
            sensitive: shape.has_trait(traits::SENSITIVE),
            error,
            input: false,
            fn_name: String::new(),
        })
    }

    fn union(&self, shape: &Shape, name: &str) -> Result<Union> {
        let mut variants = Vec::new();
        for m in &shape.members {
            let member_id = format!("{}${}", shape.id, m.name);
            variants.push(Field {
                wire: m.name.clone(),
                name: variant_name(&m.name),
                method: snake_name(&m.name),
                doc: doc_of(&m.traits),
                sensitive: m.traits.contains_key(traits::SENSITIVE)
                    || self.sensitive(&m.target, &mut BTreeSet::new()),
                ty: self.ty(
                    &m.target,
                    &m.traits,
                    &member_id,
                    TimestampFormat::EpochSeconds,
                )?,
                presence: Presence::Required,
                boxed: false,
                idempotency_token: false,
                location: Location::Body,
                json_name: self.json_name(m),
                media_type: None,
            });
        }
        name_union_variants(&mut variants);
        Ok(Union {
            id: shape.id.clone(),
            name: name.to_string(),
            doc: doc_of(&shape.traits),
            sensitive: shape.has_trait(traits::SENSITIVE),
            variants,
            fn_name: String::new(),
        })
    }

    fn enumeration(&self, shape: &Shape, name: &str) -> Enum {
        let mut variants = Vec::new();
        if shape.ty == ShapeType::String {
            // Smithy 1.0 `@enum` trait: a list of {value, name?, documentation?}.
            let defs = shape.traits[traits::ENUM]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for def in defs {
                let value = def
                    .get("value")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let label = def
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or(&value)
                    .to_string();
                let doc = def
                    .get("documentation")
                    .and_then(Value::as_str)
                    .map(html_to_markdown)
                    .unwrap_or_default();
                variants.push(Variant {
                    name: variant_name(&label),
                    member: label,
                    value: EnumValue::String(value),
                    doc,
                });
            }
        } else {
            for m in &shape.members {
                let value = match (shape.ty, m.traits.get(traits::ENUM_VALUE)) {
                    (ShapeType::IntEnum, Some(v)) => EnumValue::Int(v.as_i64().unwrap_or_default()),
                    (_, Some(Value::String(s))) => EnumValue::String(s.clone()),
                    _ => EnumValue::String(m.name.clone()),
                };
                variants.push(Variant {
                    name: variant_name(&m.name),
                    member: m.name.clone(),
                    value,
                    doc: doc_of(&m.traits),
                });
            }
        }
        name_enum_variants(variants.iter_mut().map(|v| &mut v.name));
        Enum {
            id: shape.id.clone(),
            name: name.to_string(),
            doc: doc_of(&shape.traits),
            int: shape.ty == ShapeType::IntEnum,
            variants,
        }
    }
}
