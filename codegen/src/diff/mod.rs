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
//! (an optional one in an `@input` structure); an operation input's `build()` always
//! returns a `Result`, another structure's only when it has required members, so only
//! the latter's first required member (or last one leaving) changes a signature. So for
//! a structure that is *sent* (reached from an operation input) the question is "must
//! callers set something new?", and for one that is *received* (reached from an output or
//! error) it is "does a field's type change?". What the IR does not carry is read from
//! the model's shapes by id: documentation, the `@length`, `@range` and `@pattern` traits, endpoint rules and other
//! traits. Constraint changes matter only where values are validated, that is in sent
//! shapes: tightening there is breaking, loosening is additive. A pattern change is
//! classified as loosened or tightened only when that can be decided mechanically (the
//! patterns differ only in the items of character classes); otherwise it is reported as an
//! additive "constraint changed" for a human to review.

mod compare;
mod items;
mod pattern;
mod sides;
mod traits;
mod values;

pub use pattern::pattern_looser;

use crate::error::{Error, Result};
use crate::load::model::{local_name, namespace, Model};
use crate::select::Operations;
use serde_json::{json, Value};

use compare::Differ;
use sides::Side;

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
            out.push_str(&format!(
                "Model diff: {} -> {}\n",
                render.old_name, render.new_name
            ));
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
            out.push_str(&format!(
                "Operations: {} -> {}\n",
                ops(&self.old_operations),
                ops(&self.new_operations)
            ));
        }
        out.push_str(&format!(
            "Shapes in the closure: {} -> {}\n",
            self.old_shapes, self.new_shapes
        ));
        for (kind, title) in [(Kind::Breaking, "Breaking"), (Kind::Additive, "Additive")] {
            let n = self.count(kind);
            out.push_str(&format!("\n{title} changes: {n}\n"));
            for c in self.of_kind(kind) {
                out.push_str(&format!("  {}: {}\n", short(&c.subject), c.what));
            }
        }
        if render.docs {
            out.push_str(&format!(
                "\nDocumentation-only changes: {}\n",
                self.docs_changes
            ));
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
pub fn diff(
    old: &Model,
    new: &Model,
    service: Option<&str>,
    operations: &Operations,
) -> Result<Report> {
    let old_side = Side::of(old, service, operations).map_err(|e| e.in_file("the old model"))?;
    let new_side = Side::of(new, service, operations).map_err(|e| e.in_file("the new model"))?;
    if let Operations::Named(names) = operations {
        let known = |n: &String| {
            old_side
                .operations
                .iter()
                .chain(&new_side.operations)
                .any(|id| id == n || local_name(id) == n.as_str())
        };
        let unknown: Vec<&str> = names
            .iter()
            .filter(|n| !known(n))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(Error::shape(
                &new_side.krate.service.id,
                format!(
                    "has no operation `{}` in either model",
                    unknown.join("`, `")
                ),
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
    let names = |side: &Side<'_>| {
        side.operations
            .iter()
            .map(|id| local_name(id).to_string())
            .collect::<Vec<_>>()
    };
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

#[cfg(test)]
mod tests;
