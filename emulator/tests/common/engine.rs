//! The component's engine ports over the harness: its HTTP over the raw HTTP/1.1 client,
//! the system clock, and the emulator's development token. For the tests that run the
//! component's own engine against the real emulator.
#![allow(dead_code)]

use super::common::*;
use futures_util::future::LocalBoxFuture;
use panopto_uploader::engine::control::AbortSignal;
use panopto_uploader::engine::error::UploadError;
use panopto_uploader::engine::ports::*;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The engine's HTTP port over the harness's raw HTTP/1.1 client (blocking is fine here:
/// the test drives one upload on one thread).
pub struct RawHttp {
    pub addr: String,
}

impl Http for RawHttp {
    fn send<'a>(
        &'a self,
        r: HttpRequest,
        _abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        let target = r.url.split_once("://").unwrap().1;
        let target = &target[target.find('/').unwrap()..];
        let headers: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let body: &[u8] = match &r.body {
            HttpBody::Bytes(b) => b.as_slice(),
            _ => &[],
        };
        let resp = http(&self.addr, r.method, target, &headers, body);
        let out = HttpResponse { status: resp.status, headers: resp.headers.clone(), body: resp.text() };
        Box::pin(async move { Ok(out) })
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> f64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as f64
    }
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        // Lazy: a stall timer raced against a (blocking) request is never polled.
        Box::pin(async move { std::thread::sleep(Duration::from_millis(ms as u64)) })
    }
}

pub struct DevToken;

impl TokenSource for DevToken {
    fn token(&self, _refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>> {
        Box::pin(async { Ok(TOKEN.to_string()) })
    }
    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>> {
        Box::pin(async { Ok(Some(TOKEN.to_string())) })
    }
}
