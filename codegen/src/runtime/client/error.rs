//! What a client call can fail with: the operation's own error enum for every response the
//! service sent (modelled errors, and `Unhandled` for anything else, such as an HTML 500),
//! or one of the failures that happen before or instead of a response.

use std::fmt;
use std::time::Duration;

/// A failed call of operation error type `E`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The service answered with an error (after any retries): the operation's error enum.
    Service(E),
    /// The request could not be built: invalid input, no endpoint, no region.
    Construction(String),
    /// No credentials for a signed operation.
    Credentials(super::CredentialsError),
    /// SigV4 signing failed.
    Signing(String),
    /// No response within the attempt or operation timeout (after any retries).
    Timeout(Duration),
    /// The connection or the HTTP exchange failed (after any retries).
    Transport(String),
    /// The mock transport has no rule that answers the request (`test-util` feature).
    #[cfg(feature = "test-util")]
    Unmatched(String),
}

impl<E> Error<E> {
    /// The operation's error, if the service answered.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The operation's error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => write!(f, "service error: {e}"),
            Error::Construction(m) => write!(f, "request not built: {m}"),
            Error::Credentials(e) => e.fmt(f),
            Error::Signing(m) => write!(f, "signing failed: {m}"),
            Error::Timeout(d) => write!(f, "timed out after {d:?}"),
            Error::Transport(m) => write!(f, "transport error: {m}"),
            #[cfg(feature = "test-util")]
            Error::Unmatched(m) => f.write_str(m),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service(e) => Some(e),
            Error::Credentials(e) => Some(e),
            _ => None,
        }
    }
}
