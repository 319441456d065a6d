//! The `client` module behind the `client` feature: the runtime (config, credentials,
//! retries, sending) copied from `runtime/client/`, plus one method per operation here.

use super::{doc, ident, path};
use crate::ir::{Crate, Operation};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime submodules of `client`, copied verbatim.
pub const RUNTIME: [(&str, &str); 6] = [
    ("src/client/config.rs", include_str!("../runtime/client/config.rs")),
    ("src/client/credentials.rs", include_str!("../runtime/client/credentials.rs")),
    ("src/client/endpoint.rs", include_str!("../runtime/client/endpoint.rs")),
    ("src/client/error.rs", include_str!("../runtime/client/error.rs")),
    ("src/client/retry.rs", include_str!("../runtime/client/retry.rs")),
    ("src/client/send.rs", include_str!("../runtime/client/send.rs")),
];

/// `src/client/mod.rs`: re-exports of the runtime and `impl Client` with the operations.
pub fn client_module(krate: &Crate) -> TokenStream {
    let methods = krate.operations.iter().map(|op| method(krate, op));
    quote! {
        //! A ready async client (tokio, hyper + rustls, SigV4 via `aws-sigv4`), behind the
        //! `client` feature. Each call returns the output, or [`Error`]: the operation's own
        //! error enum in [`Error::Service`] for every response the service sent (`Unhandled`
        //! included), other variants for failures without a usable response.

        mod config;
        mod credentials;
        mod endpoint;
        mod error;
        mod retry;
        mod send;

        pub use config::{Config, ConfigBuilder};
        pub use credentials::{Credentials, CredentialsError, EnvironmentCredentials, ProvideCredentials};
        pub use error::Error;
        pub use retry::{backoff, classify_response, should_retry, RetryConfig, RetryKind};
        pub use send::Client;

        impl Client {
            #(#methods)*
        }
    }
}

fn method(krate: &Crate, op: &Operation) -> TokenStream {
    let module = format!("crate::operation::{}", op.module);
    let name = ident(&op.module);
    let marker = path(&format!("{module}::{}", op.type_name));
    let [input, output] = [&op.input, &op.output].map(|id| {
        let s = &krate.structs[id];
        path(&format!("{}::{}", s.module.path(), s.name))
    });
    let error = path(&format!("{module}::{}Error", op.type_name));
    let summary = op.doc.lines().next().unwrap_or_default();
    let auth = if op.signed { "Signed with SigV4." } else { "Sent unsigned (the model marks it `@optionalAuth` / `@auth([])`)." };
    let retries = if op.idempotent {
        "Idempotent: throttling, 5xx and transport failures are retried."
    } else {
        "Not marked idempotent: throttling is retried; 5xx and transport failures only while `RetryConfig::retry_non_idempotent` is on (the default)."
    };
    let docs = doc(&format!("Calls `{}`. {summary}\n\n{auth} {retries}", op.name));
    quote! {
        #docs
        pub async fn #name(&self, input: #input) -> ::std::result::Result<#output, Error<#error>> {
            self.send::<#marker>(&input).await
        }
    }
}
