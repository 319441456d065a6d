//! `apply` statements: traits added to a shape or member defined elsewhere.

use super::Apply;
use crate::error::{shape_path, Error, Result};
use crate::load::model::Model;
use serde_json::Value;

/// Adds `apply`'s traits to its target. On a member inherited from a mixin
/// (`inherited`), an applied trait replaces the inherited one; otherwise applying a trait
/// the target has already is a merge (see below).
pub(super) fn apply_traits(model: &mut Model, apply: Apply, inherited: bool) -> Result<()> {
    let path = shape_path(&apply.target);
    let (shape_id, member) = match apply.target.split_once('$') {
        Some((s, m)) => (s.to_string(), Some(m.to_string())),
        None => (apply.target.clone(), None),
    };
    let dangling =
        || Error::shape(&apply.target, "`apply` targets a shape that does not exist").at(&path);
    let shape = model.shapes.get_mut(&shape_id).ok_or_else(dangling)?;
    let traits = match member {
        None => &mut shape.traits,
        Some(m) => {
            &mut shape
                .members
                .iter_mut()
                .find(|x| x.name == m)
                .ok_or_else(dangling)?
                .traits
        }
    };
    // Applying a trait the shape already has: lists concatenate, equal values agree,
    // anything else is a conflict.
    for (id, value) in apply.traits {
        match traits.get_mut(&id) {
            None => {
                traits.insert(id, value);
            }
            Some(existing) if inherited => *existing = value,
            Some(Value::Array(existing)) if value.is_array() => {
                existing.extend(value.as_array().into_iter().flatten().cloned())
            }
            Some(existing) if *existing == value => {}
            Some(_) => {
                return Err(Error::shape(
                    &apply.target,
                    format!("`apply` gives `{id}` a value that conflicts with its own"),
                )
                .at(format!("{path}.traits[{id:?}]")));
            }
        }
    }
    Ok(())
}
