//! IR -> token streams. Each submodule emits one concern; this module holds the small
//! helpers they share (identifiers, paths, Rust types, doc attributes).
//!
//! Compiled where used: a crate generated for a whole service is mostly used for a few of
//! its operations, and Rust compiles a crate's non-generic public functions in that crate,
//! used or not. So every non-generic function written per shape or per operation
//! (accessors, builders, `Debug`, the `Operation` impls, the error impls, the client's
//! methods) is `#[inline]`: like generic code, it is compiled in the crate that calls it,
//! and only if it does. The codecs (`ser`, `de`, `validate`), shared by operations, stay
//! ordinary functions, compiled once in the generated crate.

pub mod client;
mod crate_files;
pub mod crate_root;
mod customize;
pub mod de;
pub mod errors;
pub mod operations;
mod rest;
pub mod ser;
mod serde_impls;
pub mod types;
pub mod validate;

use crate::ir::{Crate, Field, NamedKind, Presence, Ty, TyKind};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use crate::ir::Reach;
pub use crate_files::{crate_files, rust_jobs, Plan};

/// An identifier from an IR name (`r#type` is a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The identifier, when `tokens` are just one.
pub fn single_ident(tokens: &TokenStream) -> Option<Ident> {
    let mut trees = tokens.clone().into_iter();
    match (trees.next(), trees.next()) {
        (Some(proc_macro2::TokenTree::Ident(i)), None) => Some(i),
        _ => None,
    }
}

/// A path like `crate::types::Foo` as tokens.
pub fn path(p: &str) -> TokenStream {
    let segments = p.split("::").map(ident);
    quote!(#(#segments)::*)
}

/// `#[doc = ...]` attributes, one per line, which prettyplease prints as `///` comments.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// The first paragraph of a doc text, for the methods that repeat a member's docs next to
/// the field and setter that carry them whole; all of it when that paragraph opens a code
/// block, which cutting would leave unclosed.
pub fn summary(text: &str) -> &str {
    let first = text.split("\n\n").next().unwrap_or_default();
    if first.contains("```") || first.contains("~~~") {
        text
    } else {
        first
    }
}

/// `doc(text)`, or `doc(fallback())` where the model documents nothing: every public item
/// of a generated crate is documented (it warns on `missing_docs`).
pub fn doc_or(text: &str, fallback: impl FnOnce() -> String) -> TokenStream {
    if text.trim().is_empty() {
        doc(&fallback())
    } else {
        doc(text)
    }
}

/// `#![doc = ...]` attributes (crate or module documentation), printed as `//!` comments.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Doc lines with the leading space a `///` comment has.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    })
}

/// A byte-string literal of a JSON object key with its colon: `b"\"Name\":"`.
pub fn json_key(wire: &str) -> TokenStream {
    let mut key = Vec::new();
    key.extend_from_slice(serde_json::to_string(wire).unwrap_or_default().as_bytes());
    key.push(b':');
    let lit = proc_macro2::Literal::byte_string(&key);
    quote!(#lit)
}

/// The Rust type of a value of `ty` (never optional).
pub fn rust_type(ty: &Ty) -> TokenStream {
    match &ty.kind {
        TyKind::Bool => quote!(bool),
        TyKind::Byte => quote!(i8),
        TyKind::Short => quote!(i16),
        TyKind::Int => quote!(i32),
        TyKind::Long => quote!(i64),
        TyKind::Float => quote!(f32),
        TyKind::Double => quote!(f64),
        TyKind::String => quote!(::std::string::String),
        TyKind::Blob => quote!(::std::vec::Vec<u8>),
        TyKind::Timestamp(_) => quote!(crate::primitives::DateTime),
        TyKind::Document => quote!(crate::primitives::Document),
        TyKind::BigNumber => quote!(crate::primitives::BigNumber),
        TyKind::Unit => quote!(()),
        TyKind::Named { path: p, .. } => path(p),
        TyKind::List { .. } => {
            let m = list_item(ty);
            quote!(::std::vec::Vec<#m>)
        }
        TyKind::Map { .. } => {
            let v = map_value(ty);
            quote!(::std::collections::BTreeMap<::std::string::String, #v>)
        }
    }
}

/// A list's item type (`Option<T>` when sparse).
pub fn list_item(ty: &Ty) -> TokenStream {
    match &ty.kind {
        TyKind::List { member, sparse } => optional_if(rust_type(member), *sparse),
        _ => unreachable!("a list type"),
    }
}

/// A map's value type (`Option<V>` when sparse).
pub fn map_value(ty: &Ty) -> TokenStream {
    match &ty.kind {
        TyKind::Map { value, sparse, .. } => optional_if(rust_type(value), *sparse),
        _ => unreachable!("a map type"),
    }
}

fn optional_if(t: TokenStream, sparse: bool) -> TokenStream {
    if sparse {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// The type of a field's value, boxed when recursive (not wrapped in `Option`).
pub fn value_type(f: &Field) -> TokenStream {
    let t = rust_type(&f.ty);
    if f.boxed {
        quote!(::std::boxed::Box<#t>)
    } else {
        t
    }
}

/// The declared type of a struct field.
pub fn field_type(f: &Field) -> TokenStream {
    let t = value_type(f);
    match f.presence {
        Presence::Optional => quote!(::std::option::Option<#t>),
        Presence::Required | Presence::Default(_) => t,
    }
}

/// The function name of the struct or union `id` with a prefix (`ser_`, `de_`, ...).
pub fn codec_fn(krate: &Crate, prefix: &str, id: &str) -> Ident {
    let name = krate
        .structs
        .get(id)
        .map(|s| &s.fn_name)
        .or_else(|| krate.unions.get(id).map(|u| &u.fn_name))
        .unwrap_or_else(|| unreachable!("IR refers to unknown shape {id}"));
    ident(&format!("{prefix}{name}"))
}

/// The Rust expression of a `@default` value for `ty` (checked by the IR to fit exactly),
/// or `None` when it is the type's `Default`.
pub fn default_value(ty: &Ty, value: &serde_json::Value) -> Option<TokenStream> {
    use serde_json::Value as V;
    let number = |n: &serde_json::Number| n.to_string();
    let float = |t: TokenStream, text: &str| match text {
        "NaN" => quote!(::std::primitive::#t::NAN),
        "Infinity" => quote!(::std::primitive::#t::INFINITY),
        _ => quote!(::std::primitive::#t::NEG_INFINITY),
    };
    let tokens = match (&ty.kind, value) {
        (TyKind::Bool, V::Bool(b)) => quote!(#b),
        (TyKind::Byte | TyKind::Short | TyKind::Int | TyKind::Long, V::Number(n)) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            quote!(#lit)
        }
        (TyKind::Float, V::Number(n)) => {
            let lit = proc_macro2::Literal::f32_suffixed(number(n).parse().ok()?);
            quote!(#lit)
        }
        (TyKind::Double, V::Number(n)) => {
            let lit = proc_macro2::Literal::f64_suffixed(number(n).parse().ok()?);
            quote!(#lit)
        }
        (TyKind::Float, V::String(s)) => float(quote!(f32), s),
        (TyKind::Double, V::String(s)) => float(quote!(f64), s),
        (TyKind::String, V::String(s)) => quote!(::std::string::String::from(#s)),
        (TyKind::Blob, V::String(s)) => {
            let bytes = proc_macro2::Literal::byte_string(&crate::base64::base64_decode(s)?);
            quote!(#bytes.to_vec())
        }
        (TyKind::Timestamp(_), V::Number(_) | V::String(_)) => {
            let (secs, nanos) = match value {
                V::Number(n) => crate::ir::epoch_seconds(&number(n))?,
                _ => crate::ir::date_time_seconds(value.as_str()?)?,
            };
            quote!(crate::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        (TyKind::BigNumber, V::Number(n)) => {
            let s = number(n);
            quote!(crate::primitives::BigNumber::from_validated(::std::string::String::from(#s)))
        }
        (
            TyKind::Named {
                path: p,
                kind: NamedKind::Enum,
                ..
            },
            V::String(s),
        ) => {
            let p = path(p);
            quote!(#p::from(#s))
        }
        (
            TyKind::Named {
                path: p,
                kind: NamedKind::IntEnum,
                ..
            },
            V::Number(n),
        ) => {
            let p = path(p);
            let v = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            quote!(#p::from(#v))
        }
        (TyKind::Document, v) if !v.is_null() => document_literal(v),
        _ => return None,
    };
    // The type's own default is written as such (clippy prefers `unwrap_or_default`):
    // false, a zero number or timestamp, an empty string or blob.
    let is_default = match value {
        V::Bool(b) => !b,
        V::Number(n) => match ty.kind {
            TyKind::Named { .. } | TyKind::Document => false,
            // Kept as written: `0.0` stays `0.0`.
            TyKind::BigNumber => number(n) == "0",
            // Not `-0.0`, which is not the float's default.
            _ => {
                crate::decimal::compare(&number(n), "0") == Some(std::cmp::Ordering::Equal)
                    && !number(n).starts_with('-')
            }
        },
        V::String(s) => s.is_empty() && matches!(ty.kind, TyKind::String | TyKind::Blob),
        _ => false,
    };
    (!is_default).then_some(tokens)
}

/// A `Document` expression for a JSON value (`@default` of a document member).
fn document_literal(value: &serde_json::Value) -> TokenStream {
    let literal = |s: &str| {
        Ok::<_, std::convert::Infallible>(
            quote!(crate::primitives::Document::String(::std::string::String::from(#s))),
        )
    };
    document_tokens(value, &mut { literal }).unwrap_or_else(|never| match never {})
}

/// A JSON value as a `Document` expression; `string` renders each string as a `Document`
/// (a literal, or a template for endpoint properties).
pub fn document_tokens<E>(
    value: &serde_json::Value,
    string: &mut impl FnMut(&str) -> Result<TokenStream, E>,
) -> Result<TokenStream, E> {
    use serde_json::Value as V;
    let doc = quote!(crate::primitives::Document);
    Ok(match value {
        V::Null => quote!(#doc::Null),
        V::Bool(b) => quote!(#doc::Bool(#b)),
        V::Number(n) => {
            let number = quote!(crate::primitives::Number);
            if let Some(u) = n.as_u64() {
                quote!(#doc::Number(#number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                quote!(#doc::Number(#number::NegInt(#i)))
            } else {
                let f = proc_macro2::Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                quote!(#doc::Number(#number::Float(#f)))
            }
        }
        V::String(s) => string(s)?,
        V::Array(items) => {
            let items = items
                .iter()
                .map(|i| document_tokens(i, string))
                .collect::<Result<Vec<_>, E>>()?;
            quote!(#doc::Array(::std::vec![#(#items),*]))
        }
        V::Object(map) if map.is_empty() => {
            quote!(#doc::Object(::std::collections::BTreeMap::new()))
        }
        V::Object(map) => {
            let keys = map.keys();
            let values = map
                .values()
                .map(|v| document_tokens(v, string))
                .collect::<Result<Vec<_>, E>>()?;
            quote!(#doc::Object(::std::collections::BTreeMap::from([#((::std::string::String::from(#keys), #values)),*])))
        }
    })
}

/// The zero value of an enum type, which has no `Default`: the value Smithy's error
/// correction gives a required enum the response left out (an unknown empty string, or
/// intEnum 0). `None` for the other types, whose zero is their `Default`.
pub fn enum_zero(ty: &Ty) -> Option<TokenStream> {
    match &ty.kind {
        TyKind::Named {
            path: p,
            kind: NamedKind::Enum,
            ..
        } => {
            let p = path(p);
            Some(quote!(#p::from("")))
        }
        TyKind::Named {
            path: p,
            kind: NamedKind::IntEnum,
            ..
        } => {
            let p = path(p);
            Some(quote!(#p::from(0)))
        }
        _ => None,
    }
}

/// `local` (an `Option` of a value of `ty`) or the type's zero value.
pub fn or_zero(local: TokenStream, ty: &Ty) -> TokenStream {
    match enum_zero(ty) {
        Some(zero) => quote!(#local.unwrap_or_else(|| #zero)),
        None => quote!(#local.unwrap_or_default()),
    }
}

/// The value of a member a message leaves out: `None`, its `@default` or its zero.
pub fn absent_value(f: &Field) -> TokenStream {
    let zero = || enum_zero(&f.ty).unwrap_or_else(|| quote!(::std::default::Default::default()));
    match &f.presence {
        Presence::Optional => quote!(::std::option::Option::None),
        Presence::Required => zero(),
        Presence::Default(v) => match default_value(&f.ty, v) {
            Some(d) if f.boxed => quote!(::std::boxed::Box::new(#d)),
            Some(d) => d,
            None => zero(),
        },
    }
}

/// `local.unwrap_or(..)` for a `@default` member: `unwrap_or_default()` for the type's
/// own default, a plain value for literals, a closure for values that allocate.
pub fn or_default(local: TokenStream, f: &Field, value: &serde_json::Value) -> TokenStream {
    let Some(d) = default_value(&f.ty, value) else {
        return or_zero(local, &f.ty);
    };
    // A document's `true`, number or `null` allocates nothing either.
    let cheap = f.ty.kind.is_scalar()
        || (f.ty.kind == TyKind::Document
            && !(value.is_string() || value.is_array() || value.is_object()));
    if f.boxed {
        quote!(#local.unwrap_or_else(|| ::std::boxed::Box::new(#d)))
    } else if cheap {
        quote!(#local.unwrap_or(#d))
    } else {
        quote!(#local.unwrap_or_else(|| #d))
    }
}
