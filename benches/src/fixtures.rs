//! Request and response bodies shared by every side of the benchmarks. The values are
//! synthetic (random tokens shaped like Cognito's); every member the operation models is set.

use crate::plain;

/// A fully populated AdminRespondToAuthChallenge request body.
pub const INPUT_JSON: &[u8] = include_bytes!("../fixtures/respond-to-auth-challenge-input.json");
/// A fully populated AdminRespondToAuthChallenge response body.
pub const OUTPUT_JSON: &[u8] = include_bytes!("../fixtures/respond-to-auth-challenge-output.json");
/// A 400 error body with `__type` and `message`.
pub const ERROR_JSON: &[u8] = include_bytes!("../fixtures/not-authorized-error.json");
/// The error code and message `ERROR_JSON` carries.
pub const ERROR_CODE: &str = "NotAuthorizedException";
pub const ERROR_MESSAGE: &str = "Incorrect username or password.";
/// Sent as `x-amzn-requestid` with every response.
pub const REQUEST_ID: &str = "0f6b2a51-8c3e-4d7a-9b1f-2e4c6a8d0b13";

/// The input every side serializes, read from `INPUT_JSON`.
pub fn input() -> Result<plain::Input, String> {
    serde_json::from_slice(INPUT_JSON).map_err(|e| format!("input fixture: {e}"))
}
