//! Expressions of endpoint rules, typed while they are emitted: references, templates
//! and the rules engine's functions (see `endpoint_lib.rs` in the runtime).
//!
//! A parameter without a default is an `Option` until an `isSet` condition narrows it;
//! a function called with a value that may be unset is chained with `map` / `and_then`,
//! so that an unset argument makes the condition false, as the rules engine specifies.

use super::emit::Emitter;
use crate::emit::ident;
use crate::endpoints::rules::{Expr, Part};
use crate::error::{shape_path, Error, Result};
use crate::ir::naming::field_name;
use proc_macro2::TokenStream;
use quote::quote;

const LIB: &str = "crate::endpoint_lib";

/// The value kinds of the rules language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Str,
    Bool,
    Int,
    StrArray,
    Partition,
    Arn,
    Url,
}

impl Ty {
    pub(super) fn name(self) -> &'static str {
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
pub(super) struct Val {
    pub(super) ts: TokenStream,
    pub(super) ty: Ty,
    pub(super) opt: bool,
    pub(super) owned: bool,
}

impl Val {
    pub(super) fn new(ts: TokenStream, ty: Ty) -> Val {
        Val {
            ts,
            ty,
            opt: false,
            owned: false,
        }
    }
}

pub(super) type Scope = Vec<(String, Val)>;

fn lookup<'s>(scope: &'s Scope, name: &str) -> Option<&'s Val> {
    scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
}

impl Emitter<'_> {
    pub(super) fn err(&self, message: impl Into<String>) -> Error {
        Error::shape(self.service, format!("endpoint rules: {}", message.into())).at(format!(
            "{}.traits[{:?}]",
            shape_path(self.service),
            crate::endpoints::rules::RULE_SET
        ))
    }

    /// The value a variable bound to `v`'s (unwrapped) value stands for.
    pub(super) fn bound(&self, var: &proc_macro2::Ident, v: &Val) -> Val {
        let ts = if v.owned {
            quote!(#var.as_str())
        } else {
            quote!(#var)
        };
        Val::new(ts, v.ty)
    }

    pub(super) fn lookup(&self, scope: &Scope, name: &str) -> Result<Val> {
        lookup(scope, name).cloned().ok_or_else(|| {
            self.err(format!(
                "`{name}` is neither a parameter nor assigned by an earlier condition"
            ))
        })
    }

    /// An expression that must be a string that is set.
    pub(super) fn string_val(&self, e: &Expr, scope: &Scope, what: &str) -> Result<Val> {
        let v = self.expr(e, scope)?;
        if v.ty != Ty::Str || v.opt {
            return Err(self.err(format!(
                "{what} must be a string that is set, not {}{}",
                if v.opt { "an optional " } else { "" },
                v.ty.name()
            )));
        }
        Ok(v)
    }

    /// An expression that must be a string that is set, as a `String`.
    pub(super) fn string(&self, e: &Expr, scope: &Scope, what: &str) -> Result<TokenStream> {
        let v = self.string_val(e, scope, what)?;
        let ts = v.ts;
        Ok(if v.owned { ts } else { quote!(#ts.to_string()) })
    }

    pub(super) fn expr(&self, e: &Expr, scope: &Scope) -> Result<Val> {
        match e {
            Expr::Ref(name) => self.lookup(scope, name),
            Expr::Bool(b) => Ok(Val::new(quote!(#b), Ty::Bool)),
            Expr::Int(i) => {
                let i = usize::try_from(*i)
                    .map_err(|_| self.err(format!("`{i}` is not a valid index")))?;
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
                        return Err(self.err(format!(
                            "the template placeholder `{name}` must be a string that is set"
                        )));
                    }
                    if parts.len() == 1 {
                        return Ok(v);
                    }
                    // Plain variables are written inside the format string (clippy asks for
                    // that); raw identifiers cannot be.
                    let plain = crate::emit::single_ident(&v.ts)
                        .map(|i| i.to_string())
                        .filter(|n| !n.starts_with("r#"));
                    if let Some(name) = plain {
                        format.push_str(&format!("{{{name}}}"));
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
        Ok(Val {
            ts: quote!(format!(#format #(, #args)*)),
            ty: Ty::Str,
            opt: false,
            owned: true,
        })
    }

    fn call(&self, name: &str, args: &[Expr], scope: &Scope) -> Result<Val> {
        self.call_negated(name, args, scope, false)
    }

    /// A call, or with `negate` its negation: `not` of a comparison or `isSet` is emitted
    /// as `!=` or `is_none()` (clippy's nonminimal_bool).
    fn call_negated(&self, name: &str, args: &[Expr], scope: &Scope, negate: bool) -> Result<Val> {
        let vals = args
            .iter()
            .map(|a| self.expr(a, scope))
            .collect::<Result<Vec<_>>>()?;
        let lib = crate::emit::path(LIB);
        let expect = |types: &[Ty]| -> Result<()> {
            if vals.len() != types.len() {
                return Err(self.err(format!(
                    "`{name}` takes {} argument(s), not {}",
                    types.len(),
                    vals.len()
                )));
            }
            for (i, (v, t)) in vals.iter().zip(types).enumerate() {
                if v.ty != *t {
                    return Err(self.err(format!(
                        "argument {} of `{name}` must be {}, not {}",
                        i + 1,
                        t.name(),
                        v.ty.name()
                    )));
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
                if let Expr::Call {
                    name: inner,
                    args: inner_args,
                } = &args[0]
                {
                    if matches!(
                        inner.as_str(),
                        "isSet" | "not" | "booleanEquals" | "stringEquals"
                    ) {
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
                    let other = Val {
                        owned: false,
                        ..vals[1 - i].clone()
                    };
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
                let vals: Vec<Val> = vals
                    .iter()
                    .map(|v| Val {
                        owned: false,
                        ..v.clone()
                    })
                    .collect();
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
                self.apply(&vals, Bool, false, |a| {
                    lib_call(&lib, "is_valid_host_label", a)
                })
            }
            "aws.isVirtualHostableS3Bucket" => {
                expect(&[Str, Bool])?;
                self.apply(&vals, Bool, false, |a| {
                    lib_call(&lib, "is_virtual_hostable_s3_bucket", a)
                })
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
        let ty = vals
            .first()
            .map(|v| v.ty)
            .ok_or_else(|| self.err("`coalesce` takes two or more arguments"))?;
        if vals.len() < 2 || vals.iter().any(|v| v.ty != ty) {
            return Err(self.err("`coalesce` takes two or more arguments of one type"));
        }
        let reached = vals
            .iter()
            .position(|v| !v.opt)
            .map_or(vals.len(), |i| i + 1);
        // Strings of which some are owned are all made `String`s.
        let owned = ty == Ty::Str && vals[..reached].iter().any(|v| v.owned);
        let lib = &crate::emit::path(LIB);
        let mut args = vals.into_iter().take(reached).map(|v| {
            let ts = v.ts;
            match (owned && !v.owned, v.opt) {
                (true, true) => Val {
                    ts: quote!(#ts.map(str::to_string)),
                    ..v
                },
                (true, false) => Val {
                    ts: quote!(#ts.to_string()),
                    ..v
                },
                (false, _) => Val { ts, ..v },
            }
        });
        let mut acc = args.next_back().expect("two or more arguments");
        for v in args.rev() {
            let (first, then) = (&v.ts, &acc.ts);
            acc.ts = if acc.opt {
                quote!(#lib::first_set(#first, #then))
            } else {
                quote!(#lib::coalesce(#first, #then))
            };
        }
        acc.owned = owned;
        Ok(acc)
    }

    /// Calls `f` on the arguments' values. Arguments that may be unset are unwrapped by a
    /// `map` / `and_then` chain, so the result is unset when any of them is.
    fn apply(
        &self,
        vals: &[Val],
        ty: Ty,
        returns_option: bool,
        f: impl FnOnce(&[TokenStream]) -> TokenStream,
    ) -> Result<Val> {
        let mut optional = Vec::new();
        let args: Vec<TokenStream> = vals
            .iter()
            .map(|v| {
                let ts = if v.opt {
                    let n = self.closure_vars.get();
                    self.closure_vars.set(n + 1);
                    let var = ident(&format!("v{n}"));
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
            if !returns_option && crate::emit::single_ident(&ts).as_ref() == Some(var) {
                return Ok(Val {
                    ts: value.clone(),
                    ty,
                    opt: true,
                    owned: false,
                });
            }
        }
        let mut is_option = returns_option;
        for (var, value) in optional.into_iter().rev() {
            ts = if is_option {
                quote!(#value.and_then(|#var| #ts))
            } else {
                quote!(#value.map(|#var| #ts))
            };
            is_option = true;
        }
        Ok(Val {
            ts,
            ty,
            opt: is_option,
            owned: false,
        })
    }

    /// `getAttr`: `name`, `name[i]` or `[i]` on a partition, ARN, URL or string array.
    fn get_attr(&self, v: Val, path: &str) -> Result<Val> {
        let (field, index) = match path.split_once('[') {
            Some((field, rest)) => {
                let i = rest
                    .strip_suffix(']')
                    .and_then(|i| i.parse::<usize>().ok())
                    .ok_or_else(|| self.err(format!("malformed getAttr path `{path}`")))?;
                (field, Some(i))
            }
            None => (path, None),
        };
        let lib = crate::emit::path(LIB);
        let unknown = || self.err(format!("{} has no attribute `{path}`", v.ty.name()));
        let (access, ty): (fn(TokenStream) -> TokenStream, Ty) = match (v.ty, field) {
            (Ty::Partition, "name") => (|x| quote!(#x.name), Ty::Str),
            (Ty::Partition, "dnsSuffix") => (|x| quote!(#x.dns_suffix), Ty::Str),
            (Ty::Partition, "dualStackDnsSuffix") => {
                (|x| quote!(#x.dual_stack_dns_suffix), Ty::Str)
            }
            (Ty::Partition, "implicitGlobalRegion") => {
                (|x| quote!(#x.implicit_global_region), Ty::Str)
            }
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
        let arg = Val {
            ts: v.ts.clone(),
            ty: v.ty,
            opt: v.opt,
            owned: false,
        };
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
}

/// The Rust variable of a rule-set name. It must not hide `params` or the `v<n>`
/// closure parameters, so those names get a `_` suffix.
pub(super) fn variable(name: &str) -> proc_macro2::Ident {
    let var = field_name(name);
    let taken = var == "params"
        || var
            .strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
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
}
