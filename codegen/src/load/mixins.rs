//! Mixins flattened into the shapes that use them: members, traits and relations.

use crate::error::{shape_path, Error, Result};
use crate::load::model::{traits, Member, Model, Relations, Shape, Traits};
use serde_json::Value;
use std::collections::BTreeSet;

/// Copies mixin members (first, in mixin order) and mixin traits (overridable, except
/// `@mixin` itself) into every shape that uses them, resolving mixins of mixins first.
pub(super) fn flatten_mixins(model: &mut Model) -> Result<()> {
    let with_mixins: Vec<String> = model
        .shapes
        .iter_mut()
        .filter_map(|(id, shape)| (!tidy_without_mixins(shape)).then(|| id.clone()))
        .collect();
    let mut done = BTreeSet::new();
    for id in with_mixins {
        flatten_one(model, &id, &mut Vec::new(), &mut done)?;
    }
    Ok(())
}

/// For a shape with nothing to inherit (most of them), what flattening does, which is only
/// collapsing references listed twice; whether it was such a shape. Members written under
/// `members` have distinct names; a list or map may also name one as `member`, `key` or
/// `value`, which [`flatten_one`] merges.
pub(super) fn tidy_without_mixins(shape: &mut Shape) -> bool {
    let distinct_members = shape.ty.fixed_members().is_none() || shape.members.len() <= 1;
    if !shape.mixins.is_empty() || !distinct_members {
        return false;
    }
    let own = std::mem::take(&mut shape.relations);
    inherit_relations(&mut shape.relations, own);
    true
}

pub(super) fn flatten_one(
    model: &mut Model,
    id: &str,
    stack: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Result<()> {
    if done.contains(id) {
        return Ok(());
    }
    if stack.iter().any(|s| s == id) {
        stack.push(id.to_string());
        return Err(
            Error::shape(id, format!("mixin cycle: {}", stack.join(" -> "))).at(shape_path(id)),
        );
    }
    let shape = model.shapes.get_mut(id).expect("shape exists");
    if tidy_without_mixins(shape) {
        return Ok(());
    }
    let mixins = shape.mixins.clone();
    stack.push(id.to_string());
    let mut members = Vec::new();
    let mut inherited = Traits::new();
    let mut relations = Relations::default();
    for (i, mixin) in mixins.iter().enumerate() {
        let path = format!("{}.mixins[{i}]", shape_path(id));
        let Some(m) = model.shapes.get(mixin) else {
            return Err(Error::shape(id, format!("unknown mixin `{mixin}`")).at(path));
        };
        if !m.has_trait(traits::MIXIN) {
            return Err(Error::shape(id, format!("`{mixin}` is not marked @mixin")).at(path));
        }
        flatten_one(model, mixin, stack, done)?;
        let m = &model.shapes[mixin];
        let local: BTreeSet<&str> = m.traits[traits::MIXIN]
            .get("localTraits")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (k, v) in &m.traits {
            if k != traits::MIXIN && !local.contains(k.as_str()) {
                inherited.insert(k.clone(), v.clone());
            }
        }
        for member in &m.members {
            // Two mixins may share a member if they agree on its target; traits merge.
            match members
                .iter_mut()
                .find(|x: &&mut Member| x.name == member.name)
            {
                Some(x) if x.target == member.target => x.traits.extend(member.traits.clone()),
                Some(_) => {
                    let message = format!(
                        "member `{}` comes from two mixins with different targets",
                        member.name
                    );
                    return Err(Error::shape(id, message).at(shape_path(id)));
                }
                None => members.push(member.clone()),
            }
        }
        inherit_relations(&mut relations, m.relations.clone());
    }
    stack.pop();
    let shape = model.shapes.get_mut(id).expect("shape exists");
    let own = std::mem::replace(&mut shape.relations, relations);
    inherit_relations(&mut shape.relations, own);
    // A shape may redeclare an inherited member to add traits to it.
    for own in std::mem::take(&mut shape.members) {
        match members.iter_mut().find(|m| m.name == own.name) {
            Some(m) => {
                if own.target != m.target {
                    return Err(Error::shape(
                        id,
                        format!("member `{}` changes the target of its mixin", own.name),
                    )
                    .at(format!("{}.members[{:?}]", shape_path(id), own.name)));
                }
                m.traits.extend(own.traits);
            }
            None => members.push(own),
        }
    }
    shape.members = members;
    for (k, v) in inherited {
        shape.traits.insert_if_missing(k, v);
    }
    done.insert(id.to_string());
    Ok(())
}

/// Adds `from`'s references to `into` (operations, services and resources take
/// them from their mixins): lists append what is new, single values override.
pub(super) fn inherit_relations(into: &mut Relations, from: Relations) {
    for (dst, src) in [
        (&mut into.errors, from.errors),
        (&mut into.operations, from.operations),
        (&mut into.resources, from.resources),
        (&mut into.lifecycle, from.lifecycle),
    ] {
        for r in src {
            if !dst.contains(&r) {
                dst.push(r);
            }
        }
    }
    for (dst, src) in [
        (&mut into.version, from.version),
        (&mut into.input, from.input),
        (&mut into.output, from.output),
    ] {
        if src.is_some() {
            *dst = src;
        }
    }
    into.rename.extend(from.rename);
}
