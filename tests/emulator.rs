//! Cognito emulators for the end-to-end tests: moto's server and the fakecloud test server,
//! each started on a free port of 127.0.0.1 with a bounded wait and killed when its guard
//! drops; plus the plain-JSON calls that set up pools, clients and users.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The key pair the client signs with. fakecloud is started knowing it and verifies every
/// signature made with it; moto does not check signatures.
pub const ACCESS_KEY_ID: &str = "AKIDE2ESIGNER";
pub const SECRET_ACCESS_KEY: &str = "e2e-signing-secret";

/// The key id of the set-up calls: fakecloud lets ids starting with `test` through unverified.
const SETUP_ACCESS_KEY_ID: &str = "testsetup";

/// How long an emulator may take to start accepting connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running emulator; dropping it kills the process.
pub struct Emulator {
    child: Child,
    pub url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where an emulator's executable is: the environment variable, else the default path
/// (relative to the workspace root) that `.ci/run` builds or installs.
fn locate(variable: &str, default: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join(default));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found (set {variable}, or run .ci/run to install it)",
            path.display()
        ))
    }
}

/// The emulator, or `None` with a loud reason when it is not installed. Under
/// `E2E_REQUIRED=1` (CI) a missing or broken emulator fails the test instead.
fn available(name: &str, started: Result<Emulator, String>) -> Option<Emulator> {
    let file = format!("e2e-{name}.txt");
    match started {
        Ok(emulator) => {
            crate::report(&file, &format!("{name} end-to-end tests: ran\n"));
            Some(emulator)
        }
        Err(reason) if std::env::var("E2E_REQUIRED").is_ok_and(|v| v == "1") => {
            panic!("{name}: {reason}")
        }
        Err(reason) => {
            let text = format!("\n*** SKIPPED: {name} end-to-end tests: {reason} ***\n\n");
            crate::report(&file, &text);
            None
        }
    }
}

/// moto's server (`moto_server`), which the `.ci/run` venv provides.
pub fn moto() -> Option<Emulator> {
    available("moto", start_moto())
}

fn start_moto() -> Result<Emulator, String> {
    let exe = locate("MOTO_SERVER", "target/moto-venv/bin/moto_server")?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let child = Command::new(&exe)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        // Without it moto takes any software-token code, so none could be wrong.
        .env("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    // The guard exists before the wait, so a start that times out still kills the process.
    let mut emulator = Emulator {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + START_TIMEOUT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = emulator.child.try_wait() {
            return Err(format!("moto_server exited at start ({status})"));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "moto_server did not listen on port {port} within {START_TIMEOUT:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // Listening is not serving yet: the first Cognito call loads moto's backend, which can
    // take long on a busy machine. Wait for one full answer, within the same deadline.
    while let Err(e) = try_call(&emulator.url, "ListUserPools", &json!({ "MaxResults": 1 })) {
        if Instant::now() > deadline {
            return Err(format!(
                "moto_server did not answer within {START_TIMEOUT:?}: {e}"
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(emulator)
}

/// The fakecloud test server (`e2e/fakecloud-server`), which `.ci/run` builds, verifying
/// SigV4 signatures made with [`ACCESS_KEY_ID`].
pub fn fakecloud() -> Option<Emulator> {
    available("fakecloud", start_fakecloud())
}

fn start_fakecloud() -> Result<Emulator, String> {
    let exe = locate("FAKECLOUD_SERVER", "target/e2e/debug/fakecloud-server")?;
    let mut child = Command::new(&exe)
        .args(["0", &format!("{ACCESS_KEY_ID}:{SECRET_ACCESS_KEY}")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    // It binds port 0 and prints the address; read that line on a thread to bound the wait.
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let mut emulator = Emulator {
        child,
        url: String::new(),
    };
    let line = rx
        .recv_timeout(START_TIMEOUT)
        .map_err(|_| format!("fakecloud-server did not start within {START_TIMEOUT:?}"))?;
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("fakecloud-server said {line:?}"))?;
    emulator.url = format!("http://{addr}");
    Ok(emulator)
}

/// Sends one awsJson1_1 Cognito call with a plain HTTP/1.1 exchange (set-up only: pools,
/// clients, users, sign-in), returning status and JSON body (`null` if not JSON).
pub fn call(url: &str, operation: &str, body: &Value) -> (u16, Value) {
    try_call(url, operation, body).unwrap_or_else(|e| panic!("{operation} on {url}: {e}"))
}

fn try_call(url: &str, operation: &str, body: &Value) -> std::io::Result<(u16, Value)> {
    let authority = url
        .strip_prefix("http://")
        .expect("an http:// emulator URL");
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.to_string();
    // The credential scope tells moto the region; the signature is not checked.
    let request = format!(
        "POST / HTTP/1.1\r\nhost: {authority}\r\ncontent-type: application/x-amz-json-1.1\r\n\
         x-amz-target: AWSCognitoIdentityProviderService.{operation}\r\n\
         authorization: AWS4-HMAC-SHA256 Credential={SETUP_ACCESS_KEY_ID}/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    let malformed = |what: &str| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{what}: {text:?}"))
    };
    let (head, payload) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| malformed("not an HTTP response"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| malformed("no status line"))?;
    let payload = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(payload)
    } else {
        payload.to_string()
    };
    Ok((
        status,
        serde_json::from_str(&payload).unwrap_or(Value::Null),
    ))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// [`call`] that must succeed.
pub fn ok(url: &str, operation: &str, body: Value) -> Value {
    let (status, response) = call(url, operation, &body);
    assert_eq!(status, 200, "set-up call {operation} failed: {response}");
    response
}

/// A user pool with one app client (admin password auth allowed) and its ids.
pub struct Pool {
    pub id: String,
    pub client_id: String,
}

pub const TEMP_PASSWORD: &str = "Temp-Passw0rd!";
pub const NEW_PASSWORD: &str = "Brand-New-Passw0rd!";

impl Pool {
    pub fn create(url: &str) -> Pool {
        let pool = ok(
            url,
            "CreateUserPool",
            json!({"PoolName": "e2e", "AutoVerifiedAttributes": ["email"]}),
        );
        let id = pool["UserPool"]["Id"]
            .as_str()
            .expect("pool id")
            .to_string();
        let client = ok(
            url,
            "CreateUserPoolClient",
            json!({
                "UserPoolId": id, "ClientName": "e2e",
                "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }),
        );
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("client id")
            .to_string();
        Pool { id, client_id }
    }

    /// An administrator-created user with a verified email, in FORCE_CHANGE_PASSWORD state.
    pub fn create_user(&self, url: &str, name: &str) {
        ok(
            url,
            "AdminCreateUser",
            json!({
                "UserPoolId": self.id, "Username": name, "TemporaryPassword": TEMP_PASSWORD, "MessageAction": "SUPPRESS",
                "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}, {"Name": "email_verified", "Value": "true"}],
            }),
        );
    }

    /// Signs in with the temporary password: the NEW_PASSWORD_REQUIRED challenge's session.
    pub fn new_password_session(&self, url: &str, name: &str) -> String {
        self.challenge_session(url, name, TEMP_PASSWORD, "NEW_PASSWORD_REQUIRED")
    }

    /// Signs in with `password`, which must end in `challenge`; that challenge's session.
    pub fn challenge_session(
        &self,
        url: &str,
        name: &str,
        password: &str,
        challenge: &str,
    ) -> String {
        let auth = ok(
            url,
            "AdminInitiateAuth",
            json!({
                "UserPoolId": self.id, "ClientId": self.client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": name, "PASSWORD": password},
            }),
        );
        assert_eq!(auth["ChallengeName"], challenge, "{auth}");
        auth["Session"].as_str().expect("session").to_string()
    }

    /// Turns on optional MFA for the pool and enrolls the signed-in user's authenticator app
    /// as the preferred factor, so the next sign-in ends in SOFTWARE_TOKEN_MFA. The app's
    /// base32 secret.
    pub fn enroll_software_token(&self, url: &str, name: &str, access_token: &str) -> String {
        ok(
            url,
            "SetUserPoolMfaConfig",
            json!({
                "UserPoolId": self.id, "MfaConfiguration": "OPTIONAL", "SoftwareTokenMfaConfiguration": {"Enabled": true},
            }),
        );
        let associated = ok(
            url,
            "AssociateSoftwareToken",
            json!({"AccessToken": access_token}),
        );
        let secret = associated["SecretCode"]
            .as_str()
            .expect("secret code")
            .to_string();
        let code = crate::totp::current(&secret);
        ok(
            url,
            "VerifySoftwareToken",
            json!({"AccessToken": access_token, "UserCode": code, "FriendlyDeviceName": "e2e"}),
        );
        ok(
            url,
            "AdminSetUserMFAPreference",
            json!({
                "UserPoolId": self.id, "Username": name, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
            }),
        );
        secret
    }
}
