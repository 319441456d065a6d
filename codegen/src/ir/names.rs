//! Where each item lives and what it is called. Every Rust scope the generated crate has
//! gets a [`Scope`] holding both the model's names and the names the generated code derives
//! from them or defines itself, so no two can clash: a module's items and builders, a
//! builder's setters, an enum's or a union's variants and helpers, an operation's error
//! variants, the operation modules, the client's methods and the crate's codec functions.

use super::{Crate, Field, Module};
use crate::error::{shape_path, Error, Result};
use crate::ir::naming::{escape_keyword, snake_name, type_name, Scope};
use crate::load::model::{local_name, traits, Model, ShapeType};
use crate::select::Selection;
use std::collections::{BTreeMap, BTreeSet};

/// Method names that a generated method must not take: the methods of the traits the
/// generated types implement (`Clone`, `Debug`, `Default`, `PartialEq`), which an inherent
/// method would shadow, and the names clippy's `should_implement_trait` expects to be trait
/// methods for the signatures of setters (`self` and one argument) and getters (`&self`).
const TRAIT_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "default",
    "eq",
    "fmt",
    "ne",
    "add",
    "bitand",
    "bitor",
    "bitxor",
    "div",
    "mul",
    "rem",
    "shl",
    "shr",
    "sub",
    "as_mut",
    "as_ref",
    "borrow",
    "deref",
];

/// What a builder defines besides its setters, and what its structure defines (`builder()`;
/// an error's accessors): a member of that name takes the `_value` suffix. An error's
/// `message()` is also its message member's getter (see [`Field::is_error_message`]), so
/// `message` is reserved only in errors without one.
const BUILDER_METHODS: &[&str] = &["build", "builder"];
const ERROR_METHODS: &[&str] = &["meta", "fault", "http_status", "code", "request_id"];

/// The methods a structure member gives: its getter `name` on the structure, and `name`,
/// `set_name` and `get_name` on the builder (one scope holds both).
fn setters(name: &str) -> Vec<String> {
    vec![
        name.to_string(),
        format!("set_{name}"),
        format!("get_{name}"),
    ]
}

/// Decides each generated shape's module and Rust name, and each structure's builder name.
/// Operation inputs and outputs used by exactly one operation (and nothing else) get an
/// empty name here: they are emitted as `<Operation>Input` / `<Operation>Output` in the
/// operation's module. In each module the shapes take their names first, in shape id order,
/// then the builders (`<Name>Builder`), so a model name moves only for another model name.
/// Two shapes of the same name (ignoring case) are an error, as in Smithy's service closure
/// (the service's `rename` resolves it); names that differ only in Rust take a suffix.
pub(super) fn place_shapes(model: &Model, selection: &Selection) -> Result<Homes> {
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
    let mut smithy_names: BTreeMap<String, &str> = BTreeMap::new();
    let mut scopes: BTreeMap<Module, Scope> = BTreeMap::new();
    let mut homes = Homes::default();
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
            let smithy_name = renames
                .get(id)
                .map_or_else(|| local_name(id), String::as_str);
            if let Some(other) = smithy_names.insert(smithy_name.to_lowercase(), id) {
                return Err(Error::shape(
                    id,
                    format!("its name `{smithy_name}` is also that of `{other}` in this service; give one of them another name with the service's `rename`"),
                )
                .at(shape_path(id)));
            }
            scopes
                .entry(module.clone())
                .or_insert_with(|| Scope::new("Value", module_items(&module)))
                .claim_one(&type_name(smithy_name))
        };
        homes.shapes.insert(id.clone(), (module, name));
    }
    for (id, (module, name)) in &homes.shapes {
        if !name.is_empty() && model.shape(id).ty == ShapeType::Structure {
            let scope = scopes.get_mut(module).expect("the module of a named shape");
            let builder = scope.claim_one(&format!("{name}Builder"));
            homes.builders.insert(id.clone(), builder);
        }
    }
    Ok(homes)
}

/// The names a module's generated items take before the model's shapes.
fn module_items(module: &Module) -> &'static [&'static str] {
    match module {
        Module::Error => &["AnyError"],
        _ => &[],
    }
}

/// Where the named shapes live, and the builders' names.
#[derive(Debug, Default)]
pub(super) struct Homes {
    /// Shape id -> module and Rust name (empty for an operation's own input or output).
    pub shapes: BTreeMap<String, (Module, String)>,
    /// Structure id -> its builder's name.
    pub builders: BTreeMap<String, String>,
}

/// Names a structure's fields so that each field's getter and setters are free on the
/// structure and its builder. `fields` carry the snake-case stem of their member name in
/// `method`.
pub(super) fn name_fields(fields: &mut [Field], error: bool) {
    let message = fields
        .iter()
        .position(Field::is_error_message)
        .filter(|_| error);
    let reserved: Vec<&str> = TRAIT_METHODS
        .iter()
        .chain(BUILDER_METHODS)
        .chain(if error { ERROR_METHODS } else { &[] })
        .chain((error && message.is_none()).then_some(&"message"))
        .copied()
        .collect();
    let mut scope = Scope::new("_value", &reserved);
    // The message member claims first, so it keeps the name `message()` reads.
    let order = message
        .into_iter()
        .chain((0..fields.len()).filter(|i| Some(*i) != message));
    for i in order {
        let f = &mut fields[i];
        f.method = scope.claim(&f.method, setters);
        f.name = escape_keyword(f.method.clone());
    }
}

/// Names the fields of a structure whose setters are named like its fields (the endpoint
/// `Params`), from their names in the model.
pub fn name_setters<'a>(fields: impl Iterator<Item = (&'a str, &'a mut String)>) {
    let mut scope = Scope::new("_value", TRAIT_METHODS);
    for (name, field) in fields {
        *field = escape_keyword(scope.claim_one(&snake_name(name)));
    }
}

/// Names a union's variants (`Unknown` is the generated one) and their `as_` / `is_`
/// helpers (`is_unknown` is generated), each in its own scope. `variants` carry the
/// preferred variant name in `name` and the member's snake-case stem in `method`.
pub(super) fn name_union_variants(variants: &mut [Field]) {
    let mut names = Scope::new("Value", &["Unknown"]);
    let reserved: Vec<String> = TRAIT_METHODS
        .iter()
        .map(|m| m.to_string())
        .chain(Some("is_unknown".to_string()))
        .collect();
    let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
    let mut helpers = Scope::new("_value", &reserved);
    for v in variants {
        v.name = names.claim_one(&v.name);
        v.method = helpers.claim(&v.method, |n| vec![format!("as_{n}"), format!("is_{n}")]);
    }
}

/// Names enum variants (`Unknown` is the generated one).
pub(super) fn name_enum_variants<'a>(variants: impl Iterator<Item = &'a mut String>) {
    let mut names = Scope::new("Value", &["Unknown"]);
    for v in variants {
        *v = names.claim_one(v);
    }
}

/// The operations' module names (unique in `crate::operation`) and client method names
/// (beside the clients' own `new`, `config`, `send` and trait methods), in model order.
pub(super) fn name_operations(krate: &mut Crate) {
    let mut modules = Scope::new("_value", &[]);
    let client_reserved: Vec<&str> = ["new", "config", "send"]
        .iter()
        .chain(TRAIT_METHODS)
        .copied()
        .collect();
    let mut methods = Scope::new("_operation", &client_reserved);
    for op in &mut krate.operations {
        op.module = modules.claim_one(&op.module);
        op.method = methods.claim_one(&op.module);
        // An input or output of this operation alone lives in its module.
        for (id, role) in [(&op.input, "input"), (&op.output, "output")] {
            let s = krate.structs.get_mut(id).expect("lowered");
            if let Module::Operation(module) = &mut s.module {
                module.clone_from(&op.module);
                if s.doc.is_empty() {
                    s.doc = format!("The {role} of [`{0}`](struct@{0}).", op.type_name);
                }
            }
        }
    }
}

/// Names each operation's error variants (`Unhandled` is the generated one) and their
/// `is_` predicates (`is_unhandled` is generated).
pub(super) fn name_operation_errors(krate: &mut Crate) {
    for op in &mut krate.operations {
        let mut variants = Scope::new("Value", &["Unhandled"]);
        let mut predicates = Scope::new("_value", &["is_unhandled"]);
        for e in &mut op.errors {
            let name = &krate.structs[&e.id].name;
            e.variant = variants.claim_one(name);
            let stem = predicates.claim(&snake_name(&e.variant), |n| vec![format!("is_{n}")]);
            e.predicate = format!("is_{stem}");
        }
    }
}

/// Names the per-shape codec functions after the item's module and name (`error_` before
/// errors' names), unique across the crate.
pub(super) fn name_functions(krate: &mut Crate) {
    let structs = krate
        .structs
        .values_mut()
        .map(|s| (&s.module, &s.name, &mut s.fn_name));
    let unions = krate
        .unions
        .values_mut()
        .map(|u| (&Module::Types, &u.name, &mut u.fn_name));
    let mut scope = Scope::new("_value", &[]);
    for (module, name, fn_name) in structs.chain(unions) {
        let snake = snake_name(name);
        let stem = match module {
            Module::Error => format!("error_{snake}"),
            _ => snake,
        };
        *fn_name = scope.claim_one(&stem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_never_take_a_trait_methods_name() {
        let mut fields = [
            ("Region", String::new()),
            ("Clone", String::new()),
            ("type", String::new()),
            ("CLONE_VALUE", String::new()),
        ];
        name_setters(fields.iter_mut().map(|(n, f)| (*n, f)));
        let names: Vec<&str> = fields.iter().map(|(_, f)| f.as_str()).collect();
        assert_eq!(
            names,
            ["region", "clone_value", "r#type", "clone_value_value"]
        );
    }
}
