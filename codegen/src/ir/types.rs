//! Member types: a target shape -> its Rust type (the one Smithy-to-Rust type mapping),
//! whether a value is sensitive, and whether a `@default` fits its type.

use super::{Constraints, NamedKind, TimestampFormat, Ty, TyKind};
use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::load::model::{traits, ShapeType};
use serde_json::{Number, Value};
use std::collections::BTreeSet;

use super::lower::Lowerer;

/// A `@pattern`: the regex crate's error if it cannot compile it, and then the shapes or
/// members that carry it.
pub(super) struct PatternUse {
    error: Option<String>,
    owners: BTreeSet<String>,
}

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

    /// `pattern` if the regex crate (as the generated crate builds it) compiles it; else
    /// `None`, and the pattern is kept for [`Lowerer::warnings`] with `owner`, the shape or
    /// member that carries it.
    fn compiled_pattern(&self, pattern: &str, owner: &str) -> Option<String> {
        let mut patterns = self.patterns.borrow_mut();
        let used = patterns
            .entry(pattern.to_string())
            .or_insert_with(|| PatternUse {
                error: regex::Regex::new(pattern).err().map(|e| e.to_string()),
                owners: BTreeSet::new(),
            });
        if used.error.is_none() {
            return Some(pattern.to_string());
        }
        used.owners.insert(owner.to_string());
        None
    }

    /// One line for each `@pattern` that is not checked, naming the pattern and where it is.
    pub(super) fn warnings(&self) -> Vec<String> {
        self.patterns
            .borrow()
            .iter()
            .filter_map(|(pattern, used)| {
                let error = used.error.as_ref()?;
                let owners: Vec<String> = used.owners.iter().map(|o| format!("`{o}`")).collect();
                // The regex crate's message spans lines (the pattern, a caret, the reason).
                let reason = error.lines().last().unwrap_or_default().trim();
                Some(format!(
                    "@pattern {pattern:?} of {} is not checked: the regex crate cannot compile it ({reason})",
                    owners.join(", ")
                ))
            })
            .collect()
    }

    /// The type of a member's target, timestamps without a `@timestampFormat` in
    /// `timestamps` (the format of the member's location).
    pub(super) fn ty(
        &self,
        target: &str,
        member_traits: &crate::load::model::Traits,
        member_id: &str,
        timestamps: TimestampFormat,
    ) -> Result<Ty> {
        let shape = self.model.shape(target);
        let get = |k: &str| member_traits.get(k).or_else(|| shape.traits.get(k));
        // The loader checked the bounds' kinds; numbers keep the model's text.
        let bound = |v: &Value, k: &str| v.get(k).map(Value::to_string);
        let constraints = Constraints {
            length: get(traits::LENGTH).map(|v| {
                (
                    v.get("min").and_then(Value::as_u64),
                    v.get("max").and_then(Value::as_u64),
                )
            }),
            range: get(traits::RANGE).map(|v| (bound(v, "min"), bound(v, "max"))),
            pattern: get(traits::PATTERN).and_then(Value::as_str).and_then(|p| {
                let owner = if member_traits.contains_key(traits::PATTERN) {
                    member_id
                } else {
                    target
                };
                self.compiled_pattern(p, owner)
            }),
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
                    Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                    _ => timestamps,
                },
            ),
            S::Document => TyKind::Document,
            S::BigInteger | S::BigDecimal => TyKind::BigNumber,
            S::List | S::Set => {
                let m = &shape.members[0];
                TyKind::List {
                    member: Box::new(self.ty(
                        &m.target,
                        &m.traits,
                        &format!("{target}${}", m.name),
                        timestamps,
                    )?),
                    sparse: shape.has_trait(traits::SPARSE),
                }
            }
            S::Map => {
                let key = shape.member("key").expect("validated map");
                let value = shape.member("value").expect("validated map");
                TyKind::Map {
                    key: Box::new(self.ty(
                        &key.target,
                        &key.traits,
                        &format!("{target}$key"),
                        timestamps,
                    )?),
                    value: Box::new(self.ty(
                        &value.target,
                        &value.traits,
                        &format!("{target}$value"),
                        timestamps,
                    )?),
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

/// Checks that a `@default` value fits its type exactly, as the emitters write it: integers
/// within their type, floats finite (or `"NaN"`, `"Infinity"`, `"-Infinity"`), blobs valid
/// base64, timestamps whole nanoseconds within range, document numbers a `Document` holds
/// exactly. Big numbers and strings are kept as written.
pub(super) fn check_default(ty: &Ty, d: &Value) -> std::result::Result<(), String> {
    let integer =
        |n: &Number, low: i64, high: i64| n.as_i64().is_some_and(|v| (low..=high).contains(&v));
    let fits = match (&ty.kind, d) {
        (TyKind::Bool, Value::Bool(_)) => true,
        (TyKind::Byte, Value::Number(n)) => integer(n, i8::MIN.into(), i8::MAX.into()),
        (TyKind::Short, Value::Number(n)) => integer(n, i16::MIN.into(), i16::MAX.into()),
        (TyKind::Int, Value::Number(n)) => integer(n, i32::MIN.into(), i32::MAX.into()),
        (TyKind::Long, Value::Number(n)) => n.is_i64(),
        (
            TyKind::Named {
                kind: NamedKind::IntEnum,
                ..
            },
            Value::Number(n),
        ) => integer(n, i32::MIN.into(), i32::MAX.into()),
        (TyKind::Float, Value::Number(n)) => n.to_string().parse().is_ok_and(f32::is_finite),
        (TyKind::Double, Value::Number(n)) => n.to_string().parse().is_ok_and(f64::is_finite),
        (TyKind::Float | TyKind::Double, Value::String(s)) => {
            matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity")
        }
        (TyKind::Blob, Value::String(s)) => crate::base64::base64_decode(s).is_some(),
        (TyKind::Timestamp(_), Value::Number(n)) => epoch_seconds(&n.to_string()).is_some(),
        (TyKind::Timestamp(_), Value::String(s)) => date_time_seconds(s).is_some(),
        (TyKind::String, Value::String(_)) | (TyKind::BigNumber, Value::Number(_)) => true,
        (
            TyKind::Named {
                kind: NamedKind::Enum,
                ..
            },
            Value::String(_),
        ) => true,
        (TyKind::List { .. }, Value::Array(a)) => a.is_empty(),
        (TyKind::Map { .. }, Value::Object(o)) => o.is_empty(),
        (TyKind::Document, v) => document_fits(v),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "@default value {d} does not fit the member's type {} exactly",
            ty
        ))
    }
}

/// Epoch seconds (`1700000000.25`) as whole seconds and nanoseconds, if exact and in range.
pub fn epoch_seconds(text: &str) -> Option<(i64, u32)> {
    let d = Decimal::parse(text)?;
    // In nanoseconds the value is an integer of at most 38 digits.
    let scale = d.exponent.checked_add(9)?;
    if d.digits.len() as i64 > scale || scale > 38 {
        return None;
    }
    let nanos = (0..scale as usize).fold(0i128, |acc, i| {
        acc * 10 + i128::from(d.digits.get(i).copied().unwrap_or(0))
    });
    let nanos = if d.negative { -nanos } else { nanos };
    let seconds = i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?;
    Some((seconds, nanos.rem_euclid(1_000_000_000) as u32))
}

/// A date-time (`1985-04-12T23:20:50.52Z`, RFC 3339) as whole seconds and nanoseconds
/// since the epoch, if valid and of a year Smithy's timestamps can hold (0001 to 9999).
pub fn date_time_seconds(text: &str) -> Option<(i64, u32)> {
    use time::format_description::well_known::Rfc3339;
    let t = time::OffsetDateTime::parse(text, &Rfc3339).ok()?;
    (1..=9999)
        .contains(&t.year())
        .then(|| (t.unix_timestamp(), t.nanosecond()))
}

/// Whether a `Document` holds the value exactly: integers within `u64` or `i64`, other
/// numbers finite as `f64`.
fn document_fits(v: &Value) -> bool {
    match v {
        Value::Number(n) => {
            let text = n.to_string();
            if text.contains(['.', 'e', 'E']) {
                text.parse::<f64>().is_ok_and(f64::is_finite)
            } else {
                n.is_u64() || n.is_i64()
            }
        }
        Value::Array(items) => items.iter().all(document_fits),
        Value::Object(map) => map.values().all(document_fits),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::{date_time_seconds, epoch_seconds};

    #[test]
    fn epoch_seconds_are_exact_or_refused() {
        assert_eq!(
            epoch_seconds("1700000000.25"),
            Some((1_700_000_000, 250_000_000))
        );
        assert_eq!(epoch_seconds("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(epoch_seconds("1.7e9"), Some((1_700_000_000, 0)));
        assert_eq!(epoch_seconds("0"), Some((0, 0)));
        assert_eq!(epoch_seconds("0.000000001"), Some((0, 1)));
        assert_eq!(epoch_seconds("0.0000000001"), None);
        assert_eq!(epoch_seconds("1e20"), None);
    }

    #[test]
    fn date_time_defaults_are_exact() {
        assert_eq!(
            date_time_seconds("1985-04-12T23:20:50.52Z"),
            Some((482196050, 520_000_000))
        );
        assert_eq!(
            date_time_seconds("1969-12-31T23:59:59.5-01:00"),
            Some((3599, 500_000_000))
        );
        assert_eq!(
            date_time_seconds("1969-12-31T23:59:59.25Z"),
            Some((-1, 250_000_000))
        );
        assert_eq!(date_time_seconds("0000-01-01T00:00:00Z"), None);
        assert_eq!(date_time_seconds("1985-04-12"), None);
    }
}
