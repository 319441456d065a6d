//! One JSON AST document -> its shapes and `apply` statements: shape ids, types,
//! members, traits and references checked as they are read, each fault naming the shape
//! and its JSON path.

use super::{Apply, UNIT};
use crate::error::{shape_path, Error, Result};
use crate::load::model::{traits, Member, Model, Relations, Shape, ShapeType, Traits};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A JSON path for an error message, built only when an error needs it.
pub(super) type Path<'a> = &'a dyn Fn() -> String;

/// Takes the document apart, moving trait values into the model rather than copying them.
pub(super) fn parse_document(root: Value) -> Result<(Model, Vec<Apply>)> {
    let Value::Object(mut root) = root else {
        return Err(Error::new("the model must be a JSON object").at("$"));
    };
    let version = match root.get("smithy") {
        Some(Value::String(v)) => v.clone(),
        Some(_) => return Err(Error::new("`smithy` must be a string").at("$.smithy")),
        None => return Err(Error::new("missing `smithy` version").at("$")),
    };
    // Written `1` or `1.0`, `2` or `2.0`: kept as `1.0` / `2.0`, so that files merge by
    // what their version means.
    let version = match version.as_str() {
        "1" | "1.0" => "1.0".to_string(),
        "2" | "2.0" => "2.0".to_string(),
        _ => {
            return Err(Error::new(format!(
                "unsupported Smithy version {version:?} (expected 1.0 or 2.0)"
            ))
            .at("$.smithy"))
        }
    };
    let metadata = match root.remove("metadata") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Error::new("`metadata` must be an object").at("$.metadata")),
    };
    let mut model = Model {
        version,
        metadata,
        shapes: BTreeMap::new(),
    };
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
            .ok_or_else(|| {
                Error::shape(&id, "missing shape `type`").at(format!("{}.type", path()))
            })?
            .to_string();
        let traits = parse_traits(&id, body.remove("traits"), &|| format!("{}.traits", path()))?;
        // An `apply` entry, or the shape type, whose error comes after the traits'.
        if ty == "apply" {
            applies.push(Apply { target: id, traits });
            continue;
        }
        let ty = ShapeType::parse(&ty).ok_or_else(|| {
            Error::shape(&id, format!("unknown shape type {ty:?}")).at(format!("{}.type", path()))
        })?;
        if model.version.starts_with('1') {
            check_v1_shape(&id, &body, &traits, &path())?;
        }
        if ty == ShapeType::Resource && traits.contains_key(traits::MIXIN) {
            let defines = |k: &&&str| {
                body.get(**k)
                    .and_then(Value::as_object)
                    .is_some_and(|o| !o.is_empty())
            };
            if let Some(key) = ["identifiers", "properties"].iter().find(defines) {
                return Err(
                    Error::shape(&id, format!("a resource mixin cannot define `{key}`"))
                        .at(format!("{}.{key}", path())),
                );
            }
        }
        let shape = parse_shape(&id, ty, body, traits, &path)?;
        model.shapes.insert(id, shape);
    }
    Ok((model, applies))
}

/// What Smithy 1.0 files cannot use: mixins and resource properties.
pub(super) fn check_v1_shape(
    id: &str,
    body: &Map<String, Value>,
    traits: &Traits,
    path: &str,
) -> Result<()> {
    if traits.contains_key(traits::MIXIN) || body.contains_key("mixins") {
        return Err(Error::shape(id, "mixins need Smithy 2.0, but the file says 1.0").at(path));
    }
    if body.contains_key("properties") {
        return Err(Error::shape(
            id,
            "resource properties need Smithy 2.0, but the file says 1.0",
        )
        .at(format!("{path}.properties")));
    }
    Ok(())
}

pub(super) fn check_shape_id(id: &str) -> std::result::Result<(), String> {
    match valid_shape_id(id) {
        true => Ok(()),
        false if !id.contains('#') => Err(format!(
            "shape id {id:?} is not absolute (`namespace#Name`)"
        )),
        false => Err(format!("invalid shape id {id:?}")),
    }
}

/// Whether `id` is `namespace#Name` or `namespace#Name$member`, with a namespace of
/// dot-separated identifiers. One pass over the bytes: every id and reference of the
/// model passes here.
pub(super) fn valid_shape_id(id: &str) -> bool {
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

pub(super) fn parse_traits(id: &str, v: Option<Value>, path: Path) -> Result<Traits> {
    match v {
        None => Ok(Traits::new()),
        Some(Value::Object(m)) => {
            if let Some(k) = m.keys().find(|k| !k.contains('#')) {
                return Err(Error::shape(id, format!("trait id {k:?} is not absolute"))
                    .at(format!("{}[{k:?}]", path())));
            }
            Ok(m.into_iter().collect())
        }
        Some(_) => Err(Error::shape(id, "`traits` must be an object").at(path())),
    }
}

pub(super) fn parse_target(id: &str, v: Option<&Value>, path: Path) -> Result<String> {
    let target = v
        .and_then(Value::as_object)
        .and_then(|o| o.get("target"))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::shape(id, "expected a reference `{\"target\": ...}`").at(path()))?;
    check_shape_id(target).map_err(|m| Error::shape(id, m).at(format!("{}.target", path())))?;
    Ok(target.to_string())
}

pub(super) fn parse_member(id: &str, name: String, mut v: Value, path: Path) -> Result<Member> {
    let parsed = parse_target(id, Some(&v), path).and_then(|target| {
        let traits = match v.as_object_mut() {
            Some(body) => {
                parse_traits(id, body.remove("traits"), &|| format!("{}.traits", path()))?
            }
            None => Traits::new(),
        };
        Ok((target, traits))
    });
    // Errors name the member, not its shape.
    let (target, traits) = parsed.map_err(|e| Error {
        shape: Some(format!("{id}${name}")),
        ..e
    })?;
    Ok(Member {
        name,
        target,
        traits,
    })
}

pub(super) fn parse_refs(
    id: &str,
    body: &Map<String, Value>,
    key: &str,
    path: Path,
) -> Result<Vec<String>> {
    match body.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| parse_target(id, Some(v), &|| format!("{}.{key}[{i}]", path())))
            .collect(),
        Some(_) => {
            Err(Error::shape(id, format!("`{key}` must be a list")).at(format!("{}.{key}", path())))
        }
    }
}

pub(super) fn parse_shape(
    id: &str,
    ty: ShapeType,
    mut body: Map<String, Value>,
    traits: Traits,
    path: Path,
) -> Result<Shape> {
    // The members of lists and maps, under their own keys, then those under `members`.
    let element_keys: Vec<&str> = ["member", "key", "value"]
        .into_iter()
        .filter(|k| body.contains_key(*k))
        .collect();
    let mut members = Vec::new();
    for &key in &element_keys {
        if let Some(v) = body.remove(key) {
            members.push(parse_member(id, key.to_string(), v, &|| {
                format!("{}.{key}", path())
            })?);
        }
    }
    let has_members = body.contains_key("members");
    if let Some(m) = body.remove("members") {
        let Value::Object(m) = m else {
            return Err(
                Error::shape(id, "`members` must be an object").at(format!("{}.members", path()))
            );
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
                    format!(
                        "a {} shape cannot have a member named `{}`",
                        ty.name(),
                        m.name
                    ),
                )
                .at(format!(
                    "{}.{}",
                    path(),
                    if has_members { "members" } else { &m.name }
                )));
            }
        }
        None => {
            if let Some(key) = element_keys.first() {
                return Err(
                    Error::shape(id, format!("a {} shape cannot have `{key}`", ty.name()))
                        .at(format!("{}.{key}", path())),
                );
            }
        }
    }
    let mut relations = Relations {
        version: body
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_string),
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
            relations
                .lifecycle
                .push(parse_target(id, Some(v), &|| format!("{}.{key}", path()))?);
        }
    }
    relations
        .lifecycle
        .extend(parse_refs(id, &body, "collectionOperations", path)?);
    if let Some(rename) = body.get("rename").and_then(Value::as_object) {
        for (k, v) in rename {
            let v = v.as_str().ok_or_else(|| {
                Error::shape(id, "rename values must be strings")
                    .at(format!("{}.rename[{k:?}]", path()))
            })?;
            relations.rename.insert(k.clone(), v.to_string());
        }
    }
    let mixins = parse_refs(id, &body, "mixins", path)?;
    Ok(Shape {
        id: id.to_string(),
        ty,
        members,
        traits,
        mixins,
        relations,
    })
}
