//! One unit of work, three implementations: the generated crate (`cognito-idp-lite`), the
//! official SDK's own codec (`aws-sdk-cognitoidentityprovider`), and `serde_json` derive on
//! plain structs (the practical floor). The fixtures are checked for equivalence on all three
//! sides before anything is timed (see `equivalence`).

// Both clients' parse results are timed as the clients return them, large error enums included.
#![allow(clippy::result_large_err)]

pub mod equivalence;
pub mod fixtures;
pub mod lite;
pub mod plain;
pub mod sdk;
