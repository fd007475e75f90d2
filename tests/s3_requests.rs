//! S3 multipart request building and response parsing. The expected signatures were
//! computed by an independent SigV4 implementation (Python's hmac/hashlib and
//! urllib.parse.quote with safe="-._~"), not by our signer.
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::part_plan::PartRange;
use panopto_uploader::core::s3::*;
use panopto_uploader::core::sigv4::EMPTY_SHA256;
use panopto_uploader::core::upload_target::ObjectLocation;
use panopto_uploader::text::ErrorText;
use panopto_uploader::ui::i18n::english;

const TARGET: &str = "http://127.0.0.1:8080/Panopto/Upload/7d3c1f0e-2b4a-4c5d-9e8f-0a1b2c3d4e5f";
const NAME: &str = "a+b (1)*'~ é.mp4";
const ENCODED: &str = "/Panopto/Upload/7d3c1f0e-2b4a-4c5d-9e8f-0a1b2c3d4e5f/a%2Bb%20%281%29%2A%27~%20%C3%A9.mp4";
const UPLOAD_ID: &str = "abc+/=x y";

fn now() -> AmzDate {
    AmzDate::from_unix_secs(1_795_379_400) // 20261122T203000Z
}

fn client(file: &str) -> S3Object {
    S3Object::new(ObjectLocation::new(TARGET, file).unwrap(), Some(S3Auth::default()))
}

fn signature(r: &S3Request) -> &str {
    r.header("authorization").unwrap().rsplit("Signature=").next().unwrap()
}

fn assert_wire_safe(r: &S3Request) {
    for (n, _) in &r.headers {
        let n = n.to_ascii_lowercase();
        assert!(n != "host" && n != "content-length", "forbidden header {n} set");
        assert!(!n.starts_with("x-amz-checksum") && n != "x-amz-trailer" && n != "x-amz-decoded-content-length");
    }
    assert_ne!(r.header("content-encoding"), Some("aws-chunked"));
    assert!(!r.header("x-amz-content-sha256").unwrap_or("").starts_with("STREAMING"));
}

#[test]
fn create_multipart_upload_request() {
    let r = create_multipart_upload::build(&client(NAME), Some("video/mp4"), now()).unwrap();
    assert_eq!((r.method, r.url.as_str()), ("POST", &*format!("http://127.0.0.1:8080{ENCODED}?uploads=")));
    assert_eq!(r.header("x-amz-date"), Some("20261122T203000Z"));
    assert_eq!(r.header("x-amz-content-sha256"), Some(EMPTY_SHA256));
    assert_eq!(r.header("content-type"), Some("video/mp4"));
    assert!(r.header("authorization").unwrap().starts_with(
        "AWS4-HMAC-SHA256 Credential=dummy/20261122/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
    ));
    assert_eq!(signature(&r), "1018e771012e9f92fa0cd5bdbc0bb9d0cc9ff3a854a1d5eb6c8bb375917efd90");
    assert_eq!(r.body, S3Body::Empty);
    assert_wire_safe(&r);
}

#[test]
fn upload_part_request_is_a_lazy_slice() {
    let part = PartRange { number: 3, start: 10 << 20, end: 15 << 20 };
    let r = upload_part::build(&client(NAME), UPLOAD_ID, part, now()).unwrap();
    assert_eq!(r.url, format!("http://127.0.0.1:8080{ENCODED}?partNumber=3&uploadId=abc%2B%2F%3Dx%20y"));
    assert_eq!(r.body, S3Body::FileSlice { start: 10 << 20, end: 15 << 20 });
    assert_eq!(r.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(signature(&r), "0a96bb01b13735e851bcf9d41acc071f0996ebfec1e34e65cf80259f616fb8c7");
    assert_wire_safe(&r);
}

#[test]
fn list_parts_abort_and_complete_requests() {
    let c = client(NAME);
    let r = list_parts::build(&c, UPLOAD_ID, Some(1), now()).unwrap();
    assert_eq!(r.method, "GET");
    assert_eq!(r.url, format!("http://127.0.0.1:8080{ENCODED}?uploadId=abc%2B%2F%3Dx%20y&part-number-marker=1"));
    assert_eq!(signature(&r), "0547986b2fd4594f97428202cee4beef20c168da13c5870c962f80828b1d38b1");
    let r = abort_multipart_upload::build(&c, UPLOAD_ID, now()).unwrap();
    // Exactly the one parameter: no stray `&` (or `?`) at the end for a proxy to trip on.
    assert_eq!(r.url, format!("http://127.0.0.1:8080{ENCODED}?uploadId=abc%2B%2F%3Dx%20y"));
    assert_eq!(
        (r.method, signature(&r)),
        ("DELETE", "0871079f2854f2fda936289d7d87894cd786403e63d377358b24d4dd44611c96")
    );

    let mut parts = PartsCollector::new(2);
    parts.record(2, "\"92eb5ffee6ae2fec3ad71c777531578f\"").unwrap();
    parts.record(1, "\"0cc175b9c0f1b6a831c399e269772661\"").unwrap();
    let r = complete_multipart_upload::build(&c, UPLOAD_ID, &parts.completed_parts().unwrap(), now()).unwrap();
    let body = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"0cc175b9c0f1b6a831c399e269772661\"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>\"92eb5ffee6ae2fec3ad71c777531578f\"</ETag></Part></CompleteMultipartUpload>";
    assert_eq!(r.body, S3Body::Bytes(body.as_bytes().to_vec()), "raw XML, ETag quotes kept");
    assert_eq!(signature(&r), "f0660feb1a925c538edfee6f5c5caf98a4531bed93a80a9b2d930e61a249070a");
    assert_wire_safe(&r);
}

#[test]
fn complete_refuses_a_gap_before_sending_anything() {
    let p = |n, e: &str| CompletedPart { number: n, etag: e.into() };
    let e =
        complete_multipart_upload::build(&client(NAME), UPLOAD_ID, &[p(1, "\"a\""), p(3, "\"c\"")], now()).unwrap_err();
    let complete_multipart_upload::CompleteBuildError::Parts(e) = e else { panic!("a parts error: {e:?}") };
    assert_eq!(english(&ErrorText::Parts(e)), "part 2 has not been acknowledged: refusing to complete with a gap");
    assert!(complete_multipart_upload::build(&client(NAME), UPLOAD_ID, &[], now()).is_err());
}

#[test]
fn list_parts_first_page_has_no_marker() {
    let r = list_parts::build(&client(NAME), UPLOAD_ID, None, now()).unwrap();
    assert_eq!(r.url, format!("http://127.0.0.1:8080{ENCODED}?uploadId=abc%2B%2F%3Dx%20y"));
    assert_eq!(r.body, S3Body::Empty);
    assert_eq!(signature(&r), "27f1b45ce9dde261553268b33c6105a55cc876fa1d2a32aa11344d99412e1c82");
    assert_wire_safe(&r);
}

#[test]
fn unsigned_mode_sends_no_authorization_so_no_preflight_headers() {
    let c = S3Object::new(ObjectLocation::new(TARGET, NAME).unwrap(), None);
    let part = PartRange { number: 1, start: 0, end: 1 };
    let r = upload_part::build(&c, UPLOAD_ID, part, now()).unwrap();
    assert!(r.headers.is_empty(), "{:?}", r.headers);
}

#[test]
fn parses_create_and_upload_part_answers() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>Upload</Bucket><Key>7d3c/a.mp4</Key><UploadId>VXBsb2FkIElE&amp;x</UploadId></InitiateMultipartUploadResult>"#;
    let out = create_multipart_upload::parse(200, xml).unwrap();
    assert_eq!(
        (out.bucket.as_str(), out.key.as_str(), out.upload_id.as_str()),
        ("Upload", "7d3c/a.mp4", "VXBsb2FkIElE&x")
    );
    assert_eq!(
        create_multipart_upload::parse(200, "<InitiateMultipartUploadResult/>").unwrap_err().code,
        S3Code::UnexpectedResponse
    );
    let e = create_multipart_upload::parse(
        404,
        "<Error><Code>NoSuchBucket</Code><Message>m</Message><RequestId>r</RequestId></Error>",
    )
    .unwrap_err();
    assert_eq!((e.status, e.code.to_string(), e.request_id.as_deref()), (404, "NoSuchBucket".into(), Some("r")));

    assert_eq!(upload_part::parse(200, Some(" \"abc\" "), "").unwrap(), Some("\"abc\"".to_string()));
    assert_eq!(upload_part::parse(200, None, "").unwrap(), None, "hidden ETag is reported, not invented");
    let e = upload_part::parse(400, None, "<Error><Code>InvalidArgument</Code><Message>Part number must be an integer between 1 and 10000, inclusive</Message></Error>").unwrap_err();
    assert!(!e.is_retryable());
}

#[test]
fn parses_list_parts_pages() {
    let page1 = r#"<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>Upload</Bucket><Key>k</Key><UploadId>u</UploadId>
<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>
<Part><PartNumber>1</PartNumber><LastModified>2026-11-22T20:30:00.000Z</LastModified><ETag>"a"</ETag><Size>5242880</Size></Part>
<Part><PartNumber>2</PartNumber><LastModified>2026-11-22T20:30:00.000Z</LastModified><ETag>&quot;b&quot;</ETag><Size>5242880</Size></Part></ListPartsResult>"#;
    let out = list_parts::parse(200, page1).unwrap();
    assert_eq!(out.parts.len(), 2);
    assert_eq!(out.parts[1].etag, "\"b\"");
    assert_eq!(out.parts[0].size, 5_242_880);
    assert_eq!(out.next_part_number_marker, Some(2));
    let last = "<ListPartsResult><IsTruncated>false</IsTruncated><Part><PartNumber>3</PartNumber><ETag>\"c\"</ETag><Size>7</Size></Part></ListPartsResult>";
    assert_eq!(list_parts::parse(200, last).unwrap().next_part_number_marker, None);
    let broken =
        "<ListPartsResult><Part><PartNumber>x</PartNumber><ETag>\"c\"</ETag><Size>7</Size></Part></ListPartsResult>";
    let e = list_parts::parse(200, broken).unwrap_err();
    assert!(english(&ErrorText::S3 { operation: "ListParts", error: e }).contains("bad PartNumber"));
    let no_marker = "<ListPartsResult><IsTruncated>true</IsTruncated></ListPartsResult>";
    assert!(list_parts::parse(200, no_marker).is_err());
}

#[test]
fn complete_answer_can_be_an_error_inside_a_200() {
    let ok = r#"<CompleteMultipartUploadResult><Location>http://h/Panopto/Upload/x/a.mp4</Location><Bucket>Upload</Bucket><Key>x/a.mp4</Key><ETag>"3858f62230ac3c915f300c664312c11f-2"</ETag></CompleteMultipartUploadResult>"#;
    assert_eq!(complete_multipart_upload::parse(200, ok).unwrap().etag, "\"3858f62230ac3c915f300c664312c11f-2\"");
    let hidden = "<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>";
    let e = complete_multipart_upload::parse(200, hidden).unwrap_err();
    assert_eq!(e.code, S3Code::InternalError);
    assert!(e.is_retryable());
    let e = complete_multipart_upload::parse(400, "<Error><Code>EntityTooSmall</Code></Error>").unwrap_err();
    assert_eq!(e.code, S3Code::Other("EntityTooSmall".into()));
    assert!(complete_multipart_upload::parse(200, "garbage").is_err());
}

#[test]
fn abort_treats_no_such_upload_as_done() {
    assert!(abort_multipart_upload::parse(204, "").is_ok());
    assert!(abort_multipart_upload::parse(404, "<Error><Code>NoSuchUpload</Code></Error>").is_ok());
    assert!(abort_multipart_upload::parse(403, "<Error><Code>AccessDenied</Code></Error>").is_err());
}
