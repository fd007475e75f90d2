//! A JSON number's text as a whole number, by moving its decimal point: no float parsing
//! (which would ship `core::num::dec2flt`) and no rounding. The text has already passed the
//! parser's grammar check (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).

/// Sign and magnitude of `text` when it is a whole number that fits a `u64` (`5`, `5.0`,
/// `5e0`, `50e-1`), as `JSON.parse` would give it exactly; `None` for a fraction or a larger one.
pub fn whole(text: &str) -> Option<(bool, u64)> {
    let (negative, whole, rest) = split(text)?;
    rest.bytes().all(|b| b == b'0').then_some(())?;
    Some((negative, digits_value(&whole)?))
}

/// Sign and magnitude of the whole part of `text` (any fraction dropped), if it fits a `u64`.
pub fn truncated(text: &str) -> Option<(bool, u64)> {
    let (negative, whole, _) = split(text)?;
    Some((negative, digits_value(&whole)?))
}

/// The sign, the digits before the decimal point once the exponent is applied, and those after.
fn split(text: &str) -> Option<(bool, String, String)> {
    // Parsed numbers are ASCII; a hand-built one that is not is no number (and the slicing
    // below stays on character boundaries).
    if !text.is_ascii() {
        return None;
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() {
        return None;
    }
    let digits: String = [int, frac].concat();
    if digits.bytes().all(|b| b == b'0') {
        return Some((negative, String::new(), String::new()));
    }
    // More than 20 digits cannot fit a u64; bounding the shift also bounds the padding below.
    let point = (int.len() as i64).checked_add(exponent)?;
    if point > 40 {
        return None;
    }
    if point <= 0 {
        return Some((negative, String::new(), digits));
    }
    let point = point as usize;
    if point >= digits.len() {
        let pad = "0".repeat(point - digits.len());
        return Some((negative, digits + &pad, String::new()));
    }
    Some((negative, digits[..point].to_string(), digits[point..].to_string()))
}

/// The value of a run of decimal digits (empty: 0), if it fits a `u64`. Anything but digits
/// is `None`: a `Json::Number` built by hand need not have passed the parser.
fn digits_value(digits: &str) -> Option<u64> {
    digits.chars().try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(u64::from(c.to_digit(10)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn whole_numbers_in_any_notation_and_nothing_else() {
        assert_eq!(whole("0"), Some((false, 0)));
        assert_eq!(whole("-0.0"), Some((true, 0)));
        assert_eq!(whole("5242880"), Some((false, 5242880)));
        assert_eq!(whole("5.000"), Some((false, 5)));
        assert_eq!(whole("1.7e12"), Some((false, 1_700_000_000_000)));
        assert_eq!(whole("50E-1"), Some((false, 5)));
        assert_eq!(whole("-12"), Some((true, 12)));
        assert_eq!(whole("18446744073709551615"), Some((false, u64::MAX)));
        assert_eq!(whole("18446744073709551616"), None);
        assert_eq!(whole("1.5"), None);
        assert_eq!(whole("1e-1"), None);
        assert_eq!(whole("1e400"), None);
        assert_eq!(whole("0e99999999999999999999"), None, "an exponent beyond i64 is no number we read");
        assert_eq!(whole("0e400"), Some((false, 0)));
        for not_a_number in ["", "-", "abc", "1.x", "e5", "1e", "--1", "1é", "é1e-1"] {
            assert_eq!(whole(not_a_number), None, "{not_a_number:?}");
        }
    }

    #[test]
    fn truncated_drops_the_fraction() {
        assert_eq!(truncated("1733580000000.75"), Some((false, 1_733_580_000_000)));
        assert_eq!(truncated("1733580000000.0"), Some((false, 1_733_580_000_000)));
        assert_eq!(truncated("-0.5"), Some((true, 0)));
        assert_eq!(truncated("2.5e-3"), Some((false, 0)));
    }
}
