//! Items of the two IRs compared: structures and their fields, unions, enums, and the
//! members behind them.

use super::sides::{items, Def, Item, UNIT};
use super::values::compact;
use super::Kind;
use crate::ir::{self, Presence, TyKind};
use crate::load::model::{traits, Model, Shape, Traits};
use serde_json::Value;
use std::collections::BTreeMap;

use super::compare::{Differ, Role, NO_ROLE};

impl Differ<'_, '_> {
    /// The generated structures, unions and enums, matched by their Rust path and then by
    /// the shape they come from. Items from a shape both closures reach that is generated
    /// as something else on one side are `shapes`' to report (a type change).
    pub(super) fn items(&mut self) {
        let (os, ns) = (self.old, self.new);
        let old_items = items(&os.krate, &|key| os.source(key).to_string());
        let mut new: BTreeMap<String, Item> = items(&ns.krate, &|key| ns.source(key).to_string())
            .into_iter()
            .map(|i| (i.path.clone(), i))
            .collect();
        let mut pairs = Vec::new();
        let mut rest = Vec::new();
        for o in old_items {
            match new.remove(&o.path) {
                Some(n) => pairs.push((o, n)),
                None => rest.push(o),
            }
        }
        let mut new: BTreeMap<String, Item> =
            new.into_values().map(|i| (i.source.clone(), i)).collect();
        // Items of `smithy.api#Unit` (inputs and outputs of operations without one) are
        // neither matched by it nor reported.
        for o in rest.into_iter().filter(|o| o.source != UNIT) {
            match new.remove(&o.source) {
                Some(n) => pairs.push((o, n)),
                None if !ns.shapes.contains(&o.source) => {
                    let how = if ns.model.get(&o.source).is_some() {
                        "no longer reached by the selection"
                    } else {
                        "shape removed"
                    };
                    self.push(
                        Kind::Breaking,
                        &o.source,
                        format!("{} `{}` removed ({how})", o.label(), o.path),
                    );
                }
                None => {}
            }
        }
        for n in new.into_values() {
            if n.source != UNIT && !os.shapes.contains(&n.source) {
                let how = if os.model.get(&n.source).is_some() {
                    "now reached by the selection"
                } else {
                    "new shape"
                };
                self.push(
                    Kind::Additive,
                    &n.source,
                    format!("{} `{}` added ({how})", n.label(), n.path),
                );
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
    pub(super) fn structure(
        &mut self,
        (os, ns): (&Shape, &Shape),
        o: &ir::Struct,
        n: &ir::Struct,
        role: Role,
    ) {
        let field = |f: &ir::Field| format!("field `{}: {}`", f.name, f.type_name());
        for g in n
            .fields
            .iter()
            .filter(|g| o.fields.iter().all(|f| f.wire != g.wire))
        {
            let subject = format!("{}${}", ns.id, g.wire);
            if g.presence == Presence::Required && role.sent {
                self.push(
                    Kind::Breaking,
                    &subject,
                    format!("required member added ({}): callers must set it", field(g)),
                );
            } else {
                self.push(
                    Kind::Additive,
                    &subject,
                    format!("member added ({}, {})", describe(&g.presence), field(g)),
                );
            }
        }
        for f in &o.fields {
            let Some(g) = n.fields.iter().find(|g| g.wire == f.wire) else {
                self.push(
                    Kind::Breaking,
                    &format!("{}${}", os.id, f.wire),
                    format!("member removed ({})", field(f)),
                );
                continue;
            };
            let subject = format!("{}${}", ns.id, g.wire);
            let presence = [traits::REQUIRED, traits::DEFAULT, traits::CLIENT_OPTIONAL];
            let skip: &[&str] = if f.presence != g.presence {
                &presence
            } else {
                &[]
            };
            self.field(
                &subject,
                (member_traits(os, f), member_traits(ns, g)),
                (f, g),
                role,
                skip,
            );
            if f.presence != g.presence {
                let (fo, fnew) = (
                    ir::Field {
                        presence: f.presence.clone(),
                        ..g.clone()
                    }
                    .type_name(),
                    g.type_name(),
                );
                let type_changes = fo != fnew;
                let must_set = g.presence == Presence::Required && f.presence != Presence::Required;
                let breaking = (role.sent && must_set) || (role.received && type_changes);
                let mut what = format!(
                    "now {} (was {})",
                    describe(&g.presence),
                    describe(&f.presence)
                );
                if type_changes {
                    what.push_str(&format!("; field type `{fo}` -> `{fnew}`"));
                }
                if must_set && role.sent {
                    what.push_str("; callers must set it");
                }
                self.push(
                    if breaking {
                        Kind::Breaking
                    } else {
                        Kind::Additive
                    },
                    &subject,
                    what,
                );
            }
        }
        // An operation's input always builds into a `Result` (see `ir::Struct::input`).
        let fallible =
            |s: &ir::Struct| s.input || s.fields.iter().any(|f| f.presence == Presence::Required);
        if role.sent && fallible(o) != fallible(n) {
            let what = if fallible(n) {
                "builder: `build()` now returns a Result (the structure has required members)"
            } else {
                "builder: `build()` no longer returns a Result (no required member left)"
            };
            self.push(Kind::Breaking, &ns.id, what);
        }
    }

    pub(super) fn union(
        &mut self,
        (os, ns): (&Shape, &Shape),
        o: &ir::Union,
        n: &ir::Union,
        role: Role,
    ) {
        let variant = |v: &ir::Field| match v.ty.kind {
            TyKind::Unit => format!("`{}`", v.name),
            _ => format!("`{}({})`", v.name, v.value_type_name()),
        };
        for g in n
            .variants
            .iter()
            .filter(|g| o.variants.iter().all(|f| f.wire != g.wire))
        {
            let what = format!(
                "variant added ({}; the union is #[non_exhaustive])",
                variant(g)
            );
            self.push(Kind::Additive, &format!("{}${}", ns.id, g.wire), what);
        }
        for f in &o.variants {
            match n.variants.iter().find(|g| g.wire == f.wire) {
                None => self.push(
                    Kind::Breaking,
                    &format!("{}${}", os.id, f.wire),
                    format!("variant removed ({})", variant(f)),
                ),
                Some(g) => self.field(
                    &format!("{}${}", ns.id, g.wire),
                    (member_traits(os, f), member_traits(ns, g)),
                    (f, g),
                    role,
                    &[],
                ),
            }
        }
    }

    /// What a structure's field and a union's variant share: the Rust name, the target,
    /// boxing and the member's traits.
    pub(super) fn field(
        &mut self,
        subject: &str,
        (otr, ntr): (&Traits, &Traits),
        (f, g): (&ir::Field, &ir::Field),
        role: Role,
        skip: &[&str],
    ) {
        if f.name != g.name {
            self.push(
                Kind::Breaking,
                subject,
                format!("Rust name changed from `{}` to `{}`", f.name, g.name),
            );
        }
        self.member_target(subject, &f.ty.shape, &g.ty.shape, otr, ntr, role);
        if f.boxed != g.boxed {
            let why = if g.boxed {
                "now boxed (it holds a recursive reference)"
            } else {
                "no longer boxed"
            };
            self.push(
                Kind::Breaking,
                subject,
                format!(
                    "{why}: `{}` -> `{}`",
                    f.value_type_name(),
                    g.value_type_name()
                ),
            );
        }
        if f.location != g.location {
            let what = format!(
                "wire: moves from {} to {}",
                location_name(&f.location),
                location_name(&g.location)
            );
            self.push(Kind::Additive, subject, what);
        }
        if f.json_name != g.json_name {
            let what = format!(
                "wire: JSON key changes from {:?} to {:?}",
                f.json_name, g.json_name
            );
            self.push(Kind::Additive, subject, what);
        }
        let skip: Vec<&str> = skip.iter().chain(&BINDING_TRAITS).copied().collect();
        self.traits(subject, otr, ntr, role, &skip);
    }

    /// Members of lists and maps.
    pub(super) fn members(&mut self, o: &Shape, n: &Shape, role: Role) {
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
            self.member_target(
                &subject, &om.target, &nm.target, &om.traits, &nm.traits, role,
            );
            self.traits(&subject, &om.traits, &nm.traits, role, &[]);
        }
    }

    /// A member pointing at another shape: breaking when the Rust type changes; when it
    /// does not, the constraints the member ends up with are compared.
    pub(super) fn member_target(
        &mut self,
        subject: &str,
        ot: &str,
        nt: &str,
        otr: &Traits,
        ntr: &Traits,
        role: Role,
    ) {
        if ot == nt {
            return;
        }
        let (to, tn) = (self.old.rust_type(ot), self.new.rust_type(nt));
        let moved = format!(
            "retargeted from `{}` to `{}`",
            self.short(ot),
            self.short(nt)
        );
        if to != tn {
            self.push(
                Kind::Breaking,
                subject,
                format!("{moved} (Rust type `{to}` -> `{tn}`)"),
            );
            return;
        }
        self.push(
            Kind::Additive,
            subject,
            format!("{moved} (same Rust type `{to}`)"),
        );
        let effective = |model: &Model, target: &str, member: &Traits| -> Traits {
            let mut t = model
                .get(target)
                .map(|s| s.traits.clone())
                .unwrap_or_default();
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
    pub(super) fn enumeration(&mut self, (os, ns): (&Shape, &Shape), o: &ir::Enum, n: &ir::Enum) {
        let show = |v: &ir::EnumValue| match v {
            ir::EnumValue::String(s) => compact(&Value::from(s.as_str())),
            ir::EnumValue::Int(i) => i.to_string(),
        };
        for v in &n.variants {
            let subject = format!("{}${}", ns.id, v.member);
            match o.variants.iter().find(|w| w.name == v.name) {
                None => self.push(
                    Kind::Additive,
                    &subject,
                    format!(
                        "enum value added: {} (the enum is #[non_exhaustive])",
                        show(&v.value)
                    ),
                ),
                Some(w) => {
                    if w.value != v.value {
                        self.push(
                            Kind::Breaking,
                            &subject,
                            format!(
                                "enum value changed from {} to {}",
                                show(&w.value),
                                show(&v.value)
                            ),
                        );
                    }
                    let (a, b) = (
                        enum_member_traits(os, &w.member),
                        enum_member_traits(ns, &v.member),
                    );
                    self.traits(&subject, &a, &b, NO_ROLE, &[traits::ENUM_VALUE]);
                }
            }
        }
        for w in o
            .variants
            .iter()
            .filter(|w| n.variants.iter().all(|v| v.name != w.name))
        {
            let what = format!(
                "enum value removed: {} (its variant goes away)",
                show(&w.value)
            );
            self.push(Kind::Breaking, &format!("{}${}", os.id, w.member), what);
        }
    }
}

/// A member's presence, in the report's words.
pub(super) fn describe(p: &Presence) -> String {
    match p {
        Presence::Optional => "optional".into(),
        Presence::Required => "required".into(),
        Presence::Default(v) => format!("@default({})", compact(v)),
    }
}
/// The traits of the member a field or variant comes from.
pub(super) fn member_traits<'s>(shape: &'s Shape, f: &ir::Field) -> &'s Traits {
    &shape
        .member(&f.wire)
        .expect("a field comes from a member of its shape")
        .traits
}
/// The traits of an enum member; for a Smithy 1.0 `@enum` value, its documentation and its
/// other keys (as `smithy.api#enum.<key>`).
pub(super) fn enum_member_traits(shape: &Shape, member: &str) -> Traits {
    let Some(defs) = shape.traits.get(traits::ENUM).and_then(Value::as_array) else {
        return shape
            .member(member)
            .map(|m| m.traits.clone())
            .unwrap_or_default();
    };
    let label = |d: &Value| {
        d.get("name")
            .and_then(Value::as_str)
            .or_else(|| d.get("value").and_then(Value::as_str))
            .map(str::to_string)
    };
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

/// The member traits whose meaning `Differ::field` reports as a location or JSON key.
const BINDING_TRAITS: [&str; 8] = [
    traits::HTTP_LABEL,
    traits::HTTP_QUERY,
    traits::HTTP_QUERY_PARAMS,
    traits::HTTP_HEADER,
    traits::HTTP_PREFIX_HEADERS,
    traits::HTTP_PAYLOAD,
    traits::HTTP_RESPONSE_CODE,
    traits::JSON_NAME,
];

/// Where a member goes, as the report says it.
fn location_name(l: &ir::Location) -> String {
    match l {
        ir::Location::Body => "the body".into(),
        ir::Location::Label => "a URI label".into(),
        ir::Location::Query(q) => format!("query parameter `{q}`"),
        ir::Location::QueryParams => "the query parameters map".into(),
        ir::Location::Header(h) => format!("header `{h}`"),
        ir::Location::PrefixHeaders(p) => format!("headers prefixed `{p}`"),
        ir::Location::Payload => "the whole payload".into(),
        ir::Location::ResponseCode => "the status code".into(),
    }
}
