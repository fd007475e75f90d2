//! The upload engine against a scripted fake Panopto when the network misbehaves: an
//! unreachable server, stalled parts (with and without a measured rate), SlowDown, and a
//! CompleteMultipartUpload whose answer was lost.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/engine_run.rs"]
mod engine_run;
#[path = "support/fake_clock.rs"]
mod fake_clock;
#[path = "support/fake_panopto.rs"]
mod fake_panopto;

use engine_run::*;
use fake_panopto::*;
use panopto_uploader::core::part_plan::MIB;
use panopto_uploader::engine::error::ErrorCode;
use panopto_uploader::engine::ports::*;
use panopto_uploader::ui::i18n::english;
use std::cell::Cell;
use std::rc::Rc;

#[test]
fn an_unreachable_server_is_reported_in_seconds_not_minutes() {
    let fake = FakePanopto::new();
    fake.fault(|_, _| Some(Err(HttpError::Network("Failed to fetch".into()))));
    let (result, run) = start(fake, spec(data(10, 1), None), "good-token").finish();
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
    assert!(english(&e.message).starts_with("could not reach http://fake: "), "{}", english(&e.message));
    assert!(english(&e.message).contains("CORS"));
    let waited: u32 = run.fake.clock.slept.borrow().iter().sum();
    assert!((10_000..=35_000).contains(&waited), "gave up after {waited} ms of backoff");
}

#[test]
fn a_stalled_part_is_aborted_and_retried() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().hang.push("partNumber=3&".into());
    let media = data(22 * MIB as usize, 11);
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    // The hung attempt never got an answer, so only its retry reached the fake's log.
    assert_eq!(run.count("PUT", "partNumber=3&"), 1, "the retry completed the part");
    assert_eq!(run.fake.state.borrow().hung_aborted, 1, "the hung attempt was aborted as stalled");
    // Nothing could be measured (the fake answers in no time), so the initial limit of
    // two minutes applied, checked every 10 s.
    let slept = run.fake.clock.slept.borrow().clone();
    assert!(slept.iter().filter(|ms| **ms == 10_000).count() >= 12, "{slept:?}");
    assert!(run.fake.clock.now.get() >= 120_000.0);
}

#[test]
fn a_stall_limit_follows_the_measured_rate() {
    let fake = FakePanopto::new();
    {
        let mut s = fake.state.borrow_mut();
        s.part_latency_ms = 2_000; // 5 MiB in 2 s
        s.hang.push("partNumber=6&".into());
    }
    let media = data(40 * MIB as usize, 12);
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert_eq!(run.fake.state.borrow().hung_aborted, 1, "the hung attempt was aborted as stalled");
    // Four times the measured 2 s per part is below the 10 s floor: the floor applies,
    // not the two minutes allowed before anything is measured.
    let total: f64 = run.fake.clock.now.get();
    assert!(total < 60_000.0, "gave up on the stalled part after about 10 s: {total} ms in all");
}

#[test]
fn slow_down_halves_the_parts_in_flight_for_a_while() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().part_latency_ms = 100;
    let refused = Rc::new(Cell::new(false));
    let r = refused.clone();
    fake.fault(move |_, req| {
        if req.url.contains("partNumber=5&") && !r.get() {
            r.set(true);
            return Some(Ok(slow_down()));
        }
        None
    });
    let media = data(60 * MIB as usize, 13);
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert!(refused.get());
    assert_eq!(run.count("PUT", "partNumber=5&"), 2, "refused once with SlowDown, then accepted");
    let log = run.fake.state.borrow().in_flight_log.clone();
    let before: Vec<usize> = log.iter().take(8).map(|(_, n)| *n).collect();
    assert_eq!(before.iter().max(), Some(&4), "four parts in flight at first: {log:?}");
    // The 503 arrived at t = 200 ms (second round of parts); for the calm spell after it
    // at most two parts are in flight.
    let after: Vec<usize> = log.iter().filter(|(t, _)| *t > 300.0 && *t < 10_000.0).map(|(_, n)| *n).collect();
    assert!(!after.is_empty() && after.iter().all(|n| *n <= 2), "{log:?}");
}

#[test]
fn a_complete_whose_answer_was_lost_is_settled_with_head_object() {
    let fake = FakePanopto::new();
    fake.state.borrow_mut().lose_complete_answer = true;
    let media = data(12 * MIB as usize, 14);
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media);
    assert_eq!(run.count("POST", "uploadId=up1"), 2, "the retried Complete got NoSuchUpload");
    assert_eq!(run.count("HEAD", "lecture_1.mp4"), 1, "HEAD showed the object complete");
}
