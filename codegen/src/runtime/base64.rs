//! Standard base64, as blobs are written on the wire. The generator compiles this file
//! too, to check `@default` blob values.

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, appended to `out`.
pub fn base64_encode(input: &[u8], out: &mut Vec<u8>) {
    out.reserve(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..4 {
            out.push(if i < chars {
                B64[(n >> (18 - 6 * i) & 63) as usize]
            } else {
                b'='
            });
        }
    }
}

/// Decodes standard base64 (padding optional); `None` on any invalid character.
pub fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let body = input.trim_end_matches('=');
    if input.len() - body.len() > 2 || body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in body.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for input in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            b"fooba",
            b"foobar",
            &[0xff, 0, 0x80],
        ] {
            let mut enc = Vec::new();
            base64_encode(input, &mut enc);
            assert_eq!(
                base64_decode(std::str::from_utf8(&enc).unwrap()).unwrap(),
                input
            );
        }
        let mut enc = Vec::new();
        base64_encode(b"foobar!", &mut enc);
        assert_eq!(enc, b"Zm9vYmFyIQ==");
        assert!(base64_decode("Zm9v!").is_none());
    }
}
