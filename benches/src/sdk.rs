//! The official SDK's side, through its own public codec: the awsJson1_1 protocol object the
//! SDK's client stores in its config (`AwsJsonRpcProtocol::aws_json_1_1`), called with the
//! operation's schemas exactly as the SDK's generated request serializer and response
//! deserializer call it, without the orchestrator (no endpoint resolution, signing, retries,
//! interceptors or type erasure).

use crate::{fixtures, plain};
use aws_sdk_cognitoidentityprovider::operation::admin_respond_to_auth_challenge::{
    AdminRespondToAuthChallengeError, AdminRespondToAuthChallengeInput, AdminRespondToAuthChallengeOutput,
};
use aws_sdk_cognitoidentityprovider::types::error::NotAuthorizedException;
use aws_sdk_cognitoidentityprovider::types::{AnalyticsMetadataType, ChallengeNameType, ContextDataType, HttpHeader};
use aws_smithy_json::protocol::aws_json_rpc::AwsJsonRpcProtocol;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::http::{Request, Response, StatusCode};
use aws_smithy_schema::protocol::{ServiceShapeName, ServiceShapeNamespace, SharedClientProtocol};
use aws_smithy_schema::serde::SerdeError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::{ConfigBag, Layer};

pub type Input = AdminRespondToAuthChallengeInput;
pub type Output = AdminRespondToAuthChallengeOutput;
pub type Error = AdminRespondToAuthChallengeError;

/// What the SDK's client keeps in its config bag for this operation and the codec reads:
/// the protocol, the service shape name and namespace, the operation name (`X-Amz-Target`).
pub struct Codec {
    cfg: ConfigBag,
}

impl Default for Codec {
    fn default() -> Self {
        let mut layer = Layer::new("AdminRespondToAuthChallenge");
        let namespace = "com.amazonaws.cognitoidentityprovider";
        layer.store_put(SharedClientProtocol::new(AwsJsonRpcProtocol::aws_json_1_1().with_default_namespace(namespace)));
        layer.store_put(ServiceShapeName::new("AWSCognitoIdentityProviderService"));
        layer.store_put(ServiceShapeNamespace::new(namespace));
        layer.store_put(Metadata::new("AdminRespondToAuthChallenge", "Cognito Identity Provider"));
        Codec { cfg: ConfigBag::of_layers(vec![layer]) }
    }
}

impl Codec {
    fn protocol(&self) -> &SharedClientProtocol {
        self.cfg.load::<SharedClientProtocol>().expect("the protocol is stored in `Codec::default`")
    }

    /// The timed serialization: what the SDK's `AdminRespondToAuthChallengeRequestSerializer`
    /// does once it has the input (the request with its headers and JSON body).
    pub fn serialize(&self, input: &Input) -> Result<Request, SerdeError> {
        self.protocol().serialize_request(input, Input::SCHEMA, "/", &self.cfg)
    }

    /// The timed parse: the SDK's `AdminRespondToAuthChallengeResponseDeserializer`, for the
    /// success path and for the fixture's error code (the SDK's match over the operation's
    /// other error codes is string comparisons that find no match).
    pub fn parse(&self, response: &Response) -> Result<Output, Error> {
        let protocol = self.protocol();
        if !response.status().is_success() {
            let generic = protocol.parse_error_metadata(response, &self.cfg).map_err(Error::unhandled)?;
            let generic = aws_types::request_id::apply_request_id(generic, response.headers()).build();
            return Err(match generic.code() {
                Some(fixtures::ERROR_CODE) => {
                    let mut deser = protocol.deserialize_error_response(response, &self.cfg).map_err(Error::unhandled)?;
                    let parsed = NotAuthorizedException::deserialize(&mut *deser).map_err(Error::unhandled)?;
                    let message = parsed.message.or_else(|| generic.message().map(str::to_owned));
                    Error::NotAuthorizedException(NotAuthorizedException::builder().set_message(message).meta(generic).build())
                }
                _ => Error::generic(generic),
            });
        }
        let mut deser = protocol.deserialize_response(response, Output::SCHEMA, &self.cfg).map_err(Error::unhandled)?;
        Output::deserialize(&mut *deser).map_err(Error::unhandled)
    }
}

pub fn input(p: &plain::Input) -> Result<Input, String> {
    let context = match &p.context_data {
        None => None,
        Some(c) => Some(
            ContextDataType::builder()
                .ip_address(&c.ip_address)
                .server_name(&c.server_name)
                .server_path(&c.server_path)
                .set_http_headers(Some(
                    c.http_headers
                        .iter()
                        .map(|h| {
                            HttpHeader::builder()
                                .set_header_name(h.header_name.clone())
                                .set_header_value(h.header_value.clone())
                                .build()
                        })
                        .collect(),
                ))
                .set_encoded_data(c.encoded_data.clone())
                .build()
                .map_err(|e| e.to_string())?,
        ),
    };
    Input::builder()
        .user_pool_id(&p.user_pool_id)
        .client_id(&p.client_id)
        .challenge_name(ChallengeNameType::from(p.challenge_name.as_str()))
        .set_challenge_responses(p.challenge_responses.clone().map(|m| m.into_iter().collect()))
        .set_session(p.session.clone())
        .set_analytics_metadata(p.analytics_metadata.as_ref().map(|a| {
            AnalyticsMetadataType::builder().set_analytics_endpoint_id(a.analytics_endpoint_id.clone()).build()
        }))
        .set_context_data(context)
        .set_client_metadata(p.client_metadata.clone().map(|m| m.into_iter().collect()))
        .build()
        .map_err(|e| e.to_string())
}

/// A response as the SDK's HTTP client would hand it over.
pub fn response(status: u16, body: &'static [u8]) -> Response {
    let status = StatusCode::try_from(status).expect("a valid status");
    let mut response = Response::new(status, SdkBody::from(bytes::Bytes::from_static(body)));
    let headers = response.headers_mut();
    headers.insert("content-type", "application/x-amz-json-1.1");
    headers.insert("x-amzn-requestid", fixtures::REQUEST_ID);
    response
}

pub fn to_plain(o: &Output) -> plain::Output {
    plain::Output {
        challenge_name: o.challenge_name().map(|c| c.as_str().to_string()),
        session: o.session().map(str::to_string),
        challenge_parameters: o.challenge_parameters().map(|m| m.clone().into_iter().collect()),
        authentication_result: o.authentication_result().map(|a| plain::AuthenticationResult {
            access_token: a.access_token().map(str::to_string),
            expires_in: a.expires_in(),
            token_type: a.token_type().map(str::to_string),
            refresh_token: a.refresh_token().map(str::to_string),
            id_token: a.id_token().map(str::to_string),
            new_device_metadata: a.new_device_metadata().map(|d| plain::NewDeviceMetadata {
                device_key: d.device_key().map(str::to_string),
                device_group_key: d.device_group_key().map(str::to_string),
            }),
        }),
    }
}
