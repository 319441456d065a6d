//! `cargo xtask diff` reports across the model history (`../shared/models/history/`), and
//! between AWS's upstream model and the project's own `models/` file.
//!
//! Every report between consecutive releases is a snapshot (the configured four operations
//! with documentation changes listed, and the whole service); the facts we know about the
//! history are asserted explicitly besides.

use codegen::diff::{diff, Change, Kind, Render, Report};
use codegen::load::model::Model;
use codegen::select::Operations;
use std::path::PathBuf;
use std::sync::OnceLock;

const NS: &str = "com.amazonaws.cognitoidentityprovider";

/// The releases in `../shared/models/history/`, oldest first.
const RELEASES: [&str; 9] = [
    "2025-05-20",
    "2025-05-21",
    "2025-08-11",
    "2025-08-20",
    "2025-10-27",
    "2026-01-28",
    "2026-02-27",
    "2026-04-16",
    "2026-04-21",
];

fn file_name(date: &str) -> String {
    format!("cognito-identity-provider-{date}.json")
}

fn history_path(date: &str) -> PathBuf {
    tests::shared().join("models/history").join(file_name(date))
}

fn load(path: &PathBuf) -> Model {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    codegen::load_json(&bytes).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

/// Every release, loaded once for all tests.
fn history(date: &str) -> &'static Model {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    let models = MODELS.get_or_init(|| RELEASES.iter().map(|d| load(&history_path(d))).collect());
    let i = RELEASES
        .iter()
        .position(|d| *d == date)
        .unwrap_or_else(|| panic!("no release {date}"));
    &models[i]
}

/// `models/codegen.json`: the service and the four operations `cargo xtask diff` uses by default.
fn config() -> codegen::read::config::Config {
    let bytes =
        std::fs::read(tests::root().join("models/codegen.json")).expect("models/codegen.json");
    codegen::read::config::parse(&bytes).expect("valid codegen config")
}

fn configured() -> Operations {
    Operations::Named(config().operations)
}

fn report(old: &str, new: &str, ops: &Operations) -> Report {
    let service = config().service;
    diff(history(old), history(new), service.as_deref(), ops)
        .unwrap_or_else(|e| panic!("{old} -> {new}: {e}"))
}

fn pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    RELEASES.windows(2).map(|w| (w[0], w[1]))
}

fn id(name: &str) -> String {
    format!("{NS}#{name}")
}

fn non_doc(r: &Report) -> Vec<&Change> {
    r.changes
        .iter()
        .filter(|c| c.kind != Kind::DocsOnly)
        .collect()
}

#[test]
fn history_reports_for_the_configured_operations() {
    for (old, new) in pairs() {
        let r = report(old, new, &configured());
        let (o, n) = (file_name(old), file_name(new));
        let text = r.text(&Render {
            docs: true,
            old_name: &o,
            new_name: &n,
        });
        insta::assert_snapshot!(format!("history_{old}_to_{new}"), text);
    }
}

#[test]
fn history_reports_for_the_whole_service() {
    for (old, new) in pairs() {
        let r = report(old, new, &Operations::All);
        let (o, n) = (file_name(old), file_name(new));
        let text = r.text(&Render {
            docs: false,
            old_name: &o,
            new_name: &n,
        });
        insta::assert_snapshot!(format!("history_all_{old}_to_{new}"), text);
    }
}

#[test]
fn json_report() {
    let r = report("2026-01-28", "2026-02-27", &configured());
    let (o, n) = (file_name("2026-01-28"), file_name("2026-02-27"));
    let json = r.json_string(&Render {
        docs: false,
        old_name: &o,
        new_name: &n,
    });
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["summary"]["breaking"], 0);
    assert_eq!(v["summary"]["docs_only"], r.docs_changes);
    assert_eq!(
        v["changes"].as_array().map(Vec::len),
        Some(1),
        "documentation changes are not listed: {json}"
    );
    insta::assert_snapshot!("json_2026-01-28_to_2026-02-27", json);
}

/// The closure of the four operations has no breaking change anywhere in the history,
/// release to release or from the first to the last.
#[test]
fn the_configured_operations_never_break() {
    let ops = configured();
    let mut checked: Vec<(&str, &str)> = pairs().collect();
    checked.push((RELEASES[0], RELEASES[RELEASES.len() - 1]));
    for (old, new) in checked {
        let r = report(old, new, &ops);
        let breaking: Vec<&Change> = r.of_kind(Kind::Breaking).collect();
        assert!(breaking.is_empty(), "{old} -> {new}: {breaking:#?}");
        assert_eq!(r.old_operations, config().operations, "{old}");
        assert_eq!(r.new_operations, config().operations, "{new}");
    }
}

/// `AttributeNameType`'s pattern gained `\t\n\r ` in its character class in 2026-02-27:
/// loosened, so additive, and it is the only non-documentation change for the four.
#[test]
fn attribute_name_pattern_loosened() {
    let r = report("2026-01-28", "2026-02-27", &configured());
    let expected = Change {
        kind: Kind::Additive,
        subject: id("AttributeNameType"),
        what: r"pattern changed from `^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$` to `^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+$` (loosened)"
            .to_string(),
    };
    assert_eq!(non_doc(&r), [&expected]);
    // Backwards it is a tightening of a sent shape: breaking.
    let back = report("2026-02-27", "2026-01-28", &configured());
    let tightened: Vec<&Change> = back.of_kind(Kind::Breaking).collect();
    assert_eq!(tightened.len(), 1, "{tightened:#?}");
    assert_eq!(tightened[0].subject, id("AttributeNameType"));
    assert!(tightened[0].what.contains("(tightened"), "{tightened:#?}");
}

/// The whole service grew from 114 to 122 operations: the five Terms operations in
/// 2025-08-20 and the three client-secret operations in 2026-02-27. None was removed.
/// `GetTokensFromRefreshToken` is in every release; what changed for it (2025-08-11) is
/// that it is now sent unsigned.
#[test]
fn the_whole_service_grows_from_114_to_122_operations() {
    let first = RELEASES[0];
    let last = RELEASES[RELEASES.len() - 1];
    let r = report(first, last, &Operations::All);
    assert_eq!(r.old_operations.len(), 114);
    assert_eq!(r.new_operations.len(), 122);
    let added: Vec<&str> = r
        .changes
        .iter()
        .filter(|c| c.what == "operation added")
        .map(|c| {
            c.subject
                .strip_prefix(&format!("{NS}#"))
                .unwrap_or(&c.subject)
        })
        .collect();
    let terms = [
        "CreateTerms",
        "DeleteTerms",
        "DescribeTerms",
        "ListTerms",
        "UpdateTerms",
    ];
    let secrets = [
        "AddUserPoolClientSecret",
        "DeleteUserPoolClientSecret",
        "ListUserPoolClientSecrets",
    ];
    let mut expected: Vec<&str> = terms.iter().chain(&secrets).copied().collect();
    expected.sort();
    assert_eq!(added, expected);
    assert!(
        r.changes
            .iter()
            .all(|c| !c.what.starts_with("operation removed")),
        "{:#?}",
        r.changes
    );

    for (old, new, ops) in [
        ("2025-08-11", "2025-08-20", &terms[..]),
        ("2026-01-28", "2026-02-27", &secrets[..]),
    ] {
        let step = report(old, new, &Operations::All);
        for op in ops {
            let c = Change {
                kind: Kind::Additive,
                subject: id(op),
                what: "operation added".into(),
            };
            assert!(step.changes.contains(&c), "{old} -> {new}: {op}");
        }
    }

    let token = "GetTokensFromRefreshToken".to_string();
    assert!(r.old_operations.contains(&token) && r.new_operations.contains(&token));
    let step = report("2025-05-21", "2025-08-11", &Operations::All);
    assert_eq!(
        non_doc(&step),
        [&Change {
            kind: Kind::Additive,
            subject: id("GetTokensFromRefreshToken"),
            what: "auth: now sent unsigned (SIGNED = false; @optionalAuth / @auth([]))".into(),
        }]
    );
}

/// The whole service does have one breaking change in the history: `ClientSecretType`'s
/// minimum length went from 1 to 24 (2026-02-27), and it is sent (`CreateUserPoolClient`).
/// It is outside the four operations' closure.
#[test]
fn the_whole_service_has_one_tightening() {
    let r = report(RELEASES[0], RELEASES[RELEASES.len() - 1], &Operations::All);
    let breaking: Vec<&Change> = r.of_kind(Kind::Breaking).collect();
    assert_eq!(breaking.len(), 1, "{breaking:#?}");
    assert_eq!(breaking[0].subject, id("ClientSecretType"));
    assert!(
        breaking[0]
            .what
            .starts_with("length changed from 1..=64 to 24..=64 (tightened"),
        "{breaking:#?}"
    );
}

/// A configured operation missing from a model is an operation removed, not an error.
#[test]
fn a_missing_operation_is_removed_not_an_error() {
    let ops = Operations::Named(vec![
        "ResendConfirmationCode".into(),
        "AddUserPoolClientSecret".into(),
    ]);
    let r = report("2026-02-27", "2026-01-28", &ops);
    assert_eq!(
        r.old_operations,
        ["AddUserPoolClientSecret", "ResendConfirmationCode"]
    );
    assert_eq!(r.new_operations, ["ResendConfirmationCode"]);
    assert!(r.changes.contains(&Change {
        kind: Kind::Breaking,
        subject: id("AddUserPoolClientSecret"),
        what: "operation removed (its module, input, output and error types go away)".into(),
    }));
}

/// Upstream compared with `models/cognito-identity-provider.json` shows only what
/// `models/README.md` ("Differences from the upstream model") explains: item 1, the
/// project's own documentation wording, is documentation-only; item 2 is
/// `OperationNotEnabledException`, added as a shape and to the errors of
/// `GetUserAttributeVerificationCode`; item 3 (the subset) is the selection itself.
#[test]
fn upstream_against_the_project_model() {
    let upstream =
        load(&tests::shared().join("models/upstream/cognito-identity-provider-2016-04-18.json"));
    let own = load(&tests::root().join("models/cognito-identity-provider.json"));
    let service = config().service;
    let r = diff(&upstream, &own, service.as_deref(), &configured()).expect("diff");
    assert_eq!(
        non_doc(&r),
        [
            &Change {
                kind: Kind::Additive,
                subject: id("GetUserAttributeVerificationCode"),
                what: "error `OperationNotEnabledException` added (the error enum is #[non_exhaustive])".into(),
            },
            &Change {
                kind: Kind::Additive,
                subject: id("OperationNotEnabledException"),
                what: "error structure `error::OperationNotEnabledException` added (new shape)".into(),
            },
        ]
    );
    assert!(r.docs_changes > 0);
    // Same closure otherwise (README: 62 shapes upstream besides the service, 4 of them
    // operations; the closure counted here also holds the prelude's `smithy.api#Unit`).
    assert_eq!(r.new_shapes, r.old_shapes + 1);
    let text = r.text(&Render {
        docs: false,
        old_name: "upstream/cognito-identity-provider-2016-04-18.json",
        new_name: "models/cognito-identity-provider.json",
    });
    insta::assert_snapshot!("upstream_to_project_model", text);
}

/// A model that does not load: the loader's error names the shape and the JSON path
/// (`cargo xtask diff` prints it and exits 2).
#[test]
fn a_bad_model_names_the_shape_and_path() {
    let bytes = std::fs::read(history_path("2026-04-21")).expect("history file");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let from = format!("\"target\": \"{NS}#AttributeNameType\"");
    assert!(text.contains(&from));
    let broken = text.replacen(&from, &format!("\"target\": \"{NS}#NoSuchShape\""), 1);
    let e = codegen::load_json(broken.as_bytes()).expect_err("a dangling target");
    assert!(e.shape.is_some(), "{e}");
    assert!(
        e.path
            .as_deref()
            .is_some_and(|p| p.starts_with("$.shapes[")),
        "{e}"
    );
    assert!(e.to_string().contains("NoSuchShape"), "{e}");
}
