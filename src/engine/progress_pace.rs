//! How often progress is shown and sent as `progress` events: at most every
//! [`INTERVAL_MS`], with the latest value kept for the end of the interval, and the last
//! byte always at once. With upload progress from the transport a part reports every few
//! milliseconds and four parts are in flight: a bar, a screen reader's live region or a
//! page listening to `progress` needs four updates a second, not two hundred.

use super::progress::Progress;

/// Four updates a second while bytes move.
pub const INTERVAL_MS: f64 = 250.0;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressPace {
    last_ms: Option<f64>,
    held: Option<Progress>,
    flush_pending: bool,
    /// Whether the last byte has been shown: then it is not shown again at once (a part
    /// that failed after its bytes went out is sent again while the bar stays full).
    full_shown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Pace {
    /// Show this now.
    Now(Progress),
    /// Held; call [`ProgressPace::flush`] after this many ms (`None`: a flush is already due).
    Later(Option<u32>),
}

impl ProgressPace {
    pub fn offer(&mut self, p: Progress, now_ms: f64) -> Pace {
        let last_byte = p.loaded >= p.total && !self.full_shown;
        // While a flush is due, its timer shows the latest value: showing one now as well
        // would put two updates a few ms apart when the timer runs late (WebKit's do,
        // under load).
        let due = !self.flush_pending && self.last_ms.is_none_or(|t| now_ms - t >= INTERVAL_MS);
        if last_byte || due {
            self.last_ms = Some(now_ms);
            self.held = None;
            self.full_shown = p.loaded >= p.total;
            return Pace::Now(p);
        }
        self.held = Some(p);
        if self.flush_pending {
            return Pace::Later(None);
        }
        self.flush_pending = true;
        let since = now_ms - self.last_ms.unwrap_or(now_ms);
        Pace::Later(Some((INTERVAL_MS - since).ceil().max(1.0) as u32))
    }

    /// The interval is over: what was held, if anything.
    pub fn flush(&mut self, now_ms: f64) -> Option<Progress> {
        self.flush_pending = false;
        let held = self.held.take()?;
        self.last_ms = Some(now_ms);
        self.full_shown = held.loaded >= held.total;
        Some(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn at(loaded: u64) -> Progress {
        Progress { loaded, total: 1000, bytes_per_second: 1.0, eta_seconds: None }
    }

    #[test]
    fn at_most_four_a_second_the_latest_kept_the_last_byte_at_once() {
        let mut pace = ProgressPace::default();
        assert_eq!(pace.offer(at(1), 0.0), Pace::Now(at(1)));
        assert_eq!(pace.offer(at(2), 10.0), Pace::Later(Some(240)));
        assert_eq!(pace.offer(at(3), 20.0), Pace::Later(None), "one flush at a time");
        assert_eq!(pace.flush(250.0), Some(at(3)), "the latest value");
        assert_eq!(pace.offer(at(4), 300.0), Pace::Later(Some(200)));
        assert_eq!(pace.offer(at(1000), 310.0), Pace::Now(at(1000)), "the last byte is never held");
        assert_eq!(pace.flush(500.0), None, "nothing older is shown after it");
        // A part sent again after its bytes all went out: the full bar is paced like the rest.
        assert_eq!(pace.offer(at(1000), 520.0), Pace::Later(Some(40)));
        assert_eq!(pace.offer(at(1000), 530.0), Pace::Later(None));
        assert_eq!(pace.flush(560.0), Some(at(1000)));
        // A late timer: the interval is over before the flush runs; what arrives meanwhile
        // waits for that flush instead of being shown twice a few ms apart.
        let mut pace = ProgressPace::default();
        assert_eq!(pace.offer(at(1), 0.0), Pace::Now(at(1)));
        assert_eq!(pace.offer(at(2), 10.0), Pace::Later(Some(240)));
        assert_eq!(pace.offer(at(3), 251.0), Pace::Later(None));
        assert_eq!(pace.flush(265.0), Some(at(3)));
        // Updates every 10 ms for 2 s: about 8 shown, never more than one per interval.
        let mut pace = ProgressPace::default();
        let mut shown = vec![];
        let mut due: Option<f64> = None;
        for step in 0..200 {
            let now = 1000.0 + step as f64 * 10.0;
            if due.is_some_and(|d| now >= d) {
                shown.extend(pace.flush(now).map(|_| now));
                due = None;
            }
            match pace.offer(at(step + 1), now) {
                Pace::Now(_) => shown.push(now),
                Pace::Later(Some(ms)) => due = Some(now + ms as f64),
                Pace::Later(None) => {}
            }
        }
        assert!((8..=9).contains(&shown.len()), "{shown:?}");
        assert!(shown.windows(2).all(|w| w[1] - w[0] >= INTERVAL_MS), "{shown:?}");
    }
}
