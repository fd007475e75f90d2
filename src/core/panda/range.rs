//! The two range headers of Panda's protocol: the `Content-Range` a chunk carries and the
//! `Range` the server answers with (the contiguous bytes it holds, from 0).

use std::fmt;

/// `Content-Range: bytes RS-RE/L` (inclusive), or `bytes */L` for the status query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentRange {
    Bytes { start: u64, end_inclusive: u64, total: u64 },
    Status { total: u64 },
}

impl ContentRange {
    /// The chunk `[start, end)` of a file of `total` bytes (`end > start`).
    pub fn chunk(start: u64, end: u64, total: u64) -> Self {
        ContentRange::Bytes { start, end_inclusive: end.saturating_sub(1), total }
    }
}

impl fmt::Display for ContentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentRange::Bytes { start, end_inclusive, total } => write!(f, "bytes {start}-{end_inclusive}/{total}"),
            ContentRange::Status { total } => write!(f, "bytes */{total}"),
        }
    }
}

/// The server's `Range: RS-RE` as the spec's `^(\d+)-(\d+)$`: how many bytes it holds
/// (RE + 1; the range always starts at 0). `None` for anything else, including a range
/// that does not start at 0 (not a contiguous prefix: nothing to continue from).
pub fn held_from_range(value: &str) -> Option<u64> {
    let (start, end) = value.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(start) || !digits(end) {
        return None;
    }
    let (start, end): (u64, u64) = (start.parse().ok()?, end.parse().ok()?);
    (start == 0 && end >= start).then(|| end.checked_add(1)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn content_ranges_as_the_spec_writes_them() {
        assert_eq!(ContentRange::chunk(0, 5, 9).to_string(), "bytes 0-4/9");
        assert_eq!(ContentRange::chunk(5, 9, 9).to_string(), "bytes 5-8/9");
        assert_eq!(ContentRange::Status { total: 9 }.to_string(), "bytes */9");
    }

    #[test]
    fn range_is_parsed_strictly() {
        assert_eq!(held_from_range("0-4"), Some(5));
        assert_eq!(held_from_range("0-0"), Some(1));
        for bad in
            ["", "0-", "-4", "bytes=0-4", "0-4 ", " 0-4", "a-b", "0-4/9", "5-8", "0--4", "0-18446744073709551615"]
        {
            assert_eq!(held_from_range(bad), None, "{bad:?}");
        }
    }
}
