//! Network and auth faults against the real binary: --latency-ms, --bandwidth-mbps,
//! --token-ttl-secs and the OAuth2 token endpoint.

mod common;

use common::*;
use serde_json::Value;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const TOKEN_PATH: &str = "/Panopto/oauth2/connect/token";

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

#[test]
fn latency_delays_api_responses_but_not_inspection() {
    let emu = Emu::start(&["--latency-ms", "300", "--cors-origin", "*"]);
    let (obj, d) = timed(|| emu.create_session());
    assert!(d >= Duration::from_millis(300), "REST took {d:?}");
    let t = emu.target_path(&obj);
    let (r, d) = timed(|| emu.put_object(&t, "a.txt", b"hello"));
    assert_eq!(r.status, 200);
    assert!(d >= Duration::from_millis(300) && d < Duration::from_millis(1500), "S3 took {d:?}");
    let (r, d) = timed(|| emu.req("POST", TOKEN_PATH, &[], b"grant_type=client_credentials"));
    assert_eq!(r.status, 401);
    assert!(d >= Duration::from_millis(300), "token endpoint took {d:?}");
    let (r, d) =
        timed(|| emu.req("OPTIONS", &t, &[("Origin", "http://x.test"), ("Access-Control-Request-Method", "PUT")], b""));
    assert_eq!(r.status, 204);
    assert!(d >= Duration::from_millis(300), "preflight took {d:?}");
    let (_, d) = timed(|| emu.sessions());
    assert!(d < Duration::from_millis(250), "inspection took {d:?}");
}

#[test]
fn bandwidth_cap_holds_for_one_stream_and_is_shared_by_four() {
    // 80 Mbps = 10 MB/s.
    let emu = Emu::start(&["--bandwidth-mbps", "80"]);
    let (_id, t, uid) = emu.session_with_mpu("v.mp4");
    let one = data(4 * MIB, 1);
    let (r, d) = timed(|| emu.put_object(&t, "one.bin", &one));
    assert_eq!(r.status, 200);
    let want = (4 * MIB) as f64 / 10e6;
    eprintln!("one stream: {d:?} (ideal {want:.3}s)");
    assert!((d.as_secs_f64() - want).abs() < want * 0.2, "one stream: {d:?}, expected {want:.3}s");

    // The clock starts when all four bodies are ready (generating them is slow in a debug build).
    let barrier = Arc::new(Barrier::new(5));
    let hs: Vec<_> = (1..=4u32)
        .map(|n| {
            let (addr, b) = (emu.addr.clone(), barrier.clone());
            let target = format!("{t}/v.mp4?partNumber={n}&uploadId={uid}");
            std::thread::spawn(move || {
                let body = data(2 * MIB, n);
                b.wait();
                http(&addr, "PUT", &target, &[], &body).status
            })
        })
        .collect();
    barrier.wait();
    let (results, d) = timed(|| hs.into_iter().map(|h| h.join().unwrap()).collect::<Vec<_>>());
    assert_eq!(results, vec![200; 4]);
    let want = (8 * MIB) as f64 / 10e6;
    eprintln!("four streams: {d:?} (ideal {want:.3}s)");
    assert!((d.as_secs_f64() - want).abs() < want * 0.2, "four streams: {d:?}, expected {want:.3}s");
    assert!(emu.stats()["BytesReceived"].as_u64().unwrap() >= 12 * MIB as u64);
}

fn token_request(emu: &Emu, form: &str, extra: &[(&str, &str)]) -> Resp {
    let mut h = vec![("Content-Type", "application/x-www-form-urlencoded")];
    h.extend_from_slice(extra);
    emu.req("POST", TOKEN_PATH, &h, form.as_bytes())
}

fn fetch_token(emu: &Emu) -> Value {
    let r = token_request(emu, "grant_type=client_credentials&client_id=demo-lms&client_secret=demo-secret", &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    r.json()
}

fn get_with(emu: &Emu, id: &str, token: &str) -> Resp {
    let auth = format!("Bearer {token}");
    emu.req("GET", &format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), &[("Authorization", &auth)], b"")
}

#[test]
fn tokens_expire_after_the_ttl_static_ones_included() {
    let emu = Emu::start(&["--token-ttl-secs", "1"]);
    let id = emu.create_session()["ID"].as_str().unwrap().to_string();
    let tok = fetch_token(&emu);
    assert_eq!((tok["token_type"].as_str(), tok["expires_in"].as_u64()), (Some("Bearer"), Some(1)), "{tok}");
    let access = tok["access_token"].as_str().unwrap().to_string();
    assert_eq!(get_with(&emu, &id, &access).status, 200);
    let unknown = get_with(&emu, &id, "no-such-token");
    assert_eq!(unknown.status, 401);

    std::thread::sleep(Duration::from_millis(1200));
    let expired = get_with(&emu, &id, &access);
    assert_eq!((expired.status, expired.text()), (401, unknown.text()), "expired looks like unknown");
    assert_eq!(expired.header("www-authenticate"), Some("Bearer"));
    assert_eq!(get_with(&emu, &id, TOKEN).status, 401, "the static token expires too");
    // A fresh token works again.
    let fresh = fetch_token(&emu)["access_token"].as_str().unwrap().to_string();
    assert_eq!(get_with(&emu, &id, &fresh).status, 200);
    let st = emu.stats();
    assert_eq!((st["TokensIssued"].as_u64(), st["ExpiredTokenRejections"].as_u64()), (Some(2), Some(2)), "{st}");
}

#[test]
fn token_endpoint_errors_basic_auth_cors_and_restart() {
    let mut emu = Emu::start(&["--cors-origin", "http://page.test"]);
    let r = token_request(&emu, "grant_type=client_credentials&client_id=demo-lms&client_secret=nope", &[]);
    assert_eq!((r.status, r.json()["error"].as_str()), (401, Some("invalid_client")));
    let r = token_request(&emu, "grant_type=client_credentials&client_id=other&client_secret=demo-secret", &[]);
    assert_eq!((r.status, r.json()["error"].as_str()), (401, Some("invalid_client")));
    let r = token_request(&emu, "grant_type=password&client_id=demo-lms&client_secret=demo-secret", &[]);
    assert_eq!((r.status, r.json()["error"].as_str()), (400, Some("unsupported_grant_type")));
    assert_eq!(emu.req("GET", TOKEN_PATH, &[], b"").status, 405);
    // client_secret_basic: base64("demo-lms:demo-secret").
    let r = token_request(
        &emu,
        "grant_type=client_credentials",
        &[("Authorization", "Basic ZGVtby1sbXM6ZGVtby1zZWNyZXQ=")],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let tok = r.json();
    // Without --token-ttl-secs tokens do not expire; expires_in is nominal.
    assert_eq!(tok["expires_in"], 3600);
    let access = tok["access_token"].as_str().unwrap().to_string();
    assert_eq!(access.len(), 64);
    // CORS, as the demo page calls it cross-origin.
    let pre = emu.req(
        "OPTIONS",
        TOKEN_PATH,
        &[("Origin", "http://page.test"), ("Access-Control-Request-Method", "POST")],
        b"",
    );
    assert_eq!((pre.status, pre.header("access-control-allow-origin")), (204, Some("http://page.test")));
    let r = emu.req("POST", TOKEN_PATH, &[("Origin", "http://page.test")], b"grant_type=client_credentials");
    assert_eq!((r.status, r.header("access-control-allow-origin")), (401, Some("http://page.test")));
    // An issued token survives a restart on the same data directory, like the uploads.
    let id = emu.create_session()["ID"].as_str().unwrap().to_string();
    emu.kill();
    let emu = Emu::start_in(&emu.dir.clone(), &[]);
    assert_eq!(get_with(&emu, &id, &access).status, 200);
}
