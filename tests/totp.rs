//! RFC 6238 one-time passwords (HMAC-SHA1, 30 s steps, 6 digits), as an authenticator app
//! derives them from the base32 secret that `AssociateSoftwareToken` hands out.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const STEP_SECS: u64 = 30;

/// Below this much time left in a step, [`current`] waits for the next one: moto accepts
/// only the code of the step it receives the request in.
const MARGIN_SECS: u64 = 3;

/// The code of `secret` (base32, any case, padding optional) for the step holding `unix_secs`.
pub fn code_at(secret: &str, unix_secs: u64) -> Result<String, String> {
    let key = base32(secret)?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).map_err(|e| e.to_string())?;
    mac.update(&(unix_secs / STEP_SECS).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // Dynamic truncation (RFC 4226 section 5.3): 31 bits at the offset the last nibble names.
    let offset = usize::from(digest[19] & 0x0f);
    let bits = u32::from_be_bytes([
        digest[offset],
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]) & 0x7fff_ffff;
    Ok(format!("{:06}", bits % 1_000_000))
}

/// The code of the current step, taken far enough from the step's end to arrive within it.
pub fn current(secret: &str) -> String {
    let mut now = unix_now();
    let left = STEP_SECS - now % STEP_SECS;
    if left < MARGIN_SECS {
        std::thread::sleep(Duration::from_secs(left));
        now += left;
    }
    code_at(secret, now).expect("a base32 TOTP secret")
}

/// A well-formed code that no step from the previous to the next one accepts.
pub fn wrong(secret: &str) -> String {
    let now = unix_now();
    let valid: Vec<String> = [now - STEP_SECS, now, now + STEP_SECS]
        .iter()
        .map(|&t| code_at(secret, t).expect("a base32 TOTP secret"))
        .collect();
    (0..)
        .map(|n| format!("{n:06}"))
        .find(|code| !valid.contains(code))
        .expect("a code outside three steps")
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs()
}

/// RFC 4648 base32; the secret's trailing bits that do not fill a byte are dropped.
fn base32(text: &str) -> Result<Vec<u8>, String> {
    let (mut buffer, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in text.trim_end_matches('=').chars() {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            other => {
                return Err(format!(
                    "{other:?} is not a base32 digit in the TOTP secret {text:?}"
                ))
            }
        };
        buffer = (buffer << 5 | value) & 0xffff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    if out.is_empty() {
        return Err(format!("the TOTP secret {text:?} holds no key byte"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA1 key, "12345678901234567890", in base32.
    const RFC_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn rfc_6238_vectors_in_six_digits() {
        assert_eq!(code_at(RFC_KEY, 59).unwrap(), "287082");
        assert_eq!(code_at(RFC_KEY, 1_111_111_109).unwrap(), "081804");
        assert_eq!(
            code_at(&RFC_KEY.to_lowercase(), 1_234_567_890).unwrap(),
            "005924"
        );
    }

    #[test]
    fn unpadded_short_secret_keeps_whole_bytes() {
        // 12 digits are 60 bits: 7 key bytes, the padded and unpadded forms alike.
        assert_eq!(base32("asdfasdfasdf").unwrap().len(), 7);
        assert_eq!(
            code_at("asdfasdfasdf", 0).unwrap(),
            code_at("ASDFASDFASDF====", 0).unwrap()
        );
    }

    #[test]
    fn bad_secrets_are_errors() {
        assert!(code_at("not base32!", 0)
            .unwrap_err()
            .contains("not a base32 digit"));
        assert!(code_at("", 0).unwrap_err().contains("no key byte"));
    }

    #[test]
    fn wrong_code_differs_from_the_current_one() {
        assert_ne!(wrong(RFC_KEY), current(RFC_KEY));
    }
}
