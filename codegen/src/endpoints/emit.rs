//! The `endpoint` module: the rule set as straight-line Rust (one `if` per condition, a
//! `return` per endpoint or error rule) and its `Params`. Expressions are emitted by
//! [`values`](super::values), the model's test cases by
//! [`cases`](super::cases).

use super::values::{variable, Scope, Ty, Val};
use crate::emit::{doc, ident};
use crate::endpoints::rules::{
    Condition, EndpointValue, Expr, Param, ParamType, Part, Rule, RuleBody, RuleSet,
};
use crate::error::Result;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;
use std::cell::Cell;

/// The whole `endpoint` module.
pub fn module(service: &str, rule_set: &RuleSet) -> Result<TokenStream> {
    let e = Emitter {
        service,
        closure_vars: Cell::new(0),
    };
    let params = params_struct(&rule_set.params);
    let mut scope: Scope = rule_set.params.iter().map(param_val).collect();
    let body = e.rule_list(&rule_set.rules, &mut scope, true)?;
    // Each parameter's field, named once for all the cases that set it.
    let fields: Vec<(&Param, Ident)> = rule_set
        .params
        .iter()
        .map(|p| (p, ident(&p.field)))
        .collect();
    let tests = rule_set
        .tests
        .iter()
        .enumerate()
        .map(|(i, t)| e.test_case(i, t, &fields))
        .collect::<Result<Vec<_>>>()?;
    let tests = (!tests.is_empty()).then(|| {
        quote! {
            /// The model's own endpoint test cases.
            #[cfg(test)]
            mod tests {
                use super::*;
                #(#tests)*
            }
        }
    });
    Ok(quote! {
        //! Endpoint resolution, generated from the service's endpoint rule set.
        pub use crate::endpoint_lib::{Endpoint, EndpointError};
        #params

        /// Resolves the endpoint for `params` by the service's rules.
        pub fn resolve(params: &Params) -> Result<Endpoint, EndpointError> {
            #body
        }
        #tests
    })
}

fn param_val(p: &Param) -> (String, Val) {
    let f = ident(&p.field);
    let opt = p.default.is_none();
    let ts = match (p.ty, opt) {
        (ParamType::Boolean, _) => quote!(params.#f),
        (ParamType::String | ParamType::StringArray, true) => quote!(params.#f.as_deref()),
        (ParamType::String, false) => quote!(params.#f.as_str()),
        (ParamType::StringArray, false) => quote!(params.#f.as_slice()),
    };
    let ty = match p.ty {
        ParamType::String => Ty::Str,
        ParamType::Boolean => Ty::Bool,
        ParamType::StringArray => Ty::StrArray,
    };
    (
        p.name.clone(),
        Val {
            ts,
            ty,
            opt,
            owned: false,
        },
    )
}

fn param_type(p: &Param) -> TokenStream {
    let t = match p.ty {
        ParamType::String => quote!(String),
        ParamType::Boolean => quote!(bool),
        ParamType::StringArray => quote!(Vec<String>),
    };
    if p.default.is_none() {
        quote!(Option<#t>)
    } else {
        t
    }
}

/// A parameter value (a default or a test case's value) as a Rust expression.
pub(super) fn param_literal(p: &Param, v: &Value) -> Option<TokenStream> {
    let value = match (p.ty, v) {
        (ParamType::String, Value::String(s)) => quote!(String::from(#s)),
        (ParamType::Boolean, Value::Bool(b)) => quote!(#b),
        (ParamType::StringArray, Value::Array(items)) => {
            let items = items
                .iter()
                .map(|i| i.as_str())
                .collect::<Option<Vec<_>>>()?;
            quote!(vec![#(String::from(#items)),*])
        }
        _ => return None,
    };
    Some(if p.default.is_none() {
        quote!(Some(#value))
    } else {
        value
    })
}

/// `Params`, its `Default` (the rule set's defaults) and chained setters.
fn params_struct(params: &[Param]) -> TokenStream {
    let fields = params.iter().map(|p| {
        let f = ident(&p.field);
        let t = param_type(p);
        let built_in = p
            .built_in
            .as_ref()
            .map(|b| format!(" (built-in `{b}`)"))
            .unwrap_or_default();
        let text = if p.doc.is_empty() {
            String::new()
        } else {
            format!(": {}", p.doc)
        };
        let d = doc(&format!("`{}`{built_in}{text}", p.name));
        quote!(#d pub #f: #t,)
    });
    let setters = params.iter().map(|p| {
        let f = ident(&p.field);
        let d = doc(&format!("Sets `{}`.", p.name));
        let (arg, value) = match p.ty {
            ParamType::String => (quote!(impl Into<String>), quote!(value.into())),
            ParamType::Boolean => (quote!(bool), quote!(value)),
            ParamType::StringArray => (quote!(Vec<String>), quote!(value)),
        };
        let value = if p.default.is_none() {
            quote!(Some(#value))
        } else {
            value
        };
        quote! {
            #d
            pub fn #f(mut self, value: #arg) -> Self {
                self.#f = #value;
                self
            }
        }
    });
    // Defaults equal to the type's own default derive `Default` (clippy asks for that).
    let plain = params.iter().all(|p| match &p.default {
        None => true,
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    });
    let default_impl = (!plain).then(|| {
        let inits = params.iter().map(|p| {
            let f = ident(&p.field);
            let v = p
                .default
                .as_ref()
                .and_then(|d| param_literal(p, d))
                .unwrap_or_else(|| quote!(None));
            quote!(#f: #v,)
        });
        quote! {
            impl Default for Params {
                fn default() -> Self {
                    Params { #(#inits)* }
                }
            }
        }
    });
    let derive = if plain {
        quote!(#[derive(Debug, Clone, Default, PartialEq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        /// The inputs of endpoint resolution, one per parameter of the rule set.
        #derive
        pub struct Params { #(#fields)* }
        #default_impl
        impl Params {
            #(#setters)*
        }
    }
}

/// Emits one rule set; errors name its service shape.
pub(super) struct Emitter<'a> {
    pub(super) service: &'a str,
    /// Numbers the closure parameters of `map` / `and_then` chains.
    pub(super) closure_vars: Cell<usize>,
}

/// What a condition wraps around the rest of its rule.
enum Wrap {
    If(TokenStream),
    IfLet(TokenStream, TokenStream),
    Let(TokenStream, TokenStream),
}

impl Emitter<'_> {
    /// The rules in order; the first that matches returns. `tail`: the list ends the
    /// function body, so its last value is not `return`ed.
    fn rule_list(&self, rules: &[Rule], scope: &mut Scope, tail: bool) -> Result<TokenStream> {
        let mut out = TokenStream::new();
        for rule in rules {
            let (tokens, always) = self.rule(rule, scope, tail)?;
            out.extend(tokens);
            if always {
                // Rules after one that always applies can never run.
                return Ok(out);
            }
        }
        let fallback = quote!(Err(EndpointError::new(
            "no endpoint rule matched the parameters"
        )));
        out.extend(if tail {
            fallback
        } else {
            quote!(return #fallback;)
        });
        Ok(out)
    }

    /// A rule, and whether it always applies (it has no condition that can be false).
    fn rule(&self, rule: &Rule, scope: &mut Scope, tail: bool) -> Result<(TokenStream, bool)> {
        let depth = scope.len();
        let mut wraps = Vec::new();
        for (i, c) in rule.conditions.iter().enumerate() {
            let used_later = |name: &str| {
                rule.conditions[i + 1..]
                    .iter()
                    .any(|c| expr_uses(&c.call, name))
                    || body_uses(&rule.body, name)
            };
            wraps.extend(self.condition(c, scope, &used_later)?);
        }
        let always = wraps.iter().all(|w| matches!(w, Wrap::Let(..)));
        let mut inner = self.body(&rule.body, scope, tail && always)?;
        scope.truncate(depth);
        // Adjacent boolean conditions share one `if` (clippy's collapsible_if).
        let mut merged: Vec<Wrap> = Vec::new();
        for w in wraps {
            match (merged.last_mut(), w) {
                (Some(Wrap::If(prev)), Wrap::If(cond)) => *prev = quote!(#prev && #cond),
                (_, w) => merged.push(w),
            }
        }
        for w in merged.into_iter().rev() {
            inner = match w {
                Wrap::If(cond) => quote!(if #cond { #inner }),
                Wrap::IfLet(pat, value) => quote!(if let Some(#pat) = #value { #inner }),
                Wrap::Let(name, value) => quote!({ let #name = #value; #inner }),
            };
        }
        Ok((inner, always))
    }

    fn condition(
        &self,
        c: &Condition,
        scope: &mut Scope,
        used_later: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Wrap>> {
        // `isSet(Param)` narrows the parameter to its value inside the rule.
        if let Expr::Call { name, args } = &c.call {
            if let (true, [Expr::Ref(r)]) = (name == "isSet", args.as_slice()) {
                let v = self.lookup(scope, r)?;
                if !v.opt {
                    return Ok(None);
                }
                let names: Vec<&str> = std::iter::once(r.as_str())
                    .chain(c.assign.as_deref())
                    .filter(|n| used_later(n))
                    .collect();
                if names.is_empty() {
                    let ts = &v.ts;
                    return Ok(Some(Wrap::If(quote!(#ts.is_some()))));
                }
                let var = variable(r);
                let bound = self.bound(&var, &v);
                for n in names {
                    scope.push((n.to_string(), bound.clone()));
                }
                return Ok(Some(Wrap::IfLet(quote!(#var), v.ts)));
            }
        }
        let v = self.expr(&c.call, scope)?;
        let assigned = c.assign.as_deref().filter(|n| used_later(n));
        let ts = &v.ts;
        if v.ty == Ty::Bool {
            if let Some(n) = assigned {
                scope.push((n.to_string(), Val::new(quote!(true), Ty::Bool)));
            }
            return Ok(Some(Wrap::If(if v.opt {
                quote!(#ts == Some(true))
            } else {
                ts.clone()
            })));
        }
        match (assigned, v.opt) {
            (Some(n), true) => {
                let var = variable(n);
                scope.push((n.to_string(), self.bound(&var, &v)));
                Ok(Some(Wrap::IfLet(quote!(#var), v.ts)))
            }
            (None, true) => Ok(Some(Wrap::If(quote!(#ts.is_some())))),
            (Some(n), false) => {
                let var = variable(n);
                scope.push((n.to_string(), self.bound(&var, &v)));
                Ok(Some(Wrap::Let(quote!(#var), v.ts)))
            }
            // A set value that is not a boolean is always true.
            (None, false) => Ok(None),
        }
    }

    fn body(&self, body: &RuleBody, scope: &mut Scope, tail: bool) -> Result<TokenStream> {
        let value = match body {
            RuleBody::Tree(rules) => return self.rule_list(rules, scope, tail),
            RuleBody::Error(message) => {
                let m = self.string_val(message, scope, "an error message")?.ts;
                quote!(Err(EndpointError::new(#m)))
            }
            RuleBody::Endpoint(ep) => {
                let ep = self.endpoint(ep, scope)?;
                quote!(Ok(#ep))
            }
        };
        Ok(if tail { value } else { quote!(return #value;) })
    }

    fn endpoint(&self, ep: &EndpointValue, scope: &Scope) -> Result<TokenStream> {
        let url = self.string_val(&ep.url, scope, "an endpoint URL")?.ts;
        let mut headers = Vec::new();
        for (name, values) in &ep.headers {
            let values = values
                .iter()
                .map(|v| self.string(v, scope, "a header value"))
                .collect::<Result<Vec<_>>>()?;
            headers.push((name.as_str(), quote!(vec![#(#values),*])));
        }
        let properties = ep
            .properties
            .iter()
            .map(|(k, v)| Ok((k.as_str(), self.document(v, Some(scope))?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(endpoint_struct(url, &headers, &properties))
    }

    /// A JSON value as a `Document`; with a scope, strings are templates.
    pub(super) fn document(&self, v: &Value, scope: Option<&Scope>) -> Result<TokenStream> {
        crate::emit::document_tokens(v, &mut |s: &str| match scope {
            Some(scope) => {
                let parts = crate::endpoints::rules::template(s).map_err(|m| self.err(m))?;
                let s = self.string(&Expr::Template(parts), scope, "a property")?;
                Ok(quote!(crate::primitives::Document::String(#s)))
            }
            None => Ok(quote!(crate::primitives::Document::String(String::from(#s)))),
        })
    }
}

/// `Endpoint::new(url).header(..).property(..)` from a URL expression and header /
/// property `(name, value)` pairs.
pub(super) fn endpoint_struct(
    url: TokenStream,
    headers: &[(&str, TokenStream)],
    properties: &[(&str, TokenStream)],
) -> TokenStream {
    let headers = headers.iter().map(|(k, v)| quote!(.header(#k, #v)));
    let properties = properties.iter().map(|(k, v)| quote!(.property(#k, #v)));
    quote!(Endpoint::new(#url) #(#headers)* #(#properties)*)
}

fn expr_uses(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Ref(r) => r == name,
        Expr::Call { args, .. } => args.iter().any(|a| expr_uses(a, name)),
        Expr::Template(parts) => parts
            .iter()
            .any(|p| matches!(p, Part::Value { name: n, .. } if n == name)),
        Expr::Bool(_) | Expr::Int(_) => false,
    }
}

fn json_uses(v: &Value, name: &str) -> bool {
    match v {
        Value::String(s) => s.contains(&format!("{{{name}}}")) || s.contains(&format!("{{{name}#")),
        Value::Array(items) => items.iter().any(|i| json_uses(i, name)),
        Value::Object(o) => o.values().any(|i| json_uses(i, name)),
        _ => false,
    }
}

fn body_uses(body: &RuleBody, name: &str) -> bool {
    match body {
        RuleBody::Error(e) => expr_uses(e, name),
        RuleBody::Endpoint(ep) => {
            expr_uses(&ep.url, name)
                || ep
                    .headers
                    .iter()
                    .any(|(_, vs)| vs.iter().any(|v| expr_uses(v, name)))
                || ep.properties.values().any(|v| json_uses(v, name))
        }
        RuleBody::Tree(rules) => rules.iter().any(|r| {
            r.conditions.iter().any(|c| expr_uses(&c.call, name)) || body_uses(&r.body, name)
        }),
    }
}
