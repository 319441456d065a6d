//! One side of the comparison: a model lowered to the IR for the selected operations,
//! with its items indexed by Rust path and by the shape they come from.

use crate::error::Result;
use crate::ir::{self};
use crate::load::model::{local_name, Model, Shape};
use crate::select::{self, Operations, Selection};
use std::collections::{BTreeMap, BTreeSet};

pub(super) const UNIT: &str = "smithy.api#Unit";

/// One model's selected operations, lowered as codegen lowers them.
pub(super) struct Side<'m> {
    pub(super) model: &'m Model,
    pub(super) service: &'m Shape,
    pub(super) krate: ir::Crate,
    /// Operation ids, sorted by name, and their closure (operations excluded).
    pub(super) operations: Vec<String>,
    pub(super) shapes: BTreeSet<String>,
    /// The shape an operation's own input or output (`<operation>$Input`) is generated
    /// from (`smithy.api#Unit` when it has none); other items come from their key's shape.
    pub(super) sources: BTreeMap<String, String>,
    /// The Rust type of each shape a field reaches and of each item's shape, as the IR has
    /// them (`types::Foo`, `Vec<String>`, `operation::op::OpInput`).
    pub(super) types: BTreeMap<String, String>,
    /// What each item's shape becomes: `structure`, `union`, `enum`...
    pub(super) labels: BTreeMap<String, &'static str>,
    /// Shapes whose values are sent (reached from an input) and received (from an output
    /// or an error).
    pub(super) sent: BTreeSet<String>,
    pub(super) received: BTreeSet<String>,
}

impl<'m> Side<'m> {
    pub(super) fn of(
        model: &'m Model,
        service: Option<&str>,
        wanted: &Operations,
    ) -> Result<Side<'m>> {
        let svc = select::find_service(model, service)?;
        let bound = select::service_operations(model, svc);
        // The protocol is checked with the lowering below; here it only says what the
        // operations can carry.
        let rest = ir::choose_protocol(svc, None).is_ok_and(|p| p.is_rest());
        let present = |n: &&String| {
            bound.contains(n.as_str()) || bound.iter().any(|id| local_name(id) == n.as_str())
        };
        let selection = match wanted {
            Operations::All if !bound.is_empty() => Some(select::select(model, svc, wanted, rest)?),
            Operations::Named(names) if names.iter().any(|n| present(&n)) => {
                let names = names.iter().filter(present).cloned().collect();
                Some(select::select(model, svc, &Operations::Named(names), rest)?)
            }
            _ => None,
        };
        let selection = selection.unwrap_or_else(|| Selection {
            service: svc.id.clone(),
            operations: Vec::new(),
            shapes: BTreeSet::new(),
            skipped: Vec::new(),
        });
        let krate = ir::lower(model, &selection, None)?;
        let mut sources = BTreeMap::new();
        for op in &krate.operations {
            let rel = &model.shape(&op.id).relations;
            for (key, shape) in [(&op.input, &rel.input), (&op.output, &rel.output)] {
                sources.insert(
                    key.clone(),
                    shape.clone().unwrap_or_else(|| UNIT.to_string()),
                );
            }
        }
        let source = |key: &str| sources.get(key).map_or(key, String::as_str).to_string();
        let fields = |key: &str| {
            krate
                .structs
                .get(key)
                .map(|s| &s.fields)
                .or_else(|| krate.unions.get(key).map(|u| &u.variants))
        };
        let mut types = BTreeMap::new();
        for f in krate
            .structs
            .values()
            .flat_map(|s| &s.fields)
            .chain(krate.unions.values().flat_map(|u| &u.variants))
        {
            f.ty.visit(&mut |t| {
                types
                    .entry(t.shape.clone())
                    .or_insert_with(|| t.to_string());
            });
        }
        let mut labels = BTreeMap::new();
        for item in items(&krate, &source) {
            if item.source != UNIT {
                types.insert(item.source.clone(), item.path.clone());
                labels.insert(item.source.clone(), item.label());
            }
        }
        // Every error counts as received here, those the emitters parse with the metadata too.
        let reach = ir::Reach::of(&krate, |_| true);
        let reached = |keys: &BTreeSet<String>| {
            let mut out = BTreeSet::new();
            for key in keys {
                out.insert(source(key));
                for f in fields(key).into_iter().flatten() {
                    f.ty.visit(&mut |t| {
                        out.insert(t.shape.clone());
                    });
                }
            }
            out
        };
        let (sent, received) = (reached(&reach.sent), reached(&reach.received));
        Ok(Side {
            model,
            service: svc,
            operations: selection.operations,
            shapes: selection.shapes,
            sources,
            types,
            labels,
            sent,
            received,
            krate,
        })
    }

    pub(super) fn source<'a>(&'a self, key: &'a str) -> &'a str {
        self.sources.get(key).map_or(key, String::as_str)
    }

    /// The Rust type of a shape's values, or the path of the item it becomes.
    pub(super) fn rust_type<'a>(&'a self, id: &'a str) -> &'a str {
        self.types.get(id).map_or(id, String::as_str)
    }

    /// The path of the structure an operation's input or output is.
    pub(super) fn io_path(&self, key: &str) -> String {
        self.krate
            .structs
            .get(key)
            .map_or_else(|| key.to_string(), |s| item_path(&s.module, &s.name))
    }
}

/// A structure, union or enum of the generated crate.
pub(super) struct Item<'k> {
    /// Its Rust path from the crate root (`types::Foo`).
    pub(super) path: String,
    /// The shape it is generated from.
    pub(super) source: String,
    pub(super) def: Def<'k>,
}

#[derive(Clone, Copy)]
pub(super) enum Def<'k> {
    Struct(&'k ir::Struct),
    Union(&'k ir::Union),
    Enum(&'k ir::Enum),
}

impl Item<'_> {
    pub(super) fn label(&self) -> &'static str {
        match self.def {
            Def::Struct(s) if s.error.is_some() => "error structure",
            Def::Struct(_) => "structure",
            Def::Union(_) => "union",
            Def::Enum(e) if e.int => "int enum",
            Def::Enum(_) => "enum",
        }
    }
}

pub(super) fn items<'k>(krate: &'k ir::Crate, source: &impl Fn(&str) -> String) -> Vec<Item<'k>> {
    let structs = krate
        .structs
        .values()
        .map(|s| (item_path(&s.module, &s.name), source(&s.id), Def::Struct(s)));
    let unions = krate.unions.values().map(|u| {
        (
            item_path(&ir::Module::Types, &u.name),
            u.id.clone(),
            Def::Union(u),
        )
    });
    let enums = krate.enums.values().map(|e| {
        (
            item_path(&ir::Module::Types, &e.name),
            e.id.clone(),
            Def::Enum(e),
        )
    });
    structs
        .chain(unions)
        .chain(enums)
        .map(|(path, source, def)| Item { path, source, def })
        .collect()
}

/// `types::Foo`: an item's path from the crate root, as [`ir::Ty`] prints it.
pub(super) fn item_path(module: &ir::Module, name: &str) -> String {
    let path = format!("{}::{name}", module.path());
    path.strip_prefix("crate::").unwrap_or(&path).to_string()
}
