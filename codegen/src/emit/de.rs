//! JSON deserializers: one function per received structure or union, pulling tokens
//! from the reader. Unknown members are skipped, `null` is absence, required members the
//! response leaves out get their zero value (Smithy's client error correction).

use super::{codec_fn, ident, or_default, path, ser::timestamp_format};
use crate::ir::{Crate, NamedKind, Presence, Struct, Ty, TyKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

pub fn structure(krate: &Crate, s: &Struct) -> TokenStream {
    let f = codec_fn(krate, "de_", &s.id);
    let ty = &path(&format!("{}::{}", s.module.path(), s.name));
    let locals: Vec<_> = s
        .fields
        .iter()
        .map(|field| ident(&format!("f_{}", field.name.trim_start_matches("r#"))))
        .collect();
    let arms = s.fields.iter().zip(&locals).map(|(field, local)| {
        let wire = &field.wire;
        let read = read_value(krate, &field.ty);
        let read = if field.boxed {
            quote!(#read.map(::std::boxed::Box::new))
        } else {
            read
        };
        quote!(#wire => #local = r.nullable(|r| #read).map_err(|e| e.in_field(#wire))?,)
    });
    let inits = s.fields.iter().zip(&locals).map(|(field, local)| {
        let n = ident(&field.name);
        match &field.presence {
            Presence::Optional => quote!(#n: #local,),
            Presence::Required => quote!(#n: #local.unwrap_or_default(),),
            Presence::Default(v) => {
                let value = or_default(quote!(#local), field, v);
                quote!(#n: #value,)
            }
        }
    });
    let meta = s
        .error
        .as_ref()
        .map(|_| quote!(meta: ::std::default::Default::default(),));
    let body = if s.fields.is_empty() {
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
        let wire = &v.wire;
        if matches!(v.ty.kind, TyKind::Unit) {
            return quote!(#wire => { r.skip_value()?; #name::#n });
        }
        let read = read_value(krate, &v.ty);
        let read = if v.boxed {
            quote!(#read.map(::std::boxed::Box::new))
        } else {
            read
        };
        quote!(#wire => #name::#n(#read.map_err(|e| e.in_field(#wire))?),)
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

/// An expression reading one value of `ty` from `r`, of type `Result<T, DeserializeError>`.
fn read_value(krate: &Crate, ty: &Ty) -> TokenStream {
    match &ty.kind {
        TyKind::Bool => quote!(r.read_bool()),
        TyKind::Byte => quote!(r.read_int::<i8>()),
        TyKind::Short => quote!(r.read_int::<i16>()),
        TyKind::Int => quote!(r.read_int::<i32>()),
        TyKind::Long => quote!(r.read_int::<i64>()),
        TyKind::Float => quote!(r.read_float().map(|v| v as f32)),
        TyKind::Double => quote!(r.read_float()),
        TyKind::String => quote!(r.read_string()),
        TyKind::Blob => quote!(r.read_blob()),
        TyKind::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(r.read_timestamp(#format))
        }
        TyKind::Document => quote!(r.read_document()),
        TyKind::BigNumber => quote!(r.read_big()),
        TyKind::Unit => quote!(r.skip_value()),
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => {
            let f = codec_fn(krate, "de_", id);
            quote!(#f(r))
        }
        TyKind::Named {
            path: p,
            kind: NamedKind::Enum,
            ..
        } => {
            let p = path(p);
            quote!(r.read_str().map(|s| #p::from(s.as_ref())))
        }
        TyKind::Named {
            path: p,
            kind: NamedKind::IntEnum,
            ..
        } => {
            let p = path(p);
            quote!(r.read_int::<i32>().map(#p::from))
        }
        TyKind::List { member, sparse } => {
            let item = read_value(krate, member);
            if *sparse {
                quote!(r.read_sparse_list(|r| #item))
            } else {
                quote!(r.read_list(|r| #item))
            }
        }
        TyKind::Map { value, sparse, .. } => {
            let item = read_value(krate, value);
            if *sparse {
                quote!(r.read_sparse_map(|r| #item))
            } else {
                quote!(r.read_map(|r| #item))
            }
        }
    }
}
