//! Member types: a target shape -> its Rust type (the one Smithy-to-Rust type mapping),
//! whether a value is sensitive, and whether a `@default` fits its type.

use super::{Constraints, NamedKind, TimestampFormat, Ty, TyKind};
use crate::error::{Error, Result};
use crate::load::model::{traits, ShapeType};
use serde_json::Value;
use std::collections::BTreeSet;

use super::lower::Lowerer;

impl Lowerer<'_> {
    /// True when values of `id` contain sensitive data (the shape, or list members /
    /// map keys and values, are `@sensitive`). Structures redact their own members.
    pub(super) fn sensitive(&self, id: &str, seen: &mut BTreeSet<String>) -> bool {
        let shape = self.model.shape(id);
        if shape.has_trait(traits::SENSITIVE) {
            return true;
        }
        if !seen.insert(id.to_string()) {
            return false;
        }
        match shape.ty {
            ShapeType::List | ShapeType::Set | ShapeType::Map => shape.members.iter().any(|m| {
                m.traits.contains_key(traits::SENSITIVE) || self.sensitive(&m.target, seen)
            }),
            _ => false,
        }
    }

    pub(super) fn ty(
        &self,
        target: &str,
        member_traits: &crate::load::model::Traits,
        member_id: &str,
    ) -> Result<Ty> {
        let shape = self.model.shape(target);
        let get = |k: &str| member_traits.get(k).or_else(|| shape.traits.get(k));
        let constraints = Constraints {
            length: get(traits::LENGTH).map(|v| {
                (
                    v.get("min").and_then(Value::as_u64),
                    v.get("max").and_then(Value::as_u64),
                )
            }),
            range: get(traits::RANGE).map(|v| {
                (
                    v.get("min").and_then(Value::as_f64),
                    v.get("max").and_then(Value::as_f64),
                )
            }),
            pattern: get(traits::PATTERN)
                .and_then(Value::as_str)
                .map(str::to_string),
        };
        use ShapeType as S;
        let kind = match shape.ty {
            S::Structure if target == "smithy.api#Unit" => TyKind::Unit,
            S::Boolean => TyKind::Bool,
            S::Byte => TyKind::Byte,
            S::Short => TyKind::Short,
            S::Integer => TyKind::Int,
            S::Long => TyKind::Long,
            S::Float => TyKind::Float,
            S::Double => TyKind::Double,
            S::String if !shape.has_trait(traits::ENUM) => TyKind::String,
            S::Blob => TyKind::Blob,
            S::Timestamp => TyKind::Timestamp(
                match get(traits::TIMESTAMP_FORMAT).and_then(Value::as_str) {
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    _ => TimestampFormat::EpochSeconds,
                },
            ),
            S::Document => TyKind::Document,
            S::BigInteger | S::BigDecimal => TyKind::BigNumber,
            S::List | S::Set => TyKind::List {
                member: Box::new(self.ty(
                    &shape.members[0].target,
                    &shape.members[0].traits,
                    member_id,
                )?),
                sparse: shape.has_trait(traits::SPARSE),
            },
            S::Map => {
                let key = shape.member("key").expect("validated map");
                let value = shape.member("value").expect("validated map");
                TyKind::Map {
                    key: Box::new(self.ty(&key.target, &key.traits, member_id)?),
                    value: Box::new(self.ty(&value.target, &value.traits, member_id)?),
                    sparse: shape.has_trait(traits::SPARSE),
                }
            }
            S::String | S::Enum | S::IntEnum | S::Structure | S::Union => {
                let (module, name) = self.homes.get(target).ok_or_else(|| {
                    Error::shape(
                        member_id,
                        format!("targets `{target}`, which cannot be generated here"),
                    )
                })?;
                let kind = match shape.ty {
                    S::Structure => NamedKind::Struct,
                    S::Union => NamedKind::Union,
                    S::IntEnum => NamedKind::IntEnum,
                    _ => NamedKind::Enum,
                };
                TyKind::Named {
                    id: target.to_string(),
                    path: format!("{}::{name}", module.path()),
                    kind,
                }
            }
            S::Service | S::Operation | S::Resource => {
                return Err(Error::shape(
                    member_id,
                    format!("cannot target the {} `{target}`", shape.ty.name()),
                ))
            }
        };
        Ok(Ty {
            kind,
            constraints,
            shape: target.to_string(),
        })
    }
}

/// Checks that a `@default` value fits its type (the emitters rely on it).
pub(super) fn check_default(ty: &Ty, d: &Value) -> std::result::Result<(), String> {
    let ok = match (&ty.kind, d) {
        (TyKind::Bool, Value::Bool(_)) => true,
        (TyKind::Byte | TyKind::Short | TyKind::Int | TyKind::Long, Value::Number(n)) => n.is_i64(),
        (TyKind::Float, Value::Number(n)) => n.as_f64().is_some_and(|f| (f as f32).is_finite()),
        (TyKind::Double | TyKind::Timestamp(_), Value::Number(_)) => true,
        (TyKind::String | TyKind::Blob, Value::String(_)) => true,
        (
            TyKind::Named {
                kind: NamedKind::Enum,
                ..
            },
            Value::String(_),
        ) => true,
        (
            TyKind::Named {
                kind: NamedKind::IntEnum,
                ..
            },
            Value::Number(n),
        ) => n.is_i64(),
        (TyKind::List { .. }, Value::Array(a)) => a.is_empty(),
        (TyKind::Map { .. }, Value::Object(o)) => o.is_empty(),
        (TyKind::Document, _) => true,
        (TyKind::BigNumber, Value::Number(_)) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("@default value {d} does not fit the member's type"))
    }
}
