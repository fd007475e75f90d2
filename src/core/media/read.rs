//! Reading numbers out of bytes that may be short: every reader answers `None` past the
//! end instead of panicking, since every byte the probe sees comes from an unknown file.

/// `N` bytes at `at`, if all are there.
pub(super) fn bytes<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
    b.get(at..at.checked_add(N)?)?.try_into().ok()
}

pub(super) fn be16(b: &[u8], at: usize) -> Option<u16> {
    bytes(b, at).map(u16::from_be_bytes)
}

pub(super) fn be32(b: &[u8], at: usize) -> Option<u32> {
    bytes(b, at).map(u32::from_be_bytes)
}

pub(super) fn be64(b: &[u8], at: usize) -> Option<u64> {
    bytes(b, at).map(u64::from_be_bytes)
}

pub(super) fn le16(b: &[u8], at: usize) -> Option<u16> {
    bytes(b, at).map(u16::from_le_bytes)
}

pub(super) fn le32(b: &[u8], at: usize) -> Option<u32> {
    bytes(b, at).map(u32::from_le_bytes)
}

/// The bytes of `b` (which starts at file offset `base`) from file offset `pos` on; empty
/// when `pos` is outside them.
pub(super) fn tail(b: &[u8], base: u64, pos: u64) -> &[u8] {
    pos.checked_sub(base).and_then(|i| usize::try_from(i).ok()).and_then(|i| b.get(i..)).unwrap_or(&[])
}

/// `b[from..to]`, clipped to what `b` holds.
pub(super) fn clip(b: &[u8], from: usize, to: usize) -> &[u8] {
    b.get(from..to.min(b.len())).unwrap_or(&[])
}

/// A length or offset from a file as an index, saturating (a huge one simply finds nothing).
pub(super) fn index(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// `value × 1000 / per_second`, or `None` when the rate is zero or the result overflows.
/// Whole seconds and the remainder apart, in u64: a u128 division would link compiler-rt's
/// `__udivti3` (1 KB of wasm) for this one line.
pub(super) fn millis(value: u64, per_second: u32) -> Option<u64> {
    let per_second = u64::from(per_second);
    let (seconds, rest) = (value.checked_div(per_second)?, value % per_second);
    // rest < 2³², so rest × 1000 cannot overflow.
    seconds.checked_mul(1000)?.checked_add(rest * 1000 / per_second)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn numbers_in_both_orders_and_none_past_the_end() {
        let b = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(be16(&b, 0), Some(0x0102));
        assert_eq!(le16(&b, 0), Some(0x0201));
        assert_eq!(be32(&b, 4), Some(0x05060708));
        assert_eq!(le32(&b, 4), Some(0x08070605));
        assert_eq!(be64(&b, 0), Some(0x0102030405060708));
        assert_eq!(be32(&b, 5), None);
        assert_eq!(be64(&b, 1), None);
        assert_eq!(be16(&b, usize::MAX), None, "no overflow computing the end");
    }

    #[test]
    fn tails_clips_and_indexes() {
        let b = [10, 11, 12];
        assert_eq!(tail(&b, 100, 101), &[11, 12]);
        assert_eq!(tail(&b, 100, 99), &[] as &[u8]);
        assert_eq!(tail(&b, 100, 103), &[] as &[u8]);
        assert_eq!(tail(&b, 0, u64::MAX), &[] as &[u8]);
        assert_eq!(clip(&b, 1, 99), &[11, 12]);
        assert_eq!(clip(&b, 5, 9), &[] as &[u8]);
        assert_eq!(index(7), 7);
    }

    #[test]
    fn millis_never_overflows() {
        assert_eq!(millis(90_000, 90_000), Some(1000));
        assert_eq!(millis(1, 0), None);
        assert_eq!(millis(u64::MAX, 1), None);
        assert_eq!(millis(u64::MAX, 1000), Some(u64::MAX));
        assert_eq!(millis(u64::MAX / 1000 + 1, 1), None);
        // Exact against u128 arithmetic, remainders included.
        for (v, r) in
            [(1u64, 3u32), (2, 3), (999, 1000), (123_456_789_012, 48_000), (u64::MAX - 1, 90_000), (u64::MAX, u32::MAX)]
        {
            assert_eq!(millis(v, r), u64::try_from(u128::from(v) * 1000 / u128::from(r)).ok(), "{v} / {r}");
        }
    }
}
