//! A whole Panopto tenant behind the engine's `Http` port, for the page-level tests: the
//! OAuth token endpoint (codes and rotating refresh tokens with lifetimes in virtual time),
//! REST API v1's folders and sessions, the sessionUpload API with several uploads at once,
//! and the S3 upload target. Simple on purpose (the emulator is the faithful one); every
//! request is logged, parts can take virtual time, and a test can refuse any request.
#![allow(dead_code)] // each test file uses part of the harness

use super::fake_clock::FakeClock;
use futures_util::future::{select, Either, LocalBoxFuture};
use panopto_uploader::core::uri_encode::{parse_query, percent_decode};
use panopto_uploader::engine::control::AbortSignal;
use panopto_uploader::engine::ports::*;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

pub const ORIGIN: &str = "https://school.example";
pub const TOP: &str = "00000000-0000-0000-0000-000000000000";
pub const CS: &str = "aaaaaaaa-0000-4000-8000-00000000000a";
pub const CS101: &str = "bbbbbbbb-0000-4000-8000-00000000000b";

/// Refuse a request: given its method and URL, an answer instead of the tenant's.
pub type Refusal = Box<dyn FnMut(&str, &str) -> Option<HttpResponse>>;

#[derive(Default)]
pub struct State {
    /// `METHOD path?query`, in order.
    pub seen: Vec<String>,
    /// Live access tokens and when they expire (virtual ms).
    pub access: BTreeMap<String, f64>,
    pub refresh: Vec<String>,
    /// How long an access token lives.
    pub lifetime_s: u64,
    /// How long an implicit token lives, when not `lifetime_s`.
    pub implicit_lifetime_s: Option<u64>,
    pub issued: u32,
    /// sessionUpload ID → (folder, state, polls after finishing).
    pub uploads: BTreeMap<String, (String, i64, u32)>,
    /// S3 multipart upload ID → key; parts by (upload, number).
    pub multipart: BTreeMap<String, String>,
    pub parts: BTreeMap<(String, u32), Vec<u8>>,
    pub objects: BTreeMap<String, Vec<u8>>,
    /// Virtual time a part takes.
    pub part_ms: u32,
    pub refusals: Vec<Refusal>,
}

#[derive(Clone, Default)]
pub struct Tenant {
    pub state: Rc<RefCell<State>>,
    pub clock: FakeClock,
}

fn answer(status: u16, body: impl Into<String>) -> HttpResponse {
    HttpResponse { status, headers: vec![], body: body.into() }
}

fn denied() -> HttpResponse {
    answer(401, json!({"Message": "Authorization has been denied for this request."}).to_string())
}

impl Tenant {
    pub fn new() -> Self {
        let t = Tenant::default();
        t.state.borrow_mut().lifetime_s = 3600;
        t
    }

    pub fn refuse(&self, f: impl FnMut(&str, &str) -> Option<HttpResponse> + 'static) {
        self.state.borrow_mut().refusals.push(Box::new(f));
    }

    /// How many requests were seen whose line contains every one of `needles`.
    pub fn count(&self, needles: &[&str]) -> usize {
        self.state.borrow().seen.iter().filter(|s| needles.iter().all(|n| s.contains(n))).count()
    }

    fn now(&self) -> f64 {
        self.clock.now.get()
    }

    fn issue(&self, s: &mut State) -> String {
        s.issued += 1;
        let (access, refresh) = (format!("at-{}", s.issued), format!("rt-{}", s.issued));
        s.access.insert(access.clone(), self.now() + s.lifetime_s as f64 * 1000.0);
        s.refresh.push(refresh.clone());
        json!({"access_token": access, "refresh_token": refresh, "expires_in": s.lifetime_s}).to_string()
    }

    /// A token of the implicit flow (no refresh token), for the fake sign-in window: the
    /// token and its lifetime in seconds.
    pub fn issue_implicit(&self) -> (String, u64) {
        let mut s = self.state.borrow_mut();
        s.issued += 1;
        let token = format!("implicit-{}", s.issued);
        let lifetime = s.implicit_lifetime_s.unwrap_or(s.lifetime_s);
        s.access.insert(token.clone(), self.now() + lifetime as f64 * 1000.0);
        (token, lifetime)
    }

    fn token(&self, form: &BTreeMap<String, String>) -> HttpResponse {
        let mut s = self.state.borrow_mut();
        match form.get("grant_type").map(String::as_str) {
            Some("authorization_code") if form.get("code").is_some_and(|c| c == "good-code") => {
                answer(200, self.issue(&mut s))
            }
            Some("refresh_token") => {
                let given = form.get("refresh_token").cloned().unwrap_or_default();
                match s.refresh.iter().position(|r| *r == given) {
                    // Panopto rotates refresh tokens: the old one is used up.
                    Some(i) => {
                        s.refresh.remove(i);
                        answer(200, self.issue(&mut s))
                    }
                    None => answer(400, json!({"error": "invalid_grant"}).to_string()),
                }
            }
            _ => answer(400, json!({"error": "invalid_grant"}).to_string()),
        }
    }

    fn authorized(&self, req: &HttpRequest) -> bool {
        let bearer = req.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.clone());
        let token = bearer.and_then(|b| b.strip_prefix("Bearer ").map(str::to_string)).unwrap_or_default();
        self.state.borrow().access.get(&token).is_some_and(|expires| *expires > self.now())
    }

    fn v1(&self, path: &str, query: &BTreeMap<String, String>) -> HttpResponse {
        let page = query.get("pageNumber").map_or(0, |p| p.parse().unwrap_or(0));
        let folder = |id: &str, name: &str, parent: Option<(&str, &str)>| json!({"Id": id, "Name": name, "ParentFolder": parent.map(|(i, n)| json!({"Id": i, "Name": n}))});
        let results = match path {
            p if p == format!("folders/{TOP}/children") => vec![folder(CS, "Computer Science", None)],
            p if p == format!("folders/{CS}/children") => vec![folder(CS101, "CS101", Some((CS, "Computer Science")))],
            p if p == format!("folders/{CS101}/sessions") => {
                vec![
                    json!({"Id": "cccccccc-0000-4000-8000-00000000000c", "Name": "Week 1", "CreatedDate": "2026-09-01T10:00:00Z"}),
                ]
            }
            // CS101 takes new sessions; Computer Science (a department) does not.
            "folders/search" | "folders/creator" => vec![folder(CS101, "CS101", Some((CS, "Computer Science")))],
            p if p == format!("folders/{CS101}") => {
                return answer(200, folder(CS101, "CS101", Some((CS, "Computer Science"))).to_string())
            }
            p if p == format!("folders/{CS}") => return answer(200, folder(CS, "Computer Science", None).to_string()),
            p if p.ends_with("/children") || p.ends_with("/sessions") => vec![],
            _ => return answer(404, json!({"Message": "no such thing"}).to_string()),
        };
        answer(200, json!({"Results": if page == 0 { results } else { vec![] }}).to_string())
    }

    fn upload_object(&self, id: &str, folder: &str, state: i64) -> String {
        let session = (state >= 3).then(|| format!("5e55{}", &id[4..]));
        json!({
            "ID": id, "FolderId": folder, "SessionId": session, "State": state, "MessageID": 0, "Message": null,
            "UploadTarget": format!("{ORIGIN}/Panopto/Upload/{id}"),
        })
        .to_string()
    }

    fn rest(&self, method: &str, path: &str, body: &[u8]) -> HttpResponse {
        let mut s = self.state.borrow_mut();
        let id = path.rsplit('/').next().unwrap_or_default().to_string();
        match method {
            "POST" => {
                let folder = serde_json::from_slice::<Value>(body).unwrap()["FolderId"].as_str().unwrap().to_string();
                let id = format!("0000{:04x}-0000-4000-8000-000000000000", s.uploads.len() + 1);
                s.uploads.insert(id.clone(), (folder.clone(), 0, 0));
                answer(201, self.upload_object(&id, &folder, 0))
            }
            "PUT" => {
                let u = s.uploads.get_mut(&id).unwrap();
                u.1 = 1;
                answer(200, self.upload_object(&id, &u.0.clone(), 1))
            }
            "DELETE" => {
                let u = s.uploads.get_mut(&id).unwrap();
                u.1 = 2;
                answer(200, self.upload_object(&id, &u.0.clone(), 2))
            }
            _ => match s.uploads.get_mut(&id) {
                None => answer(404, json!({"Message": "No sessionUpload with this ID."}).to_string()),
                Some(u) => {
                    if u.1 == 1 || u.1 == 3 {
                        u.2 += 1;
                        u.1 = if u.2 >= 2 { 4 } else { 3 };
                    }
                    answer(200, self.upload_object(&id, &u.0.clone(), u.1))
                }
            },
        }
    }

    fn s3(&self, method: &str, path: &str, query: &BTreeMap<String, String>, body: Vec<u8>) -> HttpResponse {
        let key = percent_decode(path.strip_prefix("Panopto/Upload/").unwrap_or(path));
        let mut s = self.state.borrow_mut();
        let upload = query.get("uploadId").cloned();
        match (method, query.contains_key("uploads"), upload, query.get("partNumber")) {
            ("POST", true, _, _) => {
                let id = format!("mp{}", s.multipart.len() + 1);
                s.multipart.insert(id.clone(), key);
                answer(
                    200,
                    format!("<InitiateMultipartUploadResult><UploadId>{id}</UploadId></InitiateMultipartUploadResult>"),
                )
            }
            ("PUT", _, Some(id), Some(n)) => {
                let etag = format!("\"{}-{}\"", id, n);
                s.parts.insert((id, n.parse().unwrap()), body);
                HttpResponse { status: 200, headers: vec![("etag".into(), etag)], body: String::new() }
            }
            ("GET", _, Some(id), None) => {
                let listed: String = s
                    .parts
                    .iter()
                    .filter(|((u, _), _)| *u == id)
                    .map(|((u, n), b)| {
                        format!(
                            "<Part><PartNumber>{n}</PartNumber><ETag>\"{u}-{n}\"</ETag><Size>{}</Size></Part>",
                            b.len()
                        )
                    })
                    .collect();
                answer(200, format!("<ListPartsResult><IsTruncated>false</IsTruncated>{listed}</ListPartsResult>"))
            }
            ("POST", _, Some(id), None) => {
                let mut object = Vec::new();
                for ((u, _), b) in s.parts.iter().filter(|((u, _), _)| *u == id) {
                    let _ = u;
                    object.extend_from_slice(b);
                }
                s.objects.insert(key.clone(), object);
                answer(200, format!("<CompleteMultipartUploadResult><Key>{key}</Key><ETag>\"done\"</ETag></CompleteMultipartUploadResult>"))
            }
            ("DELETE", _, Some(id), None) => {
                s.multipart.remove(&id);
                answer(204, "")
            }
            ("HEAD", ..) => match s.objects.get(&key) {
                Some(o) => HttpResponse {
                    status: 200,
                    headers: vec![("content-length".into(), o.len().to_string())],
                    body: String::new(),
                },
                None => answer(404, ""),
            },
            other => panic!("unexpected S3 request {other:?}"),
        }
    }

    fn route(&self, req: &HttpRequest) -> HttpResponse {
        let rest = req.url.strip_prefix(ORIGIN).unwrap_or(&req.url).trim_start_matches('/');
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let query: BTreeMap<String, String> = parse_query(query).into_iter().collect();
        let body = super::fake_panopto::bytes_of(&req.body);
        if path == "Panopto/oauth2/connect/token" {
            let form = parse_query(std::str::from_utf8(&body).unwrap()).into_iter().collect();
            return self.token(&form);
        }
        if let Some(p) = path.strip_prefix("Panopto/api/v1/") {
            return if self.authorized(req) { self.v1(p, &query) } else { denied() };
        }
        if let Some(p) = path.strip_prefix("Panopto/PublicAPI/REST/") {
            return if self.authorized(req) { self.rest(req.method, p, &body) } else { denied() };
        }
        self.s3(req.method, path, &query, body)
    }
}

impl Http for Tenant {
    fn send<'a>(
        &'a self,
        req: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let line = format!("{} {}", req.method, req.url.strip_prefix(ORIGIN).unwrap_or(&req.url));
            self.state.borrow_mut().seen.push(line);
            let refused = self.state.borrow_mut().refusals.iter_mut().find_map(|f| f(req.method, &req.url));
            if let Some(r) = refused {
                return Ok(r);
            }
            let part_ms = self.state.borrow().part_ms;
            if req.url.contains("partNumber=") && part_ms > 0 {
                // A part takes time on the wire: a pause or cancel meanwhile aborts it.
                if let Either::Right(_) = select(self.clock.sleep(part_ms), abort.aborted()).await {
                    return Err(HttpError::Aborted);
                }
            }
            Ok(self.route(&req))
        })
    }
}
