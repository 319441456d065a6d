//! The official AWS SDK for JavaScript as a restJson1 wire oracle, for API Gateway.
//!
//! `oracle/record.mjs api-gateway` replays `oracle/api-gateway-cases.json` through
//! `@aws-sdk/client-api-gateway` and writes `tests/fixtures/oracle/api-gateway.json`. This test
//! generates the API Gateway crate from the shared model (the operations the cases name) into a
//! temporary workspace, with a replay program: each case's input built with the crate's builders
//! (`protocol_compliance/params.rs`), serialized, and the canned response parsed, the SDK's
//! output built with the same builders and compared with `==`. The program prints what the crate
//! did; this test compares it with the recording:
//!
//! - the request: method, path, the exact query string, the recorded headers (`Content-Type`,
//!   `Content-Length`, the model-bound ones), whether it is signed, the body byte for byte;
//! - the response: the output, or the error's code, message, fault, modeled members
//!   (`retryAfterSeconds`) and whether a modeled error landed in its own variant.
//!
//! Where the SDK and the Smithy restJson1 specification part ways, the crate follows the
//! specification: those cases are in [`DIVERGENCES`], each with its reason, and the test checks
//! that exactly the aspects the reason names differ. Any other difference fails.

#[path = "protocol_compliance/params.rs"]
mod params;

use params::Params;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use tests::sdk_fixture::{self, str_of};

const CRATE: &str = "api-gateway-oracle";
const CRATE_IDENT: &str = "api_gateway_oracle";

/// How the SDK deliberately differs from the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// An empty `@httpLabel` value: the SDK sends `/restapis/` (another resource), the crate
    /// refuses to build the request (a label must not be empty: Smithy `@httpLabel`).
    EmptyLabel,
    /// A member with a `@default` the caller left unset: the crate sends the default, as
    /// the Smithy protocol tests require of clients (`RestJsonClientPopulatesDefaultValuesInInput`);
    /// the SDK leaves it out. The same meaning to the service.
    DefaultSent,
    /// The SDK reads a JSON number into a JS number (a double): a long beyond 2^53 loses its
    /// last digits. The crate reads the exact `i64`.
    JsNumberPrecision,
    /// Without a code or message the SDK makes up `Unknown` / `UnknownError`; the crate
    /// reports none.
    Placeholder,
    /// An error response that names no code: the SDK calls it `Unknown`, the crate's
    /// `code()` is `None`.
    UnknownCode,
    /// A non-JSON error body: the SDK throws `SyntaxError` from `JSON.parse`; the crate
    /// returns an unhandled error with the status's fault.
    NonJsonErrorBody,
}

impl Why {
    /// The aspects of a case that differ, and nothing else may.
    fn aspects(self) -> &'static [&'static str] {
        match self {
            Why::EmptyLabel => &["refused"],
            Why::DefaultSent => &["body", "header:content-length"],
            Why::JsNumberPrecision => &["output"],
            Why::Placeholder => &["error.message"],
            Why::UnknownCode => &["error.code"],
            Why::NonJsonErrorBody => &["error.code", "error.fault"],
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Why::EmptyLabel => "an empty label: the SDK sends it, the crate refuses the request",
            Why::DefaultSent => "an unset @default member: the crate sends its default, the SDK leaves it out",
            Why::JsNumberPrecision => "a long beyond 2^53: the SDK rounds it to a double, the crate keeps it exact",
            Why::Placeholder => "the SDK makes up the message \"UnknownError\"; the crate reports none",
            Why::UnknownCode => "no error code: the SDK says \"Unknown\", the crate reports none",
            Why::NonJsonErrorBody => "non-JSON error body: the SDK throws SyntaxError, the crate returns Unhandled with the status's fault",
        }
    }
}

/// Every case where the SDK and the crate deliberately disagree, by reason.
const DIVERGENCES: &[(Why, &[&str])] = &[
    (Why::EmptyLabel, &["get_rest_api/label_empty"]),
    (Why::DefaultSent, &["create_deployment/canary"]),
    (Why::JsNumberPrecision, &["get_usage/big_long"]),
    (
        Why::Placeholder,
        &[
            "get_rest_api/error/header_only_empty_body",
            "get_rest_api/unmodeled/internal_500",
        ],
    ),
    (Why::NonJsonErrorBody, &["get_rest_api/unmodeled/html_502"]),
    (Why::UnknownCode, &["get_rest_api/unmodeled/no_code_400"]),
];

fn divergence(case: &str) -> Option<Why> {
    DIVERGENCES
        .iter()
        .find(|(_, names)| names.contains(&case))
        .map(|(why, _)| *why)
}

// ---------------------------------------------------------------------------------------------
// The replay program.

/// A Rust string literal of `s`.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// `&[("name", "value"), ..]` of a recorded response's headers.
fn header_pairs(headers: &Value) -> String {
    let pairs: Vec<String> = headers
        .as_object()
        .expect("response headers")
        .iter()
        .map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().expect("header value"))))
        .collect();
    format!("&[{}]", pairs.join(", "))
}

/// The replay function of one case.
fn case_fn(p: &Params, index: usize, case: &Value, rec: &Value) -> Result<String, String> {
    let op_name = str_of(case, "operation").expect("operation");
    let op = p
        .krate
        .operations
        .iter()
        .find(|o| o.name == op_name)
        .ok_or_else(|| format!("operation {op_name} was not generated"))?;
    let ty = format!("{CRATE_IDENT}::operation::{}::{}", op.module, op.type_name);
    let input = p.structure(&op.input, &case["input"])?;
    let r = &rec["response"];
    let status = r["status"].as_u64().expect("status");
    let body = str_of(r, "body").expect("body");
    let on_output = match rec.get("output") {
        Some(out) => match p.structure(&op.output, out) {
            Ok(expected) => {
                format!("{{ let expected = {expected}; support::output(&actual, &expected) }}")
            }
            Err(e) => format!("support::untranslatable(&actual, {})", lit(&e)),
        },
        None => "support::untranslatable(&actual, \"the SDK returned an error\")".into(),
    };
    // The modeled members besides the message of each of the operation's errors.
    let mut arms = String::new();
    for err in &op.errors {
        let s = p.krate.structs.get(&err.id).expect("error structure");
        let mut inserts = String::new();
        for f in s.fields.iter().filter(|f| !f.is_error_message()) {
            let value = match f.presence {
                codegen::ir::Presence::Optional => format!("x.{}.clone()", f.name),
                _ => format!("Some(x.{}.clone())", f.name),
            };
            inserts.push_str(&format!(
                "if let Some(v) = {value} {{ m.insert({}.to_string(), serde_json::json!(v)); }} ",
                lit(&f.wire)
            ));
        }
        if !inserts.is_empty() {
            arms.push_str(&format!(
                "{ty}Error::{}(x) => {{ {inserts}}}\n",
                err.variant
            ));
        }
    }
    Ok(format!(
        "fn case_{index}() -> serde_json::Value {{
    use {CRATE_IDENT}::Operation;
    let input = {input};
    let request = match <{ty}>::serialize_request(&input) {{
        Ok(r) => support::request(&r, <{ty}>::SIGNED),
        Err(e) => return support::refused(&e),
    }};
    let headers = support::header_map({headers});
    let outcome = match <{ty}>::parse_response({status}, &headers, {body}.as_bytes()) {{
        Ok(actual) => {on_output},
        Err(e) => {{
            #[allow(unused_mut)]
            let mut m = serde_json::Map::new();
            #[allow(clippy::match_single_binding)]
            match &e {{
                {arms}_ => {{}}
            }}
            support::error(&e, m)
        }}
    }};
    serde_json::json!({{ \"request\": request, \"outcome\": outcome }})
}}
",
        headers = header_pairs(&r["headers"]),
        body = lit(&body),
    ))
}

/// The codes of the errors each operation models, by operation name.
type Modeled = BTreeMap<String, Vec<String>>;

/// Generates the crate and the replay program, runs it, and returns what the crate did with
/// each case, and the errors each operation models.
fn replay(all: &[(Value, Value)]) -> (Vec<Value>, Modeled) {
    let dir = tempfile::tempdir().expect("temp dir");
    let operations: BTreeSet<String> = all
        .iter()
        .map(|(c, _)| str_of(c, "operation").expect("operation"))
        .collect();
    let operations: Vec<String> = operations.into_iter().collect();
    let krate = tests::generated_crate::generate(
        &tests::generated_crate::api_gateway_model(),
        &operations,
        CRATE,
        dir.path(),
    );
    let p = Params {
        krate: &krate,
        crate_ident: CRATE_IDENT,
    };
    let mut main = String::from(
        "//! Replays the API Gateway oracle cases (written by tests/oracle_api_gateway.rs).\n\nmod support;\n\nfn main() {\n    let cases = vec![\n",
    );
    let mut fns = String::new();
    for (i, (case, rec)) in all.iter().enumerate() {
        let name = str_of(case, "name").expect("name");
        let f = case_fn(&p, i, case, rec).unwrap_or_else(|e| panic!("{name}: {e}"));
        fns.push_str(&f);
        main.push_str(&format!("        case_{i}(),\n"));
    }
    main.push_str("    ];\n    println!(\"{}\", serde_json::Value::Array(cases));\n}\n\n");
    main.push_str(&fns);
    let replay = dir.path().join("replay");
    std::fs::create_dir_all(replay.join("src")).unwrap();
    std::fs::write(
        replay.join("Cargo.toml"),
        format!(
            "[package]\nname = \"oracle-replay\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{CRATE} = {{ path = \"../{CRATE}\" }}\nhttp = \"1\"\nserde_json = \"1\"\n"
        ),
    )
    .unwrap();
    std::fs::write(replay.join("src/main.rs"), main).unwrap();
    std::fs::copy(
        tests::root().join("tests/fixtures/oracle_replay_support.rs"),
        replay.join("src/support.rs"),
    )
    .unwrap();
    tests::write_workspace(dir.path(), &[CRATE.to_string(), "replay".to_string()]);
    let out = tests::cargo_in(
        dir.path(),
        &["run", "-q", "-p", "oracle-replay"],
        &[("RUSTFLAGS", "-A warnings")],
    );
    let results: Value = serde_json::from_str(&out).expect("the replay prints JSON");
    let results = results.as_array().expect("an array").clone();
    assert_eq!(results.len(), all.len(), "one result per case");
    let modeled = krate
        .operations
        .iter()
        .map(|o| {
            let codes = o
                .errors
                .iter()
                .map(|e| codegen::load::model::local_name(&e.id).to_string());
            (o.name.clone(), codes.collect())
        })
        .collect();
    (results, modeled)
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/// Notes `aspect` when the two values differ.
fn diff(out: &mut BTreeMap<String, String>, aspect: &str, sdk: &Value, ours: &Value) {
    if sdk != ours {
        out.insert(aspect.to_string(), format!("SDK {sdk}, crate {ours}"));
    }
}

/// The aspects in which the crate's result differs from the SDK's, each with a description.
fn differences(rec: &Value, rust: &Value, modeled: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let sdk_req = &rec["request"];
    let rust_req = &rust["request"];
    if let Some(e) = rust.get("refused") {
        // Nothing was sent, so nothing came back.
        out.insert("refused".into(), format!("the crate refused: {e}"));
        return out;
    }
    {
        for key in ["method", "path", "signed"] {
            diff(&mut out, key, &sdk_req[key], &rust_req[key]);
        }
        // An empty body is no body on the wire (the SDK records one it set empty as "").
        let body = |v: &Value| match v {
            Value::String(s) if s.is_empty() => Value::Null,
            v => v.clone(),
        };
        diff(
            &mut out,
            "body",
            &body(&sdk_req["body"]),
            &body(&rust_req["body"]),
        );
        // The order of query parameters carries no meaning (SigV4 sorts them too): the SDK's
        // handler sorts them by key, the crate writes the URI's constant query, then the
        // members in model order.
        if sorted_pairs(&sdk_req["query"]) != sorted_pairs(&rust_req["query"]) {
            diff(&mut out, "query", &sdk_req["query"], &rust_req["query"]);
        }
        // The headers the recording names, absent as null on both sides.
        for (name, value) in sdk_req["headers"].as_object().expect("headers") {
            let ours = rust_req["headers"]
                .get(name)
                .cloned()
                .unwrap_or(Value::Null);
            diff(&mut out, &format!("header:{name}"), value, &ours);
        }
    }
    let outcome = &rust["outcome"];
    match (
        rec.get("output"),
        outcome.get("output"),
        rec.get("error"),
        outcome.get("error"),
    ) {
        (Some(_), Some(o), _, _) => {
            if o["equal"] != Value::Bool(true) {
                out.insert(
                    "output".into(),
                    format!(
                        "\n      SDK   {}\n      crate {}",
                        o["expected"], o["actual"]
                    ),
                );
            }
        }
        (_, _, Some(s), Some(c)) => {
            let name = &s["name"];
            diff(&mut out, "error.code", name, &c["code"]);
            diff(&mut out, "error.message", &s["message"], &c["message"]);
            diff(&mut out, "error.fault", &s["fault"], &c["fault"]);
            let members = s
                .get("members")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            diff(&mut out, "error.members", &members, &c["members"]);
            // A modeled error must land in its own variant, not in Unhandled.
            let is_modeled = name
                .as_str()
                .is_some_and(|n| modeled.iter().any(|m| m == n));
            if is_modeled && c["unhandled"] == Value::Bool(true) {
                out.insert(
                    "error.unhandled".into(),
                    format!("modeled error {name} parsed as Unhandled"),
                );
            }
        }
        _ => {
            out.insert(
                "outcome".into(),
                format!(
                    "SDK {}, crate {outcome}",
                    rec.get("output")
                        .or(rec.get("error"))
                        .unwrap_or(&Value::Null)
                ),
            );
        }
    }
    out
}

/// Query pairs in sorted order: equal for two query strings that differ only in order.
fn sorted_pairs(query: &Value) -> Vec<String> {
    let mut pairs: Vec<String> = query
        .as_str()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    pairs.sort();
    pairs
}

/// `ours` without the object members `sdk` lacks whose value is a zero (`false`, `0`, `""`):
/// the defaults the crate sends and the SDK leaves out.
fn without_unasked_zeros(ours: &Value, sdk: &Value) -> Value {
    match (ours, sdk) {
        (Value::Object(o), Value::Object(s)) => Value::Object(
            o.iter()
                .filter(|(k, v)| {
                    s.contains_key(*k)
                        || !matches!(v, Value::Bool(false) | Value::String(_) | Value::Number(_))
                        || v.as_str().is_some_and(|t| !t.is_empty())
                        || v.as_f64().is_some_and(|n| n != 0.0)
                })
                .map(|(k, v)| {
                    (
                        k.clone(),
                        without_unasked_zeros(v, s.get(k).unwrap_or(&Value::Null)),
                    )
                })
                .collect(),
        ),
        _ => ours.clone(),
    }
}

/// Checks that a listed divergence differs in exactly its aspects, and in its way.
fn check_divergence(
    why: Why,
    rec: &Value,
    rust: &Value,
    diffs: &BTreeMap<String, String>,
) -> Result<(), String> {
    let found: Vec<&str> = diffs.keys().map(String::as_str).collect();
    if found != why.aspects() {
        return Err(format!(
            "expected differences in {:?} only, found {found:?}",
            why.aspects()
        ));
    }
    let ok = match why {
        Why::DefaultSent => {
            let body = |v: &Value| serde_json::from_str::<Value>(v.as_str().unwrap_or("null"));
            match (
                body(&rec["request"]["body"]),
                body(&rust["request"]["body"]),
            ) {
                (Ok(sdk), Ok(ours)) => sdk == without_unasked_zeros(&ours, &sdk),
                _ => false,
            }
        }
        Why::UnknownCode => {
            rec["error"]["name"] == "Unknown" && rust["outcome"]["error"]["code"].is_null()
        }
        Why::Placeholder => {
            rec["error"]["message"] == "UnknownError"
                && rust["outcome"]["error"]["message"].is_null()
        }
        Why::NonJsonErrorBody => {
            rec["error"]["name"] == "SyntaxError"
                && rust["outcome"]["error"]["unhandled"] == Value::Bool(true)
        }
        Why::EmptyLabel | Why::JsNumberPrecision => true,
    };
    if ok {
        Ok(())
    } else {
        Err("the aspects differ, but not in the way the reason says".into())
    }
}

#[test]
fn sdk_oracle_api_gateway() {
    let all = sdk_fixture::load(
        "api-gateway-cases.json",
        "api-gateway.json",
        "@aws-sdk/client-api-gateway",
    );
    let mut listed = BTreeSet::new();
    for name in DIVERGENCES.iter().flat_map(|(_, names)| names.iter()) {
        assert!(
            all.iter().any(|(c, _)| c["name"] == *name),
            "{name} is listed but is not a case"
        );
        assert!(listed.insert(*name), "{name} is listed twice");
    }
    let (results, modeled) = replay(&all);

    let (mut agree, mut deliberate) = (0, 0);
    let mut failures = Vec::new();
    let mut report = String::from("deliberate divergences (SDK vs crate):\n");
    for ((case, rec), rust) in all.iter().zip(&results) {
        let name = str_of(case, "name").expect("name");
        let op = str_of(case, "operation").expect("operation");
        let diffs = differences(rec, rust, &modeled[&op]);
        let describe = || {
            diffs
                .iter()
                .map(|(k, v)| format!("    {k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        match divergence(&name) {
            None if diffs.is_empty() => agree += 1,
            None => failures.push(format!("{name}:\n{}", describe())),
            Some(why) if diffs.is_empty() => failures.push(format!(
                "{name}: listed as {why:?}, but the SDK and the crate agree: remove it from DIVERGENCES"
            )),
            Some(why) => match check_divergence(why, rec, rust, &diffs) {
                Ok(()) => {
                    deliberate += 1;
                    report.push_str(&format!("  {name}: {}\n", why.reason()));
                }
                Err(e) => failures.push(format!("{name} (listed as {why:?}): {e}\n{}", describe())),
            },
        }
    }
    report.push_str(&format!(
        "API Gateway oracle: {} cases, {agree} agree, {deliberate} deliberate divergences, {} fail\n",
        all.len(),
        failures.len()
    ));
    tests::report("oracle-api-gateway.txt", &report);
    assert!(
        failures.is_empty(),
        "{} case(s) disagree with the official SDK:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
