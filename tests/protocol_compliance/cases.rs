//! Finds the test services of a model (awsJson1_0, awsJson1_1, restJson1) and their
//! client-side protocol test cases (`smithy.test#httpRequestTests` / `httpResponseTests`
//! on operations and errors).

use codegen::load::model::{local_name, Model, Shape};
use serde_json::Value;

pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
pub const REST_JSON_1: &str = "aws.protocols#restJson1";
const PROTOCOLS: [&str; 3] = [
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    REST_JSON_1,
];

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Request,
    Response,
    /// A response test on an error structure, run through an operation that lists it.
    Error {
        error: String,
    },
}

#[derive(Debug, Clone)]
pub struct Case {
    /// `request <id>` or `response <id>`: a request and a response test may share an id.
    pub key: String,
    pub operation: String,
    pub kind: Kind,
    /// The protocol the case names (an entry of `PROTOCOLS`): a service may list several.
    pub protocol: &'static str,
    /// The test case object as written in the model.
    pub test: Value,
}

#[derive(Debug)]
pub struct Service {
    pub id: String,
    pub cases: Vec<Case>,
    /// Cases of its protocols marked `appliesTo: "server"`: not a client's to pass.
    pub server_only: Vec<String>,
}

/// Every service with a protocol trait of `PROTOCOLS`, with its cases in model order.
pub fn services(model: &Model) -> Vec<Service> {
    model
        .shapes
        .values()
        .filter_map(|shape| {
            let protocols: Vec<&'static str> = PROTOCOLS
                .into_iter()
                .filter(|p| shape.has_trait(p))
                .collect();
            (!protocols.is_empty()).then(|| service_cases(model, shape, &protocols))
        })
        .collect()
}

/// Whether cases of `protocol` compare the whole structure with its serde form: only the
/// RPC protocols put every member in the body.
pub fn body_holds_every_member(protocol: &str) -> bool {
    protocol != REST_JSON_1
}

fn service_cases(model: &Model, service: &Shape, protocols: &[&'static str]) -> Service {
    let mut out = Service {
        id: service.id.clone(),
        cases: Vec::new(),
        server_only: Vec::new(),
    };
    let mut errors_seen = std::collections::BTreeSet::new();
    for op_id in codegen::select::service_operations(model, service) {
        let op = model.shape(&op_id);
        let mut add = |shape: &Shape, trait_id: &str, kind: Kind| {
            for test in shape
                .traits
                .get(trait_id)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(protocol) = protocols.iter().copied().find(|p| same_protocol(test, p))
                else {
                    continue;
                };
                let id = test
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if test.get("appliesTo").and_then(Value::as_str) == Some("server") {
                    out.server_only.push(id);
                    continue;
                }
                let side = if kind == Kind::Request {
                    "request"
                } else {
                    "response"
                };
                let key = format!("{side} {id}");
                out.cases.push(Case {
                    key,
                    operation: op_id.clone(),
                    kind: kind.clone(),
                    protocol,
                    test: test.clone(),
                });
            }
        };
        add(op, REQUEST_TESTS, Kind::Request);
        add(op, RESPONSE_TESTS, Kind::Response);
        for error in op.relations.errors.iter().chain(&service.relations.errors) {
            if errors_seen.insert(error.clone()) {
                add(
                    model.shape(error),
                    RESPONSE_TESTS,
                    Kind::Error {
                        error: error.clone(),
                    },
                );
            }
        }
    }
    out
}

/// The keys of every client-side case of `protocol` in the model, on any shape, whether
/// or not a service reaches it: what `services` must collect.
pub fn client_cases(model: &Model, protocol: &str) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    for shape in model.shapes.values() {
        for (trait_id, side) in [(REQUEST_TESTS, "request"), (RESPONSE_TESTS, "response")] {
            let tests = shape.traits.get(trait_id).and_then(Value::as_array);
            for test in tests.into_iter().flatten() {
                let server = test.get("appliesTo").and_then(Value::as_str) == Some("server");
                if same_protocol(test, protocol) && !server {
                    let id = test.get("id").and_then(Value::as_str).unwrap_or_default();
                    keys.insert(format!("{side} {id}"));
                }
            }
        }
    }
    keys
}

/// Test cases name their protocol by shape id; compare the names so that a relative id
/// (`awsJson1_1`) and an absolute one match.
fn same_protocol(test: &Value, protocol: &str) -> bool {
    test.get("protocol")
        .and_then(Value::as_str)
        .is_some_and(|p| local_name(p) == local_name(protocol))
}
