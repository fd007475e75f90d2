//! Property tests: every parser we wrote takes arbitrary input and answers (a value or an
//! error), never a panic: S3's XML answers and error documents, ListParts, Panopto's REST JSON,
//! OAuth token answers and sign-in callbacks, Panda's answers and `Range`, URI decoding, dates,
//! the media probe and caption sniffing. Inputs are arbitrary strings and, to reach past the
//! first byte, concatenations of fragments of the real documents (tags, entities, numbers at
//! and past their limits, truncations), and for the probe nested boxes with sizes that fit,
//! do not, or cannot, in files of any size up to `u64::MAX` held sparsely.
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::amz_date::AmzDate;
use panopto_uploader::core::media::{caption_format, probe_bytes, Probe, BUDGET};
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
use proptest::test_runner::TestCaseError;

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

/// Box types, four bytes each: the ones the probe looks into, and two that are no box's.
const BOX_KINDS: &[u8] =
    b"ftypmoovmvhdtraktkhdmdiahdlrminfstblstsdmvexmehdmdatmooffreewideudtaavc1\0\0\0\0\xff\xfe\0\x01";
/// The first bytes of other files, `|` between them.
const MAGIC: &[u8] =
    b"RIFF\0\0\0\0AVI LIST\0\0\0\xffhdrl|RIFF\0\0\0\0WAVEfmt |\x1A\x45\xDF\xA3|ID3\x04\0\0|fLaC\0\0\0\x22|\
    OggS\0\x02|PK\x03\x04|\0\0\x01\xBA|\xFF\xF1|\xFF\xFB|%PDF-|BM|\xEF\xBB\xBFWEBVTT|1\n00:00:01,000 --> |\
    <?xml version='1.0'?><!-- c --><tt |\0\0\0\x14ftypisom";
/// Pieces of caption files, `|` between them.
const CAPTION: &str =
    "WEBVTT|\u{feff}|1|12|\n|\r\n|00:00:01,000|00:01.000| --> |-->|00:0|,|.|:|<?xml version=\"1.0\"?>|<!--|\
    -->|<!DOCTYPE tt>|<tt|<tt:tt| xmlns=\"http://www.w3.org/ns/ttml\"|<|>|?>|/| |é";

/// A box header's size field: right, 0 (to the end), 64-bit, too small, or anything.
#[derive(Clone, Debug)]
enum Size {
    Exact,
    Zero,
    Large,
    Any(u32),
    AnyLarge(u64),
}

fn encode(size: Size, kind: [u8; 4], body: &[u8]) -> Vec<u8> {
    let exact = 8 + body.len() as u32;
    let head: Vec<u8> = match size {
        Size::Exact => [&exact.to_be_bytes()[..], &kind].concat(),
        Size::Zero => [&[0; 4][..], &kind].concat(),
        Size::Large => [&[0, 0, 0, 1][..], &kind, &(u64::from(exact) + 8).to_be_bytes()].concat(),
        Size::Any(n) => [&n.to_be_bytes()[..], &kind].concat(),
        Size::AnyLarge(n) => [&[0, 0, 0, 1][..], &kind, &n.to_be_bytes()].concat(),
    };
    [head, body.to_vec()].concat()
}

fn size() -> impl Strategy<Value = Size> {
    prop_oneof![
        6 => Just(Size::Exact), 1 => Just(Size::Zero), 1 => Just(Size::Large),
        1 => (0u32..16).prop_map(Size::Any), 1 => any::<u32>().prop_map(Size::Any),
        1 => any::<u64>().prop_map(Size::AnyLarge),
    ]
}

/// Boxes nested up to four deep, of the kinds the probe looks into.
fn boxes() -> impl Strategy<Value = Vec<u8>> {
    let kinds: Vec<[u8; 4]> = BOX_KINDS.chunks_exact(4).filter_map(|k| k.try_into().ok()).collect();
    let kind = prop::sample::select(kinds);
    let leaf =
        (size(), kind.clone(), prop::collection::vec(any::<u8>(), 0..120)).prop_map(|(s, k, b)| encode(s, k, &b));
    leaf.prop_recursive(4, 48, 6, move |inner| {
        (size(), kind.clone(), prop::collection::vec(inner, 0..6)).prop_map(|(s, k, kids)| encode(s, k, &kids.concat()))
    })
}

/// A small whole MP4 (boxes of version 0, 1 or neither), its index first or last, then
/// damaged: a few bytes overwritten and maybe cut short, to reach every box the probe reads.
fn mp4() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4);
    (0u8..3, any::<bool>(), edits, proptest::option::of(any::<prop::sample::Index>())).prop_map(
        |(v, last, edits, cut)| {
            let b = |kind: &[u8; 4], body: &[u8]| encode(Size::Exact, *kind, body);
            let stsd = |entry: &[u8; 4]| b(b"stsd", &[&[0, 0, 0, 0, 0, 0, 0, 1][..], &b(entry, &[0x33; 70])].concat());
            let trak = |handler: &[u8; 4], entry: &[u8; 4]| {
                let hdlr = b(b"hdlr", &[&[0u8; 8][..], handler, &[0; 12]].concat());
                let minf = b(b"minf", &b(b"stbl", &[stsd(entry), b(b"stsz", &[0x55; 90])].concat()));
                b(
                    b"trak",
                    &[b(b"tkhd", &[&[v, 0, 0, 0][..], &[0x22; 92]].concat()), b(b"mdia", &[hdlr, minf].concat())]
                        .concat(),
                )
            };
            let mvhd = b(b"mvhd", &[&[v, 0, 0, 0][..], &[0x11; 108]].concat());
            let mvex = b(b"mvex", &b(b"mehd", &[v, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]));
            let moov = b(b"moov", &[mvhd, trak(b"vide", b"avc1"), trak(b"soun", b"mp4a"), mvex].concat());
            let (ftyp, mdat) = (b(b"ftyp", b"isom\0\0\0\0isom"), b(b"mdat", &[0x44; 64]));
            let mut file = if last { [ftyp, mdat, moov].concat() } else { [ftyp, moov, mdat].concat() };
            for (at, byte) in edits {
                *at.get_mut(&mut file) = byte;
            }
            file.truncate(cut.map_or(file.len(), |c| c.index(file.len())));
            file
        },
    )
}

/// Bytes the probe may meet first: anything, a magic number and anything, boxes, a damaged
/// MP4, or near-captions.
fn media_bytes() -> impl Strategy<Value = Vec<u8>> {
    let tail = prop::collection::vec(any::<u8>(), 0..600);
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000),
        (prop::sample::select(MAGIC.split(|c| *c == b'|').collect::<Vec<_>>()), tail.clone()).prop_map(|(m, t)| [
            m.to_vec(),
            t
        ]
        .concat()),
        (prop::collection::vec(boxes(), 0..6), tail).prop_map(|(b, t)| [b.concat(), t].concat()),
        mp4(),
        prop::collection::vec(prop::sample::select(CAPTION.split('|').collect::<Vec<_>>()), 0..40)
            .prop_map(|v| v.concat().into_bytes()),
    ]
}

/// Drives a probe over a file of `size` bytes holding `parts` (zeros elsewhere), cutting
/// some reads short when `short`: every range asked for is within the file and at most
/// 1 MiB, the budget holds, and the probe ends.
fn drive(size: u64, parts: &[(u64, Vec<u8>)], short: bool) -> Result<(), TestCaseError> {
    let mut probe = Probe::new(size);
    let mut reads = 0;
    while let Some((start, len)) = probe.want() {
        let end = start.checked_add(u64::from(len));
        prop_assert!(len <= 1 << 20 && end.is_some_and(|e| e <= size), "{start}+{len} of {size}");
        let end = end.unwrap_or(start);
        let mut bytes = vec![0u8; len as usize];
        for (at, part) in parts {
            let (from, to) = (start.max(*at), end.min(at.saturating_add(part.len() as u64)));
            if from < to {
                bytes[(from - start) as usize..(to - start) as usize]
                    .copy_from_slice(&part[(from - at) as usize..(to - at) as usize]);
            }
        }
        if short && reads % 3 == 1 {
            bytes.truncate(bytes.len() / 2);
        }
        probe.feed(start, &bytes);
        reads += 1;
        prop_assert!(reads < 10_000 && probe.bytes_read() <= BUDGET);
    }
    let _ = probe.report();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn media_probe_and_captions_in_memory(data in media_bytes()) {
        let report = probe_bytes(&data);
        let _ = (report.is_media(), report.is_video());
        let _ = caption_format(&data);
    }

    #[test]
    fn media_probe_over_sparse_files_of_any_size(
        size in prop_oneof![0u64..1 << 22, any::<u64>(), Just(u64::MAX)],
        head in media_bytes(),
        far in media_bytes(),
        at in any::<u64>(),
        short in any::<bool>(),
    ) {
        drive(size, &[(0, head), (at % size.max(1), far)], short)?;
    }

    /// An `mdat` whose 64-bit size lands on boxes far into the file, as in a recording with
    /// its index at the end.
    #[test]
    fn media_probe_hops_to_boxes_far_away(size in (1u64 << 20)..=u64::MAX, gap in any::<u64>(), far in media_bytes()) {
        let at = 40 + gap % (size - 40);
        let head = [&b"\0\0\0\x18ftypisom\0\0\0\0isomavc1\0\0\0\x01mdat"[..], &(at - 24).to_be_bytes()].concat();
        drive(size, &[(0, head), (at, far)], false)?;
    }
}
