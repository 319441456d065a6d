//! The service's `smithy.rules#endpointRuleSet` and `smithy.rules#endpointTests`, parsed
//! into typed rules so that the emitter never looks at raw JSON. Malformed rule sets and
//! unknown functions are errors naming the service shape and the JSON path.

use crate::error::{shape_path, Error, Result};
use crate::load::model::Shape;
use serde_json::{Map, Value};

pub const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const TESTS: &str = "smithy.rules#endpointTests";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name in the rule set (`UseFIPS`).
    pub name: String,
    /// Its field and setter in the generated `Params` (`use_fips`).
    pub field: String,
    pub ty: ParamType,
    /// Parameters with a default are always set; the others may be unset.
    pub default: Option<Value>,
    /// The SDK setting that fills it (`AWS::Region`), if any.
    pub built_in: Option<String>,
    pub doc: String,
}

/// A value in a rule: a reference, a function call or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Ref(String),
    Call {
        name: String,
        args: Vec<Expr>,
    },
    /// A string literal: text and `{Name}` / `{Name#path}` placeholders.
    Template(Vec<Part>),
    Bool(bool),
    Int(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    /// `{Name}` or `{Name#path}`.
    Value {
        name: String,
        path: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub call: Expr,
    /// `assign`: the name the value is bound to for the rest of the rule.
    pub assign: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleBody {
    Endpoint(EndpointValue),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointValue {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    /// JSON whose strings are templates.
    pub properties: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub body: RuleBody,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub params: Vec<Param>,
    pub rules: Vec<Rule>,
    pub tests: Vec<TestCase>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub doc: String,
    /// Parameter name -> value, in the case's order.
    pub params: Vec<(String, Value)>,
    pub expect: Expectation,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Endpoint {
        url: String,
        headers: Vec<(String, Vec<String>)>,
        properties: Map<String, Value>,
    },
    Error(String),
}

/// Every function of the rules engine's standard library and the AWS extensions.
const FUNCTIONS: [&str; 13] = [
    "coalesce",
    "isSet",
    "not",
    "booleanEquals",
    "stringEquals",
    "getAttr",
    "parseURL",
    "substring",
    "isValidHostLabel",
    "uriEncode",
    "aws.partition",
    "aws.parseArn",
    "aws.isVirtualHostableS3Bucket",
];

/// The service's rule set and tests, if it has a rule set.
pub fn of_service(service: &Shape) -> Result<Option<RuleSet>> {
    let Some(raw) = service.traits.get(RULE_SET) else {
        return Ok(None);
    };
    let p = Parser { shape: &service.id };
    let base = format!("{}.traits[{RULE_SET:?}]", shape_path(&service.id));
    let params = p.object(raw.get("parameters"), &format!("{base}.parameters"))?;
    let mut params = params
        .iter()
        .map(|(name, v)| p.param(name, v, &format!("{base}.parameters[{name:?}]")))
        .collect::<Result<Vec<_>>>()?;
    crate::ir::name_setters(params.iter_mut().map(|p| (p.name.as_str(), &mut p.field)));
    let rules = p.rules(raw.get("rules"), &format!("{base}.rules"))?;
    let tests = match service.traits.get(TESTS) {
        Some(t) => {
            let base = format!("{}.traits[{TESTS:?}].testCases", shape_path(&service.id));
            p.array(t.get("testCases"), &base)?
                .iter()
                .enumerate()
                .map(|(i, c)| p.test_case(c, &format!("{base}[{i}]")))
                .collect::<Result<_>>()?
        }
        None => Vec::new(),
    };
    Ok(Some(RuleSet {
        params,
        rules,
        tests,
    }))
}

/// `https://{Region}.{PartitionResult#dnsSuffix}`; `{{` and `}}` are literal braces.
pub fn template(s: &str) -> std::result::Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                let (name, attr) = match inner.split_once('#') {
                    Some((n, a)) => (n, Some(a.to_string())),
                    None => (inner.as_str(), None),
                };
                if name.is_empty() || !closed {
                    return Err(format!("malformed template `{s}`"));
                }
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Value {
                    name: name.to_string(),
                    path: attr,
                });
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() || parts.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(parts)
}

struct Parser<'a> {
    shape: &'a str,
}

impl Parser<'_> {
    fn err(&self, path: &str, message: impl Into<String>) -> Error {
        Error::shape(self.shape, message).at(path)
    }

    fn object<'v>(&self, v: Option<&'v Value>, path: &str) -> Result<&'v Map<String, Value>> {
        v.and_then(Value::as_object)
            .ok_or_else(|| self.err(path, "the endpoint rule set needs an object here"))
    }

    fn array<'v>(&self, v: Option<&'v Value>, path: &str) -> Result<&'v Vec<Value>> {
        v.and_then(Value::as_array)
            .ok_or_else(|| self.err(path, "the endpoint rule set needs an array here"))
    }

    fn string<'v>(&self, v: Option<&'v Value>, path: &str) -> Result<&'v str> {
        v.and_then(Value::as_str)
            .ok_or_else(|| self.err(path, "the endpoint rule set needs a string here"))
    }

    fn param(&self, name: &str, v: &Value, path: &str) -> Result<Param> {
        let ty = match self.string(v.get("type"), &format!("{path}.type"))? {
            "string" | "String" => ParamType::String,
            "boolean" | "Boolean" => ParamType::Boolean,
            "stringArray" => ParamType::StringArray,
            other => {
                return Err(self.err(
                    &format!("{path}.type"),
                    format!("endpoint parameter `{name}` has unknown type `{other}`"),
                ))
            }
        };
        let default = v.get("default").cloned();
        let fits = match (&default, ty) {
            (None, _)
            | (Some(Value::String(_)), ParamType::String)
            | (Some(Value::Bool(_)), ParamType::Boolean) => true,
            (Some(Value::Array(items)), ParamType::StringArray) => {
                items.iter().all(Value::is_string)
            }
            _ => false,
        };
        if !fits {
            return Err(self.err(
                &format!("{path}.default"),
                format!("the default of endpoint parameter `{name}` does not have its type"),
            ));
        }
        let doc = v
            .get("documentation")
            .and_then(Value::as_str)
            .map(crate::ir::docs::html_to_markdown)
            .unwrap_or_default();
        let built_in = v.get("builtIn").and_then(Value::as_str).map(str::to_string);
        Ok(Param {
            name: name.to_string(),
            field: String::new(),
            ty,
            default,
            built_in,
            doc,
        })
    }

    fn rules(&self, v: Option<&Value>, path: &str) -> Result<Vec<Rule>> {
        self.array(v, path)?
            .iter()
            .enumerate()
            .map(|(i, r)| self.rule(r, &format!("{path}[{i}]")))
            .collect()
    }

    fn rule(&self, v: &Value, path: &str) -> Result<Rule> {
        let conditions = match v.get("conditions") {
            None => Vec::new(),
            c => self
                .array(c, &format!("{path}.conditions"))?
                .iter()
                .enumerate()
                .map(|(i, c)| self.condition(c, &format!("{path}.conditions[{i}]")))
                .collect::<Result<_>>()?,
        };
        let body = match self.string(v.get("type"), &format!("{path}.type"))? {
            "endpoint" => {
                RuleBody::Endpoint(self.endpoint(v.get("endpoint"), &format!("{path}.endpoint"))?)
            }
            "error" => RuleBody::Error(self.expr(
                v.get("error").unwrap_or(&Value::Null),
                &format!("{path}.error"),
            )?),
            "tree" => RuleBody::Tree(self.rules(v.get("rules"), &format!("{path}.rules"))?),
            other => {
                return Err(self.err(
                    &format!("{path}.type"),
                    format!("unknown endpoint rule type `{other}`"),
                ))
            }
        };
        Ok(Rule { conditions, body })
    }

    fn condition(&self, v: &Value, path: &str) -> Result<Condition> {
        let call = self.expr(v, path)?;
        if !matches!(call, Expr::Call { .. }) {
            return Err(self.err(path, "an endpoint rule condition must be a function call"));
        }
        let assign = v
            .get("assign")
            .map(|a| {
                self.string(Some(a), &format!("{path}.assign"))
                    .map(str::to_string)
            })
            .transpose()?;
        Ok(Condition { call, assign })
    }

    fn endpoint(&self, v: Option<&Value>, path: &str) -> Result<EndpointValue> {
        let obj = self.object(v, path)?;
        let url = self.expr(
            obj.get("url").unwrap_or(&Value::Null),
            &format!("{path}.url"),
        )?;
        let mut headers = Vec::new();
        if let Some(h) = obj.get("headers") {
            for (name, values) in self.object(Some(h), &format!("{path}.headers"))? {
                let hp = format!("{path}.headers[{name:?}]");
                let values = self
                    .array(Some(values), &hp)?
                    .iter()
                    .enumerate()
                    .map(|(i, e)| self.expr(e, &format!("{hp}[{i}]")))
                    .collect::<Result<_>>()?;
                headers.push((name.clone(), values));
            }
        }
        let properties = match obj.get("properties") {
            Some(p) => self.object(Some(p), &format!("{path}.properties"))?.clone(),
            None => Map::new(),
        };
        Ok(EndpointValue {
            url,
            headers,
            properties,
        })
    }

    fn expr(&self, v: &Value, path: &str) -> Result<Expr> {
        match v {
            Value::String(s) => Ok(Expr::Template(self.template(s, path)?)),
            Value::Bool(b) => Ok(Expr::Bool(*b)),
            Value::Number(n) => n
                .as_i64()
                .map(Expr::Int)
                .ok_or_else(|| self.err(path, format!("`{n}` is not an integer"))),
            Value::Object(o) if o.contains_key("ref") => Ok(Expr::Ref(
                self.string(o.get("ref"), &format!("{path}.ref"))?
                    .to_string(),
            )),
            Value::Object(o) if o.contains_key("fn") => {
                let name = self.string(o.get("fn"), &format!("{path}.fn"))?;
                if !FUNCTIONS.contains(&name) {
                    return Err(self.err(
                        &format!("{path}.fn"),
                        format!(
                            "the endpoint rules call `{name}`, which this generator does not know"
                        ),
                    ));
                }
                let argv = self.array(o.get("argv"), &format!("{path}.argv"))?;
                let args = argv
                    .iter()
                    .enumerate()
                    .map(|(i, a)| self.expr(a, &format!("{path}.argv[{i}]")))
                    .collect::<Result<_>>()?;
                Ok(Expr::Call {
                    name: name.to_string(),
                    args,
                })
            }
            _ => Err(self.err(
                path,
                "expected a string, boolean, integer, `ref` or `fn` here",
            )),
        }
    }

    fn template(&self, s: &str, path: &str) -> Result<Vec<Part>> {
        template(s).map_err(|m| self.err(path, m))
    }

    fn test_case(&self, v: &Value, path: &str) -> Result<TestCase> {
        let doc = v
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let params = match v.get("params") {
            Some(p) => self
                .object(Some(p), &format!("{path}.params"))?
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            None => Vec::new(),
        };
        let expect = self.object(v.get("expect"), &format!("{path}.expect"))?;
        let expect = if let Some(e) = expect.get("error") {
            Expectation::Error(
                self.string(Some(e), &format!("{path}.expect.error"))?
                    .to_string(),
            )
        } else {
            let ep = format!("{path}.expect.endpoint");
            let e = self.object(expect.get("endpoint"), &ep)?;
            let url = self.string(e.get("url"), &format!("{ep}.url"))?.to_string();
            let mut headers = Vec::new();
            if let Some(h) = e.get("headers") {
                for (name, values) in self.object(Some(h), &format!("{ep}.headers"))? {
                    let hp = format!("{ep}.headers[{name:?}]");
                    let values = self
                        .array(Some(values), &hp)?
                        .iter()
                        .map(|s| self.string(Some(s), &hp).map(str::to_string))
                        .collect::<Result<_>>()?;
                    headers.push((name.clone(), values));
                }
            }
            let properties = match e.get("properties") {
                Some(p) => self.object(Some(p), &format!("{ep}.properties"))?.clone(),
                None => Map::new(),
            };
            Expectation::Endpoint {
                url,
                headers,
                properties,
            }
        };
        Ok(TestCase {
            doc,
            params,
            expect,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<Part> {
        template(s).unwrap()
    }

    #[test]
    fn templates() {
        assert_eq!(
            parse("https://{Region}.{P#dnsSuffix}"),
            [
                Part::Text("https://".into()),
                Part::Value {
                    name: "Region".into(),
                    path: None
                },
                Part::Text(".".into()),
                Part::Value {
                    name: "P".into(),
                    path: Some("dnsSuffix".into())
                },
            ]
        );
        assert_eq!(parse("a{{b}}"), [Part::Text("a{b}".into())]);
        assert_eq!(parse(""), [Part::Text(String::new())]);
        assert_eq!(
            template("x{Region"),
            Err("malformed template `x{Region`".to_string())
        );
    }

    #[test]
    fn unknown_functions_name_the_shape() {
        let v: Value = serde_json::json!({"fn": "frobnicate", "argv": []});
        let e = Parser { shape: "a#S" }.expr(&v, "$.x").unwrap_err();
        assert_eq!(e.to_string(), "shape `a#S`: the endpoint rules call `frobnicate`, which this generator does not know (at $.x.fn)");
    }
}
