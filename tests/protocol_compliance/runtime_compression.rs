//! The runtime's request compression, compiled here from its source: generated crates get
//! it only when an operation is `@requestCompression`, and only with a feature on.

#[path = "../../codegen/src/runtime/compression.rs"]
mod compression;

use compression::{gzip_request, MIN_COMPRESSION_SIZE};
use std::io::Read;

fn request(body: Vec<u8>) -> http::Request<Vec<u8>> {
    let mut request = http::Request::new(body);
    let length = http::HeaderValue::from(request.body().len());
    request
        .headers_mut()
        .insert(http::header::CONTENT_LENGTH, length);
    request
}

#[test]
fn large_bodies_are_gzipped_with_headers_to_match() {
    let body: Vec<u8> = (0..MIN_COMPRESSION_SIZE * 2)
        .map(|i| b"{\"data\":\"abc\"}"[i % 14])
        .collect();
    let mut r = request(body.clone());
    gzip_request(&mut r);
    assert!(r.body().len() < body.len() / 10, "{} bytes", r.body().len());
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(
        r.headers()["content-length"],
        r.body().len().to_string().as_str()
    );
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&r.body()[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, body);
}

#[test]
fn small_bodies_are_sent_as_they_are() {
    let body = vec![b'x'; MIN_COMPRESSION_SIZE - 1];
    let mut r = request(body.clone());
    gzip_request(&mut r);
    assert_eq!(r.body(), &body);
    assert!(r.headers().get("content-encoding").is_none());
}
