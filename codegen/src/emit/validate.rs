//! Client-side checks of `@length`, `@range` and (behind the `pattern-validation`
//! feature) `@pattern`, emitted only for sent shapes that have something to check.

mod range;

use super::{codec_fn, ident, path, rust_type};
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
    /// The distinct checks of single values (a string's length and pattern, a number's
    /// range), each emitted once as `check_{index}` and called by every member that has
    /// it: a model puts the same constrained shape (an id, a name) in many structures.
    leaves: BTreeMap<String, (usize, Ty)>,
}

impl Validation {
    pub fn of(krate: &Crate, sent: &BTreeSet<String>) -> Validation {
        let mut v = Validation {
            needs: BTreeSet::new(),
            patterns: BTreeMap::new(),
            decimal: false,
            leaves: BTreeMap::new(),
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
        for id in sent {
            for f in fields_of(krate, id) {
                v.share(&f.ty);
            }
        }
        v
    }

    /// Registers the value checks of `ty` as a shared function, if it is a single value
    /// with any.
    fn share(&mut self, ty: &Ty) {
        match &ty.kind {
            TyKind::List { member, .. } => return self.share(member),
            TyKind::Map { key, value, .. } => {
                self.share(&string_key(key));
                return self.share(value);
            }
            _ => {}
        }
        let Some(param) = value_param(ty) else {
            return;
        };
        let body = self.value_checks(ty, &quote!(v));
        if body.is_empty() {
            return;
        }
        let key = format!("{param} {body}");
        let next = self.leaves.len();
        self.leaves.entry(key).or_insert_with(|| (next, ty.clone()));
    }

    /// The shared value checks, in the order they were numbered.
    pub fn shared_checks(&self) -> TokenStream {
        let mut leaves: Vec<_> = self.leaves.values().collect();
        leaves.sort_by_key(|(i, _)| *i);
        let functions = leaves.into_iter().map(|(index, ty)| {
            let f = ident(&format!("check_{index}"));
            let param = value_param(ty);
            let body = self.value_checks(ty, &quote!(v));
            quote! {
                fn #f(p: &mut crate::meta::Path, at: Segment, v: #param) -> ::std::result::Result<(), crate::meta::ValidationError> {
                    p.push(at);
                    #body
                    p.pop();
                    ::std::result::Result::Ok(())
                }
            }
        });
        quote!(#(#functions)*)
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
                let at = quote!(Segment::Field(#wire));
                let check = self.check(krate, &field.ty, &quote!(v), &at);
                let unbox = field.boxed.then(|| quote!(let v = v.as_ref();));
                match field.presence {
                    Presence::Optional => quote! {
                        if let ::std::option::Option::Some(v) = &input.#n {
                            #unbox
                            #check
                        }
                    },
                    // A single value's check is one call, given the member in place.
                    _ if value_param(&field.ty).is_some() => {
                        self.check(krate, &field.ty, &quote!(&input.#n), &at)
                    }
                    _ => quote!({
                        let v = &input.#n;
                        #unbox
                        #check
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
            let check = self.check(krate, &v.ty, &quote!(v), &quote!(Segment::Field(#wire)));
            quote!(#name::#n(v) => { #check })
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

    /// Statements checking `v` (a reference to a value of `ty`) at the path `p` plus the
    /// segment `at`; none when nothing in `ty` has constraints.
    fn check(&self, krate: &Crate, ty: &Ty, v: &TokenStream, at: &TokenStream) -> TokenStream {
        if let Some(param) = value_param(ty) {
            let body = self.value_checks(ty, &quote!(v));
            return match self.leaves.get(&format!("{param} {body}")) {
                Some((index, _)) => {
                    let f = ident(&format!("check_{index}"));
                    quote!(#f(p, #at, #v)?;)
                }
                None => TokenStream::new(),
            };
        }
        let mut out = self.value_checks(ty, v);
        match &ty.kind {
            TyKind::Named {
                id,
                kind: NamedKind::Struct | NamedKind::Union,
                ..
            } if self.needs.contains(id) => {
                let f = codec_fn(krate, "validate_", id);
                out.extend(quote!(#f(#v, p)?;));
            }
            TyKind::List { member, sparse } => {
                let inner = self.check(krate, member, &quote!(item), &quote!(Segment::Index(i)));
                if !inner.is_empty() {
                    let body = if *sparse {
                        quote!(if let ::std::option::Option::Some(item) = item { #inner })
                    } else {
                        inner
                    };
                    out.extend(quote! {
                        for (i, item) in #v.iter().enumerate() {
                            #body
                        }
                    });
                }
            }
            TyKind::Map { key, value, sparse } => {
                let key_check =
                    self.check(krate, &string_key(key), &quote!(key), &quote!(Segment::Key));
                let inner = self.check(krate, value, &quote!(item), &quote!(Segment::Key));
                let body = if *sparse && !inner.is_empty() {
                    quote!(if let ::std::option::Option::Some(item) = item { #inner })
                } else {
                    inner.clone()
                };
                let pattern = match (key_check.is_empty(), inner.is_empty()) {
                    (true, true) => None,
                    (true, false) => Some(quote!(item in #v.values())),
                    (false, true) => Some(quote!(key in #v.keys())),
                    (false, false) => Some(quote!((key, item) in #v)),
                };
                if let Some(pattern) = pattern {
                    out.extend(quote! {
                        for #pattern {
                            #key_check
                            #body
                        }
                    });
                }
            }
            _ => {}
        }
        if out.is_empty() {
            return out;
        }
        quote! {
            p.push(#at);
            #out
            p.pop();
        }
    }

    /// The `@length`, `@range` and `@pattern` statements of `ty` itself, on `v`.
    fn value_checks(&self, ty: &Ty, v: &TokenStream) -> TokenStream {
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

/// A map key as the generated map holds it: a string, whatever shape the model gives it.
fn string_key(key: &Ty) -> Ty {
    Ty {
        kind: TyKind::String,
        ..key.clone()
    }
}

/// The parameter type of a shared check of a single value of `ty`; `None` for the
/// aggregates, whose checks recurse.
fn value_param(ty: &Ty) -> Option<TokenStream> {
    match &ty.kind {
        TyKind::String => Some(quote!(&str)),
        TyKind::Blob => Some(quote!(&[u8])),
        TyKind::List { .. }
        | TyKind::Map { .. }
        | TyKind::Named {
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => None,
        _ => {
            let ty = rust_type(ty);
            Some(quote!(&#ty))
        }
    }
}
