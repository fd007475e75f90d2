//! A scripted, in-memory Panda server (the upload-session endpoint and upload locations)
//! behind the engine's `Http` port, on the virtual clock. It keeps the protocol's rules
//! (Content-Range, Range, 200 with the video, Location moves, DELETE) so the engine's
//! Panda flow runs under plain `cargo test`; a test can break any request. The real
//! emulator is checked in the emulator's and browser tests.
#![allow(dead_code)]

use super::fake_clock::FakeClock;
use futures_util::future::LocalBoxFuture;
use panopto_uploader::engine::control::AbortSignal;
use panopto_uploader::engine::ports::*;
use std::cell::RefCell;
use std::rc::Rc;

pub const SESSION_URL: &str = "http://back.end/videos/upload.json";

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub url: String,
    pub content_range: Option<String>,
    pub authorization: Option<String>,
    pub body_len: usize,
}

/// What a fault hook may do with the n-th request instead of the fake.
pub enum Break {
    Answer(HttpResponse),
    /// No answer: the connection broke. `keep` bytes of the body reached the server.
    Drop {
        keep: usize,
    },
    /// No answer until the client gives up.
    Hang,
}

pub type Fault = Box<dyn FnMut(usize, &HttpRequest) -> Option<Break>>;

#[derive(Default)]
pub struct State {
    pub seen: Vec<Seen>,
    pub next_id: u32,
    /// The upload: declared size, bytes held, current location key, deleted.
    pub size: u64,
    pub held: Vec<u8>,
    pub key: u32,
    pub deleted: bool,
    pub complete: bool,
    /// Move the location after every n chunks that stored bytes.
    pub move_after: Option<usize>,
    pub stored_chunks: usize,
    pub stale_requests: usize,
    /// Answer 204 without `Range` (as a browser sees it when CORS hides the header).
    pub hide_range: bool,
    /// Keep only this many bytes of each chunk (a server that stores less than it was sent).
    pub keep_at_most: Option<usize>,
    /// Bytes received for offsets already held.
    pub redundant: usize,
    pub form_uploads: usize,
    /// A link: every request with a body takes this long per byte, plus the latency.
    pub ms_per_byte: f64,
    pub latency_ms: u32,
}

#[derive(Clone, Default)]
pub struct FakePanda {
    pub state: Rc<RefCell<State>>,
    pub faults: Rc<RefCell<Vec<Fault>>>,
    pub clock: FakeClock,
}

fn answer(status: u16, headers: Vec<(&str, String)>, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.into_iter().map(|(n, v)| (n.to_string(), v)).collect(),
        body: body.to_string(),
    }
}

pub fn location(key: u32) -> String {
    format!("http://panda.host/upload/{key}")
}

impl FakePanda {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fault(&self, f: impl FnMut(usize, &HttpRequest) -> Option<Break> + 'static) {
        self.faults.borrow_mut().push(Box::new(f));
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.borrow().seen.clone()
    }

    pub fn chunk_sizes(&self) -> Vec<usize> {
        self.seen().iter().filter(|s| s.method == "PUT" && s.body_len > 0).map(|s| s.body_len).collect()
    }

    fn video(&self) -> String {
        let s = self.state.borrow();
        serde_json::json!({"id": "12345", "file_size": s.size, "status": "uploaded"}).to_string()
    }

    fn range_headers(&self) -> Vec<(&'static str, String)> {
        let s = self.state.borrow();
        if s.hide_range || s.held.is_empty() {
            vec![]
        } else {
            vec![("range", format!("0-{}", s.held.len() - 1))]
        }
    }

    /// Store `body` at `start` (what arrived of it): overlap must match.
    fn store(&self, start: usize, body: &[u8]) -> Result<(), HttpResponse> {
        let mut s = self.state.borrow_mut();
        if start > s.held.len() {
            let range = if s.held.is_empty() { vec![] } else { vec![("range", format!("0-{}", s.held.len() - 1))] };
            return Err(answer(416, range, r#"{"error":"starts past the held range"}"#));
        }
        let overlap = (s.held.len() - start).min(body.len());
        if s.held[start..start + overlap] != body[..overlap] {
            return Err(answer(409, vec![], r#"{"error":"bytes differ from what is held"}"#));
        }
        s.redundant += overlap;
        let mut new = &body[overlap..];
        if let Some(k) = s.keep_at_most {
            new = &new[..new.len().min(k)];
        }
        s.held.extend_from_slice(new);
        Ok(())
    }

    fn respond(&self, req: &HttpRequest, body: Vec<u8>) -> HttpResponse {
        let url = req.url.as_str();
        if req.method == "POST" && url == SESSION_URL {
            let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON create body");
            assert!(v["file_name"].as_str().is_some_and(|n| !n.is_empty()));
            let mut s = self.state.borrow_mut();
            s.next_id += 1;
            s.key += 1;
            s.size = v["file_size"].as_u64().expect("file_size");
            s.held.clear();
            (s.deleted, s.complete, s.stored_chunks) = (false, false, 0);
            return answer(201, vec![], &format!(r#"{{"id": {}, "location": "{}"}}"#, s.next_id, location(s.key)));
        }
        let current = location(self.state.borrow().key);
        if url != current || self.state.borrow().deleted {
            self.state.borrow_mut().stale_requests += 1;
            return answer(404, vec![], r#"{"error":"no such upload"}"#);
        }
        let size = self.state.borrow().size as usize;
        match (req.method, header(req, "content-range")) {
            ("DELETE", _) => {
                let mut s = self.state.borrow_mut();
                s.deleted = true;
                s.held.clear();
                answer(200, vec![], "")
            }
            ("POST", None) if matches!(req.body, HttpBody::Form { .. }) => {
                assert_eq!(body.len(), size, "the whole file");
                let mut s = self.state.borrow_mut();
                s.held = body;
                s.complete = true;
                s.form_uploads += 1;
                drop(s);
                answer(200, vec![], &self.video())
            }
            ("PUT", Some(range)) if range.starts_with("bytes */") => {
                assert_eq!(range, format!("bytes */{size}"));
                if self.state.borrow().complete {
                    return answer(200, vec![], &self.video());
                }
                answer(204, self.range_headers(), "")
            }
            ("PUT", Some(range)) => {
                assert_eq!(header(req, "content-type").as_deref(), Some("application/octet-stream"));
                let (first, last, total) = parse(&range);
                assert_eq!((total, last - first + 1), (size, body.len()), "{range}");
                if let Err(r) = self.store(first, &body) {
                    return r;
                }
                let mut s = self.state.borrow_mut();
                s.stored_chunks += 1;
                if s.held.len() == size {
                    s.complete = true;
                    drop(s);
                    return answer(200, vec![], &self.video());
                }
                let mut headers = vec![];
                if s.move_after.is_some_and(|n| s.stored_chunks % n == 0) {
                    s.key += 1;
                    headers.push(("location", location(s.key)));
                }
                drop(s);
                headers.extend(self.range_headers());
                answer(204, headers, "")
            }
            other => panic!("unexpected Panda request {other:?}"),
        }
    }
}

fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
}

fn parse(range: &str) -> (usize, usize, usize) {
    let r = range.strip_prefix("bytes ").expect("bytes unit");
    let (span, total) = r.split_once('/').unwrap();
    let (a, b) = span.split_once('-').unwrap();
    (a.parse().unwrap(), b.parse().unwrap(), total.parse().unwrap())
}

impl Http for FakePanda {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            if abort.is_aborted() {
                return Err(HttpError::Aborted);
            }
            let body = super::fake_panopto::bytes_of(&request.body);
            let n = self.state.borrow().seen.len();
            self.state.borrow_mut().seen.push(Seen {
                method: request.method.to_string(),
                url: request.url.clone(),
                content_range: header(&request, "content-range"),
                authorization: header(&request, "authorization"),
                body_len: body.len(),
            });
            let wire = {
                let s = self.state.borrow();
                (s.latency_ms as f64 + s.ms_per_byte * body.len() as f64).round() as u32
            };
            if wire > 0 {
                let sleep = self.clock.sleep(wire);
                if let futures_util::future::Either::Right(_) =
                    futures_util::future::select(sleep, abort.aborted()).await
                {
                    return Err(HttpError::Aborted);
                }
            }
            let broken = self.faults.borrow_mut().iter_mut().find_map(|f| f(n, &request));
            match broken {
                Some(Break::Answer(r)) => Ok(r),
                Some(Break::Drop { keep }) => {
                    if let Some(range) = header(&request, "content-range").filter(|r| !r.contains('*')) {
                        let _ = self.store(parse(&range).0, &body[..keep.min(body.len())]);
                    }
                    Err(HttpError::Network("connection reset".into()))
                }
                Some(Break::Hang) => {
                    abort.aborted().await;
                    Err(HttpError::Aborted)
                }
                None => Ok(self.respond(&request, body)),
            }
        })
    }
}
