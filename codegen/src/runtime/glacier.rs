//! Glacier's upload checksums: the SHA-256 of the body and its tree hash (the SHA-256 of
//! each MiB, then of each pair of hashes, up to one), in hex. SHA-256 comes from
//! RustCrypto's `sha2`, a small, well-kept crate, rather than a hand-written digest.

use sha2::{Digest, Sha256};
use std::fmt::Write;

const MIB: usize = 1024 * 1024;

/// Sets `X-Amz-Content-Sha256` and `X-Amz-Sha256-Tree-Hash` unless the input set them.
pub(crate) fn checksums(request: &mut http::Request<Vec<u8>>) {
    let whole = hex(&Sha256::digest(request.body()));
    let tree = hex(&tree_hash(request.body()));
    let headers = request.headers_mut();
    for (name, value) in [("x-amz-content-sha256", whole), ("x-amz-sha256-tree-hash", tree)] {
        if !headers.contains_key(name) {
            let value = http::HeaderValue::from_str(&value).expect("hex is a valid header value");
            headers.insert(name, value);
        }
    }
}

fn tree_hash(body: &[u8]) -> [u8; 32] {
    let mut level: Vec<[u8; 32]> = body.chunks(MIB).map(|c| Sha256::digest(c).into()).collect();
    if level.is_empty() {
        return Sha256::digest(b"").into();
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => Sha256::new().chain_update(a).chain_update(b).finalize().into(),
                _ => pair[0],
            })
            .collect();
    }
    level[0]
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(parts: &[&[u8]]) -> [u8; 32] {
        let mut h = Sha256::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    }

    #[test]
    fn a_body_within_one_mib_is_its_own_tree_hash() {
        assert_eq!(tree_hash(b"hello world"), sha(&[b"hello world"]));
        assert_eq!(tree_hash(b""), sha(&[b""]));
    }

    #[test]
    fn three_mib_hash_in_pairs_then_the_odd_one_goes_up() {
        let body: Vec<u8> = (0..3 * MIB + 5).map(|i| (i % 251) as u8).collect();
        let c: Vec<[u8; 32]> = body.chunks(MIB).map(|c| sha(&[c])).collect();
        let left = sha(&[&c[0], &c[1]]);
        let right = sha(&[&c[2], &c[3]]);
        assert_eq!(tree_hash(&body), sha(&[&left, &right]));
        let body = &body[..2 * MIB + 1];
        let first = sha(&[&c[0], &c[1]]);
        assert_eq!(tree_hash(body), sha(&[&first, &sha(&[&body[2 * MIB..]])]));
    }

    #[test]
    fn headers_the_input_set_are_kept() {
        let mut request = http::Request::new(b"hello world".to_vec());
        request.headers_mut().insert("x-amz-sha256-tree-hash", http::HeaderValue::from_static("mine"));
        checksums(&mut request);
        assert_eq!(request.headers()["x-amz-sha256-tree-hash"], "mine");
        assert_eq!(
            request.headers()["x-amz-content-sha256"],
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
    }
}
