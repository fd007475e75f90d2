//! How far an upload got on the server, whatever the flow: enough to resume it after a
//! failure or (saved) a reload, and to clean it up after a cancel. One variant per flow;
//! [`FlowRecord`] lets a flow's journal find and change its own variant.

use super::panda::record::{PandaChange, PandaRecord};
use super::session::record::{SessionChange, SessionRecord};
use super::stream::record::{StreamChange, StreamRecord};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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

impl FlowRecord for SessionRecord {
    type Change = SessionChange;
    fn of(record: &UploadRecord) -> Option<&Self> {
        match record {
            UploadRecord::Session(s) => Some(s),
            _ => None,
        }
    }
    fn into_upload(record: Option<Self>) -> UploadRecord {
        record.map_or(UploadRecord::Fresh, |s| UploadRecord::Session(Box::new(s)))
    }
    fn from_upload(record: UploadRecord) -> Option<Self> {
        match record {
            UploadRecord::Session(s) => Some(*s),
            _ => None,
        }
    }
    fn apply(record: &mut Option<Self>, change: SessionChange) {
        change.apply(record)
    }
}

impl FlowRecord for PandaRecord {
    type Change = PandaChange;
    fn of(record: &UploadRecord) -> Option<&Self> {
        match record {
            UploadRecord::Panda(p) => Some(p),
            _ => None,
        }
    }
    fn into_upload(record: Option<Self>) -> UploadRecord {
        record.map_or(UploadRecord::Fresh, UploadRecord::Panda)
    }
    fn from_upload(record: UploadRecord) -> Option<Self> {
        match record {
            UploadRecord::Panda(p) => Some(p),
            _ => None,
        }
    }
    fn apply(record: &mut Option<Self>, change: PandaChange) {
        change.apply(record)
    }
}

impl FlowRecord for StreamRecord {
    type Change = StreamChange;
    fn of(record: &UploadRecord) -> Option<&Self> {
        match record {
            UploadRecord::Stream(s) => Some(s),
            _ => None,
        }
    }
    fn into_upload(record: Option<Self>) -> UploadRecord {
        record.map_or(UploadRecord::Fresh, |s| UploadRecord::Stream(Box::new(s)))
    }
    fn from_upload(record: UploadRecord) -> Option<Self> {
        match record {
            UploadRecord::Stream(s) => Some(*s),
            _ => None,
        }
    }
    fn apply(record: &mut Option<Self>, change: StreamChange) {
        change.apply(record)
    }
}
