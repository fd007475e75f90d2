//! Property test: the component's SigV4 signer against the emulator's independent verifier.
//! Arbitrary file names (any Unicode a file system allows), query parameters and
//! `x-amz-meta-*` headers (any case, duplicates, runs of spaces, leading and trailing blanks)
//! are signed by `panopto_uploader::core::sigv4` and sent as a PutObject: every one must be
//! accepted (a `SignatureDoesNotMatch` here is a request S3 would refuse too).
mod common;
use common::*;
use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::sigv4::{
    sign_headers, Credentials, PayloadHash, RequestToSign, SessionTokenMode, SigningParams,
};
use panopto_uploader::core::upload_target::ObjectLocation;
use panopto_uploader::core::uri_encode::uri_encode;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::time::{SystemTime, UNIX_EPOCH};

/// A file name a browser can hand us: no control characters, no path separators, not `.`/`..`.
fn file_name() -> impl Strategy<Value = String> {
    "[^\\p{Cc}/\\\\]{1,60}".prop_filter("addressable", |s| s != "." && s != "..")
}

fn meta() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[a-zA-Z0-9-]{1,16}", "[ -~]{0,40}"), 0..5)
        .prop_map(|v| v.into_iter().map(|(n, val)| (format!("X-Amz-Meta-{n}"), val)).collect())
}

fn query() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[a-zA-Z0-9._~ +=&/%-]{1,10}", any::<String>()), 0..3).prop_filter(
        "no S3 operation keys",
        |v| {
            v.iter().all(|(k, _)| {
                !["uploads", "uploadId", "partNumber", "X-Amz-Signature", "X-Amz-Credential"].contains(&k.as_str())
            })
        },
    )
}

#[test]
fn whatever_the_signer_signs_the_emulator_verifies() {
    let emu = Emu::start(&[]);
    let obj = emu.create_session();
    let target = emu.target_path(&obj);
    let creds = Credentials::panopto_dummy();
    let mut runner = TestRunner::new(Config { cases: 96, ..Config::default() });
    let strategy = (file_name(), meta(), query(), prop::collection::vec(any::<u8>(), 0..64));
    runner
        .run(&strategy, |(name, meta, query, body)| {
            let location = ObjectLocation::new(&format!("http://{}{target}", emu.addr), &name).unwrap();
            let mut headers = vec![("host".to_string(), emu.addr.clone())];
            headers.extend(meta.iter().cloned());
            let secs = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
            let params = SigningParams {
                credentials: &creds,
                region: "us-east-1",
                service: "s3",
                time: AmzDate::from_unix_secs(secs),
                session_token_mode: SessionTokenMode::Signed,
            };
            let path = location.path();
            let req = RequestToSign { method: "PUT", path: &path, query: &query, headers: &headers };
            let signed = sign_headers(&req, &params, &PayloadHash::of(&body), true).unwrap();
            headers.extend(signed.headers);
            let mut wire = location.url()[format!("http://{}", emu.addr).len()..].to_string();
            if !query.is_empty() {
                let q: Vec<String> =
                    query.iter().map(|(k, v)| format!("{}={}", uri_encode(k), uri_encode(v))).collect();
                wire = format!("{wire}?{}", q.join("&"));
            }
            let sent: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let r = emu.req("PUT", &wire, &sent, &body);
            prop_assert_eq!(
                r.status,
                200,
                "{} {:?} {:?}\n{}\n{}",
                name,
                meta,
                query,
                r.text(),
                signed.canonical_request
            );
            Ok(())
        })
        .unwrap();
}
