//! Test-case `params` (Smithy node values) -> Rust expressions that build the same value
//! with the generated crate's builders, enums and unions.

use codegen::ir::{Crate, NamedKind, Presence, Ty, TyKind};
use serde_json::{Number, Value};

/// Translates node values for one generated crate.
pub struct Params<'a> {
    pub krate: &'a Crate,
    /// The generated crate's name as a Rust path root (`json_protocol_client`).
    pub crate_ident: &'a str,
}

type Result<T> = std::result::Result<T, String>;

impl Params<'_> {
    /// A path of the IR (`crate::types::Foo`) as seen from outside the crate.
    pub fn path(&self, ir_path: &str) -> String {
        match ir_path.strip_prefix("crate::") {
            Some(rest) => format!("{}::{rest}", self.crate_ident),
            None => ir_path.to_string(),
        }
    }

    /// The Rust type of `ty`, with crate paths made external.
    fn rust_type(&self, ty: &Ty) -> String {
        codegen::emit::rust_type(ty)
            .to_string()
            .replace("crate ::", &format!("{} ::", self.crate_ident))
    }

    /// `Struct::builder().a(..).b(..).build()` (unwrapped when `build` can fail: an
    /// operation's input, or a structure with required members).
    pub fn structure(&self, id: &str, params: &Value) -> Result<String> {
        let s = self
            .krate
            .structs
            .get(id)
            .ok_or_else(|| format!("`{id}` is not a generated structure"))?;
        let members = match params {
            Value::Object(m) => m.clone(),
            Value::Null => Default::default(),
            other => return Err(format!("`{id}` expects an object, got {other}")),
        };
        let mut out = format!(
            "{}::builder()",
            self.path(&format!("{}::{}", s.module.path(), s.name))
        );
        for (key, value) in &members {
            let field = s
                .fields
                .iter()
                .find(|f| &f.wire == key)
                .ok_or_else(|| format!("`{id}` has no member `{key}`"))?;
            if value.is_null() {
                continue;
            }
            let v = self
                .value(&field.ty, value)
                .map_err(|e| format!("{key}: {e}"))?;
            // A collection's one-name setter takes one item; `set_` takes the whole.
            if matches!(field.ty.kind, TyKind::List { .. } | TyKind::Map { .. }) {
                out.push_str(&format!(
                    ".set_{}(::std::option::Option::Some({v}))",
                    field.method
                ));
            } else {
                out.push_str(&format!(".{}({v})", field.name));
            }
        }
        out.push_str(".build()");
        if s.input || s.fields.iter().any(|f| f.presence == Presence::Required) {
            out.push_str(".expect(\"params set every required member\")");
        }
        Ok(out)
    }

    /// An expression of the Rust type of `ty` holding `v`.
    pub fn value(&self, ty: &Ty, v: &Value) -> Result<String> {
        let mismatch = || format!("{v} does not fit {:?}", ty.kind);
        Ok(match (&ty.kind, v) {
            (TyKind::Bool, Value::Bool(b)) => b.to_string(),
            (TyKind::Byte, Value::Number(n)) => int(n, "i8")?,
            (TyKind::Short, Value::Number(n)) => int(n, "i16")?,
            (TyKind::Int, Value::Number(n)) => int(n, "i32")?,
            (TyKind::Long, Value::Number(n)) => int(n, "i64")?,
            (TyKind::Float, _) => float(v, "f32")?,
            (TyKind::Double, _) => float(v, "f64")?,
            (TyKind::String, Value::String(s)) => format!("::std::string::String::from({s:?})"),
            // Params give blobs as their text.
            (TyKind::Blob, Value::String(s)) => format!("{s:?}.as_bytes().to_vec()"),
            (TyKind::Timestamp(_), Value::Number(n)) => {
                format!("{}::primitives::DateTime::from_epoch_seconds_str({:?}).expect(\"epoch seconds\")", self.crate_ident, n.to_string())
            }
            (TyKind::Document, _) => self.document(v),
            (TyKind::BigNumber, Value::Number(n)) => {
                format!(
                    "{}::primitives::BigNumber::parse({:?}).expect(\"number\")",
                    self.crate_ident,
                    n.to_string()
                )
            }
            (
                TyKind::Named {
                    id,
                    kind: NamedKind::Struct,
                    ..
                },
                _,
            ) => self.structure(id, v)?,
            (
                TyKind::Named {
                    path,
                    kind: NamedKind::Enum,
                    ..
                },
                Value::String(s),
            ) => format!("{}::from({s:?})", self.path(path)),
            (
                TyKind::Named {
                    path,
                    kind: NamedKind::IntEnum,
                    ..
                },
                Value::Number(n),
            ) => {
                format!("{}::from({})", self.path(path), int(n, "i32")?)
            }
            (
                TyKind::Named {
                    id,
                    path,
                    kind: NamedKind::Union,
                },
                Value::Object(m),
            ) => self.union(id, path, m)?,
            (TyKind::List { member, sparse }, Value::Array(items)) => {
                let items = items
                    .iter()
                    .map(|i| self.nullable(member, *sparse, i))
                    .collect::<Result<Vec<_>>>()?;
                format!("<{}>::from([{}])", self.rust_type(ty), items.join(", "))
            }
            (TyKind::Map { key, value, sparse }, Value::Object(m)) => {
                // Keys are strings or string enums, written as strings.
                let entries = m
                    .iter()
                    .map(|(k, item)| {
                        Ok(format!(
                            "({}, {})",
                            self.value(key, &Value::String(k.clone()))?,
                            self.nullable(value, *sparse, item)?
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?;
                format!("<{}>::from([{}])", self.rust_type(ty), entries.join(", "))
            }
            _ => return Err(mismatch()),
        })
    }

    /// A list item or map value: `Some(..)` / `None` when sparse.
    fn nullable(&self, ty: &Ty, sparse: bool, v: &Value) -> Result<String> {
        match (sparse, v) {
            (true, Value::Null) => Ok("::std::option::Option::None".into()),
            (true, _) => Ok(format!(
                "::std::option::Option::Some({})",
                self.value(ty, v)?
            )),
            (false, Value::Null) => Err("null in a dense collection".into()),
            (false, _) => self.value(ty, v),
        }
    }

    fn union(
        &self,
        id: &str,
        path: &str,
        members: &serde_json::Map<String, Value>,
    ) -> Result<String> {
        let u = self
            .krate
            .unions
            .get(id)
            .ok_or_else(|| format!("`{id}` is not a generated union"))?;
        let set: Vec<_> = members.iter().filter(|(_, v)| !v.is_null()).collect();
        let [(key, value)] = set[..] else {
            return Err(format!(
                "a `{id}` value needs exactly one member, got {}",
                set.len()
            ));
        };
        let variant = u
            .variants
            .iter()
            .find(|v| &v.wire == key)
            .ok_or_else(|| format!("`{id}` has no member `{key}`"))?;
        let head = format!("{}::{}", self.path(path), variant.name);
        if variant.ty.kind == TyKind::Unit {
            return Ok(head);
        }
        let inner = self
            .value(&variant.ty, value)
            .map_err(|e| format!("{key}: {e}"))?;
        Ok(if variant.boxed {
            format!("{head}(::std::boxed::Box::new({inner}))")
        } else {
            format!("{head}({inner})")
        })
    }

    fn document(&self, v: &Value) -> String {
        let doc = format!("{}::primitives::Document", self.crate_ident);
        let number = format!("{}::primitives::Number", self.crate_ident);
        match v {
            Value::Null => format!("{doc}::Null"),
            Value::Bool(b) => format!("{doc}::Bool({b})"),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => format!("{doc}::Number({number}::PosInt({u}))"),
                (None, Some(i), _) => format!("{doc}::Number({number}::NegInt({i}))"),
                (_, _, f) => format!(
                    "{doc}::Number({number}::Float({:?}f64))",
                    f.unwrap_or_default()
                ),
            },
            Value::String(s) => format!("{doc}::String(::std::string::String::from({s:?}))"),
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|i| self.document(i)).collect();
                format!(
                    "{doc}::Array(::std::vec::Vec::from([{}]))",
                    items.join(", ")
                )
            }
            Value::Object(m) => {
                let entries: Vec<String> = m
                    .iter()
                    .map(|(k, v)| {
                        format!("(::std::string::String::from({k:?}), {})", self.document(v))
                    })
                    .collect();
                format!(
                    "{doc}::Object(::std::collections::BTreeMap::from([{}]))",
                    entries.join(", ")
                )
            }
        }
    }
}

/// An integer literal with its suffix, checked against the type's range.
fn int(n: &Number, suffix: &str) -> Result<String> {
    let v = n.as_i64().ok_or_else(|| format!("{n} is not an integer"))?;
    let fits = match suffix {
        "i8" => i8::try_from(v).is_ok(),
        "i16" => i16::try_from(v).is_ok(),
        "i32" => i32::try_from(v).is_ok(),
        _ => true,
    };
    if !fits {
        return Err(format!("{v} does not fit {suffix}"));
    }
    Ok(format!("({v}{suffix})"))
}

/// A float literal; params spell the non-finite values `NaN`, `Infinity`, `-Infinity`.
fn float(v: &Value, ty: &str) -> Result<String> {
    Ok(match v {
        Value::Number(n) => format!("({:?}f64 as {ty})", n.as_f64().unwrap_or_default()),
        Value::String(s) if s == "NaN" => format!("{ty}::NAN"),
        Value::String(s) if s == "Infinity" => format!("{ty}::INFINITY"),
        Value::String(s) if s == "-Infinity" => format!("{ty}::NEG_INFINITY"),
        other => return Err(format!("{other} is not a float")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with_params(f: impl FnOnce(&Params)) {
        let path = ::tests::root().join("tests/fixtures/models/compliance-cases.json");
        let model = codegen::load_json(&std::fs::read(path).unwrap()).unwrap();
        let krate = codegen::lower(
            &model,
            &::tests::options(codegen::select::Operations::All, "x"),
        )
        .unwrap();
        f(&Params {
            krate: &krate,
            crate_ident: "hc",
        });
    }

    #[test]
    fn builders_unions_collections_and_special_floats() {
        with_params(|p| {
            let input = "example.harness#Greet$Input";
            let built = p
                .structure(
                    input,
                    &json!({ "name": "A\"b", "ratio": "NaN", "choice": { "b": -3 }, "counts": {} }),
                )
                .unwrap();
            assert_eq!(
                built,
                "hc::operation::greet::GreetInput::builder().name(::std::string::String::from(\"A\\\"b\")).ratio(f64::NAN)\
                 .choice(hc::types::Choice::B((-3i32))).set_counts(::std::option::Option::Some(<:: std :: collections :: BTreeMap < :: std :: string :: String , f32 >>::from([])))\
                 .build().expect(\"params set every required member\")"
            );
            let tags = p
                .structure(
                    input,
                    &json!({ "name": "n", "tags": ["x"], "data": "hi", "when": 1.5 }),
                )
                .unwrap();
            assert!(tags.contains(".set_tags(::std::option::Option::Some(<:: std :: vec :: Vec < :: std :: string :: String >>::from([::std::string::String::from(\"x\")])))"), "{tags}");
            assert!(tags.contains(".data(\"hi\".as_bytes().to_vec())"), "{tags}");
            assert!(
                tags.contains(".when(hc::primitives::DateTime::from_epoch_seconds_str(\"1.5\")"),
                "{tags}"
            );
        });
    }

    #[test]
    fn params_that_do_not_fit_the_model_are_errors() {
        with_params(|p| {
            let input = "example.harness#Greet$Input";
            let err = |v: Value| p.structure(input, &v).unwrap_err();
            assert_eq!(
                err(json!({ "nope": 1 })),
                "`example.harness#Greet$Input` has no member `nope`"
            );
            assert_eq!(
                err(json!({ "choice": { "a": "x", "b": 1 } })),
                "choice: a `example.harness#Choice` value needs exactly one member, got 2"
            );
            assert_eq!(
                err(json!({ "tags": [null] })),
                "tags: null in a dense collection"
            );
            assert_eq!(
                err(json!({ "ratio": "huge" })),
                "ratio: \"huge\" is not a float"
            );
            assert!(err(json!({ "choice": { "b": 3000000000u64 } })).contains("does not fit i32"));
        });
    }
}
