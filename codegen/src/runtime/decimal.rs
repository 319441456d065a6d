//! Exact comparison of numbers written as JSON number text (`-12`, `3.5`, `1e400`), the
//! way `bigInteger` / `bigDecimal` values are kept, so that `@range` checks them without
//! rounding. The generator compiles this file too, to work out bounds at generation time.

use std::cmp::Ordering;

/// A number as `0.digits × 10^exponent`, negated when `negative`.
pub(crate) struct Decimal {
    pub(crate) negative: bool,
    /// The significant digits, without leading or trailing zeros (none for zero).
    pub(crate) digits: Vec<u8>,
    pub(crate) exponent: i64,
}

impl Decimal {
    /// Reads JSON number text; `None` if it is not a number.
    pub(crate) fn parse(text: &str) -> Option<Decimal> {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exp) = match unsigned.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e)),
            None => (unsigned, None),
        };
        let (int, frac) = match mantissa.split_once('.') {
            Some((_, "")) => return None,
            Some(parts) => parts,
            None => (mantissa, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let exponent = match exp {
            None => 0,
            Some(e) => {
                let (sign, digits) = match e.as_bytes().first() {
                    Some(b'-') => (-1, &e[1..]),
                    Some(b'+') => (1, &e[1..]),
                    _ => (1, e),
                };
                if digits.is_empty() || !all_digits(digits) {
                    return None;
                }
                // Saturates far beyond any exponent a finite text could balance.
                let magnitude = digits
                    .bytes()
                    .fold(0i64, |acc, b| (acc * 10 + i64::from(b - b'0')).min(1 << 48));
                sign * magnitude
            }
        };
        let all: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let Some(first) = all.iter().position(|&d| d != 0) else {
            return Some(Decimal {
                negative: false,
                digits: Vec::new(),
                exponent: 0,
            });
        };
        let last = all.iter().rposition(|&d| d != 0).unwrap_or(first);
        Some(Decimal {
            negative,
            digits: all[first..=last].to_vec(),
            exponent: exponent + int.len() as i64 - first as i64,
        })
    }

    fn sign(&self) -> i8 {
        match (self.digits.is_empty(), self.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let by_sign = self.sign().cmp(&other.sign());
        if by_sign != Ordering::Equal || self.sign() == 0 {
            return by_sign;
        }
        // Same sign: the larger magnitude has the larger exponent, then the larger digits
        // (no trailing zeros, so a prefix is the smaller).
        let magnitude = self
            .exponent
            .cmp(&other.exponent)
            .then_with(|| self.digits.cmp(&other.digits));
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

/// How the number `a` compares with the number `b` (both JSON number text); `None` if
/// either is not a number.
pub(crate) fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(Decimal::parse(a)?.cmp(&Decimal::parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn compares_exactly() {
        for (a, b, order) in [
            ("0", "-0.0e7", Equal),
            ("1", "1.000", Equal),
            ("100", "1e2", Equal),
            ("0.001", "1E-3", Equal),
            ("9007199254740993", "9007199254740992", Greater),
            ("-9007199254740993", "-9007199254740992", Less),
            (
                "123456789012345678901234567890",
                "1.2345678901234567890123456789e29",
                Equal,
            ),
            ("0.1000000000000000000000000001", "0.1", Greater),
            ("-0.5", "0", Less),
            ("1e400", "9e399", Greater),
            ("-1e400", "-9e399", Less),
            ("0.0000001", "0", Greater),
            ("12", "120e-1", Equal),
        ] {
            assert_eq!(compare(a, b), Some(order), "{a} vs {b}");
            assert_eq!(compare(b, a), Some(order.reverse()), "{b} vs {a}");
        }
        for bad in ["", "-", "1.", ".5", "1e", "1e+", "x", "1.2.3", "--1"] {
            assert_eq!(compare(bad, "0"), None, "{bad:?}");
        }
    }
}
