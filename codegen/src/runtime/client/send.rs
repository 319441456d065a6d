//! The client and its send loop: build the request, resolve the endpoint, sign, send over
//! hyper + rustls (or hand to a mock with the `test-util` feature), classify the outcome,
//! back off and retry within the configured bounds.

use super::endpoint::Target;
use super::retry::{self, RetryKind};
use super::{Config, Error};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use std::sync::Arc;
use std::time::SystemTime;

type HttpClient =
    hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A client of the service. Cheap to clone (the connection pool is shared); one method per
/// operation (see the module docs), or [`Client::send`] for code generic over operations.
#[derive(Clone)]
pub struct Client {
    config: Arc<Config>,
    transport: Transport,
}

/// Where attempts go: hyper, or with the `test-util` feature a mock that answers in process.
#[derive(Clone)]
enum Transport {
    Hyper(HttpClient),
    #[cfg(feature = "test-util")]
    Mock(super::mock::Mock),
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// A response as received, before parsing.
pub(super) struct RawResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Client {
    /// A client with its own connection pool.
    ///
    /// TLS uses the process's rustls crypto provider when the application installed one
    /// (`rustls::crypto::CryptoProvider::install_default`, e.g. aws-lc-rs for post-quantum
    /// key exchange), else ring, the one this crate enables. Naming ring rather than
    /// leaving the choice to rustls's crate features means a second provider enabled by
    /// another dependency cannot make rustls panic for want of a choice.
    pub fn new(config: Config) -> Result<Self, Error<std::convert::Infallible>> {
        let mut connector = HttpConnector::new();
        connector.enforce_http(false);
        connector.set_connect_timeout(Some(config.connect_timeout));
        let provider = match rustls::crypto::CryptoProvider::get_default() {
            Some(installed) => Arc::clone(installed),
            // Deprecated since rustls 0.23.48 for its lack of post-quantum key exchange;
            // ring builds with a C compiler alone, where aws-lc-rs also wants CMake.
            #[allow(deprecated)]
            None => Arc::new(rustls::crypto::ring::default_provider()),
        };
        let tls = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map_err(|e| Error::Construction(format!("TLS configuration: {e}")))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let http =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(tls);
        Ok(Client {
            config: Arc::new(config),
            transport: Transport::Hyper(http),
        })
    }

    /// A client that sends nothing: each attempt's request, built and signed as for the
    /// network, goes to `mock`, which records it and answers with its first matching rule.
    /// Retries and the operation timeout apply as they do over hyper; the attempt timeout
    /// and `max_response_bytes` do not. [`Config::for_tests`] has a region, fixed
    /// credentials and retries without backoff.
    #[cfg(feature = "test-util")]
    pub fn from_mock(config: Config, mock: &super::mock::Mock) -> Self {
        Client {
            config: Arc::new(config),
            transport: Transport::Mock(mock.clone()),
        }
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends one operation's request: signed when `O::SIGNED`, retried by the configured
    /// policy (`O::IDEMPOTENT` decides whether 5xx and transport failures are retried when
    /// `retry_non_idempotent` is off), bounded by the attempt and operation timeouts.
    /// (The operation methods also apply an `@endpoint` host prefix.)
    pub async fn send<O: crate::Operation + 'static>(
        &self,
        input: &O::Input,
    ) -> Result<O::Output, Error<O::Error>> {
        send_operation::<O>(self, input, None).await
    }
}

// The steps below are free functions, not methods, so that no operation's method name
// (KMS has `Sign`) can collide with them.

/// [`Client::send`] with the operation's host prefix, if it has one.
pub(super) async fn send_operation<O: crate::Operation + 'static>(
    client: &Client,
    input: &O::Input,
    host_prefix: Option<String>,
) -> Result<O::Output, Error<O::Error>> {
    let request = O::serialize_request(input).map_err(|e| Error::Construction(e.to_string()))?;
    let mut target = super::resolve_endpoint(&client.config).map_err(Error::Construction)?;
    if let Some(prefix) = host_prefix {
        target = target
            .with_host_prefix(&prefix)
            .map_err(Error::Construction)?;
    }
    let call = async {
        match &client.transport {
            Transport::Hyper(http) => {
                let attempt = || attempt_once::<O>(client, http, &request, &target);
                let raw = send_with_retries::<O, _, _>(client, attempt, classify_raw::<O>).await?;
                O::parse_owned_response(raw.status, &raw.headers, raw.body.into()).map_err(Error::Service)
            }
            #[cfg(feature = "test-util")]
            Transport::Mock(mock) => {
                let attempt = || async {
                    let request = prepare_request::<O>(client, &request, &target)?;
                    mock.answer::<O>(input, request)
                };
                let reply =
                    send_with_retries::<O, _, _>(client, attempt, super::mock::Reply::retry_kind)
                        .await?;
                reply.into_result().map_err(Error::Service)
            }
        }
    };
    match client.config.operation_timeout {
        Some(limit) => tokio::time::timeout(limit, call)
            .await
            .map_err(|_| Error::Timeout(limit))?,
        None => call.await,
    }
}

/// Runs attempts until one is final; returns the last reply, or the last failure.
async fn send_with_retries<O, R, F>(
    client: &Client,
    mut attempt: impl FnMut() -> F,
    classify: impl Fn(&R) -> RetryKind,
) -> Result<R, Error<O::Error>>
where
    O: crate::Operation,
    F: std::future::Future<Output = Result<R, Error<O::Error>>>,
{
    let policy = &client.config.retry;
    let mut number = 1;
    loop {
        let outcome = attempt().await;
        let kind = match &outcome {
            Ok(reply) => classify(reply),
            Err(Error::Timeout(_) | Error::Transport(_)) => RetryKind::Transient,
            Err(_) => RetryKind::Final,
        };
        if !retry::should_retry(policy, kind, O::IDEMPOTENT, number) {
            return outcome;
        }
        tokio::time::sleep(retry::backoff(policy, number, retry::jitter())).await;
        number += 1;
    }
}

/// The retry class of a response, by its status and error code.
pub(super) fn classify_raw<O: crate::Operation>(raw: &RawResponse) -> RetryKind {
    if (200..300).contains(&raw.status) {
        return RetryKind::Final;
    }
    let meta = crate::meta::parse_error_metadata(raw.status, &raw.headers, &raw.body);
    retry::classify_response(
        raw.status,
        meta.code(),
        O::RETRYABLE_ERRORS,
        O::THROTTLING_ERRORS,
    )
}

/// The request one attempt sends: the template for the endpoint, with host and user
/// agent, signed if the operation is.
fn prepare_request<O: crate::Operation>(
    client: &Client,
    template: &http::Request<Vec<u8>>,
    target: &Target,
) -> Result<http::Request<Vec<u8>>, Error<O::Error>> {
    let mut request = http::Request::builder()
        .method(template.method())
        .uri(request_uri(&target.uri, template.uri())?);
    for (name, value) in template
        .headers()
        .iter()
        .chain(target.headers.iter().map(|(n, v)| (n, v)))
    {
        request = request.header(name, value);
    }
    let host = target
        .uri
        .authority()
        .map(|a| a.as_str())
        .unwrap_or_default();
    let request = request
        .header(http::header::HOST, host)
        .header(
            http::header::USER_AGENT,
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        )
        .body(template.body().clone())
        .map_err(|e| Error::Construction(e.to_string()))?;
    if O::SIGNED {
        sign_request(&client.config, request)
    } else {
        Ok(request)
    }
}

/// The endpoint with the request's path and query after the endpoint's own path: an RPC
/// request (`/`) goes to the endpoint as it is, a REST one (`/functions/f?x=1`) below it.
fn request_uri<E>(endpoint: &http::Uri, request: &http::Uri) -> Result<http::Uri, Error<E>> {
    let wanted = request.path_and_query().map_or("/", |p| p.as_str());
    if wanted == "/" {
        return Ok(endpoint.clone());
    }
    let base = endpoint.path().trim_end_matches('/');
    let mut parts = endpoint.clone().into_parts();
    parts.path_and_query = Some(
        format!("{base}{wanted}")
            .parse()
            .map_err(|e| Error::Construction(format!("request path {wanted:?}: {e}")))?,
    );
    http::Uri::from_parts(parts).map_err(|e| Error::Construction(e.to_string()))
}

/// One attempt over hyper: the request sent and its response read within the attempt
/// timeout.
async fn attempt_once<O: crate::Operation>(
    client: &Client,
    http: &HttpClient,
    template: &http::Request<Vec<u8>>,
    target: &Target,
) -> Result<RawResponse, Error<O::Error>> {
    let request = prepare_request::<O>(client, template, target)?;
    let exchange = async {
        let response = http
            .request(request.map(|b| Full::new(Bytes::from(b))))
            .await
            .map_err(|e| Error::Transport(transport_message(&e)))?;
        let (parts, body) = response.into_parts();
        let body = Limited::new(body, client.config.max_response_bytes)
            .collect()
            .await
            .map_err(|e| Error::Transport(format!("reading the response body: {e}")))?
            .to_bytes();
        Ok(RawResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        })
    };
    match client.config.attempt_timeout {
        Some(limit) => tokio::time::timeout(limit, exchange)
            .await
            .map_err(|_| Error::Timeout(limit))?,
        None => exchange.await,
    }
}

/// Adds the SigV4 headers (`authorization`, `x-amz-date`, and `x-amz-security-token`
/// for session credentials), signing for `SIGNING_NAME` in the configured region.
fn sign_request<E>(
    config: &Config,
    mut request: http::Request<Vec<u8>>,
) -> Result<http::Request<Vec<u8>>, Error<E>> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let region = config
        .region
        .as_deref()
        .ok_or_else(|| Error::Construction("a signed operation needs a region".into()))?;
    let credentials = config
        .credentials
        .provide_credentials()
        .map_err(Error::Credentials)?;
    let identity = credentials.to_sigv4().into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(crate::SIGNING_NAME)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| Error::Signing(e.to_string()))?
        .into();
    // UTF-8, not only visible ASCII: a REST header member may hold any text, and the
    // signature covers the bytes sent.
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| Ok((k.as_str(), std::str::from_utf8(v.as_bytes())?)))
        .collect::<Result<Vec<_>, std::str::Utf8Error>>();
    let headers = headers.map_err(|e| Error::Signing(e.to_string()))?;
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        &uri,
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .map_err(|e| Error::Signing(e.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| Error::Signing(e.to_string()))?
        .into_parts();
    instructions.apply_to_request_http1x(&mut request);
    Ok(request)
}

/// The error and its causes on one line ("client error (Connect): tcp connect error: ...").
fn transport_message(e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
