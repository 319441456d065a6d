//! Every file of the generated crate: which Rust files there are and the emitter of each,
//! the runtime files copied verbatim, and the manifests.

use super::{validate::Validation, Reach};
use crate::ir::{self, Module};
use crate::write::print::{self, Job};
use crate::write::{manifest, CrateSettings, Files, Header, OptionalModules};
use crate::Result;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The runtime modules copied verbatim into every generated crate.
const RUNTIME: [(&str, &str); 4] = [
    ("src/base64.rs", include_str!("../runtime/base64.rs")),
    ("src/json.rs", include_str!("../runtime/json.rs")),
    ("src/meta.rs", include_str!("../runtime/meta.rs")),
    (
        "src/primitives.rs",
        include_str!("../runtime/primitives.rs"),
    ),
];

/// The `serde` feature's runtime, copied into crates generated with it.
const SERDE_WIRE: (&str, &str) = (
    "src/serde_wire.rs",
    include_str!("../runtime/serde_wire.rs"),
);

/// The rules engine's library, copied into crates whose service has endpoint rules.
const ENDPOINT_LIB: (&str, &str) = (
    "src/endpoint_lib.rs",
    include_str!("../runtime/endpoint_lib.rs"),
);

/// What the emitters need to know about the crate as a whole.
pub struct Plan<'a> {
    reach: Reach,
    validation: Validation,
    modules: OptionalModules,
    /// The operation the client example calls, if any.
    example: Option<&'a ir::Operation>,
}

impl<'a> Plan<'a> {
    pub fn of(krate: &'a ir::Crate, settings: &CrateSettings) -> Plan<'a> {
        // Errors read with the metadata (`errors::message_only`) need no parser of their own.
        let reach = Reach::of(krate, |s| super::errors::message_only(s).is_none());
        let validation = Validation::of(krate, &reach.sent);
        let modules = OptionalModules {
            validate: reach.sent.iter().any(|id| validation.needs(id)),
            patterns: !validation.patterns.is_empty(),
            decimal: validation.decimal,
            compression: krate.operations.iter().any(|op| op.gzip_requests),
            idempotency: krate
                .structs
                .values()
                .filter(|s| reach.sent.contains(&s.id))
                .any(|s| s.fields.iter().any(|f| f.idempotency_token)),
            // The serde form is the awsJson wire form of a whole value, which a REST
            // protocol's body is not.
            serde: settings.serde && !krate.service.protocol.is_rest(),
            rest: krate.service.protocol.is_rest(),
            checksum: krate.operations.iter().any(|op| op.checksum_required),
            glacier: krate
                .operations
                .iter()
                .any(|op| super::customize::uploads_to_glacier(krate, op)),
        };
        Plan {
            reach,
            validation,
            modules,
            example: super::client::example_operation(krate),
        }
    }
}

/// IR -> every file of the generated crate.
pub fn crate_files(krate: &ir::Crate, header: &Header, settings: &CrateSettings) -> Result<Files> {
    let plan = Plan::of(krate, settings);
    let mut files = print::rust_files(header, rust_jobs(krate, &plan, settings))?;
    let Plan {
        modules, example, ..
    } = plan;
    // The runtime files only some crates need.
    let optional = [
        (
            krate.endpoint_rules.is_some(),
            ENDPOINT_LIB.0,
            ENDPOINT_LIB.1,
        ),
        (
            modules.decimal,
            "src/decimal.rs",
            include_str!("../runtime/decimal.rs"),
        ),
        (
            modules.checksum,
            "src/checksum.rs",
            include_str!("../runtime/checksum.rs"),
        ),
        (
            modules.glacier,
            "src/glacier.rs",
            include_str!("../runtime/glacier.rs"),
        ),
        (
            modules.compression,
            "src/compression.rs",
            include_str!("../runtime/compression.rs"),
        ),
        (modules.serde, SERDE_WIRE.0, SERDE_WIRE.1),
        (
            modules.idempotency,
            "src/idempotency.rs",
            include_str!("../runtime/idempotency.rs"),
        ),
        (
            modules.rest,
            "src/rest.rs",
            include_str!("../runtime/rest.rs"),
        ),
    ];
    for (_, name, source) in optional.into_iter().filter(|(needed, ..)| *needed) {
        files.insert(name.to_string(), print::runtime_file(header, source));
    }
    for (name, source) in RUNTIME.into_iter().chain(super::client::RUNTIME) {
        files.insert(name.to_string(), print::runtime_file(header, source));
    }
    files.insert("rustfmt.toml".to_string(), manifest::rustfmt_toml(header));
    files.insert(
        "Cargo.toml".to_string(),
        manifest::cargo_toml(
            header,
            settings,
            modules,
            example.map(|op| op.module.as_str()),
        ),
    );
    Ok(files)
}

/// The emitter of each generated Rust file.
pub fn rust_jobs<'a>(
    krate: &'a ir::Crate,
    plan: &'a Plan<'a>,
    settings: &CrateSettings,
) -> Vec<Job<'a>> {
    let Plan {
        reach,
        validation,
        modules,
        example,
    } = plan;
    let modules = *modules;
    let mut jobs: Vec<Job> = Vec::new();

    jobs.push(print::job("src/lib.rs", move || {
        super::crate_root::lib_rs(krate, modules)
    }));

    jobs.push(print::job("src/types.rs", move || {
        let enums = krate.enums.values().map(super::types::enumeration);
        let unions = krate.unions.values().map(super::types::union);
        let structs = krate
            .structs_in(&Module::Types)
            .map(super::types::structure);
        quote! {
            //! Structures, enums and unions shared by the operations.
            #(#enums)* #(#unions)* #(#structs)*
        }
    }));

    jobs.push(print::job("src/error.rs", move || {
        let errors = krate.structs_in(&Module::Error).map(|s| {
            let def = super::types::structure(s);
            let impls = super::errors::error_impls(krate, s);
            quote!(#def #impls)
        });
        let any = super::errors::any_error(krate);
        quote! {
            //! The errors the operations model, one structure each.
            #(#errors)*
            #any
        }
    }));

    if let Some(rules) = &krate.endpoint_rules {
        jobs.push(print::try_job("src/endpoint.rs", move || {
            crate::endpoints::emit::module(&krate.service.id, rules)
        }));
    }
    jobs.push(print::job("src/client/mod.rs", move || {
        super::client::client_module(krate)
    }));
    if let Some(op) = *example {
        let crate_name = settings.name.clone();
        jobs.push(print::job(
            &format!("examples/{}.rs", op.module),
            move || super::client::example(krate, &crate_name, op),
        ));
    }

    // With the feature, every structure and union has a serde impl, through its codec
    // functions.
    let serde: BTreeSet<&str> = if modules.serde {
        super::serde_impls::serde_structs(krate)
            .into_keys()
            .chain(krate.unions.keys().map(String::as_str))
            .collect()
    } else {
        BTreeSet::new()
    };
    let serde_de = serde.clone();
    let sent = ir::json_sent(krate);
    jobs.push(print::job("src/ser.rs", move || {
        let tokens = modules.idempotency;
        let structs = krate.structs.values().filter_map(|s| {
            serde_gated(
                &sent,
                &serde,
                &s.id,
                super::ser::structure(krate, s, tokens),
            )
        });
        let unions = krate
            .unions
            .values()
            .filter_map(|u| serde_gated(&sent, &serde, &u.id, super::ser::union(krate, u, tokens)));
        quote! {
            //! JSON serializers of the sent structures and unions (and, for the `serde`
            //! feature, of the others).
            #(#structs)* #(#unions)*
        }
    }));

    jobs.push(print::job("src/de.rs", move || {
        let structs = krate.structs.values().filter_map(|s| {
            serde_gated(&reach.received, &serde_de, &s.id, super::de::structure(krate, s))
        });
        let unions = krate.unions.values().filter_map(|u| {
            serde_gated(&reach.received, &serde_de, &u.id, super::de::union(krate, u))
        });
        // REST protocols: what a response carries outside its JSON body.
        let binds = krate
            .structs
            .values()
            .filter(|s| {
                krate.service.protocol.is_rest()
                    && reach.received.contains(&s.id)
                    && super::rest::has_response_bindings(s)
            })
            .map(|s| super::rest::bind_fn(krate, s));
        quote! {
            //! JSON deserializers of the received structures and unions (and, for the
            //! `serde` feature, of the others).

            /// Parses a whole body with `de`; an empty body is an empty value.
            pub(crate) fn parse_body<T: ::std::default::Default>(
                body: &[u8],
                de: fn(&mut crate::json::Reader<'_>) -> ::std::result::Result<T, crate::json::DeserializeError>,
            ) -> ::std::result::Result<T, crate::json::DeserializeError> {
                let mut r = crate::json::Reader::new(body);
                if r.is_empty() {
                    return ::std::result::Result::Ok(T::default());
                }
                let value = de(&mut r)?;
                r.finish()?;
                ::std::result::Result::Ok(value)
            }

            #(#structs)* #(#unions)* #(#binds)*
        }
    }));

    if modules.serde {
        jobs.push(print::job("src/serde_impls.rs", move || {
            super::serde_impls::module(krate, modules.idempotency)
        }));
    }

    if modules.validate {
        jobs.push(print::job("src/validate.rs", move || {
            let vs = krate
                .structs
                .values()
                .filter(|s| validation.needs(&s.id))
                .map(|s| validation.structure(krate, s));
            let vu = krate
                .unions
                .values()
                .filter(|u| validation.needs(&u.id))
                .map(|u| validation.union(krate, u));
            let hook = validation.pattern_hook();
            let shared = validation.shared_checks();
            quote! {
                //! Constraint checks (`@length`, `@range`, `@pattern`) run before a request is built.
                use crate::meta::Segment;
                #hook
                #shared
                #(#vs)* #(#vu)*
            }
        }));
    }
    if modules.patterns {
        jobs.push(print::job("src/pattern.rs", move || {
            validation.pattern_module()
        }));
    }

    // The many small per-operation files last: cores that finish the large crate-wide
    // files above early take them, so that no core is left alone with a large file.
    jobs.push(print::job("src/operation/mod.rs", move || {
        let mods = krate.operations.iter().map(|op| super::ident(&op.module));
        quote! {
            //! One module per operation: input, output, error enum, request serializer and response parser.
            #(pub mod #mods;)*
        }
    }));
    for op in &krate.operations {
        let name = format!("src/operation/{}.rs", op.module);
        jobs.push(print::job(&name, move || {
            super::operations::operation_module(krate, op, validation, modules.idempotency)
        }));
    }
    jobs
}

/// A codec function: as is when the wire uses it (`id` is in `used`), for the `serde`
/// feature only when serde alone does (`id` is in `serde`), else none.
fn serde_gated(
    used: &BTreeSet<String>,
    serde: &BTreeSet<&str>,
    id: &str,
    item: TokenStream,
) -> Option<TokenStream> {
    if used.contains(id) {
        Some(item)
    } else {
        serde
            .contains(id)
            .then(|| quote!(#[cfg(feature = "serde")] #item))
    }
}
