//! --bandwidth-mbps: one limiter shared by all connections, applied to request bodies as they
//! are read, so a client sees its uploads slowed as on a real uplink (TCP back-pressure does
//! the rest: while the server is not reading, the client's writes block). Also counts the bytes
//! received for /_emulator/stats.

use axum::body::{Body, Bytes};
use futures_util::StreamExt;
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Bytes that may pass at once after an idle period; more would let short uploads ignore the cap.
pub const BURST_BYTES: f64 = 64.0 * 1024.0;

/// A "next free time" limiter (GCRA): every chunk books the wire for len/rate seconds after the
/// previous booking. Bookings are absolute, so a timer that fires late does not slow the rate
/// down, and parallel streams share the rate in arrival order.
pub struct Limiter {
    bytes_per_sec: f64,
    burst: Duration,
    next_free: Mutex<Instant>,
}

impl Limiter {
    pub fn new(mbps: f64) -> Limiter {
        let bytes_per_sec = mbps * 1_000_000.0 / 8.0;
        let burst = Duration::from_secs_f64(BURST_BYTES / bytes_per_sec);
        Limiter {
            bytes_per_sec,
            burst,
            // Starts idle, i.e. with a full burst saved up.
            next_free: Mutex::new(Instant::now().checked_sub(burst).unwrap_or_else(Instant::now)),
        }
    }

    /// Books `n` bytes; returns when they may be passed on (None: right away).
    fn book(&self, n: usize) -> Option<Instant> {
        let now = Instant::now();
        let mut next = self.next_free.lock().unwrap();
        // An idle link saves up at most one burst.
        let start = (*next).max(now.checked_sub(self.burst).unwrap_or(now));
        *next = start + Duration::from_secs_f64(n as f64 / self.bytes_per_sec);
        (*next > now).then_some(*next)
    }
}

/// Wraps a request body: counts its bytes and, with a limiter, paces them.
pub fn meter(body: Body, limiter: Option<Arc<Limiter>>, counter: Arc<AtomicU64>) -> Body {
    if http_body::Body::is_end_stream(&body) {
        return body; // GET, preflights, ...: nothing to count or pace, no task to spawn.
    }
    let Some(limiter) = limiter else { return Body::new(Counted { inner: body, counter }) };
    // The paced "link" runs in its own task and hands chunks over through a one-chunk buffer,
    // like a socket buffer: the link keeps delivering while the handler hashes and writes the
    // previous chunk. Pacing inside the handler's own reads would lose link time whenever the
    // handler is slow (a debug build hashes at about the rate of a fast uplink).
    let (tx, rx) = mpsc::channel::<Result<Bytes, axum::Error>>(1);
    tokio::spawn(async move {
        let mut frames = body.into_data_stream();
        while let Some(item) = frames.next().await {
            if let Ok(chunk) = &item {
                counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                if let Some(until) = limiter.book(chunk.len()) {
                    tokio::time::sleep_until(until).await;
                }
            }
            if tx.send(item).await.is_err() {
                break; // The handler is done with the body (or gone); stop reading.
            }
        }
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) }))
}

/// Counts the bytes of a body passing through, keeping its size hint.
struct Counted {
    inner: Body,
    counter: Arc<AtomicU64>,
}

impl http_body::Body for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(f))) = &polled {
            self.counter.fetch_add(f.data_ref().map_or(0, |d| d.len() as u64), Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookings_follow_the_rate_after_one_burst() {
        // 8 Mbps = 1 MB/s: the first 64 KiB pass at once, the next 1 MB is booked 1 s later.
        let t0 = Instant::now();
        let l = Limiter::new(8.0);
        assert!(l.book(BURST_BYTES as usize).is_none());
        let d = l.book(1_000_000).unwrap() - t0;
        assert!(d >= Duration::from_millis(990) && d <= Duration::from_millis(1001), "{d:?}");
        let d = l.book(500_000).unwrap() - t0;
        assert!(d >= Duration::from_millis(1490) && d <= Duration::from_millis(1501), "{d:?}");
    }
}
