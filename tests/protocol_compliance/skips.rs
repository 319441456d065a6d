//! Cases the harness does not run, each with the reason. Every entry must match a case
//! of the suites, so that the table cannot go stale silently.

pub const SKIPPED: &[(&str, &str)] = &[
    ("AwsJson10HostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
    ("AwsJson11HostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
];

/// The reason `case_id` is skipped, if it is.
pub fn reason(case_id: &str) -> Option<&'static str> {
    SKIPPED.iter().find(|(id, _)| *id == case_id).map(|(_, r)| *r)
}
