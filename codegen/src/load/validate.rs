//! The loaded model's checks: every reference resolves to a shape of the right kind,
//! and enum values are unique.

use crate::error::{shape_path, Error, Result};
use crate::load::model::{traits, Model, Shape, ShapeType};
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
