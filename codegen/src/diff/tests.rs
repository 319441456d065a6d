use super::*;
use crate::load_json;

fn model(shapes: &str) -> Model {
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{
        "a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],
                 "traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
        {shapes}}}}}"#
    );
    load_json(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

const BASE: &str = r#"
    "a#Op":{"type":"operation","input":{"target":"a#In"},"output":{"target":"a#Out"},"errors":[{"target":"a#Err"}]},
    "a#In":{"type":"structure","members":{
        "name":{"target":"a#Name","traits":{"smithy.api#required":{}}},
        "n":{"target":"smithy.api#Integer"}}},
    "a#Out":{"type":"structure","members":{"color":{"target":"a#Color"},"id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}},
    "a#Name":{"type":"string","traits":{"smithy.api#length":{"min":1,"max":10},"smithy.api#pattern":"^[a-z]+$"}},
    "a#Color":{"type":"enum","members":{"RED":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"red"}},
                                        "BLUE":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"blue"}}}},
    "a#Err":{"type":"structure","members":{"message":{"target":"smithy.api#String"}},"traits":{"smithy.api#error":"client"}}"#;

fn run(old: &str, new: &str) -> Report {
    diff(&model(old), &model(new), None, &Operations::All).unwrap()
}

fn kinds(r: &Report) -> Vec<(Kind, String, String)> {
    r.changes
        .iter()
        .map(|c| (c.kind, local_name(&c.subject).to_string(), c.what.clone()))
        .collect()
}

fn one(r: &Report) -> (Kind, String, String) {
    let k = kinds(r);
    assert_eq!(k.len(), 1, "{k:#?}");
    k.into_iter().next().unwrap()
}

#[test]
fn identical_models_have_no_changes() {
    let r = run(BASE, BASE);
    assert!(r.changes.is_empty(), "{:#?}", r.changes);
    assert_eq!(r.old_operations, ["Op"]);
    // In, Out, Name, Color, Err, and the prelude's Integer, String and Unit.
    assert_eq!(r.old_shapes, 8);
}

#[test]
fn docs_only() {
    let new = BASE.replace(
        r#""smithy.api#error":"client"}"#,
        r#""smithy.api#error":"client","smithy.api#documentation":"x"}"#,
    );
    let r = run(BASE, &new);
    assert_eq!(
        one(&r),
        (Kind::DocsOnly, "Err".into(), "documentation added".into())
    );
    assert_eq!(r.docs_changes, 1);
    assert!(!r.has_breaking());
    assert!(r
        .text(&Render::default())
        .contains("Documentation-only changes: 1 (not listed"));
    assert!(r
        .text(&Render {
            docs: true,
            ..Render::default()
        })
        .contains("Err: documentation added"));
}

#[test]
fn optional_member_added_is_additive_required_input_member_breaking() {
    let new = BASE.replace(
        r#""n":{"target":"smithy.api#Integer"}"#,
        r#""n":{"target":"smithy.api#Integer"},"m":{"target":"smithy.api#Long"}"#,
    );
    assert_eq!(
        one(&run(BASE, &new)),
        (
            Kind::Additive,
            "In$m".into(),
            "member added (optional, field `m: Option<i64>`)".into()
        )
    );
    let new = BASE.replace(
        r#""n":{"target":"smithy.api#Integer"}"#,
        r#""n":{"target":"smithy.api#Integer"},"m":{"target":"smithy.api#Long","traits":{"smithy.api#required":{}}}"#,
    );
    assert_eq!(one(&run(BASE, &new)).0, Kind::Breaking);
    // Required member added to an output: a new plain field, nothing to set.
    let new = BASE.replace(r#""a#Out":{"type":"structure","members":{"#, r#""a#Out":{"type":"structure","members":{"z":{"target":"smithy.api#Long","traits":{"smithy.api#required":{}}},"#);
    assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
}

#[test]
fn removals_are_breaking() {
    let new = BASE
        .replace(r#""n":{"target":"smithy.api#Integer"}"#, "")
        .replace(
            r#"{"smithy.api#required":{}}},"#,
            r#"{"smithy.api#required":{}}}"#,
        );
    assert_eq!(
        one(&run(BASE, &new)),
        (
            Kind::Breaking,
            "In$n".into(),
            "member removed (field `n: Option<i32>`)".into()
        )
    );
    let new = BASE.replace(r#","errors":[{"target":"a#Err"}]"#, "");
    let k = kinds(&run(BASE, &new));
    assert!(
        k.contains(&(
            Kind::Breaking,
            "Op".into(),
            "error `Err` removed (its error enum variant goes away)".into()
        )),
        "{k:#?}"
    );
    assert!(
        k.iter()
            .any(|c| c.0 == Kind::Breaking && c.1 == "Err" && c.2.contains("removed")),
        "{k:#?}"
    );
}

#[test]
fn errors_added_are_additive() {
    let old = BASE.replace(r#","errors":[{"target":"a#Err"}]"#, "");
    let k = kinds(&run(&old, BASE));
    assert_eq!(k.len(), 2, "{k:#?}");
    assert!(k.iter().all(|c| c.0 == Kind::Additive));
    assert!(k.contains(&(
        Kind::Additive,
        "Op".into(),
        "error `Err` added (the error enum is #[non_exhaustive])".into()
    )));
}

#[test]
fn enum_values() {
    let new = BASE.replace(
        r#""BLUE":"#,
        r#""GREEN":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"green"}},"BLUE":"#,
    );
    assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
    let k = one(&run(&new, BASE));
    assert_eq!((k.0, k.1.as_str()), (Kind::Breaking, "Color$GREEN"));
    let new = BASE.replace(
        r#""smithy.api#enumValue":"blue""#,
        r#""smithy.api#enumValue":"Blue""#,
    );
    assert_eq!(one(&run(BASE, &new)).0, Kind::Breaking);
}

#[test]
fn retargets() {
    let new = BASE.replace(
        r#""n":{"target":"smithy.api#Integer"}"#,
        r#""n":{"target":"smithy.api#Long"}"#,
    );
    let k = one(&run(BASE, &new));
    assert_eq!(k.0, Kind::Breaking);
    assert!(k.2.contains("`i32` -> `i64`"), "{k:?}");
    // Same Rust type: additive, and the constraints the member ends up with compared.
    let new = BASE
        .replace(
            r#""n":{"target":"smithy.api#Integer"}"#,
            r#""n":{"target":"a#Int"}"#,
        )
        .replace(
            r#""a#Err":"#,
            r#""a#Int":{"type":"integer","traits":{"smithy.api#range":{"min":0}}},"a#Err":"#,
        );
    let k = kinds(&run(BASE, &new));
    assert_eq!(k.len(), 2, "{k:#?}");
    assert_eq!(
        k[0].0,
        Kind::Breaking,
        "a new minimum on a sent member: {k:#?}"
    );
    assert!(k[0].2.contains("range changed from none to 0.."), "{k:#?}");
    assert_eq!(k[1].0, Kind::Additive);
}

/// The verdict is about the generated code: the IR's Rust types, paths and names.
#[test]
fn verdicts_follow_the_generated_types() {
    let with = |base: &str, member: &str, shape: &str| {
        base.replace(
            r#""color":{"target":"a#Color"}"#,
            &format!(r#""color":{{"target":"a#Color"}},{member}"#),
        )
        .replace(r#""a#Err":"#, &format!(r#"{shape},"a#Err":"#))
    };
    // Another string shape is still a `String`.
    let new = with(
        BASE,
        r#""x":{"target":"a#Id"}"#,
        r#""a#Id":{"type":"string"}"#,
    );
    let old = with(
        BASE,
        r#""x":{"target":"smithy.api#String"}"#,
        r#""a#Other":{"type":"string"}"#,
    );
    let what = "retargeted from `smithy.api#String` to `Id` (same Rust type `String`)";
    assert_eq!(
        one(&run(&old, &new)),
        (Kind::Additive, "Out$x".into(), what.into())
    );
    // An integer shape that becomes a long: `i32` -> `i64`.
    let ints = with(
        BASE,
        r#""x":{"target":"a#Count"}"#,
        r#""a#Count":{"type":"integer"}"#,
    );
    let longs = ints.replace(
        r#""a#Count":{"type":"integer"}"#,
        r#""a#Count":{"type":"long"}"#,
    );
    let what = "type changed from integer to long (Rust type `i32` -> `i64`)";
    assert_eq!(
        one(&run(&ints, &longs)),
        (Kind::Breaking, "Count".into(), what.into())
    );
    // A structure renamed: the Rust type's name changes.
    let item = with(
        BASE,
        r#""x":{"target":"a#Item"}"#,
        r#""a#Item":{"type":"structure","members":{}}"#,
    );
    let k = kinds(&run(&item, &item.replace("a#Item", "a#Thing")));
    let what = "retargeted from `Item` to `Thing` (Rust type `types::Item` -> `types::Thing`)";
    assert!(
        k.contains(&(Kind::Breaking, "Out$x".into(), what.into())),
        "{k:#?}"
    );
    assert!(
        k.contains(&(
            Kind::Breaking,
            "Item".into(),
            "structure `types::Item` removed (shape removed)".into()
        )),
        "{k:#?}"
    );
    // An operation's own input renamed is still `operation::op::OpInput`, with the same fields.
    let what = "input changed from `In` to `Request` (same Rust type `operation::op::OpInput`)";
    assert_eq!(
        one(&run(BASE, &BASE.replace("a#In", "a#Request"))),
        (Kind::Additive, "Op".into(), what.into())
    );
    // Rust names are the IR's: a member `type` is the field `r#type`, and a structure
    // that becomes an error renames its field `meta` (the error metadata's name).
    let new = BASE.replace(
        r#""n":{"target":"smithy.api#Integer"}"#,
        r#""n":{"target":"smithy.api#Integer"},"type":{"target":"smithy.api#String"}"#,
    );
    assert_eq!(
        one(&run(BASE, &new)).2,
        "member added (optional, field `r#type: Option<String>`)"
    );
    let item = with(
        BASE,
        r#""x":{"target":"a#Item"}"#,
        r#""a#Item":{"type":"structure","members":{"meta":{"target":"smithy.api#String"}}}"#,
    );
    let error = item.replace(
        r#""members":{"meta""#,
        r#""traits":{"smithy.api#error":"client"},"members":{"meta""#,
    );
    let k = kinds(&run(&item, &error));
    assert!(
        k.contains(&(
            Kind::Breaking,
            "Item$meta".into(),
            "Rust name changed from `meta` to `meta_value`".into()
        )),
        "{k:#?}"
    );
    assert!(
        k.iter()
            .any(|c| c.1 == "Item" && c.2.contains("Rust type `types::Item` -> `error::Item`")),
        "{k:#?}"
    );
}

#[test]
fn a_new_cycle_boxes_an_existing_field() {
    let a = BASE.replace(r#""color":{"target":"a#Color"}"#, r#""color":{"target":"a#Color"},"a":{"target":"a#A"}"#).replace(
        r#""a#Err":"#,
        r#""a#A":{"type":"structure","members":{"b":{"target":"a#B"}}},"a#B":{"type":"structure","members":{}},"a#Err":"#,
    );
    let cycle = a.replace(
        r#""a#B":{"type":"structure","members":{}}"#,
        r#""a#B":{"type":"structure","members":{"a":{"target":"a#A"}}}"#,
    );
    let k = kinds(&run(&a, &cycle));
    assert_eq!(k.len(), 2, "{k:#?}");
    let what = "now boxed (it holds a recursive reference): `types::B` -> `Box<types::B>`";
    assert_eq!(k[0], (Kind::Breaking, "A$b".into(), what.into()));
    assert_eq!(
        k[1],
        (
            Kind::Additive,
            "B$a".into(),
            "member added (optional, field `a: Option<Box<types::A>>`)".into()
        )
    );
}

/// Enum variants are matched by their Rust name: a Smithy 1.0 `@enum` that becomes an
/// enum shape generates the same enum.
#[test]
fn enum_variants_are_matched_by_rust_name() {
    let v1 = BASE.replace(
        r#""a#Color":{"type":"enum","members":{"RED":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"red"}},
                                        "BLUE":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"blue"}}}}"#,
        r#""a#Color":{"type":"string","traits":{"smithy.api#enum":[{"value":"red"},{"value":"blue","documentation":"Blue."}]}}"#,
    );
    assert_ne!(v1, BASE);
    let k = kinds(&run(&v1, BASE));
    assert_eq!(
        k,
        [
            (
                Kind::Additive,
                "Color".into(),
                "type changed from string to enum (same Rust type `types::Color`)".into()
            ),
            (
                Kind::DocsOnly,
                "Color$BLUE".into(),
                "documentation removed".into()
            ),
        ]
    );
}

#[test]
fn presence_changes() {
    // Input member made optional: the builder no longer fails; an operation input's
    // build() returns a Result all the same.
    let new = BASE.replace(
        r#""name":{"target":"a#Name","traits":{"smithy.api#required":{}}}"#,
        r#""name":{"target":"a#Name"}"#,
    );
    assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
    // A structure inside the input: its build() returns a Result only with required
    // members, so its first required member changes the signature.
    let nested = BASE.replace(
        r#""n":{"target":"smithy.api#Integer"}}}"#,
        r#""n":{"target":"smithy.api#Integer"},"inner":{"target":"a#Inner"}}},
        "a#Inner":{"type":"structure","members":{"x":{"target":"smithy.api#Long"}}}"#,
    );
    let required = nested.replace(
        r#""x":{"target":"smithy.api#Long"}"#,
        r#""x":{"target":"smithy.api#Long","traits":{"smithy.api#required":{}}}"#,
    );
    let k = kinds(&run(&nested, &required));
    assert_eq!(k.len(), 2, "{k:#?}");
    assert_eq!(
        (k[0].0, k[0].1.as_str()),
        (Kind::Breaking, "Inner"),
        "build() becomes fallible: {k:#?}"
    );
    assert_eq!(
        (k[1].0, k[1].1.as_str()),
        (Kind::Breaking, "Inner$x"),
        "{k:#?}"
    );
    // Output member made optional: its field type changes.
    let new = BASE.replace(
        r#""id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}"#,
        r#""id":{"target":"smithy.api#String"}"#,
    );
    let k = one(&run(BASE, &new));
    assert_eq!(k.0, Kind::Breaking);
    assert!(k.2.contains("`String` -> `Option<String>`"), "{k:?}");
    // Input member made required: breaking (with the other members already required,
    // build() keeps its signature).
    let new = BASE.replace(
        r#""n":{"target":"smithy.api#Integer"}"#,
        r#""n":{"target":"smithy.api#Integer","traits":{"smithy.api#required":{}}}"#,
    );
    let k = one(&run(BASE, &new));
    assert_eq!(k.0, Kind::Breaking);
    assert!(k.2.contains("callers must set it"), "{k:?}");
    // Required -> default on an output: still a plain field.
    let new = BASE.replace(
        r#""id":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}"#,
        r#""id":{"target":"smithy.api#String","traits":{"smithy.api#default":""}}"#,
    );
    assert_eq!(one(&run(BASE, &new)).0, Kind::Additive);
}

#[test]
fn constraints() {
    let looser = BASE.replace(r#""max":10"#, r#""max":20"#);
    assert_eq!(one(&run(BASE, &looser)).0, Kind::Additive);
    assert_eq!(one(&run(&looser, BASE)).0, Kind::Breaking);
    let k = one(&run(&looser, BASE));
    assert!(
        k.2.contains("length changed from 1..=20 to 1..=10 (tightened"),
        "{k:?}"
    );
    let pattern = BASE.replace("^[a-z]+$", "^[a-z0-9]+$");
    let k = one(&run(BASE, &pattern));
    assert_eq!(k.0, Kind::Additive);
    assert!(k.2.contains("(loosened)"), "{k:?}");
    assert_eq!(one(&run(&pattern, BASE)).0, Kind::Breaking);
    let other = BASE.replace("^[a-z]+$", "^[a-z]{2,}$");
    let k = one(&run(BASE, &other));
    assert_eq!(k.0, Kind::Additive);
    assert!(k.2.contains("cannot tell"), "{k:?}");
}

#[test]
fn pattern_directions() {
    assert_eq!(
        pattern_looser(r"^[\p{L}\p{M}]+$", r"^[\p{L}\p{M}\t\n\r ]+$"),
        Some(true)
    );
    assert_eq!(pattern_looser(r"^[\w+]+$", r"^[\w]+$"), Some(false));
    assert_eq!(pattern_looser(r"^[^a]+$", r"^[^ab]+$"), Some(false));
    assert_eq!(pattern_looser(r"^[a-z]+$", r"^[a-y]+$"), None);
    assert_eq!(pattern_looser(r"^a+$", r"^a*$"), None);
    assert_eq!(pattern_looser(r"^[\S]+", r"^[\S\s]+"), Some(true));
    assert_eq!(
        pattern_looser(r"^c:(en|fr-(a|b))$", r"^c:(en|nl|fr-(a|b))$"),
        Some(true)
    );
    assert_eq!(pattern_looser(r"^(?:en|fr)$", r"^(?:en)$"), Some(false));
    assert_eq!(pattern_looser(r"^(en|fr)$", r"^(?:en|fr|nl)$"), None);
    assert_eq!(pattern_looser(r"^(en|fr)$", r"^(en|de)$"), None);
    assert_eq!(pattern_looser(r"^(en|fr$", r"^(en|fr|de)$"), None);
}

#[test]
fn operations_added_removed_and_missing_names() {
    let extra = r#""a#Svc2":{"type":"structure"},"#;
    let r = diff(
        &model(BASE),
        &model(&format!("{extra}{BASE}")),
        None,
        &Operations::Named(vec!["Op".into()]),
    )
    .unwrap();
    assert!(r.changes.is_empty(), "{:#?}", r.changes);
    let e = diff(
        &model(BASE),
        &model(BASE),
        None,
        &Operations::Named(vec!["Op".into(), "Gone".into()]),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "shape `a#Svc`: has no operation `Gone` in either model"
    );
    let new = format!(r#""a#Op2":{{"type":"operation"}},{BASE}"#);
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}},{{"target":"a#Op2"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},{new}}}}}"#
    );
    let two = load_json(text.as_bytes()).unwrap();
    let r = diff(&model(BASE), &two, None, &Operations::All).unwrap();
    assert_eq!(
        kinds(&r),
        [(Kind::Additive, "Op2".into(), "operation added".into())]
    );
    let r = diff(
        &two,
        &model(BASE),
        None,
        &Operations::Named(vec!["Op2".into()]),
    )
    .unwrap();
    assert_eq!(r.old_operations, ["Op2"]);
    assert!(r.new_operations.is_empty());
    assert!(r.has_breaking());
}

#[test]
fn auth_and_protocol() {
    let new = BASE.replace(
        r#""output":{"target":"a#Out"},"#,
        r#""output":{"target":"a#Out"},"traits":{"smithy.api#optionalAuth":{}},"#,
    );
    let k = one(&run(BASE, &new));
    assert_eq!(k.0, Kind::Additive);
    assert!(k.2.starts_with("auth: now sent unsigned"), "{k:?}");
    assert_eq!(one(&run(&new, BASE)).0, Kind::Breaking);
    let json10 = diff(
        &model(BASE),
        &load_json(
            format!(r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],"traits":{{"aws.protocols#awsJson1_0":{{}}}}}},{BASE}}}}}"#)
                .as_bytes(),
        )
        .unwrap(),
        None,
        &Operations::All,
    )
    .unwrap();
    let k = kinds(&json10);
    assert!(
        k.contains(&(
            Kind::Breaking,
            "Svc".into(),
            "protocol: the generated protocol changes from awsJson1_1 to awsJson1_0".into()
        )),
        "{k:#?}"
    );
}

/// A model codegen cannot lower gives no report: the error says which side.
#[test]
fn a_model_codegen_rejects_is_an_error() {
    let rest = load_json(
        format!(r#"{{"smithy":"2.0","shapes":{{"a#Svc":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],"traits":{{"aws.protocols#restXml":{{}}}}}},{BASE}}}}}"#)
            .as_bytes(),
    )
    .unwrap();
    let e = diff(&model(BASE), &rest, None, &Operations::All).unwrap_err();
    assert!(
        e.to_string().starts_with(
            "the new model: shape `a#Svc`: uses aws.protocols#restXml, which is not supported"
        ),
        "{e}"
    );
}

/// A service that one side lacks is reported with the side it is missing from.
#[test]
fn a_service_missing_from_one_side_names_that_side() {
    let other = format!(
        r#"{{"smithy":"2.0","shapes":{{"a#Other":{{"type":"service","version":"1","operations":[{{"target":"a#Op"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},{BASE}}}}}"#
    );
    let other = load_json(other.as_bytes()).unwrap();
    let e = diff(&model(BASE), &other, Some("a#Other"), &Operations::All).unwrap_err();
    assert!(e.to_string().starts_with("the old model: "), "{e}");
    let e = diff(&other, &model(BASE), Some("a#Other"), &Operations::All).unwrap_err();
    assert!(e.to_string().starts_with("the new model: "), "{e}");
}

#[test]
fn json_rendering() {
    let new = BASE.replace(r#""max":10"#, r#""max":20"#);
    let r = run(BASE, &new);
    let v = r.json(&Render {
        docs: false,
        old_name: "a.json",
        new_name: "b.json",
    });
    assert_eq!(v["summary"]["additive"], 1);
    assert_eq!(v["breaking"], false);
    assert_eq!(v["changes"][0]["kind"], "additive");
    assert_eq!(v["changes"][0]["subject"], "a#Name");
    assert_eq!(v["old"], "a.json");
}
