//! Idempotency tokens: the value an unset `@idempotencyToken` member is sent with, a fresh
//! random UUID v4, as every AWS SDK sends.
//!
//! The random bits come from the operating system through `getrandom`: a token must differ
//! from those of every other client of the account, processes started at the same instant
//! and virtual machines cloned from one snapshot included, which a generator seeded from
//! the clock and thread id cannot promise. `getrandom` is small (on Linux it adds `cfg-if`
//! and `libc`), kept by the rust-random project, and already under `rand` and `tempfile`;
//! only crates whose requests carry a token depend on it.

/// A fresh UUID v4, or why the system gave no random bytes.
pub(crate) fn token() -> Result<String, crate::meta::SerializeError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::meta::SerializeError::NoRandomness(e.to_string()))?;
    Ok(uuid_v4(bytes))
}

/// 16 random bytes as a UUID v4 (RFC 9562): version `4` in the 13th hex digit, the variant
/// bits `10` at the top of the 17th, lowercase, in 8-4-4-4-12 groups.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_sets_version_and_variant_bits() {
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            uuid_v4(*b"\x01\x23\x45\x67\x89\xab\xcd\xef\x01\x23\x45\x67\x89\xab\xcd\xef"),
            "01234567-89ab-4def-8123-456789abcdef"
        );
    }

    #[test]
    fn tokens_are_fresh_uuid_v4s() {
        let tokens: Vec<String> = (0..100).map(|_| token().unwrap()).collect();
        for t in &tokens {
            let b = t.as_bytes();
            assert_eq!(b.len(), 36, "{t}");
            assert_eq!((b[8], b[13], b[18], b[23]), (b'-', b'-', b'-', b'-'), "{t}");
            assert_eq!(b[14], b'4', "version: {t}");
            assert!(matches!(b[19], b'8' | b'9' | b'a' | b'b'), "variant: {t}");
            assert!(t.bytes().all(|c| c == b'-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{t}");
        }
        let distinct: std::collections::BTreeSet<&String> = tokens.iter().collect();
        assert_eq!(distinct.len(), tokens.len());
    }
}
