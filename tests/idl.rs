//! The Smithy IDL parser against the IDL conformance cases in `../shared` and against
//! real-world IDL (the protocol test suites and the trait definition files).

use codegen::model::Model;
use codegen::sources::load_paths;
use std::path::{Path, PathBuf};

fn conformance() -> PathBuf {
    tests::shared().join("smithy/idl-conformance")
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn name(p: &Path) -> String {
    p.strip_prefix(conformance()).unwrap_or(p).display().to_string()
}

/// Loads `file` together with the cases' shared JSON document (shapes some cases use).
fn load_case(file: &Path) -> Result<Model, codegen::Error> {
    load_paths(&[file.to_path_buf(), conformance().join("valid/__shared.json")])
}

/// A flattened model has no mixins: drop mixin shapes and the lists naming them.
fn without_mixins(mut m: Model) -> Model {
    m.shapes.retain(|_, s| !s.has_trait(codegen::model::traits::MIXIN));
    for s in m.shapes.values_mut() {
        s.mixins.clear();
    }
    m
}

/// Cases not compared, with the reason.
const SKIPPED: &[(&str, &str)] = &[(
    "valid/traits.smithy",
    "its JSON holds 1.7976931348623157E+309, beyond f64: serde_json (without arbitrary_precision, \
     which would change number equality everywhere) cannot load the expected JSON, and the IDL \
     parser rejects the number with an error for the same reason",
)];

#[test]
fn valid_cases_load_like_their_json() {
    let dir = conformance().join("valid");
    let (mut passed, mut failures, mut alone) = (0, Vec::new(), 0);
    for smithy in files(&dir, ".smithy") {
        if SKIPPED.iter().any(|(case, _)| name(&smithy) == *case) {
            continue;
        }
        let file = smithy.to_string_lossy();
        let flattened = file.ends_with(".flattened.smithy");
        let json = PathBuf::from(file.trim_end_matches(".smithy").trim_end_matches(".flattened").to_string() + ".json");
        let idl = load_case(&smithy);
        if !json.exists() {
            // No expected model: the file must still load.
            match idl {
                Ok(_) => alone += 1,
                Err(e) => failures.push(format!("{}: {e}", name(&smithy))),
            }
            continue;
        }
        let expected = load_case(&json).unwrap_or_else(|e| panic!("{}: {e}", name(&json)));
        match idl {
            Ok(m) if flattened && without_mixins(m.clone()) == without_mixins(expected.clone()) => passed += 1,
            Ok(m) if !flattened && m == expected => passed += 1,
            Ok(m) => {
                let differing: Vec<&String> = expected
                    .shapes
                    .keys()
                    .chain(m.shapes.keys())
                    .filter(|id| expected.shapes.get(*id) != m.shapes.get(*id))
                    .collect();
                failures.push(format!("{}: models differ at {differing:?}", name(&smithy)));
            }
            Err(e) => failures.push(format!("{}: {e}", name(&smithy))),
        }
    }
    println!("valid: {passed} equal to their JSON, {alone} without JSON loaded, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed >= 40, "only {passed} cases compared");
}

/// `// Syntax error at line 5, column 29: ...` in a case's first line: the position.
fn expected_position(text: &str) -> Option<(usize, usize)> {
    let first = text.lines().next()?;
    let rest = first.split("at line ").nth(1)?;
    let (line, rest) = rest.split_once(", column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[test]
fn invalid_cases_are_rejected_with_a_position() {
    let dir = conformance().join("invalid");
    let (mut rejected, mut same_line, mut with_position, mut failures) = (0, 0, 0, Vec::new());
    for case in files(&dir, ".smithy") {
        let text = std::fs::read_to_string(&case).unwrap();
        let err = match load_paths(std::slice::from_ref(&case)) {
            Ok(_) => {
                failures.push(format!("{}: accepted", name(&case)));
                continue;
            }
            Err(e) => e,
        };
        rejected += 1;
        let location = err.location.clone().unwrap_or_default();
        let mut parts = location.rsplitn(3, ':');
        let (col, line) = (parts.next().and_then(|c| c.parse::<usize>().ok()), parts.next().and_then(|l| l.parse::<usize>().ok()));
        let (Some(line), Some(_col)) = (line, col) else {
            failures.push(format!("{}: no line and column in `{err}`", name(&case)));
            continue;
        };
        with_position += 1;
        assert!(err.snippet.is_some(), "{}: {err}", name(&case));
        if let Some((want_line, _)) = expected_position(&text) {
            if want_line == line {
                same_line += 1;
            } else {
                println!("{}: line {line}, the case says {want_line}: {err}", name(&case));
            }
        }
    }
    println!("invalid: {rejected} rejected, {with_position} with line and column, {same_line} on the line the case names");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn protocol_test_suites_load() {
    let suites = tests::shared().join("smithy/protocol-tests");
    for protocol in ["awsJson1_0", "awsJson1_1"] {
        let model = load_paths(&[
            suites.join(protocol),
            suites.join("shared-types.smithy"),
            suites.join("aws-config.smithy"),
        ])
        .unwrap_or_else(|e| panic!("{protocol}: {e}"));
        let with_tests = model
            .shapes
            .values()
            .filter(|s| s.has_trait("smithy.test#httpRequestTests") || s.has_trait("smithy.test#httpResponseTests"))
            .count();
        println!("{protocol}: {} shapes, {with_tests} with protocol tests", model.shapes.len());
        assert!(with_tests > 10, "{protocol}: {with_tests}");
    }
}

#[test]
fn trait_definition_files_parse() {
    let dir = tests::shared().join("smithy/traits");
    for file in files(&dir, ".smithy") {
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = codegen::idl::parse(&text, &Default::default())
            .unwrap_or_else(|e| panic!("{}", e.into_error(&file.display().to_string(), &text)));
        assert!(!parsed.shapes.is_empty(), "{}", file.display());
    }
}
