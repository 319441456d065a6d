//! Recursive shapes Smithy refuses because no finite value of them exists (the generated
//! `Default` and parsers of such shapes would never end):
//!
//! - a list or map that holds itself without a structure or union in between;
//! - a structure that holds itself through required members only;
//! - a union none of whose members leads to a value that does not hold the union again.

use crate::error::{shape_path, Error, Result};
use crate::load::model::{traits, Model, Shape, ShapeType};
use std::collections::{HashMap, HashSet, VecDeque};

pub(super) fn check(model: &Model, index: &HashMap<&str, &Shape>) -> Result<()> {
    use ShapeType::*;
    let shapes = || {
        model
            .shapes
            .values()
            .filter(|s| !s.has_trait(traits::MIXIN))
    };
    let is_collection = |s: &Shape| matches!(s.ty, List | Set | Map);
    if let Some(cycle) = find_cycle(shapes().filter(|s| is_collection(s)), index, |_, t| {
        is_collection(t)
    }) {
        return Err(cycle_error(
            &cycle,
            "holds itself without a structure or union in between",
        ));
    }
    let edge = |m: &crate::load::model::Member, t: &Shape| {
        t.ty == Structure && m.traits.contains_key(traits::REQUIRED)
    };
    if let Some(cycle) = find_cycle(shapes().filter(|s| s.ty == Structure), index, edge) {
        return Err(cycle_error(
            &cycle,
            "holds itself through required members only; one of them must be optional",
        ));
    }
    // A structure whose members are all required, or a union, has a finite value when one
    // of its members' targets has; every other shape has one. Marked from the latter back.
    let open = |s: &Shape| match s.ty {
        Structure => {
            !s.members.is_empty()
                && s.members
                    .iter()
                    .all(|m| m.traits.contains_key(traits::REQUIRED))
        }
        Union => !s.members.is_empty(),
        _ => false,
    };
    let mut holders: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut finite: HashSet<&str> = HashSet::new();
    let mut queue = VecDeque::new();
    for s in model.shapes.values() {
        if open(s) {
            for m in &s.members {
                holders.entry(m.target.as_str()).or_default().push(&s.id);
            }
        } else {
            finite.insert(&s.id);
            queue.push_back(s.id.as_str());
        }
    }
    while let Some(id) = queue.pop_front() {
        for &holder in holders.get(id).into_iter().flatten() {
            if finite.insert(holder) {
                queue.push_back(holder);
            }
        }
    }
    match shapes().find(|s| s.ty == Union && !finite.contains(s.id.as_str())) {
        Some(union) => Err(Error::shape(
            &union.id,
            "no value of this recursive union can be built: every member leads back to it",
        )
        .at(shape_path(&union.id))),
        None => Ok(()),
    }
}

/// The first cycle among `nodes` through members for which `edge(member, target)` holds,
/// as the member ids along it (a depth-first walk with an explicit stack: models can
/// nest deeply).
fn find_cycle<'m>(
    nodes: impl Iterator<Item = &'m Shape>,
    index: &HashMap<&str, &'m Shape>,
    edge: impl Fn(&crate::load::model::Member, &Shape) -> bool,
) -> Option<Vec<String>> {
    // Absent: not seen; true: on the current path; false: done.
    let mut state: HashMap<&str, bool> = HashMap::new();
    for start in nodes {
        if state.contains_key(start.id.as_str()) {
            continue;
        }
        state.insert(&start.id, true);
        // Each entry: a shape on the path and the index of its next member to follow.
        let mut path: Vec<(&Shape, usize)> = vec![(start, 0)];
        while let Some((shape, next)) = path.last_mut() {
            let shape = *shape;
            let Some(m) = shape.members.get(*next) else {
                state.insert(&shape.id, false);
                path.pop();
                continue;
            };
            *next += 1;
            let Some(&target) = index.get(m.target.as_str()) else {
                continue;
            };
            if target.has_trait(traits::MIXIN) || !edge(m, target) {
                continue;
            }
            match state.get(target.id.as_str()) {
                Some(true) => {
                    let from = path.iter().position(|(s, _)| s.id == target.id)?;
                    return Some(
                        path[from..]
                            .iter()
                            .map(|(s, next)| format!("{}${}", s.id, s.members[next - 1].name))
                            .collect(),
                    );
                }
                Some(false) => {}
                None => {
                    state.insert(&target.id, true);
                    path.push((target, 0));
                }
            }
        }
    }
    None
}

/// The error for a cycle of member ids, on the shape of its first member.
fn cycle_error(cycle: &[String], why: &str) -> Error {
    let first = &cycle[0];
    let shape = first.split_once('$').map_or(first.as_str(), |(s, _)| s);
    let through: Vec<String> = cycle.iter().map(|m| format!("`{m}`")).collect();
    Error::shape(shape, format!("{why} ({})", through.join(" -> "))).at(shape_path(first))
}
