//! Panopto's REST endpoints under /Panopto/PublicAPI/REST/: `sessionUpload` (new session from a
//! UCS manifest) and `upload` (StreamUpload: add one stream to an existing session).
//!
//! Paths match case-insensitively, like the ASP.NET server behind the real API; property names
//! in bodies bind case-insensitively too (Json.NET).

use crate::bearer::caller;
use crate::folders::tree::{denied_message, CreateCheck};
use crate::processing;
use crate::rest_model::{self as model, prop};
use crate::state::{st, Kind, Store, UploadRecord};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};
use std::sync::Arc;
use uuid::Uuid;

pub const BASE: &str = "/panopto/publicapi/rest/";
const BODY_LIMIT: usize = 1024 * 1024;

pub fn is_rest_path(path: &str) -> bool {
    path.len() >= BASE.len() && path[..BASE.len()].eq_ignore_ascii_case(BASE)
}

pub fn json_response(status: StatusCode, v: &Value) -> Response<Body> {
    let mut r = Response::new(Body::from(serde_json::to_vec(v).unwrap_or_default()));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    r
}

fn message(status: StatusCode, msg: impl Into<String>) -> Response<Body> {
    json_response(status, &json!({ "Message": msg.into() }))
}

#[derive(Clone, Copy, PartialEq)]
enum Resource {
    SessionUpload,
    StreamUpload,
}

pub async fn handle(store: Arc<Store>, req: Request<Body>, fallback_host: &str) -> Response<Body> {
    let path = req.uri().path().to_string();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| fallback_host.to_string());
    let rest = path[BASE.len()..].trim_end_matches('/');
    let segs: Vec<&str> = rest.split('/').collect();
    let (res, id_seg) = match segs.as_slice() {
        [r] if r.eq_ignore_ascii_case("sessionUpload") => (Resource::SessionUpload, None),
        [r, id] if r.eq_ignore_ascii_case("sessionUpload") => (Resource::SessionUpload, Some(*id)),
        [r] if r.eq_ignore_ascii_case("upload") => (Resource::StreamUpload, None),
        [r, id] if r.eq_ignore_ascii_case("upload") => (Resource::StreamUpload, Some(*id)),
        _ => {
            return message(
                StatusCode::NOT_FOUND,
                format!("No HTTP resource was found that matches the request URI 'http://{host}{path}'."),
            )
        }
    };
    let method = req.method().clone();
    let allowed = match id_seg {
        None => method == Method::POST,
        Some(_) => matches!(method, Method::GET | Method::PUT | Method::DELETE),
    };
    if !allowed {
        let mut r = message(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("The requested resource does not support http method '{method}'."),
        );
        let allow = if id_seg.is_none() { "POST" } else { "GET, PUT, DELETE" };
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
        return r;
    }
    let Some(user) = caller(&store, req.headers()) else { return unauthorized() };
    let id = match id_seg {
        None => None,
        Some(s) => match Uuid::parse_str(s) {
            Ok(u) => Some(u),
            Err(_) => {
                return message(StatusCode::BAD_REQUEST, format!("The upload ID '{s}' in the URL is not a valid GUID."))
            }
        },
    };
    match (method, id) {
        (Method::POST, None) => {
            let body = match read_object(req.into_body()).await {
                Ok(b) => b,
                Err(r) => return r,
            };
            match res {
                Resource::SessionUpload => create_session(&store, &body, &host, user),
                Resource::StreamUpload => create_stream(&store, &body, &host, user),
            }
        }
        (m, Some(id)) => {
            let Some(rec) = store.get(&id).filter(|r| (r.kind == Kind::Session) == (res == Resource::SessionUpload))
            else {
                let what = if res == Resource::SessionUpload { "session upload" } else { "stream upload" };
                return message(StatusCode::NOT_FOUND, format!("No {what} with ID {id} was found."));
            };
            match m {
                Method::GET => json_response(StatusCode::OK, &model::to_json(&rec, &host)),
                Method::PUT => {
                    let body = match read_object(req.into_body()).await {
                        Ok(b) => b,
                        Err(r) => return r,
                    };
                    put(&store, rec, &body, &host)
                }
                _ => delete(&store, rec, &host),
            }
        }
        _ => message(StatusCode::METHOD_NOT_ALLOWED, "The requested resource does not support this http method."),
    }
}

/// No valid bearer token (missing, unknown or expired: Panopto answers all three alike). API v1
/// answers the same.
pub fn unauthorized() -> Response<Body> {
    let mut r = message(StatusCode::UNAUTHORIZED, "Authorization has been denied for this request.");
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

async fn read_object(body: Body) -> Result<Map<String, Value>, Response<Body>> {
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| message(StatusCode::PAYLOAD_TOO_LARGE, "The request body is larger than the 1 MiB limit."))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(message(StatusCode::BAD_REQUEST, "The request body is empty; a JSON object is required."));
    }
    let v: Value = serde_json::from_slice(&bytes)
        .map_err(|e| message(StatusCode::BAD_REQUEST, format!("The request body is not valid JSON: {e}")))?;
    match v {
        Value::Object(m) => Ok(m),
        other => Err(message(
            StatusCode::BAD_REQUEST,
            format!("The request body must be a JSON object, got {}", kind_of(&other)),
        )),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn new_record(store: &Store, kind: Kind, user: String) -> UploadRecord {
    UploadRecord {
        id: Uuid::new_v4(),
        kind,
        folder_id: None,
        session_id: None,
        parent_session_id: None,
        stream_type: None,
        stream_start_time: None,
        state: st::UPLOADING,
        message_id: 0,
        message: None,
        created_at: store.now_rfc3339(),
        state_since_ms: store.now_ms(),
        streams: vec![],
        s3: Default::default(),
        token_leaks: vec![],
        created_by: Some(user),
        summary: None,
        captions: Vec::new(),
    }
}

fn created(rec: &UploadRecord, host: &str, resource: &str) -> Response<Body> {
    let mut r = json_response(StatusCode::CREATED, &model::to_json(rec, host));
    if let Ok(v) = HeaderValue::from_str(&format!("http://{host}/Panopto/PublicAPI/REST/{resource}/{}", rec.id)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn create_session(store: &Arc<Store>, body: &Map<String, Value>, host: &str, user: String) -> Response<Body> {
    let folder = match model::guid_prop(body, "FolderId") {
        Ok(Some(f)) => f,
        Ok(None) => {
            return message(
                StatusCode::BAD_REQUEST,
                "FolderId is required: the GUID of the folder to create the session in.",
            )
        }
        Err(e) => return message(StatusCode::BAD_REQUEST, e),
    };
    match store.folders.may_create(&folder) {
        CreateCheck::Allowed => {}
        CreateCheck::Denied(f) => return message(StatusCode::FORBIDDEN, denied_message(f)),
        CreateCheck::Unknown => {
            return message(
                StatusCode::NOT_FOUND,
                format!("Folder {folder} was not found, or you do not have permission to create sessions in it."),
            )
        }
    }
    let mut rec = new_record(store, Kind::Session, user);
    rec.folder_id = Some(folder);
    store.insert(rec.clone());
    created(&rec, host, "sessionUpload")
}

fn create_stream(store: &Arc<Store>, body: &Map<String, Value>, host: &str, user: String) -> Response<Body> {
    let session = match model::guid_prop(body, "SessionID") {
        Ok(Some(s)) => s,
        Ok(None) => {
            return message(
                StatusCode::BAD_REQUEST,
                "SessionID is required: the GUID of the session to add the stream to.",
            )
        }
        Err(e) => return message(StatusCode::BAD_REQUEST, e),
    };
    let stream_type = match model::enum_prop(body, "StreamType", &model::STREAM_TYPES) {
        Ok(t) => t,
        Err(e) => return message(StatusCode::BAD_REQUEST, e),
    };
    let start = match prop(body, "StreamStartTime") {
        None => None,
        Some(Value::String(s)) => match model::parse_utc(s) {
            Some(t) => Some(t),
            None => {
                return message(StatusCode::BAD_REQUEST, format!("StreamStartTime '{s}' is not a valid UTC date-time."))
            }
        },
        Some(v) => {
            return message(StatusCode::BAD_REQUEST, format!("StreamStartTime must be a date-time string, got {v}"))
        }
    };
    let Some(parent) =
        store.find(|r| r.kind == Kind::Session && r.session_id == Some(session) && r.state == st::COMPLETE)
    else {
        return message(StatusCode::NOT_FOUND, format!("Session {session} was not found."));
    };
    // Adding a stream creates content in the session's folder. A folder that has left the tree
    // (another --folders-file after a restart) is not Panopto's to refuse for.
    if let Some(CreateCheck::Denied(f)) = parent.folder_id.as_ref().map(|id| store.folders.may_create(id)) {
        return message(StatusCode::FORBIDDEN, denied_message(f));
    }
    let mut rec = new_record(store, Kind::Stream, user);
    rec.parent_session_id = Some(session);
    rec.stream_type = stream_type;
    rec.stream_start_time = start;
    store.insert(rec.clone());
    created(&rec, host, "upload")
}

fn put(store: &Arc<Store>, rec: UploadRecord, body: &Map<String, Value>, host: &str) -> Response<Body> {
    match model::guid_prop(body, "ID") {
        Ok(Some(b)) if b != rec.id => {
            return message(
                StatusCode::BAD_REQUEST,
                format!("The ID in the body ({b}) does not match the ID in the URL ({}).", rec.id),
            )
        }
        Ok(_) => {}
        Err(e) => return message(StatusCode::BAD_REQUEST, e),
    }
    // Clients echo the whole object; a missing State binds to the default, 0.
    let want = match model::enum_prop(body, "State", &model::STATE_NAMES) {
        Ok(s) => s.unwrap_or(st::UPLOADING),
        Err(e) => return message(StatusCode::BAD_REQUEST, e),
    };
    let cur = rec.state;
    match (want, cur) {
        (st::UPLOAD_COMPLETE, st::UPLOADING) => {
            let now = store.now_ms();
            let updated = store.update(&rec.id, |r| {
                if r.state == st::UPLOADING {
                    r.state = st::UPLOAD_COMPLETE;
                    r.state_since_ms = now;
                    true
                } else {
                    false
                }
            });
            if updated == Some(true) {
                processing::schedule(store, rec.id);
            }
            let rec = store.get(&rec.id).unwrap_or(rec);
            json_response(StatusCode::OK, &model::to_json(&rec, host))
        }
        (st::UPLOAD_COMPLETE, st::UPLOAD_COMPLETE | st::PROCESSING | st::COMPLETE | st::PROCESSING_ERROR) => {
            json_response(StatusCode::OK, &model::to_json(&rec, host))
        }
        (st::UPLOAD_COMPLETE, _) => message(
            StatusCode::BAD_REQUEST,
            format!("Upload {} was cancelled (State {} {}) and can no longer be completed.", rec.id, cur, st::name(cur)),
        ),
        (st::UPLOADING, st::UPLOADING) => json_response(StatusCode::OK, &model::to_json(&rec, host)),
        (st::UPLOADING, _) => message(
            StatusCode::BAD_REQUEST,
            format!("State cannot be set back to 0 (Uploading): upload {} is in State {} ({}).", rec.id, cur, st::name(cur)),
        ),
        (w, _) => message(
            StatusCode::BAD_REQUEST,
            format!(
                "State {w} ({}) cannot be set by a client: set State 1 (UploadComplete) to finish the upload, or send DELETE to cancel it.",
                st::name(w)
            ),
        ),
    }
}

fn delete(store: &Arc<Store>, rec: UploadRecord, host: &str) -> Response<Body> {
    if matches!(rec.state, st::UPLOAD_CANCELLED | st::DELETING_FILES | st::DELETED | st::DELETING_ERROR) {
        return json_response(StatusCode::OK, &model::to_json(&rec, host));
    }
    let now = store.now_ms();
    store.update(&rec.id, |r| {
        r.state = st::UPLOAD_CANCELLED;
        r.state_since_ms = now;
    });
    processing::schedule(store, rec.id);
    let rec = store.get(&rec.id).unwrap_or(rec);
    json_response(StatusCode::OK, &model::to_json(&rec, host))
}
