//! The Smithy IDL parser against the IDL conformance cases in `../shared` and against
//! real-world IDL (the protocol test suites and the trait definition files).

use codegen::load::model::Model;
use codegen::load_paths;
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
    p.strip_prefix(conformance())
        .unwrap_or(p)
        .display()
        .to_string()
}

/// Loads `file` together with the cases' shared JSON document (shapes some cases use).
fn load_case(file: &Path) -> Result<Model, codegen::Error> {
    load_paths(&[
        file.to_path_buf(),
        conformance().join("valid/__shared.json"),
    ])
}

/// A flattened model has no mixins: drop mixin shapes and the lists naming them.
fn without_mixins(mut m: Model) -> Model {
    m.shapes
        .retain(|_, s| !s.has_trait(codegen::load::model::traits::MIXIN));
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
        let json = PathBuf::from(
            file.trim_end_matches(".smithy")
                .trim_end_matches(".flattened")
                .to_string()
                + ".json",
        );
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
        let (idl, expected) = match idl {
            Ok(m) if flattened => (Ok(without_mixins(m)), without_mixins(expected)),
            other => (other, expected),
        };
        // Windows line endings change nothing.
        let crlf = std::fs::read_to_string(&smithy)
            .unwrap()
            .replace('\n', "\r\n");
        let crlf_model = codegen::load_sources(&[
            source("crlf.smithy", &crlf),
            source(
                "__shared.json",
                &std::fs::read_to_string(dir.join("__shared.json")).unwrap(),
            ),
        ]);
        let crlf_model = if flattened {
            crlf_model.map(without_mixins)
        } else {
            crlf_model
        };
        if crlf_model.as_ref().ok() != idl.as_ref().ok() {
            failures.push(format!(
                "{}: loads differently with CRLF line endings: {:?}",
                name(&smithy),
                crlf_model.err()
            ));
        }
        match idl {
            Ok(m) if m == expected => passed += 1,
            Ok(m) => {
                let differing: Vec<&String> = expected
                    .shapes
                    .keys()
                    .chain(m.shapes.keys())
                    .filter(|id| expected.shapes.get(*id) != m.shapes.get(*id))
                    .collect();
                let first = differing[0];
                failures.push(format!(
                    "{}: models differ at {differing:?}\n  IDL:  {:?}\n  JSON: {:?}",
                    name(&smithy),
                    m.shapes.get(first),
                    expected.shapes.get(first)
                ));
            }
            Err(e) => failures.push(format!("{}: {e}", name(&smithy))),
        }
    }
    println!(
        "valid: {passed} equal to their JSON, {alone} without JSON loaded, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed >= 50, "only {passed} cases compared");
}

/// `// Syntax error at line 5, column 29: ...` in a case's first line: the position.
fn expected_position(text: &str) -> Option<(usize, usize)> {
    let first = text.lines().next()?;
    let rest = first.split("at line ").nth(1)?;
    let (line, rest) = rest.split_once(", column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// Cases whose error we place on another line than the case names, and why.
const OTHER_LINE: &[(&str, &str)] = &[
    (
        "invalid/namespace/unclosed-string1.smithy",
        "unclosed string: we point at its opening quote, not the end of the file",
    ),
    (
        "invalid/namespace/unclosed-string3.smithy",
        "unclosed string: we point at its opening quote",
    ),
    (
        "invalid/strings/unclosed-string.smithy",
        "unclosed string: we point at its opening quote",
    ),
    (
        "invalid/strings/unclosed-string2.smithy",
        "unclosed string: we point at its opening quote",
    ),
    (
        "invalid/strings/unclosed-string3.smithy",
        "unclosed string: we point at its opening quote",
    ),
    (
        "invalid/strings/unclosed-text-block.smithy",
        "unclosed text block: we point at its opening quotes",
    ),
    (
        "invalid/traits/invalid-trait-textblock-key.smithy",
        "we point at the text block used as a key, not the `:` after it",
    ),
];

#[test]
fn invalid_cases_are_rejected_with_a_position() {
    let dir = conformance().join("invalid");
    let (mut rejected, mut same_line, mut same_col, mut failures) = (0, 0, 0, Vec::new());
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
        // `file:line:col`, then the source line and a caret.
        let location = err.location.clone().unwrap_or_default();
        let mut parts = location.rsplitn(3, ':').map(|p| p.parse::<usize>().ok());
        let (Some(Some(col)), Some(Some(line))) = (parts.next(), parts.next()) else {
            failures.push(format!("{}: no line and column in `{err}`", name(&case)));
            continue;
        };
        if !err.snippet.as_deref().is_some_and(|s| s.contains('^')) {
            failures.push(format!("{}: no caret in `{err}`", name(&case)));
        }
        let Some((want_line, want_col)) = expected_position(&text) else {
            continue;
        };
        let other_line = OTHER_LINE.iter().any(|(c, _)| *c == name(&case));
        match (want_line == line, other_line) {
            (true, false) => same_line += 1,
            (false, true) => {}
            (true, true) => failures.push(format!(
                "{}: listed in OTHER_LINE but on the named line",
                name(&case)
            )),
            (false, false) => failures.push(format!(
                "{}: line {line}, the case says {want_line}: {err}",
                name(&case)
            )),
        }
        same_col += usize::from(want_line == line && want_col == col);
        if want_line == line && want_col != col && std::env::var_os("IDL_SHOW_COLUMNS").is_some() {
            println!(
                "{}: column {col}, the case says {want_col}: {err}",
                name(&case)
            );
        }
    }
    // The one JSON case: a 1.0 model using a 2.0 feature.
    let json = dir.join("version/properties-v2-only.json");
    let err = load_paths(std::slice::from_ref(&json)).expect_err("properties-v2-only.json");
    assert!(err.to_string().contains("properties"), "{err}");
    println!(
        "invalid: {rejected} IDL cases rejected with line and column; of those naming a position, \
         {same_line} on the same line ({same_col} also the same column), {} deliberately elsewhere",
        OTHER_LINE.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rejected >= 180, "{rejected}");
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
            .filter(|s| {
                s.has_trait("smithy.test#httpRequestTests")
                    || s.has_trait("smithy.test#httpResponseTests")
            })
            .count();
        println!(
            "{protocol}: {} shapes, {with_tests} with protocol tests",
            model.shapes.len()
        );
        assert!(with_tests > 10, "{protocol}: {with_tests}");
    }
}

/// The trait definition files load as models (all but the prelude, whose simple shapes
/// the loader defines itself, so it is only parsed), and can be loaded together with the
/// protocol test suites, as `--model` paths would.
#[test]
fn trait_definition_files_load() {
    let dir = tests::shared().join("smithy/traits");
    let mut definitions = Vec::new();
    for file in files(&dir, ".smithy") {
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = codegen::read::idl::parse(&text, None)
            .unwrap_or_else(|e| panic!("{}", e.into_error(&file.display().to_string(), &text)));
        assert!(!parsed.shapes.is_empty(), "{}", file.display());
        if !file.ends_with("prelude.smithy") {
            load_paths(std::slice::from_ref(&file)).unwrap_or_else(|e| panic!("{e}"));
            definitions.push(file);
        }
    }
    let suites = tests::shared().join("smithy/protocol-tests");
    definitions.extend([
        suites.join("awsJson1_1"),
        suites.join("shared-types.smithy"),
        suites.join("aws-config.smithy"),
    ]);
    let model = load_paths(&definitions).unwrap_or_else(|e| panic!("{e}"));
    assert!(model
        .get("smithy.test#httpRequestTests")
        .is_some_and(|s| s.has_trait("smithy.api#trait")));
}

fn source(name: &str, text: &str) -> codegen::read::Source {
    codegen::read::Source {
        name: name.into(),
        text: text.into(),
    }
}

/// The same small service, in IDL (split over two files) and as a JSON AST.
const SERVICE_IDL: &str = r#"$version: "2.0"
namespace example.weather

use aws.protocols#awsJson1_1

/// Reports the weather.
@awsJson1_1
service Weather {
    version: "2024-01-01"
    operations: [GetForecast]
}

@readonly
operation GetForecast {
    input := {
        @required
        city: CityName
        days: Days = 3
    }
    output := with [Stamped] {
        summary: String
    }
    errors: [NoSuchCity]
}
"#;

const SHARED_IDL: &str = r#"$version: "2.0"
namespace example.weather

@length(min: 1)
string CityName

@range(min: 1, max: 10)
integer Days

@mixin
structure Stamped {
    at: Timestamp
}

@error("client")
structure NoSuchCity {
    message: String
}
"#;

const SERVICE_JSON: &str = r#"{"smithy": "2.0", "shapes": {
  "example.weather#Weather": {"type": "service", "version": "2024-01-01",
    "operations": [{"target": "example.weather#GetForecast"}],
    "traits": {"aws.protocols#awsJson1_1": {}, "smithy.api#documentation": "Reports the weather."}},
  "example.weather#GetForecast": {"type": "operation",
    "input": {"target": "example.weather#GetForecastInput"},
    "output": {"target": "example.weather#GetForecastOutput"},
    "errors": [{"target": "example.weather#NoSuchCity"}],
    "traits": {"smithy.api#readonly": {}}},
  "example.weather#GetForecastInput": {"type": "structure", "members": {
    "city": {"target": "example.weather#CityName", "traits": {"smithy.api#required": {}}},
    "days": {"target": "example.weather#Days", "traits": {"smithy.api#default": 3}}},
    "traits": {"smithy.api#input": {}}},
  "example.weather#GetForecastOutput": {"type": "structure",
    "mixins": [{"target": "example.weather#Stamped"}],
    "members": {"summary": {"target": "smithy.api#String"}},
    "traits": {"smithy.api#output": {}}},
  "example.weather#CityName": {"type": "string", "traits": {"smithy.api#length": {"min": 1}}},
  "example.weather#Days": {"type": "integer", "traits": {"smithy.api#range": {"min": 1, "max": 10}}},
  "example.weather#Stamped": {"type": "structure",
    "members": {"at": {"target": "smithy.api#Timestamp"}}, "traits": {"smithy.api#mixin": {}}},
  "example.weather#NoSuchCity": {"type": "structure",
    "members": {"message": {"target": "smithy.api#String"}}, "traits": {"smithy.api#error": "client"}}
}}"#;

#[test]
fn idl_and_json_generate_the_same_crate() {
    let options = tests::options(codegen::select::Operations::All, "weather");
    let from_idl = codegen::generate_sources(
        &[
            source("service.smithy", SERVICE_IDL),
            source("shared.smithy", SHARED_IDL),
        ],
        &options,
    )
    .unwrap()
    .files;
    let from_json = codegen::generate_sources(&[source("model.json", SERVICE_JSON)], &options)
        .unwrap()
        .files;
    // Only the header's model hash differs.
    let strip = |s: &String| {
        s.lines()
            .filter(|l| !l.contains("sha256"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        from_idl.keys().collect::<Vec<_>>(),
        from_json.keys().collect::<Vec<_>>()
    );
    for (name, text) in &from_idl {
        assert_eq!(strip(text), strip(&from_json[name]), "{name}");
    }
    assert!(from_idl["src/operation/get_forecast.rs"].contains("GetForecastInput"));
}

#[test]
fn smithy_1_0_semantics_apply_per_file() {
    let v1 = source("old.smithy", "$version: \"1.0\"\nnamespace a\ninteger Count\n@box\ninteger Boxed\nset Tags { member: String }\nstructure Old { c: Count, b: Boxed }\n");
    let v2 = source(
        "new.smithy",
        "$version: \"2.0\"\nnamespace a\ninteger Plain\nstructure New { c: Count, p: Plain }\n",
    );
    let model = codegen::load_sources(&[v1, v2]).unwrap();
    let default = |shape: &str, member: &str| {
        model
            .shape(shape)
            .member(member)
            .unwrap()
            .traits
            .get(codegen::load::model::traits::DEFAULT)
            .cloned()
    };
    assert_eq!(
        default("a#Old", "c"),
        Some(0.into()),
        "1.0: an unboxed integer is non-null"
    );
    assert_eq!(default("a#Old", "b"), None, "1.0: @box keeps it nullable");
    assert_eq!(
        default("a#New", "p"),
        None,
        "2.0: no default unless written"
    );
    assert_eq!(
        model.shape("a#Tags").ty,
        codegen::load::model::ShapeType::List
    );
    assert!(model
        .shape("a#Tags")
        .has_trait(codegen::load::model::traits::UNIQUE_ITEMS));
}

#[test]
fn merging_files_follows_the_conflict_rules() {
    let load =
        |a: &str, b: &str| codegen::load_sources(&[source("a.smithy", a), source("b.smithy", b)]);
    let head = "$version: \"2\"\n";
    // The same shape twice, identically: fine; differently: an error naming the shape.
    load(
        &format!("{head}namespace a\nstring S\n"),
        &format!("{head}namespace a\nstring S\n"),
    )
    .unwrap();
    let e = load(
        &format!("{head}namespace a\nstring S\n"),
        &format!("{head}namespace a\ninteger S\n"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("a#S") && e.to_string().contains("defined twice"),
        "{e}"
    );
    // Metadata lists concatenate; equal values agree; other conflicts are errors.
    let m = load(
        &format!("{head}metadata l = [1]\nmetadata k = \"x\"\n"),
        &format!("{head}metadata l = [2]\nmetadata k = \"x\"\n"),
    )
    .unwrap();
    assert_eq!(m.metadata["l"], serde_json::json!([1, 2]));
    let e = load(
        &format!("{head}metadata k = \"x\"\n"),
        &format!("{head}metadata k = \"y\"\n"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("b.smithy") && e.to_string().contains("metadata `k`"),
        "{e}"
    );
    // `apply` may target a shape of another file.
    let m = load(
        &format!("{head}namespace a\nstring S\n"),
        &format!("{head}namespace b\napply a#S @sensitive\n"),
    )
    .unwrap();
    assert!(m
        .shape("a#S")
        .has_trait(codegen::load::model::traits::SENSITIVE));
}

/// Damaged IDL (every file of the valid cases cut short, or missing a character, at
/// many places) is an error or a model, never a panic.
#[test]
fn damaged_idl_never_panics() {
    let mut tried = 0;
    for file in files(&conformance().join("valid"), ".smithy") {
        let text = std::fs::read_to_string(&file).unwrap();
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(5).collect();
        for &cut in &bounds {
            let next = text[cut..]
                .chars()
                .next()
                .map_or(cut, |c| cut + c.len_utf8());
            for damaged in [
                text[..cut].to_string(),
                format!("{}{}", &text[..cut], &text[next..]),
            ] {
                let _ = codegen::load_sources(&[source("damaged.smithy", &damaged)]);
                tried += 1;
            }
        }
    }
    println!("damaged: {tried} variants parsed without a panic");
    assert!(tried > 1000, "{tried}");
}

#[test]
fn elided_members_take_their_target_from_mixins_and_resources() {
    let idl = "$version: \"2\"\nnamespace a\n@mixin\nlist L { member: String }\nlist M with [L] { $member }\n\
               resource R { identifiers: { id: Integer } }\nstructure S for R { $id }\n";
    let model = codegen::load_sources(&[source("e.smithy", idl)]).unwrap();
    assert_eq!(
        model.shape("a#M").member("member").unwrap().target,
        "smithy.api#String"
    );
    assert_eq!(
        model.shape("a#S").member("id").unwrap().target,
        "smithy.api#Integer"
    );
    let e = codegen::load_sources(&[source(
        "e.smithy",
        "$version: \"2\"\nnamespace a\nstructure S { $nope }\n",
    )])
    .unwrap_err();
    assert_eq!(e.location.as_deref(), Some("e.smithy:3:15"), "{e}");
}

#[test]
fn loader_errors_point_at_the_idl_that_caused_them() {
    let load = |text: &str| codegen::load_sources(&[source("m.smithy", text)]).unwrap_err();
    let e = load("$version: \"2\"\nnamespace a\nstructure S {\n    x: Nope\n}\n");
    assert_eq!(e.location.as_deref(), Some("m.smithy:4:5"), "{e}");
    assert!(e.to_string().ends_with("  ^"), "{e}");
    assert!(e.path.is_none(), "no JSON path for IDL: {e}");
    let e = load("$version: \"2\"\nnamespace a\napply Missing @sensitive\n");
    assert_eq!(e.location.as_deref(), Some("m.smithy:3:7"), "{e}");
    assert!(e.to_string().contains("does not exist"), "{e}");
}

/// `cargo xtask diff` works on IDL models: the IDL and JSON spellings of one model have
/// no differences, and an edit made in IDL is reported.
#[test]
fn idl_models_diff_like_json() {
    let idl = |service: &str| {
        codegen::load_sources(&[
            source("service.smithy", service),
            source("shared.smithy", SHARED_IDL),
        ])
        .unwrap()
    };
    let json = codegen::load_sources(&[source("model.json", SERVICE_JSON)]).unwrap();
    let all = codegen::select::Operations::All;
    let same = codegen::diff::diff(&json, &idl(SERVICE_IDL), None, &all).unwrap();
    assert!(same.changes.is_empty(), "{:?}", same.changes);
    let edited = SERVICE_IDL.replace("        @required\n        city: CityName\n", "");
    let report = codegen::diff::diff(&idl(SERVICE_IDL), &idl(&edited), None, &all).unwrap();
    assert!(report.has_breaking(), "{:?}", report.changes);
}

/// Errors found after loading (here an enum whose members give one Rust variant) point at
/// the IDL line, as the loader's do, and name both members and both values.
#[test]
fn errors_after_loading_point_at_the_idl_line() {
    let idl = r#"$version: "2"
namespace a
use aws.protocols#awsJson1_1

@awsJson1_1
service Svc { operations: [Op] }

operation Op { input := { mine: Thing, theirs: b#Thing } }

structure Thing {}
"#;
    let other = "$version: \"2\"\nnamespace b\n\n\nstructure Thing {}\n";
    let options = tests::options(codegen::select::Operations::All, "a");
    let sources = [source("svc.smithy", idl), source("other.smithy", other)];
    let e = codegen::generate_sources(&sources, &options).unwrap_err();
    let message = e.to_string();
    assert!(message.starts_with("other.smithy:5:"), "{message}");
    assert!(
        message.contains("`b#Thing`") && message.contains("also that of `a#Thing`"),
        "{message}"
    );
    assert!(
        !message.contains("(at $."),
        "no JSON path in an IDL file: {message}"
    );
}
