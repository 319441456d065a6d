//! The JS SDK oracles' fixtures (`oracle/`): reading a suite's cases with their recordings,
//! after checking that the recording is current. Shared by `tests/oracle.rs` (Cognito) and
//! `tests/oracle_api_gateway.rs`.

use serde_json::Value;
use std::path::Path;

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Each case of `oracle/<cases>` with its recording in `tests/fixtures/oracle/<fixture>`. The
/// fixture must come from the SDK version `oracle/package.json` pins for `package`, name the
/// same cases in the same order, and have served each case's canned response.
pub fn load(cases: &str, fixture: &str, package: &str) -> Vec<(Value, Value)> {
    let root = crate::root();
    let cases = read_json(&root.join("oracle").join(cases));
    let recorded = read_json(&root.join("tests/fixtures/oracle").join(fixture));
    let pins = read_json(&root.join("oracle/package.json"));
    assert_eq!(
        &recorded["packages"][package], &pins["dependencies"][package],
        "{fixture} was not made with the {package} version pinned in oracle/package.json: re-record"
    );
    let cases = cases["cases"].as_array().expect("cases").clone();
    let recorded = recorded["cases"]
        .as_array()
        .expect("recorded cases")
        .clone();
    let names = |v: &[Value]| {
        v.iter()
            .map(|c| str_of(c, "name").expect("name"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&cases),
        names(&recorded),
        "{fixture} does not match the cases: re-record"
    );
    for (case, rec) in cases.iter().zip(&recorded) {
        check_served(case, rec);
    }
    cases.into_iter().zip(recorded).collect()
}

/// The recorded response must be the case's: same status and headers, and the same body (the
/// exact text, or the JSON value the recorder stringified).
fn check_served(case: &Value, rec: &Value) {
    let name = str_of(case, "name").expect("name");
    let (c, r) = (&case["response"], &rec["response"]);
    assert_eq!(
        c["status"], r["status"],
        "{name}: status differs: re-record"
    );
    assert_eq!(
        c["headers"], r["headers"],
        "{name}: headers differ: re-record"
    );
    let body = str_of(r, "body").expect("response.body");
    match &c["body"] {
        Value::String(s) => assert_eq!(s, &body, "{name}: body differs: re-record"),
        v => assert_eq!(
            v,
            &serde_json::from_str::<Value>(&body).expect("JSON body"),
            "{name}: body differs: re-record"
        ),
    }
}
