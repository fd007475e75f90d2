//! UploadPart faults against the real binary: --fail-rate, --stall-rate,
//! --max-concurrent-parts, their determinism under --seed, and the PartsAcked /
//! PartsResentAfterAck counters a resuming client is judged by.

mod common;

use common::*;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(5);

fn part(t: &str, uid: &str, n: u32) -> String {
    format!("{t}/v.mp4?partNumber={n}&uploadId={uid}")
}

/// 30 UploadParts (parts 1-10, three rounds) under --fail-rate 1; returns what each one got.
fn all_fail_sequence(seed: &str) -> Vec<String> {
    let emu = Emu::start(&["--fail-rate", "1", "--seed", seed]);
    let (id, t, uid) = emu.session_with_mpu("v.mp4");
    let body = data(1024, 3);
    let mut seq = vec![];
    for i in 0..30 {
        match try_http(&emu.addr, "PUT", &part(&t, &uid, i % 10 + 1), &body, WAIT) {
            Outcome::Answered(r) => {
                let got = (r.status, r.code());
                assert!(got == (500, "InternalError".into()) || got == (503, "SlowDown".into()), "{got:?}");
                // Real S3 error documents, as a client's error parser expects them.
                assert_eq!(r.header("content-type"), Some("application/xml"));
                for tag in ["Message", "RequestId", "Resource"] {
                    assert!(xml_text(&r.text(), tag).is_some(), "{tag} in {}", r.text());
                }
                seq.push(format!("{} {}", got.0, got.1));
            }
            Outcome::Closed(_) => seq.push("dropped".into()),
            Outcome::TimedOut => panic!("request {i} timed out"),
        }
    }
    assert!(emu.list_parts(&t, "v.mp4", &uid).is_empty(), "a failed part was stored");
    let s3 = emu.s3_counters(&id);
    assert_eq!((s3["PartsAcked"].as_u64(), s3["PartsReceived"].as_u64()), (Some(0), Some(0)), "{s3}");
    let st = emu.stats();
    let count = |what: &str| seq.iter().filter(|s| s.as_str() == what).count() as u64;
    assert_eq!(st["InjectedInternalErrors"], count("500 InternalError"), "{st}");
    assert_eq!(st["InjectedSlowDowns"], count("503 SlowDown"), "{st}");
    assert_eq!(st["DroppedConnections"], count("dropped"), "{st}");
    assert_eq!(st["Seed"].as_u64(), seed.parse().ok());
    seq
}

#[test]
fn fail_rate_one_fails_every_part_with_all_three_kinds_the_same_way_under_one_seed() {
    let a = all_fail_sequence("42");
    for kind in ["500 InternalError", "503 SlowDown", "dropped"] {
        assert!(a.iter().any(|s| s == kind), "no {kind} in {a:?}");
    }
    // New upload IDs, same client behaviour: the same faults.
    assert_eq!(a, all_fail_sequence("42"));
    assert_ne!(a, all_fail_sequence("43"), "another seed should give another sequence");
}

#[test]
fn fail_rate_zero_injects_nothing_and_stats_count_the_traffic() {
    let emu = Emu::start(&["--fail-rate", "0", "--stall-rate", "0"]);
    let (id, t, uid) = emu.session_with_mpu("v.mp4");
    for n in 1..=20 {
        assert_eq!(emu.req("PUT", &part(&t, &uid, n), &[], &data(1000, n)).status, 200);
    }
    let st = emu.stats();
    for k in ["InjectedInternalErrors", "InjectedSlowDowns", "DroppedConnections", "Stalls", "ConcurrencySlowDowns"] {
        assert_eq!(st[k], 0, "{k}: {st}");
    }
    assert!(st["BytesReceived"].as_u64().unwrap() >= 20_000, "{st}");
    assert_eq!(st["MaxPartsInFlight"], 1, "{st}");
    let s3 = emu.s3_counters(&id);
    assert_eq!((s3["PartsAcked"].as_u64(), s3["PartsResentAfterAck"].as_u64()), (Some(20), Some(0)));
}

#[test]
fn retries_after_injected_failures_are_not_resends_but_a_resent_acked_part_is() {
    let emu = Emu::start(&["--fail-rate", "0.5", "--seed", "7"]);
    let (id, t, uid) = emu.session_with_mpu("v.mp4");
    let mut acked = vec![];
    let mut failures = 0;
    for n in 1..=8u32 {
        let body = data(2000, n);
        let etag = (0..20)
            .find_map(|_| match try_http(&emu.addr, "PUT", &part(&t, &uid, n), &body, WAIT) {
                Outcome::Answered(r) if r.status == 200 => Some(r.header("etag").unwrap().to_string()),
                Outcome::TimedOut => panic!("no stall was asked for"),
                _ => {
                    failures += 1;
                    None
                }
            })
            .expect("a part got through within 20 attempts");
        acked.push((n, etag));
    }
    assert!(failures > 0, "seed 7 at rate 0.5 injects failures into 8 parts");
    // Exactly the acknowledged parts are stored.
    assert_eq!(emu.list_parts(&t, "v.mp4", &uid), acked);
    let s3 = emu.s3_counters(&id);
    assert_eq!((s3["PartsAcked"].as_u64(), s3["PartsResentAfterAck"].as_u64()), (Some(8), Some(0)), "{s3}");
    // Sending an acknowledged part again is counted on arrival, whatever the answer.
    let _ = try_http(&emu.addr, "PUT", &part(&t, &uid, 3), &data(2000, 3), WAIT);
    assert_eq!(emu.s3_counters(&id)["PartsResentAfterAck"], 1);
    // The same part number in another multipart upload is a different part.
    let uid2 = emu.create_mpu(&t, "v.mp4");
    let _ = try_http(&emu.addr, "PUT", &part(&t, &uid2, 3), &data(2000, 3), WAIT);
    assert_eq!(emu.s3_counters(&id)["PartsResentAfterAck"], 1);
}

#[test]
fn a_stalled_part_times_the_client_out_and_is_not_stored() {
    let emu = Emu::start(&["--stall-rate", "1"]);
    let (id, t, uid) = emu.session_with_mpu("v.mp4");
    let started = Instant::now();
    let got = try_http(&emu.addr, "PUT", &part(&t, &uid, 1), &data(100_000, 1), Duration::from_secs(1));
    assert!(matches!(got, Outcome::TimedOut), "{got:?}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    let st = emu.stats();
    assert_eq!(st["Stalls"], 1, "{st}");
    // The client closed the connection: the server drops the pending request with it.
    let deadline = Instant::now() + Duration::from_secs(2);
    while emu.stats()["PartsInFlight"] != 0 {
        assert!(Instant::now() < deadline, "the stalled request was never dropped");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(emu.list_parts(&t, "v.mp4", &uid).is_empty());
    assert_eq!(emu.s3_counters(&id)["PartsAcked"], 0);
}

#[test]
fn max_concurrent_parts_answers_slow_down_beyond_the_limit() {
    // The latency keeps each admitted part in flight for 400 ms, so the four overlap.
    let emu = Emu::start(&["--max-concurrent-parts", "2", "--latency-ms", "400"]);
    let (id, t, uid) = emu.session_with_mpu("v.mp4");
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (1..=4u32)
        .map(|n| {
            let (addr, target, b) = (emu.addr.clone(), part(&t, &uid, n), barrier.clone());
            std::thread::spawn(move || {
                b.wait();
                // 2 MiB: more than the socket buffers hold, so an unread body would mean a reset.
                try_http(&addr, "PUT", &target, &data(2 * MIB, n), WAIT).resp()
            })
        })
        .collect();
    let results: Vec<(u32, Resp)> = (1..=4).zip(handles.into_iter().map(|h| h.join().unwrap())).collect();
    let refused: Vec<u32> =
        results.iter().filter(|(_, r)| (r.status, r.code()) == (503, "SlowDown".into())).map(|(n, _)| *n).collect();
    let ok = results.iter().filter(|(_, r)| r.status == 200).count();
    assert!(!refused.is_empty() && ok >= 1 && ok + refused.len() == 4, "{results:?}");
    let st = emu.stats();
    assert!(st["MaxPartsInFlight"].as_u64().unwrap() <= 2, "{st}");
    assert_eq!(st["ConcurrencySlowDowns"], refused.len() as u64, "{st}");
    assert_eq!(emu.list_parts(&t, "v.mp4", &uid).len(), ok, "a refused part was stored");
    for n in &refused {
        assert_eq!(emu.req("PUT", &part(&t, &uid, *n), &[], &data(2 * MIB, *n)).status, 200);
    }
    assert_eq!(emu.list_parts(&t, "v.mp4", &uid).len(), 4);
    let s3 = emu.s3_counters(&id);
    assert_eq!((s3["PartsAcked"].as_u64(), s3["PartsResentAfterAck"].as_u64()), (Some(4), Some(0)), "{s3}");
    assert_eq!(emu.stats()["PartsInFlight"], 0);
}
