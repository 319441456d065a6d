//! A blocking client for code without an async runtime: the async [`Client`] driven by a
//! current-thread tokio runtime of its own. Do not call it from async code (tokio refuses
//! to block inside a runtime); use [`Client`] there.

use super::{Client, Config, Error};

/// A client that blocks the calling thread until each call completes; one method per
/// operation, like [`Client`]'s.
#[derive(Debug)]
pub struct BlockingClient {
    inner: Client,
    runtime: tokio::runtime::Runtime,
}

impl BlockingClient {
    /// A client with its own connection pool and runtime; fails if the runtime cannot start.
    pub fn new(config: Config) -> Result<Self, Error<std::convert::Infallible>> {
        Self::around(Client::new(config)?)
    }

    /// [`Client::from_mock`], blocking (`test-util` feature).
    #[cfg(feature = "test-util")]
    pub fn from_mock(
        config: Config,
        mock: &super::mock::Mock,
    ) -> Result<Self, Error<std::convert::Infallible>> {
        Self::around(Client::from_mock(config, mock))
    }

    fn around(inner: Client) -> Result<Self, Error<std::convert::Infallible>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Construction(format!("tokio runtime: {e}")))?;
        Ok(BlockingClient { inner, runtime })
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &Config {
        self.inner.config()
    }

    /// [`Client::send`], blocking until it finishes.
    pub fn send<O: crate::Operation + 'static>(
        &self,
        input: &O::Input,
    ) -> Result<O::Output, Error<O::Error>> {
        self.runtime.block_on(self.inner.send::<O>(input))
    }
}

/// Runs one of the async client's calls to completion (the operation methods). A free
/// function, not a method, so that no operation's method can collide with it.
pub(super) fn block_on<'a, F: std::future::Future>(
    client: &'a BlockingClient,
    call: impl FnOnce(&'a Client) -> F,
) -> F::Output {
    client.runtime.block_on(call(&client.inner))
}
