//! `serde_impls.rs` of the generated crate (the `serde` feature): `Serialize` and
//! `Deserialize` for every model type, through the runtime's macros in `serde_wire.rs`.

use super::{codec_fn, ident, path};
use crate::ir::Crate;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// `tokens`: the crate has the idempotency token generator (see `ser::fills_tokens`).
pub fn module(krate: &Crate, tokens: bool) -> TokenStream {
    let enums = krate.enums.values().map(|e| {
        let ty = ident(&e.name);
        if e.int {
            quote!(crate::serde_wire::int_enum!(#ty);)
        } else {
            quote!(crate::serde_wire::string_enum!(#ty);)
        }
    });
    let codec = |id: &str, ty: TokenStream| {
        let ser = codec_fn(krate, "ser_", id);
        let de = codec_fn(krate, "de_", id);
        let fill = super::ser::fills_tokens(krate, id, tokens).then(|| quote!((false)));
        quote!(crate::serde_wire::codec!(#ty, #ser #fill, #de);)
    };
    let unions = krate
        .unions
        .values()
        .map(|u| codec(&u.id, path(&format!("types::{}", u.name))));
    let structs = serde_structs(krate)
        .into_iter()
        .map(|(id, ty)| codec(id, path(&ty)));
    quote! {
        //! `serde::Serialize` and `serde::Deserialize` for the model types: the JSON form
        //! of a value is its awsJson wire form.
        #(#enums)* #(#unions)* #(#structs)*
    }
}

/// The structures that get the impls, with their type's path from the crate root. Two
/// operations' inputs (or outputs) may be one Rust type (`Probe` and `Probe_` in
/// tests/fixtures/corpus/names.smithy): the first one's codec serves it.
pub fn serde_structs(krate: &Crate) -> BTreeMap<&str, String> {
    let mut seen = BTreeSet::new();
    krate
        .structs
        .values()
        .filter_map(|s| {
            let module = s.module.path();
            let ty = format!("{}::{}", module.trim_start_matches("crate::"), s.name);
            seen.insert(ty.clone()).then_some((s.id.as_str(), ty))
        })
        .collect()
}
