//! Which shapes to generate: the service, the chosen operations, and everything they
//! reach (inputs, outputs, errors, service errors, member targets), transitively.

use crate::error::{shape_path, Error, Result};
use crate::load::model::{local_name, traits, Model, Shape, ShapeType};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub service: String,
    /// Operation shape ids, sorted by their name.
    pub operations: Vec<String>,
    /// Every shape id the operations reach (operations excluded), sorted.
    pub shapes: BTreeSet<String>,
    /// Operations that [`Operations::All`] leaves out because they cannot be generated,
    /// sorted like `operations`: the caller tells the user, so that a crate missing them
    /// is never taken for the whole service.
    pub skipped: Vec<Skipped>,
}

/// An operation left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub operation: String,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "shape `{}`: operation not generated: {}",
            self.operation, self.reason
        )
    }
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

/// The operations `wanted` of `service` and the shapes they need. `http_payloads`: the
/// protocol sends an `@httpPayload` member as the raw body (the REST protocols), which can
/// carry a streaming blob.
pub fn select(
    model: &Model,
    service: &Shape,
    wanted: &Operations,
    http_payloads: bool,
) -> Result<Selection> {
    let bound = service_operations(model, service);
    let by_name: BTreeMap<&str, &String> = bound.iter().map(|id| (local_name(id), id)).collect();
    let mut skipped = Vec::new();
    let mut operations: Vec<String> = match wanted {
        Operations::All => {
            let mut ops = Vec::new();
            for op in &bound {
                match unsupported(model, service, op, http_payloads) {
                    Some(e) => skipped.push(Skipped {
                        operation: op.clone(),
                        reason: e.message,
                    }),
                    None => ops.push(op.clone()),
                }
            }
            ops
        }
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
                if let Some(e) = unsupported(model, service, id, http_payloads) {
                    return Err(e);
                }
                ops.push(id.clone());
            }
            ops
        }
    };
    let by_local_name = |a: &String, b: &String| local_name(a).cmp(local_name(b)).then(a.cmp(b));
    operations.sort_by(by_local_name);
    operations.dedup();
    skipped.sort_by(|a, b| by_local_name(&a.operation, &b.operation));
    if operations.is_empty() {
        let why = skipped
            .iter()
            .map(|s| format!("`{}`: {}", local_name(&s.operation), s.reason))
            .collect::<Vec<_>>();
        let message = match why.is_empty() {
            true => "no operations selected".to_string(),
            false => format!(
                "has no operation that can be generated ({})",
                why.join("; ")
            ),
        };
        return Err(Error::shape(&service.id, message)
            .at(format!("{}.operations", shape_path(&service.id))));
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
        skipped,
    })
}

/// Why the operation cannot be generated, as an error naming it and the member at fault:
/// a member of its input, output or errors (at any depth) targets a `@streaming` shape.
/// An event stream (a streaming union) needs the event-stream framing, and a streaming
/// blob a raw HTTP payload; awsJson bodies are one JSON document, which has neither. Under
/// a REST protocol, a streaming blob that is the `@httpPayload` of the input or output is
/// the whole body, which the sans-IO crate holds in memory like any other.
fn unsupported(model: &Model, service: &Shape, op: &str, http_payloads: bool) -> Option<Error> {
    let rel = &model.shape(op).relations;
    let top = |id: &str| rel.input.as_deref() == Some(id) || rel.output.as_deref() == Some(id);
    let mut stack: Vec<&str> = rel
        .input
        .iter()
        .chain(&rel.output)
        .chain(&rel.errors)
        .chain(&service.relations.errors)
        .map(String::as_str)
        .collect();
    stack.reverse();
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let shape = model.shape(id);
        for m in &shape.members {
            let target = model.shape(&m.target);
            if !target.has_trait(traits::STREAMING) {
                continue;
            }
            if http_payloads
                && target.ty == ShapeType::Blob
                && top(id)
                && m.traits.get(traits::HTTP_PAYLOAD).is_some()
            {
                continue;
            }
            let member = format!("{id}${}", m.name);
            let what = match target.ty {
                ShapeType::Union => format!(
                    "event streams are not supported (member `{member}` targets the event stream `{}`)",
                    target.id
                ),
                _ => format!(
                    "streaming blobs are supported only as the @httpPayload of a REST protocol's input or output (member `{member}` targets the @streaming {} `{}`)",
                    target.ty.name(),
                    target.id
                ),
            };
            return Some(Error::shape(op, what).at(shape_path(&member)));
        }
        stack.extend(shape.members.iter().rev().map(|m| m.target.as_str()));
    }
    None
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
        let sel = select(&model, svc, &Operations::All, false).unwrap();
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
        let one = select(&model, svc, &Operations::Named(vec!["Get".into()]), false).unwrap();
        assert_eq!(one.operations, ["a#Get"]);
        assert!(!one.shapes.contains("a#In"));
    }

    #[test]
    fn unknown_operation_is_an_error() {
        let model = load_json(MODEL.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let e = select(&model, svc, &Operations::Named(vec!["Nope".into()]), false).unwrap_err();
        assert!(e.to_string().contains("has no operation `Nope`"), "{e}");
        assert!(!e.to_string().contains("did you mean"), "{e}");
        let e = select(&model, svc, &Operations::Named(vec!["get".into()]), false).unwrap_err();
        assert!(e.to_string().contains("did you mean `Get`?"), "{e}");
        let e = select(&model, svc, &Operations::Named(vec!["Opp".into()]), false).unwrap_err();
        assert!(e.to_string().contains("did you mean `Op`?"), "{e}");
    }

    const STREAMING: &str = r#"{"smithy":"2.0","shapes":{
        "s#Svc":{"type":"service","operations":[{"target":"s#Events"},{"target":"s#Upload"},{"target":"s#Nested"},{"target":"s#Plain"}],
                 "traits":{"aws.protocols#awsJson1_1":{}}},
        "s#Events":{"type":"operation","output":{"target":"s#EventsOut"}},
        "s#EventsOut":{"type":"structure","members":{"stream":{"target":"s#Stream"}}},
        "s#Stream":{"type":"union","members":{"tick":{"target":"s#Tick"}},"traits":{"smithy.api#streaming":{}}},
        "s#Tick":{"type":"structure"},
        "s#Upload":{"type":"operation","input":{"target":"s#UploadIn"}},
        "s#UploadIn":{"type":"structure","members":{"name":{"target":"smithy.api#String"},"body":{"target":"s#Data"}}},
        "s#Data":{"type":"blob","traits":{"smithy.api#streaming":{}}},
        "s#Nested":{"type":"operation","input":{"target":"s#Outer"}},
        "s#Outer":{"type":"structure","members":{"items":{"target":"s#Items"}}},
        "s#Items":{"type":"list","member":{"target":"s#UploadIn"}},
        "s#Plain":{"type":"operation","input":{"target":"s#PlainIn"}},
        "s#PlainIn":{"type":"structure","members":{"data":{"target":"smithy.api#Blob"}}}}}"#;

    /// All operations leaves out event streams and streaming blobs (at any depth), each
    /// with its reason; naming one is an error naming the member.
    #[test]
    fn streaming_operations_are_skipped_with_a_reason_or_refused() {
        let model = load_json(STREAMING.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let sel = select(&model, svc, &Operations::All, false).unwrap();
        assert_eq!(sel.operations, ["s#Plain"]);
        let skipped: Vec<String> = sel.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(
            skipped,
            [
                "shape `s#Events`: operation not generated: event streams are not supported (member `s#EventsOut$stream` targets the event stream `s#Stream`)",
                "shape `s#Nested`: operation not generated: streaming blobs are supported only as the @httpPayload of a REST protocol's input or output (member `s#UploadIn$body` targets the @streaming blob `s#Data`)",
                "shape `s#Upload`: operation not generated: streaming blobs are supported only as the @httpPayload of a REST protocol's input or output (member `s#UploadIn$body` targets the @streaming blob `s#Data`)",
            ]
        );
        assert!(!sel.shapes.contains("s#Data"));
        let e = select(
            &model,
            svc,
            &Operations::Named(vec!["Upload".into()]),
            false,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "shape `s#Upload`: streaming blobs are supported only as the @httpPayload of a REST protocol's input or output (member `s#UploadIn$body` targets the @streaming blob `s#Data`) (at $.shapes[\"s#UploadIn\"].members[\"body\"])"
        );
        let e = select(
            &model,
            svc,
            &Operations::Named(vec!["Events".into()]),
            false,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("shape `s#Events`: event streams are not supported"),
            "{e}"
        );
        let named = Operations::Named(vec!["Plain".into()]);
        assert!(select(&model, svc, &named, false)
            .unwrap()
            .skipped
            .is_empty());
    }

    /// Under a REST protocol the input's `@httpPayload` streaming blob is the body; the
    /// same blob deeper in the input, or an event stream, is still left out.
    #[test]
    fn a_rest_payload_may_be_a_streaming_blob() {
        let payload = STREAMING.replace(
            r#""body":{"target":"s#Data"}"#,
            r#""body":{"target":"s#Data","traits":{"smithy.api#httpPayload":{}}}"#,
        );
        let model = load_json(payload.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let sel = select(&model, svc, &Operations::All, true).unwrap();
        assert_eq!(sel.operations, ["s#Plain", "s#Upload"]);
        let skipped: Vec<&str> = sel.skipped.iter().map(|s| s.operation.as_str()).collect();
        assert_eq!(skipped, ["s#Events", "s#Nested"]);
        assert!(sel.shapes.contains("s#Data"));
        let awsjson = select(&model, svc, &Operations::All, false).unwrap();
        assert_eq!(awsjson.operations, ["s#Plain"]);
    }

    #[test]
    fn a_service_of_only_unsupported_operations_says_why() {
        let only = STREAMING.replace(r#",{"target":"s#Plain"}"#, "");
        let model = load_json(only.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let e = select(&model, svc, &Operations::All, false)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("shape `s#Svc`: has no operation that can be generated (`Events`: event streams are not supported"),
            "{e}"
        );
        assert!(e.contains("; `Upload`: streaming blobs"), "{e}");
    }

    #[test]
    fn operation_names_may_be_written_with_spaces_around_them() {
        let model = load_json(MODEL.as_bytes()).unwrap();
        let svc = find_service(&model, None).unwrap();
        let names = Operations::Named(vec!["Get".into(), " Op".into()]);
        assert_eq!(
            select(&model, svc, &names, false).unwrap().operations,
            ["a#Get", "a#Op"]
        );
    }
}
