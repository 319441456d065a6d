//! Request compression for operations the model marks `@requestCompression`, behind the
//! `request-compression` feature (which pulls in flate2).

use std::io::Write;

/// Bodies shorter than this are sent as they are: Smithy's default
/// `requestMinCompressionSizeBytes`, below which compressing costs more than it saves.
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// Gzips the body when it is at least [`MIN_COMPRESSION_SIZE`] bytes, appends `gzip` to
/// `Content-Encoding` and updates `Content-Length`. Should compression fail, the body is
/// sent uncompressed.
pub fn gzip_request(request: &mut http::Request<Vec<u8>>) {
    if request.body().len() < MIN_COMPRESSION_SIZE {
        return;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let Ok(compressed) = encoder
        .write_all(request.body())
        .and_then(|()| encoder.finish())
    else {
        return;
    };
    let length = http::HeaderValue::from(compressed.len());
    *request.body_mut() = compressed;
    let headers = request.headers_mut();
    headers.append(
        http::header::CONTENT_ENCODING,
        http::HeaderValue::from_static("gzip"),
    );
    headers.insert(http::header::CONTENT_LENGTH, length);
}
