//! The generator's speed as a regression guard, not a target: `cargo bench -p codegen
//! --bench speed` times `codegen::generate` (load, select, lower, emit, print) on three
//! models and fails when the fastest of a few runs passes a generous bound (a busy machine
//! only ever adds time, so the fastest run is the code's own speed; the median is shown).
//!
//! - AWS's whole Cognito model, the four operations `models/codegen.json` names: 0.2 s;
//! - the same model, all of its operations: 1 s;
//! - a model of 400 operations made here (each with its own input, output and shapes of
//!   every kind, and shared errors): 3 s.
//!
//! Release build, on a machine like CI's (2 cores). Needs `../shared` beside the checkout.

use codegen::select::Operations;
use codegen::write::CrateSettings;
use serde_json::{json, Map, Value};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn options(operations: Operations) -> codegen::Options {
    codegen::Options {
        service: None,
        operations,
        crate_settings: CrateSettings {
            name: "speed-guard".into(),
            version: "0.1.0".into(),
            description: "benchmark".into(),
            serde: true,
        },
        command: "cargo bench -p codegen --bench speed".into(),
        model_name: "model.json".into(),
        protocol: None,
    }
}

/// The fastest and the median time of `RUNS` calls of `codegen::generate`, and the number
/// of files.
fn time(bytes: &[u8], options: &codegen::Options) -> (Duration, Duration, usize) {
    let files = codegen::generate(bytes, options)
        .unwrap_or_else(|e| panic!("the model generates: {e}"))
        .files
        .len();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(codegen::generate(std::hint::black_box(bytes), options).ok());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[RUNS / 2], files)
}

/// A service of `count` operations. Each has its own input and output structures, which
/// reach a structure, a list, a map, an enum and constrained members of their own; all
/// share two errors and one common structure.
fn synthetic_model(count: usize) -> Vec<u8> {
    let ns = "bench.speed";
    let id = |name: &str| format!("{ns}#{name}");
    let mut shapes = Map::new();
    let mut operations = Vec::new();
    shapes.insert(id("Common"), json!({"type": "structure", "members": {"Id": {"target": "smithy.api#String"}, "At": {"target": "smithy.api#Timestamp"}}}));
    for error in ["NotFound", "Throttled"] {
        shapes.insert(
            id(error),
            json!({"type": "structure", "members": {"message": {"target": "smithy.api#String"}}, "traits": {"smithy.api#error": "client"}}),
        );
    }
    for i in 0..count {
        let op = format!("Operation{i}");
        operations.push(json!({"target": id(&op)}));
        shapes.insert(id(&format!("Name{i}")), json!({"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 64}, "smithy.api#pattern": "^[a-z]+$"}}));
        shapes.insert(
            id(&format!("Size{i}")),
            json!({"type": "integer", "traits": {"smithy.api#range": {"min": 0, "max": 1000}}}),
        );
        shapes.insert(id(&format!("Kind{i}")), json!({"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}, "B": {"target": "smithy.api#Unit"}}}));
        shapes.insert(
            id(&format!("Names{i}")),
            json!({"type": "list", "member": {"target": id(&format!("Name{i}"))}}),
        );
        shapes.insert(id(&format!("Tags{i}")), json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}));
        shapes.insert(
            id(&format!("Detail{i}")),
            json!({"type": "structure", "members": {"Kind": {"target": id(&format!("Kind{i}"))}, "Common": {"target": id("Common")}, "Data": {"target": "smithy.api#Blob"}}}),
        );
        let members = json!({
            "Name": {"target": id(&format!("Name{i}")), "traits": {"smithy.api#required": {}, "smithy.api#documentation": "<p>The <b>name</b> of the thing.</p>"}},
            "Size": {"target": id(&format!("Size{i}"))},
            "Names": {"target": id(&format!("Names{i}"))},
            "Tags": {"target": id(&format!("Tags{i}"))},
            "Detail": {"target": id(&format!("Detail{i}"))},
        });
        shapes.insert(
            id(&format!("{op}Request")),
            json!({"type": "structure", "members": members}),
        );
        shapes.insert(
            id(&format!("{op}Response")),
            json!({"type": "structure", "members": members}),
        );
        shapes.insert(
            id(&op),
            json!({
                "type": "operation",
                "input": {"target": id(&format!("{op}Request"))},
                "output": {"target": id(&format!("{op}Response"))},
                "errors": [{"target": id("NotFound")}, {"target": id("Throttled")}],
                "traits": {"smithy.api#documentation": "<p>An operation.</p>"},
            }),
        );
    }
    shapes.insert(
        id("Service"),
        json!({"type": "service", "version": "2026-01-01", "operations": operations, "traits": {"aws.protocols#awsJson1_1": {}}}),
    );
    serde_json::to_vec(&json!({"smithy": "2.0", "shapes": Value::Object(shapes)}))
        .expect("serializes")
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cognito_path =
        root.join("../shared/models/upstream/cognito-identity-provider-2016-04-18.json");
    let cognito = std::fs::read(&cognito_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (../shared must be beside the checkout)",
            cognito_path.display()
        )
    });
    let config = codegen::read::config::parse(
        &std::fs::read(root.join("models/codegen.json")).expect("models/codegen.json"),
    )
    .expect("a valid config");
    let synthetic = synthetic_model(400);
    let cases = [
        (
            "Cognito, the configured operations",
            &cognito,
            Operations::Named(config.operations),
            Duration::from_millis(200),
        ),
        (
            "Cognito, all operations",
            &cognito,
            Operations::All,
            Duration::from_secs(1),
        ),
        (
            "400 operations (synthetic)",
            &synthetic,
            Operations::All,
            Duration::from_secs(3),
        ),
    ];
    let mut over = 0;
    for (name, bytes, operations, bound) in cases {
        let (fastest, median, files) = time(bytes, &options(operations));
        let verdict = if fastest <= bound {
            "ok"
        } else {
            "OVER THE BOUND"
        };
        println!(
            "{name}: {files} files, fastest of {RUNS} runs {:.1} ms (median {:.1} ms; bound {} ms): {verdict}",
            fastest.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            bound.as_millis()
        );
        over += usize::from(fastest > bound);
    }
    if over == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
