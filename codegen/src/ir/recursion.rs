//! Recursive fields boxed, so that every generated type has a finite size.

use super::{Crate, Field, NamedKind, TyKind};
use std::collections::{BTreeMap, BTreeSet};

/// Boxes struct and union fields that lead back to their own container without passing
/// through a list or map (which already allocate).
pub(super) fn box_recursion(krate: &mut Crate) {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let direct = |f: &Field| match &f.ty.kind {
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => Some(id.clone()),
        _ => None,
    };
    for s in krate.structs.values() {
        edges.insert(s.id.clone(), s.fields.iter().filter_map(direct).collect());
    }
    for u in krate.unions.values() {
        edges.insert(u.id.clone(), u.variants.iter().filter_map(direct).collect());
    }
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut to_box = BTreeSet::new();
    for (owner, targets) in &edges {
        for t in targets {
            if reaches(t, owner) {
                to_box.insert((owner.clone(), t.clone()));
            }
        }
    }
    let fields = krate
        .structs
        .values_mut()
        .map(|s| (s.id.clone(), &mut s.fields));
    let variants = krate
        .unions
        .values_mut()
        .map(|u| (u.id.clone(), &mut u.variants));
    for (owner, fields) in fields.chain(variants) {
        for f in fields.iter_mut() {
            if let Some(t) = direct(f) {
                f.boxed = to_box.contains(&(owner.clone(), t));
            }
        }
    }
}
