//! The REST objects: `sessionUpload`, `upload` (StreamUpload) and their `UploadStatus`.

use crate::core::json::{object, Fields, FromJson, Json, JsonError, ToJson};
use std::collections::BTreeMap;

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

impl ToJson for UploadStatus {
    fn to_json(&self) -> Json {
        self.code().to_json()
    }
}

impl FromJson for UploadStatus {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        // Integers as the API sends them; numeric strings too, as some clients send "1".
        let code = match v {
            Json::Number(_) => v.as_i64(),
            Json::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        code.and_then(Self::from_code).ok_or_else(|| JsonError::new("State is not an UploadStatus code 0–8"))
    }
}

/// The `sessionUpload` object (in JSON: `ID`, `FolderId`, `SessionId`, `UploadTarget`,
/// `State`, `MessageID`, `Message`, then the fields we do not model).
#[derive(Clone, Debug, PartialEq)]
pub struct SessionUpload {
    pub id: String,
    pub folder_id: String,
    /// Only populated from the Processing state on.
    pub session_id: Option<String>,
    pub upload_target: Option<String>,
    pub state: UploadStatus,
    pub message_id: Option<i64>,
    pub message: Option<String>,
    /// Fields we do not model, kept so the finishing PUT echoes the whole object (written
    /// after ours, by key, as serde's `flatten` of a map wrote them).
    pub extra: BTreeMap<String, Json>,
}

const SESSION_UPLOAD_FIELDS: [&str; 7] =
    ["ID", "FolderId", "SessionId", "UploadTarget", "State", "MessageID", "Message"];

impl FromJson for SessionUpload {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "SessionUpload")?;
        Ok(SessionUpload {
            id: f.get("ID")?,
            folder_id: f.get("FolderId")?,
            session_id: f.get("SessionId")?,
            upload_target: f.get("UploadTarget")?,
            state: f.get("State")?,
            message_id: f.get("MessageID")?,
            message: f.get("Message")?,
            extra: f.rest(&SESSION_UPLOAD_FIELDS),
        })
    }
}

impl ToJson for SessionUpload {
    fn to_json(&self) -> Json {
        let mut members = object([
            ("ID", self.id.to_json()),
            ("FolderId", self.folder_id.to_json()),
            ("SessionId", self.session_id.to_json()),
            ("UploadTarget", self.upload_target.to_json()),
            ("State", self.state.to_json()),
            ("MessageID", self.message_id.to_json()),
            ("Message", self.message.to_json()),
        ]);
        members.extend(Json::object_of(&self.extra));
        Json::Object(members)
    }
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

impl ToJson for StreamType {
    fn to_json(&self) -> Json {
        (*self as i64).to_json()
    }
}

impl FromJson for StreamType {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let found = match v {
            Json::Number(_) => v.as_u64().and_then(|n| Self::ALL.get(usize::try_from(n).ok()?).copied()),
            Json::String(s) => Self::parse(s),
            _ => None,
        };
        found.ok_or_else(|| JsonError::new("StreamType is not 0–2 or a stream type's name"))
    }
}

/// The `upload` object: adds one stream to an existing session (in JSON: `ID`, `SessionID`,
/// `StreamType`, `StreamStartTime`, `ImportJobID`, `UploadTarget`, `State`, `MessageID`,
/// `Message`, each written only when it has a value, then the fields we do not model).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamUpload {
    pub id: Option<String>,
    pub session_id: String,
    pub stream_type: Option<StreamType>,
    /// UTC xs:dateTime; omitted means "offset 0 relative to the other streams".
    pub stream_start_time: Option<String>,
    pub import_job_id: Option<String>,
    pub upload_target: Option<String>,
    pub state: Option<UploadStatus>,
    pub message_id: Option<i64>,
    pub message: Option<String>,
    pub extra: BTreeMap<String, Json>,
}

const STREAM_UPLOAD_FIELDS: [&str; 9] = [
    "ID",
    "SessionID",
    "StreamType",
    "StreamStartTime",
    "ImportJobID",
    "UploadTarget",
    "State",
    "MessageID",
    "Message",
];

impl FromJson for StreamUpload {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "StreamUpload")?;
        Ok(StreamUpload {
            id: f.get("ID")?,
            session_id: f.get("SessionID")?,
            stream_type: f.get("StreamType")?,
            stream_start_time: f.get("StreamStartTime")?,
            import_job_id: f.get("ImportJobID")?,
            upload_target: f.get("UploadTarget")?,
            state: f.get("State")?,
            message_id: f.get("MessageID")?,
            message: f.get("Message")?,
            extra: f.rest(&STREAM_UPLOAD_FIELDS),
        })
    }
}

impl ToJson for StreamUpload {
    fn to_json(&self) -> Json {
        let optional = [
            ("ID", self.id.as_ref().map(ToJson::to_json)),
            ("SessionID", Some(self.session_id.to_json())),
            ("StreamType", self.stream_type.as_ref().map(ToJson::to_json)),
            ("StreamStartTime", self.stream_start_time.as_ref().map(ToJson::to_json)),
            ("ImportJobID", self.import_job_id.as_ref().map(ToJson::to_json)),
            ("UploadTarget", self.upload_target.as_ref().map(ToJson::to_json)),
            ("State", self.state.as_ref().map(ToJson::to_json)),
            ("MessageID", self.message_id.as_ref().map(ToJson::to_json)),
            ("Message", self.message.as_ref().map(ToJson::to_json)),
        ];
        // `skip_serializing_if = "Option::is_none"`, as serde wrote it.
        let mut members: Vec<(String, Json)> =
            optional.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect();
        members.extend(Json::object_of(&self.extra));
        Json::Object(members)
    }
}

/// `8-4-4-4-12` hex digits, as the UCS `Guid` type and Panopto IDs are written.
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}
