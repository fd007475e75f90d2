//! The session flow's handle on the [`UploadRecord`] it runs with: reads give the session
//! record as it is, writes go through [`SessionChange::apply`] and are announced as
//! checkpoints. Each file sees its own slot of it as a [`FileLog`], so the multipart
//! upload writes straight into the record (no copy to keep in step).

use super::record::{SessionChange, SessionRecord, Slot};
use crate::engine::flow::{EngineEvent, UploadRecord};
use crate::engine::record::{FileChange, FileLog, FileRecord};
use std::cell::RefCell;

pub struct Journal<'a> {
    pub record: &'a RefCell<UploadRecord>,
    pub emit: &'a dyn Fn(EngineEvent),
}

impl Journal<'_> {
    /// The session record (`None` when nothing was created yet, or the record belongs to
    /// another flow: then this flow starts afresh).
    pub fn read(&self) -> Option<SessionRecord> {
        match &*self.record.borrow() {
            UploadRecord::Session(s) => Some(s.as_ref().clone()),
            _ => None,
        }
    }

    pub fn write(&self, change: SessionChange) {
        {
            let mut record = self.record.borrow_mut();
            let mut session = match std::mem::take(&mut *record) {
                UploadRecord::Session(s) => Some(*s),
                _ => None,
            };
            change.apply(&mut session);
            *record = session.map_or(UploadRecord::Fresh, |s| UploadRecord::Session(Box::new(s)));
        }
        (self.emit)(EngineEvent::Checkpoint);
    }

    pub fn file(&self, slot: Slot) -> SlotLog<'_> {
        SlotLog { journal: self, slot }
    }
}

/// One file's slot of the session record.
pub struct SlotLog<'a> {
    journal: &'a Journal<'a>,
    slot: Slot,
}

impl FileLog for SlotLog<'_> {
    fn read(&self) -> FileRecord {
        match &*self.journal.record.borrow() {
            UploadRecord::Session(s) => s.file(self.slot),
            _ => FileRecord::Pending,
        }
    }

    fn write(&self, change: FileChange) {
        self.journal.write(SessionChange::File(self.slot, change));
    }
}
