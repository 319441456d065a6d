//! Shape bodies: members (with elision and default values), enum members, service and
//! resource properties, and operation properties with inline input and output.

use super::cursor::{PResult, Pos};
use super::parser::Parser;
use super::{prelude, Elision};
use serde_json::{json, Map, Value};

impl Parser<'_> {
    /// `[SP] = [SP] value [SP] [,] BR`, after a member.
    pub(super) fn value_assignment(&mut self) -> PResult<Option<Value>> {
        self.c.sp();
        if !self.c.eat('=') {
            return Ok(None);
        }
        self.c.sp();
        let v = self.value()?;
        self.c.sp();
        self.c.eat(',');
        self.c.br()?;
        Ok(Some(v))
    }

    pub(super) fn enum_members(&mut self, id: &str) -> PResult<Map<String, Value>> {
        self.c.expect('{')?;
        self.c.ws();
        let mut members = Map::new();
        while !self.c.eat('}') {
            let mut traits = self.documented_traits()?;
            let at = self.c.pos();
            let name = self.c.identifier()?;
            if let Some(v) = self.value_assignment()? {
                traits.insert("smithy.api#enumValue".into(), v);
            } else {
                self.c.ws();
            }
            let mut m = json!({ "target": "smithy.api#Unit" });
            if !traits.is_empty() {
                m["traits"] = Value::Object(traits);
            }
            self.member_defined(id, &name, at)?;
            members.insert(name, m);
        }
        Ok(members)
    }

    pub(super) fn member_defined(&mut self, id: &str, name: &str, at: Pos) -> PResult<()> {
        let mid = format!("{id}${name}");
        if self.out.positions.insert(mid, at).is_some() {
            return Err(self
                .c
                .error_at(at, format!("member `{name}` is defined twice")));
        }
        Ok(())
    }

    /// `{ name: Target, $elided, ... }` of structures, unions, lists and maps.
    pub(super) fn members(
        &mut self,
        id: &str,
        ty: &str,
        resource: Option<String>,
        mixins: &[String],
        body: &mut Map<String, Value>,
    ) -> PResult<()> {
        self.c.expect('{')?;
        self.c.ws();
        let mut members = Map::new();
        while !self.c.eat('}') {
            if self.c.at_end() {
                return Err(self.c.expected("`}`"));
            }
            let mut traits = self.documented_traits()?;
            let at = self.c.pos();
            let (name, target) = if self.c.eat('$') {
                if self.v1() {
                    return Err(self
                        .c
                        .error_at(at, "elided members need `$version: \"2.0\"`"));
                }
                let name = self.c.identifier()?;
                self.out.elisions.push(Elision {
                    shape: id.to_string(),
                    member: name.clone(),
                    resource: resource.clone(),
                    mixins: mixins.to_vec(),
                    pos: at,
                });
                (name, String::new())
            } else {
                let name = self.c.identifier()?;
                self.c.sp();
                self.c.expect(':')?;
                self.c.sp();
                (name, self.shape_ref()?)
            };
            if let Some(v) = self.value_assignment()? {
                if self.v1() {
                    return Err(self
                        .c
                        .error_at(at, "default values need `$version: \"2.0\"`"));
                }
                traits.insert("smithy.api#default".into(), v);
            } else {
                self.c.ws();
            }
            let mut m = json!({ "target": target });
            if !traits.is_empty() {
                m["traits"] = Value::Object(traits);
            }
            self.member_defined(id, &name, at)?;
            members.insert(name, m);
        }
        let fixed: &[&str] = match ty {
            "list" | "set" => &["member"],
            "map" => &["key", "value"],
            _ => &[],
        };
        if !fixed.is_empty() && members.keys().all(|k| fixed.contains(&k.as_str())) {
            body.extend(members);
        } else {
            body.insert("members".into(), Value::Object(members));
        }
        Ok(())
    }

    /// Service and resource bodies: node objects whose values are shape references.
    pub(super) fn entity(
        &mut self,
        ty: &str,
        obj: Map<String, Value>,
        body: &mut Map<String, Value>,
        at: Pos,
    ) -> PResult<()> {
        let target = |v: &Value| v.as_str().map(|s| json!({ "target": s }));
        for (key, v) in obj {
            let converted = match (ty, key.as_str()) {
                ("service", "version") => v.as_str().map(|_| v.clone()),
                (_, "operations" | "resources")
                | ("service", "errors")
                | ("resource", "collectionOperations") => v
                    .as_array()
                    .and_then(|a| a.iter().map(target).collect::<Option<Vec<_>>>())
                    .map(Value::Array),
                ("service", "rename") => v.as_object().map(|o| {
                    Value::Object(
                        o.iter()
                            .map(|(k, v)| (self.scope.resolve(k), v.clone()))
                            .collect(),
                    )
                }),
                ("resource", "identifiers" | "properties") => {
                    if key == "properties" && self.v1() {
                        return Err(self
                            .c
                            .error_at(at, "resource properties need `$version: \"2.0\"`"));
                    }
                    v.as_object()
                        .and_then(|o| {
                            o.iter()
                                .map(|(k, v)| target(v).map(|t| (k.clone(), t)))
                                .collect::<Option<Map<_, _>>>()
                        })
                        .map(Value::Object)
                }
                ("resource", "create" | "put" | "read" | "update" | "delete" | "list") => {
                    target(&v)
                }
                _ => {
                    return Err(self
                        .c
                        .error_at(at, format!("a {ty} has no property `{key}`")))
                }
            };
            let v = converted.ok_or_else(|| {
                self.c
                    .error_at(at, format!("invalid value for the {ty} property `{key}`"))
            })?;
            body.insert(key, v);
        }
        Ok(())
    }

    /// `{ input: X, output := { ... }, errors: [...] }`.
    pub(super) fn operation(&mut self, name: &str, body: &mut Map<String, Value>) -> PResult<()> {
        self.c.expect('{')?;
        self.c.ws();
        while !self.c.eat('}') {
            let at = self.c.pos();
            let key = self.c.identifier()?;
            if body.contains_key(&key) {
                return Err(self.c.error_at(at, format!("`{key}` is defined twice")));
            }
            self.c.ws();
            let value = match key.as_str() {
                "input" | "output" if self.c.eat_str(":=") => {
                    if self.v1() {
                        return Err(self
                            .c
                            .error_at(at, "inline input and output need `$version: \"2.0\"`"));
                    }
                    self.c.ws();
                    json!({ "target": self.inline_structure(name, &key)? })
                }
                "input" | "output" => {
                    self.c.expect(':')?;
                    self.c.ws();
                    json!({ "target": self.shape_ref()? })
                }
                "errors" => {
                    self.c.expect(':')?;
                    self.c.ws();
                    self.c.expect('[')?;
                    self.c.ws();
                    let mut errors = Vec::new();
                    while !self.c.eat(']') {
                        errors.push(json!({ "target": self.shape_ref()? }));
                        self.c.ws();
                    }
                    Value::Array(errors)
                }
                _ => {
                    return Err(self
                        .c
                        .error_at(at, format!("an operation has no property `{key}`")))
                }
            };
            body.insert(key, value);
            self.c.ws();
        }
        Ok(())
    }

    /// `:= @traits for R with [M] { members }`: a structure named after the operation.
    pub(super) fn inline_structure(&mut self, op: &str, which: &str) -> PResult<String> {
        let mut traits = self.documented_traits()?;
        let suffix = if which == "input" {
            &self.input_suffix
        } else {
            &self.output_suffix
        };
        let name = format!("{op}{suffix}");
        let at = self.c.pos();
        let id = self.define(&name, at)?;
        let resource = if self.peek_word() == "for" {
            self.c.eat_str("for");
            self.c.require_sp()?;
            Some(self.shape_ref()?)
        } else {
            None
        };
        let mixins = self.mixins()?;
        self.c.ws();
        let mut body = Map::new();
        body.insert("type".into(), json!("structure"));
        if !mixins.is_empty() {
            body.insert(
                "mixins".into(),
                Value::Array(mixins.iter().map(|m| json!({ "target": m })).collect()),
            );
        }
        self.members(&id, "structure", resource, &mixins, &mut body)?;
        traits.insert(format!("{}#{which}", prelude::NAMESPACE), json!({}));
        body.insert("traits".into(), Value::Object(traits));
        self.out.shapes.insert(id.clone(), Value::Object(body));
        Ok(id)
    }
}
