//! How a request to an upload location is answered when it does not simply store bytes: 404 for
//! a location that is unknown, moved or aborted, 4xx rejections (after reading the rest of the
//! body, so a browser still sending sees the answer rather than a reset), and the answer after a
//! stored chunk, which is where a location move (--panda-move-location-after) is announced.

use super::chunk::drain;
use super::model::{error, progress, range_value, Record};
use super::store::{Env, Lookup};
use axum::body::{Body, BodyDataStream};
use axum::http::{header, HeaderValue, Response, StatusCode};

/// 404 for a key that names no live upload location.
pub fn gone(l: &Lookup) -> Response<Body> {
    let msg = match l {
        Lookup::Stale(id) => format!(
            "Upload {id} has moved: this location is no longer valid. Use the location given in the \
             Location header of an earlier response."
        ),
        Lookup::Deleted(id) => format!("Upload {id} was aborted (DELETE): its location no longer exists."),
        Lookup::Unknown | Lookup::Current(_) => {
            "No upload exists at this location; create one with POST /videos/upload.json.".to_string()
        }
    };
    error(StatusCode::NOT_FOUND, msg)
}

/// Reads and discards the rest of the body, counts it against upload `id` (if any), then gives
/// `resp`.
pub async fn drained(env: &Env, id: Option<u64>, frames: BodyDataStream, resp: Response<Body>) -> Response<Body> {
    let n = drain(frames).await;
    if let (Some(id), true) = (id, n > 0) {
        env.uploads.bump(id, |r| r.bytes_received += n);
    }
    resp
}

/// `{"error": msg}` with `status`, once the body is read (see [`drained`]).
pub async fn reject(
    env: &Env,
    id: Option<u64>,
    frames: BodyDataStream,
    status: StatusCode,
    msg: impl Into<String>,
) -> Response<Body> {
    drained(env, id, frames, error(status, msg)).await
}

/// 416 for a chunk that starts past the held bytes, with the held range to resume from.
pub async fn gap(env: &Env, rec: &Record, start: u64, frames: BodyDataStream) -> Response<Body> {
    let held = if rec.held == 0 { "none".to_string() } else { format!("bytes 0-{}", rec.held - 1) };
    let msg = format!(
        "The chunk starts at byte {start}, past the bytes the server holds ({held}, i.e. {} bytes): the next \
         chunk must start at or before byte {}. Nothing was stored.",
        rec.held, rec.held
    );
    let mut r = reject(env, Some(rec.id), frames, StatusCode::RANGE_NOT_SATISFIABLE, msg).await;
    if let Some(v) = range_value(rec.held) {
        r.headers_mut().insert(header::RANGE, v);
    }
    r
}

/// 204 + Range or 200 + video JSON after a chunk; with --panda-move-location-after, carries the
/// upload's new location (under `base`) once enough storing chunks went by.
pub fn after_chunk(env: &Env, rec: &Record, base: &str) -> Response<Body> {
    let mut r = progress(rec);
    if let Some(moved) = env.uploads.maybe_move(rec.id) {
        if let Ok(v) = HeaderValue::from_str(&moved.location(base)) {
            r.headers_mut().insert(header::LOCATION, v);
        }
    }
    r
}
