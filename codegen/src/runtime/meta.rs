//! What every operation shares: error metadata read from a response (the AWS JSON
//! protocols' error code rules), the unhandled-error type, and the request-side validation errors.
// A crate calls only the crate-private helpers its model needs (validation paths, host
// labels, error parsing); the tests below cover them all.
#![allow(dead_code)]

use crate::json::Reader;
/// Why a response body could not be read; [`Unhandled::deserialize_error`] gives it.
pub use crate::json::DeserializeError;
use std::borrow::Cow;
use std::fmt;

/// Who is at fault for an error, from the model's `@error` trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request was at fault (a 4xx, or an error the model marks `client`).
    Client,
    /// The service was at fault (a 5xx, or an error the model marks `server`).
    Server,
}

/// What the protocol says about an error response, whatever its code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) status: u16,
}

impl ErrorMetadata {
    /// The sanitized error code (`UserNotFoundException`).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The response's error message, if it had one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The `x-amzn-requestid` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The metadata with the model's code and HTTP status for `E` where they are unset:
    /// what an error built by hand (tests, mocks) reports, and what retry policies read.
    pub(crate) fn or_modeled<E: ModeledError>(mut self) -> Self {
        self.code.get_or_insert_with(|| E::CODE.to_string());
        if self.status == 0 {
            self.status = E::HTTP_STATUS;
        }
        self
    }

    /// Metadata for an error built by hand (tests, mocks).
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        status: u16,
    ) -> Self {
        ErrorMetadata {
            code,
            message,
            request_id,
            status,
        }
    }
}

/// Code, message, request id, fault and HTTP status of an error, whichever it is: every
/// error structure, every operation's error enum and [`Unhandled`] implement it, so that
/// generic code (retry policies, logging, tests) needs nothing per operation.
pub trait ProvideErrorMetadata {
    /// What the response said about the error.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, if the response carried one.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The error message: a modelled `message` member when set, else the response's.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The `x-amzn-requestid` of the response.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }

    /// The HTTP status of the response.
    fn http_status(&self) -> u16 {
        self.meta().status()
    }

    /// Whether the caller or the service is at fault: from the model for a modelled
    /// error, else from the status.
    fn fault(&self) -> Fault {
        if self.http_status() >= 500 {
            Fault::Server
        } else {
            Fault::Client
        }
    }
}

/// An error as a trait object: its metadata and `std::error::Error` together, which is
/// what an operation's error enum yields for whichever error it holds.
pub trait ServiceError: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static {
    /// The same error as a `std::error::Error` (for `source()` chains).
    fn as_std_error(&self) -> &(dyn std::error::Error + 'static);
}

impl<T: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static> ServiceError for T {
    fn as_std_error(&self) -> &(dyn std::error::Error + 'static) {
        self
    }
}

/// What the model says about an error structure.
pub trait ModeledError: ProvideErrorMetadata {
    /// The error code on the wire.
    const CODE: &'static str;
    /// Whether the caller or the service is at fault.
    const FAULT: Fault;
    /// The HTTP status the model gives the error.
    const HTTP_STATUS: u16;
}

/// How the crate reads an error structure from a response.
pub(crate) trait ReadError: ModeledError + Sized {
    /// A `@sensitive` message is neither kept in the metadata nor shown.
    const SENSITIVE_MESSAGE: bool;

    /// Reads the error from a response whose code is [`ModeledError::CODE`].
    fn from_response(response: ErrorResponse<'_>) -> Result<Self, Unhandled>;
}

/// An operation module's free functions, the runtime's generic ones for its marker type.
macro_rules! operation_functions {
    ($op:ident) => {
        /// Validates the input and writes its body.
        #[inline]
        pub fn serialize_body(
            input: &<$op as crate::Operation>::Input,
        ) -> ::std::result::Result<::std::vec::Vec<u8>, crate::meta::SerializeError> {
            crate::meta::serialize_body::<$op>(input)
        }

        /// The HTTP request for `input`: method, path, query, headers and body as the
        /// protocol puts them. The caller adds the host, signing and transport.
        #[inline]
        pub fn serialize_request(
            input: &<$op as crate::Operation>::Input,
        ) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::meta::SerializeError> {
            <$op as crate::Operation>::serialize_request(input)
        }

        /// Parses a response: the output on 2xx, else the operation's error.
        #[inline]
        pub fn parse_response(
            status: u16,
            headers: &::http::HeaderMap,
            body: &[u8],
        ) -> ::std::result::Result<<$op as crate::Operation>::Output, <$op as crate::Operation>::Error> {
            crate::meta::parse_response::<$op>(status, headers, body)
        }

        /// [`parse_response`] for an `http::Response`.
        pub fn parse_http_response<B: ::std::convert::AsRef<[u8]>>(
            response: &::http::Response<B>,
        ) -> ::std::result::Result<<$op as crate::Operation>::Output, <$op as crate::Operation>::Error> {
            parse_response(
                response.status().as_u16(),
                response.headers(),
                response.body().as_ref(),
            )
        }
    };
}
pub(crate) use operation_functions;

/// What every operation's error enum implements the same way, through the error its
/// `as_error()` yields: one line per enum instead of four impls.
/// An operation error enum's `as_error()`, `is_<error>()` predicates and `From` impls, and
/// the traits it implements through the error inside: one line per error instead of
/// some twenty. Each entry is `Variant(AnyErrorVariant) predicate`.
macro_rules! operation_error {
    ($name:ident { $($variant:ident($any:ident) $is:ident,)* }) => {
        impl $name {
            /// The error inside, whichever it is.
            #[inline]
            pub fn as_error(&self) -> &dyn crate::meta::ServiceError {
                match self {
                    $(Self::$variant(e) => e,)*
                    Self::Unhandled(e) => e,
                }
            }

            $(
                #[doc = concat!(" True for [`", stringify!($any), "`](crate::error::", stringify!($any), ").")]
                #[inline]
                pub fn $is(&self) -> bool {
                    matches!(self, Self::$variant(_))
                }
            )*

            /// True when the error is not one the operation models.
            #[inline]
            pub fn is_unhandled(&self) -> bool {
                matches!(self, Self::Unhandled(_))
            }
        }

        impl ::std::convert::From<crate::error::AnyError> for $name {
            // The parser yields only the operation's own errors; any other is unhandled,
            // an arm that cannot match when the operation has every error of the crate.
            #[allow(unreachable_patterns, clippy::match_single_binding)]
            #[inline]
            fn from(e: crate::error::AnyError) -> Self {
                match e {
                    $(crate::error::AnyError::$any(e) => Self::$variant(e),)*
                    other => Self::Unhandled(other.into()),
                }
            }
        }

        impl ::std::convert::From<crate::meta::Unhandled> for $name {
            #[inline]
            fn from(e: crate::meta::Unhandled) -> Self {
                Self::Unhandled(e)
            }
        }

        impl crate::meta::ProvideErrorMetadata for $name {
            #[inline]
            fn meta(&self) -> &crate::meta::ErrorMetadata {
                self.as_error().meta()
            }

            #[inline]
            fn message(&self) -> ::std::option::Option<&str> {
                self.as_error().message()
            }

            #[inline]
            fn fault(&self) -> crate::meta::Fault {
                self.as_error().fault()
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.as_error(), f)
            }
        }

        impl ::std::error::Error for $name {
            #[inline]
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::option::Option::Some(self.as_error().as_std_error())
            }
        }
    };
}
pub(crate) use operation_error;

/// `Display` for a modelled error: its code, then its message unless that is sensitive.
pub(crate) fn fmt_modeled<E: ReadError>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(E::CODE)?;
    match error.message() {
        Some(message) if !E::SENSITIVE_MESSAGE => write!(f, ": {message}"),
        _ => Ok(()),
    }
}

/// An error response read once: its metadata, its `message` member as a message-only
/// error structure reads it (see [`parse_error_response`]), and the body for the others.
pub(crate) struct ErrorResponse<'a> {
    meta: ErrorMetadata,
    message: Result<Option<String>, DeserializeError>,
    headers: &'a http::HeaderMap,
    body: &'a [u8],
}

impl ErrorResponse<'_> {
    /// The response's error code.
    pub(crate) fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The response as an error the crate does not model.
    pub(crate) fn unhandled(self) -> Unhandled {
        Unhandled::new(self.meta, None)
    }

    /// The modelled error `E`, or the unhandled error its malformed body makes.
    pub(crate) fn parse<E: ReadError>(mut self) -> Result<E, Unhandled> {
        if E::SENSITIVE_MESSAGE {
            self.meta.message = None;
        }
        E::from_response(self)
    }

    /// An error structure whose only member is `message`, built from the first pass.
    pub(crate) fn message_only<E>(self, build: fn(Option<String>, ErrorMetadata) -> E) -> Result<E, Unhandled> {
        match self.message {
            Ok(message) => Ok(build(message, self.meta)),
            Err(e) => Err(Unhandled::new(self.meta, Some(e))),
        }
    }

    /// Any other error structure, read from the body by its parser.
    pub(crate) fn structure<E: Default>(
        self,
        de: fn(&mut Reader<'_>) -> Result<E, DeserializeError>,
        meta: fn(&mut E) -> &mut ErrorMetadata,
    ) -> Result<E, Unhandled> {
        match crate::de::parse_body(self.body, de) {
            Ok(mut e) => {
                *meta(&mut e) = self.meta;
                Ok(e)
            }
            Err(e) => Err(Unhandled::new(self.meta, Some(e))),
        }
    }

    /// An error structure with members in the headers or status (REST protocols): read
    /// from the body by its parser, then those members by `bind`.
    pub(crate) fn bound<E: Default>(
        self,
        de: fn(&mut Reader<'_>) -> Result<E, DeserializeError>,
        bind: fn(&mut E, u16, &http::HeaderMap, &[u8]) -> Result<(), DeserializeError>,
        meta: fn(&mut E) -> &mut ErrorMetadata,
    ) -> Result<E, Unhandled> {
        let (status, headers, body) = (self.meta.status, self.headers, self.body);
        let mut e = self.structure(de, meta)?;
        match bind(&mut e, status, headers, body) {
            Ok(()) => Ok(e),
            Err(err) => Err(Unhandled::new(meta(&mut e).clone(), Some(err))),
        }
    }
}

/// Validates an operation's input and writes its body.
pub(crate) fn serialize_body<O: crate::Operation + ?Sized>(input: &O::Input) -> Result<Vec<u8>, SerializeError> {
    // A page holds most request bodies whole: starting at 256 bytes, a 3.4 KB body was
    // copied into a larger buffer four times (BENCHMARKS.md).
    let mut body = Vec::with_capacity(4096);
    O::write_body(&mut body, input)?;
    Ok(body)
}

/// The HTTP request of an RPC operation around its serialized body: `POST /` with the
/// protocol's headers. The caller adds the host, signing and transport.
pub(crate) fn rpc_request<O: crate::Operation + ?Sized>(
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, SerializeError> {
    let mut request = json_request(O::TARGET, body);
    O::compress(&mut request);
    O::checksum(&mut request);
    Ok(request)
}

/// The part of [`rpc_request`] that is the same for every operation, compiled once.
fn json_request(target: &'static str, body: Vec<u8>) -> http::Request<Vec<u8>> {
    let length = http::HeaderValue::from(body.len());
    let mut request = http::Request::new(body);
    *request.method_mut() = http::Method::POST;
    let headers = request.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(crate::CONTENT_TYPE),
    );
    headers.insert(http::header::CONTENT_LENGTH, length);
    headers.insert("x-amz-target", http::HeaderValue::from_static(target));
    // Query-compatible services answer with awsQuery error codes when asked to.
    if crate::QUERY_COMPATIBLE {
        headers.insert("x-amzn-query-mode", http::HeaderValue::from_static("true"));
    }
    request
}

/// Parses an operation's response: the output on 2xx, else the modelled error the
/// response's code names if the operation lists it, else [`Unhandled`].
pub(crate) fn parse_response<O: crate::Operation + ?Sized>(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<O::Output, O::Error> {
    if !(200..300).contains(&status) {
        return Err(match parse_error(status, headers, body, O::ERROR_CODES) {
            Ok(modeled) => modeled.into(),
            Err(unhandled) => unhandled.into(),
        });
    }
    match O::read_response(status, headers, body) {
        Ok(output) => Ok(output),
        Err(e) => Err(unparsable(status, headers, e).into()),
    }
}

/// A 2xx response whose body is not the output.
fn unparsable(status: u16, headers: &http::HeaderMap, e: DeserializeError) -> Unhandled {
    let meta = ErrorMetadata::new(None, None, request_id(headers), status);
    Unhandled::new(meta, Some(e))
}

/// Reads an error response: the modelled error its code names when `codes` (an
/// operation's) lists it, else [`Unhandled`]. Not generic, so compiled once for all
/// operations; each operation's error enum then takes the error over with `From`.
fn parse_error(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
    codes: &[&str],
) -> Result<crate::error::AnyError, Unhandled> {
    let (mut meta, message) = parse_error_response(status, headers, body);
    if crate::QUERY_COMPATIBLE {
        apply_query_error(&mut meta, headers);
    }
    let response = ErrorResponse {
        meta,
        message,
        headers,
        body,
    };
    if response.code().is_some_and(|code| codes.contains(&code)) {
        crate::error::AnyError::parse(response)
    } else {
        Err(response.unhandled())
    }
}

/// The AWS JSON protocols' error code rule: cut at the first `,` (joined header values) or `:`
/// (`Code:http://internal.amazon.com/...`), then keep what follows the last `#`
/// (`aws.protocoltests#Code`).
pub(crate) fn sanitize_error_code(raw: &str) -> &str {
    let cut = raw.split([',', ':']).next().unwrap_or(raw);
    cut.rsplit('#').next().unwrap_or(cut).trim()
}

/// Reads code, message and request id from an error response. The code comes from the
/// `X-Amzn-Errortype` header, else the body's `code`, else its `__type` (the order of the
/// Smithy awsJson and restJson1 specifications). A body that is not a JSON object leaves code and message
/// to the header alone.
pub(crate) fn parse_error_metadata(status: u16, headers: &http::HeaderMap, body: &[u8]) -> ErrorMetadata {
    parse_error_response(status, headers, body).0
}

/// [`parse_error_metadata`], and in the same pass over the body its `message` member read
/// as an error structure whose only member is `message` reads it: null or absent is `None`,
/// another type or a malformed body is the error that structure's parser would give. Most
/// modelled errors are such structures, and one pass instead of two is a third less work.
pub(crate) fn parse_error_response(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> (ErrorMetadata, Result<Option<String>, DeserializeError>) {
    // A constant header name: looking up a `&str` parses and checks the name on every
    // call, a measurable share of the time spent on a small error response.
    const ERROR_TYPE: http::HeaderName = http::HeaderName::from_static("x-amzn-errortype");
    let header = headers.get(ERROR_TYPE).and_then(|v| v.to_str().ok());
    let scan = ErrorBody::scan(body);
    let code = match header.map(sanitize_error_code).filter(|c| !c.is_empty()) {
        Some(code) => Some(code),
        None => scan
            .code
            .as_deref()
            .or(scan.ty.as_deref())
            .map(sanitize_error_code)
            .filter(|c| !c.is_empty()),
    };
    let meta = ErrorMetadata {
        code: code.map(str::to_string),
        message: scan.message.map(Cow::into_owned),
        request_id: request_id(headers),
        status,
    };
    (meta, scan.message_member.map(|m| m.map(Cow::into_owned)))
}

/// The `x-amzn-requestid` response header (a constant name, for the reason above).
pub(crate) fn request_id(headers: &http::HeaderMap) -> Option<String> {
    const REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-amzn-requestid");
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// On a query-compatible service, the awsQuery code of `x-amzn-query-error`
/// (`Code;Sender`) replaces the JSON one.
pub(crate) fn apply_query_error(meta: &mut ErrorMetadata, headers: &http::HeaderMap) {
    let header = headers
        .get("x-amzn-query-error")
        .and_then(|v| v.to_str().ok());
    if let Some(code) = header
        .and_then(|h| h.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        meta.code = Some(code.to_string());
    }
}

/// What an error body says about the error. Strings are borrowed from the body unless
/// they contain escapes, so that only what is kept gets copied.
struct ErrorBody<'a> {
    code: Option<Cow<'a, str>>,
    ty: Option<Cow<'a, str>>,
    /// The first of `message`, `Message`, `errorMessage` that is a string (lenient).
    message: Option<Cow<'a, str>>,
    /// The `message` member as a structure's parser reads it (strict): the first error
    /// in the body, if any, wins.
    message_member: Result<Option<Cow<'a, str>>, DeserializeError>,
}

impl<'a> ErrorBody<'a> {
    fn scan(body: &'a [u8]) -> ErrorBody<'a> {
        let mut found = ErrorBody {
            code: None,
            ty: None,
            message: None,
            message_member: Ok(None),
        };
        let mut r = Reader::new(body);
        if r.is_empty() {
            return found;
        }
        let outcome = found.read_members(&mut r).and_then(|()| r.finish());
        if let (Err(e), Ok(_)) = (outcome, &found.message_member) {
            found.message_member = Err(e);
        }
        found
    }

    fn read_members(&mut self, r: &mut Reader<'a>) -> Result<(), DeserializeError> {
        r.begin_object()?;
        while let Some(key) = r.next_key()? {
            match key.as_ref() {
                "code" => self.code = lenient_string(r)?,
                "__type" => self.ty = lenient_string(r)?,
                "message" => self.read_message_member(r)?,
                "Message" | "errorMessage" if self.message.is_none() => {
                    self.message = lenient_string(r)?
                }
                _ => r.skip_value()?,
            }
        }
        Ok(())
    }

    fn read_message_member(&mut self, r: &mut Reader<'a>) -> Result<(), DeserializeError> {
        let at = r.position();
        match r.nullable(|r| r.read_str()) {
            Ok(value) => {
                if self.message.is_none() {
                    self.message = value.clone();
                }
                if self.message_member.is_ok() {
                    self.message_member = Ok(value);
                }
                Ok(())
            }
            Err(e) => {
                if self.message_member.is_ok() {
                    self.message_member = Err(e.in_field("message"));
                }
                // Lenient for the metadata: step over the value and read on.
                r.rewind(at);
                r.skip_value()
            }
        }
    }
}

/// A string, or `None` for a member of another type, which is stepped over so that it
/// hides nothing after it.
fn lenient_string<'a>(r: &mut Reader<'a>) -> Result<Option<Cow<'a, str>>, DeserializeError> {
    if r.peek_is_string() {
        r.read_str().map(Some)
    } else {
        r.skip_value().map(|()| None)
    }
}

/// An error response the operation does not model (an unknown code, a proxy's HTML page,
/// an empty 500), or a response body that could not be parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Unhandled {
    pub(crate) meta: ErrorMetadata,
    pub(crate) source: Option<DeserializeError>,
}

impl Unhandled {
    /// An unhandled error with the response's metadata and, if its body could not be
    /// read, why (tests and mocks build them too).
    pub fn new(meta: ErrorMetadata, source: Option<DeserializeError>) -> Self {
        Unhandled { meta, source }
    }

    /// The parse failure, when the response body was malformed.
    pub fn deserialize_error(&self) -> Option<&DeserializeError> {
        self.source.as_ref()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(e) => write!(f, "malformed response (HTTP {}): {e}", self.meta.status),
            None => {
                write!(f, "unhandled error (HTTP {})", self.meta.status)?;
                if let Some(code) = &self.meta.code {
                    write!(f, " {code}")?;
                }
                if let Some(message) = &self.meta.message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
        }
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl std::error::Error for Unhandled {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// A builder was missing required members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    pub(crate) fn check(
        type_name: &'static str,
        missing: Vec<&'static str>,
    ) -> Result<(), BuildError> {
        if missing.is_empty() {
            Ok(())
        } else {
            Err(BuildError { type_name, missing })
        }
    }

    /// The model names of the missing members.
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is missing required member(s): {}",
            self.type_name,
            self.missing.join(", ")
        )
    }
}

impl std::error::Error for BuildError {}

/// An input value breaks a constraint of the model (`@length`, `@range`, `@pattern`).
/// The message names the member path, never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    path: String,
    message: String,
}

impl ValidationError {
    /// Where the value is, from the input's top (`Items[2].When`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value for `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// The member path being validated, kept as a stack so that the happy path allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct Path {
    segments: Vec<Segment>,
}

/// A step of a [`Path`].
#[derive(Debug)]
pub(crate) enum Segment {
    /// A structure member or union variant, by its wire name.
    Field(&'static str),
    /// A list element.
    Index(usize),
    /// A map entry: map keys may be secrets, so the path only says that it went through one.
    Key,
}

/// Validators push a segment, check, and pop it; a failed check returns at once, leaving
/// the path to be dropped. Plain calls rather than closures keep each member's check a
/// few statements in its validator.
impl Path {
    pub(crate) fn push(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    pub(crate) fn pop(&mut self) {
        self.segments.pop();
    }

    pub(crate) fn error(&self, message: String) -> ValidationError {
        let mut path = String::new();
        for seg in &self.segments {
            match seg {
                Segment::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
                Segment::Key => path.push_str("[<key>]"),
            }
        }
        ValidationError { path, message }
    }

    /// `@length`: `len` counts characters for strings, entries for lists and maps.
    pub(crate) fn check_length(
        &self,
        len: usize,
        min: Option<u64>,
        max: Option<u64>,
    ) -> Result<(), ValidationError> {
        let len = len as u64;
        match (min, max) {
            (Some(min), _) if len < min => {
                Err(self.error(format!("length {len} is below the minimum {min}")))
            }
            (_, Some(max)) if len > max => {
                Err(self.error(format!("length {len} is above the maximum {max}")))
            }
            _ => Ok(()),
        }
    }

    /// `@range` minimum: `below` is the comparison done in the value's own type (exact,
    /// NaN counting as outside); `min` is the bound as the model writes it.
    pub(crate) fn check_min(&self, below: bool, min: &str) -> Result<(), ValidationError> {
        if below {
            return Err(self.error(format!("value is not at least the minimum {min}")));
        }
        Ok(())
    }

    /// `@range` maximum, as [`Path::check_min`].
    pub(crate) fn check_max(&self, above: bool, max: &str) -> Result<(), ValidationError> {
        if above {
            return Err(self.error(format!("value is not at most the maximum {max}")));
        }
        Ok(())
    }
}

/// Appends an `@hostLabel` member's value to a host prefix. The value must be one DNS
/// label (letters, digits and inner hyphens, 1 to 63 characters), so that it cannot
/// redirect the request to another host.
pub(crate) fn push_host_label(
    prefix: &mut String,
    member: &'static str,
    value: &str,
) -> Result<(), SerializeError> {
    let valid = (1..=63).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if !valid {
        let mut path = Path::default();
        path.push(Segment::Field(member));
        return Err(path.error("is not a valid host label".to_string()).into());
    }
    prefix.push_str(value);
    Ok(())
}

/// Why an input could not be turned into a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SerializeError {
    /// A member's value breaks a constraint of the model (`@length`, `@range`, `@pattern`).
    Invalid(ValidationError),
    /// A union holding a variant this crate does not know cannot be sent.
    UnknownUnionVariant(&'static str),
    /// The system gave no random bytes for an unset idempotency token (set it yourself).
    NoRandomness(String),
    /// A member's value cannot go where the HTTP bindings put it: an empty or missing URI
    /// label, or a header name or value HTTP does not allow.
    Http(String),
}

/// The serializers record where a value failed as they return, innermost first, in the
/// validation paths' form (`Items[2].When`).
impl SerializeError {
    /// The error happened inside member `name`.
    pub(crate) fn in_field(self, name: &str) -> Self {
        self.prefix_path(name)
    }

    pub(crate) fn in_index(self, index: usize) -> Self {
        self.prefix_path(&format!("[{index}]"))
    }

    /// Map keys may be secrets, so the path only says that it went through one.
    pub(crate) fn in_key(self) -> Self {
        self.prefix_path("[<key>]")
    }

    fn prefix_path(self, segment: &str) -> Self {
        match self {
            SerializeError::Invalid(mut e) => {
                let dot = if e.path.is_empty() || e.path.starts_with('[') {
                    ""
                } else {
                    "."
                };
                e.path = format!("{segment}{dot}{}", e.path);
                SerializeError::Invalid(e)
            }
            other => other,
        }
    }
}

impl From<ValidationError> for SerializeError {
    fn from(e: ValidationError) -> Self {
        SerializeError::Invalid(e)
    }
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SerializeError::Invalid(e) => e.fmt(f),
            SerializeError::UnknownUnionVariant(ty) => {
                write!(f, "cannot serialize the Unknown variant of union {ty}")
            }
            SerializeError::NoRandomness(e) => {
                write!(f, "no random bytes for an idempotency token: {e}")
            }
            SerializeError::Http(e) => write!(f, "cannot build the HTTP request: {e}"),
        }
    }
}

impl std::error::Error for SerializeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code(
                "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError,BarError"), "FooError");
    }

    #[test]
    fn query_error_header_gives_the_awsquery_code() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-query-error", "Customized;Sender".parse().unwrap());
        let mut m = parse_error_metadata(400, &headers, br#"{"__type":"ns#CustomCodeError"}"#);
        assert_eq!(m.code(), Some("CustomCodeError"));
        apply_query_error(&mut m, &headers);
        assert_eq!(m.code(), Some("Customized"));
        let mut m = parse_error_metadata(400, &http::HeaderMap::new(), br#"{"__type":"ns#Plain"}"#);
        apply_query_error(&mut m, &http::HeaderMap::new());
        assert_eq!(m.code(), Some("Plain"));
    }

    #[test]
    fn host_labels_are_single_dns_labels() {
        let mut prefix = String::from("foo.");
        push_host_label(&mut prefix, "label", "bar-1").unwrap();
        assert_eq!(prefix, "foo.bar-1");
        for bad in ["", "a.b", "evil.com/", "-a", "a-", "a b", &"x".repeat(64)] {
            let e = push_host_label(&mut prefix, "label", bad).unwrap_err();
            assert_eq!(
                e.to_string(),
                "invalid value for `label`: is not a valid host label",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serialize_errors_gather_their_path_from_the_inside_out() {
        let leaf = || SerializeError::from(Path::default().error("bad".to_string()));
        let nested = leaf()
            .in_field("When")
            .in_index(2)
            .in_key()
            .in_field("Items");
        assert_eq!(
            nested.to_string(),
            "invalid value for `Items[<key>][2].When`: bad"
        );
        assert_eq!(
            leaf().in_index(0).to_string(),
            "invalid value for `[0]`: bad"
        );
        // The same form as the validation paths.
        let mut path = Path::default();
        path.push(Segment::Field("Items"));
        path.push(Segment::Key);
        path.push(Segment::Index(2));
        path.push(Segment::Field("When"));
        let validated = path.error("bad".to_string());
        assert_eq!(nested, SerializeError::Invalid(validated));
        let unknown = SerializeError::UnknownUnionVariant("U").in_field("x");
        assert_eq!(unknown, SerializeError::UnknownUnionVariant("U"));
    }

    #[test]
    fn header_wins_over_body() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-errortype", "HeaderCode".parse().unwrap());
        headers.insert("x-amzn-requestid", "req-1".parse().unwrap());
        let m = parse_error_metadata(
            400,
            &headers,
            br#"{"__type":"TypeCode","code":"BodyCode","Message":"m"}"#,
        );
        assert_eq!(
            (m.code(), m.message(), m.request_id()),
            (Some("HeaderCode"), Some("m"), Some("req-1"))
        );
        let m = parse_error_metadata(
            400,
            &http::HeaderMap::new(),
            br#"{"__type":"ns#TypeCode","code":"BodyCode"}"#,
        );
        assert_eq!(m.code(), Some("BodyCode"));
        let m = parse_error_metadata(502, &http::HeaderMap::new(), b"<html>bad gateway</html>");
        assert_eq!((m.code(), m.message(), m.status()), (None, None, 502));
    }
}
