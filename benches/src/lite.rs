//! The generated crate's side: building its input from the fixture, and reading its output
//! back into plain structs for the equivalence checks.

use crate::{fixtures, plain};
use cognito_idp_lite::operation::admin_respond_to_auth_challenge::{
    self as op, AdminRespondToAuthChallengeError, AdminRespondToAuthChallengeInput,
    AdminRespondToAuthChallengeOutput,
};
use cognito_idp_lite::types::{AnalyticsMetadataType, ChallengeNameType, ContextDataType, HttpHeader};

pub type Input = AdminRespondToAuthChallengeInput;
pub type Output = AdminRespondToAuthChallengeOutput;
pub type Error = AdminRespondToAuthChallengeError;

pub fn input(p: &plain::Input) -> Result<Input, String> {
    let context = match &p.context_data {
        None => None,
        Some(c) => Some(
            ContextDataType::builder()
                .ip_address(&c.ip_address)
                .server_name(&c.server_name)
                .server_path(&c.server_path)
                .http_headers(
                    c.http_headers
                        .iter()
                        .map(|h| {
                            HttpHeader::builder()
                                .set_header_name(h.header_name.clone())
                                .set_header_value(h.header_value.clone())
                                .build()
                        })
                        .collect::<Vec<_>>(),
                )
                .set_encoded_data(c.encoded_data.clone())
                .build()
                .map_err(|e| e.to_string())?,
        ),
    };
    Input::builder()
        .user_pool_id(&p.user_pool_id)
        .client_id(&p.client_id)
        .challenge_name(ChallengeNameType::from(p.challenge_name.as_str()))
        .set_challenge_responses(p.challenge_responses.clone())
        .set_session(p.session.clone())
        .set_analytics_metadata(p.analytics_metadata.as_ref().map(|a| {
            AnalyticsMetadataType::builder().set_analytics_endpoint_id(a.analytics_endpoint_id.clone()).build()
        }))
        .set_context_data(context)
        .set_client_metadata(p.client_metadata.clone())
        .build()
        .map_err(|e| e.to_string())
}

/// The timed serialization: validation, JSON body and the request with its headers.
pub fn serialize(input: &Input) -> Result<http::Request<Vec<u8>>, cognito_idp_lite::meta::SerializeError> {
    op::serialize_request(input)
}

/// A response as an HTTP client would hand it over.
pub fn response(status: u16, body: &[u8]) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.to_vec());
    *response.status_mut() = http::StatusCode::from_u16(status).expect("a valid status");
    let headers = response.headers_mut();
    headers.insert("content-type", http::HeaderValue::from_static("application/x-amz-json-1.1"));
    headers.insert("x-amzn-requestid", http::HeaderValue::from_static(fixtures::REQUEST_ID));
    response
}

/// The timed parse: status, headers and body to the output or the typed error.
pub fn parse(response: &http::Response<Vec<u8>>) -> Result<Output, Error> {
    op::parse_http_response(response)
}

pub fn to_plain(o: &Output) -> plain::Output {
    plain::Output {
        challenge_name: o.challenge_name.as_ref().map(|c| c.as_str().to_string()),
        session: o.session.clone(),
        challenge_parameters: o.challenge_parameters.clone(),
        authentication_result: o.authentication_result.as_ref().map(|a| plain::AuthenticationResult {
            access_token: a.access_token.clone(),
            expires_in: a.expires_in,
            token_type: a.token_type.clone(),
            refresh_token: a.refresh_token.clone(),
            id_token: a.id_token.clone(),
            new_device_metadata: a.new_device_metadata.as_ref().map(|d| plain::NewDeviceMetadata {
                device_key: d.device_key.clone(),
                device_group_key: d.device_group_key.clone(),
            }),
        }),
    }
}
