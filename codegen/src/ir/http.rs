//! The HTTP binding traits of the REST protocols: an operation's `@http` method, URI
//! pattern and status, and where each member of its input, output and errors goes.

use super::{Field, Http, Location, NamedKind, PathPart, Struct, TimestampFormat, Ty, TyKind};
use crate::error::{shape_path, Error, Result};
use crate::load::model::{traits, Shape, Traits};
use serde_json::Value;

/// The operation's `@http` trait, which every operation of a REST service must have.
pub fn operation_http(op: &Shape) -> Result<Http> {
    let at = || format!("{}.traits[{:?}]", shape_path(&op.id), traits::HTTP);
    let http = op.traits.get(traits::HTTP).ok_or_else(|| {
        Error::shape(
            &op.id,
            "has no @http trait, which every operation of a REST protocol needs",
        )
        .at(format!("{}.traits", shape_path(&op.id)))
    })?;
    let text = |k: &str| http.get(k).and_then(Value::as_str);
    let (Some(method), Some(uri)) = (text("method"), text("uri")) else {
        return Err(Error::shape(&op.id, "@http needs a `method` and a `uri`").at(at()));
    };
    let code = match http.get("code") {
        None => 200,
        Some(c) => c
            .as_u64()
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (100..600).contains(c))
            .ok_or_else(|| {
                Error::shape(&op.id, format!("@http code {c} is not an HTTP status")).at(at())
            })?,
    };
    let (path, query) = match uri.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (uri, None),
    };
    let path = parse_path(path).map_err(|m| Error::shape(&op.id, m).at(at()))?;
    Ok(Http {
        method: method.to_ascii_uppercase(),
        path,
        query: query.filter(|q| !q.is_empty()),
        code,
    })
}

/// `/a/{b}/c/{d+}` -> literals and labels. Labels are whole path segments (the
/// specification's rule), so a `{` or `}` elsewhere is an error.
fn parse_path(path: &str) -> std::result::Result<Vec<PathPart>, String> {
    if !path.starts_with('/') {
        return Err(format!("@http uri `{path}` does not start with `/`"));
    }
    let mut parts = Vec::new();
    let mut literal = String::new();
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            literal.push('/');
        }
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(label) => {
                let (member, greedy) = match label.strip_suffix('+') {
                    Some(m) => (m, true),
                    None => (label, false),
                };
                if member.is_empty() || member.contains(['{', '}', '+']) {
                    return Err(format!(
                        "@http uri `{path}` has a malformed label `{segment}`"
                    ));
                }
                if !literal.is_empty() {
                    parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PathPart::Label {
                    member: member.to_string(),
                    greedy,
                });
            }
            None if segment.contains(['{', '}']) => {
                return Err(format!(
                    "@http uri `{path}`: a label must be a whole path segment (`{segment}`)"
                ));
            }
            None => literal.push_str(segment),
        }
    }
    if !literal.is_empty() {
        parts.push(PathPart::Literal(literal));
    }
    Ok(parts)
}

/// Where a member's traits bind it (REST protocols; the RPC ones put all in the body).
pub fn location(member: &Traits) -> Location {
    let name = |k: &str| member.get(k).and_then(Value::as_str).map(str::to_string);
    if member.contains_key(traits::HTTP_LABEL) {
        Location::Label
    } else if let Some(q) = name(traits::HTTP_QUERY) {
        Location::Query(q)
    } else if member.contains_key(traits::HTTP_QUERY_PARAMS) {
        Location::QueryParams
    } else if let Some(h) = name(traits::HTTP_HEADER) {
        Location::Header(h)
    } else if let Some(p) = name(traits::HTTP_PREFIX_HEADERS) {
        Location::PrefixHeaders(p)
    } else if member.contains_key(traits::HTTP_PAYLOAD) {
        Location::Payload
    } else if member.contains_key(traits::HTTP_RESPONSE_CODE) {
        Location::ResponseCode
    } else {
        Location::Body
    }
}

/// The timestamp format of a location when the model names none: `http-date` in headers,
/// `date-time` in the URI, epoch seconds in JSON.
pub fn default_timestamp_format(location: &Location) -> TimestampFormat {
    match location {
        Location::Header(_) | Location::PrefixHeaders(_) => TimestampFormat::HttpDate,
        Location::Label | Location::Query(_) | Location::QueryParams => TimestampFormat::DateTime,
        Location::Body | Location::Payload | Location::ResponseCode => {
            TimestampFormat::EpochSeconds
        }
    }
}

/// Every label of the URI pattern names a member of the input bound with `@httpLabel`.
pub fn check_labels(http: &Http, input: &[Field]) -> std::result::Result<(), String> {
    for part in &http.path {
        if let PathPart::Label { member, .. } = part {
            if !input
                .iter()
                .any(|f| &f.wire == member && f.location == Location::Label)
            {
                return Err(format!(
                    "@http uri label `{{{member}}}` names no input member marked @httpLabel"
                ));
            }
        }
    }
    Ok(())
}

/// The binding traits of `s`, an operation's input (`input`) or output or error, say
/// something a REST message can carry: one payload at most and then no other body member,
/// labels that the URI uses, and targets each location can hold. On error: the member
/// at fault and why.
pub fn check_members(
    s: &Struct,
    http: &Http,
    input: bool,
) -> std::result::Result<(), (String, String)> {
    let in_body = |f: &Field| {
        if input {
            f.location.in_request_body()
        } else {
            f.location.in_response_body()
        }
    };
    let payloads: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.location == Location::Payload)
        .collect();
    if let [first, second, ..] = payloads[..] {
        return Err((
            second.wire.clone(),
            format!("is a second @httpPayload (after `{}`)", first.wire),
        ));
    }
    if let (Some(p), Some(body)) = (payloads.first(), s.fields.iter().find(|f| in_body(f))) {
        return Err((
            body.wire.clone(),
            format!(
                "is a body member beside the @httpPayload `{}`, which takes the whole body",
                p.wire
            ),
        ));
    }
    for f in &s.fields {
        let fits = match &f.location {
            Location::Body | Location::ResponseCode => true,
            Location::Payload => matches!(
                f.ty.kind,
                TyKind::Blob
                    | TyKind::String
                    | TyKind::Document
                    | TyKind::Named {
                        kind: NamedKind::Struct | NamedKind::Union | NamedKind::Enum,
                        ..
                    }
            ),
            Location::Label if input => {
                let used = http
                    .path
                    .iter()
                    .any(|p| matches!(p, PathPart::Label { member, .. } if *member == f.wire));
                if !used {
                    return Err((
                        f.wire.clone(),
                        "is an @httpLabel the @http uri does not use".into(),
                    ));
                }
                is_text(&f.ty) && f.ty.kind != TyKind::Blob
            }
            Location::Label => true,
            Location::Query(_) | Location::Header(_) => {
                is_text(&f.ty)
                    || matches!(&f.ty.kind, TyKind::List { member, .. } if is_text(member))
            }
            Location::QueryParams => matches!(&f.ty.kind, TyKind::Map { value, .. }
                if value.kind.is_string_or_enum()
                    || matches!(&value.kind, TyKind::List { member, .. } if member.kind.is_string_or_enum())),
            Location::PrefixHeaders(_) => {
                matches!(&f.ty.kind, TyKind::Map { value, .. } if value.kind.is_string_or_enum())
            }
        };
        if !fits {
            return Err((
                f.wire.clone(),
                format!("{} cannot hold its target type", binding_name(&f.location)),
            ));
        }
    }
    Ok(())
}

/// A type with a text form in a URI or header: a string, number, boolean, timestamp,
/// blob (base64) or enum.
fn is_text(ty: &Ty) -> bool {
    ty.kind.is_scalar()
        || matches!(
            ty.kind,
            TyKind::String
                | TyKind::Blob
                | TyKind::BigNumber
                | TyKind::Timestamp(_)
                | TyKind::Named {
                    kind: NamedKind::Enum | NamedKind::IntEnum,
                    ..
                }
        )
}

fn binding_name(location: &Location) -> &'static str {
    match location {
        Location::Body => "the body",
        Location::Label => "@httpLabel",
        Location::Query(_) => "@httpQuery",
        Location::QueryParams => "@httpQueryParams",
        Location::Header(_) => "@httpHeader",
        Location::PrefixHeaders(_) => "@httpPrefixHeaders",
        Location::Payload => "@httpPayload",
        Location::ResponseCode => "@httpResponseCode",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_at_whole_segment_labels() {
        assert_eq!(
            parse_path("/a/{b}/c/{d+}").unwrap(),
            [
                PathPart::Literal("/a/".into()),
                PathPart::Label {
                    member: "b".into(),
                    greedy: false
                },
                PathPart::Literal("/c/".into()),
                PathPart::Label {
                    member: "d".into(),
                    greedy: true
                },
            ]
        );
        assert_eq!(parse_path("/").unwrap(), [PathPart::Literal("/".into())]);
        assert!(parse_path("/a{b}")
            .unwrap_err()
            .contains("whole path segment"));
        assert!(parse_path("/{}").unwrap_err().contains("malformed label"));
        assert!(parse_path("a").unwrap_err().contains("start with `/`"));
    }
}
