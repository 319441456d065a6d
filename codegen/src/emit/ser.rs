//! JSON serializers: one function per sent structure or union, writing straight to bytes
//! in model member order.

use super::{codec_fn, ident, json_key, path};
use crate::ir::{Crate, NamedKind, Presence, Struct, TimestampFormat, Ty, TyKind, Union};
use crate::tokens::Tokens;
use crate::tokens::toks;

pub fn structure(krate: &Crate, s: &Struct) -> Tokens {
    let f = codec_fn(krate, "ser_", &s.id);
    let ty = path(&format!("{}::{}", s.module.path(), s.name));
    let fields = s.fields.iter().map(|field| {
        let n = ident(&field.name);
        let key = json_key(&field.wire);
        let write = write_value(krate, &field.ty, &toks!(v));
        match field.presence {
            Presence::Optional => toks! {
                if let ::std::option::Option::Some(v) = &input.#n {
                    obj.key(out, #key);
                    #write
                }
            },
            Presence::Required | Presence::Default(_) => toks! {
                {
                    let v = &input.#n;
                    obj.key(out, #key);
                    #write
                }
            },
        }
    });
    let (input, obj) = if s.fields.is_empty() { (toks!(_input), toks!(obj)) } else { (toks!(input), toks!(mut obj)) };
    toks! {
        pub(crate) fn #f(out: &mut ::std::vec::Vec<u8>, #input: &#ty) -> ::std::result::Result<(), crate::meta::SerializeError> {
            let #obj = crate::json::ObjectWriter::begin(out);
            #(#fields)*
            obj.end(out);
            ::std::result::Result::Ok(())
        }
    }
}

pub fn union(krate: &Crate, u: &Union) -> Tokens {
    let f = codec_fn(krate, "ser_", &u.id);
    let name = &path(&format!("crate::types::{}", u.name));
    let type_name = &u.name;
    let arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let key = json_key(&v.wire);
        if matches!(v.ty.kind, TyKind::Unit) {
            return toks!(#name::#n => { obj.key(out, #key); out.extend_from_slice(b"{}"); });
        }
        let write = write_value(krate, &v.ty, &toks!(v));
        toks!(#name::#n(v) => { obj.key(out, #key); #write })
    });
    toks! {
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

/// Statements writing the value `v` (a reference to a value of `ty`) to `out`.
fn write_value(krate: &Crate, ty: &Ty, v: &Tokens) -> Tokens {
    match &ty.kind {
        TyKind::Bool => toks!(crate::json::write_bool(out, *#v);),
        TyKind::Byte | TyKind::Short | TyKind::Int | TyKind::Long => toks!(crate::json::write_int(out, *#v);),
        TyKind::Float => toks!(crate::json::write_float(out, f64::from(*#v));),
        TyKind::Double => toks!(crate::json::write_float(out, *#v);),
        TyKind::String => toks!(crate::json::write_str(out, #v);),
        TyKind::Blob => toks!(crate::json::write_blob(out, #v);),
        TyKind::Timestamp(format) => {
            let format = timestamp_format(*format);
            toks!(crate::json::write_timestamp(out, #v, #format);)
        }
        TyKind::Document => toks!(crate::json::write_document(out, #v);),
        TyKind::BigNumber => toks!(crate::json::write_big(out, #v);),
        TyKind::Unit => toks!(out.extend_from_slice(b"{}");),
        TyKind::Named { id, kind: NamedKind::Struct | NamedKind::Union, .. } => {
            let f = codec_fn(krate, "ser_", id);
            toks!(#f(out, #v)?;)
        }
        TyKind::Named { kind: NamedKind::Enum, .. } => toks!(crate::json::write_str(out, #v.as_str());),
        TyKind::Named { kind: NamedKind::IntEnum, .. } => toks!(crate::json::write_int(out, #v.as_i32());),
        TyKind::List { member, sparse } => {
            let item = write_nullable(krate, member, *sparse);
            toks! {
                out.push(b'[');
                for (i, item) in #v.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    #item
                }
                out.push(b']');
            }
        }
        TyKind::Map { value, sparse, .. } => {
            let item = write_nullable(krate, value, *sparse);
            toks! {
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

fn write_nullable(krate: &Crate, ty: &Ty, sparse: bool) -> Tokens {
    let write = write_value(krate, ty, &toks!(item));
    if sparse {
        toks! {
            match item {
                ::std::option::Option::Some(item) => { #write }
                ::std::option::Option::None => out.extend_from_slice(b"null"),
            }
        }
    } else {
        write
    }
}

pub fn timestamp_format(f: TimestampFormat) -> Tokens {
    match f {
        TimestampFormat::EpochSeconds => toks!(crate::primitives::TimestampFormat::EpochSeconds),
        TimestampFormat::DateTime => toks!(crate::primitives::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => toks!(crate::primitives::TimestampFormat::HttpDate),
    }
}
