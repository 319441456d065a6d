//! A Smithy model -> Rust code generator for awsJson1_0 / awsJson1_1 clients.
//!
//! The pipeline runs one way: [`sources`] (JSON AST and [`idl`] files) and [`loader`]
//! (documents -> [`model::Model`], prelude, `apply`, mixins) -> [`select`] (the
//! operations' closure) -> [`ir`] (Rust items, names decided) -> [`emit`] (`quote!`
//! token streams per concern) -> [`render`] (printed with prettyplease, headers) -> files.
//! Writing files is the caller's job (see the `xtask` crate), so that it can be atomic.

pub mod config;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod idl;
pub mod ir;
pub mod loader;
pub mod model;
pub mod naming;
pub mod output;
pub mod render;
pub mod rules;
pub mod select;
pub mod sources;

pub use error::{Error, Result};

use emit::{validate::Validation, Reach};
use ir::Module;
use quote::quote;
use render::{CrateSettings, Header};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The runtime modules copied verbatim into every generated crate.
const RUNTIME: [(&str, &str); 3] = [
    ("src/json.rs", include_str!("runtime/json.rs")),
    ("src/meta.rs", include_str!("runtime/meta.rs")),
    ("src/primitives.rs", include_str!("runtime/primitives.rs")),
];

/// The rules engine's library, copied into crates whose service has endpoint rules.
const ENDPOINT_LIB: (&str, &str) = ("src/endpoint_lib.rs", include_str!("runtime/endpoint_lib.rs"));

/// What to generate, besides the model itself.
#[derive(Debug, Clone)]
pub struct Options {
    pub service: Option<String>,
    pub operations: select::Operations,
    pub crate_settings: CrateSettings,
    /// Shown in the `@generated` header.
    pub command: String,
    /// The model file's name, shown in the header.
    pub model_name: String,
}

/// Generated files: path relative to the output directory -> contents.
pub type Files = BTreeMap<String, String>;

/// Runs the whole pipeline on a JSON AST model file's bytes.
pub fn generate(model_bytes: &[u8], options: &Options) -> Result<Files> {
    let model = loader::load_json(model_bytes)?;
    generate_model(model, || Sha256::digest(model_bytes), options)
}

/// Runs the whole pipeline on model files (JSON AST and IDL). The header's hash is that
/// of the files' contents one after the other, in load order (for one file, its sha256).
pub fn generate_sources(sources: &[sources::Source], options: &Options) -> Result<Files> {
    let model = sources::load_sources(sources)?;
    let hash = || {
        let mut hash = Sha256::new();
        for s in sources {
            hash.update(s.text.as_bytes());
        }
        hash.finalize()
    };
    generate_model(model, hash, options)
}

/// Lowers the model, hashes the input for the header, then emits.
fn generate_model(model: model::Model, hash: impl FnOnce() -> sha2::digest::Output<Sha256>, options: &Options) -> Result<Files> {
    let krate = lower(&model, options)?;
    let header = Header { command: options.command.clone(), model_name: options.model_name.clone(), model_sha256: format!("{:x}", hash()) };
    let mut settings = options.crate_settings.clone();
    if settings.name.is_empty() {
        settings.name = default_crate_name(&krate.service);
    }
    emit_crate(&krate, &header, &settings)
}

/// `AWSCognitoIdentityProviderService` with sdkId `Cognito Identity Provider` ->
/// `cognito-identity-provider-client`.
fn default_crate_name(service: &ir::Service) -> String {
    use heck::ToKebabCase;
    let base = service.sdk_id.clone().unwrap_or_else(|| service.target_prefix.clone());
    format!("{}-client", base.to_kebab_case())
}

/// Model -> IR for the selected operations.
pub fn lower(model: &model::Model, options: &Options) -> Result<ir::Crate> {
    let service = select::find_service(model, options.service.as_deref())?;
    let selection = select::select(model, service, &options.operations)?;
    ir::lower(model, &selection)
}

/// What the emitters need to know about the crate as a whole.
pub struct Plan<'a> {
    reach: Reach,
    validation: Validation,
    modules: render::OptionalModules,
    /// The operation the client example calls, if any.
    example: Option<&'a ir::Operation>,
}

impl<'a> Plan<'a> {
    pub fn of(krate: &'a ir::Crate) -> Plan<'a> {
        // Errors read with the metadata (`errors::message_only`) need no parser of their own.
        let reach = Reach::of(krate, |s| emit::errors::message_only(s).is_none());
        let validation = Validation::of(krate, &reach.sent);
        let modules = render::OptionalModules {
            validate: reach.sent.iter().any(|id| validation.needs(id)),
            patterns: !validation.patterns.is_empty(),
            compression: krate.operations.iter().any(|op| op.gzip_requests),
        };
        Plan { reach, validation, modules, example: emit::client::example_operation(krate) }
    }
}

/// IR -> every file of the generated crate.
pub fn emit_crate(krate: &ir::Crate, header: &Header, settings: &CrateSettings) -> Result<Files> {
    let plan = Plan::of(krate);
    let mut files = render::rust_files(header, rust_jobs(krate, &plan, settings))?;
    let Plan { modules, example, .. } = plan;
    if krate.endpoint_rules.is_some() {
        files.insert(ENDPOINT_LIB.0.to_string(), render::runtime_file(header, ENDPOINT_LIB.1));
    }
    if modules.compression {
        files.insert("src/compression.rs".to_string(), render::runtime_file(header, include_str!("runtime/compression.rs")));
    }
    for (name, source) in RUNTIME.into_iter().chain(emit::client::RUNTIME) {
        files.insert(name.to_string(), render::runtime_file(header, source));
    }
    files.insert("rustfmt.toml".to_string(), render::rustfmt_toml(header));
    files.insert("Cargo.toml".to_string(), render::cargo_toml(header, settings, modules, example.map(|op| op.module.as_str())));
    Ok(files)
}

/// The emitter of each generated Rust file.
pub fn rust_jobs<'a>(krate: &'a ir::Crate, plan: &'a Plan<'a>, settings: &CrateSettings) -> Vec<render::Job<'a>> {
    let Plan { reach, validation, modules, example } = plan;
    let modules = *modules;
    let mut jobs: Vec<render::Job> = Vec::new();

    jobs.push(render::job("src/lib.rs", move || render::lib_rs(krate, modules)));

    jobs.push(render::job("src/types.rs", move || {
        let enums = krate.enums.values().map(emit::types::enumeration);
        let unions = krate.unions.values().map(emit::types::union);
        let structs = krate.structs_in(&Module::Types).map(emit::types::structure);
        quote! {
            //! Structures, enums and unions shared by the operations.
            #(#enums)* #(#unions)* #(#structs)*
        }
    }));

    jobs.push(render::job("src/error.rs", move || {
        let errors = krate.structs_in(&Module::Error).map(|s| {
            let def = emit::types::structure(s);
            let impls = emit::errors::error_impls(s);
            quote!(#def #impls)
        });
        quote! {
            //! The errors the operations model, one structure each.
            #(#errors)*
        }
    }));

    jobs.push(render::job("src/operation/mod.rs", move || {
        let mods = krate.operations.iter().map(|op| emit::ident(&op.module));
        quote! {
            //! One module per operation: input, output, error enum, request serializer and response parser.
            #(pub mod #mods;)*
        }
    }));
    for op in &krate.operations {
        let name = format!("src/operation/{}.rs", op.module);
        jobs.push(render::job(&name, move || emit::operations::operation_module(krate, op, validation)));
    }
    if let Some(rules) = &krate.endpoint_rules {
        jobs.push(render::try_job("src/endpoint.rs", move || emit::endpoints::module(&krate.service.id, rules)));
    }
    jobs.push(render::job("src/client/mod.rs", move || emit::client::client_module(krate)));
    if let Some(op) = *example {
        let crate_name = settings.name.clone();
        jobs.push(render::job(&format!("examples/{}.rs", op.module), move || emit::client::example(krate, &crate_name, op)));
    }

    jobs.push(render::job("src/ser.rs", move || {
        let sent_structs = krate.structs.values().filter(|s| reach.sent.contains(&s.id)).map(|s| emit::ser::structure(krate, s));
        let sent_unions = krate.unions.values().filter(|u| reach.sent.contains(&u.id)).map(|u| emit::ser::union(krate, u));
        quote! {
            //! JSON serializers of the sent structures and unions.
            #(#sent_structs)* #(#sent_unions)*
        }
    }));

    jobs.push(render::job("src/de.rs", move || {
        let recv_structs = krate.structs.values().filter(|s| reach.received.contains(&s.id)).map(|s| emit::de::structure(krate, s));
        let recv_unions = krate.unions.values().filter(|u| reach.received.contains(&u.id)).map(|u| emit::de::union(krate, u));
        quote! {
            //! JSON deserializers of the received structures and unions.

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

            #(#recv_structs)* #(#recv_unions)*
        }
    }));

    if modules.validate {
        jobs.push(render::job("src/validate.rs", move || {
            let vs = krate.structs.values().filter(|s| validation.needs(&s.id)).map(|s| validation.structure(krate, s));
            let vu = krate.unions.values().filter(|u| validation.needs(&u.id)).map(|u| validation.union(krate, u));
            let hook = validation.pattern_hook();
            quote! {
                //! Constraint checks (`@length`, `@range`, `@pattern`) run before a request is built.
                #hook
                #(#vs)* #(#vu)*
            }
        }));
    }
    if modules.patterns {
        jobs.push(render::job("src/pattern.rs", move || validation.pattern_module()));
    }

    jobs
}
