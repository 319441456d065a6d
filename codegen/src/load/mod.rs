//! Loading: JSON AST documents -> one [`Model`]. Merges the documents, adds the prelude,
//! applies `apply` statements, flattens mixins, upgrades Smithy 1.0 shapes and checks every
//! reference. Any fault names the shape id
//! and the JSON path; nothing here panics on bad input.

pub mod model;

mod apply;
mod cycles;
mod mixins;
mod prelude;
mod shapes;
mod upgrade;
mod validate;

use apply::apply_traits;
use mixins::flatten_mixins;
use shapes::{check_shape_id, parse_document, parse_traits};
use upgrade::{fill_enum_values, upgrade_v1};
use validate::validate;

use crate::error::{shape_path, Error, Result};
use crate::load::model::{Model, Traits};
use crate::read::json::Document;
use serde_json::Value;
use std::collections::BTreeSet;

const PRELUDE_NS: &str = "smithy.api";
const UNIT: &str = "smithy.api#Unit";

/// Merges several documents into one model: a shape defined twice must be defined
/// identically; metadata lists concatenate, other metadata must agree. Smithy 1.0
/// semantics apply to the shapes of 1.0 documents only.
pub fn load_documents(docs: Vec<Document>) -> Result<Model> {
    let mut model = Model::default();
    let mut applies = Vec::new();
    let mut v1 = BTreeSet::new();
    let mut versions = BTreeSet::new();
    for doc in docs {
        let (part, doc_applies) = parse_document(doc.ast).map_err(|e| e.in_file(&doc.name))?;
        applies.extend(doc_applies);
        for (target, traits) in doc.applies {
            let path = || shape_path(&target);
            check_shape_id(&target)
                .map_err(|m| Error::shape(&target, m).at(path()).in_file(&doc.name))?;
            let traits = parse_traits(&target, Some(Value::Object(traits)), &|| {
                format!("{}.traits", path())
            })
            .map_err(|e| e.in_file(&doc.name))?;
            applies.push(Apply { target, traits });
        }
        if part.version.starts_with('1') {
            v1.extend(part.shapes.keys().cloned());
        }
        versions.insert(part.version.clone());
        merge(&mut model, part).map_err(|e| e.in_file(&doc.name))?;
    }
    model.version = match versions.len() {
        1 => versions.pop_first().unwrap_or_default(),
        _ => "2.0".into(),
    };
    assemble(model, applies, &v1)
}

/// Adds one document's shapes and metadata to the model under the merge rules.
fn merge(model: &mut Model, part: Model) -> Result<()> {
    for (key, value) in part.metadata {
        let path = format!("$.metadata[{key:?}]");
        match model.metadata.get_mut(&key) {
            None => {
                model.metadata.insert(key, value);
            }
            Some(Value::Array(existing)) if value.is_array() => {
                existing.extend(value.as_array().into_iter().flatten().cloned());
            }
            Some(existing) if *existing == value => {}
            Some(_) => {
                return Err(
                    Error::new(format!("metadata `{key}` conflicts with another file's")).at(path),
                )
            }
        }
    }
    if model.shapes.is_empty() {
        // The first (or only) document: nothing to compare with.
        model.shapes = part.shapes;
        return Ok(());
    }
    for (id, shape) in part.shapes {
        match model.shapes.get(&id) {
            Some(existing) if *existing != shape => {
                return Err(Error::shape(&id, "is defined twice, differently").at(shape_path(&id)));
            }
            _ => {
                model.shapes.insert(id, shape);
            }
        }
    }
    Ok(())
}

/// An `apply` statement: traits to add to a shape or member defined elsewhere.
struct Apply {
    target: String,
    traits: Traits,
}

/// Whether `target` (a shape id, or `shape$member`) is a shape or a member its shape
/// declares itself.
fn is_declared(model: &Model, target: &str) -> bool {
    let (shape, member) = match target.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (target, None),
    };
    model
        .shapes
        .get(shape)
        .is_some_and(|s| member.is_none_or(|m| s.members.iter().any(|x| x.name == m)))
}

fn assemble(mut model: Model, applies: Vec<Apply>, v1: &BTreeSet<String>) -> Result<Model> {
    for shape in prelude::shapes() {
        if model.shapes.contains_key(&shape.id) {
            return Err(
                Error::shape(&shape.id, "redefines a prelude shape").at(shape_path(&shape.id))
            );
        }
        model.shapes.insert(shape.id.clone(), shape);
    }
    // `apply` to a shape or a member it declares comes first, so that what is applied to a
    // mixin reaches the shapes that use it; `apply` to a member a shape inherits from a
    // mixin comes after flattening and supersedes the inherited traits (the Smithy
    // specification's mixins chapter).
    let (declared, inherited): (Vec<Apply>, Vec<Apply>) = applies
        .into_iter()
        .partition(|a| is_declared(&model, &a.target));
    for apply in declared {
        apply_traits(&mut model, apply, false)?;
    }
    flatten_mixins(&mut model)?;
    for apply in inherited {
        apply_traits(&mut model, apply, true)?;
    }
    if !v1.is_empty() {
        upgrade_v1(&mut model, v1);
    }
    fill_enum_values(&mut model);
    validate(&model)?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::{traits, ShapeType};

    fn load(s: &str) -> Result<Model> {
        crate::load_json(s.as_bytes())
    }

    #[test]
    fn shape_ids() {
        for ok in ["a#B", "a.b_c.d9#_X", "smithy.api#String", "a#B$c", "a#B$_1"] {
            assert!(check_shape_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "B", "#B", "a#", "a.#B", ".a#B", "1a#B", "a#B#C", "a#B$", "a#B$c$d", "a#B.c", "a-b#C",
            "a#É", "a#B$ c",
        ] {
            assert!(check_shape_id(bad).is_err(), "{bad}");
        }
    }

    /// A model with several faults reports the first by id.
    #[test]
    fn the_first_fault_by_id_is_reported() {
        let shape = |i: usize| {
            let target = if i == 10 || i == 300 {
                "a#Missing"
            } else {
                "smithy.api#String"
            };
            format!("\"a#S{i:03}\": {{\"type\": \"structure\", \"members\": {{\"m\": {{\"target\": \"{target}\"}}}}}}")
        };
        let shapes: Vec<String> = (0..400).map(shape).collect();
        let err = load(&format!(
            "{{\"smithy\": \"2.0\", \"shapes\": {{{}}}}}",
            shapes.join(",")
        ))
        .unwrap_err();
        assert!(err.to_string().contains("a#S010$m"), "{err}");
    }

    /// A shape id written twice is one JSON key: the later value wins.
    #[test]
    fn a_shape_written_twice_is_the_later_one() {
        let text = r#"{"smithy": "2.0", "shapes": {"a#S0": {"type": "string"}, "a#S1": {"type": "string"}, "a#S0": {"type": "integer"}}}"#;
        assert_eq!(load(text).unwrap().shape("a#S0").ty, ShapeType::Integer);
    }

    #[test]
    fn prelude_and_members_in_order() {
        let m = load(
            r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{
            "z":{"target":"smithy.api#String"},"a":{"target":"smithy.api#PrimitiveInteger"}}}}}"#,
        )
        .unwrap();
        let s = m.shape("a#S");
        assert_eq!(
            s.members
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>(),
            ["z", "a"]
        );
        assert!(m
            .shape("smithy.api#PrimitiveInteger")
            .has_trait(traits::DEFAULT));
        assert!(m.get("smithy.api#Unit").is_some());
    }

    #[test]
    fn a_list_member_written_both_ways_is_one_member() {
        let m = load(r#"{"smithy":"2.0","shapes":{"a#L":{"type":"list","member":{"target":"smithy.api#String"},
            "members":{"member":{"target":"smithy.api#String","traits":{"smithy.api#documentation":"x"}}}}}}"#)
        .unwrap();
        let l = m.shape("a#L");
        assert_eq!(l.members.len(), 1);
        assert!(l.members[0].traits.contains_key(traits::DOCUMENTATION));
    }

    #[test]
    fn mixins_merge_members_and_traits() {
        let m = load(
            r#"{"smithy":"2.0","shapes":{
            "a#M":{"type":"structure","members":{"x":{"target":"smithy.api#String"}},
                   "traits":{"smithy.api#mixin":{},"smithy.api#sensitive":{}}},
            "a#S":{"type":"structure","mixins":[{"target":"a#M"}],
                   "members":{"y":{"target":"smithy.api#String"}}}}}"#,
        )
        .unwrap();
        let s = m.shape("a#S");
        assert_eq!(
            s.members
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>(),
            ["x", "y"]
        );
        assert!(s.has_trait(traits::SENSITIVE));
        assert!(!s.has_trait(traits::MIXIN));
    }

    #[test]
    fn apply_adds_member_traits() {
        let m = load(
            r#"{"smithy":"2.0","shapes":{
            "a#S":{"type":"structure","members":{"x":{"target":"smithy.api#String"}}},
            "a#S$x":{"type":"apply","traits":{"smithy.api#required":{}}}}}"#,
        )
        .unwrap();
        assert!(m
            .shape("a#S")
            .member("x")
            .unwrap()
            .traits
            .contains_key(traits::REQUIRED));
    }

    #[test]
    fn applied_traits_merge_or_conflict() {
        let doc = |traits: &str| {
            format!(
                r#"{{"smithy":"2.0","shapes":{{
                "a#S":{{"type":"structure","members":{{"x":{{"target":"smithy.api#String",
                    "traits":{{"smithy.api#tags":["x"],"smithy.api#documentation":"d"}}}}}}}},
                "a#S$x":{{"type":"apply","traits":{traits}}}}}}}"#
            )
        };
        let m = load(&doc(
            r#"{"smithy.api#tags":["y"],"smithy.api#documentation":"d"}"#,
        ))
        .unwrap();
        assert_eq!(
            m.shape("a#S").member("x").unwrap().traits["smithy.api#tags"],
            serde_json::json!(["x", "y"])
        );
        let err = load(&doc(r#"{"smithy.api#documentation":"other"}"#)).unwrap_err();
        assert!(err.message.contains("conflicts"), "{err}");
    }

    #[test]
    fn errors_name_shape_and_path() {
        let cases = [
            (
                r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","members":{"x":{"target":"a#Nope"}}}}}"#,
                "a#S$x",
                "not defined",
            ),
            (
                r#"{"smithy":"2.0","shapes":{"a#S":{"type":"string","members":{"x":{"target":"smithy.api#String"}}}}}"#,
                "a#S",
                "cannot have a member",
            ),
            (
                r#"{"smithy":"2.0","shapes":{"a#S":{"type":"structure","value":{"target":"smithy.api#String"}}}}"#,
                "a#S",
                "a structure shape cannot have `value`",
            ),
            (
                r#"{"smithy":"2.0","shapes":{"a#L":{"type":"list","member":{"target":"smithy.api#String","traits":{"x":1}}}}}"#,
                "a#L$member",
                "trait id \"x\" is not absolute",
            ),
            (
                r#"{"smithy":"2.0","shapes":{"a#S":{"type":"thing"}}}"#,
                "a#S",
                "unknown shape type",
            ),
            (
                r#"{"smithy":"2.0","shapes":{"a#S$x":{"type":"apply","traits":{}}}}"#,
                "a#S$x",
                "does not exist",
            ),
            (
                r#"{"smithy":"2.0","shapes":{
                "a#A":{"type":"structure","mixins":[{"target":"a#B"}],"traits":{"smithy.api#mixin":{}}},
                "a#B":{"type":"structure","mixins":[{"target":"a#A"}],"traits":{"smithy.api#mixin":{}}}}}"#,
                "a#A",
                "mixin cycle",
            ),
            (
                r#"{"smithy":"2.0","shapes":{"a#E":{"type":"enum","members":{
                "A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"x"}},
                "B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"x"}}}}}}"#,
                "a#E",
                "same value",
            ),
        ];
        for (src, shape, needle) in cases {
            let e = load(src).unwrap_err();
            assert_eq!(e.shape.as_deref(), Some(shape), "{e}");
            assert!(e.message.contains(needle), "{e}");
            assert!(e.path.as_deref().unwrap().starts_with("$.shapes["), "{e}");
        }
    }

    #[test]
    fn bad_documents() {
        assert!(load("{").unwrap_err().message.contains("invalid JSON"));
        assert!(load(r#"{"smithy":"3.0"}"#)
            .unwrap_err()
            .message
            .contains("unsupported Smithy version"));
        assert!(load(r#"{"shapes":{}}"#)
            .unwrap_err()
            .message
            .contains("missing `smithy`"));
    }

    #[test]
    fn v1_primitives_become_defaults() {
        let m = load(
            r#"{"smithy":"1.0","shapes":{
            "a#N":{"type":"integer"},
            "a#B":{"type":"integer","traits":{"smithy.api#box":{}}},
            "a#S":{"type":"structure","members":{"n":{"target":"a#N"},"b":{"target":"a#B"},
                 "p":{"target":"smithy.api#PrimitiveLong"},"s":{"target":"a#L"}}},
            "a#L":{"type":"set","member":{"target":"smithy.api#String"}}}}"#,
        )
        .unwrap();
        let s = m.shape("a#S");
        assert!(s.member("n").unwrap().traits.contains_key(traits::DEFAULT));
        assert!(!s.member("b").unwrap().traits.contains_key(traits::DEFAULT));
        assert!(s.member("p").unwrap().traits.contains_key(traits::DEFAULT));
        assert_eq!(m.shape("a#L").ty, ShapeType::List);
    }

    #[test]
    fn versions_merge_by_meaning() {
        let doc = |version: &str, shape: &str| Document {
            name: format!("{shape}.json"),
            ast: serde_json::json!({"smithy": version, "shapes": {shape: {"type": "string"}}}),
            applies: Vec::new(),
        };
        let m = load_documents(vec![doc("1", "a#A"), doc("1.0", "a#B")]).unwrap();
        assert_eq!(m.version, "1.0");
        let m = load_documents(vec![doc("2", "a#A"), doc("2.0", "a#B")]).unwrap();
        assert_eq!(m.version, "2.0");
    }

    #[test]
    fn apply_to_an_inherited_member_supersedes_the_mixins_trait() {
        let m = load(
            r#"{"smithy":"2.0","shapes":{
            "a#M":{"type":"structure","mixins":[],"members":{"a":{"target":"smithy.api#String",
                "traits":{"smithy.api#documentation":"From the mixin."}}},
                "traits":{"smithy.api#mixin":{}}},
            "a#S":{"type":"structure","mixins":[{"target":"a#M"}],"members":{}},
            "a#S$a":{"type":"apply","traits":{"smithy.api#documentation":"Its own."}},
            "a#M$a":{"type":"apply","traits":{"smithy.api#sensitive":{}}}}}"#,
        )
        .unwrap();
        let doc = |shape: &str| {
            m.shape(shape)
                .member("a")
                .unwrap()
                .traits
                .get(traits::DOCUMENTATION)
                .cloned()
        };
        assert_eq!(doc("a#S"), Some(serde_json::json!("Its own.")));
        assert_eq!(doc("a#M"), Some(serde_json::json!("From the mixin.")));
        // Applied to the mixin's own member, a trait reaches the shapes that use it.
        assert!(m
            .shape("a#S")
            .member("a")
            .unwrap()
            .traits
            .contains_key(traits::SENSITIVE));
    }
}
