//! `Content-MD5` for operations marked `@httpChecksumRequired`. MD5 comes from RustCrypto's
//! `md-5`, a small, well-kept crate, rather than a hand-written digest.

use md5::{Digest, Md5};

/// Sets `Content-MD5` to the base64 MD5 of the request's body, as sent.
pub(crate) fn content_md5(request: &mut http::Request<Vec<u8>>) {
    let digest = Md5::digest(request.body());
    let mut text = Vec::new();
    crate::primitives::base64_encode(&digest, &mut text);
    let value = http::HeaderValue::from_bytes(&text).expect("base64 is a valid header value");
    request.headers_mut().insert("content-md5", value);
}
