//! Error structures (the `error` module) and each operation's error enum with its parser.

use super::{codec_fn, ident, path};
use crate::ir::{Crate, Fault, Operation, Presence, Struct, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Accessors, `Display` and `std::error::Error` for one error structure.
pub fn error_impls(s: &Struct) -> TokenStream {
    let info = s.error.as_ref().expect("error structure");
    let name = ident(&s.name);
    let code = &info.code;
    let status = info.status;
    let fault = fault_tokens(info.fault);
    let message_hidden = message_is_sensitive(s);
    let display_message = if message_hidden {
        quote!()
    } else {
        quote! {
            if let ::std::option::Option::Some(message) = self.message() {
                write!(f, ": {message}")?;
            }
        }
    };
    let message = message_accessor(s);
    quote! {
        impl #name {
            /// The error code on the wire.
            pub const CODE: &'static str = #code;

            /// The error's message: its modelled `message` member when set (a response's or
            /// the builder's), else the one the response's metadata carries.
            pub fn message(&self) -> ::std::option::Option<&str> {
                #message
            }

            /// Code, message, request id and HTTP status of the response.
            pub fn meta(&self) -> &crate::meta::ErrorMetadata {
                &self.meta
            }

            /// Whether the caller or the service is at fault.
            pub const fn fault() -> crate::meta::Fault {
                #fault
            }

            /// The HTTP status the model gives this error.
            pub const fn http_status() -> u16 {
                #status
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                #display_message
                ::std::result::Result::Ok(())
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

/// `<Operation>Error` and the function that turns an error response into it.
pub fn operation_error(krate: &Crate, op: &Operation) -> TokenStream {
    let enum_name = ident(&format!("{}Error", op.type_name));
    let errors: Vec<&Struct> = op.errors.iter().map(|e| &krate.structs[&e.id]).collect();
    let variants: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let paths: Vec<_> = errors
        .iter()
        .map(|s| path(&format!("crate::error::{}", s.name)))
        .collect();
    let is_docs: Vec<String> = errors
        .iter()
        .map(|s| format!(" True for `{}`.", s.error.as_ref().expect("error").code))
        .collect();
    let query_compatible = krate.service.query_compatible;
    // What each error is recognised by: its code, and its awsQuery code on a
    // query-compatible service.
    let patterns = errors.iter().map(|s| {
        let info = s.error.as_ref().expect("error");
        let code = &info.code;
        match info
            .query_code
            .as_ref()
            .filter(|q| query_compatible && *q != code)
        {
            Some(q) => quote!(::std::option::Option::Some(#code | #q)),
            None => quote!(::std::option::Option::Some(#code)),
        }
    });
    let is_fns = op.errors.iter().map(|e| ident(&e.predicate));
    let de_fns = errors.iter().map(|s| codec_fn(krate, "de_", &s.id));
    let hide: Vec<bool> = errors.iter().map(|s| message_is_sensitive(s)).collect();
    let variant_docs = errors.iter().map(|s| match s.doc.lines().next() {
        Some(first) if !first.is_empty() => format!(" {first}"),
        _ => format!(" The service returned `{}`.", s.name),
    });
    let enum_doc = format!(
        " Errors that [`{}`](crate::operation::{}) can return.",
        op.type_name, op.module
    );
    let any_hidden = hide.iter().any(|h| *h);
    let hide_stmt = errors.iter().zip(&hide).filter(|(_, h)| **h).map(|(s, _)| {
        let code = &s.error.as_ref().expect("error").code;
        quote!(#code)
    });
    let redact = any_hidden.then(|| {
        quote! {
            if matches!(meta.code(), #(::std::option::Option::Some(#hide_stmt))|*) {
                meta.message = ::std::option::Option::None;
            }
        }
    });
    let query_error =
        query_compatible.then(|| quote!(crate::meta::apply_query_error(&mut meta, headers);));
    let meta_mut = if any_hidden || query_compatible {
        quote!(mut)
    } else {
        quote!()
    };
    let unhandled = quote!(#enum_name::Unhandled(crate::meta::Unhandled::new(meta, ::std::option::Option::None)));
    let message = if errors.iter().any(|s| message_only(s).is_some()) {
        quote!(message)
    } else {
        quote!(_)
    };
    let arms = errors.iter().zip(&variants).zip(de_fns).map(|((s, variant), de_fn)| match message_only(s) {
        // Read in the same pass as the metadata: no second parse of the body.
        Some(field) => {
            let (path, field) = (path(&format!("crate::error::{}", s.name)), ident(field));
            quote! {
                match message {
                    ::std::result::Result::Ok(#field) => #enum_name::#variant(#path { #field, meta }),
                    ::std::result::Result::Err(err) => #enum_name::Unhandled(crate::meta::Unhandled::new(meta, ::std::option::Option::Some(err))),
                }
            }
        }
        None => quote! {
            match crate::de::parse_body(body, crate::de::#de_fn) {
                ::std::result::Result::Ok(mut e) => {
                    e.meta = meta;
                    #enum_name::#variant(e)
                }
                ::std::result::Result::Err(err) => #enum_name::Unhandled(crate::meta::Unhandled::new(meta, ::std::option::Option::Some(err))),
            }
        },
    });
    let dispatch = if errors.is_empty() {
        unhandled
    } else {
        quote! {
            match meta.code() {
                #(#patterns => #arms,)*
                _ => #unhandled,
            }
        }
    };
    // Variants hold the error structures inline, however many members they have: an
    // error is returned once, on the cold path, where boxing would add an allocation
    // for nothing (the same reason as the crate's `result_large_err`).
    quote! {
        #[doc = #enum_doc]
        #[derive(Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #enum_name {
            #(#[doc = #variant_docs] #variants(#paths),)*
            /// An error the model does not list for this operation, or a response that could not be parsed.
            Unhandled(crate::meta::Unhandled),
        }

        impl #enum_name {
            /// Code, message, request id and HTTP status of the response.
            pub fn meta(&self) -> &crate::meta::ErrorMetadata {
                match self {
                    #(#enum_name::#variants(e) => e.meta(),)*
                    #enum_name::Unhandled(e) => e.meta(),
                }
            }

            /// The error code, if the response carried one.
            pub fn code(&self) -> ::std::option::Option<&str> {
                self.meta().code()
            }

            /// The error message, if the response carried one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                self.meta().message()
            }

            /// The `x-amzn-requestid` of the response.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.meta().request_id()
            }

            /// The HTTP status of the response.
            pub fn http_status(&self) -> u16 {
                self.meta().status()
            }

            /// Whether the caller or the service is at fault (from the model; for unhandled errors, from the status).
            pub fn fault(&self) -> crate::meta::Fault {
                match self {
                    #(#enum_name::#variants(_) => #paths::fault(),)*
                    #enum_name::Unhandled(e) if e.meta().status() >= 500 => crate::meta::Fault::Server,
                    #enum_name::Unhandled(_) => crate::meta::Fault::Client,
                }
            }

            #(
                #[doc = #is_docs]
                pub fn #is_fns(&self) -> bool {
                    matches!(self, #enum_name::#variants(_))
                }
            )*

            /// True when the error is not one the operation models.
            pub fn is_unhandled(&self) -> bool {
                matches!(self, #enum_name::Unhandled(_))
            }
        }

        impl ::std::fmt::Display for #enum_name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#enum_name::#variants(e) => e.fmt(f),)*
                    #enum_name::Unhandled(e) => e.fmt(f),
                }
            }
        }

        impl ::std::error::Error for #enum_name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#enum_name::#variants(e) => ::std::option::Option::Some(e),)*
                    #enum_name::Unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }

        /// Maps an error response to the operation's error.
        fn parse_error(status: u16, headers: &::http::HeaderMap, body: &[u8]) -> #enum_name {
            let (#meta_mut meta, #message) = crate::meta::parse_error_response(status, headers, body);
            #query_error
            #redact
            #dispatch
        }
    }
}
