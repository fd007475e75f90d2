//! Byte progress, speed and time left, as the progress bar and `progress` event show them.
//!
//! Progress only moves forward: bytes count once their part is acknowledged, so a retried
//! part can never push the bar backwards or past 100 %. Speed is smoothed (an exponential
//! moving average over ~5 s) so the ETA does not jump with every part.

#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub loaded: u64,
    pub total: u64,
    pub bytes_per_second: f64,
    /// `None` until a speed is known.
    pub eta_seconds: Option<f64>,
}

impl Progress {
    /// Whole percent acknowledged (100 when there is nothing to send).
    pub fn percent(&self) -> u32 {
        (self.loaded * 100).checked_div(self.total).map_or(100, |p| p as u32)
    }
}

#[derive(Clone, Debug)]
pub struct ProgressTracker {
    total: u64,
    loaded: u64,
    last_ms: Option<f64>,
    rate: Option<f64>,
}

/// Smoothing time constant.
const TAU_MS: f64 = 5_000.0;

/// Bytes the server acknowledged, and when they went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acked {
    /// Held before this run started (a retry or a resume after reload): on the bar at
    /// once, but no measure of the speed (they took no time now).
    Earlier(u64),
    /// Sent and acknowledged in this run.
    Now(u64),
}

impl ProgressTracker {
    pub fn new(total: u64) -> Self {
        ProgressTracker { total, loaded: 0, last_ms: None, rate: None }
    }

    /// Start timing (the first request is about to go out).
    pub fn start(&mut self, now_ms: f64) {
        self.last_ms.get_or_insert(now_ms);
    }

    pub fn acked(&mut self, acked: Acked, now_ms: f64) {
        match acked {
            Acked::Earlier(bytes) => self.loaded += bytes.min(self.total - self.loaded),
            Acked::Now(bytes) => self.add(bytes, now_ms),
        }
    }

    /// `bytes` more were acknowledged at `now_ms`.
    pub fn add(&mut self, bytes: u64, now_ms: f64) {
        let bytes = bytes.min(self.total - self.loaded);
        self.loaded += bytes;
        let last = *self.last_ms.get_or_insert(now_ms);
        let dt = (now_ms - last).max(1.0);
        let instant = bytes as f64 * 1000.0 / dt;
        let w = 1.0 - (-dt / TAU_MS).exp();
        self.rate = Some(match self.rate {
            None => instant,
            Some(r) => r + w * (instant - r),
        });
        self.last_ms = Some(now_ms);
    }

    /// The clock restarts after a pause, so idle time does not drag the speed down.
    pub fn restart_timing(&mut self, now_ms: f64) {
        self.last_ms = Some(now_ms);
    }

    pub fn snapshot(&self) -> Progress {
        let rate = self.rate.unwrap_or(0.0);
        let eta_seconds = (rate > 0.0).then(|| (self.total - self.loaded) as f64 / rate);
        Progress { loaded: self.loaded, total: self.total, bytes_per_second: rate, eta_seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn monotonic_capped_and_smoothed() {
        let mut p = ProgressTracker::new(100);
        p.start(0.0);
        assert_eq!(p.snapshot().eta_seconds, None);
        p.add(10, 1000.0);
        let s = p.snapshot();
        assert_eq!((s.loaded, s.bytes_per_second), (10, 10.0));
        assert_eq!(s.eta_seconds, Some(9.0));
        p.add(10, 1100.0); // a burst: 100 B/s instantly, smoothed well below that
        assert!(p.snapshot().bytes_per_second < 20.0);
        p.add(500, 2000.0);
        assert_eq!(p.snapshot().loaded, 100, "never past 100 %");
        assert_eq!(p.snapshot().eta_seconds, Some(0.0));
    }

    #[test]
    fn bytes_held_before_the_run_move_the_bar_but_not_the_speed() {
        let mut p = ProgressTracker::new(1000);
        p.start(0.0);
        p.acked(Acked::Earlier(600), 1.0);
        let s = p.snapshot();
        assert_eq!((s.loaded, s.bytes_per_second, s.eta_seconds), (600, 0.0, None), "no speed from a resume");
        p.acked(Acked::Now(100), 1000.0);
        let s = p.snapshot();
        assert_eq!((s.loaded, s.bytes_per_second), (700, 100.0));
        assert_eq!(s.eta_seconds, Some(3.0));
    }
}
