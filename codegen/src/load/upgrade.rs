//! Smithy 1.0 shapes read as 2.0: `set`, non-`@box`ed primitives, `@enum` values.

use crate::load::model::{traits, Model, ShapeType};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Enum members without `@enumValue` have their name as value; say so explicitly, as
/// a JSON AST written by Smithy does, so that both spellings load to the same model.
pub(super) fn fill_enum_values(model: &mut Model) {
    for shape in model
        .shapes
        .values_mut()
        .filter(|s| s.ty == ShapeType::Enum)
    {
        for m in &mut shape.members {
            let name = Value::String(m.name.clone());
            m.traits.insert_if_missing(traits::ENUM_VALUE, name);
        }
    }
}

/// Smithy 1.0 semantics in 2.0 terms: `set` is a list of unique items, and numbers and
/// booleans that are not `@box`ed are non-nullable (they get a zero `@default`).
/// Only the shapes in `v1` (those of 1.0 files) are upgraded.
pub(super) fn upgrade_v1(model: &mut Model, v1: &BTreeSet<String>) {
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
            shape.traits.insert(
                traits::UNIQUE_ITEMS.into(),
                Value::Object(serde_json::Map::new()),
            );
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
    for shape in model
        .shapes
        .values_mut()
        .filter(|s| s.ty == Structure && v1.contains(&s.id))
    {
        for m in &mut shape.members {
            if let Some(d) = defaults.get(&m.target) {
                if !m.traits.contains_key(traits::BOX) {
                    m.traits.insert_if_missing(traits::DEFAULT, d.clone());
                }
            }
        }
    }
}
