//! The streaming method at an upload location: `PUT` (or `POST` with Content-Type
//! application/octet-stream) carrying `Content-Range: bytes RS-RE/L`, the whole file without a
//! Content-Range, or the status query `Content-Range: bytes */L` with an empty body. Checks the
//! headers against the upload, then hands the body to the chunk writer and answers for it.

use super::answer::{after_chunk, gap, gone, reject};
use super::chunk::{drain, ensure_hasher, ChunkWriter, Outcome};
use super::faults;
use super::headers::{body_kind, content_length, content_range, BodyKind, ContentRange};
use super::model::{error, progress, Record};
use super::store::{Env, Lookup};
use crate::server::ConnKill;
use axum::body::{Body, BodyDataStream};
use axum::http::{header, HeaderMap, Method, Request, Response, StatusCode};
use sha2::{Digest, Sha256};

/// The upload a chunk is for: its location key, id, and the base URL a moved location gets.
struct Target<'a> {
    key: &'a str,
    id: u64,
    base: String,
}

/// Which bytes a request claims to carry: `start`, `len`, and how to name them in messages.
struct Claim {
    start: u64,
    len: u64,
    what: String,
}

enum Plan {
    Status,
    Chunk(Claim),
}

pub async fn handle(env: &Env, id: u64, key: &str, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let frames = body.into_data_stream();
    let kill = parts.extensions.get::<ConnKill>().cloned();
    let Some(rec) = env.uploads.get(id) else { return gone(&Lookup::Unknown) };
    match plan(&parts.method, &parts.headers, &rec) {
        Err(msg) => reject(env, Some(id), frames, StatusCode::BAD_REQUEST, msg).await,
        Ok(Plan::Status) => status(env, &rec, key, frames).await,
        Ok(Plan::Chunk(claim)) => {
            let at = Target { key, id, base: env.base_url(&parts.headers) };
            chunk(env, at, claim, frames, kill).await
        }
    }
}

/// What the headers ask for, checked against the upload; Err: why that is a bad request.
fn plan(method: &Method, headers: &HeaderMap, rec: &Record) -> Result<Plan, String> {
    if method == Method::PUT {
        match body_kind(headers) {
            BodyKind::Unlabelled | BodyKind::OctetStream => {}
            BodyKind::Form(_) => {
                return Err("PUT sends chunk bytes and must be Content-Type application/octet-stream; a multipart \
                     form upload is sent with POST."
                    .into())
            }
            BodyKind::Other(ct) => {
                return Err(format!("A chunk must be sent as Content-Type application/octet-stream, not '{ct}'."))
            }
        }
    }
    let (id, size) = (rec.id, rec.file_size);
    let declared = content_length(headers);
    let claim = match range_header(headers)? {
        Some(ContentRange::Status { total }) => {
            if total != size {
                return Err(format!(
                    "Content-Range 'bytes */{total}' names a {total}-byte file, but upload {id} was created with \
                     file_size {size}."
                ));
            }
            if let Some(n) = declared.filter(|n| *n > 0) {
                return Err(format!(
                    "A status query (Content-Range: bytes */L) must have an empty body; Content-Length is {n}."
                ));
            }
            return Ok(Plan::Status);
        }
        Some(ContentRange::Bytes { start, end, total }) => {
            let what = format!("Content-Range 'bytes {start}-{end}/{total}'");
            if total != size {
                return Err(format!(
                    "{what} names a {total}-byte file, but upload {id} was created with file_size {size}."
                ));
            }
            if end < start {
                return Err(format!("{what} ends before it starts (RE < RS)."));
            }
            if end >= total {
                return Err(format!("{what} ends at byte {end}, past the last byte of the file ({}).", total - 1));
            }
            Claim { start, len: end - start + 1, what }
        }
        None => Claim { start: 0, len: size, what: "without Content-Range, the whole file".into() },
    };
    if let Some(n) = declared.filter(|n| *n != claim.len) {
        return Err(format!(
            "The body must be exactly {} bytes ({}), but Content-Length is {n}. Nothing was stored.",
            claim.len, claim.what
        ));
    }
    Ok(Plan::Chunk(claim))
}

/// The one Content-Range header, parsed; None when there is none.
fn range_header(headers: &HeaderMap) -> Result<Option<ContentRange>, String> {
    let mut all = headers.get_all(header::CONTENT_RANGE).iter();
    let Some(v) = all.next() else { return Ok(None) };
    if all.next().is_some() {
        return Err("The request has more than one Content-Range header.".into());
    }
    let v = v.to_str().map_err(|_| "Content-Range is not visible ASCII.".to_string())?;
    content_range(v).map(Some)
}

/// `bytes */L`: what the server holds, once the requests before have finished.
async fn status(env: &Env, rec: &Record, key: &str, frames: BodyDataStream) -> Response<Body> {
    let id = rec.id;
    // A chunked body has no Content-Length to check up front.
    let n = drain(frames).await;
    if n > 0 {
        env.uploads.bump(id, |r| r.bytes_received += n);
        return error(StatusCode::BAD_REQUEST, format!("A status query must have an empty body; it had {n} bytes."));
    }
    let (_lock, rec) = match env.uploads.lock(id, key).await {
        Ok(x) => x,
        Err(l) => return gone(&l),
    };
    env.uploads.bump(id, |r| r.status_queries += 1);
    progress(&rec)
}

async fn chunk(
    env: &Env,
    at: Target<'_>,
    claim: Claim,
    mut frames: BodyDataStream,
    kill: Option<ConnKill>,
) -> Response<Body> {
    let id = at.id;
    let (lock, rec) = match env.uploads.lock(id, at.key).await {
        Ok(x) => x,
        Err(l) => {
            drain(frames).await;
            return gone(&l);
        }
    };
    let Claim { start, len, what } = claim;
    if start > rec.held {
        drop(lock);
        return gap(env, &rec, start, frames).await;
    }
    // The running hash is only extended when the chunk brings new bytes.
    let hasher = if start + len > rec.held {
        match ensure_hasher(&env.uploads, id, rec.held).await {
            Ok(h) => h,
            Err(e) => return reject(env, Some(id), frames, StatusCode::INTERNAL_SERVER_ERROR, e).await,
        }
    } else {
        Sha256::new()
    };
    let mut w = match ChunkWriter::new(env.uploads.clone(), lock, &rec, start, len, hasher) {
        Ok(w) => w,
        Err(e) => {
            let msg = format!("cannot open the upload's data file: {e}");
            return reject(env, Some(id), frames, StatusCode::INTERNAL_SERVER_ERROR, msg).await;
        }
    };
    let outcome = w.receive(&mut frames).await;
    let bad = |status: StatusCode, msg: String| reject(env, Some(id), frames, status, msg);
    match outcome {
        Outcome::Complete => match faults::decide(env, id, start) {
            Some(f) => {
                env.uploads.bump(id, |r| r.bytes_failed += len);
                let settle = move |keep: bool| {
                    if keep {
                        w.keep();
                    } else {
                        w.discard(true);
                    }
                };
                faults::strike(env, f, kill.as_ref(), settle).await
            }
            None => match w.keep() {
                Some(rec) => after_chunk(env, &rec, &at.base),
                None => gone(&Lookup::Unknown),
            },
        },
        // Nobody will read this answer: the client is gone. What arrived is kept.
        Outcome::Broken => {
            w.keep();
            error(StatusCode::BAD_REQUEST, "The body broke off before its end; the bytes that arrived are kept.")
        }
        Outcome::Short { got } => {
            w.discard(false);
            bad(
                StatusCode::BAD_REQUEST,
                format!("The body ended after {got} bytes, but {what} declares {len}. Nothing was stored."),
            )
            .await
        }
        Outcome::Long => {
            w.discard(false);
            bad(
                StatusCode::BAD_REQUEST,
                format!("The body is longer than the {len} bytes {what} declares. Nothing was stored."),
            )
            .await
        }
        Outcome::Mismatch { offset } => {
            w.discard(false);
            let msg = format!(
                "Byte {offset} differs from the byte the server already holds there (it holds bytes 0-{}): bytes a \
                 chunk sends again must be identical. Nothing was stored from this request.",
                rec.held - 1
            );
            bad(StatusCode::CONFLICT, msg).await
        }
        Outcome::Io(e) => {
            w.discard(false);
            bad(StatusCode::INTERNAL_SERVER_ERROR, e).await
        }
    }
}
