//! How big the next Panda chunk is. The protocol allows one stream, appended in order, so
//! what costs is the round trip between chunks (an answer must come back before the next
//! chunk can start: on a 50 ms link a fixed 5 MiB chunk at 200 Mbit/s spends a fifth of
//! its time waiting, ~80 % of the link). So the chunk grows (up to fourfold at a step) while
//! requests finish quickly, until each takes about [`TARGET_MS`] (the round trip is then a
//! couple of percent), and halves after a failure (a failed chunk may have to be sent again).
//!
//! Measured (bench/results/latest.md, 256 MiB on 50 ms / 200 Mbit/s): fixed 5 MiB chunks use
//! 78 % of the link (52 requests); growing to ~2 s chunks at most twofold a step, 95.4 %
//! (eight requests, the ramp costing most); to ~3 s chunks up to fourfold, 96.4 % (six
//! requests), where one PUT of the whole file, which cannot resume, reaches 99.0 %.
//!
//! Bounds: from the `part-size-mib` the element starts with (5 MiB by default) up to
//! `max-chunk-mib` (128 MiB by default: a server or proxy may refuse bigger bodies; equal
//! to the start for fixed chunks), never below [`MIN`]. Memory is not the limit: a chunk is
//! a slice of the file that the browser streams from disk.

use crate::core::part_plan::MIB;

/// The time one chunk should take on the wire: long enough that the round trip between
/// chunks costs little, short enough that the bar moves every few seconds.
pub const TARGET_MS: f64 = 3_000.0;
/// Never smaller than this, even after failures.
pub const MIN: u64 = MIB;
/// The default upper bound.
pub const DEFAULT_MAX: u64 = 128 * MIB;

#[derive(Clone, Debug, PartialEq)]
pub struct ChunkSize {
    current: u64,
    min: u64,
    max: u64,
}

impl ChunkSize {
    pub fn new(start: u64, max: u64) -> Self {
        let max = max.max(MIN);
        let min = MIN.min(max);
        ChunkSize { current: start.clamp(min, max), min, max }
    }

    pub fn current(&self) -> u64 {
        self.current
    }

    /// A chunk of `bytes` was stored in `elapsed_ms`: aim the next at [`TARGET_MS`], at most
    /// four times bigger or half as big at once (one measurement is noisy). The last chunk
    /// of a file is short and says nothing about the link: a chunk smaller than the current
    /// size is ignored.
    pub fn stored(&mut self, bytes: u64, elapsed_ms: f64) {
        if bytes < self.current || elapsed_ms <= 0.0 {
            return;
        }
        let ideal = bytes as f64 / elapsed_ms * TARGET_MS;
        let next = ideal.clamp(self.current as f64 / 2.0, self.current as f64 * 4.0) as u64;
        // Whole MiB (or the bounds): tidy Content-Ranges, and no drift from rounding.
        self.current = (next / MIB * MIB).clamp(self.min, self.max);
    }

    /// A chunk failed (5xx, dropped, stalled): halve.
    pub fn failed(&mut self) {
        self.current = (self.current / 2).clamp(self.min, self.max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn grows_to_the_target_on_a_fast_link_and_stays_within_bounds() {
        // 25 MB/s (200 Mbit/s) with 50 ms per round trip.
        let mut c = ChunkSize::new(5 * MIB, DEFAULT_MAX);
        let mut sizes = Vec::new();
        for _ in 0..8 {
            let n = c.current();
            c.stored(n, n as f64 / 25_000.0 + 50.0);
            sizes.push(c.current() / MIB);
        }
        assert_eq!(&sizes[..2], &[20, 67], "fourfold, then the target: {sizes:?}");
        let settled = *sizes.last().unwrap();
        assert!((65..=75).contains(&settled), "about 3 s of the link per chunk: {sizes:?}");
        // Loopback: capped at the maximum.
        let mut c = ChunkSize::new(5 * MIB, DEFAULT_MAX);
        for _ in 0..10 {
            let n = c.current();
            c.stored(n, n as f64 / 500_000.0);
        }
        assert_eq!(c.current(), DEFAULT_MAX);
    }

    #[test]
    fn shrinks_on_slow_links_and_failures_and_fixed_stays_fixed() {
        let mut c = ChunkSize::new(5 * MIB, DEFAULT_MAX);
        c.stored(5 * MIB, 20_000.0); // 256 KB/s: 5 MiB took 20 s
        assert_eq!(c.current(), 2 * MIB, "halved at most");
        c.failed();
        c.failed();
        assert_eq!(c.current(), MIN);
        let mut fixed = ChunkSize::new(5 * MIB, 5 * MIB);
        fixed.stored(5 * MIB, 10.0);
        assert_eq!(fixed.current(), 5 * MIB);
        c.stored(100, 1.0);
        assert_eq!(c.current(), MIN, "a short last chunk says nothing");
    }
}
