//! The first-contact budget (`BackoffConfig::first_contact_budget_ms`, 15 s): while no server
//! has ever answered, the failure is reported within it, counted from the first request,
//! whether every attempt fails at once (Chromium and Firefox refuse a CORS-blocked request
//! immediately) or an attempt never settles at all (WebKit, seen in the end-to-end tests, left
//! a refused request unanswered and the upload "preparing" for 30 s). Virtual time throughout.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_clock::FakeClock;
use fake_panopto::*;
use futures_executor::LocalPool;
use futures_util::future::LocalBoxFuture;
use futures_util::task::LocalSpawnExt;
use panopto_uploader::engine::context::{EngineContext, SendPolicy, Verdict};
use panopto_uploader::engine::control::{AbortSignal, Control};
use panopto_uploader::engine::error::{ErrorCode, UploadError};
use panopto_uploader::engine::ports::*;
use panopto_uploader::engine::retry::{BackoffConfig, SeededRandom};
use panopto_uploader::ui::i18n::english;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const BUDGET_MS: f64 = 15_000.0;

#[test]
fn the_documented_budget_is_fifteen_seconds() {
    assert_eq!(BackoffConfig::default().first_contact_budget_ms as f64, BUDGET_MS, "README: Resilience, Retries");
}

/// Every request refused at once, for several seeds of the jitter: the last backoff delay
/// must not carry the report past the budget (a full-jitter delay can be 8 or 16 s).
#[test]
fn refused_every_time_is_reported_within_the_budget() {
    for seed in 1..=20u64 {
        let clock = FakeClock::default();
        let ctx = EngineContext::new(
            Rc::new(Refuse),
            Rc::new(clock.clone()),
            Control::new(),
            BackoffConfig::default(),
            SeededRandom::new(seed),
        );
        let result: Rc<RefCell<Option<Result<(), UploadError>>>> = Rc::default();
        let mut pool = LocalPool::new();
        let out = result.clone();
        pool.spawner()
            .spawn_local(async move {
                let request = || {
                    Ok(HttpRequest {
                        method: "POST",
                        url: "http://fake/REST/sessionUpload".into(),
                        headers: vec![],
                        body: HttpBody::Empty,
                    })
                };
                *out.borrow_mut() = Some(ctx.send(SendPolicy::default(), request, |_| Verdict::Done(())).await);
            })
            .unwrap();
        loop {
            pool.run_until_stalled();
            if result.borrow().is_some() || !clock.fire_next() {
                break;
            }
        }
        let e = result.borrow_mut().take().expect("gave up").unwrap_err();
        assert_eq!(e.code, ErrorCode::Network, "{}", english(&e.message));
        assert!(english(&e.message).starts_with("could not reach http://fake: "), "{}", english(&e.message));
        let at = clock.now.get();
        assert!(at <= BUDGET_MS, "seed {seed}: reported after {at} ms, past the {BUDGET_MS} ms budget");
        assert!(at >= BUDGET_MS - 2_000.0, "seed {seed}: gave up after {at} ms: the budget is for retrying");
    }
}

/// A browser refusing every request at once, as a CORS refusal is in Chromium and Firefox.
struct Refuse;

impl Http for Refuse {
    fn send<'a>(&'a self, _: HttpRequest, _: &'a AbortSignal) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async { Err(HttpError::Network("Load failed".into())) })
    }
}

/// The first request is never answered, nor refused (the fake holds it until aborted).
#[test]
fn a_first_request_that_never_settles_is_reported_as_network_within_the_budget() {
    let fake = FakePanopto::new();
    {
        let mut s = fake.state.borrow_mut();
        s.hold_creates = true;
        s.hold = true;
    }
    let (result, run) = start(fake, spec(data(10, 1), None), "good-token").finish();
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::Network, "no answer at all before any contact: {}", english(&e.message));
    assert!(english(&e.message).starts_with("could not reach http://fake: "), "{}", english(&e.message));
    let at = run.fake.clock.now.get();
    assert!(at <= BUDGET_MS, "reported after {at} ms, past the {BUDGET_MS} ms budget");
}

/// A pause before the server ever answered gives the budget back: after Resume (or the
/// network coming back) the upload gets its full 15 s again, not an instant failure.
#[test]
fn a_pause_before_first_contact_restarts_the_budget() {
    let fake = FakePanopto::new();
    let refusals = Rc::new(Cell::new(0u32));
    let r = refusals.clone();
    fake.fault(move |_, _| {
        r.set(r.get() + 1);
        Some(Err(HttpError::Network("Failed to fetch".into())))
    });
    let mut run = start(fake.clone(), spec(data(10, 1), None), "good-token");
    run.pool.run_until_stalled();
    while run.fake.clock.now.get() < 10_000.0 && run.fake.clock.fire_next() {
        run.pool.run_until_stalled();
    }
    run.control.pause();
    run.pool.run_until_stalled();
    // Paused for a minute, then resumed.
    run.fake.clock.now.set(run.fake.clock.now.get() + 60_000.0);
    let before = refusals.get();
    let resumed_at = run.fake.clock.now.get();
    run.control.resume();
    let (result, run) = run.finish();
    assert_eq!(result.unwrap_err().code, ErrorCode::Network);
    let retried_for = run.fake.clock.now.get() - resumed_at;
    assert!(refusals.get() - before >= 2, "retried after the resume ({} attempts)", refusals.get() - before);
    assert!((BUDGET_MS - 2_000.0..=BUDGET_MS).contains(&retried_for), "retried for {retried_for} ms after the resume");
}
