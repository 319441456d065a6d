//! Client-side checks of `@length`, `@range` and (behind the `pattern-validation`
//! feature) `@pattern`, emitted only for sent shapes that have something to check.

mod range;

use super::{codec_fn, ident, path};
use crate::ir::{Crate, NamedKind, Presence, Struct, Ty, TyKind, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Decides which structs/unions need a validator and numbers the distinct patterns.
pub struct Validation {
    needs: BTreeSet<String>,
    pub patterns: BTreeMap<String, usize>,
    /// Some big number has a `@range`, checked with the crate's `decimal` module.
    pub decimal: bool,
}

impl Validation {
    pub fn of(krate: &Crate, sent: &BTreeSet<String>) -> Validation {
        let mut v = Validation {
            needs: BTreeSet::new(),
            patterns: BTreeMap::new(),
            decimal: false,
        };
        // Iterate to a fixed point: a shape needs a validator when a field has constraints
        // or leads to a shape that needs one.
        loop {
            let before = v.needs.len();
            for id in sent {
                if v.needs.contains(id) {
                    continue;
                }
                let fields = fields_of(krate, id);
                if fields.iter().any(|f| v.ty_needs(&f.ty)) {
                    v.needs.insert(id.clone());
                }
            }
            if v.needs.len() == before {
                break;
            }
        }
        for id in sent {
            for f in fields_of(krate, id) {
                f.ty.visit(&mut |ty| v.collect(ty));
            }
        }
        v
    }

    fn collect(&mut self, ty: &Ty) {
        if let Some(p) = &ty.constraints.pattern {
            let next = self.patterns.len();
            self.patterns.entry(p.clone()).or_insert(next);
        }
        self.decimal |= ty.kind == TyKind::BigNumber && ty.constraints.range.is_some();
    }

    pub fn needs(&self, id: &str) -> bool {
        self.needs.contains(id)
    }

    fn ty_needs(&self, ty: &Ty) -> bool {
        let c = &ty.constraints;
        c.length.is_some()
            || c.pattern.is_some()
            || c.range.as_ref().is_some_and(|(min, max)| {
                range::is_checked(&ty.kind, min.as_deref(), max.as_deref())
            })
            || match &ty.kind {
                TyKind::Named {
                    id,
                    kind: NamedKind::Struct | NamedKind::Union,
                    ..
                } => self.needs.contains(id),
                TyKind::List { member, .. } => self.ty_needs(member),
                TyKind::Map { key, value, .. } => self.ty_needs(key) || self.ty_needs(value),
                _ => false,
            }
    }

    pub fn structure(&self, krate: &Crate, s: &Struct) -> TokenStream {
        let f = codec_fn(krate, "validate_", &s.id);
        let ty = path(&format!("{}::{}", s.module.path(), s.name));
        let checks = s
            .fields
            .iter()
            .filter(|field| self.ty_needs(&field.ty))
            .map(|field| {
                let n = ident(&field.name);
                let wire = &field.wire;
                let check = self.check(krate, &field.ty, &quote!(v));
                let unbox = field.boxed.then(|| quote!(let v = v.as_ref();));
                let checks = quote! {
                    #unbox
                    p.push_field(#wire);
                    #check
                    p.pop();
                };
                match field.presence {
                    Presence::Optional => quote! {
                        if let ::std::option::Option::Some(v) = &input.#n {
                            #checks
                        }
                    },
                    _ => quote!({
                        let v = &input.#n;
                        #checks
                    }),
                }
            });
        quote! {
            pub(crate) fn #f(input: &#ty, p: &mut crate::meta::Path) -> ::std::result::Result<(), crate::meta::ValidationError> {
                #(#checks)*
                ::std::result::Result::Ok(())
            }
        }
    }

    pub fn union(&self, krate: &Crate, u: &Union) -> TokenStream {
        let f = codec_fn(krate, "validate_", &u.id);
        let name = &path(&format!("crate::types::{}", u.name));
        let arms = u.variants.iter().filter(|v| self.ty_needs(&v.ty)).map(|v| {
            let n = ident(&v.name);
            let wire = &v.wire;
            let check = self.check(krate, &v.ty, &quote!(v));
            quote!(#name::#n(v) => {
                p.push_field(#wire);
                #check
                p.pop();
            })
        });
        quote! {
            pub(crate) fn #f(input: &#name, p: &mut crate::meta::Path) -> ::std::result::Result<(), crate::meta::ValidationError> {
                #[allow(clippy::single_match)]
                match input {
                    #(#arms)*
                    _ => {}
                }
                ::std::result::Result::Ok(())
            }
        }
    }

    /// Statements checking `v` (a reference to a value of `ty`) with the path `p`.
    fn check(&self, krate: &Crate, ty: &Ty, v: &TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        // An enum's constraints apply to its wire string (the loader allows `@length` and
        // `@pattern` on strings, enums, and for length blobs, lists and maps only).
        let text = match ty.kind {
            TyKind::Named {
                kind: NamedKind::Enum,
                ..
            } => quote!(#v.as_str()),
            _ => quote!(#v),
        };
        if let Some((min, max)) = ty.constraints.length {
            let len = match ty.kind {
                TyKind::String | TyKind::Named { .. } => quote!(#text.chars().count()),
                _ => quote!(#v.len()),
            };
            let (min, max) = (opt_u64(min), opt_u64(max));
            out.extend(quote!(p.check_length(#len, #min, #max)?;));
        }
        if let Some((min, max)) = &ty.constraints.range {
            out.extend(range::checks(&ty.kind, v, min.as_deref(), max.as_deref()));
        }
        if let Some(pattern) = &ty.constraints.pattern {
            let index = self.patterns[pattern];
            out.extend(quote!(check_pattern(p, #text, #index)?;));
        }
        match &ty.kind {
            TyKind::Named {
                id,
                kind: NamedKind::Struct | NamedKind::Union,
                ..
            } if self.needs.contains(id) => {
                let f = codec_fn(krate, "validate_", id);
                out.extend(quote!(#f(#v, p)?;));
            }
            TyKind::List { member, sparse } if self.ty_needs(member) => {
                let inner = self.check(krate, member, &quote!(item));
                let body = if *sparse {
                    quote!(if let ::std::option::Option::Some(item) = item { #inner })
                } else {
                    inner
                };
                out.extend(quote! {
                    for (i, item) in #v.iter().enumerate() {
                        p.push_index(i);
                        #body
                        p.pop();
                    }
                });
            }
            TyKind::Map { key, value, sparse } if self.ty_needs(key) || self.ty_needs(value) => {
                let key_check = self.check(krate, key, &quote!(key));
                let inner = self.check(krate, value, &quote!(item));
                let value_checked = !inner.is_empty();
                let body = if *sparse {
                    quote!(if let ::std::option::Option::Some(item) = item { #inner })
                } else {
                    inner
                };
                let pattern = match (key_check.is_empty(), value_checked) {
                    (true, _) => quote!(item in #v.values()),
                    (false, false) => quote!(key in #v.keys()),
                    (false, true) => quote!((key, item) in #v),
                };
                out.extend(quote! {
                    for #pattern {
                        p.push_key();
                        #key_check
                        #body
                        p.pop();
                    }
                });
            }
            _ => {}
        }
        out
    }

    /// The validators' entry to `@pattern` checks, a no-op without the feature.
    pub fn pattern_hook(&self) -> TokenStream {
        if self.patterns.is_empty() {
            return TokenStream::new();
        }
        quote! {
            fn check_pattern(p: &crate::meta::Path, value: &str, index: usize) -> ::std::result::Result<(), crate::meta::ValidationError> {
                #[cfg(feature = "pattern-validation")]
                return crate::pattern::check(p, value, index);
                #[cfg(not(feature = "pattern-validation"))]
                {
                    let _ = (p, value, index);
                    ::std::result::Result::Ok(())
                }
            }
        }
    }

    /// `src/pattern.rs`: the model's patterns compiled once each, on first use.
    pub fn pattern_module(&self) -> TokenStream {
        let mut ordered: Vec<(&String, &usize)> = self.patterns.iter().collect();
        ordered.sort_by_key(|(_, i)| **i);
        let patterns = ordered.iter().map(|(p, _)| p.as_str());
        let count = ordered.len();
        quote! {
            //! `@pattern` checks, compiled on first use with the `regex` crate, whose default
            //! Unicode tables support the `\p{L}` classes and Unicode `\w` the model uses.

            use ::std::sync::OnceLock;

            const PATTERNS: [&str; #count] = [#(#patterns),*];

            static COMPILED: [OnceLock<::std::option::Option<::regex::Regex>>; #count] = [const { OnceLock::new() }; #count];

            pub(crate) fn check(p: &crate::meta::Path, value: &str, index: usize) -> ::std::result::Result<(), crate::meta::ValidationError> {
                let re = COMPILED[index].get_or_init(|| ::regex::Regex::new(PATTERNS[index]).ok());
                match re {
                    ::std::option::Option::Some(re) if !re.is_match(value) => {
                        ::std::result::Result::Err(p.error(::std::format!("does not match the pattern {}", PATTERNS[index])))
                    }
                    _ => ::std::result::Result::Ok(()),
                }
            }
        }
    }
}

fn fields_of<'k>(krate: &'k Crate, id: &str) -> &'k [crate::ir::Field] {
    krate
        .structs
        .get(id)
        .map(|s| &s.fields[..])
        .or_else(|| krate.unions.get(id).map(|u| &u.variants[..]))
        .unwrap_or(&[])
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}
