//! The injected faults of --fail-rate and --stall-rate as they apply to Panda chunk and form
//! requests. The draw is the S3 one (`faults/parts.rs`), keyed by upload id and chunk start
//! offset, with the attempt counted per offset, so a retry of the same chunk gets a fresh draw
//! and the same client behaviour under the same --seed meets the same faults.
//!
//! Unlike an S3 part, a Panda chunk is part of a resumable stream: a dropped connection or a
//! stall keeps the bytes that arrived (the client learns that from its next status query), while
//! a 500 or 503 answer means the server did not store them.

use super::model::error;
use super::store::Env;
use crate::faults::inc;
use crate::faults::parts::PartFault;
use crate::server::ConnKill;
use axum::body::Body;
use axum::http::{Response, StatusCode};

/// Whether the request (body fully received) at `offset` of upload `id` meets a fault.
pub fn decide(env: &Env, id: u64, offset: u64) -> Option<PartFault> {
    let attempt = env.uploads.next_attempt(id, offset);
    env.store.faults.decide(&format!("panda/{id}/{offset}"), 0, attempt)
}

/// Carries out `fault`. `settle(keep)` keeps or discards the request's bytes (and releases the
/// upload's lock) before anything else happens. For a dropped connection or a stall this never
/// returns: the future is dropped when the connection goes away.
pub async fn strike(env: &Env, fault: PartFault, kill: Option<&ConnKill>, settle: impl FnOnce(bool)) -> Response<Body> {
    let stats = &env.store.faults.stats;
    match fault {
        PartFault::InternalError => {
            settle(false);
            inc(&stats.injected_internal_errors);
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal server error (injected by --fail-rate); retry the request.",
            )
        }
        PartFault::SlowDown => {
            settle(false);
            inc(&stats.injected_slow_downs);
            error(StatusCode::SERVICE_UNAVAILABLE, "Service unavailable (injected by --fail-rate); retry the request.")
        }
        PartFault::Dropped => {
            settle(true);
            inc(&stats.dropped_connections);
            // Without a kill switch (never the case under server::serve) this degrades to a stall.
            if let Some(k) = kill {
                k.fire();
            }
            std::future::pending().await
        }
        PartFault::Stall => {
            settle(true);
            inc(&stats.stalls);
            std::future::pending().await
        }
    }
}
