//! What every engine step needs: the ports, the user's commands, the retry policy, and
//! the clock correction learnt from the server. Also the one place requests are sent, so
//! pause, cancel, retries, stalls and throttling work the same for every call of every
//! protocol (the S3 and Panopto clients judge and parse; this sends).

use super::control::{AbortSignal, Control};
use super::error::{ErrorCode, UploadError};
use super::ports::{Clock, Http, HttpError, HttpRequest, HttpResponse, Random};
use super::retry::{Backoff, BackoffConfig};
use super::stall::{StallConfig, StallDetector};
use super::throttle::AdaptiveConcurrency;
use crate::core::amz_date::AmzDate;
use futures_util::future::{select, Either};
use std::cell::{Cell, RefCell};
use std::convert::Infallible;
use std::rc::Rc;

pub struct EngineContext {
    pub http: Rc<dyn Http>,
    pub clock: Rc<dyn Clock>,
    pub control: Control,
    pub backoff: BackoffConfig,
    pub random: Rc<dyn Random>,
    /// Server time minus local time, learnt from `RequestTimeTooSkewed`; browsers' clocks
    /// are often minutes off and S3 rejects signatures more than 15 minutes away.
    clock_offset_ms: Cell<f64>,
    /// Whether any server has answered yet (see `BackoffConfig::first_contact_budget_ms`).
    contacted: Cell<bool>,
    pub stall: StallConfig,
    stall_detector: RefCell<StallDetector>,
    throttle: RefCell<Option<AdaptiveConcurrency>>,
}

/// How a request is sent, when not as usual.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SendPolicy {
    /// Replaces the measured stall limit, for an answer the server may legitimately take
    /// minutes to give (CompleteMultipartUpload assembles the whole object: S3 documents
    /// minutes for big ones).
    pub limit_ms: Option<f64>,
    /// The request creates something on the server (a sessionUpload, a multipart upload):
    /// once it is sent, a pause or cancel waits for its answer instead of aborting it, so
    /// what it created is known and a cancel can delete it. Aborted, it would be created
    /// all the same, and left behind where nothing can find it.
    pub creates: bool,
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
        random: Rc<dyn Random>,
    ) -> Self {
        EngineContext {
            http,
            clock,
            control,
            backoff,
            random,
            clock_offset_ms: Cell::new(0.0),
            contacted: Cell::new(false),
            stall: StallConfig::default(),
            stall_detector: RefCell::new(StallDetector::default()),
            throttle: RefCell::new(None),
        }
    }

    /// How many parts may be in flight now: `configured`, lowered for a while after the
    /// server answered 503/429 (see [`AdaptiveConcurrency`]).
    pub fn allowed_parts(&self, configured: usize) -> usize {
        let now = self.now_ms();
        let mut t = self.throttle.borrow_mut();
        t.get_or_insert_with(|| AdaptiveConcurrency::new(configured)).current(now).min(configured.max(1))
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

    /// The server told us its time (S3's `ServerTime`, or a `Date` header): sign with it
    /// from now on.
    pub fn learn_server_time(&self, server: AmzDate) {
        self.clock_offset_ms.set(server.unix_secs() as f64 * 1000.0 - self.now_ms());
    }

    /// One attempt, outside pause and cancel: for the clean-up requests that must go out
    /// after the user cancelled (AbortMultipartUpload, DELETE sessionUpload, DELETE of a
    /// Panda location). A failure is not the user's problem: the server expires abandoned
    /// uploads. Bounded by the no-body stall limit, so a cancel always ends.
    pub async fn send_once(&self, request: HttpRequest) -> Result<HttpResponse, UploadError> {
        let signal = AbortSignal::new();
        let limit = self.stall.no_body_ms;
        let answered = match select(self.http.send(request, &signal), self.clock.sleep(limit.ceil() as u32)).await {
            Either::Left((answer, _)) => Some(answer),
            Either::Right(_) => None,
        };
        match answered {
            Some(answer) => answer.map_err(|e| UploadError::new(ErrorCode::Network, e.to_string())),
            None => {
                signal.abort();
                Err(UploadError::new(ErrorCode::Stalled, format!("no answer within {} s", (limit / 1000.0) as u64)))
            }
        }
    }

    /// Call `f` each time the run resumes after a pause (the speed's clock restarts then,
    /// so idle time does not drag the speed and the time left down). Never ends: race it
    /// against the work it watches.
    pub async fn on_every_resume(&self, f: impl Fn()) -> Infallible {
        loop {
            self.control.signal().aborted().await;
            if self.control.running().await.is_err() {
                // Cancelled: the watched work ends by itself.
                return std::future::pending().await;
            }
            f();
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

    /// Resolves (with the limit) once a request started at `started` has waited longer
    /// than the stall limit. The limit is looked at again at least every `min_ms`: the
    /// first parts of an upload start before any rate is known, and when their siblings
    /// finish the measured rate tightens the limit for them too.
    async fn stall_timer(&self, body_len: usize, started: f64, fixed: Option<f64>) -> f64 {
        loop {
            let limit = fixed.unwrap_or_else(|| self.stall_detector.borrow().limit_ms(&self.stall, body_len));
            let left = limit - (self.now_ms() - started);
            if left <= 0.0 {
                return limit;
            }
            self.clock.sleep(left.min(self.stall.min_ms).ceil() as u32).await;
        }
    }

    /// Send a request built fresh (and so signed fresh) for every attempt, and judge the
    /// answer with `judge`. Network errors and `Retry` verdicts back off and try again
    /// until the budget is spent; pause waits; cancel ends with `cancelled`.
    pub async fn send<T>(
        &self,
        build: impl FnMut() -> Result<HttpRequest, UploadError>,
        judge: impl FnMut(&HttpResponse) -> Verdict<T>,
    ) -> Result<T, UploadError> {
        self.send_with(SendPolicy::default(), build, judge).await
    }

    /// [`Self::send`], with a [`SendPolicy`] other than the usual one.
    pub async fn send_with<T>(
        &self,
        policy: SendPolicy,
        mut build: impl FnMut() -> Result<HttpRequest, UploadError>,
        mut judge: impl FnMut(&HttpResponse) -> Verdict<T>,
    ) -> Result<T, UploadError> {
        let mut backoff = self.backoff();
        loop {
            let failure = match self.attempt(build()?, policy).await? {
                Attempt::Answered(response) => match judge(&response) {
                    Verdict::Done(v) => return Ok(v),
                    Verdict::Fail(e) => return Err(e),
                    Verdict::Retry(e) => e,
                },
                Attempt::Failed(e) => e,
                // Paused or cancelled: the next attempt waits or ends.
                Attempt::Interrupted => continue,
            };
            self.back_off(&mut backoff, failure).await?;
        }
    }

    /// A fresh retry series for one operation.
    pub fn backoff(&self) -> Backoff {
        Backoff::new(self.backoff.clone(), self.random.clone())
    }

    /// One attempt at `request`: waits while paused (and ends with `cancelled` once
    /// cancelled), sends it under the stall limit, and notes what the answer teaches
    /// (the server is reachable; 503/429 lower the parts in flight; how long a body of
    /// this size took). For protocols that decide after each attempt what to send next
    /// (Panda's resumable upload asks the server where it stands after a failure).
    pub async fn attempt(&self, request: HttpRequest, policy: SendPolicy) -> Result<Attempt, UploadError> {
        self.control.running().await.map_err(|_| UploadError::cancelled())?;
        let origin = origin_of(&request.url).to_string();
        let body_len = request.body_len();
        // Each attempt gets its own signal: the stall timer aborts this attempt only,
        // pause and cancel (the parent) abort every attempt, unless what it creates
        // must be known.
        let attempt = if policy.creates { AbortSignal::new() } else { self.control.signal().child() };
        let started = self.now_ms();
        let sent = match select(
            self.http.send(request, &attempt),
            Box::pin(self.stall_timer(body_len, started, policy.limit_ms)),
        )
        .await
        {
            Either::Left((result, _)) => Ok(result),
            Either::Right((limit_ms, _)) => Err(limit_ms),
        };
        Ok(match sent {
            Err(limit_ms) => {
                attempt.abort();
                Attempt::Failed(UploadError::new(
                    ErrorCode::Stalled,
                    format!("no answer from {origin} within {} s", (limit_ms / 1000.0).round() as u64),
                ))
            }
            Ok(Ok(response)) => {
                self.contacted.set(true);
                let now = self.now_ms();
                if response.status == 503 || response.status == 429 {
                    if let Some(t) = self.throttle.borrow_mut().as_mut() {
                        t.throttled(now);
                    }
                }
                if (200..300).contains(&response.status) {
                    self.stall_detector.borrow_mut().record(body_len, now - started);
                }
                Attempt::Answered(response)
            }
            Ok(Err(HttpError::Aborted)) => Attempt::Interrupted,
            Ok(Err(HttpError::Network(m))) if !self.contacted.get() => Attempt::Failed(UploadError::new(
                ErrorCode::Network,
                format!("could not reach {origin}: the network is down, the address is wrong, or the server does not allow this page's origin (CORS) [{m}]"),
            )),
            Ok(Err(HttpError::Network(m))) => {
                Attempt::Failed(UploadError::new(ErrorCode::Network, format!("network error: {m}")))
            }
        })
    }

    /// After a failed attempt: wait the backoff's next delay (cut short by a pause or
    /// cancel), or give up with `failure` once the time budget is spent (a short one
    /// while no server has ever answered: a wrong address or a CORS refusal is reported
    /// in seconds).
    pub async fn back_off(&self, backoff: &mut Backoff, failure: UploadError) -> Result<(), UploadError> {
        let budget = if self.contacted.get() { self.backoff.budget_ms } else { self.backoff.first_contact_budget_ms };
        match backoff.next_delay(self.now_ms(), budget) {
            Some(ms) => {
                let _ = self.backoff_sleep(ms).await;
                Ok(())
            }
            None => {
                let mut e = failure;
                e.message = format!("{} (gave up after {} attempts)", e.message, backoff.attempts() + 1);
                Err(e)
            }
        }
    }
}

/// What one attempt came to.
pub enum Attempt {
    /// An HTTP answer, whatever its status: the caller judges it.
    Answered(HttpResponse),
    /// No answer (network, stall): worth another attempt after a backoff.
    Failed(UploadError),
    /// Aborted by a pause or a cancel.
    Interrupted,
}

/// `scheme://host[:port]` of a URL, for messages.
fn origin_of(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    url[after..].find('/').map_or(url, |i| &url[..after + i])
}
