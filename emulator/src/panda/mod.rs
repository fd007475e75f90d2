//! Panda's resumable upload API (pandastream's Upload API, seed 004): `POST /videos/upload.json`
//! creates an upload session and names its location, `/panda/upload/<key>` on this emulator,
//! which takes the file as ordered chunks (`PUT` + `Content-Range: bytes RS-RE/L`, answered 204 +
//! `Range: 0-N` until complete, then 200 + the video JSON), answers status queries
//! (`Content-Range: bytes */L`), takes a whole file as a multipart form (`POST`, field `file`) and
//! is aborted with `DELETE`. Inspection at `/_emulator/panda` (see `inspect.rs`).
//!
//! This file routes a request to its handler: create (`create.rs`), the streaming method
//! (`stream.rs`, bytes through `chunk.rs`), the form method (`form.rs`, parsed by
//! `crate::multipart`) and abort (here). The store is `store.rs`, the record and JSON shapes
//! `model.rs`, injected faults `faults.rs`.

pub mod answer;
pub mod chunk;
pub mod create;
pub mod faults;
pub mod form;
pub mod headers;
pub mod inspect;
pub mod model;
pub mod store;
pub mod stream;

use answer::{drained, gone, reject};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use headers::{body_kind, BodyKind};
use model::{empty, LOCATION_PREFIX};
use store::{Env, Lookup};

pub fn is_panda_path(path: &str) -> bool {
    path == create::PATH || path.starts_with(LOCATION_PREFIX)
}

pub async fn handle(env: &Env, req: Request<Body>) -> Response<Body> {
    let path = req.uri().path().to_string();
    if path == create::PATH {
        return create::handle(env, req).await;
    }
    // The seed writes `PUT <location/>`: one trailing slash is the same location.
    let key = path[LOCATION_PREFIX.len()..].strip_suffix('/').unwrap_or(&path[LOCATION_PREFIX.len()..]);
    let has_auth = req.headers().contains_key(header::AUTHORIZATION);
    let id = match env.uploads.lookup(key, has_auth) {
        Lookup::Current(id) => id,
        other => {
            let id = match other {
                Lookup::Stale(id) | Lookup::Deleted(id) => Some(id),
                _ => None,
            };
            return drained(env, id, req.into_body().into_data_stream(), gone(&other)).await;
        }
    };
    let method = req.method().clone();
    match method {
        Method::PUT => stream::handle(env, id, key, req).await,
        Method::POST => match body_kind(req.headers()) {
            BodyKind::OctetStream => stream::handle(env, id, key, req).await,
            BodyKind::Form(Ok(boundary)) => form::handle(env, id, key, &boundary, req).await,
            BodyKind::Form(Err(e)) => {
                reject(env, Some(id), req.into_body().into_data_stream(), StatusCode::BAD_REQUEST, e).await
            }
            BodyKind::Unlabelled | BodyKind::Other(_) => {
                let msg = "A POST to an upload location must be Content-Type application/octet-stream (a chunk) or \
                           multipart/form-data (a form upload, the file in field 'file').";
                reject(env, Some(id), req.into_body().into_data_stream(), StatusCode::BAD_REQUEST, msg).await
            }
        },
        Method::DELETE => abort(env, id, key, req).await,
        m => {
            let msg = format!("An upload location takes PUT, POST and DELETE, not {m}.");
            let mut r =
                reject(env, Some(id), req.into_body().into_data_stream(), StatusCode::METHOD_NOT_ALLOWED, msg).await;
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("PUT, POST, DELETE"));
            r
        }
    }
}

/// `DELETE <location>`: 200 with an empty body; the bytes go and the location answers 404.
async fn abort(env: &Env, id: u64, key: &str, req: Request<Body>) -> Response<Body> {
    // A DELETE has no use for a body, but one may come.
    let _ = drained(env, Some(id), req.into_body().into_data_stream(), empty(StatusCode::OK)).await;
    let _lock = match env.uploads.lock(id, key).await {
        Ok((lock, _)) => lock,
        Err(l) => return gone(&l),
    };
    env.uploads.delete(id);
    empty(StatusCode::OK)
}
