//! Byte progress, speed and time left, as the progress bar and `progress` event show them.
//!
//! Two kinds of bytes: acknowledged (their part answered; they count for good) and on the
//! wire (the transport's upload progress inside a part still in flight, where it can tell:
//! XHR can, fetch cannot). The bar shows both, so it moves while a 5 MiB part crosses a
//! home link instead of jumping when it is acknowledged; it never goes backwards (a part
//! that fails half-way and is sent again holds it until the resend passes that point) and
//! never passes 100 %. Speed counts bytes as they go out, smoothed (an exponential moving
//! average over ~5 s) so the ETA does not jump with every part.

use std::collections::BTreeMap;

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
    /// Acknowledged (and held before this run).
    acked: u64,
    /// Bytes on the wire of each request in flight (by [`Transfer`] id).
    in_flight: BTreeMap<u64, u64>,
    /// What the bar shows: the most ever acknowledged plus on the wire, capped at `total`.
    shown: u64,
    last_ms: Option<f64>,
    rate: Option<f64>,
}

/// Smoothing time constant.
const TAU_MS: f64 = 5_000.0;

/// Bytes moving, as a flow reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transfer {
    /// Held before this run started (a retry or a resume after reload): on the bar at
    /// once, but no measure of the speed (they took no time now).
    Held(u64),
    /// Request `id` has `sent` bytes of its body on the wire so far (a resend of it starts
    /// again from 0).
    Sending { id: u64, sent: u64 },
    /// Request `id` was acknowledged: `bytes` count for good (those it reported as
    /// sending included).
    Acked { id: u64, bytes: u64 },
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A fresh id for a request whose bytes are reported as a [`Transfer`].
pub fn transfer_id() -> u64 {
    NEXT_ID.with(|n| n.replace(n.get() + 1))
}

impl ProgressTracker {
    pub fn new(total: u64) -> Self {
        ProgressTracker { total, acked: 0, in_flight: BTreeMap::new(), shown: 0, last_ms: None, rate: None }
    }

    /// Start timing (the first request is about to go out).
    pub fn start(&mut self, now_ms: f64) {
        self.last_ms.get_or_insert(now_ms);
    }

    pub fn update(&mut self, transfer: Transfer, now_ms: f64) {
        match transfer {
            Transfer::Held(bytes) => self.acked = (self.acked + bytes).min(self.total),
            Transfer::Sending { id, sent } => {
                let before = self.in_flight.insert(id, sent).unwrap_or(0);
                // Less than before: a resend started over; its bytes count as they go again.
                self.measure(sent.saturating_sub(before), now_ms);
            }
            Transfer::Acked { id, bytes } => {
                let reported = self.in_flight.remove(&id).unwrap_or(0);
                self.measure(bytes.saturating_sub(reported), now_ms);
                self.acked = (self.acked + bytes).min(self.total);
            }
        }
        let on_wire: u64 = self.in_flight.values().sum();
        self.shown = self.shown.max((self.acked + on_wire).min(self.total));
    }

    /// `bytes` more went out by `now_ms`: the speed's sample.
    fn measure(&mut self, bytes: u64, now_ms: f64) {
        if bytes == 0 {
            return;
        }
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
        let eta_seconds = (rate > 0.0).then(|| (self.total - self.shown) as f64 / rate);
        Progress { loaded: self.shown, total: self.total, bytes_per_second: rate, eta_seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn acked(p: &mut ProgressTracker, bytes: u64, now_ms: f64) {
        p.update(Transfer::Acked { id: transfer_id(), bytes }, now_ms);
    }

    #[test]
    fn monotonic_capped_and_smoothed() {
        let mut p = ProgressTracker::new(100);
        p.start(0.0);
        assert_eq!(p.snapshot().eta_seconds, None);
        acked(&mut p, 10, 1000.0);
        let s = p.snapshot();
        assert_eq!((s.loaded, s.bytes_per_second), (10, 10.0));
        assert_eq!(s.eta_seconds, Some(9.0));
        acked(&mut p, 10, 1100.0); // a burst: 100 B/s instantly, smoothed well below that
        assert!(p.snapshot().bytes_per_second < 20.0);
        acked(&mut p, 500, 2000.0);
        assert_eq!(p.snapshot().loaded, 100, "never past 100 %");
        assert_eq!(p.snapshot().eta_seconds, Some(0.0));
    }

    #[test]
    fn bytes_held_before_the_run_move_the_bar_but_not_the_speed() {
        let mut p = ProgressTracker::new(1000);
        p.start(0.0);
        p.update(Transfer::Held(600), 1.0);
        let s = p.snapshot();
        assert_eq!((s.loaded, s.bytes_per_second, s.eta_seconds), (600, 0.0, None), "no speed from a resume");
        acked(&mut p, 100, 1000.0);
        let s = p.snapshot();
        assert_eq!((s.loaded, s.bytes_per_second), (700, 100.0));
        assert_eq!(s.eta_seconds, Some(3.0));
    }

    #[test]
    fn bytes_on_the_wire_move_the_bar_which_never_goes_back() {
        let mut p = ProgressTracker::new(1000);
        p.start(0.0);
        let (a, b) = (transfer_id(), transfer_id());
        p.update(Transfer::Sending { id: a, sent: 100 }, 100.0);
        p.update(Transfer::Sending { id: b, sent: 50 }, 100.0);
        assert_eq!(p.snapshot().loaded, 150, "both parts' bytes on the wire");
        assert!(p.snapshot().bytes_per_second > 0.0, "speed while bytes move, before any answer");
        // Part a fails at 100 bytes and is sent again from 0: the bar holds at 150.
        p.update(Transfer::Sending { id: a, sent: 20 }, 200.0);
        assert_eq!(p.snapshot().loaded, 150, "never backwards");
        p.update(Transfer::Sending { id: a, sent: 300 }, 300.0);
        assert_eq!(p.snapshot().loaded, 350);
        // Acknowledged: a's 400 bytes count for good (300 of them were already shown).
        p.update(Transfer::Acked { id: a, bytes: 400 }, 400.0);
        assert_eq!(p.snapshot().loaded, 450);
        p.update(Transfer::Acked { id: b, bytes: 600 }, 500.0);
        assert_eq!(p.snapshot().loaded, 1000);
        p.update(Transfer::Sending { id: transfer_id(), sent: 5000 }, 600.0);
        assert_eq!(p.snapshot().loaded, 1000, "never past 100 %");
    }

    #[test]
    fn speed_counts_each_byte_once_when_its_part_is_acknowledged() {
        let mut p = ProgressTracker::new(10_000);
        p.start(0.0);
        let id = transfer_id();
        for t in 1..=10 {
            p.update(Transfer::Sending { id, sent: t * 100 }, t as f64 * 100.0);
        }
        let before = p.snapshot().bytes_per_second;
        assert!((before - 1000.0).abs() < 1.0, "1000 B/s on the wire: {before}");
        // The answer adds only what was not reported yet (here nothing): no burst.
        p.update(Transfer::Acked { id, bytes: 1000 }, 1100.0);
        assert!(p.snapshot().bytes_per_second <= before);
    }
}
