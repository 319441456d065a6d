//! One protocol test case -> the source of one `#[test]` function against the generated
//! crate, using the checks of `tests/fixtures/compliance_support.rs`.

use crate::cases::{Case, Kind};
use crate::params::Params;
use codegen::ir::Operation;
use serde_json::Value;

/// The test function's name: the case key (`request <id>`) in snake case.
pub fn fn_name(case: &Case) -> String {
    codegen::ir::naming::field_name(&case.key.replace(' ', "_"))
        .trim_start_matches("r#")
        .to_string()
}

/// The case properties the generated tests check or that carry no expectation. A case
/// with any other property (`authScheme`, say) fails rather than pass unchecked.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "protocol",
    "documentation",
    "tags",
    "appliesTo",
    "params",
    "vendorParams",
    "vendorParamsShape",
    "method",
    "uri",
    "queryParams",
    "forbidQueryParams",
    "requireQueryParams",
    "host",
    "resolvedHost",
    "headers",
    "requireHeaders",
    "forbidHeaders",
    "body",
    "bodyMediaType",
    "code",
];

/// The `#[test]` function for `case`, or why it cannot be written.
pub fn test_fn(params: &Params, case: &Case) -> Result<String, String> {
    let unknown: Vec<&String> = case
        .test
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .filter(|k| !KNOWN_KEYS.contains(&k.as_str()))
        .collect();
    if !unknown.is_empty() {
        return Err(format!("the harness does not check {unknown:?}"));
    }
    let op = params
        .krate
        .operations
        .iter()
        .find(|o| o.id == case.operation)
        .ok_or_else(|| not_generated(params, &case.operation))?;
    let serde = crate::cases::body_holds_every_member(case.protocol);
    let body = match &case.kind {
        Kind::Request => request(params, op, &case.test, serde)?,
        Kind::Response => response(params, op, &case.test, serde)?,
        Kind::Error { error } => error_response(params, op, error, &case.test, serde)?,
    };
    Ok(format!("#[test]\nfn {}() {{\n{body}}}\n", fn_name(case)))
}

/// Why `op` is not in the crate: the generator's warning that names it, if any.
fn not_generated(params: &Params, op: &str) -> String {
    let named = format!("`{op}`");
    match params.krate.warnings.iter().find(|w| w.contains(&named)) {
        Some(warning) => warning.clone(),
        None => format!("operation `{op}` was not generated"),
    }
}

fn op_module(params: &Params, op: &Operation) -> String {
    format!("{}::operation::{}", params.crate_ident, op.module)
}

fn str_field<'v>(test: &'v Value, key: &str) -> Option<&'v str> {
    test.get(key).and_then(Value::as_str)
}

/// `&[("name", "value"), ..]` from a `headers` object (names lowercased, as HTTP compares).
fn header_pairs(test: &Value, key: &str) -> String {
    let pairs: Vec<String> = test
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            format!(
                "({:?}, {:?})",
                k.to_ascii_lowercase(),
                v.as_str().unwrap_or_default()
            )
        })
        .collect();
    format!("&[{}]", pairs.join(", "))
}

/// `&["name", ..]` from a list of header names (lowercased, as HTTP compares).
fn header_names(test: &Value, key: &str) -> String {
    string_list(test, key, str::to_ascii_lowercase)
}

/// `&["item", ..]` from a list of strings, each passed through `f`.
fn string_list(test: &Value, key: &str, f: impl Fn(&str) -> String) -> String {
    let items: Vec<String> = test
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|n| format!("{:?}", f(n)))
        .collect();
    format!("&[{}]", items.join(", "))
}

fn is_json(test: &Value) -> bool {
    str_field(test, "bodyMediaType")
        .is_some_and(|m| m == "application/json" || m.ends_with("+json"))
}

fn request(params: &Params, op: &Operation, test: &Value, serde: bool) -> Result<String, String> {
    let input = params.structure(&op.input, test.get("params").unwrap_or(&Value::Null))?;
    let module = op_module(params, op);
    let mut s = format!("    let input = {input};\n    let request = {module}::serialize_request(&input).expect(\"the request serializes\");\n");
    if let Some(method) = str_field(test, "method") {
        s.push_str(&format!(
            "    assert_eq!(request.method().as_str(), {method:?});\n"
        ));
    }
    if let Some(uri) = str_field(test, "uri") {
        s.push_str(&format!("    assert_eq!(request.uri().path(), {uri:?});\n"));
    }
    // Query parameters are compared as sent, still percent-encoded (the spec's rule). A
    // token the serializer fills in is random: the cases expect the all-zero UUID v4
    // that SDKs generate under test, so random ones are zeroed before comparing.
    let same = |q: &str| q.to_string();
    let uri = if fills_token(params, op, test) {
        "&support::zero_uuids(request.uri())"
    } else {
        "request.uri()"
    };
    s.push_str(&format!(
        "    support::check_query({uri}, {}, {}, {});\n",
        string_list(test, "queryParams", same),
        string_list(test, "requireQueryParams", same),
        string_list(test, "forbidQueryParams", same),
    ));
    s.push_str(&format!(
        "    support::check_headers(request.headers(), {}, {}, {});\n",
        header_pairs(test, "headers"),
        header_names(test, "requireHeaders"),
        header_names(test, "forbidHeaders"),
    ));
    s.push_str("    let body = support::decoded_body(&request);\n");
    if serde {
        s.push_str("    support::check_serde_request(&input, &body);\n");
    }
    if let Some(body) = str_field(test, "body") {
        s.push_str(&format!(
            "    support::check_body(&body, {body:?}, {});\n",
            is_json(test)
        ));
    }
    if op.gzip_requests && serde {
        // Compressed or not, the body must be the serialized input.
        s.push_str(&format!("    assert_eq!(body, {module}::serialize_body(&input).expect(\"the body serializes\"));\n"));
    }
    // `resolvedHost`: the endpoint's `host` behind the operation's `@endpoint` prefix.
    if let (Some(host), Some(resolved)) = (str_field(test, "host"), str_field(test, "resolvedHost"))
    {
        let prefix = if op.host_prefix.is_some() {
            format!("{module}::host_prefix(&input).expect(\"host labels are valid\")")
        } else {
            "String::new()".into()
        };
        s.push_str(&format!(
            "    assert_eq!(format!(\"{{}}{host}\", {prefix}), {resolved:?});\n"
        ));
    }
    Ok(s)
}

/// Whether the case leaves an `@idempotencyToken` member of the input unset.
fn fills_token(params: &Params, op: &Operation, test: &Value) -> bool {
    let set = |wire: &str| {
        test.get("params")
            .and_then(|p| p.get(wire))
            .is_some_and(|v| !v.is_null())
    };
    params.krate.structs.get(&op.input).is_some_and(|s| {
        s.fields
            .iter()
            .any(|f| f.idempotency_token && !set(&f.wire))
    })
}

/// Statements that parse the case's canned response into `result`.
fn parse(params: &Params, op: &Operation, test: &Value) -> Result<String, String> {
    let code = test
        .get("code")
        .and_then(Value::as_u64)
        .ok_or("the case has no status code")?;
    let body = str_field(test, "body").unwrap_or_default();
    Ok(format!(
        "    let headers = support::header_map({});\n    let result = {}::parse_response({code}, &headers, {body:?}.as_bytes());\n",
        header_pairs(test, "headers"),
        op_module(params, op),
    ))
}

fn response(params: &Params, op: &Operation, test: &Value, serde: bool) -> Result<String, String> {
    let expected = params.structure(&op.output, test.get("params").unwrap_or(&Value::Null))?;
    let mut s = format!(
        "{}    let expected = {expected};\n    let actual = result.expect(\"the response parses\");\n    support::assert_debug_eq(&actual, &expected);\n",
        parse(params, op, test)?
    );
    if serde {
        s.push_str(&format!(
            "    for read in {} {{\n        support::assert_debug_eq(&read, &actual);\n    }}\n",
            check_serde(params, &op.output, test)?
        ));
    }
    Ok(s)
}

fn error_response(
    params: &Params,
    op: &Operation,
    error: &str,
    test: &Value,
    serde: bool,
) -> Result<String, String> {
    let s = params
        .krate
        .structs
        .get(error)
        .ok_or_else(|| format!("error `{error}` was not generated"))?;
    let expected = params.structure(error, test.get("params").unwrap_or(&Value::Null))?;
    let variant = if s.name == "Unhandled" {
        "UnhandledValue"
    } else {
        &s.name
    };
    let path = format!(
        "{}::{}Error::{variant}",
        op_module(params, op),
        op.type_name
    );
    // Metadata (request id, raw code) is not part of the params: compare the members,
    // also with what serde reads from the body.
    let mut checks = String::new();
    if serde {
        let read = if s.fields.is_empty() { "_read" } else { "read" };
        checks = format!(
            "            let {read} = {};\n",
            check_serde(params, error, test)?
        );
    }
    for f in &s.fields {
        checks.push_str(&format!(
            "            support::assert_debug_eq(&actual.{0}, &expected.{0});\n",
            f.name
        ));
        if serde {
            checks.push_str(&format!(
                "            for r in &read {{\n                support::assert_debug_eq(&r.{0}, &actual.{0});\n            }}\n",
                f.name
            ));
        }
    }
    // `vendorParams.code`: the error code the client reports (awsQuery codes, for one).
    if let Some(code) = test
        .get("vendorParams")
        .and_then(|v| v.get("code"))
        .and_then(Value::as_str)
    {
        checks.push_str(&format!(
            "            assert_eq!(actual.meta.code(), Some({code:?}));\n"
        ));
    }
    Ok(format!(
        "{}    let expected = {expected};\n    match result {{\n        Err({path}(actual)) => {{\n{checks}            let _ = expected;\n        }}\n        other => panic!(\"expected {variant}, got {{other:?}}\"),\n    }}\n",
        parse(params, op, test)?
    ))
}

/// The call of `support::check_serde_response` on the parsed `actual`, a value of
/// structure `id`: the values serde reads back.
fn check_serde(params: &Params, id: &str, test: &Value) -> Result<String, String> {
    let s = params
        .krate
        .structs
        .get(id)
        .ok_or_else(|| format!("structure `{id}` was not generated"))?;
    let members: Vec<String> = s.fields.iter().map(|f| format!("{:?}", f.wire)).collect();
    Ok(format!(
        "support::check_serde_response(&actual, {:?}, &[{}])",
        str_field(test, "body").unwrap_or_default(),
        members.join(", ")
    ))
}
