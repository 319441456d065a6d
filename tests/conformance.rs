//! Agreement with things this project did not write: AWS's upstream model for the four
//! operations, and whole AWS services generated, compiled and linted.

use codegen::ir::Crate;
use codegen::select::Operations;
use std::path::Path;
use tests::{
    cargo_in, configured_operations, lint_and_document, options, root, shared, write_workspace,
};

fn lower(path: &Path) -> Crate {
    let model = codegen::load_json(&std::fs::read(path).unwrap()).unwrap();
    codegen::lower(&model, &options(configured_operations(), "x")).unwrap()
}

/// The IR without documentation: what decides the generated API.
fn without_docs(mut krate: Crate) -> Crate {
    krate.service.doc.clear();
    for op in &mut krate.operations {
        op.doc.clear();
    }
    for s in krate.structs.values_mut() {
        s.doc.clear();
        s.fields.iter_mut().for_each(|f| f.doc.clear());
    }
    for e in krate.enums.values_mut() {
        e.doc.clear();
        e.variants.iter_mut().for_each(|v| v.doc.clear());
    }
    for u in krate.unions.values_mut() {
        u.doc.clear();
        u.variants.iter_mut().for_each(|v| v.doc.clear());
    }
    if let Some(rules) = &mut krate.endpoint_rules {
        rules.params.iter_mut().for_each(|p| p.doc.clear());
        rules.tests.iter_mut().for_each(|t| t.doc.clear());
    }
    krate
}

/// Generating the four operations from AWS's model gives the same API as from ours, but
/// for what `models/README.md` explains: documentation wording, and
/// `OperationNotEnabledException`, which the published SDK documentation lists for
/// GetUserAttributeVerificationCode and the upstream model does not have yet.
#[test]
fn upstream_model_gives_the_same_api() {
    let ours = without_docs(lower(&root().join("models/cognito-identity-provider.json")));
    let mut upstream = without_docs(lower(
        &shared().join("models/upstream/cognito-identity-provider-2016-04-18.json"),
    ));

    let extra = "com.amazonaws.cognitoidentityprovider#OperationNotEnabledException";
    assert!(!upstream.structs.contains_key(extra));
    let ours_only: Vec<&String> = ours
        .structs
        .keys()
        .filter(|k| !upstream.structs.contains_key(*k))
        .collect();
    assert_eq!(ours_only, [extra]);
    // Apply the documented difference to upstream, then everything must be equal.
    upstream
        .structs
        .insert(extra.to_string(), ours.structs[extra].clone());
    let op = upstream
        .operations
        .iter_mut()
        .find(|o| o.name == "GetUserAttributeVerificationCode")
        .unwrap();
    let position = op
        .errors
        .iter()
        .position(|e| e.id.rsplit('#').next() > extra.rsplit('#').next())
        .unwrap();
    op.errors.insert(
        position,
        codegen::ir::OperationError {
            id: extra.to_string(),
            variant: "OperationNotEnabledException".into(),
            predicate: "is_operation_not_enabled_exception".into(),
        },
    );

    assert_eq!(ours.service, upstream.service);
    assert!(ours
        .endpoint_rules
        .as_ref()
        .is_some_and(|r| r.tests.len() == 57));
    assert_eq!(ours.endpoint_rules, upstream.endpoint_rules);
    assert_eq!(ours.operations, upstream.operations);
    assert_eq!(ours.enums, upstream.enums);
    assert_eq!(ours.unions, upstream.unions);
    assert_eq!(
        ours.structs.keys().collect::<Vec<_>>(),
        upstream.structs.keys().collect::<Vec<_>>()
    );
    for (id, s) in &ours.structs {
        assert_eq!(s, &upstream.structs[id], "{id}");
    }
}

/// Whole services: every operation of the upstream Cognito model, DynamoDB (awsJson1_0,
/// recursive union with blobs, lists and maps), Kinesis and KMS (blobs, timestamps),
/// Lambda and API Gateway (restJson1: labels, queries, headers, payloads) are
/// generated into one temporary workspace, which must pass `cargo clippy -D warnings` and
/// rustdoc with every feature (the `client` with each model's endpoint parameters, `pattern-validation`),
/// the DynamoDB round-trip test and every endpoint test case of the four models (DynamoDB
/// and Kinesis use account ids, ARNs and substrings in their rules) and of
/// `tests/fixtures/models/endpoint-library.json`.
#[test]
fn whole_services_compile_and_lint_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let models = [
        (
            "cognito",
            "models/upstream/cognito-identity-provider-2016-04-18.json",
        ),
        ("dynamodb", "models/other/dynamodb-2012-08-10.json"),
        ("kinesis", "models/other/kinesis-2013-12-02.json"),
        ("kms", "models/other/kms-2014-11-01.json"),
        ("lambda", "models/other-protocols/lambda-2015-03-31.json"),
        (
            "apigateway",
            "models/other-protocols/api-gateway-2015-07-09.json",
        ),
    ];
    let mut operations = Vec::new();
    let mut warnings = Vec::new();
    let mut endpoint_cases = Vec::new();
    for (name, path) in models {
        let bytes = std::fs::read(shared().join(path)).unwrap();
        endpoint_cases.push((format!("{name}-client"), endpoint_test_cases(&bytes)));
        let generated =
            codegen::generate(&bytes, &options(Operations::All, &format!("{name}-client")))
                .unwrap();
        // (The others are `@pattern`s the regex crate cannot compile.)
        let skipped = generated.warnings.into_iter();
        warnings.extend(skipped.filter(|w| w.contains("operation not generated")));
        let files = generated.files;
        operations.push(
            files
                .keys()
                .filter(|f| f.starts_with("src/operation/") && !f.ends_with("mod.rs"))
                .count(),
        );
        codegen::write::output::write_tree(&tmp.path().join(name), &files).unwrap();
    }
    // 122 Cognito operations; Kinesis' SubscribeToShard and Lambda's
    // InvokeWithResponseStream (event streams) are left out, and said so.
    assert_eq!(operations, [122, 57, 38, 54, 84, 124]);
    assert_eq!(
        warnings,
        [
            "shape `com.amazonaws.kinesis#SubscribeToShard`: operation not generated: event streams are not supported (member `com.amazonaws.kinesis#SubscribeToShardOutput$EventStream` targets the event stream `com.amazonaws.kinesis#SubscribeToShardEventStream`)",
            "shape `com.amazonaws.lambda#InvokeWithResponseStream`: operation not generated: event streams are not supported (member `com.amazonaws.lambda#InvokeWithResponseStreamResponse$EventStream` targets the event stream `com.amazonaws.lambda#InvokeWithResponseStreamResponseEvent`)",
        ]
    );
    // The rules-engine functions these models do not call (parseURL, uriEncode, ...),
    // headers, properties and defaults, from a fixture of ours.
    let library =
        std::fs::read(root().join("tests/fixtures/models/endpoint-library.json")).unwrap();
    endpoint_cases.push(("library-client".to_string(), endpoint_test_cases(&library)));
    let files = codegen::generate(&library, &options(Operations::All, "library-client"))
        .unwrap()
        .files;
    codegen::write::output::write_tree(&tmp.path().join("library"), &files).unwrap();
    let members: Vec<String> = models
        .iter()
        .map(|(n, _)| n.to_string())
        .chain(Some("library".to_string()))
        .collect();
    write_workspace(tmp.path(), &members);
    let tests_dir = tmp.path().join("dynamodb/tests");
    std::fs::create_dir_all(&tests_dir).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/dynamodb_roundtrip.rs"),
        tests_dir.join("roundtrip.rs"),
    )
    .unwrap();

    let run = |args: &[&str]| cargo_in(tmp.path(), args, &[]);
    lint_and_document(tmp.path());
    run(&["test", "-p", "dynamodb-client", "--test", "roundtrip"]);
    // The idempotency runtime's own tests run in a crate that has it.
    let idempotency = [
        "test",
        "-p",
        "dynamodb-client",
        "--lib",
        "--",
        "idempotency::",
    ];
    assert_eq!(passed(&run(&idempotency)), 2);

    // Each crate runs its own model's cases; the count must be the model's.
    let passed: Vec<(String, usize)> = endpoint_cases
        .iter()
        .map(|(krate, _)| {
            (
                krate.clone(),
                passed(&run(&[
                    "test",
                    "-p",
                    krate,
                    "--lib",
                    "--",
                    "endpoint::tests::",
                ])),
            )
        })
        .collect();
    eprintln!("endpoint test cases passed: {passed:?}");
    assert_eq!(passed, endpoint_cases);
    let counts: Vec<usize> = endpoint_cases.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [57, 370, 189, 68, 71, 43, 14]);
}

/// How many `smithy.rules#endpointTests` cases a model's service has.
fn endpoint_test_cases(model: &[u8]) -> usize {
    let model: serde_json::Value = serde_json::from_slice(model).unwrap();
    let shapes = model["shapes"].as_object().unwrap();
    let service = shapes.values().find(|s| s["type"] == "service").unwrap();
    service["traits"]["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .map_or(0, Vec::len)
}

/// The number of passed tests in the output of `cargo test` of one test binary.
fn passed(stdout: &str) -> usize {
    let results: Vec<usize> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .map(|r| r.split(' ').next().and_then(|n| n.parse().ok()).unwrap())
        .collect();
    assert_eq!(results.len(), 1, "one test binary: {stdout}");
    results[0]
}
