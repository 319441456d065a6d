//! Serves fakecloud's Cognito user pools on 127.0.0.1.
//!
//! Usage: `fakecloud-server [PORT]` (default 0: any free port). Prints
//! `listening on 127.0.0.1:<port>` once it accepts connections, so a test can start it
//! without racing for a port.

use axum::{routing::any, Extension, Router};
use fakecloud_cognito::{CognitoService, SharedCognitoState};
use fakecloud_core::{
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
        .layer(Extension(Arc::new(DispatchConfig::new(REGION, ACCOUNT_ID))));
    println!("listening on {addr}");
    std::io::stdout().flush()?;
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
    Ok(())
}
