//! The `endpoint` module: the rule set as straight-line Rust (one `if` per condition, a
//! `return` per endpoint or error rule), its `Params`, and one test per model test case.
//!
//! Values are typed while emitting. A parameter without a default is an `Option` until an
//! `isSet` condition narrows it to its value for the rest of the rule; a function called
//! with a value that may be unset is chained with `map` / `and_then`, so that an unset
//! argument makes the condition false, as the rules engine specifies.

use super::{doc, ident};
use crate::error::{shape_path, Error, Result};
use crate::naming::field_name;
use crate::rules::{Condition, EndpointValue, Expectation, Expr, Param, ParamType, Part, Rule, RuleBody, RuleSet, TestCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::cell::Cell;

const LIB: &str = "crate::endpoint_lib";

/// The whole `endpoint` module.
pub fn module(service: &str, rule_set: &RuleSet) -> Result<TokenStream> {
    let e = Emitter { service, closure_vars: Cell::new(0) };
    let params = params_struct(&rule_set.params);
    let mut scope: Vec<(String, Val)> = rule_set.params.iter().map(param_val).collect();
    let body = e.rule_list(&rule_set.rules, &mut scope, true)?;
    let tests = rule_set.tests.iter().enumerate().map(|(i, t)| e.test_case(i, t, &rule_set.params)).collect::<Result<Vec<_>>>()?;
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
        pub fn resolve(params: &Params) -> ::std::result::Result<Endpoint, EndpointError> {
            #body
        }
        #tests
    })
}

/// The value kinds of the rules language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Bool,
    Int,
    StrArray,
    Partition,
    Arn,
    Url,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Bool => "a boolean",
            Ty::Int => "an integer",
            Ty::StrArray => "a string array",
            Ty::Partition => "a partition",
            Ty::Arn => "an ARN",
            Ty::Url => "a URL",
        }
    }
}

/// An emitted expression: a `&str` (or `String` when `owned`), `bool`, `usize`,
/// `&[String]`-like slice, `&Partition`, `Arn` or `Url`; wrapped in `Option` when `opt`.
#[derive(Clone)]
struct Val {
    ts: TokenStream,
    ty: Ty,
    opt: bool,
    owned: bool,
}

impl Val {
    fn new(ts: TokenStream, ty: Ty) -> Val {
        Val { ts, ty, opt: false, owned: false }
    }
}

fn param_val(p: &Param) -> (String, Val) {
    let f = ident(&field_name(&p.name));
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
    (p.name.clone(), Val { ts, ty, opt, owned: false })
}

fn param_type(p: &Param) -> TokenStream {
    let t = match p.ty {
        ParamType::String => quote!(::std::string::String),
        ParamType::Boolean => quote!(bool),
        ParamType::StringArray => quote!(::std::vec::Vec<::std::string::String>),
    };
    if p.default.is_none() {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// A parameter value (a default or a test case's value) as a Rust expression.
fn param_literal(p: &Param, v: &Value) -> Option<TokenStream> {
    let value = match (p.ty, v) {
        (ParamType::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (ParamType::Boolean, Value::Bool(b)) => quote!(#b),
        (ParamType::StringArray, Value::Array(items)) => {
            let items = items.iter().map(|i| i.as_str()).collect::<Option<Vec<_>>>()?;
            quote!(::std::vec![#(::std::string::String::from(#items)),*])
        }
        _ => return None,
    };
    Some(if p.default.is_none() { quote!(::std::option::Option::Some(#value)) } else { value })
}

/// `Params`, its `Default` (the rule set's defaults) and chained setters.
fn params_struct(params: &[Param]) -> TokenStream {
    let fields = params.iter().map(|p| {
        let f = ident(&field_name(&p.name));
        let t = param_type(p);
        let d = doc(&format!("`{}`{}", p.name, if p.doc.is_empty() { String::new() } else { format!(": {}", p.doc) }));
        quote!(#d pub #f: #t,)
    });
    let setters = params.iter().map(|p| {
        let f = ident(&field_name(&p.name));
        let d = doc(&format!("Sets `{}`.", p.name));
        let (arg, value) = match p.ty {
            ParamType::String => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(value.into())),
            ParamType::Boolean => (quote!(bool), quote!(value)),
            ParamType::StringArray => (quote!(::std::vec::Vec<::std::string::String>), quote!(value)),
        };
        let value = if p.default.is_none() { quote!(::std::option::Option::Some(#value)) } else { value };
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
            let f = ident(&field_name(&p.name));
            let v = p.default.as_ref().and_then(|d| param_literal(p, d)).unwrap_or_else(|| quote!(::std::option::Option::None));
            quote!(#f: #v,)
        });
        quote! {
            impl ::std::default::Default for Params {
                fn default() -> Self {
                    Params { #(#inits)* }
                }
            }
        }
    });
    let derive = if plain { quote!(#[derive(Debug, Clone, Default, PartialEq)]) } else { quote!(#[derive(Debug, Clone, PartialEq)]) };
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

struct Emitter<'a> {
    service: &'a str,
    /// Numbers the closure parameters of `map` / `and_then` chains.
    closure_vars: Cell<usize>,
}

type Scope = Vec<(String, Val)>;

fn lookup<'s>(scope: &'s Scope, name: &str) -> Option<&'s Val> {
    scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// What a condition wraps around the rest of its rule.
enum Wrap {
    If(TokenStream),
    IfLet(TokenStream, TokenStream),
    Let(TokenStream, TokenStream),
}

impl Emitter<'_> {
    fn err(&self, message: impl Into<String>) -> Error {
        Error::shape(self.service, format!("endpoint rules: {}", message.into()))
            .at(format!("{}.traits[{:?}]", shape_path(self.service), crate::rules::RULE_SET))
    }

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
        let fallback = quote!(::std::result::Result::Err(EndpointError::new("no endpoint rule matched the parameters")));
        out.extend(if tail { fallback } else { quote!(return #fallback;) });
        Ok(out)
    }

    /// A rule, and whether it always applies (it has no condition that can be false).
    fn rule(&self, rule: &Rule, scope: &mut Scope, tail: bool) -> Result<(TokenStream, bool)> {
        let depth = scope.len();
        let mut wraps = Vec::new();
        for (i, c) in rule.conditions.iter().enumerate() {
            let used_later = |name: &str| rule.conditions[i + 1..].iter().any(|c| expr_uses(&c.call, name)) || body_uses(&rule.body, name);
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
                Wrap::IfLet(pat, value) => quote!(if let ::std::option::Option::Some(#pat) = #value { #inner }),
                Wrap::Let(name, value) => quote!({ let #name = #value; #inner }),
            };
        }
        Ok((inner, always))
    }

    fn condition(&self, c: &Condition, scope: &mut Scope, used_later: &dyn Fn(&str) -> bool) -> Result<Option<Wrap>> {
        // `isSet(Param)` narrows the parameter to its value inside the rule.
        if let Expr::Call { name, args } = &c.call {
            if let (true, [Expr::Ref(r)]) = (name == "isSet", args.as_slice()) {
                let v = self.lookup(scope, r)?;
                if !v.opt {
                    return Ok(None);
                }
                let names: Vec<&str> = std::iter::once(r.as_str()).chain(c.assign.as_deref()).filter(|n| used_later(n)).collect();
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
            return Ok(Some(Wrap::If(if v.opt { quote!(#ts == ::std::option::Option::Some(true)) } else { ts.clone() })));
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

    /// The value a variable bound to `v`'s (unwrapped) value stands for.
    fn bound(&self, var: &proc_macro2::Ident, v: &Val) -> Val {
        let ts = if v.owned { quote!(#var.as_str()) } else { quote!(#var) };
        Val::new(ts, v.ty)
    }

    fn lookup(&self, scope: &Scope, name: &str) -> Result<Val> {
        lookup(scope, name).cloned().ok_or_else(|| self.err(format!("`{name}` is neither a parameter nor assigned by an earlier condition")))
    }

    fn body(&self, body: &RuleBody, scope: &mut Scope, tail: bool) -> Result<TokenStream> {
        let value = match body {
            RuleBody::Tree(rules) => return self.rule_list(rules, scope, tail),
            RuleBody::Error(message) => {
                let m = self.string_val(message, scope, "an error message")?.ts;
                quote!(::std::result::Result::Err(EndpointError::new(#m)))
            }
            RuleBody::Endpoint(ep) => {
                let ep = self.endpoint(ep, scope)?;
                quote!(::std::result::Result::Ok(#ep))
            }
        };
        Ok(if tail { value } else { quote!(return #value;) })
    }

    fn endpoint(&self, ep: &EndpointValue, scope: &Scope) -> Result<TokenStream> {
        let url = self.string(&ep.url, scope, "an endpoint URL")?;
        let mut headers = Vec::new();
        for (name, values) in &ep.headers {
            let values = values.iter().map(|v| self.string(v, scope, "a header value")).collect::<Result<Vec<_>>>()?;
            headers.push(quote!((::std::string::String::from(#name), ::std::vec![#(#values),*])));
        }
        let properties = ep.properties.iter().map(|(k, v)| self.entry(k, v, Some(scope))).collect::<Result<Vec<_>>>()?;
        Ok(endpoint_struct(url, &headers, &properties))
    }

    /// A JSON value as a `Document`; with a scope, strings are templates.
    fn document(&self, v: &Value, scope: Option<&Scope>) -> Result<TokenStream> {
        let doc = quote!(crate::primitives::Document);
        Ok(match v {
            Value::Null => quote!(#doc::Null),
            Value::Bool(b) => quote!(#doc::Bool(#b)),
            Value::Number(n) => {
                let num = quote!(crate::primitives::Number);
                if let Some(u) = n.as_u64() {
                    quote!(#doc::Number(#num::PosInt(#u)))
                } else if let Some(i) = n.as_i64() {
                    quote!(#doc::Number(#num::NegInt(#i)))
                } else {
                    let f = n.as_f64().unwrap_or_default();
                    quote!(#doc::Number(#num::Float(#f)))
                }
            }
            Value::String(s) => match scope {
                Some(scope) => {
                    let parts = crate::rules::template(s).map_err(|m| self.err(m))?;
                    let s = self.string(&Expr::Template(parts), scope, "a property")?;
                    quote!(#doc::String(#s))
                }
                None => quote!(#doc::String(::std::string::String::from(#s))),
            },
            Value::Array(items) => {
                let items = items.iter().map(|i| self.document(i, scope)).collect::<Result<Vec<_>>>()?;
                quote!(#doc::Array(::std::vec![#(#items),*]))
            }
            Value::Object(o) => {
                let entries = o.iter().map(|(k, v)| self.entry(k, v, scope)).collect::<Result<Vec<_>>>()?;
                let entries = map(&entries);
                quote!(#doc::Object(#entries))
            }
        })
    }

    /// `(key, document)` for a map literal.
    fn entry(&self, key: &str, v: &Value, scope: Option<&Scope>) -> Result<TokenStream> {
        let v = self.document(v, scope)?;
        Ok(quote!((::std::string::String::from(#key), #v)))
    }

    /// An expression that must be a string that is set.
    fn string_val(&self, e: &Expr, scope: &Scope, what: &str) -> Result<Val> {
        let v = self.expr(e, scope)?;
        if v.ty != Ty::Str || v.opt {
            return Err(self.err(format!("{what} must be a string that is set, not {}{}", if v.opt { "an optional " } else { "" }, v.ty.name())));
        }
        Ok(v)
    }

    /// An expression that must be a string that is set, as a `String`.
    fn string(&self, e: &Expr, scope: &Scope, what: &str) -> Result<TokenStream> {
        let v = self.string_val(e, scope, what)?;
        let ts = v.ts;
        Ok(if v.owned { ts } else { quote!(#ts.to_string()) })
    }

    fn expr(&self, e: &Expr, scope: &Scope) -> Result<Val> {
        match e {
            Expr::Ref(name) => self.lookup(scope, name),
            Expr::Bool(b) => Ok(Val::new(quote!(#b), Ty::Bool)),
            Expr::Int(i) => {
                let i = usize::try_from(*i).map_err(|_| self.err(format!("`{i}` is not a valid index")))?;
                let lit = proc_macro2::Literal::usize_unsuffixed(i);
                Ok(Val::new(quote!(#lit), Ty::Int))
            }
            Expr::Template(parts) => self.template(parts, scope),
            Expr::Call { name, args } => self.call(name, args, scope),
        }
    }

    fn template(&self, parts: &[Part], scope: &Scope) -> Result<Val> {
        let mut format = String::new();
        let mut args = Vec::new();
        for part in parts {
            match part {
                Part::Text(t) => format.push_str(&t.replace('{', "{{").replace('}', "}}")),
                Part::Value { name, path } => {
                    let v = self.lookup(scope, name)?;
                    let v = match path {
                        Some(p) => self.get_attr(v, p)?,
                        None => v,
                    };
                    if v.ty != Ty::Str || v.opt {
                        return Err(self.err(format!("the template placeholder `{name}` must be a string that is set")));
                    }
                    if parts.len() == 1 {
                        return Ok(v);
                    }
                    // Plain variables are written inside the format string (clippy asks for that).
                    let ts = v.ts.to_string();
                    if syn::parse_str::<syn::Ident>(&ts).is_ok() {
                        format.push_str(&format!("{{{ts}}}"));
                    } else {
                        format.push_str("{}");
                        args.push(v.ts);
                    }
                }
            }
        }
        if let [Part::Text(t)] = parts {
            return Ok(Val::new(quote!(#t), Ty::Str));
        }
        Ok(Val { ts: quote!(::std::format!(#format #(, #args)*)), ty: Ty::Str, opt: false, owned: true })
    }

    fn call(&self, name: &str, args: &[Expr], scope: &Scope) -> Result<Val> {
        self.call_negated(name, args, scope, false)
    }

    /// A call, or with `negate` its negation: `not` of a comparison or `isSet` is emitted
    /// as `!=` or `is_none()` (clippy's nonminimal_bool).
    fn call_negated(&self, name: &str, args: &[Expr], scope: &Scope, negate: bool) -> Result<Val> {
        let vals = args.iter().map(|a| self.expr(a, scope)).collect::<Result<Vec<_>>>()?;
        let lib = super::path(LIB);
        let expect = |types: &[Ty]| -> Result<()> {
            if vals.len() != types.len() {
                return Err(self.err(format!("`{name}` takes {} argument(s), not {}", types.len(), vals.len())));
            }
            for (i, (v, t)) in vals.iter().zip(types).enumerate() {
                if v.ty != *t {
                    return Err(self.err(format!("argument {} of `{name}` must be {}, not {}", i + 1, t.name(), v.ty.name())));
                }
            }
            Ok(())
        };
        use Ty::*;
        match name {
            "isSet" => {
                expect(&[vals.first().map_or(Str, |v| v.ty)])?;
                let ts = &vals[0].ts;
                Ok(Val::new(
                    match (vals[0].opt, negate) {
                        (true, false) => quote!(#ts.is_some()),
                        (true, true) => quote!(#ts.is_none()),
                        (false, set) => quote!(#set),
                    },
                    Bool,
                ))
            }
            "not" => {
                expect(&[Bool])?;
                if let Expr::Call { name: inner, args: inner_args } = &args[0] {
                    if matches!(inner.as_str(), "isSet" | "not" | "booleanEquals" | "stringEquals") {
                        return self.call_negated(inner, inner_args, scope, !negate);
                    }
                }
                self.apply(&vals, Bool, false, |a| {
                    let x = &a[0];
                    quote!(!#x)
                })
            }
            "booleanEquals" => {
                expect(&[Bool, Bool])?;
                // `x == true` is `x` (clippy's bool_comparison).
                if let Some((i, b)) = args.iter().enumerate().find_map(|(i, a)| match a {
                    Expr::Bool(b) => Some((i, *b)),
                    _ => None,
                }) {
                    let other = &vals[1 - i];
                    return self.apply(std::slice::from_ref(other), Bool, false, |a| {
                        let x = &a[0];
                        if b != negate {
                            x.clone()
                        } else {
                            quote!(!#x)
                        }
                    });
                }
                self.apply(&vals, Bool, false, |a| equals(a, negate))
            }
            "stringEquals" => {
                expect(&[Str, Str])?;
                // `x == ""` is `x.is_empty()` (clippy's comparison_to_empty).
                let empty = Expr::Template(vec![Part::Text(String::new())]);
                if let Some(i) = args.iter().position(|a| *a == empty) {
                    let other = Val { owned: false, ..vals[1 - i].clone() };
                    return self.apply(&[other], Bool, false, |a| {
                        let x = &a[0];
                        if negate {
                            quote!(!#x.is_empty())
                        } else {
                            quote!(#x.is_empty())
                        }
                    });
                }
                // `String == &str` compares without borrowing (clippy's op_ref).
                let vals: Vec<Val> = vals.iter().map(|v| Val { owned: false, ..v.clone() }).collect();
                self.apply(&vals, Bool, false, |a| equals(a, negate))
            }
            "getAttr" => {
                let [_, Expr::Template(path)] = args else {
                    return Err(self.err("`getAttr` takes a value and a literal path"));
                };
                let [Part::Text(path)] = path.as_slice() else {
                    return Err(self.err("the path of `getAttr` must be literal text"));
                };
                self.get_attr(vals[0].clone(), path)
            }
            "aws.partition" => {
                expect(&[Str])?;
                self.apply(&vals, Partition, true, |a| lib_call(&lib, "partition", a))
            }
            "aws.parseArn" => {
                expect(&[Str])?;
                self.apply(&vals, Arn, true, |a| lib_call(&lib, "parse_arn", a))
            }
            "parseURL" => {
                expect(&[Str])?;
                self.apply(&vals, Url, true, |a| lib_call(&lib, "parse_url", a))
            }
            "substring" => {
                expect(&[Str, Int, Int, Bool])?;
                self.apply(&vals, Str, true, |a| lib_call(&lib, "substring", a))
            }
            "isValidHostLabel" => {
                expect(&[Str, Bool])?;
                self.apply(&vals, Bool, false, |a| lib_call(&lib, "is_valid_host_label", a))
            }
            "aws.isVirtualHostableS3Bucket" => {
                expect(&[Str, Bool])?;
                self.apply(&vals, Bool, false, |a| lib_call(&lib, "is_virtual_hostable_s3_bucket", a))
            }
            "uriEncode" => {
                expect(&[Str])?;
                let mut v = self.apply(&vals, Str, false, |a| lib_call(&lib, "uri_encode", a))?;
                v.owned = true;
                Ok(v)
            }
            "coalesce" => self.coalesce(vals),
            other => Err(self.err(format!("the function `{other}` is not supported"))),
        }
    }

    /// `coalesce`: the first argument that is set, else the last one. Arguments after the
    /// first that is always set are never reached.
    fn coalesce(&self, vals: Vec<Val>) -> Result<Val> {
        let ty = vals.first().map(|v| v.ty).ok_or_else(|| self.err("`coalesce` takes two or more arguments"))?;
        if vals.len() < 2 || vals.iter().any(|v| v.ty != ty) {
            return Err(self.err("`coalesce` takes two or more arguments of one type"));
        }
        let reached = vals.iter().position(|v| !v.opt).map_or(vals.len(), |i| i + 1);
        // Strings of which some are owned are all made `String`s.
        let owned = ty == Ty::Str && vals[..reached].iter().any(|v| v.owned);
        let lib = super::path(LIB);
        let mut args = vals.into_iter().take(reached).map(|v| {
            let ts = v.ts;
            match (owned && !v.owned, v.opt) {
                (true, true) => Val { ts: quote!(#ts.map(str::to_string)), ..v },
                (true, false) => Val { ts: quote!(#ts.to_string()), ..v },
                (false, _) => Val { ts, ..v },
            }
        });
        let mut acc = args.next_back().expect("two or more arguments");
        for v in args.rev() {
            let (first, then) = (&v.ts, &acc.ts);
            acc.ts = if acc.opt { quote!(#lib::first_set(#first, #then)) } else { quote!(#lib::coalesce(#first, #then)) };
        }
        acc.owned = owned;
        Ok(acc)
    }

    /// Calls `f` on the arguments' values. Arguments that may be unset are unwrapped by a
    /// `map` / `and_then` chain, so the result is unset when any of them is.
    fn apply(&self, vals: &[Val], ty: Ty, returns_option: bool, f: impl FnOnce(&[TokenStream]) -> TokenStream) -> Result<Val> {
        let mut optional = Vec::new();
        let args: Vec<TokenStream> = vals
            .iter()
            .map(|v| {
                let ts = if v.opt {
                    let n = self.closure_vars.get();
                    self.closure_vars.set(n + 1);
                    let var = format_ident!("v{n}");
                    optional.push((var.clone(), v.ts.clone()));
                    quote!(#var)
                } else {
                    v.ts.clone()
                };
                if v.owned && v.ty == Ty::Str {
                    quote!(&#ts)
                } else {
                    ts
                }
            })
            .collect();
        let mut ts = f(&args);
        // `x.map(|v| v)` is `x` (clippy's map_identity).
        if let [(var, value)] = optional.as_slice() {
            if !returns_option && *var == ts.to_string() {
                return Ok(Val { ts: value.clone(), ty, opt: true, owned: false });
            }
        }
        let mut is_option = returns_option;
        for (var, value) in optional.into_iter().rev() {
            ts = if is_option { quote!(#value.and_then(|#var| #ts)) } else { quote!(#value.map(|#var| #ts)) };
            is_option = true;
        }
        Ok(Val { ts, ty, opt: is_option, owned: false })
    }

    /// `getAttr`: `name`, `name[i]` or `[i]` on a partition, ARN, URL or string array.
    fn get_attr(&self, v: Val, path: &str) -> Result<Val> {
        let (field, index) = match path.split_once('[') {
            Some((field, rest)) => {
                let i = rest.strip_suffix(']').and_then(|i| i.parse::<usize>().ok()).ok_or_else(|| self.err(format!("malformed getAttr path `{path}`")))?;
                (field, Some(i))
            }
            None => (path, None),
        };
        let lib = super::path(LIB);
        let unknown = || self.err(format!("{} has no attribute `{path}`", v.ty.name()));
        let (access, ty): (fn(TokenStream) -> TokenStream, Ty) = match (v.ty, field) {
            (Ty::Partition, "name") => (|x| quote!(#x.name), Ty::Str),
            (Ty::Partition, "dnsSuffix") => (|x| quote!(#x.dns_suffix), Ty::Str),
            (Ty::Partition, "dualStackDnsSuffix") => (|x| quote!(#x.dual_stack_dns_suffix), Ty::Str),
            (Ty::Partition, "implicitGlobalRegion") => (|x| quote!(#x.implicit_global_region), Ty::Str),
            (Ty::Partition, "supportsFIPS") => (|x| quote!(#x.supports_fips), Ty::Bool),
            (Ty::Partition, "supportsDualStack") => (|x| quote!(#x.supports_dual_stack), Ty::Bool),
            (Ty::Arn, "partition") => (|x| quote!(#x.partition), Ty::Str),
            (Ty::Arn, "service") => (|x| quote!(#x.service), Ty::Str),
            (Ty::Arn, "region") => (|x| quote!(#x.region), Ty::Str),
            (Ty::Arn, "accountId") => (|x| quote!(#x.account_id), Ty::Str),
            (Ty::Arn, "resourceId") => (|x| quote!(#x.resource_id.as_slice()), Ty::StrArray),
            (Ty::Url, "scheme") => (|x| quote!(#x.scheme), Ty::Str),
            (Ty::Url, "authority") => (|x| quote!(#x.authority), Ty::Str),
            (Ty::Url, "path") => (|x| quote!(#x.path), Ty::Str),
            (Ty::Url, "normalizedPath") => (|x| quote!(#x.normalized_path.as_str()), Ty::Str),
            (Ty::Url, "isIp") => (|x| quote!(#x.is_ip), Ty::Bool),
            (Ty::StrArray, "") => (|x| x, Ty::StrArray),
            _ => return Err(unknown()),
        };
        let (ty, returns_option, index) = match index {
            None => (ty, false, None),
            Some(i) if ty == Ty::StrArray => (Ty::Str, true, Some(i)),
            Some(_) => return Err(unknown()),
        };
        let arg = Val { ts: v.ts.clone(), ty: v.ty, opt: v.opt, owned: false };
        self.apply(&[arg], ty, returns_option, |a| {
            let x = access(a[0].clone());
            match index {
                Some(i) => {
                    let i = proc_macro2::Literal::usize_unsuffixed(i);
                    quote!(#lib::index(#x, #i))
                }
                None => x,
            }
        })
    }

    fn test_case(&self, i: usize, case: &TestCase, params: &[Param]) -> Result<TokenStream> {
        let name = test_name(i, &case.doc);
        let mut inits = Vec::new();
        for (pname, value) in &case.params {
            let p = params.iter().find(|p| &p.name == pname).ok_or_else(|| self.err(format!("test case {} sets `{pname}`, which is not a parameter", i + 1)))?;
            let v = param_literal(p, value).ok_or_else(|| self.err(format!("test case {} gives `{pname}` a value of the wrong type", i + 1)))?;
            let f = ident(&field_name(pname));
            inits.push(quote!(#f: #v,));
        }
        let params_value = if inits.is_empty() {
            quote!(Params::default())
        } else if inits.len() == params.len() {
            quote!(Params { #(#inits)* })
        } else {
            quote!(Params { #(#inits)* ..::std::default::Default::default() })
        };
        let check = match &case.expect {
            Expectation::Error(message) => quote! {
                assert_eq!(resolve(&params), Err(EndpointError::new(#message)));
            },
            Expectation::Endpoint { url, headers, properties } => {
                let headers: Vec<TokenStream> = headers
                    .iter()
                    .map(|(k, vs)| quote!((::std::string::String::from(#k), ::std::vec![#(::std::string::String::from(#vs)),*])))
                    .collect();
                let properties = properties.iter().map(|(k, v)| self.entry(k, v, None)).collect::<Result<Vec<_>>>()?;
                let expected = endpoint_struct(quote!(::std::string::String::from(#url)), &headers, &properties);
                quote! {
                    let expected = #expected;
                    assert_eq!(resolve(&params), Ok(expected));
                }
            }
        };
        let d = doc(&case.doc);
        Ok(quote! {
            #d
            #[test]
            fn #name() {
                let params = #params_value;
                #check
            }
        })
    }
}

/// The Rust variable of a rule-set name. It must not hide `params` or the `v<n>`
/// closure parameters, so those names get a `_` suffix.
fn variable(name: &str) -> proc_macro2::Ident {
    let var = field_name(name);
    let taken = var == "params" || var.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    ident(&if taken { format!("{var}_") } else { var })
}

/// `a == b`, or `a != b`.
fn equals(args: &[TokenStream], negate: bool) -> TokenStream {
    let (x, y) = (&args[0], &args[1]);
    if negate {
        quote!(#x != #y)
    } else {
        quote!(#x == #y)
    }
}

/// `crate::endpoint_lib::<name>(args..)`.
fn lib_call(lib: &TokenStream, name: &str, args: &[TokenStream]) -> TokenStream {
    let f = ident(name);
    quote!(#lib::#f(#(#args),*))
}

/// `Endpoint { .. }` from a URL expression and header / property entries.
fn endpoint_struct(url: TokenStream, headers: &[TokenStream], properties: &[TokenStream]) -> TokenStream {
    let headers = map(headers);
    let properties = map(properties);
    quote!(Endpoint { url: #url, headers: #headers, properties: #properties })
}

/// A `BTreeMap` of `(key, value)` entries.
fn map(entries: &[TokenStream]) -> TokenStream {
    if entries.is_empty() {
        quote!(::std::collections::BTreeMap::new())
    } else {
        quote!(::std::collections::BTreeMap::from([#(#entries),*]))
    }
}

/// `case_7_region_us_east_1_fips_on` from the index and the case's documentation (a
/// leading `Case 7:` is not repeated).
fn test_name(i: usize, doc: &str) -> proc_macro2::Ident {
    let n = i + 1;
    let doc = doc.strip_prefix(&format!("Case {n}:")).unwrap_or(doc);
    let words: Vec<String> = doc
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        format_ident!("case_{n}")
    } else {
        format_ident!("case_{n}_{}", words.join("_"))
    }
}

fn expr_uses(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Ref(r) => r == name,
        Expr::Call { args, .. } => args.iter().any(|a| expr_uses(a, name)),
        Expr::Template(parts) => parts.iter().any(|p| matches!(p, Part::Value { name: n, .. } if n == name)),
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
                || ep.headers.iter().any(|(_, vs)| vs.iter().any(|v| expr_uses(v, name)))
                || ep.properties.values().any(|v| json_uses(v, name))
        }
        RuleBody::Tree(rules) => rules.iter().any(|r| r.conditions.iter().any(|c| expr_uses(&c.call, name)) || body_uses(&r.body, name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_never_hide_params_or_closure_parameters() {
        assert_eq!(variable("PartitionResult").to_string(), "partition_result");
        assert_eq!(variable("Params").to_string(), "params_");
        assert_eq!(variable("v0").to_string(), "v0_");
        assert_eq!(variable("value").to_string(), "value");
        assert_eq!(variable("type").to_string(), "r#type");
    }

    #[test]
    fn test_names_come_from_the_documentation() {
        assert_eq!(test_name(6, "Case 7: Region us-east-1, FIPS on.").to_string(), "case_7_region_us_east_1_fips_on");
        assert_eq!(test_name(0, "").to_string(), "case_1");
        assert_eq!(test_name(2, "{UseFIPS=true, Region=us-east-1}").to_string(), "case_3_usefips_true_region_us_east_1");
    }
}
