//! Which shapes to generate: the service, the chosen operations, and everything they
//! reach (inputs, outputs, errors, service errors, member targets), transitively.

use crate::error::{Error, Result};
use crate::load::model::{local_name, traits, Model, Shape, ShapeType};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub service: String,
    /// Operation shape ids, sorted by their name.
    pub operations: Vec<String>,
    /// Every shape id the operations reach (operations excluded), sorted.
    pub shapes: BTreeSet<String>,
}

/// Which operations a run generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operations {
    All,
    /// Operation names (`ResendConfirmationCode`) or absolute shape ids.
    Named(Vec<String>),
}

/// The model's one service, or the one named by `service` (an absolute id or a name).
pub fn find_service<'m>(model: &'m Model, service: Option<&str>) -> Result<&'m Shape> {
    let services: Vec<&Shape> = model.services().collect();
    match service {
        Some(want) => services
            .into_iter()
            .find(|s| s.id == want || s.name() == want)
            .ok_or_else(|| Error::new(format!("the model has no service `{want}`"))),
        None => match services.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::new("the model defines no service")),
            many => Err(Error::new(format!(
                "the model defines {} services ({}); name one",
                many.len(),
                many.iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
    }
}

/// Every operation bound to the service, directly or through its resources.
pub fn service_operations(model: &Model, service: &Shape) -> BTreeSet<String> {
    let mut ops = BTreeSet::new();
    let mut stack: Vec<&str> = vec![service.id.as_str()];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let shape = model.shape(id);
        let rel = &shape.relations;
        for op in rel.operations.iter().chain(&rel.lifecycle) {
            ops.insert(op.clone());
        }
        stack.extend(rel.resources.iter().map(String::as_str));
    }
    ops
}

/// `; did you mean `A` or `B`?` for the names closest to a misspelt one (case aside),
/// or nothing when none is close.
fn suggestions<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> String {
    let wanted = name.to_lowercase();
    let mut close: Vec<(usize, &str)> = names
        .map(|n| (strsim::levenshtein(&wanted, &n.to_lowercase()), n))
        .filter(|(d, n)| *d <= (n.len() / 3).max(1))
        .collect();
    close.sort();
    let close: Vec<String> = close
        .iter()
        .take(3)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    match close.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

pub fn select(model: &Model, service: &Shape, wanted: &Operations) -> Result<Selection> {
    let bound = service_operations(model, service);
    let by_name: BTreeMap<&str, &String> = bound.iter().map(|id| (local_name(id), id)).collect();
    let mut operations: Vec<String> = match wanted {
        Operations::All => bound
            .iter()
            .filter(|op| !uses_event_stream(model, op))
            .cloned()
            .collect(),
        Operations::Named(names) => {
            let mut ops = Vec::new();
            for name in names.iter().map(|n| n.trim()) {
                let id = by_name
                    .get(name)
                    .copied()
                    .or_else(|| bound.get(name))
                    .ok_or_else(|| {
                        Error::shape(
                            &service.id,
                            format!(
                                "has no operation `{name}`{}",
                                suggestions(name, by_name.keys().copied())
                            ),
                        )
                    })?;
                if uses_event_stream(model, id) {
                    return Err(Error::shape(id, "event streams are not supported"));
                }
                ops.push(id.clone());
            }
            ops
        }
    };
    operations.sort_by(|a, b| local_name(a).cmp(local_name(b)).then(a.cmp(b)));
    operations.dedup();
    if operations.is_empty() {
        return Err(Error::shape(&service.id, "no operations selected"));
    }

    let mut shapes = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in &operations {
        let rel = &model.shape(op).relations;
        stack.extend(
            rel.input
                .iter()
                .chain(&rel.output)
                .chain(&rel.errors)
                .cloned(),
        );
    }
    stack.extend(service.relations.errors.iter().cloned());
    while let Some(id) = stack.pop() {
        if !shapes.insert(id.clone()) {
            continue;
        }
        stack.extend(model.shape(&id).members.iter().map(|m| m.target.clone()));
    }
    Ok(Selection {
        service: service.id.clone(),
        operations,
        shapes,
    })
}

/// True when the operation's input or output has a member targeting a `@streaming` union.
fn uses_event_stream(model: &Model, op: &str) -> bool {
    let rel = &model.shape(op).relations;
    rel.input.iter().chain(&rel.output).any(|io| {
        model.shape(io).members.iter().any(|m| {
            let t = model.shape(&m.target);
            t.ty == ShapeType::Union && t.has_trait(traits::STREAMING)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_json;

    const MODEL: &str = r#"{"smithy":"2.0","shapes":{
        "a#Svc":{"type":"service","operations":[{"target":"a#Op"}],"resources":[{"target":"a#Res"}],
                 "errors":[{"target":"a#SvcErr"}]},
        "a#Res":{"type":"resource","read":{"target":"a#Get"}},
        "a#Op":{"type":"operation","input":{"target":"a#In"},"errors":[{"target":"a#Err"}]},
        "a#Get":{"type":"operation","output":{"target":"a#Out"}},
        "a#In":{"type":"structure","members":{"l":{"target":"a#List"}}},
        "a#List":{"type":"list","member":{"target":"a#Item"}},
        "a#Item":{"type":"structure","members":{"s":{"target":"smithy.api#String"}}},
        "a#Out":{"type":"structure"},
        "a#Err":{"type":"structure","traits":{"smithy.api#error":"client"}},
        "a#SvcErr":{"type":"structure","traits":{"smithy.api#error":"server"}},
        "a#Unused":{"type":"structure"}}}"#;

    #[test]
    fn closure_follows_targets_resources_and_service_errors() {
        let model = load_json(MODEL.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let sel = select(&model, svc, &Operations::All).unwrap();
        assert_eq!(sel.operations, ["a#Get", "a#Op"]);
        let shapes: Vec<&str> = sel.shapes.iter().map(String::as_str).collect();
        assert_eq!(
            shapes,
            [
                "a#Err",
                "a#In",
                "a#Item",
                "a#List",
                "a#Out",
                "a#SvcErr",
                "smithy.api#String"
            ]
        );
        let one = select(&model, svc, &Operations::Named(vec!["Get".into()])).unwrap();
        assert_eq!(one.operations, ["a#Get"]);
        assert!(!one.shapes.contains("a#In"));
    }

    #[test]
    fn unknown_operation_is_an_error() {
        let model = load_json(MODEL.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let e = select(&model, svc, &Operations::Named(vec!["Nope".into()])).unwrap_err();
        assert!(e.to_string().contains("has no operation `Nope`"), "{e}");
        assert!(!e.to_string().contains("did you mean"), "{e}");
        let e = select(&model, svc, &Operations::Named(vec!["get".into()])).unwrap_err();
        assert!(e.to_string().contains("did you mean `Get`?"), "{e}");
        let e = select(&model, svc, &Operations::Named(vec!["Opp".into()])).unwrap_err();
        assert!(e.to_string().contains("did you mean `Op`?"), "{e}");
    }

    #[test]
    fn operation_names_may_be_written_with_spaces_around_them() {
        let model = load_json(MODEL.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let names = Operations::Named(vec!["Get".into(), " Op".into()]);
        assert_eq!(
            select(&model, svc, &names).unwrap().operations,
            ["a#Get", "a#Op"]
        );
    }
}
