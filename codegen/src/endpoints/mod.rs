//! Endpoints: the service's `smithy.rules#endpointRuleSet` and `endpointTests`, parsed
//! into typed rules ([`rules`]) and emitted as the generated crate's `endpoint` module:
//! straight-line resolution ([`emit`]), typed rule expressions ([`values`]) and the
//! model's test cases as `#[test]`s ([`cases`]).

mod cases;
pub mod emit;
pub mod rules;
mod values;
