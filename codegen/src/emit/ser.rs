//! JSON serializers: one function per sent structure or union, writing straight to bytes
//! in model member order.

use super::{codec_fn, ident, json_key, path};
use crate::ir::{Crate, NamedKind, Presence, Struct, TimestampFormat, Ty, TyKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the serializer of structure `id` fills unset idempotency tokens, and so takes
/// a `fill_tokens` argument: the wire fills them, `serde` leaves them unset. `generator`
/// tells whether the crate has the token generator (some sent structure has a token).
pub fn fills_tokens(krate: &Crate, id: &str, generator: bool) -> bool {
    generator
        && krate
            .structs
            .get(id)
            .is_some_and(|s| s.fields.iter().any(|f| f.idempotency_token))
}

/// What a serializer passes to those of the structures it holds that fill tokens.
#[derive(Debug, Clone, Copy)]
struct Tokens {
    generator: bool,
    /// Its own `fill_tokens`, when it has one; else `true`, as the wire does.
    forward: bool,
}

/// The arguments after the value in a call to the serializer of structure `id`.
fn call_args(krate: &Crate, id: &str, tokens: Tokens) -> Option<TokenStream> {
    fills_tokens(krate, id, tokens.generator).then(|| {
        if tokens.forward {
            quote!(, fill_tokens)
        } else {
            quote!(, true)
        }
    })
}

/// The arguments after the input in the operation's call to its serializer: the wire
/// fills tokens.
pub fn wire_args(krate: &Crate, id: &str, generator: bool) -> Option<TokenStream> {
    let tokens = Tokens {
        generator,
        forward: false,
    };
    call_args(krate, id, tokens)
}

pub fn structure(krate: &Crate, s: &Struct, generator: bool) -> TokenStream {
    let f = codec_fn(krate, "ser_", &s.id);
    let ty = path(&format!("{}::{}", s.module.path(), s.name));
    let fill = fills_tokens(krate, &s.id, generator);
    let tokens = Tokens {
        generator,
        forward: fill,
    };
    let body: Vec<_> = s
        .fields
        .iter()
        .filter(|f| f.location.in_request_body())
        .collect();
    let fields = body.iter().map(|field| {
        let n = ident(&field.name);
        let key = json_key(&field.json_name);
        let write = write_value(
            krate,
            &field.ty,
            &quote!(v),
            &in_member(&field.wire),
            0,
            tokens,
        );
        match field.presence {
            // Every AWS SDK fills an unset token; here too, so the sans-IO path has one.
            Presence::Optional if field.idempotency_token && fill => quote! {
                {
                    let token;
                    let v = match &input.#n {
                        ::std::option::Option::Some(v) => ::std::option::Option::Some(v),
                        ::std::option::Option::None if fill_tokens => {
                            token = crate::idempotency::token()?;
                            ::std::option::Option::Some(&token)
                        }
                        ::std::option::Option::None => ::std::option::Option::None,
                    };
                    if let ::std::option::Option::Some(v) = v {
                        obj.key(out, #key);
                        #write
                    }
                }
            },
            Presence::Optional => quote! {
                if let ::std::option::Option::Some(v) = &input.#n {
                    obj.key(out, #key);
                    #write
                }
            },
            Presence::Required | Presence::Default(_) => quote! {
                {
                    let v = &input.#n;
                    obj.key(out, #key);
                    #write
                }
            },
        }
    });
    let (input, obj) = if body.is_empty() {
        (quote!(_input), quote!(obj))
    } else {
        (quote!(input), quote!(mut obj))
    };
    let fill_param = fill.then(|| quote!(, fill_tokens: bool));
    quote! {
        pub(crate) fn #f(out: &mut ::std::vec::Vec<u8>, #input: &#ty #fill_param) -> ::std::result::Result<(), crate::meta::SerializeError> {
            let #obj = crate::json::ObjectWriter::begin(out);
            #(#fields)*
            obj.end(out);
            ::std::result::Result::Ok(())
        }
    }
}

pub fn union(krate: &Crate, u: &Union, generator: bool) -> TokenStream {
    let tokens = Tokens {
        generator,
        forward: false,
    };
    let f = codec_fn(krate, "ser_", &u.id);
    let name = &path(&format!("crate::types::{}", u.name));
    let type_name = &u.name;
    let arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let key = json_key(&v.json_name);
        if matches!(v.ty.kind, TyKind::Unit) {
            return quote!(#name::#n => { obj.key(out, #key); out.extend_from_slice(b"{}"); });
        }
        let write = write_value(krate, &v.ty, &quote!(v), &in_member(&v.wire), 0, tokens);
        quote!(#name::#n(v) => { obj.key(out, #key); #write })
    });
    quote! {
        pub(crate) fn #f(out: &mut ::std::vec::Vec<u8>, input: &#name) -> ::std::result::Result<(), crate::meta::SerializeError> {
            let mut obj = crate::json::ObjectWriter::begin(out);
            match input {
                #(#arms)*
                #name::Unknown(_) => return ::std::result::Result::Err(crate::meta::SerializeError::UnknownUnionVariant(#type_name)),
            }
            obj.end(out);
            ::std::result::Result::Ok(())
        }
    }
}

/// The path of an error inside member `wire`, for [`write_value`].
fn in_member(wire: &str) -> TokenStream {
    quote!(.in_field(#wire))
}

/// Statements writing the value `v` (a reference to a value of `ty`) to `out`. A failure
/// returns the error with `path` applied (`.in_index(i0).in_field("Items")`, innermost
/// first); `depth` counts the lists and maps around `v`, to name their indexes apart.
fn write_value(
    krate: &Crate,
    ty: &Ty,
    v: &TokenStream,
    path: &TokenStream,
    depth: usize,
    tokens: Tokens,
) -> TokenStream {
    match &ty.kind {
        TyKind::Bool => quote!(crate::json::write_bool(out, *#v);),
        TyKind::Byte | TyKind::Short | TyKind::Int | TyKind::Long => {
            quote!(crate::json::write_int(out, *#v);)
        }
        TyKind::Float => quote!(crate::json::write_float(out, f64::from(*#v));),
        TyKind::Double => quote!(crate::json::write_float(out, *#v);),
        TyKind::String => quote!(crate::json::write_str(out, #v);),
        TyKind::Blob => quote!(crate::json::write_blob(out, #v);),
        TyKind::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(crate::json::write_timestamp(out, #v, #format).map_err(|e| e #path)?;)
        }
        TyKind::Document => quote!(crate::json::write_document(out, #v);),
        TyKind::BigNumber => quote!(crate::json::write_big(out, #v);),
        TyKind::Unit => quote!(out.extend_from_slice(b"{}");),
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => {
            let f = codec_fn(krate, "ser_", id);
            let args = call_args(krate, id, tokens);
            quote!(#f(out, #v #args).map_err(|e| e #path)?;)
        }
        TyKind::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(crate::json::write_str(out, #v.as_str());),
        TyKind::Named {
            kind: NamedKind::IntEnum,
            ..
        } => quote!(crate::json::write_int(out, #v.as_i32());),
        TyKind::List { member, sparse } => {
            let i = quote::format_ident!("i{depth}");
            let item = write_nullable(
                krate,
                member,
                *sparse,
                &quote!(.in_index(#i) #path),
                depth + 1,
                tokens,
            );
            quote! {
                out.push(b'[');
                for (#i, item) in #v.iter().enumerate() {
                    if #i > 0 {
                        out.push(b',');
                    }
                    #item
                }
                out.push(b']');
            }
        }
        TyKind::Map { value, sparse, .. } => {
            let item = write_nullable(
                krate,
                value,
                *sparse,
                &quote!(.in_key() #path),
                depth + 1,
                tokens,
            );
            quote! {
                let mut map = crate::json::ObjectWriter::begin(out);
                for (key, item) in #v {
                    map.dynamic_key(out, key);
                    #item
                }
                map.end(out);
            }
        }
    }
}

fn write_nullable(
    krate: &Crate,
    ty: &Ty,
    sparse: bool,
    path: &TokenStream,
    depth: usize,
    tokens: Tokens,
) -> TokenStream {
    let write = write_value(krate, ty, &quote!(item), path, depth, tokens);
    if sparse {
        quote! {
            match item {
                ::std::option::Option::Some(item) => { #write }
                ::std::option::Option::None => out.extend_from_slice(b"null"),
            }
        }
    } else {
        write
    }
}

pub fn timestamp_format(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::EpochSeconds => quote!(crate::primitives::TimestampFormat::EpochSeconds),
        TimestampFormat::DateTime => quote!(crate::primitives::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(crate::primitives::TimestampFormat::HttpDate),
    }
}
