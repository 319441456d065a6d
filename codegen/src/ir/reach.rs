//! Which structures and unions are sent (reachable from an input) and which are received
//! (from an output or an error), so that no unused codec function is emitted and the
//! model diff knows which rules apply.

use super::{Crate, NamedKind, Operation, Struct, Ty, TyKind};
use std::collections::BTreeSet;

/// Which structs and unions are sent (reachable from an input) and which are received
/// (reachable from an output or an error), so no unused codec function is emitted.
pub struct Reach {
    pub sent: BTreeSet<String>,
    pub received: BTreeSet<String>,
}

impl Reach {
    /// `parsed` tells which error structures count as received: the emitters leave out
    /// those read with the response's metadata alone, which need no parser of their own.
    pub fn of(krate: &Crate, parsed: impl Fn(&Struct) -> bool) -> Reach {
        let inputs = krate.operations.iter().map(|o| o.input.clone());
        let parsed_errors = |o: &Operation| {
            o.errors
                .iter()
                .map(|e| &e.id)
                .filter(|id| krate.structs.get(*id).is_none_or(&parsed))
                .cloned()
                .collect::<Vec<_>>()
        };
        let outputs = krate
            .operations
            .iter()
            .flat_map(|o| std::iter::once(o.output.clone()).chain(parsed_errors(o)));
        Reach {
            sent: closure(krate, inputs),
            received: closure(krate, outputs),
        }
    }
}

/// The sent structures and unions written as JSON, which need a serializer: every sent
/// one, except a REST operation's input whose body is not the JSON document of its members
/// (its members go to the URI, headers or a payload) unless something sent holds it.
pub fn json_sent(krate: &Crate) -> BTreeSet<String> {
    let rest = krate.service.protocol.is_rest();
    let roots = krate.operations.iter().flat_map(|o| {
        let input = &krate.structs[&o.input];
        let mut roots = Vec::new();
        if !rest || input.body_is_json_document() {
            roots.push(o.input.clone());
        } else {
            for f in &input.fields {
                named_in(&f.ty, &mut |id| roots.push(id.to_string()));
            }
        }
        roots
    });
    closure(krate, roots)
}

pub(super) fn closure(krate: &Crate, roots: impl Iterator<Item = String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let fields = krate
            .structs
            .get(&id)
            .map(|s| &s.fields)
            .or_else(|| krate.unions.get(&id).map(|u| &u.variants));
        for f in fields.into_iter().flatten() {
            named_in(&f.ty, &mut |id| stack.push(id.to_string()));
        }
    }
    seen
}

/// Calls `f` with every struct or union id a type refers to.
pub(super) fn named_in(ty: &Ty, f: &mut impl FnMut(&str)) {
    match &ty.kind {
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => f(id),
        TyKind::List { member, .. } => named_in(member, f),
        TyKind::Map { value, .. } => named_in(value, f),
        _ => {}
    }
}
