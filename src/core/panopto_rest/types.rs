//! The REST objects: `sessionUpload`, `upload` (StreamUpload) and their `UploadStatus`.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UploadStatus {
    Uploading = 0,
    UploadComplete = 1,
    UploadCancelled = 2,
    Processing = 3,
    Complete = 4,
    ProcessingError = 5,
    DeletingFiles = 6,
    Deleted = 7,
    DeletingError = 8,
}

impl UploadStatus {
    pub const ALL: [UploadStatus; 9] = [
        Self::Uploading,
        Self::UploadComplete,
        Self::UploadCancelled,
        Self::Processing,
        Self::Complete,
        Self::ProcessingError,
        Self::DeletingFiles,
        Self::Deleted,
        Self::DeletingError,
    ];

    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| *s as i64 == code)
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Uploading => "Uploading",
            Self::UploadComplete => "UploadComplete",
            Self::UploadCancelled => "UploadCancelled",
            Self::Processing => "Processing",
            Self::Complete => "Complete",
            Self::ProcessingError => "ProcessingError",
            Self::DeletingFiles => "DeletingFiles",
            Self::Deleted => "Deleted",
            Self::DeletingError => "DeletingError",
        }
    }

    /// The C# sample's `CompletedStates`: nothing more will happen; stop polling.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::UploadCancelled | Self::Complete | Self::ProcessingError | Self::Deleted | Self::DeletingError
        )
    }
}

impl Serialize for UploadStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for UploadStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Integers as the API sends them; numeric strings too, as some clients send "1".
        let code = match Value::deserialize(d)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        code.and_then(Self::from_code).ok_or_else(|| de::Error::custom("State is not an UploadStatus code 0–8"))
    }
}

/// The `sessionUpload` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionUpload {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "FolderId")]
    pub folder_id: String,
    /// Only populated from the Processing state on.
    #[serde(rename = "SessionId", default)]
    pub session_id: Option<String>,
    #[serde(rename = "UploadTarget", default)]
    pub upload_target: Option<String>,
    #[serde(rename = "State")]
    pub state: UploadStatus,
    #[serde(rename = "MessageID", default)]
    pub message_id: Option<i64>,
    #[serde(rename = "Message", default)]
    pub message: Option<String>,
    /// Fields we do not model, kept so the finishing PUT echoes the whole object.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A StreamUpload's kind of stream. Sent as its integer, as every enum of this API travels
/// (.NET's default JSON); read from an integer or a name, since either may come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamType {
    PrimaryVideo = 0,
    SecondaryVideo = 1,
    SecondaryPresentation = 2,
}

impl StreamType {
    pub const ALL: [StreamType; 3] = [Self::PrimaryVideo, Self::SecondaryVideo, Self::SecondaryPresentation];

    pub fn name(self) -> &'static str {
        match self {
            Self::PrimaryVideo => "PrimaryVideo",
            Self::SecondaryVideo => "SecondaryVideo",
            Self::SecondaryPresentation => "SecondaryPresentation",
        }
    }

    /// From its integer or its name (any case), as an attribute or an answer gives it.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        match t.parse::<usize>() {
            Ok(n) => Self::ALL.get(n).copied(),
            Err(_) => Self::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(t)),
        }
    }
}

impl Serialize for StreamType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*self as i64)
    }
}

impl<'de> Deserialize<'de> for StreamType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let found = match Value::deserialize(d)? {
            Value::Number(n) => n.as_u64().and_then(|n| Self::ALL.get(n as usize).copied()),
            Value::String(s) => Self::parse(&s),
            _ => None,
        };
        found.ok_or_else(|| de::Error::custom("StreamType is not 0–2 or a stream type's name"))
    }
}

/// The `upload` object: adds one stream to an existing session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamUpload {
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "SessionID")]
    pub session_id: String,
    #[serde(rename = "StreamType", default, skip_serializing_if = "Option::is_none")]
    pub stream_type: Option<StreamType>,
    /// UTC xs:dateTime; omitted means "offset 0 relative to the other streams".
    #[serde(rename = "StreamStartTime", default, skip_serializing_if = "Option::is_none")]
    pub stream_start_time: Option<String>,
    #[serde(rename = "ImportJobID", default, skip_serializing_if = "Option::is_none")]
    pub import_job_id: Option<String>,
    #[serde(rename = "UploadTarget", default, skip_serializing_if = "Option::is_none")]
    pub upload_target: Option<String>,
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<UploadStatus>,
    #[serde(rename = "MessageID", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<i64>,
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `8-4-4-4-12` hex digits, as the UCS `Guid` type and Panopto IDs are written.
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}
