//! Where each item lives and what it is called: shapes placed in modules with unique
//! names, and codec function names decided once for the whole crate.

use super::{Crate, Module};
use crate::error::{shape_path, Error, Result};
use crate::ir::naming::type_name;
use crate::load::model::{local_name, traits, Model, ShapeType};
use crate::select::Selection;
use std::collections::{BTreeMap, BTreeSet};

/// Decides each generated shape's module and Rust name. Operation inputs and outputs used
/// by exactly one operation (and nothing else) get an empty name here: they are emitted as
/// `<Operation>Input` / `<Operation>Output` in the operation's module.
pub(super) fn place_shapes(
    model: &Model,
    selection: &Selection,
) -> Result<BTreeMap<String, (Module, String)>> {
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

    let renames = &model.shape(&selection.service).relations.rename;
    let mut homes = BTreeMap::new();
    for id in &selection.shapes {
        let shape = model.shape(id);
        let named = matches!(
            shape.ty,
            ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum
        ) || (shape.ty == ShapeType::String && shape.has_trait(traits::ENUM));
        if !named || id == "smithy.api#Unit" {
            continue;
        }
        let error = shape.has_trait(traits::ERROR);
        let module = if error { Module::Error } else { Module::Types };
        let private_io = io.contains(id.as_str()) && uses.get(id.as_str()) == Some(&1) && !error;
        let name = if private_io {
            String::new()
        } else {
            // The service's `rename` gives a shape its name in this service.
            type_name(
                renames
                    .get(id)
                    .map_or_else(|| local_name(id), String::as_str),
            )
        };
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
                format!("its Rust name `{name}` collides with that of `{other}`; give one of them another name with the service's `rename`"),
            )
            .at(shape_path(id)));
        }
    }
    Ok(homes)
}

pub(super) fn check_unique(
    items: impl Iterator<Item = (String, String)>,
    what: &str,
) -> Result<()> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, id) in items {
        if let Some(other) = seen.insert(name.clone(), id.clone()) {
            return Err(Error::shape(
                &id,
                format!("the {what} name `{name}` collides with that of `{other}`"),
            )
            .at(shape_path(&id)));
        }
    }
    Ok(())
}

/// Names the per-shape codec functions after the item's module and name, and checks that
/// no two shapes end up with the same function.
pub(super) fn name_functions(krate: &mut Crate) -> Result<()> {
    let structs = krate
        .structs
        .values_mut()
        .map(|s| (&s.id, &s.module, &s.name, &mut s.fn_name));
    let unions = krate
        .unions
        .values_mut()
        .map(|u| (&u.id, &Module::Types, &u.name, &mut u.fn_name));
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (id, module, name, fn_name) in structs.chain(unions) {
        let snake = crate::ir::naming::field_name(name)
            .trim_start_matches("r#")
            .to_string();
        *fn_name = match module {
            Module::Error => format!("error_{snake}"),
            _ => snake,
        };
        if let Some(other) = seen.insert(fn_name.clone(), id.clone()) {
            return Err(Error::shape(
                id,
                format!("its function name `{fn_name}` collides with that of `{other}`"),
            )
            .at(shape_path(id)));
        }
    }
    Ok(())
}
