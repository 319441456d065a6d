//! The generated crate's `test-util` feature: the client on a mock transport. Typed
//! outputs and errors, raw responses through the real parser, input predicates, sequences
//! with retries, recorded requests as they would go on the wire, and unmatched requests.

use cognito_idp_lite::client::mock::{self, Mock};
use cognito_idp_lite::client::{BlockingClient, Client, Config, Error};
use cognito_idp_lite::error::{TooManyRequestsException, UserNotFoundException};
use cognito_idp_lite::meta::ProvideErrorMetadata;
use cognito_idp_lite::operation::admin_reset_user_password::{
    AdminResetUserPassword, AdminResetUserPasswordError, AdminResetUserPasswordInput,
    AdminResetUserPasswordOutput,
};
use cognito_idp_lite::operation::resend_confirmation_code::{
    ResendConfirmationCode, ResendConfirmationCodeInput, ResendConfirmationCodeOutput,
};
use cognito_idp_lite::types::CodeDeliveryDetailsType;

fn reset_input(username: &str) -> AdminResetUserPasswordInput {
    AdminResetUserPasswordInput::builder()
        .user_pool_id("us-east-1_abc")
        .username(username)
        .build()
        .unwrap()
}

fn resend_input() -> ResendConfirmationCodeInput {
    ResendConfirmationCodeInput::builder()
        .client_id("client1")
        .username("alice")
        .build()
        .unwrap()
}

fn not_found() -> AdminResetUserPasswordError {
    AdminResetUserPasswordError::UserNotFoundException(
        UserNotFoundException::builder().message("no alice").build(),
    )
}

fn throttled() -> AdminResetUserPasswordError {
    AdminResetUserPasswordError::TooManyRequestsException(
        TooManyRequestsException::builder()
            .message("slow down")
            .build(),
    )
}

fn delivered() -> ResendConfirmationCodeOutput {
    ResendConfirmationCodeOutput::builder()
        .code_delivery_details(
            CodeDeliveryDetailsType::builder()
                .destination("a***@example.com")
                .build(),
        )
        .build()
}

fn client(mock: &Mock) -> Client {
    Client::from_mock(Config::for_tests().build(), mock)
}

/// Runs one call on a current-thread runtime.
fn run<F: std::future::Future>(call: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(call)
}

fn header<'a>(request: &'a http::Request<Vec<u8>>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

#[test]
fn typed_output_and_the_request_as_it_would_go_on_the_wire() {
    let resend = mock::rule::<ResendConfirmationCode>().then_output(delivered);
    let reset = mock::rule::<AdminResetUserPassword>()
        .then_output(|| AdminResetUserPasswordOutput::builder().build());
    let mock = Mock::new().rule(&resend).rule(&reset);
    let cognito = client(&mock);

    let out = run(cognito.resend_confirmation_code(resend_input())).unwrap();
    let details = out.code_delivery_details().unwrap();
    assert_eq!(details.destination(), Some("a***@example.com"));
    run(cognito.admin_reset_user_password(reset_input("alice"))).unwrap();
    assert_eq!((resend.num_calls(), reset.num_calls()), (1, 1));

    let requests = mock.requests();
    let ops: Vec<_> = requests.iter().map(|r| r.operation).collect();
    assert_eq!(ops, ["ResendConfirmationCode", "AdminResetUserPassword"]);
    let unsigned = &requests[0].request;
    assert_eq!(unsigned.method(), http::Method::POST);
    assert_eq!(
        unsigned.uri().to_string(),
        "https://cognito-idp.us-east-1.amazonaws.com/"
    );
    assert_eq!(
        header(unsigned, "x-amz-target"),
        Some("AWSCognitoIdentityProviderService.ResendConfirmationCode")
    );
    assert_eq!(
        header(unsigned, "host"),
        Some("cognito-idp.us-east-1.amazonaws.com")
    );
    let body: serde_json::Value = serde_json::from_slice(unsigned.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"ClientId": "client1", "Username": "alice"})
    );
    assert_eq!(
        header(unsigned, "authorization"),
        None,
        "@optionalAuth goes unsigned"
    );
    let signed = header(&requests[1].request, "authorization").unwrap();
    assert!(
        signed.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTESTEXAMPLE/")
            && signed.contains("/us-east-1/cognito-idp/aws4_request"),
        "{signed}"
    );
}

#[test]
fn a_modelled_error_built_with_its_builder_is_the_calls_service_error() {
    let rule = mock::rule::<AdminResetUserPassword>().then_error(not_found);
    let mock = Mock::new().rule(&rule);
    let err = run(client(&mock).admin_reset_user_password(reset_input("alice"))).unwrap_err();
    let Error::Service(e) = err else {
        panic!("expected a service error, got {err:?}")
    };
    assert!(e.is_user_not_found_exception(), "{e:?}");
    assert_eq!(e.as_error().message(), Some("no alice"));
    assert_eq!(e.code(), Some("UserNotFoundException"));
    assert_eq!(e.http_status(), 404);
    assert_eq!(e.to_string(), "UserNotFoundException: no alice");
    assert_eq!(rule.num_calls(), 1, "a client error is not retried");
}

#[test]
fn raw_responses_go_through_the_parser() {
    let error = mock::rule::<AdminResetUserPassword>().then_http_response(|| {
        http::Response::builder()
            .status(400)
            .header("x-amzn-requestid", "req-1")
            .body(br#"{"__type":"NotAuthorizedException","message":"nope"}"#.to_vec())
            .unwrap()
    });
    let output = mock::rule::<ResendConfirmationCode>().then_http_response(|| {
        http::Response::builder()
            .status(200)
            .body(
                br#"{"CodeDeliveryDetails":{"Destination":"+1***99","DeliveryMedium":"SMS"}}"#
                    .to_vec(),
            )
            .unwrap()
    });
    let mock = Mock::new().rule(&error).rule(&output);
    let cognito = client(&mock);

    let e = run(cognito.admin_reset_user_password(reset_input("alice")))
        .unwrap_err()
        .into_service_error()
        .unwrap();
    assert!(e.is_not_authorized_exception(), "{e:?}");
    assert_eq!(
        (e.message(), e.request_id(), e.http_status()),
        (Some("nope"), Some("req-1"), 400)
    );
    let out = run(cognito.resend_confirmation_code(resend_input())).unwrap();
    assert_eq!(
        out.code_delivery_details().unwrap().destination(),
        Some("+1***99")
    );

    let malformed = mock::rule::<ResendConfirmationCode>().then_http_response(|| {
        http::Response::builder()
            .status(200)
            .body(b"{not json".to_vec())
            .unwrap()
    });
    let mock = Mock::new().rule(&malformed);
    let e = run(client(&mock).resend_confirmation_code(resend_input()))
        .unwrap_err()
        .into_service_error()
        .unwrap();
    assert!(
        e.to_string().starts_with("malformed response (HTTP 200)"),
        "{e}"
    );
}

#[test]
fn rules_match_on_the_input_in_order_and_unmatched_requests_are_errors() {
    let alice = mock::rule::<AdminResetUserPassword>()
        .match_requests(|input| input.username() == "alice")
        .then_output(|| AdminResetUserPasswordOutput::builder().build());
    let anyone = mock::rule::<AdminResetUserPassword>()
        .match_requests(|input| input.user_pool_id() == "us-east-1_abc")
        .then_error(not_found);
    let other_operation = mock::rule::<ResendConfirmationCode>().then_output(delivered);
    let mock = Mock::new()
        .rule(&other_operation)
        .rule(&alice)
        .rule(&anyone);
    let cognito = client(&mock);

    assert!(run(cognito.admin_reset_user_password(reset_input("alice"))).is_ok());
    let bob = run(cognito.admin_reset_user_password(reset_input("bob"))).unwrap_err();
    assert!(bob
        .as_service_error()
        .unwrap()
        .is_user_not_found_exception());
    assert_eq!(
        (
            alice.num_calls(),
            anyone.num_calls(),
            other_operation.num_calls()
        ),
        (1, 1, 0),
        "the first matching rule of the operation answers"
    );

    let elsewhere = AdminResetUserPasswordInput::builder()
        .user_pool_id("eu-west-1_xyz")
        .username("carol")
        .build()
        .unwrap();
    let err = run(cognito.admin_reset_user_password(elsewhere)).unwrap_err();
    let Error::Unmatched(message) = &err else {
        panic!("expected Unmatched, got {err:?}")
    };
    assert_eq!(
        message,
        "no mock rule answers this AdminResetUserPassword request (2 of the mock's 3 rules are for AdminResetUserPassword; none matches the input with answers left)"
    );
    assert_eq!(err.to_string(), *message);
    let requests = mock.requests();
    assert_eq!(
        requests.len(),
        3,
        "unmatched requests are recorded, not retried"
    );
    let body: serde_json::Value = serde_json::from_slice(requests[2].request.body()).unwrap();
    assert_eq!(body["Username"], "carol");
}

#[test]
fn sequences_answer_in_order_and_throttling_errors_are_retried() {
    // Two throttled attempts, then success: within the 3 attempts of `for_tests`.
    let flaky = mock::rule::<AdminResetUserPassword>()
        .sequence()
        .error(throttled)
        .times(2)
        .output(|| AdminResetUserPasswordOutput::builder().build())
        .build();
    let fallback = mock::rule::<AdminResetUserPassword>().then_error(not_found);
    let mock = Mock::new().rule(&flaky).rule(&fallback);
    let cognito = client(&mock);

    assert!(run(cognito.admin_reset_user_password(reset_input("alice"))).is_ok());
    assert_eq!(flaky.num_calls(), 3);
    assert_eq!(mock.requests().len(), 3, "every attempt is recorded");
    // The sequence is used up: the next rule answers from now on.
    for _ in 0..2 {
        let err = run(cognito.admin_reset_user_password(reset_input("alice"))).unwrap_err();
        assert!(err
            .as_service_error()
            .unwrap()
            .is_user_not_found_exception());
    }
    assert_eq!((flaky.num_calls(), fallback.num_calls()), (3, 2));

    // Three throttled attempts exhaust the retries: the last error is the call's.
    let throttling = mock::rule::<AdminResetUserPassword>().then_error(throttled);
    let mock = Mock::new().rule(&throttling);
    let err = run(client(&mock).admin_reset_user_password(reset_input("alice"))).unwrap_err();
    assert!(err
        .as_service_error()
        .unwrap()
        .is_too_many_requests_exception());
    assert_eq!(throttling.num_calls(), 3);
}

#[test]
fn raw_5xx_responses_are_retried_by_the_policy_and_once_rules_are_used_once() {
    let once = mock::rule::<ResendConfirmationCode>()
        .sequence()
        .http_response(|| {
            http::Response::builder()
                .status(503)
                .body(b"<html>busy</html>".to_vec())
                .unwrap()
        })
        .output(delivered)
        .repeatedly();
    let mock = Mock::new().rule(&once);
    let cognito = client(&mock);
    for _ in 0..3 {
        assert!(run(cognito.resend_confirmation_code(resend_input())).is_ok());
    }
    assert_eq!(
        once.num_calls(),
        4,
        "the 503 answers once, the output every time after"
    );

    let single = mock::rule::<ResendConfirmationCode>()
        .sequence()
        .output(delivered)
        .build();
    let mock = Mock::new().rule(&single);
    let cognito = client(&mock);
    assert!(run(cognito.resend_confirmation_code(resend_input())).is_ok());
    let err = run(cognito.resend_confirmation_code(resend_input())).unwrap_err();
    assert!(matches!(err, Error::Unmatched(_)), "{err:?}");
    assert_eq!(single.num_calls(), 1);
}

#[test]
fn the_blocking_client_and_generic_send_use_the_mock_too() {
    let rule = mock::rule::<ResendConfirmationCode>().then_output(delivered);
    let mock = Mock::new().rule(&rule);
    let blocking = BlockingClient::from_mock(Config::for_tests().build(), &mock).unwrap();
    assert!(blocking.resend_confirmation_code(resend_input()).is_ok());
    assert!(blocking
        .send::<ResendConfirmationCode>(&resend_input())
        .is_ok());
    assert_eq!(rule.num_calls(), 2);
}

#[test]
fn endpoint_resolution_runs_before_the_mock() {
    let rule = mock::rule::<AdminResetUserPassword>()
        .then_output(|| AdminResetUserPasswordOutput::builder().build());
    let mock = Mock::new().rule(&rule);
    let no_region = Client::from_mock(Config::builder().build(), &mock);
    let err = run(no_region.admin_reset_user_password(reset_input("alice"))).unwrap_err();
    assert!(matches!(err, Error::Construction(_)), "{err:?}");
    assert_eq!(
        (rule.num_calls(), mock.requests().len()),
        (0, 0),
        "nothing reaches the mock"
    );
}
