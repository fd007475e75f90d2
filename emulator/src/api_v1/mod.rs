//! Panopto's REST API v1 (`/Panopto/api/v1/...`), the part a browser uploader needs to find a
//! folder or a session: folders (details, children, search, those the user may create in)
//! and sessions (by folder, by id, search); and a session's captions (`captions.rs`, POST).
//! Bearer token required; paths match case-insensitively like the rest of the REST API.
//! --api-429-every throttles here, before the token is checked, as a gateway would.

pub mod caption_format;
pub mod captions;
pub mod folders;
pub mod query;
pub mod sessions;

use crate::bearer::caller;
use crate::rest::unauthorized;
use crate::state::Store;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use query::{message, Query};
use std::sync::Arc;

pub const BASE: &str = "/panopto/api/v1/";

pub fn is_api_path(path: &str) -> bool {
    path.len() >= BASE.len() && path[..BASE.len()].eq_ignore_ascii_case(BASE)
}

fn throttled() -> Response<Body> {
    let mut r = message(
        StatusCode::TOO_MANY_REQUESTS,
        "Too many requests: the API is throttling this client. Retry after the number of seconds in Retry-After.",
    );
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

enum Route<'a> {
    FolderSearch,
    Creator,
    Folder(&'a str),
    Children(&'a str),
    FolderSessions(&'a str),
    SessionSearch,
    Session(&'a str),
    SessionCaptions(&'a str),
}

impl Route<'_> {
    /// The one method each route answers.
    fn method(&self) -> Method {
        match self {
            Route::SessionCaptions(_) => Method::POST,
            _ => Method::GET,
        }
    }
}

fn route<'a>(segs: &[&'a str]) -> Option<Route<'a>> {
    let is = |s: &str, lit: &str| s.eq_ignore_ascii_case(lit);
    Some(match segs {
        [f, s] if is(f, "folders") && is(s, "search") => Route::FolderSearch,
        [f, c] if is(f, "folders") && is(c, "creator") => Route::Creator,
        [f, id] if is(f, "folders") => Route::Folder(id),
        [f, id, c] if is(f, "folders") && is(c, "children") => Route::Children(id),
        [f, id, s] if is(f, "folders") && is(s, "sessions") => Route::FolderSessions(id),
        [s, q] if is(s, "sessions") && is(q, "search") => Route::SessionSearch,
        [s, id] if is(s, "sessions") => Route::Session(id),
        [s, id, c] if is(s, "sessions") && is(c, "captions") => Route::SessionCaptions(id),
        _ => return None,
    })
}

pub async fn handle(store: Arc<Store>, req: Request<Body>, fallback_host: &str) -> Response<Body> {
    if store.faults.api_throttle() {
        return throttled();
    }
    let Some(user) = caller(&store, req.headers()) else {
        return unauthorized();
    };
    let path = req.uri().path().to_string();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| fallback_host.to_string());
    let segs: Vec<&str> = path[BASE.len()..].trim_end_matches('/').split('/').collect();
    let Some(route) = route(&segs) else {
        return message(
            StatusCode::NOT_FOUND,
            format!("No HTTP resource was found that matches the request URI 'http://{host}{path}'."),
        );
    };
    let allowed = route.method();
    if req.method() != allowed {
        let mut r = message(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("The requested resource does not support http method '{}'.", req.method()),
        );
        if let Ok(v) = HeaderValue::from_str(allowed.as_str()) {
            r.headers_mut().insert(header::ALLOW, v);
        }
        return r;
    }
    let q = Query::parse(req.uri().query());
    let answer = match route {
        Route::FolderSearch => folders::search(&store, &q, &host),
        Route::Creator => folders::creator(&store, &q, &host),
        Route::Folder(id) => folders::get(&store, id, &host),
        Route::Children(id) => folders::children(&store, id, &q, &host),
        Route::FolderSessions(id) => sessions::in_folder(&store, id, &q, &host),
        Route::SessionSearch => sessions::search(&store, &q, &host),
        Route::Session(id) => sessions::get(&store, id, &host),
        Route::SessionCaptions(id) => {
            let (parts, body) = req.into_parts();
            match axum::body::to_bytes(body, captions::MAX_BODY).await {
                Ok(body) => captions::upload(&store, id, &parts.headers, &body, &user),
                Err(_) => Err(query::refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("The request body is larger than {} bytes, or broke off.", captions::MAX_BODY),
                )),
            }
        }
    };
    answer.unwrap_or_else(query::Refusal::into_response)
}
