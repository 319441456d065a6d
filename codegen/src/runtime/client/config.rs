//! The client's settings: where to send (region, FIPS, dual-stack, endpoint override), how
//! to sign (credentials), and how long and how often to try (timeouts, retries).

use super::{EnvironmentCredentials, ProvideCredentials, RetryConfig};
use std::sync::Arc;
use std::time::Duration;

/// How the client reaches and calls the service: region, endpoint, credentials, retries
/// and timeouts. Made by [`Config::builder`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) retry: RetryConfig,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) max_response_bytes: usize,
}

impl Config {
    /// Credentials from the environment, no region, default retries and timeouts.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                region: None,
                endpoint_url: None,
                use_fips: false,
                use_dual_stack: false,
                credentials: Arc::new(EnvironmentCredentials),
                retry: RetryConfig::default(),
                connect_timeout: Duration::from_secs(3),
                attempt_timeout: Some(Duration::from_secs(30)),
                operation_timeout: Some(Duration::from_secs(90)),
                max_response_bytes: 16 << 20,
            },
        }
    }

    /// The standard environment: region from `AWS_REGION` (else `AWS_DEFAULT_REGION`), an
    /// endpoint override from `AWS_ENDPOINT_URL`, `AWS_USE_FIPS_ENDPOINT` and
    /// `AWS_USE_DUALSTACK_ENDPOINT` (`true`), credentials from the `AWS_*` key variables.
    pub fn from_env() -> ConfigBuilder {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let flag = |name: &str| var(name).is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let mut builder = Config::builder()
            .use_fips(flag("AWS_USE_FIPS_ENDPOINT"))
            .use_dual_stack(flag("AWS_USE_DUALSTACK_ENDPOINT"));
        builder.config.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION"));
        builder.config.endpoint_url = var("AWS_ENDPOINT_URL");
        builder
    }

    /// For tests with a mock transport (`test-util` feature): region `us-east-1`, fixed
    /// fake credentials (so signed operations are signed), and retries without backoff.
    #[cfg(feature = "test-util")]
    pub fn for_tests() -> ConfigBuilder {
        Config::builder()
            .region("us-east-1")
            .credentials_provider(super::Credentials::new(
                "AKIDTESTEXAMPLE",
                "test-secret-key",
                None,
            ))
            .retry(RetryConfig {
                initial_backoff: Duration::ZERO,
                max_backoff: Duration::ZERO,
                ..RetryConfig::default()
            })
    }

    /// The AWS region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The URL every request goes to instead of the resolved endpoint, if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }
}

/// Builds a [`Config`]; every setting has a default.
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// The AWS region (also the SigV4 signing region).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sends every request to this URL instead of the resolved AWS endpoint (emulators,
    /// proxies, VPC endpoints).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Resolves FIPS endpoints (default off).
    pub fn use_fips(mut self, on: bool) -> Self {
        self.config.use_fips = on;
        self
    }

    /// Resolves dual-stack (IPv4 and IPv6) endpoints (default off).
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.config.use_dual_stack = on;
        self
    }

    /// Where credentials come from (default: the environment variables).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Arc::new(provider);
        self
    }

    /// The retry policy (default: [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// How long to wait for a TCP connection (default 3 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// The limit of one attempt, from sending to the last byte of the body (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// The limit of a whole call, retries and backoff included (default 90 s).
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.operation_timeout = timeout;
        self
    }

    /// The largest response body read (default 16 MiB); a longer one is a transport error,
    /// so that a broken or hostile endpoint cannot exhaust memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}
