//! AWS credentials for SigV4 signing: a value type that never prints its secrets, the
//! provider trait, and the standard environment variables.

use std::fmt;

/// An access key pair with an optional session token. `Debug` shows the access key id
/// only; the secret key and the session token are never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Static credentials: an access key, its secret and, for temporary ones, the session
    /// token.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// The access key id (the secret is never lent out or shown).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set, `AWS_SESSION_TOKEN`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any variable lookup (testable without touching the
    /// process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let get = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let access_key_id =
            get("AWS_ACCESS_KEY_ID").ok_or(CredentialsError::missing("AWS_ACCESS_KEY_ID"))?;
        let secret_access_key = get("AWS_SECRET_ACCESS_KEY")
            .ok_or(CredentialsError::missing("AWS_SECRET_ACCESS_KEY"))?;
        Ok(Credentials::new(
            access_key_id,
            secret_access_key,
            get("AWS_SESSION_TOKEN"),
        ))
    }

    /// The form `aws-sigv4` signs with.
    pub(crate) fn to_sigv4(&self) -> aws_credential_types::Credentials {
        aws_credential_types::Credentials::new(
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.clone(),
            None,
            "cognito-idp-lite",
        )
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// Where the client gets credentials before signing each attempt (so rotated keys are
/// picked up). Implement it to plug in your own source.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials for the next attempt.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Reads the standard environment variables on every call.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvironmentCredentials;

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Credentials::from_env()
    }
}

/// No credentials could be had. The message names where they were looked for, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// An error with this message (name where credentials were looked for, never a value).
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
        }
    }

    fn missing(variable: &str) -> Self {
        CredentialsError::new(format!("environment variable {variable} is not set"))
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials: {}", self.message)
    }
}

impl std::error::Error for CredentialsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let c = Credentials::new("AKIDEXAMPLE", "s3cr3t-key", Some("t0ken".into()));
        let shown = format!("{c:?} {:?}", c.provide_credentials());
        assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("t0ken"),
            "{shown}"
        );
    }

    #[test]
    fn env_lookup_needs_both_keys_and_ignores_blank_values() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let ok = Credentials::from_lookup(vars(&[
            ("AWS_ACCESS_KEY_ID", "AK"),
            ("AWS_SECRET_ACCESS_KEY", "SK"),
            ("AWS_SESSION_TOKEN", " "),
        ]));
        assert_eq!(ok, Ok(Credentials::new("AK", "SK", None)));
        let missing = Credentials::from_lookup(vars(&[("AWS_ACCESS_KEY_ID", "AK")])).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "no credentials: environment variable AWS_SECRET_ACCESS_KEY is not set"
        );
    }
}
