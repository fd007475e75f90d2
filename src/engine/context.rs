//! What every engine step needs: the ports, the user's commands, the retry policy, and
//! the clock correction learnt from the server. Also the one place requests are sent, so
//! pause, cancel, retries, stalls and throttling work the same for every call of every
//! protocol (the S3 and Panopto clients judge and parse; this sends).

use super::control::{AbortSignal, Control, RunState};
use super::error::{ErrorCode, UploadError};
use super::ports::{Clock, Http, HttpError, HttpRequest, HttpResponse, Random};
use super::retry::{Backoff, BackoffConfig};
use super::stall::{StallConfig, StallDetector};
use super::throttle::AdaptiveConcurrency;
use crate::core::amz_date::AmzDate;
use crate::text::ErrorText;
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
    /// When the first request went out while no server has answered: the first-contact
    /// budget counts from there (and from a resume).
    first_sent_ms: Cell<Option<f64>>,
    pub stall: StallConfig,
    stall_detector: RefCell<StallDetector>,
    throttle: RefCell<Option<AdaptiveConcurrency>>,
}

/// How a request is sent, when not as usual: the one set of options of [`EngineContext::send`]
/// and [`EngineContext::attempt`] (`SendPolicy::default()`: as usual).
#[derive(Clone, Copy, Default)]
pub struct SendPolicy<'a> {
    /// Replaces the measured stall limit, for an answer the server may legitimately take
    /// minutes to give (CompleteMultipartUpload assembles the whole object: S3 documents
    /// minutes for big ones).
    pub limit_ms: Option<f64>,
    /// The request creates something on the server (a sessionUpload, a multipart upload):
    /// once it is sent, a pause or cancel waits for its answer instead of aborting it, so
    /// what it created is known and a cancel can delete it. Aborted, it would be created
    /// all the same, and left behind where nothing can find it.
    pub creates: bool,
    /// Told how many body bytes of the current attempt are on the wire, where the
    /// transport can tell (each attempt starts again from 0).
    pub on_sent: Option<&'a dyn Fn(u64)>,
}

impl SendPolicy<'_> {
    /// For a request that creates something on the server (see [`Self::creates`]).
    pub fn creating() -> Self {
        SendPolicy { creates: true, ..SendPolicy::default() }
    }
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
            first_sent_ms: Cell::new(None),
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
            Some(answer) => answer.map_err(|e| {
                let text = match e {
                    HttpError::Network(detail) => ErrorText::Network { detail },
                    HttpError::Aborted => ErrorText::Aborted,
                };
                UploadError::new(ErrorCode::Network, text)
            }),
            None => {
                signal.abort();
                Err(UploadError::new(ErrorCode::Stalled, ErrorText::NoAnswer { secs: (limit / 1000.0) as u64 }))
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

    /// Resolves (with the limit) once a request has shown no sign of life for longer than
    /// the stall limit: `alive` is when it started, moved on by every upload progress the
    /// transport reports (a part crawling over a slow link is not stalled; one whose bytes
    /// stopped moving is). The limit is looked at again at least every `min_ms`: the first
    /// parts of an upload start before any rate is known, and when their siblings finish
    /// the measured rate tightens the limit for them too.
    async fn stall_timer(&self, body_len: usize, alive: &Cell<f64>, fixed: Option<f64>) -> f64 {
        loop {
            let limit = fixed.unwrap_or_else(|| self.stall_detector.borrow().limit_ms(&self.stall, body_len));
            let left = limit - (self.now_ms() - alive.get());
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
        policy: SendPolicy<'_>,
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
    pub async fn attempt(&self, request: HttpRequest, policy: SendPolicy<'_>) -> Result<Attempt, UploadError> {
        let on_sent = policy.on_sent.unwrap_or(&|_| {});
        if self.control.state() != RunState::Running {
            // A pause before any answer (the teacher's, or offline) gives the budget back.
            self.first_sent_ms.set(None);
        }
        self.control.running().await.map_err(|_| UploadError::cancelled())?;
        let origin = origin_of(&request.url).to_string();
        let body_len = request.body_len();
        // Each attempt gets its own signal: the stall timer aborts this attempt only,
        // pause and cancel (the parent) abort every attempt, unless what it creates
        // must be known.
        let attempt = if policy.creates { AbortSignal::new() } else { self.control.signal().child() };
        let started = self.now_ms();
        // Before any server has answered, no attempt outlives the first-contact budget: an
        // engine that never settles a refused request (WebKit with CORS, now and then)
        // must not leave the upload "preparing" past it.
        let first_contact_left = self.first_contact_left(started);
        let limit =
            first_contact_left.map_or(policy.limit_ms, |left| Some(policy.limit_ms.map_or(left, |l| l.min(left))));
        let alive = Cell::new(started);
        let progress = |sent: u64| {
            alive.set(self.now_ms());
            on_sent(sent.min(body_len as u64));
        };
        // Progress from inside a body is asked for only where it can show: a body expected
        // to take less than [`WATCH_BODY_MS`] is answered before a progress update or two
        // would say anything, and in the browser the transport that reports it (XHR) is
        // ~12 % slower than fetch in Firefox and WebKit when the CPU is the limit (a fast
        // LAN; bench/results/transport.md). On any slower link both move at its pace.
        let watch = self.stall_detector.borrow().expected_ms(body_len).is_none_or(|ms| ms >= WATCH_BODY_MS);
        let send = if watch && body_len > 0 {
            self.http.send_reporting(request, &attempt, &progress)
        } else {
            self.http.send(request, &attempt)
        };
        let sent = match select(send, Box::pin(self.stall_timer(body_len, &alive, limit))).await {
            Either::Left((result, _)) => Ok(result),
            Either::Right((limit_ms, _)) => Err(limit_ms),
        };
        Ok(match sent {
            Err(limit_ms) => {
                attempt.abort();
                let secs = (limit_ms / 1000.0).round() as u64;
                Attempt::Failed(if first_contact_left.is_some() && !self.contacted.get() {
                    // Never any answer, not even a refusal: as unreachable as a refusal.
                    UploadError::new(ErrorCode::Network, ErrorText::Silent { origin, secs })
                } else {
                    UploadError::new(ErrorCode::Stalled, ErrorText::NoAnswerFrom { origin, secs })
                })
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
            Ok(Err(HttpError::Network(detail))) if !self.contacted.get() => {
                Attempt::Failed(UploadError::new(ErrorCode::Network, ErrorText::Unreachable { origin, detail }))
            }
            Ok(Err(HttpError::Network(detail))) => {
                Attempt::Failed(UploadError::new(ErrorCode::Network, ErrorText::Network { detail }))
            }
        })
    }

    /// After a failed attempt: wait the backoff's next delay (cut short by a pause or
    /// cancel), or give up with `failure` once the time budget is spent (a short one
    /// while no server has ever answered: a wrong address or a CORS refusal is reported
    /// in seconds).
    pub async fn back_off(&self, backoff: &mut Backoff, failure: UploadError) -> Result<(), UploadError> {
        let now = self.now_ms();
        let delay = match self.first_contact_left(now) {
            None => backoff.next_delay(now, self.backoff.budget_ms),
            // No server has answered yet: the budget counts from the first request, and a
            // wait ends in time for a last attempt within it (full jitter could otherwise
            // wait 16 s past it).
            Some(left) if left <= FIRST_CONTACT_LAST_TRY_MS => None,
            Some(left) => {
                backoff.next_delay(now, u64::MAX).map(|ms| ms.min((left - FIRST_CONTACT_LAST_TRY_MS).ceil() as u32))
            }
        };
        match delay {
            Some(ms) => {
                let _ = self.backoff_sleep(ms).await;
                Ok(())
            }
            None => {
                let UploadError { code, message } = failure;
                let attempts = backoff.attempts() + 1;
                Err(UploadError { code, message: Box::new(ErrorText::GaveUp { last: message, attempts }) })
            }
        }
    }

    /// While no server has answered: what is left of the first-contact budget, counted
    /// from the first request (`BackoffConfig::first_contact_budget_ms`). `None` after.
    fn first_contact_left(&self, now: f64) -> Option<f64> {
        if self.contacted.get() {
            return None;
        }
        let first = self.first_sent_ms.get().unwrap_or(now);
        self.first_sent_ms.set(Some(first));
        Some((first + self.backoff.first_contact_budget_ms as f64 - now).max(0.0))
    }
}

/// Before first contact, the last attempt gets at least this long within the budget.
const FIRST_CONTACT_LAST_TRY_MS: f64 = 1_000.0;

/// Bodies expected to take at least this long are sent with upload progress: four parts in
/// flight that each take half a second already move the bar eight times a second when
/// they are acknowledged. A 5 MiB part is watched below about 84 Mbit/s per part.
pub const WATCH_BODY_MS: f64 = 500.0;

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
