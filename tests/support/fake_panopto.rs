//! A scripted, in-memory Panopto (REST + S3) behind the engine's `Http` port, with a
//! virtual clock. Simple on purpose: it answers like Panopto on the happy path and lets a
//! test inject any failure for any request. The real behaviour is checked against
//! `panopto-emulator` in the emulator's and browser tests.
#![allow(dead_code)] // each test file uses part of the harness

use futures_util::future::LocalBoxFuture;
use panopto_uploader::core::checksum::crc32;
use panopto_uploader::core::uri_encode::{parse_query, percent_decode};
use panopto_uploader::engine::control::AbortSignal;
use panopto_uploader::engine::ports::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::task::Waker;

#[path = "fake_panopto_http.rs"]
mod http;

pub use super::fake_clock::FakeClock;

pub const FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";
pub const UPLOAD_ID: &str = "86cb20c2-a0a1-4c24-94c7-3a75532816df";
pub const SESSION_ID: &str = "0e0e0e0e-1111-4222-8333-444455556666";

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body_len: usize,
}

/// A fault hook: inspect the n-th request (0-based) and answer instead of the fake.
pub type Fault = Box<dyn FnMut(usize, &HttpRequest) -> Option<Result<HttpResponse, HttpError>>>;

#[derive(Default)]
pub struct State {
    pub seen: Vec<Seen>,
    pub parts: BTreeMap<(String, u32), Vec<u8>>,
    pub objects: BTreeMap<String, Vec<u8>>,
    pub next_upload: u32,
    pub session_state: i64,
    pub polls: u32,
    pub deleted: bool,
    pub aborted_uploads: Vec<String>,
    pub processing_message: Option<String>,
    pub hide_etag: bool,
    /// Server time minus local time (the fake checks x-amz-date against it).
    pub server_skew_ms: f64,
    pub hold: bool,
    /// Hold the sessionUpload's creation too (not only part uploads).
    pub hold_creates: bool,
    pub hold_wakers: Vec<Waker>,
    /// Virtual time every part request takes before it is answered.
    pub part_latency_ms: u32,
    /// URL fragments: the next request containing one hangs until aborted (then the
    /// fragment is used up).
    pub hang: Vec<String>,
    /// Hung requests the client gave up on (aborted while the fake held them).
    pub hung_aborted: usize,
    pub parts_in_flight: usize,
    /// (virtual time, parts in flight) at every part request's arrival.
    pub in_flight_log: Vec<(f64, usize)>,
    /// ETags as S3 makes them (hex MD5 of the part) instead of the fake's own.
    pub md5_etags: bool,
    /// Multipart uploads completed (a second Complete gets NoSuchUpload, as on S3).
    pub completed: Vec<String>,
    /// Drop the answer to the next successful Complete.
    pub lose_complete_answer: bool,
    /// The bodies of the REST requests, in order.
    pub rest_bodies: Vec<String>,
    /// Report upload progress for parts, as XHR does: half the body, then all of it.
    pub report_progress: bool,
    /// Parts (by `partNumber=N`) whose next attempt breaks after half its body went out.
    pub drop_half_way: Vec<u32>,
    /// Parts sent with upload progress asked for (`send_reporting`), and without (`send`).
    pub parts_watched: Vec<u32>,
    pub parts_unwatched: Vec<u32>,
    /// API v1 `sessions/{id}/captions` bodies received (multipart/form-data), by URL.
    pub captions: Vec<(String, Vec<u8>)>,
    /// The answer to a caption upload, when not 200 with no body.
    pub caption_answer: Option<(u16, String)>,
}

/// The fake's part ETag: by default CRC and length (so tests see at a glance which bytes
/// it stands for), or S3's hex MD5.
pub fn etag_of(md5: bool, bytes: &[u8]) -> String {
    if md5 {
        use md5::Digest;
        format!("\"{}\"", md5::Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>())
    } else {
        format!("\"{:08x}{}\"", crc32(bytes), bytes.len())
    }
}

#[derive(Clone, Default)]
pub struct FakePanopto {
    pub state: Rc<RefCell<State>>,
    pub faults: Rc<RefCell<Vec<Fault>>>,
    pub clock: FakeClock,
}

/// The bytes a request body stands for. Test slices (SlicedFile) carry their bytes; a real
/// one is a Blob the browser sends.
pub fn bytes_of(body: &HttpBody) -> Vec<u8> {
    match body {
        HttpBody::Empty => Vec::new(),
        HttpBody::Bytes(b) => b.as_ref().clone(),
        HttpBody::Slice(slice) => slice.handle.downcast_ref::<Vec<u8>>().expect("a test slice holds its bytes").clone(),
        HttpBody::Form { file, .. } => bytes_of(file),
    }
}

fn ok(status: u16, body: String) -> HttpResponse {
    HttpResponse { status, headers: vec![], body }
}

/// S3's answer to an overloaded client.
pub fn slow_down() -> HttpResponse {
    xml_error(503, "SlowDown", "")
}

fn xml_error(status: u16, code: &str, extra: &str) -> HttpResponse {
    ok(
        status,
        format!("<Error><Code>{code}</Code><Message>fake {code}</Message>{extra}<RequestId>r1</RequestId></Error>"),
    )
}

impl FakePanopto {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fault(&self, f: impl FnMut(usize, &HttpRequest) -> Option<Result<HttpResponse, HttpError>> + 'static) {
        self.faults.borrow_mut().push(Box::new(f));
    }

    /// Let `n` part requests through, then hold every part request in flight (until
    /// [`Self::set_hold`]`(false)`, a pause or a cancel).
    pub fn hold_after_parts(&self, n: usize) {
        let seen = Cell::new(0);
        let me = self.clone();
        self.fault(move |_, req| {
            if req.url.contains("partNumber=") {
                seen.set(seen.get() + 1);
                if seen.get() == n {
                    me.state.borrow_mut().hold = true;
                }
            }
            None
        });
    }

    pub fn set_hold(&self, hold: bool) {
        let wakers = {
            let mut s = self.state.borrow_mut();
            s.hold = hold;
            std::mem::take(&mut s.hold_wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.borrow().seen.clone()
    }

    /// [`Self::answer_inner`], plus the quirks of a completed multipart upload: a second
    /// Complete gets `NoSuchUpload`, HEAD finds the object, and (when asked) the answer to
    /// a Complete is lost after the server did it.
    fn answer(&self, req: &HttpRequest) -> Result<HttpResponse, HttpError> {
        let upload_id = req.url.split("uploadId=").nth(1).map(|v| v.split('&').next().unwrap_or("").to_string());
        let is_complete = req.method == "POST" && upload_id.is_some() && !req.url.contains("uploads");
        if req.method == "HEAD" {
            self.state.borrow_mut().seen.push(Seen {
                method: "HEAD".into(),
                url: req.url.clone(),
                headers: req.headers.clone(),
                body_len: 0,
            });
            let key = percent_decode(req.url.rsplit('/').next().unwrap().split('?').next().unwrap());
            return Ok(match self.state.borrow().objects.get(&key) {
                Some(o) => HttpResponse {
                    status: 200,
                    headers: vec![("content-length".into(), o.len().to_string())],
                    body: String::new(),
                },
                None => ok(404, String::new()),
            });
        }
        if is_complete && self.state.borrow().completed.contains(upload_id.as_ref().unwrap()) {
            self.state.borrow_mut().seen.push(Seen {
                method: "POST".into(),
                url: req.url.clone(),
                headers: req.headers.clone(),
                body_len: req.body_len(),
            });
            return Ok(xml_error(404, "NoSuchUpload", ""));
        }
        let result = self.answer_inner(req);
        if is_complete && matches!(&result, Ok(r) if r.status == 200) {
            let mut s = self.state.borrow_mut();
            s.completed.push(upload_id.unwrap());
            if std::mem::take(&mut s.lose_complete_answer) {
                return Err(HttpError::Network("connection reset after the server completed".into()));
            }
        }
        result
    }

    fn answer_inner(&self, req: &HttpRequest) -> Result<HttpResponse, HttpError> {
        let n = self.state.borrow().seen.len();
        self.state.borrow_mut().seen.push(Seen {
            method: req.method.to_string(),
            url: req.url.clone(),
            headers: req.headers.clone(),
            body_len: req.body_len(),
        });
        for f in self.faults.borrow_mut().iter_mut() {
            if let Some(r) = f(n, req) {
                return r;
            }
        }
        let path_and_query = req.url.split_once("://").unwrap().1.split_once('/').unwrap().1;
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        let query: BTreeMap<String, String> = parse_query(query).into_iter().collect();
        let body = bytes_of(&req.body);
        if path.starts_with("Panopto/PublicAPI/REST/sessionUpload") || path.starts_with("Panopto/PublicAPI/REST/upload")
        {
            return Ok(self.rest(req, path));
        }
        if path.starts_with("Panopto/api/v1/sessions/") && path.ends_with("/captions") {
            return Ok(self.captions(req, body));
        }
        let key = percent_decode(
            path.strip_prefix(&format!("Panopto/Upload/{UPLOAD_ID}/")).expect("S3 path under the target"),
        );
        if let Some(date) = req.headers.iter().find(|(n, _)| n == "x-amz-date") {
            let t = panopto_uploader::core::amz_date::AmzDate::parse(&date.1).unwrap().unix_secs() as f64 * 1000.0;
            let server_now = self.clock.now_ms() + self.state.borrow().server_skew_ms;
            if (t - server_now).abs() > 15.0 * 60_000.0 {
                let server = panopto_uploader::core::amz_date::AmzDate::from_unix_secs((server_now / 1000.0) as i64)
                    .to_xs_datetime();
                return Ok(xml_error(403, "RequestTimeTooSkewed", &format!("<ServerTime>{server}</ServerTime>")));
            }
        }
        let mut s = self.state.borrow_mut();
        Ok(match (req.method, query.contains_key("uploads"), query.get("uploadId"), query.get("partNumber")) {
            ("POST", true, _, _) => {
                s.next_upload += 1;
                ok(200, format!("<InitiateMultipartUploadResult><Bucket>Upload</Bucket><Key>{key}</Key><UploadId>up{}</UploadId></InitiateMultipartUploadResult>", s.next_upload))
            }
            ("PUT", _, Some(id), Some(n)) => {
                let etag = etag_of(s.md5_etags, &body);
                s.parts.insert((id.clone(), n.parse().unwrap()), body);
                let mut r = ok(200, String::new());
                if !s.hide_etag {
                    r.headers.push(("etag".into(), etag));
                }
                r
            }
            ("GET", _, Some(id), None) => {
                let parts: String = s
                    .parts
                    .iter()
                    .filter(|((u, _), _)| u == id)
                    .map(|((_, n), b)| {
                        format!(
                            "<Part><PartNumber>{n}</PartNumber><ETag>{}</ETag><Size>{}</Size></Part>",
                            etag_of(s.md5_etags, b),
                            b.len()
                        )
                    })
                    .collect();
                ok(200, format!("<ListPartsResult><IsTruncated>false</IsTruncated>{parts}</ListPartsResult>"))
            }
            ("POST", _, Some(id), None) => {
                let text = String::from_utf8(body).unwrap();
                let mut object = Vec::new();
                let mut expected = 1;
                for chunk in text.split("<PartNumber>").skip(1) {
                    let n: u32 = chunk.split('<').next().unwrap().parse().unwrap();
                    assert_eq!(n, expected, "parts must be listed in order without gaps");
                    expected += 1;
                    let bytes = s.parts.get(&(id.clone(), n)).expect("listed part was uploaded");
                    let etag = chunk.split("<ETag>").nth(1).unwrap().split("</ETag>").next().unwrap();
                    assert_eq!(etag, etag_of(s.md5_etags, bytes), "ETag as returned");
                    object.extend_from_slice(bytes);
                }
                s.objects.insert(key.clone(), object);
                ok(200, format!("<CompleteMultipartUploadResult><Key>{key}</Key><ETag>\"done-{}\"</ETag></CompleteMultipartUploadResult>", expected - 1))
            }
            ("DELETE", _, Some(id), None) => {
                s.aborted_uploads.push(id.clone());
                ok(204, String::new())
            }
            other => panic!("unexpected S3 request {other:?}"),
        })
    }

    /// API v1 `POST sessions/{id}/captions`: 200 with no body (Panopto's OpenAPI), or the
    /// answer the test set.
    fn captions(&self, req: &HttpRequest, body: Vec<u8>) -> HttpResponse {
        assert_eq!(req.method, "POST");
        let auth = req.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.as_str());
        if auth != Some("Bearer good-token") && auth != Some("Bearer fresh-token") {
            return ok(401, r#"{"Message":"Authorization has been denied for this request."}"#.into());
        }
        let mut s = self.state.borrow_mut();
        s.captions.push((req.url.clone(), body));
        match s.caption_answer.clone() {
            Some((status, body)) => ok(status, body),
            None => ok(200, String::new()),
        }
    }

    fn rest(&self, req: &HttpRequest, path: &str) -> HttpResponse {
        let auth = req.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.clone());
        if auth.as_deref() != Some("Bearer good-token") && auth.as_deref() != Some("Bearer fresh-token") {
            return ok(401, r#"{"Message":"Authorization has been denied for this request."}"#.into());
        }
        let mut s = self.state.borrow_mut();
        s.rest_bodies.push(String::from_utf8(bytes_of(&req.body)).unwrap());
        // A StreamUpload (`upload`) names its session from the start; a sessionUpload
        // its folder, and its session once processing.
        let stream = path.starts_with("Panopto/PublicAPI/REST/upload");
        let object = |state: i64, session: Option<&str>, message: &Option<String>| {
            let target = format!("http://fake/Panopto/Upload/{UPLOAD_ID}");
            if stream {
                serde_json::json!({
                    "ID": UPLOAD_ID, "SessionID": SESSION_ID, "StreamType": "SecondaryVideo",
                    "UploadTarget": target, "State": state, "MessageID": 0, "Message": message,
                })
            } else {
                serde_json::json!({
                    "ID": UPLOAD_ID, "FolderId": FOLDER, "SessionId": session,
                    "UploadTarget": target, "State": state, "MessageID": 0, "Message": message,
                })
            }
            .to_string()
        };
        match req.method {
            "POST" => {
                s.deleted = false;
                s.session_state = 0;
                ok(201, object(0, None, &None))
            }
            "PUT" => {
                let body: serde_json::Value = serde_json::from_slice(&bytes_of(&req.body)).unwrap();
                assert_eq!(body["State"], 1);
                assert_eq!(
                    body["UploadTarget"],
                    format!("http://fake/Panopto/Upload/{UPLOAD_ID}"),
                    "whole object echoed"
                );
                s.session_state = 1;
                ok(200, object(1, None, &None))
            }
            "GET" if s.session_state == 0 && !s.deleted => ok(200, object(0, None, &None)),
            "GET" if s.deleted => ok(404, r#"{"Message":"No sessionUpload with this ID."}"#.into()),
            "GET" => {
                s.polls += 1;
                let (state, session) = match (s.polls, &s.processing_message) {
                    (1, _) => (3, Some(SESSION_ID)),
                    (_, Some(_)) => (5, Some(SESSION_ID)),
                    _ => (4, Some(SESSION_ID)),
                };
                ok(200, object(state, session, &s.processing_message))
            }
            "DELETE" => {
                assert!(path.ends_with(UPLOAD_ID));
                s.deleted = true;
                ok(200, object(2, None, &None))
            }
            m => panic!("unexpected REST method {m}"),
        }
    }
}
