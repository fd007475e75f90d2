//! Verifier tests against the S3 API Reference worked examples (tests/sigv4/s3-doc-examples.json, vendored from shared/sigv4).
use super::mismatch::explain;
use super::types::Scope;
use super::*;

const EXAMPLES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/sigv4/s3-doc-examples.json"));

fn example(name: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(EXAMPLES).unwrap();
    v["examples"].as_array().unwrap().iter().find(|e| e["name"] == name).unwrap().clone()
}

fn doc_now() -> SystemTime {
    parse_amz_date("20130524T000000Z").unwrap()
}

/// Parses the doc's request text (`METHOD path HTTP/1.1`, headers, blank line, body).
fn parse_doc_request(text: &str) -> (String, String, Vec<(String, String)>) {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap();
    let mut it = first.split(' ');
    let method = it.next().unwrap().to_string();
    let mut path = it.next().unwrap().to_string();
    path = path.replace('$', "%24");
    let mut headers = vec![];
    for l in lines {
        if l.is_empty() {
            break;
        }
        let (n, v) = l.split_once(':').unwrap();
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    (method, path, headers)
}

fn put_object_request() -> (String, String, Vec<(String, String)>) {
    let ex = example("put-object");
    let (m, p, mut h) = parse_doc_request(ex["request"].as_str().unwrap());
    h.push(("authorization".into(), ex["authorization"].as_str().unwrap().to_string()));
    (m, p, h)
}

const AK: &str = "AKIAIOSFODNN7EXAMPLE";
const SK: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[test]
fn accepts_s3_doc_put_object() {
    let (m, p, h) = put_object_request();
    assert_eq!(p, "/test%24file.text");
    let req = IncomingRequest { method: &m, raw_path: &p, raw_query: None, headers: &h };
    let v = verify(&req, AK, SK, doc_now()).expect("doc example must verify");
    assert_eq!(v.kind, AuthKind::Header);
    assert_eq!(v.claimed_sha256.as_deref(), Some("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
}

#[test]
fn rejects_one_byte_change_and_explains() {
    let (m, _p, h) = put_object_request();
    let p = "/test%24file.texu".to_string();
    let req = IncomingRequest { method: &m, raw_path: &p, raw_query: None, headers: &h };
    let e = verify(&req, AK, SK, doc_now()).unwrap_err();
    assert_eq!(e.code, "SignatureDoesNotMatch");
    assert_eq!(e.status, 403);
    // The explanation must equal the doc's canonical request for the unchanged request.
    let (m, p, h) = put_object_request();
    let req = IncomingRequest { method: &m, raw_path: &p, raw_query: None, headers: &h };
    let scope = Scope { akid: AK.into(), date: "20130524".into(), region: "us-east-1".into(), service: "s3".into() };
    let signed: Vec<String> =
        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class".split(';').map(String::from).collect();
    let (creq, sts) = explain(
        &req,
        &scope,
        doc_now(),
        &signed,
        &Mode::Header { payload: "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072" },
    );
    let ex = example("put-object");
    assert_eq!(creq, ex["canonical_request"].as_str().unwrap());
    assert_eq!(sts, ex["string_to_sign"].as_str().unwrap());
    // A changed header value is rejected too.
    let (m, p, mut h) = put_object_request();
    h.iter_mut().find(|(n, _)| n == "x-amz-storage-class").unwrap().1 = "REDUCED_REDUNDANCz".into();
    let req = IncomingRequest { method: &m, raw_path: &p, raw_query: None, headers: &h };
    assert_eq!(verify(&req, AK, SK, doc_now()).unwrap_err().code, "SignatureDoesNotMatch");
}

#[test]
fn accepts_doc_get_with_range_and_lists_objects() {
    for name in ["get-object-range", "list-objects", "get-bucket-lifecycle"] {
        let ex = example(name);
        let text = ex["request"].as_str().unwrap();
        let (m, target, mut h) = parse_doc_request(text);
        h.push(("authorization".into(), ex["authorization"].as_str().unwrap().to_string()));
        let (p, q) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (target.clone(), None),
        };
        let req = IncomingRequest { method: &m, raw_path: &p, raw_query: q.as_deref(), headers: &h };
        verify(&req, AK, SK, doc_now()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

#[test]
fn presigned_doc_example_and_expiry() {
    let ex = example("presigned-get-object");
    let url = ex["url"].as_str().unwrap();
    let q = url.split_once('?').unwrap().1;
    let h = vec![("host".to_string(), "examplebucket.s3.amazonaws.com".to_string())];
    let req = IncomingRequest { method: "GET", raw_path: "/test.txt", raw_query: Some(q), headers: &h };
    let v = verify(&req, AK, SK, doc_now()).unwrap();
    assert_eq!(v.kind, AuthKind::Presigned);
    let late = doc_now() + Duration::from_secs(86_401);
    let e = verify(&req, AK, SK, late).unwrap_err();
    assert_eq!((e.status, e.code, e.message.as_str()), (403, "AccessDenied", "Request has expired"));
    let bad = q.replace("X-Amz-Expires=86400", "X-Amz-Expires=86401");
    let req = IncomingRequest { method: "GET", raw_path: "/test.txt", raw_query: Some(&bad), headers: &h };
    assert_eq!(verify(&req, AK, SK, doc_now()).unwrap_err().code, "SignatureDoesNotMatch");
}

#[test]
fn skew_access_key_and_unsigned() {
    let (m, p, h) = put_object_request();
    let req = IncomingRequest { method: &m, raw_path: &p, raw_query: None, headers: &h };
    let e = verify(&req, AK, SK, doc_now() + Duration::from_secs(16 * 60)).unwrap_err();
    assert_eq!(e.code, "RequestTimeTooSkewed");
    assert_eq!(verify(&req, "other", SK, doc_now()).unwrap_err().code, "InvalidAccessKeyId");
    let h2 = vec![("host".to_string(), "x".to_string())];
    let req = IncomingRequest { method: "PUT", raw_path: "/a", raw_query: None, headers: &h2 };
    assert_eq!(verify(&req, AK, SK, doc_now()).unwrap().kind, AuthKind::Unsigned);
}

#[test]
fn the_path_is_canonicalised_from_what_it_decodes_to() {
    // A relay that re-encodes the path (nginx stripping a prefix passes `%24` as `$`)
    // leaves the doc's signature valid: S3 encodes the decoded path again.
    let (m, _p, h) = put_object_request();
    let req = IncomingRequest { method: &m, raw_path: "/test$file.text", raw_query: None, headers: &h };
    verify(&req, AK, SK, doc_now()).expect("the same path, encoded another way, verifies");
    // A raw `+` is a space; `%2B` is a plus; everything else outside SigV4's unreserved set
    // is encoded once, in upper-case hex.
    assert_eq!(parse::canonical_path("/U/a(b)+c%2Bd%c3%A9~"), "/U/a%28b%29%20c%2Bd%C3%A9~");
}
