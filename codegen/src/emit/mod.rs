//! IR -> token streams. Each submodule emits one concern; this module holds the small
//! helpers they share (identifiers, paths, Rust types, doc attributes).

pub mod client;
pub mod de;
pub mod endpoint_cases;
pub mod endpoint_values;
pub mod endpoints;
pub mod errors;
pub mod operations;
pub mod ser;
pub mod types;
pub mod validate;

use crate::ir::{Crate, Field, NamedKind, Presence, Ty, TyKind};
use crate::tokens::{Ident, Token, Tokens};
use crate::tokens::toks;

pub use crate::ir::Reach;

/// An identifier from an IR name (`r#type` is a raw identifier).
pub fn ident(name: &str) -> Ident {
    Ident::new(name)
}

/// A path like `crate::types::Foo` as tokens.
pub fn path(p: &str) -> Tokens {
    let segments = p.split("::").map(ident);
    toks!(#(#segments)::*)
}

/// Doc lines with the leading space a `///` comment has.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })
}

/// `#[doc = ...]` attributes, one per line, which `format` prints as `///` comments.
pub fn doc(text: &str) -> Tokens {
    doc_attributes(text, false)
}

/// `#![doc = ...]` attributes (crate or module documentation).
pub fn inner_doc(text: &str) -> Tokens {
    doc_attributes(text, true)
}

fn doc_attributes(text: &str, inner: bool) -> Tokens {
    let mut out = Tokens::new();
    for text in doc_lines(text) {
        out.push(Token::Doc { inner, text: text.into() });
    }
    out
}

/// A byte-string literal of a JSON object key with its colon: `b"\"Name\":"`.
pub fn json_key(wire: &str) -> Tokens {
    let mut key = Vec::new();
    key.extend_from_slice(serde_json::to_string(wire).unwrap_or_default().as_bytes());
    key.push(b':');
    let lit = crate::tokens::Literal::byte_string(&key);
    toks!(#lit)
}

/// The Rust type of a value of `ty` (never optional).
pub fn rust_type(ty: &Ty) -> Tokens {
    match &ty.kind {
        TyKind::Bool => toks!(bool),
        TyKind::Byte => toks!(i8),
        TyKind::Short => toks!(i16),
        TyKind::Int => toks!(i32),
        TyKind::Long => toks!(i64),
        TyKind::Float => toks!(f32),
        TyKind::Double => toks!(f64),
        TyKind::String => toks!(::std::string::String),
        TyKind::Blob => toks!(::std::vec::Vec<u8>),
        TyKind::Timestamp(_) => toks!(crate::primitives::DateTime),
        TyKind::Document => toks!(crate::primitives::Document),
        TyKind::BigNumber => toks!(crate::primitives::BigNumber),
        TyKind::Unit => toks!(()),
        TyKind::Named { path: p, .. } => path(p),
        TyKind::List { member, sparse } => {
            let m = rust_type(member);
            if *sparse {
                toks!(::std::vec::Vec<::std::option::Option<#m>>)
            } else {
                toks!(::std::vec::Vec<#m>)
            }
        }
        TyKind::Map { value, sparse, .. } => {
            let v = rust_type(value);
            let v = if *sparse { toks!(::std::option::Option<#v>) } else { v };
            toks!(::std::collections::BTreeMap<::std::string::String, #v>)
        }
    }
}

/// The type of a field's value, boxed when recursive (not wrapped in `Option`).
pub fn value_type(f: &Field) -> Tokens {
    let t = rust_type(&f.ty);
    if f.boxed {
        toks!(::std::boxed::Box<#t>)
    } else {
        t
    }
}

/// The declared type of a struct field.
pub fn field_type(f: &Field) -> Tokens {
    let t = value_type(f);
    match f.presence {
        Presence::Optional => toks!(::std::option::Option<#t>),
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

/// The literal Rust expression of a `@default` value for `ty`.
pub fn default_value(ty: &Ty, value: &serde_json::Value) -> Tokens {
    use serde_json::Value as V;
    match (&ty.kind, value) {
        (TyKind::Bool, V::Bool(b)) => toks!(#b),
        (TyKind::Byte, V::Number(n)) => lit_int::<i8>(n),
        (TyKind::Short, V::Number(n)) => lit_int::<i16>(n),
        (TyKind::Int, V::Number(n)) => lit_int::<i32>(n),
        (TyKind::Long, V::Number(n)) => lit_int::<i64>(n),
        (TyKind::Float, V::Number(n)) => {
            let f = crate::tokens::Literal::f32_suffixed(n.as_f64().unwrap_or_default() as f32);
            toks!(#f)
        }
        (TyKind::Double, V::Number(n)) => {
            let f = crate::tokens::Literal::f64_suffixed(n.as_f64().unwrap_or_default());
            toks!(#f)
        }
        (TyKind::String, V::String(s)) => toks!(::std::string::String::from(#s)),
        (TyKind::Blob, V::String(s)) => toks!(crate::primitives::base64_decode(#s).unwrap_or_default()),
        (TyKind::Timestamp(_), V::Number(n)) => {
            let s = n.to_string();
            toks!(crate::primitives::DateTime::from_epoch_seconds_str(#s).unwrap_or_default())
        }
        (TyKind::BigNumber, V::Number(n)) => {
            let s = n.to_string();
            toks!(crate::primitives::BigNumber::parse(#s).unwrap_or_default())
        }
        (TyKind::Named { path: p, kind: NamedKind::Enum, .. }, V::String(s)) => {
            let p = path(p);
            toks!(#p::from(#s))
        }
        (TyKind::Named { path: p, kind: NamedKind::IntEnum, .. }, V::Number(n)) => {
            let p = path(p);
            let v = lit_int::<i32>(n);
            toks!(#p::from(#v))
        }
        (TyKind::Document, v) => document_literal(v),
        _ => toks!(::std::default::Default::default()),
    }
}

/// A `Document` expression for a JSON value (`@default` of a document member).
fn document_literal(value: &serde_json::Value) -> Tokens {
    let literal = |s: &str| Ok::<_, std::convert::Infallible>(toks!(crate::primitives::Document::String(::std::string::String::from(#s))));
    document_tokens(value, &mut { literal }).unwrap_or_else(|never| match never {})
}

/// A JSON value as a `Document` expression; `string` renders each string as a `Document`
/// (a literal, or a template for endpoint properties).
pub fn document_tokens<E>(value: &serde_json::Value, string: &mut impl FnMut(&str) -> Result<Tokens, E>) -> Result<Tokens, E> {
    use serde_json::Value as V;
    let doc = toks!(crate::primitives::Document);
    Ok(match value {
        V::Null => toks!(#doc::Null),
        V::Bool(b) => toks!(#doc::Bool(#b)),
        V::Number(n) => {
            let number = toks!(crate::primitives::Number);
            if let Some(u) = n.as_u64() {
                toks!(#doc::Number(#number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                toks!(#doc::Number(#number::NegInt(#i)))
            } else {
                let f = crate::tokens::Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                toks!(#doc::Number(#number::Float(#f)))
            }
        }
        V::String(s) => string(s)?,
        V::Array(items) => {
            let items = items.iter().map(|i| document_tokens(i, string)).collect::<Result<Vec<_>, E>>()?;
            toks!(#doc::Array(::std::vec![#(#items),*]))
        }
        V::Object(map) if map.is_empty() => toks!(#doc::Object(::std::collections::BTreeMap::new())),
        V::Object(map) => {
            let keys = map.keys();
            let values = map.values().map(|v| document_tokens(v, string)).collect::<Result<Vec<_>, E>>()?;
            toks!(#doc::Object(::std::collections::BTreeMap::from([#((::std::string::String::from(#keys), #values)),*])))
        }
    })
}

/// `local.unwrap_or(..)` for a `@default` member: a plain value for literals, a closure
/// for values that allocate.
pub fn or_default(local: Tokens, f: &Field, value: &serde_json::Value) -> Tokens {
    let d = default_value(&f.ty, value);
    let cheap = matches!(
        f.ty.kind,
        TyKind::Bool | TyKind::Byte | TyKind::Short | TyKind::Int | TyKind::Long | TyKind::Float | TyKind::Double
    );
    if f.boxed {
        toks!(#local.unwrap_or_else(|| ::std::boxed::Box::new(#d)))
    } else if cheap {
        toks!(#local.unwrap_or(#d))
    } else {
        toks!(#local.unwrap_or_else(|| #d))
    }
}

fn lit_int<T: TryFrom<i64> + Into<i64>>(n: &serde_json::Number) -> Tokens {
    let v: i64 = n.as_i64().and_then(|v| T::try_from(v).ok()).map(Into::into).unwrap_or_default();
    let lit = crate::tokens::Literal::i64_unsuffixed(v);
    toks!(#lit)
}
