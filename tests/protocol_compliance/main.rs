//! The official Smithy protocol compliance suites for awsJson1_0, awsJson1_1 and
//! restJson1: every
//! client-side `httpRequestTests` / `httpResponseTests` case becomes a Rust test against
//! the crate generated for its test service, run with cargo in a temporary workspace.

mod cases;
mod params;
mod runtime_compression;
mod skips;
mod testgen;
mod workspace;

use codegen::load::model::Model;
use std::collections::{BTreeMap, BTreeSet};
use workspace::Verdict;

/// The verdict of every case of a model's test services, plus the server-only cases.
struct Report {
    verdicts: BTreeMap<String, Verdict>,
    server_only: usize,
    /// Why a service's crate could not be generated or built.
    broken: Vec<String>,
}

impl Report {
    fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.verdicts.values().filter(|v| f(v)).count()
    }

    fn failed(&self) -> Vec<(&String, &String)> {
        self.verdicts
            .iter()
            .filter_map(|(id, v)| match v {
                Verdict::Failed(why) => Some((id, why)),
                _ => None,
            })
            .collect()
    }

    /// The counts, skips (with reasons) and failures, written to `target/test-reports/FILE`.
    fn print(&self, title: &str, file: &str) {
        use std::fmt::Write;
        let mut text = format!("== {title}\n");
        let _ = writeln!(
            text,
            "cases: {} total, {} passed, {} skipped, {} failed ({} server-only cases not counted)",
            self.verdicts.len(),
            self.count(|v| *v == Verdict::Passed),
            self.count(|v| matches!(v, Verdict::Skipped(_))),
            self.count(|v| matches!(v, Verdict::Failed(_))),
            self.server_only
        );
        for why in &self.broken {
            let _ = writeln!(text, "  BROKEN CRATE: {}", why.replace('\n', "\n    "));
        }
        for (id, v) in &self.verdicts {
            if let Verdict::Skipped(reason) = v {
                let _ = writeln!(text, "  skipped {id}: {reason}");
            }
        }
        for (id, why) in self.failed() {
            let _ = writeln!(text, "  FAILED {id}:\n    {}", why.replace('\n', "\n    "));
        }
        tests::report(file, &text);
    }
}

/// Generates, builds and runs every service's cases. Both tests share one cargo target
/// directory: its lock runs them one after the other, and the dependencies build once.
/// A service whose crate cannot be generated or built fails all its cases, and the
/// report says why once.
fn run_suites(model: &Model) -> Report {
    let tmp = tempfile::tempdir().unwrap();
    let services = cases::services(model);
    let mut verdicts = BTreeMap::new();
    let mut broken = Vec::new();
    let mut written = Vec::new();
    for service in &services {
        match workspace::write_service(model, service, tmp.path()) {
            Ok(w) => written.push((service, w)),
            Err(e) => {
                fail_all(&mut verdicts, service);
                broken.push(e);
            }
        }
    }
    let packages: Vec<String> = written.iter().map(|(_, w)| w.package.clone()).collect();
    tests::write_workspace(tmp.path(), &packages);
    let target = tests::root().join("target/compliance");
    for (service, mut w) in written {
        let ran = workspace::run_service(tmp.path(), &mut w, &target);
        for (name, key) in &w.tests {
            let v = match &ran {
                Ok(ran) => ran.get(name).cloned(),
                Err(_) => Some(Verdict::Failed(format!(
                    "the crate of `{}` does not build (see above)",
                    service.id
                ))),
            };
            let v = v.unwrap_or_else(|| Verdict::Failed("the test did not run".into()));
            verdicts.insert(key.clone(), v);
        }
        broken.extend(ran.err());
        verdicts.extend(w.decided);
    }
    Report {
        verdicts,
        server_only: services.iter().map(|s| s.server_only.len()).sum(),
        broken,
    }
}

/// Every case of `service`, whose crate cannot be generated, fails (or is skipped).
fn fail_all(verdicts: &mut BTreeMap<String, Verdict>, service: &cases::Service) {
    for case in &service.cases {
        let v = match skips::reason(&case.key) {
            Some(reason) => Verdict::Skipped(reason),
            None => Verdict::Failed(format!(
                "the crate of `{}` cannot be generated (see above)",
                service.id
            )),
        };
        verdicts.insert(case.key.clone(), v);
    }
}

/// The harness on a small model of its own: a passing case of each kind, cases that must
/// fail (each for its own check), and a server-only case that must not run.
#[test]
fn harness_reports_passes_and_failures() {
    let path = tests::root().join("tests/fixtures/models/compliance-cases.json");
    let model = codegen::load_json(&std::fs::read(path).unwrap()).unwrap();
    let report = run_suites(&model);
    report.print("harness self-test", "protocol-compliance-self-test.txt");
    let failed = report.failed();
    let must_fail = [
        (
            "request HarnessMissingQueryMustFail",
            "query parameter `name=Ann` was not sent",
        ),
        // Byte for byte: the same JSON spaced otherwise is another text body.
        (
            "request HarnessTextBodyMustFail",
            "want: \"{ \\\"name\\\" : \\\"Ann\\\" }\"",
        ),
        (
            "request HarnessWrongTargetMustFail",
            "header `x-amz-target`",
        ),
    ];
    assert_eq!(failed.len(), must_fail.len(), "{failed:?}");
    for ((id, why), (want_id, want_why)) in failed.iter().zip(must_fail) {
        assert_eq!(id.as_str(), want_id);
        assert!(why.contains(want_why), "{id}: {why}");
    }
    assert_eq!(report.server_only, 1);
    assert_eq!(
        report.count(|v| *v == Verdict::Passed),
        report.verdicts.len() - must_fail.len()
    );
    assert!(report.verdicts.len() >= 4, "{:?}", report.verdicts.keys());
}

/// The official suites: every client case passes or is skipped for a listed reason.
#[test]
fn aws_json_suites_pass() {
    let dir = tests::shared().join("smithy/protocol-tests");
    let paths = [
        "awsJson1_0",
        "awsJson1_1",
        "shared-types.smithy",
        "aws-config.smithy",
    ]
    .map(|p| dir.join(p));
    let model = codegen::load_paths(&paths).unwrap_or_else(|e| panic!("{e}"));
    let report = run_suites(&model);
    report.print(
        "Smithy protocol tests: awsJson1_0 and awsJson1_1",
        "protocol-compliance.txt",
    );
    let stale: Vec<&str> = skips::AWS_JSON
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !report.verdicts.contains_key(*id))
        .collect();
    assert!(
        stale.is_empty(),
        "the skip table lists cases that do not exist: {stale:?}"
    );
    assert!(
        report.failed().is_empty(),
        "{} cases failed (see the report above)",
        report.failed().len()
    );
}

/// The restJson1 suite's model. `services/` (API Gateway and Glacier customizations) and
/// `validation/` hold client cases too, and the `RestJson` service lists the operations
/// of `malformedRequests/`: the whole directory loads, with the Smithy framework's
/// `ValidationException` that `validation/` names.
fn rest_json_model() -> Model {
    let dir = tests::shared().join("smithy/protocol-tests");
    let mut paths = ["restJson1", "shared-types.smithy", "aws-config.smithy"]
        .map(|p| dir.join(p))
        .to_vec();
    paths.push(tests::root().join("tests/fixtures/models/smithy-framework.smithy"));
    codegen::load_paths(&paths).unwrap_or_else(|e| panic!("{e}"))
}

/// Every client case of the restJson1 suite is collected under a service, and the skips
/// stay a small share of them (the suite run itself needs restJson1 generation).
#[test]
fn rest_json_client_cases_are_all_collected() {
    let model = rest_json_model();
    let collected: BTreeSet<String> = cases::services(&model)
        .iter()
        .flat_map(|s| s.cases.iter().map(|c| c.key.clone()))
        .collect();
    let written = cases::client_cases(&model, cases::REST_JSON_1);
    assert_eq!(collected, written);
    assert!(written.len() > 200, "{} cases", written.len());
    let stale: Vec<&str> = skips::REST_JSON
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !written.contains(*id))
        .collect();
    assert!(
        stale.is_empty(),
        "the skip table lists cases that do not exist: {stale:?}"
    );
    let skipped = skips::REST_JSON.len();
    assert!(
        skipped * 50 < written.len(),
        "{skipped} of {} cases skipped",
        written.len()
    );
}

/// The restJson1 suite: every client case passes or is skipped for a listed reason.
#[test]
fn rest_json_suite_passes() {
    let report = run_suites(&rest_json_model());
    report.print(
        "Smithy protocol tests: restJson1",
        "protocol-compliance-rest-json.txt",
    );
    assert!(
        report.failed().is_empty(),
        "{} cases failed (see the report above)",
        report.failed().len()
    );
}
