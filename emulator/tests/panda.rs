//! Panda's resumable upload API against the real binary: the seed's own example, status queries,
//! abort, every bad-input answer, the whole-file and multipart-form methods, a connection dropped
//! mid-body and a restart. Faults, location moves and CORS are in panda_faults.rs.

mod common;

use common::*;
use std::io::Write;
use std::time::Duration;

fn sha(b: &[u8]) -> String {
    sha256_hex(b)
}

#[test]
fn the_seeds_example_byte_for_byte_with_status_queries() {
    let emu = Emu::start(&[]);
    let r = emu.req(
        "POST",
        CREATE,
        &[("Content-Type", "application/json")],
        br#"{"file_size": 9, "file_name": "abc.txt"}"#,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["id"], 1, "{v}");
    let loc = v["location"].as_str().unwrap();
    let key = loc.strip_prefix(&format!("http://{}/panda/upload/", emu.addr)).expect(loc);
    assert!(key.len() >= 16 && key.bytes().all(|b| b.is_ascii_hexdigit()), "{loc}");
    let path = emu.panda_path(loc);

    // Nothing held yet: 204 without Range.
    let r = emu.panda_status(&path, 9);
    assert_eq!((r.status, r.header("range"), r.body.len()), (204, None, 0));

    let r = emu.panda_put(&path, Some("bytes 0-4/9"), b"abcde");
    assert_eq!((r.status, r.header("range"), r.body.len()), (204, Some("0-4"), 0), "{}", r.text());
    let r = emu.panda_status(&path, 9);
    assert_eq!((r.status, r.header("range")), (204, Some("0-4")));

    let r = emu.panda_put(&path, Some("bytes 5-8/9"), b"fghi");
    assert_eq!(r.status, 200, "{}", r.text());
    let video = r.json();
    assert_eq!(
        video,
        serde_json::json!({"id": "1", "file_name": "abc.txt", "file_size": 9, "sha256": sha(b"abcdefghi"), "status": "uploaded"})
    );
    assert_eq!(r.header("range"), None);
    let r = emu.panda_status(&path, 9);
    assert_eq!((r.status, r.json()), (200, video));

    let u = emu.panda_upload(1);
    for (field, want) in [
        ("state", serde_json::json!("complete")),
        ("held", 9.into()),
        ("file_size", 9.into()),
        ("file_name", "abc.txt".into()),
        ("sha256", sha(b"abcdefghi").into()),
        ("location", loc.into()),
        ("chunks", 2.into()),
        ("bytes_received", 9.into()),
        ("bytes_redundant", 0.into()),
        ("status_queries", 3.into()),
        ("location_moves", 0.into()),
        ("stale_location_requests", 0.into()),
        ("token_leaks", 0.into()),
        ("form_uploads", 0.into()),
    ] {
        assert_eq!(u[field], want, "{field} in {u}");
    }
    assert!(u["created_at"].as_str().unwrap().ends_with('Z'), "{u}");
    assert_eq!(emu.req("GET", "/_emulator/panda/1/file", &[], b"").body, b"abcdefghi");
    // Ids count up.
    assert_eq!(emu.panda_create(3, "b.txt").0, 2);
}

#[test]
fn delete_aborts_and_the_location_is_gone() {
    let emu = Emu::start(&[]);
    let (id, path) = emu.panda_create(10, "a.bin");
    assert_eq!(emu.panda_put(&path, Some("bytes 0-3/10"), b"0123").status, 204);
    let r = emu.req("DELETE", &path, &[], b"");
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.text());
    for r in [
        emu.panda_put(&path, Some("bytes 4-9/10"), b"456789"),
        emu.panda_status(&path, 10),
        emu.req("DELETE", &path, &[], b""),
    ] {
        assert_eq!(r.status, 404, "{}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains("aborted"), "{}", r.text());
    }
    let u = emu.panda_upload(id);
    assert_eq!((u["state"].as_str(), u["held"].as_u64()), (Some("deleted"), Some(0)), "{u}");
    assert_eq!(emu.req("GET", &format!("/_emulator/panda/{id}/file"), &[], b"").status, 404);
    assert!(!emu.dir.join(format!("panda/{id}.bin")).exists());
}

#[test]
fn bad_chunks_are_refused_and_store_nothing() {
    let emu = Emu::start(&[]);
    let (id, path) = emu.panda_create(9, "abc.txt");
    assert_eq!(emu.panda_put(&path, Some("bytes 0-4/9"), b"abcde").status, 204);
    let error_of = |r: &Resp| r.json()["error"].as_str().unwrap_or_default().to_string();
    // (Content-Range, body, status, a word the error must contain)
    let cases: &[(&str, &[u8], u16, &str)] = &[
        ("bytes 5-8", b"fghi", 400, "malformed"),
        ("bytes=5-8/9", b"fghi", 400, "malformed"),
        ("5-8/9", b"fghi", 400, "malformed"),
        ("bytes 5-x/9", b"fghi", 400, "malformed"),
        ("bytes 5-8/*", b"fghi", 400, "malformed"),
        ("bytes 5-8/10", b"fghi", 400, "file_size 9"),
        ("bytes 8-5/9", b"fghi", 400, "RE < RS"),
        ("bytes 5-9/9", b"fghij", 400, "past the last byte"),
        ("bytes 5-8/9", b"fgh", 400, "Content-Length is 3"),
        ("bytes 5-8/9", b"fghij", 400, "Content-Length is 5"),
        ("bytes */10", b"", 400, "file_size 9"),
        ("bytes */9", b"x", 400, "empty body"),
        ("bytes 7-8/9", b"hi", 416, "at or before byte 5"),
        ("bytes 0-4/9", b"abXde", 409, "Byte 2 differs"),
        ("bytes 3-6/9", b"dXfg", 409, "Byte 4 differs"),
    ];
    for (range, body, status, word) in cases {
        let r = emu.panda_put(&path, Some(range), body);
        assert_eq!(r.status, *status, "{range}: {}", r.text());
        assert!(error_of(&r).contains(word), "{range}: {}", r.text());
        let want_range = (*status == 416).then_some("0-4");
        assert_eq!(r.header("range"), want_range, "{range}");
    }
    // Chunked bodies: one longer than its range (reading stops there), one shorter.
    let head = format!("PUT {path} HTTP/1.1\r\nContent-Range: bytes 5-8/9\r\nTransfer-Encoding: chunked");
    let r = emu.raw(&head, &chunked(b"fghijklmn", 2));
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(error_of(&r).contains("longer than the 4 bytes"), "{}", r.text());
    let r = emu.raw(&head, &chunked(b"fg", 1));
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(error_of(&r).contains("ended after 2 bytes"), "{}", r.text());

    let r = emu.panda_status(&path, 9);
    assert_eq!((r.status, r.header("range")), (204, Some("0-4")), "nothing stored by the bad requests");
    assert_eq!(emu.req("GET", &format!("/_emulator/panda/{id}/file"), &[], b"").body, b"abcde");
    let u = emu.panda_upload(id);
    assert_eq!((u["held"].as_u64(), u["chunks"].as_u64()), (Some(5), Some(1)), "{u}");

    // Overlapping bytes that match are accepted, and counted as redundant.
    let r = emu.panda_put(&path, Some("bytes 3-6/9"), b"defg");
    assert_eq!((r.status, r.header("range")), (204, Some("0-6")), "{}", r.text());
    let r = emu.panda_put(&path, Some("bytes 0-8/9"), b"abcdefghi");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["sha256"], sha(b"abcdefghi"));
    // Sent again after completion: all redundant, still the video JSON.
    let r = emu.panda_put(&path, Some("bytes 0-1/9"), b"ab");
    assert_eq!(r.status, 200, "{}", r.text());
    let u = emu.panda_upload(id);
    // 3-4 (2) + 0-6 (7) + 0-1 (2) resent, plus the overlap the 409s compared before differing.
    assert_eq!(u["bytes_redundant"].as_u64(), Some(2 + 7 + 2 + 2 + 1), "{u}");
    assert_eq!(u["chunks"].as_u64(), Some(3), "{u}");
}

#[test]
fn create_validates_its_body_and_token() {
    let emu = Emu::start(&["--token-ttl-secs", "1"]);
    let json = |b: &str| emu.req("POST", CREATE, &[("Content-Type", "application/json")], b.as_bytes());
    let form =
        |b: &str| emu.req("POST", CREATE, &[("Content-Type", "application/x-www-form-urlencoded")], b.as_bytes());
    let bad: Vec<(Resp, &str)> = vec![
        (json(""), "empty"),
        (json("{"), "not valid JSON"),
        (json("[1]"), "not an object"),
        (json(r#"{"file_name": "a"}"#), "file_size is required"),
        (json(r#"{"file_size": 0, "file_name": "a"}"#), "got 0"),
        (json(r#"{"file_size": -1, "file_name": "a"}"#), "positive integer"),
        (json(r#"{"file_size": 1.5, "file_name": "a"}"#), "positive integer"),
        (json(r#"{"file_size": "9", "file_name": "a"}"#), "JSON number"),
        (json(r#"{"file_size": 5497558138881, "file_name": "a"}"#), "5 TiB"),
        (json(r#"{"file_size": 9}"#), "file_name is required"),
        (json(r#"{"file_size": 9, "file_name": ""}"#), "non-empty"),
        (json(r#"{"file_size": 9, "file_name": 5}"#), "non-empty string"),
        (form("file_size=abc&file_name=a"), "positive integer"),
        (form("file_size=9&file_size=9&file_name=a"), "more than once"),
        (form("file_name=a"), "file_size is required"),
        (emu.req("POST", CREATE, &[], b"hello"), "neither JSON nor a form"),
    ];
    for (r, word) in &bad {
        assert_eq!(r.status, 400, "{word}: {}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains(word), "{word}: {}", r.text());
    }
    assert_eq!(json(r#"{"file_size": 5497558138880, "file_name": "big.mp4"}"#).status, 201);
    let r = form("file_size=9&file_name=a%20b.txt");
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_u64().unwrap();
    assert_eq!(emu.panda_upload(id)["file_name"], "a b.txt");
    // fetch() labels a string body text/plain: told apart by its first character.
    let r =
        emu.req("POST", CREATE, &[("Content-Type", "text/plain;charset=UTF-8")], br#"{"file_size":1,"file_name":"t"}"#);
    assert_eq!(r.status, 201, "{}", r.text());

    let body = br#"{"file_size": 9, "file_name": "a"}"#;
    let with = |auth: &str| emu.req("POST", CREATE, &[("Authorization", auth)], body);
    assert_eq!(with(&format!("Bearer {TOKEN}")).status, 201);
    for auth in ["Bearer nope", "Basic ZGVtbzpkZW1v"] {
        let r = with(auth);
        assert_eq!((r.status, r.header("www-authenticate")), (401, Some("Bearer")), "{auth}");
        assert!(r.json()["error"].as_str().unwrap().contains("bearer token"), "{}", r.text());
    }
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(with(&format!("Bearer {TOKEN}")).status, 401, "expired under --token-ttl-secs");
    assert_eq!(emu.req("POST", CREATE, &[], body).status, 201, "no token is fine");
    let r = emu.req("GET", CREATE, &[], b"");
    assert_eq!((r.status, r.header("allow")), (405, Some("POST")));
}

#[test]
fn content_types_methods_and_unknown_locations() {
    let emu = Emu::start(&[]);
    let (id, path) = emu.panda_create(4, "a.bin");
    let r = emu.req("PUT", &path, &[("Content-Type", "text/plain"), ("Content-Range", "bytes 0-1/4")], b"ab");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("application/octet-stream"), "{}", r.text());
    let r = emu.req("POST", &path, &[("Content-Range", "bytes 0-1/4")], b"ab");
    assert_eq!(r.status, 400, "POST without a Content-Type is neither method");
    let r = emu.req("POST", &path, &[("Content-Type", "multipart/form-data")], b"ab");
    assert!(r.json()["error"].as_str().unwrap().contains("boundary"), "{}", r.text());
    let octet = ("Content-Type", "application/octet-stream");
    let r = emu.req("POST", &path, &[octet, ("Content-Range", "bytes 0-1/4")], b"ab");
    assert_eq!((r.status, r.header("range")), (204, Some("0-1")), "{}", r.text());
    let r = emu.req("PUT", &format!("{path}/"), &[octet, ("Content-Range", "bytes 2-3/4")], b"cd");
    assert_eq!(r.status, 200, "one trailing slash is the same location: {}", r.text());
    let r = emu.req("GET", &path, &[], b"");
    assert_eq!((r.status, r.header("allow")), (405, Some("PUT, POST, DELETE")));
    for p in ["/panda/upload/nope", "/panda/upload/", &format!("{path}/x")] {
        let r = emu.panda_put(p, Some("bytes 0-1/4"), b"ab");
        assert_eq!(r.status, 404, "{p}");
        assert!(r.json()["error"].is_string(), "{p}");
    }
    // The token must never travel to the location.
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(emu.req("PUT", &path, &[("Authorization", &auth), ("Content-Range", "bytes */4")], b"").status, 200);
    assert_eq!(emu.panda_upload(id)["token_leaks"], 1);
}

#[test]
fn whole_file_and_multipart_form() {
    let emu = Emu::start(&[]);
    let file = data(300_000, 7);
    let (id, path) = emu.panda_create(file.len() as u64, "whole.bin");
    let r = emu.panda_put(&path, None, &file[..1000]);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("whole file"), "{}", r.text());
    let r = emu.panda_put(&path, None, &file);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["sha256"], sha(&file));
    assert_eq!(emu.panda_upload(id)["state"], "complete");

    // A form replaces what was held (here a first chunk) and completes the upload.
    let (id, path) = emu.panda_create(file.len() as u64, "form.bin");
    assert_eq!(emu.panda_put(&path, Some("bytes 0-99/300000"), &file[..100]).status, 204);
    let r = emu.req("POST", &path, &[("Content-Type", FORM_TYPE)], &form_body(&file[..299_999]));
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("299999 bytes"), "{}", r.text());
    let r = emu.req("POST", &path, &[("Content-Type", FORM_TYPE)], b"--B0undary\r\nContent-Dispo");
    assert!(r.json()["error"].as_str().unwrap().contains("closing boundary"), "{}", r.text());
    assert_eq!(emu.panda_status(&path, file.len() as u64).header("range"), Some("0-99"), "failed forms store nothing");
    let body = form_body(&file);
    let r = emu.req("POST", &path, &[("Content-Type", FORM_TYPE)], &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["sha256"], sha(&file));
    assert_eq!(r.json()["id"], id.to_string());
    let u = emu.panda_upload(id);
    assert_eq!(
        (u["state"].as_str(), u["held"].as_u64(), u["form_uploads"].as_u64()),
        (Some("complete"), Some(300_000), Some(3))
    );
    assert_eq!(u["sha256"], sha(&file));
    assert_eq!(u["bytes_redundant"].as_u64(), Some(200), "the first 100 bytes came again in two forms");
    assert_eq!(emu.req("GET", &format!("/_emulator/panda/{id}/file"), &[], b"").body, file);
}

#[test]
fn a_connection_dropped_mid_body_keeps_what_arrived() {
    let emu = Emu::start(&[]);
    let file = data(1000, 3);
    let (id, path) = emu.panda_create(1000, "drop.bin");
    let mut s =
        emu.raw_open(&format!("PUT {path} HTTP/1.1\r\nContent-Range: bytes 0-999/1000\r\nContent-Length: 1000"));
    s.write_all(&file[..400]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(s);
    assert_eq!(emu.panda_wait_range(&path, 1000), "0-399");
    let u = emu.panda_upload(id);
    assert_eq!(
        (u["held"].as_u64(), u["bytes_received"].as_u64(), u["chunks"].as_u64()),
        (Some(400), Some(400), Some(1))
    );
    // A client that starts again from 0 instead of asking: the overlap is checked and redundant.
    let r = emu.panda_put(&path, Some("bytes 0-999/1000"), &file);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["sha256"], sha(&file));
    assert_eq!(emu.panda_upload(id)["bytes_redundant"], 400);
}

#[test]
fn a_restarted_emulator_carries_on() {
    let mut emu = Emu::start(&[]);
    let file = data(5000, 9);
    let (id, path) = emu.panda_create(5000, "restart.bin");
    assert_eq!(emu.panda_put(&path, Some("bytes 0-2999/5000"), &file[..3000]).status, 204);
    let (done, done_path) = emu.panda_create(3, "done.txt");
    assert_eq!(emu.panda_put(&done_path, None, b"xyz").status, 200);
    let before = emu.panda_upload(id);
    emu.kill();
    let emu = Emu::start_in(&emu.dir.clone(), &[]);
    // The location path is the same; only the port changed, and locations follow it.
    assert_eq!(emu.panda_status(&path, 5000).header("range"), Some("0-2999"));
    let after = emu.panda_upload(id);
    assert_eq!(after["location"], format!("http://{}{path}", emu.addr));
    assert_eq!(
        (after["sha256"].clone(), after["chunks"].clone()),
        (before["sha256"].clone(), before["chunks"].clone())
    );
    assert_eq!(after["sha256"], sha(&file[..3000]));
    assert_eq!(emu.panda_status(&done_path, 3).json()["sha256"], sha(b"xyz"));
    assert_eq!(emu.panda_create(1, "next").0, done + 1, "ids keep counting");
    let r = emu.panda_put(&path, Some("bytes 3000-4999/5000"), &file[3000..]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["sha256"], sha(&file));
}

#[test]
fn help_documents_the_panda_api_and_flags() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_panopto-emulator")).arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for s in ["/videos/upload.json", "/panda/upload/", "--panda-move-location-after", "--panda-hide-headers"] {
        assert!(text.contains(s), "{s} missing from --help");
    }
}
