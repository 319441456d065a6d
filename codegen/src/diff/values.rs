//! How trait values and their changes are shown in the report.

use crate::load::model::{namespace, traits};
use serde_json::Value;
use std::collections::BTreeSet;

pub(super) fn trait_label(id: &str) -> &'static str {
    let ns = namespace(id);
    if ns == "aws.protocols" || ns == "smithy.protocols" {
        "protocol"
    } else if ns == "aws.auth"
        || id == traits::AUTH
        || id == traits::OPTIONAL_AUTH
        || id.ends_with("Auth")
    {
        "auth"
    } else if ns == "smithy.rules"
        || id == traits::AWS_SERVICE
        || id == "smithy.api#endpoint"
        || id == "smithy.api#hostLabel"
        || id.starts_with("aws.api#clientEndpointDiscovery")
    {
        "endpoint"
    } else {
        "trait"
    }
}

pub(super) fn bounds(v: Option<&Value>) -> (Option<f64>, Option<f64>) {
    let get = |k: &str| v.and_then(|v| v.get(k)).and_then(Value::as_f64);
    (get("min"), get("max"))
}

pub(super) fn show_bounds(v: Option<&Value>) -> String {
    let Some(v) = v else { return "none".into() };
    let get = |k: &str| v.get(k).filter(|x| !x.is_null()).map(compact);
    match (get("min"), get("max")) {
        (min, Some(max)) => format!("{}..={max}", min.unwrap_or_default()),
        (Some(min), None) => format!("{min}.."),
        (None, None) => "..".into(),
    }
}

pub(super) fn added_removed_changed(a: Option<&Value>, b: Option<&Value>) -> &'static str {
    match (a, b) {
        (None, _) => "added",
        (_, None) => "removed",
        _ => "changed",
    }
}

pub(super) fn added_removed_changed_values(a: Option<&Value>, b: Option<&Value>) -> String {
    match (a, b) {
        (None, Some(b)) => format!("added ({})", compact(b)),
        (Some(a), None) => format!("removed (was {})", compact(a)),
        (Some(a), Some(b)) => {
            let (sa, sb) = (compact(a), compact(b));
            if sa.len() + sb.len() <= 100 {
                format!("changed from {sa} to {sb}")
            } else {
                format!("changed ({})", value_changes(Some(a), Some(b)))
            }
        }
        (None, None) => "unchanged".into(),
    }
}

/// Compact JSON, shortened to 60 characters.
pub(super) fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

/// Drops every `documentation` key, at any depth (endpoint rules and tests carry docs).
pub(super) fn strip_documentation(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| k.as_str() != "documentation")
                .map(|(k, v)| (k.clone(), strip_documentation(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_documentation).collect()),
        other => other.clone(),
    }
}

/// Where two JSON values differ: "at `a.b`: x -> y", or a count and the first paths.
pub(super) fn value_changes(a: Option<&Value>, b: Option<&Value>) -> String {
    let mut paths = Vec::new();
    collect_changes(a, b, String::new(), &mut paths);
    match paths.as_slice() {
        [] => "no difference".into(),
        [(p, x, y)] => format!("at `{p}`: {x} -> {y}"),
        many => {
            let first: Vec<String> = many
                .iter()
                .take(3)
                .map(|(p, x, y)| format!("`{p}`: {x} -> {y}"))
                .collect();
            let more = if many.len() > 3 {
                format!(", and {} more", many.len() - 3)
            } else {
                String::new()
            };
            format!("{} places: {}{more}", many.len(), first.join("; "))
        }
    }
}

pub(super) fn collect_changes(
    a: Option<&Value>,
    b: Option<&Value>,
    path: String,
    out: &mut Vec<(String, String, String)>,
) {
    let show = |v: Option<&Value>| v.map_or("(none)".to_string(), compact);
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                collect_changes(x.get(k), y.get(k), join(k), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for i in 0..x.len() {
                collect_changes(x.get(i), y.get(i), format!("{path}[{i}]"), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            // Lengths differ: index-wise comparison would report every shifted item.
            let added = y.iter().filter(|v| !x.contains(v)).count();
            let removed = x.iter().filter(|v| !y.contains(v)).count();
            let summary = format!("{} items, {added} added, {removed} removed", y.len());
            out.push((path, format!("{} items", x.len()), summary));
        }
        (x, y) if x != y => out.push((
            if path.is_empty() { "$".into() } else { path },
            show(x),
            show(y),
        )),
        _ => {}
    }
}
