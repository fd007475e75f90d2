//! Backoff with full jitter, bounded by a time budget rather than a bare count.
//!
//! Why a budget: a laptop on campus Wi-Fi can lose the network for a minute; five quick
//! retries would fail an upload that a patient client finishes. Why jitter: four parallel
//! parts failing together must not retry in lock-step. The random source is injectable so
//! tests are deterministic (object_store's `BackoffConfig` does the same).

use super::ports::Random;
use std::cell::Cell;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct BackoffConfig {
    pub initial_ms: u32,
    pub max_ms: u32,
    pub base: f64,
    /// Give up once this much time has passed since the first failure without progress.
    pub budget_ms: u64,
    /// The budget while the server has never answered at all: an unreachable address or
    /// a CORS refusal should be reported in seconds, not after minutes of retrying.
    pub first_contact_budget_ms: u64,
}

impl Default for BackoffConfig {
    fn default() -> Self {
        BackoffConfig {
            initial_ms: 250,
            max_ms: 20_000,
            base: 2.0,
            budget_ms: 5 * 60_000,
            first_contact_budget_ms: 15_000,
        }
    }
}

/// A small xorshift generator: deterministic from a seed, for tests and for the browser
/// (seeded from `Math.random`), with no dependency on `rand`/`getrandom`.
pub struct SeededRandom(Cell<u64>);

impl SeededRandom {
    pub fn new(seed: u64) -> Rc<Self> {
        Rc::new(SeededRandom(Cell::new(seed.max(1))))
    }
}

impl Random for SeededRandom {
    fn unit(&self) -> f64 {
        let mut x = self.0.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The retry state of one operation (one part, one REST call).
pub struct Backoff {
    config: BackoffConfig,
    random: Rc<dyn Random>,
    attempt: u32,
    first_failure_ms: Option<f64>,
}

impl Backoff {
    pub fn new(config: BackoffConfig, random: Rc<dyn Random>) -> Self {
        Backoff { config, random, attempt: 0, first_failure_ms: None }
    }

    /// After a failure at `now_ms`: how long to wait before the next attempt, or `None`
    /// once `budget_ms` has passed since the first failure (the caller picks the budget:
    /// see `first_contact_budget_ms`).
    pub fn next_delay(&mut self, now_ms: f64, budget_ms: u64) -> Option<u32> {
        let first = *self.first_failure_ms.get_or_insert(now_ms);
        if now_ms - first >= budget_ms as f64 {
            return None;
        }
        let cap =
            (self.config.initial_ms as f64 * self.config.base.powi(self.attempt as i32)).min(self.config.max_ms as f64);
        self.attempt = self.attempt.saturating_add(1);
        let r = self.random.unit();
        Some((cap * r).round() as u32)
    }

    pub fn attempts(&self) -> u32 {
        self.attempt
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    struct Fixed(f64);
    impl Random for Fixed {
        fn unit(&self) -> f64 {
            self.0
        }
    }

    const BUDGET: u64 = 5 * 60_000;

    #[test]
    fn exponential_capped_and_jittered() {
        let mut b = Backoff::new(BackoffConfig::default(), Rc::new(Fixed(0.999_999)));
        let delays: Vec<u32> = (0..10).map(|i| b.next_delay(i as f64, BUDGET).unwrap()).collect();
        assert_eq!(&delays[..5], &[250, 500, 1000, 2000, 4000]);
        assert_eq!(delays[9], 20_000, "capped at max");
        let mut b = Backoff::new(BackoffConfig::default(), Rc::new(Fixed(0.5)));
        assert_eq!(b.next_delay(0.0, BUDGET), Some(125), "full jitter scales the whole delay");
    }

    #[test]
    fn the_budget_counts_from_the_first_failure() {
        let mut b = Backoff::new(BackoffConfig::default(), Rc::new(Fixed(0.1)));
        assert!(b.next_delay(500.0, 1000).is_some());
        assert!(b.next_delay(1499.0, 1000).is_some());
        assert_eq!(b.next_delay(1500.0, 1000), None);
        assert_eq!(b.attempts(), 2);
    }

    #[test]
    fn seeded_random_is_deterministic_and_in_range() {
        let (a, b) = (SeededRandom::new(42), SeededRandom::new(42));
        for _ in 0..1000 {
            let (x, y) = (a.unit(), b.unit());
            assert_eq!(x, y);
            assert!((0.0..1.0).contains(&x));
        }
    }
}
