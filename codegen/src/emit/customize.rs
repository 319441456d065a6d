//! What the AWS SDKs add to some services' requests beyond their models, keyed by the
//! service's `sdkId`: without it, the service rejects or misreads the request.

use crate::ir::{Crate, Field, Location, Operation, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Headers every request of the service carries: (name, value).
pub fn fixed_headers(krate: &Crate) -> Vec<(&'static str, String)> {
    match krate.service.sdk_id.as_deref() {
        // Without it API Gateway answers in HAL JSON, not the modelled shapes.
        Some("API Gateway") => vec![("Accept", "application/json".into())],
        // Glacier refuses requests that do not name the API version.
        Some("Glacier") => {
            let version = krate.service.version.clone().unwrap_or_default();
            vec![("X-Amz-Glacier-Version", version)]
        }
        _ => Vec::new(),
    }
}

/// The text an unset or empty URI label gets instead of an error: Glacier's `accountId`
/// is `-`, the caller's own account.
pub fn label_default(krate: &Crate, label: &Field) -> Option<&'static str> {
    (is_glacier(krate) && label.wire == "accountId").then_some("-")
}

/// The calls that add checksum headers to `op`'s finished request: `Content-MD5` for
/// `@httpChecksumRequired`, and Glacier's SHA-256 and tree hash of an uploaded payload.
pub fn body_checksums(krate: &Crate, op: &Operation) -> Vec<TokenStream> {
    let mut calls = Vec::new();
    if op.checksum_required {
        calls.push(quote!(crate::checksum::content_md5(request);));
    }
    if uploads_to_glacier(krate, op) {
        calls.push(quote!(crate::glacier::checksums(request);));
    }
    calls
}

/// A Glacier operation whose input's payload is a blob (an archive or a part of one).
pub fn uploads_to_glacier(krate: &Crate, op: &Operation) -> bool {
    is_glacier(krate)
        && krate.structs[&op.input]
            .fields
            .iter()
            .any(|f| f.location == Location::Payload && f.ty.kind == TyKind::Blob)
}

fn is_glacier(krate: &Crate) -> bool {
    krate.service.sdk_id.as_deref() == Some("Glacier")
}
