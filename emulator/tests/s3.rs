//! S3 operations, error codes and authentication.
mod common;
use common::*;
use std::time::{Duration, SystemTime};

fn setup(emu: &Emu) -> (String, String) {
    let obj = emu.create_session();
    (obj["ID"].as_str().unwrap().to_string(), emu.target_path(&obj))
}

#[test]
fn multipart_error_codes() {
    let emu = Emu::start(&[]);
    let (id, t) = setup(&emu);
    let bogus = "0123456789abcdef0123456789abcdef";
    let r = emu.req("PUT", &format!("{t}/v.mp4?partNumber=1&uploadId={bogus}"), &[], b"x");
    assert_eq!((r.status, r.code().as_str()), (404, "NoSuchUpload"));
    assert_eq!(r.header("content-type"), Some("application/xml"));
    assert!(r.header("x-amz-request-id").is_some() && r.header("date").is_some());
    let body = r.text();
    for tag in ["Code", "Message", "Resource", "RequestId"] {
        assert!(xml_text(&body, tag).is_some(), "{tag} in {body}");
    }
    assert_eq!(emu.req("PUT", &format!("{t}/v.mp4?partNumber=1&uploadId=../../x"), &[], b"x").code(), "NoSuchUpload");
    assert_eq!(
        emu.req("POST", &format!("{t}/v.mp4?uploadId={bogus}"), &[], b"<CompleteMultipartUpload/>").code(),
        "NoSuchUpload"
    );
    assert_eq!(emu.req("DELETE", &format!("{t}/v.mp4?uploadId={bogus}"), &[], b"").code(), "NoSuchUpload");
    assert_eq!(emu.req("GET", &format!("{t}/v.mp4?uploadId={bogus}"), &[], b"").code(), "NoSuchUpload");

    let uid = emu.create_mpu(&t, "v.mp4");
    // An upload ID belongs to its key.
    assert_eq!(emu.req("PUT", &format!("{t}/w.mp4?partNumber=1&uploadId={uid}"), &[], b"x").code(), "NoSuchUpload");
    for bad in ["0", "10001", "abc", "-1", "1.5", ""] {
        let r = emu.req("PUT", &format!("{t}/v.mp4?partNumber={bad}&uploadId={uid}"), &[], b"x");
        assert_eq!((r.status, r.code().as_str()), (400, "InvalidArgument"), "partNumber={bad}");
    }
    let small = data(1000, 1);
    let big = data(5 * 1024 * 1024, 2);
    let e_small = emu
        .req("PUT", &format!("{t}/v.mp4?partNumber=1&uploadId={uid}"), &[], &small)
        .header("etag")
        .unwrap()
        .to_string();
    let e_small2 = emu
        .req("PUT", &format!("{t}/v.mp4?partNumber=2&uploadId={uid}"), &[], &small)
        .header("etag")
        .unwrap()
        .to_string();
    let complete = |parts: &[(u32, &str)]| {
        let mut x = String::from("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (n, e) in parts {
            x.push_str(&format!("<Part><ETag>{e}</ETag><PartNumber>{n}</PartNumber></Part>"));
        }
        x.push_str("</CompleteMultipartUpload>");
        emu.req("POST", &format!("{t}/v.mp4?uploadId={uid}"), &[], x.as_bytes())
    };
    assert_eq!(emu.req("POST", &format!("{t}/v.mp4?uploadId={uid}"), &[], b"<Complete").code(), "MalformedXML");
    assert_eq!(complete(&[]).code(), "MalformedXML");
    assert_eq!(
        emu.req(
            "POST",
            &format!("{t}/v.mp4?uploadId={uid}"),
            &[],
            b"<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>"
        )
        .code(),
        "MalformedXML"
    );
    let r = complete(&[(2, &e_small2), (1, &e_small)]);
    assert_eq!((r.status, r.code().as_str()), (400, "InvalidPartOrder"));
    assert_eq!(complete(&[(1, &e_small), (1, &e_small)]).code(), "InvalidPartOrder");
    let r = complete(&[(1, &e_small), (3, &e_small)]);
    assert_eq!((r.status, r.code().as_str()), (400, "InvalidPart"));
    assert_eq!(complete(&[(1, "\"00000000000000000000000000000000\"")]).code(), "InvalidPart");
    let r = complete(&[(1, &e_small), (2, &e_small2)]);
    assert_eq!((r.status, r.code().as_str()), (400, "EntityTooSmall"), "{}", r.text());
    // Replace part 1 with a 5 MiB part; now it completes (XML-escaped quotes accepted).
    let e_big = emu
        .req("PUT", &format!("{t}/v.mp4?partNumber=1&uploadId={uid}"), &[], &big)
        .header("etag")
        .unwrap()
        .to_string();
    let esc = e_big.replace('"', "&quot;");
    let r = complete(&[(1, &esc), (2, &e_small2)]);
    assert_eq!(r.status, 200, "{}", r.text());
    let mut all = big.clone();
    all.extend_from_slice(&small);
    let ins = emu.inspect(&id);
    let f = &ins["Files"][0];
    assert_eq!((f["Name"].as_str(), f["Sha256"].as_str()), (Some("v.mp4"), Some(sha256_hex(&all).as_str())));
    assert_eq!(ins["S3"]["PartsReceivedByNumber"]["1"], 2);
    assert_eq!(ins["S3"]["PartsReceivedByNumber"]["2"], 1);
    assert!(ins["MultipartUploads"].as_array().unwrap().is_empty());
    // The upload is gone after completion.
    assert_eq!(complete(&[(1, &e_big), (2, &e_small2)]).code(), "NoSuchUpload");

    // Abort.
    let uid2 = emu.create_mpu(&t, "w.mp4");
    emu.req("PUT", &format!("{t}/w.mp4?partNumber=1&uploadId={uid2}"), &[], b"abc");
    assert_eq!(emu.req("DELETE", &format!("{t}/w.mp4?uploadId={uid2}"), &[], b"").status, 204);
    assert_eq!(emu.req("DELETE", &format!("{t}/w.mp4?uploadId={uid2}"), &[], b"").code(), "NoSuchUpload");

    // Unknown upload target; GET of an object; odd keys stay inside the data dir.
    let r = emu.req("PUT", "/Panopto/Upload/6f1c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31/a.mp4", &[], b"x");
    assert_eq!((r.status, r.code().as_str()), (404, "NoSuchBucket"));
    assert_eq!(emu.req("PUT", "/Panopto/Upload/nope/a.mp4", &[], b"x").status, 404);
    assert_eq!(emu.put_object(&t, "..%2F..%2Fescape.txt", b"x").status, 200);
    assert_eq!(emu.put_object(&t, "dir/../x%20y+z.txt", b"y").status, 200);
    assert!(!emu.dir.join("escape.txt").exists() && !emu.dir.parent().unwrap().join("escape.txt").exists());
    // A raw `+` in the path is a space, as S3 reads it.
    let names: Vec<String> =
        emu.inspect(&id)["Files"].as_array().unwrap().iter().map(|f| f["Name"].as_str().unwrap().to_string()).collect();
    assert!(
        names.contains(&"../../escape.txt".to_string()) && names.contains(&"dir/../x y z.txt".to_string()),
        "{names:?}"
    );
    let r = emu.req("GET", &format!("{t}/v.mp4"), &[], b"");
    assert_eq!((r.status, r.body.len()), (200, all.len()));
    assert_eq!(emu.req("GET", &format!("{t}/none"), &[], b"").code(), "NoSuchKey");
}

#[test]
fn list_parts_paginates() {
    let emu = Emu::start(&[]);
    let (id, t) = setup(&emu);
    let uid = emu.create_mpu(&t, "v.mp4");
    for n in 1..=5u32 {
        let r = emu.req("PUT", &format!("{t}/v.mp4?partNumber={n}&uploadId={uid}"), &[], &data(100 + n as usize, n));
        assert_eq!(r.status, 200);
    }
    emu.req("PUT", &format!("{t}/v.mp4?partNumber=3&uploadId={uid}"), &[], &data(103, 3));
    let list = |q: &str| {
        let r = emu.req("GET", &format!("{t}/v.mp4?uploadId={uid}{q}"), &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        r.text()
    };
    let x = list("&max-parts=2");
    assert!(
        x.starts_with("<?xml") && x.contains("<ListPartsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
    );
    assert_eq!(xml_text(&x, "Key").unwrap(), format!("{id}/v.mp4"));
    assert_eq!(xml_text(&x, "UploadId").unwrap(), uid);
    assert_eq!(xml_text(&x, "IsTruncated").unwrap(), "true");
    assert_eq!(xml_text(&x, "MaxParts").unwrap(), "2");
    assert_eq!(xml_text(&x, "PartNumberMarker").unwrap(), "0");
    assert_eq!(xml_text(&x, "NextPartNumberMarker").unwrap(), "2");
    assert_eq!(x.matches("<Part>").count(), 2);
    assert!(x.contains("<Size>101</Size>") && x.contains("<LastModified>"));
    let x = list("&max-parts=2&part-number-marker=2");
    assert!(
        x.contains("<PartNumber>3</PartNumber>")
            && x.contains("<PartNumber>4</PartNumber>")
            && !x.contains("<PartNumber>2</PartNumber>")
    );
    assert_eq!(xml_text(&x, "NextPartNumberMarker").unwrap(), "4");
    let x = list("&max-parts=2&part-number-marker=4");
    assert_eq!(xml_text(&x, "IsTruncated").unwrap(), "false");
    assert_eq!(x.matches("<Part>").count(), 1);
    let x = list("");
    assert_eq!(xml_text(&x, "MaxParts").unwrap(), "1000");
    assert_eq!(x.matches("<Part>").count(), 5);
    assert_eq!(emu.req("GET", &format!("{t}/v.mp4?uploadId={uid}&max-parts=x"), &[], b"").code(), "InvalidArgument");
    let ins = emu.inspect(&id);
    assert_eq!(ins["S3"]["PartsReceived"], 6);
    assert_eq!(ins["S3"]["PartsReceivedByNumber"]["3"], 2);
    assert_eq!(ins["S3"]["PartsReceivedByNumber"]["4"], 1);
    assert_eq!(ins["MultipartUploads"][0]["Parts"].as_array().unwrap().len(), 5);
}

#[test]
fn concurrent_parts_assemble_byte_identical() {
    let emu = Emu::start(&[]);
    let (id, t) = setup(&emu);
    let uid = emu.create_mpu(&t, "big.mp4");
    let part = 5 * MIB;
    let whole = data(7 * part + 4321, 99);
    let chunks: Vec<Vec<u8>> = whole.chunks(part).map(|c| c.to_vec()).collect();
    assert_eq!(chunks.len(), 8);
    let addr = emu.addr.clone();
    let handles: Vec<_> = chunks
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let (addr, t, uid) = (addr.clone(), t.clone(), uid.clone());
            std::thread::spawn(move || {
                let target = format!("{t}/big.mp4?partNumber={}&uploadId={uid}", i + 1);
                let hs = Signer::dummy().headers(&addr, "PUT", &target, &[], Payload::Unsigned);
                let refs: Vec<(&str, &str)> = hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                let r = http(&addr, "PUT", &target, &refs, &c);
                assert_eq!(r.status, 200, "{}", r.text());
                (i + 1, r.header("etag").unwrap().to_string())
            })
        })
        .collect();
    let mut etags: Vec<(usize, String)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    etags.sort();
    let xml: String =
        etags.iter().map(|(n, e)| format!("<Part><PartNumber>{n}</PartNumber><ETag>{e}</ETag></Part>")).collect();
    let xml = format!("<CompleteMultipartUpload>{xml}</CompleteMultipartUpload>");
    let r = emu.req("POST", &format!("{t}/big.mp4?uploadId={uid}"), &[], xml.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(xml_text(&r.text(), "ETag").unwrap().ends_with("-8\""));
    let ins = emu.inspect(&id);
    assert_eq!(ins["Files"][0]["Sha256"], sha256_hex(&whole));
    assert_eq!(ins["Files"][0]["Size"], whole.len());
    assert_eq!(ins["S3"]["Verified"], 8);
    assert_eq!(ins["S3"]["PartsReceived"], 8);
}

#[test]
fn signature_checks() {
    let emu = Emu::start(&[]);
    let (id, t) = setup(&emu);
    let body = b"hello world";
    let good = signed(
        &emu,
        "PUT",
        &format!("{t}/ok.txt"),
        &[("content-type", "text/plain")],
        body,
        Payload::Hash(sha256_hex(body)),
    );
    assert_eq!(good.status, 200, "{}", good.text());

    // Wrong secret.
    let hs = Signer::dummy().keys("dummy", "wrong").headers(
        &emu.addr,
        "PUT",
        &format!("{t}/a.txt"),
        &[],
        Payload::Hash(sha256_hex(body)),
    );
    let refs: Vec<(&str, &str)> = hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = emu.req("PUT", &format!("{t}/a.txt"), &refs, body);
    assert_eq!((r.status, r.code().as_str()), (403, "SignatureDoesNotMatch"));
    let creq = xml_text(&r.text(), "CanonicalRequest").unwrap();
    assert!(creq.starts_with(&format!("PUT\n{t}/a.txt\n\nhost:{}\n", emu.addr)), "{creq}");
    assert!(xml_text(&r.text(), "StringToSign").unwrap().starts_with("AWS4-HMAC-SHA256\n"));
    // Signed for one path, sent to another (one byte).
    let r = emu.req("PUT", &format!("{t}/b.txt"), &refs, body);
    assert_eq!(r.code(), "SignatureDoesNotMatch");
    // A signed header changed in transit.
    let hs = Signer::dummy().headers(
        &emu.addr,
        "PUT",
        &format!("{t}/c.txt"),
        &[("content-type", "text/plain")],
        Payload::Unsigned,
    );
    let mut hs2 = hs.clone();
    hs2[0].1 = "text/plaim".into();
    let refs: Vec<(&str, &str)> = hs2.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(emu.req("PUT", &format!("{t}/c.txt"), &refs, body).code(), "SignatureDoesNotMatch");
    // An unsigned x-amz-* header.
    let mut hs3 = hs.clone();
    hs3.push(("x-amz-meta-x".into(), "1".into()));
    let refs: Vec<(&str, &str)> = hs3.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = emu.req("PUT", &format!("{t}/c.txt"), &refs, body);
    assert_eq!((r.status, r.code().as_str()), (403, "AccessDenied"));

    // Payload hash does not match the body: rejected and the data discarded.
    let r = signed(&emu, "PUT", &format!("{t}/bad.txt"), &[], body, Payload::Hash(sha256_hex(b"other")));
    assert_eq!((r.status, r.code().as_str()), (400, "XAmzContentSHA256Mismatch"));
    assert_eq!(xml_text(&r.text(), "S3ComputedContentSHA256").unwrap(), sha256_hex(body));
    let uid = emu.create_mpu(&t, "p.bin");
    let r = signed(
        &emu,
        "PUT",
        &format!("{t}/p.bin?partNumber=1&uploadId={uid}"),
        &[],
        body,
        Payload::Hash(sha256_hex(b"x")),
    );
    assert_eq!(r.code(), "XAmzContentSHA256Mismatch");

    // Clock skew.
    let old = SystemTime::now() - Duration::from_secs(20 * 60);
    let hs = Signer::dummy().at(old).headers(&emu.addr, "PUT", &format!("{t}/s.txt"), &[], Payload::Unsigned);
    let refs: Vec<(&str, &str)> = hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = emu.req("PUT", &format!("{t}/s.txt"), &refs, body);
    assert_eq!((r.status, r.code().as_str()), (403, "RequestTimeTooSkewed"));
    assert_eq!(xml_text(&r.text(), "MaxAllowedSkewMilliseconds").unwrap(), "900000");
    assert_eq!(xml_text(&r.text(), "RequestTime").unwrap(), amz_date(old));
    assert!(xml_text(&r.text(), "ServerTime").is_some());

    // Unknown access key.
    let hs = Signer::dummy().keys("AKIDOTHER", "dummy").headers(
        &emu.addr,
        "PUT",
        &format!("{t}/k.txt"),
        &[],
        Payload::Unsigned,
    );
    let refs: Vec<(&str, &str)> = hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = emu.req("PUT", &format!("{t}/k.txt"), &refs, body);
    assert_eq!((r.status, r.code().as_str()), (403, "InvalidAccessKeyId"));

    // Header auth without x-amz-content-sha256.
    let hs: Vec<(String, String)> = Signer::dummy()
        .headers(&emu.addr, "PUT", &format!("{t}/m.txt"), &[], Payload::Unsigned)
        .into_iter()
        .filter(|(n, _)| n != "x-amz-content-sha256")
        .collect();
    let refs: Vec<(&str, &str)> = hs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = emu.req("PUT", &format!("{t}/m.txt"), &refs, body);
    assert_eq!((r.status, r.code().as_str()), (400, "InvalidRequest"));
    assert!(r.text().contains("x-amz-content-sha256"));

    // aws-chunked in any of its forms.
    for h in [
        ("Content-Encoding", "aws-chunked"),
        ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
        ("x-amz-decoded-content-length", "11"),
    ] {
        let r = emu.req("PUT", &format!("{t}/chunked.txt"), &[h], body);
        assert_eq!((r.status, r.code().as_str()), (501, "NotImplemented"), "{h:?}");
        assert_eq!(
            xml_text(&r.text(), "Message").unwrap(),
            "Transferring payloads in multiple chunks using aws-chunked is not supported."
        );
    }

    let ins = emu.inspect(&id);
    let names: Vec<&str> = ins["Files"].as_array().unwrap().iter().map(|f| f["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ok.txt"]);
    assert_eq!(ins["S3"]["Verified"], 3, "{}", ins["S3"]); // ok.txt, create MPU, (part with bad hash verified its signature first)
    assert_eq!(ins["S3"]["Rejected"], 13, "{}", ins["S3"]);
    assert_eq!(ins["S3"]["PartsReceived"], 0);
}

#[test]
fn presigned_unsigned_and_token_leaks() {
    let emu = Emu::start(&[]);
    let (id, t) = setup(&emu);
    let url = presign(&emu.addr, "PUT", &format!("{t}/pre.txt"), 300, SystemTime::now());
    assert!(url.contains("X-Amz-Signature="));
    let r = emu.req("PUT", &url, &[], b"presigned");
    assert_eq!(r.status, 200, "{}", r.text());
    let uid = emu.create_mpu(&t, "pp.bin");
    let url = presign(&emu.addr, "PUT", &format!("{t}/pp.bin?partNumber=1&uploadId={uid}"), 300, SystemTime::now());
    assert_eq!(emu.req("PUT", &url, &[], b"part").status, 200);
    let url = presign(&emu.addr, "PUT", &format!("{t}/old.txt"), 60, SystemTime::now() - Duration::from_secs(120));
    let r = emu.req("PUT", &url, &[], b"x");
    assert_eq!((r.status, r.code().as_str()), (403, "AccessDenied"));
    assert_eq!(xml_text(&r.text(), "Message").unwrap(), "Request has expired");
    let tampered = presign(&emu.addr, "PUT", &format!("{t}/t.txt"), 300, SystemTime::now()).replace("t.txt", "u.txt");
    assert_eq!(emu.req("PUT", &tampered, &[], b"x").code(), "SignatureDoesNotMatch");

    // Unsigned requests are accepted, as Panopto does.
    assert_eq!(emu.put_object(&t, "plain.txt", b"x").status, 200);
    // The REST bearer token on an S3 request is a leak (and the request counts as unsigned).
    let r = emu.req("PUT", &format!("{t}/leak.txt"), &[("Authorization", "Bearer dev-token")], b"x");
    assert_eq!(r.status, 200);
    let r = emu.req("PUT", &format!("{t}/leak2.txt?token=dev-token"), &[], b"x");
    assert_eq!(r.status, 200);
    let r = emu.req("PUT", &format!("{t}/leak3.txt"), &[("X-Custom", "abc dev-token")], b"x");
    assert_eq!(r.status, 200);
    let ins = emu.inspect(&id);
    assert_eq!(ins["S3"]["Verified"], 2, "{}", ins["S3"]); // the two presigned PUTs
    assert_eq!(ins["S3"]["Unsigned"], 5, "{}", ins["S3"]); // create MPU, plain, three leaks
    assert_eq!(ins["S3"]["Rejected"], 2, "{}", ins["S3"]);
    let leaks = ins["TokenLeaks"].as_array().unwrap();
    assert_eq!(leaks.len(), 3, "{leaks:?}");
    assert!(leaks[0]["Where"].as_str().unwrap().contains("Authorization"));
    assert!(leaks.iter().any(|l| l["Where"] == "query string"));
    assert!(leaks.iter().any(|l| l["Where"] == "header x-custom"));
    assert!(leaks.iter().all(|l| l["At"].is_string()));
}
