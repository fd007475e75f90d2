//! The sessions Panopto holds, as API v1 and the inspection API show them. They are not stored
//! apart: a session is a sessionUpload record that reached Complete (its SessionId, folder,
//! creator and manifest summary), and its streams are the manifest's videos plus the StreamUploads
//! that completed onto it. So an upload and its session can never disagree.

use crate::rest_model::STREAM_TYPES;
use crate::state::{st, Kind, Store, UploadRecord};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// Shown when a manifest's Title is blank (the schema requires the element, not any text).
const UNTITLED: &str = "Untitled session";

pub struct Stream {
    pub id: Uuid,
    /// PrimaryVideo, SecondaryVideo, SecondaryPresentation (StreamUpload's names), or the manifest's
    /// own Type for anything else (Audio); None for a StreamUpload sent without StreamType.
    pub stream_type: Option<String>,
}

pub struct Session {
    pub id: Uuid,
    /// The sessionUpload that created it.
    pub upload_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub folder_id: Uuid,
    /// None if the folder is no longer in the tree (another --folders-file after a restart).
    pub folder_name: Option<String>,
    pub created_by: Option<String>,
    pub created_date: String,
    pub streams: Vec<Stream>,
}

/// A manifest video's stream id: stable, derived from the session and the video's position.
fn video_stream_id(session: &Uuid, index: usize) -> Uuid {
    let d = Sha256::digest(format!("panopto-emulator stream/{session}/{index}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid()
}

fn manifest_type(t: &str) -> String {
    match t {
        "Primary" => "PrimaryVideo".to_string(),
        "Secondary" => "SecondaryVideo".to_string(),
        other => other.to_string(),
    }
}

fn session_of(store: &Store, r: &UploadRecord, by_id: &HashMap<Uuid, &UploadRecord>) -> Option<Session> {
    if r.kind != Kind::Session || r.state != st::COMPLETE {
        return None;
    }
    let (id, folder_id) = (r.session_id?, r.folder_id?);
    let summary = r.summary.as_ref();
    let mut streams: Vec<Stream> = summary
        .map(|s| s.video_types.iter().enumerate())
        .into_iter()
        .flatten()
        .map(|(i, t)| Stream { id: video_stream_id(&id, i), stream_type: Some(manifest_type(t)) })
        .collect();
    for sid in &r.streams {
        if let Some(s) = by_id.get(sid).filter(|s| s.state == st::COMPLETE) {
            let name = s.stream_type.and_then(|t| STREAM_TYPES.get(t as usize)).map(|n| n.to_string());
            streams.push(Stream { id: s.id, stream_type: name });
        }
    }
    let title = summary.map(|s| s.title.trim()).filter(|t| !t.is_empty()).unwrap_or(UNTITLED);
    Some(Session {
        id,
        upload_id: r.id,
        name: title.to_string(),
        description: summary.and_then(|s| s.description.clone()),
        folder_id,
        folder_name: store.folders.get(&folder_id).map(|f| f.name.clone()),
        created_by: r.created_by.clone(),
        created_date: r.created_at.clone(),
        streams,
    })
}

/// Every session, oldest first.
pub fn all(store: &Store) -> Vec<Session> {
    let records = store.all();
    let by_id: HashMap<Uuid, &UploadRecord> = records.iter().map(|r| (r.id, r)).collect();
    records.iter().filter_map(|r| session_of(store, r, &by_id)).collect()
}

pub fn to_json(s: &Session, host: &str) -> Value {
    let streams: Vec<Value> = s.streams.iter().map(|t| json!({"Id": t.id, "StreamType": t.stream_type})).collect();
    json!({
        "Id": s.id,
        "Name": s.name,
        "Description": s.description,
        "FolderDetails": {"Id": s.folder_id, "Name": s.folder_name},
        "CreatedBy": {"Username": s.created_by},
        "CreatedDate": s.created_date,
        "Urls": {"ViewerUrl": format!("http://{host}/Panopto/Pages/Viewer.aspx?id={}", s.id)},
        "Streams": streams,
    })
}
