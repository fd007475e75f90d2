//! Lower the number of parts in flight when the server says it is overloaded (503,
//! 429, S3 `SlowDown`), and raise it back slowly once it stops complaining.
//!
//! Why: retrying four parts into a server that just answered SlowDown makes it worse, and
//! every peer that only backs off per request (lib-storage, Uppy) keeps its full queue
//! hammering. This is AIMD, as TCP does it: halve on a complaint, add one per calm spell.

/// How long after a complaint the reduced limit holds before it starts growing again.
pub const CALM_MS: f64 = 10_000.0;
/// Complaints closer together than this count once: parallel parts failing together
/// are one overload, not four.
const SAME_BURST_MS: f64 = 1_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct AdaptiveConcurrency {
    limit: usize,
    /// `None` until the first complaint: the configured concurrency applies.
    reduced: Option<usize>,
    last_complaint_ms: f64,
    last_raise_ms: f64,
}

impl AdaptiveConcurrency {
    pub fn new(limit: usize) -> Self {
        AdaptiveConcurrency { limit: limit.max(1), reduced: None, last_complaint_ms: f64::MIN, last_raise_ms: 0.0 }
    }

    /// The server answered 503/429/SlowDown at `now_ms`.
    pub fn throttled(&mut self, now_ms: f64) {
        if now_ms - self.last_complaint_ms < SAME_BURST_MS {
            return;
        }
        self.last_complaint_ms = now_ms;
        let current = self.reduced.unwrap_or(self.limit);
        self.reduced = Some((current / 2).max(1));
        self.last_raise_ms = now_ms;
    }

    /// How many parts may be in flight at `now_ms`: one more for every calm spell since
    /// the last complaint, up to the configured limit.
    pub fn current(&mut self, now_ms: f64) -> usize {
        let Some(reduced) = self.reduced else { return self.limit };
        if now_ms - self.last_raise_ms >= CALM_MS {
            let steps = ((now_ms - self.last_raise_ms) / CALM_MS).floor() as usize;
            let raised = reduced.saturating_add(steps);
            self.last_raise_ms += steps as f64 * CALM_MS;
            self.reduced = if raised >= self.limit { None } else { Some(raised) };
        }
        self.reduced.unwrap_or(self.limit)
    }

    pub fn is_reduced(&self) -> bool {
        self.reduced.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn halves_once_per_burst_then_recovers_one_per_calm_spell() {
        let mut c = AdaptiveConcurrency::new(8);
        assert_eq!(c.current(0.0), 8);
        c.throttled(100.0);
        c.throttled(150.0); // same burst
        c.throttled(900.0); // same burst
        assert_eq!(c.current(200.0), 4);
        c.throttled(1_200.0);
        assert_eq!(c.current(1_300.0), 2);
        assert_eq!(c.current(1_200.0 + CALM_MS - 1.0), 2, "no raise before a calm spell");
        assert_eq!(c.current(1_200.0 + CALM_MS), 3);
        assert_eq!(c.current(1_200.0 + 3.0 * CALM_MS), 5);
        assert_eq!(c.current(1_200.0 + 10.0 * CALM_MS), 8);
        assert!(!c.is_reduced(), "back to the configured limit");
    }

    #[test]
    fn never_below_one() {
        let mut c = AdaptiveConcurrency::new(1);
        for i in 0..5 {
            c.throttled(i as f64 * 2_000.0);
        }
        assert_eq!(c.current(10_000.0), 1);
        let mut c = AdaptiveConcurrency::new(0);
        assert_eq!(c.current(0.0), 1);
    }
}
