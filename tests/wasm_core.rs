//! The protocol core compiled to wasm and run in headless Chromium
//! (`wasm-pack test --headless --chrome`): the same SigV4 vectors, manifest, planning and
//! parsing checks as on the host, proving the core behaves identically in the browser.
#![cfg(target_arch = "wasm32")]

#[path = "support/sigv4_cases.rs"]
#[allow(dead_code)] // the classic suite runs on the host only (it reads .req files from disk)
mod sigv4_cases;

use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::checksum::{crc32_hex, Crc32};
use panopto_uploader::core::panopto_rest::{parse_response, SessionUpload, UploadStatus};
use panopto_uploader::core::part_plan::{PartPlan, MIB};
use panopto_uploader::core::s3::xml::flatten;
use panopto_uploader::core::s3::{self, S3Auth, S3Object};
use panopto_uploader::core::ucs_manifest::*;
use panopto_uploader::core::upload_target::ObjectLocation;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Embeds one crt-v4 case's files (a wasm test has no file system).
macro_rules! crt_case {
    ($name:literal) => {{
        let load = |f: &str| -> Option<String> {
            let text = match f {
                "context.json" => include_str!(concat!("sigv4/crt-v4/", $name, "/context.json")),
                "request.txt" => include_str!(concat!("sigv4/crt-v4/", $name, "/request.txt")),
                "header-canonical-request.txt" => {
                    include_str!(concat!("sigv4/crt-v4/", $name, "/header-canonical-request.txt"))
                }
                "header-string-to-sign.txt" => {
                    include_str!(concat!("sigv4/crt-v4/", $name, "/header-string-to-sign.txt"))
                }
                "header-signature.txt" => include_str!(concat!("sigv4/crt-v4/", $name, "/header-signature.txt")),
                "header-signed-request.txt" => {
                    include_str!(concat!("sigv4/crt-v4/", $name, "/header-signed-request.txt"))
                }
                "query-canonical-request.txt" => {
                    include_str!(concat!("sigv4/crt-v4/", $name, "/query-canonical-request.txt"))
                }
                "query-string-to-sign.txt" => {
                    include_str!(concat!("sigv4/crt-v4/", $name, "/query-string-to-sign.txt"))
                }
                "query-signature.txt" => include_str!(concat!("sigv4/crt-v4/", $name, "/query-signature.txt")),
                "query-signed-request.txt" => {
                    include_str!(concat!("sigv4/crt-v4/", $name, "/query-signed-request.txt"))
                }
                _ => return None,
            };
            Some(text.to_string())
        };
        sigv4_cases::run_crt_case($name, &load, false)
    }};
}

#[wasm_bindgen_test]
fn sigv4_official_crt_suite_in_the_browser() {
    let results = [
        crt_case!("get-header-key-duplicate"),
        crt_case!("get-header-value-multiline"),
        crt_case!("get-header-value-order"),
        crt_case!("get-header-value-trim"),
        crt_case!("get-relative-relative-unnormalized"),
        crt_case!("get-relative-unnormalized"),
        crt_case!("get-slash-dot-slash-unnormalized"),
        crt_case!("get-slash-pointless-dot-unnormalized"),
        crt_case!("get-slash-unnormalized"),
        crt_case!("get-slashes-unnormalized"),
        crt_case!("get-space-normalized"),
        crt_case!("get-space-unnormalized"),
        crt_case!("get-unreserved"),
        crt_case!("get-utf8"),
        crt_case!("get-vanilla"),
        crt_case!("get-vanilla-empty-query-key"),
        crt_case!("get-vanilla-query"),
        crt_case!("get-vanilla-query-order-encoded"),
        crt_case!("get-vanilla-query-order-key-case"),
        crt_case!("get-vanilla-query-unreserved"),
        crt_case!("get-vanilla-utf8-query"),
        crt_case!("get-vanilla-with-session-token"),
        crt_case!("post-header-key-case"),
        crt_case!("post-header-key-sort"),
        crt_case!("post-header-value-case"),
        crt_case!("post-sts-header-after"),
        crt_case!("post-sts-header-before"),
        crt_case!("post-vanilla"),
        crt_case!("post-vanilla-empty-query-value"),
        crt_case!("post-vanilla-query"),
        crt_case!("post-x-www-form-urlencoded"),
        crt_case!("post-x-www-form-urlencoded-parameters"),
    ];
    let failures: Vec<String> = results.iter().filter_map(|r| r.clone().err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(results.iter().map(|r| r.clone().unwrap()).sum::<usize>(), 64);
}

#[wasm_bindgen_test]
fn sigv4_s3_doc_examples_in_the_browser() {
    assert_eq!(sigv4_cases::run_s3_doc_examples(include_str!("sigv4/s3-doc-examples.json")), Ok(5));
}

#[wasm_bindgen_test]
fn signed_upload_part_matches_the_independent_oracle() {
    // Same case as tests/s3_requests.rs (signature from a Python implementation).
    let object = ObjectLocation::new(
        "http://127.0.0.1:8080/Panopto/Upload/7d3c1f0e-2b4a-4c5d-9e8f-0a1b2c3d4e5f",
        "a+b (1)*'~ é.mp4",
    )
    .unwrap();
    let object = S3Object::new(object, Some(S3Auth::default()));
    let plan = PartPlan::with_default_part_size(23 * MIB).unwrap();
    let r = s3::upload_part::build(&object, "abc+/=x y", plan.part(3).unwrap(), AmzDate::from_unix_secs(1_795_379_400))
        .unwrap();
    assert!(r
        .header("authorization")
        .unwrap()
        .ends_with("Signature=0a96bb01b13735e851bcf9d41acc071f0996ebfec1e34e65cf80259f616fb8c7"));
    assert_eq!(r.body, s3::S3Body::FileSlice { start: 10 * MIB, end: 15 * MIB });
}

#[wasm_bindgen_test]
fn manifest_and_parsers_in_the_browser() {
    let title = "<script>&amp; ]]> \"q\" 🎓 محاضرة";
    let m = Manifest {
        title: title.into(),
        description: None,
        date: AmzDate::from_unix_secs(1_795_379_400),
        videos: vec![Video {
            file: FileRef { name: "a.mp4".into(), crc32: Some(0xcbf43926) },
            stream_type: StreamType::Primary,
            start_ms: 0,
            transcripts: vec![],
        }],
        tags: vec![],
    };
    let xml = m.to_xml().unwrap();
    let items = flatten(&xml).unwrap();
    assert_eq!(items.iter().find(|(k, _)| k == "Session/Title").unwrap().1, title);
    assert!(xml.contains("<Date>2026-11-22T20:30:00Z</Date>"));
    assert!(xml.contains("Checksum=\"cbf43926\""));

    let up: SessionUpload = parse_response(201, r#"{"ID":"86cb20c2-a0a1-4c24-94c7-3a75532816df","FolderId":"3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31","SessionId":null,"UploadTarget":"http://h/Panopto/Upload/x","State":0,"MessageID":0,"Message":null}"#).unwrap();
    assert_eq!(up.state, UploadStatus::Uploading);
    let e = s3::complete_multipart_upload::parse(200, "<Error><Code>InternalError</Code></Error>").unwrap_err();
    assert!(e.is_retryable());
}

#[wasm_bindgen_test]
fn crc32_is_incremental_in_the_browser() {
    let data: Vec<u8> = (0..(3 * MIB as u32)).map(|i| (i % 251) as u8).collect();
    let mut c = Crc32::new();
    for chunk in data.chunks(MIB as usize / 3) {
        c.update(chunk);
    }
    let mut whole = Crc32::new();
    whole.update(&data);
    assert_eq!(c.value(), whole.value());
    assert_eq!(
        crc32_hex({
            let mut k = Crc32::new();
            k.update(b"123456789");
            k.value()
        }),
        "cbf43926"
    );
}
