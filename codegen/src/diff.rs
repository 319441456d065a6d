//! Model comparison: what changed between two models for the selected operations, and
//! what each change means for the generated Rust API.
//!
//! [`diff`] is a pure function of two loaded models and an operation selection. Each
//! model is lowered to the IR as `codegen` lowers it (the same selection and closure, the
//! same Rust names, paths and types; an operation present in only one of them is *added*
//! or *removed*), and every difference becomes a [`Change`] classified as:
//!
//! - [`Kind::Breaking`]: code written against the old generated crate may stop compiling
//!   or a call that used to be accepted is now rejected: a public item is removed or its
//!   type changes, or something becomes required.
//! - [`Kind::Additive`]: the regenerated crate stays compatible (new optional members,
//!   operations, errors and enum values: structs, enums and error enums are
//!   `#[non_exhaustive]`), including wire-only changes (HTTP status codes, timestamp
//!   formats, endpoint rules, `@sensitive`, which only changes `Debug` output).
//! - [`Kind::DocsOnly`]: only `smithy.api#documentation`, `smithy.api#examples` or
//!   `smithy.api#externalDocumentation` differ (and the `documentation` strings inside
//!   the endpoint rule set and tests).
//!
//! Items are matched by their Rust path (an operation's own input keeps its path when its
//! shape is renamed), fields and union variants by member name, enum variants by their
//! Rust name; every Rust type in the report is the IR's. The IR decides the rules for
//! fields: a required member is a plain field (`T`) and must be set on the builder, an
//! optional one is `Option<T>`, a `@default` member is a plain field the builder fills in
//! (an optional one in an `@input` structure). So for a structure that is *sent* (reached
//! from an operation input) the question is "must callers set something new?", and for
//! one that is *received* (reached from an output or error) it is "does a field's type
//! change?". What the IR does not carry is read from the model's shapes by id:
//! documentation, the `@length`, `@range` and `@pattern` traits, endpoint rules and other
//! traits. Constraint changes matter only where values are validated, that is in sent
//! shapes: tightening there is breaking, loosening is additive. A pattern change is
//! classified as loosened or tightened only when that can be decided mechanically (the
//! patterns differ only in the items of character classes); otherwise it is reported as an
//! additive "constraint changed" for a human to review.

use crate::error::{Error, Result};
use crate::ir::{self, Presence, TyKind};
use crate::load::model::{local_name, namespace, traits, Model, Shape, Traits};
use crate::select::{self, Operations, Selection};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const EXAMPLES: &str = "smithy.api#examples";
const EXTERNAL_DOCUMENTATION: &str = "smithy.api#externalDocumentation";
const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";

/// How a change affects code written against the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Breaking,
    Additive,
    DocsOnly,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Additive => "additive",
            Kind::DocsOnly => "docs-only",
        }
    }
}

/// One difference between the models.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub kind: Kind,
    /// Absolute shape id: a shape or operation (`ns#Name`), a member or enum value
    /// (`ns#Name$member`), or the service.
    pub subject: String,
    /// What changed, in words; names in the service's namespace are written without it.
    pub what: String,
}

/// Everything that differs for the selected operations, sorted by kind, then subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The service id (of the new model).
    pub service: String,
    /// Names of the operations compared, as selected in the old and in the new model.
    pub old_operations: Vec<String>,
    pub new_operations: Vec<String>,
    /// Number of shapes in each model's closure (operations and the service excluded).
    pub old_shapes: usize,
    pub new_shapes: usize,
    /// Every change, documentation-only ones included.
    pub changes: Vec<Change>,
    /// How many of `changes` are [`Kind::DocsOnly`].
    pub docs_changes: usize,
}

/// How to render a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Render<'a> {
    /// List documentation-only changes (they are always counted).
    pub docs: bool,
    /// Names of the compared files, shown in the header when not empty.
    pub old_name: &'a str,
    pub new_name: &'a str,
}

impl Report {
    pub fn count(&self, kind: Kind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.kind == Kind::Breaking)
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }

    /// The human-readable report.
    pub fn text(&self, render: &Render<'_>) -> String {
        let ns = namespace(&self.service);
        let short = |id: &str| shorten(ns, id).to_string();
        let mut out = String::new();
        if !render.old_name.is_empty() || !render.new_name.is_empty() {
            out.push_str(&format!("Model diff: {} -> {}\n", render.old_name, render.new_name));
        }
        out.push_str(&format!("Service: {}\n", self.service));
        let ops = |list: &[String]| {
            if list.len() <= 8 {
                format!("{} ({})", list.len(), list.join(", "))
            } else {
                list.len().to_string()
            }
        };
        if self.old_operations == self.new_operations {
            out.push_str(&format!("Operations: {}\n", ops(&self.new_operations)));
        } else {
            out.push_str(&format!("Operations: {} -> {}\n", ops(&self.old_operations), ops(&self.new_operations)));
        }
        out.push_str(&format!("Shapes in the closure: {} -> {}\n", self.old_shapes, self.new_shapes));
        for (kind, title) in [(Kind::Breaking, "Breaking"), (Kind::Additive, "Additive")] {
            let n = self.count(kind);
            out.push_str(&format!("\n{title} changes: {n}\n"));
            for c in self.of_kind(kind) {
                out.push_str(&format!("  {}: {}\n", short(&c.subject), c.what));
            }
        }
        if render.docs {
            out.push_str(&format!("\nDocumentation-only changes: {}\n", self.docs_changes));
            for c in self.of_kind(Kind::DocsOnly) {
                out.push_str(&format!("  {}: {}\n", short(&c.subject), c.what));
            }
        } else if self.docs_changes > 0 {
            out.push_str(&format!(
                "\nDocumentation-only changes: {} (not listed; use --docs to list them)\n",
                self.docs_changes
            ));
        } else {
            out.push_str("\nDocumentation-only changes: 0\n");
        }
        let verdict = if self.has_breaking() {
            "BREAKING: code using the generated crate may need changes after regenerating"
        } else {
            "compatible: nothing breaking for the generated Rust API"
        };
        out.push_str(&format!("\nResult: {verdict}\n"));
        out
    }

    /// The report as JSON, for tools. Documentation-only changes are in `changes` only
    /// when `render.docs` is set; `summary.docs_only` always counts them.
    pub fn json(&self, render: &Render<'_>) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .filter(|c| render.docs || c.kind != Kind::DocsOnly)
            .map(|c| json!({ "kind": c.kind.as_str(), "subject": c.subject, "what": c.what }))
            .collect();
        let mut v = serde_json::Map::new();
        if !render.old_name.is_empty() || !render.new_name.is_empty() {
            v.insert("old".into(), Value::from(render.old_name));
            v.insert("new".into(), Value::from(render.new_name));
        }
        let rest = json!({
            "service": self.service,
            "operations": { "old": self.old_operations, "new": self.new_operations },
            "shapes": { "old": self.old_shapes, "new": self.new_shapes },
            "summary": {
                "breaking": self.count(Kind::Breaking),
                "additive": self.count(Kind::Additive),
                "docs_only": self.docs_changes,
            },
            "breaking": self.has_breaking(),
            "changes": changes,
        });
        if let Value::Object(rest) = rest {
            v.extend(rest);
        }
        Value::Object(v)
    }

    /// [`Report::json`], pretty-printed with a trailing newline.
    pub fn json_string(&self, render: &Render<'_>) -> String {
        let mut s = serde_json::to_string_pretty(&self.json(render)).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// `ns#Name` -> `Name` when `ns` is the service's namespace.
fn shorten<'a>(ns: &str, id: &'a str) -> &'a str {
    match id.split_once('#') {
        Some((n, rest)) if n == ns => rest,
        _ => id,
    }
}

/// Compares `old` and `new` for the selected operations of `service` (an id or a name;
/// `None` when each model has exactly one service). A named operation missing from one
/// model is an added or removed operation, not an error; one missing from both is an
/// error (a misspelt name would otherwise compare nothing). So is a model that codegen
/// cannot lower (an unsupported protocol, say): the error names the side.
pub fn diff(old: &Model, new: &Model, service: Option<&str>, operations: &Operations) -> Result<Report> {
    let old_side = Side::of(old, service, operations).map_err(|e| e.in_file("the old model"))?;
    let new_side = Side::of(new, service, operations).map_err(|e| e.in_file("the new model"))?;
    if let Operations::Named(names) = operations {
        let known = |n: &String| {
            old_side.operations.iter().chain(&new_side.operations).any(|id| id == n || local_name(id) == n.as_str())
        };
        let unknown: Vec<&str> = names.iter().filter(|n| !known(n)).map(String::as_str).collect();
        if !unknown.is_empty() {
            return Err(Error::shape(
                &new_side.krate.service.id,
                format!("has no operation `{}` in either model", unknown.join("`, `")),
            ));
        }
    }
    let mut d = Differ {
        old: &old_side,
        new: &new_side,
        ns: namespace(&new_side.krate.service.id).to_string(),
        changes: Vec::new(),
    };
    d.service();
    d.operations();
    d.items();
    d.shapes();
    let mut changes = d.changes;
    changes.sort();
    changes.dedup();
    let names = |side: &Side<'_>| side.operations.iter().map(|id| local_name(id).to_string()).collect::<Vec<_>>();
    Ok(Report {
        service: new_side.krate.service.id.clone(),
        old_operations: names(&old_side),
        new_operations: names(&new_side),
        old_shapes: old_side.shapes.len(),
        new_shapes: new_side.shapes.len(),
        docs_changes: changes.iter().filter(|c| c.kind == Kind::DocsOnly).count(),
        changes,
    })
}

const UNIT: &str = "smithy.api#Unit";

/// One model's selected operations, lowered as codegen lowers them.
struct Side<'m> {
    model: &'m Model,
    service: &'m Shape,
    krate: ir::Crate,
    /// Operation ids, sorted by name, and their closure (operations excluded).
    operations: Vec<String>,
    shapes: BTreeSet<String>,
    /// The shape an operation's own input or output (`<operation>$Input`) is generated
    /// from (`smithy.api#Unit` when it has none); other items come from their key's shape.
    sources: BTreeMap<String, String>,
    /// The Rust type of each shape a field reaches and of each item's shape, as the IR has
    /// them (`types::Foo`, `Vec<String>`, `operation::op::OpInput`).
    types: BTreeMap<String, String>,
    /// What each item's shape becomes: `structure`, `union`, `enum`...
    labels: BTreeMap<String, &'static str>,
    /// Shapes whose values are sent (reached from an input) and received (from an output
    /// or an error).
    sent: BTreeSet<String>,
    received: BTreeSet<String>,
}

impl<'m> Side<'m> {
    fn of(model: &'m Model, service: Option<&str>, wanted: &Operations) -> Result<Side<'m>> {
        let svc = select::find_service(model, service)?;
        let bound = select::service_operations(model, svc);
        let present = |n: &&String| bound.contains(n.as_str()) || bound.iter().any(|id| local_name(id) == n.as_str());
        let selection = match wanted {
            Operations::All if !bound.is_empty() => Some(select::select(model, svc, wanted)?),
            Operations::Named(names) if names.iter().any(|n| present(&n)) => {
                let names = names.iter().filter(present).cloned().collect();
                Some(select::select(model, svc, &Operations::Named(names))?)
            }
            _ => None,
        };
        let selection = selection.unwrap_or_else(|| Selection { service: svc.id.clone(), operations: Vec::new(), shapes: BTreeSet::new() });
        let krate = ir::lower(model, &selection)?;
        let mut sources = BTreeMap::new();
        for op in &krate.operations {
            let rel = &model.shape(&op.id).relations;
            for (key, shape) in [(&op.input, &rel.input), (&op.output, &rel.output)] {
                sources.insert(key.clone(), shape.clone().unwrap_or_else(|| UNIT.to_string()));
            }
        }
        let source = |key: &str| sources.get(key).map_or(key, String::as_str).to_string();
        let fields = |key: &str| krate.structs.get(key).map(|s| &s.fields).or_else(|| krate.unions.get(key).map(|u| &u.variants));
        let mut types = BTreeMap::new();
        for f in krate.structs.values().flat_map(|s| &s.fields).chain(krate.unions.values().flat_map(|u| &u.variants)) {
            f.ty.visit(&mut |t| {
                types.entry(t.shape.clone()).or_insert_with(|| t.to_string());
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

    fn source<'a>(&'a self, key: &'a str) -> &'a str {
        self.sources.get(key).map_or(key, String::as_str)
    }

    /// The Rust type of a shape's values, or the path of the item it becomes.
    fn rust_type<'a>(&'a self, id: &'a str) -> &'a str {
        self.types.get(id).map_or(id, String::as_str)
    }

    /// The path of the structure an operation's input or output is.
    fn io_path(&self, key: &str) -> String {
        self.krate.structs.get(key).map_or_else(|| key.to_string(), |s| item_path(&s.module, &s.name))
    }
}

/// A structure, union or enum of the generated crate.
struct Item<'k> {
    /// Its Rust path from the crate root (`types::Foo`).
    path: String,
    /// The shape it is generated from.
    source: String,
    def: Def<'k>,
}

#[derive(Clone, Copy)]
enum Def<'k> {
    Struct(&'k ir::Struct),
    Union(&'k ir::Union),
    Enum(&'k ir::Enum),
}

impl Item<'_> {
    fn label(&self) -> &'static str {
        match self.def {
            Def::Struct(s) if s.error.is_some() => "error structure",
            Def::Struct(_) => "structure",
            Def::Union(_) => "union",
            Def::Enum(e) if e.int => "int enum",
            Def::Enum(_) => "enum",
        }
    }
}

fn items<'k>(krate: &'k ir::Crate, source: &impl Fn(&str) -> String) -> Vec<Item<'k>> {
    let structs = krate.structs.values().map(|s| (item_path(&s.module, &s.name), source(&s.id), Def::Struct(s)));
    let unions = krate.unions.values().map(|u| (item_path(&ir::Module::Types, &u.name), u.id.clone(), Def::Union(u)));
    let enums = krate.enums.values().map(|e| (item_path(&ir::Module::Types, &e.name), e.id.clone(), Def::Enum(e)));
    structs.chain(unions).chain(enums).map(|(path, source, def)| Item { path, source, def }).collect()
}

/// `types::Foo`: an item's path from the crate root, as [`ir::Ty`] prints it.
fn item_path(module: &ir::Module, name: &str) -> String {
    let path = format!("{}::{name}", module.path());
    path.strip_prefix("crate::").unwrap_or(&path).to_string()
}

/// Where a shape's values go, in either model.
#[derive(Debug, Clone, Copy)]
struct Role {
    sent: bool,
    received: bool,
}

const NO_ROLE: Role = Role { sent: false, received: false };

struct Differ<'a, 'm> {
    old: &'a Side<'m>,
    new: &'a Side<'m>,
    ns: String,
    changes: Vec<Change>,
}

impl<'a> Differ<'a, '_> {
    fn push(&mut self, kind: Kind, subject: &str, what: impl Into<String>) {
        self.changes.push(Change { kind, subject: subject.to_string(), what: what.into() });
    }

    fn short<'s>(&self, id: &'s str) -> &'s str {
        shorten(&self.ns, id)
    }

    /// The role of a shape of the old model and of its counterpart in the new one.
    fn role(&self, old: &str, new: &str) -> Role {
        Role {
            sent: self.old.sent.contains(old) || self.new.sent.contains(new),
            received: self.old.received.contains(old) || self.new.received.contains(new),
        }
    }

    fn service(&mut self) {
        let (o, n) = (&self.old.krate.service, &self.new.krate.service);
        let subject = n.id.clone();
        if o.id != n.id {
            let what = format!("service changed from `{}` to `{}` (the X-Amz-Target prefix changes)", o.id, n.id);
            self.push(Kind::Breaking, &subject, what);
        }
        if o.version != n.version {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
            let what = format!("API version changed from {} to {} (API_VERSION)", show(&o.version), show(&n.version));
            self.push(Kind::Additive, &subject, what);
        }
        if o.protocol != n.protocol {
            let what = format!("protocol: the generated protocol changes from {} to {}", protocol_name(o.protocol), protocol_name(n.protocol));
            self.push(Kind::Breaking, &subject, what);
        }
        let (o, n) = (self.old.service, self.new.service);
        self.errors(&subject, &o.relations.errors, &n.relations.errors, "service error (every operation's error enum)");
        if o.relations.rename != n.relations.rename {
            self.push(Kind::Breaking, &subject, "the service's `rename` map changed (Rust names or error codes change)");
        }
        self.traits(&subject, &o.traits, &n.traits, NO_ROLE, &[]);
    }

    fn operations(&mut self) {
        let by_id = |side: &'a Side| side.krate.operations.iter().map(|op| (op.id.as_str(), op)).collect::<BTreeMap<_, _>>();
        let (old, new) = (by_id(self.old), by_id(self.new));
        let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for id in ids {
            match (old.get(id), new.get(id)) {
                (Some(_), None) => {
                    let why = if self.new.model.get(id).is_some() { "operation removed from the selection" } else { "operation removed" };
                    self.push(Kind::Breaking, id, format!("{why} (its module, input, output and error types go away)"));
                }
                (None, Some(_)) => self.push(Kind::Additive, id, "operation added"),
                (Some(o), Some(n)) => self.operation(o, n),
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, o: &ir::Operation, n: &ir::Operation) {
        let id = &n.id;
        let (old, new) = (self.old, self.new);
        for (label, a, b) in [("input", &o.input, &n.input), ("output", &o.output, &n.output)] {
            let (sa, sb) = (old.source(a), new.source(b));
            if sa != sb {
                let (ta, tb) = (old.io_path(a), new.io_path(b));
                let moved = format!("{label} changed from `{}` to `{}`", self.short(sa), self.short(sb));
                if ta != tb {
                    self.push(Kind::Breaking, id, format!("{moved} (Rust type `{ta}` -> `{tb}`)"));
                } else {
                    self.push(Kind::Additive, id, format!("{moved} (same Rust type `{ta}`)"));
                }
            }
        }
        // Service errors are in every operation's error enum; `service` reports them.
        let service_errors: BTreeSet<&String> = old.service.relations.errors.iter().chain(&new.service.relations.errors).collect();
        let own = |errors: &[String]| errors.iter().filter(|e| !service_errors.contains(e)).cloned().collect::<Vec<_>>();
        self.errors(id, &own(&o.errors), &own(&n.errors), "error");
        let mut skip: Vec<&str> = Vec::new();
        if o.signed != n.signed {
            skip = vec![traits::AUTH, traits::OPTIONAL_AUTH];
            if n.signed {
                self.push(Kind::Breaking, id, "auth: now signed with SigV4 (SIGNED = true): calls need credentials");
            } else {
                self.push(Kind::Additive, id, "auth: now sent unsigned (SIGNED = false; @optionalAuth / @auth([]))");
            }
        }
        self.traits(id, &old.model.shape(id).traits, &new.model.shape(id).traits, NO_ROLE, &skip);
    }

    fn errors(&mut self, subject: &str, old: &[String], new: &[String], label: &str) {
        let o: BTreeSet<&String> = old.iter().collect();
        let n: BTreeSet<&String> = new.iter().collect();
        for e in n.difference(&o) {
            let what = format!("{label} `{}` added (the error enum is #[non_exhaustive])", self.short(e));
            self.push(Kind::Additive, subject, what);
        }
        for e in o.difference(&n) {
            let what = format!("{label} `{}` removed (its error enum variant goes away)", self.short(e));
            self.push(Kind::Breaking, subject, what);
        }
    }

    /// The generated structures, unions and enums, matched by their Rust path and then by
    /// the shape they come from. Items from a shape both closures reach that is generated
    /// as something else on one side are `shapes`' to report (a type change).
    fn items(&mut self) {
        let (os, ns) = (self.old, self.new);
        let old_items = items(&os.krate, &|key| os.source(key).to_string());
        let mut new: BTreeMap<String, Item> = items(&ns.krate, &|key| ns.source(key).to_string()).into_iter().map(|i| (i.path.clone(), i)).collect();
        let mut pairs = Vec::new();
        let mut rest = Vec::new();
        for o in old_items {
            match new.remove(&o.path) {
                Some(n) => pairs.push((o, n)),
                None => rest.push(o),
            }
        }
        let mut new: BTreeMap<String, Item> = new.into_values().map(|i| (i.source.clone(), i)).collect();
        // Items of `smithy.api#Unit` (inputs and outputs of operations without one) are
        // neither matched by it nor reported.
        for o in rest.into_iter().filter(|o| o.source != UNIT) {
            match new.remove(&o.source) {
                Some(n) => pairs.push((o, n)),
                None if !ns.shapes.contains(&o.source) => {
                    let how = if ns.model.get(&o.source).is_some() { "no longer reached by the selection" } else { "shape removed" };
                    self.push(Kind::Breaking, &o.source, format!("{} `{}` removed ({how})", o.label(), o.path));
                }
                None => {}
            }
        }
        for n in new.into_values() {
            if n.source != UNIT && !os.shapes.contains(&n.source) {
                let how = if os.model.get(&n.source).is_some() { "now reached by the selection" } else { "new shape" };
                self.push(Kind::Additive, &n.source, format!("{} `{}` added ({how})", n.label(), n.path));
            }
        }
        for (o, n) in pairs {
            let role = self.role(&o.source, &n.source);
            let shapes = (os.model.shape(&o.source), ns.model.shape(&n.source));
            if o.source != n.source {
                // `shapes` compares the traits of the shapes both closures reach.
                self.traits(&n.source, &shapes.0.traits, &shapes.1.traits, role, &[]);
            }
            match (o.def, n.def) {
                (Def::Struct(a), Def::Struct(b)) => self.structure(shapes, a, b, role),
                (Def::Union(a), Def::Union(b)) => self.union(shapes, a, b, role),
                (Def::Enum(a), Def::Enum(b)) => self.enumeration(shapes, a, b),
                _ => {}
            }
        }
    }

    /// Fields of a structure: presence decides the field types and what `build()` needs.
    fn structure(&mut self, (os, ns): (&Shape, &Shape), o: &ir::Struct, n: &ir::Struct, role: Role) {
        let field = |f: &ir::Field| format!("field `{}: {}`", f.name, f.type_name());
        for g in n.fields.iter().filter(|g| o.fields.iter().all(|f| f.wire != g.wire)) {
            let subject = format!("{}${}", ns.id, g.wire);
            if g.presence == Presence::Required && role.sent {
                self.push(Kind::Breaking, &subject, format!("required member added ({}): callers must set it", field(g)));
            } else {
                self.push(Kind::Additive, &subject, format!("member added ({}, {})", describe(&g.presence), field(g)));
            }
        }
        for f in &o.fields {
            let Some(g) = n.fields.iter().find(|g| g.wire == f.wire) else {
                self.push(Kind::Breaking, &format!("{}${}", os.id, f.wire), format!("member removed ({})", field(f)));
                continue;
            };
            let subject = format!("{}${}", ns.id, g.wire);
            let presence = [traits::REQUIRED, traits::DEFAULT, traits::CLIENT_OPTIONAL];
            let skip: &[&str] = if f.presence != g.presence { &presence } else { &[] };
            self.field(&subject, (member_traits(os, f), member_traits(ns, g)), (f, g), role, skip);
            if f.presence != g.presence {
                let (fo, fnew) = (ir::Field { presence: f.presence.clone(), ..g.clone() }.type_name(), g.type_name());
                let type_changes = fo != fnew;
                let must_set = g.presence == Presence::Required && f.presence != Presence::Required;
                let breaking = (role.sent && must_set) || (role.received && type_changes);
                let mut what = format!("now {} (was {})", describe(&g.presence), describe(&f.presence));
                if type_changes {
                    what.push_str(&format!("; field type `{fo}` -> `{fnew}`"));
                }
                if must_set && role.sent {
                    what.push_str("; callers must set it");
                }
                self.push(if breaking { Kind::Breaking } else { Kind::Additive }, &subject, what);
            }
        }
        let fallible = |s: &ir::Struct| s.fields.iter().any(|f| f.presence == Presence::Required);
        if role.sent && fallible(o) != fallible(n) {
            let what = if fallible(n) {
                "builder: `build()` now returns a Result (the structure has required members)"
            } else {
                "builder: `build()` no longer returns a Result (no required member left)"
            };
            self.push(Kind::Breaking, &ns.id, what);
        }
    }

    fn union(&mut self, (os, ns): (&Shape, &Shape), o: &ir::Union, n: &ir::Union, role: Role) {
        let variant = |v: &ir::Field| match v.ty.kind {
            TyKind::Unit => format!("`{}`", v.name),
            _ => format!("`{}({})`", v.name, v.value_type_name()),
        };
        for g in n.variants.iter().filter(|g| o.variants.iter().all(|f| f.wire != g.wire)) {
            let what = format!("variant added ({}; the union is #[non_exhaustive])", variant(g));
            self.push(Kind::Additive, &format!("{}${}", ns.id, g.wire), what);
        }
        for f in &o.variants {
            match n.variants.iter().find(|g| g.wire == f.wire) {
                None => self.push(Kind::Breaking, &format!("{}${}", os.id, f.wire), format!("variant removed ({})", variant(f))),
                Some(g) => self.field(&format!("{}${}", ns.id, g.wire), (member_traits(os, f), member_traits(ns, g)), (f, g), role, &[]),
            }
        }
    }

    /// What a structure's field and a union's variant share: the Rust name, the target,
    /// boxing and the member's traits.
    fn field(&mut self, subject: &str, (otr, ntr): (&Traits, &Traits), (f, g): (&ir::Field, &ir::Field), role: Role, skip: &[&str]) {
        if f.name != g.name {
            self.push(Kind::Breaking, subject, format!("Rust name changed from `{}` to `{}`", f.name, g.name));
        }
        self.member_target(subject, &f.ty.shape, &g.ty.shape, otr, ntr, role);
        if f.boxed != g.boxed {
            let why = if g.boxed { "now boxed (it holds a recursive reference)" } else { "no longer boxed" };
            self.push(Kind::Breaking, subject, format!("{why}: `{}` -> `{}`", f.value_type_name(), g.value_type_name()));
        }
        self.traits(subject, otr, ntr, role, skip);
    }

    /// Members of lists and maps.
    fn members(&mut self, o: &Shape, n: &Shape, role: Role) {
        for nm in n.members.iter().filter(|nm| o.member(&nm.name).is_none()) {
            let what = format!("member added (`{}`)", self.new.rust_type(&nm.target));
            self.push(Kind::Additive, &format!("{}${}", n.id, nm.name), what);
        }
        for om in &o.members {
            let subject = format!("{}${}", o.id, om.name);
            let Some(nm) = n.member(&om.name) else {
                self.push(Kind::Breaking, &subject, "member removed");
                continue;
            };
            self.member_target(&subject, &om.target, &nm.target, &om.traits, &nm.traits, role);
            self.traits(&subject, &om.traits, &nm.traits, role, &[]);
        }
    }

    /// A member pointing at another shape: breaking when the Rust type changes; when it
    /// does not, the constraints the member ends up with are compared.
    fn member_target(&mut self, subject: &str, ot: &str, nt: &str, otr: &Traits, ntr: &Traits, role: Role) {
        if ot == nt {
            return;
        }
        let (to, tn) = (self.old.rust_type(ot), self.new.rust_type(nt));
        let moved = format!("retargeted from `{}` to `{}`", self.short(ot), self.short(nt));
        if to != tn {
            self.push(Kind::Breaking, subject, format!("{moved} (Rust type `{to}` -> `{tn}`)"));
            return;
        }
        self.push(Kind::Additive, subject, format!("{moved} (same Rust type `{to}`)"));
        let effective = |model: &Model, target: &str, member: &Traits| -> Traits {
            let mut t = model.get(target).map(|s| s.traits.clone()).unwrap_or_default();
            for (k, v) in member {
                t.insert(k.clone(), v.clone());
            }
            t.retain(|k, _| [traits::LENGTH, traits::RANGE, traits::PATTERN].contains(&k.as_str()));
            t
        };
        let eo = effective(self.old.model, ot, otr);
        let en = effective(self.new.model, nt, ntr);
        self.traits(subject, &eo, &en, role, &[]);
    }

    /// Enum variants, matched by their Rust name.
    fn enumeration(&mut self, (os, ns): (&Shape, &Shape), o: &ir::Enum, n: &ir::Enum) {
        let show = |v: &ir::EnumValue| match v {
            ir::EnumValue::String(s) => compact(&Value::from(s.as_str())),
            ir::EnumValue::Int(i) => i.to_string(),
        };
        for v in &n.variants {
            let subject = format!("{}${}", ns.id, v.member);
            match o.variants.iter().find(|w| w.name == v.name) {
                None => self.push(Kind::Additive, &subject, format!("enum value added: {} (the enum is #[non_exhaustive])", show(&v.value))),
                Some(w) => {
                    if w.value != v.value {
                        self.push(Kind::Breaking, &subject, format!("enum value changed from {} to {}", show(&w.value), show(&v.value)));
                    }
                    let (a, b) = (enum_member_traits(os, &w.member), enum_member_traits(ns, &v.member));
                    self.traits(&subject, &a, &b, NO_ROLE, &[traits::ENUM_VALUE]);
                }
            }
        }
        for w in o.variants.iter().filter(|w| n.variants.iter().all(|v| v.name != w.name)) {
            let what = format!("enum value removed: {} (its variant goes away)", show(&w.value));
            self.push(Kind::Breaking, &format!("{}${}", os.id, w.member), what);
        }
    }

    /// The shapes both closures reach: what they are generated as, the members of lists
    /// and maps, and every shape's traits.
    fn shapes(&mut self) {
        let (os, ns) = (self.old, self.new);
        for id in os.shapes.intersection(&ns.shapes) {
            let (o, n) = (os.model.shape(id), ns.model.shape(id));
            let role = self.role(id, id);
            let (to, tn) = (os.rust_type(id), ns.rust_type(id));
            let (lo, ln) = (os.labels.get(id), ns.labels.get(id));
            let change = format!("type changed from {} to {}", o.ty.name(), n.ty.name());
            if to != tn {
                self.push(Kind::Breaking, id, format!("{change} (Rust type `{to}` -> `{tn}`)"));
            } else if lo != ln {
                let (lo, ln) = (lo.copied().unwrap_or("value"), ln.copied().unwrap_or("value"));
                self.push(Kind::Breaking, id, format!("{change} (Rust item `{tn}`: {lo} -> {ln})"));
            } else if o.ty != n.ty {
                self.push(Kind::Additive, id, format!("{change} (same Rust type `{to}`)"));
            }
            if lo.is_none() && ln.is_none() {
                self.members(o, n, role);
            }
            // Enum values (Smithy 1.0 `@enum` too) are compared by `items`.
            self.traits(id, &o.traits, &n.traits, role, &[traits::ENUM]);
        }
    }

    /// Trait-by-trait comparison of a shape, member or operation.
    fn traits(&mut self, subject: &str, old: &Traits, new: &Traits, role: Role, skip: &[&str]) {
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let (a, b) = (old.get(key), new.get(key));
            if a == b {
                continue;
            }
            let k = key.as_str();
            match k {
                traits::DOCUMENTATION | EXAMPLES | EXTERNAL_DOCUMENTATION => {
                    let label = match k {
                        traits::DOCUMENTATION => "documentation",
                        EXAMPLES => "examples",
                        _ => "external documentation",
                    };
                    self.push(Kind::DocsOnly, subject, format!("{label} {}", added_removed_changed(a, b)));
                }
                traits::LENGTH | traits::RANGE => self.bounds(subject, k, a, b, role),
                traits::PATTERN => self.pattern(subject, a, b, role),
                traits::SENSITIVE => {
                    let what = if b.is_some() {
                        "now @sensitive: Debug output redacts it"
                    } else {
                        "no longer @sensitive: Debug output shows it"
                    };
                    self.push(Kind::Additive, subject, what);
                }
                traits::ERROR => match (a, b) {
                    (Some(a), Some(b)) => {
                        self.push(Kind::Additive, subject, format!("error fault changed from {} to {}", compact(a), compact(b)))
                    }
                    (None, _) => self.push(Kind::Breaking, subject, "became an error structure (moves from `types` to `error`)"),
                    (_, None) => self.push(Kind::Breaking, subject, "no longer an error structure (moves from `error` to `types`)"),
                },
                traits::HTTP_ERROR => {
                    let show = |v: Option<&Value>| v.map_or("the default".to_string(), compact);
                    self.push(Kind::Additive, subject, format!("HTTP status of the error changed from {} to {}", show(a), show(b)));
                }
                traits::SPARSE => {
                    let what = if b.is_some() { "now @sparse: items become Option<T>" } else { "no longer @sparse: items are no longer Option<T>" };
                    self.push(Kind::Breaking, subject, what);
                }
                traits::TIMESTAMP_FORMAT => {
                    let what = format!("timestamp format {} (wire only)", added_removed_changed_values(a, b));
                    self.push(Kind::Additive, subject, what);
                }
                ENDPOINT_RULE_SET | ENDPOINT_TESTS => {
                    let label = if k == ENDPOINT_RULE_SET { "endpoint rule set" } else { "endpoint tests" };
                    let (sa, sb) = (a.map(strip_documentation), b.map(strip_documentation));
                    if sa == sb {
                        self.push(Kind::DocsOnly, subject, format!("{label}: documentation changed"));
                    } else {
                        let where_ = value_changes(sa.as_ref(), sb.as_ref());
                        self.push(Kind::Additive, subject, format!("endpoint: {label} changed ({where_})"));
                    }
                }
                _ => {
                    let label = trait_label(k);
                    let what = format!("{label}: `{k}` {}", added_removed_changed_values(a, b));
                    self.push(Kind::Additive, subject, what);
                }
            }
        }
    }

    fn bounds(&mut self, subject: &str, key: &str, a: Option<&Value>, b: Option<&Value>, role: Role) {
        let name = if key == traits::LENGTH { "length" } else { "range" };
        let (oa, ob) = (bounds(a), bounds(b));
        let looser = |old: Option<f64>, new: Option<f64>, lower: bool| match (old, new) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(o), Some(n)) => if lower { n <= o } else { n >= o },
        };
        let loosened = looser(oa.0, ob.0, true) && looser(oa.1, ob.1, false);
        let what = format!("{name} changed from {} to {}", show_bounds(a), show_bounds(b));
        self.constraint(subject, what, if loosened { Some(true) } else { Some(false) }, role);
    }

    fn pattern(&mut self, subject: &str, a: Option<&Value>, b: Option<&Value>, role: Role) {
        let (pa, pb) = (a.and_then(Value::as_str), b.and_then(Value::as_str));
        let show = |p: Option<&str>| p.map_or("none".to_string(), |p| format!("`{p}`"));
        let what = format!("pattern changed from {} to {}", show(pa), show(pb));
        let direction = match (pa, pb) {
            (_, None) => Some(true),
            (None, Some(_)) => Some(false),
            (Some(x), Some(y)) => pattern_looser(x, y),
        };
        self.constraint(subject, what, direction, role);
    }

    /// `looser`: Some(true) loosened, Some(false) tightened, None undecided.
    fn constraint(&mut self, subject: &str, what: String, looser: Option<bool>, role: Role) {
        let (kind, note) = match (looser, role.sent) {
            (Some(true), _) => (Kind::Additive, "loosened"),
            (Some(false), true) => (Kind::Breaking, "tightened: values accepted before may now fail validation"),
            (Some(false), false) => (Kind::Additive, "tightened, but only received (not validated)"),
            (None, _) => (Kind::Additive, "constraint changed; cannot tell whether looser or tighter: review it"),
        };
        self.push(kind, subject, format!("{what} ({note})"));
    }
}

/// The protocol's name, as its trait spells it.
fn protocol_name(p: ir::Protocol) -> &'static str {
    match p {
        ir::Protocol::AwsJson1_0 => "awsJson1_0",
        ir::Protocol::AwsJson1_1 => "awsJson1_1",
    }
}

/// A member's presence, in the report's words.
fn describe(p: &Presence) -> String {
    match p {
        Presence::Optional => "optional".into(),
        Presence::Required => "required".into(),
        Presence::Default(v) => format!("@default({})", compact(v)),
    }
}

/// The traits of the member a field or variant comes from.
fn member_traits<'s>(shape: &'s Shape, f: &ir::Field) -> &'s Traits {
    &shape.member(&f.wire).expect("a field comes from a member of its shape").traits
}

/// The traits of an enum member; for a Smithy 1.0 `@enum` value, its documentation and its
/// other keys (as `smithy.api#enum.<key>`).
fn enum_member_traits(shape: &Shape, member: &str) -> Traits {
    let Some(defs) = shape.traits.get(traits::ENUM).and_then(Value::as_array) else {
        return shape.member(member).map(|m| m.traits.clone()).unwrap_or_default();
    };
    let label = |d: &Value| d.get("name").and_then(Value::as_str).or_else(|| d.get("value").and_then(Value::as_str)).map(str::to_string);
    let mut t = Traits::new();
    let def = defs.iter().find(|d| label(d).as_deref() == Some(member));
    for (k, v) in def.and_then(Value::as_object).into_iter().flatten() {
        match k.as_str() {
            "value" | "name" => {}
            "documentation" => {
                t.insert(traits::DOCUMENTATION.into(), v.clone());
            }
            _ => {
                t.insert(format!("smithy.api#enum.{k}"), v.clone());
            }
        }
    }
    t
}

fn trait_label(id: &str) -> &'static str {
    let ns = namespace(id);
    if ns == "aws.protocols" || ns == "smithy.protocols" {
        "protocol"
    } else if ns == "aws.auth" || id == traits::AUTH || id == traits::OPTIONAL_AUTH || id.ends_with("Auth") {
        "auth"
    } else if ns == "smithy.rules"
        || id == traits::AWS_SERVICE
        || id == "smithy.api#endpoint"
        || id == "smithy.api#hostLabel"
        || id.starts_with("aws.api#clientEndpointDiscovery")
    {
        "endpoint"
    } else {
        "trait"
    }
}

fn bounds(v: Option<&Value>) -> (Option<f64>, Option<f64>) {
    let get = |k: &str| v.and_then(|v| v.get(k)).and_then(Value::as_f64);
    (get("min"), get("max"))
}

fn show_bounds(v: Option<&Value>) -> String {
    let Some(v) = v else { return "none".into() };
    let get = |k: &str| v.get(k).filter(|x| !x.is_null()).map(compact);
    match (get("min"), get("max")) {
        (min, Some(max)) => format!("{}..={max}", min.unwrap_or_default()),
        (Some(min), None) => format!("{min}.."),
        (None, None) => "..".into(),
    }
}

fn added_removed_changed(a: Option<&Value>, b: Option<&Value>) -> &'static str {
    match (a, b) {
        (None, _) => "added",
        (_, None) => "removed",
        _ => "changed",
    }
}

fn added_removed_changed_values(a: Option<&Value>, b: Option<&Value>) -> String {
    match (a, b) {
        (None, Some(b)) => format!("added ({})", compact(b)),
        (Some(a), None) => format!("removed (was {})", compact(a)),
        (Some(a), Some(b)) => {
            let (sa, sb) = (compact(a), compact(b));
            if sa.len() + sb.len() <= 100 {
                format!("changed from {sa} to {sb}")
            } else {
                format!("changed ({})", value_changes(Some(a), Some(b)))
            }
        }
        (None, None) => "unchanged".into(),
    }
}

/// Compact JSON, shortened to 60 characters.
fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

/// Drops every `documentation` key, at any depth (endpoint rules and tests carry docs).
fn strip_documentation(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter().filter(|(k, _)| k.as_str() != "documentation").map(|(k, v)| (k.clone(), strip_documentation(v))).collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_documentation).collect()),
        other => other.clone(),
    }
}

/// Where two JSON values differ: "at `a.b`: x -> y", or a count and the first paths.
fn value_changes(a: Option<&Value>, b: Option<&Value>) -> String {
    let mut paths = Vec::new();
    collect_changes(a, b, String::new(), &mut paths);
    match paths.as_slice() {
        [] => "no difference".into(),
        [(p, x, y)] => format!("at `{p}`: {x} -> {y}"),
        many => {
            let first: Vec<String> = many.iter().take(3).map(|(p, x, y)| format!("`{p}`: {x} -> {y}")).collect();
            let more = if many.len() > 3 { format!(", and {} more", many.len() - 3) } else { String::new() };
            format!("{} places: {}{more}", many.len(), first.join("; "))
        }
    }
}

fn collect_changes(a: Option<&Value>, b: Option<&Value>, path: String, out: &mut Vec<(String, String, String)>) {
    let show = |v: Option<&Value>| v.map_or("(none)".to_string(), compact);
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                collect_changes(x.get(k), y.get(k), join(k), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for i in 0..x.len() {
                collect_changes(x.get(i), y.get(i), format!("{path}[{i}]"), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            // Lengths differ: index-wise comparison would report every shifted item.
            let added = y.iter().filter(|v| !x.contains(v)).count();
            let removed = x.iter().filter(|v| !y.contains(v)).count();
            let summary = format!("{} items, {added} added, {removed} removed", y.len());
            out.push((path, format!("{} items", x.len()), summary));
        }
        (x, y) if x != y => out.push((if path.is_empty() { "$".into() } else { path }, show(x), show(y))),
        _ => {}
    }
}

/// Decides whether `new` accepts a superset (`Some(true)`) or a subset (`Some(false)`) of
/// what `old` accepts, when the two patterns differ only in the items of character
/// classes (`[a-z]` -> `[a-z_]`). `None` when that cannot be told mechanically.
pub fn pattern_looser(old: &str, new: &str) -> Option<bool> {
    let (a, b) = (tokenize(old)?, tokenize(new)?);
    if a.len() != b.len() {
        return None;
    }
    let (mut wider, mut narrower) = (false, false);
    for (x, y) in a.iter().zip(&b) {
        match (x, y) {
            (Token::Atom(x), Token::Atom(y)) if x == y => {}
            (Token::Group { open: ox, alternatives: ax }, Token::Group { open: oy, alternatives: ay }) if ox == oy => {
                if ax == ay {
                    continue;
                }
                if ax.is_subset(ay) {
                    wider = true;
                } else if ay.is_subset(ax) {
                    narrower = true;
                } else {
                    return None;
                }
            }
            (Token::Class { negated: nx, items: ix }, Token::Class { negated: ny, items: iy }) if nx == ny => {
                if ix == iy {
                    continue;
                }
                let (grew, shrank) = (ix.is_subset(iy), iy.is_subset(ix));
                // A negated class accepts less when its items grow.
                let (grew, shrank) = if *nx { (shrank, grew) } else { (grew, shrank) };
                if grew {
                    wider = true;
                } else if shrank {
                    narrower = true;
                } else {
                    return None;
                }
            }
            _ => return None,
        }
    }
    match (wider, narrower) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Atom(String),
    Class { negated: bool, items: BTreeSet<String> },
    /// A group `(a|b)` / `(?:a|b)`: its opening (`(` or `(?:`) and its alternatives.
    Group { open: String, alternatives: BTreeSet<String> },
}

/// Splits a regex into atoms (characters, escapes), character classes (sets of items:
/// characters, escapes, ranges) and groups (sets of alternatives, kept as text). `None`
/// for what it does not understand (nested classes, unbalanced groups).
fn tokenize(p: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        if chars[i] == '[' {
            i += 1;
            let negated = chars.get(i) == Some(&'^');
            if negated {
                i += 1;
            }
            let mut items = BTreeSet::new();
            let mut first = true;
            loop {
                let c = *chars.get(i)?;
                if c == ']' && !first {
                    i += 1;
                    break;
                }
                if c == '[' {
                    return None;
                }
                first = false;
                let (mut item, next) = class_item(&chars, i)?;
                i = next;
                // A range `a-z`: one item.
                if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
                    let (end, next) = class_item(&chars, i + 1)?;
                    item = format!("{item}-{end}");
                    i = next;
                }
                items.insert(item);
            }
            out.push(Token::Class { negated, items });
        } else if chars[i] == '(' {
            let (group, next) = group(&chars, i)?;
            out.push(group);
            i = next;
        } else {
            let (atom, next) = class_item(&chars, i)?;
            out.push(Token::Atom(atom));
            i = next;
        }
    }
    Some(out)
}

/// The group opening at `i`, split into its top-level alternatives; and the index after it.
fn group(chars: &[char], i: usize) -> Option<(Token, usize)> {
    let mut j = i + 1;
    let open_len = if chars.get(j) == Some(&'?') { 3 } else { 1 };
    let open: String = chars.get(i..i + open_len)?.iter().collect();
    if open_len == 3 && open != "(?:" {
        return None;
    }
    j = i + open_len;
    let (mut depth, mut in_class, mut start) = (0usize, false, j);
    let mut alternatives = BTreeSet::new();
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class && depth > 0 => depth -= 1,
            ')' if !in_class => {
                alternatives.insert(chars[start..j].iter().collect());
                return Some((Token::Group { open, alternatives }, j + 1));
            }
            '|' if !in_class && depth == 0 => {
                alternatives.insert(chars[start..j].iter().collect());
                start = j + 1;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// One character or escape sequence starting at `i`: `\t`, `\p{L}`, `\x{41}`, `\u0041`.
fn class_item(chars: &[char], i: usize) -> Option<(String, usize)> {
    let c = *chars.get(i)?;
    if c != '\\' {
        return Some((c.to_string(), i + 1));
    }
    let e = *chars.get(i + 1)?;
    let end = match e {
        'p' | 'P' | 'x' | 'u' if chars.get(i + 2) == Some(&'{') => i + 2 + chars[i + 2..].iter().position(|c| *c == '}')? + 1,
        'p' | 'P' => i + 3,
        'x' => i + 4,
        'u' => i + 6,
        _ => i + 2,
    };
    if end > chars.len() {
        return None;
    }
    Some((chars[i..end].iter().collect(), end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_json;

    fn model(shapes: &str) -> Model {
        let text = format!(
            r#"{{"smithy":"2.0","shapes":{{
            "a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],
                     "traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
            {shapes}}}}}"#
        );
        load_json(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    const BASE: &str = r#"
        "a#Op":{"type":"operation","input":{"target":"a#In"},"output":{"target":"a#Out"},"errors":[{"target":"a#Err"}]},
        "a#In":{"type":"structure","members":{
            "name":{"target":"a#Name","traits":{"smithy.api#required":{}}},
            "n":{"target":"smithy.api#Integer"}}},
        "a#Out":{"type":"structure","members":{"color":{"target":"a#Color"},"id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}},
        "a#Name":{"type":"string","traits":{"smithy.api#length":{"min":1,"max":10},"smithy.api#pattern":"^[a-z]+$"}},
        "a#Color":{"type":"enum","members":{"RED":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"red"}},
                                            "BLUE":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"blue"}}}},
        "a#Err":{"type":"structure","members":{"message":{"target":"smithy.api#String"}},"traits":{"smithy.api#error":"client"}}"#;

    fn run(old: &str, new: &str) -> Report {
        diff(&model(old), &model(new), None, &Operations::All).unwrap()
    }

    fn kinds(r: &Report) -> Vec<(Kind, String, String)> {
        r.changes.iter().map(|c| (c.kind, local_name(&c.subject).to_string(), c.what.clone())).collect()
    }

    fn one(r: &Report) -> (Kind, String, String) {
        let k = kinds(r);
        assert_eq!(k.len(), 1, "{k:#?}");
        k.into_iter().next().unwrap()
    }

    #[test]
    fn identical_models_have_no_changes() {
        let r = run(BASE, BASE);
        assert!(r.changes.is_empty(), "{:#?}", r.changes);
        assert_eq!(r.old_operations, ["Op"]);
        // In, Out, Name, Color, Err, and the prelude's Integer, String and Unit.
        assert_eq!(r.old_shapes, 8);
    }

    #[test]
    fn docs_only() {
        let new = BASE.replace(r#""smithy.api#error":"client"}"#, r#""smithy.api#error":"client","smithy.api#documentation":"x"}"#);
        let r = run(BASE, &new);
        assert_eq!(one(&r), (Kind::DocsOnly, "Err".into(), "documentation added".into()));
        assert_eq!(r.docs_changes, 1);
        assert!(!r.has_breaking());
        assert!(r.text(&Render::default()).contains("Documentation-only changes: 1 (not listed"));
        assert!(r.text(&Render { docs: true, ..Render::default() }).contains("Err: documentation added"));
    }

    #[test]
    fn optional_member_added_is_additive_required_input_member_breaking() {
        let new = BASE.replace(r#""n":{"target":"smithy.api#Integer"}"#, r#""n":{"target":"smithy.api#Integer"},"m":{"target":"smithy.api#Long"}"#);
        assert_eq!(one(&run(BASE, &new)), (Kind::Additive, "In$m".into(), "member added (optional, field `m: Option<i64>`)".into()));
        let new = BASE.replace(
            r#""n":{"target":"smithy.api#Integer"}"#,
            r#""n":{"target":"smithy.api#Integer"},"m":{"target":"smithy.api#Long","traits":{"smithy.api#required":{}}}"#,
        );
        assert_eq!(one(&run(BASE, &new)).0, Kind::Breaking);
        // Required member added to an output: a new plain field, nothing to set.
        let new = BASE.replace(r#""a#Out":{"type":"structure","members":{"#, r#""a#Out":{"type":"structure","members":{"z":{"target":"smithy.api#Long","traits":{"smithy.api#required":{}}},"#);
        assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
    }

    #[test]
    fn removals_are_breaking() {
        let new = BASE.replace(r#""n":{"target":"smithy.api#Integer"}"#, "").replace(r#"{"smithy.api#required":{}}},"#, r#"{"smithy.api#required":{}}}"#);
        assert_eq!(one(&run(BASE, &new)), (Kind::Breaking, "In$n".into(), "member removed (field `n: Option<i32>`)".into()));
        let new = BASE.replace(r#","errors":[{"target":"a#Err"}]"#, "");
        let k = kinds(&run(BASE, &new));
        assert!(k.contains(&(Kind::Breaking, "Op".into(), "error `Err` removed (its error enum variant goes away)".into())), "{k:#?}");
        assert!(k.iter().any(|c| c.0 == Kind::Breaking && c.1 == "Err" && c.2.contains("removed")), "{k:#?}");
    }

    #[test]
    fn errors_added_are_additive() {
        let old = BASE.replace(r#","errors":[{"target":"a#Err"}]"#, "");
        let k = kinds(&run(&old, BASE));
        assert_eq!(k.len(), 2, "{k:#?}");
        assert!(k.iter().all(|c| c.0 == Kind::Additive));
        assert!(k.contains(&(Kind::Additive, "Op".into(), "error `Err` added (the error enum is #[non_exhaustive])".into())));
    }

    #[test]
    fn enum_values() {
        let new = BASE.replace(r#""BLUE":"#, r#""GREEN":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"green"}},"BLUE":"#);
        assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
        let k = one(&run(&new, BASE));
        assert_eq!((k.0, k.1.as_str()), (Kind::Breaking, "Color$GREEN"));
        let new = BASE.replace(r#""smithy.api#enumValue":"blue""#, r#""smithy.api#enumValue":"Blue""#);
        assert_eq!(one(&run(BASE, &new)).0, Kind::Breaking);
    }

    #[test]
    fn retargets() {
        let new = BASE.replace(r#""n":{"target":"smithy.api#Integer"}"#, r#""n":{"target":"smithy.api#Long"}"#);
        let k = one(&run(BASE, &new));
        assert_eq!(k.0, Kind::Breaking);
        assert!(k.2.contains("`i32` -> `i64`"), "{k:?}");
        // Same Rust type: additive, and the constraints the member ends up with compared.
        let new = BASE.replace(r#""n":{"target":"smithy.api#Integer"}"#, r#""n":{"target":"a#Int"}"#)
            .replace(r#""a#Err":"#, r#""a#Int":{"type":"integer","traits":{"smithy.api#range":{"min":0}}},"a#Err":"#);
        let k = kinds(&run(BASE, &new));
        assert_eq!(k.len(), 2, "{k:#?}");
        assert_eq!(k[0].0, Kind::Breaking, "a new minimum on a sent member: {k:#?}");
        assert!(k[0].2.contains("range changed from none to 0.."), "{k:#?}");
        assert_eq!(k[1].0, Kind::Additive);
    }

    /// The verdict is about the generated code: the IR's Rust types, paths and names.
    #[test]
    fn verdicts_follow_the_generated_types() {
        let with = |base: &str, member: &str, shape: &str| {
            base.replace(r#""color":{"target":"a#Color"}"#, &format!(r#""color":{{"target":"a#Color"}},{member}"#))
                .replace(r#""a#Err":"#, &format!(r#"{shape},"a#Err":"#))
        };
        // Another string shape is still a `String`.
        let new = with(BASE, r#""x":{"target":"a#Id"}"#, r#""a#Id":{"type":"string"}"#);
        let old = with(BASE, r#""x":{"target":"smithy.api#String"}"#, r#""a#Other":{"type":"string"}"#);
        let what = "retargeted from `smithy.api#String` to `Id` (same Rust type `String`)";
        assert_eq!(one(&run(&old, &new)), (Kind::Additive, "Out$x".into(), what.into()));
        // An integer shape that becomes a long: `i32` -> `i64`.
        let ints = with(BASE, r#""x":{"target":"a#Count"}"#, r#""a#Count":{"type":"integer"}"#);
        let longs = ints.replace(r#""a#Count":{"type":"integer"}"#, r#""a#Count":{"type":"long"}"#);
        let what = "type changed from integer to long (Rust type `i32` -> `i64`)";
        assert_eq!(one(&run(&ints, &longs)), (Kind::Breaking, "Count".into(), what.into()));
        // A structure renamed: the Rust type's name changes.
        let item = with(BASE, r#""x":{"target":"a#Item"}"#, r#""a#Item":{"type":"structure","members":{}}"#);
        let k = kinds(&run(&item, &item.replace("a#Item", "a#Thing")));
        let what = "retargeted from `Item` to `Thing` (Rust type `types::Item` -> `types::Thing`)";
        assert!(k.contains(&(Kind::Breaking, "Out$x".into(), what.into())), "{k:#?}");
        assert!(k.contains(&(Kind::Breaking, "Item".into(), "structure `types::Item` removed (shape removed)".into())), "{k:#?}");
        // An operation's own input renamed is still `operation::op::OpInput`, with the same fields.
        let what = "input changed from `In` to `Request` (same Rust type `operation::op::OpInput`)";
        assert_eq!(one(&run(BASE, &BASE.replace("a#In", "a#Request"))), (Kind::Additive, "Op".into(), what.into()));
        // Rust names are the IR's: a member `type` is the field `r#type`, and a structure
        // that becomes an error renames its field `meta` (the error metadata's name).
        let new = BASE.replace(r#""n":{"target":"smithy.api#Integer"}"#, r#""n":{"target":"smithy.api#Integer"},"type":{"target":"smithy.api#String"}"#);
        assert_eq!(one(&run(BASE, &new)).2, "member added (optional, field `r#type: Option<String>`)");
        let item = with(BASE, r#""x":{"target":"a#Item"}"#, r#""a#Item":{"type":"structure","members":{"meta":{"target":"smithy.api#String"}}}"#);
        let error = item.replace(r#""members":{"meta""#, r#""traits":{"smithy.api#error":"client"},"members":{"meta""#);
        let k = kinds(&run(&item, &error));
        assert!(k.contains(&(Kind::Breaking, "Item$meta".into(), "Rust name changed from `meta` to `meta_value`".into())), "{k:#?}");
        assert!(k.iter().any(|c| c.1 == "Item" && c.2.contains("Rust type `types::Item` -> `error::Item`")), "{k:#?}");
    }

    #[test]
    fn a_new_cycle_boxes_an_existing_field() {
        let a = BASE.replace(r#""color":{"target":"a#Color"}"#, r#""color":{"target":"a#Color"},"a":{"target":"a#A"}"#).replace(
            r#""a#Err":"#,
            r#""a#A":{"type":"structure","members":{"b":{"target":"a#B"}}},"a#B":{"type":"structure","members":{}},"a#Err":"#,
        );
        let cycle = a.replace(r#""a#B":{"type":"structure","members":{}}"#, r#""a#B":{"type":"structure","members":{"a":{"target":"a#A"}}}"#);
        let k = kinds(&run(&a, &cycle));
        assert_eq!(k.len(), 2, "{k:#?}");
        let what = "now boxed (it holds a recursive reference): `types::B` -> `Box<types::B>`";
        assert_eq!(k[0], (Kind::Breaking, "A$b".into(), what.into()));
        assert_eq!(k[1], (Kind::Additive, "B$a".into(), "member added (optional, field `a: Option<Box<types::A>>`)".into()));
    }

    /// Enum variants are matched by their Rust name: a Smithy 1.0 `@enum` that becomes an
    /// enum shape generates the same enum.
    #[test]
    fn enum_variants_are_matched_by_rust_name() {
        let v1 = BASE.replace(
            r#""a#Color":{"type":"enum","members":{"RED":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"red"}},
                                            "BLUE":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"blue"}}}}"#,
            r#""a#Color":{"type":"string","traits":{"smithy.api#enum":[{"value":"red"},{"value":"blue","documentation":"Blue."}]}}"#,
        );
        assert_ne!(v1, BASE);
        let k = kinds(&run(&v1, BASE));
        assert_eq!(
            k,
            [
                (Kind::Additive, "Color".into(), "type changed from string to enum (same Rust type `types::Color`)".into()),
                (Kind::DocsOnly, "Color$BLUE".into(), "documentation removed".into()),
            ]
        );
    }

    #[test]
    fn presence_changes() {
        // Input member made optional: the builder no longer fails... and build() changes.
        let new = BASE.replace(r#""name":{"target":"a#Name","traits":{"smithy.api#required":{}}}"#, r#""name":{"target":"a#Name"}"#);
        let k = kinds(&run(BASE, &new));
        assert_eq!(k.len(), 2, "{k:#?}");
        assert_eq!((k[0].0, k[0].1.as_str()), (Kind::Breaking, "In"), "build() becomes infallible: {k:#?}");
        assert_eq!((k[1].0, k[1].1.as_str()), (Kind::Additive, "In$name"), "{k:#?}");
        // Output member made optional: its field type changes.
        let new = BASE.replace(r#""id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}"#, r#""id":{"target":"smithy.api#String"}"#);
        let k = one(&run(BASE, &new));
        assert_eq!(k.0, Kind::Breaking);
        assert!(k.2.contains("`String` -> `Option<String>`"), "{k:?}");
        // Input member made required: breaking (with the other members already required,
        // build() keeps its signature).
        let new = BASE.replace(r#""n":{"target":"smithy.api#Integer"}"#, r#""n":{"target":"smithy.api#Integer","traits":{"smithy.api#required":{}}}"#);
        let k = one(&run(BASE, &new));
        assert_eq!(k.0, Kind::Breaking);
        assert!(k.2.contains("callers must set it"), "{k:?}");
        // Required -> default on an output: still a plain field.
        let new = BASE.replace(r#""id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}"#, r#""id":{"target":"smithy.api#String","traits":{"smithy.api#default":""}}"#);
        assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
    }

    #[test]
    fn constraints() {
        let looser = BASE.replace(r#""max":10"#, r#""max":20"#);
        assert_eq!(one(&run(BASE, &looser)).0, Kind::Additive);
        assert_eq!(one(&run(&looser, BASE)).0, Kind::Breaking);
        let k = one(&run(&looser, BASE));
        assert!(k.2.contains("length changed from 1..=20 to 1..=10 (tightened"), "{k:?}");
        let pattern = BASE.replace("^[a-z]+$", "^[a-z0-9]+$");
        let k = one(&run(BASE, &pattern));
        assert_eq!(k.0, Kind::Additive);
        assert!(k.2.contains("(loosened)"), "{k:?}");
        assert_eq!(one(&run(&pattern, BASE)).0, Kind::Breaking);
        let other = BASE.replace("^[a-z]+$", "^[a-z]{2,}$");
        let k = one(&run(BASE, &other));
        assert_eq!(k.0, Kind::Additive);
        assert!(k.2.contains("cannot tell"), "{k:?}");
    }

    #[test]
    fn pattern_directions() {
        assert_eq!(pattern_looser(r"^[\p{L}\p{M}]+$", r"^[\p{L}\p{M}\t\n\r ]+$"), Some(true));
        assert_eq!(pattern_looser(r"^[\w+]+$", r"^[\w]+$"), Some(false));
        assert_eq!(pattern_looser(r"^[^a]+$", r"^[^ab]+$"), Some(false));
        assert_eq!(pattern_looser(r"^[a-z]+$", r"^[a-y]+$"), None);
        assert_eq!(pattern_looser(r"^a+$", r"^a*$"), None);
        assert_eq!(pattern_looser(r"^[\S]+", r"^[\S\s]+"), Some(true));
        assert_eq!(pattern_looser(r"^c:(en|fr-(a|b))$", r"^c:(en|nl|fr-(a|b))$"), Some(true));
        assert_eq!(pattern_looser(r"^(?:en|fr)$", r"^(?:en)$"), Some(false));
        assert_eq!(pattern_looser(r"^(en|fr)$", r"^(?:en|fr|nl)$"), None);
        assert_eq!(pattern_looser(r"^(en|fr)$", r"^(en|de)$"), None);
        assert_eq!(pattern_looser(r"^(en|fr$", r"^(en|fr|de)$"), None);
    }

    #[test]
    fn operations_added_removed_and_missing_names() {
        let extra = r#""a#Svc2":{"type":"structure"},"#;
        let r = diff(&model(BASE), &model(&format!("{extra}{BASE}")), None, &Operations::Named(vec!["Op".into()])).unwrap();
        assert!(r.changes.is_empty(), "{:#?}", r.changes);
        let e = diff(&model(BASE), &model(BASE), None, &Operations::Named(vec!["Op".into(), "Gone".into()])).unwrap_err();
        assert_eq!(e.to_string(), "shape `a#Svc`: has no operation `Gone` in either model");
        let new = format!(r#""a#Op2":{{"type":"operation"}},{BASE}"#);
        let text = format!(
            r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}},{{"target":"a#Op2"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},{new}}}}}"#
        );
        let two = load_json(text.as_bytes()).unwrap();
        let r = diff(&model(BASE), &two, None, &Operations::All).unwrap();
        assert_eq!(kinds(&r), [(Kind::Additive, "Op2".into(), "operation added".into())]);
        let r = diff(&two, &model(BASE), None, &Operations::Named(vec!["Op2".into()])).unwrap();
        assert_eq!(r.old_operations, ["Op2"]);
        assert!(r.new_operations.is_empty());
        assert!(r.has_breaking());
    }

    #[test]
    fn auth_and_protocol() {
        let new = BASE.replace(r#""output":{"target":"a#Out"},"#, r#""output":{"target":"a#Out"},"traits":{"smithy.api#optionalAuth":{}},"#);
        let k = one(&run(BASE, &new));
        assert_eq!(k.0, Kind::Additive);
        assert!(k.2.starts_with("auth: now sent unsigned"), "{k:?}");
        assert_eq!(one(&run(&new, BASE)).0, Kind::Breaking);
        let json10 = diff(
            &model(BASE),
            &load_json(
                format!(r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],"traits":{{"aws.protocols#awsJson1_0":{{}}}}}},{BASE}}}}}"#)
                    .as_bytes(),
            )
            .unwrap(),
            None,
            &Operations::All,
        )
        .unwrap();
        let k = kinds(&json10);
        assert!(k.contains(&(Kind::Breaking, "Svc".into(), "protocol: the generated protocol changes from awsJson1_1 to awsJson1_0".into())), "{k:#?}");
    }

    /// A model codegen cannot lower gives no report: the error says which side.
    #[test]
    fn a_model_codegen_rejects_is_an_error() {
        let rest = load_json(
            format!(r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],"traits":{{"aws.protocols#restJson1":{{}}}}}},{BASE}}}}}"#)
                .as_bytes(),
        )
        .unwrap();
        let e = diff(&model(BASE), &rest, None, &Operations::All).unwrap_err();
        assert!(e.to_string().starts_with("the new model: shape `a#Svc`: uses aws.protocols#restJson1, which is not supported"), "{e}");
    }

    #[test]
    fn json_rendering() {
        let new = BASE.replace(r#""max":10"#, r#""max":20"#);
        let r = run(BASE, &new);
        let v = r.json(&Render { docs: false, old_name: "a.json", new_name: "b.json" });
        assert_eq!(v["summary"]["additive"], 1);
        assert_eq!(v["breaking"], false);
        assert_eq!(v["changes"][0]["kind"], "additive");
        assert_eq!(v["changes"][0]["subject"], "a#Name");
        assert_eq!(v["old"], "a.json");
    }
}

