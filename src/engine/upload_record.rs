//! How far an upload got on the server, whatever the flow: enough to resume it after a
//! failure or (saved) a reload, and to clean it up after a cancel. One variant per flow;
//! [`FlowRecord`] lets a flow's journal find and change its own variant.

use super::panda::record::{PandaChange, PandaRecord};
use super::session::record::{SessionChange, SessionRecord};
use super::stream::record::{StreamChange, StreamRecord};
use crate::core::json::{tagged, unknown_variant, variant, FromJson, Json, JsonError, ToJson};

#[derive(Clone, Debug, Default, PartialEq)]
pub enum UploadRecord {
    /// Nothing created on the server yet.
    #[default]
    Fresh,
    /// Panopto's sessionUpload.
    Session(Box<SessionRecord>),
    /// Panda's resumable upload.
    Panda(PandaRecord),
    /// Panopto's StreamUpload (a stream added to an existing session).
    Stream(Box<StreamRecord>),
}

/// As serde wrote the enum: `"Fresh"`, `{"Session": …}`, `{"Panda": …}`, `{"Stream": …}`.
impl FromJson for UploadRecord {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match variant(v, "UploadRecord")? {
            ("Fresh", None) => Ok(UploadRecord::Fresh),
            ("Session", Some(r)) => FromJson::from_json(r).map(UploadRecord::Session),
            ("Panda", Some(r)) => FromJson::from_json(r).map(UploadRecord::Panda),
            ("Stream", Some(r)) => FromJson::from_json(r).map(UploadRecord::Stream),
            (name, _) => Err(unknown_variant(name, "UploadRecord")),
        }
    }
}

impl ToJson for UploadRecord {
    fn to_json(&self) -> Json {
        match self {
            UploadRecord::Fresh => Json::String("Fresh".into()),
            UploadRecord::Session(r) => tagged("Session", r.to_json()),
            UploadRecord::Panda(r) => tagged("Panda", r.to_json()),
            UploadRecord::Stream(r) => tagged("Stream", r.to_json()),
        }
    }
}

impl UploadRecord {
    /// Bytes the server holds, of `total`.
    pub fn bytes_done(&self, total: u64) -> u64 {
        match self {
            UploadRecord::Fresh => 0,
            UploadRecord::Session(s) => s.bytes_done(total),
            UploadRecord::Panda(p) => p.held,
            UploadRecord::Stream(s) => s.bytes_done(total),
        }
    }
}

/// A flow's own record inside an [`UploadRecord`], and the one way it changes.
pub trait FlowRecord: Clone + Sized {
    type Change;
    /// This flow's record, if `record` is one (another flow's record, or none, reads as
    /// "nothing created yet": this flow starts afresh).
    fn of(record: &UploadRecord) -> Option<&Self>;
    fn into_upload(record: Option<Self>) -> UploadRecord;
    fn from_upload(record: UploadRecord) -> Option<Self>;
    /// The one place the record changes (`None`: nothing created yet).
    fn apply(record: &mut Option<Self>, change: Self::Change);
}

/// A flow's record as a [`FlowRecord`]: its variant of [`UploadRecord`] (`boxed`: held in a
/// `Box` there, for the records that are large).
macro_rules! flow_record {
    ($record:ident, $change:ident, $variant:ident $(, $boxed:ident)?) => {
        impl FlowRecord for $record {
            type Change = $change;
            fn of(record: &UploadRecord) -> Option<&Self> {
                match record {
                    UploadRecord::$variant(r) => Some(r),
                    _ => None,
                }
            }
            fn into_upload(record: Option<Self>) -> UploadRecord {
                record.map_or(UploadRecord::Fresh, |r| UploadRecord::$variant(flow_record!(@wrap r $($boxed)?)))
            }
            fn from_upload(record: UploadRecord) -> Option<Self> {
                match record {
                    UploadRecord::$variant(r) => Some(flow_record!(@unwrap r $($boxed)?)),
                    _ => None,
                }
            }
            fn apply(record: &mut Option<Self>, change: $change) {
                change.apply(record)
            }
        }
    };
    (@wrap $r:ident boxed) => { Box::new($r) };
    (@wrap $r:ident) => { $r };
    (@unwrap $r:ident boxed) => { *$r };
    (@unwrap $r:ident) => { $r };
}

flow_record!(SessionRecord, SessionChange, Session, boxed);
flow_record!(PandaRecord, PandaChange, Panda);
flow_record!(StreamRecord, StreamChange, Stream, boxed);
