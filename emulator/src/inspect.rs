//! Unauthenticated inspection API for tests and the demo page (not part of Panopto):
//! `GET /_emulator/sessions` (every upload, who created it, its session and the session's captions
//! sent through API v1, with their text), `GET /_emulator/folders`
//! (the folder tree with CanCreate and each folder's sessions), `GET /_emulator/uploads/{ID}/files/{key}`
//! and `GET /_emulator/stats` (fault counters since start-up, see `faults/mod.rs`).

use crate::catalog::{self, Session};
use crate::folders::tree::Folder;
use crate::objects;
use crate::rest::json_response;
use crate::s3::multipart_store as mps;
use crate::state::{st, Kind, Store};
use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

pub const PREFIX: &str = "/_emulator/";

pub fn is_inspect_path(path: &str) -> bool {
    path.starts_with(PREFIX)
}

pub async fn handle(store: Arc<Store>, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return json_response(StatusCode::METHOD_NOT_ALLOWED, &json!({"Message": "Only GET is supported here."}));
    }
    let path = req.uri().path().to_string();
    if path == "/_emulator/sessions" || path == "/_emulator/sessions/" {
        let s = store.clone();
        let v = tokio::task::spawn_blocking(move || sessions(&s)).await.unwrap_or(Value::Null);
        return json_response(StatusCode::OK, &v);
    }
    if path == "/_emulator/folders" || path == "/_emulator/folders/" {
        return json_response(StatusCode::OK, &folders(&store));
    }
    if path == "/_emulator/stats" || path == "/_emulator/stats/" {
        return json_response(StatusCode::OK, &store.faults.stats_json());
    }
    if let Some(rest) = path.strip_prefix("/_emulator/uploads/") {
        if let Some((id, key)) = rest.split_once("/files/") {
            return file(&store, id, key).await;
        }
    }
    json_response(
        StatusCode::NOT_FOUND,
        &json!({"Message": format!("Unknown inspection path {path}; use /_emulator/sessions, /_emulator/folders, /_emulator/stats, /_emulator/uploads/<ID>/files/<key> or /_emulator/panda")}),
    )
}

/// `{"Id", "Name"}` of a folder id; Name null if the folder is not in the tree.
fn folder_ref(store: &Store, id: Option<Uuid>) -> Value {
    id.map_or(Value::Null, |id| json!({"Id": id, "Name": store.folders.get(&id).map(|f| f.name.clone())}))
}

fn sessions(store: &Store) -> Value {
    let records = store.all();
    let by_upload: HashMap<Uuid, Session> = catalog::all(store).into_iter().map(|s| (s.upload_id, s)).collect();
    // Streams live in their session's folder.
    let session_folder: HashMap<Uuid, Uuid> =
        records.iter().filter_map(|r| Some((r.session_id?, r.folder_id?))).collect();
    let uploads: Vec<Value> = records
        .into_iter()
        .map(|r| {
            let files: Vec<Value> = objects::list(&store.objects_dir(&r.id))
                .into_iter()
                .map(|o| json!({"Name": o.key, "Size": o.size, "Sha256": o.sha256, "Crc32": format!("{:08x}", o.crc32), "ETag": o.etag}))
                .collect();
            let mpus: Vec<Value> = mps::list(&store.multipart_root(&r.id))
                .into_iter()
                .map(|(m, parts)| {
                    let parts: Vec<Value> = parts
                        .into_iter()
                        .map(|p| json!({"PartNumber": p.part_number, "Size": p.size, "ETag": format!("\"{}\"", p.md5_hex)}))
                        .collect();
                    json!({"UploadId": m.upload_id, "Key": m.key, "Initiated": m.initiated, "Parts": parts})
                })
                .collect();
            let by_number: serde_json::Map<String, Value> =
                r.s3.parts_received_by_number.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
            let leaks: Vec<Value> = r.token_leaks.iter().map(|l| json!({"At": l.at, "Where": l.r#where})).collect();
            let captions: Vec<Value> = r
                .captions
                .iter()
                .map(|c| {
                    let bytes = std::fs::read(store.captions_dir(&r.id).join(&c.stored_as)).unwrap_or_default();
                    json!({
                        "FileName": c.file_name,
                        "Language": c.language,
                        "Format": c.format,
                        "Size": c.size,
                        "UploadedBy": c.uploaded_by,
                        "UploadedAt": c.uploaded_at,
                        "Text": String::from_utf8_lossy(&bytes),
                    })
                })
                .collect();
            let folder = match r.kind {
                Kind::Session => r.folder_id,
                Kind::Stream => r.parent_session_id.and_then(|s| session_folder.get(&s).copied()),
            };
            let session = by_upload.get(&r.id).map(|s| json!({"Id": s.id, "Name": s.name, "Description": s.description}));
            json!({
                "ID": r.id,
                "Kind": match r.kind { Kind::Session => "session", Kind::Stream => "stream" },
                "State": r.state,
                "StateName": st::name(r.state),
                "Message": r.message,
                "MessageID": r.message_id,
                "FolderId": r.folder_id,
                "SessionId": r.session_id,
                "ParentSessionId": r.parent_session_id,
                "StreamType": r.stream_type,
                "Streams": r.streams,
                "CreatedAt": r.created_at,
                "CreatedBy": r.created_by,
                "SessionFolder": folder_ref(store, folder),
                "Session": session,
                "Files": files,
                "MultipartUploads": mpus,
                "S3": {
                    "Verified": r.s3.verified,
                    "Unsigned": r.s3.unsigned,
                    "Rejected": r.s3.rejected,
                    "PartsReceived": r.s3.parts_received,
                    "PartsReceivedByNumber": by_number,
                    "PartsAcked": r.s3.parts_acked,
                    "PartsResentAfterAck": r.s3.parts_resent_after_ack,
                },
                "TokenLeaks": leaks,
                "Captions": captions,
            })
        })
        .collect();
    let creatable: Vec<Uuid> = store.folders.all().iter().filter(|f| f.can_create).map(|f| f.id).collect();
    json!({"uploads": uploads, "Folders": creatable})
}

/// The tree, nested, each folder with the names of its sessions (oldest first).
fn folders(store: &Store) -> Value {
    let mut names: HashMap<Uuid, Vec<String>> = HashMap::new();
    for s in catalog::all(store) {
        names.entry(s.folder_id).or_default().push(s.name);
    }
    fn node(store: &Store, f: &Folder, names: &HashMap<Uuid, Vec<String>>) -> Value {
        let children: Vec<Value> =
            store.folders.children(Some(f.id)).into_iter().map(|c| node(store, c, names)).collect();
        json!({
            "Id": f.id,
            "Name": f.name,
            "ParentId": f.parent,
            "CanCreate": f.can_create,
            "Sessions": names.get(&f.id).cloned().unwrap_or_default(),
            "Children": children,
        })
    }
    let top: Vec<Value> = store.folders.children(None).into_iter().map(|f| node(store, f, &names)).collect();
    json!({"DefaultFolder": crate::config::DEFAULT_FOLDER, "Count": store.folders.all().len(), "Folders": top})
}

async fn file(store: &Store, id: &str, key: &str) -> Response<Body> {
    let Ok(id) = Uuid::parse_str(id) else {
        return json_response(StatusCode::BAD_REQUEST, &json!({"Message": format!("'{id}' is not a GUID")}));
    };
    let key = percent_decode_str(key).decode_utf8_lossy().into_owned();
    let dir = store.objects_dir(&id);
    let Some(meta) = objects::get(&dir, &key) else {
        return json_response(StatusCode::NOT_FOUND, &json!({"Message": format!("Upload {id} has no file '{key}'")}));
    };
    match tokio::fs::File::open(objects::data_path(&dir, &key)).await {
        Ok(f) => {
            let mut r = Response::new(Body::from_stream(tokio_util::io::ReaderStream::new(f)));
            r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(meta.size));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
            r
        }
        Err(e) => json_response(StatusCode::INTERNAL_SERVER_ERROR, &json!({"Message": e.to_string()})),
    }
}
