//! Traits of the two models compared, shape by shape: constraints (`@length`, `@range`,
//! `@pattern`), documentation and the rest.

use super::pattern::pattern_looser;
use super::values::{
    added_removed_changed, added_removed_changed_values, bounds, compact, show_bounds,
    strip_documentation, trait_label, value_changes,
};
use super::{Kind, ENDPOINT_RULE_SET, ENDPOINT_TESTS, EXAMPLES, EXTERNAL_DOCUMENTATION};
use crate::load::model::{traits, Traits};
use serde_json::Value;
use std::collections::BTreeSet;

use super::compare::{Differ, Role};

impl Differ<'_, '_> {
    /// The shapes both closures reach: what they are generated as, the members of lists
    /// and maps, and every shape's traits.
    pub(super) fn shapes(&mut self) {
        let (os, ns) = (self.old, self.new);
        for id in os.shapes.intersection(&ns.shapes) {
            let (o, n) = (os.model.shape(id), ns.model.shape(id));
            let role = self.role(id, id);
            let (to, tn) = (os.rust_type(id), ns.rust_type(id));
            let (lo, ln) = (os.labels.get(id), ns.labels.get(id));
            let change = format!("type changed from {} to {}", o.ty.name(), n.ty.name());
            if to != tn {
                self.push(
                    Kind::Breaking,
                    id,
                    format!("{change} (Rust type `{to}` -> `{tn}`)"),
                );
            } else if lo != ln {
                let (lo, ln) = (
                    lo.copied().unwrap_or("value"),
                    ln.copied().unwrap_or("value"),
                );
                self.push(
                    Kind::Breaking,
                    id,
                    format!("{change} (Rust item `{tn}`: {lo} -> {ln})"),
                );
            } else if o.ty != n.ty {
                self.push(
                    Kind::Additive,
                    id,
                    format!("{change} (same Rust type `{to}`)"),
                );
            }
            if lo.is_none() && ln.is_none() {
                self.members(o, n, role);
            }
            // Enum values (Smithy 1.0 `@enum` too) are compared by `items`.
            self.traits(id, &o.traits, &n.traits, role, &[traits::ENUM]);
        }
    }

    /// Trait-by-trait comparison of a shape, member or operation.
    pub(super) fn traits(
        &mut self,
        subject: &str,
        old: &Traits,
        new: &Traits,
        role: Role,
        skip: &[&str],
    ) {
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
                    self.push(
                        Kind::DocsOnly,
                        subject,
                        format!("{label} {}", added_removed_changed(a, b)),
                    );
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
                    (Some(a), Some(b)) => self.push(
                        Kind::Additive,
                        subject,
                        format!("error fault changed from {} to {}", compact(a), compact(b)),
                    ),
                    (None, _) => self.push(
                        Kind::Breaking,
                        subject,
                        "became an error structure (moves from `types` to `error`)",
                    ),
                    (_, None) => self.push(
                        Kind::Breaking,
                        subject,
                        "no longer an error structure (moves from `error` to `types`)",
                    ),
                },
                traits::HTTP_ERROR => {
                    let show = |v: Option<&Value>| v.map_or("the default".to_string(), compact);
                    self.push(
                        Kind::Additive,
                        subject,
                        format!(
                            "HTTP status of the error changed from {} to {}",
                            show(a),
                            show(b)
                        ),
                    );
                }
                traits::SPARSE => {
                    let what = if b.is_some() {
                        "now @sparse: items become Option<T>"
                    } else {
                        "no longer @sparse: items are no longer Option<T>"
                    };
                    self.push(Kind::Breaking, subject, what);
                }
                traits::TIMESTAMP_FORMAT => {
                    let what = format!(
                        "timestamp format {} (wire only)",
                        added_removed_changed_values(a, b)
                    );
                    self.push(Kind::Additive, subject, what);
                }
                ENDPOINT_RULE_SET | ENDPOINT_TESTS => {
                    let label = if k == ENDPOINT_RULE_SET {
                        "endpoint rule set"
                    } else {
                        "endpoint tests"
                    };
                    let (sa, sb) = (a.map(strip_documentation), b.map(strip_documentation));
                    if sa == sb {
                        self.push(
                            Kind::DocsOnly,
                            subject,
                            format!("{label}: documentation changed"),
                        );
                    } else {
                        let where_ = value_changes(sa.as_ref(), sb.as_ref());
                        self.push(
                            Kind::Additive,
                            subject,
                            format!("endpoint: {label} changed ({where_})"),
                        );
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

    pub(super) fn bounds(
        &mut self,
        subject: &str,
        key: &str,
        a: Option<&Value>,
        b: Option<&Value>,
        role: Role,
    ) {
        let name = if key == traits::LENGTH {
            "length"
        } else {
            "range"
        };
        let (oa, ob) = (bounds(a), bounds(b));
        let looser = |old: Option<f64>, new: Option<f64>, lower: bool| match (old, new) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(o), Some(n)) => {
                if lower {
                    n <= o
                } else {
                    n >= o
                }
            }
        };
        let loosened = looser(oa.0, ob.0, true) && looser(oa.1, ob.1, false);
        let what = format!(
            "{name} changed from {} to {}",
            show_bounds(a),
            show_bounds(b)
        );
        self.constraint(
            subject,
            what,
            if loosened { Some(true) } else { Some(false) },
            role,
        );
    }

    pub(super) fn pattern(
        &mut self,
        subject: &str,
        a: Option<&Value>,
        b: Option<&Value>,
        role: Role,
    ) {
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
    pub(super) fn constraint(
        &mut self,
        subject: &str,
        what: String,
        looser: Option<bool>,
        role: Role,
    ) {
        let (kind, note) = match (looser, role.sent) {
            (Some(true), _) => (Kind::Additive, "loosened"),
            (Some(false), true) => (
                Kind::Breaking,
                "tightened: values accepted before may now fail validation",
            ),
            (Some(false), false) => (
                Kind::Additive,
                "tightened, but only received (not validated)",
            ),
            (None, _) => (
                Kind::Additive,
                "constraint changed; cannot tell whether looser or tighter: review it",
            ),
        };
        self.push(kind, subject, format!("{what} ({note})"));
    }
}
