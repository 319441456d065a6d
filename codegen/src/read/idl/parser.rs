//! Recursive descent over one IDL file: control, metadata, namespace and `use`
//! statements, then shapes and `apply` statements, as JSON AST pieces.

use super::cursor::{Cursor, PResult, Pos};
use super::{node, prelude, Parsed};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const SIMPLE: &[&str] = &[
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
];

/// How relative shape ids of one file resolve: `use` first, then shapes of the file's
/// namespace (in any file), then the prelude, else the file's namespace.
pub(super) struct Scope<'a> {
    namespace: String,
    uses: BTreeMap<String, String>,
    /// Every file's shapes; `None` in the first pass, which only learns what is defined.
    known: Option<&'a BTreeSet<String>>,
}

impl Scope<'_> {
    /// Whether ids resolve against every file's shapes (the second pass).
    fn final_pass(&self) -> bool {
        self.known.is_some()
    }

    /// An unquoted shape id in a node value, which must name a shape.
    pub(super) fn resolve_value(&self, id: &str) -> Option<String> {
        let root = id.split('$').next().unwrap_or(id);
        let defined = id.contains('#')
            || self.uses.contains_key(root)
            || prelude::defines(root)
            || self
                .known
                .is_none_or(|k| k.contains(&format!("{}#{root}", self.namespace)));
        defined.then(|| self.resolve(id))
    }

    pub(super) fn resolve(&self, id: &str) -> String {
        if id.contains('#') {
            return id.to_string();
        }
        let (name, member) = match id.split_once('$') {
            Some((n, m)) => (n, Some(m)),
            None => (id, None),
        };
        let local = format!("{}#{name}", self.namespace);
        let root = match self.uses.get(name) {
            Some(abs) => abs.clone(),
            None if self.known.is_some_and(|k| k.contains(&local)) => local,
            None if prelude::defines(name) => format!("{}#{name}", prelude::NAMESPACE),
            None => local,
        };
        match member {
            Some(m) => format!("{root}${m}"),
            None => root,
        }
    }
}

pub struct Parser<'a> {
    pub(super) c: Cursor<'a>,
    pub(super) scope: Scope<'a>,
    pub(super) input_suffix: String,
    pub(super) output_suffix: String,
    pub(super) out: Parsed,
}

pub fn parse(src: &str, known: Option<&BTreeSet<String>>) -> PResult<Parsed> {
    let mut p = Parser {
        c: Cursor::new(src),
        scope: Scope {
            namespace: String::new(),
            uses: BTreeMap::new(),
            known,
        },
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
        out: Parsed {
            version: "1.0".into(),
            ..Parsed::default()
        },
    };
    p.file()?;
    Ok(p.out)
}

impl Parser<'_> {
    pub(super) fn v1(&self) -> bool {
        self.out.version.starts_with('1')
    }

    /// The identifier at the cursor, without consuming it.
    pub(super) fn peek_word(&self) -> &str {
        let rest = self.c.rest();
        &rest[..rest
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .unwrap_or(rest.len())]
    }

    fn keyword(&mut self, word: &str) -> bool {
        if self.peek_word() == word {
            self.c.eat_str(word);
            true
        } else {
            false
        }
    }

    pub(super) fn value(&mut self) -> PResult<Value> {
        let scope = &self.scope;
        node::value(&mut self.c, &|id| scope.resolve_value(id))
    }

    pub(super) fn shape_ref(&mut self) -> PResult<String> {
        let id = self.c.shape_id()?;
        Ok(self.scope.resolve(&id))
    }

    fn file(&mut self) -> PResult<()> {
        self.c.eat('\u{feff}');
        self.c.ws();
        let mut version_seen = false;
        while self.c.peek() == Some('$') {
            self.control(&mut version_seen)?;
        }
        while self.keyword("metadata") {
            self.metadata()?;
        }
        if self.c.at_end() {
            return Ok(());
        }
        if !self.keyword("namespace") {
            return Err(self.c.expected("`namespace` before shapes"));
        }
        self.c.require_sp()?;
        self.scope.namespace = self.c.namespace()?;
        if matches!(self.c.peek(), Some('#' | '$')) {
            return Err(self
                .c
                .error(format!("a namespace cannot contain `{}`", self.c.found())));
        }
        self.c.br()?;
        while self.keyword("use") {
            self.use_statement()?;
        }
        while !self.c.at_end() {
            self.shape_or_apply()?;
            self.c.br()?;
        }
        Ok(())
    }

    /// `$key: value` (version and the inline input/output suffixes mean something).
    fn control(&mut self, version_seen: &mut bool) -> PResult<()> {
        self.c.bump();
        let at = self.c.pos();
        let key = node::object_key(&mut self.c)?;
        self.c.sp();
        self.c.expect(':')?;
        self.c.sp();
        let vat = self.c.pos();
        let value = self.value()?;
        match key.as_str() {
            "version" => {
                if std::mem::replace(version_seen, true) {
                    return Err(self.c.error_at(at, "the version is set more than once"));
                }
                match value.as_str() {
                    Some(v @ ("1" | "1.0" | "2" | "2.0")) => self.out.version = v.to_string(),
                    _ => {
                        return Err(self
                            .c
                            .error_at(vat, format!("unsupported Smithy version {value}")))
                    }
                }
            }
            "operationInputSuffix" | "operationOutputSuffix" => {
                let s = value
                    .as_str()
                    .ok_or_else(|| self.c.error_at(vat, "a suffix must be a string"))?;
                if key == "operationInputSuffix" {
                    self.input_suffix = s.to_string();
                } else {
                    self.output_suffix = s.to_string();
                }
            }
            _ => {}
        }
        self.c.br()
    }

    fn metadata(&mut self) -> PResult<()> {
        self.c.require_sp()?;
        let at = self.c.pos();
        let key = node::object_key(&mut self.c)?;
        self.c.sp();
        self.c.expect('=')?;
        self.c.sp();
        let value = self.value()?;
        if self.out.metadata.insert(key.clone(), value).is_some() {
            return Err(self
                .c
                .error_at(at, format!("metadata `{key}` is set more than once")));
        }
        self.c.br()
    }

    fn use_statement(&mut self) -> PResult<()> {
        self.c.require_sp()?;
        let at = self.c.pos();
        let id = self.c.shape_id()?;
        let Some((_, name)) = id.split_once('#').filter(|_| !id.contains('$')) else {
            return Err(self.c.error_at(
                at,
                format!("`use` needs an absolute shape id without a member, found `{id}`"),
            ));
        };
        if let Some(prev) = self.scope.uses.insert(name.to_string(), id.clone()) {
            if prev != id {
                return Err(self
                    .c
                    .error_at(at, format!("`use {id}` conflicts with `use {prev}`")));
            }
        }
        self.c.br()
    }

    /// The doc comment before a shape or member (as `@documentation`, unless that trait
    /// is also written) and its trait statements.
    pub(super) fn documented_traits(&mut self) -> PResult<Map<String, Value>> {
        let docs = self.c.take_docs();
        let mut traits = self.traits()?;
        if let Some(d) = docs {
            traits
                .entry("smithy.api#documentation")
                .or_insert(Value::String(d));
        }
        Ok(traits)
    }

    /// Trait statements, each followed by whitespace.
    pub(super) fn traits(&mut self) -> PResult<Map<String, Value>> {
        let mut traits = Map::new();
        while self.c.peek() == Some('@') {
            let at = self.c.pos();
            let (id, value) = self.trait_statement()?;
            // Before every file's shapes are known, two names may resolve alike by mistake.
            if traits.insert(id.clone(), value).is_some() && self.scope.final_pass() {
                return Err(self
                    .c
                    .error_at(at, format!("trait `{id}` is applied twice")));
            }
            self.c.ws();
        }
        Ok(traits)
    }

    /// `@id`, `@id(value)` or `@id(key: value, ...)`.
    fn trait_statement(&mut self) -> PResult<(String, Value)> {
        self.c.expect('@')?;
        let id = self.shape_ref()?;
        if !self.c.eat('(') {
            return Ok((id, json!({})));
        }
        self.c.ws();
        if self.c.eat(')') {
            return Ok((id, json!({})));
        }
        if !self.trait_structure_ahead() {
            let v = self.value()?;
            self.c.ws();
            self.c.expect(')')?;
            return Ok((id, v));
        }
        let mut map = Map::new();
        while !self.c.eat(')') {
            if self.c.at_end() {
                return Err(self.c.expected("`)`"));
            }
            let at = self.c.pos();
            let key = node::object_key(&mut self.c)?;
            self.c.ws();
            self.c.expect(':')?;
            self.c.ws();
            let v = self.value()?;
            if map.insert(key.clone(), v).is_some() {
                return Err(self.c.error_at(at, format!("duplicate key `{key}`")));
            }
            self.c.ws();
        }
        Ok((id, Value::Object(map)))
    }

    /// Whether a trait body is `key: value` pairs rather than one value.
    fn trait_structure_ahead(&self) -> bool {
        let mut probe = self.c.clone();
        let key = if probe.peek() == Some('"') {
            node::string(&mut probe).is_ok()
        } else {
            probe.shape_id().is_ok()
        };
        probe.ws();
        key && probe.peek() == Some(':')
    }

    fn shape_or_apply(&mut self) -> PResult<()> {
        let has_traits = self.c.peek() == Some('@');
        let traits = self.documented_traits()?;
        if self.peek_word() == "apply" {
            // Doc comments before `apply` are plain comments; traits are an error.
            if has_traits {
                return Err(self.c.error("traits cannot come before `apply`"));
            }
            return self.apply();
        }
        let ty = self.shape_type()?;
        self.c.require_sp()?;
        let name_at = self.c.pos();
        let name = self.c.identifier()?;
        if matches!(self.c.peek(), Some('#' | '.' | '$')) {
            return Err(self.c.error(format!(
                "a shape name must be a plain identifier, found {}",
                self.c.found()
            )));
        }
        let id = self.define(&name, name_at)?;
        let mut body = Map::new();
        body.insert("type".into(), Value::String(ty.clone()));
        let resource = if matches!(ty.as_str(), "structure" | "union" | "list" | "map" | "set") {
            self.for_resource()?
        } else {
            None
        };
        let mixins = self.mixins()?;
        if !mixins.is_empty() {
            body.insert(
                "mixins".into(),
                Value::Array(mixins.iter().map(|m| json!({ "target": m })).collect()),
            );
        }
        if !SIMPLE.contains(&ty.as_str()) {
            self.c.ws();
        }
        match ty.as_str() {
            t if SIMPLE.contains(&t) => {}
            "enum" | "intEnum" => {
                let members = self.enum_members(&id)?;
                body.insert("members".into(), Value::Object(members));
            }
            "service" | "resource" => {
                let at = self.c.pos();
                let scope = &self.scope;
                let obj = node::object(&mut self.c, &|i| scope.resolve_value(i))?;
                self.entity(&ty, obj, &mut body, at)?;
            }
            "operation" => self.operation(&name, &mut body)?,
            _ => self.members(&id, &ty, resource, &mixins, &mut body)?,
        }
        if !traits.is_empty() {
            body.insert("traits".into(), Value::Object(traits));
        }
        self.out.shapes.insert(id, Value::Object(body));
        Ok(())
    }

    /// The shape type keyword, checked against the file's Smithy version.
    fn shape_type(&mut self) -> PResult<String> {
        let at = self.c.pos();
        let ty = self.peek_word().to_string();
        if ty.is_empty() {
            return Err(self.c.expected("a shape or `apply` statement"));
        }
        let known = SIMPLE.contains(&ty.as_str())
            || matches!(
                ty.as_str(),
                "enum"
                    | "intEnum"
                    | "list"
                    | "set"
                    | "map"
                    | "structure"
                    | "union"
                    | "service"
                    | "resource"
                    | "operation"
            );
        if !known {
            return Err(self.c.error_at(at, format!("unknown shape type `{ty}`")));
        }
        if ty == "set" && !self.v1() {
            return Err(self.c.error_at(
                at,
                "`set` is not part of Smithy 2.0; use a list with @uniqueItems",
            ));
        }
        if matches!(ty.as_str(), "enum" | "intEnum") && self.v1() {
            return Err(self
                .c
                .error_at(at, format!("`{ty}` shapes need `$version: \"2.0\"`")));
        }
        self.c.eat_str(&ty);
        Ok(ty)
    }

    /// Registers a shape defined in this file, checking `use` and duplicates.
    pub(super) fn define(&mut self, name: &str, at: Pos) -> PResult<String> {
        let id = format!("{}#{name}", self.scope.namespace);
        if let Some(used) = self.scope.uses.get(name).filter(|u| **u != id) {
            return Err(self.c.error_at(
                at,
                format!("shape name `{name}` conflicts with imported shape `{used}`"),
            ));
        }
        if self.out.positions.contains_key(&id) {
            return Err(self
                .c
                .error_at(at, format!("shape `{id}` is defined twice")));
        }
        self.out.positions.insert(id.clone(), at);
        Ok(id)
    }

    /// `[SP] for ShapeId` before the mixins of a structure-like shape.
    fn for_resource(&mut self) -> PResult<Option<String>> {
        let save = self.c.pos();
        self.c.sp();
        if self.peek_word() == "for" && self.c.pos() != save {
            self.c.eat_str("for");
            if self.v1() {
                return Err(self.c.error_at(save, "`for` needs `$version: \"2.0\"`"));
            }
            self.c.require_sp()?;
            return Ok(Some(self.shape_ref()?));
        }
        Ok(None)
    }

    /// `[SP] with [ids...]`.
    pub(super) fn mixins(&mut self) -> PResult<Vec<String>> {
        self.c.sp();
        if self.peek_word() != "with" {
            return Ok(Vec::new());
        }
        let at = self.c.pos();
        self.c.eat_str("with");
        if self.v1() {
            return Err(self.c.error_at(at, "mixins need `$version: \"2.0\"`"));
        }
        self.c.ws();
        self.c.expect('[')?;
        self.c.ws();
        let mut ids = Vec::new();
        while !self.c.eat(']') {
            ids.push(self.shape_ref()?);
            self.c.ws();
        }
        if ids.is_empty() {
            return Err(self.c.error_at(at, "`with` needs at least one mixin"));
        }
        Ok(ids)
    }

    /// `apply Target @trait` or `apply Target { @a @b }`.
    fn apply(&mut self) -> PResult<()> {
        self.c.eat_str("apply");
        self.c.require_sp()?;
        let at = self.c.pos();
        let target = self.shape_ref()?;
        self.out.apply_positions.entry(target.clone()).or_insert(at);
        if !self.c.ws() {
            return Err(self.c.expected("whitespace"));
        }
        let traits = if self.c.eat('{') {
            self.c.ws();
            let t = self.traits()?;
            self.c.expect('}')?;
            t
        } else if self.c.peek() == Some('@') {
            let (id, value) = self.trait_statement()?;
            Map::from_iter([(id, value)])
        } else {
            return Err(self.c.expected("a trait or `{` after the `apply` target"));
        };
        self.out.applies.push((target, traits));
        Ok(())
    }
}
