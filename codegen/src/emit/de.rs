//! JSON deserializers: one function per received structure or union, pulling tokens
//! from the reader. Unknown members are skipped, `null` is absence, required members the
//! response leaves out get their zero value (Smithy's client error correction).

use super::{codec_fn, ident, or_default, or_zero, path};
use crate::ir::{Crate, NamedKind, Presence, Struct, TimestampFormat, Ty, TyKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

pub fn structure(krate: &Crate, s: &Struct) -> TokenStream {
    let f = codec_fn(krate, "de_", &s.id);
    let ty = &path(&format!("{}::{}", s.module.path(), s.name));
    // Members bound elsewhere (headers, status) are the response reader's to fill: here
    // they get what an absent member gets.
    let local = |field: &crate::ir::Field| {
        field
            .location
            .in_response_body()
            .then(|| ident(&format!("f_{}", field.name.trim_start_matches("r#"))))
    };
    let locals: Vec<_> = s.fields.iter().filter_map(local).collect();
    let arms = s.fields.iter().filter_map(|field| {
        let local = local(field)?;
        let key = &field.json_name;
        let wire = &field.wire;
        let read = reader(krate, &field.ty, field.boxed);
        Some(quote!(#key => #local = r.field(#wire, #read)?,))
    });
    let inits = s.fields.iter().map(|field| {
        let n = ident(&field.name);
        let local = match local(field) {
            Some(l) => quote!(#l),
            None => quote!(::std::option::Option::None),
        };
        match &field.presence {
            Presence::Optional => quote!(#n: #local,),
            Presence::Required => {
                let value = or_zero(local, &field.ty);
                quote!(#n: #value,)
            }
            Presence::Default(v) => {
                let value = or_default(local, field, v);
                quote!(#n: #value,)
            }
        }
    });
    let meta = s
        .error
        .as_ref()
        .map(|_| quote!(meta: ::std::default::Default::default(),));
    let body = if locals.is_empty() {
        quote! {
            r.begin_object()?;
            while r.next_key()?.is_some() {
                r.skip_value()?;
            }
        }
    } else {
        quote! {
            #(let mut #locals = ::std::option::Option::None;)*
            r.begin_object()?;
            while let ::std::option::Option::Some(key) = r.next_key()? {
                match key.as_ref() {
                    #(#arms)*
                    _ => r.skip_value()?,
                }
            }
        }
    };
    quote! {
        pub(crate) fn #f(r: &mut crate::json::Reader<'_>) -> ::std::result::Result<#ty, crate::json::DeserializeError> {
            #body
            ::std::result::Result::Ok(#ty { #(#inits)* #meta })
        }
    }
}

pub fn union(krate: &Crate, u: &Union) -> TokenStream {
    let f = codec_fn(krate, "de_", &u.id);
    let name = &path(&format!("crate::types::{}", u.name));
    let arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let key = &v.json_name;
        let wire = &v.wire;
        if matches!(v.ty.kind, TyKind::Unit) {
            return quote!(#key => { r.skip_value()?; #name::#n });
        }
        let read = reader(krate, &v.ty, v.boxed);
        quote!(#key => #name::#n(r.member(#wire, #read)?),)
    });
    quote! {
        pub(crate) fn #f(r: &mut crate::json::Reader<'_>) -> ::std::result::Result<#name, crate::json::DeserializeError> {
            let start = r.position();
            r.begin_object()?;
            let mut value = ::std::option::Option::None;
            while let ::std::option::Option::Some(key) = r.next_key()? {
                if r.take_null()? || key == "__type" {
                    if key == "__type" {
                        r.skip_value()?;
                    }
                    continue;
                }
                if value.is_some() {
                    return ::std::result::Result::Err(crate::json::DeserializeError::new("a union value has more than one member set", r.position()));
                }
                value = ::std::option::Option::Some(match key.as_ref() {
                    #(#arms)*
                    other => {
                        r.skip_value()?;
                        #name::Unknown(::std::string::String::from(other))
                    }
                });
            }
            value.ok_or_else(|| crate::json::DeserializeError::new("a union value has no member set", start))
        }
    }
}

/// A function reading one value of `ty` (boxed if `boxed`) from a reader: a function item
/// where one exists, so that the runtime's generic readers get one copy per type rather
/// than one per member; a closure for collections and boxes.
fn reader(krate: &Crate, ty: &Ty, boxed: bool) -> TokenStream {
    let item = match &ty.kind {
        // Only structure and union members are boxed, and their reader is a function.
        _ if boxed => {
            let read = reader(krate, ty, false);
            return quote!(|r| #read(r).map(::std::boxed::Box::new));
        }
        TyKind::Bool => quote!(read_bool),
        TyKind::Byte => quote!(read_int::<i8>),
        TyKind::Short => quote!(read_int::<i16>),
        TyKind::Int => quote!(read_int::<i32>),
        TyKind::Long => quote!(read_int::<i64>),
        TyKind::Float => quote!(read_f32),
        TyKind::Double => quote!(read_float),
        TyKind::String => quote!(read_string),
        TyKind::Blob => quote!(read_blob),
        TyKind::Timestamp(TimestampFormat::EpochSeconds) => quote!(read_epoch_seconds),
        TyKind::Timestamp(TimestampFormat::DateTime) => quote!(read_date_time),
        TyKind::Timestamp(TimestampFormat::HttpDate) => quote!(read_http_date),
        TyKind::Document => quote!(read_document),
        TyKind::BigNumber => quote!(read_big),
        TyKind::Unit => quote!(skip_value),
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => {
            let f = codec_fn(krate, "de_", id);
            return quote!(#f);
        }
        TyKind::Named {
            path: p,
            kind: NamedKind::Enum,
            ..
        } => {
            let p = path(p);
            quote!(read_enum::<#p>)
        }
        TyKind::Named {
            path: p,
            kind: NamedKind::IntEnum,
            ..
        } => {
            let p = path(p);
            quote!(read_int_enum::<#p>)
        }
        TyKind::List { member, sparse } => {
            let item = reader(krate, member, false);
            return if *sparse {
                quote!(|r| r.read_sparse_list(#item))
            } else {
                quote!(|r| r.read_list(#item))
            };
        }
        TyKind::Map { value, sparse, .. } => {
            let item = reader(krate, value, false);
            return if *sparse {
                quote!(|r| r.read_sparse_map(#item))
            } else {
                quote!(|r| r.read_map(#item))
            };
        }
    };
    quote!(crate::json::Reader::#item)
}
