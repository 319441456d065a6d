//! Before timing: every side must produce the same JSON for the input fixture and read the
//! same values from the response and error fixtures. A benchmark of two codecs that do
//! different work would measure nothing.

use crate::{fixtures, lite, plain, sdk};
use serde_json::Value;

fn json(what: &str, bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("{what} is not JSON: {e}"))
}

/// Two bodies are the same JSON document (member and map order aside).
pub fn same_json(what: &str, expected: &[u8], actual: &[u8]) -> Result<(), String> {
    if json("the expected body", expected)? == json(what, actual)? {
        Ok(())
    } else {
        Err(format!("{what} differs:\nexpected {}\nactual   {}", String::from_utf8_lossy(expected), String::from_utf8_lossy(actual)))
    }
}

fn same_header(what: &str, expected: &str, actual: Option<&str>) -> Result<(), String> {
    match actual {
        Some(a) if a.eq_ignore_ascii_case(expected) => Ok(()),
        other => Err(format!("{what}: expected {expected:?}, got {other:?}")),
    }
}

/// All three serializers write the input fixture's JSON, and both clients send the same
/// protocol headers.
pub fn serialization() -> Result<(), String> {
    let input = fixtures::input()?;
    let ours = lite::serialize(&lite::input(&input)?).map_err(|e| format!("generated crate: {e}"))?;
    let codec = sdk::Codec::default();
    let theirs = codec.serialize(&sdk::input(&input)?).map_err(|e| format!("SDK: {e}"))?;
    let floor = plain::serialize(&input).map_err(|e| format!("serde_json: {e}"))?;
    same_json("the generated crate's body", fixtures::INPUT_JSON, ours.body())?;
    same_json("the SDK's body", fixtures::INPUT_JSON, theirs.body().bytes().unwrap_or_default())?;
    same_json("serde_json's body", fixtures::INPUT_JSON, &floor)?;
    for name in ["content-type", "x-amz-target"] {
        let expected = ours.headers().get(name).and_then(|v| v.to_str().ok()).ok_or(format!("no {name} from the generated crate"))?;
        same_header(&format!("the SDK's {name}"), expected, theirs.headers().get(name))?;
    }
    Ok(())
}

/// All three parsers read the same values from the response fixture.
pub fn parsing() -> Result<(), String> {
    let expected = plain::parse(fixtures::OUTPUT_JSON).map_err(|e| format!("serde_json: {e}"))?;
    let ours = lite::parse(&lite::response(200, fixtures::OUTPUT_JSON)).map_err(|e| format!("generated crate: {e}"))?;
    let theirs = sdk::Codec::default().parse(&sdk::response(200, fixtures::OUTPUT_JSON)).map_err(|e| format!("SDK: {e}"))?;
    let fully_populated = expected.authentication_result.as_ref().is_some_and(|a| a.new_device_metadata.is_some());
    if !fully_populated {
        return Err("the response fixture does not set every member".into());
    }
    for (who, got) in [("the generated crate", lite::to_plain(&ours)), ("the SDK", sdk::to_plain(&theirs))] {
        if got != expected {
            return Err(format!("{who} parsed\n{got:?}\nexpected\n{expected:?}"));
        }
    }
    Ok(())
}

/// All three read the error fixture's code and message; both clients return the modelled
/// error variant with the response's request id.
pub fn error_parsing() -> Result<(), String> {
    let expected = (Some(fixtures::ERROR_CODE), Some(fixtures::ERROR_MESSAGE));
    let floor = plain::parse_error(fixtures::ERROR_JSON).map_err(|e| format!("serde_json: {e}"))?;
    let ours = match lite::parse(&lite::response(400, fixtures::ERROR_JSON)) {
        Err(e @ lite::Error::NotAuthorizedException(_)) => e,
        other => return Err(format!("generated crate: expected NotAuthorizedException, got {other:?}")),
    };
    let theirs = match sdk::Codec::default().parse(&sdk::response(400, fixtures::ERROR_JSON)) {
        Err(e @ sdk::Error::NotAuthorizedException(_)) => e,
        other => return Err(format!("SDK: expected NotAuthorizedException, got {other:?}")),
    };
    use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
    use cognito_idp_lite::meta::ProvideErrorMetadata as _;
    use aws_sdk_cognitoidentityprovider::operation::RequestId;
    let found = [
        ("serde_json", (floor.code.as_deref(), floor.message.as_deref()), Some(fixtures::REQUEST_ID)),
        ("the generated crate", (ours.code(), ours.message()), ours.request_id()),
        ("the SDK", (theirs.code(), theirs.message()), theirs.request_id()),
    ];
    for (who, got, request_id) in found {
        if got != expected || request_id != Some(fixtures::REQUEST_ID) {
            return Err(format!("{who} read {got:?} (request id {request_id:?}), expected {expected:?}"));
        }
    }
    Ok(())
}

/// Every check, for the benchmarks to run before timing.
pub fn check_all() -> Result<(), String> {
    serialization()?;
    parsing()?;
    error_parsing()
}
