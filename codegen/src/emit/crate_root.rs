//! The generated crate's `lib.rs`: crate docs, module declarations, the service's
//! constants and the `Operation` trait.

use crate::ir::Crate;
use crate::write::OptionalModules;
use proc_macro2::TokenStream;
use quote::quote;

pub fn lib_rs(krate: &Crate, modules: OptionalModules) -> TokenStream {
    let service = &krate.service;
    let serde = modules.serde.then(|| {
        quote! {
            #[cfg(feature = "serde")]
            mod serde_impls;
            #[cfg(feature = "serde")]
            mod serde_wire;
        }
    });
    let mut doc = format!(
        "Generated client types and wire codec for the `{}` service ({} protocol).\n\n",
        service.target_prefix,
        service.protocol.name()
    );
    doc.push_str("Operations:\n\n");
    for op in &krate.operations {
        doc.push_str(&format!(
            "- [`{}`](operation::{})\n",
            op.type_name, op.module
        ));
    }
    if krate.endpoint_rules.is_some() {
        doc.push_str("\nEndpoints: [`endpoint::resolve`] turns a region and settings into the URL to send to.\n");
    }
    if !service.doc.is_empty() {
        doc.push_str("\n## About the service\n\n");
        doc.push_str(&service.doc);
    }
    let doc = super::inner_doc(&doc);
    let validate = modules.validate.then(|| {
        quote!(
            mod validate;
        )
    });
    let pattern = modules.patterns.then(|| {
        quote!(
            #[cfg(feature = "pattern-validation")]
            mod pattern;
        )
    });
    let decimal = modules.decimal.then(|| {
        quote!(
            mod decimal;
        )
    });
    let compression = modules.compression.then(|| {
        quote!(
            #[cfg(feature = "request-compression")]
            pub mod compression;
        )
    });
    let idempotency = modules.idempotency.then(|| {
        quote!(
            mod idempotency;
        )
    });
    let checksum = modules.checksum.then(|| {
        quote!(
            mod checksum;
        )
    });
    let glacier = modules.glacier.then(|| {
        quote!(
            mod glacier;
        )
    });
    let rest = modules.rest.then(|| {
        quote!(
            mod rest;
        )
    });
    let endpoint = krate.endpoint_rules.is_some().then(|| {
        quote! {
            pub mod endpoint;
            #[doc(hidden)]
            pub mod endpoint_lib;
        }
    });
    let sigv4 = service.sigv4_name.as_deref().unwrap_or_default();
    let version = service.version.as_deref().unwrap_or_default();
    let prefix = &service.target_prefix;
    let content_type = service.protocol.content_type();
    let query_compatible = service.query_compatible;
    quote! {
        #doc
        #![forbid(unsafe_code)]
        // Error enums carry the parsed error structure inline: the error path is cold, and
        // boxing would cost an allocation for no measured gain. (Each error enum allows
        // `large_enum_variant` for the same reason; unions box their structure variants.)
        #![allow(clippy::result_large_err)]
        #![warn(missing_docs)]

        #[cfg(feature = "client")]
        pub mod client;
        #endpoint
        pub mod error;
        pub mod meta;
        pub mod operation;
        pub mod primitives;
        pub mod types;
        #[doc(hidden)]
        pub mod json;
        mod base64;
        mod de;
        mod ser;
        #serde
        #validate
        #decimal
        #pattern
        #compression
        #idempotency
        #rest
        #checksum
        #glacier

        /// The service shape's name (the `X-Amz-Target` prefix).
        pub const SERVICE_NAME: &str = #prefix;
        /// The service's API version.
        pub const API_VERSION: &str = #version;
        /// The SigV4 signing name (empty when the model has no `aws.auth#sigv4` trait).
        pub const SIGNING_NAME: &str = #sigv4;
        /// The protocol's `Content-Type`.
        const CONTENT_TYPE: &str = #content_type;
        /// Whether the service is `@awsQueryCompatible` (its errors then carry awsQuery codes).
        const QUERY_COMPATIBLE: bool = #query_compatible;

        /// What every operation offers, for code that is generic over operations (clients, mocks).
        /// Request building and response parsing are the runtime's, driven by these items.
        pub trait Operation {
            /// The operation's input.
            type Input;
            /// The operation's output.
            type Output: ::std::default::Default;
            /// The operation's error enum.
            type Error: crate::meta::ServiceError + ::std::convert::From<crate::meta::Unhandled> + ::std::convert::From<crate::error::AnyError>;
            /// The operation's name on the wire.
            const NAME: &'static str;
            /// The `X-Amz-Target` header value (awsJson; a REST protocol does not send it).
            const TARGET: &'static str;
            /// Whether requests are signed.
            const SIGNED: bool;
            /// Whether the operation is safe to retry.
            const IDEMPOTENT: bool;
            /// The codes of the errors the model marks `@retryable` (another attempt may
            /// succeed), for retry policies.
            const RETRYABLE_ERRORS: &'static [&'static str];
            /// The codes of the errors the model marks `@retryable(throttling: true)`.
            const THROTTLING_ERRORS: &'static [&'static str];
            /// The codes (and awsQuery codes) of the errors the operation models.
            #[doc(hidden)]
            const ERROR_CODES: &'static [&'static str];
            /// Validates the input and writes its body.
            #[doc(hidden)]
            fn write_body(out: &mut ::std::vec::Vec<u8>, input: &Self::Input) -> ::std::result::Result<(), crate::meta::SerializeError>;
            /// Reads the output from a 2xx body.
            #[doc(hidden)]
            fn read_output(r: &mut crate::json::Reader<'_>) -> ::std::result::Result<Self::Output, crate::json::DeserializeError>;
            /// Reads the output from a 2xx response: its JSON body, and under a REST
            /// protocol the members bound to the status, headers or payload.
            #[doc(hidden)]
            fn read_response(_status: u16, _headers: &::http::HeaderMap, body: &[u8]) -> ::std::result::Result<Self::Output, crate::json::DeserializeError> {
                crate::de::parse_body(body, Self::read_output)
            }
            /// Compresses the request when the model asks for it (`@requestCompression`).
            #[doc(hidden)]
            fn compress(_request: &mut ::http::Request<::std::vec::Vec<u8>>) {}
            /// Adds the body's checksum when the model requires one (`@httpChecksumRequired`),
            /// after any compression.
            #[doc(hidden)]
            fn checksum(_request: &mut ::http::Request<::std::vec::Vec<u8>>) {}
            /// Builds the request for `input` around its serialized `body`.
            #[doc(hidden)]
            fn request_with_body(_input: &Self::Input, body: ::std::vec::Vec<u8>) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::meta::SerializeError> {
                crate::meta::rpc_request::<Self>(body)
            }
            /// Builds the HTTP request for `input`.
            fn serialize_request(input: &Self::Input) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::meta::SerializeError> {
                Self::request_with_body(input, crate::meta::serialize_body::<Self>(input)?)
            }
            /// [`serialize_request`](Operation::serialize_request) taking the input: a blob
            /// `@httpPayload` (an upload) becomes the request's body without a copy.
            fn into_request(input: Self::Input) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::meta::SerializeError> {
                Self::serialize_request(&input)
            }
            /// Parses a response: the output on 2xx, else the operation's error.
            fn parse_response(status: u16, headers: &::http::HeaderMap, body: &[u8]) -> ::std::result::Result<Self::Output, Self::Error> {
                crate::meta::parse_response::<Self>(status, headers, body)
            }
            /// [`parse_response`](Operation::parse_response) taking the body: a blob
            /// `@httpPayload` of the output (a download) takes it without a copy.
            fn parse_owned_response(status: u16, headers: &::http::HeaderMap, body: ::std::vec::Vec<u8>) -> ::std::result::Result<Self::Output, Self::Error> {
                Self::parse_response(status, headers, &body)
            }
        }
    }
}
