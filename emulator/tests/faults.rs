//! Fault flags that reproduce what breaks real browser uploads: a server that hides ETag
//! from CORS, and a server whose clock is off.

mod common;

use common::*;
use std::time::{Duration, SystemTime};

#[test]
fn hide_etag_removes_etag_from_the_cors_expose_list_only() {
    let emu = Emu::start(&["--cors-origin", "http://page.test", "--hide-etag"]);
    let obj = emu.create_session();
    let target = emu.target_path(&obj);
    let r = emu.req("PUT", &format!("{target}/a.txt"), &[("Origin", "http://page.test")], b"hello");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("etag").is_some(), "the server still sends ETag");
    let expose = r.header("access-control-expose-headers").unwrap();
    assert!(!expose.to_ascii_lowercase().contains("etag"), "{expose}");
    assert!(expose.contains("Date"));
    let normal = Emu::start(&["--cors-origin", "http://page.test"]);
    let obj = normal.create_session();
    let r = normal.req("PUT", &format!("{}/a.txt", normal.target_path(&obj)), &[("Origin", "http://page.test")], b"x");
    assert!(r.header("access-control-expose-headers").unwrap().contains("ETag"));
}

#[test]
fn clock_skew_moves_the_servers_clock_everywhere() {
    let emu = Emu::start(&["--clock-skew-secs", "1200"]);
    let obj = emu.create_session();
    let r = emu.rest("GET", &format!("/Panopto/PublicAPI/REST/sessionUpload/{}", obj["ID"].as_str().unwrap()), None);
    let date = httpdate::parse_http_date(r.header("date").unwrap()).unwrap();
    let ahead = date.duration_since(SystemTime::now()).unwrap_or_default();
    assert!(ahead > Duration::from_secs(1150) && ahead < Duration::from_secs(1250), "Date is {ahead:?} ahead");
    // A request signed with the (now 20 minutes slow) local clock is refused, with the
    // server's time in the answer so the client can correct itself.
    let target = format!("{}/a.txt", emu.target_path(&obj));
    let r = signed(&emu, "PUT", &target, &[], b"hi", Payload::Hash(sha256_hex(b"hi")));
    assert_eq!((r.status, r.code()), (403, "RequestTimeTooSkewed".to_string()), "{}", r.text());
    let server_time = xml_text(&r.text(), "ServerTime").unwrap();
    let server = chrono::DateTime::parse_from_rfc3339(&server_time).unwrap();
    assert!((server.timestamp() - chrono::Utc::now().timestamp() - 1200).abs() < 60, "{server_time}");
    // Signed with the server's time, the same request is accepted.
    let headers = Signer::dummy().at(SystemTime::now() + Duration::from_secs(1200)).headers(
        &emu.addr,
        "PUT",
        &target,
        &[],
        Payload::Hash(sha256_hex(b"hi")),
    );
    let hs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(emu.req("PUT", &target, &hs, b"hi").status, 200);
}

#[test]
fn negative_skew_is_accepted_on_the_command_line() {
    let emu = Emu::start(&["--clock-skew-secs", "-900"]);
    let obj = emu.create_session();
    let r = emu.rest("GET", &format!("/Panopto/PublicAPI/REST/sessionUpload/{}", obj["ID"].as_str().unwrap()), None);
    let date = httpdate::parse_http_date(r.header("date").unwrap()).unwrap();
    let behind = SystemTime::now().duration_since(date).unwrap_or_default();
    assert!(behind > Duration::from_secs(850), "Date is {behind:?} behind");
}
