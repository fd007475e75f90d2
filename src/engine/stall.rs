//! Stall detection: a part that gets no answer within a limit derived from the measured
//! rate is aborted and retried.
//!
//! Why: fetch reports no upload progress, so a request whose connection silently died
//! (Wi-Fi hand-over, a sleeping laptop, a proxy that drops idle streams) would otherwise
//! hold its slot forever: the "stuck at 99 %" that peers' users report. The limit adapts
//! to the link: a few times the time a part normally takes, never below a floor so a
//! short hiccup on a fast link does not throw away a nearly finished part.

#[derive(Clone, Debug, PartialEq)]
pub struct StallConfig {
    /// No request is declared stalled sooner than this.
    pub min_ms: f64,
    /// The limit for a request with a body before any rate has been measured.
    pub initial_ms: f64,
    /// The limit for requests without a body (REST calls, Complete, ListParts).
    pub no_body_ms: f64,
    /// Allowed multiple of the expected duration.
    pub factor: f64,
    /// CompleteMultipartUpload, which assembles the whole object on the server.
    pub complete_ms: f64,
}

impl Default for StallConfig {
    fn default() -> Self {
        StallConfig {
            min_ms: 10_000.0,
            initial_ms: 120_000.0,
            no_body_ms: 60_000.0,
            factor: 4.0,
            complete_ms: 900_000.0,
        }
    }
}

const SMALL: usize = 64 * 1024;

/// The measured per-request rate (bytes per millisecond, smoothed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StallDetector {
    rate: Option<f64>,
}

impl StallDetector {
    /// A request with `bytes` of body was answered after `elapsed_ms`.
    pub fn record(&mut self, bytes: usize, elapsed_ms: f64) {
        if bytes < SMALL || elapsed_ms <= 0.0 {
            return; // too small to say anything about the link
        }
        let sample = bytes as f64 / elapsed_ms;
        // Smoothed, so one lucky or unlucky part does not swing the limit.
        self.rate = Some(match self.rate {
            Some(r) => 0.7 * r + 0.3 * sample,
            None => sample,
        });
    }

    /// How long a request with `bytes` of body is expected to take at the measured rate
    /// (`None` before any rate is known).
    pub fn expected_ms(&self, bytes: usize) -> Option<f64> {
        self.rate.map(|rate| bytes as f64 / rate)
    }

    /// How long a request with `bytes` of body may take before it counts as stalled.
    pub fn limit_ms(&self, config: &StallConfig, bytes: usize) -> f64 {
        // Small bodies (XML, JSON) say nothing about the link: treat them as no body.
        if bytes < SMALL {
            return config.no_body_ms;
        }
        match self.rate {
            Some(rate) => (config.factor * bytes as f64 / rate).max(config.min_ms),
            None => config.initial_ms.max(config.min_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const MIB: usize = 1 << 20;

    #[test]
    fn limit_follows_the_measured_rate_with_a_floor() {
        let cfg = StallConfig::default();
        let mut d = StallDetector::default();
        assert_eq!(d.limit_ms(&cfg, 5 * MIB), 120_000.0, "nothing measured yet");
        assert_eq!(d.limit_ms(&cfg, 0), 60_000.0);
        // A slow link: 5 MiB in 40 s (about 1 Mbit/s). Four times that is allowed.
        d.record(5 * MIB, 40_000.0);
        assert!((d.limit_ms(&cfg, 5 * MIB) - 160_000.0).abs() < 1.0);
        // A fast link: 5 MiB in 50 ms; the floor applies.
        let mut d = StallDetector::default();
        d.record(5 * MIB, 50.0);
        assert_eq!(d.limit_ms(&cfg, 5 * MIB), 10_000.0);
    }

    #[test]
    fn smoothing_and_tiny_requests_ignored() {
        let mut d = StallDetector::default();
        d.record(1000, 1.0);
        assert_eq!(d.rate, None);
        d.record(MIB, 100.0);
        d.record(MIB, 200.0);
        let r = d.rate.unwrap();
        let fast = MIB as f64 / 100.0;
        let slow = MIB as f64 / 200.0;
        assert!(r < fast && r > slow, "between the samples, nearer the older");
    }
}
