//! Property tests: every parser we wrote takes arbitrary input and answers (a value or an
//! error), never a panic: S3's XML answers and error documents, ListParts, Panopto's REST JSON,
//! OAuth token answers and sign-in callbacks, Panda's answers and `Range`, URI decoding, dates.
//! Inputs are arbitrary strings and, to reach past the first byte, concatenations of fragments
//! of the real documents (tags, entities, numbers at and past their limits, truncations).
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::oauth::{authorize::parse_callback, token::parse_tokens};
use panopto_uploader::core::panda::{answer, range::held_from_range};
use panopto_uploader::core::panopto_rest::v1::{Folder, Page, Session};
use panopto_uploader::core::panopto_rest::{parse_response, RestError, SessionUpload, StreamUpload};
use panopto_uploader::core::s3::{
    abort_multipart_upload, complete_multipart_upload, create_multipart_upload, head_object, list_parts, upload_part,
    S3Error,
};
use panopto_uploader::core::uri_encode::{parse_query, percent_decode, uri_encode};
use proptest::prelude::*;

const XML: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<Error>",
    "</Error>",
    "<Code>",
    "</Code>",
    "NoSuchUpload",
    "SlowDown",
    "<Message>",
    "</Message>",
    "<ListPartsResult>",
    "</ListPartsResult>",
    "<Part>",
    "</Part>",
    "<PartNumber>",
    "</PartNumber>",
    "<ETag>",
    "</ETag>",
    "<Size>",
    "</Size>",
    "<IsTruncated>",
    "</IsTruncated>",
    "true",
    "<NextPartNumberMarker>",
    "</NextPartNumberMarker>",
    "<UploadId>",
    "</UploadId>",
    "<InitiateMultipartUploadResult>",
    "<CompleteMultipartUploadResult>",
    "<Location>",
    "<Key>",
    "&amp;",
    "&quot;",
    "&#x",
    "&#",
    ";",
    "&bogus;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
    "\"",
    "'",
    "<",
    ">",
    "/",
    "0",
    "1",
    "10000",
    "10001",
    "-1",
    "18446744073709551616",
    "4294967296",
    " ",
    "\n",
    "é",
    "\u{0}",
    "\u{feff}",
];
const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"ID\"",
    "\"UploadTarget\"",
    "\"State\"",
    "\"Results\"",
    "\"Id\"",
    "\"Name\"",
    "\"access_token\"",
    "\"expires_in\"",
    "\"error\"",
    "\"Message\"",
    "\"location\"",
    "\"file_size\"",
    "\"http://h/x\"",
    "\"86cb20c2-a0a1-4c24-94c7-3a75532816df\"",
    "null",
    "true",
    "0",
    "1",
    "-1",
    "1e999",
    "-0",
    "1.5",
    "18446744073709551616",
    "9007199254740993",
    "\"\\u",
    "\"\\ud800\"",
    "\"",
    "\\",
    " ",
    "é",
];

/// Strings made of `frags` (and a little noise), so parsers see near-valid documents.
fn near(frags: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(frags).prop_map(str::to_string), 1 => any::<String>()],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![Just(200u16), Just(201), Just(204), Just(206), Just(308), Just(400), Just(404), Just(503), 0u16..1000]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), near(XML), near(JSON)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn s3_answers_and_errors(status in status(), body in prop_oneof![near(XML), any::<String>()], etag in proptest::option::of(text())) {
        let _ = S3Error::from_response(status, &body);
        let _ = list_parts::parse(status, &body);
        let _ = create_multipart_upload::parse(status, &body);
        let _ = complete_multipart_upload::parse(status, &body);
        let _ = abort_multipart_upload::parse(status, &body);
        let _ = upload_part::parse(status, etag.as_deref(), &body);
        let _ = head_object::parse(status, Some(&body), etag.as_deref());
    }

    #[test]
    fn panopto_rest_json(status in status(), body in prop_oneof![near(JSON), any::<String>()]) {
        let _ = RestError::from_response(status, &body);
        let _: Result<SessionUpload, _> = parse_response(status, &body);
        let _: Result<StreamUpload, _> = parse_response(status, &body);
        let _: Result<Page<Folder>, _> = parse_response(status, &body);
        let _: Result<Session, _> = parse_response(status, &body);
        let _ = parse_tokens(status, &body);
    }

    #[test]
    fn panda_answers_and_ranges(status in status(), range in proptest::option::of(text()), body in text()) {
        let _ = answer::judge(status, range.as_deref(), &body);
        let _ = answer::parse_session(status, &body);
        let _ = answer::message(status, &body);
        if let Some(r) = &range {
            let _ = held_from_range(r);
        }
    }

    #[test]
    fn urls_queries_callbacks_and_dates(s in text()) {
        let _ = percent_decode(&s);
        let _ = parse_query(&s);
        let _ = parse_callback(&s);
        let _ = AmzDate::parse(&s);
        let _ = AmzDate::parse_rfc3339_utc(&s);
        let _ = AmzDate::parse_http_date(&s);
    }

    /// Encoding then decoding gives the string back, whatever it holds.
    #[test]
    fn uri_encoding_round_trips(s in any::<String>()) {
        prop_assert_eq!(percent_decode(&uri_encode(&s)), s.clone());
        let q = parse_query(&format!("{}={}", uri_encode(&s), uri_encode(&s)));
        prop_assert_eq!(q, vec![(s.clone(), s)]);
    }

    /// A Range header for bytes the server holds is read back exactly, at any size.
    #[test]
    fn panda_range_is_read_exactly(end in 0u64..u64::MAX / 2) {
        prop_assert_eq!(held_from_range(&format!("0-{end}")), Some(end + 1));
    }
}
