//! JSON shapes of the REST objects, PascalCase exactly as Panopto sends them, and lenient
//! readers for what clients send back (Json.NET binds property names case-insensitively and
//! accepts enums as numbers, numeric strings or names).

use crate::state::{Kind, UploadRecord};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

#[derive(Serialize)]
pub struct SessionUploadJson {
    #[serde(rename = "ID")]
    pub id: Uuid,
    #[serde(rename = "FolderId")]
    pub folder_id: Option<Uuid>,
    #[serde(rename = "SessionId")]
    pub session_id: Option<Uuid>,
    #[serde(rename = "UploadTarget")]
    pub upload_target: String,
    #[serde(rename = "State")]
    pub state: u8,
    #[serde(rename = "MessageID")]
    pub message_id: i32,
    #[serde(rename = "Message")]
    pub message: Option<String>,
}

#[derive(Serialize)]
pub struct StreamUploadJson {
    #[serde(rename = "ID")]
    pub id: Uuid,
    #[serde(rename = "SessionID")]
    pub session_id: Option<Uuid>,
    #[serde(rename = "StreamType")]
    pub stream_type: Option<u8>,
    #[serde(rename = "StreamStartTime")]
    pub stream_start_time: Option<String>,
    #[serde(rename = "ImportJobID")]
    pub import_job_id: Option<Uuid>,
    #[serde(rename = "UploadTarget")]
    pub upload_target: String,
    #[serde(rename = "State")]
    pub state: u8,
    #[serde(rename = "MessageID")]
    pub message_id: i32,
    #[serde(rename = "Message")]
    pub message: Option<String>,
}

pub fn upload_target(host: &str, id: &Uuid) -> String {
    format!("http://{host}/Panopto/Upload/{id}")
}

pub fn to_json(r: &UploadRecord, host: &str) -> Value {
    let target = upload_target(host, &r.id);
    match r.kind {
        Kind::Session => serde_json::to_value(SessionUploadJson {
            id: r.id,
            folder_id: r.folder_id,
            session_id: r.session_id,
            upload_target: target,
            state: r.state,
            message_id: r.message_id,
            message: r.message.clone(),
        }),
        Kind::Stream => serde_json::to_value(StreamUploadJson {
            id: r.id,
            session_id: r.parent_session_id,
            stream_type: r.stream_type,
            stream_start_time: r.stream_start_time.clone(),
            import_job_id: None,
            upload_target: target,
            state: r.state,
            message_id: r.message_id,
            message: r.message.clone(),
        }),
    }
    .unwrap_or(Value::Null)
}

/// Case-insensitive property lookup; JSON null counts as absent.
pub fn prop<'a>(obj: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v).filter(|v| !v.is_null())
}

pub fn guid_prop(obj: &serde_json::Map<String, Value>, name: &str) -> Result<Option<Uuid>, String> {
    match prop(obj, name) {
        None => Ok(None),
        Some(Value::String(s)) => {
            Uuid::parse_str(s.trim()).map(Some).map_err(|_| format!("{name} '{s}' is not a valid GUID"))
        }
        Some(other) => Err(format!("{name} must be a GUID string, got {other}")),
    }
}

/// An enum value as Json.NET would bind it: a number, a numeric string, or a member name.
pub fn enum_prop(obj: &serde_json::Map<String, Value>, name: &str, names: &[&str]) -> Result<Option<u8>, String> {
    let bad =
        |v: &Value| format!("{name} {v} is not valid; expected one of 0..{} or {}", names.len() - 1, names.join(", "));
    match prop(obj, name) {
        None => Ok(None),
        Some(v @ Value::Number(n)) => match n.as_u64() {
            Some(x) if (x as usize) < names.len() => Ok(Some(x as u8)),
            _ => Err(bad(v)),
        },
        Some(v @ Value::String(s)) => {
            let t = s.trim();
            if let Ok(x) = t.parse::<u64>() {
                if (x as usize) < names.len() {
                    return Ok(Some(x as u8));
                }
                return Err(bad(v));
            }
            names.iter().position(|n| n.eq_ignore_ascii_case(t)).map(|i| Some(i as u8)).ok_or_else(|| bad(v))
        }
        Some(v) => Err(bad(v)),
    }
}

pub const STATE_NAMES: [&str; 9] = [
    "Uploading",
    "UploadComplete",
    "UploadCancelled",
    "Processing",
    "Complete",
    "ProcessingError",
    "DeletingFiles",
    "Deleted",
    "DeletingError",
];

pub const STREAM_TYPES: [&str; 3] = ["PrimaryVideo", "SecondaryVideo", "SecondaryPresentation"];

/// StreamStartTime: a UTC date-time; a value without offset is taken as UTC.
pub fn parse_utc(s: &str) -> Option<String> {
    let t = s.trim();
    let dt = chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.with_timezone(&chrono::Utc))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").map(|n| n.and_utc()))
        .ok()?;
    Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}
