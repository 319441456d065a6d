//! The loaded model's checks: every reference resolves to a shape of the right kind,
//! enum values are unique, constraint traits sit where Smithy allows them with bounds
//! of the right kind, and recursive shapes can be built (`cycles`).

use crate::decimal;
use crate::error::{shape_path, Error, Result};
use crate::load::model::{traits, Model, Shape, ShapeType, Traits};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Checks every reference and the member rules of each shape type.
pub(super) fn validate(model: &Model) -> Result<()> {
    use ShapeType::*;
    // Looked up by hash: ids share long namespaces, which every comparison in the tree
    // would read again, and there are thousands of references to check.
    let index: HashMap<&str, &Shape> = model
        .shapes
        .iter()
        .map(|(id, shape)| (id.as_str(), shape))
        .collect();
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
            if matches!(target.ty, Service | Operation | Resource)
                || target.has_trait(traits::MIXIN)
            {
                return Err(Error::shape(
                    format!("{}${}", shape.id, m.name),
                    format!(
                        "a member cannot target the {} `{}`",
                        target.ty.name(),
                        m.target
                    ),
                )
                .at(mpath()));
            }
            check_constraints(&|| format!("{}${}", shape.id, m.name), &m.traits, target.ty)?;
            if shape.ty == Enum && m.target != "smithy.api#Unit" {
                return Err(Error::shape(
                    format!("{}${}", shape.id, m.name),
                    "enum members must target smithy.api#Unit",
                )
                .at(mpath()));
            }
            if shape.ty == IntEnum && !m.traits.get(traits::ENUM_VALUE).is_some_and(Value::is_i64) {
                return Err(Error::shape(
                    format!("{}${}", shape.id, m.name),
                    "intEnum members need an integer @enumValue",
                )
                .at(mpath()));
            }
        }
        check_constraints(&|| shape.id.clone(), &shape.traits, shape.ty)?;
        if let Some(status) = shape.traits.get(traits::HTTP_ERROR) {
            if !status.as_u64().is_some_and(|s| (100..=999).contains(&s)) {
                return Err(Error::shape(
                    &shape.id,
                    format!("@httpError {status} is not an HTTP status code (100 to 999)"),
                )
                .at(format!("{}.traits[{:?}]", path(), traits::HTTP_ERROR)));
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
            Operation
                if shape.has_trait(traits::MIXIN)
                    && (shape.relations.input.is_some() || shape.relations.output.is_some()) =>
            {
                return Err(Error::shape(
                    &shape.id,
                    "an operation mixin cannot have an input or output",
                )
                .at(path()));
            }
            _ => {}
        }
        for mixin in &shape.mixins {
            if index[mixin.as_str()].ty != shape.ty {
                return Err(Error::shape(
                    &shape.id,
                    format!(
                        "the {} mixin `{mixin}` cannot be mixed into a {}",
                        index[mixin.as_str()].ty.name(),
                        shape.ty.name()
                    ),
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
                return Err(Error::shape(
                    &shape.id,
                    format!("refers to `{r}`, which is not defined"),
                )
                .at(path()));
            }
        }
        for e in &rel.errors {
            if !index[e.as_str()].has_trait(traits::ERROR) {
                return Err(Error::shape(
                    &shape.id,
                    format!("lists `{e}` as an error, but it has no @error trait"),
                )
                .at(format!("{}.errors", path())));
            }
        }
    }
    super::cycles::check(model, &index)
}

/// `@length`, `@range` and `@pattern` only where Smithy allows them (on a shape, or on a
/// member by its target's type `ty`), with bounds of the right kind: the emitted checks
/// rely on both. `id` names the shape or member, built only for an error.
fn check_constraints(
    id: &dyn Fn() -> std::string::String,
    traits: &Traits,
    ty: ShapeType,
) -> Result<()> {
    use ShapeType::*;
    let error = |t: &str, message: std::string::String| {
        let id = id();
        Err(Error::shape(&id, message).at(format!("{}.traits[{t:?}]", shape_path(&id))))
    };
    let rules: [(&str, bool, &str); 3] = [
        (
            traits::LENGTH,
            matches!(ty, List | Set | Map | String | Enum | Blob),
            "non-negative integer",
        ),
        (
            traits::RANGE,
            matches!(
                ty,
                Byte | Short | Integer | Long | Float | Double | BigInteger | BigDecimal | IntEnum
            ),
            "number",
        ),
        (traits::PATTERN, matches!(ty, String | Enum), ""),
    ];
    for (t, allowed, bound) in rules {
        let Some(value) = traits.get(t) else {
            continue;
        };
        let name = t.trim_start_matches("smithy.api#");
        if !allowed {
            return error(t, format!("@{name} cannot apply to type {}", ty.name()));
        }
        if t == traits::PATTERN {
            if !value.is_string() {
                return error(t, "@pattern must be a string".to_string());
            }
            continue;
        }
        let Some(object) = value.as_object() else {
            return error(
                t,
                format!("@{name} must be an object with `min` and/or `max`"),
            );
        };
        let mut bounds = Vec::new();
        for key in ["min", "max"] {
            match object.get(key) {
                None => {}
                Some(Value::Number(n)) if t == traits::RANGE || n.is_u64() => {
                    bounds.push(n.to_string())
                }
                Some(v) => return error(t, format!("@{name} {key} {v} is not a {bound}")),
            }
        }
        if let [min, max] = &bounds[..] {
            if decimal::compare(min, max) == Some(std::cmp::Ordering::Greater) {
                return error(t, format!("@{name} min {min} is above its max {max}"));
            }
        }
    }
    Ok(())
}

pub(super) fn check_enum_values(shape: &Shape) -> Result<()> {
    let path = shape_path(&shape.id);
    if shape.members.is_empty() && !shape.has_trait(traits::MIXIN) {
        return Err(Error::shape(
            &shape.id,
            format!("an {} needs at least one member", shape.ty.name()),
        )
        .at(path));
    }
    let mut seen = BTreeMap::new();
    for m in &shape.members {
        let value = m.traits.get(traits::ENUM_VALUE);
        let fits = match shape.ty {
            ShapeType::IntEnum => value
                .and_then(Value::as_i64)
                .is_some_and(|v| i32::try_from(v).is_ok()),
            _ => value.is_none_or(Value::is_string),
        };
        if !fits {
            let want = if shape.ty == ShapeType::IntEnum {
                "an integer (32 bits)"
            } else {
                "a string"
            };
            return Err(Error::shape(
                format!("{}${}", shape.id, m.name),
                format!("the enum value must be {want}"),
            )
            .at(format!("{path}.members[{:?}].traits", m.name)));
        }
        let value = match m.traits.get(traits::ENUM_VALUE) {
            Some(v) => v.to_string(),
            None => Value::String(m.name.clone()).to_string(),
        };
        if let Some(prev) = seen.insert(value.clone(), m.name.clone()) {
            return Err(Error::shape(
                &shape.id,
                format!(
                    "enum members `{prev}` and `{}` have the same value {value}",
                    m.name
                ),
            )
            .at(format!("{}.members[{:?}]", shape_path(&shape.id), m.name)));
        }
    }
    Ok(())
}
