//! The REST protocols' side of an operation (`@http` and the binding traits): the request's
//! URI, query, headers and body from the input, and the output's (or an error's) header,
//! status and payload members from a response. JSON bodies reuse the `ser_` / `de_`
//! functions, which write and read only the members bound to the body.

use super::{
    codec_fn, customize, ident, or_default, or_zero, path, rust_type, ser::timestamp_format,
};
use crate::ir::{
    Crate, Field, Http, Location, NamedKind, Operation, PathPart, Presence, Struct, Ty, TyKind,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The member bound to the whole body, if any.
fn payload(s: &Struct) -> Option<&Field> {
    s.fields.iter().find(|f| f.location == Location::Payload)
}

/// Whether a member of `s` takes the whole body.
pub fn has_payload(s: &Struct) -> bool {
    payload(s).is_some()
}

/// The `Content-Type` of the body `s` (an input or output) sends, if it has one.
fn content_type(krate: &Crate, s: &Struct) -> Option<String> {
    match payload(s) {
        Some(p) => Some(match &p.ty.kind {
            TyKind::Blob => p
                .media_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into()),
            TyKind::String
            | TyKind::Named {
                kind: NamedKind::Enum,
                ..
            } => p.media_type.clone().unwrap_or_else(|| "text/plain".into()),
            _ => krate.service.protocol.content_type().into(),
        }),
        None => s
            .body_is_json_document()
            .then(|| krate.service.protocol.content_type().into()),
    }
}

/// `write_body` of a REST operation: the payload member, else the JSON document of the
/// body members, else nothing.
pub fn write_body(krate: &Crate, input: &Struct, tokens: Option<TokenStream>) -> TokenStream {
    let Some(p) = payload(input) else {
        if input.body_is_json_document() {
            let ser = codec_fn(krate, "ser_", &input.id);
            return quote!(crate::ser::#ser(out, input #tokens));
        }
        return quote! {
            let _ = (out, input);
            ::std::result::Result::Ok(())
        };
    };
    let n = ident(&p.name);
    let write = match &p.ty.kind {
        TyKind::Blob => quote!(out.extend_from_slice(v);),
        TyKind::String => quote!(out.extend_from_slice(v.as_bytes());),
        TyKind::Named {
            kind: NamedKind::Enum,
            ..
        } => quote!(out.extend_from_slice(v.as_str().as_bytes());),
        TyKind::Document => quote!(crate::json::write_document(out, v);),
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => {
            let f = codec_fn(krate, "ser_", id);
            let wire = &p.wire;
            quote!(crate::ser::#f(out, v).map_err(|e| e.in_field(#wire))?;)
        }
        other => unreachable!("the model checks payload targets, not {other:?}"),
    };
    let unset = is_structure(p).then(|| quote!(else { out.extend_from_slice(b"{}"); }));
    let value = match p.presence {
        Presence::Optional => {
            quote!(if let ::std::option::Option::Some(v) = &input.#n { #write } #unset)
        }
        _ => quote!({ let v = &input.#n; #write }),
    };
    quote! {
        #value
        ::std::result::Result::Ok(())
    }
}

/// A structure payload, which is still a JSON document when unset: the empty object.
fn is_structure(payload: &Field) -> bool {
    matches!(
        payload.ty.kind,
        TyKind::Named {
            kind: NamedKind::Struct,
            ..
        }
    )
}

/// `request_with_body` of a REST operation: around the body `write_body` wrote (or the
/// payload `into_request` moved), the method, the URI and the headers from the bindings.
pub fn request_with_body(krate: &Crate, op: &Operation, http: &Http) -> TokenStream {
    let input = &krate.structs[&op.input];
    let field = |name: &str| {
        input
            .fields
            .iter()
            .find(|f| f.wire == name)
            .expect("the IR checked the labels")
    };
    let path = http.path.iter().map(|part| match part {
        PathPart::Literal(text) => match text.as_str() {
            "/" => quote!(uri.push('/');),
            _ => quote!(uri.push_str(#text);),
        },
        PathPart::Label { member, greedy } => {
            let f = field(member);
            let n = ident(&f.name);
            let wire = &f.wire;
            if let Some(default) = customize::label_default(krate, f) {
                let value = match f.presence {
                    Presence::Optional => quote!(match input.#n.as_deref() {
                        ::std::option::Option::None | ::std::option::Option::Some("") => #default,
                        ::std::option::Option::Some(v) => v,
                    }),
                    _ => quote!(match input.#n.as_str() { "" => #default, v => v }),
                };
                return quote!(crate::rest::push_label(&mut uri, #wire, #value, #greedy)?;);
            }
            let value = if f.presence == Presence::Optional {
                quote!(crate::rest::label_value(input.#n.as_ref(), #wire)?)
            } else {
                quote!(&input.#n)
            };
            let (text, _) = text_value(&f.ty, &quote!(v), f);
            quote! {
                {
                    let v = #value;
                    crate::rest::push_label(&mut uri, #wire, #text, #greedy)?;
                }
            }
        }
    });
    let literal_query = http.query.as_ref().map(|q| {
        quote! {
            uri.push('?');
            uri.push_str(#q);
        }
    });
    // The `@httpQuery` keys and whether each member is set: a set member's key wins over
    // the same key in an `@httpQueryParams` map.
    let bound_queries: Vec<TokenStream> = input
        .fields
        .iter()
        .filter_map(|f| match &f.location {
            Location::Query(name) => {
                let n = ident(&f.name);
                let set = match f.presence {
                    Presence::Optional if !f.idempotency_token => quote!(input.#n.is_some()),
                    _ => quote!(true),
                };
                Some(quote!((#name, #set)))
            }
            _ => None,
        })
        .collect();
    let mut queries = Vec::new();
    let mut headers = Vec::new();
    // The service's fixed headers first: a member bound to the same header replaces one.
    for (name, value) in customize::fixed_headers(krate) {
        headers.push(quote!(crate::rest::set_header(headers, #name, #value)?;));
    }
    for f in &input.fields {
        let n = ident(&f.name);
        let each = |body: TokenStream| match f.presence {
            // An unset token gets a fresh one, as in a JSON body.
            Presence::Optional if f.idempotency_token => quote! {
                {
                    let token;
                    let v = match &input.#n {
                        ::std::option::Option::Some(v) => v,
                        ::std::option::Option::None => {
                            token = crate::idempotency::token()?;
                            &token
                        }
                    };
                    #body
                }
            },
            Presence::Optional => {
                quote!(if let ::std::option::Option::Some(v) = &input.#n { #body })
            }
            _ => quote!({ let v = &input.#n; #body }),
        };
        match &f.location {
            Location::Query(name) => queries.push(each(match list_member(&f.ty) {
                Some(member) => {
                    let (text, _) = text_value(member, &quote!(item), f);
                    quote!(for item in v { crate::rest::push_query(&mut uri, #name, #text); })
                }
                None => {
                    let (text, _) = text_value(&f.ty, &quote!(v), f);
                    quote!(crate::rest::push_query(&mut uri, #name, #text);)
                }
            })),
            Location::QueryParams => {
                // Keys and values are strings or string enums.
                let value_ty = map_value(&f.ty).expect("the IR checked @httpQueryParams");
                let push = match list_member(value_ty) {
                    Some(member) => {
                        let (text, _) = text_value(member, &quote!(item), f);
                        quote!(for item in value {
                            crate::rest::push_query(&mut uri, key.as_str(), #text);
                        })
                    }
                    None => {
                        let (text, _) = text_value(value_ty, &quote!(value), f);
                        quote!(crate::rest::push_query(&mut uri, key.as_str(), #text);)
                    }
                };
                queries.push(each(quote! {
                    for (key, value) in v {
                        let bound: &[(&str, bool)] = &[#(#bound_queries),*];
                        if !bound.iter().any(|(k, set)| *set && *k == key.as_str()) {
                            #push
                        }
                    }
                }));
            }
            Location::Header(name) => headers.push(each(match list_member(&f.ty) {
                Some(member) => {
                    let (_, text) = text_value(member, &quote!(item), f);
                    // Text a reader would split or trim goes quoted (an enum value may
                    // hold a comma too).
                    let quoted = member.kind.is_string_or_enum();
                    quote! {
                        let mut items = ::std::vec::Vec::with_capacity(v.len());
                        for item in v {
                            items.push(#text);
                        }
                        crate::rest::set_header_list(headers, #name, items, #quoted)?;
                    }
                }
                None => {
                    let (text, _) = text_value(&f.ty, &quote!(v), f);
                    quote!(crate::rest::set_header(headers, #name, #text)?;)
                }
            })),
            Location::PrefixHeaders(prefix) => {
                let value_ty = map_value(&f.ty).expect("the IR checked @httpPrefixHeaders");
                let (text, _) = text_value(value_ty, &quote!(value), f);
                headers.push(each(quote! {
                    for (key, value) in v {
                        crate::rest::set_header(headers, &::std::format!("{}{}", #prefix, key.as_str()), #text)?;
                    }
                }));
            }
            _ => {}
        }
    }
    let method = &http.method;
    // A payload other than a structure (`{}` when unset) has a type only when set, even to
    // an empty value.
    let mut reads_input = input.fields.iter().any(|f| {
        !matches!(
            f.location,
            Location::Body | Location::Payload | Location::ResponseCode
        )
    });
    let content_type = match (content_type(krate, input), payload(input)) {
        (None, _) => quote!(::std::option::Option::None),
        (Some(t), Some(p)) if p.presence == Presence::Optional && !is_structure(p) => {
            let n = ident(&p.name);
            reads_input = true;
            quote!(input.#n.as_ref().map(|_| #t))
        }
        (Some(t), _) => quote!(::std::option::Option::Some(#t)),
    };
    let compress = op
        .gzip_requests
        .then(|| quote!(Self::compress(&mut request);));
    let input_arg = if reads_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    let checksum = (!customize::body_checksums(krate, op).is_empty())
        .then(|| quote!(Self::checksum(&mut request);));
    let headers_binding = (!headers.is_empty()).then(|| {
        quote! {
            let headers = request.headers_mut();
            #(#headers)*
        }
    });
    let request = if headers_binding.is_some() || compress.is_some() || checksum.is_some() {
        quote!(mut request)
    } else {
        quote!(request)
    };
    quote! {
        #[inline]
        fn request_with_body(#input_arg: &Self::Input, body: ::std::vec::Vec<u8>) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::meta::SerializeError> {
            let mut uri = ::std::string::String::new();
            #(#path)*
            #literal_query
            #(#queries)*
            let #request = crate::rest::request(#method, uri, body, #content_type)?;
            #headers_binding
            #compress
            #checksum
            ::std::result::Result::Ok(request)
        }
    }
}

/// The blob member bound to the whole body of `s`, if any: what `into_request` and
/// `parse_owned_response` move instead of copying.
fn blob_payload(s: &Struct) -> Option<&Field> {
    payload(s).filter(|p| p.ty.kind == TyKind::Blob)
}

/// `into_request` of an operation whose input has a blob payload: validation as
/// `write_body` does it, then the payload moved out of the input into the body. An
/// optional payload that was set is left set to empty, so that its `Content-Type` goes.
pub fn into_request(input: &Struct, validate: Option<TokenStream>) -> Option<TokenStream> {
    let p = blob_payload(input)?;
    let n = ident(&p.name);
    let take = match p.presence {
        Presence::Optional => quote! {
            match input.#n.take() {
                ::std::option::Option::Some(body) => {
                    input.#n = ::std::option::Option::Some(::std::vec::Vec::new());
                    body
                }
                ::std::option::Option::None => ::std::vec::Vec::new(),
            }
        },
        _ => quote!(::std::mem::take(&mut input.#n)),
    };
    let validate = validate.map(|v| quote!({ let input = &input; #v }));
    Some(quote! {
        #[inline]
        fn into_request(mut input: Self::Input) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::meta::SerializeError> {
            #validate
            let body = #take;
            Self::request_with_body(&input, body)
        }
    })
}

/// `parse_owned_response` of an operation whose output has a blob payload: the other
/// members as `parse_response` reads them, then the body moved into the payload.
pub fn parse_owned_response(output: &Struct) -> Option<TokenStream> {
    let p = blob_payload(output)?;
    let n = ident(&p.name);
    let body = match p.presence {
        Presence::Optional => quote!(::std::option::Option::Some(body)),
        _ => quote!(body),
    };
    Some(quote! {
        #[inline]
        fn parse_owned_response(status: u16, headers: &::http::HeaderMap, body: ::std::vec::Vec<u8>) -> ::std::result::Result<Self::Output, Self::Error> {
            // An empty body is what `parse_response` makes of it; errors are read as usual.
            if body.is_empty() || !(200..300).contains(&status) {
                return Self::parse_response(status, headers, &body);
            }
            let mut output = Self::parse_response(status, headers, &[])?;
            output.#n = #body;
            ::std::result::Result::Ok(output)
        }
    })
}

/// The item type of a list type.
fn list_member(ty: &Ty) -> Option<&Ty> {
    match &ty.kind {
        TyKind::List { member, .. } => Some(member),
        _ => None,
    }
}

/// The value type of a map type.
fn map_value(ty: &Ty) -> Option<&Ty> {
    match &ty.kind {
        TyKind::Map { value, .. } => Some(value),
        _ => None,
    }
}

/// The text of `v` (a reference to a value of `ty`) in a URI or header, as two
/// expressions: one to pass as `&str`, and a `Cow<str>` that outlives the statement (for
/// header lists). Either may use `?` (timestamps out of range).
fn text_value(ty: &Ty, v: &TokenStream, f: &Field) -> (TokenStream, TokenStream) {
    let owned = |e: TokenStream| (quote!(&#e), quote!(::std::borrow::Cow::Owned(#e)));
    let value = quote!(crate::rest::HttpValue::http_value);
    match &ty.kind {
        TyKind::String if f.media_type.is_some() && matches!(f.location, Location::Header(_)) => {
            owned(quote!(crate::rest::media_type_value(#v)))
        }
        TyKind::String
        | TyKind::Named {
            kind: NamedKind::Enum,
            ..
        } => (
            quote!(#v.as_str()),
            quote!(::std::borrow::Cow::Borrowed(#v.as_str())),
        ),
        TyKind::Named {
            kind: NamedKind::IntEnum,
            ..
        } => (
            quote!(&#value(&#v.as_i32())),
            quote!(::std::borrow::Cow::Owned(#value(&#v.as_i32()).into_owned())),
        ),
        TyKind::Timestamp(format) => {
            let format = timestamp_format(*format);
            owned(quote!(crate::rest::timestamp_value(#v, #format)?))
        }
        TyKind::Blob => owned(quote!(crate::rest::blob_value(#v))),
        _ => (quote!(&#value(#v)), quote!(#value(#v))),
    }
}

/// Whether `s` has members a response carries outside its JSON body.
pub fn has_response_bindings(s: &Struct) -> bool {
    s.fields.iter().any(|f| !f.location.in_response_body())
}

/// `bind_<name>(value, status, headers, body)`: fills the members of `s` a response
/// carries in its status, headers or as its payload (the JSON body members are the
/// `de_` function's).
pub fn bind_fn(krate: &Crate, s: &Struct) -> TokenStream {
    let f = codec_fn(krate, "bind_", &s.id);
    let ty = path(&format!("{}::{}", s.module.path(), s.name));
    let mut uses = (false, false, false);
    let sets = s.fields.iter().filter_map(|field| {
        let value = match &field.location {
            Location::Header(name) => {
                uses.1 = true;
                header_value(field, name)
            }
            Location::PrefixHeaders(prefix) => {
                uses.1 = true;
                let mut map = quote!(crate::rest::prefix_headers(headers, #prefix));
                // String enum values are made from the header text (keys are `String`s).
                if let Some(value) = map_value(&field.ty).filter(|v| v.kind != TyKind::String) {
                    let t = rust_type(value);
                    map = quote!(#map.into_iter().map(|(k, v)| (k, #t::from(v.as_str()))).collect::<::std::collections::BTreeMap<_, _>>());
                }
                quote!({
                    let map = #map;
                    (!map.is_empty()).then_some(map)
                })
            }
            Location::ResponseCode => {
                uses.0 = true;
                let n = ident(&field.name);
                let status = quote!(::std::convert::From::from(status));
                return Some(match field.presence {
                    Presence::Optional => quote!(value.#n = ::std::option::Option::Some(#status);),
                    _ => quote!(value.#n = #status;),
                });
            }
            Location::Payload => {
                uses.2 = true;
                payload_value(krate, field)
            }
            _ => return None,
        };
        let n = ident(&field.name);
        let value = if field.boxed {
            quote!(#value.map(::std::boxed::Box::new))
        } else {
            value
        };
        Some(match &field.presence {
            Presence::Optional => quote!(value.#n = #value;),
            Presence::Required => {
                let v = or_zero(quote!(v), &field.ty);
                quote!(value.#n = { let v = #value; #v };)
            }
            Presence::Default(d) => {
                let v = or_default(quote!(v), field, d);
                quote!(value.#n = { let v = #value; #v };)
            }
        })
    });
    let sets: Vec<_> = sets.collect();
    let arg = |used: bool, name: &str| {
        let name = if used {
            ident(name)
        } else {
            ident(&format!("_{name}"))
        };
        quote!(#name)
    };
    let (status, headers, body) = (
        arg(uses.0, "status"),
        arg(uses.1, "headers"),
        arg(uses.2, "body"),
    );
    quote! {
        pub(crate) fn #f(value: &mut #ty, #status: u16, #headers: &::http::HeaderMap, #body: &[u8]) -> ::std::result::Result<(), crate::json::DeserializeError> {
            #(#sets)*
            ::std::result::Result::Ok(())
        }
    }
}

/// An `Option` of the header's value, with `?` for malformed values.
fn header_value(field: &Field, name: &str) -> TokenStream {
    let wire = &field.wire;
    // The type `parse_header` / `header_list` read, and how to make the member's from it.
    let scalar = |ty: &Ty| -> (TokenStream, Option<TokenStream>) {
        match &ty.kind {
            TyKind::Named {
                path: p,
                kind: NamedKind::Enum,
                ..
            } => {
                let p = path(p);
                (
                    quote!(::<::std::string::String>),
                    Some(quote!(|s: ::std::string::String| #p::from(s.as_str()))),
                )
            }
            TyKind::Named {
                path: p,
                kind: NamedKind::IntEnum,
                ..
            } => {
                let p = path(p);
                (quote!(::<i32>), Some(quote!(#p::from)))
            }
            _ => {
                let t = rust_type(ty);
                (quote!(::<#t>), None)
            }
        }
    };
    match list_member(&field.ty) {
        Some(member) => {
            let (kind, map) = scalar(member);
            let read = match member.kind {
                TyKind::Timestamp(format) => {
                    let format = timestamp_format(format);
                    quote!(crate::rest::header_timestamp_list(headers, #name, #wire, #format)?)
                }
                _ => quote!(crate::rest::header_list #kind (headers, #name, #wire)?),
            };
            match map {
                Some(map) => quote!(#read.map(|items| items.into_iter().map(#map).collect())),
                None => read,
            }
        }
        None => {
            let (kind, map) = scalar(&field.ty);
            let read = match &field.ty.kind {
                TyKind::Timestamp(format) => {
                    let format = timestamp_format(*format);
                    quote!(crate::rest::header_timestamp(headers, #name, #wire, #format)?)
                }
                TyKind::String if field.media_type.is_some() => {
                    quote!(crate::rest::header_media_type(headers, #name, #wire)?)
                }
                _ => quote!(crate::rest::parse_header #kind (headers, #name, #wire)?),
            };
            match map {
                Some(map) => quote!(#read.map(#map)),
                None => read,
            }
        }
    }
}

/// An `Option` of the payload member's value read from the whole body.
fn payload_value(krate: &Crate, field: &Field) -> TokenStream {
    let wire = &field.wire;
    match &field.ty.kind {
        TyKind::Blob => quote!((!body.is_empty()).then(|| body.to_vec())),
        TyKind::String => quote!(crate::rest::text_payload(body, #wire)?),
        TyKind::Named {
            path: p,
            kind: NamedKind::Enum,
            ..
        } => {
            let p = path(p);
            quote!(crate::rest::text_payload(body, #wire)?.map(|s| #p::from(s.as_str())))
        }
        TyKind::Document => {
            quote!(crate::rest::json_payload(body, |r| r.read_document())?)
        }
        TyKind::Named {
            id,
            kind: NamedKind::Struct | NamedKind::Union,
            ..
        } => {
            let f = codec_fn(krate, "de_", id);
            quote!(crate::rest::json_payload(body, #f)?)
        }
        other => unreachable!("the model checks payload targets, not {other:?}"),
    }
}
