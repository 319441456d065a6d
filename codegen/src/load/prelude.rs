//! The `smithy.api` prelude's shapes, which every model can target.

use super::PRELUDE_NS;
use crate::load::model::{traits, Relations, Shape, ShapeType};
use serde_json::Value;

/// Prelude shapes every model may target without defining them.
pub(super) fn shapes() -> Vec<Shape> {
    use ShapeType::*;
    let simple: [(&str, ShapeType, Option<Value>); 20] = [
        ("String", String, None),
        ("Blob", Blob, None),
        ("BigInteger", BigInteger, None),
        ("BigDecimal", BigDecimal, None),
        ("Timestamp", Timestamp, None),
        ("Document", Document, None),
        ("Boolean", Boolean, None),
        ("PrimitiveBoolean", Boolean, Some(Value::Bool(false))),
        ("Byte", Byte, None),
        ("PrimitiveByte", Byte, Some(0.into())),
        ("Short", Short, None),
        ("PrimitiveShort", Short, Some(0.into())),
        ("Integer", Integer, None),
        ("PrimitiveInteger", Integer, Some(0.into())),
        ("Long", Long, None),
        ("PrimitiveLong", Long, Some(0.into())),
        ("Float", Float, None),
        ("PrimitiveFloat", Float, Some(0.into())),
        ("Double", Double, None),
        ("PrimitiveDouble", Double, Some(0.into())),
    ];
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, ty, default)| Shape {
            id: format!("{PRELUDE_NS}#{name}"),
            ty,
            members: Vec::new(),
            traits: default
                .map(|d| (traits::DEFAULT.to_string(), d))
                .into_iter()
                .collect(),
            mixins: Vec::new(),
            relations: Relations::default(),
        })
        .collect();
    shapes.push(Shape {
        id: format!("{PRELUDE_NS}#Unit"),
        ty: Structure,
        members: Vec::new(),
        traits: [(
            "smithy.api#unitType".to_string(),
            Value::Object(serde_json::Map::new()),
        )]
        .into_iter()
        .collect(),
        mixins: Vec::new(),
        relations: Relations::default(),
    });
    shapes
}
