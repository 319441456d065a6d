//! `@range` checks, exact in the member's own type: the model's decimal bounds become the
//! nearest values of that type on the inside of the range (a minimum of 2.5 on an integer
//! is 3; a maximum of 0.1 on a double the largest double at or below 0.1), and big numbers
//! are compared as decimals by the crate's `decimal` module.

use crate::decimal::Decimal;
use crate::ir::{NamedKind, TyKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::cmp::Ordering;

/// Statements checking `v` (a reference to a value of `kind`) against the bounds, written
/// as in the model (the loader checked they are numbers and that `kind` is numeric).
pub(super) fn checks(
    kind: &TyKind,
    v: &TokenStream,
    min: Option<&str>,
    max: Option<&str>,
) -> TokenStream {
    let mut out = TokenStream::new();
    for (bound, is_min) in [(min, true), (max, false)] {
        let Some(text) = bound else {
            continue;
        };
        let decimal = Decimal::parse(text).expect("the loader checked range bounds");
        let Some(past) = past(kind, v, &decimal, text, is_min) else {
            continue;
        };
        out.extend(if is_min {
            quote!(p.check_min(#past, #text)?;)
        } else {
            quote!(p.check_max(#past, #text)?;)
        });
    }
    out
}

/// Whether a value of `kind` can be outside the bounds at all (a byte is always within
/// `-1000..=1000`): if not, there is nothing to check.
pub(super) fn is_checked(kind: &TyKind, min: Option<&str>, max: Option<&str>) -> bool {
    !checks(kind, &TokenStream::new(), min, max).is_empty()
}

/// The expression telling whether `v` is below the minimum (`is_min`) or above the
/// maximum `bound`; `None` when no value of the type can be.
fn past(
    kind: &TyKind,
    v: &TokenStream,
    bound: &Decimal,
    text: &str,
    is_min: bool,
) -> Option<TokenStream> {
    let (value, low, high): (TokenStream, i128, i128) = match kind {
        TyKind::Byte => (quote!(*#v), i8::MIN.into(), i8::MAX.into()),
        TyKind::Short => (quote!(*#v), i16::MIN.into(), i16::MAX.into()),
        TyKind::Int => (quote!(*#v), i32::MIN.into(), i32::MAX.into()),
        TyKind::Long => (quote!(*#v), i64::MIN.into(), i64::MAX.into()),
        TyKind::Named {
            kind: NamedKind::IntEnum,
            ..
        } => (quote!(#v.as_i32()), i32::MIN.into(), i32::MAX.into()),
        TyKind::Float => return Some(float::<f32>(v, bound, text, is_min)),
        TyKind::Double => return Some(float::<f64>(v, bound, text, is_min)),
        TyKind::BigNumber => {
            let side = if is_min {
                quote!(Less)
            } else {
                quote!(Greater)
            };
            return Some(quote! {
                crate::decimal::compare(#v.as_str(), #text) == ::std::option::Option::Some(::std::cmp::Ordering::#side)
            });
        }
        _ => unreachable!("the loader allows @range on numbers only"),
    };
    let limit = integer(bound, is_min);
    // Nothing is past a minimum at or below the type's smallest value, everything past one
    // above its largest (and the same for a maximum).
    let (never, always) = if is_min {
        (limit <= low, limit > high)
    } else {
        (limit >= high, limit < low)
    };
    if never {
        return None;
    }
    // Past the type's own limits every value fails: compared in `i128`, which holds them.
    let value = if always {
        quote!(::std::primitive::i128::from(#value))
    } else {
        value
    };
    let lit = Literal::i128_unsuffixed(limit);
    Some(if is_min {
        quote!(#value < #lit)
    } else {
        quote!(#value > #lit)
    })
}

/// `bound` rounded to an integer on the inside of the range (up for a minimum, down for a
/// maximum), saturated past `i128`.
fn integer(bound: &Decimal, is_min: bool) -> i128 {
    if bound.digits.is_empty() {
        return 0;
    }
    if bound.exponent > 38 {
        return if bound.negative { i128::MIN } else { i128::MAX };
    }
    let whole = bound.exponent.max(0) as usize;
    let magnitude = (0..whole).fold(0i128, |acc, i| {
        acc * 10 + i128::from(bound.digits.get(i).copied().unwrap_or(0))
    });
    let fraction = bound.digits.len() > whole;
    match (bound.negative, fraction && is_min, fraction && !is_min) {
        (false, true, _) => magnitude + 1,
        (false, _, _) => magnitude,
        (true, _, true) => -magnitude - 1,
        (true, _, _) => -magnitude,
    }
}

/// A float bound as the nearest value of the type on the inside of the range; NaN is
/// past every bound.
fn float<F: ExactFloat>(v: &TokenStream, bound: &Decimal, text: &str, is_min: bool) -> TokenStream {
    let nearest: F = text.parse().ok().expect("the loader checked range bounds");
    let order = if nearest.is_infinite() {
        if nearest > F::ZERO {
            Ordering::Greater
        } else {
            Ordering::Less
        }
    } else {
        // Printed with enough digits to be exact (an f64 has at most 767 significant ones).
        let exact = Decimal::parse(&format!("{nearest:.800e}")).expect("a float prints as one");
        exact.cmp(bound)
    };
    let limit = match (is_min, order) {
        (true, Ordering::Less) => nearest.next_up(),
        (false, Ordering::Greater) => nearest.next_down(),
        _ => nearest,
    };
    let lit = limit.literal();
    if is_min {
        quote!(#v.is_nan() || *#v < #lit)
    } else {
        quote!(#v.is_nan() || *#v > #lit)
    }
}

trait ExactFloat: Copy + PartialOrd + std::str::FromStr + std::fmt::LowerExp {
    const ZERO: Self;
    fn is_infinite(self) -> bool;
    fn next_up(self) -> Self;
    fn next_down(self) -> Self;
    fn literal(self) -> TokenStream;
}

macro_rules! exact_float {
    ($t:ident, $suffixed:ident) => {
        impl ExactFloat for $t {
            const ZERO: $t = 0.0;
            fn is_infinite(self) -> bool {
                $t::is_infinite(self)
            }
            fn next_up(self) -> $t {
                $t::next_up(self)
            }
            fn next_down(self) -> $t {
                $t::next_down(self)
            }
            fn literal(self) -> TokenStream {
                // The limits by name: their digits are hundreds long.
                if self == $t::INFINITY {
                    quote!(::std::primitive::$t::INFINITY)
                } else if self == $t::NEG_INFINITY {
                    quote!(::std::primitive::$t::NEG_INFINITY)
                } else if self == $t::MAX {
                    quote!(::std::primitive::$t::MAX)
                } else if self == $t::MIN {
                    quote!(::std::primitive::$t::MIN)
                } else {
                    let lit = Literal::$suffixed(self);
                    quote!(#lit)
                }
            }
        }
    };
}

exact_float!(f32, f32_suffixed);
exact_float!(f64, f64_suffixed);

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: TyKind, min: Option<&str>, max: Option<&str>) -> String {
        checks(&kind, &quote!(v), min, max).to_string()
    }

    #[test]
    fn integers_compare_in_their_own_type() {
        // 2^53 + 1 is above a maximum of 2^53 (as f64 they were equal).
        let long = check(TyKind::Long, None, Some("9007199254740992"));
        assert!(long.contains("* v > 9007199254740992"), "{long}");
        // Fractional bounds round inwards.
        let int = check(TyKind::Int, Some("-2.5"), Some("0.5"));
        assert!(
            int.contains("* v < - 2") || int.contains("* v < -2"),
            "{int}"
        );
        assert!(int.contains("* v > 0"), "{int}");
        // Bounds past the type: no check, or one no value passes.
        assert_eq!(check(TyKind::Byte, Some("-1000"), Some("1e40")), "");
        assert!(!is_checked(
            &TyKind::Long,
            Some("-9223372036854775808"),
            None
        ));
        let byte = check(TyKind::Byte, Some("300"), None);
        assert!(byte.contains("i128 :: from (* v) < 300"), "{byte}");
    }

    #[test]
    fn floats_take_the_nearest_value_inside_the_range() {
        // The f32 nearest 0.3 is above it: the maximum is the one below.
        let float = check(TyKind::Float, Some("0.1"), Some("0.3"));
        assert!(float.contains("< 0.1f32"), "{float}");
        assert!(float.contains("> 0.29999998f32"), "{float}");
        assert!(float.contains("is_nan"), "{float}");
        let double = check(TyKind::Double, None, Some("1e400"));
        assert!(double.contains("f64 :: MAX"), "{double}");
    }

    #[test]
    fn big_numbers_compare_as_decimals() {
        let big = check(TyKind::BigNumber, Some("0.5"), None);
        assert!(
            big.contains("crate :: decimal :: compare (v . as_str () , \"0.5\")"),
            "{big}"
        );
        assert!(big.contains("Less"), "{big}");
    }
}
