//! The documented end-to-end flow and every processing outcome.
mod common;
use common::*;
use serde_json::json;

#[test]
fn documented_flow_multipart_media_and_manifest_to_complete() {
    let emu = Emu::start(&[]);
    let obj = emu.create_session();
    let id = obj["ID"].as_str().unwrap().to_string();
    assert_eq!(obj["FolderId"], FOLDER);
    assert_eq!(obj["SessionId"], serde_json::Value::Null);
    assert_eq!(obj["State"], 0);
    assert_eq!(obj["MessageID"], 0);
    assert_eq!(obj["Message"], serde_json::Value::Null);
    assert_eq!(obj["UploadTarget"], format!("http://{}/Panopto/Upload/{id}", emu.addr));
    let keys: Vec<&String> = obj.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["ID", "FolderId", "SessionId", "UploadTarget", "State", "MessageID", "Message"]);
    let target = emu.target_path(&obj);

    // Media: multipart, 5 MiB first part (signed, UNSIGNED-PAYLOAD) + a short signed-hash part.
    let media = data(5 * MIB + 12345, 1);
    let key = "lecture one.mp4";
    let enc = "lecture%20one.mp4";
    let r = signed(&emu, "POST", &format!("{target}/{enc}?uploads"), &[], b"", Payload::Hash(sha256_hex(b"")));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"));
    assert_eq!(xml_text(&r.text(), "Bucket").unwrap(), "Upload");
    assert_eq!(xml_text(&r.text(), "Key").unwrap(), format!("{id}/{key}"));
    assert!(r.header("x-amz-request-id").is_some());
    let uid = xml_text(&r.text(), "UploadId").unwrap();
    let (p1, p2) = media.split_at(5 * MIB);
    let r1 = signed(&emu, "PUT", &format!("{target}/{enc}?partNumber=1&uploadId={uid}"), &[], p1, Payload::Unsigned);
    assert_eq!(r1.status, 200, "{}", r1.text());
    let e1 = r1.header("etag").unwrap().to_string();
    assert_eq!(e1, format!("\"{:x}\"", md5::Md5::digest(p1)));
    let r2 = signed(
        &emu,
        "PUT",
        &format!("{target}/{enc}?partNumber=2&uploadId={uid}"),
        &[],
        p2,
        Payload::Hash(sha256_hex(p2)),
    );
    assert_eq!(r2.status, 200, "{}", r2.text());
    let e2 = r2.header("etag").unwrap().to_string();
    let xml = format!("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{}</ETag></Part></CompleteMultipartUpload>", e2.trim_matches('"'));
    let r = signed(
        &emu,
        "POST",
        &format!("{target}/{enc}?uploadId={uid}"),
        &[("content-type", "application/xml")],
        xml.as_bytes(),
        Payload::Hash(sha256_hex(xml.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let mut h = md5::Md5::new();
    h.update(hex::decode(e1.trim_matches('"')).unwrap());
    h.update(hex::decode(e2.trim_matches('"')).unwrap());
    assert_eq!(xml_text(&r.text(), "ETag").unwrap(), format!("\"{:x}-2\"", h.finalize()));
    assert_eq!(xml_text(&r.text(), "Location").unwrap(), format!("http://{}{target}/{enc}", emu.addr));

    // Manifest with the right CRC-32, via PutObject.
    let m = manifest(key, Some(&crc32_hex(&media)));
    let r = signed(
        &emu,
        "PUT",
        &format!("{target}/session.xml"),
        &[("content-type", "text/xml")],
        m.as_bytes(),
        Payload::Hash(sha256_hex(m.as_bytes())),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("etag").unwrap(), format!("\"{:x}\"", md5::Md5::digest(m.as_bytes())));

    let r = finish(&emu, &obj, "sessionUpload");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["State"], 1);
    let (fin, seen) = emu.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), 4);
    assert_eq!(fin["State"], 4, "{fin}");
    let states: Vec<u64> = seen.iter().map(|(s, _)| *s).collect();
    assert_eq!(states.last(), Some(&4));
    let at3 = seen.iter().find(|(s, _)| *s == 3).expect("state 3 observed");
    assert!(at3.1.is_string(), "SessionId must appear at Processing: {seen:?}");
    assert_eq!(fin["SessionId"], at3.1);
    assert!(seen.iter().filter(|(s, _)| *s < 3).all(|(_, sid)| sid.is_null()));

    let ins = emu.inspect(&id);
    assert_eq!(ins["Kind"], "session");
    assert_eq!(ins["StateName"], "Complete");
    let files = ins["Files"].as_array().unwrap();
    let f = files.iter().find(|f| f["Name"] == key).unwrap();
    assert_eq!(f["Size"], media.len());
    assert_eq!(f["Sha256"], sha256_hex(&media));
    assert_eq!(f["Crc32"], crc32_hex(&media));
    assert_eq!(ins["S3"]["Verified"], 5);
    assert_eq!(ins["S3"]["Unsigned"], 0);
    assert_eq!(ins["S3"]["PartsReceived"], 2);
    assert_eq!(ins["MultipartUploads"].as_array().unwrap().len(), 0);
    let raw = emu.req("GET", &format!("/_emulator/uploads/{id}/files/{enc}"), &[], b"");
    assert_eq!(raw.status, 200);
    assert_eq!(sha256_hex(&raw.body), sha256_hex(&media));
    // Finishing again is idempotent; uploads no longer accept files.
    assert_eq!(finish(&emu, &obj, "sessionUpload").json()["State"], 4);
    let r = emu.put_object(&target, "late.txt", b"x");
    assert_eq!((r.status, r.code().as_str()), (403, "AccessDenied"));
    assert!(r.text().contains("is no longer accepting files (State 4"), "{}", r.text());
}

use md5::Digest;

fn run_to_end(emu: &Emu, files: &[(&str, Vec<u8>)], state_json: serde_json::Value) -> serde_json::Value {
    let obj = emu.create_session();
    let target = emu.target_path(&obj);
    for (k, d) in files {
        assert_eq!(emu.put_object(&target, k, d).status, 200);
    }
    let mut o = obj.clone();
    o["State"] = state_json;
    o["SomethingNew"] = json!({"unknown": true});
    let id = obj["ID"].as_str().unwrap();
    let r = emu.rest("PUT", &format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), Some(&o));
    assert_eq!(r.status, 200, "{}", r.text());
    emu.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{id}"), 4).0
}

#[test]
fn processing_errors_name_the_exact_problem() {
    let emu = Emu::start(&[]);
    let video = data(1000, 7);
    let crc = crc32_hex(&video);

    let v = run_to_end(&emu, &[("a.mp4", video.clone())], json!(1));
    assert_eq!(v["State"], 5);
    assert_eq!(v["Message"], "No session manifest (.xml) was uploaded");
    assert_ne!(v["MessageID"], 0);
    assert!(v["SessionId"].is_string());

    // An unfinished multipart upload of a manifest does not count as a file.
    let obj = emu.create_session();
    let target = emu.target_path(&obj);
    emu.create_mpu(&target, "m.xml");
    assert_eq!(finish(&emu, &obj, "sessionUpload").status, 200);
    let (v, _) = emu.poll(&format!("/Panopto/PublicAPI/REST/sessionUpload/{}", obj["ID"].as_str().unwrap()), 4);
    assert_eq!(v["Message"], "No session manifest (.xml) was uploaded");

    // Invalid manifest: Video without Type (like plenitude.xml). State sent as a string, as a Java client does.
    let bad = manifest("a.mp4", None).replace("<Type>Primary</Type>", "<Transcripts/>");
    let v = run_to_end(&emu, &[("a.mp4", video.clone()), ("ucs.xml", bad.into_bytes())], json!("1"));
    assert_eq!(v["State"], 5);
    assert_eq!(
        v["Message"],
        "Manifest ucs.xml is invalid: Session/Videos/Video[1]: expected <Type> after <File>, found <Transcripts>"
    );

    let v = run_to_end(&emu, &[("m.XML", manifest("x.mp4", None).into_bytes()), ("X.mp4", video.clone())], json!(1));
    assert_eq!(v["Message"], "File 'x.mp4' referenced by the manifest (Videos/Video[1]/File) was not uploaded");

    let v = run_to_end(
        &emu,
        &[("m.xml", manifest("a.mp4", Some("0badf00d")).into_bytes()), ("a.mp4", video.clone())],
        json!(1),
    );
    assert_eq!(v["State"], 5);
    let msg = v["Message"].as_str().unwrap();
    assert!(msg.contains("'a.mp4'") && msg.contains("0badf00d") && msg.contains(&crc), "{msg}");

    // Upper-case checksum compares as a number: Complete.
    let v = run_to_end(
        &emu,
        &[("m.xml", manifest("a.mp4", Some(&crc.to_uppercase())).into_bytes()), ("a.mp4", video.clone())],
        json!("UploadComplete"),
    );
    assert_eq!(v["State"], 4, "{v}");

    let v = run_to_end(
        &emu,
        &[
            ("m.xml", manifest("a.mp4", None).into_bytes()),
            ("n.xml", manifest("a.mp4", None).into_bytes()),
            ("a.mp4", video.clone()),
        ],
        json!(1),
    );
    assert!(v["Message"].as_str().unwrap().contains("m.xml, n.xml"), "{v}");

    // Legacy v1 manifest is accepted.
    let v1 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/ucs/samples/Panopto+SessionUploadExample/SessionUploadExample/Tests/video_only.xml"
    ))
    .unwrap();
    let text = String::from_utf8_lossy(&v1).into_owned();
    let name =
        text.split("<Filename").nth(1).unwrap().split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
    let v = run_to_end(&emu, &[("ucs.xml", v1.clone()), (name.as_str(), video.clone())], json!(1));
    assert_eq!(v["State"], 4, "{v}");
}

#[test]
fn delete_cancels_then_deletes_files() {
    let emu = Emu::start(&[]);
    let obj = emu.create_session();
    let id = obj["ID"].as_str().unwrap().to_string();
    let target = emu.target_path(&obj);
    assert_eq!(emu.put_object(&target, "a.mp4", b"abc").status, 200);
    let path = format!("/Panopto/PublicAPI/REST/sessionUpload/{id}");
    let r = emu.rest("DELETE", &path, None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["State"], 2);
    assert_eq!(emu.rest("DELETE", &path, None).status, 200);
    let (v, seen) = emu.poll(&path, 7);
    assert_eq!(v["State"], 7, "{seen:?}");
    assert!(emu.inspect(&id)["Files"].as_array().unwrap().is_empty());
    assert!(!emu.dir.join("uploads").join(&id).exists());
    assert_eq!(emu.rest("DELETE", &path, None).json()["State"], 7);
    // Completing a deleted upload is refused.
    let r = finish(&emu, &obj, "sessionUpload");
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().contains("cancelled"));
    let r = emu.put_object(&target, "b.mp4", b"abc");
    assert_eq!((r.status, r.code().as_str()), (403, "AccessDenied"));

    // DELETE during processing stops processing.
    let emu = Emu::start(&["--processing-ms", "600"]);
    let obj = emu.create_session();
    let id = obj["ID"].as_str().unwrap().to_string();
    assert_eq!(finish(&emu, &obj, "sessionUpload").status, 200);
    let path = format!("/Panopto/PublicAPI/REST/sessionUpload/{id}");
    assert_eq!(emu.rest("DELETE", &path, None).json()["State"], 2);
    let (v, seen) = emu.poll(&path, 7);
    assert_eq!(v["State"], 7);
    assert!(seen.iter().all(|(s, _)| [2, 6, 7].contains(s)), "{seen:?}");
}

#[test]
fn rest_errors() {
    let emu = Emu::start(&["--token", "t1", "--token", "dev-token"]);
    let base = "/Panopto/PublicAPI/REST/sessionUpload";
    let body = br#"{"FolderId":"3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31"}"#;
    let r = emu.req("POST", base, &[("Content-Type", "application/json")], body);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(r.json(), json!({"Message": "Authorization has been denied for this request."}));
    let r = emu.req("POST", base, &[("Authorization", "Bearer nope")], body);
    assert_eq!(r.status, 401);
    // Case-insensitive path and the second token.
    let r = emu.req("POST", "/panopto/publicapi/rest/SESSIONUPLOAD", &[("Authorization", "Bearer t1")], body);
    assert_eq!(r.status, 201, "{}", r.text());
    let created = r.json();
    let id = created["ID"].as_str().unwrap().to_string();

    let bad = |b: &[u8]| emu.req("POST", base, &[("Authorization", "Bearer t1")], b);
    let r = bad(b"{not json");
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().contains("not valid JSON"));
    let r = bad(b"{}");
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().contains("FolderId is required"));
    let r = bad(br#"{"FolderId":"nope"}"#);
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().contains("not a valid GUID"));
    let r = bad(b"[1]");
    assert_eq!(r.status, 400);
    let r = bad(br#"{"folderid":"00000000-0000-0000-0000-000000000001"}"#);
    assert_eq!(r.status, 404);
    assert!(r.json()["Message"].as_str().unwrap().contains("00000000-0000-0000-0000-000000000001"));
    let big = vec![b' '; 2 * MIB];
    assert_eq!(bad(&big).status, 413);

    let r = emu.rest("GET", &format!("{base}/6f1c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31"), None);
    assert_eq!(r.status, 404);
    assert!(r.json()["Message"].as_str().unwrap().contains("6f1c2a71"));
    assert_eq!(emu.rest("GET", &format!("{base}/not-a-guid"), None).status, 400);
    assert_eq!(emu.rest("GET", &format!("{base}/{id}"), None).json()["ID"], id.as_str());
    assert_eq!(emu.req("GET", &format!("{base}/{id}"), &[], b"").status, 401);

    let path = format!("{base}/{id}");
    let mut o = created.clone();
    o["ID"] = json!("6f1c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31");
    o["State"] = json!(1);
    let r = emu.rest("PUT", &path, Some(&o));
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().contains("does not match"));
    let mut o = created.clone();
    o["State"] = json!(4);
    assert_eq!(emu.rest("PUT", &path, Some(&o)).status, 400);
    o["State"] = json!(9);
    assert_eq!(emu.rest("PUT", &path, Some(&o)).status, 400);
    o["State"] = json!(0);
    let r = emu.rest("PUT", &path, Some(&o));
    assert_eq!((r.status, r.json()["State"].clone()), (200, json!(0)));
    // FolderId changes are ignored.
    o["FolderId"] = json!("6f1c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31");
    o["State"] = json!(1);
    let r = emu.rest("PUT", &path, Some(&o));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["FolderId"], FOLDER);
    assert_eq!(emu.rest("PUT", &path, Some(&o)).status, 200);
    o["State"] = json!(0);
    assert_eq!(emu.rest("PUT", &path, Some(&o)).status, 400);
    assert_eq!(emu.rest("PATCH", &path, None).status, 405);
    assert_eq!(emu.rest("GET", "/Panopto/PublicAPI/REST/nothing", None).status, 404);
}
