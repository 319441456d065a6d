//! Serves fakecloud's Cognito user pools on 127.0.0.1.
//!
//! Usage: `fakecloud-server [PORT [ACCESS_KEY_ID:SECRET]]` (port 0: any free port). Prints
//! `listening on 127.0.0.1:<port>` once it accepts connections, so a test can start it
//! without racing for a port. With a key pair, fakecloud verifies the SigV4 signature of
//! every request signed with that key id (access key ids starting with `test` are let
//! through unverified, which the tests' set-up calls use).

use axum::{routing::any, Extension, Router};
use fakecloud_cognito::{CognitoService, SharedCognitoState};
use fakecloud_core::{
    auth::{CredentialResolver, Principal, PrincipalType, ResolvedCredential},
    dispatch::{dispatch, DispatchConfig},
    multi_account::MultiAccountState,
    registry::ServiceRegistry,
};
use std::{io::Write, net::SocketAddr, sync::Arc};

const ACCOUNT_ID: &str = "123456789012";
const REGION: &str = "us-east-1";

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("fakecloud-server: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().map_err(|_| format!("PORT must be a number, got {arg:?}"))?,
        None => 0,
    };
    let mut config = DispatchConfig::new(REGION, ACCOUNT_ID);
    if let Some(pair) = std::env::args().nth(2) {
        let (access_key_id, secret) = pair.split_once(':').ok_or("the key pair must be ACCESS_KEY_ID:SECRET")?;
        config.verify_sigv4 = true;
        config.credential_resolver = Some(Arc::new(OneKey { access_key_id: access_key_id.into(), secret: secret.into() }));
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let endpoint = format!("http://{addr}");
    let state: SharedCognitoState = Arc::new(parking_lot::RwLock::new(MultiAccountState::new(ACCOUNT_ID, REGION, &endpoint)));
    let mut registry = ServiceRegistry::new();
    registry.register(Arc::new(CognitoService::new(state)));
    let app = Router::new()
        .route("/", any(dispatch))
        .fallback(dispatch)
        .layer(Extension(Arc::new(registry)))
        .layer(Extension(Arc::new(config)));
    println!("listening on {addr}");
    std::io::stdout().flush()?;
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
    Ok(())
}

/// Knows one access key: the one the tests sign with.
struct OneKey {
    access_key_id: String,
    secret: String,
}

impl CredentialResolver for OneKey {
    fn resolve(&self, access_key_id: &str) -> Option<ResolvedCredential> {
        (access_key_id == self.access_key_id).then(|| ResolvedCredential {
            secret_access_key: self.secret.clone(),
            session_token: None,
            principal: Principal {
                arn: format!("arn:aws:iam::{ACCOUNT_ID}:user/e2e"),
                user_id: "AIDAE2E".into(),
                account_id: ACCOUNT_ID.into(),
                principal_type: PrincipalType::User,
                source_identity: None,
                tags: None,
            },
            session_policies: Vec::new(),
            mfa_present: false,
            token_issued_at: None,
            federated_provider: None,
        })
    }
}
