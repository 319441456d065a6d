//! Loading: JSON AST documents -> one [`Model`]. Merges the documents, adds the prelude,
//! applies `apply` statements, flattens mixins, upgrades Smithy 1.0 shapes and checks every
//! reference. Any fault names the shape id
//! and the JSON path; nothing here panics on bad input.

pub mod model;

use crate::error::{shape_path, Error, Result};
use crate::read::json::Document;
use crate::load::model::{traits, Member, Model, Relations, Shape, ShapeType, Traits};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const PRELUDE_NS: &str = "smithy.api";
const UNIT: &str = "smithy.api#Unit";

/// Merges several documents into one model: a shape defined twice must be defined
/// identically; metadata lists concatenate, other metadata must agree. Smithy 1.0
/// semantics apply to the shapes of 1.0 documents only.
pub fn load_documents(docs: Vec<Document>) -> Result<Model> {
    let mut model = Model::default();
    let mut applies = Vec::new();
    let mut v1 = BTreeSet::new();
    let mut versions = BTreeSet::new();
    for doc in docs {
        let (part, doc_applies) = parse_document(doc.ast).map_err(|e| e.in_file(&doc.name))?;
        applies.extend(doc_applies);
        for (target, traits) in doc.applies {
            let path = || shape_path(&target);
            check_shape_id(&target).map_err(|m| Error::shape(&target, m).at(path()).in_file(&doc.name))?;
            let traits = parse_traits(&target, Some(Value::Object(traits)), &|| format!("{}.traits", path()))
                .map_err(|e| e.in_file(&doc.name))?;
            applies.push(Apply { target, traits });
        }
        if part.version.starts_with('1') {
            v1.extend(part.shapes.keys().cloned());
        }
        versions.insert(part.version.clone());
        merge(&mut model, part).map_err(|e| e.in_file(&doc.name))?;
    }
    model.version = match versions.len() {
        1 => versions.pop_first().unwrap_or_default(),
        _ => "2.0".into(),
    };
    assemble(model, applies, &v1)
}

/// Adds one document's shapes and metadata to the model under the merge rules.
fn merge(model: &mut Model, part: Model) -> Result<()> {
    for (key, value) in part.metadata {
        let path = format!("$.metadata[{key:?}]");
        match model.metadata.get_mut(&key) {
            None => {
                model.metadata.insert(key, value);
            }
            Some(Value::Array(existing)) if value.is_array() => {
                existing.extend(value.as_array().into_iter().flatten().cloned());
            }
            Some(existing) if *existing == value => {}
            Some(_) => return Err(Error::new(format!("metadata `{key}` conflicts with another file's")).at(path)),
        }
    }
    if model.shapes.is_empty() {
        // The first (or only) document: nothing to compare with.
        model.shapes = part.shapes;
        return Ok(());
    }
    for (id, shape) in part.shapes {
        match model.shapes.get(&id) {
            Some(existing) if *existing != shape => {
                return Err(Error::shape(&id, "is defined twice, differently").at(shape_path(&id)));
            }
            _ => {
                model.shapes.insert(id, shape);
            }
        }
    }
    Ok(())
}

/// An `apply` statement: traits to add to a shape or member defined elsewhere.
struct Apply {
    target: String,
    traits: Traits,
}

/// A JSON path for an error message, built only when an error needs it.
type Path<'a> = &'a dyn Fn() -> String;

/// Takes the document apart, moving trait values into the model rather than copying them.
fn parse_document(root: Value) -> Result<(Model, Vec<Apply>)> {
    let Value::Object(mut root) = root else {
        return Err(Error::new("the model must be a JSON object").at("$"));
    };
    let version = match root.get("smithy") {
        Some(Value::String(v)) => v.clone(),
        Some(_) => return Err(Error::new("`smithy` must be a string").at("$.smithy")),
        None => return Err(Error::new("missing `smithy` version").at("$")),
    };
    if !matches!(version.as_str(), "1" | "1.0" | "2" | "2.0") {
        return Err(Error::new(format!(
            "unsupported Smithy version {version:?} (expected 1.0 or 2.0)"
        ))
        .at("$.smithy"));
    }
    let metadata = match root.remove("metadata") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Error::new("`metadata` must be an object").at("$.metadata")),
    };
    let mut model = Model { version, metadata, shapes: BTreeMap::new() };
    let mut applies = Vec::new();
    let shapes = match root.remove("shapes") {
        None => return Ok((model, applies)),
        Some(Value::Object(s)) => s,
        Some(_) => return Err(Error::new("`shapes` must be an object").at("$.shapes")),
    };
    for (id, body) in shapes {
        let path = || shape_path(&id);
        check_shape_id(&id).map_err(|m| Error::shape(&id, m).at(path()))?;
        let Value::Object(mut body) = body else {
            return Err(Error::shape(&id, "shape must be an object").at(path()));
        };
        let ty = body
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::shape(&id, "missing shape `type`").at(format!("{}.type", path())))?
            .to_string();
        let traits = parse_traits(&id, body.remove("traits"), &|| format!("{}.traits", path()))?;
        // An `apply` entry, or the shape type, whose error comes after the traits'.
        if ty == "apply" {
            applies.push(Apply { target: id, traits });
            continue;
        }
        let ty = ShapeType::parse(&ty)
            .ok_or_else(|| Error::shape(&id, format!("unknown shape type {ty:?}")).at(format!("{}.type", path())))?;
        if model.version.starts_with('1') {
            check_v1_shape(&id, &body, &traits, &path())?;
        }
        if ty == ShapeType::Resource && traits.contains_key(traits::MIXIN) {
            let defines = |k: &&&str| body.get(**k).and_then(Value::as_object).is_some_and(|o| !o.is_empty());
            if let Some(key) = ["identifiers", "properties"].iter().find(defines) {
                return Err(Error::shape(&id, format!("a resource mixin cannot define `{key}`"))
                    .at(format!("{}.{key}", path())));
            }
        }
        let shape = parse_shape(&id, ty, body, traits, &path)?;
        model.shapes.insert(id, shape);
    }
    Ok((model, applies))
}

/// What Smithy 1.0 files cannot use: mixins and resource properties.
fn check_v1_shape(id: &str, body: &Map<String, Value>, traits: &Traits, path: &str) -> Result<()> {
    if traits.contains_key(traits::MIXIN) || body.contains_key("mixins") {
        return Err(Error::shape(id, "mixins need Smithy 2.0, but the file says 1.0").at(path));
    }
    if body.contains_key("properties") {
        return Err(Error::shape(id, "resource properties need Smithy 2.0, but the file says 1.0")
            .at(format!("{path}.properties")));
    }
    Ok(())
}

fn check_shape_id(id: &str) -> std::result::Result<(), String> {
    match valid_shape_id(id) {
        true => Ok(()),
        false if !id.contains('#') => Err(format!("shape id {id:?} is not absolute (`namespace#Name`)")),
        false => Err(format!("invalid shape id {id:?}")),
    }
}

/// Whether `id` is `namespace#Name` or `namespace#Name$member`, with a namespace of
/// dot-separated identifiers. One pass over the bytes: every id and reference of the
/// model passes here.
fn valid_shape_id(id: &str) -> bool {
    #[derive(PartialEq)]
    enum Part {
        Namespace,
        Name,
        Member,
    }
    let mut part = Part::Namespace;
    // At the start of an identifier, where a digit cannot be.
    let mut at_start = true;
    for &b in id.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => at_start = false,
            b'0'..=b'9' if !at_start => {}
            b'.' if part == Part::Namespace && !at_start => at_start = true,
            b'#' if part == Part::Namespace && !at_start => (part, at_start) = (Part::Name, true),
            b'$' if part == Part::Name && !at_start => (part, at_start) = (Part::Member, true),
            _ => return false,
        }
    }
    part != Part::Namespace && !at_start
}

fn parse_traits(id: &str, v: Option<Value>, path: Path) -> Result<Traits> {
    match v {
        None => Ok(Traits::new()),
        Some(Value::Object(m)) => {
            if let Some(k) = m.keys().find(|k| !k.contains('#')) {
                return Err(Error::shape(id, format!("trait id {k:?} is not absolute")).at(format!("{}[{k:?}]", path())));
            }
            Ok(m.into_iter().collect())
        }
        Some(_) => Err(Error::shape(id, "`traits` must be an object").at(path())),
    }
}

fn parse_target(id: &str, v: Option<&Value>, path: Path) -> Result<String> {
    let target = v
        .and_then(Value::as_object)
        .and_then(|o| o.get("target"))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::shape(id, "expected a reference `{\"target\": ...}`").at(path()))?;
    check_shape_id(target).map_err(|m| Error::shape(id, m).at(format!("{}.target", path())))?;
    Ok(target.to_string())
}

fn parse_member(id: &str, name: String, mut v: Value, path: Path) -> Result<Member> {
    let parsed = parse_target(id, Some(&v), path).and_then(|target| {
        let traits = match v.as_object_mut() {
            Some(body) => parse_traits(id, body.remove("traits"), &|| format!("{}.traits", path()))?,
            None => Traits::new(),
        };
        Ok((target, traits))
    });
    // Errors name the member, not its shape.
    let (target, traits) = parsed.map_err(|e| Error { shape: Some(format!("{id}${name}")), ..e })?;
    Ok(Member { name, target, traits })
}

fn parse_refs(id: &str, body: &Map<String, Value>, key: &str, path: Path) -> Result<Vec<String>> {
    match body.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| parse_target(id, Some(v), &|| format!("{}.{key}[{i}]", path())))
            .collect(),
        Some(_) => Err(Error::shape(id, format!("`{key}` must be a list")).at(format!("{}.{key}", path()))),
    }
}

fn parse_shape(id: &str, ty: ShapeType, mut body: Map<String, Value>, traits: Traits, path: Path) -> Result<Shape> {
    // The members of lists and maps, under their own keys, then those under `members`.
    let element_keys: Vec<&str> = ["member", "key", "value"].into_iter().filter(|k| body.contains_key(*k)).collect();
    let mut members = Vec::new();
    for &key in &element_keys {
        if let Some(v) = body.remove(key) {
            members.push(parse_member(id, key.to_string(), v, &|| format!("{}.{key}", path()))?);
        }
    }
    let has_members = body.contains_key("members");
    if let Some(m) = body.remove("members") {
        let Value::Object(m) = m else {
            return Err(Error::shape(id, "`members` must be an object").at(format!("{}.members", path())));
        };
        for (name, v) in m {
            let member_path = || format!("{}.members[{name:?}]", path());
            members.push(parse_member(id, name.clone(), v, &member_path)?);
        }
    }
    match ty.fixed_members() {
        Some(allowed) => {
            if let Some(m) = members.iter().find(|m| !allowed.contains(&m.name.as_str())) {
                return Err(Error::shape(
                    id,
                    format!("a {} shape cannot have a member named `{}`", ty.name(), m.name),
                )
                .at(format!("{}.{}", path(), if has_members { "members" } else { &m.name })));
            }
        }
        None => {
            if let Some(key) = element_keys.first() {
                return Err(Error::shape(id, format!("a {} shape cannot have `{key}`", ty.name()))
                    .at(format!("{}.{key}", path())));
            }
        }
    }
    let mut relations = Relations {
        version: body.get("version").and_then(Value::as_str).map(str::to_string),
        errors: parse_refs(id, &body, "errors", path)?,
        operations: parse_refs(id, &body, "operations", path)?,
        resources: parse_refs(id, &body, "resources", path)?,
        ..Relations::default()
    };
    for key in ["input", "output"] {
        if let Some(v) = body.get(key) {
            let t = parse_target(id, Some(v), &|| format!("{}.{key}", path()))?;
            // No input (or output) and `smithy.api#Unit` mean the same; keep one form.
            if t == UNIT {
                continue;
            }
            if key == "input" {
                relations.input = Some(t);
            } else {
                relations.output = Some(t);
            }
        }
    }
    for key in ["create", "read", "update", "delete", "list", "put"] {
        if let Some(v) = body.get(key) {
            relations.lifecycle.push(parse_target(id, Some(v), &|| format!("{}.{key}", path()))?);
        }
    }
    relations.lifecycle.extend(parse_refs(id, &body, "collectionOperations", path)?);
    if let Some(rename) = body.get("rename").and_then(Value::as_object) {
        for (k, v) in rename {
            let v = v.as_str().ok_or_else(|| {
                Error::shape(id, "rename values must be strings").at(format!("{}.rename[{k:?}]", path()))
            })?;
            relations.rename.insert(k.clone(), v.to_string());
        }
    }
    let mixins = parse_refs(id, &body, "mixins", path)?;
    Ok(Shape { id: id.to_string(), ty, members, traits, mixins, relations })
}

/// Prelude shapes every model may target without defining them.
fn prelude() -> Vec<Shape> {
    use ShapeType::*;
    let simple: [(&str, ShapeType, Option<Value>); 20] = [
        ("String", String, None),
        ("Blob", Blob, None),
        ("BigInteger", BigInteger, None),
        ("BigDecimal", BigDecimal, None),
        ("Timestamp", Timestamp, None),
        ("Document", Document, None),
        ("Boolean", Boolean, None),
        ("PrimitiveBoolean", Boolean, Some(Value::Bool(false))),
        ("Byte", Byte, None),
        ("PrimitiveByte", Byte, Some(0.into())),
        ("Short", Short, None),
        ("PrimitiveShort", Short, Some(0.into())),
        ("Integer", Integer, None),
        ("PrimitiveInteger", Integer, Some(0.into())),
        ("Long", Long, None),
        ("PrimitiveLong", Long, Some(0.into())),
        ("Float", Float, None),
        ("PrimitiveFloat", Float, Some(0.into())),
        ("Double", Double, None),
        ("PrimitiveDouble", Double, Some(0.into())),
    ];
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, ty, default)| Shape {
            id: format!("{PRELUDE_NS}#{name}"),
            ty,
            members: Vec::new(),
            traits: default.map(|d| (traits::DEFAULT.to_string(), d)).into_iter().collect(),
            mixins: Vec::new(),
            relations: Relations::default(),
        })
        .collect();
    shapes.push(Shape {
        id: format!("{PRELUDE_NS}#Unit"),
        ty: Structure,
        members: Vec::new(),
        traits: [("smithy.api#unitType".to_string(), Value::Object(serde_json::Map::new()))].into_iter().collect(),
        mixins: Vec::new(),
        relations: Relations::default(),
    });
    shapes
}

fn assemble(mut model: Model, applies: Vec<Apply>, v1: &BTreeSet<String>) -> Result<Model> {
    for shape in prelude() {
        if model.shapes.contains_key(&shape.id) {
            return Err(Error::shape(&shape.id, "redefines a prelude shape").at(shape_path(&shape.id)));
        }
        model.shapes.insert(shape.id.clone(), shape);
    }
    flatten_mixins(&mut model)?;
    for apply in applies {
        apply_traits(&mut model, apply)?;
    }
    if !v1.is_empty() {
        upgrade_v1(&mut model, v1);
    }
    fill_enum_values(&mut model);
    validate(&model)?;
    Ok(model)
}

fn apply_traits(model: &mut Model, apply: Apply) -> Result<()> {
    let path = shape_path(&apply.target);
    let (shape_id, member) = match apply.target.split_once('$') {
        Some((s, m)) => (s.to_string(), Some(m.to_string())),
        None => (apply.target.clone(), None),
    };
    let dangling = || Error::shape(&apply.target, "`apply` targets a shape that does not exist").at(&path);
    let shape = model.shapes.get_mut(&shape_id).ok_or_else(dangling)?;
    let traits = match member {
        None => &mut shape.traits,
        Some(m) => &mut shape.members.iter_mut().find(|x| x.name == m).ok_or_else(dangling)?.traits,
    };
    // Applying a trait the shape already has: lists concatenate, equal values agree,
    // anything else is a conflict.
    for (id, value) in apply.traits {
        match traits.get_mut(&id) {
            None => {
                traits.insert(id, value);
            }
            Some(Value::Array(existing)) if value.is_array() => existing.extend(value.as_array().into_iter().flatten().cloned()),
            Some(existing) if *existing == value => {}
            Some(_) => {
                return Err(Error::shape(&apply.target, format!("`apply` gives `{id}` a value that conflicts with its own"))
                    .at(format!("{path}.traits[{id:?}]")));
            }
        }
    }
    Ok(())
}

/// Copies mixin members (first, in mixin order) and mixin traits (overridable, except
/// `@mixin` itself) into every shape that uses them, resolving mixins of mixins first.
fn flatten_mixins(model: &mut Model) -> Result<()> {
    let with_mixins: Vec<String> =
        model.shapes.iter_mut().filter_map(|(id, shape)| (!tidy_without_mixins(shape)).then(|| id.clone())).collect();
    let mut done = BTreeSet::new();
    for id in with_mixins {
        flatten_one(model, &id, &mut Vec::new(), &mut done)?;
    }
    Ok(())
}

/// For a shape with nothing to inherit (most of them), what flattening does, which is only
/// collapsing references listed twice; whether it was such a shape. Members written under
/// `members` have distinct names; a list or map may also name one as `member`, `key` or
/// `value`, which [`flatten_one`] merges.
fn tidy_without_mixins(shape: &mut Shape) -> bool {
    let distinct_members = shape.ty.fixed_members().is_none() || shape.members.len() <= 1;
    if !shape.mixins.is_empty() || !distinct_members {
        return false;
    }
    let own = std::mem::take(&mut shape.relations);
    inherit_relations(&mut shape.relations, own);
    true
}

fn flatten_one(model: &mut Model, id: &str, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Result<()> {
    if done.contains(id) {
        return Ok(());
    }
    if stack.iter().any(|s| s == id) {
        stack.push(id.to_string());
        return Err(Error::shape(id, format!("mixin cycle: {}", stack.join(" -> "))).at(shape_path(id)));
    }
    let shape = model.shapes.get_mut(id).expect("shape exists");
    if tidy_without_mixins(shape) {
        return Ok(());
    }
    let mixins = shape.mixins.clone();
    stack.push(id.to_string());
    let mut members = Vec::new();
    let mut inherited = Traits::new();
    let mut relations = Relations::default();
    for (i, mixin) in mixins.iter().enumerate() {
        let path = format!("{}.mixins[{i}]", shape_path(id));
        let Some(m) = model.shapes.get(mixin) else {
            return Err(Error::shape(id, format!("unknown mixin `{mixin}`")).at(path));
        };
        if !m.has_trait(traits::MIXIN) {
            return Err(Error::shape(id, format!("`{mixin}` is not marked @mixin")).at(path));
        }
        flatten_one(model, mixin, stack, done)?;
        let m = &model.shapes[mixin];
        let local: BTreeSet<&str> = m.traits[traits::MIXIN]
            .get("localTraits")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (k, v) in &m.traits {
            if k != traits::MIXIN && !local.contains(k.as_str()) {
                inherited.insert(k.clone(), v.clone());
            }
        }
        for member in &m.members {
            // Two mixins may share a member if they agree on its target; traits merge.
            match members.iter_mut().find(|x: &&mut Member| x.name == member.name) {
                Some(x) if x.target == member.target => x.traits.extend(member.traits.clone()),
                Some(_) => {
                    let message = format!("member `{}` comes from two mixins with different targets", member.name);
                    return Err(Error::shape(id, message).at(shape_path(id)));
                }
                None => members.push(member.clone()),
            }
        }
        inherit_relations(&mut relations, m.relations.clone());
    }
    stack.pop();
    let shape = model.shapes.get_mut(id).expect("shape exists");
    let own = std::mem::replace(&mut shape.relations, relations);
    inherit_relations(&mut shape.relations, own);
    // A shape may redeclare an inherited member to add traits to it.
    for own in std::mem::take(&mut shape.members) {
        match members.iter_mut().find(|m| m.name == own.name) {
            Some(m) => {
                if own.target != m.target {
                    return Err(Error::shape(id, format!("member `{}` changes the target of its mixin", own.name))
                        .at(format!("{}.members[{:?}]", shape_path(id), own.name)));
                }
                m.traits.extend(own.traits);
            }
            None => members.push(own),
        }
    }
    shape.members = members;
    for (k, v) in inherited {
        shape.traits.insert_if_missing(k, v);
    }
    done.insert(id.to_string());
    Ok(())
}

/// Adds `from`'s references to `into` (operations, services and resources take
/// them from their mixins): lists append what is new, single values override.
fn inherit_relations(into: &mut Relations, from: Relations) {
    for (dst, src) in [
        (&mut into.errors, from.errors),
        (&mut into.operations, from.operations),
        (&mut into.resources, from.resources),
        (&mut into.lifecycle, from.lifecycle),
    ] {
        for r in src {
            if !dst.contains(&r) {
                dst.push(r);
            }
        }
    }
    for (dst, src) in [(&mut into.version, from.version), (&mut into.input, from.input), (&mut into.output, from.output)] {
        if src.is_some() {
            *dst = src;
        }
    }
    into.rename.extend(from.rename);
}

/// Enum members without `@enumValue` have their name as value; say so explicitly, as
/// a JSON AST written by Smithy does, so that both spellings load to the same model.
fn fill_enum_values(model: &mut Model) {
    for shape in model.shapes.values_mut().filter(|s| s.ty == ShapeType::Enum) {
        for m in &mut shape.members {
            let name = Value::String(m.name.clone());
            m.traits.insert_if_missing(traits::ENUM_VALUE, name);
        }
    }
}

/// Smithy 1.0 semantics in 2.0 terms: `set` is a list of unique items, and numbers and
/// booleans that are not `@box`ed are non-nullable (they get a zero `@default`).
/// Only the shapes in `v1` (those of 1.0 files) are upgraded.
fn upgrade_v1(model: &mut Model, v1: &BTreeSet<String>) {
    use ShapeType::*;
    let zero = |ty: ShapeType| match ty {
        Boolean => Some(Value::Bool(false)),
        Byte | Short | Integer | Long | Float | Double => Some(Value::from(0)),
        _ => None,
    };
    let mut defaults = BTreeMap::new();
    for shape in model.shapes.values_mut() {
        if shape.ty == Set && v1.contains(&shape.id) {
            shape.ty = List;
            shape.traits.insert(traits::UNIQUE_ITEMS.into(), Value::Object(serde_json::Map::new()));
        }
        if shape.id.starts_with("smithy.api#") {
            if let Some(d) = shape.traits.get(traits::DEFAULT) {
                defaults.insert(shape.id.clone(), d.clone());
            }
        } else if v1.contains(&shape.id) && !shape.has_trait(traits::BOX) {
            if let Some(z) = zero(shape.ty) {
                shape.traits.insert_if_missing(traits::DEFAULT, z.clone());
                defaults.insert(shape.id.clone(), z);
            }
        }
    }
    for shape in model.shapes.values_mut().filter(|s| s.ty == Structure && v1.contains(&s.id)) {
        for m in &mut shape.members {
            if let Some(d) = defaults.get(&m.target) {
                if !m.traits.contains_key(traits::BOX) {
                    m.traits.insert_if_missing(traits::DEFAULT, d.clone());
                }
            }
        }
    }
}

/// Checks every reference and the member rules of each shape type.
fn validate(model: &Model) -> Result<()> {
    use ShapeType::*;
    // Looked up by hash: ids share long namespaces, which every comparison in the tree
    // would read again, and there are thousands of references to check.
    let index: HashMap<&str, &Shape> = model.shapes.iter().map(|(id, shape)| (id.as_str(), shape)).collect();
    for shape in model.shapes.values() {
        // Paths are built only for an error: this loop visits every member of the model.
        let path = || shape_path(&shape.id);
        for m in &shape.members {
            let mpath = || match shape.ty {
                List | Set | Map => format!("{}.{}.target", path(), m.name),
                _ => format!("{}.members[{:?}].target", path(), m.name),
            };
            let Some(target) = index.get(m.target.as_str()) else {
                return Err(Error::shape(
                    format!("{}${}", shape.id, m.name),
                    format!("targets `{}`, which is not defined", m.target),
                )
                .at(mpath()));
            };
            if matches!(target.ty, Service | Operation | Resource) || target.has_trait(traits::MIXIN) {
                return Err(Error::shape(
                    format!("{}${}", shape.id, m.name),
                    format!("a member cannot target the {} `{}`", target.ty.name(), m.target),
                )
                .at(mpath()));
            }
            if shape.ty == Enum && m.target != "smithy.api#Unit" {
                return Err(Error::shape(format!("{}${}", shape.id, m.name), "enum members must target smithy.api#Unit")
                    .at(mpath()));
            }
            if shape.ty == IntEnum && !m.traits.get(traits::ENUM_VALUE).is_some_and(Value::is_i64) {
                return Err(Error::shape(format!("{}${}", shape.id, m.name), "intEnum members need an integer @enumValue")
                    .at(mpath()));
            }
        }
        match shape.ty {
            List | Set if shape.members.len() != 1 && !shape.has_trait(traits::MIXIN) => {
                return Err(Error::shape(&shape.id, "a list needs exactly one `member`").at(path()));
            }
            Map if shape.members.len() != 2 && !shape.has_trait(traits::MIXIN) => {
                return Err(Error::shape(&shape.id, "a map needs a `key` and a `value`").at(path()));
            }
            Enum | IntEnum => check_enum_values(shape)?,
            Operation if shape.has_trait(traits::MIXIN) && (shape.relations.input.is_some() || shape.relations.output.is_some()) => {
                return Err(Error::shape(&shape.id, "an operation mixin cannot have an input or output").at(path()));
            }
            _ => {}
        }
        for mixin in &shape.mixins {
            if index[mixin.as_str()].ty != shape.ty {
                return Err(Error::shape(
                    &shape.id,
                    format!("the {} mixin `{mixin}` cannot be mixed into a {}", index[mixin.as_str()].ty.name(), shape.ty.name()),
                )
                .at(format!("{}.mixins", path())));
            }
        }
        let rel = &shape.relations;
        let refs = rel
            .input
            .iter()
            .chain(&rel.output)
            .chain(&rel.errors)
            .chain(&rel.operations)
            .chain(&rel.resources)
            .chain(&rel.lifecycle);
        for r in refs {
            if !index.contains_key(r.as_str()) {
                return Err(Error::shape(&shape.id, format!("refers to `{r}`, which is not defined")).at(path()));
            }
        }
        for e in &rel.errors {
            if !index[e.as_str()].has_trait(traits::ERROR) {
                return Err(Error::shape(&shape.id, format!("lists `{e}` as an error, but it has no @error trait"))
                    .at(format!("{}.errors", path())));
            }
        }
    }
    Ok(())
}

fn check_enum_values(shape: &Shape) -> Result<()> {
    let path = shape_path(&shape.id);
    if shape.members.is_empty() && !shape.has_trait(traits::MIXIN) {
        return Err(Error::shape(&shape.id, format!("an {} needs at least one member", shape.ty.name())).at(path));
    }
    let mut seen = BTreeMap::new();
    for m in &shape.members {
        let value = m.traits.get(traits::ENUM_VALUE);
        let fits = match shape.ty {
            ShapeType::IntEnum => value.and_then(Value::as_i64).is_some_and(|v| i32::try_from(v).is_ok()),
            _ => value.is_none_or(Value::is_string),
        };
        if !fits {
            let want = if shape.ty == ShapeType::IntEnum { "an integer (32 bits)" } else { "a string" };
            return Err(Error::shape(format!("{}${}", shape.id, m.name), format!("the enum value must be {want}"))
                .at(format!("{path}.members[{:?}].traits", m.name)));
        }
        let value = match m.traits.get(traits::ENUM_VALUE) {
            Some(v) => v.to_string(),
            None => Value::String(m.name.clone()).to_string(),
        };
        if let Some(prev) = seen.insert(value.clone(), m.name.clone()) {
            return Err(Error::shape(
                &shape.id,
                format!("enum members `{prev}` and `{}` have the same value {value}", m.name),
            )
            .at(format!("{}.members[{:?}]", shape_path(&shape.id), m.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(s: &str) -> Result<Model> {
        crate::load_json(s.as_bytes())
    }

    #[test]
    fn shape_ids() {
        for ok in ["a#B", "a.b_c.d9#_X", "smithy.api#String", "a#B$c", "a#B$_1"] {
            assert!(check_shape_id(ok).is_ok(), "{ok}");
        }
        for bad in ["B", "#B", "a#", "a.#B", ".a#B", "1a#B", "a#B#C", "a#B$", "a#B$c$d", "a#B.c", "a-b#C", "a#É", "a#B$ c"] {
            assert!(check_shape_id(bad).is_err(), "{bad}");
        }
    }

    /// A model with several faults reports the first by id.
    #[test]
    fn the_first_fault_by_id_is_reported() {
        let shape = |i: usize| {
            let target = if i == 10 || i == 300 { "a#Missing" } else { "smithy.api#String" };
            format!("\"a#S{i:03}\": {{\"type\": \"structure\", \"members\": {{\"m\": {{\"target\": \"{target}\"}}}}}}")
        };
        let shapes: Vec<String> = (0..400).map(shape).collect();
        let err = load(&format!("{{\"smithy\": \"2.0\", \"shapes\": {{{}}}}}", shapes.join(","))).unwrap_err();
        assert!(err.to_string().contains("a#S010$m"), "{err}");
    }

    /// A shape id written twice is one JSON key: the later value wins.
    #[test]
    fn a_shape_written_twice_is_the_later_one() {
        let text = r#"{"smithy": "2.0", "shapes": {"a#S0": {"type": "string"}, "a#S1": {"type": "string"}, "a#S0": {"type": "integer"}}}"#;
        assert_eq!(load(text).unwrap().shape("a#S0").ty, ShapeType::Integer);
    }

    #[test]
    fn prelude_and_members_in_order() {
        let m = load(r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{
            "z":{"target":"smithy.api#String"},"a":{"target":"smithy.api#PrimitiveInteger"}}}}}"#)
        .unwrap();
        let s = m.shape("a#S");
        assert_eq!(s.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["z", "a"]);
        assert!(m.shape("smithy.api#PrimitiveInteger").has_trait(traits::DEFAULT));
        assert!(m.get("smithy.api#Unit").is_some());
    }

    #[test]
    fn a_list_member_written_both_ways_is_one_member() {
        let m = load(r#"{"smithy":"2.0","shapes":{"a#L":{"type":"list","member":{"target":"smithy.api#String"},
            "members":{"member":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"x"}}}}}}"#)
        .unwrap();
        let l = m.shape("a#L");
        assert_eq!(l.members.len(), 1);
        assert!(l.members[0].traits.contains_key(traits::DOCUMENTATION));
    }

    #[test]
    fn mixins_merge_members_and_traits() {
        let m = load(r#"{"smithy":"2.0","shapes":{
            "a#M":{"type":"structure","members":{"x":{"target":"smithy.api#String"}},
                   "traits":{"smithy.api#mixin":{},"smithy.api#sensitive":{}}},
            "a#S":{"type":"structure","mixins":[{"target":"a#M"}],
                   "members":{"y":{"target":"smithy.api#String"}}}}}"#)
        .unwrap();
        let s = m.shape("a#S");
        assert_eq!(s.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["x", "y"]);
        assert!(s.has_trait(traits::SENSITIVE));
        assert!(!s.has_trait(traits::MIXIN));
    }

    #[test]
    fn apply_adds_member_traits() {
        let m = load(r#"{"smithy":"2.0","shapes":{
            "a#S":{"type":"structure","members":{"x":{"target":"smithy.api#String"}}},
            "a#S$x":{"type":"apply","traits":{"smithy.api#required":{}}}}}"#)
        .unwrap();
        assert!(m.shape("a#S").member("x").unwrap().traits.contains_key(traits::REQUIRED));
    }

    #[test]
    fn applied_traits_merge_or_conflict() {
        let doc = |traits: &str| {
            format!(
                r#"{{"smithy":"2.0","shapes":{{
                "a#S":{{"type":"structure","members":{{"x":{{"target":"smithy.api#String",
                    "traits":{{"smithy.api#tags":["x"],"smithy.api#documentation":"d"}}}}}}}},
                "a#S$x":{{"type":"apply","traits":{traits}}}}}}}"#
            )
        };
        let m = load(&doc(r#"{"smithy.api#tags":["y"],"smithy.api#documentation":"d"}"#)).unwrap();
        assert_eq!(m.shape("a#S").member("x").unwrap().traits["smithy.api#tags"], serde_json::json!(["x", "y"]));
        let err = load(&doc(r#"{"smithy.api#documentation":"other"}"#)).unwrap_err();
        assert!(err.message.contains("conflicts"), "{err}");
    }

    #[test]
    fn errors_name_shape_and_path() {
        let cases = [
            (r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{"x":{"target":"a#Nope"}}}}}"#,
             "a#S$x", "not defined"),
            (r#"{"smithy":"2.0","shapes":{"a#S":{"type":"string","members":{"x":{"target":"smithy.api#String"}}}}}"#,
             "a#S", "cannot have a member"),
            (r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","value":{"target":"smithy.api#String"}}}}"#,
             "a#S", "a structure shape cannot have `value`"),
            (r#"{"smithy":"2.0","shapes":{"a#L":{"type":"list","member":{"target":"smithy.api#String","traits":{"x":1}}}}}"#,
             "a#L$member", "trait id \"x\" is not absolute"),
            (r#"{"smithy":"2.0","shapes":{"a#S":{"type":"thing"}}}"#, "a#S", "unknown shape type"),
            (r#"{"smithy":"2.0","shapes":{"a#S$x":{"type":"apply","traits":{}}}}"#, "a#S$x", "does not exist"),
            (r#"{"smithy":"2.0","shapes":{
                "a#A":{"type":"structure","mixins":[{"target":"a#B"}],"traits":{"smithy.api#mixin":{}}},
                "a#B":{"type":"structure","mixins":[{"target":"a#A"}],"traits":{"smithy.api#mixin":{}}}}}"#,
             "a#A", "mixin cycle"),
            (r#"{"smithy":"2.0","shapes":{"a#E":{"type":"enum","members":{
                "A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"x"}},
                "B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"x"}}}}}}"#,
             "a#E", "same value"),
        ];
        for (src, shape, needle) in cases {
            let e = load(src).unwrap_err();
            assert_eq!(e.shape.as_deref(), Some(shape), "{e}");
            assert!(e.message.contains(needle), "{e}");
            assert!(e.path.as_deref().unwrap().starts_with("$.shapes["), "{e}");
        }
    }

    #[test]
    fn bad_documents() {
        assert!(load("{").unwrap_err().message.contains("invalid JSON"));
        assert!(load(r#"{"smithy":"3.0"}"#).unwrap_err().message.contains("unsupported Smithy version"));
        assert!(load(r#"{"shapes":{}}"#).unwrap_err().message.contains("missing `smithy`"));
    }

    #[test]
    fn v1_primitives_become_defaults() {
        let m = load(r#"{"smithy":"1.0","shapes":{
            "a#N":{"type":"integer"},
            "a#B":{"type":"integer","traits":{"smithy.api#box":{}}},
            "a#S":{"type":"structure","members":{"n":{"target":"a#N"},"b":{"target":"a#B"},
                 "p":{"target":"smithy.api#PrimitiveLong"},"s":{"target":"a#L"}}},
            "a#L":{"type":"set","member":{"target":"smithy.api#String"}}}}"#)
        .unwrap();
        let s = m.shape("a#S");
        assert!(s.member("n").unwrap().traits.contains_key(traits::DEFAULT));
        assert!(!s.member("b").unwrap().traits.contains_key(traits::DEFAULT));
        assert!(s.member("p").unwrap().traits.contains_key(traits::DEFAULT));
        assert_eq!(m.shape("a#L").ty, ShapeType::List);
    }
}
