//! Panda's resumable upload API under faults and CORS: --fail-rate and --stall-rate on chunk
//! requests (what is kept and what is redundant), --latency-ms, --panda-move-location-after and
//! --panda-hide-headers.

mod common;

use common::*;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Sends 20-byte chunks of a 200-byte file under --fail-rate 1 until the server holds all of it,
/// checking after each one that a 500/503 stored nothing and a dropped connection kept the chunk.
/// Returns the outcomes in order and the upload's inspection entry.
fn chunks_under_fail_rate_1(emu: &Emu) -> (Vec<String>, Value) {
    let file = data(200, 5);
    let (id, path) = emu.panda_create(200, "faulty.bin");
    let (mut held, mut received, mut redundant, mut kept) = (0usize, 0usize, 0usize, 0u64);
    let mut outcomes = Vec::new();
    while held < 200 {
        assert!(outcomes.len() < 100, "no progress: {outcomes:?}");
        let end = (held + 20).min(200);
        let range = format!("bytes {held}-{}/200", end - 1);
        let body = &file[held..end];
        let out = try_http_with(&emu.addr, "PUT", &path, &[("Content-Range", &range)], body, Duration::from_secs(10));
        received += body.len();
        match out {
            Outcome::Answered(r) if r.status == 500 || r.status == 503 => {
                assert!(r.json()["error"].as_str().unwrap().contains("--fail-rate"), "{}", r.text());
                redundant += body.len();
                outcomes.push(r.status.to_string());
            }
            Outcome::Closed(_) => {
                held = end;
                kept += 1;
                outcomes.push("dropped".into());
            }
            other => panic!("{range}: {other:?}"),
        }
        // Status queries meet no faults and tell what is held.
        let st = emu.panda_status(&path, 200);
        if held == 200 {
            assert_eq!(st.status, 200, "{}", st.text());
            assert_eq!(st.json()["sha256"], sha256_hex(&file));
        } else {
            let want = (held > 0).then(|| format!("0-{}", held - 1));
            assert_eq!((st.status, st.header("range").map(str::to_string)), (204, want), "after {outcomes:?}");
        }
    }
    let u = emu.panda_upload(id);
    assert_eq!(u["bytes_received"].as_u64(), Some(received as u64), "{u}");
    assert_eq!(u["bytes_redundant"].as_u64(), Some(redundant as u64), "{u}");
    assert_eq!(u["bytes_failed"].as_u64(), Some(received as u64), "under --fail-rate 1 every chunk met a fault: {u}");
    assert_eq!(u["chunks"].as_u64(), Some(kept), "{u}");
    assert_eq!((u["state"].as_str(), u["held"].as_u64()), (Some("complete"), Some(200)), "{u}");
    (outcomes, u)
}

#[test]
fn fail_rate_500_503_store_nothing_a_dropped_connection_keeps_the_chunk() {
    let emu = Emu::start(&["--fail-rate", "1", "--seed", "11"]);
    let (outcomes, _) = chunks_under_fail_rate_1(&emu);
    for kind in ["500", "503", "dropped"] {
        assert!(outcomes.iter().any(|o| o == kind), "no {kind} in {outcomes:?}");
    }
    let st = emu.stats();
    let injected = ["InjectedInternalErrors", "InjectedSlowDowns", "DroppedConnections"]
        .iter()
        .map(|k| st[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(injected, outcomes.len() as u64, "{st}");
    // The same seed and the same client behaviour meet the same faults.
    let again = Emu::start(&["--fail-rate", "1", "--seed", "11"]);
    assert_eq!(chunks_under_fail_rate_1(&again).0, outcomes);
    // Creation, status queries and DELETE are never faulted.
    let (_, path) = emu.panda_create(5, "x");
    assert_eq!(emu.req("DELETE", &path, &[], b"").status, 200);
}

#[test]
fn a_stalled_chunk_is_kept_and_latency_delays_panda_responses() {
    let emu = Emu::start(&["--stall-rate", "1", "--latency-ms", "300"]);
    let t = Instant::now();
    let (id, path) = emu.panda_create(50, "stall.bin");
    assert!(t.elapsed() >= Duration::from_millis(300), "create took {:?}", t.elapsed());
    let body = data(10, 1);
    let out =
        try_http_with(&emu.addr, "PUT", &path, &[("Content-Range", "bytes 0-9/50")], &body, Duration::from_secs(2));
    assert!(matches!(out, Outcome::TimedOut), "{out:?}");
    let t = Instant::now();
    let r = emu.panda_status(&path, 50);
    assert!(t.elapsed() >= Duration::from_millis(300), "status took {:?}", t.elapsed());
    assert_eq!((r.status, r.header("range")), (204, Some("0-9")), "the stalled chunk's bytes are kept");
    assert_eq!(emu.stats()["Stalls"], 1);
    let t = Instant::now();
    assert_eq!(emu.panda_upload(id)["held"], 10);
    assert!(t.elapsed() < Duration::from_millis(250), "inspection is not delayed");
}

#[test]
fn the_location_moves_after_every_2_storing_chunks() {
    let emu = Emu::start(&["--panda-move-location-after", "2"]);
    let (id, old) = emu.panda_create(9, "move.txt");
    let r = emu.panda_put(&old, Some("bytes 0-2/9"), b"abc");
    assert_eq!((r.status, r.header("location")), (204, None));
    // Resent bytes store nothing, so they do not count.
    let r = emu.panda_put(&old, Some("bytes 0-2/9"), b"abc");
    assert_eq!((r.status, r.header("location")), (204, None));
    let r = emu.panda_put(&old, Some("bytes 3-5/9"), b"def");
    assert_eq!((r.status, r.header("range")), (204, Some("0-5")));
    let loc = r.header("location").expect("a new Location").to_string();
    let new = emu.panda_path(&loc);
    assert!(new.starts_with("/panda/upload/") && new != old, "{loc}");
    for r in [emu.panda_put(&old, Some("bytes 6-8/9"), b"ghi"), emu.panda_status(&old, 9)] {
        assert_eq!(r.status, 404, "{}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains("moved"), "{}", r.text());
    }
    let u = emu.panda_upload(id);
    assert_eq!((u["location"].as_str(), u["location_moves"].as_u64()), (Some(loc.as_str()), Some(1)), "{u}");
    assert_eq!((u["stale_location_requests"].as_u64(), u["held"].as_u64()), (Some(2), Some(6)), "{u}");
    assert_eq!(emu.panda_status(&new, 9).header("range"), Some("0-5"));
    let r = emu.panda_put(&new, Some("bytes 6-8/9"), b"ghi");
    assert_eq!((r.status, r.header("location")), (200, None), "{}", r.text());
    assert_eq!(r.json()["sha256"], sha256_hex(b"abcdefghi"));
}

#[test]
fn cors_exposes_range_and_location_unless_hidden() {
    let page = ("Origin", "http://page.test");
    let emu = Emu::start(&["--cors-origin", "http://page.test"]);
    let (_, path) = emu.panda_create(4, "cors.bin");
    let pre = |emu: &Emu, p: &str, method: &str, headers: &str| {
        let h = [page, ("Access-Control-Request-Method", method), ("Access-Control-Request-Headers", headers)];
        emu.req("OPTIONS", p, &h, b"")
    };
    let r = pre(&emu, &path, "PUT", "content-range,content-type");
    assert_eq!((r.status, r.header("access-control-allow-origin")), (204, Some("http://page.test")));
    assert_eq!(r.header("access-control-allow-headers"), Some("content-range,content-type"));
    assert!(r.header("access-control-allow-methods").unwrap().contains("PUT"));
    let r = pre(&emu, CREATE, "POST", "content-type,authorization");
    assert_eq!((r.status, r.header("access-control-allow-headers")), (204, Some("content-type,authorization")));
    let r = emu.req("OPTIONS", &path, &[("Origin", "http://evil.test"), ("Access-Control-Request-Method", "PUT")], b"");
    assert_eq!(r.status, 403);

    let octet = ("Content-Type", "application/octet-stream");
    let r = emu.req("PUT", &path, &[page, octet, ("Content-Range", "bytes 0-1/4")], b"ab");
    assert_eq!((r.status, r.header("access-control-allow-origin")), (204, Some("http://page.test")));
    let expose = r.header("access-control-expose-headers").unwrap().to_string();
    for h in ["Range", "Location", "Date"] {
        assert!(expose.split(", ").any(|x| x == h), "{h} not in {expose}");
    }
    let r = emu.req("POST", CREATE, &[page], br#"{"file_size": 1, "file_name": "a"}"#);
    assert_eq!((r.status, r.header("access-control-allow-origin")), (201, Some("http://page.test")));
    // Other APIs keep their own list.
    let r = emu.req("GET", "/_emulator/sessions", &[page], b"");
    assert!(!r.header("access-control-expose-headers").unwrap().contains("Range"));

    let hidden = Emu::start(&["--cors-origin", "http://page.test", "--panda-hide-headers"]);
    let (_, path) = hidden.panda_create(4, "cors.bin");
    let r = hidden.req("PUT", &path, &[page, octet, ("Content-Range", "bytes 0-1/4")], b"ab");
    assert_eq!((r.status, r.header("range")), (204, Some("0-1")), "the header is sent, just not exposed");
    let expose = r.header("access-control-expose-headers").unwrap();
    assert!(expose.contains("Date") && !expose.contains("Range") && !expose.contains("Location"), "{expose}");
    let r = pre(&hidden, &path, "PUT", "content-range");
    assert!(!r.header("access-control-expose-headers").unwrap().contains("Range"));
}
