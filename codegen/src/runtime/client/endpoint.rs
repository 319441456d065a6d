//! Where requests go: the configured endpoint override, else the endpoint the model's rules
//! resolve for the region, FIPS and dual-stack settings.

use super::Config;

/// The URI to POST to (the endpoint's path, `/` when it has none).
pub(crate) fn request_uri(config: &Config) -> Result<http::Uri, String> {
    let url = match &config.endpoint_url {
        Some(url) => url.clone(),
        None => return Err("no endpoint: set an endpoint URL (endpoint rules are not available in this build)".into()),
    };
    parse_endpoint(&url)
}

/// An absolute http(s) URL; an empty path becomes `/`.
fn parse_endpoint(url: &str) -> Result<http::Uri, String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("invalid endpoint URL {url:?}: {e}"))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
        return Err(format!("invalid endpoint URL {url:?}: expected http(s)://host[:port][/path]"));
    }
    Ok(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_urls_are_checked() {
        assert_eq!(parse_endpoint("http://127.0.0.1:5000").unwrap().path(), "/");
        assert_eq!(parse_endpoint("https://proxy.example/cognito").unwrap().path(), "/cognito");
        assert!(parse_endpoint("127.0.0.1:5000").unwrap_err().contains("expected http(s)"));
        assert!(parse_endpoint("ftp://x").is_err());
        assert!(parse_endpoint("http://bad host").is_err());
    }
}
