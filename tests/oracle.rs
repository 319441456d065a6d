//! The official AWS SDK for JavaScript as a wire oracle.
//!
//! `oracle/record.mjs` replays every case of `oracle/cases.json` through
//! `@aws-sdk/client-cognito-identity-provider` (pinned in `oracle/package.json`) with a request
//! handler that records the request and answers with the case's canned response, and writes
//! `tests/fixtures/oracle/recorded.json`. This test replays the same cases through the generated
//! crate and compares:
//!
//! - the request: method, path, `Content-Type`, `X-Amz-Target`, whether it is signed (the SDK
//!   sent an `Authorization` header; the crate's `<Op>::SIGNED`), and the body byte for byte;
//! - the response: the parsed output (turned into JSON member by member), or the error's code,
//!   message and fault.
//!
//! Map keys: a JS object keeps insertion order, the crate's maps are `BTreeMap`s (sorted keys).
//! The cases therefore write every map's keys in sorted (code point) order, so that both sides
//! produce the same bytes. (JS also moves integer-like keys such as `"0"` to the front; the cases
//! only use one, which sorts first anyway.)
//!
//! Where the SDK and the Smithy awsJson1_1 specification part ways, the crate follows the
//! specification. Those cases are listed in [`DIVERGENCES`], each with the reason, and the test
//! checks that the SDK's recorded result differs from the crate's in exactly that way, no more.
//! Any other difference fails the test.

use cognito_idp_lite::meta::{Fault, ServiceError, Unhandled};
use cognito_idp_lite::operation::admin_reset_user_password::{
    AdminResetUserPassword, AdminResetUserPasswordInput, AdminResetUserPasswordOutput,
};
use cognito_idp_lite::operation::admin_respond_to_auth_challenge::{
    AdminRespondToAuthChallenge, AdminRespondToAuthChallengeInput,
    AdminRespondToAuthChallengeOutput,
};
use cognito_idp_lite::operation::get_user_attribute_verification_code::{
    GetUserAttributeVerificationCode, GetUserAttributeVerificationCodeInput,
    GetUserAttributeVerificationCodeOutput,
};
use cognito_idp_lite::operation::resend_confirmation_code::{
    ResendConfirmationCode, ResendConfirmationCodeInput, ResendConfirmationCodeOutput,
};
use cognito_idp_lite::types::{
    AnalyticsMetadataType, AuthenticationResultType, ChallengeNameType, CodeDeliveryDetailsType,
    ContextDataType, HttpHeader, NewDeviceMetadataType, UserContextDataType,
};
use cognito_idp_lite::Operation;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use tests::sdk_fixture::{self, str_of};

/// How the SDK deliberately differs from the crate (which follows the Smithy specification).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// The SDK's schema serializer writes an input's required members first, then the others;
    /// the crate writes model order (as smithy-rs does). JSON member order carries no meaning:
    /// the two bodies are the same JSON value, only the top-level member order differs.
    RequiredMembersFirst,
    /// The SDK looks for the error code in `__type`, then the body's `code`, then the
    /// `X-Amzn-Errortype` header. The Smithy awsJson1_1 specification (protocol test
    /// `AwsJson11FooErrorUsingCode`: "must first check for the X-Amzn-Errortype and then check for
    /// a top-level 'code' property"), and the crate with it, reads the header, then `code`, then
    /// `__type`; the Rust SDK reads the header first too. With sources that disagree, each side
    /// names a different error. (Both cut a comma-joined header value at the first comma: that
    /// alone makes no difference.)
    ErrorCodePrecedence,
    /// An error response without a code (nowhere) or without a message (no member, or `null`):
    /// the SDK makes up the name `Unknown` and the message `UnknownError`; the crate reports no
    /// code (an unhandled error) and no message.
    Placeholder,
    /// `null` as a value of a dense map (`ChallengeParameters` is not `@sparse`, so it cannot
    /// hold nulls): the crate drops the entry, as smithy-rs does; the SDK keeps `null`.
    DenseMapNull,
    /// `AuthenticationResult.ExpiresIn` has `@default(0)`: the crate reads a missing or `null`
    /// value as 0 (a non-optional `i32`); the SDK leaves it undefined.
    DefaultValue,
    /// `AvailableChallenges`: the SDK's model (3.1169.0) is newer than the project's model (AWS
    /// upstream of 2026-04-21), which lacks this member; the crate skips it as an unknown member.
    SdkModelNewer,
    /// A non-JSON error body (a proxy's HTML page): the SDK gives up with a `SyntaxError` from
    /// `JSON.parse`, losing status and code; the crate returns an unhandled error with the status
    /// (and the `X-Amzn-Errortype` code when there is one) and the status's fault.
    NonJsonErrorBody,
    /// The SDK's schema deserializer does not check JSON types: it passes `"3600"` (a string)
    /// through as `ExpiresIn`, reads `3.6e3` as 3600, and keeps an error `message` that is a
    /// number. The crate, like smithy-rs (whose `Number` refuses any float for an integer),
    /// rejects a member of the wrong JSON type: an unhandled error with the parse failure (and
    /// the error code, for an error response).
    StrictTyping,
}

impl Why {
    fn reason(self) -> &'static str {
        match self {
            Why::RequiredMembersFirst => "SDK writes required input members first; crate writes model order (same JSON value)",
            Why::ErrorCodePrecedence => "SDK reads __type, then code, then X-Amzn-Errortype; spec and Rust SDK read the header first",
            Why::Placeholder => "SDK makes up the name \"Unknown\" / message \"UnknownError\"; crate reports none",
            Why::DenseMapNull => "null in a dense map: crate drops the entry, SDK keeps null",
            Why::DefaultValue => "ExpiresIn has @default(0): crate reports 0, SDK leaves it undefined",
            Why::SdkModelNewer => "SDK's model knows AvailableChallenges, the project's model does not",
            Why::NonJsonErrorBody => "non-JSON error body: SDK throws SyntaxError, crate returns Unhandled with status and header code",
            Why::StrictTyping => "member of the wrong JSON type: SDK takes it as is, crate (like smithy-rs) rejects it (Unhandled)",
        }
    }
}

/// Every case where the SDK and the crate deliberately disagree, by reason. Nothing else may
/// differ.
const DIVERGENCES: &[(Why, &[&str])] = &[
    (
        Why::RequiredMembersFirst,
        &[
            "resend_confirmation_code/full_input",
            "resend_confirmation_code/input_empty_nested",
            "resend_confirmation_code/input_secret_hash_only",
        ],
    ),
    (
        Why::ErrorCodePrecedence,
        &[
            "resend_confirmation_code/error_form/header_and_type_disagree",
            "resend_confirmation_code/error_form/header_and_code_disagree",
            "resend_confirmation_code/error_form/code_and_type_disagree",
            "resend_confirmation_code/error_form/comma_joined_header_with_type",
        ],
    ),
    (
        Why::Placeholder,
        &[
            "resend_confirmation_code/error_form/header_only_empty_object",
            "resend_confirmation_code/error_form/header_only_empty_body",
            "resend_confirmation_code/error_form/message_null",
            "resend_confirmation_code/error_form/no_code",
            "resend_confirmation_code/error_form/no_code_empty_body_5xx",
        ],
    ),
    (
        Why::DenseMapNull,
        &["admin_respond_to_auth_challenge/ok_nulls"],
    ),
    (
        Why::DefaultValue,
        &[
            "admin_respond_to_auth_challenge/ok_null_expires_in",
            "admin_respond_to_auth_challenge/ok_expires_in_absent",
        ],
    ),
    (
        Why::SdkModelNewer,
        &["admin_respond_to_auth_challenge/ok_member_newer_than_model"],
    ),
    (
        Why::NonJsonErrorBody,
        &[
            "resend_confirmation_code/error_form/html_body_5xx",
            "resend_confirmation_code/error_form/html_body_5xx_with_header",
        ],
    ),
    (
        Why::StrictTyping,
        &[
            "admin_respond_to_auth_challenge/ok_expires_in_integral_float",
            "admin_respond_to_auth_challenge/ok_wrong_type",
            "resend_confirmation_code/error_form/mistyped_message_after_type",
            "resend_confirmation_code/error_form/mistyped_message_before_type",
        ],
    ),
];

/// The deliberate divergence listed for a case, if any.
fn divergence(case: &str) -> Option<Why> {
    DIVERGENCES
        .iter()
        .find(|(_, names)| names.contains(&case))
        .map(|(why, _)| *why)
}

// ---------------------------------------------------------------------------------------------
// Reading the cases' JSON into the generated builders.

/// The members of a JSON object, refusing any member the mapping does not know (so that a case
/// cannot set a member that silently goes nowhere).
fn members<'a>(v: &'a Value, what: &str, known: &[&str]) -> &'a Map<String, Value> {
    let m = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: expected a JSON object, got {v}"));
    for k in m.keys() {
        assert!(
            known.contains(&k.as_str()),
            "{what}: member {k:?} is not mapped to the Rust builder"
        );
    }
    m
}

fn opt_str(m: &Map<String, Value>, key: &str) -> Option<String> {
    m.get(key).map(|v| {
        v.as_str()
            .unwrap_or_else(|| panic!("{key}: expected a string, got {v}"))
            .to_string()
    })
}

fn opt_map(m: &Map<String, Value>, key: &str) -> Option<BTreeMap<String, String>> {
    m.get(key).map(|v| {
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("{key}: expected an object, got {v}"));
        let keys: Vec<&String> = obj.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(
            keys, sorted,
            "{key}: write map keys in sorted order in cases.json (see the module docs)"
        );
        obj.iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .unwrap_or_else(|| panic!("{key}.{k}: expected a string"))
                        .to_string(),
                )
            })
            .collect()
    })
}

fn analytics_metadata(v: &Value) -> AnalyticsMetadataType {
    let m = members(v, "AnalyticsMetadata", &["AnalyticsEndpointId"]);
    AnalyticsMetadataType::builder()
        .set_analytics_endpoint_id(opt_str(m, "AnalyticsEndpointId"))
        .build()
}

fn user_context_data(v: &Value) -> UserContextDataType {
    let m = members(v, "UserContextData", &["IpAddress", "EncodedData"]);
    UserContextDataType::builder()
        .set_ip_address(opt_str(m, "IpAddress"))
        .set_encoded_data(opt_str(m, "EncodedData"))
        .build()
}

fn context_data(v: &Value) -> ContextDataType {
    let m = members(
        v,
        "ContextData",
        &[
            "IpAddress",
            "ServerName",
            "ServerPath",
            "HttpHeaders",
            "EncodedData",
        ],
    );
    let headers = m.get("HttpHeaders").map(|v| {
        v.as_array()
            .expect("HttpHeaders: expected an array")
            .iter()
            .map(|h| {
                let hm = members(h, "HttpHeader", &["headerName", "headerValue"]);
                HttpHeader::builder()
                    .set_header_name(opt_str(hm, "headerName"))
                    .set_header_value(opt_str(hm, "headerValue"))
                    .build()
            })
            .collect::<Vec<_>>()
    });
    ContextDataType::builder()
        .set_ip_address(opt_str(m, "IpAddress"))
        .set_server_name(opt_str(m, "ServerName"))
        .set_server_path(opt_str(m, "ServerPath"))
        .set_http_headers(headers)
        .set_encoded_data(opt_str(m, "EncodedData"))
        .build()
        .expect("ContextData: required members")
}

// ---------------------------------------------------------------------------------------------
// Turning the crate's outputs into JSON, member by member, the way the SDK's output looks.

fn put_str(m: &mut Map<String, Value>, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        m.insert(key.into(), Value::String(v.clone()));
    }
}

fn put_map(m: &mut Map<String, Value>, key: &str, v: &Option<BTreeMap<String, String>>) {
    if let Some(v) = v {
        m.insert(
            key.into(),
            Value::Object(
                v.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        );
    }
}

/// The output of the two operations whose only member is `CodeDeliveryDetails`.
fn code_delivery_output(details: Option<&CodeDeliveryDetailsType>) -> Value {
    let mut m = Map::new();
    if let Some(d) = details {
        m.insert("CodeDeliveryDetails".into(), code_delivery_details(d));
    }
    Value::Object(m)
}

fn code_delivery_details(d: &CodeDeliveryDetailsType) -> Value {
    let mut m = Map::new();
    put_str(&mut m, "Destination", &d.destination);
    put_str(
        &mut m,
        "DeliveryMedium",
        &d.delivery_medium.as_ref().map(|e| e.as_str().to_string()),
    );
    put_str(&mut m, "AttributeName", &d.attribute_name);
    Value::Object(m)
}

fn new_device_metadata(d: &NewDeviceMetadataType) -> Value {
    let mut m = Map::new();
    put_str(&mut m, "DeviceKey", &d.device_key);
    put_str(&mut m, "DeviceGroupKey", &d.device_group_key);
    Value::Object(m)
}

fn authentication_result(a: &AuthenticationResultType) -> Value {
    let mut m = Map::new();
    put_str(&mut m, "AccessToken", &a.access_token);
    m.insert("ExpiresIn".into(), Value::from(a.expires_in));
    put_str(&mut m, "TokenType", &a.token_type);
    put_str(&mut m, "RefreshToken", &a.refresh_token);
    put_str(&mut m, "IdToken", &a.id_token);
    if let Some(d) = &a.new_device_metadata {
        m.insert("NewDeviceMetadata".into(), new_device_metadata(d));
    }
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------------
// One trait over the four operations.

/// What the test needs of an operation beyond the crate's [`Operation`] trait.
trait OracleOp: Operation {
    /// The input's required members, in model order.
    const REQUIRED: &'static [&'static str];
    fn input(v: &Value) -> Self::Input;
    fn output_json(o: &Self::Output) -> Value;
}

/// The crate's error, as far as the SDK's can be compared with it.
#[derive(Debug, Clone, PartialEq)]
struct RustError {
    code: Option<String>,
    message: Option<String>,
    fault: &'static str,
    unhandled: bool,
}

/// Any operation's error through the runtime's trait: no per-operation code.
fn error_view(e: &dyn ServiceError) -> RustError {
    RustError {
        code: e.code().map(str::to_string),
        message: e.message().map(str::to_string),
        fault: match e.fault() {
            Fault::Client => "client",
            Fault::Server => "server",
        },
        unhandled: e.source().is_some_and(|s| s.is::<Unhandled>()),
    }
}

impl OracleOp for ResendConfirmationCode {
    const REQUIRED: &'static [&'static str] = &["ClientId", "Username"];
    fn input(v: &Value) -> ResendConfirmationCodeInput {
        let m = members(
            v,
            "ResendConfirmationCodeInput",
            &[
                "ClientId",
                "SecretHash",
                "UserContextData",
                "Username",
                "AnalyticsMetadata",
                "ClientMetadata",
            ],
        );
        ResendConfirmationCodeInput::builder()
            .set_client_id(opt_str(m, "ClientId"))
            .set_secret_hash(opt_str(m, "SecretHash"))
            .set_user_context_data(m.get("UserContextData").map(user_context_data))
            .set_username(opt_str(m, "Username"))
            .set_analytics_metadata(m.get("AnalyticsMetadata").map(analytics_metadata))
            .set_client_metadata(opt_map(m, "ClientMetadata"))
            .build()
            .expect("required members")
    }
    fn output_json(o: &ResendConfirmationCodeOutput) -> Value {
        code_delivery_output(o.code_delivery_details.as_ref())
    }
}

impl OracleOp for GetUserAttributeVerificationCode {
    const REQUIRED: &'static [&'static str] = &["AccessToken", "AttributeName"];
    fn input(v: &Value) -> GetUserAttributeVerificationCodeInput {
        let m = members(
            v,
            "GetUserAttributeVerificationCodeInput",
            &["AccessToken", "AttributeName", "ClientMetadata"],
        );
        GetUserAttributeVerificationCodeInput::builder()
            .set_access_token(opt_str(m, "AccessToken"))
            .set_attribute_name(opt_str(m, "AttributeName"))
            .set_client_metadata(opt_map(m, "ClientMetadata"))
            .build()
            .expect("required members")
    }
    fn output_json(o: &GetUserAttributeVerificationCodeOutput) -> Value {
        code_delivery_output(o.code_delivery_details.as_ref())
    }
}

impl OracleOp for AdminResetUserPassword {
    const REQUIRED: &'static [&'static str] = &["UserPoolId", "Username"];
    fn input(v: &Value) -> AdminResetUserPasswordInput {
        let m = members(
            v,
            "AdminResetUserPasswordInput",
            &["UserPoolId", "Username", "ClientMetadata"],
        );
        AdminResetUserPasswordInput::builder()
            .set_user_pool_id(opt_str(m, "UserPoolId"))
            .set_username(opt_str(m, "Username"))
            .set_client_metadata(opt_map(m, "ClientMetadata"))
            .build()
            .expect("required members")
    }
    fn output_json(_: &AdminResetUserPasswordOutput) -> Value {
        Value::Object(Map::new())
    }
}

impl OracleOp for AdminRespondToAuthChallenge {
    const REQUIRED: &'static [&'static str] = &["UserPoolId", "ClientId", "ChallengeName"];
    fn input(v: &Value) -> AdminRespondToAuthChallengeInput {
        let m = members(
            v,
            "AdminRespondToAuthChallengeInput",
            &[
                "UserPoolId",
                "ClientId",
                "ChallengeName",
                "ChallengeResponses",
                "Session",
                "AnalyticsMetadata",
                "ContextData",
                "ClientMetadata",
            ],
        );
        AdminRespondToAuthChallengeInput::builder()
            .set_user_pool_id(opt_str(m, "UserPoolId"))
            .set_client_id(opt_str(m, "ClientId"))
            .set_challenge_name(
                opt_str(m, "ChallengeName").map(|s| ChallengeNameType::from(s.as_str())),
            )
            .set_challenge_responses(opt_map(m, "ChallengeResponses"))
            .set_session(opt_str(m, "Session"))
            .set_analytics_metadata(m.get("AnalyticsMetadata").map(analytics_metadata))
            .set_context_data(m.get("ContextData").map(context_data))
            .set_client_metadata(opt_map(m, "ClientMetadata"))
            .build()
            .expect("required members")
    }
    fn output_json(o: &AdminRespondToAuthChallengeOutput) -> Value {
        let mut m = Map::new();
        put_str(
            &mut m,
            "ChallengeName",
            &o.challenge_name.as_ref().map(|e| e.as_str().to_string()),
        );
        put_str(&mut m, "Session", &o.session);
        put_map(&mut m, "ChallengeParameters", &o.challenge_parameters);
        if let Some(a) = &o.authentication_result {
            m.insert("AuthenticationResult".into(), authentication_result(a));
        }
        Value::Object(m)
    }
}

// ---------------------------------------------------------------------------------------------
// What each side did with a case.

#[derive(Debug, Clone, PartialEq)]
struct Request {
    method: String,
    path: String,
    content_type: Option<String>,
    target: Option<String>,
    signed: bool,
    body: String,
}

#[derive(Debug, Clone, PartialEq)]
enum SdkOutcome {
    Output(Value),
    /// `message` as recorded: a string, `null`, or whatever type the SDK let through.
    Error {
        name: Option<String>,
        message: Value,
        fault: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum RustOutcome {
    Output(Value),
    Error(RustError),
}

/// The canned response, exactly as served to the SDK.
struct Served {
    status: u16,
    headers: http::HeaderMap,
    body: String,
}

struct Replay {
    sdk_request: Request,
    rust_request: Request,
    sdk: SdkOutcome,
    rust: RustOutcome,
}

fn replay<O: OracleOp>(input: &Value, served: &Served) -> (Request, RustOutcome) {
    let input = O::input(input);
    let request =
        O::serialize_request(&input).unwrap_or_else(|e| panic!("serialize_request failed: {e}"));
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .map(|v| v.to_str().expect("ASCII header").to_string())
    };
    let rust_request = Request {
        method: request.method().as_str().to_string(),
        path: request.uri().path().to_string(),
        content_type: header("content-type"),
        target: header("x-amz-target"),
        signed: O::SIGNED,
        body: String::from_utf8(request.body().clone()).expect("UTF-8 request body"),
    };
    let outcome = match O::parse_response(served.status, &served.headers, served.body.as_bytes()) {
        Ok(output) => RustOutcome::Output(O::output_json(&output)),
        Err(e) => RustOutcome::Error(error_view(&e)),
    };
    (rust_request, outcome)
}

fn sdk_request(rec: &Value) -> Request {
    let r = &rec["request"];
    Request {
        method: str_of(r, "method").expect("request.method"),
        path: str_of(r, "path").expect("request.path"),
        content_type: str_of(r, "contentType"),
        target: str_of(r, "target"),
        signed: r["signed"].as_bool().expect("request.signed"),
        body: str_of(r, "body").expect("request.body"),
    }
}

fn sdk_outcome(rec: &Value) -> SdkOutcome {
    if let Some(output) = rec.get("output") {
        return SdkOutcome::Output(output.clone());
    }
    let e = rec
        .get("error")
        .expect("recorded case has neither output nor error");
    SdkOutcome::Error {
        name: str_of(e, "name"),
        message: e["message"].clone(),
        fault: str_of(e, "fault"),
    }
}

fn served(rec: &Value) -> Served {
    let r = &rec["response"];
    let status = r["status"].as_u64().expect("response.status") as u16;
    let mut headers = http::HeaderMap::new();
    for (k, v) in r["headers"].as_object().expect("response.headers") {
        let name = http::HeaderName::from_bytes(k.as_bytes()).expect("header name");
        headers.append(
            name,
            v.as_str()
                .expect("header value")
                .parse()
                .expect("header value"),
        );
    }
    Served {
        status,
        headers,
        body: str_of(r, "body").expect("response.body"),
    }
}

// ---------------------------------------------------------------------------------------------
// The awsJson error-code rules, both ways, to check the precedence divergence precisely.

/// The specification's sanitizing: cut at `,` or `:`, keep what follows the last `#`.
fn sanitize(raw: &str) -> String {
    let cut = raw.split([',', ':']).next().unwrap_or(raw);
    cut.rsplit('#').next().unwrap_or(cut).trim().to_string()
}

/// (header, body `code`, body `__type`) of an error response.
fn code_sources(served: &Served) -> [Option<String>; 3] {
    let header = served
        .headers
        .get("x-amzn-errortype")
        .map(|v| v.to_str().expect("ASCII").to_string());
    let body: Value = serde_json::from_str(&served.body).unwrap_or(Value::Null);
    [header, str_of(&body, "code"), str_of(&body, "__type")]
}

/// The Smithy specification (and Rust SDK) order: header, `code`, `__type`.
fn spec_code(served: &Served) -> Option<String> {
    let [header, code, ty] = code_sources(served);
    header.or(code).or(ty).map(|c| sanitize(&c))
}

/// The JavaScript SDK's order for awsJson: `__type`, `code`, header.
fn js_sdk_code(served: &Served) -> Option<String> {
    let [header, code, ty] = code_sources(served);
    ty.or(code).or(header).map(|c| sanitize(&c))
}

fn opt_value(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
}

/// Removes `null` values from objects, at any depth.
fn drop_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), drop_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(drop_nulls).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/// Differences between the two sides of a case, ignoring nothing.
fn differences(case: &str, r: &Replay) -> Vec<String> {
    let mut out = Vec::new();
    let (s, c) = (&r.sdk_request, &r.rust_request);
    if s.method != c.method {
        out.push(format!("method: SDK {:?}, crate {:?}", s.method, c.method));
    }
    if s.path != c.path {
        out.push(format!("path: SDK {:?}, crate {:?}", s.path, c.path));
    }
    if s.content_type != c.content_type {
        out.push(format!(
            "content-type: SDK {:?}, crate {:?}",
            s.content_type, c.content_type
        ));
    }
    if s.target != c.target {
        out.push(format!(
            "x-amz-target: SDK {:?}, crate {:?}",
            s.target, c.target
        ));
    }
    if s.signed != c.signed {
        out.push(format!(
            "signed: SDK {}, crate SIGNED = {}",
            s.signed, c.signed
        ));
    }
    if s.body != c.body {
        out.push(format!(
            "request body:\n  SDK   {}\n  crate {}",
            s.body, c.body
        ));
    }
    match (&r.sdk, &r.rust) {
        (SdkOutcome::Output(a), RustOutcome::Output(b)) => {
            if a != b {
                out.push(format!("output:\n  SDK   {a}\n  crate {b}"));
            }
        }
        (
            SdkOutcome::Error {
                name,
                message,
                fault,
            },
            RustOutcome::Error(e),
        ) => {
            if *name != e.code {
                out.push(format!("error code: SDK {name:?}, crate {:?}", e.code));
            }
            if *message != opt_value(&e.message) {
                out.push(format!(
                    "error message: SDK {message}, crate {:?}",
                    e.message
                ));
            }
            if fault.as_deref() != Some(e.fault) {
                out.push(format!("error fault: SDK {fault:?}, crate {:?}", e.fault));
            }
            // A documented error must land in its own variant, not in Unhandled.
            if case.contains("/error/") && e.unhandled {
                out.push(format!("documented error {:?} parsed as Unhandled", e.code));
            }
        }
        (sdk, rust) => out.push(format!("outcome kind: SDK {sdk:?}, crate {rust:?}")),
    }
    out
}

/// Checks that a listed divergence is exactly what it claims to be. Err describes what else differs.
fn check_divergence(
    why: Why,
    case: &str,
    r: &Replay,
    served: &Served,
    required: &[&str],
) -> Result<(), String> {
    let diffs = differences(case, r);
    if diffs.is_empty() {
        return Err(
            "listed as a divergence, but the SDK and the crate agree: remove it from DIVERGENCES"
                .into(),
        );
    }
    // Everything but the part the divergence is about must agree.
    let same_request = r.sdk_request == r.rust_request;
    let fail = |what: &str| {
        Err(format!(
            "{what}; all differences:\n    {}",
            diffs.join("\n    ")
        ))
    };
    match why {
        Why::RequiredMembersFirst => {
            if r.sdk != rust_as_sdk(&r.rust) {
                return fail("the responses differ too");
            }
            let (s, c) = (&r.sdk_request, &r.rust_request);
            if (&s.method, &s.path, &s.content_type, &s.target, s.signed)
                != (&c.method, &c.path, &c.content_type, &c.target, c.signed)
            {
                return fail("request headers differ too");
            }
            let sdk: Value =
                serde_json::from_str(&s.body).map_err(|e| format!("SDK body is not JSON: {e}"))?;
            let rust: Value = serde_json::from_str(&c.body)
                .map_err(|e| format!("crate body is not JSON: {e}"))?;
            if sdk != rust {
                return fail("the bodies are different JSON values, not just differently ordered");
            }
            // Move the crate's required members first (keeping model order within each group):
            // that must be the SDK's body, member order included, at every depth.
            let obj = rust.as_object().expect("object body");
            let reordered: Map<String, Value> = obj
                .iter()
                .filter(|(k, _)| required.contains(&k.as_str()))
                .chain(obj.iter().filter(|(k, _)| !required.contains(&k.as_str())))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let reordered = serde_json::to_string(&Value::Object(reordered)).expect("JSON");
            let sdk_order = serde_json::to_string(&sdk).expect("JSON");
            if reordered != sdk_order {
                return fail(&format!(
                    "member order is not \"required first\": expected {reordered}"
                ));
            }
            Ok(())
        }
        Why::ErrorCodePrecedence => {
            let (
                SdkOutcome::Error {
                    name,
                    message,
                    fault,
                },
                RustOutcome::Error(e),
            ) = (&r.sdk, &r.rust)
            else {
                return fail("expected an error on both sides");
            };
            let (spec, js) = (spec_code(served), js_sdk_code(served));
            if !same_request || spec == js {
                return fail("the code sources do not disagree, or the requests differ");
            }
            if e.code != spec {
                return fail(&format!(
                    "the crate must follow the specification's order and name {spec:?}"
                ));
            }
            if *name != js {
                return fail(&format!(
                    "the SDK was expected to name {js:?} (__type, code, header)"
                ));
            }
            if *message != opt_value(&e.message) || fault.as_deref() != Some(e.fault) {
                return fail("message or fault differ too");
            }
            Ok(())
        }
        Why::Placeholder => {
            let (
                SdkOutcome::Error {
                    name,
                    message,
                    fault,
                },
                RustOutcome::Error(e),
            ) = (&r.sdk, &r.rust)
            else {
                return fail("expected an error on both sides");
            };
            // Each of code and message: equal, or missing from the crate and made up by the SDK.
            let name_ok = *name == e.code
                || (e.code.is_none() && e.unhandled && name.as_deref() == Some("Unknown"));
            let message_ok = *message == opt_value(&e.message)
                || (e.message.is_none() && message.as_str() == Some("UnknownError"));
            if same_request && name_ok && message_ok && fault.as_deref() == Some(e.fault) {
                Ok(())
            } else {
                fail("expected the SDK's \"Unknown\" / \"UnknownError\" where the crate has none, all else equal")
            }
        }
        Why::DenseMapNull | Why::DefaultValue | Why::SdkModelNewer => {
            let (SdkOutcome::Output(sdk), RustOutcome::Output(rust)) = (&r.sdk, &r.rust) else {
                return fail("expected an output on both sides");
            };
            let mut expected = sdk.clone();
            match why {
                Why::DenseMapNull => expected = drop_nulls(&expected),
                Why::DefaultValue => {
                    let auth = expected
                        .get_mut("AuthenticationResult")
                        .and_then(Value::as_object_mut)
                        .ok_or("no AuthenticationResult in the SDK's output")?;
                    if auth.contains_key("ExpiresIn") {
                        return fail("the SDK has an ExpiresIn");
                    }
                    auth.insert("ExpiresIn".into(), Value::from(0));
                }
                _ => {
                    if expected
                        .as_object_mut()
                        .and_then(|m| m.remove("AvailableChallenges"))
                        .is_none()
                    {
                        return fail("the SDK has no AvailableChallenges");
                    }
                }
            }
            if same_request && &expected == rust && sdk != rust {
                Ok(())
            } else {
                fail(&format!("expected the crate's output to be {expected}"))
            }
        }
        Why::NonJsonErrorBody => {
            let (
                SdkOutcome::Error {
                    name,
                    message,
                    fault,
                },
                RustOutcome::Error(e),
            ) = (&r.sdk, &r.rust)
            else {
                return fail("expected an error on both sides");
            };
            let header = served
                .headers
                .get("x-amzn-errortype")
                .map(|v| sanitize(v.to_str().expect("ASCII")));
            let status_fault = if served.status >= 500 {
                "server"
            } else {
                "client"
            };
            let ok = same_request
                && name.as_deref() == Some("SyntaxError")
                && message.is_null()
                && fault.is_none()
                && e.unhandled
                && e.code == header
                && e.message.is_none()
                && e.fault == status_fault;
            if ok {
                Ok(())
            } else {
                fail("expected SyntaxError from the SDK and Unhandled (status fault, header code) from the crate")
            }
        }
        Why::StrictTyping => match (&r.sdk, &r.rust) {
            // A success body: the SDK returns it, the crate fails to parse it.
            (SdkOutcome::Output(_), RustOutcome::Error(e)) => {
                if same_request && e.unhandled && e.code.is_none() && e.message.is_none() {
                    Ok(())
                } else {
                    fail("expected the crate to fail parsing the output (Unhandled, no code, no message)")
                }
            }
            // An error body with a mistyped message: same code and fault, the SDK keeps the
            // value, the crate has no message and cannot build the modeled error.
            (
                SdkOutcome::Error {
                    name,
                    message,
                    fault,
                },
                RustOutcome::Error(e),
            ) => {
                let ok = same_request
                    && *name == e.code
                    && e.code.is_some()
                    && fault.as_deref() == Some(e.fault)
                    && !message.is_string()
                    && !message.is_null()
                    && e.message.is_none()
                    && e.unhandled;
                if ok {
                    Ok(())
                } else {
                    fail("expected the same code, a non-string SDK message, and Unhandled without message from the crate")
                }
            }
            _ => fail("expected the crate to fail where the SDK took the value as is"),
        },
    }
}

/// The crate's outcome in the SDK's terms, for "everything else agrees" checks.
fn rust_as_sdk(r: &RustOutcome) -> SdkOutcome {
    match r {
        RustOutcome::Output(v) => SdkOutcome::Output(v.clone()),
        RustOutcome::Error(e) => SdkOutcome::Error {
            name: e.code.clone(),
            message: opt_value(&e.message),
            fault: Some(e.fault.to_string()),
        },
    }
}

/// Each case of cases.json with its recording, after checking that the fixture is current
/// and that every listed divergence is a case, listed once.
fn load() -> Vec<(Value, Value)> {
    let all = sdk_fixture::load(
        "cases.json",
        "recorded.json",
        "@aws-sdk/client-cognito-identity-provider",
    );
    let listed = DIVERGENCES
        .iter()
        .flat_map(|(_, names)| names.iter().copied());
    let mut seen = std::collections::BTreeSet::new();
    for name in listed {
        assert!(
            all.iter().any(|(c, _)| c["name"] == name),
            "{name} is listed but is not a case"
        );
        assert!(seen.insert(name), "{name} is listed twice");
    }
    all
}

/// Replays one case and compares. `Ok(None)`: the SDK and the crate agree; `Ok(Some(why))`: they
/// differ exactly as `expected` says; `Err`: any other difference.
fn check_case(case: &Value, rec: &Value, expected: Option<Why>) -> Result<Option<Why>, String> {
    let name = str_of(case, "name").expect("name");
    let op = str_of(case, "operation").expect("operation");
    let served = served(rec);
    let input = &case["input"];
    let ((rust_request, rust), required) = match op.as_str() {
        "ResendConfirmationCode" => (
            replay::<ResendConfirmationCode>(input, &served),
            ResendConfirmationCode::REQUIRED,
        ),
        "GetUserAttributeVerificationCode" => (
            replay::<GetUserAttributeVerificationCode>(input, &served),
            GetUserAttributeVerificationCode::REQUIRED,
        ),
        "AdminResetUserPassword" => (
            replay::<AdminResetUserPassword>(input, &served),
            AdminResetUserPassword::REQUIRED,
        ),
        "AdminRespondToAuthChallenge" => (
            replay::<AdminRespondToAuthChallenge>(input, &served),
            AdminRespondToAuthChallenge::REQUIRED,
        ),
        other => panic!("{name}: unknown operation {other}"),
    };
    let r = Replay {
        sdk_request: sdk_request(rec),
        rust_request,
        sdk: sdk_outcome(rec),
        rust,
    };
    match expected {
        None => {
            let diffs = differences(&name, &r);
            if diffs.is_empty() {
                Ok(None)
            } else {
                Err(format!("{name}:\n    {}", diffs.join("\n    ")))
            }
        }
        Some(why) => check_divergence(why, &name, &r, &served, required)
            .map(|()| Some(why))
            .map_err(|e| format!("{name} (listed as {why:?}): {e}")),
    }
}

#[test]
fn sdk_oracle() {
    let all = load();
    let (mut agree, mut deliberate) = (0, 0);
    let mut failures = Vec::new();
    let mut divergent = Vec::new();
    for (case, rec) in &all {
        let name = str_of(case, "name").expect("name");
        let expected = divergence(&name);
        match check_case(case, rec, expected) {
            Ok(None) => agree += 1,
            Ok(Some(why)) => {
                deliberate += 1;
                divergent.push(format!("  {name}: {}", why.reason()));
            }
            Err(e) => failures.push(e),
        }
    }

    println!("deliberate divergences (SDK vs crate; the crate follows the Smithy specification):");
    for d in &divergent {
        println!("{d}");
    }
    let checked = all.len();
    println!("oracle: {checked} cases, {agree} agree, {deliberate} deliberate divergences");
    assert!(
        failures.is_empty(),
        "{} case(s) disagree with the official SDK:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(agree + deliberate, checked);
}
