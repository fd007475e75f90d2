//! Faults of S3 UploadPart, the request a resumable uploader retries: --fail-rate,
//! --stall-rate and --max-concurrent-parts.

use super::{inc, seeded, Faults};
use crate::s3::xml::S3Error;
use crate::server::ConnKill;
use axum::body::Body;
use futures_util::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PartFault {
    InternalError,
    SlowDown,
    Dropped,
    Stall,
}

/// One UploadPart request in the in-flight gauge, from arrival until dropped. The S3 handler
/// moves it into the response's extensions, so it is dropped when hyper has taken the response
/// (after --latency-ms), or with the request's future when the client disconnects.
pub struct PartSlot {
    /// None: refused by --max-concurrent-parts (never counted).
    gauge: Option<Arc<AtomicU64>>,
}

impl PartSlot {
    pub fn admitted(&self) -> bool {
        self.gauge.is_some()
    }
}

impl Drop for PartSlot {
    fn drop(&mut self) {
        if let Some(g) = &self.gauge {
            g.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

pub fn slow_down() -> S3Error {
    S3Error::new(503, "SlowDown", "Please reduce your request rate.")
}

impl Faults {
    /// An UploadPart arrived. Two arrivals racing for the last slot may both be refused; the
    /// limit itself is never exceeded.
    pub fn enter_part(&self) -> PartSlot {
        let n = self.parts_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        if self.cfg.max_concurrent_parts.is_some_and(|max| n > max) {
            self.parts_in_flight.fetch_sub(1, Ordering::SeqCst);
            return PartSlot { gauge: None };
        }
        self.stats.max_parts_in_flight.fetch_max(n, Ordering::Relaxed);
        PartSlot { gauge: Some(self.parts_in_flight.clone()) }
    }

    /// The answer to an UploadPart refused by --max-concurrent-parts. The body is read first:
    /// a browser that is still sending when the server answers and closes sees a reset, not 503.
    pub async fn refuse_part(&self, body: Body) -> S3Error {
        let mut s = body.into_data_stream();
        while let Some(Ok(_)) = s.next().await {}
        inc(&self.stats.concurrency_slow_downs);
        slow_down()
    }

    /// Decides whether this UploadPart (body already received) meets a fault. Counts the attempt.
    pub fn decide_part(&self, upload: Uuid, key: &str, part: u32) -> Option<PartFault> {
        let (fail, stall) = (self.cfg.fail_rate, self.cfg.stall_rate);
        if fail <= 0.0 && stall <= 0.0 {
            return None;
        }
        let attempt = {
            let mut a = self.attempts.lock().unwrap();
            let n = a.entry((upload, key.to_string(), part)).or_insert(0);
            *n += 1;
            *n - 1
        };
        self.decide(key, part, attempt)
    }

    /// The seeded draw behind every injected request fault: --fail-rate first (its kind drawn
    /// separately), then --stall-rate. `key` and `part` name the request (the Panda API passes its
    /// upload and chunk offset in `key`); `attempt` counts earlier tries of the same one.
    pub fn decide(&self, key: &str, part: u32, attempt: u32) -> Option<PartFault> {
        let (fail, stall) = (self.cfg.fail_rate, self.cfg.stall_rate);
        if fail <= 0.0 && stall <= 0.0 {
            return None;
        }
        let seed = self.cfg.seed;
        if seeded::unit(seed, "fail", key, part, attempt) < fail {
            // A separate draw picks the kind, evenly.
            return Some(match (seeded::unit(seed, "fail-kind", key, part, attempt) * 3.0) as u32 {
                0 => PartFault::InternalError,
                1 => PartFault::SlowDown,
                _ => PartFault::Dropped,
            });
        }
        // Its own draw: a stall rate applies to the requests the fail rate spared.
        (seeded::unit(seed, "stall", key, part, attempt) < stall).then_some(PartFault::Stall)
    }

    /// Carries out a fault. Returns the error to answer with; for a dropped connection or a
    /// stall it never returns (the future is dropped when the connection goes away).
    pub async fn inject(&self, fault: PartFault, kill: Option<&ConnKill>) -> S3Error {
        match fault {
            PartFault::InternalError => {
                inc(&self.stats.injected_internal_errors);
                S3Error::new(500, "InternalError", "We encountered an internal error. Please try again.")
            }
            PartFault::SlowDown => {
                inc(&self.stats.injected_slow_downs);
                slow_down()
            }
            PartFault::Dropped => {
                inc(&self.stats.dropped_connections);
                // Without a kill switch (never the case under server::serve) this degrades to a stall.
                if let Some(k) = kill {
                    k.fire();
                }
                std::future::pending().await
            }
            PartFault::Stall => {
                inc(&self.stats.stalls);
                std::future::pending().await
            }
        }
    }
}
