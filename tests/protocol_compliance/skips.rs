//! Cases the harness does not run, each with the reason, keyed `request <id>` /
//! `response <id>`. Every entry must match a case of the suites, so that the table cannot
//! go stale silently.

/// Skipped cases of the awsJson1_0 and awsJson1_1 suites.
pub const AWS_JSON: &[(&str, &str)] = &[
    ("request MachinelearningPredictEndpoint", "an SDK customization of Amazon ML (send Predict to the input's PredictEndpoint), not a protocol feature; the crate leaves the endpoint to the caller"),
    ("request AwsJson10HostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
    ("request AwsJson11HostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
];

/// Skipped cases of the restJson1 suite.
pub const REST_JSON: &[(&str, &str)] = &[
    ("request RestJsonHostWithPath", "endpoint with a path: the crate is sans-IO and leaves the endpoint (scheme, host, base path) to the caller's HTTP client"),
];

/// The reason `case_key` is skipped, if it is.
pub fn reason(case_key: &str) -> Option<&'static str> {
    AWS_JSON
        .iter()
        .chain(REST_JSON)
        .find(|(id, _)| *id == case_key)
        .map(|(_, r)| *r)
}
