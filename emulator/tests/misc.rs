//! CORS, static files, StreamUpload and restart persistence.
mod common;
use common::*;
use serde_json::json;

#[test]
fn cors_preflight_and_expose_headers() {
    let emu = Emu::start(&["--cors-origin", "http://localhost:3000"]);
    let (obj, t) = {
        let o = emu.create_session();
        let t = emu.target_path(&o);
        (o, t)
    };
    let pre = |origin: &str, path: &str| {
        emu.req(
            "OPTIONS",
            path,
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "PUT"),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type,x-amz-date,x-amz-content-sha256,x-amz-security-token,x-amz-user-agent",
                ),
            ],
            b"",
        )
    };
    let r = pre("http://localhost:3000", &format!("{t}/a.mp4?partNumber=1&uploadId=x"));
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:3000"));
    assert_eq!(r.header("access-control-allow-methods"), Some("GET, PUT, POST, DELETE, HEAD"));
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization,content-type,x-amz-date,x-amz-content-sha256,x-amz-security-token,x-amz-user-agent")
    );
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    let r = pre("http://localhost:3000", "/Panopto/PublicAPI/REST/sessionUpload");
    assert_eq!(r.status, 204);
    let r = pre("http://evil.example", &format!("{t}/a.mp4"));
    assert_eq!(r.status, 403);
    assert!(r.header("access-control-allow-origin").is_none());

    let r = emu.req("PUT", &format!("{t}/a.txt"), &[("Origin", "http://localhost:3000")], b"abc");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:3000"));
    assert!(r.header("vary").unwrap().contains("Origin"));
    assert!(r.header("access-control-expose-headers").unwrap().contains("ETag"));
    let r = emu.req("PUT", &format!("{t}/b.txt"), &[("Origin", "http://evil.example")], b"abc");
    assert!(r.header("access-control-allow-origin").is_none());
    let r = emu.req(
        "GET",
        &format!("/Panopto/PublicAPI/REST/sessionUpload/{}", obj["ID"].as_str().unwrap()),
        &[("Origin", "http://localhost:3000")],
        b"",
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:3000"));
    let r = emu.req("GET", "/_emulator/sessions", &[("Origin", "http://localhost:3000")], b"");
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:3000"));

    // Without --cors-origin: no CORS headers at all.
    let emu2 = Emu::start(&[]);
    let o = emu2.create_session();
    let r = emu2.req("PUT", &format!("{}/a.txt", emu2.target_path(&o)), &[("Origin", "http://localhost:3000")], b"abc");
    assert!(r.header("access-control-allow-origin").is_none());
    // Any origin with `*`.
    let emu3 = Emu::start(&["--cors-origin", "*"]);
    let r = emu3.req("GET", "/_emulator/sessions", &[("Origin", "http://x.test")], b"");
    assert_eq!(r.header("access-control-allow-origin"), Some("http://x.test"));
}

#[test]
fn static_files_with_wasm_types() {
    let www = tempfile::tempdir().unwrap();
    std::fs::write(www.path().join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::create_dir(www.path().join("pkg")).unwrap();
    std::fs::write(www.path().join("pkg/app.js"), "export {}").unwrap();
    std::fs::write(www.path().join("pkg/app.mjs"), "export {}").unwrap();
    std::fs::write(www.path().join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let emu = Emu::start(&["--www", www.path().to_str().unwrap()]);
    let r = emu.req("GET", "/", &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "<h1>demo</h1>");
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.header("content-type").is_some());
    assert!(emu.req("GET", "/pkg/app.js", &[], b"").header("content-type").unwrap().starts_with("text/javascript"));
    assert!(emu.req("GET", "/pkg/app.mjs", &[], b"").header("content-type").unwrap().starts_with("text/javascript"));
    assert_eq!(emu.req("GET", "/pkg/app_bg.wasm", &[], b"").header("content-type"), Some("application/wasm"));
    assert_eq!(emu.req("GET", "/missing.txt", &[], b"").status, 404);
    assert_eq!(emu.req("GET", "/../../etc/passwd", &[], b"").status, 404);
    assert!(emu.req("GET", "/", &[], b"").header("date").is_some());
}

fn complete_session(emu: &Emu) -> (String, String) {
    let obj = emu.create_session();
    let t = emu.target_path(&obj);
    let v = data(500, 3);
    assert_eq!(emu.put_object(&t, "v.mp4", &v).status, 200);
    assert_eq!(emu.put_object(&t, "m.xml", manifest("v.mp4", None).as_bytes()).status, 200);
    assert_eq!(finish(emu, &obj, "sessionUpload").status, 200);
    let id = obj["ID"].as_str().unwrap().to_string();
    let (v, _) = emu.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), 4);
    assert_eq!(v["State"], 4, "{v}");
    (id, v["SessionId"].as_str().unwrap().to_string())
}

#[test]
fn stream_upload_adds_a_stream_to_a_session() {
    let emu = Emu::start(&[]);
    let (sid_upload, session) = complete_session(&emu);
    let base = "/Panopto/PublicAPI/REST/upload";
    let r = emu.rest(
        "POST",
        base,
        Some(&json!({"SessionID": session, "StreamType": "SecondaryVideo", "StreamStartTime": "2025-01-15T10:00:05Z"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let s = r.json();
    let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "ID",
            "SessionID",
            "StreamType",
            "StreamStartTime",
            "ImportJobID",
            "UploadTarget",
            "State",
            "MessageID",
            "Message"
        ]
    );
    assert_eq!(s["SessionID"], session.as_str());
    assert_eq!(s["StreamType"], 1);
    assert_eq!(s["StreamStartTime"], "2025-01-15T10:00:05.000Z");
    assert_eq!(s["ImportJobID"], serde_json::Value::Null);
    assert_eq!(s["State"], 0);
    let sid = s["ID"].as_str().unwrap().to_string();
    let t = emu.target_path(&s);
    assert_eq!(emu.multipart(&t, "screen.mp4", &data(6 * MIB, 5), 5 * MIB).status, 200);
    let r = finish(&emu, &s, "upload");
    assert_eq!(r.status, 200, "{}", r.text());
    let (v, _) = emu.poll(&format!("{base}/{sid}"), 4);
    assert_eq!(v["State"], 4, "{v}");
    let parent = emu.inspect(&sid_upload);
    assert_eq!(parent["Streams"], json!([sid]));
    let ins = emu.inspect(&sid);
    assert_eq!((ins["Kind"].as_str(), ins["ParentSessionId"].as_str()), (Some("stream"), Some(session.as_str())));
    // A stream ID is not a sessionUpload ID.
    assert_eq!(emu.rest("GET", &format!("/Panopto/PublicAPI/REST/sessionUpload/{sid}"), None).status, 404);

    // Zero files, two files, unknown session, bad StreamType.
    let mk = |st: serde_json::Value| {
        let r = emu.rest("POST", base, Some(&json!({"SessionID": session, "StreamType": st})));
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    };
    let s0 = mk(json!(0));
    assert_eq!(finish(&emu, &s0, "upload").status, 200);
    let (v, _) = emu.poll(&format!("{base}/{}", s0["ID"].as_str().unwrap()), 4);
    assert_eq!((v["State"].clone(), v["Message"].clone()), (json!(5), json!("No file was uploaded")));
    let s2 = mk(json!("2"));
    let t2 = emu.target_path(&s2);
    emu.put_object(&t2, "a.mp4", b"a");
    emu.put_object(&t2, "b.mp4", b"b");
    assert_eq!(finish(&emu, &s2, "upload").status, 200);
    let (v, _) = emu.poll(&format!("{base}/{}", s2["ID"].as_str().unwrap()), 4);
    assert_eq!(v["State"], 5);
    assert!(v["Message"].as_str().unwrap().contains("a.mp4, b.mp4"), "{v}");
    let r = emu.rest("POST", base, Some(&json!({"SessionID": "6f1c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31"})));
    assert_eq!(r.status, 404);
    let r = emu.rest("POST", base, Some(&json!({"SessionID": session, "StreamType": "Tertiary"})));
    assert_eq!(r.status, 400);
    let r = emu.rest("POST", base, Some(&json!({"SessionID": session, "StreamStartTime": "yesterday"})));
    assert_eq!(r.status, 400);
    assert_eq!(emu.rest("DELETE", &format!("{base}/{}", s0["ID"].as_str().unwrap()), None).status, 200);
}

#[test]
fn restart_keeps_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let mut emu = Emu::start_in(&dir, &["--processing-ms", "1500"]);
    let (done_id, _) = complete_session(&emu);
    let obj = emu.create_session();
    let id = obj["ID"].as_str().unwrap().to_string();
    let t = emu.target_path(&obj);
    let whole = data(5 * MIB + 777, 11);
    let uid = emu.create_mpu(&t, "v.mp4");
    let e1 = emu
        .req("PUT", &format!("{t}/v.mp4?partNumber=1&uploadId={uid}"), &[], &whole[..5 * MIB])
        .header("etag")
        .unwrap()
        .to_string();
    assert_eq!(emu.put_object(&t, "m.xml", manifest("v.mp4", Some(&crc32_hex(&whole))).as_bytes()).status, 200);
    // A third upload is mid-processing when the emulator dies.
    let p = emu.create_session();
    let pt = emu.target_path(&p);
    emu.put_object(&pt, "v.mp4", b"v");
    emu.put_object(&pt, "m.xml", manifest("v.mp4", None).as_bytes());
    assert_eq!(finish(&emu, &p, "sessionUpload").status, 200);
    std::thread::sleep(std::time::Duration::from_millis(150)); // let the debounced counter flush run
    emu.kill();

    let emu = Emu::start_in(&dir, &["--processing-ms", "1500"]);
    assert_eq!(emu.get_upload(&done_id)["State"], 4);
    let ins = emu.inspect(&id);
    assert_eq!(ins["State"], 0);
    assert_eq!(ins["MultipartUploads"][0]["UploadId"], uid.as_str());
    assert_eq!(ins["S3"]["PartsReceived"], 1);
    let new_t = emu.target_path(&emu.get_upload(&id));
    assert_ne!(new_t, "");
    let r = emu.req("PUT", &format!("{new_t}/v.mp4?partNumber=2&uploadId={uid}"), &[], &whole[5 * MIB..]);
    let e2 = r.header("etag").unwrap().to_string();
    let xml = format!("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{e2}</ETag></Part></CompleteMultipartUpload>");
    let r = emu.req("POST", &format!("{new_t}/v.mp4?uploadId={uid}"), &[], xml.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(finish(&emu, &obj, "sessionUpload").status, 200);
    let (v, _) = emu.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), 4);
    assert_eq!(v["State"], 4, "{v}");
    assert_eq!(
        emu.inspect(&id)["Files"].as_array().unwrap().iter().find(|f| f["Name"] == "v.mp4").unwrap()["Sha256"],
        sha256_hex(&whole)
    );
    // Processing resumed after the restart.
    let (v, _) = emu.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{}", p["ID"].as_str().unwrap()), 4);
    assert_eq!(v["State"], 4, "{v}");
    assert!(v["SessionId"].is_string());
}

#[test]
fn help_documents_every_flag() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_panopto-emulator")).arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--listen",
        "--data-dir",
        "--token",
        "--folder",
        "--www",
        "--cors-origin",
        "--s3-access-key",
        "--s3-secret-key",
        "--processing-ms",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
}
