//! The `client` module behind the `client` feature: the runtime (config, credentials,
//! retries, sending) copied from `runtime/client/`, plus one method per operation here.

use super::{doc, ident, path};
use crate::endpoints::rules::ParamType;
use crate::ir::{Crate, Operation, Presence, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime submodules of `client`, copied verbatim.
pub const RUNTIME: [(&str, &str); 8] = [
    (
        "src/client/blocking.rs",
        include_str!("../runtime/client/blocking.rs"),
    ),
    (
        "src/client/config.rs",
        include_str!("../runtime/client/config.rs"),
    ),
    (
        "src/client/credentials.rs",
        include_str!("../runtime/client/credentials.rs"),
    ),
    (
        "src/client/endpoint.rs",
        include_str!("../runtime/client/endpoint.rs"),
    ),
    (
        "src/client/error.rs",
        include_str!("../runtime/client/error.rs"),
    ),
    (
        "src/client/mock.rs",
        include_str!("../runtime/client/mock.rs"),
    ),
    (
        "src/client/retry.rs",
        include_str!("../runtime/client/retry.rs"),
    ),
    (
        "src/client/send.rs",
        include_str!("../runtime/client/send.rs"),
    ),
];

/// `src/client/mod.rs`: re-exports of the runtime and `impl Client` with the operations.
pub fn client_module(krate: &Crate) -> TokenStream {
    let methods = krate
        .operations
        .iter()
        .map(|op| method(krate, op, Flavour::Async));
    let blocking_methods = krate
        .operations
        .iter()
        .map(|op| method(krate, op, Flavour::Blocking));
    let resolve = resolve_endpoint(krate);
    quote! {
        //! A ready client (tokio, hyper + rustls, SigV4 via `aws-sigv4`), behind the `client`
        //! feature: [`Client`] is async, [`BlockingClient`] blocks.
        //!
        //! Each call returns the output, or [`Error`]: the operation's own error enum in
        //! [`Error::Service`] for every response the service sent (`Unhandled` included), the
        //! other variants for failures without a usable response (construction, credentials,
        //! signing, timeout, transport).
        //!
        //! With the `test-util` feature, `Client::from_mock` builds a client on the `mock`
        //! transport, for tests without a network.

        mod blocking;
        mod config;
        mod credentials;
        mod endpoint;
        mod error;
        #[cfg(feature = "test-util")]
        pub mod mock;
        mod retry;
        mod send;

        pub use blocking::BlockingClient;
        pub use config::{Config, ConfigBuilder};
        pub use credentials::{Credentials, CredentialsError, EnvironmentCredentials, ProvideCredentials};
        pub use error::Error;
        pub use retry::{backoff, classify_response, should_retry, RetryConfig, RetryKind};
        pub use send::Client;

        impl Client {
            #(#methods)*
        }

        impl BlockingClient {
            #(#blocking_methods)*
        }

        #resolve
    }
}

/// `resolve_endpoint(&Config)`: the model's endpoint rules fed from the config (parameters
/// `Region`, `UseFIPS`, `UseDualStack`, `Endpoint`; others keep their defaults), or the
/// endpoint override alone when the model has no rules.
fn resolve_endpoint(krate: &Crate) -> TokenStream {
    let Some(rules) = &krate.endpoint_rules else {
        return quote! {
            /// The endpoint override: the model has no endpoint rules to resolve one from.
            fn resolve_endpoint(config: &Config) -> ::std::result::Result<endpoint::Target, ::std::string::String> {
                match &config.endpoint_url {
                    ::std::option::Option::Some(url) => endpoint::Target::new(url, &::std::collections::BTreeMap::new()),
                    ::std::option::Option::None => ::std::result::Result::Err("no endpoint: the model has no endpoint rules, so set an endpoint URL".into()),
                }
            }
        };
    };
    let sets: Vec<TokenStream> = rules.params.iter().filter_map(|p| {
        let field = ident(&p.field);
        let has_default = p.default.is_some();
        let set = match (p.name.as_str(), p.ty) {
            ("UseFIPS" | "UseDualStack", ParamType::Boolean) => {
                let source = ident(if p.name == "UseFIPS" { "use_fips" } else { "use_dual_stack" });
                if has_default {
                    quote!(#field: config.#source,)
                } else {
                    quote!(#field: ::std::option::Option::Some(config.#source),)
                }
            }
            ("Region" | "Endpoint", ParamType::String) => {
                let source = ident(if p.name == "Region" { "region" } else { "endpoint_url" });
                if has_default {
                    quote!(#field: config.#source.clone().unwrap_or_else(|| crate::endpoint::Params::default().#field),)
                } else {
                    quote!(#field: config.#source.clone(),)
                }
            }
            _ => return None,
        };
        Some(set)
    }).collect();
    // Parameters the config has no setting for keep their defaults.
    let rest =
        (sets.len() < rules.params.len()).then(|| quote!(..::std::default::Default::default()));
    quote! {
        /// The endpoint the model's rules give for the config's region, FIPS, dual-stack and
        /// override settings.
        fn resolve_endpoint(config: &Config) -> ::std::result::Result<endpoint::Target, ::std::string::String> {
            let params = crate::endpoint::Params { #(#sets)* #rest };
            let resolved = crate::endpoint::resolve(&params).map_err(|e| e.to_string())?;
            endpoint::Target::new(&resolved.url, &resolved.headers)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Async,
    Blocking,
}

fn method(krate: &Crate, op: &Operation, flavour: Flavour) -> TokenStream {
    let module = format!("crate::operation::{}", op.module);
    let name = ident(&op.method);
    let marker = path(&format!("{module}::{}", op.type_name));
    let [input, output] = [&op.input, &op.output].map(|id| {
        let s = &krate.structs[id];
        path(&format!("{}::{}", s.module.path(), s.name))
    });
    let error = path(&format!("{module}::{}Error", op.type_name));
    let summary = op.doc.lines().next().unwrap_or_default();
    let auth = if op.signed {
        "Signed with SigV4."
    } else {
        "Sent unsigned (the model marks it `@optionalAuth` / `@auth([])`)."
    };
    let retries = if op.idempotent {
        "Idempotent: throttling, 5xx and transport failures are retried."
    } else {
        "Not marked idempotent: throttling is retried; 5xx and transport failures only while `RetryConfig::retry_non_idempotent` is on (the default)."
    };
    let retryable: Vec<String> = op
        .errors
        .iter()
        .filter_map(|e| krate.structs[&e.id].error.as_ref())
        .filter(|info| info.retryable.is_some())
        .map(|info| format!("`{}`", info.code))
        .collect();
    let modelled = match retryable.as_slice() {
        [] => String::new(),
        codes => format!(
            " Errors the model marks `@retryable` are always retried: {}.",
            codes.join(", ")
        ),
    };
    let docs = doc(&format!(
        "Calls `{}`. {summary}\n\n{auth} {retries}{modelled}",
        op.name
    ));
    let result = quote!(::std::result::Result<#output, Error<#error>>);
    match flavour {
        Flavour::Async => {
            // An `@endpoint` host prefix (with the input's host labels) goes before the host.
            let prefix = match op.host_prefix {
                Some(_) => {
                    let f = path(&format!("{module}::host_prefix"));
                    quote!(::std::option::Option::Some(#f(&input).map_err(|e| Error::Construction(e.to_string()))?))
                }
                None => quote!(::std::option::Option::None),
            };
            quote! {
                #docs
                #[inline]
                pub async fn #name(&self, input: #input) -> #result {
                    send::send_operation::<#marker>(self, &input, #prefix).await
                }
            }
        }
        Flavour::Blocking => quote! {
            #docs
            #[inline]
            pub fn #name(&self, input: #input) -> #result {
                blocking::block_on(self, |client| client.#name(input))
            }
        },
    }
}

/// An operation the example can call from the command line: its required members are all
/// strings (one argument each). `None` when no operation qualifies.
pub fn example_operation(krate: &Crate) -> Option<&Operation> {
    krate.operations.iter().find(|op| {
        let required: Vec<_> = krate.structs[&op.input]
            .fields
            .iter()
            .filter(|f| f.presence == Presence::Required)
            .collect();
        !required.is_empty() && required.iter().all(|f| f.ty.kind == TyKind::String)
    })
}

/// `examples/<operation>.rs`: one call of `op` with the ready client, configured from the
/// standard environment (an emulator's URL in `AWS_ENDPOINT_URL`).
pub fn example(krate: &Crate, crate_name: &str, op: &Operation) -> TokenStream {
    let krate_ident = ident(&crate_name.replace('-', "_"));
    let input = &krate.structs[&op.input];
    let required: Vec<_> = input
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .collect();
    let setters = required.iter().map(|f| ident(&f.name));
    let wires: Vec<&str> = required.iter().map(|f| f.wire.as_str()).collect();
    let count = proc_macro2::Literal::usize_unsuffixed(required.len());
    let indexes = (0..required.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let input_ty = path(&format!(
        "{}::{}",
        input
            .module
            .path()
            .replacen("crate", &krate_ident.to_string(), 1),
        input.name
    ));
    let method = ident(&op.method);
    let usage = format!(
        "usage: {} {}",
        op.module,
        wires
            .iter()
            .map(|w| format!("<{w}>"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let docs = super::inner_doc(&format!(
        "Calls `{}` once with the ready client and prints the output or the typed error.\n\n\
         The endpoint comes from `AWS_ENDPOINT_URL` (an emulator such as moto's server), the\n\
         region from `AWS_REGION` (default `us-east-1`), credentials from `AWS_ACCESS_KEY_ID` /\n\
         `AWS_SECRET_ACCESS_KEY`. Arguments: {}.\n\n\
         ```sh\n\
         AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\\n    \
         cargo run -p {crate_name} --features client --example {} -- {}\n\
         ```",
        op.name,
        wires.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", "),
        op.module,
        wires.iter().map(|w| format!("<{w}>")).collect::<Vec<_>>().join(" ")
    ));
    quote! {
        #docs

        use #krate_ident::client::{Client, Config, Error};
        use std::process::ExitCode;

        fn main() -> ExitCode {
            let args: ::std::vec::Vec<String> = std::env::args().skip(1).collect();
            if args.len() != #count {
                eprintln!(#usage);
                return ExitCode::from(2);
            }
            let input = match #input_ty::builder()#(.#setters(args[#indexes].as_str()))*.build() {
                Ok(input) => input,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let mut config = Config::from_env();
            if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none() {
                config = config.region("us-east-1");
            }
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
            let client = match Client::new(config.build()) {
                Ok(client) => client,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(client.#method(input)) {
                Ok(output) => {
                    println!("{output:#?}");
                    ExitCode::SUCCESS
                }
                Err(Error::Service(e)) => {
                    println!("the service answered with an error: {e}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
