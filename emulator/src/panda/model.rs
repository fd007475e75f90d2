//! What one Panda upload is (the persisted record), and the JSON shapes the API answers with:
//! the create response, the video JSON of a complete upload, `{"error": ...}` bodies and the
//! `Range` header. Kept apart from the store so the handlers and the store share one definition.

use crate::rest::json_response;
use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Panda caps uploads at 5 TiB (the S3 object limit its storage sits on).
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024 * 1024 * 1024;

/// The path every upload location lives under (`<base>/panda/upload/<key>`).
pub const LOCATION_PREFIX: &str = "/panda/upload/";

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UploadState {
    Uploading,
    Complete,
    Deleted,
}

impl UploadState {
    pub fn name(self) -> &'static str {
        match self {
            UploadState::Uploading => "uploading",
            UploadState::Complete => "complete",
            UploadState::Deleted => "deleted",
        }
    }
}

/// One upload session as kept in `<data-dir>/panda/index.json`; its bytes are `<id>.bin`.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Record {
    pub id: u64,
    pub file_name: String,
    /// Declared at creation; every Content-Range must name it as L.
    pub file_size: u64,
    /// The current location's key (random).
    pub key: String,
    /// Keys of earlier locations: they answer 404 and count as stale-location requests.
    #[serde(default)]
    pub old_keys: Vec<String>,
    /// Bytes stored, always the prefix 0..held of the file (chunks append in order).
    pub held: u64,
    pub state: UploadState,
    /// SHA-256 of the whole file, set when it became complete.
    #[serde(default)]
    pub sha256: Option<String>,
    pub chunks: u64,
    pub bytes_received: u64,
    pub bytes_redundant: u64,
    /// Body bytes of requests that met an injected fault (500, 503, dropped, stalled): what a
    /// client may have to send again at most.
    #[serde(default)]
    pub bytes_failed: u64,
    pub location_moves: u64,
    pub stale_location_requests: u64,
    pub token_leaks: u64,
    pub form_uploads: u64,
    pub status_queries: u64,
    /// Storing chunk requests since the location last moved (--panda-move-location-after).
    #[serde(default)]
    pub stored_since_move: u64,
    pub created_at: String,
}

impl Record {
    /// The absolute location under `base` (`http://host:port`). Not stored: an emulator
    /// restarted on another port hands out and reports locations on that port.
    pub fn location(&self, base: &str) -> String {
        format!("{base}{LOCATION_PREFIX}{}", self.key)
    }

    /// The video JSON a finished upload answers with (Panda's ids are strings there).
    pub fn video_json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "file_name": self.file_name,
            "file_size": self.file_size,
            "sha256": self.sha256.clone().unwrap_or_default(),
            "status": "uploaded",
        })
    }

    /// One entry of `GET /_emulator/panda`; `sha256` is of the held bytes (computed by the caller).
    pub fn inspect_json(&self, sha256: &str, base: &str) -> Value {
        json!({
            "id": self.id,
            "file_name": self.file_name,
            "file_size": self.file_size,
            "held": self.held,
            "state": self.state.name(),
            "sha256": sha256,
            "location": self.location(base),
            "chunks": self.chunks,
            "bytes_received": self.bytes_received,
            "bytes_redundant": self.bytes_redundant,
            "bytes_failed": self.bytes_failed,
            "location_moves": self.location_moves,
            "stale_location_requests": self.stale_location_requests,
            "token_leaks": self.token_leaks,
            "form_uploads": self.form_uploads,
            "status_queries": self.status_queries,
            "created_at": self.created_at,
        })
    }
}

/// `{"error": msg}` with the given status.
pub fn error(status: StatusCode, msg: impl Into<String>) -> Response<Body> {
    json_response(status, &json!({ "error": msg.into() }))
}

/// An empty response with a status.
pub fn empty(status: StatusCode) -> Response<Body> {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}

/// The seed's `Range: RS-RE` (no `bytes=` prefix) for `held` bytes; None when nothing is held,
/// since `0--1` would be no range at all.
pub fn range_value(held: u64) -> Option<HeaderValue> {
    (held > 0).then(|| HeaderValue::from_str(&format!("0-{}", held - 1)).expect("digits and a dash"))
}

/// 204 with the held range: what an incomplete upload answers to a chunk or a status query.
pub fn incomplete(held: u64) -> Response<Body> {
    let mut r = empty(StatusCode::NO_CONTENT);
    if let Some(v) = range_value(held) {
        r.headers_mut().insert(header::RANGE, v);
    }
    r
}

/// The answer to an upload's state: 200 with the video JSON once complete, else 204 + Range.
pub fn progress(rec: &Record) -> Response<Body> {
    if rec.state == UploadState::Complete {
        json_response(StatusCode::OK, &rec.video_json())
    } else {
        incomplete(rec.held)
    }
}
