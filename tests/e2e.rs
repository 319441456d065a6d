//! The generated crate's client (`client` feature) end to end against two independent
//! Cognito emulators on 127.0.0.1: moto's server and fakecloud. Success paths and real
//! error paths (a wrong MFA code among them) of every operation each emulator implements;
//! moto's HTML 500 for the two it lacks must arrive as `Unhandled`. Set-up (pools, clients,
//! users, sign-in, MFA enrolment) uses plain JSON calls (`tests::emulator`). Without the
//! emulators the tests skip loudly; under `E2E_REQUIRED=1` (CI) that is a failure.
//! `moto_api_gateway` does the same for API Gateway (restJson1) with a crate generated at
//! test time (`tests/fixtures/e2e_api_gateway.rs`).

// The client's errors carry the operation's error enum inline, as the generated crate does.
#![allow(clippy::result_large_err)]

use cognito_idp_lite::client::{BlockingClient, Config, Credentials, Error, RetryConfig};
use cognito_idp_lite::meta::ProvideErrorMetadata;
use cognito_idp_lite::operation::admin_reset_user_password::{
    AdminResetUserPasswordError, AdminResetUserPasswordInput, AdminResetUserPasswordOutput,
};
use cognito_idp_lite::operation::admin_respond_to_auth_challenge::{
    AdminRespondToAuthChallengeError, AdminRespondToAuthChallengeInput,
    AdminRespondToAuthChallengeOutput,
};
use cognito_idp_lite::operation::get_user_attribute_verification_code::{
    GetUserAttributeVerificationCodeError, GetUserAttributeVerificationCodeInput,
    GetUserAttributeVerificationCodeOutput,
};
use cognito_idp_lite::operation::resend_confirmation_code::{
    ResendConfirmationCodeError, ResendConfirmationCodeInput, ResendConfirmationCodeOutput,
};
use cognito_idp_lite::types::ChallengeNameType;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::Duration;
use tests::emulator::{self, Pool, NEW_PASSWORD};
use tests::totp;

/// A (blocking) client of one emulator, with the pool the scenarios run in.
struct Session {
    url: String,
    client: BlockingClient,
    pool: Pool,
}

impl Session {
    fn new(url: &str) -> Session {
        Session::with_secret(url, emulator::SECRET_ACCESS_KEY)
    }

    fn with_secret(url: &str, secret: &str) -> Session {
        let config = Config::builder()
            .region("us-east-1")
            .endpoint_url(url)
            .credentials_provider(Credentials::new(emulator::ACCESS_KEY_ID, secret, None))
            .retry(RetryConfig {
                max_attempts: 2,
                initial_backoff: Duration::from_millis(10),
                ..RetryConfig::default()
            })
            .attempt_timeout(Some(Duration::from_secs(20)))
            .build();
        Session {
            url: url.to_string(),
            client: BlockingClient::new(config).unwrap(),
            pool: Pool::create(url),
        }
    }

    /// A user who has chosen a new password (CONFIRMED), and the access token of that sign-in.
    fn confirmed_user(&self, name: &str) -> String {
        self.pool.create_user(&self.url, name);
        let session = self.pool.new_password_session(&self.url, name);
        let out = self
            .respond(
                &self.pool.id,
                &self.pool.client_id,
                &session,
                name,
                NEW_PASSWORD,
            )
            .expect("new password accepted");
        out.authentication_result
            .and_then(|r| r.access_token)
            .expect("an access token")
    }

    fn reset(
        &self,
        pool_id: &str,
        user: &str,
    ) -> Result<AdminResetUserPasswordOutput, Error<AdminResetUserPasswordError>> {
        let input = AdminResetUserPasswordInput::builder()
            .user_pool_id(pool_id)
            .username(user)
            .build()
            .unwrap();
        self.client.admin_reset_user_password(input)
    }

    fn respond(
        &self,
        pool_id: &str,
        client_id: &str,
        session: &str,
        user: &str,
        password: &str,
    ) -> Result<AdminRespondToAuthChallengeOutput, Error<AdminRespondToAuthChallengeError>> {
        self.answer(
            pool_id,
            client_id,
            session,
            ChallengeNameType::NewPasswordRequired,
            [("USERNAME", user), ("NEW_PASSWORD", password)],
        )
    }

    fn answer_software_token(
        &self,
        session: &str,
        user: &str,
        code: &str,
    ) -> Result<AdminRespondToAuthChallengeOutput, Error<AdminRespondToAuthChallengeError>> {
        let responses = [("USERNAME", user), ("SOFTWARE_TOKEN_MFA_CODE", code)];
        self.answer(
            &self.pool.id,
            &self.pool.client_id,
            session,
            ChallengeNameType::SoftwareTokenMfa,
            responses,
        )
    }

    fn answer<const N: usize>(
        &self,
        pool_id: &str,
        client_id: &str,
        session: &str,
        challenge: ChallengeNameType,
        responses: [(&str, &str); N],
    ) -> Result<AdminRespondToAuthChallengeOutput, Error<AdminRespondToAuthChallengeError>> {
        let responses = responses
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>();
        let input = AdminRespondToAuthChallengeInput::builder()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .challenge_name(challenge)
            .session(session)
            .set_challenge_responses(Some(responses))
            .build()
            .unwrap();
        self.client.admin_respond_to_auth_challenge(input)
    }

    fn resend(
        &self,
        client_id: &str,
        user: &str,
    ) -> Result<ResendConfirmationCodeOutput, Error<ResendConfirmationCodeError>> {
        let input = ResendConfirmationCodeInput::builder()
            .client_id(client_id)
            .username(user)
            .build()
            .unwrap();
        self.client.resend_confirmation_code(input)
    }

    fn verification_code(
        &self,
        token: &str,
    ) -> Result<GetUserAttributeVerificationCodeOutput, Error<GetUserAttributeVerificationCodeError>>
    {
        let input = GetUserAttributeVerificationCodeInput::builder()
            .access_token(token)
            .attribute_name("email")
            .build()
            .unwrap();
        self.client.get_user_attribute_verification_code(input)
    }
}

/// The operation's error enum from a call that must have failed with a service response.
fn service_error<T: Debug, E: Debug>(what: &str, result: Result<T, Error<E>>) -> E {
    match result {
        Err(Error::Service(e)) => e,
        other => panic!("{what}: expected a service error, got {other:?}"),
    }
}

/// AdminRespondToAuthChallenge's wrong-code path: a user with an enrolled authenticator app
/// answers SOFTWARE_TOKEN_MFA with a wrong code, then (same session) with the right one.
/// The wrong code's error message, for the caller to check.
///
/// Neither emulator expires a challenge session with time (moto keeps them in a plain map,
/// fakecloud's session records carry no creation time), so an expired session cannot be
/// provoked; used and forged sessions stand in for it. SOFTWARE_TOKEN_MFA is the one MFA
/// challenge with a wrong code on both: moto takes any SMS_MFA code, the SMS_MFA code
/// fakecloud sends is not readable through its server, and neither issues EMAIL_OTP.
fn software_token_code(s: &Session, user: &str) -> Option<String> {
    let token = s.confirmed_user(user);
    let secret = s.pool.enroll_software_token(&s.url, user, &token);
    let session = s
        .pool
        .challenge_session(&s.url, user, NEW_PASSWORD, "SOFTWARE_TOKEN_MFA");
    let e = service_error(
        "wrong code",
        s.answer_software_token(&session, user, &totp::wrong(&secret)),
    );
    let AdminRespondToAuthChallengeError::CodeMismatchException(mismatch) = &e else {
        panic!("expected CodeMismatchException, got {e:?}")
    };
    let message = mismatch.message.clone();
    let out = s
        .answer_software_token(&session, user, &totp::current(&secret))
        .expect("right code accepted");
    let tokens = out.authentication_result.expect("signed in");
    assert!(
        tokens
            .access_token
            .is_some_and(|t| t.split('.').count() == 3),
        "a JWT access token"
    );
    message
}

#[test]
fn moto() {
    let Some(moto) = emulator::moto() else { return };
    let s = Session::new(&moto.url);
    let pool = &s.pool;

    // AdminRespondToAuthChallenge: NEW_PASSWORD_REQUIRED after AdminCreateUser + AdminInitiateAuth.
    s.pool.create_user(&s.url, "alice");
    let session = pool.new_password_session(&s.url, "alice");
    let e = service_error(
        "unknown user",
        s.respond(&pool.id, &pool.client_id, &session, "nobody", NEW_PASSWORD),
    );
    assert!(e.is_user_not_found_exception(), "{e:?}");
    let e = service_error(
        "unknown client",
        s.respond(&pool.id, "no-such-client", &session, "alice", NEW_PASSWORD),
    );
    assert!(e.is_resource_not_found_exception(), "{e:?}");
    let e = service_error(
        "weak password",
        s.respond(&pool.id, &pool.client_id, &session, "alice", "short"),
    );
    assert!(e.is_invalid_password_exception(), "{e:?}");
    let out = s
        .respond(&pool.id, &pool.client_id, &session, "alice", NEW_PASSWORD)
        .expect("new password accepted");
    let tokens = out.authentication_result.expect("signed in");
    assert!(
        tokens
            .access_token
            .is_some_and(|t| t.split('.').count() == 3),
        "a JWT access token"
    );
    // moto forgets a session once answered; a replay is an unknown (expired) session.
    let e = service_error(
        "used session",
        s.respond(&pool.id, &pool.client_id, &session, "alice", NEW_PASSWORD),
    );
    assert!(e.is_resource_not_found_exception(), "{e:?}");
    assert_eq!(
        software_token_code(&s, "erin").as_deref(),
        Some("MFA Code Mismatch")
    );

    // AdminResetUserPassword.
    s.reset(&pool.id, "alice")
        .expect("reset of a confirmed user with an email");
    let e = service_error("unknown user", s.reset(&pool.id, "nobody"));
    assert!(e.is_user_not_found_exception(), "{e:?}");
    assert_eq!(e.message(), Some("User does not exist."));
    let e = service_error("unknown pool", s.reset("us-east-1_NoSuchPool", "alice"));
    assert!(e.is_resource_not_found_exception(), "{e:?}");
    s.pool.create_user(&s.url, "carol");
    let e = service_error("user who never signed in", s.reset(&pool.id, "carol"));
    assert!(e.is_not_authorized_exception(), "{e:?}");

    // moto lacks the two unsigned operations: its HTML 500 page is Unhandled (after a retry).
    let e = service_error("ResendConfirmationCode", s.resend(&pool.client_id, "alice"));
    match &e {
        ResendConfirmationCodeError::Unhandled(u) => {
            assert_eq!((u.meta().status(), u.meta().code()), (500, None))
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    let e = service_error(
        "GetUserAttributeVerificationCode",
        s.verification_code("not-a-token"),
    );
    assert!(
        matches!(&e, GetUserAttributeVerificationCodeError::Unhandled(u) if u.meta().status() == 500),
        "{e:?}"
    );
}

#[test]
fn fakecloud() {
    let Some(fakecloud) = emulator::fakecloud() else {
        return;
    };
    let s = Session::new(&fakecloud.url);
    let pool = &s.pool;

    // AdminRespondToAuthChallenge. fakecloud consumes a session once it is answered (and
    // takes the user from the session), so each case signs in afresh.
    s.pool.create_user(&s.url, "alice");
    let fresh = || pool.new_password_session(&s.url, "alice");
    let e = service_error(
        "unknown pool",
        s.respond(
            "us-east-1_NoSuchPool",
            &pool.client_id,
            &fresh(),
            "alice",
            NEW_PASSWORD,
        ),
    );
    assert!(e.is_not_authorized_exception(), "{e:?}");
    let e = service_error(
        "unknown client",
        s.respond(&pool.id, "no-such-client", &fresh(), "alice", NEW_PASSWORD),
    );
    assert!(e.is_not_authorized_exception(), "{e:?}");
    let e = service_error(
        "weak password",
        s.respond(&pool.id, &pool.client_id, &fresh(), "alice", "short"),
    );
    assert!(e.is_invalid_password_exception(), "{e:?}");
    let e = service_error(
        "forged session",
        s.respond(
            &pool.id,
            &pool.client_id,
            "forged-session-with-enough-length",
            "alice",
            NEW_PASSWORD,
        ),
    );
    assert!(e.is_not_authorized_exception(), "{e:?}");
    assert_eq!(e.message(), Some("Invalid session."));
    let session = fresh();
    let out = s
        .respond(&pool.id, &pool.client_id, &session, "alice", NEW_PASSWORD)
        .expect("new password accepted");
    let tokens = out.authentication_result.expect("signed in");
    assert!(
        tokens
            .access_token
            .is_some_and(|t| t.split('.').count() == 3),
        "a JWT access token"
    );
    let e = service_error(
        "used session",
        s.respond(&pool.id, &pool.client_id, &session, "alice", NEW_PASSWORD),
    );
    assert!(e.is_not_authorized_exception(), "{e:?}");
    assert_eq!(
        software_token_code(&s, "erin").as_deref(),
        Some("Invalid code received for user")
    );

    // AdminResetUserPassword.
    s.reset(&pool.id, "alice")
        .expect("reset of a confirmed user");
    let e = service_error("unknown user", s.reset(&pool.id, "nobody"));
    assert!(e.is_user_not_found_exception(), "{e:?}");
    let e = service_error("unknown pool", s.reset("us-east-1_NoSuchPool", "alice"));
    assert!(e.is_resource_not_found_exception(), "{e:?}");

    // ResendConfirmationCode (unsigned).
    let out = s.resend(&pool.client_id, "alice").expect("code resent");
    let delivery = out.code_delivery_details.expect("delivery details");
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
    let e = service_error("unknown client", s.resend("no-such-client", "alice"));
    assert!(e.is_resource_not_found_exception(), "{e:?}");
    let e = service_error("unknown user", s.resend(&pool.client_id, "nobody"));
    assert!(e.is_user_not_found_exception(), "{e:?}");

    // GetUserAttributeVerificationCode (unsigned; the access token authenticates).
    let token = s.confirmed_user("dave");
    let out = s.verification_code(&token).expect("code sent");
    assert!(out
        .code_delivery_details
        .is_some_and(|d| d.destination.is_some()));
    let e = service_error("garbage token", s.verification_code("not-a-token"));
    assert!(e.is_not_authorized_exception(), "{e:?}");
    emulator::ok(
        &s.url,
        "AdminDeleteUser",
        serde_json::json!({"UserPoolId": pool.id, "Username": "dave"}),
    );
    let e = service_error("token of a deleted user", s.verification_code(&token));
    assert!(e.is_not_authorized_exception(), "{e:?}");

    // fakecloud verified every signed call above; a wrong secret gives a wrong signature.
    let forged = Session::with_secret(&s.url, "not-the-secret");
    match service_error("wrong secret", forged.reset(&pool.id, "alice")) {
        AdminResetUserPasswordError::Unhandled(u) => {
            assert_eq!(
                (u.meta().status(), u.meta().code()),
                (403, Some("SignatureDoesNotMatch")),
                "{u:?}"
            )
        }
        other => panic!("expected Unhandled SignatureDoesNotMatch, got {other:?}"),
    }
}

/// The operations the API Gateway scenario (`tests/fixtures/e2e_api_gateway.rs`) calls: the
/// crate is generated with these alone, as the whole service builds slowly.
const API_GATEWAY_OPERATIONS: &[&str] = &[
    "CreateApiKey",
    "CreateResource",
    "CreateRestApi",
    "DeleteApiKey",
    "DeleteResource",
    "DeleteRestApi",
    "GetResource",
    "GetResources",
    "GetRestApi",
    "GetRestApis",
];

/// API Gateway (restJson1) against moto: the scenario is a test of its own crate, built in a
/// temporary workspace beside an API Gateway crate generated now, run against this moto.
#[test]
fn moto_api_gateway() {
    let Some(moto) = emulator::moto() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let operations: Vec<String> = API_GATEWAY_OPERATIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    tests::generated_crate::generate(
        &tests::generated_crate::api_gateway_model(),
        &operations,
        "api-gateway-e2e",
        dir.path(),
    );
    let scenario = dir.path().join("scenario");
    std::fs::create_dir_all(scenario.join("tests")).unwrap();
    // A package with no code of its own: the scenario is its one test target.
    std::fs::write(
        scenario.join("Cargo.toml"),
        "[package]\nname = \"api-gateway-e2e-scenario\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\
         [lib]\npath = \"lib.rs\"\n\n\
         [dev-dependencies]\napi-gateway-e2e = { path = \"../api-gateway-e2e\", features = [\"client\"] }\n",
    )
    .unwrap();
    std::fs::write(scenario.join("lib.rs"), "").unwrap();
    std::fs::copy(
        tests::root().join("tests/fixtures/e2e_api_gateway.rs"),
        scenario.join("tests/moto.rs"),
    )
    .unwrap();
    tests::write_workspace(dir.path(), &["api-gateway-e2e".into(), "scenario".into()]);
    // Built first (its failures show with stderr), then run: a failed test tells on stdout.
    let test = ["test", "-p", "api-gateway-e2e-scenario", "--test", "moto"];
    tests::cargo_in(dir.path(), &[&test[..], &["--no-run"]].concat(), &[]);
    let out = tests::cargo_output(dir.path(), &test, &[("MOTO_URL", &moto.url)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 2 passed"),
        "the API Gateway scenario failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
