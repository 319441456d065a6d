//! Plain structs with `serde` derive: the same members and JSON names as the operation, no
//! validation, no error mapping. What `serde_json` alone costs for the same bytes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

type StringMap = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Input {
    pub user_pool_id: String,
    pub client_id: String,
    pub challenge_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_responses: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_data: Option<ContextData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyticsMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContextData {
    pub ip_address: String,
    pub server_name: String,
    pub server_path: String,
    pub http_headers: Vec<HttpHeader>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeader {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    pub challenge_parameters: Option<StringMap>,
    pub authentication_result: Option<AuthenticationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub access_token: Option<String>,
    #[serde(default)]
    pub expires_in: i32,
    pub token_type: Option<String>,
    pub refresh_token: Option<String>,
    pub id_token: Option<String>,
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    pub device_key: Option<String>,
    pub device_group_key: Option<String>,
}

/// An awsJson error body.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ErrorBody {
    #[serde(rename = "__type")]
    pub code: Option<String>,
    pub message: Option<String>,
}

pub fn serialize(input: &Input) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(input)
}

pub fn parse(body: &[u8]) -> Result<Output, serde_json::Error> {
    serde_json::from_slice(body)
}

pub fn parse_error(body: &[u8]) -> Result<ErrorBody, serde_json::Error> {
    serde_json::from_slice(body)
}
