//! The generated `endpoint` module used from outside the crate, as an HTTP client would:
//! building `Params`, resolving, reading the error. The model's own 57 cases run inside
//! the generated crate (`cargo test -p cognito-idp-lite`).

use cognito_idp_lite::endpoint::{resolve, Endpoint, EndpointError, Params};
use cognito_idp_lite::primitives::Document;
use std::collections::BTreeMap;

fn url(params: Params) -> String {
    resolve(&params)
        .map(|e| e.url)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn defaults_are_the_rule_sets() {
    let p = Params::default();
    assert_eq!(
        (
            p.region.as_deref(),
            p.use_fips,
            p.use_dual_stack,
            p.endpoint.as_deref()
        ),
        (None, false, false, None)
    );
}

#[test]
fn setters_chain_and_resolve() {
    assert_eq!(
        url(Params::default().region("eu-west-1")),
        "https://cognito-idp.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        url(Params::default().region("eu-west-1").use_fips(true)),
        "https://cognito-idp-fips.eu-west-1.amazonaws.com"
    );
    // In `aws` the model keeps dual-stack on the usual host; elsewhere it uses the
    // partition's dual-stack suffix.
    assert_eq!(
        url(Params::default().region("eu-west-1").use_dual_stack(true)),
        "https://cognito-idp.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        url(Params::default()
            .region("us-gov-east-1")
            .use_dual_stack(true)),
        "https://cognito-idp.us-gov-east-1.api.aws"
    );
}

/// Regions the partition table does not list still resolve, by their partition's pattern
/// or, failing that, in `aws`.
#[test]
fn unlisted_regions_resolve_by_pattern() {
    assert_eq!(
        url(Params::default().region("us-gov-south-9").use_fips(true)),
        "https://cognito-idp-fips.us-gov-south-9.amazonaws.com"
    );
    assert_eq!(
        url(Params::default().region("cn-south-3")),
        "https://cognito-idp.cn-south-3.amazonaws.com.cn"
    );
    assert_eq!(
        url(Params::default().region("mars-1")),
        "https://cognito-idp.mars-1.amazonaws.com"
    );
}

#[test]
fn endpoint_override_is_used_verbatim() {
    let endpoint = resolve(
        &Params::default()
            .region("us-east-1")
            .endpoint("http://localhost:4566"),
    )
    .unwrap();
    assert_eq!(
        endpoint,
        Endpoint {
            url: "http://localhost:4566".into(),
            headers: BTreeMap::new(),
            properties: BTreeMap::new()
        }
    );
    assert_eq!(endpoint, Endpoint::new("http://localhost:4566"));
    let with_extras = Endpoint::new("u")
        .header("h", vec!["v".into()])
        .property("p", Document::Bool(true));
    assert_eq!(with_extras.headers["h"], ["v"]);
    assert_eq!(with_extras.properties["p"], Document::Bool(true));
}

#[test]
fn rejections_carry_the_rule_message() {
    let error = resolve(&Params::default()).unwrap_err();
    assert_eq!(error.message(), "Invalid Configuration: Missing Region");
    assert_eq!(
        error.to_string(),
        "endpoint resolution failed: Invalid Configuration: Missing Region"
    );
    let error: Box<dyn std::error::Error> =
        Box::new(resolve(&Params::default().endpoint("https://x").use_fips(true)).unwrap_err());
    assert!(
        error
            .to_string()
            .contains("FIPS and custom endpoint are not supported"),
        "{error}"
    );
    assert_eq!(EndpointError::new("m").message(), "m");
}
