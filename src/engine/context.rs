//! What every engine step needs: the ports, the user's commands, the retry policy, and
//! the clock correction learnt from the server. Also the one place requests are sent, so
//! pause, cancel, retries and clock-skew handling work the same for every call.

use super::control::Control;
use super::error::UploadError;
use super::ports::{Clock, Http, HttpError, HttpRequest, HttpResponse};
use super::retry::{Backoff, BackoffConfig, Random};
use crate::core::amz_date::AmzDate;
use crate::core::s3::S3Error;
use futures_util::future::{select, Either};
use std::cell::Cell;
use std::rc::Rc;

pub struct EngineContext {
    pub http: Rc<dyn Http>,
    pub clock: Rc<dyn Clock>,
    pub control: Control,
    pub backoff: BackoffConfig,
    pub random: Random,
    /// Server time minus local time, learnt from `RequestTimeTooSkewed`; browsers' clocks
    /// are often minutes off and S3 rejects signatures more than 15 minutes away.
    clock_offset_ms: Cell<f64>,
    /// Whether any server has answered yet (see `BackoffConfig::first_contact_budget_ms`).
    contacted: Cell<bool>,
}

/// How a response is judged by the caller.
pub enum Verdict<T> {
    Done(T),
    /// Worth another attempt after a backoff (5xx, 429, SlowDown…).
    Retry(UploadError),
    Fail(UploadError),
}

impl EngineContext {
    pub fn new(
        http: Rc<dyn Http>,
        clock: Rc<dyn Clock>,
        control: Control,
        backoff: BackoffConfig,
        random: Random,
    ) -> Self {
        EngineContext {
            http,
            clock,
            control,
            backoff,
            random,
            clock_offset_ms: Cell::new(0.0),
            contacted: Cell::new(false),
        }
    }

    pub fn now_ms(&self) -> f64 {
        self.clock.now_ms()
    }

    /// The time to sign with: local time corrected by what the server told us.
    pub fn signing_time(&self) -> AmzDate {
        AmzDate::from_unix_secs(((self.now_ms() + self.clock_offset_ms.get()) / 1000.0).floor() as i64)
    }

    pub fn clock_offset_ms(&self) -> f64 {
        self.clock_offset_ms.get()
    }

    /// Learn the offset from S3's `ServerTime` or, failing that, the `Date` header.
    pub fn learn_clock(&self, error: &S3Error, response: &HttpResponse) {
        let server = error
            .server_time
            .as_deref()
            .and_then(|t| AmzDate::parse_rfc3339_utc(t).ok())
            .or_else(|| response.header("date").and_then(|d| AmzDate::parse_http_date(d).ok()));
        if let Some(server) = server {
            self.clock_offset_ms.set(server.unix_secs() as f64 * 1000.0 - self.now_ms());
        }
    }

    /// Sleep, but wake up early (with `Err`) if the user pauses or cancels meanwhile.
    async fn backoff_sleep(&self, ms: u32) -> Result<(), ()> {
        let signal = self.control.signal();
        match select(self.clock.sleep(ms), signal.aborted()).await {
            Either::Left(_) => Ok(()),
            Either::Right(_) => Err(()),
        }
    }

    /// Send a request built fresh (and so signed fresh) for every attempt, and judge the
    /// answer with `judge`. Network errors and `Retry` verdicts back off and try again
    /// until the budget is spent; pause waits; cancel ends with `cancelled`.
    pub async fn send<T>(
        &self,
        mut build: impl FnMut() -> Result<HttpRequest, UploadError>,
        mut judge: impl FnMut(&HttpResponse) -> Verdict<T>,
    ) -> Result<T, UploadError> {
        let mut backoff = Backoff::new(self.backoff.clone(), self.random.clone());
        loop {
            self.control.running().await.map_err(|_| UploadError::cancelled())?;
            let request = build()?;
            let origin = origin_of(&request.url).to_string();
            let signal = self.control.signal();
            let failure = match self.http.send(request, &signal).await {
                Ok(response) => {
                    self.contacted.set(true);
                    match judge(&response) {
                        Verdict::Done(v) => return Ok(v),
                        Verdict::Fail(e) => return Err(e),
                        Verdict::Retry(e) => e,
                    }
                }
                // Paused or cancelled: the loop head waits or ends.
                Err(HttpError::Aborted) => continue,
                Err(HttpError::Network(m)) if !self.contacted.get() => UploadError::new(
                    "network",
                    format!("could not reach {origin}: the network is down, the address is wrong, or the server does not allow this page's origin (CORS) [{m}]"),
                    true,
                ),
                Err(HttpError::Network(m)) => UploadError::new("network", format!("network error: {m}"), true),
            };
            let budget =
                if self.contacted.get() { self.backoff.budget_ms } else { self.backoff.first_contact_budget_ms };
            match backoff.next_delay_within(self.now_ms(), budget) {
                Some(ms) => {
                    let _ = self.backoff_sleep(ms).await;
                }
                None => {
                    let mut e = failure;
                    e.message = format!("{} (gave up after {} attempts)", e.message, backoff.attempts() + 1);
                    return Err(e);
                }
            }
        }
    }
}

/// `scheme://host[:port]` of a URL, for messages.
fn origin_of(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    url[after..].find('/').map_or(url, |i| &url[..after + i])
}
