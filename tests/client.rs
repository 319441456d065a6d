//! The generated crate's `client` feature against a local stub server: SigV4 on signed
//! operations only, retries of 5xx and throttling within bounds, timeouts, transport
//! failures, and credentials kept out of `Debug`, errors and the wire.

use cognito_idp_lite::client::{Client, Config, Credentials, Error, RetryConfig};
use cognito_idp_lite::json::{DeserializeError, Reader};
use cognito_idp_lite::meta::{ProvideErrorMetadata, SerializeError};
use cognito_idp_lite::operation::admin_reset_user_password::{
    AdminResetUserPassword, AdminResetUserPasswordError, AdminResetUserPasswordInput,
};
use cognito_idp_lite::operation::resend_confirmation_code::ResendConfirmationCodeInput;
use cognito_idp_lite::Operation;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET_KEY: &str = "wJalrXUtnFEMI-SECRET-never-shown";
const SESSION_TOKEN: &str = "SESSION-TOKEN-never-shown";

/// One canned reply of the stub: status, extra headers, body; `None` never answers.
type Reply = Option<(u16, &'static str, &'static str)>;

/// An HTTP/1.1 server on 127.0.0.1 that answers each connection with the next reply and
/// records the raw requests (head and body).
struct Stub {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Stub {
    fn start(replies: Vec<Reply>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for (stream, reply) in listener.incoming().zip(replies) {
                let Ok(stream) = stream else { return };
                let seen = seen.clone();
                // A thread per connection, so a reply that never comes blocks no other.
                std::thread::spawn(move || serve(stream, reply, &seen));
            }
        });
        Stub { url, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, reply: Reply, seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    seen.lock()
        .unwrap()
        .push(format!("{head}\r\n{}", String::from_utf8_lossy(&body)));
    let Some((status, headers, body)) = reply else {
        std::thread::sleep(Duration::from_secs(5));
        return;
    };
    let mut stream = stream;
    let response = format!(
        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).unwrap();
}

const OK: Reply = Some((200, "content-type: application/x-amz-json-1.1\r\n", "{}"));
const HTML_500: Reply = Some((
    500,
    "content-type: text/html\r\n",
    "<html><body>Internal Server Error</body></html>",
));
const THROTTLED: Reply = Some((
    400,
    "",
    r#"{"__type":"TooManyRequestsException","message":"slow down"}"#,
));

fn fast_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..RetryConfig::default()
    }
}

fn client(url: &str, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url(url)
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            SECRET_KEY,
            Some(SESSION_TOKEN.into()),
        ))
        .retry(retry)
        .attempt_timeout(Some(Duration::from_millis(500)))
        .build();
    Client::new(config).unwrap()
}

fn reset_input() -> AdminResetUserPasswordInput {
    AdminResetUserPasswordInput::builder()
        .user_pool_id("eu-west-1_abc")
        .username("alice")
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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn signed_operation_carries_sigv4_and_unsigned_one_does_not() {
    let stub = Stub::start(vec![OK, OK]);
    let client = client(&stub.url, fast_retries(1));
    runtime().block_on(async {
        client
            .admin_reset_user_password(reset_input())
            .await
            .unwrap();
        client
            .resend_confirmation_code(resend_input())
            .await
            .unwrap();
    });
    let [signed, unsigned] = <[String; 2]>::try_from(stub.requests()).unwrap();
    let signed_lc = signed.to_ascii_lowercase();
    assert!(signed.starts_with("POST / HTTP/1.1\r\n"), "{signed}");
    assert!(
        signed_lc.contains("authorization: aws4-hmac-sha256 credential=akidexample/"),
        "{signed}"
    );
    assert!(
        signed_lc.contains("/eu-west-1/cognito-idp/aws4_request"),
        "{signed}"
    );
    assert!(signed_lc.contains("x-amz-date: "), "{signed}");
    assert!(signed_lc.contains(&format!(
        "x-amz-security-token: {}",
        SESSION_TOKEN.to_ascii_lowercase()
    )));
    assert!(signed_lc
        .contains("x-amz-target: awscognitoidentityproviderservice.adminresetuserpassword"));
    assert!(
        signed.ends_with(r#"{"UserPoolId":"eu-west-1_abc","Username":"alice"}"#),
        "{signed}"
    );
    assert!(!signed.contains(SECRET_KEY), "the secret key is never sent");
    let unsigned_lc = unsigned.to_ascii_lowercase();
    assert!(
        !unsigned_lc.contains("authorization:") && !unsigned_lc.contains("x-amz-security-token"),
        "{unsigned}"
    );
    assert!(unsigned_lc
        .contains("x-amz-target: awscognitoidentityproviderservice.resendconfirmationcode"));
}

#[test]
fn a_500_is_retried_and_the_next_200_wins() {
    let stub = Stub::start(vec![HTML_500, OK]);
    let out = runtime()
        .block_on(client(&stub.url, fast_retries(3)).admin_reset_user_password(reset_input()));
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(stub.requests().len(), 2);
}

#[test]
fn throttling_is_retried_until_attempts_run_out() {
    let stub = Stub::start(vec![THROTTLED, THROTTLED, THROTTLED, OK]);
    let err = runtime()
        .block_on(client(&stub.url, fast_retries(3)).admin_reset_user_password(reset_input()))
        .unwrap_err();
    assert_eq!(stub.requests().len(), 3, "bounded by max_attempts");
    match err {
        Error::Service(AdminResetUserPasswordError::TooManyRequestsException(e)) => {
            assert_eq!(e.message(), Some("slow down"))
        }
        other => panic!("expected the modelled throttling error, got {other:?}"),
    }

    let stub = Stub::start(vec![THROTTLED, OK]);
    assert!(runtime()
        .block_on(client(&stub.url, fast_retries(3)).admin_reset_user_password(reset_input()))
        .is_ok());
    assert_eq!(stub.requests().len(), 2);
}

/// `AdminResetUserPassword` as if its model marked `UserNotFoundException` `@retryable` and
/// `InternalErrorException` `@retryable(throttling: true)` (the Cognito model marks no error
/// so), to show that the policy reads each operation's `RETRYABLE_ERRORS` and
/// `THROTTLING_ERRORS`.
struct ResetWithRetryableNotFound;

impl Operation for ResetWithRetryableNotFound {
    type Input = AdminResetUserPasswordInput;
    type Output = <AdminResetUserPassword as Operation>::Output;
    type Error = AdminResetUserPasswordError;
    const NAME: &'static str = AdminResetUserPassword::NAME;
    const TARGET: &'static str = AdminResetUserPassword::TARGET;
    const SIGNED: bool = true;
    const IDEMPOTENT: bool = false;
    const RETRYABLE_ERRORS: &'static [&'static str] = &["UserNotFoundException"];
    const THROTTLING_ERRORS: &'static [&'static str] = &["InternalErrorException"];
    const ERROR_CODES: &'static [&'static str] = AdminResetUserPassword::ERROR_CODES;

    // Request building and response parsing are the runtime's defaults, driven by these.
    fn write_body(out: &mut Vec<u8>, input: &Self::Input) -> Result<(), SerializeError> {
        AdminResetUserPassword::write_body(out, input)
    }

    fn read_output(r: &mut Reader<'_>) -> Result<Self::Output, DeserializeError> {
        AdminResetUserPassword::read_output(r)
    }
}

#[test]
fn errors_the_model_marks_retryable_are_retried_by_their_operation_only() {
    const NOT_FOUND: Reply = Some((
        400,
        "",
        r#"{"__type":"UserNotFoundException","message":"no such user"}"#,
    ));
    const INTERNAL: Reply = Some((
        500,
        "",
        r#"{"__type":"InternalErrorException","message":"oops"}"#,
    ));
    // Even with 5xx retries off for operations not marked idempotent.
    let cautious = || RetryConfig {
        retry_non_idempotent: false,
        ..fast_retries(3)
    };
    for first in [NOT_FOUND, INTERNAL] {
        let stub = Stub::start(vec![first, OK]);
        let out = runtime().block_on(
            client(&stub.url, cautious()).send::<ResetWithRetryableNotFound>(&reset_input()),
        );
        assert!(out.is_ok(), "{out:?}");
        assert_eq!(stub.requests().len(), 2, "retried: {first:?}");

        let stub = Stub::start(vec![first, OK]);
        let err = runtime()
            .block_on(client(&stub.url, cautious()).admin_reset_user_password(reset_input()))
            .unwrap_err();
        assert!(err.into_service_error().is_some(), "{first:?}");
        assert_eq!(stub.requests().len(), 1, "not retryable here: {first:?}");
    }
}

#[test]
fn html_500_ends_as_unhandled_and_non_idempotent_calls_can_opt_out_of_5xx_retries() {
    let stub = Stub::start(vec![HTML_500, OK]);
    let retry = RetryConfig {
        retry_non_idempotent: false,
        ..fast_retries(3)
    };
    let err = runtime()
        .block_on(client(&stub.url, retry).admin_reset_user_password(reset_input()))
        .unwrap_err();
    assert_eq!(
        stub.requests().len(),
        1,
        "AdminResetUserPassword is not idempotent"
    );
    match err.into_service_error() {
        Some(AdminResetUserPasswordError::Unhandled(u)) => assert_eq!(u.meta().status(), 500),
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

#[test]
fn a_silent_server_times_out_per_attempt_and_is_retried() {
    let stub = Stub::start(vec![None, None]);
    let started = std::time::Instant::now();
    let err = runtime()
        .block_on(client(&stub.url, fast_retries(2)).admin_reset_user_password(reset_input()))
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(d) if d == Duration::from_millis(500)),
        "{err:?}"
    );
    assert_eq!(stub.requests().len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    let stub = Stub::start(vec![None]);
    let config = Config::builder()
        .endpoint_url(&stub.url)
        .operation_timeout(Some(Duration::from_millis(200)))
        .build();
    let err = runtime()
        .block_on(
            Client::new(config)
                .unwrap()
                .resend_confirmation_code(resend_input()),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(d) if d == Duration::from_millis(200)),
        "{err:?}"
    );
}

#[test]
fn connection_refused_is_a_transport_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = runtime()
        .block_on(
            client(&format!("http://127.0.0.1:{port}"), fast_retries(2))
                .admin_reset_user_password(reset_input()),
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(m) if m.contains("onnect")),
        "{err:?}"
    );
}

#[test]
fn missing_settings_are_clear_errors() {
    let no_region =
        Client::new(Config::builder().endpoint_url("http://127.0.0.1:9").build()).unwrap();
    let err = runtime()
        .block_on(no_region.admin_reset_user_password(reset_input()))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "request not built: a signed operation needs a region"
    );

    // Endpoints come from the model's rules, which reject FIPS with a custom endpoint and
    // need a region when there is no override.
    let fips = Client::new(
        Config::builder()
            .region("eu-west-1")
            .endpoint_url("http://127.0.0.1:9")
            .use_fips(true)
            .build(),
    )
    .unwrap();
    let err = runtime()
        .block_on(fips.resend_confirmation_code(resend_input()))
        .unwrap_err();
    assert_eq!(err.to_string(), "request not built: endpoint resolution failed: Invalid Configuration: FIPS and custom endpoint are not supported");
    let nowhere = Client::new(Config::builder().build()).unwrap();
    let err = runtime()
        .block_on(nowhere.resend_confirmation_code(resend_input()))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Construction(m) if m.starts_with("endpoint resolution failed: ")),
        "{err}"
    );

    let bad_url = Client::new(
        Config::builder()
            .region("eu-west-1")
            .endpoint_url("localhost:5000")
            .build(),
    )
    .unwrap();
    let err = runtime()
        .block_on(bad_url.resend_confirmation_code(resend_input()))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Construction(m) if m.contains("expected http(s)")),
        "{err}"
    );
}

#[test]
fn credentials_never_show_in_debug_or_errors() {
    let client = client("http://127.0.0.1:9", fast_retries(1));
    let shown = format!("{client:?} {:?}", client.config());
    assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
    assert!(
        !shown.contains(SECRET_KEY) && !shown.contains(SESSION_TOKEN),
        "{shown}"
    );

    #[derive(Debug)]
    struct Failing;
    impl cognito_idp_lite::client::ProvideCredentials for Failing {
        fn provide_credentials(
            &self,
        ) -> Result<Credentials, cognito_idp_lite::client::CredentialsError> {
            Err(cognito_idp_lite::client::CredentialsError::new(
                "vault unreachable",
            ))
        }
    }
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials_provider(Failing)
        .build();
    let err = runtime()
        .block_on(
            Client::new(config)
                .unwrap()
                .admin_reset_user_password(reset_input()),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(err.to_string(), "no credentials: vault unreachable");
}

#[test]
fn a_body_over_the_limit_is_a_transport_error() {
    let stub = Stub::start(vec![HTML_500]);
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url(&stub.url)
        .credentials_provider(Credentials::new("AKIDEXAMPLE", SECRET_KEY, None))
        .retry(fast_retries(1))
        .max_response_bytes(8)
        .build();
    let err = runtime()
        .block_on(
            Client::new(config)
                .unwrap()
                .admin_reset_user_password(reset_input()),
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(m) if m.contains("body")),
        "{err:?}"
    );
}
