//! Unauthenticated inspection of the Panda uploads, like the rest of /_emulator/:
//! `GET /_emulator/panda` lists every upload with its counters (oldest first), and
//! `GET /_emulator/panda/<id>/file` answers its held bytes, for byte-identical checks.

use super::model::{error, Record, UploadState};
use super::store::{hash_prefix, Env, Uploads};
use crate::rest::json_response;
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

const PREFIX: &str = "/_emulator/panda";

pub fn is_inspect_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/_emulator/panda/")
}

pub async fn handle(env: &Env, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return error(StatusCode::METHOD_NOT_ALLOWED, "Only GET is supported here.");
    }
    let path = req.uri().path();
    if path == PREFIX || path == "/_emulator/panda/" {
        let (u, base) = (env.uploads.clone(), env.base_url(req.headers()));
        let v = tokio::task::spawn_blocking(move || list(&u, &base)).await.unwrap_or(Value::Null);
        return json_response(StatusCode::OK, &v);
    }
    let rest = &path["/_emulator/panda/".len()..];
    match rest.strip_suffix("/file") {
        Some(id) => file(&env.uploads, id).await,
        None => error(
            StatusCode::NOT_FOUND,
            format!("Unknown inspection path {path}; use /_emulator/panda or /_emulator/panda/<id>/file"),
        ),
    }
}

/// The SHA-256 of what an upload holds: fixed once complete, else from the running hash, else
/// (after a restart) read from its data file.
fn held_sha256(uploads: &Uploads, rec: &Record, running: Option<Sha256>) -> String {
    match (rec.state, &rec.sha256, running) {
        (UploadState::Complete, Some(s), _) => s.clone(),
        (UploadState::Deleted, _, _) => hex::encode(Sha256::digest(b"")),
        (_, _, Some(h)) => hex::encode(h.finalize()),
        _ => match hash_prefix(&uploads.data_path(rec.id), rec.held) {
            Ok(h) => hex::encode(h.finalize()),
            Err(e) => format!("(unreadable: {e})"),
        },
    }
}

fn list(uploads: &Uploads, base: &str) -> Value {
    let all: Vec<Value> =
        uploads.snapshot().into_iter().map(|(rec, h)| rec.inspect_json(&held_sha256(uploads, &rec, h), base)).collect();
    json!({ "uploads": all })
}

async fn file(uploads: &Uploads, id: &str) -> Response<Body> {
    let Ok(id) = id.parse::<u64>() else {
        return error(StatusCode::BAD_REQUEST, format!("'{id}' is not an upload id (a positive integer)"));
    };
    let Some(rec) = uploads.get(id).filter(|r| r.state != UploadState::Deleted) else {
        return error(StatusCode::NOT_FOUND, format!("There is no Panda upload {id} (or it was deleted)"));
    };
    match tokio::fs::File::open(uploads.data_path(id)).await {
        Ok(f) => {
            // Only the held prefix: bytes after it belong to no request that was kept.
            let stream = tokio_util::io::ReaderStream::new(f.take(rec.held));
            let mut r = Response::new(Body::from_stream(stream));
            r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(rec.held));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
            r
        }
        // Nothing written yet: nothing held.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && rec.held == 0 => Response::new(Body::empty()),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}
