//! Error structures (the `error` module) and each operation's error enum with its parser.

use super::{codec_fn, ident, path};
use crate::ir::{Crate, Fault, Location, Module, Operation, Presence, Struct, TyKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The runtime's error traits, `Display` and `std::error::Error` for one error structure.
pub fn error_impls(krate: &Crate, s: &Struct) -> TokenStream {
    let info = s.error.as_ref().expect("error structure");
    let name = ident(&s.name);
    let code = &info.code;
    let status = info.status;
    let fault = fault_tokens(info.fault);
    let sensitive = message_is_sensitive(s);
    let message = message_accessor(s);
    // Most errors are read with the metadata, in one pass; the others by their parser.
    let from_response = match message_only(s) {
        Some(field) => {
            let field = ident(field);
            quote!(response.message_only(|#field, meta| #name { #field, meta }))
        }
        None if super::rest::has_response_bindings(s) => {
            let de_fn = codec_fn(krate, "de_", &s.id);
            let bind_fn = codec_fn(krate, "bind_", &s.id);
            quote!(response.bound(crate::de::#de_fn, crate::de::#bind_fn, |e| &mut e.meta))
        }
        None => {
            let de_fn = codec_fn(krate, "de_", &s.id);
            quote!(response.structure(crate::de::#de_fn, |e| &mut e.meta))
        }
    };
    quote! {
        impl crate::meta::ModeledError for #name {
            const CODE: &'static str = #code;
            const FAULT: crate::meta::Fault = #fault;
            const HTTP_STATUS: u16 = #status;
        }

        impl crate::meta::ReadError for #name {
            const SENSITIVE_MESSAGE: bool = #sensitive;

            fn from_response(response: crate::meta::ErrorResponse<'_>) -> ::std::result::Result<Self, crate::meta::Unhandled> {
                #from_response
            }
        }

        impl crate::meta::ProvideErrorMetadata for #name {
            #[inline]
            fn meta(&self) -> &crate::meta::ErrorMetadata {
                &self.meta
            }

            #[inline]
            fn message(&self) -> ::std::option::Option<&str> {
                #message
            }

            #[inline]
            fn fault(&self) -> crate::meta::Fault {
                #fault
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                crate::meta::fmt_modeled(self, f)
            }
        }

        impl ::std::error::Error for #name {}
    }
}

/// The body of an error's `message()`: one source of truth, the modelled string member
/// named `message` (any case) when the structure has one, then the metadata's.
fn message_accessor(s: &Struct) -> TokenStream {
    let member = s.fields.iter().find(|f| f.is_error_message());
    let Some(f) = member else {
        return quote!(self.meta.message());
    };
    let field = ident(&f.name);
    match f.presence {
        Presence::Optional => quote!(self.#field.as_deref().or_else(|| self.meta.message())),
        // A required or defaulted message is a plain `String`, empty when the response
        // left it out.
        Presence::Required | Presence::Default(_) => quote! {
            ::std::option::Option::Some(self.#field.as_str())
                .filter(|m| !m.is_empty())
                .or_else(|| self.meta.message())
        },
    }
}

/// An error whose `message` member is sensitive never shows its message.
/// The field of an error structure whose only member is an optional string `message`
/// (most modelled errors): the metadata scan reads it, see `meta::parse_error_response`.
pub fn message_only(s: &Struct) -> Option<&str> {
    match s.fields.as_slice() {
        [f] if f.wire == "message"
            && f.json_name == "message"
            && f.location == Location::Body
            && f.ty.kind == TyKind::String
            && f.presence == Presence::Optional
            && !f.boxed =>
        {
            Some(&f.name)
        }
        _ => None,
    }
}

pub fn message_is_sensitive(s: &Struct) -> bool {
    s.sensitive
        || s.fields
            .iter()
            .any(|f| f.wire.eq_ignore_ascii_case("message") && f.sensitive)
}

fn fault_tokens(f: Fault) -> TokenStream {
    match f {
        Fault::Client => quote!(crate::meta::Fault::Client),
        Fault::Server => quote!(crate::meta::Fault::Server),
    }
}

/// `<Operation>Error`: one variant per modelled error, and one match that yields the
/// error inside as the runtime's trait object.
pub fn operation_error(krate: &Crate, op: &Operation) -> TokenStream {
    let enum_name = ident(&format!("{}Error", op.type_name));
    let errors: Vec<&Struct> = op.errors.iter().map(|e| &krate.structs[&e.id]).collect();
    let variants: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let paths = errors
        .iter()
        .map(|s| path(&format!("crate::error::{}", s.name)));
    let predicates = op.errors.iter().map(|e| ident(&e.predicate));
    let variant_docs = errors.iter().map(|s| match s.doc.lines().next() {
        Some(first) if !first.is_empty() => format!(" {first}"),
        _ => format!(" The service returned `{}`.", s.name),
    });
    let enum_doc = format!(
        " Errors that [`{}`](crate::operation::{}) can return.",
        op.type_name, op.module
    );
    let any_variants = errors.iter().map(|s| ident(&s.name));
    // Variants hold the error structures inline, however many members they have: an
    // error is returned once, on the cold path, where boxing would add an allocation
    // for nothing (the same reason as the crate's `result_large_err`).
    quote! {
        #[doc = #enum_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #enum_name {
            #(#[doc = #variant_docs] #variants(#paths),)*
            /// An error the model does not list for this operation, or a response that could not be parsed.
            Unhandled(crate::meta::Unhandled),
        }

        crate::meta::operation_error!(#enum_name {
            #(#variants(#any_variants) #predicates,)*
        });
    }
}

/// `AnyError`: every error structure of the crate, and its parser, one match on the code
/// for the whole crate. Operation error enums take their variants over with `From`, so
/// that an operation adds no parsing code of its own.
pub fn any_error(krate: &Crate) -> TokenStream {
    let errors: Vec<&Struct> = krate.structs_in(&Module::Error).collect();
    let variants: Vec<_> = errors.iter().map(|s| ident(&s.name)).collect();
    let mut seen = BTreeSet::new();
    let arms = errors.iter().zip(&variants).filter_map(|(s, variant)| {
        let codes: Vec<&String> = codes(krate, s)
            .filter(|code| seen.insert(code.as_str()))
            .collect();
        (!codes.is_empty()).then(|| {
            quote!(::std::option::Option::Some(#(#codes)|*) => response.parse().map(Self::#variant),)
        })
    });
    let parse = if errors.is_empty() {
        quote!(::std::result::Result::Err(response.unhandled()))
    } else {
        quote! {
            match response.code() {
                #(#arms)*
                _ => ::std::result::Result::Err(response.unhandled()),
            }
        }
    };
    quote! {
        /// Any error structure of this module, as the response parser reads it before an
        /// operation's error enum takes it over.
        #[doc(hidden)]
        #[derive(Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum AnyError {
            #(#variants(#variants),)*
        }

        impl AnyError {
            /// Reads the error the response's code names.
            pub(crate) fn parse(response: crate::meta::ErrorResponse<'_>) -> ::std::result::Result<Self, crate::meta::Unhandled> {
                #parse
            }
        }

        impl ::std::convert::From<AnyError> for crate::meta::Unhandled {
            fn from(e: AnyError) -> Self {
                match e {
                    #(AnyError::#variants(e) => crate::meta::Unhandled::new(e.meta, ::std::option::Option::None),)*
                }
            }
        }
    }
}

/// The codes an operation's errors are read by (see [`codes`]).
pub fn error_codes(krate: &Crate, op: &Operation) -> TokenStream {
    let codes = op
        .errors
        .iter()
        .flat_map(|e| codes(krate, &krate.structs[&e.id]));
    quote!(&[#(#codes),*])
}

/// An error's code, and its awsQuery code on a query-compatible service.
fn codes<'k>(krate: &'k Crate, s: &'k Struct) -> impl Iterator<Item = &'k String> {
    let info = s.error.as_ref().expect("error");
    let query = info
        .query_code
        .as_ref()
        .filter(|q| krate.service.query_compatible && **q != info.code);
    std::iter::once(&info.code).chain(query)
}
