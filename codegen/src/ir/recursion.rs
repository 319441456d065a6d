//! Which fields are boxed: recursive ones, so that every generated type has a finite
//! size, and every structure-typed union variant, so that no union is much larger than
//! its smallest variants.

use super::{Crate, Field, NamedKind, TyKind};
use std::collections::{BTreeMap, BTreeSet};

/// Boxes struct and union fields that lead back to their own container without passing
/// through a list or map (which already allocate), and every union variant holding a
/// structure. A union is as large as its largest variant: unboxed, one wide structure
/// makes every value of the union that large (clippy's `large_enum_variant`). Boxed,
/// the largest variant is a string, collection, document, enum or another union, each a
/// few words, whatever the model; so the rule needs no size estimate.
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
    for s in krate.structs.values_mut() {
        for f in &mut s.fields {
            if let Some(t) = direct(f) {
                f.boxed = to_box.contains(&(s.id.clone(), t));
            }
        }
    }
    for u in krate.unions.values_mut() {
        for v in &mut u.variants {
            if let Some(t) = direct(v) {
                let structure = matches!(
                    v.ty.kind,
                    TyKind::Named {
                        kind: NamedKind::Struct,
                        ..
                    }
                );
                v.boxed = structure || to_box.contains(&(u.id.clone(), t));
            }
        }
    }
}
