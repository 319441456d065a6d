//! One module per operation: its input and output, its error enum, the request
//! serializer and the response parser (sans-IO: `http` types in, `http` types out).

use super::{codec_fn, doc_or, errors, ident, path, rest, types, validate::Validation};
use crate::ir::{Crate, HostPart, Module, Operation, Retryable};
use proc_macro2::TokenStream;
use quote::quote;

/// `tokens`: the crate has the idempotency token generator.
pub fn operation_module(
    krate: &Crate,
    op: &Operation,
    validation: &Validation,
    tokens: bool,
) -> TokenStream {
    let op_ident = ident(&op.type_name);
    let input = &krate.structs[&op.input];
    let output = &krate.structs[&op.output];
    let input_ty = &path(&format!("{}::{}", input.module.path(), input.name));
    let output_ty = &path(&format!("{}::{}", output.module.path(), output.name));
    let error_ty = ident(&format!("{}Error", op.type_name));
    let local_items = [input, output]
        .into_iter()
        .filter(|s| s.module == Module::Operation(op.module.clone()))
        .map(types::structure);
    let ser_args = super::ser::wire_args(krate, &op.input, tokens);
    let write_body = if op.http.is_some() {
        rest::write_body(krate, input, ser_args)
    } else {
        let ser = codec_fn(krate, "ser_", &op.input);
        quote!(crate::ser::#ser(out, input #ser_args))
    };
    let request_with_body = op
        .http
        .as_ref()
        .map(|http| rest::request_with_body(krate, op, http));
    let read_response = (op.http.is_some() && rest::has_response_bindings(output)).then(|| {
        let bind = codec_fn(krate, "bind_", &op.output);
        // A payload member takes the whole body; else it is the JSON document.
        let output = if rest::has_payload(output) {
            quote!(<Self::Output as ::std::default::Default>::default())
        } else {
            quote!(crate::de::parse_body(body, Self::read_output)?)
        };
        quote! {
            #[inline]
            fn read_response(status: u16, headers: &::http::HeaderMap, body: &[u8]) -> ::std::result::Result<Self::Output, crate::json::DeserializeError> {
                let mut output = #output;
                crate::de::#bind(&mut output, status, headers, body)?;
                ::std::result::Result::Ok(output)
            }
        }
    });
    let de = codec_fn(krate, "de_", &op.output);
    let validate = validation.needs(&op.input).then(|| {
        let f = codec_fn(krate, "validate_", &op.input);
        quote!(crate::validate::#f(input, &mut crate::meta::Path::default())?;)
    });
    let (into_request, parse_owned_response) = match op.http {
        Some(_) => (
            rest::into_request(input, validate.clone()),
            rest::parse_owned_response(output),
        ),
        None => (None, None),
    };
    let target = format!("{}.{}", krate.service.target_prefix, op.name);
    let signed = op.signed;
    let idempotent = op.idempotent;
    let [retryable, throttling] = [Retryable::Transient, Retryable::Throttling].map(|kind| {
        let codes = op.errors.iter().filter_map(|e| {
            let info = krate.structs[&e.id].error.as_ref()?;
            (info.retryable == Some(kind)).then_some(&info.code)
        });
        quote!(&[#(#codes),*])
    });
    let name = &op.name;
    let op_doc = doc_or(&op.doc, || format!("The `{}` operation.", op.name));
    let error_enum = errors::operation_error(krate, op);
    let error_codes = errors::error_codes(krate, op);
    let compress = op.gzip_requests.then(|| {
        quote! {
            #[inline]
            fn compress(_request: &mut ::http::Request<::std::vec::Vec<u8>>) {
                #[cfg(feature = "request-compression")]
                crate::compression::gzip_request(_request);
            }
        }
    });
    let checksums = super::customize::body_checksums(krate, op);
    let checksum = (!checksums.is_empty()).then(|| {
        quote! {
            #[inline]
            fn checksum(request: &mut ::http::Request<::std::vec::Vec<u8>>) {
                #(#checksums)*
            }
        }
    });
    let host_prefix = op
        .host_prefix
        .as_ref()
        .map(|parts| host_prefix_fn(parts, input_ty));
    let signed_doc = (!signed).then(
        || quote!(#[doc = " Sent unsigned: the model marks it `@optionalAuth` / `@auth([])`."]),
    );
    let module_doc = format!(
        " [`{0}`](struct@{0}): its input, output and error, and the functions that write its requests and read its responses.",
        op.type_name
    );
    quote! {
        #![doc = #module_doc]

        #op_doc
        #signed_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct #op_ident;

        impl crate::Operation for #op_ident {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error_ty;
            const NAME: &'static str = #name;
            const TARGET: &'static str = #target;
            const SIGNED: bool = #signed;
            const IDEMPOTENT: bool = #idempotent;
            const RETRYABLE_ERRORS: &'static [&'static str] = #retryable;
            const THROTTLING_ERRORS: &'static [&'static str] = #throttling;
            const ERROR_CODES: &'static [&'static str] = #error_codes;

            #[inline]
            fn write_body(out: &mut ::std::vec::Vec<u8>, input: &Self::Input) -> ::std::result::Result<(), crate::meta::SerializeError> {
                #validate
                #write_body
            }

            #[inline]
            fn read_output(r: &mut crate::json::Reader<'_>) -> ::std::result::Result<Self::Output, crate::json::DeserializeError> {
                crate::de::#de(r)
            }

            #compress
            #checksum
            #request_with_body
            #into_request
            #parse_owned_response
            #read_response
        }

        #(#local_items)*

        crate::meta::operation_functions!(#op_ident);

        #host_prefix

        #error_enum
    }
}

/// `host_prefix(input)`: the model's `@endpoint` prefix with the input's host labels.
fn host_prefix_fn(parts: &[HostPart], input_ty: &TokenStream) -> TokenStream {
    let pushes = parts.iter().map(|part| match part {
        // One character is pushed as a `char` (clippy's single_char_add_str).
        HostPart::Literal(text) => match text.chars().collect::<Vec<_>>()[..] {
            [c] => quote!(prefix.push(#c);),
            _ => quote!(prefix.push_str(#text);),
        },
        HostPart::Label {
            wire,
            field,
            optional,
        } => {
            let f = ident(field);
            let value = if *optional {
                quote!(input.#f.as_deref().unwrap_or_default())
            } else {
                quote!(&input.#f)
            };
            quote!(crate::meta::push_host_label(&mut prefix, #wire, #value)?;)
        }
    });
    // A prefix without labels reads nothing of the input; the parameter stays, so that
    // every `host_prefix` is called the same way.
    let input = if parts.iter().any(|p| matches!(p, HostPart::Label { .. })) {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        /// The host prefix the model gives this operation (`@endpoint`), with the input's
        /// host labels filled in: the caller sends the request to this prefix followed by
        /// the endpoint's host.
        #[inline]
        pub fn host_prefix(#input: &#input_ty) -> ::std::result::Result<::std::string::String, crate::meta::SerializeError> {
            let mut prefix = ::std::string::String::new();
            #(#pushes)*
            ::std::result::Result::Ok(prefix)
        }
    }
}
