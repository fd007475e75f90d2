//! Fault injection for testing clients against a misbehaving network and server:
//! --fail-rate, --stall-rate, --latency-ms, --bandwidth-mbps, --max-concurrent-parts (random
//! decisions seeded by --seed), --api-429-every (API v1 throttling, counted, not random), and the
//! counters served at `GET /_emulator/stats`.
//! Token expiry (--token-ttl-secs) lives with the tokens in `tokens.rs`; its counters are here.

pub mod parts;
pub mod seeded;
pub mod throttle;

use crate::config::FaultConfig;
use axum::body::Body;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use throttle::Limiter;
use uuid::Uuid;

/// Counters since start-up (never reset, not persisted: they describe this process's faults).
#[derive(Default)]
pub struct Stats {
    pub injected_internal_errors: AtomicU64,
    pub injected_slow_downs: AtomicU64,
    pub dropped_connections: AtomicU64,
    pub stalls: AtomicU64,
    pub concurrency_slow_downs: AtomicU64,
    pub max_parts_in_flight: AtomicU64,
    pub tokens_issued: AtomicU64,
    pub expired_token_rejections: AtomicU64,
    /// API v1 requests (preflights aside) and those answered 429 by --api-429-every.
    pub api_requests: AtomicU64,
    pub api_throttled: AtomicU64,
    /// Shared with every metered request body.
    pub bytes_received: Arc<AtomicU64>,
}

pub struct Faults {
    pub cfg: FaultConfig,
    pub stats: Stats,
    limiter: Option<Arc<Limiter>>,
    /// UploadPart requests admitted and not yet answered.
    parts_in_flight: Arc<AtomicU64>,
    /// UploadPart attempts so far per (upload, file name, part number): the attempt number
    /// feeds the seeded decision, so a retry of a failed part gets a fresh draw.
    attempts: Mutex<HashMap<(Uuid, String, u32), u32>>,
}

pub fn inc(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

impl Faults {
    pub fn new(cfg: &FaultConfig) -> Faults {
        Faults {
            cfg: cfg.clone(),
            stats: Stats::default(),
            limiter: cfg.bandwidth_mbps.map(|m| Arc::new(Limiter::new(m))),
            parts_in_flight: Arc::new(AtomicU64::new(0)),
            attempts: Mutex::new(HashMap::new()),
        }
    }

    /// Wraps a request body so its bytes are counted and, with --bandwidth-mbps, rate limited.
    pub fn meter(&self, body: Body) -> Body {
        throttle::meter(body, self.limiter.clone(), self.stats.bytes_received.clone())
    }

    /// Counts an API v1 request; true if --api-429-every makes it a 429.
    pub fn api_throttle(&self) -> bool {
        let n = self.stats.api_requests.fetch_add(1, Ordering::Relaxed) + 1;
        let hit = self.cfg.api_429_every.is_some_and(|every| n.is_multiple_of(every));
        if hit {
            inc(&self.stats.api_throttled);
        }
        hit
    }

    /// --latency-ms: waits before an API response goes out.
    pub async fn delay_response(&self) {
        if self.cfg.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(self.cfg.latency_ms)).await;
        }
    }

    /// Start-up lines naming the seed and every active fault.
    pub fn describe(&self) -> Vec<String> {
        let c = &self.cfg;
        let mut out = vec![if c.seed_from_clock {
            format!("seed: {} (from the clock; repeat this run's faults with --seed {})", c.seed, c.seed)
        } else {
            format!("seed: {}", c.seed)
        }];
        if c.fail_rate > 0.0 {
            out.push(format!(
                "fault: --fail-rate {} (UploadPart, Panda chunks: 500 / 503 / dropped connection)",
                c.fail_rate
            ));
        }
        if c.stall_rate > 0.0 {
            out.push(format!("fault: --stall-rate {} (UploadPart, Panda chunks never answered)", c.stall_rate));
        }
        if c.latency_ms > 0 {
            out.push(format!("fault: --latency-ms {}", c.latency_ms));
        }
        if let Some(b) = c.bandwidth_mbps {
            out.push(format!("fault: --bandwidth-mbps {b} ({:.2} MB/s upload, shared)", b / 8.0));
        }
        if let Some(n) = c.max_concurrent_parts {
            out.push(format!("fault: --max-concurrent-parts {n} (503 SlowDown beyond)"));
        }
        if let Some(n) = c.token_ttl_secs {
            out.push(format!("fault: --token-ttl-secs {n}"));
        }
        if let Some(n) = c.api_429_every {
            out.push(format!("fault: --api-429-every {n} (API v1: 429 with Retry-After: 1)"));
        }
        out
    }

    /// The body of `GET /_emulator/stats`.
    pub fn stats_json(&self) -> Value {
        let s = &self.stats;
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let c = &self.cfg;
        json!({
            "Seed": c.seed,
            "Faults": {
                "FailRate": c.fail_rate,
                "StallRate": c.stall_rate,
                "LatencyMs": c.latency_ms,
                "BandwidthMbps": c.bandwidth_mbps,
                "MaxConcurrentParts": c.max_concurrent_parts,
                "TokenTtlSecs": c.token_ttl_secs,
                "Api429Every": c.api_429_every,
            },
            "InjectedInternalErrors": g(&s.injected_internal_errors),
            "InjectedSlowDowns": g(&s.injected_slow_downs),
            "DroppedConnections": g(&s.dropped_connections),
            "Stalls": g(&s.stalls),
            "ConcurrencySlowDowns": g(&s.concurrency_slow_downs),
            "PartsInFlight": g(&self.parts_in_flight),
            "MaxPartsInFlight": g(&s.max_parts_in_flight),
            "TokensIssued": g(&s.tokens_issued),
            "ExpiredTokenRejections": g(&s.expired_token_rejections),
            "ApiRequests": g(&s.api_requests),
            "ApiThrottled": g(&s.api_throttled),
            "BytesReceived": g(&s.bytes_received),
        })
    }
}
