//! Structures (with builders), enums and unions.

use super::{
    default_value, doc, doc_or, enum_zero, field_type, ident, list_item, map_value, or_zero,
    rust_type, summary, value_type,
};
use crate::ir::{Enum, EnumValue, Field, Presence, Struct, TyKind, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::borrow::Cow;

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A struct definition, its builder, and (for error structures) the metadata field.
pub fn structure(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let builder = ident(&s.builder);
    let docs = doc_or(&s.doc, || format!("The `{}` structure.", s.name));
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let t = field_type(f);
        let d = doc(&member_doc(f));
        quote!(#d pub #n: #t,)
    });
    // An error's message member is read by its `message()` (see `errors::error_impls`).
    let getters = s
        .fields
        .iter()
        .filter(|f| s.error.is_none() || !f.is_error_message())
        .map(getter);
    let meta_field = s.error.as_ref().map(|_| {
        quote! {
            /// What the response said besides the modelled members (code, message, request id).
            pub meta: crate::meta::ErrorMetadata,
        }
    });
    // `Debug` is written out only where it redacts; derived, it prints the same.
    let redacts = s.sensitive || s.fields.iter().any(|f| f.sensitive);
    let debug = redacts.then(|| debug_impl(&name, s));
    let builder_debug = redacts.then(|| debug_impl(&builder, s));
    let derive_debug = (!redacts).then(|| quote!(Debug,));
    let builder_fields = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let t = value_type(f);
        quote!(#n: ::std::option::Option<#t>,)
    });
    let setters = s.fields.iter().map(setter);
    let (build_ret, build_body) = build_fn(s);
    let meta_setter = s.error.as_ref().map(|_| {
        quote! {
            /// Sets the error metadata.
            #[inline]
            pub fn meta(mut self, meta: crate::meta::ErrorMetadata) -> Self {
                self.meta = meta;
                self
            }
        }
    });
    let builder_meta = s
        .error
        .as_ref()
        .map(|_| quote!(meta: crate::meta::ErrorMetadata,));
    let (derive_default, default_impl) = match default_impl(s) {
        Some(manual) => (None, Some(manual)),
        None => (Some(quote!(Default)), None),
    };
    // `struct@`: a structure may be named like a derive macro (`Debug`).
    let builder_doc = format!(" A builder for [`{0}`](struct@{0}).", s.name);
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        #default_impl

        impl #name {
            #(#getters)*
            /// A builder for this type.
            #[inline]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #debug

        #[doc = #builder_doc]
        #[derive(#derive_debug Clone, PartialEq, Default)]
        pub struct #builder {
            #(#builder_fields)*
            #builder_meta
        }

        impl #builder {
            #(#setters)*
            #meta_setter
            #[inline]
            #build_ret {
                #build_body
            }
        }

        #builder_debug
    }
}

/// `Default` written out for a structure whose derived one would not compile or would be
/// wrong: a required enum member (enums have no `Default`) takes the enum's zero value, a
/// `@default` member its model default. `None` when deriving is right.
fn default_impl(s: &Struct) -> Option<TokenStream> {
    let values: Vec<Option<TokenStream>> = s
        .fields
        .iter()
        .map(|f| match &f.presence {
            Presence::Optional => None,
            Presence::Required => enum_zero(&f.ty),
            Presence::Default(v) => {
                let value = default_value(&f.ty, v).or_else(|| enum_zero(&f.ty));
                match value {
                    Some(value) if f.boxed => Some(quote!(::std::boxed::Box::new(#value))),
                    value => value,
                }
            }
        })
        .collect();
    if values.iter().all(Option::is_none) {
        return None;
    }
    let name = ident(&s.name);
    let inits = s.fields.iter().zip(values).map(|(f, value)| {
        let n = ident(&f.name);
        let value = value.unwrap_or_else(|| quote!(::std::default::Default::default()));
        quote!(#n: #value,)
    });
    let meta = s
        .error
        .as_ref()
        .map(|_| quote!(meta: ::std::default::Default::default(),));
    Some(quote! {
        impl ::std::default::Default for #name {
            #[inline]
            fn default() -> Self {
                #name { #(#inits)* #meta }
            }
        }
    })
}

/// A structure's getter, as aws-sdk-rust lends members: strings as `&str`, blobs and lists
/// as slices (an unset optional list as an empty one), numbers and booleans by value,
/// anything else by reference; in an `Option` where the member is optional (but lists).
fn getter(f: &Field) -> TokenStream {
    let n = ident(&f.name);
    let d = doc(summary(&member_doc(f)));
    let t = rust_type(&f.ty);
    // The return type and body for a required member, then for an optional one.
    let (required, optional) = match &f.ty.kind {
        kind if kind.is_scalar() => ((t.clone(), quote!(self.#n)), (t, quote!(self.#n))),
        TyKind::String => (
            (quote!(&str), quote!(self.#n.as_str())),
            (quote!(&str), quote!(self.#n.as_deref())),
        ),
        TyKind::Blob => (
            (quote!(&[u8]), quote!(self.#n.as_slice())),
            (quote!(&[u8]), quote!(self.#n.as_deref())),
        ),
        TyKind::List { .. } => {
            let item = list_item(&f.ty);
            let body = match f.presence {
                Presence::Optional => quote!(self.#n.as_deref().unwrap_or_default()),
                _ => quote!(self.#n.as_slice()),
            };
            return quote! {
                #d
                #[inline]
                pub fn #n(&self) -> &[#item] {
                    #body
                }
            };
        }
        // A boxed member derefs to `&T`.
        _ if f.boxed => (
            (quote!(&#t), quote!(&self.#n)),
            (quote!(&#t), quote!(self.#n.as_deref())),
        ),
        _ => (
            (quote!(&#t), quote!(&self.#n)),
            (quote!(&#t), quote!(self.#n.as_ref())),
        ),
    };
    let (ty, body) = match f.presence {
        Presence::Optional => {
            let (t, body) = optional;
            (quote!(::std::option::Option<#t>), body)
        }
        _ => required,
    };
    quote! {
        #d
        #[inline]
        pub fn #n(&self) -> #ty {
            #body
        }
    }
}

fn setter(f: &Field) -> TokenStream {
    let n = ident(&f.name);
    let set = ident(&format!("set_{}", f.method));
    let get = ident(&format!("get_{}", f.method));
    let d = &doc(&member_doc(f));
    let vt = value_type(f);
    let one = match &f.ty.kind {
        // aws-sdk-rust's shape: `x(item)` appends to a list, `x(k, v)` inserts into a map;
        // `set_x` replaces the whole collection.
        TyKind::List { .. } => {
            let t = list_item(&f.ty);
            quote! {
                #d
                ///
                /// Appends one item; `set_` replaces the whole list.
                pub fn #n(mut self, item: impl ::std::convert::Into<#t>) -> Self {
                    self.#n.get_or_insert_with(::std::vec::Vec::new).push(item.into());
                    self
                }
            }
        }
        TyKind::Map { .. } => {
            let v = map_value(&f.ty);
            quote! {
                #d
                ///
                /// Inserts one entry; `set_` replaces the whole map.
                pub fn #n(
                    mut self,
                    key: impl ::std::convert::Into<::std::string::String>,
                    value: impl ::std::convert::Into<#v>,
                ) -> Self {
                    self.#n
                        .get_or_insert_with(::std::default::Default::default)
                        .insert(key.into(), value.into());
                    self
                }
            }
        }
        _ => {
            let t = rust_type(&f.ty);
            let wrap = if f.boxed {
                quote!(::std::boxed::Box::new(value.into()))
            } else {
                quote!(value.into())
            };
            quote! {
                #d
                pub fn #n(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                    self.#n = ::std::option::Option::Some(#wrap);
                    self
                }
            }
        }
    };
    let set_doc = format!(" Sets or unsets {}.", method_link(&f.name));
    let get_doc = format!(
        " What {} or [`{set}`](Self::{set}) set.",
        method_link(&f.name)
    );
    quote! {
        #one
        #[doc = #set_doc]
        #[inline]
        pub fn #set(mut self, value: ::std::option::Option<#vt>) -> Self {
            self.#n = value;
            self
        }
        #[doc = #get_doc]
        #[inline]
        pub fn #get(&self) -> &::std::option::Option<#vt> {
            &self.#n
        }
    }
}

/// A member's docs, or a line naming it where the model has none.
fn member_doc(f: &Field) -> Cow<'_, str> {
    if f.doc.trim().is_empty() {
        Cow::Owned(format!("The `{}` member.", f.wire))
    } else {
        Cow::Borrowed(&f.doc)
    }
}

/// A doc link to the builder method `name`; a raw identifier (`r#type`) is named without
/// a link, which rustdoc would not resolve.
fn method_link(name: &str) -> String {
    match name.strip_prefix("r#") {
        Some(bare) => format!("`{bare}`"),
        None => format!("[`{name}`](Self::{name})"),
    }
}

/// `build()`: infallible unless the structure has required members or is an operation's
/// input.
fn build_fn(s: &Struct) -> (TokenStream, TokenStream) {
    let name = ident(&s.name);
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        match &f.presence {
            Presence::Optional => quote!(#n: self.#n,),
            Presence::Required => {
                let value = or_zero(quote!(self.#n), &f.ty);
                quote!(#n: #value,)
            }
            Presence::Default(v) => {
                let value = super::or_default(quote!(self.#n), f, v);
                quote!(#n: #value,)
            }
        }
    });
    // A hand-built error (a test's, a mock's) reports the model's code and status.
    let meta = s
        .error
        .as_ref()
        .map(|_| quote!(meta: self.meta.or_modeled::<#name>(),));
    let required: Vec<_> = s
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .collect();
    let value = quote!(#name { #(#inits)* #meta });
    if required.is_empty() && !s.input {
        return (
            quote! {
                /// Builds the value.
                pub fn build(self) -> #name
            },
            value,
        );
    }
    let checks = required.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        quote!(if self.#n.is_none() { missing.push(#wire); })
    });
    let type_name = &s.name;
    (
        {
            let doc = doc(if s.input {
                "Builds the value; fails naming every required member that was not set.\nAn operation's input always returns a `Result`, so a required member added\nto the model keeps this signature."
            } else {
                "Builds the value; fails naming every required member that was not set."
            });
            quote! {
                #doc
                pub fn build(self) -> ::std::result::Result<#name, crate::meta::BuildError>
            }
        },
        if required.is_empty() {
            quote!(::std::result::Result::Ok(#value))
        } else {
            quote! {
                let mut missing = ::std::vec::Vec::new();
                #(#checks)*
                crate::meta::BuildError::check(#type_name, missing)?;
                ::std::result::Result::Ok(#value)
            }
        },
    )
}

/// `Debug` that prints `*** Sensitive Data Redacted ***` for sensitive members (all of
/// them when the structure itself is sensitive).
/// The structure and its builder have fields of the same names, so one impl shape serves both.
fn debug_impl(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let label = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let wire = f.name.trim_start_matches("r#");
        if s.sensitive || f.sensitive {
            quote!(.field(#wire, &#REDACTED))
        } else {
            let n = ident(&f.name);
            quote!(.field(#wire, &self.#n))
        }
    });
    let meta = s.error.as_ref().map(|_| quote!(.field("meta", &self.meta)));
    quote! {
        impl ::std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* #meta .finish()
            }
        }
    }
}

pub fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc_or(&e.doc, || format!("The values of `{}`.", e.name));
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.variants.iter().map(|v| {
        doc_or(&v.doc, || match &v.value {
            EnumValue::String(value) => format!("`{value}`."),
            EnumValue::Int(value) => format!("`{value}` (`{}`).", v.member),
        })
    });
    let raw_ty = if e.int {
        quote!(i32)
    } else {
        quote!(::std::string::String)
    };
    // No `Default`: an enum has no natural value, and a made-up `Unknown("")` would pass
    // for one received (structures fill a required enum with it, see `zero`).
    let unknown_doc = " A value this version of the crate does not know, kept as received.";
    let head = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #[doc = #unknown_doc]
            Unknown(crate::primitives::UnknownVariantValue<#raw_ty>),
        }
    };
    if e.int {
        let values: Vec<_> = e
            .variants
            .iter()
            .map(|v| match v.value {
                EnumValue::Int(i) => proc_macro2::Literal::i32_unsuffixed(i as i32),
                EnumValue::String(_) => unreachable!("intEnum has integer values"),
            })
            .collect();
        return quote! {
            #head
            impl #name {
                /// The value on the wire.
                #[inline]
                pub fn as_i32(&self) -> i32 {
                    match self {
                        #(#name::#variants => #values,)*
                        #name::Unknown(v) => v.value(),
                    }
                }
            }
            impl ::std::convert::From<i32> for #name {
                #[inline]
                fn from(value: i32) -> Self {
                    match value {
                        #(#values => #name::#variants,)*
                        other => #name::Unknown(crate::primitives::UnknownVariantValue::new(other)),
                    }
                }
            }
        };
    }
    let values: Vec<String> = e
        .variants
        .iter()
        .map(|v| match &v.value {
            EnumValue::String(s) => s.clone(),
            EnumValue::Int(i) => i.to_string(),
        })
        .collect();
    quote! {
        #head
        impl #name {
            /// The value on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variants => #values,)*
                    #name::Unknown(v) => v.as_str(),
                }
            }

            /// Every value this version of the crate knows.
            #[inline]
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }
        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #(#values => #name::#variants,)*
                    other => #name::Unknown(crate::primitives::UnknownVariantValue::new(::std::string::String::from(other))),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }
        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

pub fn union(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let docs = doc_or(&u.doc, || {
        format!("The `{}` union: one of its variants.", u.name)
    });
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let d = doc(&member_doc(v));
        if matches!(v.ty.kind, crate::ir::TyKind::Unit) {
            quote!(#d #n,)
        } else {
            let t = value_type(v);
            quote!(#d #n(#t),)
        }
    });
    let debug_arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let label = &v.name;
        if matches!(v.ty.kind, crate::ir::TyKind::Unit) {
            quote!(#name::#n => f.write_str(#label),)
        } else if u.sensitive || v.sensitive {
            quote!(#name::#n(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),)
        } else {
            quote!(#name::#n(v) => f.debug_tuple(#label).field(v).finish(),)
        }
    });
    let accessors = u
        .variants
        .iter()
        .filter(|v| !matches!(v.ty.kind, crate::ir::TyKind::Unit))
        .map(|v| {
            let n = ident(&v.name);
            let as_fn = ident(&format!("as_{}", v.method));
            let is_fn = ident(&format!("is_{}", v.method));
            // A boxed variant's value is lent as `&T`, not `&Box<T>`.
            let t = rust_type(&v.ty);
            let doc_as = format!(" The value, if this is [`{}::{}`].", u.name, v.name);
            quote! {
                #[doc = #doc_as]
                #[inline]
                pub fn #as_fn(&self) -> ::std::option::Option<&#t> {
                    match self {
                        #name::#n(v) => ::std::option::Option::Some(v),
                        _ => ::std::option::Option::None,
                    }
                }
                /// True for this variant.
                #[inline]
                pub fn #is_fn(&self) -> bool {
                    self.#as_fn().is_some()
                }
            }
        });
    let unknown_label = "Unknown";
    quote! {
        #docs
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know (its name is kept); it
            /// cannot be sent.
            Unknown(::std::string::String),
        }

        impl #name {
            #(#accessors)*
            /// True when the value holds a member this crate does not know.
            #[inline]
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        impl ::std::default::Default for #name {
            #[inline]
            fn default() -> Self {
                #name::Unknown(::std::string::String::new())
            }
        }

        impl ::std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    #name::Unknown(v) => f.debug_tuple(#unknown_label).field(v).finish(),
                }
            }
        }
    }
}
