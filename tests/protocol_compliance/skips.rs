//! Cases the harness does not run, each with the reason, keyed `request <id>` /
//! `response <id>`. Every entry must match a case of the suites, so that the table cannot
//! go stale silently.

pub const SKIPPED: &[(&str, &str)] = &[
    ("request MachinelearningPredictEndpoint", "an SDK customization of Amazon ML (send Predict to the input's PredictEndpoint), not a protocol feature; the crate leaves the endpoint to the caller"),
    ("request AwsJson10HostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
    ("request AwsJson11HostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
];

/// The reason `case_key` is skipped, if it is.
pub fn reason(case_key: &str) -> Option<&'static str> {
    SKIPPED
        .iter()
        .find(|(id, _)| *id == case_key)
        .map(|(_, r)| *r)
}
