//! Progress inside a part: where the transport reports upload progress (XHR in the
//! browser), the bar moves with the bytes on the wire, not only when a part is
//! acknowledged; it never goes backwards (a part broken half-way is sent again from 0)
//! and never passes the total; the speed is known before the first part is answered.
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
use panopto_uploader::engine::flow::EngineEvent;

fn progress_events(run: &Run) -> Vec<(u64, f64)> {
    run.events
        .borrow()
        .iter()
        .filter_map(|e| if let EngineEvent::Progress(p) = e { Some((p.loaded, p.bytes_per_second)) } else { None })
        .collect()
}

#[test]
fn the_bar_moves_inside_parts_and_never_back_when_one_breaks_half_way() {
    let media = data(12 * MIB as usize, 7);
    let fake = FakePanopto::new();
    fake.state.borrow_mut().report_progress = true;
    fake.state.borrow_mut().drop_half_way = vec![2];
    let (result, run) = start(fake, spec(media.clone(), None), "good-token").finish();
    result.unwrap();
    assert_eq!(run.fake.state.borrow().objects["lecture_1.mp4"], media, "byte-identical after the resend");
    let seen = progress_events(&run);
    let loaded: Vec<u64> = seen.iter().map(|(l, _)| *l).collect();
    assert!(loaded.windows(2).all(|w| w[0] <= w[1]), "never backwards: {loaded:?}");
    assert!(loaded.iter().all(|l| *l <= 12 * MIB), "never past the total");
    assert_eq!(loaded.last(), Some(&(12 * MIB)));
    let inside: Vec<&u64> = loaded.iter().filter(|l| *l % (5 * MIB) != 0 && **l != 12 * MIB).collect();
    assert!(!inside.is_empty(), "the bar moved inside a part (half a part on the wire): {loaded:?}");
    assert!(seen.first().is_some_and(|(l, _)| *l < 5 * MIB), "the first report is of a part in flight: {loaded:?}");
    assert!(run.fake.state.borrow().drop_half_way.is_empty(), "part 2 broke half-way once (then went whole)");
    assert_eq!(run.count("PUT", "partNumber=2"), 1, "and got through on its second attempt");
}

#[test]
fn without_transport_progress_the_bar_moves_per_acknowledged_part() {
    let media = data(12 * MIB as usize, 8);
    let (result, run) = start(FakePanopto::new(), spec(media, None), "good-token").finish();
    result.unwrap();
    let loaded: Vec<u64> = progress_events(&run).iter().map(|(l, _)| *l).collect();
    assert!(loaded.iter().all(|l| l % (5 * MIB) == 0 || *l == 12 * MIB), "whole parts only: {loaded:?}");
}

#[test]
fn progress_inside_parts_is_asked_for_only_where_a_part_takes_long_enough_to_show_it() {
    // 5 MiB parts answered after 100 ms of virtual time (50 MB/s per part): once one part
    // has measured the link, the others go without upload progress (fetch in the browser).
    let fast = FakePanopto::new();
    fast.state.borrow_mut().part_latency_ms = 100;
    let (result, run) = start(fast, spec(data(40 * MIB as usize, 9), None), "good-token").finish();
    result.unwrap();
    let s = run.fake.state.borrow();
    assert!(s.parts_watched.len() <= 4, "only the parts sent before any was answered: {:?}", s.parts_watched);
    assert!(s.parts_unwatched.len() >= 4, "the rest without: {:?}", s.parts_unwatched);
    drop(s);

    // The same parts taking 2 s each (about 21 Mbit/s per part): every one is watched.
    let slow = FakePanopto::new();
    slow.state.borrow_mut().part_latency_ms = 2_000;
    let (result, run) = start(slow, spec(data(40 * MIB as usize, 9), None), "good-token").finish();
    result.unwrap();
    let s = run.fake.state.borrow();
    assert_eq!(s.parts_watched.len(), 8, "every part: {:?}", s.parts_watched);
    // Only the manifest's one part (a few KiB, over before any progress could show).
    assert_eq!(s.parts_unwatched, vec![1], "{:?}", s.parts_unwatched);
}
