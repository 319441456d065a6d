//! Where requests go: the URL and headers resolved for a config (by the model's endpoint
//! rules, or the endpoint override alone when the model has none), checked once per call.

use std::collections::BTreeMap;

/// A resolved endpoint, ready to send to.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The URI to POST to (the endpoint's path, `/` when it has none).
    pub uri: http::Uri,
    /// Headers the endpoint asks every request to carry.
    pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
}

impl Target {
    pub(crate) fn new(
        url: &str,
        headers: &BTreeMap<String, Vec<String>>,
    ) -> Result<Target, String> {
        // `user:password@host` is refused without echoing the URL: errors get logged.
        if url.split_once("://").is_some_and(|(_, rest)| {
            rest.split(['/', '?', '#'])
                .next()
                .is_some_and(|a| a.contains('@'))
        }) {
            return Err(
                "invalid endpoint URL: user information (`user:password@`) is not supported"
                    .to_string(),
            );
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("invalid endpoint URL {url:?}: {e}"))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
            return Err(format!(
                "invalid endpoint URL {url:?}: expected http(s)://host[:port][/path]"
            ));
        }
        let mut pairs = Vec::new();
        for (name, values) in headers {
            let name = http::HeaderName::try_from(name.as_str())
                .map_err(|e| format!("endpoint header {name:?}: {e}"))?;
            for value in values {
                let value = http::HeaderValue::try_from(value.as_str())
                    .map_err(|e| format!("endpoint header {name}: {e}"))?;
                pairs.push((name.clone(), value));
            }
        }
        Ok(Target {
            uri,
            headers: pairs,
        })
    }

    /// The target with the operation's `@endpoint` host prefix (`data-`) before its host.
    pub(crate) fn with_host_prefix(&self, prefix: &str) -> Result<Target, String> {
        let authority = self.uri.authority().map(|a| a.as_str()).unwrap_or_default();
        let mut parts = self.uri.clone().into_parts();
        parts.authority = Some(
            format!("{prefix}{authority}")
                .parse()
                .map_err(|e| format!("host prefix {prefix:?}: {e}"))?,
        );
        let uri =
            http::Uri::from_parts(parts).map_err(|e| format!("host prefix {prefix:?}: {e}"))?;
        Ok(Target {
            uri,
            headers: self.headers.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_headers_are_checked() {
        let none = BTreeMap::new();
        assert_eq!(
            Target::new("http://127.0.0.1:5000", &none)
                .unwrap()
                .uri
                .path(),
            "/"
        );
        assert_eq!(
            Target::new("https://proxy.example/cognito", &none)
                .unwrap()
                .uri
                .path(),
            "/cognito"
        );
        assert!(Target::new("127.0.0.1:5000", &none)
            .unwrap_err()
            .contains("expected http(s)"));
        assert!(Target::new("ftp://x", &none).is_err());
        assert!(Target::new("http://bad host", &none).is_err());
        let with_user = Target::new("https://user:hunter2@proxy.example/", &none).unwrap_err();
        assert!(
            with_user.contains("user information") && !with_user.contains("hunter2"),
            "{with_user}"
        );
        assert!(
            Target::new("https://proxy.example/a@b", &none).is_ok(),
            "an @ in the path is fine"
        );
        let headers = BTreeMap::from([(
            "x-extra".to_string(),
            vec!["a".to_string(), "b".to_string()],
        )]);
        assert_eq!(Target::new("https://h", &headers).unwrap().headers.len(), 2);
        let bad = BTreeMap::from([("bad header".to_string(), vec![])]);
        assert!(Target::new("https://h", &bad).is_err());
    }

    #[test]
    fn host_prefix_goes_before_the_host() {
        let target = Target::new(
            "https://kms.eu-west-1.amazonaws.com:8443/x",
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(
            target.with_host_prefix("data-").unwrap().uri.to_string(),
            "https://data-kms.eu-west-1.amazonaws.com:8443/x"
        );
        assert!(target.with_host_prefix("bad prefix.").is_err());
    }
}
